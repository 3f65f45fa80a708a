//! After-sales: returns, exchanges, refunds, defects, wrong or missing items, damage,
//! price differences, complaints (R-RESP-1, R-DEFECT-*, R-WRONG-1, R-PRICE-*,
//! R-RETAIN-1, R-DELAY-1).
//!
//! First locate the problem and who is responsible, then the plan (003 §1); risk is
//! assessed afterwards by `escalate`.

use std::collections::HashMap;

use super::common::{
    concede_step_by_step, evidence_note, has_visual_evidence, locate, over_payment, responsibility_for, retention,
    shipped_flag, shipping_payer, write_entry, write_noted,
};
use crate::decision::{ActionId, Cause, Draft, Factor, Outcome, Payer, Responsibility};
use crate::model::case::{BuyerReason, Evidence, Remedy, RequestKind};
use crate::model::level::Level;
use crate::model::money::Money;
use crate::model::order::Item;
use crate::model::text::text;
use crate::policy::ReplyId;
use crate::registry::id;
use crate::remark::{is_writable_value, Details, Lang, Reason};

/// A refund or compensation asked beyond what the buyer paid: an unreasonable demand
/// (R-DELAY-1) no agent grants; the supervisor checks it, with a warning. Returns whether
/// it took the case.
pub fn asks_beyond_payment(d: &mut Draft<'_>) -> bool {
    match d.case.request.amount {
        Some(asked) => over_payment(d, asked, id::R_DELAY_1),
        None => false,
    }
}

/// Returns and exchanges after shipping (also R-CANCEL-5's continuation).
pub fn returns(d: &mut Draft<'_>) {
    let reason = d.case.request.reason;
    match reason {
        Some(BuyerReason::Defect) => return defect(d),
        Some(BuyerReason::WrongItem | BuyerReason::MissingItem) => return wrong_or_missing(d),
        Some(BuyerReason::DamagedInTransit) => return damaged(d),
        _ => {}
    }
    // A return with no reason given is the buyer's own (seven days, no reason).
    let who = match reason {
        None => Responsibility::Buyer,
        r => responsibility_for(r),
    };
    locate(d, who, text("按退货原因判定责任方", "the reason for the return decides who is responsible"));
    let own = who == Responsibility::Buyer;
    if own && no_reason_return_declined(d) {
        return;
    }
    let size_or_colour = matches!(reason, Some(BuyerReason::WrongSize | BuyerReason::WrongColour));
    let retaining = retention(d, id::R_RETAIN_1, own);
    let exchange = d.case.request.kind == RequestKind::Exchange || d.case.request.wants == Some(Remedy::Exchange);
    let extra = if own { extra_asked(d) } else { None };
    if let Some(asked) = extra {
        concede_step_by_step(
            d,
            asked,
            (
                "退货时另要补偿，先提出这部分，待买家答复",
                "asked on top of a return: this part offered first, awaiting the buyer",
            ),
        );
    }
    d.act(ActionId::GuideReturnApplication);
    if exchange {
        d.act(ActionId::ExchangeAfterReturnReceived);
        d.outcome(Outcome::ReturnThenExchange);
        d.reply(ReplyId::ReturnExchange);
    } else {
        d.act_amount(ActionId::RefundAfterReturnReceived, concerned_value(d));
        d.outcome(Outcome::ReturnThenRefund);
        d.reply(ReplyId::ReturnRefund);
    }
    if retaining {
        // Retention talks about the size or the colour only when that is the reason
        // (R-WORD-FIT).
        d.reply(if size_or_colour { ReplyId::ReturnRetention } else { ReplyId::ReturnRetentionGeneral });
    }
    shipping_payer(d);
    shipped_flag(d);
    // The return's own entry; a concession planned above is its own entry after it.
    if exchange {
        write_exchange(d);
    } else {
        write_return(d);
    }
}

/// What the lines the request names are worth (every line when it names none), never
/// more than what the buyer paid: the refund of a return of some lines.
fn concerned_value(d: &Draft<'_>) -> Money {
    let total = d.case.order.total;
    if d.case.request.skus.is_empty() {
        return total;
    }
    lines_value(d).filter(|v| *v > Money::ZERO && *v < total).unwrap_or(total)
}

