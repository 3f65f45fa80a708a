//! Records through the core on every core of the machine, results out in input order.
//!
//! The main thread reads sources and writes results; `--jobs` workers, each with its
//! own engine (one wasmtime instance, or the core in-process), turn chunks of records
//! into outcomes. Chunks carry a sequence number and results are written strictly in
//! that order, so the output is byte-identical to `--jobs 1`. At most a few chunks per
//! worker are in flight, so memory stays flat however long the input is, and the first
//! results are written while the input is still being read.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use chrono::FixedOffset;
use serde_json::{Map, Value};

pub mod batch;

use self::batch::Outcome;
use crate::cli::MAX_JOBS;
use crate::engine::Engine;
use crate::error::HostError;
use crate::select::EngineChoice;
use crate::source::{Body, Emit, Place, Record, Stop};
use kefu_core::api::{Code, ErrorReport};

/// Bytes of record text per chunk, besides the record count.
const CHUNK_BYTES: usize = 1 << 20;

/// How a run is spread over workers.
pub struct Plan<'a> {
    /// The core operation: `lint`, `scan` or `decide`.
    pub operation: &'a str,
    /// Records per call into the core, and per chunk handed to a worker.
    pub batch: usize,
    /// Workers (each with its own engine).
    pub jobs: usize,
    /// How further engines are opened.
    pub choice: &'a EngineChoice,
    /// Sets an engine up for the run (loads the policy) and gives the fields every call
    /// carries beside its records.
    pub prepare: &'a Prepare<'a>,
    /// Whether export rows and trades are accepted (they are orders: lint and scan).
    pub orders: bool,
    /// The shop's time zone, for trade times without an offset.
    pub zone: FixedOffset,
    /// Whether a progress bar may be drawn (on a terminal, unless --quiet).
    pub progress: bool,
    /// Bytes in all inputs, when they are files: the bar's length, for an ETA.
    pub total_bytes: Option<u64>,
}

/// Sets an engine up for a run (loads the policy) and gives the fields every call
/// carries beside its records.
pub type Prepare<'a> = dyn Fn(&mut dyn Engine) -> Result<Map<String, Value>, HostError> + Sync + 'a;

type Done<T> = (u64, Result<Vec<T>, HostError>);

/// The numbered chunks the workers take turns to receive.
type Jobs = Arc<Mutex<Receiver<(u64, Vec<Record>)>>>;

/// Turns one record's outcome into what the writer needs, in the worker: parsing the
/// core's answer and formatting the output line cost more than reading the input, so
/// they are spread over the workers too.
pub type Render<'a, T> = dyn Fn(Place, Outcome) -> T + Sync + 'a;

/// Runs `read`'s records through the core and hands each outcome to `out`, in input order.
pub fn run<T: Send>(
    plan: &Plan<'_>,
    first: &mut (dyn Engine + Send),
    read: &mut dyn FnMut(Emit<'_>) -> Result<(), HostError>,
    render: &Render<'_, T>,
    out: &mut dyn FnMut(T) -> Result<(), HostError>,
) -> Result<(), HostError> {
    // --jobs is refused above MAX_JOBS by the parser; this bounds the default (one per
    // core) on a machine with more cores, as the help says.
    let jobs = plan.jobs.clamp(1, MAX_JOBS as usize);
    let bar = progress_bar(plan.progress, plan.total_bytes);
    let started = std::time::Instant::now();
    if jobs == 1 {
        return inline(plan, first, read, render, out, &bar, started);
    }
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = mpsc::sync_channel::<(u64, Vec<Record>)>(jobs * 2);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done<T>>();
        spawn_workers(scope, plan, first, render, jobs, &job_rx, &done_tx);
        // Only the workers hold the job receiver: if they all stop, sending fails
        // instead of blocking for ever.
        drop(job_rx);
        drop(done_tx);
        let mut writer = InOrder { next: 0, waiting: BTreeMap::new(), in_flight: 0, out, bar: &bar, done: 0, started };
        let mut seq = 0u64;
        let mut send = |chunk: Vec<Record>, writer: &mut InOrder<'_, '_, T>| -> Result<(), HostError> {
            while writer.in_flight >= jobs * 2 {
                writer.take(done_rx.recv().map_err(|_| stopped())?)?;
            }
            if job_tx.send((seq, chunk)).is_err() {
                // Every worker has stopped: one of them says why.
                return Err(done_rx.try_iter().find_map(|(_, r)| r.err()).unwrap_or_else(stopped));
            }
            seq += 1;
            writer.in_flight += 1;
            loop {
                match done_rx.try_recv() {
                    Ok(done) => writer.take(done)?,
                    Err(TryRecvError::Empty) => return Ok(()),
                    Err(TryRecvError::Disconnected) => return Err(stopped()),
                }
            }
        };
        chunked(plan.batch, &bar, read, &mut |chunk| send(chunk, &mut writer))?;
        drop(job_tx);
        while writer.in_flight > 0 {
            writer.take(done_rx.recv().map_err(|_| stopped())?)?;
        }
        bar.finish_and_clear();
        Ok(())
    })
}

