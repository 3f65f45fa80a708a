//! `kefu lint`: orders in, findings out, every record accounted for.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use super::{at, envelope, CmdError};
use crate::cli::{Format, LintArgs, MessageLang};
use crate::engine::Engine;
use crate::error::HostError;
use crate::input::{expand_paths, read_source, split_records, Place, Record};
use crate::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

/// Input bytes per call, besides the record count: keeps each call well inside the caps.
const BATCH_BYTES: usize = 4 << 20;

/// What became of one record.
enum Outcome {
    Linted { order_id: String, findings: Vec<Value> },
    Rejected(Value),
}

#[derive(Serialize)]
struct LocatedFinding<'a> {
    #[serde(flatten)]
    place: &'a Place,
    order_id: &'a str,
    #[serde(flatten)]
    finding: &'a Value,
}

#[derive(Serialize)]
struct Rejection<'a> {
    #[serde(flatten)]
    place: &'a Place,
    error: &'a Value,
}

#[derive(Serialize, Default)]
struct Summary {
    read: usize,
    linted: usize,
    rejected: usize,
    clean: usize,
    orders_with_findings: usize,
    findings: usize,
    by_check: BTreeMap<String, usize>,
}

/// Runs `kefu lint`.
pub fn run(
    args: &LintArgs,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    _stderr: &mut dyn Write,
) -> Result<u8, CmdError> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    let mut records: Vec<Record> = Vec::new();
    for path in expand_paths(&paths)? {
        let name = path.display().to_string();
        match read_source(&path, stdin) {
            Ok(bytes) => records.extend(split_records(&name, &bytes)),
            Err(e) => records.push(Record { place: Place { source: name, index: 0, line: 0 }, text: Err(e.report()) }),
        }
    }
    let outcomes = lint_records(&records, engine, args.batch as usize)?;

    let mut summary = Summary { read: records.len(), ..Summary::default() };
    for outcome in &outcomes {
        match outcome {
            Outcome::Linted { findings, .. } => {
                summary.linted += 1;
                summary.findings += findings.len();
                if findings.is_empty() {
                    summary.clean += 1;
                } else {
                    summary.orders_with_findings += 1;
                }
                for f in findings {
                    let check = at(f, "/check").as_str().unwrap_or_default().to_owned();
                    *summary.by_check.entry(check).or_default() += 1;
                }
            }
            Outcome::Rejected(_) => summary.rejected += 1,
        }
    }

    match args.format {
        Format::Json => write_json(&records, &outcomes, &summary, stdout)?,
        Format::Ndjson => write_ndjson(&records, &outcomes, &summary, stdout)?,
        Format::Table => write_table(&records, &outcomes, &summary, args.lang, stdout)?,
    }
    Ok(if summary.rejected > 0 {
        EXIT_ERROR
    } else if summary.findings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Sends the readable records to the core in batches; a batch that hits a guest cap is
/// retried record by record so that only the costly record is rejected.
fn lint_records(records: &[Record], engine: &mut dyn Engine, batch: usize) -> Result<Vec<Outcome>, HostError> {
    let mut outcomes: Vec<Option<Outcome>> = records
        .iter()
        .map(|r| r.text.as_ref().err().map(|e| Outcome::Rejected(serde_json::to_value(e).unwrap_or(Value::Null))))
        .collect();
    let pending: Vec<(usize, &str)> =
        records.iter().enumerate().filter_map(|(i, r)| r.text.as_deref().ok().map(|t| (i, t))).collect();
    let mut start = 0;
    while start < pending.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < pending.len() && end - start < batch && (end == start || bytes < BATCH_BYTES) {
            bytes += pending.get(end).map_or(0, |(_, t)| t.len());
            end += 1;
        }
        let chunk = pending.get(start..end).unwrap_or_default();
        match call_lint(engine, chunk) {
            Ok(results) => assign(&mut outcomes, chunk, results),
            Err(e) if e.is_per_call() => {
                for one in chunk {
                    let single = std::slice::from_ref(one);
                    match call_lint(engine, single) {
                        Ok(results) => assign(&mut outcomes, single, results),
                        Err(e) if e.is_per_call() => {
                            if let Some(slot) = outcomes.get_mut(one.0) {
                                *slot =
                                    Some(Outcome::Rejected(serde_json::to_value(e.report()).unwrap_or(Value::Null)));
                            }
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Err(e) => return Err(e),
        }
        start = end;
    }
    outcomes.into_iter().map(|o| o.ok_or_else(|| HostError::Answer("a record got no result".into()))).collect()
}

fn assign(outcomes: &mut [Option<Outcome>], chunk: &[(usize, &str)], results: Vec<Value>) {
    for ((index, _), result) in chunk.iter().zip(results) {
        let outcome = match result.get("error") {
            Some(error) => Outcome::Rejected(error.clone()),
            None => Outcome::Linted {
                order_id: at(&result, "/order_id").as_str().unwrap_or_default().to_owned(),
                findings: at(&result, "/findings").as_array().cloned().unwrap_or_default(),
            },
        };
        if let Some(slot) = outcomes.get_mut(*index) {
            *slot = Some(outcome);
        }
    }
}

fn call_lint(engine: &mut dyn Engine, chunk: &[(usize, &str)]) -> Result<Vec<Value>, HostError> {
    #[derive(Serialize)]
    struct Input<'a> {
        records: Vec<&'a str>,
    }
    let input = serde_json::to_string(&Input { records: chunk.iter().map(|(_, t)| *t).collect() })
        .map_err(|e| HostError::Answer(e.to_string()))?;
    let answer = envelope(&engine.call("lint", &input)?)?;
    if at(&answer, "/type") == "failure" {
        return Err(HostError::Answer(at(&answer, "/errors").to_string()));
    }
    let results = at(&answer, "/result/results").as_array().cloned().unwrap_or_default();
    if results.len() != chunk.len() {
        return Err(HostError::Answer(format!("{} results for {} records", results.len(), chunk.len())));
    }
    Ok(results)
}

fn write_json(records: &[Record], outcomes: &[Outcome], summary: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    let mut findings = Vec::new();
    let mut rejected = Vec::new();
    for (record, outcome) in records.iter().zip(outcomes) {
        match outcome {
            Outcome::Linted { order_id, findings: fs } => {
                findings.extend(fs.iter().map(|f| LocatedFinding { place: &record.place, order_id, finding: f }));
            }
            Outcome::Rejected(error) => rejected.push(Rejection { place: &record.place, error }),
        }
    }
    #[derive(Serialize)]
    struct Report<'a> {
        findings: Vec<LocatedFinding<'a>>,
        rejected: Vec<Rejection<'a>>,
        summary: &'a Summary,
    }
    serde_json::to_writer_pretty(&mut *out, &Report { findings, rejected, summary })?;
    writeln!(out)
}

fn write_ndjson(
    records: &[Record],
    outcomes: &[Outcome],
    summary: &Summary,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a, T: Serialize> {
        kind: &'a str,
        #[serde(flatten)]
        body: T,
    }
    for (record, outcome) in records.iter().zip(outcomes) {
        match outcome {
            Outcome::Linted { order_id, findings } => {
                for f in findings {
                    let body = LocatedFinding { place: &record.place, order_id, finding: f };
                    serde_json::to_writer(&mut *out, &Line { kind: "finding", body })?;
                    writeln!(out)?;
                }
            }
            Outcome::Rejected(error) => {
                serde_json::to_writer(
                    &mut *out,
                    &Line { kind: "rejected", body: Rejection { place: &record.place, error } },
                )?;
                writeln!(out)?;
            }
        }
    }
    serde_json::to_writer(&mut *out, &Line { kind: "summary", body: summary })?;
    writeln!(out)
}

fn write_table(
    records: &[Record],
    outcomes: &[Outcome],
    summary: &Summary,
    lang: MessageLang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let key = match lang {
        MessageLang::Zh => "zh",
        MessageLang::En => "en",
    };
    let mut rows: Vec<[String; 5]> = Vec::new();
    for (record, outcome) in records.iter().zip(outcomes) {
        let place = format!("{}:{}", record.place.source, record.place.line);
        match outcome {
            Outcome::Linted { order_id, findings } => {
                for f in findings {
                    let fix = at(f, "/fix");
                    let mut fix_text = format!("flag {}", at(fix, "/flag").as_str().unwrap_or_default());
                    if let Some(reason) = at(fix, "/entry/reason").as_str() {
                        fix_text.push_str(&format!(" + entry {reason}"));
                    }
                    rows.push([
                        place.clone(),
                        order_id.clone(),
                        at(f, "/severity").as_str().unwrap_or_default().to_owned(),
                        at(f, "/check").as_str().unwrap_or_default().to_owned(),
                        format!("{} [fix: {fix_text}]", at(f, &format!("/message/{key}")).as_str().unwrap_or_default()),
                    ]);
                }
            }
            Outcome::Rejected(error) => rows.push([
                place,
                "-".into(),
                "rejected".into(),
                at(error, "/code").as_str().unwrap_or_default().to_owned(),
                at(error, "/message").as_str().unwrap_or_default().to_owned(),
            ]),
        }
    }
    let header = ["WHERE", "ORDER", "SEVERITY", "CHECK", "MESSAGE"].map(str::to_owned);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (w, cell) in widths.iter().zip(row) {
            line.push_str(&format!("{cell:<w$}  "));
        }
        line.push_str(row.get(4).map_or("", String::as_str));
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(
        out,
        "\n{} read, {} linted, {} rejected; {} findings in {} orders, {} clean",
        summary.read, summary.linted, summary.rejected, summary.findings, summary.orders_with_findings, summary.clean
    )
}
