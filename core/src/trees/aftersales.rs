//! After-sales: returns, exchanges, refunds, defects, wrong or missing items, damage,
//! price differences, late and stalled parcels, complaints (R-RESP-*, R-DEFECT-*,
//! R-WRONG-1, R-LATE-1, R-STALL-1, R-PRICE-*, R-RETAIN-1, R-DELAY-1).
//!
//! First locate the problem and who is responsible, then the plan (003 §1); risk is
//! assessed afterwards by `escalate`.

use crate::cancel;
use crate::case::{BuyerReason, Evidence, Remedy, RequestKind};
use crate::decision::{Channel, Draft, Outcome, Payer, Responsibility};
use crate::money::Money;
use crate::order::OrderStatus;
use crate::remark::{Details, Reason};
use crate::text::text;

/// R-RESP-1: who is responsible, from the reason.
pub fn responsibility_for(reason: Option<BuyerReason>) -> Responsibility {
    match reason {
        Some(
            BuyerReason::Defect
            | BuyerReason::WrongItem
            | BuyerReason::MissingItem
            | BuyerReason::LateShipment
            | BuyerReason::PagePriceError,
        ) => Responsibility::Merchant,
        Some(BuyerReason::DamagedInTransit | BuyerReason::Stalled) => Responsibility::Carrier,
        Some(r) if r.is_buyers_own() => Responsibility::Buyer,
        Some(BuyerReason::ForceMajeure) => Responsibility::ForceMajeure,
        _ => Responsibility::Unknown,
    }
}

fn locate(d: &mut Draft<'_>, who: Responsibility, because: &'static str) {
    d.rule("R-RESP-1", because);
    d.responsible(who);
}

/// R-RESP-3: who pays for goods travelling back, from responsibility and policy.
pub fn shipping_payer(d: &mut Draft<'_>) {
    let policy = &d.policy.return_shipping;
    let (payer, because) = match d.responsibility {
        Responsibility::Merchant | Responsibility::Carrier => {
            (Payer::Merchant, "merchant or carrier at fault: the merchant pays return shipping")
        }
        Responsibility::Buyer if !policy.buyer_pays_own_reason => {
            (Payer::Merchant, "the shop pays return shipping even for the buyer's own reason")
        }
        Responsibility::Buyer if policy.insurance_covers && d.case.context.freight_insurance => {
            (Payer::FreightInsurance, "the buyer's own reason, covered by the order's freight insurance")
        }
        Responsibility::Buyer => (Payer::Buyer, "the buyer's own reason: the buyer pays return shipping"),
        _ => (Payer::Merchant, "responsibility not the buyer's: the merchant pays return shipping"),
    };
    d.rule("R-RESP-3", because);
    d.payer = payer;
}

/// R-RESP-2: merchant at fault, call first and apologise; buyer at fault, stay online and
/// keep written evidence. Runs after the trees.
pub fn contact(d: &mut Draft<'_>) {
    match d.responsibility {
        Responsibility::Merchant => {
            d.rule("R-RESP-2", "merchant at fault: phone first, apologise, act fast");
            d.contact.channel = Channel::Phone;
        }
        Responsibility::Buyer if d.outcome != Outcome::BuyerClosesOrder => {
            d.rule(
                "R-RESP-2",
                "buyer at fault: talk online and keep written evidence; confirm any phone agreement in chat",
            );
            d.contact.channel = Channel::Online;
            d.contact.written_confirmation = true;
        }
        _ => {}
    }
}

fn shipped_flag(d: &mut Draft<'_>) {
    d.rule("R-FLAG-2", "after-sales on a shipped order");
    d.propose_flag(d.policy.flags.roles.shipped_aftersales, "R-FLAG-2");
}

fn has_visual_evidence(d: &Draft<'_>) -> bool {
    d.case.request.evidence.iter().any(|e| matches!(e, Evidence::Photo | Evidence::Video))
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
    let retaining = cancel::retention(d, "R-RETAIN-1", own);
    if own {
        concede_step_by_step(d);
    }
    let exchange = d.case.request.kind == RequestKind::Exchange || d.case.request.wants == Some(Remedy::Exchange);
    d.act("guide_return_application");
    if exchange {
        d.act("exchange_after_return_received");
        d.outcome(Outcome::ReturnThenExchange);
        d.reply("return.exchange");
    } else {
        d.act_amount("refund_after_return_received", d.case.order.total);
        d.outcome(Outcome::ReturnThenRefund);
        d.reply("return.refund");
    }
    if retaining {
        d.reply("return.retention");
    }
    shipping_payer(d);
    shipped_flag(d);
    cancel::write_entry(d, if exchange { Reason::Exchange } else { Reason::Return });
}

