//! R-RESP-2, after the trees and escalation: how to reach the buyer follows from who is
//! responsible, whatever tree found it.

use crate::decision::{Channel, Draft, Outcome, Responsibility};
use crate::model::text::text;
use crate::registry::id;

/// R-RESP-2: merchant at fault, call first and apologise; buyer at fault, stay online and
/// keep written evidence. Runs after the trees.
pub fn contact(d: &mut Draft<'_>) {
    match d.responsibility {
        Responsibility::Merchant => {
            d.rule(
                id::R_RESP_2,
                text("商家责任：优先打电话，先道歉，尽快处理", "merchant at fault: phone first, apologise, act fast"),
            );
            d.contact.channel = Channel::Phone;
        }
        Responsibility::Buyer if d.outcome != Outcome::BuyerClosesOrder => {
            d.rule(
                id::R_RESP_2,
                text(
                    "买家原因：在线沟通，保留文字凭证；电话里谈好的要在聊天里再确认一遍",
                    "buyer at fault: talk online and keep written evidence; confirm any phone agreement in chat",
                ),
            );
            d.contact.channel = Channel::Online;
            d.contact.written_confirmation = true;
        }
        _ => {}
    }
}
