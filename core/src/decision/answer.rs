//! What a decision says: its headline, steps, flag, remark entry, escalation,
//! responsibility, payer, contact, reply and trace. Top-level field names are stable.

use schemars::JsonSchema;
use serde::Serialize;

use super::escalation::Escalation;
use crate::model::error::ErrorReport;
use crate::model::fact::{Fact, Skipped};
use crate::model::flag::FlagResolution;
use crate::model::money::Money;
use crate::model::names;
use crate::model::order::OrderStatus;
use crate::model::text::{Label, Text};

/// The decision's headline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Unpaid: the buyer closes the order (R-CANCEL-1).
    BuyerClosesOrder,
    /// Unpaid, shop option: the agent closes it (R-CANCEL-1).
    AgentClosesOrder,
    /// Paid, not pushed: the buyer applies for a full refund (R-CANCEL-2).
    RefundByBuyerApplication,
    /// Pushed: ask the warehouse to intercept (R-CANCEL-3).
    InterceptAtWarehouse,
    /// Pushed, intercepted: refund in full (R-CANCEL-3).
    RefundAfterIntercept,
    /// The warehouse cannot find it: check whether it shipped (R-CANCEL-3).
    CheckWhetherShipped,
    /// Shipped: carrier return or refusal at the door (R-CANCEL-4).
    CarrierReturnOrRefusal,
    /// Closed already: nothing to cancel.
    NothingToCancel,
    /// Goods come back, then a refund.
    ReturnThenRefund,
    /// Goods come back, then an exchange.
    ReturnThenExchange,
    /// Ask for evidence before anything else (R-DEFECT-1).
    CollectEvidence,
    /// Responsibility unknown: investigate before any refund (R-RESP-1).
    Investigate,
    /// Defect: a replacement against the defective item's return (R-DEFECT-2).
    ReplaceAgainstReturn,
    /// Defect: a refund against the defective item's return (R-DEFECT-2).
    RefundAgainstReturn,
    /// A batch incident (R-DEFECT-3).
    BatchIncident,
    /// Wrong or missing item: reship or exchange at the merchant's cost (R-WRONG-1).
    ReshipOrExchange,
    /// Damaged in transit: claim with the carrier, reship or refund.
    CarrierClaim,
    /// Price drop on an unshipped order: ship first, refund the difference after (R-PRICE-2).
    ExpediteThenRefundDifference,
    /// Price drop on a shipped order: refund the difference now (R-PRICE-1).
    RefundDifference,
    /// No price refund (policy or page error); offer what the policy allows.
    NoPriceRefund,
    /// Late: apologise, give a date, expedite, compensate (R-CANCEL-7, R-LATE-1).
    ApologiseAndExpedite,
    /// Not late: tell the buyer when it ships.
    InformShipTime,
    /// Shipped without pickup: say the warehouse has sent it out (R-WORD-SHIPPED).
    InformWarehouseShipped,
    /// Stalled with the carrier: find the cause, notify (R-STALL-1).
    InvestigateStall,
    /// Moving: give the tracking.
    GiveTracking,
    /// Delivered: confirm with the buyer.
    ConfirmDelivery,
    /// Change the receiving information, red flag (R-FLAG-3).
    UpdateReceiver,
    /// Within the agent's limit, the buyer insisting (R-ESC-DISCOUNT).
    GrantDiscount,
    /// Within the limit, first answer: the value, not the price (R-ESC-DISCOUNT).
    TalkValueFirst,
    /// Over the limit: the supervisor decides (R-ESC-DISCOUNT).
    SupervisorDecides,
    /// A complaint handled by the escalation rules.
    HandleComplaint,
    /// Scan: contact the buyer before they ask (R-PROACTIVE-*).
    ProactiveContact,
    /// A line cannot ship: the buyer chooses a refund of it, an exchange, or the rest
    /// first (R-PROACTIVE-2).
    LineCannotShip,
    /// The request is declined politely with its reason: a no-reason return of an
    /// excluded line (R-7DAY-1), money for a review (R-REVIEW-1).
    DeclineRequest,
    /// A presale deposit is not refunded: the buyer's own reason before the balance
    /// (R-PRESALE-1).
    DepositNotRefunded,
    /// A presale deposit is refunded in full: the merchant's fault (R-PRESALE-1).
    RefundDeposit,
    /// A counterfeit claim: verify, then show the authorisation and quality report
    /// (R-FAKE-1).
    VerifyAuthenticity,
    /// A missing line the buyer wants refunded rather than reshipped (R-WRONG-1).
    RefundLine,
    /// A partial refund agreed with the buyer, who keeps the item (R-REMARK-5).
    PartialRefund,
    /// Nothing to do.
    NoAction,
}

names!(Outcome {
    BuyerClosesOrder => "buyer_closes_order",
    AgentClosesOrder => "agent_closes_order",
    RefundByBuyerApplication => "refund_by_buyer_application",
    InterceptAtWarehouse => "intercept_at_warehouse",
    RefundAfterIntercept => "refund_after_intercept",
    CheckWhetherShipped => "check_whether_shipped",
    CarrierReturnOrRefusal => "carrier_return_or_refusal",
    NothingToCancel => "nothing_to_cancel",
    ReturnThenRefund => "return_then_refund",
    ReturnThenExchange => "return_then_exchange",
    CollectEvidence => "collect_evidence",
    Investigate => "investigate",
    ReplaceAgainstReturn => "replace_against_return",
    RefundAgainstReturn => "refund_against_return",
    BatchIncident => "batch_incident",
    ReshipOrExchange => "reship_or_exchange",
    CarrierClaim => "carrier_claim",
    ExpediteThenRefundDifference => "expedite_then_refund_difference",
    RefundDifference => "refund_difference",
    NoPriceRefund => "no_price_refund",
    ApologiseAndExpedite => "apologise_and_expedite",
    InformShipTime => "inform_ship_time",
    InformWarehouseShipped => "inform_warehouse_shipped",
    InvestigateStall => "investigate_stall",
    GiveTracking => "give_tracking",
    ConfirmDelivery => "confirm_delivery",
    UpdateReceiver => "update_receiver",
    GrantDiscount => "grant_discount",
    TalkValueFirst => "talk_value_first",
    SupervisorDecides => "supervisor_decides",
    HandleComplaint => "handle_complaint",
    ProactiveContact => "proactive_contact",
    LineCannotShip => "line_cannot_ship",
    DeclineRequest => "decline_request",
    DepositNotRefunded => "deposit_not_refunded",
    RefundDeposit => "refund_deposit",
    VerifyAuthenticity => "verify_authenticity",
    RefundLine => "refund_line",
    PartialRefund => "partial_refund",
    NoAction => "no_action",
});