/// The lines the request names, every line when it names none.
fn concerned<'d>(d: &Draft<'d>) -> impl Iterator<Item = &'d Item> {
    let case = d.case;
    let skus = &case.request.skus;
    case.order.items.iter().filter(move |i| skus.is_empty() || skus.contains(&i.sku))
}

/// What the concerned lines are worth (unit price by quantity); `None` on overflow.
fn lines_value(d: &Draft<'_>) -> Option<Money> {
    concerned(d).try_fold(Money::ZERO, |sum, i| i.unit_price.checked_mul(i.qty).and_then(|v| sum.checked_add(v)))
}

/// Money a return or complaint asks on top of the rule's remedy: the request's amount,
/// unless it is only the refund itself (the order's or the lines' value).
fn extra_asked(d: &Draft<'_>) -> Option<Money> {
    let request = &d.case.request;
    let asked = request.amount.filter(|a| *a > Money::ZERO)?;
    if request.wants == Some(Remedy::Compensation) || request.kind == RequestKind::Complaint {
        return Some(asked);
    }
    let is_the_refund = asked == d.case.order.total || lines_value(d) == Some(asked);
    (!is_the_refund).then_some(asked)
}

/// R-7DAY-1: a no-reason return of an excluded line (customised, perishable, digital,
/// not eligible by its listing), or asked more than 7 days after delivery, is declined
/// politely with the reason; a quality problem would still go to the defect rules.
/// Returns whether it declined.
fn no_reason_return_declined(d: &mut Draft<'_>) -> bool {
    let case = d.case;
    let excluded = concerned(d).find_map(|i| i.return_exclusion.map(|e| (i, e)));
    let days = case.order.delivered_at.map(|t| t.minutes_until(&case.now) / (24 * 60));
    let (because, reply, note) = match (excluded, days) {
        (Some((item, exclusion)), _) => (
            text(
                format!("{}是{}，不支持七天无理由退货：礼貌说明原因并婉拒", item.sku, exclusion.reason_zh()),
                format!(
                    "{} is {}: excluded from the no-reason return; decline politely with the reason",
                    item.sku,
                    exclusion.name()
                ),
            ),
            ReplyId::ReturnExcluded,
            (
                format!("{}不支持七天无理由退货，已向买家说明", exclusion.reason_zh()),
                format!("{}: no no-reason return; explained to the buyer", exclusion.reason_en()),
            ),
        ),
        (None, Some(days)) if days >= 7 => (
            text(
                format!("签收已{days}天，超过七天无理由退货期限：礼貌说明原因并婉拒"),
                format!("delivered {days} days ago: past the 7-day no-reason return; decline politely with the reason"),
            ),
            ReplyId::ReturnWindowPassed,
            (
                "签收已超7天，不支持七天无理由退货，已向买家说明".to_owned(),
                "more than 7 days since delivery: no no-reason return; explained".to_owned(),
            ),
        ),
        _ => return false,
    };
    d.rule(id::R_7DAY_1, because);
    d.act(ActionId::DeclineNoReasonReturn);
    d.outcome(Outcome::DeclineRequest);
    d.reply(reply);
    let note = match d.policy.remark.lang {
        Lang::Zh => note.0,
        Lang::En => note.1,
    };
    d.write(Reason::FollowUp, Details { note: Some(note), ..Details::default() });
    true
}

/// The return entry says why and who pays the shipping back (R-REMARK-2: the substance,
/// not only the label), then the buyer's words.
fn write_return(d: &mut Draft<'_>) {
    let zh = d.policy.remark.lang == Lang::Zh;
    let reason = d.case.request.reason.unwrap_or(BuyerReason::NoReason).label();
    let payer = match (d.payer, zh) {
        (Payer::Buyer, true) => "运费买家承担",
        (Payer::Merchant, true) => "运费我方承担",
        (Payer::FreightInsurance, true) => "运费险赔付运费",
        (Payer::Buyer, false) => "buyer pays shipping",
        (Payer::Merchant, false) => "we pay shipping",
        (Payer::FreightInsurance, false) => "freight insurance pays shipping",
        (Payer::None, _) => "",
    };
    let mut what = if zh { reason.0.to_owned() } else { reason.1.to_owned() };
    if !payer.is_empty() {
        what.push_str(if zh { "，" } else { ", " });
        what.push_str(payer);
    }
    write_noted(d, Reason::Return, &what);
}

