//! CSV exports, read one physical line at a time.
//!
//! A row of an export is one line, except where a quoted cell (a remark, a buyer's
//! message) holds line breaks. The `csv` crate alone follows an opening quote to the end
//! of the file, so one stray `"` in a remark used to swallow every row after it, exit 0.
//! Here the lines are framed first: a row that opens a quote may take more lines, but at
//! most [`MAX_LINES_PER_ROW`] and `--max-record` bytes, and it must end with as many cells
//! as the header. A row that does not is rejected at the line where it starts, naming
//! the line where its quote opened, and reading goes on at the next line, so the rows
//! around a stray quote are still read. `csv_core` then splits each framed row into cells.
//!
//! Lines are decoded one by one, which is what lets the encoding be decided on the whole
//! file: a file that looks like UTF-8 in its first 64 KiB but turns to GBK later switches
//! (and says so in the summary) when nothing before was anything but ASCII; a line that
//! decodes in neither is rejected, never read with replacement characters kefu made.
//!
//! A line is never held past `--max-record` bytes: `kefu lint /dev/zero` rejects one
//! record after another in flat memory.

use std::collections::VecDeque;
use std::io::BufRead;

use kefu_core::api::{Code, ErrorReport};

use super::{over_max_record, Encoding, Limits, Place, Row, SourceNote, Stop};

/// A quoted cell may hold line breaks, but no real export cell holds more than this
/// many (a seller memo is at most a few hundred characters): a quote still open after
/// them is a stray one.
pub const MAX_LINES_PER_ROW: usize = 100;

/// Reads the rows of a CSV source.
pub(super) fn rows(
    name: &str,
    reader: impl BufRead,
    head: &[u8],
    encoding: Encoding,
    limits: &Limits,
    note: &mut SourceNote,
    on: &mut dyn FnMut(Row) -> Result<(), Stop>,
) -> Result<(), Stop> {
    refuse_binary(head)?;
    let mut framer = Framer::new(reader, head, encoding, limits.max_record);
    let mut tally = Tally { name, note, header: None, index: 0 };
    while let Some(framed) = framer.next(tally.header)? {
        tally.take(framed, on)?;
    }
    note_encoding(&framer.decoder, note);
    Ok(())
}

/// No export is binary: NUL bytes are a wrong file (or UTF-16, which no marketplace
/// export is), not a CSV to read one endless row of.
fn refuse_binary(head: &[u8]) -> Result<(), Stop> {
    if memchr::memchr(0, head).is_none() {
        return Ok(());
    }
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    Err(Stop::Read(std::io::Error::other(if utf16 {
        "it is UTF-16 text, which kefu does not read: save it as CSV (UTF-8) or pass the xlsx"
    } else {
        "it holds NUL bytes: a binary file, not a CSV export"
    })))
}

/// The encoding the file was read in, and where it switched, in the source's note.
fn note_encoding(decoder: &Decoder, note: &mut SourceNote) {
    note.encoding = Some(decoder.describe());
    if let Some(at) = decoder.switched_at {
        note.notes.push(format!(
            "lines 1-{} are ASCII and read as UTF-8; line {at} is not UTF-8, so the file is read as GBK (GB18030) from there on",
            at.saturating_sub(1)
        ));
    }
}

/// Framed rows as rows: the first is the header, the others numbered; every physical
/// line counted in the source's note.
struct Tally<'a> {
    name: &'a str,
    note: &'a mut SourceNote,
    /// The header's number of cells, once it is read.
    header: Option<usize>,
    /// The next record's index.
    index: usize,
}

