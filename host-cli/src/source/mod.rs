//! Reading inputs as a stream of records: files, directories and stdin; kefu's own JSON
//! (array, NDJSON, pretty objects), the marketplace's exports (CSV in GBK or UTF-8,
//! xlsx) and the open platform's trade JSON. Nothing here knows a rule: export rows are
//! handed on as cells with their resolved columns, and the core maps them
//! (`kefu_core::api`'s readers). A source is read once, front to back, and never held whole
//! (xlsx excepted: a zip needs its directory), so memory does not grow with the input.

pub mod chat;
mod csv;
pub mod grid;
mod json;
mod table;
mod xlsx;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::FixedOffset;
use kefu_core::api::Mapping;
use kefu_core::api::{Code, ErrorReport};

use crate::error::HostError;
pub use table::{ItemIndex, Table};

/// What a row reader (CSV or xlsx) hands on to the table.
pub(super) enum Row {
    Header(::csv::StringRecord, Place),
    Data(::csv::StringRecord, Place),
    Bad(ErrorReport, Place),
}

/// What reading one source saw, for the summary: enough to prove that no row was lost.
/// For a table, every physical line (a sheet's every row) is the header, blank, or part
/// of a record, and each record is then linted (decided, scanned) or rejected:
/// `lines = header_lines + blank_lines + record_lines`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SourceNote {
    /// File path, or `-` for stdin.
    pub source: String,
    /// How it was read: `json`, `trade`, `csv`, `xlsx`.
    pub format: String,
    /// A CSV's encoding as read (`utf-8`, `gb18030`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Physical lines of a CSV, rows of a sheet (0 for JSON).
    pub lines: usize,
    /// Of those, the header's.
    pub header_lines: usize,
    /// Of those, empty ones, skipped.
    pub blank_lines: usize,
    /// Of those, the records' (a quoted cell with line breaks makes one record of
    /// several lines).
    pub record_lines: usize,
    /// Records handed on: each is read by the core or rejected.
    pub records: usize,
    /// What the reader had to decide, in words (an encoding switched midway).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The notes of every source read so far, in order (shared by the reading thread and
/// whoever writes the summary).
pub type SourceNotes = Arc<std::sync::Mutex<Vec<SourceNote>>>;

/// Where a record came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// File path, or `-` for stdin.
    pub source: String,
    /// 0-based index of the record in its source.
    pub index: usize,
    /// 1-based line where the record starts (for a spreadsheet, its row number).
    pub line: usize,
}

impl Place {
    /// The start of an NDJSON line about this record, `{"kind":…,"source":…,"index":…,
    /// "line":…,` (the fields in the order serde writes `Place` after a `kind`), for
    /// lines whose rest is the core's own text, copied as it is.
    pub fn ndjson_head(&self, kind: &str) -> std::io::Result<Vec<u8>> {
        use std::io::Write;
        let mut head = Vec::with_capacity(self.source.len() + 64);
        head.extend_from_slice(b"{\"kind\":");
        serde_json::to_writer(&mut head, kind)?;
        head.extend_from_slice(b",\"source\":");
        serde_json::to_writer(&mut head, &self.source)?;
        write!(head, ",\"index\":{},\"line\":{},", self.index, self.line)?;
        Ok(head)
    }
}

/// What a record holds, before the core reads it.
#[derive(Debug)]
pub enum Body {
    /// kefu's own JSON: an order (lint, scan) or a case (decide).
    Json(String),
    /// A trade object of the open platform.
    Trade(String),
    /// A row of an export, with the columns it is read through.
    Row {
        /// The file's resolved columns (and the item report to join, if any).
        table: Arc<Table>,
        /// The row's cells, in file order (one buffer, not a string per cell).
        cells: ::csv::StringRecord,
    },
    /// Rejected before the core saw it, with the reason.
    Rejected(ErrorReport),
}