/// The exchange entry names the variant the buyer wants (R-REMARK-2), then their words.
fn write_exchange(d: &mut Draft<'_>) {
    let request = &d.case.request;
    let variant = request.new_variant.as_deref().filter(|v| is_writable_value(v));
    let words = request.reason_text.as_deref().filter(|t| is_writable_value(t));
    let (to, awaited) = match d.policy.remark.lang {
        Lang::Zh => ("换成", "待买家告知要换的尺码或颜色"),
        Lang::En => ("to ", "awaiting the size or colour the buyer wants"),
    };
    let mut note = match variant {
        Some(v) => format!("{to}{v}"),
        None => awaited.to_owned(),
    };
    if let Some(words) = words {
        note.push_str(if d.policy.remark.lang == Lang::Zh { "，" } else { ", " });
        note.push_str(words);
    }
    d.write(Reason::Exchange, Details { note: Some(note), ..Details::default() });
}

/// R-DEFECT-1..3.
pub fn defect(d: &mut Draft<'_>) {
    d.rule(
        id::R_DEFECT_1,
        text(
            "质量问题：先和买家确认问题，收集照片或视频",
            "a defect: confirm the problem with the buyer and collect photos or video",
        ),
    );
    d.act(ActionId::ConfirmProblemWithBuyer);
    batch_check(d);
    if !has_visual_evidence(d) {
        locate(
            d,
            Responsibility::Unknown,
            text("还没有照片或视频：责任未定", "no photos or video yet: responsibility is not established"),
        );
        d.act(ActionId::CollectPhotosOrVideo);
        d.propose_flag(d.policy.flags.roles.awaiting_buyer, id::R_DEFECT_1);
        if !d.has_found(Factor::BatchIncident) {
            d.outcome(Outcome::CollectEvidence);
            d.reply(ReplyId::DefectEvidence);
        }
        d.write(Reason::FollowUp, Details { note: Some(evidence_note(d)), ..Details::default() });
        return;
    }
    locate(
        d,
        Responsibility::Merchant,
        text("照片或视频能看出质量问题：商家责任", "a defect shown in photos or video: the merchant is responsible"),
    );
    if agreed_partial_refund(d) {
        return;
    }
    d.rule(
        id::R_DEFECT_2,
        text(
            "问题商品退回（或提供销毁凭证）后才换货或退款",
            "replacement or refund only against the defective item's return (or proof of destruction)",
        ),
    );
    d.act(ActionId::ArrangeReturnOfDefectiveItem);
    let replace = matches!(d.case.request.wants, Some(Remedy::Replacement | Remedy::Exchange | Remedy::Reship));
    if replace {
        d.act(ActionId::ReshipReplacementAfterReturn);
        d.outcome(Outcome::ReplaceAgainstReturn);
        d.reply(ReplyId::DefectReplace);
    } else {
        d.act_amount(ActionId::RefundAfterReturnReceived, d.case.order.total);
        d.outcome(Outcome::RefundAgainstReturn);
        d.reply(ReplyId::DefectRefund);
    }
    if d.has_found(Factor::BatchIncident) {
        d.outcome(Outcome::BatchIncident);
        d.reply(ReplyId::DefectBatch);
    }
    shipping_payer(d);
    shipped_flag(d);
    write_entry(d, if replace { Reason::Exchange } else { Reason::Return });
}

/// A partial refund agreed with the buyer, who keeps the item (部分退款, 仅退款): a
/// refund request with an amount below what the lines are worth. Nothing comes back, so
/// R-DEFECT-2's retrieval does not apply; the amount is written (R-REMARK-5). Returns
/// whether it applied.
fn agreed_partial_refund(d: &mut Draft<'_>) -> bool {
    let request = &d.case.request;
    let Some(amount) = request.amount.filter(|a| *a > Money::ZERO) else { return false };
    let partial = request.kind == RequestKind::Refund
        && request.wants.is_none_or(|w| w == Remedy::Refund)
        && amount < concerned_value(d);
    if !partial {
        return false;
    }
    d.rule(
        id::R_REMARK_5,
        text(
            "与买家协商部分退款、商品不退回：写进备注，注明金额",
            "a partial refund agreed with the buyer, who keeps the item: written with its amount",
        ),
    );
    d.act_amount(ActionId::RefundPartial, amount);
    d.outcome(Outcome::PartialRefund);
    d.reply(ReplyId::DefectPartialRefund);
    shipped_flag(d);
    let note = match d.policy.remark.lang {
        Lang::Zh => "质量问题，协商部分退款，买家保留商品",
        Lang::En => "defect: partial refund agreed, buyer keeps the item",
    };
    d.write(Reason::PartialRefund, Details { amount: Some(amount), note: Some(note.to_owned()), ..Details::default() });
    true
}

