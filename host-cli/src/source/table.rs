//! Exports as rows: CSV (decoded from GBK/GB18030 or UTF-8 by `encoding_rs`, split by
//! the `csv` crate, so quoted commas and full-width punctuation are the parser's
//! business) and xlsx (`calamine`, cell by cell). The header is resolved once per file
//! against the mapping (`kefu_core::ingest::Columns`); rows go on as cells.

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::sync::Arc;

use kefu_core::ingest::{attach_items, Columns, RowKind};
use kefu_core::model::order::Item;
use kefu_core::ErrorReport;

use super::{Body, Emit, Encoding, Place, ReadOptions, Record, Stop};

/// A file's resolved columns, and the item report its orders are joined with.
#[derive(Debug)]
pub struct Table {
    /// How each row is read.
    pub columns: Columns,
    /// The item report, when one was given.
    pub items: Option<Arc<ItemIndex>>,
}

impl Table {
    /// A row as the JSON of its order, or why it cannot be read (the path names the
    /// column).
    pub fn order_json(&self, cells: &csv::StringRecord) -> Result<String, Box<ErrorReport>> {
        let row: Vec<&str> = cells.iter().collect();
        let mut order = self.columns.order(&row).map_err(|e| Box::new(e.report()))?;
        if let Some(index) = &self.items {
            if let Some(lines) = index.lines.get(&order.order_id) {
                attach_items(&mut order, lines.clone(), &index.columns);
            }
        }
        order.validate().map_err(|e| Box::new(e.report()))?;
        serde_json::to_string(&order).map_err(|e| Box::new(ErrorReport::new("KEFU-INPUT-VALUE", e.to_string())))
    }
}

/// An item report by order id: read whole before the orders, since the two reports are
/// sorted differently (it costs memory in the size of the item report only).
#[derive(Debug)]
pub struct ItemIndex {
    /// The item report's columns.
    pub columns: Columns,
    /// Lines by order id, in file order.
    pub lines: HashMap<String, Vec<Item>>,
    /// Item rows that could not be read, with their places.
    pub rejected: Vec<(Place, ErrorReport)>,
}

/// What a row reader hands on.
enum Row {
    Header(csv::StringRecord, Place),
    Data(csv::StringRecord, Place),
    Bad(ErrorReport, Place),
}

/// Reads rows of a CSV or xlsx source (the format detected or forced).
fn rows(
    name: &str,
    reader: impl BufRead,
    head: &[u8],
    options: &ReadOptions,
    on: &mut dyn FnMut(Row) -> Result<(), Stop>,
) -> Result<(), Stop> {
    match options.format.unwrap_or_else(|| super::detect(head)) {
        super::InputFormat::Xlsx => xlsx_rows(name, reader, options, on),
        _ => csv_rows(name, reader, head, options, on),
    }
}

fn csv_rows(
    name: &str,
    reader: impl Read,
    head: &[u8],
    options: &ReadOptions,
    on: &mut dyn FnMut(Row) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let encoding = match options.encoding {
        Encoding::Utf8 => encoding_rs::UTF_8,
        Encoding::Gbk => encoding_rs::GB18030,
        Encoding::Auto => sniff(head),
    };
    let decoded =
        encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding)).bom_override(true).build(reader);
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(decoded);
    let mut record = csv::StringRecord::new();
    let mut header_seen = false;
    let mut index = 0usize;
    loop {
        let line = csv.position().line() as usize;
        let place = |index| Place { source: name.to_owned(), index, line };
        match csv.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let cells = record.clone();
                if !header_seen {
                    header_seen = true;
                    on(Row::Header(cells, place(0)))?;
                    continue;
                }
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let size = record.as_slice().len();
                let row = match options.limits.check_record(size) {
                    Ok(()) => Row::Data(cells, place(index)),
                    Err(e) => Row::Bad(*e, place(index)),
                };
                index += 1;
                on(row)?;
            }
            Err(e) => match e.kind() {
                csv::ErrorKind::Io(_) => return Err(Stop::Read(std::io::Error::other(e.to_string()))),
                _ => {
                    let report = ErrorReport::new("KEFU-INPUT-CSV", format!("row cannot be read as CSV: {e}"));
                    on(Row::Bad(report, place(index)))?;
                    index += 1;
                }
            },
        }
    }
}

/// UTF-8 when the bytes say so (a BOM, or valid UTF-8 up to where the sample is cut);
/// GB18030 otherwise, which reads GBK as well.
fn sniff(head: &[u8]) -> &'static encoding_rs::Encoding {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return encoding_rs::UTF_8;
    }
    match std::str::from_utf8(head) {
        Ok(_) => encoding_rs::UTF_8,
        // Cut in the middle of a character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() => encoding_rs::UTF_8,
        Err(_) => encoding_rs::GB18030,
    }
}

