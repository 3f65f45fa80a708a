//! The reply composer: the policy's template for the id a tree (or a script rule) chose
//! ([`ReplyId`](crate::policy::ReplyId), `policy.replies`), filled from the decision's
//! facts, so a fact reaches every reply that needs it (R-WORD-FIT).
//!
//! A template names facts as `{name}` and marks a part that only makes sense with a
//! fact as optional with square brackets: `[预计{ship_date}发出，]` is dropped whole when
//! the case has no expected ship time. Alternatives are separated by `|`, the first
//! whose facts are all known is written: `[预计{ship_date}发出|我们正在向仓库确认发货日期]`.
//! Outside brackets a fact the decision does not have is written as nothing. The facts:
//!
//! | name | what |
//! |---|---|
//! | `amount` | the request's amount, or the first amount of the plan |
//! | `refund` | the plan's refund (after the return, of a line, of the difference) |
//! | `compensation`, `coupon`, `platform_payment` | the policy's and the order's standing amounts |
//! | `concession` | money conceded beyond the rule's remedy (R-DELAY-1) |
//! | `deposit` | a presale order's deposit |
//! | `items` | the lines the case is about, by title |
//! | `out_of_stock` | the lines that cannot ship |
//! | `in_stock` | the other lines, when one cannot ship |
//! | `ship_date` | when the order can ship (the case's expected ship time) |
//! | `presale_date` | a presale order's promised ship date |
//! | `ship_after` | the date the buyer asks the order not to ship before |
//! | `new_variant` | the size or colour the buyer wants instead |
//! | `exclusion` | why a line has no no-reason return (定制商品...) |
//! | `return_shipping` | who pays the return shipping, as a clause |
//! | `doubt` | the buyer's doubt when it is the size or the colour (尺码, 颜色) |
//! | `unchosen` | the lines with no colour or size chosen |
//!
//! Amounts are written as a person writes them: `5`, `199.50`. The shop's phrases,
//! which an agent picks rather than a tree, are filled elsewhere
//! ([`crate::phrasebook`]).

use std::borrow::Cow;

use chrono::Datelike;

use super::actions::ActionId;
use super::answer::{Action, Payer, Reply};
use crate::model::case::{BuyerReason, Case};
use crate::model::money::Money;
use crate::model::order::{Item, Order};
use crate::model::time::Timestamp;
use crate::policy::Policy;

/// The language a template is filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    Zh,
    En,
}

/// What a reply may say: the case, the plan and who pays.
pub struct Facts<'a> {
    /// The case.
    pub case: &'a Case,
    /// The policy (standing amounts).
    pub policy: &'a Policy,
    /// The plan.
    pub actions: &'a [Action],
    /// Who pays the return shipping.
    pub payer: Payer,
}

impl Facts<'_> {
    fn action_amount(&self, ids: &[ActionId]) -> Option<Money> {
        self.actions.iter().find(|a| ids.iter().any(|id| a.id == id.name())).and_then(|a| a.amount)
    }

    /// The lines the case is about: the request's SKUs, else every line.
    fn concerned(&self) -> Vec<&Item> {
        let items = &self.case.order.items;
        let named: Vec<&Item> = items.iter().filter(|i| self.case.request.skus.contains(&i.sku)).collect();
        if named.is_empty() {
            items.iter().collect()
        } else {
            named
        }
    }

    /// The value of a fact in a language; `None` when the decision does not have it.
    fn value(&self, name: &str, lang: Lang) -> Option<String> {
        let (case, order) = (self.case, &self.case.order);
        let money = |m: Option<Money>| m.filter(|m| *m > Money::ZERO).map(plain);
        match name {
            "amount" => money(case.request.amount.or_else(|| self.actions.iter().find_map(|a| a.amount))),
            "refund" => money(self.action_amount(&[
                ActionId::RefundAfterReturnReceived,
                ActionId::RefundFull,
                ActionId::RefundLine,
                ActionId::RefundPartial,
                ActionId::RefundDifference,
                ActionId::RefundDifferenceAfterShipping,
                ActionId::GuideRefundApplication,
            ])),
            "concession" => money(self.action_amount(&[ActionId::OfferPartialConcession])),
            "compensation" => money(self.policy.late.compensation),
            "coupon" => money(self.policy.price_protection.coupon),
            "platform_payment" => money(order.platform_late_payment),
            "deposit" => money(order.presale.as_ref().and_then(|p| p.deposit)),
            "items" => titles(self.concerned().into_iter(), lang),
            "out_of_stock" => titles(order.items.iter().filter(|i| i.out_of_stock), lang),
            "in_stock" if order.items.iter().any(|i| i.out_of_stock) => {
                titles(order.items.iter().filter(|i| !i.out_of_stock), lang)
            }
            "ship_date" => case.context.expected_ship_at.map(|t| date(&t, lang)),
            "ship_after" => case.request.ship_after.map(|t| date(&t, lang)),
            "presale_date" => order.presale.as_ref().and_then(|p| p.ship_date).map(|t| date(&t, lang)),
            "new_variant" => case.request.new_variant.clone().filter(|v| !v.trim().is_empty()),
            "exclusion" => self.concerned().iter().find_map(|i| i.return_exclusion).map(|e| match lang {
                Lang::Zh => e.reason_zh().to_owned(),
                Lang::En => e.reason_en().to_owned(),
            }),
            "return_shipping" => return_shipping(self.payer, lang).map(str::to_owned),
            "doubt" => match (case.request.reason, lang) {
                (Some(BuyerReason::WrongSize), Lang::Zh) => Some("尺码".to_owned()),
                (Some(BuyerReason::WrongColour), Lang::Zh) => Some("颜色".to_owned()),
                (Some(BuyerReason::WrongSize), Lang::En) => Some("size".to_owned()),
                (Some(BuyerReason::WrongColour), Lang::En) => Some("colour".to_owned()),
                _ => None,
            },
            "unchosen" => {
                titles(order.items.iter().filter(|i| i.variant.as_deref().is_none_or(|v| v.trim().is_empty())), lang)
            }
            _ => None,
        }
    }
}

