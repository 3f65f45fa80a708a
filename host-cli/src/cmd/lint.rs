//! `kefu lint`: orders in, findings out, every record accounted for. Findings are
//! written as they come (json, ndjson, csv); the table and the HTML report are written
//! at the end, since they are laid out over all rows.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use super::CmdError;
use crate::answer::at;
use crate::cli::{Format, LintArgs, MessageLang};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::pipeline::batch::{Outcome, Rejection};
use crate::report::html::{self, agent_label, severity_rank, LintReport};
use crate::report::names::Names;
use crate::report::out::{display_width, excel_id, Csv, JsonDoc};
use crate::run::stream;
use crate::run::summary::LintSummary;
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

fn findings_of(result: &Value) -> &[Value] {
    at(result, "/findings").as_array().map_or(&[], Vec::as_slice)
}

fn order_id_of(result: &Value) -> &str {
    at(result, "/order_id").as_str().unwrap_or_default()
}

/// Where the findings go, by format. Json, ndjson and csv are written as records come
/// (rendered in the workers); the table and the report are laid out at the end.
enum Out {
    Json(JsonDoc, Vec<(Place, Value)>),
    Ndjson,
    Csv,
    /// Each row with its severity's rank, for the table's order.
    Table(Vec<(u8, [String; 5])>),
    Html(Box<LintReport>),
}

/// What a record adds to the summary.
#[derive(Default)]
struct Seen {
    rejected: bool,
    checks: Vec<String>,
    agent: Option<String>,
    day: Option<String>,
    skipped: Vec<(String, String)>,
}

/// One record, made ready in a worker.
#[derive(Default)]
struct Item {
    seen: Seen,
    /// Bytes to write as they are (ndjson lines, csv rows).
    text: Vec<u8>,
    /// Json document items, each rendered; the writer adds the separators.
    json: Vec<Vec<u8>>,
    /// A rejected record, which the json document lists at its end.
    rejected: Option<(Place, Value)>,
    /// For the table and the report: the place and the core's result (or error).
    later: Option<(Place, Result<Value, Value>)>,
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
    let (format, lang) = (args.output.format, args.output.lang);
    // The names people read, once per run, for the formats that show them.
    let names = match format {
        Format::Json | Format::Ndjson => Names::default(),
        Format::Table | Format::Csv | Format::Html => Names::load(engine),
    };
    let summary = LintSummary { input: Some(inputs.note.clone()), ..LintSummary::default() };
    let out = Out::start(format, lang, stdout)?;
    let mut linted = Linted { summary, out, lang, names: &names };
    let prepare = |_: &mut dyn Engine| Ok(Map::new());
    let render = |place: Place, outcome: Outcome| render(format, lang, &names, place, outcome);
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
        &render,
        &mut |item| linted.take(item, stdout),
    )?;
    linted.summary.input = Some(inputs.note());
    finish(linted.out, &linted.summary, &names, lang, stdout)?;
    Ok(exit_code(&linted.summary))
}

impl Out {
    /// The output's start: the json document's opening, the csv header.
    fn start(format: Format, lang: MessageLang, stdout: &mut dyn Write) -> std::io::Result<Out> {
        Ok(match format {
            Format::Json => Out::Json(JsonDoc::start(stdout, "findings")?, Vec::new()),
            Format::Ndjson => Out::Ndjson,
            Format::Csv => {
                let header = match lang {
                    MessageLang::Zh => CSV_HEADER_ZH,
                    MessageLang::En => CSV_HEADER_EN,
                };
                Csv::start(stdout, &header)?;
                Out::Csv
            }
            Format::Table => Out::Table(Vec::new()),
            Format::Html => Out::Html(Box::default()),
        })
    }
}

/// The CSV's columns, in the report's language (the same columns in both).
const CSV_HEADER_ZH: [&str; 11] =
    ["来源", "行", "订单号", "客服", "级别", "检查项", "规则", "相关", "修正旗帜", "修正备注", "说明"];
const CSV_HEADER_EN: [&str; 11] =
    ["source", "line", "order_id", "agent", "severity", "check", "rule", "related", "fix_flag", "fix_entry", "message"];

/// The records as they come: counted in the summary, written or kept for the end.
struct Linted<'n> {
    summary: LintSummary,
    out: Out,
    lang: MessageLang,
    names: &'n Names,
}

