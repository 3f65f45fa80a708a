//! A policy change's impact: one case decided under two policies, and what a supervisor
//! would see differ between the two decisions (domain.md §1: "check a policy change
//! before rolling it out").
//!
//! Deciding is the api's job (`diff` in `api/impact.rs`); this module only reads two
//! finished [`Decision`]s. A decision is cut down to its [`Side`], the part a supervisor
//! signs (headline, flag, level, who is at fault and pays, the money, the reply, the
//! remark, the rules that fired), and two sides are compared field by field into
//! [`ChangeKind`]s. Where the two traces part, the first step that differs is given on
//! each side: that is the rule that made the difference.

use schemars::JsonSchema;
use serde::Serialize;

use crate::decision::{ActionId, Decision, Outcome, Payer, RemarkOutcome, Responsibility, TraceStep};
use crate::model::flag::Flag;
use crate::model::level::Level;
use crate::model::money::Money;
use crate::model::names;
use crate::model::text::Label;

/// What a step's amount does with the shop's money, for the totals of a diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyMove {
    /// Given to the buyer off the price: a discount, a coupon, a concession.
    Granted,
    /// Paid back: a refund of the order, a line, a difference or a deposit.
    Refunded,
    /// Paid on top, for the shop's own fault (R-LATE-1).
    Compensated,
}

/// The family of an action's amount; `None` for an amount that moves none of the
/// shop's money (an amount asked of the supervisor, the platform's own payment, a
/// deposit kept). One exhaustive match: a new step must say which it is.
pub fn money_move(id: ActionId) -> Option<MoneyMove> {
    use ActionId as A;
    match id {
        A::GrantDiscount | A::OfferCoupon | A::OfferPartialConcession => Some(MoneyMove::Granted),
        A::RefundAfterReturnReceived
        | A::RefundPartial
        | A::RefundLine
        | A::RefundDifference
        | A::RefundDifferenceAfterShipping
        | A::RefundDeposit
        | A::RefundFull
        | A::GuideRefundApplication => Some(MoneyMove::Refunded),
        A::OfferCompensation => Some(MoneyMove::Compensated),
        A::ReferToSupervisor
        | A::MentionPlatformLatePayment
        | A::ExplainDepositNotRefunded
        | A::Apologise
        | A::ArrangeReturnOfDefectiveItem
        | A::AskExpectedAmount
        | A::AskForNewReceivingInformation
        | A::CallBuyerProactively
        | A::CheckActivationTime
        | A::CheckAddressQuantityStyle
        | A::CheckCarrierRecord
        | A::CheckOriginalOrderShipped
        | A::CheckWhichLinesShipped
        | A::CheckSerial
        | A::CheckSkuBinding
        | A::CheckWarehouseRecord
        | A::CloseOrder
        | A::CollectPhotosOrVideo
        | A::ConfirmProblemWithBuyer
        | A::ConfirmReceiptWithBuyer
        | A::ConfirmStillWanted
        | A::ConfirmWithBuyer
        | A::ContactBuyer
        | A::ContactCarrierToRedirect
        | A::ContactCarrierToReturn
        | A::CountAffectedOrders
        | A::ExchangeAfterReturnReceived
        | A::ExchangeWrongItem
        | A::ExpediteShipping
        | A::ExplainHowToClose
        | A::ExplainNoPriceProtection
        | A::FileCarrierClaim
        | A::FindStallCause
        | A::GiveShipDate
        | A::GiveShipTime
        | A::GiveTracking
        | A::AskReorderWithOnlinePayment
        | A::TalkValueFirst
        | A::GuideReturnApplication
        | A::HandOverToSeniorAgent
        | A::InformBuyerOfResult
        | A::KeepLeavingMessages
        | A::KeepPriceEvidence
        | A::NotifyBuyer
        | A::NotifyWarehouseOfChange
        | A::OfferRefundOrExchange
        | A::OrBuyerRefusesDelivery
        | A::PreparePlanBeforeContact
        | A::RecordEscalationCause
        | A::ReportBatchIncident
        | A::ReportBindingError
        | A::ReportStall
        | A::RequestWarehouseIntercept
        | A::ReshipMissingItem
        | A::ReshipOrRefund
        | A::ReshipReplacementAfterReturn
        | A::RetentionAttempt
        | A::SendPaymentReminder
        | A::TryChannel
        | A::UpdateReceiverInfo
        | A::UrgeWarehouse
        | A::UseAgreedWording
        | A::VerifyPriceDrop
        | A::AskWarehouseForShipDate
        | A::ShipRestFirst
        | A::DeclineNoReasonReturn
        | A::CheckPurchaseChannel
        | A::ShowBrandAuthorisation
        | A::ShowQualityReport
        | A::KeepChatAsEvidence
        | A::RefuseReviewCashback
        | A::AskToAmendReview => None,
    }
}