/// Who is responsible (R-RESP-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Responsibility {
    /// Wrong or missing item, defect, late shipment, page price error.
    Merchant,
    /// Damaged or stalled in transit.
    Carrier,
    /// Changed mind, wrong size, no-reason return.
    Buyer,
    /// Lockdown, disaster.
    ForceMajeure,
    /// Investigate first.
    Unknown,
    /// No fault is in question (a discount, a question).
    None,
}

names!(Responsibility {
    Merchant => "merchant",
    Carrier => "carrier",
    Buyer => "buyer",
    ForceMajeure => "force_majeure",
    Unknown => "unknown",
    None => "none",
});

/// Who pays return shipping (R-RESP-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// The merchant.
    Merchant,
    /// The buyer.
    Buyer,
    /// The order's freight insurance.
    FreightInsurance,
    /// Nothing travels back.
    None,
}

names!(Payer {
    Merchant => "merchant",
    Buyer => "buyer",
    FreightInsurance => "freight_insurance",
    None => "none",
});

/// How to reach the buyer (R-RESP-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Call first.
    Phone,
    /// Chat (旺旺), with written evidence.
    Online,
}

names!(Channel {
    Phone => "phone",
    Online => "online",
});

/// How to contact the buyer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Contact {
    /// First channel.
    pub channel: Channel,
    /// Anything agreed must be confirmed in writing in chat (R-RESP-2).
    pub written_confirmation: bool,
    /// Contact the buyer before they ask (proactive service).
    pub proactive: bool,
}

/// One step to take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Action {
    /// Stable id, such as `request_warehouse_intercept`.
    pub id: Label,
    /// An amount, where the step moves money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// Who or what the step is aimed at, or when it happens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Label>,
}

/// The remark entry to write, and the remark after writing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RemarkOutcome {
    /// Rendered and appended.
    Written {
        /// The entry line.
        entry: String,
        /// The complete new remark, for the memo API.
        remark: String,
        /// `true` when the remark already had every entry (the same reason with the same
        /// details): nothing was appended, `remark` is the old one and `entry` the lines
        /// already there. A decision run twice, or an order whose 【退货】 line an agent
        /// already wrote, gets no second line. Omitted when something was appended.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        present: bool,
    },
    /// Could not be appended (over the limit): nothing changed.
    Failed {
        /// Why.
        error: ErrorReport,
    },
}

/// The reply to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Reply {
    /// Template id.
    pub template: Label,
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// One step of the reasoning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TraceStep {
    /// The rule id.
    pub rule: Label,
    /// Why it applied, with the facts it read, in both languages (agents read Chinese).
    pub because: Text,
}

/// The decision for one case. Top-level field names are stable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Decision {
    /// The order.
    pub order_id: String,
    /// The headline.
    pub outcome: Outcome,
    /// Steps, in order.
    pub actions: Vec<Action>,
    /// The flag to set and the proposals that lost (R-FLAG-4).
    pub flag: FlagResolution,
    /// The remark entry, when the case needs one (R-REMARK-1).
    pub remark_entry: Option<RemarkOutcome>,
    /// Who to escalate to and why (R-ESC-*).
    pub escalation: Escalation,
    /// Who is responsible (R-RESP-1).
    pub responsibility: Responsibility,
    /// Who pays return shipping (R-RESP-3).
    pub return_shipping_payer: Payer,
    /// How to contact the buyer (R-RESP-2).
    pub contact: Contact,
    /// What to reply.
    pub reply: Reply,
    /// Things the agent must know.
    pub warnings: Vec<Text>,
    /// The rules that applied, in evaluation order.
    pub trace: Vec<TraceStep>,
    /// Rules not applied because the input lacks a fact they need (an export has no
    /// pickup time): said, never guessed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// Facts the input does not carry that a rule derived instead, and from what (a
    /// ship-by from the pay time and the shop's ship window, R-PROACTIVE-1): said, so a
    /// summary can count them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<Derived>,
    /// A partly shipped order's parts, each decided as an order of its own: the
    /// unshipped lines by the cancellation rules, the shipped lines by after-sales.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<LinePart>,
}

/// One part of a partly shipped order, as decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LinePart {
    /// The lines of this part (their SKUs).
    pub skus: Vec<String>,
    /// The state the part was decided in: paid or pushed for the unshipped lines,
    /// shipped or delivered for the shipped ones.
    pub status: OrderStatus,
    /// The part's own headline.
    pub outcome: Outcome,
    /// The part's own steps (also in the decision's `actions`, in the same order).
    pub actions: Vec<Action>,
}

/// A fact derived because the input does not carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Derived {
    /// The fact, such as `ship_by`.
    pub fact: Fact,
    /// What it was derived from.
    pub from: Label,
}
