//! A decision in the making: what the trees write as they walk the rulebook, and
//! [`Draft::finish`], which turns it into the [`Decision`] once and for all.

use std::borrow::Cow;

use super::actions::ActionId;
use super::answer::{
    Action, Channel, Contact, Decision, Derived, Outcome, Payer, RemarkOutcome, Responsibility, TraceStep,
};
use super::escalation::{Cause, Escalation, Factor};
use super::reply::{render_reply, Facts};
use crate::model::case::Case;
use crate::model::fact::{Fact, Skipped};
use crate::model::flag::{Flag, FlagProposal};
use crate::model::level::Level;
use crate::model::money::Money;
use crate::model::text::{text, Label, Text};
use crate::policy::{Policy, ReplyId};
use crate::registry::id;
use crate::remark::{already_present, append, Details, Entry, Reason, RemarkError};

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
    /// Entries written after the main one, each its own line: a concession beside the
    /// return it goes with (R-DELAY-1), never folded into the return's amount.
    pub(crate) also: Vec<(Reason, Details)>,
    pub(crate) causes: Vec<Cause>,
    pub(crate) level: Level,
    pub(crate) responsibility: Responsibility,
    pub(crate) payer: Payer,
    pub(crate) contact: Contact,
    pub(crate) reply: Label,
    pub(crate) warnings: Vec<Text>,
    pub(crate) trace: Vec<TraceStep>,
    /// Risk facts a tree established that escalation reads later (a batch incident).
    pub(crate) found: Vec<Factor>,
    pub(crate) skipped: Vec<Skipped>,
    pub(crate) derived: Vec<Derived>,
}

impl<'a> Draft<'a> {
    /// An empty draft.
    pub fn new(case: &'a Case, policy: &'a Policy) -> Self {
        Draft {
            case,
            policy,
            outcome: Outcome::NoAction,
            actions: Vec::with_capacity(8),
            proposals: Vec::new(),
            entry: None,
            also: Vec::new(),
            causes: Vec::new(),
            level: Level::None,
            responsibility: Responsibility::None,
            payer: Payer::None,
            contact: Contact { channel: Channel::Online, written_confirmation: false, proactive: false },
            reply: Cow::Borrowed(ReplyId::None.name()),
            warnings: Vec::new(),
            trace: Vec::with_capacity(8),
            found: Vec::new(),
            skipped: Vec::new(),
            derived: Vec::new(),
        }
    }

    /// Records that a rule applied, and why, in both languages.
    pub fn rule(&mut self, rule: &'static str, because: Text) {
        self.trace.push(TraceStep { rule: Cow::Borrowed(rule), because });
    }

    /// Whether the input carries `fact`; when it does not, records that `rule` was not
    /// applied for want of it, so the answer says so instead of guessing.
    pub fn knows(&mut self, rule: &'static str, fact: Fact) -> bool {
        if self.case.order.knows(fact) {
            return true;
        }
        self.skipped.push(Skipped { check: rule.to_owned(), missing: fact });
        false
    }

    /// Records that a fact the input lacks was derived, and from what.
    pub fn derive(&mut self, fact: Fact, from: impl Into<Label>) {
        if !self.derived.iter().any(|d| d.fact == fact) {
            self.derived.push(Derived { fact, from: from.into() });
        }
    }

    /// Records that a shop rule applied, and why, in both languages.
    pub fn rule_owned(&mut self, rule: String, because: Text) {
        self.trace.push(TraceStep { rule: Cow::Owned(rule), because });
    }

    /// Adds a step.
    pub fn act(&mut self, id: ActionId) {
        self.actions.push(Action { id: Cow::Borrowed(id.name()), amount: None, detail: None });
    }

    /// Adds a step that moves money.
    pub fn act_amount(&mut self, id: ActionId, amount: Money) {
        self.actions.push(Action { id: Cow::Borrowed(id.name()), amount: Some(amount), detail: None });
    }

    /// Adds a step with a detail.
    pub fn act_detail(&mut self, id: ActionId, detail: impl Into<Label>) {
        self.actions.push(Action { id: Cow::Borrowed(id.name()), amount: None, detail: Some(detail.into()) });
    }

    /// Whether a step is already planned.
    pub fn has_action(&self, id: ActionId) -> bool {
        self.actions.iter().any(|a| a.id == id.name())
    }

    /// Proposes a flag on behalf of a rule (R-FLAG-4 picks one later).
    pub fn propose_flag(&mut self, flag: Flag, rule: &'static str) {
        self.proposals.push(FlagProposal { flag, rule: Cow::Borrowed(rule) });
    }