/// The money a decision moves, by family. A shop script's own step with an amount is
/// counted in `other`: kefu cannot tell what it does with the money, and says so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Moneys {
    /// Discounts, coupons and concessions given.
    #[serde(skip_serializing_if = "is_zero")]
    pub granted: Money,
    /// Refunds.
    #[serde(skip_serializing_if = "is_zero")]
    pub refunded: Money,
    /// Compensation paid on top.
    #[serde(skip_serializing_if = "is_zero")]
    pub compensated: Money,
    /// Amounts on a shop script's own steps.
    #[serde(skip_serializing_if = "is_zero")]
    pub other: Money,
}

fn is_zero(m: &Money) -> bool {
    *m == Money::ZERO
}

impl Moneys {
    /// The amounts of a decision's steps, summed by family.
    pub fn of(decision: &Decision) -> Moneys {
        let mut sums = Moneys::default();
        for action in &decision.actions {
            let Some(amount) = action.amount else { continue };
            let slot = match ActionId::from_name(&action.id).map(money_move) {
                Some(Some(MoneyMove::Granted)) => &mut sums.granted,
                Some(Some(MoneyMove::Refunded)) => &mut sums.refunded,
                Some(Some(MoneyMove::Compensated)) => &mut sums.compensated,
                Some(None) => continue,
                None => &mut sums.other,
            };
            *slot = Money::from_fen(slot.fen().saturating_add(amount.fen()));
        }
        sums
    }
}

/// What a supervisor compares of one decision: the part a policy change can move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Side {
    /// The headline.
    pub outcome: Outcome,
    /// The flag to set.
    pub flag: Flag,
    /// The escalation level.
    pub level: Level,
    /// Who is responsible.
    pub responsibility: Responsibility,
    /// Who pays return shipping.
    pub payer: Payer,
    /// The money the steps move.
    pub money: Moneys,
    /// The reply template.
    pub reply: Label,
    /// The remark entry written (its lines), or the error code when it could not be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// The rules the trace cites, each once, in the order they first applied.
    pub fired: Vec<Label>,
    /// The rule whose flag proposal won, if any proposed one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag_rule: Option<Label>,
    /// Rules whose flag proposal lost to another (R-FLAG-4).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flag_lost: Vec<Label>,
}

impl Side {
    /// A decision cut down to what is compared.
    pub fn of(d: &Decision) -> Side {
        let (fired, flag_lost) = (fired(d), flag_lost(d));
        Side {
            outcome: d.outcome,
            flag: d.flag.flag,
            level: d.escalation.level,
            responsibility: d.responsibility,
            payer: d.return_shipping_payer,
            money: Moneys::of(d),
            reply: d.reply.template.clone(),
            remark: d.remark_entry.as_ref().map(|r| match r {
                RemarkOutcome::Written { entry, .. } => entry.clone(),
                RemarkOutcome::Failed { error } => error.code.clone(),
            }),
            fired,
            flag_rule: d.flag.rule.clone(),
            flag_lost,
        }
    }
}

/// How a record was decided in a diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A case, with its request.
    Decide,
    /// An order with no request, scanned at `now` (R-PROACTIVE-*).
    Scan,
}

names!(Via {
    Decide => "decide",
    Scan => "scan",
});

names!(MoneyMove {
    Granted => "granted",
    Refunded => "refunded",
    Compensated => "compensated",
});

/// The rules a decision's trace cites, each once, in the order they first applied.
pub fn fired(d: &Decision) -> Vec<Label> {
    let mut fired: Vec<Label> = Vec::new();
    for step in &d.trace {
        if !fired.contains(&step.rule) {
            fired.push(step.rule.clone());
        }
    }
    fired
}

/// The rules whose flag proposal lost (R-FLAG-4), each once.
pub fn flag_lost(d: &Decision) -> Vec<Label> {
    let mut lost: Vec<Label> = Vec::new();
    for p in &d.flag.lost {
        if !lost.contains(&p.rule) {
            lost.push(p.rule.clone());
        }
    }
    lost
}

/// A kind of difference between two decisions of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The headline.
    Outcome,
    /// The steps: their ids, amounts or details, in order.
    Actions,
    /// The flag.
    Flag,
    /// The escalation level.
    Level,
    /// Who is responsible.
    Responsibility,
    /// Who pays return shipping.
    Payer,
    /// The money granted, refunded or compensated.
    Money,
    /// The reply: its template or its words.
    Reply,
    /// The remark entry.
    Remark,
    /// How to contact the buyer.
    Contact,
}

names!(ChangeKind {
    Outcome => "outcome",
    Actions => "actions",
    Flag => "flag",
    Level => "level",
    Responsibility => "responsibility",
    Payer => "payer",
    Money => "money",
    Reply => "reply",
    Remark => "remark",
    Contact => "contact",
});

