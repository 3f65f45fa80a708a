//! The supervisor's table: what a seasoned Taobao/Tmall after-sales supervisor expects
//! kefu to decide and to say, beyond the rulebook's public scenarios.
//!
//! - Every situation in tests/supervisor/ (one `Scenario` per file, `source` naming the
//!   seed section, the rule or "daily shop life" it comes from) is decided by the native
//!   core and by the guest module under wasmtime; the two answers must be the same bytes
//!   and the decision must hold every expectation. All differences are printed at once.
//! - No reply kefu writes may trip its own reply guard: the zh and en reply of every
//!   decision of every scenario and situation is checked against the case's order,
//!   context and time (R-WORD-*: "a decision never offers them").
//! - The reply guard itself: S21 (a date promised on a stalled parcel) and S24 (WeChat and
//!   cash-back), from tests/data/reply/, and a table of drafts agents really type.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_cli::engine::Engine;
use kefu_cli::wasm::{WasmEngine, EMBEDDED_GUEST};
use kefu_core::expect::check;
use kefu_tests::{cache_dir, decide_input, files_in, reasons_not_in_chinese, root, scenarios_in};
use serde_json::{json, Value};

fn wasm() -> WasmEngine {
    WasmEngine::new(EMBEDDED_GUEST, Default::default(), Some(&cache_dir())).unwrap()
}

#[test]
fn every_supervisor_situation_holds_on_both_engines() {
    let mut wasm = wasm();
    let all = scenarios_in("tests/supervisor");
    assert!(all.len() >= 40, "the supervisor's table has at least 40 situations; found {}", all.len());
    let mut failures = Vec::new();
    let mut failing = 0;
    for (name, s) in &all {
        let before = failures.len();
        if name.strip_suffix(".json") != Some(s.id.as_str()) {
            failures.push(format!("{name}: its id is `{}`; name the file after the id", s.id));
        }
        if s.source.as_deref().is_none_or(str::is_empty) {
            failures.push(format!("{name}: says nowhere where the situation comes from (`source`)"));
        }
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
        } else {
            for diff in check(&s.expect, decision) {
                failures.push(format!("{name}: {diff}"));
            }
            // Agents read the reasons in Chinese: every one exists in both languages.
            for problem in reasons_not_in_chinese(decision, &input) {
                failures.push(format!("{name}: {problem}"));
            }
        }
        if failures.len() > before {
            failing += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{failing} of {} situations differ ({} differences):\n{}",
        all.len(),
        failures.len(),
        failures.join("\n")
    );
}

/// R-WORD-*: what kefu itself writes passes its own guard, for the order as it stands.
#[test]
fn no_decision_reply_trips_the_reply_guard() {
    let mut all = scenarios_in("tests/scenarios");
    all.extend(scenarios_in("tests/supervisor").into_iter().map(|(name, s)| (format!("supervisor/{name}"), s)));
    let mut findings = Vec::new();
    for (name, s) in &all {
        let answer: Value = serde_json::from_str(&kefu_core::api::call("decide", &decide_input(s))).unwrap();
        let decision = &answer["result"]["results"][0];
        if decision.get("error").is_some() {
            continue; // the scenario runners report a rejected case
        }
        for lang in ["zh", "en"] {
            let draft = decision["reply"][lang].as_str().unwrap_or_default();
            if draft.is_empty() {
                continue;
            }
            let mut input = json!({ "order": s.case["order"], "draft": draft });
            for field in ["context", "now"] {
                if let Some(v) = s.case.get(field) {
                    input[field] = v.clone();
                }
            }
            if let Some(policy) = &s.policy {
                input["policy"] = policy.clone();
            }
            let out: Value = serde_json::from_str(&kefu_core::api::call("check_reply", &input.to_string())).unwrap();
            if out["type"] != "success" {
                findings.push(format!("{name} ({lang}): the guard refused the input: {out}"));
                continue;
            }
            for f in out["result"]["findings"].as_array().into_iter().flatten() {
                findings.push(format!(
                    "{name} ({lang}): {} `{}` in `{draft}`",
                    f["rule"],
                    f["text"].as_str().unwrap_or("")
                ));
            }
        }
    }
    assert!(findings.is_empty(), "{} findings in kefu's own replies:\n{}", findings.len(), findings.join("\n"));
}