impl Tally<'_> {
    fn place(&self, index: usize, line: usize) -> Place {
        Place { source: self.name.to_owned(), index, line }
    }

    fn take(&mut self, framed: Framed, on: &mut dyn FnMut(Row) -> Result<(), Stop>) -> Result<(), Stop> {
        match framed {
            Framed::Row { line, lines, cells, quoted } => self.row(line, lines, cells, quoted, on),
            Framed::Bad { line, report } => self.bad(line, report, on),
            Framed::Blank => {
                self.note.lines += 1;
                self.note.blank_lines += 1;
                Ok(())
            }
        }
    }

    fn row(
        &mut self,
        line: usize,
        lines: usize,
        cells: csv::StringRecord,
        quoted: bool,
        on: &mut dyn FnMut(Row) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        self.note.lines += lines;
        let Some(expected) = self.header else {
            self.note.header_lines += lines;
            self.header = Some(cells.len());
            return on(Row::Header(cells, self.place(0, line)));
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            self.note.blank_lines += lines;
            return Ok(());
        }
        self.note.record_lines += lines;
        let row = if cells.len() != expected && quoted {
            // A quote that paired with one further on the same line moved cells
            // into their neighbours: the row cannot be trusted.
            Row::Bad(shifted(cells.len(), expected, line), self.place(self.index, line))
        } else {
            Row::Data(cells, self.place(self.index, line))
        };
        self.index += 1;
        on(row)
    }

    fn bad(
        &mut self,
        line: usize,
        report: ErrorReport,
        on: &mut dyn FnMut(Row) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        self.note.lines += 1;
        if self.header.is_none() {
            return Err(Stop::Read(std::io::Error::other(format!(
                "the header (line {line}) cannot be read: {}",
                report.message
            ))));
        }
        self.note.record_lines += 1;
        let row = Row::Bad(report, self.place(self.index, line));
        self.index += 1;
        on(row)
    }
}

fn shifted(cells: usize, expected: usize, line: usize) -> ErrorReport {
    ErrorReport::of(
        Code::InputCsv,
        format!(
            "the row on line {line} has {cells} cells where the header has {expected}: a stray quote (\") \
             joined or split cells, so no cell of it can be trusted; the row is skipped, the rest go on"
        ),
    )
}

/// What the framer hands on.
enum Framed {
    /// A row: the line it starts on, how many physical lines it spans, its cells.
    Row { line: usize, lines: usize, cells: csv::StringRecord, quoted: bool },
    /// One line that cannot be a row (too long, not decodable, an unclosed quote).
    Bad { line: usize, report: ErrorReport },
    /// An empty line.
    Blank,
}

/// One physical line, decoded, or why it could not be.
enum Piece {
    Text { line: usize, text: String },
    Bad { line: usize, report: ErrorReport },
}

impl Piece {
    fn line(&self) -> usize {
        match self {
            Piece::Text { line, .. } | Piece::Bad { line, .. } => *line,
        }
    }
}

struct Framer<R> {
    lines: Lines<R>,
    decoder: Decoder,
    /// Lines read ahead by a row that turned out to be broken: read again as rows.
    pending: VecDeque<Piece>,
    splitter: Splitter,
    max_record: usize,
}

impl<R: BufRead> Framer<R> {
    fn new(reader: R, head: &[u8], encoding: Encoding, max_record: usize) -> Framer<R> {
        Framer {
            lines: Lines { inner: reader, next: 1, max: max_record, buf: Vec::new() },
            decoder: Decoder::new(encoding, head),
            pending: VecDeque::new(),
            splitter: Splitter::new(),
            max_record,
        }
    }

    fn piece(&mut self) -> Result<Option<Piece>, Stop> {
        if let Some(p) = self.pending.pop_front() {
            return Ok(Some(p));
        }
        Ok(match self.lines.next().map_err(Stop::Read)? {
            None => None,
            Some(Physical::Line { line }) => Some(match self.decoder.decode(line, &self.lines.buf) {
                Ok(text) => Piece::Text { line, text },
                Err(report) => Piece::Bad { line, report: *report },
            }),
            Some(Physical::TooLong { line, len }) => {
                Some(Piece::Bad { line, report: over_max_record(&format!("line {line}"), len, self.max_record) })
            }
        })
    }

