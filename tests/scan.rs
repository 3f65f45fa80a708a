//! `kefu scan`: orders in, the proactive contact queue out, in R-PROACTIVE-6 order:
//! by escalation level, highest first; within a level merchant-fault cases first; then
//! by time left to ship-by, then by order value. Both engines, and small batches, give the same queue.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_tests::{kefu, root};
use serde_json::Value;

/// A trace step's reason in English: a string, or the `en` of `{zh, en}` (issue 25
/// gives reasons in both languages).
fn because(step: &Value) -> String {
    let reason = &step["because"];
    reason.as_str().or_else(|| reason["en"].as_str()).unwrap_or_default().to_owned()
}

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
    // Each queued order's trace cites R-PROACTIVE-6 with its tier.
    for q in v["queue"].as_array().unwrap() {
        let step = q["decision"]["trace"].as_array().unwrap().iter().find(|s| s["rule"] == "R-PROACTIVE-6");
        let because = step.map(because).unwrap_or_default();
        assert!(because.starts_with("queue tier "), "{}: {because:?}", q["decision"]["order_id"]);
    }
}

#[test]
fn a_higher_escalation_level_comes_before_merchant_fault_at_a_lower_one() {
    // R-PROACTIVE-6: "by escalation level, highest first ...; within a level,
    // merchant-fault cases first". With high order value a risk factor, the stalled
    // 500.00 parcel (carrier at fault) is a senior case and leads the merchant-fault
    // orders that have no level.
    let path = root().join("tests/data/scan/orders.ndjson").display().to_string();
    let policy = root().join("tests/data/scan/high-value-policy.json").display().to_string();
    let args = ["scan", "--now", "2026-11-25T10:00:00+08:00", "--policy", policy.as_str(), path.as_str()];
    let wasm = kefu("wasm", &args, "");
    assert_eq!(wasm, kefu("native", &args, ""));
    let v: Value = serde_json::from_str(&wasm.stdout).unwrap();
    let queue = v["queue"].as_array().unwrap();
    let ids: Vec<&str> = queue.iter().map(|q| q["decision"]["order_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["Q-stalled", "Q-late-soonest", "Q-late-same-time-big", "Q-late-small", "Q-oos-big", "Q-cod"]);
    assert_eq!(queue[0]["decision"]["escalation"]["level"], "senior");
    let tier = |q: &Value| {
        because(q["decision"]["trace"].as_array().unwrap().iter().find(|s| s["rule"] == "R-PROACTIVE-6").unwrap())
    };
    assert!(tier(&queue[0]).starts_with("queue tier 6: senior level, not merchant fault"), "{}", tier(&queue[0]));
    assert!(tier(&queue[1]).starts_with("queue tier 7: none level, merchant at fault"), "{}", tier(&queue[1]));
}

/// An order from a source that lacks the fact a rule needs is not queued on a guess: the
/// rule is skipped, and the decision says which fact was missing. A ship-by is the one
/// exception the rulebook makes (R-PROACTIVE-1): without a promised ship time it is the
/// pay time plus the shop's ship window, and the decision and the summary say so.
#[test]
fn rules_needing_a_fact_the_source_lacks_are_skipped_and_said() {
    let orders = [
        // Shipped five days ago, but without the carrier's scans nothing says it stalled.
        r#"{"order_id": "U-stalled", "status": "shipped", "shipped_at": "2026-11-20T10:00:00+08:00", "total": "500.00", "unknown": ["picked_up_at"]}"#,
        // Paid three days ago with no ship-by in the export: past the 48 h ship window.
        r#"{"order_id": "U-late", "status": "paid", "paid_at": "2026-11-22T10:00:00+08:00", "total": "30.00", "unknown": ["ship_by", "items", "out_of_stock"]}"#,
        // Paid one hour ago: within the window and outside the 12 h margin.
        r#"{"order_id": "U-fresh", "status": "paid", "paid_at": "2026-11-25T09:00:00+08:00", "total": "30.00", "unknown": ["ship_by", "items", "out_of_stock"]}"#,
    ]
    .join("\n");
    for engine in ["native", "wasm"] {
        let out = kefu(engine, &["scan", "--now", "2026-11-25T10:00:00+08:00", "--format", "ndjson"], &orders);
        assert_eq!(out.code, 1, "the late order is queued: {}", out.stdout);
        let summary: Value = serde_json::from_str(out.stdout.lines().last().unwrap()).unwrap();
        assert_eq!(summary["to_contact"], 1, "{summary}");
        assert_eq!(summary["derived"]["ship_by"]["orders"], 2, "both paid orders: {summary}");
        assert!(summary["derived"]["ship_by"]["from"].as_str().unwrap().contains("48 h"), "{summary}");
        assert!(out.stdout.contains("U-late") && !out.stdout.contains("\"order_id\":\"U-fresh\""), "{}", out.stdout);
    }
    let scanned = kefu_core::api::call(
        "scan",
        &serde_json::json!({"records": orders.lines().collect::<Vec<_>>(), "now": "2026-11-25T10:00:00+08:00"})
            .to_string(),
    );
    let v: Value = serde_json::from_str(&scanned).unwrap();
    let decision = |i: usize| v["result"]["results"][i]["decision"].clone();
    assert_eq!(decision(0)["skipped"], serde_json::json!([{"check": "R-PROACTIVE-3", "missing": "picked_up_at"}]));
    assert_eq!(
        decision(1)["skipped"],
        serde_json::json!([{"check": "R-PROACTIVE-2", "missing": "out_of_stock"}, {"check": "R-PROACTIVE-5", "missing": "items"}])
    );
    assert_eq!(decision(1)["outcome"], "proactive_contact");
    assert_eq!(decision(1)["reply"]["template"], "proactive.late");
    let because = because(&decision(1)["trace"][0]);
    assert!(because.starts_with("ship-by passed 24 h 0 min ago") && because.contains("derived"), "{because}");
    assert_eq!(decision(2)["outcome"], "no_action");
    assert_eq!(decision(2)["derived"][0]["fact"], "ship_by", "derived, though not at risk: {}", decision(2));
}
