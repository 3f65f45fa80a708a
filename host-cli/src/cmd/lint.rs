//! `kefu lint`: orders in, findings out, every record accounted for.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use super::batch::{self, Rejection};
use super::{at, CmdError};
use crate::cli::{Format, LintArgs, MessageLang};
use crate::engine::Engine;
use crate::error::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::input::{Place, Record};

/// What became of one record, with the core's findings parsed.
enum Outcome {
    Done(Value),
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

fn findings_of(result: &Value) -> &[Value] {
    at(result, "/findings").as_array().map_or(&[], Vec::as_slice)
}

fn order_id_of(result: &Value) -> &str {
    at(result, "/order_id").as_str().unwrap_or_default()
}

/// Runs `kefu lint`.
pub fn run(
    args: &LintArgs,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    _stderr: &mut dyn Write,
) -> Result<u8, CmdError> {
    let records = batch::collect(&args.paths, stdin)?;
    let outcomes: Vec<Outcome> = batch::run(&records, engine, "lint", &Map::new(), args.output.batch as usize)?
        .into_iter()
        .map(|o| match o {
            batch::Outcome::Done(raw) => Outcome::Done(serde_json::from_str(raw.get()).unwrap_or(Value::Null)),
            batch::Outcome::Rejected(e) => Outcome::Rejected(e),
        })
        .collect();

    let mut summary = Summary { read: records.len(), ..Summary::default() };
    for outcome in &outcomes {
        match outcome {
            Outcome::Done(result) => {
                let findings = findings_of(result);
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

    match args.output.format {
        Format::Json => write_json(&records, &outcomes, &summary, stdout)?,
        Format::Ndjson => write_ndjson(&records, &outcomes, &summary, stdout)?,
        Format::Table => write_table(&records, &outcomes, &summary, args.output.lang, stdout)?,
    }
    Ok(if summary.rejected > 0 {
        EXIT_ERROR
    } else if summary.findings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn write_json(records: &[Record], outcomes: &[Outcome], summary: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    let mut findings = Vec::new();
    let mut rejected = Vec::new();
    for (record, outcome) in records.iter().zip(outcomes) {
        match outcome {
            Outcome::Done(result) => {
                let order_id = order_id_of(result);
                findings.extend(findings_of(result).iter().map(|f| LocatedFinding {
                    place: &record.place,
                    order_id,
                    finding: f,
                }));
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
            Outcome::Done(result) => {
                for f in findings_of(result) {
                    let body = LocatedFinding { place: &record.place, order_id: order_id_of(result), finding: f };
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
            Outcome::Done(result) => {
                for f in findings_of(result) {
                    let fix = at(f, "/fix");
                    let mut fix_text = format!("flag {}", at(fix, "/flag").as_str().unwrap_or_default());
                    if let Some(reason) = at(fix, "/entry/reason").as_str() {
                        fix_text.push_str(&format!(" + entry {reason}"));
                    }
                    rows.push([
                        place.clone(),
                        order_id_of(result).to_owned(),
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
        writeln!(out, "{}", super::printable(line.trim_end()))?;
    }
    writeln!(
        out,
        "\n{} read, {} linted, {} rejected; {} findings in {} orders, {} clean",
        summary.read, summary.linted, summary.rejected, summary.findings, summary.orders_with_findings, summary.clean
    )
}
