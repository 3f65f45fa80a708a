//! After-sales: returns, exchanges, refunds, defects, wrong or missing items, damage,
//! price differences, complaints (R-RESP-1, R-DEFECT-*, R-WRONG-1, R-PRICE-*,
//! R-RETAIN-1, R-DELAY-1).
//!
//! First locate the problem and who is responsible, then the plan (003 §1); risk is
//! assessed afterwards by `escalate`.

use std::collections::HashMap;

use super::common::{
    concede_step_by_step, evidence_note, has_visual_evidence, locate, over_payment, responsibility_for, retention,
    shipped_flag, shipping_payer, write_entry, write_entry_amount,
};
use crate::decision::{ActionId, Draft, Factor, Outcome, Responsibility};
use crate::model::case::{BuyerReason, Evidence, Remedy, RequestKind};
use crate::policy::ReplyId;
use crate::registry::id;
use crate::remark::{Details, Reason};

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
    locate(d, who, "the reason for the return decides who is responsible");
    let own = who == Responsibility::Buyer;
    let retaining = retention(d, id::R_RETAIN_1, own);
    let conceded = if own { concede_step_by_step(d) } else { None };
    let exchange = d.case.request.kind == RequestKind::Exchange || d.case.request.wants == Some(Remedy::Exchange);
    d.act(ActionId::GuideReturnApplication);
    if exchange {
        d.act(ActionId::ExchangeAfterReturnReceived);
        d.outcome(Outcome::ReturnThenExchange);
        d.reply(ReplyId::ReturnExchange);
    } else {
        d.act_amount(ActionId::RefundAfterReturnReceived, d.case.order.total);
        d.outcome(Outcome::ReturnThenRefund);
        d.reply(ReplyId::ReturnRefund);
    }
    if retaining {
        d.reply(ReplyId::ReturnRetention);
    }
    shipping_payer(d);
    shipped_flag(d);
    write_entry_amount(d, if exchange { Reason::Exchange } else { Reason::Return }, conceded);
}