/// One record and its place.
#[derive(Debug)]
pub struct Record {
    /// Where.
    pub place: Place,
    /// What.
    pub body: Body,
}

/// Why reading stopped: the source failed (it costs the rest of that source, which is
/// reported as one rejected record), or whatever consumes the records failed (which
/// ends the run).
#[derive(Debug)]
pub enum Stop {
    /// Reading the source failed.
    Read(std::io::Error),
    /// The consumer failed.
    Sink(HostError),
}

impl From<HostError> for Stop {
    fn from(e: HostError) -> Self {
        Stop::Sink(e)
    }
}

/// Where records go, one at a time, in input order.
pub type Emit<'a> = &'a mut dyn FnMut(Record) -> Result<(), Stop>;

/// A source's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// kefu's JSON: an array, NDJSON, or pretty-printed objects.
    Json,
    /// An export as CSV (GBK/GB18030 or UTF-8, with or without BOM).
    Csv,
    /// An export as an Excel workbook (first sheet).
    Xlsx,
    /// The open platform's trade objects (a list, one per line, or an API page).
    Trade,
}

/// How a CSV is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// Detect: a BOM or valid UTF-8 means UTF-8, anything else GB18030.
    Auto,
    /// UTF-8.
    Utf8,
    /// GBK, read as GB18030 (its superset).
    Gbk,
}

/// Caps on what one record and one source may cost.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Bytes in one record; a larger record is rejected alone.
    pub max_record: usize,
    /// Bytes read from one source; the rest of an endless stdin is not read.
    pub max_input: Option<u64>,
}

impl Limits {
    fn check_record(&self, len: usize) -> Result<(), Box<ErrorReport>> {
        if len > self.max_record {
            return Err(Box::new(self.too_large(len)));
        }
        Ok(())
    }

    fn too_large(&self, len: usize) -> ErrorReport {
        over_max_record("the record", len as u64, self.max_record)
    }
}

/// Why `what` (a record, a line, a row, an order with its joined lines) of `len` bytes
/// is rejected alone: over `--max-record`, `max`.
pub(crate) fn over_max_record(what: &str, len: u64, max: usize) -> ErrorReport {
    ErrorReport::of(
        Code::InputTooLarge,
        format!("{what} is {len} bytes, over --max-record {max}; it is skipped, the rest go on"),
    )
    .over_limit(max as u64, len.saturating_sub(max as u64), "bytes")
}

/// Everything that shapes reading.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Force a format instead of detecting it from the content.
    pub format: Option<InputFormat>,
    /// How CSV bytes are decoded.
    pub encoding: Encoding,
    /// The mapping for export rows (default: the built-in order report mapping).
    pub mapping: Mapping,
    /// The shop's time zone: export times carry no offset.
    pub zone: FixedOffset,
    /// The item report, joined on the order id.
    pub items: Option<Arc<ItemIndex>>,
    /// Caps.
    pub limits: Limits,
    /// What each source read was, filled as they are read.
    pub notes: SourceNotes,
}

impl ReadOptions {
    /// Keeps a source's note for the summary.
    fn keep(&self, note: SourceNote) {
        self.notes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(note);
    }
}

/// A file to read, or one found in a directory that is not to be read, with why.
pub type Input = Result<PathBuf, (PathBuf, String)>;

/// Extensions a directory is searched for.
pub const READABLE: &[&str] = &["json", "ndjson", "jsonl", "csv", "xlsx"];

/// Expands directories into their readable files, sorted by name. Inside a directory,
/// an entry that is not a regular file (a FIFO, a socket, a link to nothing) is never
/// opened, where reading could block for ever; it comes back as `Err` with the reason.
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, HostError> {
    expand_inputs_of(paths, READABLE)
}

