//! JSON sources in one pass, whatever their size: a JSON array is parsed as a stream of
//! elements (each element's line from a byte counter, never recomputed from the start
//! of the file), NDJSON line by line (a bad line is rejected alone), and a file of
//! pretty-printed objects as a stream of values. A syntax error that breaks the
//! structure is one error at the parser's own line, not a cascade of bogus records.

use std::cell::Cell;
use std::fmt;
use std::io::{BufRead, Read};
use std::rc::Rc;

use serde::de::{Deserializer as _, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{Body, Emit, Limits, Place, Record};
use kefu_core::ErrorReport;

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

/// Stops the parse when the sink fails (a write error downstream).
struct Stopped;

/// Reads a JSON array element by element.
pub fn array(
    source: &str,
    reader: impl BufRead,
    kind: Kind,
    limits: &Limits,
    emit: Emit<'_>,
) -> Result<(), super::Stop> {
    let newlines = Rc::new(Cell::new(0));
    let counting = Counting { inner: reader, newlines: Rc::clone(&newlines) };
    let mut de = serde_json::Deserializer::from_reader(counting);
    let mut index = 0usize;
    let mut failure: Option<super::Stop> = None;
    // serde_json reports a reader's failure as a syntax error; keep the real one.
    struct Elements<'a, 'b> {
        on: &'a mut dyn FnMut(Box<RawValue>) -> Result<(), Stopped>,
        _b: std::marker::PhantomData<&'b ()>,
    }
    impl<'de> Visitor<'de> for Elements<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON array of records")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
                (self.on)(raw).map_err(|Stopped| serde::de::Error::custom("stopped"))?;
            }
            Ok(())
        }
    }
    let mut on = |raw: Box<RawValue>| {
        let text = raw.get();
        let end_line = newlines.get() + 1;
        let line = end_line.saturating_sub(text.bytes().filter(|b| *b == b'\n').count());
        let place = Place { source: source.to_owned(), index, line };
        index += 1;
        let body = match limits.check_record(text.len()) {
            Err(e) => Body::Rejected(*e),
            Ok(()) => kind.body(text.to_owned()),
        };
        emit(Record { place, body }).map_err(|e| {
            failure = Some(e);
            Stopped
        })
    };
    let result = de.deserialize_seq(Elements { on: &mut on, _b: std::marker::PhantomData });
    if let Some(e) = failure {
        return Err(e);
    }
    if let Err(e) = result.and_then(|()| de.end()) {
        if e.is_io() {
            return Err(super::Stop::Read(std::io::Error::other(e.to_string())));
        }
        let report = ErrorReport {
            line: Some(e.line() as u64),
            column: Some(e.column() as u64),
            ..ErrorReport::new(
                "KEFU-INPUT-JSON",
                format!(
                    "the JSON array breaks at line {}, so it ends here; records before it were read: {e}",
                    e.line()
                ),
            )
        };
        emit(Record {
            place: Place { source: source.to_owned(), index, line: e.line() },
            body: Body::Rejected(report),
        })?;
    }
    Ok(())
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
            Ok(raw) => {
                let text = raw.get();
                let line = (newlines.get() + 1).saturating_sub(text.bytes().filter(|b| *b == b'\n').count());
                let body = match limits.check_record(text.len()) {
                    Err(e) => Body::Rejected(*e),
                    Ok(()) => kind.body(text.to_owned()),
                };
                emit(Record { place: Place { source: source.to_owned(), index, line }, body })?;
            }
            Err(e) if e.is_io() => return Err(super::Stop::Read(std::io::Error::other(e.to_string()))),
            Err(e) => {
                let report = ErrorReport {
                    line: Some(e.line() as u64),
                    column: Some(e.column() as u64),
                    ..ErrorReport::new(
                        "KEFU-INPUT-JSON",
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
                Err(_) => Body::Rejected(ErrorReport::new(
                    "KEFU-INPUT-UTF8",
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
        let (take, done) = match chunk.iter().position(|b| *b == b'\n') {
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
