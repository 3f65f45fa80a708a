//! Decisions as a batch run prints them, for `kefu decide` and `kefu scan`: each
//! decision streamed in the chosen format or kept for the table and the report, the
//! few fields the summaries count read off the core's text, the table.

use std::borrow::Cow;
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::html::DecisionReport;
use super::names::Names;
use super::out::{excel_id, Csv, JsonDoc};
use crate::answer::at;
use crate::cli::{Format, MessageLang};
use crate::error::HostError;
use crate::pipeline::batch::Rejection;
use crate::source::Place;

/// A decision with its place. The decision is the core's own text, printed as is.
#[derive(Serialize)]
pub(crate) struct Located<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    source: &'a str,
    index: usize,
    line: usize,
    decision: &'a RawValue,
}

/// The few fields the scan summary reads; serde skips the rest of the decision.
#[derive(Deserialize)]
pub(crate) struct Brief {
    pub(crate) escalation: LevelBrief,
    #[serde(default)]
    pub(crate) trace: Vec<RuleBrief>,
    #[serde(default)]
    pub(crate) skipped: Vec<SkippedBrief>,
    #[serde(default)]
    pub(crate) derived: Vec<DerivedBrief>,
}

/// A fact a rule derived because the input lacks it (a ship-by from the pay time).
#[derive(Deserialize)]
pub(crate) struct DerivedBrief {
    pub(crate) fact: String,
    pub(crate) from: String,
}

#[derive(Deserialize)]
pub(crate) struct LevelBrief {
    pub(crate) level: String,
}

#[derive(Deserialize)]
pub(crate) struct RuleBrief {
    pub(crate) rule: String,
}

#[derive(Deserialize)]
pub(crate) struct SkippedBrief {
    pub(crate) check: String,
    pub(crate) missing: String,
}

pub(crate) fn brief(raw: &str) -> Option<Brief> {
    serde_json::from_str(raw).ok()
}

/// What `kefu decide` counts, when [`quick_outcome_and_level`] cannot say: borrowed
/// from the answer, the rest skipped.
#[derive(Deserialize)]
pub(crate) struct DecideBrief<'a> {
    #[serde(borrow)]
    outcome: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) escalation: LevelRef<'a>,
}

#[derive(Deserialize)]
pub(crate) struct LevelRef<'a> {
    #[serde(borrow)]
    pub(crate) level: Cow<'a, str>,
}

