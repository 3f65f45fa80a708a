//! `kefu qa TRANSCRIPT…`: the agents' chats reviewed (R-QA-*). The transcripts are read
//! chat by chat (`source/chat.rs`) and sent to the core's `qa` in batches over `--jobs`
//! engines, in input order; each reviewed session is written (NDJSON) or kept (json,
//! html) and its figures kept for `qa.report`, which adds them up per agent and day,
//! draws the daily sample and picks the week's best and worst chats.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::CmdError;
use crate::answer::{at, envelope};
use crate::cli::{QaArgs, QaFormat};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::report::names::Names;
use crate::report::qa as report;
use crate::run::evaluations::read_evaluations;
use crate::run::policy::{policy_fields, read_policy, PolicySource};
use crate::run::stream::{inputs, jobs};
use crate::select::EngineChoice;
use crate::source::chat::{read_chats, read_mapping, ChatMapping};
use crate::source::{read_inputs, read_source, Body, Stop};

/// Red lines the table lists one by one (the rest are counted per agent above them).
pub const MAX_RED_LISTED: usize = 200;

/// What a directory of transcripts is searched for: what exports are, and text.
const TRANSCRIPTS: &[&str] = &["json", "ndjson", "jsonl", "csv", "xlsx", "txt"];

/// Messages per call: enough to spread the JSON's cost, few enough to keep each call
/// well inside the guest's caps.
const BATCH_MESSAGES: usize = 2000;

/// The parts of a reviewed session the run reads, borrowed from the core's answer: a
/// session is written on as the core wrote it and parsed whole only where an output
/// needs all of it (json, html, csv) or it has a red line (the table lists those).
#[derive(Deserialize)]
struct SessionParts<'a> {
    #[serde(borrow)]
    id: &'a RawValue,
    #[serde(borrow)]
    agent: &'a RawValue,
    #[serde(borrow, default)]
    shop: Option<&'a RawValue>,
    #[serde(borrow)]
    day: &'a RawValue,
    #[serde(borrow)]
    week: &'a RawValue,
    #[serde(borrow)]
    start: &'a RawValue,
    #[serde(borrow)]
    summary: &'a RawValue,
}

/// What the run counts of a session's summary.
#[derive(Deserialize)]
struct Counts {
    #[serde(default)]
    findings: BTreeMap<String, u64>,
    #[serde(default)]
    red_lines: BTreeMap<String, u64>,
}

/// A batch's answer: the sessions as written, and what could not be read.
#[derive(Deserialize)]
struct BatchAnswer<'a> {
    #[serde(borrow)]
    sessions: Vec<&'a RawValue>,
    #[serde(default)]
    rejected: Vec<Value>,
}

/// What the report needs of a reviewed session, as compact JSON: everything but its
/// messages and turns (about 0.4 KB a chat, whatever its length).
fn summary_of(raw: &str) -> Result<(String, Counts), HostError> {
    let parts: SessionParts<'_> = serde_json::from_str(raw).map_err(|e| HostError::Answer(e.to_string()))?;
    let counts: Counts = serde_json::from_str(parts.summary.get()).map_err(|e| HostError::Answer(e.to_string()))?;
    let mut out = String::with_capacity(400);
    out.push_str("{\"id\":");
    out.push_str(parts.id.get());
    out.push_str(",\"agent\":");
    out.push_str(parts.agent.get());
    if let Some(shop) = parts.shop {
        out.push_str(",\"shop\":");
        out.push_str(shop.get());
    }
    for (key, v) in [("day", parts.day), ("week", parts.week), ("start", parts.start), ("summary", parts.summary)] {
        out.push_str(",\"");
        out.push_str(key);
        out.push_str("\":");
        out.push_str(v.get());
    }
    out.push('}');
    Ok((out, counts))
}