/// Starts the `jobs` workers: the first on the engine already open, the others each on
/// an engine of their own. Each prepares its engine in its own thread (the native
/// engine keeps its session, the loaded policies, per thread); one that cannot sends its
/// error in place of a chunk's results.
fn spawn_workers<'scope, 'env, T: Send>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    plan: &'env Plan<'env>,
    first: &'env mut (dyn Engine + Send),
    render: &'env Render<'env, T>,
    jobs: usize,
    job_rx: &Jobs,
    done_tx: &mpsc::Sender<Done<T>>,
) {
    let (first_job_rx, first_done_tx) = (Arc::clone(job_rx), done_tx.clone());
    scope.spawn(move || match (plan.prepare)(&mut *first) {
        Ok(extra) => work(plan, first, extra, render, &first_job_rx, &first_done_tx),
        Err(e) => {
            let _ = first_done_tx.send((u64::MAX, Err(e)));
        }
    });
    for _ in 1..jobs {
        let (rx, tx) = (Arc::clone(job_rx), done_tx.clone());
        scope.spawn(move || {
            let ready = plan.choice.open().and_then(|mut engine| {
                let extra = (plan.prepare)(engine.as_mut())?;
                Ok((engine, extra))
            });
            match ready {
                Ok((mut engine, extra)) => work(plan, engine.as_mut(), extra, render, &rx, &tx),
                Err(e) => {
                    let _ = tx.send((u64::MAX, Err(e)));
                }
            }
        });
    }
}

