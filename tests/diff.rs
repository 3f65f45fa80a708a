//! `kefu diff`: a policy change replayed over the bundled cases and exports, on both
//! engines (issue 26's "must show"). Each expected set of changed orders is computed
//! from the cases' own fields, as the rulebook states the rule, not copied from a run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::collections::BTreeSet;

use kefu_tests::{kefu, root};
use serde_json::Value;

/// The bundled inputs: every case file, and exports scanned as orders.
fn inputs() -> Vec<String> {
    ["examples/cases", "examples/exports/orders-2026-11-25.xlsx", "examples/exports/trades-page.json"]
        .iter()
        .map(|p| root().join(p).display().to_string())
        .collect()
}

/// Every case of the bundled case files.
fn cases() -> Vec<Value> {
    let mut out = Vec::new();
    for file in kefu_tests::files_in(&root().join("examples/cases")) {
        let text = std::fs::read_to_string(&file).unwrap();
        match file.extension().and_then(|e| e.to_str()) {
            Some("ndjson") => {
                out.extend(text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()))
            }
            Some("json") => out.push(serde_json::from_str(&text).unwrap()),
            _ => {}
        }
    }
    out
}

fn fen(text: &str) -> i64 {
    let (whole, frac) = text.split_once('.').unwrap_or((text, "0"));
    whole.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}").parse::<i64>().unwrap()
}

/// `kefu diff` on both engines, the same bytes; its NDJSON read: the changed order ids
/// (by source and line, since example ids repeat across files) and the summary.
fn diff(policies: &[&str], extra: &[&str]) -> (BTreeSet<String>, Value, u8) {
    let mut args: Vec<String> =
        vec!["diff".into(), "--format".into(), "ndjson".into(), "--now".into(), "2026-11-25T10:00:00+08:00".into()];
    for p in policies {
        args.push("--policy".into());
        args.push(root().join(p).display().to_string());
    }
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args.extend(inputs());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let wasm = kefu("wasm", &args, "");
    let native = kefu("native", &args, "");
    assert_eq!(wasm, native, "the same diff on both engines");
    let mut changed = BTreeSet::new();
    let mut summary = Value::Null;
    for line in native.stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        match v["kind"].as_str() {
            Some("change") => {
                assert!(!v["change"]["changes"].as_array().unwrap().is_empty(), "{line}");
                changed.insert(v["change"]["order_id"].as_str().unwrap().to_owned());
            }
            Some("summary") => summary = v,
            other => panic!("unexpected line {other:?}: {line}\n{}", native.stderr),
        }
    }
    (changed, summary, native.code)
}

