//! Rendering the decision's reply: the policy's reply template for the id a tree (or a
//! script rule) chose ([`ReplyId`](crate::policy::ReplyId), `policy.replies`), its
//! amount placeholders filled (`{amount}`, `{compensation}`, `{coupon}`,
//! `{platform_payment}`). The shop's phrases, which an agent picks rather than a tree,
//! are filled elsewhere: [`crate::phrasebook`], from the order.

use std::borrow::Cow;

use super::answer::{Action, Reply};
use crate::model::case::Case;
use crate::model::money::Money;
use crate::model::order::Order;
use crate::policy::Policy;

/// Renders a template for a decision.
pub fn render_reply(template: Cow<'static, str>, case: &Case, policy: &Policy, actions: &[Action]) -> Reply {
    // Built-in ids are always in the policy (its replies extend the defaults) and a
    // script's id is checked when its hook runs, so this is only here to stay total.
    let Some(t) = policy.replies.get(template.as_ref()) else {
        return Reply { template, zh: String::new(), en: String::new() };
    };
    let amount = case.request.amount.or_else(|| actions.iter().find_map(|a| a.amount));
    let value = |name: &str| match name {
        "amount" => Some(amount),
        other => standing_amount(other, &case.order, policy),
    };
    let fill = |s: &str| fill_placeholders(s, &value);
    Reply { zh: fill(&t.zh), en: fill(&t.en), template }
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

/// Replaces `{name}` with the named amount in one pass; unknown names stay as written.
fn fill_placeholders(template: &str, value: &dyn Fn(&str) -> Option<Option<Money>>) -> String {
    if !template.contains('{') {
        return template.to_owned();
    }
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        match after.find('}').and_then(|close| Some((close, value(after.get(1..close)?)?))) {
            Some((close, amount)) => {
                if let Some(m) = amount {
                    m.push_to(&mut out);
                }
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}