/// R-DEFECT-3: reports for one SKU within the window, this one included.
fn batch_check(d: &mut Draft<'_>) {
    let case = d.case;
    let window_minutes = i64::from(d.policy.batch.window_days) * 24 * 60;
    let skus: Vec<&str> = if case.request.skus.is_empty() {
        case.order.items.iter().map(|i| i.sku.as_str()).collect()
    } else {
        case.request.skus.iter().map(String::as_str).collect()
    };
    let threshold = d.policy.batch.defect_reports;
    // Earlier reports by SKU, counted once (not once per SKU of the request).
    let mut reports: HashMap<&str, usize> = HashMap::new();
    for r in &case.context.defect_reports {
        if r.order_id.as_deref() != Some(case.order.order_id.as_str())
            && (0..=window_minutes).contains(&r.at.minutes_until(&case.now))
        {
            *reports.entry(r.sku.as_str()).or_default() += 1;
        }
    }
    for sku in skus {
        let earlier = reports.get(sku).copied().unwrap_or(0);
        let count = u32::try_from(earlier).unwrap_or(u32::MAX).saturating_add(1);
        if count >= threshold {
            let days = d.policy.batch.window_days;
            d.rule(
                id::R_DEFECT_3,
                text(
                    format!("{sku}在{days}天内已有{count}起质量问题反馈（达到{threshold}起即算）：批量问题"),
                    format!(
                        "{count} defect reports for {sku} within {days} days (threshold {threshold}): batch incident"
                    ),
                ),
            );
            d.found(Factor::BatchIncident);
            d.act(ActionId::ReportBatchIncident);
            d.act(ActionId::UseAgreedWording);
            d.act_detail(ActionId::CountAffectedOrders, sku.to_owned());
            d.outcome(Outcome::BatchIncident);
            d.reply(ReplyId::DefectBatch);
            return;
        }
    }
}

