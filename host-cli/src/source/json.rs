//! JSON sources in one pass, whatever their size: a JSON array is parsed as a stream of
//! elements (each element's line from a byte counter, never recomputed from the start
//! of the file), NDJSON line by line (a bad line is rejected alone), and a file of
//! pretty-printed objects as a stream of values. A syntax error that breaks the
//! structure is one error at the parser's own line, not a cascade of bogus records.

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::rc::Rc;

use serde_json::value::RawValue;

use super::{Body, Emit, Limits, Place, Record};
use kefu_core::api::{Code, ErrorReport};

/// What a JSON record holds: kefu's own orders/cases, or the platform's trades.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// kefu's own JSON (orders for lint and scan, cases for decide).
    Kefu,
    /// Trade objects as the open platform returns them.
    Trade,
}

impl Kind {
    fn body(self, text: String) -> Body {
        match self {
            Kind::Kefu => Body::Json(text),
            Kind::Trade => Body::Trade(text),
        }
    }
}

/// Counts the lines a reader has handed out. serde_json reads a reader byte by byte,
/// so at any moment the count is exact.
struct Counting<R> {
    inner: R,
    newlines: Rc<Cell<usize>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let seen = buf.get(..n).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        self.newlines.set(self.newlines.get() + seen);
        Ok(n)
    }
}

/// A value just parsed, as a record: it starts as many lines before the reader's
/// current line as it holds line breaks.
fn located(source: &str, index: usize, newlines_read: usize, raw: &RawValue, kind: Kind, limits: &Limits) -> Record {
    let text = raw.get();
    let line = (newlines_read + 1).saturating_sub(text.bytes().filter(|b| *b == b'\n').count());
    let body = match limits.check_record(text.len()) {
        Err(e) => Body::Rejected(*e),
        Ok(()) => kind.body(text.to_owned()),
    };
    Record { place: Place { source: source.to_owned(), index, line }, body }
}

/// Reads a JSON array element by element, in one pass over buffered blocks.
///
/// The array's structure (brackets, commas, strings) is followed here, byte by byte,
/// and each element's text handed on; the element itself is parsed by the core like any
/// record, so a bad element is rejected alone, with its line. serde_json can stream an
/// array only from a `Read` one byte per call, which made an array 1.5x slower than the
/// same NDJSON; this scanner keeps the two alike. A break in the structure (a missing
/// comma, the end of the input inside the array) is one error at its line, after the
/// records before it.
pub fn array(
    source: &str,
    mut reader: impl BufRead,
    kind: Kind,
    limits: &Limits,
    emit: Emit<'_>,
) -> Result<(), super::Stop> {
    let mut scan = ArrayScan::default();
    let mut index = 0usize;
    loop {
        let block = reader.fill_buf().map_err(super::Stop::Read)?;
        if block.is_empty() {
            break;
        }
        let len = block.len();
        let mut found = Vec::new();
        let broken = scan.feed(block, limits.max_record, &mut found);
        reader.consume(len);
        for (line, element) in found {
            let place = Place { source: source.to_owned(), index, line };
            index += 1;
            let body = match element {
                Element::Text(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => kind.body(text),
                    Err(_) => Body::Rejected(ErrorReport::of(
                        Code::InputUtf8,
                        format!("the array element at line {line} is not valid UTF-8"),
                    )),
                },
                Element::TooLarge(n) => Body::Rejected(limits.too_large(n)),
            };
            emit(Record { place, body })?;
        }
        if let Some((line, why)) = broken {
            return emit(array_break(source, index, line, &why));
        }
        if scan.state == ArrayState::Done {
            return Ok(());
        }
    }
    match scan.state {
        ArrayState::Done | ArrayState::After => Ok(()),
        _ => emit(array_break(source, index, scan.line, "the input ends inside the array (no closing `]`)")),
    }
}