    /// The next row: a line, and the lines its open quote takes, when it closes in time.
    fn next(&mut self, header: Option<usize>) -> Result<Option<Framed>, Stop> {
        let Some(first) = self.piece()? else { return Ok(None) };
        let (start, mut record) = match first {
            Piece::Bad { line, report } => return Ok(Some(Framed::Bad { line, report })),
            Piece::Text { line, text } => (line, text),
        };
        if body(&record).is_empty() {
            return Ok(Some(Framed::Blank));
        }
        let mut scan = Scan { state: Quote::CellStart, opened: start, loose: false };
        scan.feed(body(&record), start);
        let (taken, failure) = self.take_quoted(&mut record, &mut scan)?;
        let lines = taken.len() + 1;
        let cells = match failure {
            None => self.splitter.split(body(&record).as_bytes()),
            Some(_) => csv::StringRecord::new(),
        };
        let count_differs = header.is_some_and(|n| cells.len() != n);
        // A row of several lines must be well formed: the cells it would make otherwise
        // are a stray quote's doing more often than any export's.
        if failure.is_none() && !(lines > 1 && (count_differs || scan.loose)) {
            let quoted = memchr::memchr(b'"', record.as_bytes()).is_some();
            return Ok(Some(Framed::Row { line: start, lines, cells, quoted }));
        }
        let why = failure.unwrap_or_else(|| misshapen(&scan, lines, cells.len(), header));
        Ok(Some(self.unclosed(start, scan.opened, taken, &why)))
    }

    /// The lines a quote left open takes, added to `record` while the quote stays open,
    /// and why the row cannot end (`None` when the quote closed in time).
    fn take_quoted(&mut self, record: &mut String, scan: &mut Scan) -> Result<(Vec<Piece>, Option<String>), Stop> {
        let mut taken: Vec<Piece> = Vec::new();
        let mut failure: Option<String> = None;
        while scan.state == Quote::Quoted {
            if taken.len() + 1 >= MAX_LINES_PER_ROW {
                failure = Some(format!("within {MAX_LINES_PER_ROW} lines"));
                break;
            }
            let Some(next) = self.piece()? else {
                failure = Some("before the end of the file".to_owned());
                break;
            };
            match &next {
                Piece::Text { line, text } if record.len() + text.len() <= self.max_record => {
                    record.push_str(text);
                    scan.feed(body(text), *line);
                }
                Piece::Text { .. } => failure = Some(format!("within --max-record ({} bytes)", self.max_record)),
                Piece::Bad { line, .. } => failure = Some(format!("before line {line}, which cannot be read")),
            }
            taken.push(next);
            if failure.is_some() {
                break;
            }
        }
        Ok((taken, failure))
    }

    /// The quote opened on the first line never closed where a row could end (or it
    /// closed, but on a later row's quote, leaving a row of the wrong shape): only the
    /// first line is lost; the lines taken are read again as rows of their own.
    fn unclosed(&mut self, start: usize, opened: usize, taken: Vec<Piece>, why: &str) -> Framed {
        for piece in taken.into_iter().rev() {
            self.pending.push_front(piece);
        }
        let report = ErrorReport::of(
            Code::InputCsv,
            format!(
                "a quote (\") opened on line {opened} is not closed {why}; line {start} is skipped and reading goes on \
                 at line {}",
                start + 1
            ),
        );
        debug_assert!(self.pending.front().is_none_or(|p| p.line() == start + 1));
        Framed::Bad { line: start, report }
    }
}

/// Why a quote that closed still leaves no row: it closed inside a later line's text, or
/// the row it makes has not the header's cells.
fn misshapen(scan: &Scan, lines: usize, cells: usize, header: Option<usize>) -> String {
    if scan.loose {
        format!("where a cell ends (it closes inside a later line's text, {lines} lines on)")
    } else {
        format!(
            "where a row ends (it would take {lines} lines and {cells} cells, the header has {})",
            header.unwrap_or_default()
        )
    }
}

/// A line without its line break (`\n` or `\r\n`).
fn body(text: &str) -> &str {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.strip_suffix('\r').unwrap_or(text)
}

/// Where a CSV reader stands inside a row, as `csv_core` reads it (RFC 4180, with its
/// leniencies: a quote inside an unquoted cell is a character; text after a closing
/// quote goes on the cell).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Quote {
    CellStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted cell: the cell's end, or the first of `""`.
    Closing,
}

