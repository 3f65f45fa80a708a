//! The whole decision for a case: the tree for the request, then escalation, contact,
//! the one flag, the remark entry and the reply.

use crate::case::{Case, RequestKind};
use crate::decision::{Decision, Draft};
use crate::policy::Policy;
use crate::{aftersales, cancel, escalate, proactive};

/// Decides one case under a policy. Pure: the same case and policy give the same decision.
pub fn decide(case: &Case, policy: &Policy) -> Decision {
    let mut d = Draft::new(case, policy);
    match case.request.kind {
        RequestKind::None => proactive::scan(&mut d),
        RequestKind::Cancel => cancel::cancel(&mut d),
        RequestKind::ChangeReceiver => cancel::change_receiver(&mut d),
        RequestKind::Discount => escalate::discount(&mut d),
        RequestKind::WhereIsMyOrder => aftersales::where_is(&mut d),
        _ => aftersales::decide(&mut d),
    }
    keep_special_handling(&mut d);
    escalate::assess(&mut d);
    aftersales::contact(&mut d);
    if d.entry.is_some() {
        d.rule("R-REMARK-1", "whoever handles the order writes the remark entry");
    }
    explain_flag_choice(&mut d);
    let decision = d.finish();
    with_remark_outcome(decision)
}

/// A red flag already on an unshipped order carries a change the warehouse must still
/// see (R-FLAG-3); it stays in the running when another rule proposes a colour.
fn keep_special_handling(d: &mut Draft<'_>) {
    let red = d.policy.flags.roles.special_handling;
    let order = &d.case.order;
    if order.flag == red
        && order.status.is_unshipped()
        && !d.proposals.is_empty()
        && !d.proposals.iter().any(|p| p.flag == red)
    {
        d.rule("R-FLAG-3", "the order already carries a receiver change the warehouse must see");
        d.propose_flag(red, "R-FLAG-3");
    }
}

/// R-FLAG-4: when rules disagree, say which won and which lost.
fn explain_flag_choice(d: &mut Draft<'_>) {
    let first = match d.proposals.first() {
        Some(p) => p.flag,
        None => return,
    };
    if d.proposals.iter().any(|p| p.flag != first) {
        let resolution = d.policy.flags.resolve(&d.proposals);
        let lost: Vec<String> = resolution.lost.iter().map(|p| format!("{} ({})", p.flag, p.rule)).collect();
        d.rule(
            "R-FLAG-4",
            format!("one flag per order: {} wins by the shop's precedence over {}", resolution.flag, lost.join(", ")),
        );
    }
}

/// R-REMARK-4: an entry that does not fit is reported in the trace, never truncated.
fn with_remark_outcome(mut decision: Decision) -> Decision {
    if let Some(crate::decision::RemarkOutcome::Failed { error }) = &decision.remark_entry {
        let because = format!("the entry does not fit the remark: {}", error.message);
        decision.trace.push(crate::decision::TraceStep { rule: "R-REMARK-4".into(), because: because.into() });
        decision.warnings.push(crate::text::text(
            "备注已满，新记录写不进去：请先整理备注（不会自动截断）",
            "the remark is full and the entry does not fit: tidy the remark first (kefu never truncates)",
        ));
    }
    decision
}