/// R-WRONG-1, with R-RESP-1's "investigate first" when nothing is established.
pub fn wrong_or_missing(d: &mut Draft<'_>) {
    let established = has_visual_evidence(d)
        || d.case.request.evidence.contains(&Evidence::WarehouseRecord)
        || d.case.context.sku_binding_error == Some(true);
    if !established {
        locate(
            d,
            Responsibility::Unknown,
            text(
                "还没有凭证说明发生了什么：先核查，再谈退款",
                "nothing shows yet what happened: investigate before any refund",
            ),
        );
        for (evidence, action) in [
            (Evidence::Serial, ActionId::CheckSerial),
            (Evidence::Activation, ActionId::CheckActivationTime),
            (Evidence::WarehouseRecord, ActionId::CheckWarehouseRecord),
            (Evidence::CarrierRecord, ActionId::CheckCarrierRecord),
        ] {
            if !d.case.request.evidence.contains(&evidence) {
                d.act(action);
            }
        }
        d.act(ActionId::CollectPhotosOrVideo);
        d.outcome(Outcome::Investigate);
        d.reply(ReplyId::Investigate);
        shipped_flag(d);
        d.write(Reason::FollowUp, Details { note: Some(evidence_note(d)), ..Details::default() });
        return;
    }
    locate(
        d,
        Responsibility::Merchant,
        text("错发或漏发：商家责任", "a wrong or missing item: the merchant is responsible"),
    );
    let binding = d.case.context.sku_binding_error;
    d.rule(
        id::R_WRONG_1,
        match binding {
            Some(true) => {
                text("商家编码绑定有误：可能有一批订单错发", "the SKU binding is wrong: many orders may be mis-shipped")
            }
            Some(false) => text(
                "商家编码绑定已核对无误：属个别失误",
                "the SKU binding was checked and is right: an individual error",
            ),
            None => text(
                "先核对商家编码绑定：绑错一处会错发一批订单",
                "check the SKU binding first: one bad binding mis-ships many orders",
            ),
        },
    );
    match binding {
        None => d.act(ActionId::CheckSkuBinding),
        Some(true) => {
            d.found(Factor::BatchIncident);
            d.act(ActionId::ReportBindingError);
            d.act(ActionId::CountAffectedOrders);
        }
        Some(false) => {}
    }
    d.act(ActionId::CallBuyerProactively);
    let missing =
        d.case.request.kind == RequestKind::MissingItem || d.case.request.reason == Some(BuyerReason::MissingItem);
    let refund = d.case.request.wants == Some(Remedy::Refund);
    let items = concerned_titles(d);
    let zh = d.policy.remark.lang == Lang::Zh;
    match (missing, refund) {
        // The buyer wants the money for the missing line, not a reship.
        (true, true) => {
            let value = concerned_value(d);
            d.act_amount(ActionId::RefundLine, value);
            d.outcome(Outcome::RefundLine);
            d.reply(ReplyId::MissingRefund);
            d.rule(
                id::R_REMARK_5,
                text("漏发商品的退款写进备注，注明金额", "the refund of the missing line is written with its amount"),
            );
            let note =
                if zh { format!("漏发{items}，退该商品款") } else { format!("{items} missing: refunded") };
            d.write(Reason::PartialRefund, Details { amount: Some(value), note: writable(note), ..Details::default() });
        }
        (true, false) => {
            d.act(ActionId::ReshipMissingItem);
            d.reply(ReplyId::MissingReship);
            let note = if zh { format!("漏发，补发{items}") } else { format!("missing: reship {items}") };
            d.write(Reason::Reship, Details { note: writable(note), ..Details::default() });
        }
        (false, _) => {
            d.act(ActionId::ExchangeWrongItem);
            d.reply(ReplyId::WrongReship);
            let right = d.case.request.new_variant.clone().or_else(|| concerned(d).find_map(|i| i.variant.clone()));
            let note = match (right, zh) {
                (Some(v), true) => format!("发错货，换成{v}"),
                (Some(v), false) => format!("wrong item: exchange to {v}"),
                (None, true) => "发错货，换成正确商品".to_owned(),
                (None, false) => "wrong item: exchange to the right one".to_owned(),
            };
            d.write(Reason::Exchange, Details { note: writable(note), ..Details::default() });
        }
    }
    if !(missing && refund) {
        d.outcome(if d.has_found(Factor::BatchIncident) { Outcome::BatchIncident } else { Outcome::ReshipOrExchange });
    }
    shipping_payer(d);
    shipped_flag(d);
}

/// A note when it can stand in an entry.
fn writable(note: String) -> Option<String> {
    is_writable_value(&note).then_some(note)
}

/// The lines concerned, by title, for an entry: “真皮腰带”、“运动袜”.
fn concerned_titles(d: &Draft<'_>) -> String {
    concerned(d).map(Item::name).collect::<Vec<_>>().join("、")
}

/// Damaged in transit: the carrier is responsible; the merchant handles the buyer.
pub fn damaged(d: &mut Draft<'_>) {
    locate(
        d,
        Responsibility::Carrier,
        text("运输途中破损：快递责任", "damaged in transit: the carrier is responsible"),
    );
    d.rule(
        id::R_DEFECT_1,
        text("和买家确认破损情况，收集包裹照片", "confirm the damage with the buyer and collect photos of the parcel"),
    );
    if !has_visual_evidence(d) {
        d.act(ActionId::CollectPhotosOrVideo);
    }
    d.act(ActionId::FileCarrierClaim);
    d.act(ActionId::ReshipOrRefund);
    d.outcome(Outcome::CarrierClaim);
    d.reply(if has_visual_evidence(d) { ReplyId::DamagedPhotosIn } else { ReplyId::Damaged });
    shipping_payer(d);
    shipped_flag(d);
    // The remedy is still the buyer's to choose: the entry says what is awaited, not
    // 【补发】 as if it were decided (R-REMARK-2).
    let awaited = match (d.policy.remark.lang, has_visual_evidence(d)) {
        (Lang::Zh, true) => "包裹破损，已向快递索赔，待买家选择补发或退款",
        (Lang::Zh, false) => "包裹破损，待买家照片后向快递索赔，待买家选择补发或退款",
        (Lang::En, true) => "damaged in transit: carrier claim filed, buyer to choose reship or refund",
        (Lang::En, false) => {
            "damaged in transit: claim once the buyer's photos arrive; buyer to choose reship or refund"
        }
    };
    write_noted(d, Reason::FollowUp, awaited);
}

