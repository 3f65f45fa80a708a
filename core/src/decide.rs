//! The whole decision for a case, in the order of evaluation: the tree for the request,
//! a red flag that must stay, escalation, contact, the one flag, the remark entry and
//! the reply.
//!
//! Shop rules run at named points of that order ([`Point`]) through the [`Hooks`]
//! trait; this file knows nothing of how hooks are written (the Rhai layer, `script`,
//! implements the trait). The built-in decision uses [`NoHooks`], which cannot fail.

use std::collections::HashSet;

use serde::Serialize;

use crate::decision::{parts, ActionId, Decision, Draft, Outcome, RemarkOutcome};
use crate::model::case::{BuyerReason, Case, RequestKind};
use crate::model::money::Money;
use crate::model::names;
use crate::model::order::{Item, OrderStatus};
use crate::model::text::text;
use crate::policy::Policy;
use crate::registry::id;
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
    /// A counterfeit claim, whatever is asked (R-FAKE-1).
    Counterfeit,
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
    Counterfeit => "counterfeit",
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
    if case.request.reason == Some(BuyerReason::Counterfeit) && case.request.kind != RequestKind::None {
        return Branch::Counterfeit;
    }
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
        // Money asked back beyond what was paid is never routine after-sales.
        Branch::Returns | Branch::Defect | Branch::WrongOrMissing | Branch::Damaged | Branch::Complaint
            if aftersales::asks_beyond_payment(d) => {}
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
        Branch::Counterfeit => aftersales::counterfeit(d),
    }
}

/// Decides one case with shop rules at their points. Fails only when a hook fails.
pub fn decide_hooked<H: Hooks>(case: &Case, policy: &Policy, hooks: &H) -> Result<Decision, H::Error> {
    if case.order.status == OrderStatus::PartlyShipped {
        return by_line(case, policy, hooks);
    }
    decide_whole(case, policy, hooks, &[])
}

/// A partly shipped order, line by line (rulebook glossary, `partly_shipped`): the
/// unshipped lines the request concerns are decided as a paid (or pushed) order by the
/// cancellation rules, the shipped ones as a shipped (or delivered) order by
/// after-sales, and the two decisions are read as one ([`parts::merge`]). A discount or
/// complaint is about the order, not a line: it is decided once, as a shipped order.
fn by_line<H: Hooks>(case: &Case, policy: &Policy, hooks: &H) -> Result<Decision, H::Error> {
    let order = &case.order;
    let unshipped_status = if order.pushed_at.is_some() { OrderStatus::Pushed } else { OrderStatus::Paid };
    let shipped_status = if order.delivered_at.is_some() { OrderStatus::Delivered } else { OrderStatus::Shipped };
    if matches!(case.request.kind, RequestKind::Discount | RequestKind::Complaint) {
        let whole = part_case(case, &order.items.iter().collect::<Vec<_>>(), shipped_status, None);
        return decide_whole(&whole, policy, hooks, &[]);
    }
    let marked = order.items.iter().filter(|i| i.shipped).count();
    if marked == 0 || marked == order.items.len() {
        // The order says some lines shipped but not which: never guess.
        let mut d = Draft::new(case, policy);
        d.act(ActionId::CheckWhichLinesShipped);
        d.outcome(Outcome::CheckWhetherShipped);
        d.warn(text(
            "订单为部分发货，但未标明哪些商品已发货：先在后台核实每个商品的发货状态",
            "the order is partly shipped but does not say which lines shipped: check each line in the backend first",
        ));
        return Ok(d.finish());
    }
    let named: HashSet<&str> = case.request.skus.iter().map(String::as_str).collect();
    let mut concerned: Vec<&Item> = order.items.iter().filter(|i| named.contains(i.sku.as_str())).collect();
    if concerned.is_empty() {
        concerned = order.items.iter().collect();
    }
    let (shipped, waiting): (Vec<&Item>, Vec<&Item>) = concerned.into_iter().partition(|i| i.shipped);
    let skus = |lines: &[&Item]| lines.iter().map(|i| i.sku.clone()).collect::<Vec<_>>();
    let decide_part = |lines: &[&Item], status: OrderStatus, remark: Option<&str>| {
        let mut decision = decide_whole(&part_case(case, lines, status, remark), policy, hooks, &skus(lines))?;
        let (zh, en) = if status.is_shipped() {
            ("已发货商品", "shipped lines")
        } else {
            ("未发货商品", "unshipped lines")
        };
        let named = skus(lines);
        parts::label_trace(
            &mut decision,
            &text(format!("{zh}{}", named.join("、")), format!("{en} {}", named.join(", "))),
        );
        let part = parts::part_of(&decision, skus(lines), status);
        Ok((decision, part))
    };
    let (decision, parts) = match (waiting.is_empty(), shipped.is_empty()) {
        (false, false) => {
            let (mut first, a) = decide_part(&waiting, unshipped_status, None)?;
            let written = match &first.remark_entry {
                Some(RemarkOutcome::Written { remark, .. }) => Some(remark.clone()),
                _ => None,
            };
            let (mut second, b) = decide_part(&shipped, shipped_status, written.as_deref())?;
            // Two replies in one message: each names the lines it is about (R-WORD-FIT).
            parts::name_lines(&mut first.reply, &waiting);
            parts::name_lines(&mut second.reply, &shipped);
            (parts::merge(first, second, &policy.flags), vec![a, b])
        }
        (false, true) => {
            let (one, a) = decide_part(&waiting, unshipped_status, None)?;
            (one, vec![a])
        }
        (true, _) => {
            let (one, b) = decide_part(&shipped, shipped_status, None)?;
            (one, vec![b])
        }
    };
    Ok(Decision { parts, ..decision })
}

