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
        let because = step.map(|s| s["because"].clone()).unwrap_or_default();
        let (zh, en) = (because["zh"].as_str().unwrap_or_default(), because["en"].as_str().unwrap_or_default());
        assert!(zh.starts_with("排队第") && en.starts_with("queue tier "), "{}: {because}", q["decision"]["order_id"]);
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
    let tier = |q: &Value, lang: &str| {
        q["decision"]["trace"].as_array().unwrap().iter().find(|s| s["rule"] == "R-PROACTIVE-6").unwrap()["because"]
            [lang]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        tier(&queue[0], "zh").starts_with("排队第6档（共8档）：升级至资深客服，非商家责任；"),
        "{}",
        tier(&queue[0], "zh")
    );
    assert!(tier(&queue[1], "zh").starts_with("排队第7档（共8档）：无需升级，商家责任；"), "{}", tier(&queue[1], "zh"));
    let en = tier(&queue[0], "en");
    assert!(en.starts_with("queue tier 6 of 8: escalated to senior, not the merchant's fault;"), "{en}");
    let en = tier(&queue[1], "en");
    assert!(en.starts_with("queue tier 7 of 8: no escalation, the merchant is at fault;"), "{en}");
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
    let because = &decision(1)["trace"][0]["because"];
    let (zh, en) = (because["zh"].as_str().unwrap(), because["en"].as_str().unwrap());
    assert_eq!(zh, "已过承诺发货时间，逾期24小时（承诺发货时间按付款时间加48小时推算）");
    assert!(en.starts_with("ship-by passed, 24 h late") && en.contains("derived"), "{en}");
    assert_eq!(decision(2)["outcome"], "no_action");
    assert_eq!(decision(2)["derived"][0]["fact"], "ship_by", "derived, though not at risk: {}", decision(2));
}