    /// Plans the remark entry.
    pub fn write(&mut self, reason: Reason, details: Details) {
        self.entry = Some((reason, details));
    }

    /// Plans a further entry after the main one (its own line in the remark).
    pub fn write_also(&mut self, reason: Reason, details: Details) {
        self.also.push((reason, details));
    }

    /// Sets the outcome.
    pub fn outcome(&mut self, outcome: Outcome) {
        self.outcome = outcome;
    }

    /// Sets the reply template.
    pub fn reply(&mut self, template: ReplyId) {
        self.reply = Cow::Borrowed(template.name());
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

    /// Sets who is responsible (R-RESP-1).
    pub fn responsible(&mut self, who: Responsibility) {
        self.responsibility = who;
    }

    /// Records a risk fact for escalation to weigh (R-ESC-RISK).
    pub fn found(&mut self, fact: Factor) {
        if !self.found.contains(&fact) {
            self.found.push(fact);
        }
    }

    /// Whether a tree established this risk fact.
    pub fn has_found(&self, fact: Factor) -> bool {
        self.found.contains(&fact)
    }

    /// Says why the entry was not appended: past the limit (R-REMARK-4: never
    /// truncated), or a value that cannot stand in an entry (a name or value with a
    /// control character, say), which the agent must write by hand.
    fn explain_unwritten(&mut self, e: &RemarkError) {
        match e {
            RemarkError::TooLong { length, limit, over_by, unit } => {
                let unit_zh = if *unit == "bytes" { "字节" } else { "字" };
                self.rule(
                    id::R_REMARK_4,
                    text(
                        format!("写入后备注将有{length}{unit_zh}，超出上限{limit}{unit_zh}共{over_by}{unit_zh}：这条记录不写入"),
                        format!("the entry does not fit the remark: {e}"),
                    ),
                );
                self.warn(text(
                    "备注已满，新记录写不进去：请先整理备注（不会自动截断）",
                    "the remark is full and the entry does not fit: tidy the remark first (kefu never truncates)",
                ));
            }
            RemarkError::BadField { .. } => self.warn(text(
                format!("备注记录无法生成：{e}；请手工填写"),
                format!("the remark entry cannot be written: {e}; write it by hand"),
            )),
        }
    }

    /// Appends the entries in turn; the outcome names them all, one per line. One that
    /// does not fit means none is written (R-REMARK-4: never half an update).
    fn append_all(&mut self, entries: Vec<(Reason, Details)>) -> RemarkOutcome {
        let (case, policy) = (self.case, self.policy);
        let mut remark = case.order.remark.clone();
        let mut written: Vec<String> = Vec::with_capacity(entries.len());
        let mut there: Vec<String> = Vec::new();
        for (reason, details) in entries {
            let entry = Entry { reason, details, agent: case.agent.name.clone(), at: case.now };
            // An entry the remark already says (R-REMARK-3: append, never repeat) is not
            // written again; only its signature would differ.
            if let Some(line) = already_present(&remark, &entry) {
                there.push(line);
                continue;
            }
            match append(&remark, &entry, &policy.remark) {
                Ok(a) => {
                    written.push(a.entry);
                    remark = a.remark;
                }
                Err(e) => {
                    self.explain_unwritten(&e);
                    return RemarkOutcome::Failed { error: e.report() };
                }
            }
        }
        if written.is_empty() && !there.is_empty() {
            return RemarkOutcome::Written { entry: there.join("\n"), remark, present: true };
        }
        RemarkOutcome::Written { entry: written.join("\n"), remark, present: false }
    }

    /// Resolves the flag (R-FLAG-4), appends the remark entry (R-REMARK-3; an entry that
    /// does not fit is said in the trace and warnings, never truncated: R-REMARK-4) and
    /// renders the reply.
    pub fn finish(mut self) -> Decision {
        let (case, policy) = (self.case, self.policy);
        let flag = policy.flags.resolve(&self.proposals);
        let entries: Vec<(Reason, Details)> =
            self.entry.take().into_iter().chain(std::mem::take(&mut self.also)).collect();
        let remark_entry = (!entries.is_empty()).then(|| self.append_all(entries));
        let facts = Facts { case, policy, actions: &self.actions, payer: self.payer };
        let reply = render_reply(self.reply.clone(), &facts);
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
            skipped: self.skipped,
            derived: self.derived,
            parts: Vec::new(),
        }
    }
}
