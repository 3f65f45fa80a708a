//! `kefu decide` (cases in, decisions out) and `kefu scan` (orders in, the proactive
//! contact queue out). Decisions are written as they come; the scan's queue can only be
//! written once every order is scanned, so its decisions wait in a temporary file (only
//! their sort keys stay in memory) and are then written in R-PROACTIVE-6 order.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom, Write};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::batch::{Outcome, Rejection};
use super::html::{self, DecisionReport};
use super::out::{Csv, JsonDoc};
use super::stream;
use super::summary::{DecideSummary, ScanSummary};
use super::{at, CmdError};
use crate::cli::{DecideArgs, Format, MessageLang, ScanArgs, ScriptArgs};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::select::EngineChoice;
use crate::source::{read_source, Place};

/// A policy as read once from its file, loaded into each worker's engine.
pub struct PolicySource {
    path: std::path::PathBuf,
    bytes: Vec<u8>,
    max_operations: u64,
}

/// Reads the policy file once (it may be stdin).
pub fn read_policy(
    path: Option<&std::path::Path>,
    limits: &ScriptArgs,
    stdin: &mut dyn Read,
) -> Result<Option<PolicySource>, HostError> {
    let Some(path) = path else { return Ok(None) };
    let bytes = read_source(path, stdin)?;
    Ok(Some(PolicySource { path: path.to_owned(), bytes, max_operations: limits.script_max_operations }))
}

/// Loads a policy into an engine for every call of this run: a Rhai script (`.rhai`) is
/// compiled once in the engine's session and named by its handle; a JSON policy travels
/// inline.
pub fn policy_fields(policy: Option<&PolicySource>, engine: &mut dyn Engine) -> Result<Map<String, Value>, HostError> {
    let mut extra = Map::new();
    let Some(p) = policy else { return Ok(extra) };
    let path = &p.path;
    if path.extension().is_some_and(|e| e == "rhai") {
        let source = String::from_utf8(p.bytes.clone()).map_err(|e| HostError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })?;
        let input = serde_json::json!({
            "name": path.display().to_string(),
            "source": source,
            "limits": { "max_operations": p.max_operations },
        });
        let answer = super::envelope(&engine.call("policy.load", &input.to_string())?)?;
        if at(&answer, "/type") == "failure" {
            return Err(HostError::Core(at(&answer, "/errors/0").clone()));
        }
        extra.insert("policy_handle".into(), at(&answer, "/result/handle").clone());
        return Ok(extra);
    }
    let policy: Value = serde_json::from_slice(&p.bytes).map_err(|e| {
        HostError::Core(serde_json::json!({
            "code": "KEFU-INPUT-JSON",
            "message": format!("the policy {} is not valid JSON: {e}", path.display()),
            "path": path.display().to_string(),
            "line": e.line(),
            "column": e.column(),
        }))
    })?;
    extra.insert("policy".into(), policy);
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

/// The few fields the scan summary reads; serde skips the rest of the decision.
#[derive(Deserialize)]
struct Brief {
    escalation: LevelBrief,
    #[serde(default)]
    trace: Vec<RuleBrief>,
    #[serde(default)]
    skipped: Vec<SkippedBrief>,
}

#[derive(Deserialize)]
struct LevelBrief {
    level: String,
}

#[derive(Deserialize)]
struct RuleBrief {
    rule: String,
}

#[derive(Deserialize)]
struct SkippedBrief {
    check: String,
    missing: String,
}

fn brief(raw: &str) -> Option<Brief> {
    serde_json::from_str(raw).ok()
}

/// What `kefu decide` counts, when [`quick_outcome_and_level`] cannot say: borrowed
/// from the answer, the rest skipped.
#[derive(Deserialize)]
struct DecideBrief<'a> {
    #[serde(borrow)]
    outcome: Cow<'a, str>,
    #[serde(borrow)]
    escalation: LevelRef<'a>,
}

#[derive(Deserialize)]
struct LevelRef<'a> {
    #[serde(borrow)]
    level: Cow<'a, str>,
}

fn outcome_and_level(raw: &str) -> Option<(String, String)> {
    if let Some((outcome, level)) = quick_outcome_and_level(raw) {
        return Some((outcome.to_owned(), level.to_owned()));
    }
    let b: DecideBrief<'_> = serde_json::from_str(raw).ok()?;
    Some((b.outcome.into_owned(), b.escalation.level.into_owned()))
}