/// Where two traces part: the first step that differs (its rule or its reason), as each
/// side has it; `None` on a side whose trace ended there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Parted {
    /// The step's index in both traces (0 is the first).
    pub step: usize,
    /// Under A.
    pub a: Option<TraceStep>,
    /// Under B.
    pub b: Option<TraceStep>,
}

/// Two decisions of one case, compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Comparison {
    /// What differs, in [`ChangeKind`] order; empty when the decisions are the same.
    pub changes: Vec<ChangeKind>,
    /// The same answer, explained differently: the trace's reasons or the warnings
    /// differ (a limit of 50 instead of 20 cited for a discount of 10), nothing else.
    /// Not a change a supervisor signs, but said.
    pub reworded: bool,
    /// Where the traces part, when they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parted: Option<Parted>,
    /// The replies' Chinese words on each side, when they differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replies: Option<Pair<String>>,
    /// The steps on each side, when they differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Pair<Vec<Label>>>,
}

/// One thing under A and under B.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Pair<T> {
    /// Under A.
    pub a: T,
    /// Under B.
    pub b: T,
}

/// Compares two decisions of the same case, A the current policy and B the new one.
pub fn compare(a: &Decision, b: &Decision, side_a: &Side, side_b: &Side) -> Comparison {
    let mut changes = Vec::new();
    let mut differs = |kind: ChangeKind, differ: bool| {
        if differ {
            changes.push(kind);
        }
    };
    let steps = |d: &Decision| d.actions.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    let (steps_a, steps_b) = (steps(a), steps(b));
    differs(ChangeKind::Outcome, side_a.outcome != side_b.outcome);
    differs(ChangeKind::Actions, a.actions != b.actions);
    differs(ChangeKind::Flag, side_a.flag != side_b.flag);
    differs(ChangeKind::Level, side_a.level != side_b.level);
    differs(ChangeKind::Responsibility, side_a.responsibility != side_b.responsibility);
    differs(ChangeKind::Payer, side_a.payer != side_b.payer);
    differs(ChangeKind::Money, side_a.money != side_b.money);
    let reply_differs = a.reply != b.reply;
    differs(ChangeKind::Reply, reply_differs);
    differs(ChangeKind::Remark, side_a.remark != side_b.remark);
    differs(ChangeKind::Contact, a.contact != b.contact);
    let parted = parted(&a.trace, &b.trace);
    let reworded = changes.is_empty() && (parted.is_some() || a.warnings != b.warnings);
    Comparison {
        changes,
        reworded,
        parted,
        replies: reply_differs.then(|| Pair { a: a.reply.zh.clone(), b: b.reply.zh.clone() }),
        actions: (steps_a != steps_b).then_some(Pair { a: steps_a, b: steps_b }),
    }
}

/// The first step at which two traces differ, in rule or in reason.
fn parted(a: &[TraceStep], b: &[TraceStep]) -> Option<Parted> {
    let step = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    Some(Parted { step, a: a.get(step).cloned(), b: b.get(step).cloned() })
}

#[cfg(test)]
#[allow(clippy::panic, reason = "a test fails by panicking")]
mod tests {
    use super::*;
    use crate::model::names_agree_with_serde as agree;

    #[test]
    fn every_name_is_the_json_name() {
        agree(ChangeKind::ALL, ChangeKind::name);
        agree(Via::ALL, Via::name);
    }

    #[test]
    fn every_step_with_an_amount_is_placed_where_a_supervisor_expects() {
        // The steps the trees give an amount to, each in its family; a refund named as
        // a step the buyer applies for is still money refunded.
        assert_eq!(money_move(ActionId::GrantDiscount), Some(MoneyMove::Granted));
        assert_eq!(money_move(ActionId::GuideRefundApplication), Some(MoneyMove::Refunded));
        assert_eq!(money_move(ActionId::OfferCompensation), Some(MoneyMove::Compensated));
        // Asked of the supervisor, paid by the platform, kept: none of the shop's money.
        assert_eq!(money_move(ActionId::ReferToSupervisor), None);
        assert_eq!(money_move(ActionId::MentionPlatformLatePayment), None);
        assert_eq!(money_move(ActionId::ExplainDepositNotRefunded), None);
    }

    #[test]
    fn traces_part_at_the_first_step_that_differs_in_rule_or_reason() {
        use crate::model::text::text;
        let step = |rule: &'static str, zh: &str| TraceStep { rule: rule.into(), because: text(zh, "x") };
        let a = [step("R-1", "一"), step("R-2", "二")];
        assert_eq!(parted(&a, &a), None);
        let b = [step("R-1", "一"), step("R-2", "三")];
        let p = parted(&a, &b).unwrap_or_else(|| panic!("parts"));
        assert_eq!((p.step, p.a.map(|s| s.rule)), (1, Some("R-2".into())));
        let shorter = [step("R-1", "一")];
        let p = parted(&a, &shorter).unwrap_or_else(|| panic!("parts"));
        assert_eq!((p.step, p.b), (1, None));
    }
}