/// [`expand_inputs`], a directory searched for files with these extensions (`kefu qa`
/// reads text copied from the workbench too).
pub fn expand_inputs_of(paths: &[PathBuf], readable: &[&str]) -> Result<Vec<Input>, HostError> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(Ok(path.clone()));
            continue;
        }
        let entries =
            std::fs::read_dir(path).map_err(|e| HostError::Io { path: path.display().to_string(), source: e })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| readable.contains(&x)))
            .collect();
        found.sort();
        out.extend(found.into_iter().map(|p| match std::fs::metadata(&p) {
            Ok(m) if m.is_file() => Ok(p),
            Ok(m) if m.is_dir() => Err((p, "is a directory inside a directory; name it to read it".to_owned())),
            Ok(_) => Err((p, "is not a regular file (a FIFO or a device?); name it on its own to read it".to_owned())),
            Err(e) => Err((p, format!("cannot be read ({e}); a link to nothing?"))),
        }));
    }
    Ok(out)
}

/// [`expand_inputs`], keeping only the readable files.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, HostError> {
    Ok(expand_inputs(paths)?.into_iter().filter_map(Result::ok).collect())
}

/// Reads an item report (CSV or xlsx) into an index by order id, with `mapping`
/// (default: the built-in item report mapping).
pub fn read_items(
    path: &Path,
    stdin: &mut dyn Read,
    options: &ReadOptions,
    mapping: &Mapping,
) -> Result<ItemIndex, HostError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| HostError::Io { path: name.clone(), source: e };
    let read = |reader: &mut dyn Read| -> Result<ItemIndex, Stop> {
        let capped = Capped { inner: reader, left: options.limits.max_input };
        let mut reader = BufReader::with_capacity(1 << 16, capped);
        let head = reader.fill_buf().map_err(Stop::Read)?.to_vec();
        table::item_index(&name, reader, &head, options, mapping)
    };
    let result = if path == Path::new("-") {
        read(stdin)
    } else {
        let mut file = std::fs::File::open(path).map_err(io)?;
        read(&mut file)
    };
    result.map_err(|s| match s {
        Stop::Read(e) => io(e),
        Stop::Sink(e) => e,
    })
}

/// Reads a whole file, or stdin for `-` (policies, single inputs: small by nature).
pub fn read_source(path: &Path, stdin: &mut dyn Read) -> Result<Vec<u8>, HostError> {
    let mut buf = Vec::new();
    let result = if path == Path::new("-") {
        stdin.read_to_end(&mut buf).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf)).map(|_| ())
    };
    result.map_err(|e| HostError::Io { path: path.display().to_string(), source: e })?;
    Ok(buf)
}

/// Reads every path (directories expanded; `-` or nothing is stdin) and emits its
/// records in order. A source that cannot be opened or fails midway costs one rejected
/// record; only a failure of `emit` ends the run.
pub fn read_inputs(
    paths: &[PathBuf],
    stdin: &mut dyn Read,
    options: &ReadOptions,
    emit: Emit<'_>,
) -> Result<(), HostError> {
    let paths = if paths.is_empty() { vec![PathBuf::from("-")] } else { paths.to_vec() };
    for input in expand_inputs(&paths)? {
        let (path, failure) = match input {
            Ok(path) => (path, None),
            Err((path, why)) => {
                let report = ErrorReport::of(Code::Io, format!("{} {why}", path.display()));
                (path, Some(report))
            }
        };
        let name = path.display().to_string();
        let at_start = |body| Record { place: Place { source: name.clone(), index: 0, line: 0 }, body };
        if let Some(report) = failure {
            stop_to_host(emit(at_start(Body::Rejected(report))))?;
            options.keep(SourceNote {
                source: name.clone(),
                format: "unread".into(),
                records: 1,
                ..Default::default()
            });
            continue;
        }
        let mut note = SourceNote { source: name.clone(), ..SourceNote::default() };
        let result = if path == Path::new("-") {
            read_one(&name, &mut *stdin, options, &mut note, emit)
        } else {
            match std::fs::File::open(&path) {
                Ok(file) => read_one(&name, file, options, &mut note, emit),
                Err(e) => Err(Stop::Read(e)),
            }
        };
        if matches!(result, Err(Stop::Read(_))) {
            note.records += 1;
        }
        options.keep(note);
        match result {
            Ok(()) => {}
            Err(Stop::Sink(e)) => return Err(e),
            Err(Stop::Read(e)) => {
                let report = ErrorReport::of(Code::Io, format!("cannot read {name} (the rest of it is skipped): {e}"));
                stop_to_host(emit(at_start(Body::Rejected(report))))?;
            }
        }
    }
    Ok(())
}