/// Who pays the return shipping, as the buyer reads it.
fn return_shipping(payer: Payer, lang: Lang) -> Option<&'static str> {
    Some(match (payer, lang) {
        (Payer::Merchant, Lang::Zh) => "寄回的运费由我们承担",
        (Payer::Merchant, Lang::En) => "we pay the return shipping",
        (Payer::Buyer, Lang::Zh) => "寄回的运费需要您承担",
        (Payer::Buyer, Lang::En) => "the return shipping is yours",
        (Payer::FreightInsurance, Lang::Zh) => "寄回的运费由您订单的运费险赔付",
        (Payer::FreightInsurance, Lang::En) => "your order's freight insurance pays the return shipping",
        (Payer::None, _) => return None,
    })
}

/// An amount as a person writes it: `5`, `199.50`.
pub fn plain(m: Money) -> String {
    let mut out = String::with_capacity(12);
    m.push_to(&mut out);
    match out.strip_suffix(".00") {
        Some(whole) => whole.to_owned(),
        None => out,
    }
}

/// A date as a buyer reads it: `11月27日`, `27 Nov`.
fn date(t: &Timestamp, lang: Lang) -> String {
    let d = t.inner();
    match lang {
        Lang::Zh => format!("{}月{}日", d.month(), d.day()),
        Lang::En => {
            const MONTHS: [&str; 12] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let month = MONTHS.get(d.month0() as usize).copied().unwrap_or_default();
            format!("{} {month}", d.day())
        }
    }
}

/// Lines by title (their SKU when untitled), in quotes, at most three then "等N件".
fn titles<'i>(items: impl Iterator<Item = &'i Item>, lang: Lang) -> Option<String> {
    let names: Vec<&str> = items.map(Item::name).collect();
    if names.is_empty() {
        return None;
    }
    let shown = names.iter().take(3);
    let mut out = String::new();
    for (i, name) in shown.enumerate() {
        match lang {
            Lang::Zh => {
                if i > 0 {
                    out.push('、');
                }
                out.push('“');
                out.push_str(name);
                out.push('”');
            }
            Lang::En => {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push('"');
                out.push_str(name);
                out.push('"');
            }
        }
    }
    if names.len() > 3 {
        match lang {
            Lang::Zh => out.push_str(&format!("等{}件商品", names.len())),
            Lang::En => out.push_str(&format!(" and {} more", names.len() - 3)),
        }
    }
    Some(out)
}

/// Renders the template a decision chose.
pub fn render_reply(template: Cow<'static, str>, facts: &Facts<'_>) -> Reply {
    // Built-in ids are always in the policy (its replies extend the defaults) and a
    // script's id is checked when its hook runs, so this is only here to stay total.
    let Some(t) = facts.policy.replies.get(template.as_ref()) else {
        return Reply { template, zh: String::new(), en: String::new() };
    };
    let zh = compose(&t.zh, &|name| facts.value(name, Lang::Zh));
    let en = compose(&t.en, &|name| facts.value(name, Lang::En));
    Reply { zh, en, template }
}