/// R-DELAY-1: a buyer at fault who asks for money gets part of it, step by step.
fn concede_step_by_step(d: &mut Draft<'_>) {
    let Some(asked) = d.case.request.amount else { return };
    let percent = i64::from(d.policy.concession_first_step_percent.min(100));
    let first = Money::from_fen(asked.fen().saturating_mul(percent) / 100);
    d.rule("R-DELAY-1", format!("buyer at fault asks {asked}: concede part ({first}) first, never everything at once"));
    d.act_amount("offer_partial_concession", first);
}

/// R-DEFECT-1..3.
pub fn defect(d: &mut Draft<'_>) {
    d.rule("R-DEFECT-1", "a defect: confirm the problem with the buyer and collect photos or video");
    d.act("confirm_problem_with_buyer");
    batch_check(d);
    if !has_visual_evidence(d) {
        locate(d, Responsibility::Unknown, "no photos or video yet: responsibility is not established");
        d.act("collect_photos_or_video");
        d.propose_flag(d.policy.flags.roles.awaiting_buyer, "R-DEFECT-1");
        if !d.batch_incident {
            d.outcome(Outcome::CollectEvidence);
            d.reply("defect.evidence");
        }
        d.write(Reason::FollowUp, Details { note: Some(evidence_note(d)), ..Details::default() });
        return;
    }
    locate(d, Responsibility::Merchant, "a defect shown in photos or video: the merchant is responsible");
    d.rule("R-DEFECT-2", "replacement or refund only against the defective item's return (or proof of destruction)");
    d.act("arrange_return_of_defective_item");
    let replace = matches!(d.case.request.wants, Some(Remedy::Replacement | Remedy::Exchange | Remedy::Reship));
    if replace {
        d.act("reship_replacement_after_return");
        d.outcome(Outcome::ReplaceAgainstReturn);
        d.reply("defect.replace");
    } else {
        d.act_amount("refund_after_return_received", d.case.order.total);
        d.outcome(Outcome::RefundAgainstReturn);
        d.reply("defect.refund");
    }
    if d.batch_incident {
        d.outcome(Outcome::BatchIncident);
        d.reply("defect.batch");
    }
    shipping_payer(d);
    shipped_flag(d);
    cancel::write_entry(d, if replace { Reason::Exchange } else { Reason::Return });
}

fn evidence_note(d: &Draft<'_>) -> String {
    match d.policy.remark.lang {
        crate::remark::Lang::Zh => "已请买家提供照片或视频".to_owned(),
        crate::remark::Lang::En => "asked the buyer for photos or video".to_owned(),
    }
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
    for sku in skus {
        let earlier = case
            .context
            .defect_reports
            .iter()
            .filter(|r| r.sku == sku && r.order_id.as_deref() != Some(case.order.order_id.as_str()))
            .filter(|r| (0..=window_minutes).contains(&r.at.minutes_until(&case.now)))
            .count();
        let count = u32::try_from(earlier).unwrap_or(u32::MAX).saturating_add(1);
        if count >= threshold {
            d.rule(
                "R-DEFECT-3",
                format!(
                    "{count} defect reports for {sku} within {} days (threshold {threshold}): batch incident",
                    d.policy.batch.window_days
                ),
            );
            d.batch_incident = true;
            d.act("report_batch_incident");
            d.act("use_agreed_wording");
            d.act_detail("count_affected_orders", sku.to_owned());
            d.outcome(Outcome::BatchIncident);
            d.reply("defect.batch");
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
            (Evidence::Serial, "check_serial"),
            (Evidence::Activation, "check_activation_time"),
            (Evidence::WarehouseRecord, "check_warehouse_record"),
            (Evidence::CarrierRecord, "check_carrier_record"),
        ] {
            if !d.case.request.evidence.contains(&evidence) {
                d.act(action);
            }
        }
        d.act("collect_photos_or_video");
        d.outcome(Outcome::Investigate);
        d.reply("investigate");
        shipped_flag(d);
        d.write(Reason::FollowUp, Details { note: Some(evidence_note(d)), ..Details::default() });
        return;
    }
    locate(d, Responsibility::Merchant, "a wrong or missing item: the merchant is responsible");
    let binding = d.case.context.sku_binding_error;
    d.rule(
        "R-WRONG-1",
        match binding {
            Some(true) => "the SKU binding is wrong: many orders may be mis-shipped",
            Some(false) => "the SKU binding was checked and is right: an individual error",
            None => "check the SKU binding first: one bad binding mis-ships many orders",
        },
    );
    match binding {
        None => d.act("check_sku_binding"),
        Some(true) => {
            d.batch_incident = true;
            d.act("report_binding_error");
            d.act("count_affected_orders");
        }
        Some(false) => {}
    }
    d.act("call_buyer_proactively");
    let missing =
        d.case.request.kind == RequestKind::MissingItem || d.case.request.reason == Some(BuyerReason::MissingItem);
    if missing {
        d.act("reship_missing_item");
    } else {
        d.act("exchange_wrong_item");
    }
    d.outcome(if d.batch_incident { Outcome::BatchIncident } else { Outcome::ReshipOrExchange });
    d.reply("wrong.reship");
    shipping_payer(d);
    shipped_flag(d);
    cancel::write_entry(d, if missing { Reason::Reship } else { Reason::Exchange });
}

