//! The whole decision for a case: the tree for the request, then escalation, contact,
//! the one flag, the remark entry and the reply.

use crate::case::{BuyerReason, Case, RequestKind};
use crate::decision::{Decision, Draft};
use crate::policy::Policy;
use crate::script::{Branch, CompiledPolicy, Hooks, NoHooks, Point, ScriptError};
use crate::{aftersales, cancel, escalate, proactive};

/// Decides one case under a policy. Pure: the same case and policy give the same decision.
pub fn decide(case: &Case, policy: &Policy) -> Decision {
    match run(case, policy, &NoHooks) {
        Ok(decision) => decision,
        Err(never) => match never {},
    }
}

/// Decides one case under a compiled policy, running its script rules at their points.
/// Fails only when a script rule fails (its limits, a throw, a wrong value).
pub fn decide_with(case: &Case, compiled: &CompiledPolicy) -> Result<Decision, ScriptError> {
    match &compiled.script {
        Some(script) => run(case, &compiled.policy, script),
        None => Ok(decide(case, &compiled.policy)),
    }
}

/// Which tree branch a request takes.
fn branch(case: &Case) -> Branch {
    let unshipped = case.order.status.is_unshipped();
    match case.request.kind {
        RequestKind::None => Branch::Scan,
        RequestKind::Cancel => Branch::Cancel,
        RequestKind::ChangeReceiver => Branch::ChangeReceiver,
        RequestKind::Discount => Branch::Discount,
        RequestKind::WhereIsMyOrder => Branch::WhereIsMyOrder,
        // Before shipping, a refund or return is a cancellation.
        RequestKind::Return | RequestKind::Exchange | RequestKind::Refund if unshipped => Branch::Cancel,
        RequestKind::Return | RequestKind::Exchange | RequestKind::Refund => match case.request.reason {
            Some(BuyerReason::Defect) => Branch::Defect,
            Some(BuyerReason::WrongItem | BuyerReason::MissingItem) => Branch::WrongOrMissing,
            Some(BuyerReason::DamagedInTransit) => Branch::Damaged,
            _ => Branch::Returns,
        },
        RequestKind::Defect => Branch::Defect,
        RequestKind::WrongItem | RequestKind::MissingItem => Branch::WrongOrMissing,
        RequestKind::Damaged => Branch::Damaged,
        RequestKind::PriceDifference => Branch::PriceDifference,
        RequestKind::Complaint => Branch::Complaint,
    }
}

fn built_in(branch: Branch, d: &mut Draft<'_>) {
    match branch {
        Branch::Scan => proactive::scan(d),
        Branch::Cancel => cancel::cancel(d),
        Branch::ChangeReceiver => cancel::change_receiver(d),
        Branch::Discount => escalate::discount(d),
        Branch::WhereIsMyOrder => aftersales::where_is(d),
        Branch::Returns => aftersales::returns(d),
        Branch::Defect => aftersales::defect(d),
        Branch::WrongOrMissing => aftersales::wrong_or_missing(d),
        Branch::Damaged => aftersales::damaged(d),
        Branch::PriceDifference => aftersales::price_difference(d),
        Branch::Complaint => aftersales::complaint(d),
    }
}

fn run<H: Hooks>(case: &Case, policy: &Policy, hooks: &H) -> Result<Decision, H::Error> {
    let mut d = Draft::new(case, policy);
    let mut view = None;
    if !hooks.run(Point::Before, &mut d, &mut view)? {
        let branch = branch(case);
        if !hooks.run(Point::Replace(branch), &mut d, &mut view)? {
            built_in(branch, &mut d);
        }
    }
    keep_special_handling(&mut d);
    escalate::assess(&mut d);
    hooks.run(Point::After, &mut d, &mut view)?;
    escalate::record_causes(&mut d);
    aftersales::contact(&mut d);
    if d.entry.is_some() {
        d.rule("R-REMARK-1", "whoever handles the order writes the remark entry");
    }
    explain_flag_choice(&mut d);
    let decision = d.finish();
    Ok(with_remark_outcome(decision))
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