/// A row's quotes, line by line.
struct Scan {
    state: Quote,
    /// The line where the quote still open was opened.
    opened: usize,
    /// A quoted cell closed and text went on (`"a"b`): `csv_core` reads it, but no
    /// export writes it; a stray quote pairing with a later row's quote does.
    loose: bool,
}

impl Scan {
    /// Runs one line, without its break (a break inside a quoted cell is the cell's).
    fn feed(&mut self, text: &str, line: usize) {
        for b in text.bytes() {
            self.state = match (self.state, b) {
                (Quote::CellStart, b'"') => {
                    self.opened = line;
                    Quote::Quoted
                }
                (Quote::Quoted, b'"') => Quote::Closing,
                (Quote::Quoted, _) | (Quote::Closing, b'"') => Quote::Quoted,
                (_, b',') => Quote::CellStart,
                (Quote::Closing, _) => {
                    self.loose = true;
                    Quote::Unquoted
                }
                _ => Quote::Unquoted,
            };
        }
    }
}

/// Splits one framed row into cells with `csv_core` (one reader, reused).
struct Splitter {
    reader: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl Splitter {
    fn new() -> Splitter {
        // Only `\n` ends a row: the framer already cut rows at line breaks, and a lone
        // `\r` inside a cell must not end one here.
        let reader = csv_core::ReaderBuilder::new().terminator(csv_core::Terminator::Any(b'\n')).build();
        Splitter { reader, out: vec![0; 4096], ends: vec![0; 64] }
    }

    fn split(&mut self, row: &[u8]) -> csv::StringRecord {
        self.reader.reset();
        if self.out.len() < row.len() + 1 {
            self.out.resize(row.len() + 1, 0);
        }
        let (mut input, mut written, mut ended, mut at_end) = (row, 0usize, 0usize, false);
        loop {
            let out = self.out.get_mut(written..).unwrap_or_default();
            let ends = self.ends.get_mut(ended..).unwrap_or_default();
            let (result, read, nout, nend) = self.reader.read_record(input, out, ends);
            input = input.get(read..).unwrap_or_default();
            written += nout;
            ended += nend;
            match result {
                csv_core::ReadRecordResult::InputEmpty if at_end => break,
                // The end of the row's text is the end of the input: say so once.
                csv_core::ReadRecordResult::InputEmpty => at_end = input.is_empty(),
                csv_core::ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
            }
        }
        let bytes = self.out.get(..written).unwrap_or_default();
        let mut record = csv::StringRecord::with_capacity(written, ended);
        let mut start = 0;
        for end in self.ends.get(..ended).unwrap_or_default() {
            // Cells are cut at ASCII commas of valid UTF-8 text: still UTF-8.
            record.push_field(std::str::from_utf8(bytes.get(start..*end).unwrap_or_default()).unwrap_or_default());
            start = *end;
        }
        record
    }
}

/// Physical lines of a source, each at most `max` bytes held.
struct Lines<R> {
    inner: R,
    /// The number of the next line (1-based).
    next: usize,
    max: usize,
    /// The current line's bytes, its break included.
    buf: Vec<u8>,
}

enum Physical {
    /// A line, in `Lines::buf`.
    Line { line: usize },
    /// A line over the cap: read past, not held.
    TooLong { line: usize, len: u64 },
}

impl<R: BufRead> Lines<R> {
    fn next(&mut self) -> std::io::Result<Option<Physical>> {
        self.buf.clear();
        let line = self.next;
        let (mut len, mut over) = (0u64, false);
        loop {
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                if len == 0 {
                    return Ok(None);
                }
                break;
            }
            let (take, done) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            // Room for the cap and a `\r\n`; past it the line is counted, not held.
            if !over && self.buf.len() + take <= self.max + 2 {
                self.buf.extend_from_slice(available.get(..take).unwrap_or_default());
            } else {
                over = true;
                self.buf.clear();
            }
            len += take as u64;
            self.inner.consume(take);
            if done {
                break;
            }
        }
        self.next += 1;
        let line_break = match self.buf.as_slice() {
            [.., b'\r', b'\n'] => 2,
            [.., b'\n'] => 1,
            _ => 0,
        };
        if over || self.buf.len() - line_break > self.max {
            self.buf.clear();
            return Ok(Some(Physical::TooLong { line, len }));
        }
        Ok(Some(Physical::Line { line }))
    }
}