/// Everything the run gathered.
#[derive(Default)]
pub struct Gathered {
    /// Whole sessions, for the json and html outputs (empty for the others).
    pub sessions: Vec<Value>,
    /// Every session's summary, for `qa.report`.
    pub summaries: Vec<String>,
    /// Messages, orders and chats that could not be read.
    pub rejected: Vec<Value>,
    /// Findings in all (R-WORD-* and R-QA-2).
    pub findings: u64,
    /// Every red line, as the table lists them.
    pub red: Vec<Value>,
}

/// Runs `kefu qa`.
pub fn run(
    args: &QaArgs,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let policy = read_policy(args.policy.policy.as_deref(), &args.policy.script, stdin)?;
    let mapping: ChatMapping = match &args.chat_mapping {
        Some(path) => {
            let text = String::from_utf8_lossy(&read_source(path, stdin)?).into_owned();
            read_mapping(&text).map_err(|e| HostError::Usage(format!("--chat-mapping {}: {e}", path.display())))?
        }
        None => ChatMapping::new(),
    };
    // What every call carries besides its chats and policy: the orders, the evaluations,
    // the zone; written once.
    let mut fixed = Map::new();
    let mut rejected = Vec::new();
    fixed.insert("orders".into(), read_orders(args, stdin, &mut rejected)?);
    if let Some(path) = &args.evaluations {
        fixed.insert("evaluations".into(), read_evaluations(path, stdin)?);
    }
    fixed.insert("time_zone".into(), args.input.time_zone.clone().into());

    let whole = matches!(args.format, QaFormat::Json | QaFormat::Html);
    let names = Names::load(engine);
    let mut csv = match args.format {
        QaFormat::Csv => Some(report::csv_start(args.lang, stdout)?),
        _ => None,
    };
    let mut gathered = Gathered { rejected, ..Gathered::default() };
    let mut on_session = |raw: &str, out: &mut dyn Write| -> Result<(), HostError> {
        let (summary, counts) = summary_of(raw)?;
        gathered.findings += counts.findings.values().sum::<u64>();
        gathered.summaries.push(summary);
        if args.format == QaFormat::Ndjson {
            // `{"kind":"chat",` then the session as the core wrote it.
            let rest = raw.strip_prefix('{').unwrap_or(raw);
            let sep = if rest == "}" { "" } else { "," };
            writeln!(out, "{{\"kind\":\"chat\"{sep}{rest}").map_err(write_err)?;
        }
        let listed =
            args.format == QaFormat::Table && !counts.red_lines.is_empty() && gathered.red.len() < MAX_RED_LISTED;
        if whole || csv.is_some() || listed {
            let session: Value = serde_json::from_str(raw).map_err(|e| HostError::Answer(e.to_string()))?;
            if args.format == QaFormat::Table && gathered.red.len() < MAX_RED_LISTED {
                gathered.red.extend(report::red_lines(&session));
            }
            if let Some(w) = csv.as_mut() {
                report::csv_rows(&session, &names, args.lang, w, out).map_err(write_err)?;
            }
            if whole {
                gathered.sessions.push(session);
            }
        }
        Ok(())
    };
    let mut on_rejected = Vec::new();
    review_all(args, choice, engine, policy.as_ref(), &fixed, &mapping, stdin, &mut |answer: String| {
        let batch: BatchAnswer<'_> = serde_json::from_str(&answer).map_err(|e| HostError::Answer(e.to_string()))?;
        for s in batch.sessions {
            on_session(s.get(), stdout)?;
        }
        on_rejected.extend(batch.rejected);
        Ok(())
    })?;
    gathered.rejected.extend(on_rejected);

    // The report, from the sessions' figures.
    let fields = Value::Object(policy_fields(policy.as_ref(), engine)?).to_string();
    let sep = if fields.len() > 2 { "," } else { "" };
    let input = format!(
        "{}{sep}\"sessions\":[{}]}}",
        fields.strip_suffix('}').unwrap_or(&fields),
        std::mem::take(&mut gathered.summaries).join(",")
    );
    let answer = envelope(&engine.call("qa.report", &input)?)?;
    if at(&answer, "/type") == "failure" {
        return Err(HostError::Core(at(&answer, "/errors/0").clone()).into());
    }
    let report_value = at(&answer, "/result").clone();
    match args.format {
        QaFormat::Ndjson => {
            let mut last = Map::new();
            last.insert("kind".into(), "report".into());
            if let Value::Object(m) = &report_value {
                last.extend(m.clone());
            }
            last.insert("rejected".into(), Value::Array(gathered.rejected.clone()));
            writeln!(stdout, "{}", Value::Object(last))?;
        }
        QaFormat::Json => {
            let mut doc = Map::new();
            doc.insert("sessions".into(), Value::Array(std::mem::take(&mut gathered.sessions)));
            doc.insert("report".into(), report_value);
            doc.insert("rejected".into(), Value::Array(gathered.rejected.clone()));
            writeln!(stdout, "{}", serde_json::to_string_pretty(&Value::Object(doc))?)?;
        }
        QaFormat::Table => report::table(&report_value, &gathered, &names, args.lang, args.day.as_deref(), stdout)?,
        QaFormat::Csv => {
            if let Some(w) = csv.as_mut() {
                report::csv_rejected(&gathered.rejected, args.lang, w, stdout)?;
            }
        }
        QaFormat::Html => {
            let page = report::page(&report_value, &gathered, &names, args.lang, args.day.as_deref());
            stdout.write_all(page.as_bytes())?;
        }
    }
    Ok(if !gathered.rejected.is_empty() {
        EXIT_ERROR
    } else if gathered.findings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn write_err(e: std::io::Error) -> HostError {
    HostError::Write { what: "stdout".into(), source: e }
}

/// Reads `--orders` into groups of records of one kind, as the core's `qa` takes them;
/// a record that cannot be read is kept as rejected.
fn read_orders(args: &QaArgs, stdin: &mut dyn Read, rejected: &mut Vec<Value>) -> Result<Value, HostError> {
    if args.orders.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    let inputs = inputs(&args.input, stdin)?;
    // Groups in order of first appearance: kefu's orders, trades, each export's rows.
    let mut groups: Vec<(Option<Value>, Option<Value>, Vec<Value>)> = Vec::new();
    let zone = inputs.options.zone.to_string();
    read_inputs(&args.orders, stdin, &inputs.options, &mut |record| {
        let (rows, trades, text) = match record.body {
            Body::Json(t) => (None, None, t),
            Body::Trade(t) => (None, Some(serde_json::json!({ "time_zone": zone })), t),
            Body::Row { table, cells } => match table.record(&cells) {
                Ok(t) => (Some(table.source.clone()), None, t),
                Err(e) => {
                    rejected.push(serde_json::json!({"chat": record.place.source, "index": record.place.index, "field": "order", "message": e.message}));
                    return Ok(());
                }
            },
            Body::Rejected(e) => {
                rejected.push(serde_json::json!({"chat": record.place.source, "index": record.place.index, "field": "order", "message": e.message}));
                return Ok(());
            }
        };
        match groups.iter_mut().find(|g| g.0 == rows && g.1 == trades) {
            Some(g) => g.2.push(text.into()),
            None => groups.push((rows, trades, vec![text.into()])),
        }
        Ok::<(), Stop>(())
    })?;
    let list = groups
        .into_iter()
        .map(|(rows, trades, records)| {
            let mut g = Map::new();
            g.insert("records".into(), Value::Array(records));
            if let Some(r) = rows {
                g.insert("rows".into(), r);
            }
            if let Some(t) = trades {
                g.insert("trades".into(), t);
            }
            Value::Object(g)
        })
        .collect();
    Ok(Value::Array(list))
}

/// One batch of chats, numbered.
type Job = (u64, Vec<Value>);

/// Reads every transcript, sends its chats to the core in batches on `--jobs` engines,
/// and hands each batch's answer (`{"sessions", "rejected"}`) to `out` in input order.
#[allow(clippy::too_many_arguments, reason = "the run's parts, each named at the call")]
fn review_all(
    args: &QaArgs,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    policy: Option<&PolicySource>,
    fixed: &Map<String, Value>,
    mapping: &ChatMapping,
    stdin: &mut dyn Read,
    out: &mut dyn FnMut(String) -> Result<(), HostError>,
) -> Result<(), HostError> {
    let jobs = jobs(&args.input).clamp(1, 16);
    let mut reader_errors: Vec<(String, String)> = Vec::new();
    let mut paths = Vec::new();
    for input in crate::source::expand_inputs_of(&args.paths, TRANSCRIPTS)? {
        match input {
            Ok(p) => paths.push(p),
            Err((p, why)) => reader_errors.push((p.display().to_string(), why)),
        }
    }
    let mut read = |emit: &mut dyn FnMut(Vec<Value>) -> Result<(), HostError>| -> Result<(), HostError> {
        let mut batch = Vec::new();
        let mut messages = 0;
        for path in &paths {
            let result = read_chats(path, stdin, mapping, &mut |chat| {
                messages += at(&chat, "/messages").as_array().map_or(0, Vec::len);
                batch.push(chat);
                if messages >= BATCH_MESSAGES {
                    messages = 0;
                    emit(std::mem::take(&mut batch))?;
                }
                Ok(())
            });
            match result {
                Ok(()) => {}
                // A transcript that cannot be read costs itself, said after the others.
                Err(HostError::Io { path, source }) => reader_errors.push((path, source.to_string())),
                Err(other) => return Err(other),
            }
        }
        if !batch.is_empty() {
            emit(batch)?;
        }
        Ok(())
    };
    if jobs == 1 {
        let extra = with_policy(policy, engine, fixed)?;
        read(&mut |chats| out(review_batch(engine, &extra, chats)?))?;
    } else {
        let mut engines: Vec<Box<dyn Engine>> = Vec::new();
        for _ in 1..jobs {
            engines.push(choice.open()?);
        }
        std::thread::scope(|scope| -> Result<(), HostError> {
            let (job_tx, job_rx): (SyncSender<Job>, Receiver<Job>) = mpsc::sync_channel(jobs * 2);
            let job_rx = Arc::new(Mutex::new(job_rx));
            let (done_tx, done_rx) = mpsc::channel::<(u64, Result<String, HostError>)>();
            let first: &mut (dyn Engine + Send) = engine;
            let mut all: Vec<&mut (dyn Engine + Send)> = vec![first];
            all.extend(engines.iter_mut().map(|e| &mut **e as &mut (dyn Engine + Send)));
            for e in all {
                let (rx, tx) = (Arc::clone(&job_rx), done_tx.clone());
                scope.spawn(move || {
                    let extra = match with_policy(policy, e, fixed) {
                        Ok(x) => x,
                        Err(err) => {
                            let _ = tx.send((u64::MAX, Err(err)));
                            return;
                        }
                    };
                    loop {
                        let job = rx.lock().map_err(|_| ()).and_then(|r| r.recv().map_err(|_| ()));
                        let Ok((seq, chats)) = job else { return };
                        if tx.send((seq, review_batch(e, &extra, chats))).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(job_rx);
            drop(done_tx);
            let mut waiting: BTreeMap<u64, String> = BTreeMap::new();
            let (mut next, mut sent) = (0u64, 0u64);
            let mut take = |(seq, r): (u64, Result<String, HostError>),
                            waiting: &mut BTreeMap<u64, String>,
                            next: &mut u64|
             -> Result<(), HostError> {
                waiting.insert(seq, r?);
                while let Some(v) = waiting.remove(next) {
                    out(v)?;
                    *next += 1;
                }
                Ok(())
            };
            let stopped = || HostError::Answer("every worker stopped".into());
            read(&mut |chats| {
                while sent - next - waiting.len() as u64 >= (jobs * 2) as u64 {
                    take(done_rx.recv().map_err(|_| stopped())?, &mut waiting, &mut next)?;
                }
                job_tx.send((sent, chats)).map_err(|_| stopped())?;
                sent += 1;
                while let Ok(done) = done_rx.try_recv() {
                    take(done, &mut waiting, &mut next)?;
                }
                Ok(())
            })?;
            drop(job_tx);
            while next < sent {
                take(done_rx.recv().map_err(|_| stopped())?, &mut waiting, &mut next)?;
            }
            Ok(())
        })?;
    }
    for (path, why) in reader_errors {
        let rejected = serde_json::json!({"sessions": [], "rejected": [{"chat": path, "index": 0, "field": "file", "message": why}]});
        out(rejected.to_string())?;
    }
    Ok(())
}

/// The fixed fields with this engine's policy (a script's handle is per engine).
fn with_policy(
    policy: Option<&PolicySource>,
    engine: &mut dyn Engine,
    fixed: &Map<String, Value>,
) -> Result<String, HostError> {
    let mut extra = policy_fields(policy, engine)?;
    extra.extend(fixed.clone());
    let text = Value::Object(extra).to_string();
    // `{...}` without its closing brace, for the chats to be added after.
    Ok(text.strip_suffix('}').unwrap_or(&text).to_owned())
}

/// One batch through `qa`, its answer's `result` as the core wrote it; a batch the
/// engine cannot finish (a guest cap) is retried chat by chat, so that only the costly
/// chat is rejected.
fn review_batch(engine: &mut dyn Engine, extra: &str, chats: Vec<Value>) -> Result<String, HostError> {
    let call = |engine: &mut dyn Engine, chats: &[Value]| -> Result<String, HostError> {
        let sep = if extra.len() > 1 { "," } else { "" };
        let list = serde_json::to_string(chats).map_err(|e| HostError::Answer(e.to_string()))?;
        let answer = engine.call("qa", &format!("{extra}{sep}\"chats\":{list}}}"))?;
        // The core's success envelope: `{"type":"success","result":` the result `}`.
        if let Some(result) = answer.strip_prefix(SUCCESS_HEAD).and_then(|r| r.strip_suffix('}')) {
            return Ok(result.to_owned());
        }
        let failure = envelope(&answer)?;
        Err(HostError::Core(at(&failure, "/errors/0").clone()))
    };
    let one_rejected = |chat: Option<&Value>, e: &HostError| serde_json::json!({"chat": chat.map(|c| at(c, "/source").clone()), "index": 0, "field": "chat", "message": e.to_string()});
    match call(engine, &chats) {
        Ok(v) => Ok(v),
        Err(HostError::Core(e)) => Err(HostError::Core(e)),
        Err(_) if chats.len() > 1 => {
            let mut sessions: Vec<Box<RawValue>> = Vec::new();
            let mut rejected = Vec::new();
            for chat in &chats {
                match call(engine, std::slice::from_ref(chat)) {
                    Ok(text) => {
                        #[derive(Deserialize)]
                        struct Owned {
                            sessions: Vec<Box<RawValue>>,
                            #[serde(default)]
                            rejected: Vec<Value>,
                        }
                        let one: Owned = serde_json::from_str(&text).map_err(|e| HostError::Answer(e.to_string()))?;
                        sessions.extend(one.sessions);
                        rejected.extend(one.rejected);
                    }
                    Err(e) => rejected.push(one_rejected(Some(chat), &e)),
                }
            }
            let sessions = serde_json::to_string(&sessions).map_err(|e| HostError::Answer(e.to_string()))?;
            Ok(format!("{{\"sessions\":{sessions},\"rejected\":{}}}", Value::Array(rejected)))
        }
        Err(e) => Ok(serde_json::json!({"sessions": [], "rejected": [one_rejected(chats.first(), &e)]}).to_string()),
    }
}

/// The start of the core's success envelope.
const SUCCESS_HEAD: &str = "{\"type\":\"success\",\"result\":";
