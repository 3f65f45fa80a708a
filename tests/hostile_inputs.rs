//! The catalogue of hostile inputs (tests/hostile-inputs/): each file holds one bad
//! input, the command that reads it, and the exact code and location kefu must answer.
//! Both engines must answer the same bytes. (Scripts have their own catalogue,
//! tests/hostile/.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_core::api::Code;
use kefu_tests::{files_in, kefu, root, Run};
use serde_json::Value;

const NOW: &str = "2026-11-25T12:00:00+08:00";
const CASE: &str = r#"{"now":"2026-11-25T12:00:00+08:00","order":{"order_id":"1","status":"paid","total":"1.00"}}"#;
/// The export a `lint --mapping` file's mapping reads.
const EXPORT: &str = "订单编号,订单状态,买家实际支付金额,订单付款时间\n1,交易成功,1.00,2026-11-25 09:20:00\n";

/// Runs the file's command on both engines; they must agree byte for byte.
fn run(command: &str, stdin: &str, name: &str) -> Run {
    let dir = root().join("target").join("hostile-inputs");
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join(format!("{name}.policy.json"));
    let policy = policy.display().to_string();
    let mapping = dir.join(format!("{name}.mapping.json")).display().to_string();
    let (args, input): (Vec<&str>, &str) = match command {
        "lint" | "decide" => (vec![command, "--format", "ndjson", "-"], stdin),
        "scan" => (vec!["scan", "--format", "ndjson", "--now", NOW, "-"], stdin),
        "remark append" => (vec!["remark", "append", "-"], stdin),
        "decide --policy" => {
            std::fs::write(&policy, stdin).unwrap();
            (vec!["decide", "--format", "ndjson", "--policy", &policy, "-"], CASE)
        }
        "check-reply" => (vec!["check-reply", "-"], stdin),
        "lint --mapping" => {
            std::fs::write(&mapping, stdin).unwrap();
            (vec!["lint", "--format", "ndjson", "--input-format", "csv", "--mapping", &mapping, "-"], EXPORT)
        }
        "lint csv" => (vec!["lint", "--format", "ndjson", "--input-format", "csv", "-"], stdin),
        other => panic!("{name}: unknown command `{other}`"),
    };
    let native = kefu("native", &args, input);
    let wasm = kefu("wasm", &args, input);
    assert_eq!(native, wasm, "{name}: the engines differ");
    native
}

/// The errors a run reports, each with the place it was read from.
fn errors(command: &str, run: &Run) -> Vec<Value> {
    match command {
        "remark append" | "check-reply" => {
            let answer: Value = serde_json::from_str(&run.stdout).unwrap();
            answer["errors"].as_array().cloned().unwrap_or_default()
        }
        "decide --policy" | "lint --mapping" => {
            // A policy refused fails the whole run: `kefu: error[CODE]: message` on stderr.
            let code = run.stderr.split("error[").nth(1).and_then(|s| s.split(']').next()).unwrap_or_default();
            vec![serde_json::json!({"code": code, "message": run.stderr})]
        }
        _ => run
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|l| l["kind"] == "rejected")
            .map(|l| {
                let mut e = l["error"].clone();
                e["line"] = l["line"].clone();
                e
            })
            .collect(),
    }
}

#[test]
fn every_hostile_input_gets_its_code_and_place_on_both_engines() {
    let files = files_in(&root().join("tests/hostile-inputs"));
    assert!(files.len() >= 20, "the catalogue is in tests/hostile-inputs");
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let command = doc["command"].as_str().unwrap();
        let run = run(command, doc["stdin"].as_str().unwrap(), &name);
        assert_eq!(run.code, 2, "{name}: bad input exits 2\n{}{}", run.stdout, run.stderr);
        let got = errors(command, &run);
        let want = doc["expect"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{name}: {got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g["code"], w["code"], "{name}: {g}");
            if let Some(path) = w.get("path").and_then(Value::as_str) {
                match command {
                    // The run's message names the field (the path's last part).
                    "decide --policy" | "lint --mapping" => {
                        let field = path.rsplit('.').next().unwrap();
                        assert!(g["message"].as_str().unwrap().contains(field), "{name}: {g}");
                    }
                    _ => assert_eq!(g["path"], path, "{name}: {g}"),
                }
            }
            if let Some(line) = w.get("line") {
                let got_line = if command == "decide --policy" || command == "lint --mapping" {
                    // serde's position, in the message.
                    Value::from(g["message"].as_str().unwrap().contains(&format!("line {line}")))
                } else {
                    g["line"].clone()
                };
                let want_line = if command == "decide --policy" || command == "lint --mapping" {
                    Value::from(true)
                } else {
                    line.clone()
                };
                assert_eq!(got_line, want_line, "{name}: {g}");
            }
        }
    }
}

/// A draft of 7.7 MB took 50 s natively while the wasm engine ran out of fuel at 240 KB:
/// the engines disagreed. The core refuses any draft past its limit, so both give the
/// same answer, at once.
#[test]
fn an_oversized_draft_is_refused_alike_by_both_engines() {
    let input = serde_json::json!({
        "order": {"order_id": "1", "status": "shipped", "total": "1.00", "shipped_at": "2026-11-25T10:00:00+08:00"},
        "context": {"logistics": {"stalled": true}},
        "draft": "亲，已经发货了，保证明天一定到。".repeat(7_700_000 / 48),
    })
    .to_string();
    assert!(input.len() > 7_500_000);
    let args = ["check-reply", "-"];
    let (native, wasm) = (kefu("native", &args, &input), kefu("wasm", &args, &input));
    assert_eq!(native, wasm, "the engines differ");
    assert_eq!(native.code, 2, "{}", native.stderr);
    let answer: Value = serde_json::from_str(&native.stdout).unwrap();
    let e = &answer["errors"][0];
    assert_eq!(
        (e["code"].as_str(), e["path"].as_str(), e["unit"].as_str()),
        (Some(Code::InputTooLarge.as_str()), Some("draft"), Some("chars"))
    );
}
