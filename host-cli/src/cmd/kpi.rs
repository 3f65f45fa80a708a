//! `kefu kpi TABLE…`: the shop's indicator tables scored (R-KPI-*). The tables are read
//! whole as grids (`source/grid.rs`); the core finds each header, maps it by name, reads
//! every cell and scores (`kpi`), so the same table scores the same on every engine.

use std::io::{Read, Write};

use serde_json::{Map, Value};

use super::CmdError;
use crate::answer::{at, envelope};
use crate::cli::{KpiArgs, KpiFormat};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_OK};
use crate::report::kpi as report;
use crate::report::names::Names;
use crate::run::evaluations::read_evaluations;
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
        input.insert("evaluations".into(), read_evaluations(path, stdin)?);
    }
    if let Some(path) = &args.qa {
        input.insert("qa".into(), qa_days(path, stdin)?);
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
        KpiFormat::Table => report::table(result, &Names::load(engine), args.lang, stdout)?,
        KpiFormat::Csv => report::csv(result, &Names::load(engine), args.lang, stdout)?,
        KpiFormat::Html => stdout.write_all(report::page(result, &Names::load(engine), args.lang).as_bytes())?,
    }
    Ok(if rejected { EXIT_ERROR } else { EXIT_OK })
}

/// `kefu qa`'s agent days from its output: `--format json` (`report.days`) or
/// `--format ndjson` (the last line, `kind` report).
fn qa_days(path: &std::path::Path, stdin: &mut dyn Read) -> Result<Value, HostError> {
    let text = String::from_utf8_lossy(&read_source(path, stdin)?).into_owned();
    let bad = |why: String| HostError::Usage(format!("--qa {}: {why}", path.display()));
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let report = if let Ok(doc) = serde_json::from_str::<Value>(trimmed) {
        doc.get("report").cloned().unwrap_or(doc)
    } else {
        let last = trimmed.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
        serde_json::from_str::<Value>(last)
            .map_err(|e| bad(format!("not `kefu qa --format json` or ndjson output: {e}")))?
    };
    match report.get("days") {
        Some(days @ Value::Array(_)) => Ok(days.clone()),
        _ => Err(bad("no `days` in it: give the output of `kefu qa --format json` (or ndjson)".to_owned())),
    }
}
