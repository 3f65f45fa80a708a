//! The scenario suite: every case in tests/scenarios/ through the native core and through
//! the guest module under wasmtime. The two answers must be the same bytes, and the
//! decision must hold every expected item. A failure lists each scenario's differences.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_cli::engine::Engine;
use kefu_cli::wasm::{WasmEngine, EMBEDDED_GUEST};
use kefu_core::expect::{check, Scenario};
use kefu_core::registry::{Applies, RULES};
use kefu_tests::{cache_dir, decide_input, files_in, reasons_not_in_chinese, root, scenarios_in};
use serde_json::Value;

#[test]
fn every_scenario_holds_on_both_engines() {
    let mut wasm = WasmEngine::new(EMBEDDED_GUEST, Default::default(), Some(&cache_dir())).unwrap();
    let all = scenarios_in("tests/scenarios");
    assert!(all.len() >= 98, "S1-S18 and at least 80 more; found {}", all.len());
    let mut failures = Vec::new();
    for (name, s) in &all {
        let input = decide_input(s);
        let native = kefu_core::api::call("decide", &input);
        let guest = wasm.call("decide", &input).unwrap();
        if native != guest {
            failures.push(format!("{name}: native and wasm answers differ"));
        }
        let answer: Value = serde_json::from_str(&native).unwrap();
        let decision = &answer["result"]["results"][0];
        if decision.get("error").is_some() || answer["type"] != "success" {
            failures.push(format!("{name}: rejected: {answer}"));
            continue;
        }
        for diff in check(&s.expect, decision) {
            failures.push(format!("{name} ({}): {diff}", s.id));
        }
        // Agents read the reasons in Chinese: every one exists in both languages.
        for problem in reasons_not_in_chinese(decision, &input) {
            failures.push(format!("{name} ({}): {problem}", s.id));
        }
        // Determinism: the same input gives the same bytes again.
        assert_eq!(kefu_core::api::call("decide", &input), native, "{name} is not deterministic");
    }
    assert!(failures.is_empty(), "{} scenario differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_decide_rule_is_cited_by_a_scenario() {
    let cited: std::collections::BTreeSet<String> =
        scenarios_in("tests/scenarios").into_iter().flat_map(|(_, s)| s.expect.trace.into_iter()).collect();
    let missing: Vec<&str> =
        RULES.iter().filter(|r| r.applies == Applies::Decide && !cited.contains(r.id)).map(|r| r.id).collect();
    assert!(missing.is_empty(), "rules no scenario cites: {missing:?}");
    // Rules applied elsewhere are exercised by the suite of their module.
    for rule in RULES {
        let file = match rule.applies {
            Applies::Remark => "core/src/remark",
            Applies::Lint => "core/src/lint",
            Applies::Wording => "tests/reply.rs",
            Applies::Scan => "tests/scan.rs",
            Applies::Kpi => "tests/kpi.rs",
            Applies::Qa => "tests/qa.rs",
            Applies::Decide => continue,
        };
        let path = root().join(file);
        let text: String = if path.is_dir() {
            files_in(&path).iter().map(|f| std::fs::read_to_string(f).unwrap()).collect()
        } else {
            std::fs::read_to_string(&path).unwrap()
        };
        // Named as the rulebook writes it (a test, a comment) or as its constant.
        let constant = format!("id::{}", rule.id.replace('-', "_"));
        assert!(
            text.contains(rule.id) || text.contains(&constant),
            "{} applies in {file}, which never mentions it",
            rule.id
        );
    }
}

#[test]
fn the_registry_knows_every_rule_of_the_rulebook() {
    let Ok(book) = std::fs::read_to_string(root().join("../shared/domain.md")) else {
        return; // the rulebook is beside the repository only in the team's checkout
    };
    let mut unknown = Vec::new();
    for word in book.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        let is_id = word.starts_with("R-") && word.len() > 3 && word.chars().skip(2).any(|c| c.is_ascii_uppercase());
        if is_id && !word.ends_with('-') && kefu_core::registry::find(word).is_none() && !unknown.contains(&word) {
            unknown.push(word);
        }
    }
    // "R-REMARK-1..5" style ranges leave the prefix; those are ids with a number cut off.
    unknown.retain(|w| w.chars().last().is_some_and(|c| c.is_ascii_alphanumeric()) && !w.ends_with("-1.."));
    assert!(unknown.is_empty(), "the rulebook names ids the registry lacks: {unknown:?}");
}

