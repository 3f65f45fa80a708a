//! Escalation: who decides above the agent, and why (R-ESC-*).
//!
//! Runs after the trees, because the risk mapping reads what they found (responsibility,
//! a batch incident). Every escalated case records its causes (R-ESC-LOOP).

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{RequestKind, Role};
use crate::decision::{Draft, Label, Outcome, Responsibility};

/// Escalation levels, lowest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The agent handles it.
    #[default]
    None,
    /// An experienced agent.
    Senior,
    /// The supervisor.
    Supervisor,
    /// Leadership.
    Leadership,
}

impl Level {
    /// The stable name.
    pub fn name(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Senior => "senior",
            Level::Supervisor => "supervisor",
            Level::Leadership => "leadership",
        }
    }
}

/// Why a case was escalated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Cause {
    /// The factor, such as `public_exposure` or `discount_over_limit`.
    pub factor: Label,
    /// The rule that escalated for it.
    pub rule: Label,
}

impl Cause {
    /// A built-in cause.
    pub fn new(factor: &'static str, rule: &'static str) -> Self {
        Cause { factor: Cow::Borrowed(factor), rule: Cow::Borrowed(rule) }
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

/// R-ESC-DISCOUNT: an agent grants up to the role's limit; above it the supervisor decides.
pub fn discount(d: &mut Draft<'_>) {
    let Some(asked) = d.case.request.amount else {
        d.rule("R-ESC-DISCOUNT", "no amount given: ask the buyer what they expect before deciding");
        d.act("ask_expected_amount");
        d.outcome(Outcome::GrantDiscount);
        d.reply("discount.ask_amount");
        return;
    };
    let role = d.case.agent.role;
    match d.policy.discount_limits.for_role(role) {
        Some(limit) if asked > limit => {
            d.rule("R-ESC-DISCOUNT", format!("{asked} asked is over the {limit} limit of the agent's role"));
            d.escalate(d.policy.risk.discount_over_limit, Cause::new("discount_over_limit", "R-ESC-DISCOUNT"));
            d.act_amount("refer_to_supervisor", asked);
            d.outcome(Outcome::SupervisorDecides);
            d.reply("discount.refer");
        }
        limit => {
            let because = match limit {
                Some(limit) => format!("{asked} asked is within the {limit} limit of the agent's role"),
                None => format!("{asked} asked; the agent's role has no limit"),
            };
            d.rule("R-ESC-DISCOUNT", because);
            d.act_amount("grant_discount", asked);
            d.outcome(Outcome::GrantDiscount);
            d.reply("discount.grant");
        }
    }
}

/// R-ESC-RISK, R-ESC-SENIOR, R-ESC-UNREACHABLE, after the trees.
pub fn assess(d: &mut Draft<'_>) {
    let case = d.case;
    let risk = &case.context.risk;
    let p = &d.policy.risk;
    let mut factors: Vec<&'static str> = Vec::new();
    if risk.threatens_exposure {
        factors.push("public_exposure");
    }
    if risk.platform_intervention {
        factors.push("platform_intervention");
    }
    if risk.broken_promise_complaint {
        factors.push("broken_promise");
    }
    if case.context.contacts_on_issue >= p.repeat_contacts && p.repeat_contacts > 0 {
        factors.push("repeat_contacts");
    }
    if risk.negative_review {
        factors.push("negative_review");
    }
    if p.high_order_value.is_some_and(|v| case.order.total >= v) {
        factors.push("high_order_value");
    }
    if d.batch_incident {
        factors.push("batch_incident");
    }
    let risky = !factors.is_empty();
    if risky {
        let mut level = if factors.len() == 1 { p.one_factor } else { p.two_factors };
        if risk.threatens_exposure && d.responsibility == Responsibility::Merchant {
            level = level.max(p.exposure_with_merchant_fault);
        }
        if d.batch_incident {
            level = level.max(p.batch_incident);
        }
        d.rule(
            "R-ESC-RISK",
            format!("{} risk factor(s): {}; level {}", factors.len(), factors.join(", "), level.name()),
        );
        for factor in factors {
            d.escalate(level, Cause::new(factor, "R-ESC-RISK"));
        }
    }

    // A discount referral goes to the supervisor for approval, not to another agent: only
    // complaints and risky cases are "difficult" in the sense of 003 §3(四).
    let difficult = risky || case.request.kind == RequestKind::Complaint;
    if difficult && case.agent.role < Role::Senior {
        d.rule("R-ESC-SENIOR", "a difficult case goes to an experienced agent, never a new one");
        d.act("hand_over_to_senior_agent");
        d.level = d.level.max(Level::Senior);
        if d.causes.is_empty() {
            d.causes.push(Cause::new("difficult_complaint", "R-ESC-SENIOR"));
        }
    }

    if case.context.buyer_unreachable {
        d.rule("R-ESC-UNREACHABLE", "the buyer did not answer: try each channel in turn and keep leaving messages");
        for channel in &d.policy.unreachable_channels {
            d.act_detail("try_channel", channel.clone());
        }
        d.act("keep_leaving_messages");
    }
}

/// R-ESC-LOOP, last, so that escalations by shop rules are recorded too.
pub fn record_causes(d: &mut Draft<'_>) {
    if d.level > Level::None {
        d.rule("R-ESC-LOOP", "record why the case escalated so the shop can feed it back into its procedures");
        d.act("record_escalation_cause");
    }
}
