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

#[cfg(all(test, feature = "impact"))]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a test fails by panicking")]
mod tests {
    use proptest::prelude::*;

    /// A case from the generated parts: every request kind the trees answer, in every
    /// order state, by every role, with or without an amount and a promotion in force.
    fn case(status: &str, kind: &str, role: &str, amount: Option<u32>, promo: bool, insists: bool) -> String {
        let mut request = serde_json::json!({"kind": kind, "insists": insists});
        if let Some(fen) = amount {
            request["amount"] = format!("{}.{:02}", fen / 100, fen % 100).into();
        }
        let mut order = serde_json::json!({
            "order_id": "4021261100000000001", "status": status, "created_at": "2026-11-20T09:00:00+08:00",
            "items": [{"sku": "COAT-07", "title": "羊毛大衣", "qty": 1, "unit_price": "599.00"}], "total": "599.00",
        });
        if status != "unpaid" {
            order["paid_at"] = "2026-11-20T09:05:00+08:00".into();
        }
        if matches!(status, "shipped" | "delivered") {
            order["pushed_at"] = "2026-11-20T12:00:00+08:00".into();
            order["shipped_at"] = "2026-11-21T12:00:00+08:00".into();
        }
        let promotions = if promo {
            serde_json::json!([{"name": "double11", "start": "2026-11-01T00:00:00+08:00", "end": "2026-11-30T23:59:59+08:00"}])
        } else {
            serde_json::json!([])
        };
        serde_json::json!({
            "now": "2026-11-25T10:00:00+08:00", "order": order, "request": request,
            "agent": {"name": "小王", "role": role}, "context": {"promotions": promotions},
        })
        .to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// The same policy on both sides (the default, and the default given inline, so
        /// compiled twice) changes nothing and rewords nothing, whatever the case.
        #[test]
        fn identical_policies_give_an_empty_diff(
            status in prop::sample::select(vec!["unpaid", "paid", "pushed", "shipped", "delivered"]),
            kind in prop::sample::select(vec!["cancel", "discount", "price_difference", "where_is_my_order", "return", "defect", "complaint", "none"]),
            role in prop::sample::select(vec!["new", "agent", "senior", "supervisor"]),
            amount in prop::option::of(0u32..80_000),
            promo in any::<bool>(),
            insists in any::<bool>(),
        ) {
            let record = case(status, kind, role, amount, promo, insists);
            let input = serde_json::json!({"records": [record], "b": {"policy": {}}}).to_string();
            let answer: serde_json::Value = serde_json::from_str(&crate::api::call("diff", &input)).unwrap();
            let result = &answer["result"]["results"][0];
            prop_assert!(result.get("error").is_none() || result["error"]["code"] != "KEFU-INTERNAL-ENCODE", "{result}");
            if result.get("error").is_none() {
                prop_assert_eq!(&result["changes"], &serde_json::json!([]), "{}", result);
                prop_assert!(result.get("reworded").is_none(), "{result}");
                prop_assert!(result.get("b").is_none(), "{result}");
            }
        }
    }

    #[test]
    fn an_order_with_no_request_needs_a_time_and_a_case_brings_its_own() {
        let order = serde_json::json!({"order_id": "O1", "status": "paid", "created_at": "2026-11-20T09:00:00+08:00",
            "paid_at": "2026-11-20T09:05:00+08:00", "items": [], "total": "0.00"});
        let input = serde_json::json!({"records": [order.to_string()]}).to_string();
        let answer: serde_json::Value = serde_json::from_str(&crate::api::call("diff", &input)).unwrap();
        assert_eq!(answer["result"]["results"][0]["error"]["path"], "now");
        let input = serde_json::json!({"records": [order.to_string()], "now": "2026-11-25T10:00:00+08:00"}).to_string();
        let answer: serde_json::Value = serde_json::from_str(&crate::api::call("diff", &input)).unwrap();
        assert_eq!(answer["result"]["results"][0]["via"], "scan", "{answer}");
        let case = case("paid", "discount", "agent", Some(3000), false, true);
        let input = serde_json::json!({"records": [case], "b": {"policy": {"discount_limits": {"agent": "50.00"}}}})
            .to_string();
        let answer: serde_json::Value = serde_json::from_str(&crate::api::call("diff", &input)).unwrap();
        let result = &answer["result"]["results"][0];
        assert_eq!(result["via"], "decide");
        assert_eq!(result["a"]["outcome"], "supervisor_decides");
        assert_eq!(result["b"]["outcome"], "grant_discount");
        assert_eq!(result["b"]["money"]["granted"], "30.00");
        assert_eq!(result["parted"]["a"]["rule"], "R-ESC-DISCOUNT");
        // A policy that does not check names its side.
        let input = serde_json::json!({"records": [], "b": {"policy": {"discount_limits": {"agent": 50}}}}).to_string();
        let answer: serde_json::Value = serde_json::from_str(&crate::api::call("diff", &input)).unwrap();
        assert_eq!(answer["type"], "failure", "{answer}");
    }
}