/// The suite through the CLI as a user runs it: `kefu --engine wasm decide --policy P
/// cases.ndjson`, one run per distinct policy; every decision must equal the native
/// core's, and the CLI's native engine must print the same bytes.
#[test]
fn the_cli_decides_every_scenario_like_the_core() {
    let dir = root().join("target").join("scenario-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let mut groups: std::collections::BTreeMap<String, Vec<Scenario>> = Default::default();
    for (_, s) in scenarios_in("tests/scenarios") {
        groups.entry(s.policy.as_ref().map(Value::to_string).unwrap_or_default()).or_default().push(s);
    }
    for (n, (policy, group)) in groups.iter().enumerate() {
        let cases = dir.join(format!("cases-{n}.ndjson"));
        let lines: Vec<String> = group.iter().map(|s| s.case.to_string()).collect();
        std::fs::write(&cases, lines.join("\n")).unwrap();
        let mut args = vec!["decide".to_owned(), "--format".into(), "ndjson".into(), cases.display().to_string()];
        if !policy.is_empty() {
            let p = dir.join(format!("policy-{n}.json"));
            std::fs::write(&p, policy).unwrap();
            args.extend(["--policy".into(), p.display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let wasm = kefu_tests::kefu("wasm", &args, "");
        assert_eq!(wasm, kefu_tests::kefu("native", &args, ""), "engines differ for policy group {n}");
        assert_eq!(wasm.code, 0, "{}", wasm.stderr);
        let printed: Vec<Value> = wasm.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        for (s, line) in group.iter().zip(&printed) {
            let native: Value = serde_json::from_str(&kefu_core::api::call("decide", &decide_input(s))).unwrap();
            assert_eq!(
                line["decision"], native["result"]["results"][0],
                "{}: the CLI's decision differs from the core's",
                s.id
            );
            assert!(check(&s.expect, &line["decision"]).is_empty(), "{} fails through the CLI", s.id);
        }
    }
}

/// The Chinese-reasons check itself: an English reason, a reason with no Chinese and a
/// plain string are each reported; a rule id and the input's own data are not.
#[test]
fn the_reasons_check_finds_english_in_a_chinese_reason() {
    let decision = |zh: &str| serde_json::json!({"trace": [{"rule": "R-FLAG-4", "because": {"zh": zh, "en": "x"}}]});
    assert!(reasons_not_in_chinese(&decision("按店铺优先级，红旗（R-FLAG-3）优先"), "").is_empty());
    assert!(reasons_not_in_chinese(&decision("TSHIRT-01已有5起质量问题反馈"), "\"sku\":\"TSHIRT-01\"").is_empty());
    assert_eq!(reasons_not_in_chinese(&decision("买家要求COD"), "").len(), 1);
    assert_eq!(reasons_not_in_chinese(&decision("one flag per order"), "").len(), 5);
    let plain = serde_json::json!({"trace": [{"rule": "R-FLAG-4", "because": "one flag"}]});
    assert_eq!(reasons_not_in_chinese(&plain, "").len(), 1);
}

/// R-REMARK-3, append and never repeat: a decision taken again on the order as the first
/// one left it (its remark written back) writes no second copy of an entry. The first
/// decision's lines are all already there, so the second says `present` and leaves the
/// remark as it is, or writes only lines the first did not (a tree that reads the remark,
/// such as R-PROACTIVE-5 counting reminders, may decide on).
#[test]
fn a_decision_taken_twice_writes_its_entry_once() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, s) in &scenarios_in("tests/scenarios") {
        let first: Value = serde_json::from_str(&kefu_core::api::call("decide", &decide_input(s))).unwrap();
        let entry = &first["result"]["results"][0]["remark_entry"];
        let (Some(lines), Some(remark)) = (entry["entry"].as_str(), entry["remark"].as_str()) else { continue };
        if lines.is_empty() {
            continue;
        }
        let mut again = s.clone();
        again.case["order"]["remark"] = Value::from(remark);
        let second: Value = serde_json::from_str(&kefu_core::api::call("decide", &decide_input(&again))).unwrap();
        let entry2 = &second["result"]["results"][0]["remark_entry"];
        checked += 1;
        if entry2["present"] == true {
            if entry2["remark"].as_str() != Some(remark) {
                failures.push(format!("{name}: present, but the remark changed"));
            }
            continue;
        }
        // Written again: none of its lines may be one the first decision wrote.
        let written = entry2["entry"].as_str().unwrap_or_default();
        for line in written.lines() {
            if lines.lines().any(|l| l == line) {
                failures.push(format!("{name}: wrote `{line}` a second time"));
            }
        }
    }
    assert!(checked >= 50, "only {checked} scenarios write a remark entry");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