/// R-DEFECT-1..3.
pub fn defect(d: &mut Draft<'_>) {
    d.rule(id::R_DEFECT_1, "a defect: confirm the problem with the buyer and collect photos or video");
    d.act(ActionId::ConfirmProblemWithBuyer);
    batch_check(d);
    if !has_visual_evidence(d) {
        locate(d, Responsibility::Unknown, "no photos or video yet: responsibility is not established");
        d.act(ActionId::CollectPhotosOrVideo);
        d.propose_flag(d.policy.flags.roles.awaiting_buyer, id::R_DEFECT_1);
        if !d.has_found(Factor::BatchIncident) {
            d.outcome(Outcome::CollectEvidence);
            d.reply(ReplyId::DefectEvidence);
        }
        d.write(Reason::FollowUp, Details { note: Some(evidence_note(d)), ..Details::default() });
        return;
    }
    locate(d, Responsibility::Merchant, "a defect shown in photos or video: the merchant is responsible");
    d.rule(id::R_DEFECT_2, "replacement or refund only against the defective item's return (or proof of destruction)");
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
            d.rule(
                id::R_DEFECT_3,
                format!(
                    "{count} defect reports for {sku} within {} days (threshold {threshold}): batch incident",
                    d.policy.batch.window_days
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
        locate(d, Responsibility::Unknown, "nothing shows yet what happened: investigate before any refund");
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
    locate(d, Responsibility::Merchant, "a wrong or missing item: the merchant is responsible");
    let binding = d.case.context.sku_binding_error;
    d.rule(
        id::R_WRONG_1,
        match binding {
            Some(true) => "the SKU binding is wrong: many orders may be mis-shipped",
            Some(false) => "the SKU binding was checked and is right: an individual error",
            None => "check the SKU binding first: one bad binding mis-ships many orders",
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
    if missing {
        d.act(ActionId::ReshipMissingItem);
    } else {
        d.act(ActionId::ExchangeWrongItem);
    }
    d.outcome(if d.has_found(Factor::BatchIncident) { Outcome::BatchIncident } else { Outcome::ReshipOrExchange });
    d.reply(ReplyId::WrongReship);
    shipping_payer(d);
    shipped_flag(d);
    write_entry(d, if missing { Reason::Reship } else { Reason::Exchange });
}

/// Damaged in transit: the carrier is responsible; the merchant handles the buyer.
pub fn damaged(d: &mut Draft<'_>) {
    locate(d, Responsibility::Carrier, "damaged in transit: the carrier is responsible");
    d.rule(id::R_DEFECT_1, "confirm the damage with the buyer and collect photos of the parcel");
    if !has_visual_evidence(d) {
        d.act(ActionId::CollectPhotosOrVideo);
    }
    d.act(ActionId::FileCarrierClaim);
    d.act(ActionId::ReshipOrRefund);
    d.outcome(Outcome::CarrierClaim);
    d.reply(ReplyId::Damaged);
    shipping_payer(d);
    shipped_flag(d);
    write_entry(d, Reason::Reship);
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
        Some(p) => format!("no price protection during `{}`, which is in force", p.name),
        None => "the shop gives no price protection".to_owned(),
    };
    d.rule(id::R_PRICE_1, because);
    d.act(ActionId::ExplainNoPriceProtection);
    if let Some(coupon) = policy.coupon {
        d.act_amount(ActionId::OfferCoupon, coupon);
    }
    d.outcome(Outcome::NoPriceRefund);
    d.reply(ReplyId::PriceRefused);
    true
}

/// R-PRICE-1, R-PRICE-2.
pub fn price_difference(d: &mut Draft<'_>) {
    let case = d.case;
    if case.request.reason == Some(BuyerReason::PagePriceError) {
        d.rule(
            id::R_PRICE_1,
            "the lower price was a page price error, not a real drop: no price refund; keep the evidence",
        );
        locate(d, Responsibility::Merchant, "a page price error is the merchant's");
        d.act(ActionId::KeepPriceEvidence);
        d.outcome(Outcome::NoPriceRefund);
        d.reply(ReplyId::PricePageError);
        return;
    }
    if refuse_price_protection(d) {
        return;
    }
    let Some(amount) = case.request.amount else {
        d.rule(id::R_PRICE_1, "no amount given: check the drop is real and keep evidence before anything else");
        d.act(ActionId::VerifyPriceDrop);
        d.act(ActionId::KeepPriceEvidence);
        d.outcome(Outcome::NoPriceRefund);
        d.reply(ReplyId::PriceVerify);
        return;
    };
    if over_payment(d, amount, id::R_PRICE_1) {
        return;
    }
    d.rule(id::R_PRICE_1, "check the drop is real (not a page price error) and keep the evidence");
    d.act(ActionId::VerifyPriceDrop);
    d.act(ActionId::KeepPriceEvidence);
    if case.order.status.is_unshipped() {
        d.rule(
            id::R_PRICE_2,
            "an unshipped order cannot be partly refunded: ship first, then refund the difference as refund-only",
        );
        d.act(ActionId::ExpediteShipping);
        d.act_amount(ActionId::RefundDifferenceAfterShipping, amount);
        d.outcome(Outcome::ExpediteThenRefundDifference);
        d.reply(ReplyId::PriceExpedite);
        d.rule(id::R_FLAG_2, "a change pending on an unshipped order");
        d.propose_flag(d.policy.flags.roles.unshipped_change, id::R_FLAG_2);
    } else {
        d.act_amount(ActionId::RefundDifference, amount);
        d.outcome(Outcome::RefundDifference);
        d.reply(ReplyId::PriceRefund);
        shipped_flag(d);
    }
    d.rule(id::R_REMARK_5, "a price change is written with its amount");
    d.write(Reason::PriceDifference, Details { amount: Some(amount), ..Details::default() });
}

/// A complaint: locate, apologise; escalation follows from the risk factors.
pub fn complaint(d: &mut Draft<'_>) {
    let who = responsibility_for(d.case.request.reason);
    locate(d, who, "locate the problem and who is responsible before answering");
    d.act(ActionId::Apologise);
    d.act(ActionId::PreparePlanBeforeContact);
    let conceded = if who == Responsibility::Buyer { concede_step_by_step(d) } else { None };
    d.outcome(Outcome::HandleComplaint);
    d.reply(ReplyId::Complaint);
    if d.case.order.status.is_shipped() {
        shipped_flag(d);
    }
    match conceded {
        Some(amount) => write_entry_amount(d, Reason::Compensation, Some(amount)),
        None => write_entry(d, Reason::FollowUp),
    }
}