/// Damaged in transit: the carrier is responsible; the merchant handles the buyer.
pub fn damaged(d: &mut Draft<'_>) {
    locate(d, Responsibility::Carrier, "damaged in transit: the carrier is responsible");
    d.rule("R-DEFECT-1", "confirm the damage with the buyer and collect photos of the parcel");
    if !has_visual_evidence(d) {
        d.act("collect_photos_or_video");
    }
    d.act("file_carrier_claim");
    d.act("reship_or_refund");
    d.outcome(Outcome::CarrierClaim);
    d.reply("damaged");
    shipping_payer(d);
    shipped_flag(d);
    cancel::write_entry(d, Reason::Reship);
}

/// R-PRICE-1, R-PRICE-2.
pub fn price_difference(d: &mut Draft<'_>) {
    let case = d.case;
    let policy = &d.policy.price_protection;
    if case.request.reason == Some(BuyerReason::PagePriceError) {
        d.rule(
            "R-PRICE-1",
            "the lower price was a page price error, not a real drop: no price refund; keep the evidence",
        );
        locate(d, Responsibility::Merchant, "a page price error is the merchant's");
        d.act("keep_price_evidence");
        d.outcome(Outcome::NoPriceRefund);
        d.reply("price.page_error");
        return;
    }
    let refusing =
        case.context.promotions.iter().find(|p| p.covers(&case.now) && policy.refused_during.contains(&p.name));
    if !policy.enabled || refusing.is_some() {
        let because = match refusing {
            Some(p) => format!("no price protection during `{}`, which is in force", p.name),
            None => "the shop gives no price protection".to_owned(),
        };
        d.rule("R-PRICE-1", because);
        d.act("explain_no_price_protection");
        if let Some(coupon) = policy.coupon {
            d.act_amount("offer_coupon", coupon);
        }
        d.outcome(Outcome::NoPriceRefund);
        d.reply("price.refused");
        return;
    }
    let Some(amount) = case.request.amount else {
        d.rule("R-PRICE-1", "no amount given: check the drop is real and keep evidence before anything else");
        d.act("verify_price_drop");
        d.act("keep_price_evidence");
        d.outcome(Outcome::NoPriceRefund);
        d.reply("price.verify");
        return;
    };
    d.rule("R-PRICE-1", "check the drop is real (not a page price error) and keep the evidence");
    d.act("verify_price_drop");
    d.act("keep_price_evidence");
    if case.order.status.is_unshipped() {
        d.rule(
            "R-PRICE-2",
            "an unshipped order cannot be partly refunded: ship first, then refund the difference as refund-only",
        );
        d.act("expedite_shipping");
        d.act_amount("refund_difference_after_shipping", amount);
        d.outcome(Outcome::ExpediteThenRefundDifference);
        d.reply("price.expedite");
        d.rule("R-FLAG-2", "a change pending on an unshipped order");
        d.propose_flag(d.policy.flags.roles.unshipped_change, "R-FLAG-2");
    } else {
        d.act_amount("refund_difference", amount);
        d.outcome(Outcome::RefundDifference);
        d.reply("price.refund");
        shipped_flag(d);
    }
    d.rule("R-REMARK-5", "a price change is written with its amount");
    d.write(Reason::PriceDifference, Details { amount: Some(amount), ..Details::default() });
}

/// A complaint: locate, apologise; escalation follows from the risk factors.
pub fn complaint(d: &mut Draft<'_>) {
    let who = responsibility_for(d.case.request.reason);
    locate(d, who, "locate the problem and who is responsible before answering");
    d.act("apologise");
    d.act("prepare_plan_before_contact");
    if who == Responsibility::Buyer {
        concede_step_by_step(d);
    }
    d.outcome(Outcome::HandleComplaint);
    d.reply("complaint");
    if d.case.order.status.is_shipped() {
        shipped_flag(d);
    }
    cancel::write_entry(d, Reason::FollowUp);
}

