//! `kefu qa`: the bundled transcripts reviewed on both engines, the same bytes; each R-QA
//! rule pinned to what the seeds' situations must give (issue 27): R-QA-1 (a date
//! promised on a stalled parcel, a shipped claim before the pickup scan, blame, 好评返现,
//! WeChat), R-QA-2 (a slow first reply, an unanswered question, a turn after hours),
//! R-QA-3 (the daily sample, red lines first) and R-QA-4 (the week's best and worst).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_tests::{kefu, root};
use serde_json::Value;

const CHATLOG: &str = "examples/qa/chats/chatlog-2026-11-25.json";
const WORKBENCH: &str = "examples/qa/chats/工作台聊天记录-陈.txt";
const TABLE: &str = "examples/qa/chats/会话记录-小周.csv";

fn path(a: &str) -> String {
    if a.starts_with("examples/") || a.starts_with("tests/") {
        root().join(a).display().to_string()
    } else {
        a.to_owned()
    }
}

/// `kefu qa --format json` on both engines, the same bytes; the answer read.
fn qa(args: &[&str]) -> (Value, u8) {
    let mut argv = vec!["qa", "--format", "json", "--jobs", "1"];
    let owned: Vec<String> = args.iter().map(|a| path(a)).collect();
    argv.extend(owned.iter().map(String::as_str));
    let wasm = kefu("wasm", &argv, "");
    assert_eq!(wasm, kefu("native", &argv, ""), "the same review on both engines");
    assert!(wasm.code <= 1, "{}", wasm.stderr);
    (serde_json::from_str(&wasm.stdout).unwrap(), wasm.code)
}

fn all() -> Value {
    qa(&[
        CHATLOG,
        WORKBENCH,
        TABLE,
        "--orders",
        "examples/qa/orders.ndjson",
        "--evaluations",
        "examples/qa/evaluations.json",
    ])
    .0
}

fn session<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["sessions"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("no chat {id}"))
}

