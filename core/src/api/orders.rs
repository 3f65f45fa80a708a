//! `lint`, `decide`, `scan`: the batch operations, each record read and answered alone.

use serde::{Deserialize, Serialize};

use super::envelope::{batch_answer, failure, Shape};
use super::records::{Reader, RowsIn, TradesIn};
use super::session::Session;
use crate::decision::{Decision, Outcome};
use crate::lint::{lint as lint_order, LintOptions, OrderFindings};
use crate::model::case::Case;
use crate::model::error::ErrorReport;
use crate::model::order::Order;
use crate::model::time::Timestamp;
use crate::policy::Policy;
use crate::script::{decide_with, CompiledPolicy};
use crate::trees::proactive::QueueKey;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LintInput {
    #[serde(default)]
    pub(super) records: Vec<String>,
    #[serde(default)]
    pub(super) options: Option<LintOptions>,
    /// The records are an export's rows (see `records.rs`).
    #[serde(default)]
    pub(super) rows: Option<RowsIn>,
    /// The records are trade objects.
    #[serde(default)]
    pub(super) trades: Option<TradesIn>,
    /// Each linted order also says its latest time (`latest_at`).
    #[serde(default)]
    pub(super) latest_at: bool,
}

/// One record's outcome in a `lint` batch.
#[derive(Serialize)]
#[serde(untagged)]
pub enum RecordResult {
    /// The order was read and linted.
    Linted(OrderFindings),
    /// The record was rejected; nothing else in the batch is affected.
    Rejected {
        /// Why.
        error: ErrorReport,
    },
}

#[derive(Serialize)]
struct LintOutput {
    results: Vec<RecordResult>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DecideInput {
    #[serde(default)]
    pub(super) records: Vec<String>,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
}

/// One record's outcome in a `decide` or `scan` batch.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Decided {
    /// The case was decided.
    Decision(Box<Decision>),
    /// The record was rejected; nothing else in the batch is affected.
    Rejected {
        /// Why.
        error: ErrorReport,
    },
}

#[derive(Serialize)]
struct DecideOutput {
    results: Vec<Decided>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScanInput {
    pub(super) now: Timestamp,
    #[serde(default)]
    pub(super) records: Vec<String>,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
    /// The records are an export's rows (see `records.rs`).
    #[serde(default)]
    pub(super) rows: Option<RowsIn>,
    /// The records are trade objects.
    #[serde(default)]
    pub(super) trades: Option<TradesIn>,
}

/// One record's outcome in a `scan` batch.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Scanned {
    /// The order was scanned.
    Scanned {
        /// Present when the buyer should be contacted: sorting these strings gives the
        /// contact queue in R-PROACTIVE-6 order.
        queue_key: Option<String>,
        /// With the queue key: R-PROACTIVE-6's tier, 1 (leadership, merchant at fault) to
        /// 8 (no level, not merchant fault), the key's first part, for hosts to show.
        #[serde(skip_serializing_if = "Option::is_none")]
        tier: Option<u8>,
        /// The decision.
        decision: Box<Decision>,
    },
    /// The record was rejected.
    Rejected {
        /// Why.
        error: ErrorReport,
    },
}

#[derive(Serialize)]
struct ScanOutput {
    results: Vec<Scanned>,
}

/// `lint`: each record an order, linted alone.
pub(super) fn lint(i: LintInput, shape: Shape) -> String {
    let options = i.options.unwrap_or_default();
    let reader = match Reader::new(i.rows, i.trades) {
        Ok(r) => r,
        Err(e) => return failure(*e),
    };
    let lint_one = |record: &String| match reader.order(record) {
        Ok(order) => {
            let mut findings = lint_order(&order, &options);
            if i.latest_at {
                findings.latest_at = latest_at(&order);
            }
            RecordResult::Linted(findings)
        }
        Err(error) => RecordResult::Rejected { error: *error },
    };
    batch_answer(shape, i.records.iter().map(lint_one).collect(), |results| LintOutput { results })
}

/// The latest of an order's times, whichever it has.
fn latest_at(order: &Order) -> Option<Timestamp> {
    [
        order.created_at,
        order.paid_at,
        order.pushed_at,
        order.shipped_at,
        order.picked_up_at,
        order.delivered_at,
        order.closed_at,
    ]
    .into_iter()
    .flatten()
    .max()
}

/// `decide`: each record a case, decided alone.
pub(super) fn decide(session: &mut Session, i: DecideInput, shape: Shape) -> String {
    let compiled = match session.policy(i.policy_handle, i.policy) {
        Ok(c) => c,
        Err(e) => return failure(*e),
    };
    let decide_one = |record: &String| match Case::from_json(record) {
        Ok(case) => match decide_with(&case, &compiled) {
            Ok(decision) => Decided::Decision(Box::new(decision)),
            Err(e) => Decided::Rejected { error: e.report() },
        },
        Err(error) => Decided::Rejected { error: *error },
    };
    batch_answer(shape, i.records.iter().map(decide_one).collect(), |results| DecideOutput { results })
}

/// `scan`: each record an order, decided with no request at `now`; the orders to
/// contact carry their queue key.
pub(super) fn scan(session: &mut Session, i: ScanInput, shape: Shape) -> String {
    let compiled = match session.policy(i.policy_handle, i.policy) {
        Ok(c) => c,
        Err(e) => return failure(*e),
    };
    let reader = match Reader::new(i.rows, i.trades) {
        Ok(r) => r,
        Err(e) => return failure(*e),
    };
    let scan_one = |record: &String| match reader.order(record) {
        Ok(order) => scan_order(i.now, order, &compiled),
        Err(error) => Scanned::Rejected { error: *error },
    };
    batch_answer(shape, i.records.iter().map(scan_one).collect(), |results| ScanOutput { results })
}

/// One order scanned at `now`: decided with no request; a buyer to contact gets the
/// queue key.
pub(super) fn scan_order(now: Timestamp, order: Order, compiled: &CompiledPolicy) -> Scanned {
    let case = Case::scan(now, order);
    match decide_with(&case, compiled) {
        Ok(decision) => {
            let key = (decision.outcome == Outcome::ProactiveContact).then(|| QueueKey::of(&decision, &case));
            let tier = key.as_ref().map(QueueKey::tier_of);
            Scanned::Scanned { queue_key: key.map(|k| k.sort_key()), tier, decision: Box::new(decision) }
        }
        Err(e) => Scanned::Rejected { error: e.report() },
    }
}
