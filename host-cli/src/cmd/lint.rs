//! `kefu lint`: orders in, findings out, every record accounted for. Findings are
//! written as they come (json, ndjson, csv); the table and the HTML report are written
//! at the end, since they are laid out over all rows.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use super::batch::{Outcome, Rejection};
use super::html::{self, LintReport};
use super::out::{Csv, JsonDoc};
use super::stream::{self, InputNote};
use super::{at, CmdError};
use crate::cli::{Format, LintArgs, MessageLang};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::select::EngineChoice;
use crate::source::Place;

#[derive(Serialize)]
struct LocatedFinding<'a> {
    #[serde(flatten)]
    place: &'a Place,
    order_id: &'a str,
    #[serde(flatten)]
    finding: &'a Value,
}

/// The counts; `read` is always `linted + rejected`.
#[derive(Serialize, Default, Clone, Debug)]
pub struct Summary {
    /// Records read.
    pub read: usize,
    /// Orders linted.
    pub linted: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Orders with no finding.
    pub clean: usize,
    /// Orders with one or more.
    pub orders_with_findings: usize,
    /// Findings in all.
    pub findings: usize,
    /// Findings by check.
    pub by_check: BTreeMap<String, usize>,
    /// Findings by the agent who last signed the order's remark (`-` when nobody did).
    pub by_agent: BTreeMap<String, usize>,
    /// Findings by the day the order was placed.
    pub by_day: BTreeMap<String, usize>,
    /// Checks not applied for want of a fact, by that fact (`flag`: an export has none).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub not_checked: BTreeMap<String, usize>,
    /// The same, by check.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped_checks: BTreeMap<String, usize>,
    /// How the input was read.
    pub input: Option<InputNote>,
}

fn findings_of(result: &Value) -> &[Value] {
    at(result, "/findings").as_array().map_or(&[], Vec::as_slice)
}

fn order_id_of(result: &Value) -> &str {
    at(result, "/order_id").as_str().unwrap_or_default()
}

/// Where the findings go, by format.
enum Out {
    Json(JsonDoc, Vec<(Place, Value)>),
    Ndjson,
    Csv(Box<Csv>),
    /// Laid out at the end.
    Table(Vec<[String; 5]>),
    Html(Box<LintReport>),
}