/// Each finding of a session as (message index, rule, red line, words).
fn findings(s: &Value) -> Vec<(u64, String, String, String)> {
    let mut out = Vec::new();
    for m in s["messages"].as_array().unwrap() {
        for f in m["findings"].as_array().into_iter().flatten() {
            out.push((
                m["index"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
                f["red_line"].as_str().unwrap_or_default().to_owned(),
                f["text"].as_str().unwrap().to_owned(),
            ));
        }
    }
    out
}

fn f(i: u64, rule: &str, red: &str, text: &str) -> (u64, String, String, String) {
    (i, rule.to_owned(), red.to_owned(), text.to_owned())
}

#[test]
fn r_qa_1_red_lines_a_date_on_a_stalled_parcel_and_blame() {
    let v = all();
    let s = session(&v, "chatlog-2026-11-25.json#1");
    // The parcel was picked up on the 20th and has not moved: a date is a promise the
    // facts contradict (R-WORD-PROMISE, a broken commitment); blaming the carrier is
    // shirking. The auto-reply is checked too and is clean.
    assert_eq!(
        findings(s),
        [
            f(2, "R-WORD-PROMISE", "broken_commitment", "明天一定给您送到"),
            f(4, "R-WORD-CONFLICT", "shirking", "是快递的问题"),
            f(4, "R-WORD-CONFLICT", "shirking", "跟我们没关系"),
        ]
    );
    assert_eq!((s["order"]["by"].as_str(), s["order"]["known"].as_bool()), (Some("card"), Some(true)));
}

#[test]
fn r_qa_1_a_shipped_claim_is_judged_against_the_order_as_it_stood_then() {
    let v = all();
    // The order is delivered today, but at 10:00 on the 24th the carrier had not picked
    // it up: "已经发货了" was a broken commitment then.
    let s = session(&v, "工作台聊天记录-陈.txt");
    assert_eq!(findings(s), [f(1, "R-WORD-SHIPPED", "broken_commitment", "已经发货")]);
    assert_eq!(s["order"]["by"], "text");
    // After the pickup scan the same chat's afternoon session is clean.
    let later = session(&v, "工作台聊天记录-陈.txt#2");
    assert!(findings(later).is_empty());
    assert_eq!(later["order"]["id"], "4012345678901234562");
}

#[test]
fn r_qa_1_platform_words_are_findings_not_red_lines() {
    let v = all();
    assert_eq!(findings(session(&v, "chatlog-2026-11-25.json#3")), [f(1, "R-WORD-PLATFORM", "", "好评返现5元哦")]);
    let wechat = findings(session(&v, "z-1"));
    assert_eq!(wechat.len(), 1);
    assert_eq!((wechat[0].1.as_str(), wechat[0].2.as_str()), ("R-WORD-PLATFORM", ""));
    // No order card, a masked nick: no order joined, and the chat says so.
    assert_eq!(session(&v, "z-1")["order"]["by"], "none");
}

#[test]
fn r_qa_2_slow_first_reply_unanswered_question_and_off_hours() {
    let v = all();
    let slow = session(&v, "chatlog-2026-11-25.json#1");
    let turns = slow["turns"].as_array().unwrap();
    // 09:58:00 to 10:00:15, the auto-reply at 09:58:05 not counting: 135 s, past the
    // 100 s alert, within 180 s.
    assert_eq!((turns[0]["seconds"].as_i64(), turns[0]["verdict"].as_str()), (Some(135), Some("slow")));
    assert_eq!(slow["summary"]["answered_in_time"], 2);
    let unanswered = session(&v, "chatlog-2026-11-25.json#3");
    assert_eq!(unanswered["turns"][1]["verdict"], "unanswered");
    assert_eq!(
        (unanswered["summary"]["turn_seconds"].as_i64(), unanswered["summary"]["unanswered"].as_u64()),
        (Some(640), Some(1))
    );
    // 23:30 is outside the service hours: not timed; never answered, still a finding.
    let night = session(&v, "z-2");
    assert_eq!(
        (
            night["turns"][0]["verdict"].as_str(),
            night["summary"]["turns"].as_u64(),
            night["summary"]["unanswered"].as_u64()
        ),
        (Some("unanswered"), Some(0), Some(1))
    );
    // Per agent: 小林's turns are 40 s, 600 s (unanswered), 30 s, 20 s, 50 s.
    let lin = v["report"]["agents"].as_array().unwrap().iter().find(|a| a["agent"] == "小林").unwrap();
    assert_eq!((lin["turns"].as_u64(), lin["average_response"].as_str()), (Some(5), Some("148.00")));
    assert_eq!((lin["answered_in_time"].as_str(), lin["unanswered"].as_u64()), (Some("80.00"), Some(1)));
}

#[test]
fn r_qa_3_the_daily_sample_reads_red_lines_first_and_is_reproducible() {
    let v = all();
    let day = v["report"]["samples"].as_array().unwrap().iter().find(|d| d["day"] == "2026-11-25").unwrap();
    let picks: Vec<(&str, &str)> = day["picks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(picks[0], ("chatlog-2026-11-25.json#1", "red_line"));
    assert_eq!(picks.len(), 4, "fewer chats than the 50 a day: all of them");
    // A sample of 2: the red line, then one drawn; the same draw every time.
    let policy = root().join("tests/data/qa/sample-2.json");
    let args = [CHATLOG, TABLE, "--policy", policy.to_str().unwrap()];
    let one = qa(&args).0["report"]["samples"].clone();
    assert_eq!(one, qa(&args).0["report"]["samples"]);
    let d25 = one.as_array().unwrap().iter().find(|d| d["day"] == "2026-11-25").unwrap();
    assert_eq!(d25["picks"].as_array().unwrap().len(), 2);
    assert_eq!(d25["picks"][1]["reason"], "drawn");
}

#[test]
fn r_qa_4_the_weeks_best_and_worst_chat_per_agent() {
    let v = all();
    let week =
        |agent: &str| v["report"]["weeks"].as_array().unwrap().iter().find(|w| w["agent"] == agent).unwrap().clone();
    let wang = week("小王");
    // Best: no finding, fast, the buyer 非常满意; worst: the red lines.
    assert_eq!(wang["best"]["id"], "chatlog-2026-11-25.json#2");
    assert_eq!(wang["worst"]["id"], "chatlog-2026-11-25.json#1");
    let zhou = week("小周");
    assert_eq!((zhou["best"]["id"].as_str(), zhou["worst"]["id"].as_str()), (Some("z-3"), Some("z-1")));
}

#[test]
fn the_outputs_agree_and_a_bad_message_costs_only_itself() {
    let dir = std::env::temp_dir().join(format!("kefu-qa-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"from_id": "店:甲", "to_id": "b", "msgs": [
            {"direction": 1, "time": "2026-11-25 10:00:00", "content": "在吗"},
            {"direction": 7, "time": "2026-11-25 10:00:10", "content": "?"},
            {"direction": 0, "time": "not a time", "content": "在的"},
            {"direction": 0, "time": "2026-11-25 10:00:20", "content": "在的，您说"}]}]"#,
    )
    .unwrap();
    let b = bad.display().to_string();
    let run = kefu("native", &["qa", "--format", "json", &b], "");
    assert_eq!(run.code, 2, "input that could not be read: exit 2");
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let rejected: Vec<(&str, u64)> = v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["field"].as_str().unwrap(), r["index"].as_u64().unwrap()))
        .collect();
    assert_eq!(rejected, [("sender", 1), ("time", 2)]);
    assert_eq!(v["sessions"][0]["turns"][0]["seconds"], 20, "the rest is reviewed");
    // NDJSON: a line per chat, the report last; the CSV names each finding.
    let nd = kefu("native", &["qa", "--format", "ndjson", &path(CHATLOG)], "");
    let lines: Vec<Value> = nd.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.iter().filter(|l| l["kind"] == "chat").count(), 3);
    assert_eq!(lines.last().unwrap()["kind"], "report");
    let csv = kefu("native", &["qa", "--format", "csv", &path(CHATLOG)], "");
    assert!(csv.stdout.contains("推卸责任") && csv.stdout.contains("R-QA-2"), "{}", csv.stdout);
    // Two jobs give the same bytes as one.
    let two = kefu("native", &["qa", "--format", "ndjson", "--jobs", "2", &path(CHATLOG), &path(TABLE)], "");
    let one = kefu("native", &["qa", "--format", "ndjson", "--jobs", "1", &path(CHATLOG), &path(TABLE)], "");
    assert_eq!(two.stdout, one.stdout);
}
