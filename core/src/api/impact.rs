//! `diff`: every record decided under two policies (A, the one in force, and B, the
//! change) and compared: a policy change's impact on last month's orders, before it is
//! rolled out (domain.md §1).
//!
//! A record is a case (kefu's case JSON: it has an `order`), decided with its own
//! request; or an order (kefu's order JSON, an export row, a trade object), scanned at
//! `now` as `scan` does. The record is read once and decided twice, so a diff costs two
//! decisions and a comparison. A record that cannot be read or decided on either side is
//! rejected whole, its message naming the side: it costs that record in both runs.

#[cfg(feature = "impact")]
pub use on::{Compared, Diffed};

use super::envelope::Shape;
use super::session::Session;

/// `diff` with its input as text.
#[cfg(feature = "impact")]
pub(super) fn call(session: &mut Session, input: &str, shape: Shape) -> String {
    super::envelope::with_input(input, |i| on::diff(session, i, shape))
}

/// `diff` over a batch's records.
#[cfg(feature = "impact")]
pub(super) fn call_batch(session: &mut Session, input: &str, records: Vec<String>, shape: Shape) -> String {
    super::envelope::with_input(input, |i| on::diff(session, on::DiffInput { records, ..i }, shape))
}

/// `diff` in a build without it (the browser package, issue 26: the package's size).
#[cfg(not(feature = "impact"))]
pub(super) fn call(_: &mut Session, _: &str, _: Shape) -> String {
    super::operation::unknown("diff")
}

#[cfg(not(feature = "impact"))]
pub(super) fn call_batch(_: &mut Session, _: &str, _: Vec<String>, _: Shape) -> String {
    super::operation::unknown("diff")
}

/// The operation itself, in a build with it.
#[cfg(feature = "impact")]
mod on {
    use serde::de::IgnoredAny;
    use serde::{Deserialize, Serialize};

    use super::super::envelope::{batch_answer, failure, Shape};
    use super::super::records::{Reader, RowsIn, TradesIn};
    use super::super::session::{PolicyChoice, Session};
    use crate::decision::Decision;
    use crate::impact::{compare, ChangeKind, Pair, Side, Via};
    use crate::model::case::Case;
    use crate::model::code::Code;
    use crate::model::error::ErrorReport;
    use crate::model::text::Label;
    use crate::model::time::Timestamp;
    use crate::script::{decide_with, CompiledPolicy};

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(in crate::api) struct DiffInput {
        #[serde(default)]
        pub(in crate::api) records: Vec<String>,
        /// The time orders (records with no request) are scanned at; cases carry their own.
        #[serde(default)]
        pub(in crate::api) now: Option<Timestamp>,
        /// The policy in force (default: the built-in one).
        #[serde(default)]
        pub(in crate::api) a: PolicyChoice,
        /// The policy to try.
        #[serde(default)]
        pub(in crate::api) b: PolicyChoice,
        /// The records are an export's rows (see `records.rs`).
        #[serde(default)]
        pub(in crate::api) rows: Option<RowsIn>,
        /// The records are trade objects.
        #[serde(default)]
        pub(in crate::api) trades: Option<TradesIn>,
    }

    /// One record's outcome in a `diff` batch.
    #[derive(Serialize)]
    #[serde(untagged)]
    pub enum Diffed {
        /// Decided under both policies and compared.
        Compared(Box<Compared>),
        /// The record was rejected (under either policy); nothing else is affected.
        Rejected {
            /// Why, the message naming the side.
            error: ErrorReport,
        },
    }

    /// A record decided under A and B.
    #[derive(Serialize)]
    pub struct Compared {
        /// The order.
        pub order_id: String,
        /// Decided with its request, or scanned.
        pub via: Via,
        /// What differs; empty when nothing does.
        pub changes: Vec<ChangeKind>,
        /// Present (`true`) when nothing differs but the reasons: the same answer,
        /// explained with other facts (the new limit cited).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        pub reworded: bool,
        /// Where the traces part: the first step that differs on each side.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub parted: Option<crate::impact::Parted>,
        /// The replies' words, when they differ.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub replies: Option<Pair<String>>,
        /// The steps, when they differ.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub actions: Option<Pair<Vec<Label>>>,
        /// The decision under A.
        pub a: Side,
        /// The decision under B, when it differs from A's side (else it is the same).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub b: Option<Side>,
    }

    #[derive(Serialize)]
    struct DiffOutput {
        results: Vec<Diffed>,
    }

    /// Whether a JSON record is a case (it has an `order`) rather than an order.
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        order: Option<IgnoredAny>,
    }

    /// `diff`: each record decided under A and B, and compared.
    pub(in crate::api) fn diff(session: &mut Session, i: DiffInput, shape: Shape) -> String {
        let (a, b) = match session.policy_pair(i.a, i.b) {
            Ok(pair) => pair,
            Err(e) => return failure(*e),
        };
        let reader = match Reader::new(i.rows, i.trades) {
            Ok(r) => r,
            Err(e) => return failure(*e),
        };
        let now = i.now;
        let one = |record: &String| match read(&reader, record, now) {
            Ok((case, via)) => match both(&case, &a, &b) {
                Ok((da, db)) => Diffed::Compared(Box::new(compared(&da, &db, via))),
                Err(error) => Diffed::Rejected { error: *error },
            },
            Err(error) => Diffed::Rejected { error: *error },
        };
        batch_answer(shape, i.records.iter().map(one).collect(), |results| DiffOutput { results })
    }

    /// A record as the case to decide: a case as it is, an order scanned at `now`.
    fn read(reader: &Reader, record: &str, now: Option<Timestamp>) -> Result<(Case, Via), Box<ErrorReport>> {
        if matches!(reader, Reader::Orders) {
            if let Ok(Probe { order: Some(_) }) = serde_json::from_str::<Probe>(record) {
                return Ok((Case::from_json(record)?, Via::Decide));
            }
        }
        let order = reader.order(record)?;
        let Some(now) = now else {
            let why = "an order with no request is scanned at a time: give `now` (cases carry their own)";
            return Err(Box::new(ErrorReport::of(Code::InputValue, why).at("now")));
        };
        Ok((Case::scan(now, order), Via::Scan))
    }

    /// The case decided under both policies.
    fn both(case: &Case, a: &CompiledPolicy, b: &CompiledPolicy) -> Result<(Decision, Decision), Box<ErrorReport>> {
        let on = |side: &str, policy: &CompiledPolicy| {
            decide_with(case, policy).map_err(|e| {
                let report = e.report();
                Box::new(ErrorReport { message: format!("under policy {side}: {}", report.message), ..report })
            })
        };
        Ok((on("A", a)?, on("B", b)?))
    }

    fn compared(da: &Decision, db: &Decision, via: Via) -> Compared {
        let (side_a, side_b) = (Side::of(da), Side::of(db));
        let c = compare(da, db, &side_a, &side_b);
        let same = side_a == side_b;
        Compared {
            order_id: da.order_id.clone(),
            via,
            changes: c.changes,
            reworded: c.reworded,
            parted: c.parted,
            replies: c.replies,
            actions: c.actions,
            a: side_a,
            b: (!same).then_some(side_b),
        }
    }
}
