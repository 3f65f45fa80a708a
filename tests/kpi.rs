//! `kefu kpi`: the bundled indicator tables scored on both engines, each R-KPI rule
//! pinned to figures worked out by hand from the tables (issue 27): R-KPI-BONUS,
//! R-KPI-SCORE, R-KPI-WEIGHTS, R-KPI-LEAD, R-KPI-STAFF, R-KPI-STORES, R-KPI-ADJUST.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_tests::{kefu, root};
use serde_json::Value;

const WORKBENCH: &str = "examples/kpi/自制报表-报表查看-客服绩效_20261101_20261130_全部.xlsx";
const CHITU: &str = "examples/kpi/赤兔售前明细_202611.csv";

/// `kefu kpi --format json` on both engines, the same bytes; the answer read.
fn kpi(args: &[&str]) -> Value {
    let mut argv = vec!["kpi", "--format", "json"];
    let owned: Vec<String> = args
        .iter()
        .map(|a| {
            if a.starts_with("examples/") || a.starts_with("tests/") {
                root().join(a).display().to_string()
            } else {
                (*a).to_owned()
            }
        })
        .collect();
    argv.extend(owned.iter().map(String::as_str));
    let wasm = kefu("wasm", &argv, "");
    assert_eq!(wasm, kefu("native", &argv, ""), "the same scorecards on both engines");
    assert_eq!(wasm.code, 0, "{}", wasm.stderr);
    serde_json::from_str(&wasm.stdout).unwrap()
}

fn card<'a>(v: &'a Value, agent: &str) -> &'a Value {
    v["cards"].as_array().unwrap().iter().find(|c| c["agent"] == agent).unwrap_or_else(|| panic!("no card for {agent}"))
}

#[test]
fn r_kpi_bonus_90_is_2700_and_89_is_1780() {
    // One indicator, conversion, scored as its own percentage: the score is the rate.
    let v =
        kpi(&["tests/data/kpi/bonus.csv", "--policy", "tests/data/kpi/conversion-only.json", "--period", "2026-11"]);
    for (agent, score, base, bonus) in [
        ("甲", "90.00", "3000.00", "2700.00"),
        ("乙", "89.00", "2000.00", "1780.00"),
        ("丙", "79.00", "1000.00", "790.00"),
    ] {
        let c = card(&v, agent);
        assert_eq!(
            (c["score"].as_str(), c["bonus"]["base"].as_str(), c["bonus"]["amount"].as_str()),
            (Some(score), Some(base), Some(bonus)),
            "{agent}"
        );
    }
}

#[test]
fn the_workbench_report_reads_every_row_and_scores_r_kpi_score_weights_and_lead() {
    let v = kpi(&[WORKBENCH, "--teams", "examples/kpi/teams.json"]);
    // 11 rows: the header, four agents, the six summary rows; the refund column said.
    let t = &v["tables"][0];
    assert_eq!(
        (t["rows"].as_u64(), t["header"].as_u64(), t["read"].as_u64(), t["summary"].as_u64()),
        (Some(11), Some(1), Some(4), Some(6))
    );
    assert_eq!(t["period"], "2026-11-01..2026-11-30", "the period from the file name");
    assert_eq!(t["unread"], serde_json::json!(["成功退款金额"]));
    // R-KPI-SCORE: 小美, 238 of 1,320 = 18.03 %, between the floor 10 and the
    // target 35: (18.03 − 10) / 25 = 32.12; a response of 88 s against 30/100: 17.14.
    let mei = card(&v, "小美");
    let ind = |c: &Value, id: &str| {
        c["stores"][0]["indicators"].as_array().unwrap().iter().find(|i| i["indicator"] == id).unwrap().clone()
    };
    assert_eq!(
        (ind(mei, "conversion")["value"].as_str(), ind(mei, "conversion")["score"].as_str()),
        (Some("18.03"), Some("32.12"))
    );
    assert_eq!(ind(mei, "response_avg")["score"], "17.14");
    // Missing indicators are said and not scored: the weights of the four present
    // (conversion 15, sales 20, response 10, satisfaction 10) carry the score.
    assert_eq!(mei["missing"], serde_json::json!(["attendance", "dsr", "orders", "review", "tasks"]));
    assert!(ind(mei, "dsr").get("score").is_none());
    assert_eq!(mei["score"], "45.44");
    assert_eq!(card(&v, "小王")["score"], "100.00");
    // R-KPI-LEAD: 阿珍 leads 小王, 小林, 小美 (100, 97.81, 45.44: average 81.08) and has
    // rows of her own (91.57): 60 % × 81.08 + 40 % × 91.57 = 85.28; tier 80: 1705.60.
    let lead = &v["leads"][0];
    assert_eq!(
        (lead["team_average"].as_str(), lead["own"].as_str(), lead["score"].as_str()),
        (Some("81.08"), Some("91.57"), Some("85.28"))
    );
    assert_eq!(lead["bonus"]["amount"], "1705.60");
    // R-KPI-STAFF: 8,260 inquiries over 4 agents × 30 days = 68.83 a day, under 80.
    assert_eq!(
        (v["staffing"][0]["per_agent_day"].as_str(), v["staffing"][0]["advice"].as_str()),
        (Some("68.83"), Some("cut"))
    );
}

