//! xlsx workbooks, read with `zip` and `quick-xml`, bounded by what is decoded.
//!
//! A spreadsheet library hands cells over as `f64`, which drops digits of a 19-digit
//! order id, and gives no hold on what a small zip may unpack to. This reader takes each
//! number from the sheet's own text, so an id stays byte for byte, and bounds every
//! step: the workbook's size, the bytes unpacked from each part and in all, the length
//! of any text or tag (Excel's own cells stop at 32,767 characters), the shared-string
//! table, the column index (Excel's last column is XFD, 16,384) and each row's size
//! while it is read. A bomb is one clean error for the file; a bad cell costs its row.
//!
//! The workbook is copied to an unnamed temporary file first (a zip's directory is at
//! its end), so memory holds only what is decoded, whatever the file's size.

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek, Write};
use std::rc::Rc;

use chrono::{NaiveDate, TimeDelta};
use kefu_core::api::{Code, ErrorReport};
use quick_xml::events::{BytesEnd, BytesRef, BytesStart, Event};

use super::{over_max_record, Limits, Place, Row, SourceNote, Stop};

/// The largest workbook read (the file itself).
pub const MAX_WORKBOOK: u64 = 1 << 30;
/// The most bytes unpacked from one workbook, all parts together.
pub const MAX_UNPACKED: u64 = 4 << 30;
/// The most bytes unpacked from a small part (workbook, relationships, styles).
const MAX_SMALL_PART: u64 = 16 << 20;
/// The shared-string table's text, and its number of strings.
pub const MAX_SHARED_TEXT: usize = 256 << 20;
/// The number of shared strings.
pub const MAX_SHARED_STRINGS: usize = 8 << 20;
/// Excel's last column, XFD.
pub const MAX_COLUMNS: usize = 16_384;
/// Excel's last row.
pub const MAX_ROWS: usize = 1_048_576;
/// The longest text or tag read whole is `--max-record` bytes, but never less than this.
const MIN_RUN: usize = 64 << 10;

/// Reads the rows of a workbook's first sheet.
pub(super) fn rows(
    name: &str,
    reader: impl Read,
    limits: &Limits,
    note: &mut SourceNote,
    on: &mut dyn FnMut(Row) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let cap = limits.max_input.unwrap_or(u64::MAX).min(MAX_WORKBOOK);
    let mut file = tempfile::tempfile().map_err(Stop::Read)?;
    let copied = std::io::copy(&mut reader.take(cap.saturating_add(1)), &mut file).map_err(Stop::Read)?;
    if copied > cap {
        return Err(bad(format!("the workbook is larger than {cap} bytes (--max-input, at most 1 GiB)")));
    }
    file.flush().map_err(Stop::Read)?;
    file.rewind().map_err(Stop::Read)?;
    let mut book = Book::open(file, limits.max_record.max(MIN_RUN))?;
    let sheet = book.first_sheet()?;
    let styles = book.date_styles()?;
    let shared = book.shared_strings()?;
    let dates = DateSystem { date1904: book.date1904, styles };
    let entry =
        book.entry(&sheet, MAX_UNPACKED)?.ok_or_else(|| bad(format!("its first sheet ({sheet}) is missing")))?;
    let mut sheet = SheetReader { xml: xml(entry), shared: &shared, dates: &dates, max_record: limits.max_record };
    sheet.read(name, note, on).map_err(|e| match e {
        SheetError::Stop(s) => s,
        SheetError::Xml(e) => bad(format!("its first sheet cannot be read: {e}")),
    })?;
    Ok(())
}

fn bad(why: String) -> Stop {
    Stop::Read(std::io::Error::other(format!("not a readable xlsx workbook: {why}")))
}

type Xml<R> = quick_xml::Reader<BufReader<R>>;

fn xml<R: Read>(inner: R) -> Xml<R> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, inner));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.expand_empty_elements = true;
    reader
}

/// The zip, and how much may still be unpacked from it.
struct Book {
    zip: zip::ZipArchive<std::fs::File>,
    /// Bytes that may still be unpacked (all parts).
    left: Rc<std::cell::Cell<u64>>,
    run: usize,
    date1904: bool,
    /// Part paths by relationship type (`sharedStrings`, `styles`), and the first sheet.
    parts: HashMap<String, String>,
}