impl Linted<'_> {
    /// One record, as a worker made it ready.
    fn take(&mut self, item: Item, stdout: &mut dyn Write) -> Result<(), HostError> {
        let w = |e: std::io::Error| HostError::Write { what: "stdout".into(), source: e };
        count(&mut self.summary, item.seen);
        stdout.write_all(&item.text).map_err(w)?;
        if let Out::Json(doc, rejected) = &mut self.out {
            for j in &item.json {
                doc.rendered(stdout, j).map_err(w)?;
            }
            rejected.extend(item.rejected);
        }
        match item.later {
            Some((place, Ok(value))) => emit_done(&mut self.out, &place, &value, self.names, self.lang),
            Some((place, Err(error))) => emit_rejected(&mut self.out, place, error, self.lang),
            None => {}
        }
        Ok(())
    }
}

fn exit_code(summary: &LintSummary) -> u8 {
    if summary.rejected > 0 {
        EXIT_ERROR
    } else if summary.findings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// In a worker: the record's contribution to the summary, and its output.
fn render(format: Format, lang: MessageLang, names: &Names, place: Place, outcome: Outcome) -> Item {
    match outcome {
        Outcome::Done(raw) if format == Format::Ndjson => ndjson_item(&place, &raw),
        Outcome::Done(raw) => done_item(format, lang, names, place, &raw),
        Outcome::Rejected(error) => rejected_item(format, lang, place, error),
    }
}

/// An order's findings as NDJSON lines: from the core's own text when it has the
/// expected shape, else through the parsed result.
fn ndjson_item(place: &Place, raw: &str) -> Item {
    let mut item = Item::default();
    if let Some((seen, text)) = ndjson_lines(place, raw) {
        item.seen = seen;
        item.text = text;
        return item;
    }
    let result: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
    item.seen = seen(&result);
    for f in findings_of(&result) {
        let located = LocatedFinding { place, order_id: order_id_of(&result), finding: f };
        if serde_json::to_writer(&mut item.text, &Line { kind: "finding", body: located }).is_ok() {
            item.text.push(b'\n');
        }
    }
    item
}

/// An order's findings in the other formats: rendered for json and csv, kept whole for
/// the table and the report.
fn done_item(format: Format, lang: MessageLang, names: &Names, place: Place, raw: &str) -> Item {
    let mut item = Item::default();
    let result: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
    item.seen = seen(&result);
    let order_id = order_id_of(&result);
    for f in findings_of(&result) {
        let located = LocatedFinding { place: &place, order_id, finding: f };
        // Writing to memory fails only on a value serde cannot write, which the
        // core's own JSON never is.
        let _ = match format {
            Format::Json => JsonDoc::render(&located).map(|j| item.json.push(j)),
            Format::Ndjson => serde_json::to_writer(&mut item.text, &Line { kind: "finding", body: located })
                .map_err(std::io::Error::from)
                .map(|()| item.text.push(b'\n')),
            Format::Csv => csv_row(&place, order_id, &result, f, names, lang).map(|row| item.text.extend(row)),
            Format::Table | Format::Html => Ok(()),
        };
    }
    if matches!(format, Format::Table | Format::Html) {
        item.later = Some((place, Ok(result)));
    }
    item
}

/// A rejected record, in each format's way.
fn rejected_item(format: Format, lang: MessageLang, place: Place, error: Value) -> Item {
    let mut item = Item::default();
    item.seen.rejected = true;
    match format {
        Format::Json => item.rejected = Some((place, error)),
        Format::Ndjson => {
            let line = Line { kind: "rejected", body: Rejection { place: &place, error: &error } };
            if serde_json::to_writer(&mut item.text, &line).is_ok() {
                item.text.push(b'\n');
            }
        }
        Format::Csv => {
            if let Ok(row) = csv_rejected_row(&place, &error, lang) {
                item.text.extend(row);
            }
        }
        Format::Table | Format::Html => item.later = Some((place, Err(error))),
    }
    item
}

/// The NDJSON lines of one order's findings, made from the core's own text: each
/// finding's fields are copied after the place, never parsed into a tree and written
/// again (that round trip was a third of a bulk run). `None` when the answer is not the
/// expected shape, and the caller takes the general path.
fn ndjson_lines(place: &Place, raw: &str) -> Option<(Seen, Vec<u8>)> {
    #[derive(serde::Deserialize)]
    struct Brief<'a> {
        order_id: std::borrow::Cow<'a, str>,
        #[serde(borrow)]
        findings: Vec<&'a serde_json::value::RawValue>,
        #[serde(default)]
        skipped: Vec<SkippedBrief>,
        #[serde(default)]
        agent: Option<String>,
        #[serde(default)]
        day: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct SkippedBrief {
        check: String,
        missing: String,
    }
    #[derive(serde::Deserialize)]
    struct CheckOnly {
        check: String,
    }
    let brief: Brief<'_> = serde_json::from_str(raw).ok()?;
    let mut text = Vec::new();
    let mut checks = Vec::with_capacity(brief.findings.len());
    if !brief.findings.is_empty() {
        let mut head = place.ndjson_head("finding").ok()?;
        head.extend_from_slice(b"\"order_id\":");
        serde_json::to_writer(&mut head, &brief.order_id).ok()?;
        head.push(b',');
        for f in &brief.findings {
            let body = f.get().strip_prefix('{').filter(|b| !b.trim_start().starts_with('}'))?;
            checks.push(serde_json::from_str::<CheckOnly>(f.get()).ok()?.check);
            text.extend_from_slice(&head);
            text.extend_from_slice(body.as_bytes());
            text.push(b'\n');
        }
    }
    let skipped = brief.skipped.into_iter().map(|s| (s.check, s.missing)).collect();
    Some((Seen { rejected: false, checks, agent: brief.agent, day: brief.day, skipped }, text))
}

/// One finding as a CSV row: names in the report's language, the order id guarded for
/// Excel, the agent who last signed the order.
fn csv_row(
    place: &Place,
    order_id: &str,
    result: &Value,
    f: &Value,
    names: &Names,
    lang: MessageLang,
) -> std::io::Result<Vec<u8>> {
    let related: Vec<&str> = at(f, "/related").as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let s = |p: &str| at(f, p).as_str().unwrap_or_default();
    let flag = at(f, "/fix/flag").as_str().map(|flag| names.name("flag", flag, lang)).unwrap_or_default();
    let agent = agent_label(at(result, "/agent").as_str().unwrap_or(html::UNSIGNED), lang);
    Csv::encode(&[
        place.source.as_str(),
        &place.line.to_string(),
        &excel_id(order_id),
        &agent,
        names.name("severity", s("/severity"), lang),
        names.name("check", s("/check"), lang),
        s("/rule"),
        &related.join(" "),
        flag,
        s("/fix/entry/paste"),
        message(f, lang),
    ])
}

fn csv_rejected_row(place: &Place, error: &Value, lang: MessageLang) -> std::io::Result<Vec<u8>> {
    let s = |p: &str| at(error, p).as_str().unwrap_or_default().to_owned();
    let (source, line) = (place.source.clone(), place.line.to_string());
    let rejected = match lang {
        MessageLang::Zh => "无法读取",
        MessageLang::En => "rejected",
    };
    let cells = [
        source,
        line,
        String::new(),
        String::new(),
        rejected.into(),
        s("/code"),
        String::new(),
        String::new(),
        String::new(),
        s("/path"),
        s("/message"),
    ];
    Csv::encode(&cells)
}

fn seen(result: &Value) -> Seen {
    let s = |v: &Value, p: &str| at(v, p).as_str().unwrap_or_default().to_owned();
    Seen {
        rejected: false,
        checks: findings_of(result).iter().map(|f| s(f, "/check")).collect(),
        agent: at(result, "/agent").as_str().map(str::to_owned),
        day: at(result, "/day").as_str().map(str::to_owned),
        skipped: at(result, "/skipped")
            .as_array()
            .into_iter()
            .flatten()
            .map(|k| (s(k, "/check"), s(k, "/missing")))
            .collect(),
    }
}

fn count(summary: &mut LintSummary, seen: Seen) {
    summary.read += 1;
    if seen.rejected {
        summary.rejected += 1;
        return;
    }
    summary.linted += 1;
    summary.findings += seen.checks.len();
    if !seen.checks.is_empty() {
        summary.orders_with_findings += 1;
        let agent = seen.agent.unwrap_or_else(|| html::UNSIGNED.into());
        *summary.by_agent.entry(agent).or_default() += seen.checks.len();
        *summary.by_day.entry(seen.day.unwrap_or_else(|| "-".into())).or_default() += seen.checks.len();
    } else if seen.skipped.is_empty() {
        summary.clean += 1;
    } else {
        // No finding, but not every check ran: not clean (issue 25).
        summary.not_all_checked += 1;
    }
    for check in seen.checks {
        *summary.by_check.entry(check).or_default() += 1;
    }
    for (check, fact) in seen.skipped {
        *summary.not_checked.entry(fact).or_default() += 1;
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

fn emit_done(out: &mut Out, place: &Place, result: &Value, names: &Names, lang: MessageLang) {
    let order_id = order_id_of(result);
    for f in findings_of(result) {
        match out {
            Out::Table(rows) => {
                let fix = at(f, "/fix");
                let mut fix_text = match (at(fix, "/flag").as_str(), lang) {
                    (Some(flag), MessageLang::Zh) => format!("设旗 {}", names.name("flag", flag, lang)),
                    (Some(flag), MessageLang::En) => format!("flag {}", names.name("flag", flag, lang)),
                    (None, MessageLang::Zh) => "旗帜不变".to_owned(),
                    (None, MessageLang::En) => "flag as it is".to_owned(),
                };
                if let Some(paste) = at(fix, "/entry/paste").as_str() {
                    fix_text.push_str(&format!(" + {paste}"));
                }
                let severity = at(f, "/severity").as_str().unwrap_or_default();
                let fix_label = match lang {
                    MessageLang::Zh => "修正",
                    MessageLang::En => "fix",
                };
                rows.push((
                    severity_rank(severity),
                    [
                        format!("{}:{}", place.source, place.line),
                        order_id.to_owned(),
                        names.name("severity", severity, lang).to_owned(),
                        names.name("check", at(f, "/check").as_str().unwrap_or_default(), lang).to_owned(),
                        format!("{} [{fix_label}: {fix_text}]", message(f, lang)),
                    ],
                ));
            }
            Out::Html(report) => report.finding(place, order_id, result, f),
            Out::Json(..) | Out::Ndjson | Out::Csv => {}
        }
    }
}

fn emit_rejected(out: &mut Out, place: Place, error: Value, lang: MessageLang) {
    match out {
        Out::Table(rows) => rows.push((
            severity_rank("rejected"),
            [
                format!("{}:{}", place.source, place.line),
                "-".into(),
                match lang {
                    MessageLang::Zh => "无法读取".into(),
                    MessageLang::En => "rejected".into(),
                },
                at(&error, "/code").as_str().unwrap_or_default().to_owned(),
                at(&error, "/message").as_str().unwrap_or_default().to_owned(),
            ],
        )),
        Out::Html(report) => report.rejected(&place, &error),
        Out::Json(..) | Out::Ndjson | Out::Csv => {}
    }
}

#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    kind: &'a str,
    #[serde(flatten)]
    body: T,
}

fn finish(
    out: Out,
    summary: &LintSummary,
    names: &Names,
    lang: MessageLang,
    stdout: &mut dyn Write,
) -> std::io::Result<()> {
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
        Out::Csv => Ok(()),
        Out::Table(mut rows) => {
            // Errors first, then warnings, then the rest; input order within each.
            rows.sort_by_key(|(rank, _)| *rank);
            let rows: Vec<[String; 5]> = rows.into_iter().map(|(_, row)| row).collect();
            write_table(&rows, summary, names, lang, stdout)
        }
        Out::Html(report) => html::write_lint(&report, summary, names, lang, stdout),
    }
}

/// What the summary says about checks skipped for want of a fact, as a line for people:
/// `flag not in this input: 12 checks skipped`.
pub fn not_checked_line(not_checked: &BTreeMap<String, usize>, names: &Names, lang: MessageLang) -> Option<String> {
    if not_checked.is_empty() {
        return None;
    }
    let parts: Vec<String> = not_checked
        .iter()
        .map(|(fact, n)| match lang {
            MessageLang::Zh => {
                let name = if names.has("fact", fact) {
                    names.name("fact", fact, lang)
                } else {
                    kefu_core::api::fact_name_zh(fact).unwrap_or(fact)
                };
                format!("本次数据没有{name}：{n} 项检查未做")
            }
            MessageLang::En => format!("{} not in this input: {n} checks skipped", names.name("fact", fact, lang)),
        })
        .collect();
    Some(parts.join("; "))
}

fn write_table(
    rows: &[[String; 5]],
    summary: &LintSummary,
    names: &Names,
    lang: MessageLang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let header = match lang {
        MessageLang::Zh => ["位置", "订单号", "级别", "检查项", "说明"],
        MessageLang::En => ["WHERE", "ORDER", "SEVERITY", "CHECK", "MESSAGE"],
    }
    .map(str::to_owned);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (w, cell) in widths.iter().zip(row) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w.saturating_sub(display_width(cell)) + 2));
        }
        line.push_str(row.get(4).map_or("", String::as_str));
        writeln!(out, "{}", crate::answer::printable(line.trim_end()))?;
    }
    let s = summary;
    match lang {
        MessageLang::Zh => writeln!(
            out,
            "\n读取 {}，已质检 {}，无法读取 {}；{} 个问题在 {} 单，合规 {} 单，未全部检查 {} 单",
            s.read, s.linted, s.rejected, s.findings, s.orders_with_findings, s.clean, s.not_all_checked
        )?,
        MessageLang::En => writeln!(
            out,
            "\n{} read, {} linted, {} rejected; {} findings in {} orders, {} clean, {} not all checked",
            s.read, s.linted, s.rejected, s.findings, s.orders_with_findings, s.clean, s.not_all_checked
        )?,
    }
    if let Some(line) = not_checked_line(&summary.not_checked, names, lang) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
