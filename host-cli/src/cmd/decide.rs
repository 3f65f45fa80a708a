//! `kefu decide` (cases in, decisions out) and `kefu scan` (orders in, the proactive
//! contact queue out).

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::batch::{self, Outcome, Rejection};
use super::{at, CmdError};
use crate::cli::{DecideArgs, Format, MessageLang, ScanArgs};
use crate::engine::Engine;
use crate::error::HostError;
use crate::error::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::input::{read_source, Record};

/// Loads a policy for every call of this run: a Rhai script (`.rhai`) is compiled once
/// in the engine's session and named by its handle; a JSON policy travels inline.
pub fn policy_fields(
    path: Option<&std::path::Path>,
    limits: &crate::cli::ScriptArgs,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
) -> Result<Map<String, Value>, HostError> {
    let mut extra = Map::new();
    if let Some(path) = path {
        let bytes = read_source(path, stdin)?;
        if path.extension().is_some_and(|e| e == "rhai") {
            let source = String::from_utf8(bytes).map_err(|e| HostError::Io {
                path: path.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            })?;
            let input = serde_json::json!({
                "name": path.display().to_string(),
                "source": source,
                "limits": { "max_operations": limits.script_max_operations },
            });
            let answer = super::envelope(&engine.call("policy.load", &input.to_string())?)?;
            if at(&answer, "/type") == "failure" {
                return Err(HostError::Core(at(&answer, "/errors/0").clone()));
            }
            extra.insert("policy_handle".into(), at(&answer, "/result/handle").clone());
            return Ok(extra);
        }
        let policy: Value = serde_json::from_slice(&bytes).map_err(|e| {
            HostError::Core(serde_json::json!({
                "code": "KEFU-INPUT-JSON",
                "message": format!("the policy {} is not valid JSON: {e}", path.display()),
                "path": path.display().to_string(),
                "line": e.line(),
                "column": e.column(),
            }))
        })?;
        extra.insert("policy".into(), policy);
    }
    Ok(extra)
}

/// A decision with its place. The decision is the core's own text, printed as is.
#[derive(Serialize)]
struct Located<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    source: &'a str,
    index: usize,
    line: usize,
    decision: &'a RawValue,
}

/// The few fields the summaries read; serde skips the rest of the decision.
#[derive(Deserialize)]
struct Brief {
    outcome: String,
    escalation: LevelBrief,
    #[serde(default)]
    trace: Vec<RuleBrief>,
}

#[derive(Deserialize)]
struct LevelBrief {
    level: String,
}

#[derive(Deserialize)]
struct RuleBrief {
    rule: String,
}

fn brief(raw: &RawValue) -> Option<Brief> {
    serde_json::from_str(raw.get()).ok()
}

#[derive(Serialize, Default)]
struct DecideSummary {
    read: usize,
    decided: usize,
    rejected: usize,
    by_outcome: BTreeMap<String, usize>,
    by_level: BTreeMap<String, usize>,
}

/// Runs `kefu decide`.
pub fn decide(
    args: &DecideArgs,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let extra = policy_fields(args.policy.policy.as_deref(), &args.policy.script, engine, stdin)?;
    let records = batch::collect(&args.paths, stdin)?;
    let outcomes = batch::run(&records, engine, "decide", &extra, args.output.batch as usize)?;
    let mut summary = DecideSummary { read: records.len(), ..DecideSummary::default() };
    for outcome in &outcomes {
        match outcome {
            Outcome::Done(d) => {
                summary.decided += 1;
                if let Some(b) = brief(d) {
                    *summary.by_outcome.entry(b.outcome).or_default() += 1;
                    *summary.by_level.entry(b.escalation.level).or_default() += 1;
                }
            }
            Outcome::Rejected(_) => summary.rejected += 1,
        }
    }
    let rows: Vec<(&Record, &RawValue)> = records
        .iter()
        .zip(&outcomes)
        .filter_map(|(r, o)| match o {
            Outcome::Done(d) => Some((r, d.as_ref())),
            Outcome::Rejected(_) => None,
        })
        .collect();
    write(args.output.format, args.output.lang, &records, &outcomes, &rows, &summary, "decisions", stdout)?;
    Ok(if summary.rejected > 0 { EXIT_ERROR } else { EXIT_OK })
}

#[derive(Serialize, Default)]
struct ScanSummary {
    read: usize,
    scanned: usize,
    rejected: usize,
    to_contact: usize,
    by_rule: BTreeMap<String, usize>,
}