fn stop_to_host(r: Result<(), Stop>) -> Result<(), HostError> {
    r.map_err(|s| match s {
        Stop::Sink(e) => e,
        Stop::Read(e) => HostError::Io { path: "-".into(), source: e },
    })
}

/// Bounds a source at `--max-input` bytes: past it, reading fails, which costs only the
/// rest of this source.
struct Capped<R> {
    inner: R,
    left: Option<u64>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some(left) = self.left else { return self.inner.read(buf) };
        if left == 0 {
            // Only an error if there is more to read.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other("the source is larger than --max-input; the rest is not read")),
            };
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.inner.read(buf.get_mut(..want).unwrap_or_default())?;
        self.left = Some(left - n as u64);
        Ok(n)
    }
}

/// Reads one source (a file, stdin, or bytes for the fuzz targets) and emits its records,
/// noting in `note` what it saw.
pub(crate) fn read_one(
    name: &str,
    reader: impl Read,
    options: &ReadOptions,
    note: &mut SourceNote,
    emit: Emit<'_>,
) -> Result<(), Stop> {
    let capped = Capped { inner: reader, left: options.limits.max_input };
    let mut reader = BufReader::with_capacity(1 << 16, capped);
    let head = reader.fill_buf().map_err(Stop::Read)?.to_vec();
    let by_name = Path::new(name).extension().and_then(|e| e.to_str()).and_then(|e| match e {
        "json" | "ndjson" | "jsonl" => Some(InputFormat::Json),
        _ => None,
    });
    let format = options.format.or(by_name).unwrap_or_else(|| detect(&head));
    let limits = &options.limits;
    let mut records = 0usize;
    let mut counted = |record: Record| {
        records += 1;
        emit(record)
    };
    let result = match format {
        InputFormat::Xlsx | InputFormat::Csv => table::orders(name, reader, &head, options, note, &mut counted),
        InputFormat::Json | InputFormat::Trade => {
            let kind = if format == InputFormat::Trade || looks_like_trades(&head) {
                json::Kind::Trade
            } else {
                json::Kind::Kefu
            };
            note.format = if kind == json::Kind::Trade { "trade" } else { "json" }.to_owned();
            let bom = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
            reader.consume(bom);
            let first = head.iter().skip(bom).position(|b| !b.is_ascii_whitespace()).map(|i| i + bom);
            // A page expanded into its trades takes the indexes after it: the records
            // after it move on by as many.
            let mut shift = 0usize;
            let mut emit_trades = |record: Record| emit_expanded(record, kind, &mut shift, &mut counted);
            match first.and_then(|i| head.get(i)) {
                None => Ok(()),
                Some(b'[') => json::array(name, reader, kind, limits, &mut emit_trades),
                Some(b'{') if !first_line_complete(&head) => json::values(name, reader, kind, limits, &mut emit_trades),
                Some(_) => json::lines(name, reader, kind, limits, &mut emit_trades),
            }
        }
    };
    note.records = records;
    result
}

