//! What `lint`, `decide` and `scan` share: their inputs (any format, streamed), the
//! workers, and what the summary says about the input itself.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::FixedOffset;
use kefu_core::api::{Code, ErrorReport, Mapping};
use serde::Serialize;
use serde_json::Value;

use crate::cli::InputArgs;
use crate::engine::Engine;
use crate::error::HostError;
use crate::pipeline::{self, Plan, Prepare, Render};
use crate::select::EngineChoice;
use crate::source::{self, Body, Limits, Place, ReadOptions, Record};

/// What the summary says about the input: the zone export times were read in, the
/// mappings used. The same for any `--jobs`.
#[derive(Serialize, Clone, Debug)]
pub struct InputNote {
    /// The offset assumed for times written without one (exports).
    pub time_zone: String,
    /// The mapping export rows were read with.
    pub mapping: String,
    /// The item report joined, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// Each source as it was read: its lines (or sheet rows) and records, so that a
    /// reader of the summary can see that every line is accounted for.
    pub sources: Vec<source::SourceNote>,
}

/// A run's reading set up: options, the note for the summary, the item report's
/// rejected rows (reported like any rejected record, before the orders).
pub struct Inputs {
    /// How sources are read.
    pub options: ReadOptions,
    /// For the summary.
    pub note: InputNote,
    /// Item rows that could not be read.
    pub item_rejects: Vec<(Place, kefu_core::api::ErrorReport)>,
}

/// Reads `--time-zone` (`+08:00`, `-05:30`, `Z`).
pub fn zone(text: &str) -> Result<FixedOffset, HostError> {
    kefu_core::api::time_zone(text).map_err(|m| HostError::Usage(format!("--time-zone {m}")))
}

/// A mapping by built-in name, or from a TOML or JSON file.
pub fn mapping(spec: &str) -> Result<Mapping, HostError> {
    if let Some(m) = Mapping::built_in(spec) {
        return Ok(m);
    }
    let path = Path::new(spec);
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => HostError::Usage(format!(
            "mapping `{spec}` is neither a file nor a built-in ({})",
            Mapping::BUILT_IN.join(", ")
        )),
        _ => HostError::Io { path: spec.to_owned(), source: e },
    })?;
    // The file is named in the message; the path is the field at fault inside it when
    // the core names one (`ship_within_hours`, `statuses.交易成功`), else the file.
    let refused = |report: ErrorReport| {
        let report = match report.path {
            Some(_) => report,
            None => report.at(spec),
        };
        HostError::Core(serde_json::to_value(report).unwrap_or(Value::Null))
    };
    // The core's report kept, its message saying which file.
    let in_file =
        |r: Box<ErrorReport>| refused(ErrorReport { message: format!("the mapping {spec}: {}", r.message), ..*r });
    let mapping: Mapping = if path.extension().is_some_and(|e| e == "toml") {
        let why = |e: toml::de::Error| ErrorReport::of(Code::Mapping, format!("the mapping {spec} is not valid: {e}"));
        toml::from_str(&text).map_err(|e| refused(why(e)))?
    } else {
        Mapping::from_json(&text).map_err(in_file)?
    };
    mapping.check().map_err(in_file)?;
    Ok(mapping)
}

/// Sets reading up from the arguments; reads the item report when one is given.
pub fn inputs(args: &InputArgs, stdin: &mut dyn Read) -> Result<Inputs, HostError> {
    let zone = zone(&args.time_zone)?;
    let mapping = mapping(&args.mapping)?;
    let limits =
        Limits { max_record: usize::try_from(args.max_record).unwrap_or(usize::MAX), max_input: args.max_input };
    let mut options = ReadOptions {
        format: args.input_format,
        encoding: args.encoding,
        mapping: mapping.clone(),
        zone,
        items: None,
        limits,
        notes: source::SourceNotes::default(),
    };
    let mut item_rejects = Vec::new();
    if let Some(path) = &args.items {
        let items_mapping = self::mapping(&args.items_mapping)?;
        let mut index = source::read_items(path, stdin, &options, &items_mapping)?;
        item_rejects = std::mem::take(&mut index.rejected);
        options.items = Some(Arc::new(index));
    }
    let note = InputNote {
        time_zone: zone.to_string(),
        mapping: mapping.name.clone(),
        items: args.items.as_ref().map(|p| p.display().to_string()),
        sources: Vec::new(),
    };
    Ok(Inputs { options, note, item_rejects })
}

impl Inputs {
    /// The note for the summary, with every source read so far.
    pub fn note(&self) -> InputNote {
        let sources = self.options.notes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        InputNote { sources, ..self.note.clone() }
    }
}

/// How many workers: `--jobs`, else one per core.
pub fn jobs(args: &InputArgs) -> usize {
    args.jobs.map_or_else(|| std::thread::available_parallelism().map_or(1, usize::from), |j| j as usize)
}

/// The inputs' total size when every one is a regular file (for the progress bar).
fn total_bytes(paths: &[PathBuf]) -> Option<u64> {
    if paths.is_empty() {
        return None;
    }
    let inputs = source::expand_inputs(paths).ok()?;
    inputs.iter().try_fold(0u64, |sum, i| {
        let path = i.as_ref().ok()?;
        let meta = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?;
        Some(sum + meta.len())
    })
}

/// One streamed run: every record of `paths`, through `operation` on `jobs` workers,
/// each outcome handed to `out` in input order.
#[allow(clippy::too_many_arguments, reason = "the run's parts, each named at the call")]
pub fn run<T: Send>(
    paths: &[PathBuf],
    args: &InputArgs,
    inputs: &Inputs,
    operation: &str,
    batch: u32,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    prepare: &Prepare<'_>,
    stdin: &mut dyn Read,
    render: &Render<'_, T>,
    out: &mut dyn FnMut(T) -> Result<(), HostError>,
) -> Result<(), HostError> {
    let plan = Plan {
        operation,
        batch: batch as usize,
        jobs: jobs(args),
        choice,
        prepare,
        orders: operation != "decide",
        zone: inputs.options.zone,
        progress: !args.quiet,
        total_bytes: total_bytes(paths),
    };
    let rejects = inputs.item_rejects.clone();
    let mut read = |emit: source::Emit<'_>| -> Result<(), HostError> {
        for (place, report) in rejects.iter().cloned() {
            emit(Record { place, body: Body::Rejected(report) }).map_err(sink)?;
        }
        source::read_inputs(paths, stdin, &inputs.options, emit)
    };
    pipeline::run(&plan, engine, &mut read, render, out)
}

fn sink(stop: source::Stop) -> HostError {
    match stop {
        source::Stop::Sink(e) => e,
        source::Stop::Read(e) => HostError::Io { path: "-".into(), source: e },
    }
}