impl Book {
    fn open(file: std::fs::File, run: usize) -> Result<Book, Stop> {
        let zip = zip::ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
        let left = Rc::new(std::cell::Cell::new(MAX_UNPACKED));
        Ok(Book { zip, left, run, date1904: false, parts: HashMap::new() })
    }

    /// A part, unpacked at most `cap` bytes (and what is left of the whole), its texts
    /// and tags at most `run` bytes each; `None` when the workbook has no such part.
    fn entry(&mut self, path: &str, cap: u64) -> Result<Option<Bounded<zip::read::ZipFile<'_, std::fs::File>>>, Stop> {
        let found =
            self.zip.file_names().filter_map(Result::ok).find(|n| n.eq_ignore_ascii_case(path)).map(|n| n.into_owned());
        let Some(found) = found else { return Ok(None) };
        let file = self.zip.by_name(&found).map_err(|e| bad(format!("{path}: {e}")))?;
        Ok(Some(Bounded {
            inner: file,
            part: path.to_owned(),
            part_left: cap,
            total_left: Rc::clone(&self.left),
            run: 0,
            max_run: self.run,
        }))
    }

    fn small(&mut self, path: &str) -> Result<Option<Vec<u8>>, Stop> {
        let Some(mut entry) = self.entry(path, MAX_SMALL_PART)? else { return Ok(None) };
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|e| bad(e.to_string()))?;
        Ok(Some(bytes))
    }

    /// The path of the workbook's first sheet, and the other parts' paths.
    fn first_sheet(&mut self) -> Result<String, Stop> {
        let workbook = self.small("xl/workbook.xml")?.ok_or_else(|| bad("it has no xl/workbook.xml".into()))?;
        let mut first: Option<String> = None;
        each_element(&workbook, |e| match e.local_name().as_ref() {
            "sheet" if first.is_none() => {
                first = Some(attr(e, "id").unwrap_or_default());
            }
            "workbookPr" => {
                self.date1904 = matches!(attr(e, "date1904").as_deref(), Some("1" | "true"));
            }
            _ => {}
        })?;
        let id = first.ok_or_else(|| bad("it has no sheet".into()))?;
        if let Some(rels) = self.small("xl/_rels/workbook.xml.rels")? {
            let mut parts = HashMap::new();
            each_element(&rels, |e| {
                if e.local_name().as_ref() != "Relationship" {
                    return;
                }
                let (Some(rid), Some(kind), Some(target)) = (attr(e, "Id"), attr(e, "Type"), attr(e, "Target")) else {
                    return;
                };
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("xl/{target}"),
                };
                let kind = kind.rsplit('/').next().unwrap_or_default().to_owned();
                parts.entry(kind).or_insert_with(|| path.clone());
                if rid == id {
                    parts.insert("first sheet".to_owned(), path);
                }
            })?;
            self.parts = parts;
        }
        Ok(self.parts.get("first sheet").cloned().unwrap_or_else(|| "xl/worksheets/sheet1.xml".to_owned()))
    }

    fn part(&self, kind: &str, default: &str) -> String {
        self.parts.get(kind).cloned().unwrap_or_else(|| default.to_owned())
    }

    /// For each cell style (`s`), whether it shows a number as a date.
    fn date_styles(&mut self) -> Result<Vec<bool>, Stop> {
        let path = self.part("styles", "xl/styles.xml");
        let Some(styles) = self.small(&path)? else { return Ok(Vec::new()) };
        let mut custom: HashMap<String, bool> = HashMap::new();
        let mut xfs = Vec::new();
        let mut in_cell_xfs = false;
        let mut reader = quick_xml::Reader::from_reader(styles.as_slice());
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf).map_err(|e| bad(format!("{path}: {e}")))? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "numFmt" => {
                        if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                            custom.insert(id, is_date_format(&code));
                        }
                    }
                    "cellXfs" => in_cell_xfs = true,
                    "xf" if in_cell_xfs => {
                        if xfs.len() >= 1 << 20 {
                            return Err(bad(format!("{path} has more than a million cell styles")));
                        }
                        let id = attr(&e, "numFmtId").unwrap_or_default();
                        let date = custom.get(&id).copied().unwrap_or_else(|| is_date_format_id(&id));
                        xfs.push(date);
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(xfs)
    }

    fn shared_strings(&mut self) -> Result<Shared, Stop> {
        let path = self.part("sharedStrings", "xl/sharedStrings.xml");
        let mut shared = Shared::default();
        let run = self.run;
        let Some(entry) = self.entry(&path, MAX_UNPACKED)? else { return Ok(shared) };
        let mut reader = xml(entry);
        let mut buf = Vec::new();
        let (mut in_si, mut in_t, mut phonetic) = (false, false, 0usize);
        // The string being read; no longer than a text may be (`run`).
        let mut current = String::new();
        let err = |e: String| bad(format!("{path}: {e}"));
        let add = |current: &mut String, text: &str| {
            if current.len() + text.len() > run {
                return Err(err(format!(
                    "a shared string is longer than {run} bytes (an Excel cell holds at most 32,767 characters)"
                )));
            }
            current.push_str(text);
            Ok(())
        };
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf).map_err(|e| err(e.to_string()))? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "si" => {
                        in_si = true;
                        current.clear();
                    }
                    "rPh" => phonetic += 1,
                    "t" => in_t = in_si && phonetic == 0,
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "si" => {
                        in_si = false;
                        shared.keep(&current).map_err(err)?;
                    }
                    "rPh" => phonetic = phonetic.saturating_sub(1),
                    "t" => in_t = false,
                    _ => {}
                },
                Event::Text(t) if in_t => add(&mut current, &t.xml10_content())?,
                Event::CData(t) if in_t => add(&mut current, &t.xml10_content())?,
                Event::GeneralRef(r) if in_t => {
                    let mut text = String::new();
                    entity(&r, &mut text);
                    add(&mut current, &text)?;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(shared)
    }
}