/// Minutes left before ship-by when the order is unshipped and past or within the
/// shop's margin (R-CANCEL-7, R-LATE-1, R-PROACTIVE-1); `None` otherwise.
pub fn ship_by_at_risk(d: &Draft<'_>) -> Option<i64> {
    let order = &d.case.order;
    if !matches!(order.status, OrderStatus::Paid | OrderStatus::Pushed) {
        return None;
    }
    let minutes = d.case.now.minutes_until(order.ship_by.as_ref()?);
    (minutes <= i64::from(d.policy.late.ship_by_margin_hours) * 60).then_some(minutes)
}

/// The trace's wording for a ship-by at risk.
pub fn ship_by_because(minutes: i64) -> String {
    if minutes < 0 {
        format!("ship-by passed {} h {} min ago", -minutes / 60, -minutes % 60)
    } else {
        format!("ship-by in {} h {} min, within the shop's margin", minutes / 60, minutes % 60)
    }
}

/// Whether the parcel has had no logistics update for the shop's stall time.
pub fn stalled(d: &Draft<'_>) -> Option<i64> {
    let case = d.case;
    let order = &case.order;
    let last = case.context.logistics.last_event_at.or(order.picked_up_at).or(order.shipped_at)?;
    let hours = last.minutes_until(&case.now) / 60;
    (case.context.logistics.stalled || hours >= i64::from(d.policy.stall_hours)).then_some(hours)
}

/// "Where is my order?" (R-CANCEL-7, R-LATE-1, R-STALL-1, R-WORD-SHIPPED).
pub fn where_is(d: &mut Draft<'_>) {
    let order = &d.case.order;
    match order.status {
        OrderStatus::Paid | OrderStatus::Pushed => {
            if let Some(minutes) = ship_by_at_risk(d) {
                d.rule("R-CANCEL-7", ship_by_because(minutes));
                late(d);
            } else {
                d.act("give_ship_time");
                d.outcome(Outcome::InformShipTime);
                d.reply("ship.time");
            }
        }
        OrderStatus::Unpaid => {
            d.act("give_ship_time");
            d.outcome(Outcome::InformShipTime);
            d.reply("ship.unpaid");
        }
        OrderStatus::Shipped => {
            if let Some(hours) = stalled(d) {
                stall(d, hours);
            } else if order.picked_up_at.is_none() {
                d.rule(
                    "R-WORD-SHIPPED",
                    "shipped but not picked up: say the warehouse has sent it out, not that it has shipped",
                );
                d.outcome(Outcome::InformWarehouseShipped);
                d.reply("ship.warehouse");
            } else {
                d.act("give_tracking");
                d.outcome(Outcome::GiveTracking);
                d.reply("tracking");
            }
        }
        OrderStatus::Delivered => {
            d.act("confirm_receipt_with_buyer");
            d.outcome(Outcome::ConfirmDelivery);
            d.reply("delivered");
        }
        OrderStatus::Closed => d.reply("cancel.closed"),
    }
}

/// R-LATE-1: tell the buyer when it can ship, apologise, offer compensation.
pub fn late(d: &mut Draft<'_>) {
    d.rule("R-LATE-1", "past ship-by: give a date proactively, apologise, offer the shop's compensation");
    locate(d, Responsibility::Merchant, "a late shipment is the merchant's");
    d.act("apologise");
    d.act("give_ship_date");
    d.act("confirm_still_wanted");
    d.act("urge_warehouse");
    let compensation = d.policy.late.compensation;
    if let Some(amount) = compensation {
        d.act_amount("offer_compensation", amount);
    }
    d.outcome(Outcome::ApologiseAndExpedite);
    d.reply("late.apology");
    d.propose_flag(d.policy.flags.roles.awaiting_buyer, "R-LATE-1");
    if let Some(amount) = compensation {
        d.rule("R-REMARK-5", "compensation is written with its amount");
        d.write(Reason::Compensation, Details { amount: Some(amount), ..Details::default() });
    }
}

/// R-STALL-1: low risk; find the cause, report, notify, no absolute promises.
pub fn stall(d: &mut Draft<'_>, hours: i64) {
    d.rule("R-STALL-1", format!("no logistics update for {hours} h: find the cause, report it, notify the buyer"));
    locate(d, Responsibility::Carrier, "stalled in transit: the carrier is responsible");
    d.act("find_stall_cause");
    d.act("report_stall");
    d.act("notify_buyer");
    d.outcome(Outcome::InvestigateStall);
    d.reply("stall.notice");
    d.warn(text("快递停滞期间不要做绝对承诺（保证、一定）", "while the parcel is stalled, make no absolute promises"));
}
