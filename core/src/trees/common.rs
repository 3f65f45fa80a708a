//! What several trees share: who is responsible and who pays (R-RESP-1, R-RESP-3), the
//! one retention attempt (R-CANCEL-6, R-RETAIN-1), step-by-step concessions (R-DELAY-1),
//! ship-by and stall clocks, the shipped-order flag and the remark entry. Helpers only:
//! no tree lives here, so every tree imports this file and none imports another tree
//! for a helper.

use crate::decision::{ActionId, Cause, Draft, Factor, Outcome, Payer, Responsibility};
use crate::model::case::{BuyerReason, Evidence};
use crate::model::duration::Span;
use crate::model::fact::Fact;
use crate::model::money::Money;
use crate::model::order::{OrderStatus, PresaleStage};
use crate::model::text::{text, Text};
use crate::model::time::Timestamp;
use crate::policy::ReplyId;
use crate::registry::id;
use crate::remark::{is_writable_value, Details, Lang, Reason};

/// R-RESP-1: who is responsible, from the reason.
pub(super) fn responsibility_for(reason: Option<BuyerReason>) -> Responsibility {
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

pub(super) fn locate(d: &mut Draft<'_>, who: Responsibility, because: Text) {
    d.rule(id::R_RESP_1, because);
    d.responsible(who);
}

/// R-RESP-3: who pays for goods travelling back, from responsibility and policy.
pub(super) fn shipping_payer(d: &mut Draft<'_>) {
    let policy = &d.policy.return_shipping;
    let (payer, because) = match d.responsibility {
        Responsibility::Merchant | Responsibility::Carrier => (
            Payer::Merchant,
            text(
                "商家或快递责任：退货运费由商家承担",
                "merchant or carrier at fault: the merchant pays return shipping",
            ),
        ),
        Responsibility::Buyer if !policy.buyer_pays_own_reason => (
            Payer::Merchant,
            text(
                "本店买家自身原因退货也由店铺承担运费",
                "the shop pays return shipping even for the buyer's own reason",
            ),
        ),
        Responsibility::Buyer if policy.insurance_covers && d.case.context.freight_insurance => (
            Payer::FreightInsurance,
            text(
                "买家自身原因，订单有运费险，由运费险承担",
                "the buyer's own reason, covered by the order's freight insurance",
            ),
        ),
        Responsibility::Buyer => (
            Payer::Buyer,
            text("买家自身原因：退货运费由买家承担", "the buyer's own reason: the buyer pays return shipping"),
        ),
        _ => (
            Payer::Merchant,
            text(
                "不是买家责任：退货运费由商家承担",
                "responsibility not the buyer's: the merchant pays return shipping",
            ),
        ),
    };
    d.rule(id::R_RESP_3, because);
    d.payer = payer;
}

/// R-CANCEL-6 / R-RETAIN-1: one attempt to solve the buyer's own problem first, when the
/// reason is theirs (`own_reason`), the shop retains, and no attempt was made yet.
/// Returns whether the attempt is part of the plan.
pub(super) fn retention(d: &mut Draft<'_>, rule: &'static str, own_reason: bool) -> bool {
    let request = &d.case.request;
    if !own_reason || !d.policy.retention || request.insists || d.case.context.retention_attempted {
        return false;
    }
    d.rule(
        rule,
        text(
            "买家自身原因：先挽留一次，买家仍坚持再照办",
            "the reason is the buyer's own: try once to solve it, then proceed if they still want to",
        ),
    );
    d.act(ActionId::RetentionAttempt);
    true
}

/// The risk factors of the case (R-ESC-RISK), in the rulebook's order (a fixed list:
/// no allocation). Escalation weighs them after the trees; R-DELAY-1 reads them first.
pub(super) fn factors(d: &Draft<'_>) -> [(bool, Factor); 7] {
    let case = d.case;
    let risk = &case.context.risk;
    let p = &d.policy.risk;
    let repeat = case.context.contacts_on_issue >= p.repeat_contacts && p.repeat_contacts > 0;
    let high_value = p.high_order_value.is_some_and(|v| case.order.total >= v);
    [
        (risk.threatens_exposure, Factor::PublicExposure),
        (risk.platform_intervention, Factor::PlatformIntervention),
        (risk.broken_promise_complaint, Factor::BrokenPromise),
        (repeat, Factor::RepeatContacts),
        (risk.negative_review, Factor::NegativeReview),
        (high_value, Factor::HighOrderValue),
        (d.has_found(Factor::BatchIncident), Factor::BatchIncident),
    ]
}

/// R-DELAY-1: money a buyer at fault asks beyond the rule's remedy. Conceding is the
/// exception that protects the brand: only with a risk factor (R-ESC-RISK; a negative
/// review is not one here, because money for a review is never paid, R-REVIEW-1), a
/// first step of part of it, within the role's limit (R-ESC-DISCOUNT; above it the
/// supervisor decides), and written as its own compensation entry with its purpose.
/// A buyer at fault with no risk factor gets the rule's remedy and no extra money.
pub(super) fn concede_step_by_step(d: &mut Draft<'_>, asked: Money, purpose: (&str, &str)) {
    let risks: Vec<Factor> =
        factors(d).into_iter().filter(|(on, f)| *on && *f != Factor::NegativeReview).map(|(_, f)| f).collect();
    if risks.is_empty() {
        d.rule(
            id::R_DELAY_1,
            text(
                format!("买家自身原因，另要{}元，且无风险因素：按规则处理，不额外给钱", crate::decision::plain(asked)),
                format!(
                    "the buyer is at fault and asks {asked} on top with no risk factor: the rule's remedy, no extra money"
                ),
            ),
        );
        d.warn(text(
            format!("买家自身原因，另要{}元，且无风险因素：按规则处理，不额外给钱", crate::decision::plain(asked)),
            format!("the buyer's own reason and {asked} asked on top with no risk factor: the rule's remedy only, no extra money"),
        ));
        return;
    }
    let percent = i64::from(d.policy.concession_first_step_percent);
    let first = Money::from_fen(asked.fen().saturating_mul(percent) / 100);
    let names: Vec<&str> = risks.iter().map(|f| f.name()).collect();
    let names_zh: Vec<&str> = risks.iter().map(|f| f.name_zh()).collect();
    let limit = d.policy.discount_limits.for_role(d.case.agent.role);
    if limit.is_some_and(|limit| first > limit) {
        d.rule(
            id::R_DELAY_1,
            text(
                format!(
                    "买家自身原因，另要{}元；有风险（{}），可先让{}元，但超出本岗位权限：由主管决定",
                    crate::decision::plain(asked),
                    names_zh.join("、"),
                    crate::decision::plain(first)
                ),
                format!(
                    "buyer at fault asks {asked} on top; risk ({}) allows a first step of {first}, over the role's limit: the supervisor decides",
                    names.join(", ")
                ),
            ),
        );
        d.escalate(d.policy.risk.discount_over_limit, Cause::new(Factor::ConcessionOverLimit, id::R_DELAY_1));
        d.act_amount(ActionId::ReferToSupervisor, first);
        return;
    }
    if first == Money::ZERO {
        return;
    }
    d.rule(
        id::R_DELAY_1,
        text(
            format!(
                "买家自身原因，另要{}元；有风险（{}）：先让一部分（{}元），不一次全给",
                crate::decision::plain(asked),
                names_zh.join("、"),
                crate::decision::plain(first)
            ),
            format!(
                "buyer at fault asks {asked} on top; risk ({}): concede part ({first}) first, never everything at once",
                names.join(", ")
            ),
        ),
    );
    d.act_amount(ActionId::OfferPartialConcession, first);
    d.rule(
        id::R_REMARK_5,
        text(
            "让步单独写一条备注，注明用途和金额",
            "the concession is written as its own entry, with its purpose and amount",
        ),
    );
    let note = match d.policy.remark.lang {
        Lang::Zh => purpose.0,
        Lang::En => purpose.1,
    };
    d.write_also(
        Reason::Compensation,
        Details { amount: Some(first), note: Some(note.to_owned()), ..Details::default() },
    );
}

/// R-FLAG-2: after-sales on a shipped order.
pub(super) fn shipped_flag(d: &mut Draft<'_>) {
    d.rule(id::R_FLAG_2, text("已发货订单的售后", "after-sales on a shipped order"));
    d.propose_flag(d.policy.flags.roles.shipped_aftersales, id::R_FLAG_2);
}

/// Photos or video are in hand.
pub(super) fn has_visual_evidence(d: &Draft<'_>) -> bool {
    d.case.request.evidence.iter().any(|e| matches!(e, Evidence::Photo | Evidence::Video))
}

/// The note of a follow-up entry that waits for photos or video.
pub(super) fn evidence_note(d: &Draft<'_>) -> String {
    match d.policy.remark.lang {
        Lang::Zh => "已请买家提供照片或视频".to_owned(),
        Lang::En => "asked the buyer for photos or video".to_owned(),
    }
}

/// The remark entry for a cancellation or change, with the buyer's words as the note.
pub(super) fn write_entry(d: &mut Draft<'_>, reason: Reason) {
    write_entry_amount(d, reason, None);
}

/// [`write_entry`] with an amount: money conceded is written with its amount (R-REMARK-5).
pub(super) fn write_entry_amount(d: &mut Draft<'_>, reason: Reason, amount: Option<Money>) {
    if amount.is_some() {
        d.rule(id::R_REMARK_5, text("让步写进备注，注明金额", "the concession is written with its amount"));
    }
    // The buyer's words go in only when they can stand as one value of one line.
    let note = d.case.request.reason_text.clone().filter(|t| is_writable_value(t));
    d.write(reason, Details { note, amount, ..Details::default() });
}

/// The ship-by time and where it came from: the order's own promise; a presale order's
/// ship date; else, when the data carries no promise (most exports), the pay time plus
/// the shop's ship window (R-PROACTIVE-1: default 48 h, the marketplace's default).
pub(super) fn ship_by(d: &Draft<'_>) -> Option<(Timestamp, ShipBySource)> {
    let order = &d.case.order;
    if let Some(by) = order.ship_by {
        return Some((by, ShipBySource::Order));
    }
    if let Some(presale) = &order.presale {
        // A presale ships on its presale date, not within the ordinary window; without
        // the date its ship-by is unknown, never guessed from the pay time.
        return presale.ship_date.map(|date| (date, ShipBySource::Presale));
    }
    let paid = order.paid_at?;
    let window = i64::from(d.policy.late.ship_window_hours) * 60;
    Some((paid.plus_minutes(window)?, ShipBySource::PayTimeAndWindow))
}

/// Where a ship-by time came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ShipBySource {
    /// The order's promised ship time.
    Order,
    /// A presale order's ship date.
    Presale,
    /// Pay time plus the shop's ship window.
    PayTimeAndWindow,
}

