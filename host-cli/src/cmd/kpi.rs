//! `kefu kpi TABLE…`: the shop's indicator tables scored (R-KPI-*). The tables are read
//! whole as grids (`source/grid.rs`); the core finds each header, maps it by name, reads
//! every cell and scores (`kpi`), so the same table scores the same on every engine.

use std::io::{Read, Write};

use serde_json::{Map, Value};

use super::CmdError;
use crate::answer::{at, envelope};
use crate::cli::{KpiArgs, KpiFormat, MessageLang};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_OK};
use crate::report::names::Names;
use crate::report::out::{columns, Csv};
use crate::run::policy::{policy_fields, read_policy};
use crate::source::grid::grid;
use crate::source::read_source;

/// Runs `kefu kpi`.
pub fn run(
    args: &KpiArgs,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let policy = read_policy(args.policy.policy.as_deref(), &args.policy.script, stdin)?;
    let mut input: Map<String, Value> = policy_fields(policy.as_ref(), engine)?;
    let mut tables = Vec::new();
    for path in crate::source::expand_paths(&args.paths)? {
        let mut table = Map::new();
        table.insert("name".into(), path.display().to_string().into());
        table.insert(
            "rows".into(),
            serde_json::to_value(grid(&path, stdin)?).map_err(|e| HostError::Answer(e.to_string()))?,
        );
        if let Some(p) = &args.period {
            table.insert("period".into(), p.clone().into());
        }
        if let Some(s) = &args.store {
            table.insert("store".into(), s.clone().into());
        }
        if let Some(d) = args.days {
            table.insert("days".into(), d.into());
        }
        tables.push(Value::Object(table));
    }
    input.insert("tables".into(), Value::Array(tables));
    if let Some(path) = &args.teams {
        let bytes = read_source(path, stdin)?;
        let teams: Value = serde_json::from_slice(&bytes).map_err(|e| {
            HostError::Usage(format!("--teams {}: not JSON ([{{\"lead\": …, \"agents\": […]}}]): {e}", path.display()))
        })?;
        input.insert("teams".into(), teams);
    }
    if let Some(path) = &args.evaluations {
        let text = String::from_utf8_lossy(&read_source(path, stdin)?).into_owned();
        let bad = |e: serde_json::Error| {
            HostError::Usage(format!("--evaluations {}: not JSON evaluations: {e}", path.display()))
        };
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        let list: Vec<Value> = if trimmed.starts_with('[') {
            serde_json::from_str(trimmed).map_err(bad)?
        } else {
            serde_json::Deserializer::from_str(trimmed).into_iter::<Value>().collect::<Result<_, _>>().map_err(bad)?
        };
        input.insert("evaluations".into(), Value::Array(list));
    }
    let answer = engine.call("kpi", &Value::Object(input).to_string())?;
    let value = envelope(&answer)?;
    if at(&value, "/type") == "failure" {
        return Err(HostError::Core(at(&value, "/errors/0").clone()).into());
    }
    let result = at(&value, "/result");
    let rejected = at(result, "/tables")
        .as_array()
        .into_iter()
        .flatten()
        .any(|t| t.get("rejected").and_then(Value::as_array).is_some_and(|r| !r.is_empty()));
    match args.format {
        KpiFormat::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(result)?)?,
        KpiFormat::Table => table(result, &Names::load(engine), args.lang, stdout)?,
        KpiFormat::Csv => csv(result, &Names::load(engine), args.lang, stdout)?,
        KpiFormat::Html => {
            stdout.write_all(crate::report::kpi::page(result, &Names::load(engine), args.lang).as_bytes())?
        }
    }
    Ok(if rejected { EXIT_ERROR } else { EXIT_OK })
}

fn t(lang: MessageLang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        MessageLang::Zh => zh,
        MessageLang::En => en,
    }
}