/// The two names read off the decision as the core writes it, without parsing the
/// ~1.5 KB around them: reading each decision in full for the summary cost the CLI a
/// quarter of the decision itself (BENCHMARKS.md, issue 14). The core writes
/// `{"order_id":"…","outcome":"…"` first, and the first `"escalation":{"level":"` is the
/// decision's own (no field before it holds one). A JSON string cannot hold an
/// unescaped quote, so neither pattern can occur inside a value. Anything unexpected
/// (another order, an escape in a name) gives `None`, and the caller parses in full.
fn quick_outcome_and_level(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix(r#"{"order_id":""#)?;
    // The order id's closing quote: the first quote not escaped by a backslash.
    let bytes = rest.as_bytes();
    let mut i = 0;
    let close = loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => break i,
            _ => i += 1,
        }
    };
    let rest = rest.get(close + 1..)?.strip_prefix(r#","outcome":""#)?;
    let name = |text: &str| -> Option<usize> {
        let end = text.find('"')?;
        (!text.get(..end)?.contains('\\')).then_some(end)
    };
    let outcome_end = name(rest)?;
    let outcome = rest.get(..outcome_end)?;
    const LEVEL: &str = r#""escalation":{"level":""#;
    // Built once: building a searcher per decision cost more than the search.
    static FIND_LEVEL: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(LEVEL));
    let at = FIND_LEVEL.find(rest.as_bytes())? + LEVEL.len();
    let after = rest.get(at..)?;
    let level = after.get(..name(after)?)?;
    Some((outcome, level))
}

/// Where decisions go, by format.
enum Out {
    Json(JsonDoc),
    Ndjson,
    Csv(Box<Csv>),
    Table(Vec<[String; 7]>),
    Html(Box<DecisionReport>),
}

const CSV_HEADER: &[&str] =
    &["source", "line", "order_id", "outcome", "flag", "level", "responsibility", "rules", "remark_entry", "reply"];

impl Out {
    fn new(format: Format, list: &str, stdout: &mut dyn Write) -> std::io::Result<Out> {
        Ok(match format {
            Format::Json => Out::Json(JsonDoc::start(stdout, list)?),
            Format::Ndjson => Out::Ndjson,
            Format::Csv => Out::Csv(Box::new(Csv::start(stdout, CSV_HEADER)?)),
            Format::Table => Out::Table(Vec::new()),
            Format::Html => Out::Html(Box::default()),
        })
    }

    fn decision(
        &mut self,
        kind: &str,
        place: &Place,
        raw: &str,
        lang: MessageLang,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let format = match self {
            Out::Json(_) => Format::Json,
            Out::Ndjson => Format::Ndjson,
            Out::Csv(_) => Format::Csv,
            Out::Table(_) => Format::Table,
            Out::Html(_) => Format::Html,
        };
        match streamed(format, kind, place, raw, lang)? {
            Some(bytes) => self.write_streamed(&bytes, out),
            None => {
                self.later(place, raw, lang);
                Ok(())
            }
        }
    }

