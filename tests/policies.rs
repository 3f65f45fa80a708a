//! Shop policies in Rhai: the default policy equals no policy, the example shops pass
//! their own tests, every hostile script ends in its typed error, and all of it is the
//! same on both engines.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_core::api::Code;
use kefu_core::expect::Scenario;
use kefu_core::script::{compile, ScriptLimits};
use kefu_core::Policy;
use kefu_tests::{files_in, kefu, root};

const CASE: &str = r#"{"now":"2026-11-25T10:00:00+08:00","order":{"order_id":"1","status":"delivered","total":"99.00","buyer_nick":"x"},"request":{"kind":"cancel","reason":"changed_mind"}}"#;

#[test]
fn the_default_script_is_the_default_policy() {
    let source = std::fs::read_to_string(root().join("examples/policies/default.rhai")).unwrap();
    let compiled = compile("default.rhai", &source, &ScriptLimits::default()).unwrap();
    assert!(compiled.policy == Policy::default(), "default.rhai drifted from Policy::default()");
    assert!(compiled.rules().is_empty());
}

#[test]
fn deciding_with_the_default_script_equals_deciding_without_one() {
    let dir = root().join("target").join("policy-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let cases = dir.join("default-policy-cases.ndjson");
    let lines: Vec<String> = files_in(&root().join("tests/scenarios"))
        .iter()
        .map(|p| serde_json::from_str::<Scenario>(&std::fs::read_to_string(p).unwrap()).unwrap())
        .filter(|s| s.policy.is_none())
        .map(|s| s.case.to_string())
        .collect();
    assert!(lines.len() > 100);
    std::fs::write(&cases, lines.join("\n")).unwrap();
    let cases = cases.display().to_string();
    let script = root().join("examples/policies/default.rhai").display().to_string();
    for engine in ["native", "wasm"] {
        let plain = kefu(engine, &["decide", "--format", "ndjson", &cases], "");
        let scripted = kefu(engine, &["decide", "--format", "ndjson", "--policy", &script, &cases], "");
        assert_eq!(plain.code, 0, "{}", plain.stderr);
        assert_eq!(plain, scripted, "{engine}: default.rhai changes a decision");
    }
}

#[test]
fn each_example_shop_passes_its_tests_on_both_engines() {
    for shop in ["apparel", "electronics", "agency"] {
        let policy = root().join(format!("examples/policies/{shop}.rhai")).display().to_string();
        let wasm = kefu("wasm", &["test", &policy], "");
        assert_eq!(wasm, kefu("native", &["test", &policy], ""), "{shop}: engines differ");
        assert_eq!(wasm.code, 0, "{shop}:\n{}{}", wasm.stdout, wasm.stderr);
        assert!(wasm.stdout.contains(" 0 failed"), "{}", wasm.stdout);
    }
}

#[test]
fn s11_gives_a_coupon_and_cites_the_shop_rule() {
    let policy = root().join("examples/policies/apparel.rhai").display().to_string();
    let case = root().join("examples/policies/apparel.tests/s11-double11-price-drop.json");
    let scenario: Scenario = serde_json::from_str(&std::fs::read_to_string(case).unwrap()).unwrap();
    let run = kefu("wasm", &["decide", "--format", "ndjson", "--policy", &policy, "-"], &scenario.case.to_string());
    let line: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    let d = &line["decision"];
    assert_eq!(d["outcome"], "no_price_refund");
    assert!(d["actions"].as_array().unwrap().iter().any(|a| a["id"] == "offer_coupon" && a["amount"] == "10.00"));
    assert!(d["trace"].as_array().unwrap().iter().any(|t| t["rule"] == "SHOP-D11-1"));
    assert!(d["reply"]["zh"].as_str().unwrap().contains("优惠券"));
}

#[test]
fn every_hostile_script_ends_in_its_typed_error_on_both_engines() {
    let scripts: Vec<_> = files_in(&root().join("tests/hostile"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rhai"))
        .collect();
    assert!(scripts.len() >= 20, "the catalogue has at least 20 hostile scripts");
    for script in scripts {
        let text = std::fs::read_to_string(&script).unwrap();
        let expected =
            text.lines().next().and_then(|l| l.strip_prefix("// expect: ")).expect("first line names the code");
        let path = script.display().to_string();
        let wasm = kefu("wasm", &["decide", "--policy", &path, "-"], CASE);
        let native = kefu("native", &["decide", "--policy", &path, "-"], CASE);
        assert_eq!(wasm, native, "{path}: engines differ");
        assert_eq!(wasm.code, 2, "{path}: a hostile script is bad input");
        let said = format!("{}{}", wasm.stdout, wasm.stderr);
        assert!(said.contains(expected), "{path}: expected {expected}, got:\n{said}");
        assert!(said.contains(&path) || said.contains("tests/hostile"), "{path}: the error names the file");
    }
}

#[test]
fn a_syntax_error_shows_file_line_column_and_the_source_line() {
    let path = root().join("tests/hostile/15-eval.rhai").display().to_string();
    let run = kefu("wasm", &["decide", "--policy", &path, "-"], CASE);
    let first = run.stderr.lines().next().unwrap();
    assert!(
        first.starts_with("kefu: error[KEFU-SCRIPT-SYNTAX]: ") && first.contains("15-eval.rhai:2:1:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 | eval(\"policy.retention = false\");\n  | ^"), "{}", run.stderr);
}

#[test]
fn under_wasmtime_fuel_is_a_second_fence() {
    // The script's own operation limit raised out of the way: the fuel cap still stops it.
    let path = root().join("tests/hostile/01-endless-loop.rhai").display().to_string();
    let args = ["--fuel", "100000000", "decide", "--script-max-operations", "1000000000000", "--policy", &path, "-"];
    let run = kefu("wasm", &args, CASE);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(Code::HostFuel.as_str()), "{}", run.stderr);
}