/// How lines become text: the encoding forced, or decided as the file goes.
struct Decoder {
    gbk: bool,
    /// UTF-8 was forced (`--encoding utf8`) or announced by a BOM: never switch.
    sure: bool,
    /// Some line so far held more than ASCII (read as the current encoding).
    non_ascii: bool,
    /// The line where an auto-detected UTF-8 file turned out to be GBK.
    switched_at: Option<usize>,
}

impl Decoder {
    fn new(encoding: Encoding, head: &[u8]) -> Decoder {
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        // A BOM says UTF-8 whatever was asked; auto-detection may still switch later.
        let (gbk, sure) = match encoding {
            _ if bom => (false, true),
            Encoding::Utf8 => (false, true),
            Encoding::Gbk => (true, true),
            Encoding::Auto => (!looks_utf8(head), false),
        };
        Decoder { gbk, sure, non_ascii: false, switched_at: None }
    }

    fn describe(&self) -> String {
        if self.gbk { "gb18030" } else { "utf-8" }.to_owned()
    }

    fn decode(&mut self, line: usize, bytes: &[u8]) -> Result<String, Box<ErrorReport>> {
        let bytes = if line == 1 { bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes) } else { bytes };
        let ascii = bytes.is_ascii();
        if self.gbk {
            let text = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes);
            self.non_ascii |= !ascii;
            return text.map(std::borrow::Cow::into_owned).ok_or_else(|| Box::new(undecodable(line, "GBK (GB18030)")));
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                self.non_ascii |= !ascii;
                Ok(text.to_owned())
            }
            Err(_) if !self.sure && !self.non_ascii => {
                match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                    Some(text) => {
                        // Everything before was ASCII, which reads the same in both.
                        self.gbk = true;
                        self.non_ascii = true;
                        self.switched_at = Some(line);
                        Ok(text.into_owned())
                    }
                    None => Err(Box::new(undecodable(line, "UTF-8 or GBK"))),
                }
            }
            Err(_) => Err(Box::new(undecodable(line, "UTF-8, as the lines before it"))),
        }
    }
}

fn undecodable(line: usize, what: &str) -> ErrorReport {
    ErrorReport::of(
        Code::InputEncoding,
        format!(
            "line {line} is not valid {what}; it is skipped rather than read with replacement characters (pass \
             --encoding to force one)"
        ),
    )
}

