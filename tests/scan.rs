//! `kefu scan`: orders in, the proactive contact queue out, in R-PROACTIVE-6 order:
//! leadership-level and merchant-fault cases first, then by time left to ship-by, then
//! by order value. Both engines, and small batches, give the same queue.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_tests::{kefu, root};
use serde_json::Value;

#[test]
fn queue_follows_r_proactive_6_on_both_engines_and_any_batch_size() {
    let path = root().join("tests/data/scan/orders.ndjson").display().to_string();
    let args = ["scan", "--now", "2026-11-25T10:00:00+08:00", path.as_str()];
    let wasm = kefu("wasm", &args, "");
    assert_eq!(wasm, kefu("native", &args, ""));
    let batched: Vec<&str> = args.iter().copied().chain(["--batch", "2"]).collect();
    assert_eq!(wasm, kefu("wasm", &batched, ""), "batches are merged into one queue");
    assert_eq!(wasm.code, 1, "a queue exits 1");
    let v: Value = serde_json::from_str(&wasm.stdout).unwrap();
    let ids: Vec<&str> =
        v["queue"].as_array().unwrap().iter().map(|q| q["decision"]["order_id"].as_str().unwrap()).collect();
    // Merchant fault first (late, out of stock), soonest ship-by first, equal ship-by by
    // value; then the others, neither with a ship-by left: the stalled parcel (500.00)
    // before the COD confirmation (50.00).
    assert_eq!(ids, vec!["Q-late-soonest", "Q-late-same-time-big", "Q-late-small", "Q-oos-big", "Q-stalled", "Q-cod"]);
    assert_eq!(v["summary"]["to_contact"], 6);
    assert_eq!(v["summary"]["scanned"], 7);
}
