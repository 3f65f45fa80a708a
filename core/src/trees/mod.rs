//! The decision trees, one file per part of the rulebook, written as the rulebook reads.
//! Each fills a [`Draft`](crate::decision::Draft): `d.rule(id, because)`,
//! `d.act(ActionId::…)`, `d.propose_flag(flag, rule)`, `d.write(reason, details)`,
//! `d.escalate(level, cause)`, `d.reply(ReplyId::…)`.
//!
//! Helpers shared by several trees live in `common`, never in a tree, so that trees do
//! not import each other for them. Only two trees call another, in the rulebook's own
//! words: a cancellation of a delivered order is a return (R-CANCEL-5), and a stalled
//! parcel found by the scan is handled as R-STALL-1.

pub mod aftersales;
pub mod cancel;
mod common;
pub mod contact;
pub mod escalate;
pub mod logistics;
pub mod proactive;
pub mod receiver;