/// Calls `f` on every start or empty element of a small part.
fn each_element(bytes: &[u8], mut f: impl FnMut(&BytesStart<'_>)) -> Result<(), Stop> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(|e| bad(e.to_string()))? {
            Event::Start(e) | Event::Empty(e) => f(&e),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// An attribute by its local name (`r:id` is `id`), unescaped.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_else(|_| a.value.clone().into_owned())
    })
}

/// `&amp;`, `&#x4E2D;` and the like, inside a text.
fn entity(r: &BytesRef<'_>, out: &mut String) {
    let name: &str = r;
    match name {
        "amp" => out.push('&'),
        "lt" => out.push('<'),
        "gt" => out.push('>'),
        "quot" => out.push('"'),
        "apos" => out.push('\''),
        _ => match r.resolve_char_ref() {
            Ok(Some(c)) => out.push(c),
            _ => {
                out.push('&');
                out.push_str(name);
                out.push(';');
            }
        },
    }
}

/// The shared strings, kept in blocks of fixed size that never grow (a table that
/// grew by doubling would hold up to twice its text while it is read), each string a
/// span of one block.
#[derive(Default)]
struct Shared {
    blocks: Vec<String>,
    spans: Vec<(u32, u32, u32)>,
    bytes: usize,
}

/// The size of one block of shared strings.
const BLOCK: usize = 4 << 20;

impl Shared {
    fn keep(&mut self, text: &str) -> Result<(), String> {
        if self.spans.len() >= MAX_SHARED_STRINGS {
            return Err(format!("more than {MAX_SHARED_STRINGS} shared strings"));
        }
        self.bytes += text.len();
        if self.bytes > MAX_SHARED_TEXT {
            return Err(format!("the shared strings hold more than {MAX_SHARED_TEXT} bytes of text"));
        }
        let fits = self.blocks.last().is_some_and(|b| b.capacity() - b.len() >= text.len());
        if !fits {
            self.blocks.push(String::with_capacity(BLOCK.max(text.len())));
        }
        let block = self.blocks.len() - 1;
        let Some(last) = self.blocks.last_mut() else { return Err("no block".into()) };
        let start = last.len();
        last.push_str(text);
        let span = (u32::try_from(block), u32::try_from(start), u32::try_from(last.len()));
        let (Ok(b), Ok(s), Ok(e)) = span else { return Err("the shared strings are too long".into()) };
        self.spans.push((b, s, e));
        Ok(())
    }