/// Runs `kefu scan`.
pub fn scan(
    args: &ScanArgs,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let mut extra = policy_fields(args.policy.policy.as_deref(), &args.policy.script, engine, stdin)?;
    extra.insert("now".into(), Value::String(args.now.clone().unwrap_or_else(now_in_shop_time)));
    let records = batch::collect(&args.paths, stdin)?;
    let outcomes = batch::run(&records, engine, "scan", &extra, args.output.batch as usize)?;
    let mut summary = ScanSummary { read: records.len(), ..ScanSummary::default() };
    #[derive(Deserialize)]
    struct Scanned<'a> {
        queue_key: Option<String>,
        #[serde(borrow)]
        decision: &'a RawValue,
    }
    let mut queue: Vec<(String, &Record, &RawValue)> = Vec::new();
    for (record, outcome) in records.iter().zip(&outcomes) {
        match outcome {
            Outcome::Done(result) => {
                summary.scanned += 1;
                let Ok(scanned) = serde_json::from_str::<Scanned<'_>>(result.get()) else { continue };
                if let Some(key) = scanned.queue_key {
                    for step in brief(scanned.decision).map(|b| b.trace).unwrap_or_default() {
                        if step.rule.starts_with("R-PROACTIVE") {
                            *summary.by_rule.entry(step.rule).or_default() += 1;
                        }
                    }
                    queue.push((key, record, scanned.decision));
                }
            }
            Outcome::Rejected(_) => summary.rejected += 1,
        }
    }
    // The core's keys sort in R-PROACTIVE-6 order across batches.
    queue.sort_by(|a, b| a.0.cmp(&b.0));
    summary.to_contact = queue.len();
    let rows: Vec<(&Record, &RawValue)> = queue.iter().map(|(_, r, d)| (*r, *d)).collect();
    write(args.output.format, args.output.lang, &records, &outcomes, &rows, &summary, "queue", stdout)?;
    Ok(if summary.rejected > 0 {
        EXIT_ERROR
    } else if summary.to_contact > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The current time at +08:00, where the shops are: the host may read a clock, the core
/// never does.
fn now_in_shop_time() -> String {
    let utc = chrono::Utc::now();
    match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(shop) => utc.with_timezone(&shop).to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    }
}

#[allow(clippy::too_many_arguments, reason = "one writer for both commands")]
fn write<S: Serialize>(
    format: Format,
    lang: MessageLang,
    records: &[Record],
    outcomes: &[Outcome],
    rows: &[(&Record, &RawValue)],
    summary: &S,
    list: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rejected: Vec<Rejection<'_>> = records
        .iter()
        .zip(outcomes)
        .filter_map(|(r, o)| match o {
            Outcome::Rejected(error) => Some(Rejection { place: &r.place, error }),
            Outcome::Done(_) => None,
        })
        .collect();
    let kind = list.trim_end_matches('s');
    let located: Vec<Located<'_>> = rows
        .iter()
        .map(|(r, d)| Located {
            kind: None,
            source: &r.place.source,
            index: r.place.index,
            line: r.place.line,
            decision: d,
        })
        .collect();
    match format {
        Format::Json => {
            let mut doc = Map::new();
            // Re-read so the whole document is pretty-printed; ndjson prints the core's bytes.
            let values: Vec<Value> = located.iter().map(|l| serde_json::to_value(l).unwrap_or(Value::Null)).collect();
            doc.insert(list.to_owned(), Value::Array(values));
            doc.insert("rejected".into(), serde_json::to_value(&rejected)?);
            doc.insert("summary".into(), serde_json::to_value(summary)?);
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        Format::Ndjson => {
            for l in &located {
                serde_json::to_writer(&mut *out, &Located { kind: Some(kind), ..*l })?;
                writeln!(out)?;
            }
            for r in &rejected {
                let mut line = serde_json::to_value(r)?;
                if let Some(obj) = line.as_object_mut() {
                    obj.insert("kind".into(), Value::String("rejected".into()));
                }
                writeln!(out, "{line}")?;
            }
            let mut line = serde_json::to_value(summary)?;
            if let Some(obj) = line.as_object_mut() {
                obj.insert("kind".into(), Value::String("summary".into()));
            }
            writeln!(out, "{line}")
        }
        Format::Table => table(lang, &located, &rejected, summary, out),
    }
}

fn table<S: Serialize>(
    lang: MessageLang,
    located: &[Located<'_>],
    rejected: &[Rejection<'_>],
    summary: &S,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let key = match lang {
        MessageLang::Zh => "/reply/zh",
        MessageLang::En => "/reply/en",
    };
    let s = |v: &Value, p: &str| at(v, p).as_str().unwrap_or_default().to_owned();
    let mut lines: Vec<[String; 7]> =
        vec![["WHERE", "ORDER", "OUTCOME", "FLAG", "LEVEL", "RULES", "REPLY"].map(str::to_owned)];
    for l in located {
        let d: &Value = &serde_json::from_str(l.decision.get()).unwrap_or(Value::Null);
        let mut rules: Vec<String> = Vec::new();
        for step in at(d, "/trace").as_array().into_iter().flatten() {
            if let Some(r) = step.get("rule").and_then(Value::as_str) {
                if !rules.iter().any(|x| x == r) {
                    rules.push(r.to_owned());
                }
            }
        }
        lines.push([
            format!("{}:{}", l.source, l.line),
            s(d, "/order_id"),
            s(d, "/outcome"),
            s(d, "/flag/flag"),
            s(d, "/escalation/level"),
            rules.join(","),
            s(d, key),
        ]);
    }
    for r in rejected {
        lines.push([
            format!("{}:{}", r.place.source, r.place.line),
            "-".into(),
            "rejected".into(),
            String::new(),
            String::new(),
            s(r.error, "/code"),
            s(r.error, "/message"),
        ]);
    }
    let mut widths = [0usize; 6];
    for row in &lines {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &lines {
        let mut line = String::new();
        for (w, cell) in widths.iter().zip(row) {
            line.push_str(&format!("{cell:<w$}  "));
        }
        line.push_str(row.get(6).map_or("", String::as_str));
        writeln!(out, "{}", super::printable(line.trim_end()))?;
    }
    writeln!(out, "\n{}", serde_json::to_string(summary)?)
}