    /// Writes what [`streamed`] made (in a worker).
    fn write_streamed(&mut self, bytes: &[u8], out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            Out::Json(doc) => doc.rendered(out, bytes),
            _ => out.write_all(bytes),
        }
    }

    /// The table and the report take their rows at the end.
    fn later(&mut self, place: &Place, raw: &str, lang: MessageLang) {
        match self {
            Out::Table(rows) => {
                let d: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
                let s = |p: &str| at(&d, p).as_str().unwrap_or_default().to_owned();
                rows.push([
                    format!("{}:{}", place.source, place.line),
                    s("/order_id"),
                    s("/outcome"),
                    s("/flag/flag"),
                    s("/escalation/level"),
                    rules(&d).join(","),
                    s(reply_key(lang)),
                ]);
            }
            Out::Html(report) => report.decision(place, raw),
            Out::Json(_) | Out::Ndjson | Out::Csv(_) => {}
        }
    }

    fn finish<S: Serialize>(
        self,
        rejected: &[(Place, Value)],
        summary: &S,
        report: impl FnOnce(&DecisionReport, &mut dyn Write) -> std::io::Result<()>,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let rejections: Vec<Rejection<'_>> = rejected.iter().map(|(place, error)| Rejection { place, error }).collect();
        match self {
            Out::Json(doc) => doc.finish(out, &[("rejected", &rejections), ("summary", summary)]),
            Out::Ndjson => {
                for r in &rejections {
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
            Out::Csv(mut csv) => {
                for (place, error) in rejected {
                    let s = |p: &str| at(error, p).as_str().unwrap_or_default().to_owned();
                    let why = match s("/path") {
                        p if p.is_empty() => s("/message"),
                        p => format!("[{p}] {}", s("/message")),
                    };
                    let (line, code) = (place.line.to_string(), s("/code"));
                    csv.row(out, &[place.source.as_str(), &line, "", "rejected", "", "", "", &code, "", &why])?;
                }
                Ok(())
            }
            Out::Table(rows) => table(&rows, &rejections, summary, out),
            Out::Html(mut r) => {
                for (place, error) in rejected {
                    r.rejected(place, error);
                }
                report(&r, out)
            }
        }
    }
}

/// A decision as the streamed formats write it, made in a worker; `None` for the
/// table and the report, which lay out their rows at the end.
fn streamed(
    format: Format,
    kind: &str,
    place: &Place,
    raw: &str,
    lang: MessageLang,
) -> std::io::Result<Option<Vec<u8>>> {
    Ok(Some(match format {
        Format::Json => {
            let decision: &RawValue = serde_json::from_str(raw)?;
            let located = Located { kind: None, source: &place.source, index: place.index, line: place.line, decision };
            JsonDoc::render(&serde_json::to_value(&located)?)?
        }
        Format::Ndjson => ndjson_line(kind, place, raw)?,
        Format::Csv => {
            let d: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
            let s = |p: &str| at(&d, p).as_str().unwrap_or_default().to_owned();
            Csv::encode(&[
                place.source.clone(),
                place.line.to_string(),
                s("/order_id"),
                s("/outcome"),
                s("/flag/flag"),
                s("/escalation/level"),
                s("/responsibility"),
                rules(&d).join(" "),
                s("/remark_entry/entry"),
                s(reply_key(lang)),
            ])?
        }
        Format::Table | Format::Html => return Ok(None),
    }))
}

/// A decision's NDJSON line, `{"kind":…,"source":…,"index":…,"line":…,"decision":…}`,
/// the decision copied as the core wrote it: what serde_json writes for [`Located`],
/// without reading the decision again (the core wrote it, compact, on one line).
fn ndjson_line(kind: &str, place: &Place, decision: &str) -> std::io::Result<Vec<u8>> {
    let mut line = place.ndjson_head(kind)?;
    line.reserve(decision.len() + 16);
    line.extend_from_slice(b"\"decision\":");
    line.extend_from_slice(decision.as_bytes());
    line.extend_from_slice(b"}\n");
    Ok(line)
}

fn reply_key(lang: MessageLang) -> &'static str {
    match lang {
        MessageLang::Zh => "/reply/zh",
        MessageLang::En => "/reply/en",
    }
}

fn rules(d: &Value) -> Vec<String> {
    let mut rules: Vec<String> = Vec::new();
    for step in at(d, "/trace").as_array().into_iter().flatten() {
        if let Some(r) = step.get("rule").and_then(Value::as_str) {
            if !rules.iter().any(|x| x == r) {
                rules.push(r.to_owned());
            }
        }
    }
    rules
}

/// A decided record as a worker hands it on: the summary's outcome and level, the
/// streamed output, or the raw decision for the table and the report; or the error.
type Rendered = (Place, Result<(Option<(String, String)>, Option<Vec<u8>>, Option<String>), Value>);

fn write_error(e: std::io::Error) -> HostError {
    HostError::Write { what: "stdout".into(), source: e }
}

