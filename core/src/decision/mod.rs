//! A decision: what to do, which flag, the remark line, who escalates, who is responsible,
//! who pays return shipping, how to contact, what to reply, and why (the trace).
//!
//! The trees fill a [`Draft`] as they walk the rulebook; [`Draft::finish`] resolves the
//! flag, renders the remark entry and the reply, and returns the [`Decision`].

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::Serialize;

use crate::case::Case;
use crate::error::ErrorReport;
use crate::escalate::{Cause, Escalation, Level};
use crate::flag::{Flag, FlagProposal, FlagResolution};
use crate::money::Money;
use crate::policy::Policy;
use crate::remark::{append, Details, Entry, Reason};
use crate::text::Text;

/// Rule ids and other short labels: static for built-in rules, owned for shop rules.
pub type Label = Cow<'static, str>;

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
    /// Within the agent's limit (R-ESC-DISCOUNT).
    GrantDiscount,
    /// Over the limit: the supervisor decides (R-ESC-DISCOUNT).
    SupervisorDecides,
    /// A complaint handled by the escalation rules.
    HandleComplaint,
    /// Scan: contact the buyer before they ask (R-PROACTIVE-*).
    ProactiveContact,
    /// Nothing to do.
    NoAction,
}

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

/// How to reach the buyer (R-RESP-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Call first.
    Phone,
    /// Chat (旺旺), with written evidence.
    Online,
}

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
    /// Why it applied, with the facts it read.
    pub because: Label,
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
}

/// A decision in the making.
pub struct Draft<'a> {
    /// The case.
    pub case: &'a Case,
    /// The policy.
    pub policy: &'a Policy,
    pub(crate) outcome: Outcome,
    pub(crate) actions: Vec<Action>,
    pub(crate) proposals: Vec<FlagProposal>,
    pub(crate) entry: Option<(Reason, Details)>,
    pub(crate) causes: Vec<Cause>,
    pub(crate) level: Level,
    pub(crate) responsibility: Responsibility,
    pub(crate) payer: Payer,
    pub(crate) contact: Contact,
    pub(crate) reply: Label,
    pub(crate) warnings: Vec<Text>,
    pub(crate) trace: Vec<TraceStep>,
    /// Set by the defect tree; read by escalation.
    pub(crate) batch_incident: bool,
}

impl<'a> Draft<'a> {
    /// An empty draft.
    pub fn new(case: &'a Case, policy: &'a Policy) -> Self {
        Draft {
            case,
            policy,
            outcome: Outcome::NoAction,
            actions: Vec::with_capacity(8),
            proposals: Vec::with_capacity(2),
            entry: None,
            causes: Vec::new(),
            level: Level::None,
            responsibility: Responsibility::None,
            payer: Payer::None,
            contact: Contact { channel: Channel::Online, written_confirmation: false, proactive: false },
            reply: Cow::Borrowed("none"),
            warnings: Vec::new(),
            trace: Vec::with_capacity(8),
            batch_incident: false,
        }
    }

    /// Records that a rule applied, and why.
    pub fn rule(&mut self, rule: &'static str, because: impl Into<Label>) {
        self.trace.push(TraceStep { rule: Cow::Borrowed(rule), because: because.into() });
    }

    /// Records that a shop rule applied.
    pub fn rule_owned(&mut self, rule: String, because: String) {
        self.trace.push(TraceStep { rule: Cow::Owned(rule), because: Cow::Owned(because) });
    }

    /// Adds a step.
    pub fn act(&mut self, id: &'static str) {
        self.actions.push(Action { id: Cow::Borrowed(id), amount: None, detail: None });
    }

    /// Adds a step that moves money.
    pub fn act_amount(&mut self, id: &'static str, amount: Money) {
        self.actions.push(Action { id: Cow::Borrowed(id), amount: Some(amount), detail: None });
    }

    /// Adds a step with a detail.
    pub fn act_detail(&mut self, id: &'static str, detail: impl Into<Label>) {
        self.actions.push(Action { id: Cow::Borrowed(id), amount: None, detail: Some(detail.into()) });
    }

    /// Whether a step is already planned.
    pub fn has_action(&self, id: &str) -> bool {
        self.actions.iter().any(|a| a.id == id)
    }

    /// Proposes a flag on behalf of a rule (R-FLAG-4 picks one later).
    pub fn propose_flag(&mut self, flag: Flag, rule: &'static str) {
        self.proposals.push(FlagProposal { flag, rule: Cow::Borrowed(rule) });
    }

    /// Plans the remark entry.
    pub fn write(&mut self, reason: Reason, details: Details) {
        self.entry = Some((reason, details));
    }

    /// Sets the outcome.
    pub fn outcome(&mut self, outcome: Outcome) {
        self.outcome = outcome;
    }

    /// Sets the reply template.
    pub fn reply(&mut self, template: &'static str) {
        self.reply = Cow::Borrowed(template);
    }

    /// Adds a warning.
    pub fn warn(&mut self, warning: Text) {
        self.warnings.push(warning);
    }

    /// Raises the escalation level for a cause (never lowers it).
    pub fn escalate(&mut self, level: Level, cause: Cause) {
        self.level = self.level.max(level);
        self.causes.push(cause);
    }

    /// Sets responsibility and contact together (R-RESP-2).
    pub fn responsible(&mut self, who: Responsibility) {
        self.responsibility = who;
    }

    /// Resolves the flag, renders entry and reply.
    pub fn finish(self) -> Decision {
        let Draft { case, policy, .. } = self;
        let flag = policy.flags.resolve(&self.proposals);
        let remark_entry = self.entry.map(|(reason, details)| {
            let entry = Entry { reason, details, agent: case.agent.name.clone(), at: case.now };
            match append(&case.order.remark, &entry, &policy.remark) {
                Ok(a) => RemarkOutcome::Written { entry: a.entry, remark: a.remark },
                Err(e) => RemarkOutcome::Failed { error: e.report() },
            }
        });
        let reply = crate::wording::render_reply(self.reply, case, policy, &self.actions);
        Decision {
            order_id: case.order.order_id.clone(),
            outcome: self.outcome,
            actions: self.actions,
            flag,
            remark_entry,
            escalation: Escalation { level: self.level, causes: self.causes },
            responsibility: self.responsibility,
            return_shipping_payer: self.payer,
            contact: self.contact,
            reply,
            warnings: self.warnings,
            trace: self.trace,
        }
    }
}
