//! The whole decision for a case, in the order of evaluation: the tree for the request,
//! a red flag that must stay, escalation, contact, the one flag, the remark entry and
//! the reply.
//!
//! Shop rules run at named points of that order ([`Point`]) through the [`Hooks`]
//! trait; this file knows nothing of how hooks are written (the Rhai layer, `script`,
//! implements the trait). The built-in decision uses [`NoHooks`], which cannot fail.

use serde::Serialize;

use crate::decision::{Decision, Draft};
use crate::model::case::{BuyerReason, Case, RequestKind};
use crate::model::names;
use crate::policy::Policy;
use crate::trees::{aftersales, cancel, contact, escalate, logistics, proactive, receiver};

/// Where a shop rule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Point {
    /// Before the tree for the request; `true` skips the tree.
    Before,
    /// In place of one branch; `true` skips the built-in branch.
    Replace(Branch),
    /// After the tree and escalation, before the flag, remark and reply are settled.
    After,
}

/// The branches a shop rule can replace, one per request kind handled by a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Branch {
    /// No request: the proactive scan.
    Scan,
    /// Cancellations (and refunds or returns before shipping).
    Cancel,
    /// Receiver changes.
    ChangeReceiver,
    /// Discounts.
    Discount,
    /// "Where is my order?"
    WhereIsMyOrder,
    /// Returns, exchanges and refunds after shipping.
    Returns,
    /// Defects.
    Defect,
    /// Wrong or missing items.
    WrongOrMissing,
    /// Damage in transit.
    Damaged,
    /// Price differences.
    PriceDifference,
    /// Complaints.
    Complaint,
}

names!(Branch {
    Scan => "scan",
    Cancel => "cancel",
    ChangeReceiver => "change_receiver",
    Discount => "discount",
    WhereIsMyOrder => "where_is_my_order",
    Returns => "returns",
    Defect => "defect",
    WrongOrMissing => "wrong_or_missing",
    Damaged => "damaged",
    PriceDifference => "price_difference",
    Complaint => "complaint",
});

/// Shop rules at the points of a decision. Implemented by the Rhai layer's `Script`,
/// and by [`NoHooks`].
pub trait Hooks {
    /// What a hook can fail with.
    type Error;
    /// What the hooks keep across the points of one decision (such as their view of
    /// the case, built once).
    type State: Default;
    /// Runs the hooks of a point; `true` when one of them handled it.
    fn run(&self, point: Point, d: &mut Draft<'_>, state: &mut Self::State) -> Result<bool, Self::Error>;
}

/// No shop rules: the built-in trees only, which cannot fail.
pub struct NoHooks;

impl Hooks for NoHooks {
    type Error = std::convert::Infallible;
    type State = ();
    fn run(&self, _: Point, _: &mut Draft<'_>, _: &mut ()) -> Result<bool, Self::Error> {
        Ok(false)
    }
}

/// Decides one case under a policy. Pure: the same case and policy give the same decision.
pub fn decide(case: &Case, policy: &Policy) -> Decision {
    match decide_hooked(case, policy, &NoHooks) {
        Ok(decision) => decision,
        Err(never) => match never {},
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
        Branch::ChangeReceiver => receiver::change_receiver(d),
        Branch::Discount => escalate::discount(d),
        Branch::WhereIsMyOrder => logistics::where_is(d),
        Branch::Returns => aftersales::returns(d),
        Branch::Defect => aftersales::defect(d),
        Branch::WrongOrMissing => aftersales::wrong_or_missing(d),
        Branch::Damaged => aftersales::damaged(d),
        Branch::PriceDifference => aftersales::price_difference(d),
        Branch::Complaint => aftersales::complaint(d),
    }
}

/// Decides one case with shop rules at their points. Fails only when a hook fails.
pub fn decide_hooked<H: Hooks>(case: &Case, policy: &Policy, hooks: &H) -> Result<Decision, H::Error> {
    let mut d = Draft::new(case, policy);
    let mut state = H::State::default();
    if !hooks.run(Point::Before, &mut d, &mut state)? {
        let branch = branch(case);
        if !hooks.run(Point::Replace(branch), &mut d, &mut state)? {
            built_in(branch, &mut d);
        }
    }
    keep_special_handling(&mut d);
    escalate::assess(&mut d);
    hooks.run(Point::After, &mut d, &mut state)?;
    escalate::record_causes(&mut d);
    contact::contact(&mut d);
    proactive::queue_tier(&mut d);
    if d.entry.is_some() {
        d.rule("R-REMARK-1", "whoever handles the order writes the remark entry");
    }
    explain_flag_choice(&mut d);
    Ok(d.finish())
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