/// Whether the first bytes read as UTF-8: valid (a character cut at the end of the
/// sample still counts), or, when a line is broken, most lines with non-ASCII text valid.
fn looks_utf8(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => true,
        Err(_) => {
            let (mut valid, mut invalid) = (0usize, 0usize);
            for line in head.split(|b| *b == b'\n').filter(|l| !l.is_ascii()) {
                match std::str::from_utf8(line) {
                    Ok(_) => valid += 1,
                    Err(e) if e.error_len().is_none() => {}
                    Err(_) => invalid += 1,
                }
            }
            valid >= invalid
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    fn read_with(bytes: &[u8], encoding: Encoding, max_record: usize) -> (Vec<String>, SourceNote) {
        let mut out = Vec::new();
        let mut note = SourceNote::default();
        let limits = Limits { max_record, max_input: None };
        let head = bytes.get(..bytes.len().min(65536)).unwrap_or_default();
        rows("t", bytes, head, encoding, &limits, &mut note, &mut |row| {
            out.push(match row {
                Row::Header(c, p) => format!("{} header {}", p.line, c.iter().collect::<Vec<_>>().join("|")),
                Row::Data(c, p) => format!("{} row {}", p.line, c.iter().collect::<Vec<_>>().join("|")),
                Row::Bad(e, p) => format!("{} bad {}", p.line, e.code),
            });
            Ok(())
        })
        .unwrap();
        (out, note)
    }

    fn read(bytes: &[u8]) -> Vec<String> {
        read_with(bytes, Encoding::Auto, 1 << 20).0
    }

    #[test]
    fn a_stray_quote_costs_its_own_row_only() {
        let mut text = String::from("id,remark,total\n");
        for i in 1..=10 {
            let remark = if i == 3 { "\"oops" } else { "fine" };
            text.push_str(&format!("{i},{remark},1\n"));
        }
        let (out, note) = read_with(text.as_bytes(), Encoding::Auto, 1 << 20);
        let rows: Vec<_> = out.iter().filter(|l| l.contains(" row ")).collect();
        assert_eq!(rows.len(), 9, "{out:?}");
        assert!(out.contains(&"4 bad KEFU-INPUT-CSV".to_owned()), "{out:?}");
        assert_eq!(note.lines, 11);
        assert_eq!(note.lines, note.header_lines + note.blank_lines + note.record_lines);
    }

    #[test]
    fn a_stray_quote_that_pairs_with_a_later_row_s_quote_costs_one_row() {
        // The quote on line 3 would close at the `="` of line 5.
        let text = "id,remark,total\n=\"1\",a,1\n=\"2\",\"oops,1\n=\"3\",b,1\n=\"4\",c,1\n";
        let out = read(text.as_bytes());
        assert_eq!(
            out,
            vec![
                "1 header id|remark|total",
                "2 row =\"1\"|a|1",
                "3 bad KEFU-INPUT-CSV",
                "4 row =\"3\"|b|1",
                "5 row =\"4\"|c|1"
            ]
        );
    }

    #[test]
    fn quoted_line_breaks_are_one_row_at_the_line_it_starts() {
        let text = "id,remark,total\r\n1,\"two\r\nlines\",1\r\n2,x,1\r\n";
        let out = read(text.as_bytes());
        assert_eq!(out, vec!["1 header id|remark|total", "2 row 1|two\r\nlines|1", "4 row 2|x|1"]);
        let (_, note) = read_with(text.as_bytes(), Encoding::Auto, 1 << 20);
        assert_eq!((note.lines, note.record_lines), (4, 3));
    }

    #[test]
    fn a_row_without_an_end_is_rejected_while_it_is_read() {
        let mut text = b"id,remark\n1,a\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 10_000));
        text.extend(b"\n2,b\n");
        let (out, _) = read_with(&text, Encoding::Auto, 100);
        assert_eq!(out, vec!["1 header id|remark", "2 row 1|a", "3 bad KEFU-INPUT-TOO-LARGE", "4 row 2|b"]);
    }

    #[test]
    fn gbk_after_an_ascii_start_switches_and_says_so() {
        let mut text = b"id,remark\n".to_vec();
        for i in 0..10000 {
            text.extend(format!("{i},plain\n").as_bytes());
        }
        let (gbk, _, _) = encoding_rs::GBK.encode("9999,\u{5907}\u{6ce8}\n");
        text.extend(gbk.iter());
        let (out, note) = read_with(&text, Encoding::Auto, 1 << 20);
        assert_eq!(out.last().unwrap(), "10002 row 9999|\u{5907}\u{6ce8}");
        assert_eq!(note.encoding.as_deref(), Some("gb18030"));
        assert!(note.notes.first().unwrap().contains("line 10002"), "{:?}", note.notes);
    }

    #[test]
    fn a_binary_file_is_refused_not_read_as_one_endless_row() {
        let mut note = SourceNote::default();
        let limits = Limits { max_record: 64, max_input: None };
        let zeros = std::io::repeat(0).take(1 << 30);
        let head = [0u8; 4096];
        let result =
            rows("t", std::io::BufReader::new(zeros), &head, Encoding::Auto, &limits, &mut note, &mut |_| Ok(()));
        assert!(matches!(result, Err(Stop::Read(e)) if e.to_string().contains("NUL")));
    }

    #[test]
    fn a_gbk_line_in_a_utf8_file_is_rejected_not_replaced() {
        let mut text = "id,remark\n1,\u{5907}\u{6ce8}\n".as_bytes().to_vec();
        text.extend(b"2,\xb1\xb8\n3,ok\n");
        let out = read(&text);
        assert_eq!(
            out,
            vec!["1 header id|remark", "2 row 1|\u{5907}\u{6ce8}", "3 bad KEFU-INPUT-ENCODING", "4 row 3|ok"]
        );
    }

    #[test]
    fn a_quote_inside_a_cell_is_a_character() {
        let out = read(b"id,remark,total\n1,say \"hi\",1\n2,\"a \"\"b\"\", c\",2\n");
        assert_eq!(out, vec!["1 header id|remark|total", "2 row 1|say \"hi\"|1", "3 row 2|a \"b\", c|2"]);
    }

    #[test]
    fn a_quote_that_shifts_cells_on_one_line_is_rejected() {
        let out = read(b"id,remark,total\n1,\"x,1\n");
        assert_eq!(out.last().unwrap(), "2 bad KEFU-INPUT-CSV");
        let out = read(b"id,remark,total\n1,\"x,y\"z\n");
        assert_eq!(out.last().unwrap(), "2 bad KEFU-INPUT-CSV");
        // Fewer cells without any quote are read (trailing columns left out).
        let out = read(b"id,remark,total\n1,x\n");
        assert_eq!(out.last().unwrap(), "2 row 1|x");
    }

    /// A cell as an export writes it: quoted when it holds a comma, a quote or a break.
    fn quote(cell: &str) -> String {
        if cell.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_owned()
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Every physical row of a generated export is read or rejected at its own line;
        /// ids come back byte for byte; a stray quote costs its own row only.
        #[test]
        fn every_row_is_read_or_rejected_and_ids_come_back(
            rows in proptest::collection::vec(
                (
                    "[0-9]{1,19}",
                    proptest::bool::ANY,
                    "[a-z 加急,\"\n]{0,12}|\r\n|",
                    proptest::bool::weighted(0.1),
                ),
                1..40,
            ),
            crlf in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("id,remark,total{eol}");
            let mut expected = Vec::new();
            let mut line = 2;
            for (id, guarded, remark, stray) in &rows {
                let id_cell = if *guarded { format!("\"=\"\"{id}\"\"\"") } else { id.clone() };
                // A stray quote that closes at a later cell's `",` (a quoted cell starting
                // with a comma, or a second stray quote with nothing after it) makes one
                // well-formed cell of several lines, which is what a real multi-line
                // remark is too: that case is ambiguous for any CSV reader, and not made
                // here. Everything else is.
                let remark = format!("a{}", remark.replace("\",", "\"a,"));
                let remark_cell = if *stray {
                    format!("\"x{}", remark.replace(['"', '\n', '\r'], ""))
                } else {
                    quote(&remark)
                };
                text.push_str(&format!("{id_cell},{remark_cell},1{eol}"));
                let shown = if *guarded { format!("=\"{id}\"") } else { id.clone() };
                expected.push((line, shown, *stray));
                line += 1 + if *stray { 0 } else { remark.matches('\n').count() };
            }
            let (out, note) = read_with(text.as_bytes(), Encoding::Auto, 1 << 20);
            proptest::prop_assert_eq!(out.len(), rows.len() + 1, "{:?}", out);
            for ((line, id, stray), got) in expected.iter().zip(out.iter().skip(1)) {
                if *stray {
                    proptest::prop_assert_eq!(got, &format!("{line} bad KEFU-INPUT-CSV"));
                } else {
                    let prefix = format!("{line} row {id}|");
                    proptest::prop_assert!(got.starts_with(&prefix), "{} vs {}", got, prefix);
                }
            }
            proptest::prop_assert_eq!(note.lines, note.header_lines + note.blank_lines + note.record_lines);
        }
    }
}