/// The placeholders whose amount comes from the policy and the order rather than from
/// the decision (`{amount}` is the decision's own): `{compensation}`, `{coupon}`,
/// `{platform_payment}`. `None` for any other name; `Some(None)` when the amount is unset.
pub fn standing_amount(name: &str, order: &Order, policy: &Policy) -> Option<Option<Money>> {
    match name {
        "compensation" => Some(policy.late.compensation),
        "coupon" => Some(policy.price_protection.coupon),
        "platform_payment" => Some(order.platform_late_payment),
        _ => None,
    }
}

/// Fills a template: each `{name}` with its value, each `[…]` kept only when every fact
/// inside it has a value. An unknown name, or a brace or bracket that does not close,
/// stays as written, so a shop's typo shows in the reply instead of vanishing.
pub fn compose(template: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    if !template.contains(['{', '[']) {
        return template.to_owned();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = rest.find(['{', '[']) {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        if after.starts_with('[') {
            match after.find(']') {
                Some(close) => {
                    let inner = after.get(1..close).unwrap_or_default();
                    if let Some(filled) = inner.split('|').find_map(|alt| fill(alt, value, true)) {
                        out.push_str(&filled);
                    }
                    rest = after.get(close + 1..).unwrap_or_default();
                }
                None => {
                    out.push('[');
                    rest = after.get(1..).unwrap_or_default();
                }
            }
        } else {
            let (filled, used) = placeholder(after, value);
            out.push_str(&filled);
            rest = after.get(used..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
}

/// Fills the placeholders of a part without brackets; `None` when `all_or_nothing` and
/// a known fact inside it has no value.
fn fill(part: &str, value: &dyn Fn(&str) -> Option<String>, all_or_nothing: bool) -> Option<String> {
    let mut out = String::with_capacity(part.len() + 16);
    let mut rest = part;
    while let Some(at) = rest.find('{') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let close = after.find('}');
        let name = close.and_then(|c| after.get(1..c));
        match name.filter(|n| KNOWN.contains(n)) {
            Some(name) => {
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None if all_or_nothing => return None,
                    None => {}
                }
                rest = after.get(close.unwrap_or(0) + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// One `{name}` at the start of `s`: its value (nothing when unset) and the bytes read;
/// an unknown name or an unclosed brace is the brace itself.
fn placeholder(s: &str, value: &dyn Fn(&str) -> Option<String>) -> (String, usize) {
    match s.find('}').and_then(|close| Some((close, s.get(1..close)?))) {
        Some((close, name)) if KNOWN.contains(&name) => (value(name).unwrap_or_default(), close + 1),
        _ => ("{".to_owned(), 1),
    }
}

/// Every fact a template may name.
pub const KNOWN: [&str; 18] = [
    "amount",
    "refund",
    "concession",
    "compensation",
    "coupon",
    "platform_payment",
    "deposit",
    "items",
    "out_of_stock",
    "ship_date",
    "presale_date",
    "new_variant",
    "exclusion",
    "return_shipping",
    "doubt",
    "unchosen",
    "ship_after",
    "in_stock",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: &str) -> Option<String> {
        match name {
            "amount" => Some("5".into()),
            "ship_date" => None,
            _ => None,
        }
    }

    #[test]
    fn optional_parts_need_every_fact_inside() {
        assert_eq!(compose("补偿{amount}元[，预计{ship_date}发出]。", &facts), "补偿5元。");
        assert_eq!(compose("[补偿{amount}元]", &facts), "补偿5元");
        assert_eq!(compose("{unknown} [x] {amount", &facts), "{unknown} x {amount");
        assert_eq!(compose("[unclosed {amount}", &facts), "[unclosed 5");
        assert_eq!(compose("无占位", &facts), "无占位");
        assert_eq!(compose("[预计{ship_date}发出|正在确认日期]，补偿{amount}元", &facts), "正在确认日期，补偿5元");
        assert_eq!(compose("[{ship_date}|{amount}元|都没有]", &facts), "5元");
    }

    #[test]
    fn amounts_read_as_a_person_writes_them() {
        assert_eq!(plain(Money::from_fen(500)), "5");
        assert_eq!(plain(Money::from_fen(19950)), "199.50");
        assert_eq!(plain(Money::from_fen(1)), "0.01");
    }
}