/// The format from the first bytes: a zip is a workbook; JSON starts with `[` or `{`
/// (after a BOM and blanks); anything else is a CSV.
pub fn detect(head: &[u8]) -> InputFormat {
    if head.starts_with(b"PK\x03\x04") {
        return InputFormat::Xlsx;
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        None | Some(b'[' | b'{') => InputFormat::Json,
        // NDJSON whose first line is broken: most lines still open an object.
        Some(_) => {
            let lines: Vec<&[u8]> =
                body.split(|b| *b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).take(50).collect();
            let objects = lines.iter().filter(|l| l.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')).count();
            if lines.len() > 1 && objects * 2 > lines.len() {
                InputFormat::Json
            } else {
                InputFormat::Csv
            }
        }
    }
}

/// Trade objects name their id `tid`; kefu's orders `order_id`. The first one seen
/// in the first 64 KiB decides.
fn looks_like_trades(head: &[u8]) -> bool {
    let find = |needle: &[u8]| memchr::memmem::find(head, needle);
    match (find(b"\"tid\""), find(b"\"order_id\"")) {
        (Some(t), Some(o)) => t < o,
        (Some(_), None) => true,
        _ => find(b"trades_sold_get_response").is_some() || find(b"trade_fullinfo_get_response").is_some(),
    }
}

/// Whether the first non-blank line is a whole JSON value (NDJSON) rather than the
/// start of a pretty-printed one.
fn first_line_complete(head: &[u8]) -> bool {
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let line = body.split(|b| *b == b'\n').find(|l| !l.iter().all(u8::is_ascii_whitespace)).unwrap_or_default();
    match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
        Ok(_) => true,
        // Incomplete: a pretty object continues on the next lines. Any other error is a
        // bad first line, which NDJSON rejects alone.
        Err(e) => !e.is_eof(),
    }
}

/// An API page (`{"trades_sold_get_response": {"trades": {"trade": [...]}}}`) holds
/// trades: each becomes a record of its own, at the page's line, with the next indexes.
/// Each trade is handed on as the page's own text, so a duplicate key inside it is
/// refused by the core exactly as on a trade of its own line; a page whose wrapper
/// repeats a key is rejected whole.
fn emit_expanded(mut record: Record, kind: json::Kind, shift: &mut usize, emit: Emit<'_>) -> Result<(), Stop> {
    record.place.index += *shift;
    let Body::Trade(text) = &record.body else { return emit(record) };
    if kind != json::Kind::Trade || text.contains("\"tid\"") && !text.contains("\"trade\"") {
        return emit(record);
    }
    let trades = match trades_in(text) {
        Page::Other => return emit(record),
        Page::Broken(why) => {
            let report = ErrorReport::of(Code::InputJson, format!("the API page cannot be read: {why}"));
            return emit(Record { place: record.place, body: Body::Rejected(report) });
        }
        Page::Trades(trades) => trades,
    };
    *shift += trades.len().saturating_sub(1);
    for (i, trade) in trades.into_iter().enumerate() {
        let place = Place { index: record.place.index + i, ..record.place.clone() };
        emit(Record { place, body: Body::Trade(trade) })?;
    }
    Ok(())
}

/// What a trade record turned out to be.
enum Page {
    /// Not a page: a trade, or something the core judges.
    Other,
    /// A page that cannot be read as one.
    Broken(String),
    /// A page's trades, each its own text.
    Trades(Vec<String>),
}

