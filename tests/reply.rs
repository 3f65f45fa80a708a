//! The reply guard (R-WORD-SHIPPED, R-WORD-PROMISE, R-WORD-CONFLICT) through the CLI on
//! both engines: the same findings, spans and rewrites.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_tests::{kefu, root};
use serde_json::Value;

fn check(name: &str) -> (u8, Value) {
    let path = root().join("tests/data/reply").join(name).display().to_string();
    let wasm = kefu("wasm", &["check-reply", &path], "");
    let native = kefu("native", &["check-reply", &path], "");
    assert_eq!(wasm, native, "engines differ on {name}");
    (wasm.code, serde_json::from_str(&wasm.stdout).unwrap())
}

fn rules(v: &Value) -> Vec<&str> {
    v["result"]["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect()
}

#[test]
fn s14_says_warehouse_shipped_before_pickup() {
    let (code, v) = check("s14-shipped-no-pickup.json");
    assert_eq!(code, 1, "findings exit 1");
    let f = &v["result"]["findings"][0];
    assert_eq!(f["rule"], "R-WORD-SHIPPED");
    assert_eq!((f["start"].as_u64(), f["end"].as_u64()), (Some(2), Some(6)), "character offsets of 已经发货");
    assert_eq!(f["replacement"], "仓库已发货");
    assert_eq!(v["result"]["rewrite"], "亲，仓库已发货了");
    let (code, v) = check("picked-up-ok.json");
    assert_eq!((code, rules(&v).len()), (0, 0), "after pickup the phrase is fine");
}

#[test]
fn absolute_promises_during_disruptions() {
    let (_, v) = check("stalled-promise.json");
    assert_eq!(rules(&v), vec!["R-WORD-PROMISE", "R-WORD-PROMISE"]);
    let (_, v) = check("promotion-promise.json");
    assert_eq!(rules(&v), vec!["R-WORD-PROMISE"]);
    assert_eq!(v["result"]["rewrite"], "We will do our best to ensure it ships today");
}

#[test]
fn hostile_wording() {
    let (_, v) = check("hostile.json");
    assert_eq!(rules(&v), vec!["R-WORD-CONFLICT", "R-WORD-CONFLICT"]);
}