/// The guard's answer for an input, the same bytes from both engines.
fn guard(wasm: &mut WasmEngine, input: &str) -> Value {
    let native = kefu_core::api::call("check_reply", input);
    let guest = wasm.call("check_reply", input).unwrap();
    assert_eq!(native, guest, "engines differ on {input}");
    let v: Value = serde_json::from_str(&native).unwrap();
    assert_eq!(v["type"], "success", "{v}");
    v["result"].clone()
}

fn data_file(prefix: &str) -> String {
    let dir = root().join("tests/data/reply");
    let path = files_in(&dir)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .unwrap_or_else(|| panic!("no {prefix}*.json in tests/data/reply"));
    std::fs::read_to_string(path).unwrap()
}

fn findings_of<'a>(result: &'a Value, rule: &str) -> Vec<&'a Value> {
    result["findings"].as_array().into_iter().flatten().filter(|f| f["rule"] == rule).collect()
}

/// Whether a text names a day: 今天, 明天, 后天, a weekday, or a number of a day or month
/// (28号, 27日, 11月). R-WORD-PROMISE's suggestion names none, not even softened.
fn names_a_date(text: &str) -> bool {
    const DAYS: [&str; 9] = ["今天", "明天", "后天", "今日", "明日", "星期", "礼拜", "today", "tomorrow"];
    if DAYS.iter().any(|d| text.to_lowercase().contains(d)) {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    let weekday = chars.windows(2).any(|w| w[0] == '周' && "一二三四五六日天末".contains(w[1]));
    let numbered = chars
        .windows(2)
        .any(|w| (w[0].is_ascii_digit() || "一二三四五六七八九十".contains(w[0])) && "号日月".contains(w[1]));
    weekday || numbered
}

#[test]
fn s21_a_date_promised_on_a_stalled_parcel_is_flagged_and_the_suggestion_names_no_date() {
    let mut wasm = wasm();
    let result = guard(&mut wasm, &data_file("S21-"));
    let promises = findings_of(&result, "R-WORD-PROMISE");
    assert!(!promises.is_empty(), "S21: 明天就能到 on a parcel stalled for 5 days is a promise: {result}");
    for f in &promises {
        let replacement = f["replacement"].as_str().unwrap();
        assert!(!names_a_date(replacement), "S21: the suggestion `{replacement}` names a date");
    }
    let rewrite = result["rewrite"].as_str().unwrap();
    assert!(!names_a_date(rewrite), "S21: the rewrite `{rewrite}` still names a date");
}

#[test]
fn s24_wechat_and_cash_back_are_flagged_twice() {
    let mut wasm = wasm();
    let result = guard(&mut wasm, &data_file("S24-"));
    let platform = findings_of(&result, "R-WORD-PLATFORM");
    assert_eq!(platform.len(), 2, "S24: 加我微信 and 返现, one R-WORD-PLATFORM finding each: {result}");
    for phrase in ["微信", "返现"] {
        assert!(
            platform.iter().any(|f| overlaps(f["text"].as_str().unwrap(), phrase)),
            "S24: no finding covers `{phrase}`: {result}"
        );
    }
}

fn overlaps(found: &str, phrase: &str) -> bool {
    !found.is_empty() && (found.contains(phrase) || phrase.contains(found))
}

/// A draft on an order, and the (rule, phrase) findings it must get; none: it is clean.
type GuardRow<'a> = (&'a Value, &'a str, Vec<(&'a str, &'a str)>);

/// Drafts agents type, on orders a supervisor knows: what the guard must flag (each
/// phrase covered by a finding of its rule, and no finding of another rule), and what it
/// must leave alone.
#[test]
fn the_guard_flags_what_a_supervisor_would_and_nothing_else() {
    let stalled = json!({
        "order": {"order_id": "G1", "status": "shipped", "total": "99.00",
                  "shipped_at": "2026-11-19T18:00:00+08:00", "picked_up_at": "2026-11-19T20:00:00+08:00"},
        "context": {"logistics": {"last_event_at": "2026-11-20T08:00:00+08:00"}},
        "now": "2026-11-25T10:00:00+08:00"
    });
    let moving = json!({
        "order": {"order_id": "G2", "status": "shipped", "total": "99.00",
                  "shipped_at": "2026-11-24T09:00:00+08:00", "picked_up_at": "2026-11-24T11:00:00+08:00"},
        "context": {"logistics": {"last_event_at": "2026-11-25T08:00:00+08:00"}},
        "now": "2026-11-25T10:00:00+08:00"
    });
    let delivered = json!({
        "order": {"order_id": "G3", "status": "delivered", "total": "99.00",
                  "delivered_at": "2026-11-24T15:00:00+08:00"},
        "now": "2026-11-25T10:00:00+08:00"
    });
    const PROMISE: &str = "R-WORD-PROMISE";
    const PLATFORM: &str = "R-WORD-PLATFORM";
    const CONFLICT: &str = "R-WORD-CONFLICT";
    let table: Vec<GuardRow<'_>> = vec![
        // Issue point 3: a date is a promise on a stalled parcel, however it is said.
        (&stalled, "亲，明天就能到的，放心吧", vec![(PROMISE, "明天就能到")]),
        (&stalled, "明天肯定到", vec![(PROMISE, "明天肯定到")]),
        (&stalled, "绝对明天到", vec![(PROMISE, "绝对明天到")]),
        (&stalled, "我们会在明天下午前送到", vec![(PROMISE, "明天下午前送到")]),
        (&stalled, "尽量明天到", vec![(PROMISE, "明天到")]),
        (&stalled, "后天到，别着急", vec![(PROMISE, "后天到")]),
        (&stalled, "28号前送到您手上", vec![(PROMISE, "28号前送到")]),
        (&stalled, "亲，我们一直在跟进，一有进展马上告诉您", vec![]),
        // Not disrupted: a date may be given.
        (&moving, "亲，明天就能到的，放心吧", vec![]),
        // Issue point 2: what the marketplace penalises.
        (&delivered, "亲，给个五星好评，返现5元", vec![(PLATFORM, "返现")]),
        (&delivered, "有问题加V聊", vec![(PLATFORM, "加V")]),
        (&delivered, "加我QQ私下交易更便宜", vec![(PLATFORM, "QQ")]),
        (&moving, "保证百分之百正品，假一赔十", vec![(PLATFORM, "百分之百正品"), (PLATFORM, "假一赔十")]),
        (&delivered, "全网最低价，放心买", vec![(PLATFORM, "全网最低")]),
        (
            &delivered,
            "这是您自己拍错尺码的，不是我们的问题",
            vec![(CONFLICT, "是您自己"), (CONFLICT, "不是我们的问题")],
        ),
        (&delivered, "您看清楚再拍", vec![(CONFLICT, "您看清楚再拍")]),
        // What a good agent writes passes: a five-star closing without money, an apology.
        (&delivered, "亲，收到后满意的话欢迎给个五星好评哦", vec![]),
        (&delivered, "亲，非常抱歉给您带来不便，我们马上为您处理", vec![]),
    ];
    let mut wasm = wasm();
    let mut wrong = Vec::new();
    for (order, draft, expected) in &table {
        let mut input = (*order).clone();
        input["draft"] = json!(draft);
        let result = guard(&mut wasm, &input.to_string());
        let found: Vec<(String, String)> = result["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| (f["rule"].as_str().unwrap_or("").to_owned(), f["text"].as_str().unwrap_or("").to_owned()))
            .collect();
        let order_id = order["order"]["order_id"].as_str().unwrap_or("");
        for (rule, phrase) in expected {
            if !found.iter().any(|(r, t)| r == rule && overlaps(t, phrase)) {
                wrong.push(format!("{order_id} `{draft}`: expected {rule} on `{phrase}`, found {found:?}"));
            }
        }
        for (rule, text) in &found {
            if !expected.iter().any(|(r, _)| r == rule) {
                wrong.push(format!("{order_id} `{draft}`: unexpected {rule} on `{text}`"));
            }
        }
        let promised = expected.iter().any(|(r, _)| *r == PROMISE);
        for f in findings_of(&result, PROMISE) {
            let replacement = f["replacement"].as_str().unwrap_or("");
            if names_a_date(replacement) {
                wrong.push(format!("{order_id} `{draft}`: the suggestion `{replacement}` names a date"));
            }
        }
        let rewrite = result["rewrite"].as_str().unwrap_or("");
        if promised && names_a_date(rewrite) {
            wrong.push(format!("{order_id} `{draft}`: the rewrite `{rewrite}` still names a date"));
        }
    }
    assert!(wrong.is_empty(), "{} guard differences:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn dates_are_recognised() {
    for t in ["明天到", "28号前", "11月27日", "周五", "后天", "tomorrow"] {
        assert!(names_a_date(t), "{t}");
    }
    for t in ["我们一直在跟进，一有进展马上告诉您", "尽量", "5元"] {
        assert!(!names_a_date(t), "{t}");
    }
}