/// An object's members in order, duplicates kept (serde_json's maps keep the last).
struct Members<'a>(Vec<(String, &'a serde_json::value::RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Members<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Members<'a>, M::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, &'de serde_json::value::RawValue>()? {
                    out.push((k, v));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

impl<'a> Members<'a> {
    fn of(raw: &'a str) -> Option<Members<'a>> {
        serde_json::from_str(raw).ok()
    }

    /// The member named `key`; an error when it is there twice.
    fn get(&self, key: &str) -> Result<Option<&'a serde_json::value::RawValue>, String> {
        let mut found = self.0.iter().filter(|(k, _)| k == key);
        match (found.next(), found.next()) {
            (Some(_), Some(_)) => Err(format!("the key `{key}` appears twice")),
            (first, _) => Ok(first.map(|(_, v)| *v)),
        }
    }
}

/// The trades inside an API response, as their own texts, if `text` is one.
fn trades_in(text: &str) -> Page {
    let Some(page) = Members::of(text) else { return Page::Other };
    if page.0.iter().any(|(k, _)| k == "tid") {
        return Page::Other;
    }
    // A response is an object of one member; anything else is left to the core.
    let (1, Some((_, response))) = (page.0.len(), page.0.first()) else { return Page::Other };
    let Some(inner) = Members::of(response.get()) else { return Page::Other };
    let list = (|| -> Result<Option<&serde_json::value::RawValue>, String> {
        if let Some(trades) = inner.get("trades")? {
            if let Some(members) = Members::of(trades.get()) {
                if let Some(trade) = members.get("trade")? {
                    return Ok(Some(trade));
                }
            }
            return Ok(Some(trades));
        }
        inner.get("trade")
    })();
    let list = match list {
        Ok(Some(list)) => list,
        Ok(None) => return Page::Other,
        Err(why) => return Page::Broken(why),
    };
    let text = list.get().trim_start();
    if text.starts_with('{') {
        return Page::Trades(vec![list.get().to_owned()]);
    }
    match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(list.get()) {
        Ok(trades) => Page::Trades(trades.into_iter().map(|t| t.get().to_owned()).collect()),
        Err(_) => Page::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ReadOptions {
        ReadOptions {
            format: None,
            encoding: Encoding::Auto,
            mapping: Mapping::built_in("taobao-orders").unwrap_or_else(|| unreachable!()),
            zone: FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| unreachable!()),
            items: None,
            limits: Limits { max_record: 1 << 20, max_input: None },
            notes: SourceNotes::default(),
        }
    }

    fn read(bytes: &[u8], options: &ReadOptions) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        let mut emit = |r: Record| {
            let what = match r.body {
                Body::Json(t) => format!("json {t}"),
                Body::Trade(t) => format!("trade {t}"),
                Body::Row { cells, .. } => format!("row {}", cells.iter().collect::<Vec<_>>().join("|")),
                Body::Rejected(e) => format!("rejected {}", e.code),
            };
            out.push((r.place.index, r.place.line, what));
            Ok(())
        };
        read_one("t", bytes, options, &mut SourceNote::default(), &mut emit).unwrap_or_else(|_| unreachable!());
        out
    }

    #[test]
    fn arrays_give_indices_and_lines_in_one_pass() {
        let recs = read(b"[\n {\"a\":1},\n {\"b\":\n 2}\n]", &options());
        assert_eq!(recs, vec![(0, 2, "json {\"a\":1}".to_owned()), (1, 3, "json {\"b\":\n 2}".to_owned())]);
    }

    #[test]
    fn a_bom_is_not_a_record() {
        let recs = read(b"\xEF\xBB\xBF[{\"a\":1}]", &options());
        assert_eq!(recs, vec![(0, 1, "json {\"a\":1}".to_owned())]);
    }

    #[test]
    fn a_broken_pretty_array_is_one_error_at_the_real_line() {
        // A missing comma breaks the structure: one error, at its line.
        let recs = read(b"[\n {\"a\":1},\n {\"b\":2}\n {\"c\":3}\n]", &options());
        assert_eq!(recs.len(), 3, "{recs:?}");
        assert_eq!(recs[2], (2, 4, "rejected KEFU-INPUT-JSON".to_owned()));
        // A bad element is that element's problem (the core rejects it); the rest go on.
        let recs = read(b"[\n {\"a\":1},\n {\"b\" 2},\n {\"c\":3}\n]", &options());
        let lines: Vec<_> = recs.iter().map(|r| (r.0, r.1)).collect();
        assert_eq!(lines, vec![(0, 2), (1, 3), (2, 4)]);
        // The input ends inside the array.
        let recs = read(b"[{\"a\":1},\n{\"b\":", &options());
        assert_eq!(recs.last().unwrap(), &(1, 2, "rejected KEFU-INPUT-JSON".to_owned()));
    }

