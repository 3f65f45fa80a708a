//! Hardening (issue 10): a fault costs one record, on both engines; a script cannot hang
//! a call; bad input is named. Each test here failed before the fix it guards.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_core::api::Code;
use kefu_tests::{kefu, root};
use serde_json::{json, Value};

fn case(id: &str, remark: &str) -> String {
    json!({
        "now": "2026-11-25T12:00:00+08:00",
        "order": {"order_id": id, "status": "shipped", "total": "99.00", "remark": remark,
                  "shipped_at": "2026-11-24T12:00:00+08:00"},
        "request": {"kind": "price_difference", "amount": "10.00"}
    })
    .to_string()
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A record that hits the guest's memory cap, in a run with a Rhai policy: before, the
/// fresh instance had no policies, the retry sent a stale handle and the whole run
/// aborted with no output. Now only that record is rejected.
#[test]
fn a_cap_hit_with_a_policy_costs_one_record() {
    let policy = root().join("examples/policies/apparel.rhai").display().to_string();
    let big = "备".repeat(8 << 20); // 24 MiB of remark, past a 16 MiB guest
    let input = [case("A", ""), case("B", &big), case("C", "")].join("\n");
    let run = kefu(
        "wasm",
        &["--max-memory", "16", "decide", "--max-record", "40000000", "--format", "ndjson", "--policy", &policy, "-"],
        &input,
    );
    assert_eq!(run.code, 2, "one record rejected: {}", run.stderr);
    let out = lines(&run.stdout);
    let mut kinds: Vec<(&str, u64)> = out
        .iter()
        .filter(|l| l["kind"] != "summary")
        .map(|l| (l["kind"].as_str().unwrap(), l["index"].as_u64().unwrap()))
        .collect();
    kinds.sort_by_key(|k| k.1);
    assert_eq!(kinds, [("decision", 0), ("rejected", 1), ("decision", 2)], "{}", run.stdout);
    let rejected = out.iter().find(|l| l["kind"] == "rejected").unwrap();
    assert_eq!(rejected["error"]["code"], Code::HostMemory.as_str());
    // The policy still applies after the fresh instance: its rules are in the trace.
    let c = out.iter().find(|l| l["decision"]["order_id"] == "C").unwrap();
    let native = kefu("native", &["decide", "--format", "ndjson", "--policy", &policy, "-"], &case("C", ""));
    assert_eq!(c["decision"], lines(&native.stdout)[0]["decision"], "the policy was loaded again");
}

/// `kefu test` went on after a trap no more: the trap failed every later test. Now the
/// test that traps fails, naming the cap, and the summary counts the rest.
#[test]
fn kefu_test_survives_a_trap() {
    let dir = root().join("target").join("hardening-tests").join("kefu-test");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let test = |id: &str, remark: &str| {
        json!({"id": id, "description": id, "case": serde_json::from_str::<Value>(&case(id, remark)).unwrap(),
               "expect": {"outcome": "refund_difference"}})
        .to_string()
    };
    std::fs::write(dir.join("1-fine.json"), test("FINE-1", "")).unwrap();
    std::fs::write(dir.join("2-huge.json"), test("HUGE", &"备".repeat(8 << 20))).unwrap();
    std::fs::write(dir.join("3-fine.json"), test("FINE-2", "")).unwrap();
    let policy = root().join("examples/policies/default.rhai").display().to_string();
    let cases = dir.display().to_string();
    let run = kefu("wasm", &["--max-memory", "16", "test", &policy, &cases], "");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("PASS  FINE-1"), "{}", run.stdout);
    assert!(run.stdout.contains("FAIL  HUGE") && run.stdout.contains(Code::HostMemory.as_str()), "{}", run.stdout);
    assert!(run.stdout.contains("PASS  FINE-2"), "{}", run.stdout);
    assert!(run.stdout.contains("2 passed, 1 failed"), "{}", run.stdout);
}