    fn get(&self, index: &str) -> Option<&str> {
        let i: usize = index.trim().parse().ok()?;
        let (block, start, end) = *self.spans.get(i)?;
        self.blocks.get(block as usize)?.get(start as usize..end as usize)
    }
}

/// A part's bytes as they are unpacked, bounded: in this part, in all, and in the
/// length of any one text or tag (a run of bytes without `<` or `>`).
struct Bounded<R> {
    inner: R,
    part: String,
    part_left: u64,
    total_left: Rc<std::cell::Cell<u64>>,
    run: usize,
    max_run: usize,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.total_left.get();
        if n as u64 > self.part_left || n as u64 > total {
            return Err(std::io::Error::other(format!(
                "{} unpacks to more than kefu reads from a workbook ({} bytes for this part, {MAX_UNPACKED} in all): a zip bomb?",
                self.part,
                self.part_left.min(total)
            )));
        }
        self.part_left -= n as u64;
        self.total_left.set(total - n as u64);
        let chunk = buf.get(..n).unwrap_or_default();
        self.run = match memchr::memrchr2(b'<', b'>', chunk) {
            Some(at) => n - at - 1,
            None => self.run + n,
        };
        if self.run > self.max_run {
            return Err(std::io::Error::other(format!(
                "{} holds a text or tag of more than {} bytes (an Excel cell holds at most 32,767 characters)",
                self.part, self.max_run
            )));
        }
        Ok(n)
    }
}

/// How numbers with a date style become text.
struct DateSystem {
    date1904: bool,
    styles: Vec<bool>,
}

enum SheetError {
    Stop(Stop),
    Xml(quick_xml::Error),
}

impl From<quick_xml::Error> for SheetError {
    fn from(e: quick_xml::Error) -> Self {
        SheetError::Xml(e)
    }
}

impl From<Stop> for SheetError {
    fn from(s: Stop) -> Self {
        SheetError::Stop(s)
    }
}

/// One `<c>` while it is read.
#[derive(Default)]
struct Cell {
    column: Option<usize>,
    reference: String,
    kind: String,
    style: Option<usize>,
    value: String,
    /// Inside `<v>` or `<is><t>` (not `<f>`, not phonetic runs).
    in_value: bool,
    phonetic: usize,
}

struct SheetReader<'a, R> {
    xml: Xml<R>,
    shared: &'a Shared,
    dates: &'a DateSystem,
    max_record: usize,
}

/// One `<row>` while it is read.
struct RowState {
    number: usize,
    values: Vec<String>,
    size: usize,
    next_column: usize,
    error: Option<String>,
}

/// Where the sheet's reading stands: the row and the cell open, and the rows so far.
#[derive(Default)]
struct Reading {
    row: Option<RowState>,
    cell: Option<Cell>,
    /// The number of the last row opened (a `<row>` without `r` is the next one).
    last_row: usize,
    header_seen: bool,
    /// The next record's index.
    index: usize,
}

impl Reading {
    /// A row, a cell, a value or a phonetic run opens.
    fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "row" => {
                let number = attr(e, "r").and_then(|r| r.trim().parse().ok()).unwrap_or(self.last_row + 1);
                self.last_row = number;
                let error = (number == 0 || number > MAX_ROWS)
                    .then(|| format!("row number {number} is outside a sheet (1-{MAX_ROWS})"));
                self.row = Some(RowState { number, values: Vec::new(), size: 0, next_column: 0, error });
            }
            "c" => {
                let reference = attr(e, "r").unwrap_or_default();
                let next = self.row.as_ref().map_or(0, |r| r.next_column);
                let column = if reference.is_empty() { Some(next) } else { column_of(&reference) };
                self.cell = Some(Cell {
                    column,
                    reference,
                    kind: attr(e, "t").unwrap_or_default(),
                    style: attr(e, "s").and_then(|s| s.trim().parse().ok()),
                    ..Cell::default()
                });
            }
            "v" | "t" => {
                if let Some(c) = self.cell.as_mut() {
                    c.in_value = c.phonetic == 0;
                }
            }
            "rPh" => {
                if let Some(c) = self.cell.as_mut() {
                    c.phonetic += 1;
                }
            }
            _ => {}
        }
    }
}

