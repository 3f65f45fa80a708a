//! Writers the batch commands share: a JSON document written as it goes (the same
//! bytes `serde_json`'s pretty printer gives for the whole), and CSV for Excel.

use std::io::Write;

use serde::Serialize;

/// A pretty-printed JSON object whose first field is a list, written item by item:
/// `{"findings": [ ... ], "rejected": [...], "summary": {...}}` without holding the list.
pub struct JsonDoc {
    items: usize,
}

impl JsonDoc {
    /// Opens the document and its streamed list.
    pub fn start(out: &mut dyn Write, list: &str) -> std::io::Result<JsonDoc> {
        write!(out, "{{\n  {}: [", serde_json::to_string(list)?)?;
        Ok(JsonDoc { items: 0 })
    }

    /// One item already made by [`JsonDoc::render`] (in a worker).
    pub fn rendered(&mut self, out: &mut dyn Write, item: &[u8]) -> std::io::Result<()> {
        out.write_all(if self.items == 0 { b"\n" } else { b",\n" })?;
        self.items += 1;
        out.write_all(item)
    }

    /// An item as the document holds it (pretty, indented), without the separator.
    pub fn render<T: Serialize + ?Sized>(item: &T) -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        indented(&mut buf, item, 4)?;
        Ok(buf)
    }

    /// Closes the list, writes the remaining fields, closes the document.
    pub fn finish(self, out: &mut dyn Write, fields: &[(&str, &dyn erased::Field)]) -> std::io::Result<()> {
        if self.items == 0 {
            out.write_all(b"]")?;
        } else {
            out.write_all(b"\n  ]")?;
        }
        for (name, value) in fields {
            write!(out, ",\n  {}: ", serde_json::to_string(name)?)?;
            let text = value.pretty()?;
            let mut lines = text.lines();
            if let Some(first) = lines.next() {
                out.write_all(first.as_bytes())?;
            }
            for line in lines {
                write!(out, "\n  {line}")?;
            }
        }
        out.write_all(b"\n}\n")
    }
}