/// Runs `kefu decide`.
pub fn decide(
    args: &DecideArgs,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let policy = read_policy(args.policy.policy.as_deref(), &args.policy.script, stdin)?;
    let prepare = |e: &mut dyn Engine| policy_fields(policy.as_ref(), e);
    // Load the policy once here, so that one that does not compile fails the run before
    // anything is written; each worker loads it again into its own engine.
    prepare(engine)?;
    let inputs = stream::inputs(&args.input, stdin)?;
    let lang = args.output.lang;
    let mut summary = DecideSummary { input: Some(inputs.note.clone()), ..DecideSummary::default() };
    let format = args.output.format;
    let mut out = Out::new(format, "decisions", stdout)?;
    let mut rejected = Vec::new();
    // In a worker: the summary's few fields and the output, made ready.
    let render = |place: Place, outcome: Outcome| -> Rendered {
        match outcome {
            Outcome::Done(d) => {
                let b = outcome_and_level(&d);
                let bytes = streamed(format, "decision", &place, &d, lang).ok().flatten();
                let later = bytes.is_none().then_some(d);
                (place, Ok((b, bytes, later)))
            }
            Outcome::Rejected(e) => (place, Err(e)),
        }
    };
    let mut write = |(place, item): Rendered| -> Result<(), HostError> {
        summary.read += 1;
        match item {
            Ok((b, bytes, later)) => {
                summary.decided += 1;
                if let Some((outcome, level)) = b {
                    *summary.by_outcome.entry(outcome).or_default() += 1;
                    *summary.by_level.entry(level).or_default() += 1;
                }
                if let Some(bytes) = bytes {
                    out.write_streamed(&bytes, stdout).map_err(write_error)?;
                }
                if let Some(raw) = later {
                    out.later(&place, &raw, lang);
                }
                Ok(())
            }
            Err(e) => {
                summary.rejected += 1;
                rejected.push((place, e));
                Ok(())
            }
        }
    };
    stream::run(
        &args.paths,
        &args.input,
        &inputs,
        "decide",
        args.output.batch,
        choice,
        engine,
        &prepare,
        stdin,
        &render,
        &mut write,
    )?;
    summary.input = Some(inputs.note());
    out.finish(&rejected, &summary, |r, o| html::write_decisions(r, &summary, lang, o), stdout)?;
    Ok(if summary.rejected > 0 { EXIT_ERROR } else { EXIT_OK })
}