/// An entry whose note says what was done or is awaited, then the buyer's words
/// (R-REMARK-2: the substance, not only the label).
pub(super) fn write_noted(d: &mut Draft<'_>, reason: Reason, what: &str) {
    let words = d.case.request.reason_text.as_deref().filter(|t| is_writable_value(t));
    let note = match words {
        Some(words) if d.policy.remark.lang == Lang::Zh => format!("{what}；买家原话：{words}"),
        Some(words) => format!("{what}; buyer: {words}"),
        None => what.to_owned(),
    };
    let note = is_writable_value(&note).then_some(note);
    d.write(reason, Details { note, ..Details::default() });
}

/// Minutes left before ship-by when the order is unshipped and past or within the
/// shop's margin (R-CANCEL-7, R-LATE-1, R-PROACTIVE-1); `None` otherwise. A ship-by
/// that is derived is said in the trace and in the decision's `derived` facts.
pub(super) fn ship_by_at_risk(d: &mut Draft<'_>) -> Option<i64> {
    let order = &d.case.order;
    if !matches!(order.status, OrderStatus::Paid | OrderStatus::Pushed) {
        return None;
    }
    // A presale order whose balance is not paid has no ship-by yet.
    if order.presale.as_ref().is_some_and(|p| p.stage == PresaleStage::DepositPaid) {
        return None;
    }
    let (by, source) = ship_by(d)?;
    let minutes = d.case.now.minutes_until(&by);
    match source {
        ShipBySource::Order => {}
        ShipBySource::Presale => d.derive(Fact::ShipBy, "presale ship date"),
        ShipBySource::PayTimeAndWindow => {
            let window = d.policy.late.ship_window_hours;
            d.derive(Fact::ShipBy, format!("pay time + the shop's ship window ({window} h)"));
        }
    }
    (minutes <= i64::from(d.policy.late.ship_by_margin_hours) * 60).then_some(minutes)
}