/// A value pretty-printed with every line indented by `by` spaces. JSON strings hold no
/// raw line breaks, so indenting by line is exact.
fn indented<T: Serialize + ?Sized>(out: &mut dyn Write, item: &T, by: usize) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(item)?;
    let pad = " ".repeat(by);
    let mut first = true;
    for line in text.lines() {
        if !first {
            out.write_all(b"\n")?;
        }
        first = false;
        out.write_all(pad.as_bytes())?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Fields of different types in one list.
pub mod erased {
    /// A value that can be pretty-printed.
    pub trait Field {
        /// Its pretty JSON.
        fn pretty(&self) -> std::io::Result<String>;
    }

    impl<T: serde::Serialize> Field for T {
        fn pretty(&self) -> std::io::Result<String> {
            Ok(serde_json::to_string_pretty(self)?)
        }
    }
}

/// CSV for Excel: UTF-8 with a BOM (without it Excel reads Chinese as mojibake), every
/// field quoted when needed by the `csv` crate. Rows are encoded into a buffer and
/// written to the output passed in, so the output is not held between rows. Two guards,
/// both for Excel:
///
/// - **Ids keep every digit.** Excel reads a 19-digit order id as a number and keeps 15
///   digits of it (`4.128E+18`). An id of digits is written `="4128000000000000123"`, the
///   marketplace's own exports' guard: Excel shows the text between the quotes
///   ([`excel_id`]). Such a cell can only ever evaluate to its digits.
/// - **No formula from the data.** A cell from the data that starts with `=` `+` `-` `@`
///   (and the others of [`FORMULA_STARTS`]) gets a leading `'`, so Excel shows it as
///   text instead of running it (CSV injection); the guarded ids above are the only
///   cells that start with `=`.
pub struct Csv {
    writer: csv::Writer<Shared>,
    encoded: std::rc::Rc<std::cell::RefCell<Vec<u8>>>,
}

/// The buffer the `csv` writer encodes into, shared so the row can be taken out.
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Csv {
    /// Writes the BOM and the header row.
    pub fn start(out: &mut dyn Write, header: &[&str]) -> std::io::Result<Csv> {
        out.write_all("\u{FEFF}".as_bytes())?;
        let encoded = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut csv = Csv { writer: csv::Writer::from_writer(Shared(std::rc::Rc::clone(&encoded))), encoded };
        csv.row(out, header)?;
        Ok(csv)
    }

    /// One row as bytes, for a worker to make and the writer to copy.
    pub fn encode<S: AsRef<str>>(cells: &[S]) -> std::io::Result<Vec<u8>> {
        let encoded = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut csv = Csv {
            writer: csv::WriterBuilder::new().buffer_capacity(512).from_writer(Shared(std::rc::Rc::clone(&encoded))),
            encoded,
        };
        let mut out = Vec::new();
        csv.row(&mut out, cells)?;
        Ok(out)
    }

    /// One row; a cell a spreadsheet could run as a formula gets a leading `'`, as
    /// exports do for ids (see [`defused`]).
    pub fn row<S: AsRef<str>>(&mut self, out: &mut dyn Write, cells: &[S]) -> std::io::Result<()> {
        let safe: Vec<std::borrow::Cow<'_, str>> = cells.iter().map(|c| defused(c.as_ref())).collect();
        self.writer.write_record(safe.iter().map(|c| c.as_ref())).map_err(std::io::Error::other)?;
        self.writer.flush()?;
        let mut buf = self.encoded.borrow_mut();
        out.write_all(&buf)?;
        buf.clear();
        Ok(())
    }
}

/// An id as the CSV writes it: `="…"` when it is all ASCII digits (Excel would read it
/// as a number and drop digits past the 15th, or leading zeros), else as it is (and
/// then guarded like any cell).
pub fn excel_id(id: &str) -> String {
    if is_digits(id) {
        format!("=\"{id}\"")
    } else {
        id.to_owned()
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A cell [`excel_id`] wrote: `="` digits `"`, which evaluates to those digits and
/// nothing else, so it passes the formula guard.
fn guarded_id(cell: &str) -> bool {
    cell.strip_prefix("=\"").and_then(|rest| rest.strip_suffix('"')).is_some_and(is_digits)
}

/// First characters that make a spreadsheet read a cell as a formula: OWASP's `=` `+`
/// `-` `@` TAB CR, ASVS's NUL, LF (a line break an importer may trim, like CR), and the
/// full-width `＝` `＋` `－` `＠` a Chinese IME types, which spreadsheets in CJK locales
/// may take for the ASCII operators (not verified here, and not documented either way:
/// a stray `'` on a rare cell is the cheaper mistake).
const FORMULA_STARTS: [char; 12] =
    ['=', '+', '-', '@', '\t', '\r', '\n', '\0', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'];

/// A cell as written to CSV: with a leading `'` when a spreadsheet could run it as a
/// formula, that is when it starts with one of [`FORMULA_STARTS`], also after leading
/// spaces (ASCII or ideographic: importers may trim them). A plain decimal number
/// (`-12.50`, `+3`) is written as it is, so that it stays a number; anything else
/// `f64` would parse (`-inf`, `+NaN`, `-1e5`) is quoted, since a spreadsheet reads
/// those as text or as a formula, never as the number Rust sees.
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    let first = cell.trim_start_matches([' ', '\u{3000}']).chars().next();
    if first.is_some_and(|c| FORMULA_STARTS.contains(&c)) && !plain_decimal(cell) && !guarded_id(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// An optional sign, ASCII digits, and at most one `.` with digits on both sides.
fn plain_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "1"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// The end of an NDJSON output: a line per rejected record (`"kind":"rejected"`), then
/// the summary (`"kind":"summary"`).
pub fn ndjson_tail<S: Serialize>(
    rejections: &[crate::pipeline::batch::Rejection<'_>],
    summary: &S,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for r in rejections {
        let mut line = serde_json::to_value(r)?;
        if let Some(obj) = line.as_object_mut() {
            obj.insert("kind".into(), serde_json::Value::String("rejected".into()));
        }
        writeln!(out, "{line}")?;
    }
    let mut line = serde_json::to_value(summary)?;
    if let Some(obj) = line.as_object_mut() {
        obj.insert("kind".into(), serde_json::Value::String("summary".into()));
    }
    writeln!(out, "{line}")
}

/// Rows of seven cells as aligned columns for a terminal (CJK characters two columns
/// wide); the last cell, free text, is not padded.
pub fn columns(lines: &[[String; 7]], out: &mut dyn Write) -> std::io::Result<()> {
    let mut widths = [0usize; 6];
    for row in lines {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    for row in lines {
        let mut line = String::new();
        for (w, cell) in widths.iter().zip(row) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w.saturating_sub(display_width(cell)) + 2));
        }
        line.push_str(row.get(6).map_or("", String::as_str));
        writeln!(out, "{}", crate::answer::printable(line.trim_end()))?;
    }
    Ok(())
}

/// Columns a text takes in a terminal: a CJK character takes two, so that a Chinese
/// table's columns line up.
pub fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_document_is_serde_jsons_pretty_document() {
        let items = vec![serde_json::json!({"a": 1, "b": [1, 2]}), serde_json::json!({"c": "x"})];
        let rejected: Vec<serde_json::Value> = vec![];
        let summary = serde_json::json!({"read": 2, "by": {"x": 1}});
        let mut out = Vec::new();
        let mut doc = JsonDoc::start(&mut out, "findings").unwrap();
        for i in &items {
            doc.rendered(&mut out, &JsonDoc::render(i).unwrap()).unwrap();
        }
        doc.finish(&mut out, &[("rejected", &rejected), ("summary", &summary)]).unwrap();
        let whole = serde_json::json!({"findings": items, "rejected": rejected, "summary": summary});
        assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string_pretty(&whole).unwrap() + "\n");
        let mut empty = Vec::new();
        JsonDoc::start(&mut empty, "queue").unwrap().finish(&mut empty, &[("summary", &summary)]).unwrap();
        let whole = serde_json::json!({"queue": [], "summary": summary});
        assert_eq!(String::from_utf8(empty).unwrap(), serde_json::to_string_pretty(&whole).unwrap() + "\n");
    }

    #[test]
    fn csv_has_a_bom_and_defuses_formulas() {
        let mut out = Vec::new();
        let mut csv = Csv::start(&mut out, &["a", "b"]).unwrap();
        csv.row(&mut out, &["=1+1", "-3"]).unwrap();
        csv.row(&mut out, &["x,y", "订单"]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "\u{FEFF}a,b\n'=1+1,-3\n\"x,y\",订单\n");
    }

    #[test]
    fn digit_ids_are_guarded_for_excel_and_nothing_else_passes_as_a_formula() {
        assert_eq!(excel_id("4128000000000000123"), "=\"4128000000000000123\"");
        assert_eq!(excel_id("T-1"), "T-1");
        assert_eq!(excel_id(""), "");
        let row =
            String::from_utf8(Csv::encode(&[excel_id("4128000000000000123"), excel_id("=1+1")]).unwrap()).unwrap();
        assert_eq!(row, "\"=\"\"4128000000000000123\"\"\",'=1+1\n");
        // Only digits between the quotes pass the guard.
        for cell in ["=\"12a\"", "=\"\"", "=\"1\"+HYPERLINK(1)", "=\"1\"&\"2\""] {
            let written = String::from_utf8(Csv::encode(&[cell]).unwrap()).unwrap();
            assert!(written.starts_with("\"'=") || written.starts_with("'="), "{cell}: {written}");
        }
    }

    #[test]
    fn every_formula_start_is_defused_and_only_plain_numbers_pass() {
        let quoted = [
            "=1+1",
            "+1+1",
            "-1+1",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1+1",
            "\n=1+1",
            "\0=1",
            "\t12",
            " =1+1",
            "\u{3000}=1+1",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF0D}1",
            "\u{FF20}SUM(A1)",
            // f64 parses these; a spreadsheet does not read them as that number.
            "-inf",
            "+inf",
            "-infinity",
            "+NaN",
            "-nan",
            "-1e5",
            "+1E5",
            "+0x1",
            "-12.",
            "-.5",
            "-1.2.3",
            "-",
            "+",
            "- 1",
            "-\u{FF11}",
            " -3",
        ];
        // Through the public writer, so that this test also builds on the code before it.
        let plain = |cell: &str| {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([cell]).unwrap();
            String::from_utf8(w.into_inner().unwrap()).unwrap()
        };
        let written = |cell: &str| String::from_utf8(Csv::encode(&[cell]).unwrap()).unwrap();
        for cell in quoted {
            assert_eq!(written(cell), plain(&format!("'{cell}")), "{cell:?}");
        }
        let as_is = ["-12.50", "+3", "-3", "0", "12.5", "abc", "", "a=b", "订单", "1e5", "inf", " x", "'=1"];
        for cell in as_is {
            assert_eq!(written(cell), plain(cell), "{cell:?}");
        }
        let row = String::from_utf8(Csv::encode(&["\t=HYPERLINK(\"x\")", "-inf", "-12.50"]).unwrap()).unwrap();
        assert_eq!(row, "\"'\t=HYPERLINK(\"\"x\"\")\",'-inf,-12.50\n");
    }
}
