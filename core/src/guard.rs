//! Wording: reply templates, and the guard that checks an agent's draft before it is
//! sent (R-WORD-SHIPPED, R-WORD-PROMISE, R-WORD-CONFLICT). Word lists and templates are
//! policy data; nothing here promises absolutely.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Case, Context};
use crate::decision::{Action, Reply};
use crate::order::{Order, OrderStatus};
use crate::policy::Policy;
use crate::text::{text, Text};
use crate::time::Timestamp;

/// The default reply templates. Placeholders: `{amount}` (the request's or the plan's
/// amount), `{compensation}` (late-shipment compensation), `{coupon}`.
pub fn default_replies() -> BTreeMap<String, Text> {
    let t: &[(&str, &str, &str)] = &[
        ("none", "亲，您好，请问有什么可以帮您？", "Hello, how can I help you?"),
        ("cancel.unpaid", "亲，订单还没有付款，您在“我的订单”里直接取消就可以，不需要等客服操作哦。", "The order is not paid yet: you can cancel it yourself under My Orders."),
        ("cancel.unpaid.closed", "亲，已为您关闭这笔未付款订单。", "We have closed the unpaid order for you."),
        ("cancel.retention", "亲，先帮您把尺码/颜色的疑问确认一下，如果还是想取消，我们马上为您处理。", "Let us first clear up the size or colour question; if you still want to cancel, we will handle it right away."),
        ("cancel.paid", "亲，订单还没有发货，请在订单页申请退款，我们会尽快同意，款项原路退回。", "The order has not shipped: please apply for a refund on the order page; we will approve it quickly and the money goes back the way it came."),
        ("cancel.pushed", "亲，订单已经在仓库处理，我们已联系仓库拦截，有结果第一时间告诉您。", "The order is already at the warehouse; we have asked them to stop it and will tell you the result as soon as we have it."),
        ("cancel.intercepted", "亲，仓库已拦截成功，退款会原路退回。", "The warehouse has stopped the order; the refund goes back the way it came."),
        ("cancel.not_found", "亲，仓库暂时没找到您的订单，我们正在核实是否已经发出，稍后回复您。", "The warehouse cannot find the order yet; we are checking whether it has left and will get back to you."),
        ("cancel.shipped", "亲，包裹已经发出，我们会联系快递退回，您也可以拒签。", "The parcel has left; we will ask the carrier to bring it back, or you can refuse delivery."),
        ("cancel.shipped.buyer_pays", "亲，包裹已经发出，我们会联系快递退回，您也可以拒签；因个人原因取消，退回运费需要您承担。", "The parcel has left; we will ask the carrier to bring it back, or you can refuse delivery. As the cancellation is your own choice, the return shipping is yours."),
        ("cancel.closed", "亲，这笔订单已经关闭了，不需要再取消。", "This order is already closed; there is nothing to cancel."),
        ("return.retention", "亲，先帮您看看换个尺码或颜色能不能解决，如果还是想退，我们马上处理。", "Let us first see whether another size or colour solves it; if you still want to return it, we will handle it right away."),
        ("return.refund", "亲，请在订单页申请退货退款，收到退货后尽快为您退款。", "Please apply for a return and refund on the order page; we refund as soon as the goods arrive."),
        ("return.exchange", "亲，请申请换货并寄回，收到后马上为您换新。", "Please apply for an exchange and send the item back; we send the new one as soon as it arrives."),
        ("defect.evidence", "亲，非常抱歉给您带来不便，麻烦拍一下问题部位的照片或视频，我们马上核实处理。", "We are sorry for the trouble. Could you send photos or a video of the problem? We will check it right away."),
        ("defect.replace", "亲，非常抱歉，我们为您换新；需要先把有问题的商品寄回，运费由我们承担。", "We are sorry. We will replace it; please send the faulty item back first, at our cost."),
        ("defect.refund", "亲，非常抱歉，商品寄回后为您全额退款，运费由我们承担。", "We are sorry. Once the item is back we refund in full; the return shipping is on us."),
        ("defect.batch", "亲，非常抱歉，这个问题我们已经上报并统一处理，会尽快给您答复。", "We are sorry. This problem has been reported and is being handled as a whole; we will get back to you soon."),
        ("investigate", "亲，我们正在核实仓库和物流记录，核实后马上给您答复。", "We are checking the warehouse and carrier records and will answer as soon as we know."),
        ("wrong.reship", "亲，非常抱歉发错或漏发了，我们马上为您补发或换货，费用由我们承担。", "We are sorry for the wrong or missing item; we will reship or exchange it at our cost."),
        ("damaged", "亲，非常抱歉包裹受损，我们会向快递索赔，并为您补发或退款。", "We are sorry the parcel was damaged; we will claim with the carrier and reship or refund."),
        ("price.expedite", "亲，我们先尽快为您发货，发货后为您退差价{amount}元（仅退款）。", "We will ship first, then refund the difference of {amount} yuan as refund-only."),
        ("price.refund", "亲，核实后为您退差价{amount}元。", "Once checked, we refund the difference of {amount} yuan."),
        ("price.refused", "亲，活动期间不支持价保，送您一张{coupon}元优惠券，感谢您的理解。", "Price protection does not apply during this promotion; here is a {coupon} yuan coupon instead. Thank you for understanding."),
        ("price.page_error", "亲，非常抱歉，这是页面价格显示错误，无法按该价格退差。", "We are sorry: that was a page price error, so we cannot refund a difference on it."),
        ("price.verify", "亲，麻烦提供一下降价的截图，我们核实后为您处理。", "Could you send a screenshot of the lower price? We will check it and handle it."),
        ("late.apology", "亲，非常抱歉发货晚了，我们已经催促仓库尽快发出，并给您补偿{compensation}元。请问您还需要这件商品吗？", "We are sorry the shipment is late. We have asked the warehouse to hurry and offer {compensation} yuan for the delay. Do you still want the item?"),
        ("ship.time", "亲，订单会在承诺时间内发出，请您耐心等待。", "The order ships within the promised time; thank you for your patience."),
        ("ship.unpaid", "亲，订单付款后会尽快安排发货。", "The order ships soon after payment."),
        ("ship.warehouse", "亲，仓库已发货，快递揽收后就能看到物流信息。", "The warehouse has sent it out; tracking appears once the carrier scans it."),
        ("stall.notice", "亲，快递目前有延误，我们正在查原因并催促快递，有进展马上告诉您。", "The parcel is delayed with the carrier; we are finding out why and will tell you as soon as it moves."),
        ("tracking", "亲，包裹正在运输中，您可以在订单页查看物流。", "The parcel is on its way; you can follow it on the order page."),
        ("delivered", "亲，包裹显示已签收，请问您收到了吗？", "The parcel shows as delivered; have you received it?"),
        ("receiver.updated", "亲，已为您修改收货信息。", "We have updated the receiving information."),
        ("receiver.shipped", "亲，包裹已经发出，我们联系快递尝试改派，结果会告诉您。", "The parcel has left; we are asking the carrier to redirect it and will tell you the result."),
        ("receiver.too_late", "亲，订单已签收或关闭，收货信息不能再修改了。", "The order is delivered or closed; the receiving information can no longer change."),
        ("receiver.ask", "亲，请把新的收件人、电话或地址发给我们。", "Please send us the new recipient, phone or address."),
        ("discount.grant", "亲，给您优惠{amount}元。", "We can offer you {amount} yuan off."),
        ("discount.refer", "亲，这个优惠需要请示主管，稍后答复您。", "That discount needs our supervisor's approval; we will get back to you shortly."),
        ("discount.ask_amount", "亲，请问您希望优惠多少呢？", "How much of a discount did you have in mind?"),
        ("complaint", "亲，非常抱歉给您带来不好的体验，我们会认真处理，尽快给您答复。", "We are sorry for the experience; we are looking into it and will answer soon."),
        ("proactive.late", "亲，非常抱歉，您的订单发货会晚一些，我们正在催促仓库，请问您还需要吗？", "We are sorry: your order will ship a little late. We are hurrying the warehouse; do you still want it?"),
        ("proactive.out_of_stock", "亲，非常抱歉，您购买的商品暂时缺货，可以为您退款或换成其他款式。", "We are sorry: an item you bought is out of stock. We can refund it or exchange it for another style."),
        ("proactive.payment", "亲，看到您的订单还没有付款，现在付款今天就能安排发货；顺便帮您核对一下地址、数量和款式。", "Your order is not paid yet; pay now and it can ship today. Let us also check the address, quantity and style with you."),
        ("proactive.confirm", "亲，和您确认一下订单信息（颜色尺码、货到付款），确认后马上安排发货。", "Let us confirm your order details (colour and size, cash on delivery); it ships as soon as you confirm."),
    ];
    t.iter().map(|(id, zh, en)| ((*id).to_owned(), text(*zh, *en))).collect()
}

