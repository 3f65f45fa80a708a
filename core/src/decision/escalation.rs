//! The escalation part of a decision: the level and the causes that raised it (R-ESC-*).

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::level::Level;
use crate::model::names;
use crate::model::text::Label;

/// Why a built-in rule escalates: a risk factor of R-ESC-RISK, or the reason of another
/// escalation rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Factor {
    /// The buyer threatens to go public.
    PublicExposure,
    /// The buyer asks for platform intervention.
    PlatformIntervention,
    /// A broken-promise complaint.
    BrokenPromise,
    /// Repeated contacts on the same issue.
    RepeatContacts,
    /// A negative review is posted.
    NegativeReview,
    /// The order's value is at or above the shop's threshold.
    HighOrderValue,
    /// A batch incident (R-DEFECT-3, R-WRONG-1 binding error).
    BatchIncident,
    /// A discount over the agent's limit (R-ESC-DISCOUNT).
    DiscountOverLimit,
    /// A difficult complaint for an experienced agent (R-ESC-SENIOR).
    DifficultComplaint,
    /// Money asked back beyond what the buyer paid: never routine.
    OverPayment,
    /// The buyer ties a review to money (R-REVIEW-1).
    ReviewThreat,
    /// The buyer says the goods are fake (R-FAKE-1).
    CounterfeitClaim,
    /// A concession to a buyer at fault above the role's limit (R-DELAY-1).
    ConcessionOverLimit,
}

names!(Factor {
    PublicExposure => "public_exposure",
    PlatformIntervention => "platform_intervention",
    BrokenPromise => "broken_promise",
    RepeatContacts => "repeat_contacts",
    NegativeReview => "negative_review",
    HighOrderValue => "high_order_value",
    BatchIncident => "batch_incident",
    DiscountOverLimit => "discount_over_limit",
    DifficultComplaint => "difficult_complaint",
    OverPayment => "over_payment",
    ReviewThreat => "review_threat",
    CounterfeitClaim => "counterfeit_claim",
    ConcessionOverLimit => "concession_over_limit",
});

impl Factor {
    /// The factor as an agent reads it in Chinese (the trace's reasons).
    pub fn name_zh(self) -> &'static str {
        match self {
            Factor::PublicExposure => "扬言曝光",
            Factor::PlatformIntervention => "要求平台介入",
            Factor::BrokenPromise => "投诉承诺未兑现",
            Factor::RepeatContacts => "同一问题反复联系",
            Factor::NegativeReview => "已给差评",
            Factor::HighOrderValue => "高价订单",
            Factor::BatchIncident => "批量问题",
            Factor::DiscountOverLimit => "优惠超出权限",
            Factor::DifficultComplaint => "疑难投诉",
            Factor::OverPayment => "要求金额超过实付",
            Factor::ReviewThreat => "以差评要挟",
            Factor::CounterfeitClaim => "质疑假货",
            Factor::ConcessionOverLimit => "让步超出权限",
        }
    }
}

/// Why a case was escalated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Cause {
    /// The factor, such as `public_exposure` or `discount_over_limit`; a shop rule's
    /// own cause is its own word.
    pub factor: Label,
    /// The rule that escalated for it.
    pub rule: Label,
}

impl Cause {
    /// A built-in cause.
    pub fn new(factor: Factor, rule: &'static str) -> Self {
        Cause { factor: Cow::Borrowed(factor.name()), rule: Cow::Borrowed(rule) }
    }
}

/// The escalation part of a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Escalation {
    /// The level.
    pub level: Level,
    /// The causes, in the order they were found.
    pub causes: Vec<Cause>,
}