/// Runs `kefu scan`.
pub fn scan(
    args: &ScanArgs,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let policy = read_policy(args.policy.policy.as_deref(), &args.policy.script, stdin)?;
    let now = args.now.clone().unwrap_or_else(now_in_shop_time);
    let prepare = |e: &mut dyn Engine| {
        let mut extra = policy_fields(policy.as_ref(), e)?;
        extra.insert("now".into(), Value::String(now.clone()));
        Ok(extra)
    };
    // Load the policy once here, so that one that does not compile fails the run before
    // anything is written; each worker loads it again into its own engine.
    prepare(engine)?;
    let inputs = stream::inputs(&args.input, stdin)?;
    let lang = args.output.lang;
    let mut summary = ScanSummary { input: Some(inputs.note.clone()), ..ScanSummary::default() };
    let mut rejected = Vec::new();
    let mut spill = tempfile::tempfile().map_err(|e| HostError::Io { path: "a temporary file".into(), source: e })?;
    let mut queue: Vec<(String, Place, u64, usize)> = Vec::new();
    let mut offset = 0u64;
    let render = |place: Place, outcome: Outcome| -> (Place, Result<ScanItem, Value>) {
        match outcome {
            Outcome::Done(result) => (place, Ok(scan_item(&result))),
            Outcome::Rejected(e) => (place, Err(e)),
        }
    };
    let mut write = |(place, item): (Place, Result<ScanItem, Value>)| -> Result<(), HostError> {
        summary.read += 1;
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                summary.rejected += 1;
                rejected.push((place, e));
                return Ok(());
            }
        };
        summary.scanned += 1;
        for (rule, fact) in item.skipped {
            *summary.not_checked.entry(fact).or_default() += 1;
            *summary.skipped_rules.entry(rule).or_default() += 1;
        }
        if let Some((key, decision)) = item.queued {
            for rule in item.rules {
                *summary.by_rule.entry(rule).or_default() += 1;
            }
            if let Some(level) = item.level {
                *summary.by_level.entry(level).or_default() += 1;
            }
            spill
                .write_all(decision.as_bytes())
                .map_err(|e| HostError::Io { path: "a temporary file".into(), source: e })?;
            queue.push((key, place, offset, decision.len()));
            offset += decision.len() as u64;
        }
        Ok(())
    };
    stream::run(
        &args.paths,
        &args.input,
        &inputs,
        "scan",
        args.output.batch,
        choice,
        engine,
        &prepare,
        stdin,
        &render,
        &mut write,
    )?;
    summary.input = Some(inputs.note());
    // The core's keys sort in R-PROACTIVE-6 order across chunks and workers.
    queue.sort_by(|a, b| a.0.cmp(&b.0));
    summary.to_contact = queue.len();
    let mut out = Out::new(args.output.format, "queue", stdout)?;
    let tmp = |e: std::io::Error| HostError::Io { path: "a temporary file".into(), source: e };
    for (_, place, at_offset, len) in &queue {
        spill.seek(SeekFrom::Start(*at_offset)).map_err(tmp)?;
        let mut buf = vec![0u8; *len];
        spill.read_exact(&mut buf).map_err(tmp)?;
        let text = String::from_utf8(buf).map_err(|e| HostError::Answer(e.to_string()))?;
        out.decision("queue", place, &text, lang, stdout)?;
    }
    out.finish(&rejected, &summary, |r, o| html::write_queue(r, &summary, lang, o), stdout)?;
    Ok(if summary.rejected > 0 {
        EXIT_ERROR
    } else if summary.to_contact > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// A scanned order as a worker hands it on.
struct ScanItem {
    /// Its queue key and decision, when it is to be contacted.
    queued: Option<(String, String)>,
    /// The R-PROACTIVE rules that found it.
    rules: Vec<String>,
    /// Its escalation level.
    level: Option<String>,
    /// Rules skipped for want of a fact: (rule, fact).
    skipped: Vec<(String, String)>,
}

fn scan_item(result: &str) -> ScanItem {
    #[derive(Deserialize)]
    struct Scanned<'a> {
        queue_key: Option<String>,
        #[serde(borrow)]
        decision: &'a RawValue,
    }
    let mut item = ScanItem { queued: None, rules: Vec::new(), level: None, skipped: Vec::new() };
    let Ok(scanned) = serde_json::from_str::<Scanned<'_>>(result) else { return item };
    let b = brief(scanned.decision.get());
    if let Some(b) = &b {
        item.skipped = b.skipped.iter().map(|s| (s.check.clone(), s.missing.clone())).collect();
    }
    if let Some(key) = scanned.queue_key {
        if let Some(b) = b {
            for step in b.trace {
                if step.rule.starts_with("R-PROACTIVE") && !item.rules.contains(&step.rule) {
                    item.rules.push(step.rule);
                }
            }
            item.level = Some(b.escalation.level);
        }
        item.queued = Some((key, scanned.decision.get().to_owned()));
    }
    item
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

fn table<S: Serialize>(
    rows: &[[String; 7]],
    rejected: &[Rejection<'_>],
    summary: &S,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let s = |v: &Value, p: &str| at(v, p).as_str().unwrap_or_default().to_owned();
    let mut lines: Vec<[String; 7]> =
        vec![["WHERE", "ORDER", "OUTCOME", "FLAG", "LEVEL", "RULES", "REPLY"].map(str::to_owned)];
    lines.extend(rows.iter().cloned());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn full(text: &str) -> (String, String) {
        let b: DecideBrief<'_> = serde_json::from_str(text).unwrap();
        (b.outcome.into_owned(), b.escalation.level.into_owned())
    }

    #[test]
    fn quick_read_agrees_with_the_full_one_on_every_scenario() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let scenario: Value =
                serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
            let input = serde_json::json!({ "records": [scenario["case"].to_string()] }).to_string();
            let answer = kefu_core::api::call("decide", &input);
            // The decision's own bytes, as the core wrote them (a `Value` would sort the keys).
            let Some(start) = answer.find(r#"{"order_id":"#) else {
                continue;
            };
            let text = answer.get(start..answer.len() - "]}}".len()).unwrap();
            let quick = quick_outcome_and_level(text).expect("the core's own decision reads quickly");
            assert_eq!((quick.0.to_owned(), quick.1.to_owned()), full(text), "{text}");
            seen += 1;
        }
        assert!(seen > 100, "only {seen} scenario decisions");
    }

    #[test]
    fn quick_read_steps_aside_when_unsure() {
        // An order id holding the pattern, escaped as JSON must: still the real outcome.
        let tricky = r#"{"order_id":"a\",\"outcome\":\"x\\","outcome":"refund","escalation":{"level":"senior"}}"#;
        assert_eq!(quick_outcome_and_level(tricky), Some(("refund", "senior")));
        assert_eq!(full(tricky), ("refund".into(), "senior".into()));
        // Another order of fields, an escape in a name, a cut text: the full read decides.
        for text in [
            r#"{"outcome":"refund","order_id":"1","escalation":{"level":"none"}}"#,
            r#"{"order_id":"1","outcome":"re\u0066und","escalation":{"level":"none"}}"#,
            r#"{"order_id":"1","outcome":"refund""#,
            r#"{"order_id":"1\"#,
        ] {
            assert_eq!(quick_outcome_and_level(text), None, "{text}");
        }
    }
}