#[test]
fn r_kpi_weights_are_the_policys_004_weighs_conversion_half() {
    // 004: conversion 50 % (target 70, floor 30), response 25 %, satisfaction 25 %.
    // 小王: 35.02 % → 12.55, 21 s → 98.75, 98.20 % → 100: 55.96.
    let v = kpi(&[WORKBENCH, "--policy", "examples/policies/kpi-004.json"]);
    let wang = card(&v, "小王");
    assert_eq!(wang["score"], "55.96");
    assert!(wang.get("missing").is_none(), "004's three indicators are all in the report");
}

#[test]
fn r_kpi_stores_and_adjust_on_the_chitu_export() {
    let v = kpi(&[CHITU, "--period", "2026-11"]);
    let t = &v["tables"][0];
    assert_eq!((t["rows"].as_u64(), t["banner"].as_u64(), t["read"].as_u64()), (Some(7), Some(1), Some(5)));
    // The seconds twin is read, the formatted column said.
    assert_eq!(t["unread"], serde_json::json!(["平均响应时间"]));
    // R-KPI-STORES: 小林's main store (1,510 inquiries) weighs 60 %, the other 40 %.
    let lin = card(&v, "小林");
    let stores = lin["stores"].as_array().unwrap();
    assert_eq!((stores[0]["store"].as_str(), stores[0]["weight"].as_u64()), (Some("云裳旗舰店"), Some(60)));
    assert_eq!((stores[1]["store"].as_str(), stores[1]["weight"].as_u64()), (Some("云裳童装店"), Some(40)));
    let (a, b) = (stores[0]["score"].as_str().unwrap(), stores[1]["score"].as_str().unwrap());
    let hundredths = |s: &str| (s.parse::<f64>().unwrap() * 100.0).round() as i64;
    let expected = (hundredths(a) * 60 + hundredths(b) * 40 + 50) / 100;
    assert_eq!(hundredths(lin["score"].as_str().unwrap()), expected, "{a} × 60 % + {b} × 40 %");
    // R-KPI-ADJUST: a named complaint −2 (小美), a compliment +2, capped at 100 (小王).
    let mei = card(&v, "小美");
    assert_eq!(hundredths(mei["score"].as_str().unwrap()), hundredths(mei["weighted"].as_str().unwrap()) - 200);
    assert_eq!(card(&v, "小王")["score"], "100.00");
    // R-KPI-STAFF per store: both within 80-120.
    assert!(v["staffing"].as_array().unwrap().iter().all(|s| s["advice"] == "keep"), "{}", v["staffing"]);
}