/// R-PRICE-1: the shop gives no price protection, or not during a promotion in force;
/// a coupon instead when the policy has one. Returns whether it refused.
fn refuse_price_protection(d: &mut Draft<'_>) -> bool {
    let (case, policy) = (d.case, &d.policy.price_protection);
    let refusing =
        case.context.promotions.iter().find(|p| p.covers(&case.now) && policy.refused_during.contains(&p.name));
    if policy.enabled && refusing.is_none() {
        return false;
    }
    let because = match refusing {
        Some(p) => text(
            format!("「{}」活动进行中，活动期间不支持价保", p.name),
            format!("no price protection during `{}`, which is in force", p.name),
        ),
        None => text("本店不支持价保", "the shop gives no price protection"),
    };
    d.rule(id::R_PRICE_1, because);
    d.act(ActionId::ExplainNoPriceProtection);
    d.outcome(Outcome::NoPriceRefund);
    d.reply(if refusing.is_some() { ReplyId::PriceRefused } else { ReplyId::PriceRefusedShop });
    if let Some(coupon) = policy.coupon {
        d.act_amount(ActionId::OfferCoupon, coupon);
        // A coupon granted is money given: written with its purpose and amount (R-REMARK-5).
        d.rule(
            id::R_REMARK_5,
            text("优惠券写进备注，注明用途和金额", "the coupon is written with its purpose and amount"),
        );
        let note = match d.policy.remark.lang {
            Lang::Zh => "不支持价保，送优惠券",
            Lang::En => "no price protection: coupon instead",
        };
        d.write(
            Reason::Compensation,
            Details { amount: Some(coupon), note: Some(note.to_owned()), ..Details::default() },
        );
    }
    true
}

/// R-PRICE-1, R-PRICE-2.
pub fn price_difference(d: &mut Draft<'_>) {
    let case = d.case;
    if case.request.reason == Some(BuyerReason::PagePriceError) {
        d.rule(
            id::R_PRICE_1,
            text(
                "低价是页面标错价，不是真降价：不退差价，保留证据",
                "the lower price was a page price error, not a real drop: no price refund; keep the evidence",
            ),
        );
        locate(d, Responsibility::Merchant, text("页面标错价是商家责任", "a page price error is the merchant's"));
        d.act(ActionId::KeepPriceEvidence);
        d.outcome(Outcome::NoPriceRefund);
        d.reply(ReplyId::PricePageError);
        return;
    }
    if refuse_price_protection(d) {
        return;
    }
    let Some(amount) = case.request.amount else {
        d.rule(
            id::R_PRICE_1,
            text(
                "买家没说金额：先核实是否真降价，并保留证据",
                "no amount given: check the drop is real and keep evidence before anything else",
            ),
        );
        d.act(ActionId::VerifyPriceDrop);
        d.act(ActionId::KeepPriceEvidence);
        d.outcome(Outcome::NoPriceRefund);
        d.reply(ReplyId::PriceVerify);
        return;
    };
    if over_payment(d, amount, id::R_PRICE_1) {
        return;
    }
    d.rule(
        id::R_PRICE_1,
        text(
            "核实确实降价（不是页面标错价），保留证据",
            "check the drop is real (not a page price error) and keep the evidence",
        ),
    );
    d.act(ActionId::VerifyPriceDrop);
    d.act(ActionId::KeepPriceEvidence);
    if case.order.status.is_unshipped() {
        d.rule(
            id::R_PRICE_2,
            text(
                "未发货订单不能部分退款：先发货，再以仅退款方式退差价",
                "an unshipped order cannot be partly refunded: ship first, then refund the difference as refund-only",
            ),
        );
        d.act(ActionId::ExpediteShipping);
        d.act_amount(ActionId::RefundDifferenceAfterShipping, amount);
        d.outcome(Outcome::ExpediteThenRefundDifference);
        d.reply(ReplyId::PriceExpedite);
        d.rule(id::R_FLAG_2, text("未发货订单有待处理的变更", "a change pending on an unshipped order"));
        d.propose_flag(d.policy.flags.roles.unshipped_change, id::R_FLAG_2);
    } else {
        d.act_amount(ActionId::RefundDifference, amount);
        d.outcome(Outcome::RefundDifference);
        d.reply(ReplyId::PriceRefund);
        shipped_flag(d);
    }
    d.rule(id::R_REMARK_5, text("退差价写进备注，注明金额", "a price change is written with its amount"));
    d.write(Reason::PriceDifference, Details { amount: Some(amount), ..Details::default() });
}