/// A hook that would run for ever under a raised operation limit is stopped by the
/// native engine's time budget, as its record's error; the wasm engine by its fuel.
#[test]
fn a_runaway_hook_is_stopped_on_both_engines() {
    let dir = root().join("target").join("hardening-tests").join("runaway");
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("slow.rhai");
    std::fs::write(
        &script,
        "fn slow(c, plan) { let n = 0; loop { n += 1; } }\nrule(\"SHOP-SLOW-1\", \"before\", \"slow\");\n",
    )
    .unwrap();
    let script = script.display().to_string();
    let input = [case("A", ""), case("B", "")].join("\n");
    let args =
        ["decide", "--format", "ndjson", "--script-max-operations", "1000000000000000", "--policy", &script, "-"];
    let native = kefu("native", &[&["--time-budget-ms", "100"], &args[..]].concat(), &input);
    let codes: Vec<Value> =
        lines(&native.stdout).iter().filter(|l| l["kind"] == "rejected").map(|l| l["error"]["code"].clone()).collect();
    assert_eq!(codes, [Code::ScriptDeadline.as_str(), Code::ScriptDeadline.as_str()], "{}", native.stdout);
    let wasm = kefu("wasm", &[&["--fuel", "200000000"], &args[..]].concat(), &input);
    let codes: Vec<Value> =
        lines(&wasm.stdout).iter().filter(|l| l["kind"] == "rejected").map(|l| l["error"]["code"].clone()).collect();
    assert_eq!(codes, [Code::HostFuel.as_str(), Code::HostFuel.as_str()], "{}", wasm.stdout);
}

/// Limits that make no sense are refused by the CLI, not reported as a module error.
#[test]
fn absurd_limits_are_usage_errors() {
    for args in [&["--fuel", "0", "lint"][..], &["--max-memory", "0", "lint"], &["--max-memory", "5000", "lint"]] {
        let run = kefu("wasm", args, "");
        assert_eq!(run.code, 2, "{args:?}");
        assert!(!run.stderr.contains(Code::HostModule.as_str()) && !run.stderr.contains("backtrace"), "{}", run.stderr);
    }
}

/// Inside an input directory, a FIFO and a link to nothing were skipped silently (and a
/// FIFO named like an export would block a read for ever). Now each is a rejected
/// record naming the file, and `read = linted + rejected` still adds up.
#[cfg(unix)]
#[test]
fn odd_files_in_an_input_directory_are_reported() {
    let dir = root().join("target").join("hardening-tests").join("odd-files");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.json"), r#"{"order_id":"1","status":"paid","total":"1.00"}"#).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.json"), dir.join("b.json")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(dir.join("c.json")).status().unwrap();
    assert!(fifo.success());
    let path = dir.display().to_string();
    for engine in ["native", "wasm"] {
        let run = kefu(engine, &["lint", "--format", "ndjson", &path], "");
        assert_eq!(run.code, 2, "{}", run.stdout);
        let out = lines(&run.stdout);
        let rejected: Vec<&str> =
            out.iter().filter(|l| l["kind"] == "rejected").map(|l| l["source"].as_str().unwrap()).collect();
        assert!(
            rejected.iter().any(|s| s.ends_with("b.json")) && rejected.iter().any(|s| s.ends_with("c.json")),
            "{rejected:?}"
        );
        let summary = out.last().unwrap();
        assert_eq!(summary["read"], 3, "{summary}");
        assert_eq!(summary["rejected"], 2, "{summary}");
    }
}

/// A 60 KB remark of digits and spaces: lint's signature scan was quadratic (56 s for
/// 400k spaces natively; out of fuel on wasm at 50 KB, so the engines disagreed). Now
/// both engines lint it within the default fuel, with the same answer.
#[test]
fn long_digit_and_space_runs_lint_alike_on_both_engines() {
    for remark in [" ".repeat(60_000), "1".repeat(60_000), "1 ".repeat(30_000)] {
        let order = json!({"order_id": "1", "status": "paid", "total": "1.00", "remark": remark}).to_string();
        let native = kefu("native", &["lint", "--format", "ndjson", "-"], &order);
        let wasm = kefu("wasm", &["lint", "--format", "ndjson", "-"], &order);
        assert_eq!(native, wasm);
        assert!(native.code <= 1, "{}", native.stdout);
    }
}