#[test]
fn the_table_says_in_chinese_what_was_scored_and_what_is_missing() {
    let path = root().join(WORKBENCH).display().to_string();
    let out = kefu("native", &["kpi", &path], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    for words in [
        "客服",
        "得分",
        "奖金",
        "缺少指标：出勤率",
        "共11行 = 表头上方0 + 表头1 + 空行0 + 汇总6 + 客服4 + 无法读取0",
        "未计分的列：成功退款金额",
    ] {
        assert!(out.stdout.contains(words), "{words}\n{}", out.stdout);
    }
    let bad =
        kefu("native", &["kpi", &root().join("examples/cases/service-desk-2026-11.ndjson").display().to_string()], "");
    assert_eq!(bad.code, 2, "a table with no header exits 2: {}", bad.stdout);
}

#[test]
fn the_scorecard_page_shows_each_store_each_indicator_and_the_trend_in_either_language() {
    let (a, b) = (root().join(WORKBENCH).display().to_string(), root().join(CHITU).display().to_string());
    let teams = root().join("examples/kpi/teams.json").display().to_string();
    let zh = kefu("native", &["kpi", &a, &b, "--period", "2026-11", "--teams", &teams, "--format", "html"], "");
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    for words in ["客服考核", "店铺 云裳童装店", "询单转化率", "缺", "趋势", "R-KPI-LEAD", "R-KPI-STAFF", "共11行"]
    {
        assert!(zh.stdout.contains(words), "{words}");
    }
    // Two periods (the report's from its name, the export's from --period): a trend.
    assert!(zh.stdout.contains("<th>2026-11</th><th>2026-11-01..2026-11-30</th>"));
    let en = kefu("native", &["kpi", &a, "--format", "html", "--lang", "en"], "");
    for words in ["Agent scorecards", "Inquiry conversion", "missing", "11 rows = 0 banner + 1 header"] {
        assert!(en.stdout.contains(words), "{words}");
    }
}

#[test]
fn service_evaluations_give_the_satisfaction_rate_of_their_agent_and_period() {
    // 小林's month: 22 非常满意, 14 满意, 2 一般, 1 不满意: 36 of 39 satisfied, 92.31 %,
    // in place of the report's own 96.10 %; one evaluation from December matches no period.
    let v = kpi(&[WORKBENCH, "--evaluations", "examples/kpi/evaluations.json"]);
    let lin = card(&v, "小林");
    let sat =
        lin["stores"][0]["indicators"].as_array().unwrap().iter().find(|i| i["indicator"] == "satisfaction").unwrap();
    assert_eq!(sat["value"], "92.31");
    assert_eq!(v["unmatched_evaluations"], 1);
}

#[test]
fn the_platforms_daily_totals_add_up_to_a_month_from_their_counts() {
    // A week of 小王: asks 92..98 (665), 31 paid a day (217): 32.63 %; replies 2,100 s per
    // 100 replies a day: 21.00 s; seven agent-days for the staffing advice.
    let v = kpi(&["examples/kpi/daily-performance-2026-11.json"]);
    let wang = card(&v, "小王");
    assert_eq!(wang["period"], "2026-11");
    let ind = |id: &str| {
        wang["stores"][0]["indicators"].as_array().unwrap().iter().find(|i| i["indicator"] == id).unwrap().clone()
    };
    assert_eq!(ind("conversion")["value"], "32.63");
    assert_eq!(ind("response_avg")["value"], "21.00");
    assert_eq!(v["tables"][0]["read"], 21);
    // 3 agents × 7 days; (665 + 595 + 455) inquiries / 21 = 81.67 a day.
    assert_eq!(v["staffing"][0]["per_agent_day"], "81.67");
}

#[test]
fn kefu_qa_figures_replace_the_tables_response_times_and_go_on_the_card() {
    // R-QA-2 feeds R-KPI-WEIGHTS: the chats' measured turns (小王: 135, 40, 25 and 20 s,
    // 55 s on average over 4 turns) replace the report's 平均响应时长, never averaged
    // with it.
    let qa = kefu(
        "native",
        &[
            "qa",
            "--format",
            "json",
            &root().join("examples/qa/chats").display().to_string(),
            "--orders",
            &root().join("examples/qa/orders.ndjson").display().to_string(),
        ],
        "",
    );
    let file = std::env::temp_dir().join(format!("kefu-kpi-qa-{}.json", std::process::id()));
    std::fs::write(&file, &qa.stdout).unwrap();
    let v = kpi(&[WORKBENCH, "--qa", file.to_str().unwrap()]);
    let wang = card(&v, "小王");
    let response =
        wang["stores"][0]["indicators"].as_array().unwrap().iter().find(|i| i["indicator"] == "response_avg").unwrap();
    assert_eq!(response["value"], "55.00");
    assert_eq!(
        (
            wang["chat_review"]["turns"].as_i64(),
            wang["chat_review"]["findings"].as_u64(),
            wang["chat_review"]["red_lines"].as_u64()
        ),
        (Some(4), Some(4), Some(3))
    );
    // 阿珍 has no reviewed chats: the table's own figure stands.
    let zhen = card(&v, "阿珍");
    assert!(zhen.get("chat_review").is_none());
    // 小周 is not in the table: his two days are said, not dropped.
    assert_eq!(v["unmatched_qa_days"], 2);
}
