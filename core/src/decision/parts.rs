//! A partly shipped order (部分发货, the marketplace's SELLER_CONSIGNED_PART) is decided
//! line by line: the shipped lines follow after-sales, the unshipped lines the
//! cancellation rules (rulebook glossary, `partly_shipped`). Each part is decided as an
//! order of its own; this file says how the parts' decisions read as one.

use std::borrow::Cow;

use super::answer::{Channel, Contact, Decision, LinePart, Payer, RemarkOutcome, Reply, Responsibility};
use crate::model::flag::{FlagConventions, FlagProposal};
use crate::model::order::OrderStatus;
use crate::model::text::Text;
use crate::registry::id;

/// Prefixes every trace step of a part with the lines it is about, so the trace shows
/// which lines took which path.
pub(crate) fn label_trace(decision: &mut Decision, label: &Text) {
    for step in &mut decision.trace {
        step.because.zh.insert_str(0, &format!("{}：", label.zh));
        step.because.en.insert_str(0, &format!("{}: ", label.en));
    }
}

/// The part's summary, kept in the merged decision.
pub(crate) fn part_of(decision: &Decision, skus: Vec<String>, status: OrderStatus) -> LinePart {
    LinePart { skus, status, outcome: decision.outcome, actions: decision.actions.clone() }
}

/// Reads the decisions of the unshipped part (`first`) and the shipped part (`second`)
/// as one. The second was decided on the remark the first wrote, so its remark is the
/// whole new remark. The headline is the first part's (what can still be stopped comes
/// first); steps, trace, warnings and escalation causes are both, in that order; the flag
/// is resolved again over both parts' proposals (R-FLAG-4).
pub(crate) fn merge(first: Decision, second: Decision, flags: &FlagConventions) -> Decision {
    let proposals: Vec<FlagProposal> = [&first, &second]
        .into_iter()
        .flat_map(|d| {
            let winner = d.flag.rule.clone().map(|rule| FlagProposal { flag: d.flag.flag, rule });
            winner.into_iter().chain(d.flag.lost.iter().cloned())
        })
        .collect();
    let flag = flags.resolve(&proposals);
    let mut trace = first.trace;
    trace.extend(second.trace);
    if let (Some(lost), Some(lost_zh)) = (flag.losers(), flag.losers_zh()) {
        trace.push(super::TraceStep {
            rule: Cow::Borrowed(id::R_FLAG_4),
            because: crate::model::text::text(
                format!("整单只插一面旗：按店铺优先级，{}优先于{lost_zh}", flag.flag.name_zh()),
                format!("one flag for the whole order: {} wins by the shop's precedence over {lost}", flag.flag),
            ),
        });
    }
    let mut actions = first.actions;
    actions.extend(second.actions);
    let mut warnings = first.warnings;
    for w in second.warnings {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    let mut escalation = first.escalation;
    escalation.level = escalation.level.max(second.escalation.level);
    for cause in second.escalation.causes {
        if !escalation.causes.contains(&cause) {
            escalation.causes.push(cause);
        }
    }
    let mut skipped = first.skipped;
    for s in second.skipped {
        if !skipped.contains(&s) {
            skipped.push(s);
        }
    }
    let mut derived = first.derived;
    for x in second.derived {
        if !derived.contains(&x) {
            derived.push(x);
        }
    }
    Decision {
        derived,
        order_id: first.order_id,
        outcome: first.outcome,
        actions,
        flag,
        remark_entry: remark(first.remark_entry, second.remark_entry),
        escalation,
        responsibility: graver(first.responsibility, second.responsibility),
        return_shipping_payer: if second.return_shipping_payer == Payer::None {
            first.return_shipping_payer
        } else {
            second.return_shipping_payer
        },
        contact: Contact {
            channel: if first.contact.channel == Channel::Phone || second.contact.channel == Channel::Phone {
                Channel::Phone
            } else {
                Channel::Online
            },
            written_confirmation: first.contact.written_confirmation || second.contact.written_confirmation,
            proactive: first.contact.proactive || second.contact.proactive,
        },
        reply: reply(first.reply, second.reply),
        warnings,
        trace,
        skipped,
        parts: Vec::new(),
    }
}

/// The remark after both parts: the second part appended to what the first wrote, so
/// its `remark` is the whole new memo. The same entry twice (a receiver change on both
/// parts) is written once; a part that could not be written is said, and then nothing
/// is written (R-REMARK-4: never half an update).
fn remark(first: Option<RemarkOutcome>, second: Option<RemarkOutcome>) -> Option<RemarkOutcome> {
    match (first, second) {
        (
            Some(RemarkOutcome::Written { entry: a, present: pa, .. }),
            Some(RemarkOutcome::Written { entry: b, remark, present: pb }),
        ) => Some(match (a == b, pa, pb) {
            // The second part found the first's entry (or an older one) already there.
            (true, _, _) => RemarkOutcome::Written { entry: a, remark, present: pa && pb },
            (false, _, true) => RemarkOutcome::Written { entry: a, remark, present: pa },
            (false, true, false) => RemarkOutcome::Written { entry: b, remark, present: false },
            (false, false, false) => RemarkOutcome::Written { entry: format!("{a}\n{b}"), remark, present: false },
        }),
        (Some(failed @ RemarkOutcome::Failed { .. }), _) | (_, Some(failed @ RemarkOutcome::Failed { .. })) => {
            Some(failed)
        }
        (Some(one), None) | (None, Some(one)) => Some(one),
        (None, None) => None,
    }
}

/// The graver of two responsibilities: a merchant's fault in one part is the merchant's
/// fault for contact and escalation of the whole order (R-RESP-1, R-RESP-2).
fn graver(a: Responsibility, b: Responsibility) -> Responsibility {
    let rank = |r: Responsibility| match r {
        Responsibility::Merchant => 0,
        Responsibility::Carrier => 1,
        Responsibility::Unknown => 2,
        Responsibility::Buyer => 3,
        Responsibility::ForceMajeure => 4,
        Responsibility::None => 5,
    };
    if rank(b) < rank(a) {
        b
    } else {
        a
    }
}

/// Prefixes a part's reply with the lines it is about (“帆布包”：…), so a buyer reading
/// "not shipped" and "on its way" in one message knows which is which.
pub(crate) fn name_lines(reply: &mut Reply, lines: &[&crate::model::order::Item]) {
    let names: Vec<&str> = lines.iter().map(|i| i.name()).collect();
    let zh: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
    let en: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    reply.zh = format!("关于{}：{}", zh.join("、"), reply.zh.strip_prefix("亲，").unwrap_or(&reply.zh));
    reply.en = format!("About {}: {}", en.join(", "), reply.en);
}

/// Both parts' replies, in the parts' order: the buyer hears about every line.
fn reply(first: Reply, second: Reply) -> Reply {
    if first.template == second.template {
        return first;
    }
    Reply {
        template: Cow::Owned(format!("{}+{}", first.template, second.template)),
        zh: format!("{}\n{}", first.zh, second.zh),
        en: format!("{}\n{}", first.en, second.en),
    }
}