    #[test]
    fn array_elements_keep_strings_with_brackets_and_scalars() {
        let recs = read(b"[{\"a\":\"]}\\\"[\"}, 12 ,true,\"x\"]", &options());
        let what: Vec<_> = recs.iter().map(|r| r.2.as_str()).collect();
        assert_eq!(what, vec!["json {\"a\":\"]}\\\"[\"}", "json 12", "json true", "json \"x\""]);
        assert!(read(b"[]", &options()).is_empty());
        let small = Limits { max_record: 8, max_input: None };
        let recs = read(b"[{\"a\":\"0123456789\"},{}]", &ReadOptions { limits: small, ..options() });
        assert_eq!(
            recs.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
            vec!["rejected KEFU-INPUT-TOO-LARGE", "json {}"]
        );
    }

    #[test]
    fn ndjson_skips_blank_lines_and_keeps_bad_ones() {
        let recs = read(b"{\"a\":1}\n\n not json\n\xff\n", &options());
        let places: Vec<_> = recs.iter().map(|r| (r.0, r.1, r.2.starts_with("json"))).collect();
        assert_eq!(places, vec![(0, 1, true), (1, 3, true), (2, 4, false)]);
    }

    #[test]
    fn pretty_objects_are_one_record_each() {
        let recs = read(b"{\n \"a\": 1\n}\n{\n \"b\": 2\n}\n", &options());
        assert_eq!(recs.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(), vec![(0, 1), (1, 4)]);
    }

    #[test]
    fn an_oversized_line_is_rejected_alone() {
        let mut o = options();
        o.limits.max_record = 10;
        let recs = read(b"{\"a\":1}\n{\"b\":\"0123456789\"}\n{\"c\":1}\n", &o);
        let what: Vec<_> = recs.iter().map(|r| r.2.as_str()).collect();
        assert_eq!(what, vec!["json {\"a\":1}", "rejected KEFU-INPUT-TOO-LARGE", "json {\"c\":1}"]);
    }

    #[test]
    fn max_input_stops_one_source() {
        let mut o = options();
        o.limits.max_input = Some(9);
        let mut emitted = 0;
        let result = read_one("t", &b"{\"a\":1}\n{\"b\":2}\n"[..], &o, &mut SourceNote::default(), &mut |_| {
            emitted += 1;
            Ok(())
        });
        assert!(matches!(result, Err(Stop::Read(_))));
        assert_eq!(emitted, 1);
    }

    #[test]
    fn trades_are_told_from_orders_and_pages_are_opened() {
        let page =
            br#"{"trades_sold_get_response": {"total_results": 2, "trades": {"trade": [{"tid": 1}, {"tid": 2}]}}}"#;
        let recs = read(page, &options());
        assert_eq!(
            recs.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
            vec!["trade {\"tid\": 1}", "trade {\"tid\": 2}"],
            "each trade is the page's own text"
        );
        assert_eq!(recs.iter().map(|r| r.0).collect::<Vec<_>>(), vec![0, 1]);
        let lines = read(b"{\"tid\": 1, \"status\": \"x\"}\n", &options());
        assert!(lines[0].2.starts_with("trade"));
        assert!(read(b"{\"order_id\": \"1\"}\n", &options())[0].2.starts_with("json"));
    }

    #[test]
    fn formats_are_detected_from_content() {
        assert_eq!(detect(b"PK\x03\x04..."), InputFormat::Xlsx);
        assert_eq!(detect(b"\xEF\xBB\xBF  [..."), InputFormat::Json);
        assert_eq!(detect("订单编号,订单状态".as_bytes()), InputFormat::Csv);
        assert_eq!(detect(b"\xB6\xA9\xB5\xA5"), InputFormat::Csv);
        assert_eq!(detect(b"not json\n{\"a\":1}\n{\"a\":2}\n"), InputFormat::Json);
    }
}
