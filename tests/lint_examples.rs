//! The example orders exercise every lint check of R-REMARK-6, and lint's counting and
//! exit-code contract holds on good and bad input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_core::api::Code;
use kefu_tests::{kefu, root};
use serde_json::Value;

fn lint_json(engine: &str, path: &str) -> (u8, Value) {
    let run = kefu(engine, &["lint", path], "");
    let value: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    (run.code, value)
}

#[test]
fn examples_trigger_every_check_with_a_fix() {
    let dir = root().join("examples/orders");
    let (code, report) = lint_json("native", &dir.display().to_string());
    assert_eq!(code, 1, "findings give exit code 1");
    let summary = &report["summary"];
    assert!(summary["read"].as_u64().unwrap() >= 40, "at least 40 example orders");
    assert_eq!(summary["rejected"], 0);
    assert!(summary["clean"].as_u64().unwrap() >= 5, "some clean orders too");
    for check in
        ["flag-status-mismatch", "red-change-incomplete", "entry-unsigned", "change-without-entry", "cod-unconfirmed"]
    {
        assert!(summary["by_check"][check].as_u64().unwrap_or(0) > 0, "no example triggers {check}");
    }
    let findings = report["findings"].as_array().unwrap();
    for f in findings {
        assert_eq!(f["rule"], "R-REMARK-6");
        assert!(f["fix"]["flag"].is_string(), "every finding has a fix flag: {f}");
        assert!(!f["message"]["zh"].as_str().unwrap().is_empty() && !f["message"]["en"].as_str().unwrap().is_empty());
    }
    // R-FLAG-2: a purple flag on a shipped order is found, and the fix is blue.
    let purple_shipped =
        findings.iter().find(|f| f["order_id"] == "4128000014").expect("order 4128000014 is purple and shipped");
    assert_eq!(purple_shipped["check"], "flag-status-mismatch");
    assert_eq!(purple_shipped["fix"]["flag"], "blue");
    assert_eq!(purple_shipped["related"][0], "R-FLAG-2");
}

#[test]
fn bad_records_are_located_and_counted_and_do_not_stop_the_rest() {
    let path = root().join("tests/data/lint/bad-records.ndjson").display().to_string();
    for engine in ["native", "wasm"] {
        let (code, report) = lint_json(engine, &path);
        assert_eq!(code, 2, "rejected records give exit code 2");
        let s = &report["summary"];
        assert_eq!(s["read"], 14);
        assert_eq!(s["linted"].as_u64().unwrap() + s["rejected"].as_u64().unwrap(), 14);
        assert_eq!(s["linted"], 2);
        let rejected = report["rejected"].as_array().unwrap();
        let line_code: Vec<(u64, &str, Option<&str>)> = rejected
            .iter()
            .map(|r| (r["line"].as_u64().unwrap(), r["error"]["code"].as_str().unwrap(), r["error"]["path"].as_str()))
            .collect();
        assert_eq!(
            line_code,
            vec![
                (2, Code::InputMoney.as_str(), Some("total")),
                (3, Code::InputMoney.as_str(), Some("total")),
                (4, Code::InputMoney.as_str(), Some("total")),
                (5, Code::InputTime.as_str(), Some("paid_at")),
                (6, Code::InputUnknownField.as_str(), Some("items[0].colour")),
                (7, Code::InputValue.as_str(), Some("status")),
                (8, Code::InputFlag.as_str(), Some("flag")),
                (9, Code::InputMissingField.as_str(), Some("total")),
                (10, Code::OrderInvalid.as_str(), Some("order_id")),
                (11, Code::InputJson.as_str(), None),
                (12, Code::InputValue.as_str(), None),
                (13, Code::OrderInvalid.as_str(), Some("items[0].qty")),
            ]
        );
        // The two good records around the bad ones were still linted.
        let ids: Vec<&str> =
            report["findings"].as_array().unwrap().iter().map(|f| f["order_id"].as_str().unwrap()).collect();
        assert_eq!(ids, vec!["9001"], "9001 has a finding; 9011, the last line, is read and clean");
        assert_eq!(s["clean"], 1);
    }
}

#[test]
fn undecodable_input_is_rejected_in_place() {
    let (code, report) = lint_json("native", &root().join("tests/data/lint/not-utf8.ndjson").display().to_string());
    assert_eq!(code, 2);
    assert_eq!(report["summary"]["read"], 3);
    assert_eq!(report["rejected"][0]["line"], 2);
    assert_eq!(report["rejected"][0]["error"]["code"], Code::InputUtf8.as_str());
    let (code, report) = lint_json("native", &root().join("tests/data/lint/broken-array.json").display().to_string());
    assert_eq!(code, 2);
    assert_eq!(report["rejected"][0]["error"]["code"], Code::InputJson.as_str());
    // Read in one pass: the record before the break is linted, the break is one error
    // at the parser's own line.
    assert_eq!(report["summary"]["read"], 2);
    assert_eq!(report["summary"]["linted"], 1);
    assert_eq!(report["rejected"][0]["line"], 2);
    assert_eq!(report["rejected"][0]["error"]["line"], 2);
}

#[test]
fn clean_input_exits_zero() {
    let run = kefu("wasm", &["lint", &root().join("tests/data/lint/clean.json").display().to_string()], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn stdin_and_formats() {
    let order = r#"{"order_id":"1","status":"shipped","total":"1.00","flag":5,"remark":"【取消订单】（小王/2026-11-25 14:30）"}"#;
    let run = kefu("native", &["lint", "--format", "ndjson", "-"], order);
    let lines: Vec<Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "finding");
    assert_eq!(lines[0]["source"], "-");
    assert_eq!(lines[1]["kind"], "summary");
    let table = kefu("native", &["lint", "--format", "table", "--lang", "en"], order);
    assert!(
        table.stdout.contains("purple flag (change to an unshipped order) on a shipped order; it should be blue"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("1 read, 1 linted, 0 rejected"));
}
