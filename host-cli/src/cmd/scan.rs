//! `kefu scan`: orders in, the proactive contact queue out. The queue can only be
//! written once every order is scanned, so its decisions wait in a temporary file (only
//! their sort keys stay in memory) and are then written in R-PROACTIVE-6 order.

use std::io::{Read, Seek, SeekFrom, Write};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::cli::{Format, MessageLang, ScanArgs};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::pipeline::batch::Outcome;
use crate::report::decisions::{brief, Out};
use crate::report::html;
use crate::report::names::Names;
use crate::run::now::scan_time;
use crate::run::policy::{policy_fields, read_policy};
use crate::run::stream;
use crate::run::summary::ScanSummary;
use crate::select::EngineChoice;
use crate::source::Place;

use super::CmdError;

/// Runs `kefu scan`.
pub fn scan(
    args: &ScanArgs,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let policy = read_policy(args.policy.policy.as_deref(), &args.policy.script, stdin)?;
    let now = scan_time(args.now.as_deref(), &args.paths, &args.input, args.output.batch, choice, engine, stdin)?;
    let scan_at = now.clone();
    let now = now.at;
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
    let names = match args.output.format {
        Format::Json | Format::Ndjson => Names::default(),
        Format::Table | Format::Csv | Format::Html => Names::load(engine),
    };
    let summary = ScanSummary { now: Some(scan_at), input: Some(inputs.note.clone()), ..ScanSummary::default() };
    let mut queue = Queue::new(summary)?;
    let render = |place: Place, outcome: Outcome| -> (Place, Result<ScanItem, Value>) {
        match outcome {
            Outcome::Done(result) => (place, Ok(scan_item(&result))),
            Outcome::Rejected(e) => (place, Err(e)),
        }
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
        &mut |(place, item)| queue.take(place, item),
    )?;
    queue.summary.input = Some(inputs.note());
    queue.write(args.output.format, &names, lang, stdout)
}

/// The contact queue as it is collected: each queued decision spilled to a temporary
/// file, only its key, place, tier and span kept in memory.
struct Queue {
    summary: ScanSummary,
    rejected: Vec<(Place, Value)>,
    spill: std::fs::File,
    offset: u64,
    entries: Vec<Queued>,
}

struct Queued {
    key: String,
    place: Place,
    tier: Option<u8>,
    at: u64,
    len: usize,
}

fn spill_error(e: std::io::Error) -> HostError {
    HostError::Io { path: "a temporary file".into(), source: e }
}

impl Queue {
    fn new(summary: ScanSummary) -> Result<Queue, HostError> {
        let spill = tempfile::tempfile().map_err(spill_error)?;
        Ok(Queue { summary, rejected: Vec::new(), spill, offset: 0, entries: Vec::new() })
    }

    /// One scanned (or rejected) order, counted, and spilled when it is queued.
    fn take(&mut self, place: Place, item: Result<ScanItem, Value>) -> Result<(), HostError> {
        let summary = &mut self.summary;
        summary.read += 1;
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                summary.rejected += 1;
                self.rejected.push((place, e));
                return Ok(());
            }
        };
        summary.scanned += 1;
        if !item.skipped.is_empty() {
            summary.not_all_checked += 1;
        }
        for (rule, fact) in item.skipped {
            *summary.not_checked.entry(fact).or_default() += 1;
            *summary.skipped_rules.entry(rule).or_default() += 1;
        }
        for (fact, from) in item.derived {
            let count = summary.derived.entry(fact).or_default();
            count.orders += 1;
            if count.from.is_empty() {
                count.from = from;
            }
        }
        let Some((key, tier, decision)) = item.queued else { return Ok(()) };
        for rule in item.rules {
            *summary.by_rule.entry(rule).or_default() += 1;
        }
        if let Some(level) = item.level {
            *summary.by_level.entry(level).or_default() += 1;
        }
        self.spill.write_all(decision.as_bytes()).map_err(spill_error)?;
        self.entries.push(Queued { key, place, tier, at: self.offset, len: decision.len() });
        self.offset += decision.len() as u64;
        Ok(())
    }

    /// The queue in R-PROACTIVE-6 order (the core's keys sort so across chunks and
    /// workers), the rejected records and the summary; the exit code.
    fn write(
        mut self,
        format: Format,
        names: &Names,
        lang: MessageLang,
        stdout: &mut dyn Write,
    ) -> Result<u8, CmdError> {
        self.entries.sort_by(|a, b| a.key.cmp(&b.key));
        self.summary.to_contact = self.entries.len();
        if format == Format::Table {
            if let Some(now) = &self.summary.now {
                writeln!(stdout, "{}\n", html::scan_time_line(now, lang))?;
            }
        }
        let mut out = Out::new(format, "queue", lang, stdout)?;
        for q in &self.entries {
            self.spill.seek(SeekFrom::Start(q.at)).map_err(spill_error)?;
            let mut buf = vec![0u8; q.len];
            self.spill.read_exact(&mut buf).map_err(spill_error)?;
            let text = String::from_utf8(buf).map_err(|e| HostError::Answer(e.to_string()))?;
            out.decision("queue", &q.place, &text, q.tier, names, lang, stdout)?;
        }
        let summary = &self.summary;
        out.finish(&self.rejected, summary, lang, |r, o| html::write_queue(r, summary, names, lang, o), stdout)?;
        Ok(if summary.rejected > 0 {
            EXIT_ERROR
        } else if summary.to_contact > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        })
    }
}

/// The rule every queued decision cites for its place in the queue.
const QUEUE_ORDER_RULE: &str = "R-PROACTIVE-6";

/// A scanned order as a worker hands it on.
struct ScanItem {
    /// Its queue key, tier and decision, when it is to be contacted.
    queued: Option<(String, Option<u8>, String)>,
    /// The R-PROACTIVE rules that found it.
    rules: Vec<String>,
    /// Its escalation level.
    level: Option<String>,
    /// Rules skipped for want of a fact: (rule, fact).
    skipped: Vec<(String, String)>,
    /// Facts derived instead: (fact, from what).
    derived: Vec<(String, String)>,
}

fn scan_item(result: &str) -> ScanItem {
    #[derive(Deserialize)]
    struct Scanned<'a> {
        queue_key: Option<String>,
        tier: Option<u8>,
        #[serde(borrow)]
        decision: &'a RawValue,
    }
    let mut item = ScanItem { queued: None, rules: Vec::new(), level: None, skipped: Vec::new(), derived: Vec::new() };
    let Ok(scanned) = serde_json::from_str::<Scanned<'_>>(result) else { return item };
    let b = brief(scanned.decision.get());
    if let Some(b) = &b {
        item.skipped = b.skipped.iter().map(|s| (s.check.clone(), s.missing.clone())).collect();
        item.derived = b.derived.iter().map(|x| (x.fact.clone(), x.from.clone())).collect();
    }
    if let Some(key) = scanned.queue_key {
        if let Some(b) = b {
            // The rules that found the order. R-PROACTIVE-6 is left out: every queued
            // decision cites it for its place in the queue (its tier), so its bar would
            // always equal the queue's length and say nothing.
            for step in b.trace {
                if step.rule.starts_with("R-PROACTIVE")
                    && step.rule != QUEUE_ORDER_RULE
                    && !item.rules.contains(&step.rule)
                {
                    item.rules.push(step.rule);
                }
            }
            item.level = Some(b.escalation.level);
        }
        item.queued = Some((key, scanned.tier, scanned.decision.get().to_owned()));
    }
    item
}