/// Renders a template for a decision.
pub fn render_reply(template: Cow<'static, str>, case: &Case, policy: &Policy, actions: &[Action]) -> Reply {
    let found = policy.replies.get(template.as_ref());
    let Some(t) = found else {
        return Reply { template, zh: String::new(), en: String::new() };
    };
    let amount = case.request.amount.or_else(|| actions.iter().find_map(|a| a.amount));
    let value = |name: &str| match name {
        "amount" => Some(amount),
        "compensation" => Some(policy.late.compensation),
        "coupon" => Some(policy.price_protection.coupon),
        _ => None,
    };
    let fill = |s: &str| fill_placeholders(s, &value);
    Reply { zh: fill(&t.zh), en: fill(&t.en), template }
}

/// Replaces `{name}` with the named amount in one pass; unknown names stay as written.
fn fill_placeholders(template: &str, value: &dyn Fn(&str) -> Option<Option<crate::money::Money>>) -> String {
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        match after.find('}').and_then(|close| Some((close, value(after.get(1..close)?)?))) {
            Some((close, amount)) => {
                if let Some(m) = amount {
                    out.push_str(&m.to_string());
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

/// A problem in a draft reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReplyFinding {
    /// `R-WORD-SHIPPED`, `R-WORD-PROMISE` or `R-WORD-CONFLICT`.
    pub rule: &'static str,
    /// Start of the offending span, in characters.
    pub start: usize,
    /// End of the span (exclusive), in characters.
    pub end: usize,
    /// The offending text.
    pub text: String,
    /// What to write instead.
    pub replacement: String,
    /// Why.
    pub message: Text,
}

/// The guard's answer: findings, and the draft with every replacement applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReplyCheck {
    /// Problems, in order of position.
    pub findings: Vec<ReplyFinding>,
    /// The draft with each finding's replacement applied.
    pub rewrite: String,
}

/// What the guard needs: the order, its context, the draft, and `now` (for promotions
/// and stalls).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyInput {
    /// The order the reply is about.
    pub order: Order,
    /// Logistics, promotions.
    #[serde(default)]
    pub context: Context,
    /// The agent's draft.
    pub draft: String,
    /// The time, for promotions in force and stalled parcels.
    #[serde(default)]
    pub now: Option<Timestamp>,
}

fn is_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn pick(t: &Text, phrase: &str) -> String {
    if is_cjk(phrase) {
        t.zh.clone()
    } else {
        t.en.clone()
    }
}

/// Checks a draft reply (R-WORD-*).
pub fn check_reply(input: &ReplyInput, policy: &Policy) -> ReplyCheck {
    let order = &input.order;
    let words = &policy.words;
    let draft = input.draft.as_str();
    let mut hits: Vec<(usize, usize, &'static str, String, Text)> = Vec::new();

    // R-WORD-SHIPPED: shipped without the carrier's pickup scan.
    let picked_up = order.picked_up_at.is_some() || order.status == OrderStatus::Delivered;
    if order.status == OrderStatus::Shipped && !picked_up {
        // The allowed wording itself ("仓库已发货") contains claims ("已发货", "发货"): skip
        // any claim inside an occurrence of it.
        let allowed: Vec<(usize, usize)> = [&words.shipped_rewrite.zh, &words.shipped_rewrite.en]
            .into_iter()
            .filter(|p| !p.is_empty())
            .flat_map(|p| draft.match_indices(p.as_str()).map(|(at, m)| (at, at + m.len())))
            .collect();
        for phrase in &words.shipped_claims {
            for (at, _) in draft.match_indices(phrase.as_str()) {
                let before = draft.get(..at).unwrap_or_default();
                let end = at + phrase.len();
                if words.shipped_allowed_prefixes.iter().any(|p| before.ends_with(p.as_str()))
                    || allowed.iter().any(|(s, e)| at < *e && end > *s)
                {
                    continue;
                }
                hits.push((at, at + phrase.len(), "R-WORD-SHIPPED", pick(&words.shipped_rewrite, phrase), text(
                    "订单显示已发货但快递还没揽收：不能说“已经发货”，请说“仓库已发货”，否则买家可投诉违背承诺",
                    "the order shows shipped but the carrier has not picked it up: say the warehouse has sent it out, or the buyer can file a broken-promise complaint",
                )));
            }
        }
    }

    // R-WORD-PROMISE: no absolute promises during disruptions.
    let ctx = &input.context;
    let in_promotion = input.now.is_some_and(|now| ctx.promotions.iter().any(|p| p.covers(&now)));
    let stale = input.now.is_some_and(|now| {
        let last = ctx.logistics.last_event_at.or(order.picked_up_at).or(order.shipped_at);
        order.status == OrderStatus::Shipped
            && last.is_some_and(|t| t.minutes_until(&now) >= i64::from(policy.stall_hours) * 60)
    });
    if ctx.logistics.stalled || ctx.logistics.force_majeure || in_promotion || stale {
        for phrase in &words.absolute_promises {
            for (at, _) in draft.match_indices(phrase.as_str()) {
                hits.push((at, at + phrase.len(), "R-WORD-PROMISE", pick(&words.promise_rewrite, phrase), text(
                    "物流受阻、不可抗力或大促期间不要做绝对承诺，给自己留余地",
                    "during a disruption (stalled carrier, force majeure, promotion peak) make no absolute promise; leave room",
                )));
            }
        }
    }

    // R-WORD-CONFLICT: never argue with the buyer.
    for phrase in &words.hostile {
        for (at, _) in draft.match_indices(phrase.as_str()) {
            hits.push((
                at,
                at + phrase.len(),
                "R-WORD-CONFLICT",
                pick(&words.hostile_rewrite, phrase),
                text("不要和买家争执：这句话容易激化矛盾", "never argue with the buyer: this wording is hostile"),
            ));
        }
    }

    // Overlapping hits (a longer phrase containing a shorter one): keep the first, longest.
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept: Vec<(usize, usize, &'static str, String, Text)> = Vec::new();
    for hit in hits {
        if kept.last().is_none_or(|k| hit.0 >= k.1) {
            kept.push(hit);
        }
    }
    let char_index = |byte: usize| draft.get(..byte).map_or(0, |s| s.chars().count());
    let mut rewrite = String::with_capacity(draft.len());
    let mut cursor = 0;
    let findings = kept
        .into_iter()
        .map(|(start, end, rule, replacement, message)| {
            rewrite.push_str(draft.get(cursor..start).unwrap_or_default());
            rewrite.push_str(&replacement);
            cursor = end;
            ReplyFinding {
                rule,
                start: char_index(start),
                end: char_index(end),
                text: draft.get(start..end).unwrap_or_default().to_owned(),
                replacement,
                message,
            }
        })
        .collect();
    rewrite.push_str(draft.get(cursor..).unwrap_or_default());
    ReplyCheck { findings, rewrite }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(order: &str, draft: &str) -> ReplyInput {
        ReplyInput {
            order: Order::from_json(order).unwrap(),
            context: Context::default(),
            draft: draft.into(),
            now: None,
        }
    }

    const SHIPPED: &str =
        r#"{"order_id":"1","status":"shipped","total":"1.00","shipped_at":"2026-11-25T10:00:00+08:00"}"#;

    #[test]
    fn s14_shipped_without_pickup() {
        let check = check_reply(&input(SHIPPED, "亲，已经发货了"), &Policy::default());
        assert_eq!(check.findings.len(), 1);
        let f = &check.findings[0];
        assert_eq!((f.rule, f.start, f.end, f.text.as_str()), ("R-WORD-SHIPPED", 2, 6, "已经发货"));
        assert_eq!(check.rewrite, "亲，仓库已发货了");
        // The allowed wording passes.
        assert!(check_reply(&input(SHIPPED, "亲，仓库已发货了"), &Policy::default()).findings.is_empty());
        // Once picked up, "已经发货" is fine.
        let picked = SHIPPED.replace("}", r#","picked_up_at":"2026-11-25T12:00:00+08:00"}"#);
        assert!(check_reply(&input(&picked, "亲，已经发货了"), &Policy::default()).findings.is_empty());
    }

    #[test]
    fn promises_only_during_disruptions() {
        let mut i = input(SHIPPED, "明天一定到，100%保证");
        let calm = check_reply(&i, &Policy::default());
        assert!(calm.findings.is_empty());
        i.context.logistics.stalled = true;
        let rules: Vec<_> =
            check_reply(&i, &Policy::default()).findings.iter().map(|f| (f.rule, f.text.clone())).collect();
        assert_eq!(
            rules,
            vec![
                ("R-WORD-PROMISE", "一定".into()),
                ("R-WORD-PROMISE", "100%".into()),
                ("R-WORD-PROMISE", "保证".into())
            ]
        );
    }

    #[test]
    fn hostile_wording_is_flagged_in_both_languages() {
        let f = check_reply(&input(SHIPPED, "Please calm down, this is your own fault"), &Policy::default()).findings;
        assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), vec!["R-WORD-CONFLICT", "R-WORD-CONFLICT"]);
        assert!(f[0].replacement.starts_with("I understand"));
    }

    #[test]
    fn default_templates_make_no_absolute_promises() {
        let policy = Policy::default();
        for (id, t) in &policy.replies {
            for w in &policy.words.absolute_promises {
                assert!(!t.zh.contains(w.as_str()) && !t.en.contains(w.as_str()), "{id} promises `{w}`");
            }
        }
    }
}
