//! `kefu scan`: orders in, the proactive contact queue out. The queue can only be
//! written once every order is scanned, so its decisions wait in a temporary file (only
//! their sort keys stay in memory) and are then written in R-PROACTIVE-6 order.

use std::io::{Read, Seek, SeekFrom, Write};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::cli::ScanArgs;
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::pipeline::batch::Outcome;
use crate::report::decisions::{brief, Out};
use crate::report::html;
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