/// The trace's wording for a ship-by at risk, the time as people say it ("逾期13天",
/// "还剩5小时"), saying where a derived ship-by came from.
pub(super) fn ship_by_because(d: &Draft<'_>, minutes: i64) -> Text {
    let span = Span::minutes(minutes);
    let (mut zh, mut en) = if minutes < 0 {
        (format!("已过承诺发货时间，{}", span.late().zh), format!("ship-by passed, {}", span.late().en))
    } else {
        (
            format!("距承诺发货时间{}，已在店铺预警范围内", span.left().zh),
            format!("ship-by in {}, within the shop's margin", span.en()),
        )
    };
    if let Some(derived) = d.derived.iter().find(|x| x.fact == Fact::ShipBy) {
        zh.push_str(
            match ship_by(d) {
                Some((_, ShipBySource::Presale)) => "（承诺发货时间取预售发货日）".to_owned(),
                _ => format!("（承诺发货时间按付款时间加{}小时推算）", d.policy.late.ship_window_hours),
            }
            .as_str(),
        );
        en.push_str(" (ship-by derived from the ");
        en.push_str(&derived.from);
        en.push(')');
    }
    text(zh, en)
}

/// Whether the parcel has had no logistics update for the shop's stall time.
pub(super) fn stalled(d: &Draft<'_>) -> Option<i64> {
    let case = d.case;
    let order = &case.order;
    let last = case.context.logistics.last_event_at.or(order.picked_up_at).or(order.shipped_at)?;
    let hours = last.minutes_until(&case.now) / 60;
    (case.context.logistics.stalled || hours >= i64::from(d.policy.stall_hours)).then_some(hours)
}

/// Money asked back (a price difference) beyond what the buyer paid is never
/// routine: the supervisor decides, with a warning for the agent. Returns whether it
/// was; `rule` is the rule of the tree that was asked.
pub(super) fn over_payment(d: &mut Draft<'_>, asked: Money, rule: &'static str) -> bool {
    let paid = d.case.order.total;
    if asked <= paid {
        return false;
    }
    d.rule(
        rule,
        text(
            format!("买家要{asked}元，超过实付{paid}元：不能按常规处理，由主管决定"),
            format!("{asked} asked is more than the {paid} the buyer paid: never routine, the supervisor decides"),
        ),
    );
    d.escalate(d.policy.risk.discount_over_limit, Cause::new(Factor::OverPayment, rule));
    d.act_amount(ActionId::ReferToSupervisor, asked);
    d.outcome(Outcome::SupervisorDecides);
    d.reply(ReplyId::MoneyRefer);
    d.warn(text(
        format!("买家要求的金额{asked}元超过实付{paid}元：不能直接处理，请主管核实"),
        format!("{asked} asked is more than the {paid} paid: do not grant it; the supervisor checks it"),
    ));
    true
}