#[test]
fn raising_the_agents_discount_limit_to_50_changes_exactly_the_discounts_between_20_and_50() {
    // R-ESC-DISCOUNT: an agent grants up to the role's limit; above it the supervisor
    // decides. Only the `agent` role's limit moves (20.00 → 50.00), and an amount over
    // what the buyer paid is never a routine discount, whatever the limit.
    let expected: BTreeSet<String> = cases()
        .iter()
        .filter(|c| c["request"]["kind"] == "discount" && c["agent"]["role"] == "agent")
        .filter(|c| c["request"]["reason"] != "review_cashback")
        .filter(|c| {
            let asked = c["request"]["amount"].as_str().map(fen);
            asked.is_some_and(|a| a > 2000 && a <= 5000 && a <= fen(c["order"]["total"].as_str().unwrap()))
        })
        .map(|c| c["order"]["order_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(expected.len() >= 8, "the bundled cases hold discounts between 20 and 50: {expected:?}");
    let (changed, summary, code) = diff(&["examples/policies/discount-limit-50.json"], &[]);
    assert_eq!(changed, expected);
    assert_eq!(code, 1, "differences exit 1");
    assert_eq!(summary["rejected"], 0, "{summary}");
    assert!(summary["scanned"].as_u64().unwrap() > 0, "the exports were scanned too: {summary}");
    // Each changed discount left the supervisor's queue: B escalates fewer.
    let supervisor = &summary["by_level"]["supervisor"];
    assert_eq!(supervisor["a"].as_u64().unwrap() - supervisor["b"].as_u64().unwrap(), expected.len() as u64);
    // The money granted rises by exactly the amounts the insisting buyers asked.
    let granted: i64 = cases()
        .iter()
        .filter(|c| expected.contains(c["order"]["order_id"].as_str().unwrap()) && c["request"]["insists"] == true)
        .map(|c| fen(c["request"]["amount"].as_str().unwrap()))
        .sum();
    assert_eq!(fen(summary["money"]["granted"]["difference"].as_str().unwrap()), granted, "{summary}");
    assert_eq!(summary["by_change"]["level"], expected.len());
    // Where the decisions part: R-ESC-DISCOUNT on both sides, the limit cited.
    assert!(summary["rules"]["R-ESC-DISCOUNT"]["a"].as_u64().unwrap() > 0);
}

#[test]
fn no_price_protection_during_double11_changes_exactly_the_price_drops_inside_it() {
    // R-PRICE-1: a price drop claimed while a promotion the shop refuses protection
    // during is in force gets no refund (a coupon instead). A page price error is no
    // price drop (R-PRICE-1 answers it first) and is the same under both policies.
    let inside = |c: &Value| {
        let now = c["now"].as_str().unwrap();
        c["context"]["promotions"].as_array().into_iter().flatten().any(|p| {
            p["name"] == "double11" && p["start"].as_str().unwrap() <= now && now <= p["end"].as_str().unwrap()
        })
    };
    let expected: BTreeSet<String> = cases()
        .iter()
        .filter(|c| c["request"]["kind"] == "price_difference" && c["request"]["reason"] != "page_price_error")
        .filter(|c| inside(c))
        .map(|c| c["order"]["order_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(expected.len() >= 4, "{expected:?}");
    let outside = cases().iter().filter(|c| c["request"]["kind"] == "price_difference" && !inside(c)).count();
    assert!(outside >= 3, "the bundled cases hold price drops after Double 11 too");
    let (changed, summary, _) = diff(&["examples/policies/no-price-protection-double11.json"], &[]);
    assert_eq!(changed, expected);
    assert_eq!(summary["rejected"], 0, "{summary}");
    // Refunds fall, coupons rise.
    assert!(summary["money"]["refunded"]["difference"].as_str().unwrap().starts_with('-'), "{summary}");
    assert!(!summary["money"]["granted"]["difference"].as_str().unwrap().starts_with('-'), "{summary}");
}

#[test]
fn identical_policies_give_an_empty_diff() {
    // The same policy on both sides, as JSON and as Rhai scripts with rules of their own:
    // nothing changes and nothing is reworded, on cases and on scanned exports alike.
    for policy in [
        "examples/policies/discount-limit-50.json",
        "examples/policies/apparel.rhai",
        "examples/policies/electronics.rhai",
        "examples/policies/agency.rhai",
    ] {
        let (changed, summary, code) = diff(&[policy, policy], &[]);
        assert!(changed.is_empty(), "{policy}: {changed:?}");
        assert_eq!((summary["changed"].as_u64(), summary["reworded"].as_u64()), (Some(0), Some(0)), "{policy}");
        assert_eq!(code, 0, "{policy}: no difference exits 0");
        assert!(summary["compared"].as_u64().unwrap() > 50, "{policy}: {summary}");
    }
}

#[test]
fn a_bad_record_costs_that_record_and_the_rest_are_compared() {
    let case = std::fs::read_to_string(root().join("examples/cases/s11-double11-price-drop.json")).unwrap();
    let case: Value = serde_json::from_str(&case).unwrap();
    let stdin = format!("{}\n{{\"not\": \"a case\"\n{}\n", case, case);
    let policy = root().join("examples/policies/no-price-protection-double11.json").display().to_string();
    let args = ["diff", "--policy", policy.as_str(), "--format", "ndjson", "-"];
    let wasm = kefu("wasm", &args, &stdin);
    assert_eq!(wasm, kefu("native", &args, &stdin));
    assert_eq!(wasm.code, 2, "a rejected record exits 2");
    let lines: Vec<Value> = wasm.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["change", "change", "rejected", "summary"]);
    assert_eq!(lines[2]["line"], 2);
    let summary = &lines[3];
    assert_eq!(
        (summary["read"].as_u64(), summary["compared"].as_u64(), summary["rejected"].as_u64()),
        (Some(3), Some(2), Some(1))
    );
}

#[test]
fn coverage_names_the_rules_that_never_fired_and_a_shop_flag_that_always_loses() {
    // The shop's SHOP-GREEN-1 proposes green on paid price drops with an amount; the
    // rulebook's R-FLAG-2 proposes purple on every one of them (an unshipped order's
    // pending change), and purple ranks above green (R-FLAG-4): green never wins.
    // SHOP-NEVER-1 asks for a complaint over a million yuan: it never fires.
    let (_, summary, _) = diff(&["tests/data/diff/green-price-drops.rhai"], &["--coverage"]);
    let coverage = &summary["coverage"];
    let list = |key: &str| -> Vec<String> {
        coverage[key].as_array().into_iter().flatten().map(|v| v.as_str().unwrap().to_owned()).collect()
    };
    assert!(list("shop_never_fired").contains(&"SHOP-NEVER-1".to_owned()), "{coverage}");
    assert!(list("never_fired").contains(&"SHOP-NEVER-1".to_owned()));
    assert!(list("only_b").contains(&"SHOP-GREEN-1".to_owned()), "{coverage}");
    let lost = coverage["always_lost"].as_array().unwrap();
    let green = lost.iter().find(|l| l["rule"] == "SHOP-GREEN-1").unwrap_or_else(|| panic!("{coverage}"));
    assert!(green["proposals"].as_u64().unwrap() >= 2, "{green}");
    assert!(summary["rules"]["SHOP-GREEN-1"]["b"].as_u64().unwrap() >= 2);
    // Rules the bundled inputs never reach are named; those they reach are not.
    assert!(list("never_fired").contains(&"R-COD-1".to_owned()), "{coverage}");
    assert!(!list("never_fired").contains(&"R-ESC-DISCOUNT".to_owned()));
}

#[test]
fn the_report_and_the_csv_name_what_changed_in_the_chosen_language() {
    let policy = root().join("examples/policies/discount-limit-50.json").display().to_string();
    let cases = root().join("examples/cases/service-desk-2026-11.ndjson").display().to_string();
    let html = kefu("native", &["diff", "--policy", &policy, "--format", "html", &cases], "");
    assert_eq!(html.code, 1, "{}", html.stderr);
    for words in ["策略变更影响", "升级级别", "主管决定", "给予优惠", "R-ESC-DISCOUNT", "id=\"k-changed\">8<"]
    {
        assert!(html.stdout.contains(words), "{words}");
    }
    let csv = kefu("native", &["diff", "--policy", &policy, "--format", "csv", "--lang", "en", &cases], "");
    let rows: Vec<&str> = csv.stdout.lines().collect();
    assert!(rows[0].starts_with("\u{FEFF}source,line,order_id,via,changes"), "{}", rows[0]);
    assert_eq!(rows.len(), 1 + 8, "a row per changed decision");
    // The 19-digit order id keeps every digit in Excel.
    assert!(rows[1].contains("\"=\"\"4021261100000000004\"\"\""), "{}", rows[1]);
}

#[test]
fn test_coverage_lists_each_tests_rules_and_the_rules_no_test_reaches() {
    let policy = root().join("examples/policies/apparel.rhai").display().to_string();
    let args = ["test", policy.as_str(), "--coverage"];
    let wasm = kefu("wasm", &args, "");
    assert_eq!(wasm, kefu("native", &args, ""));
    assert_eq!(wasm.code, 0, "{}", wasm.stdout);
    let out = &wasm.stdout;
    // The shop's own rule, marked, on the test that reaches it.
    let line = out.lines().find(|l| l.trim_start().starts_with("s11-double11-price-drop ")).unwrap();
    assert!(line.contains("SHOP-D11-1*"), "{line}");
    let unreached = out.lines().skip_while(|l| !l.starts_with("not reached by any test:")).nth(1).unwrap();
    assert!(unreached.contains("R-COD-1") && !unreached.contains("R-PRICE-1"), "{unreached}");
    assert!(out.contains("shop rules not reached: 0 of 1"), "{out}");
}