fn xlsx_rows(
    name: &str,
    mut reader: impl Read,
    options: &ReadOptions,
    on: &mut dyn FnMut(Row) -> Result<(), Stop>,
) -> Result<(), Stop> {
    use calamine::Reader as _;
    // A zip's directory is at its end: the workbook is read whole (bounded by
    // --max-input), then its first sheet cell by cell.
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(Stop::Read)?;
    let bad = |e: String| Stop::Read(std::io::Error::other(format!("not a readable xlsx workbook: {e}")));
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let sheet = book.sheet_names().first().cloned().ok_or_else(|| bad("it has no sheet".into()))?;
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(|e| bad(e.to_string()))?;
    let mut current: Option<(u32, Vec<String>)> = None;
    let mut header_seen = false;
    let mut index = 0usize;
    let mut flush = |row: u32, values: Vec<String>, header_seen: &mut bool, index: &mut usize| -> Result<(), Stop> {
        let place = |index| Place { source: name.to_owned(), index, line: row as usize + 1 };
        if values.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        if !*header_seen {
            *header_seen = true;
            return on(Row::Header(csv::StringRecord::from(values), place(0)));
        }
        let size: usize = values.iter().map(String::len).sum();
        let values = csv::StringRecord::from(values);
        let row = match options.limits.check_record(size) {
            Ok(()) => Row::Data(values, place(*index)),
            Err(e) => Row::Bad(*e, place(*index)),
        };
        *index += 1;
        on(row)
    };
    loop {
        let cell = cells.next_cell().map_err(|e| bad(e.to_string()))?;
        let Some(cell) = cell else { break };
        let (row, col) = cell.get_position();
        if current.as_ref().is_some_and(|(r, _)| *r != row) {
            if let Some((r, values)) = current.take() {
                flush(r, values, &mut header_seen, &mut index)?;
            }
        }
        let (_, values) = current.get_or_insert_with(|| (row, Vec::new()));
        let col = col as usize;
        if values.len() <= col {
            values.resize(col + 1, String::new());
        }
        if let Some(slot) = values.get_mut(col) {
            *slot = cell_text(cell.get_value());
        }
    }
    if let Some((r, values)) = current.take() {
        flush(r, values, &mut header_seen, &mut index)?;
    }
    Ok(())
}

/// A cell as the text an export means: ids stay digits (an integral float is written
/// without `.0`), dates as `YYYY-MM-DD HH:MM:SS` in the shop's wall time.
fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => {
            d.as_datetime().map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_else(|| d.as_f64().to_string())
        }
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

/// Reads an order export: each row goes on with the file's resolved columns.
pub fn orders(
    name: &str,
    reader: impl BufRead,
    head: &[u8],
    options: &ReadOptions,
    emit: Emit<'_>,
) -> Result<(), Stop> {
    let mut table: Option<Arc<Table>> = None;
    let mut refused = false;
    rows(name, reader, head, options, &mut |row| match row {
        Row::Header(cells, place) => {
            let header: Vec<&str> = cells.iter().collect();
            match Columns::new(&options.mapping, &header, options.zone) {
                Ok(columns) if columns.rows() == RowKind::Items => {
                    refused = true;
                    emit(Record { place, body: Body::Rejected(item_report_here(&options.mapping.name)) })
                }
                Ok(columns) => {
                    table = Some(Arc::new(Table { columns, items: options.items.clone() }));
                    Ok(())
                }
                Err(e) => {
                    refused = true;
                    let mut report = e.report();
                    if looks_like_item_report(&header) {
                        report.message.push_str("; this looks like an item report (宝贝报表): pass it with --items");
                    }
                    emit(Record { place, body: Body::Rejected(report) })
                }
            }
        }
        Row::Data(cells, place) => match &table {
            Some(t) => emit(Record { place, body: Body::Row { table: Arc::clone(t), cells } }),
            None if refused => Ok(()),
            None => Ok(()),
        },
        Row::Bad(report, place) => emit(Record { place, body: Body::Rejected(report) }),
    })
}

fn item_report_here(mapping: &str) -> ErrorReport {
    ErrorReport::new(
        "KEFU-EXPORT-COLUMN",
        format!(
            "mapping `{mapping}` reads an item report; pass the item report with --items and the order report as input"
        ),
    )
}

fn looks_like_item_report(header: &[&str]) -> bool {
    header.iter().any(|h| h.trim() == "购买数量" || h.trim() == "商品属性")
        && !header.iter().any(|h| h.trim() == "订单状态" && h.trim() == "买家实际支付金额")
}

/// Reads an item report into an index by order id.
pub fn item_index(
    name: &str,
    reader: impl BufRead,
    head: &[u8],
    options: &ReadOptions,
    mapping: &kefu_core::ingest::Mapping,
) -> Result<ItemIndex, Stop> {
    let mut columns: Option<Columns> = None;
    let mut lines: HashMap<String, Vec<Item>> = HashMap::new();
    let mut rejected = Vec::new();
    let mut header_error: Option<ErrorReport> = None;
    rows(name, reader, head, options, &mut |row| {
        match row {
            Row::Header(cells, place) => {
                let header: Vec<&str> = cells.iter().collect();
                match Columns::new(mapping, &header, options.zone) {
                    Ok(c) => columns = Some(c),
                    Err(e) => {
                        header_error = Some(e.report());
                        rejected.push((place, e.report()));
                    }
                }
            }
            Row::Data(cells, place) => {
                if let Some(c) = &columns {
                    let row: Vec<&str> = cells.iter().collect();
                    match c.item(&row) {
                        Ok((id, item)) => lines.entry(id).or_default().push(item),
                        Err(e) => rejected.push((place, e.report())),
                    }
                }
            }
            Row::Bad(report, place) => rejected.push((place, report)),
        }
        Ok(())
    })?;
    match columns {
        Some(columns) => Ok(ItemIndex { columns, lines, rejected }),
        None => {
            let why = header_error.map_or_else(|| "it is empty".to_owned(), |e| e.message);
            Err(Stop::Read(std::io::Error::other(format!("the item report {name} cannot be read: {why}"))))
        }
    }
}