/// A complaint: locate, apologise; escalation follows from the risk factors.
pub fn complaint(d: &mut Draft<'_>) {
    let who = responsibility_for(d.case.request.reason);
    locate(
        d,
        who,
        text("先查清问题和责任方，再答复买家", "locate the problem and who is responsible before answering"),
    );
    d.act(ActionId::Apologise);
    d.act(ActionId::PreparePlanBeforeContact);
    d.outcome(Outcome::HandleComplaint);
    d.reply(ReplyId::Complaint);
    if d.case.order.status.is_shipped() {
        shipped_flag(d);
    }
    // The follow-up says what is awaited (R-REMARK-2): the plan, then the buyer's words.
    let awaited = match d.policy.remark.lang {
        Lang::Zh => "买家投诉，已致歉，待给出处理方案",
        Lang::En => "complaint: apologised, plan to follow",
    };
    write_noted(d, Reason::FollowUp, awaited);
    if let (Responsibility::Buyer, Some(asked)) = (who, extra_asked(d)) {
        concede_step_by_step(
            d,
            asked,
            (
                "投诉时另要补偿，先提出这部分，待买家答复",
                "asked on a complaint: this part offered first, awaiting the buyer",
            ),
        );
    }
}

/// R-FAKE-1: a counterfeit claim. Never argue; verify first (serial, activation, the
/// purchase channel), then show the brand's authorisation and a quality report; at least
/// a senior agent; the marketplace's compensation for a proven fake is never promised
/// before verification, whatever the buyer asks.
pub fn counterfeit(d: &mut Draft<'_>) {
    d.rule(
        id::R_FAKE_1,
        text("买家质疑假货：不争辩；先核实，再出示授权书和质检报告；不承诺赔偿", "a counterfeit claim: never argue; verify first, then show the authorisation and quality report; promise no compensation"),
    );
    locate(
        d,
        Responsibility::Unknown,
        text("质疑假货要先核实，再定责任", "a counterfeit claim is verified before anyone is held responsible"),
    );
    let evidence = &d.case.request.evidence;
    if !evidence.contains(&Evidence::Serial) {
        d.act(ActionId::CheckSerial);
    }
    if !evidence.contains(&Evidence::Activation) {
        d.act(ActionId::CheckActivationTime);
    }
    d.act(ActionId::CheckPurchaseChannel);
    d.act(ActionId::ShowBrandAuthorisation);
    d.act(ActionId::ShowQualityReport);
    d.act(ActionId::KeepChatAsEvidence);
    if let Some(asked) = d.case.request.amount {
        d.warn(text(
            format!("买家要求{}元赔偿：核实前不承诺任何赔偿", crate::decision::plain(asked)),
            format!("the buyer asks {asked}: promise no compensation before verification"),
        ));
    }
    d.found(Factor::CounterfeitClaim);
    d.escalate(Level::Senior, Cause::new(Factor::CounterfeitClaim, id::R_FAKE_1));
    d.outcome(Outcome::VerifyAuthenticity);
    d.reply(ReplyId::FakeVerify);
    if d.case.order.status.is_shipped() {
        shipped_flag(d);
    }
    let awaited = match d.policy.remark.lang {
        Lang::Zh => "买家质疑假货，已请提供序列号和订单截图，待核实（核实前不承诺赔偿）",
        Lang::En => "counterfeit claim: serial and order screenshot asked, to verify (no compensation promised)",
    };
    write_noted(d, Reason::FollowUp, awaited);
}