/// Runs `kefu lint`.
pub fn run(
    args: &LintArgs,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let inputs = stream::inputs(&args.input, stdin)?;
    let lang = args.output.lang;
    let mut summary = Summary { input: Some(inputs.note.clone()), ..Summary::default() };
    let mut out = match args.output.format {
        Format::Json => Out::Json(JsonDoc::start(stdout, "findings")?, Vec::new()),
        Format::Ndjson => Out::Ndjson,
        Format::Table => Out::Table(Vec::new()),
        Format::Csv => Out::Csv(Box::new(Csv::start(
            stdout,
            &["source", "line", "order_id", "severity", "check", "rule", "related", "fix_flag", "fix_entry", "message"],
        )?)),
        Format::Html => Out::Html(Box::default()),
    };
    let prepare = |_: &mut dyn Engine| Ok(Map::new());
    let mut write = |place: Place, outcome: Outcome| -> Result<(), HostError> {
        let w = |e: std::io::Error| HostError::Write { what: "stdout".into(), source: e };
        summary.read += 1;
        match outcome {
            Outcome::Done(raw) => {
                let result: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
                count(&mut summary, &result);
                emit_done(&mut out, stdout, &place, &result, lang).map_err(w)
            }
            Outcome::Rejected(error) => {
                summary.rejected += 1;
                emit_rejected(&mut out, stdout, place, error).map_err(w)
            }
        }
    };
    stream::run(
        &args.paths,
        &args.input,
        &inputs,
        "lint",
        args.output.batch,
        choice,
        engine,
        &prepare,
        stdin,
        &mut write,
    )?;
    finish(out, &summary, lang, stdout)?;
    Ok(if summary.rejected > 0 {
        EXIT_ERROR
    } else if summary.findings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn count(summary: &mut Summary, result: &Value) {
    let findings = findings_of(result);
    summary.linted += 1;
    summary.findings += findings.len();
    if findings.is_empty() {
        summary.clean += 1;
    } else {
        summary.orders_with_findings += 1;
        let agent = at(result, "/agent").as_str().unwrap_or("-").to_owned();
        *summary.by_agent.entry(agent).or_default() += findings.len();
        let day = at(result, "/day").as_str().unwrap_or("-").to_owned();
        *summary.by_day.entry(day).or_default() += findings.len();
    }
    for f in findings {
        let check = at(f, "/check").as_str().unwrap_or_default().to_owned();
        *summary.by_check.entry(check).or_default() += 1;
    }
    for s in at(result, "/skipped").as_array().into_iter().flatten() {
        let fact = at(s, "/missing").as_str().unwrap_or_default().to_owned();
        *summary.not_checked.entry(fact).or_default() += 1;
        let check = at(s, "/check").as_str().unwrap_or_default().to_owned();
        *summary.skipped_checks.entry(check).or_default() += 1;
    }
}

fn message(f: &Value, lang: MessageLang) -> &str {
    let key = match lang {
        MessageLang::Zh => "/message/zh",
        MessageLang::En => "/message/en",
    };
    at(f, key).as_str().unwrap_or_default()
}

fn emit_done(
    out: &mut Out,
    stdout: &mut dyn Write,
    place: &Place,
    result: &Value,
    lang: MessageLang,
) -> std::io::Result<()> {
    let order_id = order_id_of(result);
    for f in findings_of(result) {
        let located = LocatedFinding { place, order_id, finding: f };
        match out {
            Out::Json(doc, _) => doc.item(stdout, &located)?,
            Out::Ndjson => {
                serde_json::to_writer(&mut *stdout, &Line { kind: "finding", body: located })?;
                writeln!(stdout)?;
            }
            Out::Csv(csv) => {
                let related: Vec<&str> =
                    at(f, "/related").as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                csv.row(
                    stdout,
                    &[
                        place.source.as_str(),
                        &place.line.to_string(),
                        order_id,
                        at(f, "/severity").as_str().unwrap_or_default(),
                        at(f, "/check").as_str().unwrap_or_default(),
                        at(f, "/rule").as_str().unwrap_or_default(),
                        &related.join(" "),
                        at(f, "/fix/flag").as_str().unwrap_or_default(),
                        at(f, "/fix/entry/paste").as_str().unwrap_or_default(),
                        message(f, lang),
                    ],
                )?;
            }
            Out::Table(rows) => {
                let fix = at(f, "/fix");
                let mut fix_text = format!("flag {}", at(fix, "/flag").as_str().unwrap_or_default());
                if let Some(paste) = at(fix, "/entry/paste").as_str() {
                    fix_text.push_str(&format!(" + {paste}"));
                }
                rows.push([
                    format!("{}:{}", place.source, place.line),
                    order_id.to_owned(),
                    at(f, "/severity").as_str().unwrap_or_default().to_owned(),
                    at(f, "/check").as_str().unwrap_or_default().to_owned(),
                    format!("{} [fix: {fix_text}]", message(f, lang)),
                ]);
            }
            Out::Html(report) => report.finding(place, order_id, result, f),
        }
    }
    Ok(())
}

fn emit_rejected(out: &mut Out, stdout: &mut dyn Write, place: Place, error: Value) -> std::io::Result<()> {
    match out {
        Out::Json(_, rejected) => rejected.push((place, error)),
        Out::Ndjson => {
            serde_json::to_writer(
                &mut *stdout,
                &Line { kind: "rejected", body: Rejection { place: &place, error: &error } },
            )?;
            writeln!(stdout)?;
        }
        Out::Csv(csv) => csv.row(
            stdout,
            &[
                place.source.as_str(),
                &place.line.to_string(),
                "",
                "rejected",
                at(&error, "/code").as_str().unwrap_or_default(),
                "",
                "",
                "",
                at(&error, "/path").as_str().unwrap_or_default(),
                at(&error, "/message").as_str().unwrap_or_default(),
            ],
        )?,
        Out::Table(rows) => rows.push([
            format!("{}:{}", place.source, place.line),
            "-".into(),
            "rejected".into(),
            at(&error, "/code").as_str().unwrap_or_default().to_owned(),
            at(&error, "/message").as_str().unwrap_or_default().to_owned(),
        ]),
        Out::Html(report) => report.rejected(&place, &error),
    }
    Ok(())
}

#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    kind: &'a str,
    #[serde(flatten)]
    body: T,
}

fn finish(out: Out, summary: &Summary, lang: MessageLang, stdout: &mut dyn Write) -> std::io::Result<()> {
    match out {
        Out::Json(doc, rejected) => {
            let rejected: Vec<Rejection<'_>> =
                rejected.iter().map(|(place, error)| Rejection { place, error }).collect();
            doc.finish(stdout, &[("rejected", &rejected), ("summary", summary)])
        }
        Out::Ndjson => {
            serde_json::to_writer(&mut *stdout, &Line { kind: "summary", body: summary })?;
            writeln!(stdout)
        }
        Out::Csv(_) => Ok(()),
        Out::Table(rows) => write_table(&rows, summary, stdout),
        Out::Html(report) => html::write_lint(&report, summary, lang, stdout),
    }
}

/// What the summary says about checks skipped for want of a fact, as a line for people:
/// `flag not in this input: 12 checks skipped`.
pub fn not_checked_line(not_checked: &BTreeMap<String, usize>) -> Option<String> {
    if not_checked.is_empty() {
        return None;
    }
    let parts: Vec<String> =
        not_checked.iter().map(|(fact, n)| format!("{fact} not in this input: {n} checks skipped")).collect();
    Some(parts.join("; "))
}

fn write_table(rows: &[[String; 5]], summary: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    let header = ["WHERE", "ORDER", "SEVERITY", "CHECK", "MESSAGE"].map(str::to_owned);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(rows) {
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
    )?;
    if let Some(line) = not_checked_line(&summary.not_checked) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