fn array_break(source: &str, index: usize, line: usize, why: &str) -> Record {
    let report = ErrorReport {
        line: Some(line as u64),
        ..ErrorReport::of(
            Code::InputJson,
            format!("the JSON array breaks at line {line}: {why}; records before it were read, reading stops"),
        )
    };
    Record { place: Place { source: source.to_owned(), index, line }, body: Body::Rejected(report) }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum ArrayState {
    /// Before the opening `[`.
    #[default]
    Open,
    /// Before an element (or `]` when `first`).
    Before,
    /// Inside an element.
    In,
    /// After an element: `,` or `]`.
    Between,
    /// After the closing `]`.
    After,
    /// Stopped.
    Done,
}

enum Element {
    Text(Vec<u8>),
    TooLarge(usize),
}

#[derive(Default)]
struct ArrayScan {
    state: ArrayState,
    line: usize,
    first: bool,
    depth: usize,
    in_string: bool,
    escaped: bool,
    start_line: usize,
    text: Vec<u8>,
    size: usize,
}

impl ArrayScan {
    /// Scans a block; finished elements go to `found` with their first line. Returns the
    /// line and reason of a break in the structure.
    fn feed(&mut self, block: &[u8], cap: usize, found: &mut Vec<(usize, Element)>) -> Option<(usize, String)> {
        if self.line == 0 {
            self.line = 1;
        }
        let mut i = 0;
        while let Some(&b) = block.get(i) {
            let again = if self.state == ArrayState::In {
                self.element_byte(b, cap, found)
            } else {
                match self.structure_byte(b) {
                    Ok(again) => again,
                    Err(broken) => return Some(broken),
                }
            };
            if !again {
                i += 1;
            }
        }
        None
    }

    /// One byte inside an element. Returns whether the byte is to be read again, as
    /// structure: the `,`, `]` or space that ends a bare literal.
    fn element_byte(&mut self, b: u8, cap: usize, found: &mut Vec<(usize, Element)>) -> bool {
        let kept = self.size < cap;
        if kept {
            self.text.push(b);
        }
        self.size += 1;
        if b == b'\n' {
            self.line += 1;
        }
        if self.in_string {
            match (self.escaped, b) {
                (true, _) => self.escaped = false,
                (false, b'\\') => self.escaped = true,
                (false, b'"') => self.in_string = false,
                _ => {}
            }
            if !self.in_string && self.depth == 0 {
                self.finish(cap, found);
            }
            return false;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    self.finish(cap, found);
                }
            }
            b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n' if self.depth == 0 => {
                // The end of a bare number, true, false or null: the delimiter is not the
                // literal's (and was not kept when the literal had filled the cap).
                if kept {
                    self.text.pop();
                }
                self.size -= 1;
                if b == b'\n' {
                    self.line -= 1;
                }
                self.finish(cap, found);
                return true;
            }
            _ => {}
        }
        false
    }

    /// One byte of the array's structure, outside any element. Returns whether the byte
    /// is to be read again (as an element's first), or the line and reason of a break.
    fn structure_byte(&mut self, b: u8) -> Result<bool, (usize, String)> {
        if b == b'\n' {
            self.line += 1;
        }
        if b.is_ascii_whitespace() {
            return Ok(false);
        }
        match (self.state, b) {
            (ArrayState::Open, b'[') => {
                self.state = ArrayState::Before;
                self.first = true;
            }
            (ArrayState::Before, b']') if self.first => self.state = ArrayState::After,
            (ArrayState::Before, b']') => return Err((self.line, "a comma before `]`".into())),
            (ArrayState::Before, _) => {
                self.state = ArrayState::In;
                self.first = false;
                self.start_line = self.line;
                self.text = Vec::with_capacity(256);
                self.size = 0;
                return Ok(true);
            }
            (ArrayState::Between, b',') => self.state = ArrayState::Before,
            (ArrayState::Between, b']') => self.state = ArrayState::After,
            (ArrayState::Between, c) => {
                self.state = ArrayState::Done;
                return Err((self.line, format!("`{}` where a comma or `]` should be", char::from(c))));
            }
            (ArrayState::After, c) => {
                self.state = ArrayState::Done;
                return Err((self.line, format!("`{}` after the array's closing `]`", char::from(c))));
            }
            (ArrayState::Open, c) => {
                self.state = ArrayState::Done;
                return Err((self.line, format!("`{}` where the array should open", char::from(c))));
            }
            (ArrayState::In | ArrayState::Done, _) => {}
        }
        Ok(false)
    }

    fn finish(&mut self, cap: usize, found: &mut Vec<(usize, Element)>) {
        let element =
            if self.size > cap { Element::TooLarge(self.size) } else { Element::Text(std::mem::take(&mut self.text)) };
        found.push((self.start_line, element));
        self.state = ArrayState::Between;
        self.in_string = false;
        self.escaped = false;
    }
}