/// The case of one part: its lines, their value as the order's (never above what was
/// paid), the request's SKUs narrowed to them, and the remark as the part before left it.
fn part_case(case: &Case, lines: &[&Item], status: OrderStatus, remark: Option<&str>) -> Case {
    let mut part = case.clone();
    part.order.status = status;
    if status.is_unshipped() {
        // The order's ship, pickup and delivery times belong to the lines that left.
        (part.order.shipped_at, part.order.picked_up_at, part.order.delivered_at) = (None, None, None);
    }
    part.order.items = lines.iter().map(|i| (*i).clone()).collect();
    let value = part
        .order
        .items
        .iter()
        .try_fold(Money::ZERO, |sum, i| i.unit_price.checked_mul(i.qty).and_then(|v| sum.checked_add(v)));
    if let Some(value) = value.filter(|v| *v > Money::ZERO && *v < case.order.total) {
        part.order.total = value;
    }
    let here: HashSet<&str> = lines.iter().map(|i| i.sku.as_str()).collect();
    part.request.skus.retain(|s| here.contains(s.as_str()));
    if let Some(remark) = remark {
        remark.clone_into(&mut part.order.remark);
    }
    part
}

/// One order in one state, through the trees and the hooks; `lines`, for a part of a
/// partly shipped order, are named in its remark entry so the memo says which lines
/// the entry is about.
fn decide_whole<H: Hooks>(case: &Case, policy: &Policy, hooks: &H, lines: &[String]) -> Result<Decision, H::Error> {
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
        d.rule(id::R_REMARK_1, text("谁处理谁写备注", "whoever handles the order writes the remark entry"));
    }
    explain_flag_choice(&mut d);
    if let (false, Some((_, details))) = (lines.is_empty(), d.entry.as_mut()) {
        let which = lines.join("、");
        details.note = Some(match details.note.take() {
            Some(note) => format!("{which}：{note}"),
            None => which,
        });
    }
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
        d.rule(
            id::R_FLAG_3,
            text(
                "订单已改过收货信息，要让仓库看到",
                "the order already carries a receiver change the warehouse must see",
            ),
        );
        d.propose_flag(red, id::R_FLAG_3);
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
        if let (Some(lost), Some(lost_zh)) = (resolution.losers(), resolution.losers_zh()) {
            d.rule(
                id::R_FLAG_4,
                text(
                    format!("一单只插一面旗：按店铺优先级，{}优先于{lost_zh}", resolution.flag.name_zh()),
                    format!("one flag per order: {} wins by the shop's precedence over {lost}", resolution.flag),
                ),
            );
        }
    }
}
