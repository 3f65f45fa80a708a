//! Every input path validates an order the same way: `lint`, `scan` and `decide` reject
//! the same invalid orders with the same code, on both engines. The path names the
//! field inside the record that was read: `items[0].qty` in an order, and
//! `order.items[0].qty` in a case. (wasm-pkg/test checks the browser package.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_core::api::Code;
use kefu_tests::kefu;
use serde_json::{json, Value};

/// A valid order, then changes that each make it invalid, with the code and path expected.
fn invalid_orders() -> Vec<(Value, &'static str, &'static str)> {
    let good = json!({
        "order_id": "6001", "status": "paid", "total": "20.00",
        "items": [{"sku": "A-1", "qty": 1, "unit_price": "20.00", "variant": "M"}]
    });
    let with = |pointer: &str, v: Value| {
        let mut o = good.clone();
        *o.pointer_mut(pointer).unwrap() = v;
        o
    };
    vec![
        (with("/items/0/qty", json!(0)), Code::OrderInvalid.as_str(), "items[0].qty"),
        (with("/order_id", json!("")), Code::OrderInvalid.as_str(), "order_id"),
        (with("/order_id", json!("   ")), Code::OrderInvalid.as_str(), "order_id"),
        (with("/items/0/sku", json!(" ")), Code::OrderInvalid.as_str(), "items[0].sku"),
        (with("/total", json!(20)), Code::InputMoney.as_str(), "total"),
        (with("/status", json!("lost")), Code::InputValue.as_str(), "status"),
    ]
}

/// The one rejection in an ndjson run: its code and path.
fn rejection(stdout: &str) -> (String, String) {
    let lines: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let rejected: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "rejected").collect();
    assert_eq!(rejected.len(), 1, "one record, rejected: {stdout}");
    let error = &rejected[0]["error"];
    (error["code"].as_str().unwrap().to_owned(), error["path"].as_str().unwrap_or_default().to_owned())
}

#[test]
fn lint_scan_and_decide_reject_the_same_orders() {
    for (order, code, path) in invalid_orders() {
        let case = json!({"now": "2026-11-25T12:00:00+08:00", "order": order, "request": {"kind": "cancel"}});
        for engine in ["native", "wasm"] {
            let lint = kefu(engine, &["lint", "--format", "ndjson", "-"], &order.to_string());
            let scan = kefu(
                engine,
                &["scan", "--format", "ndjson", "--now", "2026-11-25T12:00:00+08:00", "-"],
                &order.to_string(),
            );
            let decide = kefu(engine, &["decide", "--format", "ndjson", "-"], &case.to_string());
            for (name, run) in [("lint", &lint), ("scan", &scan), ("decide", &decide)] {
                assert_eq!(run.code, 2, "{engine} {name} must reject {order}: {}", run.stdout);
            }
            let want = (code.to_owned(), path.to_owned());
            assert_eq!(rejection(&lint.stdout), want, "{engine} lint, {order}");
            assert_eq!(rejection(&scan.stdout), want, "{engine} scan, {order}");
            assert_eq!(
                rejection(&decide.stdout),
                (code.to_owned(), format!("order.{path}")),
                "{engine} decide, {order}"
            );
        }
    }
}