/// Reads concatenated (pretty-printed) JSON values as a stream.
pub fn values(
    source: &str,
    reader: impl BufRead,
    kind: Kind,
    limits: &Limits,
    emit: Emit<'_>,
) -> Result<(), super::Stop> {
    let newlines = Rc::new(Cell::new(0));
    let counting = Counting { inner: reader, newlines: Rc::clone(&newlines) };
    let stream = serde_json::Deserializer::from_reader(counting).into_iter::<Box<RawValue>>();
    for (index, value) in stream.enumerate() {
        match value {
            Ok(raw) => emit(located(source, index, newlines.get(), &raw, kind, limits))?,
            Err(e) if e.is_io() => return Err(super::Stop::Read(std::io::Error::other(e.to_string()))),
            Err(e) => {
                let report = ErrorReport {
                    line: Some(e.line() as u64),
                    column: Some(e.column() as u64),
                    ..ErrorReport::of(
                        Code::InputJson,
                        format!("not valid JSON at line {}, reading stops: {e}", e.line()),
                    )
                };
                let place = Place { source: source.to_owned(), index, line: e.line() };
                return emit(Record { place, body: Body::Rejected(report) });
            }
        }
    }
    Ok(())
}

/// Reads one record per line; blank lines are skipped, a line over the record limit is
/// rejected without being held in memory, a line that is not UTF-8 is rejected alone.
pub fn lines(
    source: &str,
    mut reader: impl BufRead,
    kind: Kind,
    limits: &Limits,
    emit: Emit<'_>,
) -> Result<(), super::Stop> {
    let (mut line_no, mut index) = (0usize, 0usize);
    loop {
        // A fresh buffer per line becomes the record's text without a copy.
        let mut buf = Vec::with_capacity(256);
        let (read, over) = read_line_capped(&mut reader, &mut buf, limits.max_record).map_err(super::Stop::Read)?;
        if read == 0 {
            return Ok(());
        }
        line_no += 1;
        if over == 0 && buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let place = Place { source: source.to_owned(), index, line: line_no };
        index += 1;
        let body = if over > 0 {
            Body::Rejected(limits.too_large(over))
        } else {
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            match String::from_utf8(buf) {
                Ok(t) => kind.body(t),
                Err(_) => Body::Rejected(ErrorReport::of(
                    Code::InputUtf8,
                    format!("line {line_no} is not valid UTF-8 (a GBK file? name its format: --input-format csv)"),
                )),
            }
        };
        emit(Record { place, body })?;
    }
}

/// Reads up to and including the next newline into `buf`, keeping at most `cap` bytes.
/// Returns the bytes consumed and, when the line was longer than `cap`, its length
/// (the excess is read and dropped, so memory stays bounded).
fn read_line_capped(reader: &mut impl BufRead, buf: &mut Vec<u8>, cap: usize) -> std::io::Result<(usize, usize)> {
    let mut consumed = 0usize;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            let over = if consumed > cap { consumed } else { 0 };
            return Ok((consumed, over));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if consumed + take <= cap {
            buf.extend_from_slice(chunk.get(..take).unwrap_or_default());
        } else {
            buf.clear();
        }
        consumed += take;
        reader.consume(take);
        if done {
            let over = if consumed > cap { consumed } else { 0 };
            return Ok((consumed, over));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ArrayScan, Element};

    fn elements(text: &str, cap: usize) -> Vec<String> {
        let mut scan = ArrayScan::default();
        let mut found = Vec::new();
        assert_eq!(scan.feed(text.as_bytes(), cap, &mut found), None);
        found
            .into_iter()
            .map(|(_, e)| match e {
                Element::Text(t) => String::from_utf8(t).unwrap_or_default(),
                Element::TooLarge(n) => format!("too large: {n}"),
            })
            .collect()
    }

    #[test]
    fn a_bare_literal_as_long_as_the_cap_keeps_its_last_byte() {
        // The delimiter after a literal that filled the cap was never kept, and taking
        // it back off took the literal's last digit instead.
        assert_eq!(elements("[1234,{\"a\":1}]", 4), ["1234", "too large: 7"]);
        assert_eq!(elements("[12, 345 ,true]", 64), ["12", "345", "true"]);
    }
}