fn s(v: &Value, p: &str) -> String {
    match at(v, p) {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn text(v: &Value, lang: MessageLang) -> String {
    s(v, if lang == MessageLang::Zh { "/zh" } else { "/en" })
}

/// A line per agent (per store below when several), then the leads, the staffing
/// advice and how each table was read.
fn table(result: &Value, names: &Names, lang: MessageLang, out: &mut dyn Write) -> std::io::Result<()> {
    let header = match lang {
        MessageLang::Zh => ["期间", "客服", "店铺（权重）", "加权分", "表扬/投诉", "得分", "奖金"],
        MessageLang::En => ["PERIOD", "AGENT", "STORE (WEIGHT)", "WEIGHTED", "PRAISE/COMPLAINTS", "SCORE", "BONUS"],
    };
    let mut lines: Vec<[String; 7]> = vec![header.map(str::to_owned)];
    let mut cards = at(result, "/cards").as_array().cloned().unwrap_or_default();
    // Highest score first within a period, as a supervisor reads a ranking; unscored last.
    let score_of = |c: &Value| kefu_core::api::Money::parse(&s(c, "/score")).map_or(-1, kefu_core::api::Money::fen);
    cards.sort_by(|a, b| s(a, "/period").cmp(&s(b, "/period")).then(score_of(b).cmp(&score_of(a))));
    for c in &cards {
        let stores: Vec<String> = at(c, "/stores")
            .as_array()
            .into_iter()
            .flatten()
            .map(|st| {
                let name = s(st, "/store");
                if name.is_empty() {
                    "—".to_owned()
                } else {
                    format!("{name}（{}%）", s(st, "/weight"))
                }
            })
            .collect();
        let score = s(c, "/score");
        lines.push([
            s(c, "/period"),
            s(c, "/agent"),
            stores.join(" "),
            s(c, "/weighted"),
            format!("+{} / −{}", s(c, "/compliments"), s(c, "/complaints")),
            if score.is_empty() { t(lang, "无法计分", "not scored").to_owned() } else { score },
            s(c, "/bonus/amount"),
        ]);
    }
    for l in at(result, "/leads").as_array().into_iter().flatten() {
        lines.push([
            s(l, "/period"),
            format!("{}{}", s(l, "/lead"), t(lang, "（组长）", " (lead)")),
            format!("{} {}", t(lang, "团队均分", "team average"), s(l, "/team_average")),
            s(l, "/own"),
            String::new(),
            s(l, "/score"),
            s(l, "/bonus/amount"),
        ]);
    }
    columns(&lines, out)?;
    writeln!(out)?;
    // Each agent's indicators and what is missing, then the notes.
    for c in &cards {
        let mut parts = Vec::new();
        for st in at(c, "/stores").as_array().into_iter().flatten() {
            for i in at(st, "/indicators").as_array().into_iter().flatten() {
                let id = s(i, "/indicator");
                let name = names.name("indicator", &id, lang).to_owned();
                parts.push(match i.get("score") {
                    Some(_) => format!("{name} {} → {}", s(i, "/value"), s(i, "/score")),
                    None => format!("{name} {}", t(lang, "缺", "missing")),
                });
            }
        }
        writeln!(out, "{} {}: {}", s(c, "/period"), s(c, "/agent"), parts.join(t(lang, "；", "; ")))?;
        for n in at(c, "/notes").as_array().into_iter().flatten() {
            writeln!(out, "  {} {}", s(n, "/rule"), text(at(n, "/text"), lang))?;
        }
    }
    if let Some(n) = at(result, "/unmatched_evaluations").as_u64() {
        writeln!(out, "{}{n}", t(lang, "未对上客服和考核期的评价：", "evaluations matching no agent and period: "))?;
    }
    for st in at(result, "/staffing").as_array().into_iter().flatten() {
        let store = s(st, "/store");
        writeln!(out, "R-KPI-STAFF {} {}: {}", s(st, "/period"), store, text(at(st, "/text"), lang))?;
    }
    for tb in at(result, "/tables").as_array().into_iter().flatten() {
        let counts = match lang {
            MessageLang::Zh => format!(
                "{}：共{}行 = 表头上方{} + 表头{} + 空行{} + 汇总{} + 客服{} + 无法读取{}",
                s(tb, "/name"),
                s(tb, "/rows"),
                s(tb, "/banner"),
                s(tb, "/header"),
                s(tb, "/blank"),
                s(tb, "/summary"),
                s(tb, "/read"),
                at(tb, "/rejected").as_array().map_or(0, Vec::len)
            ),
            MessageLang::En => format!(
                "{}: {} rows = {} banner + {} header + {} blank + {} summary + {} agents + {} rejected",
                s(tb, "/name"),
                s(tb, "/rows"),
                s(tb, "/banner"),
                s(tb, "/header"),
                s(tb, "/blank"),
                s(tb, "/summary"),
                s(tb, "/read"),
                at(tb, "/rejected").as_array().map_or(0, Vec::len)
            ),
        };
        writeln!(out, "{}", crate::answer::printable(&counts))?;
        for r in at(tb, "/rejected").as_array().into_iter().flatten() {
            writeln!(out, "  {} {}: {}", t(lang, "行", "row"), s(r, "/row"), text(at(r, "/why"), lang))?;
        }
        let unread: Vec<String> =
            at(tb, "/unread").as_array().into_iter().flatten().filter_map(|u| u.as_str().map(str::to_owned)).collect();
        if !unread.is_empty() {
            writeln!(out, "  {}{}", t(lang, "未计分的列：", "columns not scored: "), unread.join(t(lang, "、", ", ")))?;
        }
    }
    Ok(())
}

/// A row per agent, store and indicator, for Excel.
fn csv(result: &Value, names: &Names, lang: MessageLang, out: &mut dyn Write) -> std::io::Result<()> {
    let header: &[&str] = match lang {
        MessageLang::Zh => {
            &["期间", "客服", "店铺", "店铺权重", "指标", "权重", "数值", "指标得分", "缺项原因", "得分", "奖金"]
        }
        MessageLang::En => &[
            "period",
            "agent",
            "store",
            "store_weight",
            "indicator",
            "weight",
            "value",
            "indicator_score",
            "missing",
            "score",
            "bonus",
        ],
    };
    let mut w = Csv::start(out, header)?;
    for c in at(result, "/cards").as_array().into_iter().flatten() {
        for st in at(c, "/stores").as_array().into_iter().flatten() {
            for i in at(st, "/indicators").as_array().into_iter().flatten() {
                let id = s(i, "/indicator");
                w.row(
                    out,
                    &[
                        s(c, "/period"),
                        s(c, "/agent"),
                        s(st, "/store"),
                        s(st, "/weight"),
                        names.name("indicator", &id, lang).to_owned(),
                        s(i, "/weight"),
                        s(i, "/value"),
                        s(i, "/score"),
                        text(at(i, "/missing"), lang),
                        s(c, "/score"),
                        s(c, "/bonus/amount"),
                    ],
                )?;
            }
        }
    }
    Ok(())
}