/// `--jobs 1`: one thread reads, runs the core and writes, chunk by chunk, with the
/// same chunks and the same order as the workers would.
fn inline<T>(
    plan: &Plan<'_>,
    engine: &mut (dyn Engine + Send),
    read: &mut dyn FnMut(Emit<'_>) -> Result<(), HostError>,
    render: &Render<'_, T>,
    out: &mut dyn FnMut(T) -> Result<(), HostError>,
    bar: &indicatif::ProgressBar,
    started: std::time::Instant,
) -> Result<(), HostError> {
    let extra = (plan.prepare)(engine)?;
    let mut writer = InOrder { next: 0, waiting: BTreeMap::new(), in_flight: 0, out, bar, done: 0, started };
    chunked(plan.batch, bar, read, &mut |chunk| {
        let items = process(plan, engine, &extra, chunk)?.into_iter().map(|(p, o)| render(p, o)).collect();
        writer.take((writer.next, Ok(items)))
    })?;
    bar.finish_and_clear();
    Ok(())
}

/// Cuts `read`'s records into chunks of `batch` records (or [`CHUNK_BYTES`] of text) and
/// hands each to `run`, the last one short; the bar counts what was read.
fn chunked(
    batch: usize,
    bar: &indicatif::ProgressBar,
    read: &mut dyn FnMut(Emit<'_>) -> Result<(), HostError>,
    run: &mut dyn FnMut(Vec<Record>) -> Result<(), HostError>,
) -> Result<(), HostError> {
    let mut chunk: Vec<Record> = Vec::with_capacity(batch);
    let mut chunk_bytes = 0usize;
    let mut emit = |record: Record| -> Result<(), Stop> {
        let len = body_len(&record.body);
        chunk_bytes += len;
        bar.inc(len as u64 + 1);
        chunk.push(record);
        if chunk.len() >= batch || chunk_bytes >= CHUNK_BYTES {
            chunk_bytes = 0;
            run(std::mem::replace(&mut chunk, Vec::with_capacity(batch))).map_err(Stop::Sink)?;
        }
        Ok(())
    };
    read(&mut emit)?;
    if chunk.is_empty() {
        return Ok(());
    }
    run(chunk)
}

fn stopped() -> HostError {
    HostError::Answer("a worker stopped before the input was done".into())
}

fn body_len(body: &Body) -> usize {
    match body {
        Body::Json(t) | Body::Trade(t) => t.len(),
        Body::Row { cells, .. } => cells.as_slice().len(),
        Body::Rejected(_) => 0,
    }
}

/// Writes finished chunks in sequence order.
struct InOrder<'o, 'b, T> {
    next: u64,
    waiting: BTreeMap<u64, Vec<T>>,
    in_flight: usize,
    out: &'o mut dyn FnMut(T) -> Result<(), HostError>,
    bar: &'b indicatif::ProgressBar,
    done: u64,
    started: std::time::Instant,
}

impl<T> InOrder<'_, '_, T> {
    fn take(&mut self, (seq, result): Done<T>) -> Result<(), HostError> {
        self.waiting.insert(seq, result?);
        self.in_flight = self.in_flight.saturating_sub(1);
        while let Some(outcomes) = self.waiting.remove(&self.next) {
            self.done += outcomes.len() as u64;
            let rate = self.done as f64 / self.started.elapsed().as_secs_f64().max(0.001);
            self.bar.set_message(format!("{} records, {rate:.0}/s", self.done));
            for item in outcomes {
                (self.out)(item)?;
            }
            self.next += 1;
        }
        Ok(())
    }
}

fn work<T>(
    plan: &Plan<'_>,
    engine: &mut dyn Engine,
    extra: Map<String, Value>,
    render: &Render<'_, T>,
    jobs: &Mutex<Receiver<(u64, Vec<Record>)>>,
    done: &mpsc::Sender<Done<T>>,
) {
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((seq, records)) = job else { return };
        let result = process(plan, engine, &extra, records)
            .map(|outcomes| outcomes.into_iter().map(|(place, outcome)| render(place, outcome)).collect());
        if done.send((seq, result)).is_err() {
            return;
        }
    }
}

/// One chunk through the engine in batches. Export rows and trade objects go to the core
/// as they are, with where they come from (`"rows"`, `"trades"`) beside them, and the core
/// reads them into orders: so a chunk is cut into runs of records of one kind (a chunk
/// is nearly always one run: its records come from one file).
fn process(
    plan: &Plan<'_>,
    engine: &mut dyn Engine,
    extra: &Map<String, Value>,
    records: Vec<Record>,
) -> Result<Vec<(Place, Outcome)>, HostError> {
    let mut done = Vec::with_capacity(records.len());
    let mut run = Run { kind: Kind::Orders, places: Vec::new(), texts: Vec::new() };
    for record in records {
        let (kind, text) = match record.body {
            Body::Rejected(report) => (None, Err(Box::new(report))),
            Body::Row { .. } | Body::Trade(_) if !plan.orders => (
                None,
                Err(Box::new(ErrorReport::of(
                    Code::InputValue,
                    "decide reads cases (an order with a request); an export or a trade holds orders only: use lint or scan",
                ))),
            ),
            Body::Json(text) => (Some(Kind::Orders), Ok(text)),
            Body::Trade(text) => (Some(Kind::Trades), Ok(text)),
            Body::Row { table, cells } => {
                let text = table.record(&cells);
                (Some(Kind::Rows(table)), text)
            }
        };
        // A rejected record goes with whatever run is open: it is not sent.
        if let Some(kind) = kind {
            if !run.kind.same(&kind) {
                run.flush(plan, engine, extra, &mut done)?;
                run.kind = kind;
            }
        }
        run.places.push(record.place);
        run.texts.push(text);
    }
    run.flush(plan, engine, extra, &mut done)?;
    Ok(done)
}

/// What a run's records are.
enum Kind {
    /// kefu's own JSON (orders, or cases for decide).
    Orders,
    /// Rows of one export table.
    Rows(Arc<crate::source::Table>),
    /// Trade objects.
    Trades,
}

impl Kind {
    fn same(&self, other: &Kind) -> bool {
        match (self, other) {
            (Kind::Orders, Kind::Orders) | (Kind::Trades, Kind::Trades) => true,
            (Kind::Rows(a), Kind::Rows(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Records of one kind, waiting to go to the engine together.
struct Run {
    kind: Kind,
    places: Vec<Place>,
    texts: Vec<Result<String, Box<ErrorReport>>>,
}

impl Run {
    /// Sends the run's records with what they are beside them, and empties it.
    fn flush(
        &mut self,
        plan: &Plan<'_>,
        engine: &mut dyn Engine,
        extra: &Map<String, Value>,
        done: &mut Vec<(Place, Outcome)>,
    ) -> Result<(), HostError> {
        if self.places.is_empty() {
            return Ok(());
        }
        let with_source;
        let extra = match &self.kind {
            Kind::Orders => extra,
            Kind::Rows(table) => {
                with_source = with_field(extra, "rows", table.source.clone());
                &with_source
            }
            Kind::Trades => {
                with_source = with_field(extra, "trades", serde_json::json!({ "time_zone": plan.zone.to_string() }));
                &with_source
            }
        };
        let outcomes = batch::run_texts(&self.texts, engine, plan.operation, extra, plan.batch)?;
        done.extend(std::mem::take(&mut self.places).into_iter().zip(outcomes));
        self.texts.clear();
        Ok(())
    }
}

fn with_field(extra: &Map<String, Value>, key: &str, value: Value) -> Map<String, Value> {
    let mut fields = extra.clone();
    fields.insert(key.into(), value);
    fields
}

/// A bar on stderr when it is a terminal: records done and their rate; with the
/// inputs' size known, how far reading is and an ETA (positions count record bytes,
/// close to file bytes for CSV and JSON).
fn progress_bar(wanted: bool, total: Option<u64>) -> indicatif::ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(total) => (
            indicatif::ProgressBar::new(total),
            "{spinner} [{bar:30}] {binary_bytes}/{binary_total_bytes}  {msg}  eta {eta}",
        ),
        None => (indicatif::ProgressBar::new_spinner(), "{spinner} {binary_bytes} read  {msg}  {elapsed}"),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