impl<R: Read> SheetReader<'_, R> {
    fn read(
        &mut self,
        name: &str,
        note: &mut SourceNote,
        on: &mut dyn FnMut(Row) -> Result<(), Stop>,
    ) -> Result<(), SheetError> {
        let mut buf = Vec::new();
        let mut at = Reading::default();
        loop {
            buf.clear();
            match self.xml.read_event_into(&mut buf)? {
                Event::Start(e) => at.start(&e),
                Event::Text(t) => self.take_text(&mut at.cell, at.row.as_mut(), &t.xml10_content()),
                Event::CData(t) => self.take_text(&mut at.cell, at.row.as_mut(), &t.xml10_content()),
                Event::GeneralRef(r) => {
                    let mut text = String::new();
                    entity(&r, &mut text);
                    self.take_text(&mut at.cell, at.row.as_mut(), &text);
                }
                Event::End(e) => self.end(&e, &mut at, name, note, on)?,
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some(r) = at.row.take() {
            self.emit(name, r, note, &mut at.header_seen, &mut at.index, on)?;
        }
        Ok(())
    }

    /// A value or phonetic run closes; a cell is kept; a row is handed on.
    fn end(
        &self,
        e: &BytesEnd<'_>,
        at: &mut Reading,
        name: &str,
        note: &mut SourceNote,
        on: &mut dyn FnMut(Row) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        match e.local_name().as_ref() {
            "v" | "t" => {
                if let Some(c) = at.cell.as_mut() {
                    c.in_value = false;
                }
            }
            "rPh" => {
                if let Some(c) = at.cell.as_mut() {
                    c.phonetic = c.phonetic.saturating_sub(1);
                }
            }
            "c" => {
                if let (Some(c), Some(r)) = (at.cell.take(), at.row.as_mut()) {
                    self.finish_cell(c, r);
                }
            }
            "row" => {
                if let Some(r) = at.row.take() {
                    self.emit(name, r, note, &mut at.header_seen, &mut at.index, on)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn take_text(&self, cell: &mut Option<Cell>, row: Option<&mut RowState>, text: &str) {
        let (Some(c), Some(r)) = (cell.as_mut(), row) else { return };
        if !c.in_value {
            return;
        }
        r.size += text.len();
        if r.size > self.max_record {
            // Counted, not kept: the row is rejected whole at its end.
            c.value.clear();
            return;
        }
        c.value.push_str(text);
    }

    fn finish_cell(&self, c: Cell, r: &mut RowState) {
        let Some(column) = c.column.filter(|col| *col < MAX_COLUMNS) else {
            r.error.get_or_insert_with(|| format!("cell `{}` is beyond the last column (XFD)", c.reference));
            return;
        };
        r.next_column = column + 1;
        if r.size > self.max_record || r.error.is_some() {
            return;
        }
        match self.text(&c) {
            Ok(text) => {
                if r.values.len() <= column {
                    r.values.resize(column + 1, String::new());
                }
                if let Some(slot) = r.values.get_mut(column) {
                    *slot = text;
                }
            }
            Err(why) => r.error = Some(format!("cell {}: {why}", cell_name(&c.reference, column, r.number))),
        }
    }

    /// A cell as the text an export means: numbers from the sheet's own digits, dates
    /// as `YYYY-MM-DD HH:MM:SS` in the shop's wall time.
    fn text(&self, c: &Cell) -> Result<String, String> {
        let value = c.value.as_str();
        match c.kind.as_str() {
            "s" => self
                .shared
                .get(value)
                .map(str::to_owned)
                .ok_or_else(|| format!("shared string {value} is not in the workbook's table")),
            "b" => Ok(if value.trim() == "1" { "true" } else { "false" }.to_owned()),
            "str" | "inlineStr" | "e" | "d" => Ok(value.to_owned()),
            _ if value.trim().is_empty() => Ok(String::new()),
            _ => {
                let is_date = c.style.and_then(|s| self.dates.styles.get(s)).copied().unwrap_or(false);
                if is_date {
                    excel_date(value, self.dates.date1904)
                } else {
                    Ok(number_text(value))
                }
            }
        }
    }

    fn emit(
        &self,
        name: &str,
        r: RowState,
        note: &mut SourceNote,
        header_seen: &mut bool,
        index: &mut usize,
        on: &mut dyn FnMut(Row) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        note.lines += 1;
        let place = |index| Place { source: name.to_owned(), index, line: r.number };
        let over = r.size > self.max_record;
        if r.error.is_none() && !over && r.values.iter().all(|c| c.trim().is_empty()) {
            note.blank_lines += 1;
            return Ok(());
        }
        if !*header_seen {
            *header_seen = true;
            note.header_lines += 1;
            if let Some(e) = r.error {
                return Err(bad(format!("its header row ({}) cannot be read: {e}", r.number)));
            }
            return on(Row::Header(csv::StringRecord::from(r.values), place(0)));
        }
        note.record_lines += 1;
        let row = if over {
            Row::Bad(over_max_record("the row", r.size as u64, self.max_record), place(*index))
        } else if let Some(e) = r.error {
            Row::Bad(
                ErrorReport::of(Code::ExportCell, format!("{e}; the row is skipped, the rest go on")),
                place(*index),
            )
        } else {
            Row::Data(csv::StringRecord::from(r.values), place(*index))
        };
        *index += 1;
        on(row)
    }
}

/// `B12` → column 1 (0-based); `None` past XFD or for a reference that is not one.
fn column_of(reference: &str) -> Option<usize> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic);
    let mut column = 0usize;
    let mut count = 0;
    for b in letters {
        count += 1;
        if count > 3 {
            return None;
        }
        column = column * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    (count > 0 && column <= MAX_COLUMNS).then(|| column - 1)
}

fn cell_name(reference: &str, column: usize, row: usize) -> String {
    if !reference.is_empty() {
        return reference.to_owned();
    }
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8_lossy(&letters))
}

/// A number cell's text: integers as written (an id keeps every digit); decimals
/// without trailing zeros; exponents expanded where the value is exact. A huge number
/// in exponent form (`4.128000014235679E+18`) is kept as written: it is not exact, and
/// an id column refuses it rather than read a rounded id.
fn number_text(raw: &str) -> String {
    let t = raw.trim();
    let digits = t.strip_prefix('-').or_else(|| t.strip_prefix('+')).unwrap_or(t);
    let sign = if t.starts_with('-') { "-" } else { "" };
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{sign}{digits}");
    }
    if let Some((whole, fraction)) = digits.split_once('.') {
        let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !whole.is_empty() && plain(whole) && plain(fraction) {
            let fraction = fraction.trim_end_matches('0');
            return if fraction.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{fraction}") };
        }
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() && f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => format!("{}", f as i64),
        Ok(f) if f.is_finite() && f.fract() != 0.0 => f.to_string(),
        _ => t.to_owned(),
    }
}

/// A date cell (a day count since 1899-12-30, or 1904-01-01) as wall time; a value no
/// date can have (negative, past 9999-12-31, not a number) is the row's error.
fn excel_date(raw: &str, date1904: bool) -> Result<String, String> {
    let not_a_date = || format!("`{raw}` is in a date column but is no date Excel can show");
    let value: f64 = raw.trim().parse().map_err(|_| not_a_date())?;
    // 2,958,466 is 10000-01-01, one past Excel's last day.
    if !value.is_finite() || !(0.0..2_958_466.0).contains(&value) {
        return Err(not_a_date());
    }
    // The 1900 system counts a 1900-02-29 that never was: serials before it are a day
    // further from 1899-12-30 than their count says.
    let days = if date1904 { value + 1462.0 } else { value };
    let days = if days >= 60.0 { days } else { days + 1.0 };
    let ms = (days * 86_400_000.0).round() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.and_hms_opt(0, 0, 0)).ok_or_else(not_a_date)?;
    let at = TimeDelta::try_milliseconds(ms).and_then(|d| epoch.checked_add_signed(d)).ok_or_else(not_a_date)?;
    Ok(at.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// Built-in number formats that show a date or a time of day (ECMA-376 18.8.30, and the
/// East Asian ones, which Chinese Excel uses for 年月日).
fn is_date_format_id(id: &str) -> bool {
    matches!(id.trim().parse::<u32>(), Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58))
}

/// Whether a custom format code shows a date: a `y`, `m`, `d`, `h` or `s` outside
/// quotes, brackets and escapes, in its first section. (`[h]:mm` durations are not
/// dates; `m` alone reads as month either way.) After calamine's
/// `detect_custom_number_format`.
fn is_date_format(code: &str) -> bool {
    let (mut escaped, mut quoted, mut bracket) = (false, false, false);
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' | '_' | '*' => escaped = true,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '[' => bracket = true,
            ']' => bracket = false,
            ';' => return false,
            _ if bracket => {}
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

/// Test support: a workbook from a first sheet's rows, each a list of cells as raw
/// `<c>` markup (`<c r="A1" t="inlineStr"><is><t>x</t></is></c>`), with `styles` and
/// `shared` parts when given. Used here and by the fuzz corpus test.
#[cfg(test)]
pub(crate) fn workbook(sheet_rows: &str, styles: Option<&str>, shared: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |path: &str, text: &str| {
        zip.start_file(path, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    put(
        "xl/workbook.xml",
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    put(
        "xl/_rels/workbook.xml.rels",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    put("xl/worksheets/sheet1.xml", &format!("<worksheet><sheetData>{sheet_rows}</sheetData></worksheet>"));
    if let Some(s) = styles {
        put("xl/styles.xml", s);
    }
    if let Some(s) = shared {
        put("xl/sharedStrings.xml", s);
    }
    zip.finish().unwrap().into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATE_STYLES: &str = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>"#;

    fn read_book(bytes: &[u8], max_record: usize) -> Result<(Vec<String>, SourceNote), String> {
        let mut out = Vec::new();
        let mut note = SourceNote::default();
        let limits = Limits { max_record, max_input: None };
        rows("t", bytes, &limits, &mut note, &mut |row| {
            out.push(match row {
                Row::Header(c, p) => format!("{} header {}", p.line, c.iter().collect::<Vec<_>>().join("|")),
                Row::Data(c, p) => format!("{} row {}", p.line, c.iter().collect::<Vec<_>>().join("|")),
                Row::Bad(e, p) => format!("{} bad {} {}", p.line, e.code, e.message),
            });
            Ok(())
        })
        .map_err(|s| match s {
            Stop::Read(e) => e.to_string(),
            Stop::Sink(e) => e.to_string(),
        })?;
        Ok((out, note))
    }

    fn inline(r: &str, text: &str) -> String {
        format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    #[test]
    fn numeric_ids_keep_every_digit() {
        let rows = format!(
            r#"<row r="1">{}</row><row r="2"><c r="A2"><v>4128000014235678901</v></c></row><row r="3"><c r="A3"><v>9007199254740993</v></c></row><row r="4"><c r="A4"><v>12.50</v></c></row><row r="5"><c r="A5"><v>4.1280000142356797E+18</v></c></row>"#,
            inline("A1", "订单编号")
        );
        let (out, _) = read_book(&workbook(&rows, None, None), 1 << 20).unwrap();
        assert_eq!(
            out,
            vec![
                "1 header 订单编号",
                "2 row 4128000014235678901",
                "3 row 9007199254740993",
                "4 row 12.5",
                "5 row 4.1280000142356797E+18"
            ]
        );
    }

    #[test]
    fn bad_dates_cost_their_row_not_the_run() {
        let mut rows = format!(r#"<row r="1">{}{}</row>"#, inline("A1", "id"), inline("B1", "time"));
        for (i, v) in ["46351.5", "-1e12", "-inf", "NaN", "3e6", "46351.25"].iter().enumerate() {
            let r = i + 2;
            rows.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" s="1"><v>{v}</v></c></row>"#));
        }
        let (out, note) = read_book(&workbook(&rows, Some(DATE_STYLES), None), 1 << 20).unwrap();
        assert_eq!(out[1], "2 row 2|2026-11-25 12:00:00");
        for line in &out[2..6] {
            assert!(line.contains("bad KEFU-EXPORT-CELL"), "{line}");
        }
        assert_eq!(out[6], "7 row 7|2026-11-25 06:00:00");
        assert_eq!((note.lines, note.header_lines, note.record_lines), (7, 1, 6));
    }

    #[test]
    fn a_cell_beyond_xfd_is_its_row_s_error_not_an_allocation() {
        let rows = format!(
            r#"<row r="1">{}</row><row r="2"><c r="ZZZZZZ2"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>"#,
            inline("A1", "id")
        );
        let (out, _) = read_book(&workbook(&rows, None, None), 1 << 20).unwrap();
        assert!(out[1].starts_with("2 bad KEFU-EXPORT-CELL"), "{out:?}");
        assert_eq!(out[2], "3 row 3");
        assert_eq!(column_of("XFD"), Some(16_383));
        assert_eq!(column_of("XFE"), None);
    }

    #[test]
    fn a_huge_cell_is_refused_while_it_is_read() {
        let big = "x".repeat(200_000);
        let rows = format!(r#"<row r="1">{}</row><row r="2">{}</row>"#, inline("A1", "id"), inline("A2", &big));
        let err = read_book(&workbook(&rows, None, None), 1000).unwrap_err();
        assert!(err.contains("text or tag of more than"), "{err}");
        // Under the run cap but over --max-record: the row alone.
        let rows = format!(
            r#"<row r="1">{}</row><row r="2">{}</row><row r="3">{}</row>"#,
            inline("A1", "id"),
            inline("A2", &"y".repeat(5000)),
            inline("A3", "ok")
        );
        let (out, _) = read_book(&workbook(&rows, None, None), 1000).unwrap();
        assert!(out[1].starts_with("2 bad KEFU-INPUT-TOO-LARGE"), "{out:?}");
        assert_eq!(out[2], "3 row ok");
    }

    #[test]
    fn shared_strings_rich_text_and_entities() {
        let shared = r#"<sst><si><t>订单编号</t></si><si><r><t>a &amp; </t></r><r><t>b</t></r><rPh><t>ignored</t></rPh></si></sst>"#;
        let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row><row r="3"><c r="A3" t="s"><v>7</v></c></row>"#;
        let (out, _) = read_book(&workbook(rows, None, Some(shared)), 1 << 20).unwrap();
        assert_eq!(out[0], "1 header 订单编号");
        assert_eq!(out[1], "2 row a & b");
        assert!(out[2].starts_with("3 bad KEFU-EXPORT-CELL"));
    }

    #[test]
    fn cells_out_of_order_land_in_their_columns() {
        let rows = format!(
            r#"<row r="1">{}{}</row><row r="2"><c r="B2"><v>2</v></c><c r="A2"><v>1</v></c></row>"#,
            inline("A1", "a"),
            inline("B1", "b")
        );
        let (out, _) = read_book(&workbook(&rows, None, None), 1 << 20).unwrap();
        assert_eq!(out[1], "2 row 1|2");
    }

    #[test]
    fn formats_that_show_dates() {
        assert!(is_date_format("yyyy-mm-dd hh:mm:ss"));
        assert!(is_date_format("yyyy\"年\"m\"月\"d\"日\""));
        assert!(!is_date_format("0.00"));
        assert!(!is_date_format("\"date\" 0"));
        assert!(!is_date_format("[Red]0.00"));
        assert!(is_date_format_id("14") && is_date_format_id("58") && !is_date_format_id("49"));
    }
}