pub(crate) fn outcome_and_level(raw: &str) -> Option<(String, String)> {
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
pub(crate) fn quick_outcome_and_level(text: &str) -> Option<(&str, &str)> {
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
pub(crate) enum Out {
    Json(JsonDoc),
    Ndjson,
    Csv(Box<Csv>),
    Table(Vec<[String; 7]>),
    Html(Box<DecisionReport>),
}

/// The CSV's columns, in the report's language (the same columns in both).
pub(crate) const CSV_HEADER_EN: &[&str] =
    &["source", "line", "order_id", "outcome", "flag", "level", "responsibility", "rules", "remark_entry", "reply"];
pub(crate) const CSV_HEADER_ZH: &[&str] =
    &["来源", "行", "订单号", "结论", "旗帜", "升级级别", "责任", "规则", "备注记录", "回复"];

impl Out {
    pub(crate) fn new(format: Format, list: &str, lang: MessageLang, stdout: &mut dyn Write) -> std::io::Result<Out> {
        Ok(match format {
            Format::Json => Out::Json(JsonDoc::start(stdout, list)?),
            Format::Ndjson => Out::Ndjson,
            Format::Csv => Out::Csv(Box::new(Csv::start(
                stdout,
                match lang {
                    MessageLang::Zh => CSV_HEADER_ZH,
                    MessageLang::En => CSV_HEADER_EN,
                },
            )?)),
            Format::Table => Out::Table(Vec::new()),
            Format::Html => Out::Html(Box::default()),
        })
    }

    #[allow(clippy::too_many_arguments, reason = "a decision, its place and tier, and how to say it")]
    pub(crate) fn decision(
        &mut self,
        kind: &str,
        place: &Place,
        raw: &str,
        tier: Option<u8>,
        names: &Names,
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
        match streamed(format, kind, place, raw, names, lang)? {
            Some(bytes) => self.write_streamed(&bytes, out),
            None => {
                self.later(place, raw, tier, names, lang);
                Ok(())
            }
        }
    }

    /// Writes what [`streamed`] made (in a worker).
    pub(crate) fn write_streamed(&mut self, bytes: &[u8], out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            Out::Json(doc) => doc.rendered(out, bytes),
            _ => out.write_all(bytes),
        }
    }

    /// The table and the report take their rows at the end; `tier` is a queued
    /// decision's (R-PROACTIVE-6), as the core's scan answer gives it.
    pub(crate) fn later(&mut self, place: &Place, raw: &str, tier: Option<u8>, names: &Names, lang: MessageLang) {
        match self {
            Out::Table(rows) => {
                let d: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
                let s = |p: &str| at(&d, p).as_str().unwrap_or_default().to_owned();
                let name =
                    |kind: &str, p: &str| names.name(kind, at(&d, p).as_str().unwrap_or_default(), lang).to_owned();
                rows.push([
                    format!("{}:{}", place.source, place.line),
                    s("/order_id"),
                    name("outcome", "/outcome"),
                    name("flag", "/flag/flag"),
                    name("level", "/escalation/level"),
                    rules(&d).join(","),
                    s(reply_key(lang)),
                ]);
            }
            Out::Html(report) => report.decision(place, raw, tier),
            Out::Json(_) | Out::Ndjson | Out::Csv(_) => {}
        }
    }

    pub(crate) fn finish<S: Serialize>(
        self,
        rejected: &[(Place, Value)],
        summary: &S,
        lang: MessageLang,
        report: impl FnOnce(&DecisionReport, &mut dyn Write) -> std::io::Result<()>,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let rejections: Vec<Rejection<'_>> = rejected.iter().map(|(place, error)| Rejection { place, error }).collect();
        match self {
            Out::Json(doc) => doc.finish(out, &[("rejected", &rejections), ("summary", summary)]),
            Out::Ndjson => super::out::ndjson_tail(&rejections, summary, out),
            Out::Csv(mut csv) => {
                for (place, error) in rejected {
                    let s = |p: &str| at(error, p).as_str().unwrap_or_default().to_owned();
                    let why = match s("/path") {
                        p if p.is_empty() => s("/message"),
                        p => format!("[{p}] {}", s("/message")),
                    };
                    let (line, code) = (place.line.to_string(), s("/code"));
                    let rejected = match lang {
                        MessageLang::Zh => "无法读取",
                        MessageLang::En => "rejected",
                    };
                    csv.row(out, &[place.source.as_str(), &line, "", rejected, "", "", "", &code, "", &why])?;
                }
                Ok(())
            }
            Out::Table(rows) => table(&rows, &rejections, summary, lang, out),
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
pub(crate) fn streamed(
    format: Format,
    kind: &str,
    place: &Place,
    raw: &str,
    names: &Names,
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
            let name = |kind: &str, p: &str| names.name(kind, at(&d, p).as_str().unwrap_or_default(), lang).to_owned();
            Csv::encode(&[
                place.source.clone(),
                place.line.to_string(),
                excel_id(&s("/order_id")),
                name("outcome", "/outcome"),
                name("flag", "/flag/flag"),
                name("level", "/escalation/level"),
                name("responsibility", "/responsibility"),
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
pub(crate) fn ndjson_line(kind: &str, place: &Place, decision: &str) -> std::io::Result<Vec<u8>> {
    let mut line = place.ndjson_head(kind)?;
    line.reserve(decision.len() + 16);
    line.extend_from_slice(b"\"decision\":");
    line.extend_from_slice(decision.as_bytes());
    line.extend_from_slice(b"}\n");
    Ok(line)
}

pub(crate) fn reply_key(lang: MessageLang) -> &'static str {
    match lang {
        MessageLang::Zh => "/reply/zh",
        MessageLang::En => "/reply/en",
    }
}

pub(crate) fn rules(d: &Value) -> Vec<String> {
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
pub(crate) type Rendered = (Place, Result<(Option<(String, String)>, Option<Vec<u8>>, Option<String>), Value>);

pub(crate) fn write_error(e: std::io::Error) -> HostError {
    HostError::Write { what: "stdout".into(), source: e }
}

pub(crate) fn table<S: Serialize>(
    rows: &[[String; 7]],
    rejected: &[Rejection<'_>],
    summary: &S,
    lang: MessageLang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let s = |v: &Value, p: &str| at(v, p).as_str().unwrap_or_default().to_owned();
    let header = match lang {
        MessageLang::Zh => ["位置", "订单号", "结论", "旗帜", "升级", "规则", "回复"],
        MessageLang::En => ["WHERE", "ORDER", "OUTCOME", "FLAG", "LEVEL", "RULES", "REPLY"],
    };
    let mut lines: Vec<[String; 7]> = vec![header.map(str::to_owned)];
    lines.extend(rows.iter().cloned());
    for r in rejected {
        lines.push([
            format!("{}:{}", r.place.source, r.place.line),
            "-".into(),
            match lang {
                MessageLang::Zh => "无法读取".into(),
                MessageLang::En => "rejected".into(),
            },
            String::new(),
            String::new(),
            s(r.error, "/code"),
            s(r.error, "/message"),
        ]);
    }
    super::out::columns(&lines, out)?;
    writeln!(out, "\n{}", counts_line(&serde_json::to_value(summary)?, lang))
}

/// The summary's counts as a line in the report's language: `读取 12，已扫描 12，…`.
fn counts_line(summary: &Value, lang: MessageLang) -> String {
    const COUNTS: [(&str, &str, &str); 6] = [
        ("read", "读取", "read"),
        ("decided", "已决定", "decided"),
        ("scanned", "已扫描", "scanned"),
        ("to_contact", "需主动联系", "to contact"),
        ("not_all_checked", "未全部检查", "not all checked"),
        ("rejected", "无法读取", "rejected"),
    ];
    let parts: Vec<String> = COUNTS
        .iter()
        .filter_map(|(key, zh, en)| {
            let n = summary.get(*key)?.as_u64()?;
            Some(match lang {
                MessageLang::Zh => format!("{zh} {n}"),
                MessageLang::En => format!("{n} {en}"),
            })
        })
        .collect();
    parts.join(match lang {
        MessageLang::Zh => "，",
        MessageLang::En => ", ",
    })
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
    fn the_tables_counts_are_said_in_the_reports_language() {
        let summary = serde_json::json!({"read": 12, "scanned": 12, "to_contact": 1, "rejected": 0, "by_rule": {}});
        assert_eq!(counts_line(&summary, MessageLang::Zh), "读取 12，已扫描 12，需主动联系 1，无法读取 0");
        assert_eq!(counts_line(&summary, MessageLang::En), "12 read, 12 scanned, 1 to contact, 0 rejected");
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
