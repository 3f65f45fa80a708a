//! A decision: what to do, which flag, the remark line, who escalates, who is responsible,
//! who pays return shipping, how to contact, what to reply, and why (the trace).
//!
//! The trees fill a [`Draft`] as they walk the rulebook; [`Draft::finish`] resolves the
//! flag, renders and appends the remark entry and renders the reply, and returns the
//! [`Decision`], which is never changed after.
//!
//! Everything here is data and the few steps that turn a draft into a decision; the
//! rules that fill the draft live in `trees`, one layer up.

mod actions;
mod answer;
mod draft;
mod escalation;
pub(crate) mod parts;
mod reply;

pub use crate::model::text::Label;
pub use actions::ActionId;
pub use answer::{
    Action, Channel, Contact, Decision, Derived, LinePart, Outcome, Payer, RemarkOutcome, Reply, Responsibility,
    TraceStep,
};
pub use draft::Draft;
pub use escalation::{Cause, Escalation, Factor};
pub use reply::{compose, plain, render_reply, standing_amount, Facts};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::names_agree_with_serde as agree;

    #[test]
    fn every_name_is_the_json_name() {
        agree(Outcome::ALL, Outcome::name);
        agree(Responsibility::ALL, Responsibility::name);
        agree(Payer::ALL, Payer::name);
        agree(Channel::ALL, Channel::name);
    }
}
