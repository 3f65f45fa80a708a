//! `check_reply`, `quick_replies`, `reply`: the reply guard (R-WORD-*) and the shop's
//! phrases (the phrasebook, R-WORD-SCRIPTS) filled from an order; `reply` fills a
//! decision's reply template too ([`crate::phrasebook`] says how the two differ).
//!
//! The three take their own input and a policy side by side. The fields are written
//! out rather than `#[serde(flatten)]`ed: flatten buffers the whole input (the order
//! included) to split it, which compiled every order type a second time for the buffer
//! (serde's `Content`, ~40 KB of the browser package), and it let `deny_unknown_fields`
//! pass typos.

use serde::{Deserialize, Serialize};

use super::envelope::{failure, success};
use super::session::Session;
use crate::guard::{self, check_draft_size, ReplyCheck, ReplyInput};
use crate::model::case::{Agent, Context};
use crate::model::order::Order;
use crate::model::time::Timestamp;
use crate::phrasebook::{self, one_reply, QuickInput};
use crate::policy::Policy;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckReplyInput {
    order: Order,
    #[serde(default)]
    context: Context,
    draft: String,
    #[serde(default)]
    now: Option<Timestamp>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuickRepliesInput {
    order: Order,
    #[serde(default)]
    agent: Option<Agent>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

#[derive(Serialize)]
struct QuickRepliesOutput {
    replies: Vec<phrasebook::QuickReply>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OneReplyInput {
    template: String,
    order: Order,
    #[serde(default)]
    agent: Option<Agent>,
    #[serde(default)]
    context: Context,
    #[serde(default)]
    now: Option<Timestamp>,
    #[serde(default)]
    request: Option<serde_json::Value>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

/// `check_reply`: a draft too long is refused before the guard runs, alike on every
/// engine.
pub(super) fn check_reply(session: &mut Session, mut i: CheckReplyInput) -> String {
    if let Err(e) = check_draft_size(&i.draft) {
        return failure(*e);
    }
    match session.policy(i.policy_handle, i.policy.take()) {
        Ok(compiled) => {
            let input = ReplyInput { order: i.order, context: i.context, draft: i.draft, now: i.now };
            success::<ReplyCheck>(guard::check_reply(&input, &compiled.policy))
        }
        Err(e) => failure(*e),
    }
}

/// `quick_replies`.
pub(super) fn quick_replies(session: &mut Session, mut i: QuickRepliesInput) -> String {
    match session.policy(i.policy_handle, i.policy.take()) {
        Ok(compiled) => {
            let input = QuickInput { order: i.order, agent: i.agent };
            success(QuickRepliesOutput { replies: phrasebook::quick_replies(&input, &compiled.policy) })
        }
        Err(e) => failure(*e),
    }
}

/// `reply`.
pub(super) fn reply(session: &mut Session, mut i: OneReplyInput) -> String {
    match session.policy(i.policy_handle, i.policy.take()) {
        Ok(compiled) => {
            let input = phrasebook::OneReplyInput {
                template: i.template,
                order: i.order,
                agent: i.agent,
                context: i.context,
                now: i.now,
                request: i.request,
            };
            match one_reply(&input, &compiled.policy) {
                Ok(reply) => success(reply),
                Err(e) => failure(*e),
            }
        }
        Err(e) => failure(*e),
    }
}
