//! Exports as rows: CSV (`csv.rs`: framed line by line, decoded from GBK/GB18030 or
//! UTF-8, split by `csv_core`) and xlsx (`xlsx.rs`: the sheet's own text, bounded). The
//! header is resolved once per file against the mapping
//! (`kefu_core::api::Columns`); rows go on as cells. An item report is joined here,
//! with at most [`MAX_JOINED_LINES`] lines to an order.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

use chrono::FixedOffset;
use kefu_core::api::{Code, Columns, ErrorReport, Item, Mapping, RowKind};
use serde::Serialize;

use super::{Body, Emit, Place, ReadOptions, Record, Row, SourceNote, Stop};

/// A file's resolved columns, and the item report its orders are joined with.
#[derive(Debug)]
pub struct Table {
    /// How each row is read: here only for the order id, which joins the item report;
    /// the core maps the row itself.
    pub columns: Columns,
    /// Where the rows come from, as the core's `lint` and `scan` take it beside them
    /// (`"rows"`: mapping, header, time zone, and the item report's mapping and header).
    /// The header is the columns the mapping reads, and so is each row's record: an
    /// export of 54 columns goes on as the dozen the core looks at.
    pub source: serde_json::Value,
    /// The positions of those columns in the file.
    pub keep: Vec<usize>,
    /// The item report, when one was given.
    pub items: Option<Arc<ItemIndex>>,
    /// `--max-record`: an order with its joined lines is a record too.
    pub max_record: usize,
}

/// The most item lines joined to one order. A Taobao order holds at most 50 lines (a
/// cart's limit); a thousand leaves room for any ERP and bounds what one order row can
/// make an item report copy.
pub const MAX_JOINED_LINES: usize = 1000;

impl Table {
    /// The table of an export whose header `columns` resolved: what the core is told
    /// of the rows (`source`), the item report's part included.
    pub fn new(
        columns: Columns,
        mapping: &Mapping,
        header: &[&str],
        zone: FixedOffset,
        items: Option<Arc<ItemIndex>>,
        max_record: usize,
    ) -> Table {
        let keep = columns.read_positions();
        let read: Vec<&str> = keep.iter().filter_map(|i| header.get(*i).copied()).collect();
        let mut source = serde_json::json!({
            "mapping": mapping,
            "header": read,
            "time_zone": zone.to_string(),
        });
        if let (Some(index), Some(obj)) = (&items, source.as_object_mut()) {
            obj.insert("items".into(), index.source.clone());
        }
        Table { columns, source, keep, items, max_record }
    }

    /// A row as the core's record: its cells, and its lines when the item report has
    /// some; or why it cannot go (an order with too many lines, or too large with them).
    /// A cell the mapping cannot read is the core's to name.
    pub fn record(&self, cells: &csv::StringRecord) -> Result<String, Box<ErrorReport>> {
        #[derive(Serialize)]
        struct RowRecord<'a> {
            cells: Vec<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            items: Option<&'a [Item]>,
        }
        let row: Vec<&str> = cells.iter().collect();
        let lines = match (&self.items, self.columns.order_id(&row)) {
            (Some(index), Ok(id)) if index.overfull.contains(&id) => {
                return Err(Box::new(ErrorReport::of(
                    Code::InputTooLarge,
                    format!(
                        "the item report holds more than {MAX_JOINED_LINES} lines for order {id}; the order is skipped \
                         rather than judged on part of its lines"
                    ),
                )));
            }
            (Some(index), Ok(id)) => index.lines.get(&id).map(Vec::as_slice),
            _ => None,
        };
        let joined = lines.is_some();
        let cells = self.keep.iter().map(|i| row.get(*i).copied().unwrap_or_default()).collect();
        let json = serde_json::to_string(&RowRecord { cells, items: lines })
            .map_err(|e| Box::new(ErrorReport::of(Code::InputValue, e.to_string())))?;
        // The row itself is bounded by the reader; its joined lines are what can make it
        // larger than a record may be.
        if joined && json.len() > self.max_record {
            let what = "the order with its joined item lines";
            return Err(Box::new(super::over_max_record(what, json.len() as u64, self.max_record)));
        }
        Ok(json)
    }
}

/// An item report by order id: read whole before the orders, since the two reports are
/// sorted differently (it costs memory in the size of the item report only).
#[derive(Debug)]
pub struct ItemIndex {
    /// The item report's columns.
    pub columns: Columns,
    /// The item report as the core is told of it beside an order report's rows
    /// (`"items"`: its mapping and header).
    pub source: serde_json::Value,
    /// Lines by order id, in file order.
    pub lines: HashMap<String, Vec<Item>>,
    /// Item rows that could not be read, with their places.
    pub rejected: Vec<(Place, ErrorReport)>,
    /// Orders with more than [`MAX_JOINED_LINES`] lines: refused when they are read.
    pub overfull: std::collections::HashSet<String>,
}

/// Reads rows of a CSV or xlsx source (the format detected or forced).
fn rows(
    name: &str,
    reader: impl BufRead,
    head: &[u8],
    options: &ReadOptions,
    note: &mut SourceNote,
    on: &mut dyn FnMut(Row) -> Result<(), Stop>,
) -> Result<(), Stop> {
    match options.format.unwrap_or_else(|| super::detect(head)) {
        super::InputFormat::Xlsx => {
            note.format = "xlsx".into();
            super::xlsx::rows(name, reader, &options.limits, note, on)
        }
        _ => {
            note.format = "csv".into();
            super::csv::rows(name, reader, head, options.encoding, &options.limits, note, on)
        }
    }
}

/// Reads an order export: each row goes on with the file's resolved columns.
pub fn orders(
    name: &str,
    reader: impl BufRead,
    head: &[u8],
    options: &ReadOptions,
    note: &mut SourceNote,
    emit: Emit<'_>,
) -> Result<(), Stop> {
    let mut table: Option<Arc<Table>> = None;
    let mut refused = false;
    rows(name, reader, head, options, note, &mut |row| match row {
        Row::Header(cells, place) => {
            let header: Vec<&str> = cells.iter().collect();
            match Columns::new(&options.mapping, &header, options.zone) {
                Ok(columns) if columns.rows() == RowKind::Items => {
                    refused = true;
                    emit(Record { place, body: Body::Rejected(item_report_here(&options.mapping.name)) })
                }
                Ok(columns) => {
                    let (items, max_record) = (options.items.clone(), options.limits.max_record);
                    table =
                        Some(Arc::new(Table::new(columns, &options.mapping, &header, options.zone, items, max_record)));
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
    ErrorReport::of(
        Code::ExportColumn,
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
    mapping: &kefu_core::api::Mapping,
) -> Result<ItemIndex, Stop> {
    let mut columns: Option<(Columns, serde_json::Value)> = None;
    let mut lines: HashMap<String, Vec<Item>> = HashMap::new();
    let mut rejected = Vec::new();
    let mut header_error: Option<ErrorReport> = None;
    let mut overfull = std::collections::HashSet::new();
    let mut note = SourceNote::default();
    rows(name, reader, head, options, &mut note, &mut |row| {
        match row {
            Row::Header(cells, place) => {
                let header: Vec<&str> = cells.iter().collect();
                match Columns::new(mapping, &header, options.zone) {
                    Ok(c) => columns = Some((c, serde_json::json!({"mapping": mapping, "header": header}))),
                    Err(e) => {
                        header_error = Some(e.report());
                        rejected.push((place, e.report()));
                    }
                }
            }
            Row::Data(cells, place) => {
                if let Some((c, _)) = &columns {
                    let row: Vec<&str> = cells.iter().collect();
                    match c.item(&row) {
                        Ok((id, item)) => match lines.get_mut(&id) {
                            // Not kept: the order is refused when it is read.
                            Some(joined) if joined.len() >= MAX_JOINED_LINES => {
                                overfull.insert(id);
                            }
                            Some(joined) => joined.push(item),
                            None => {
                                lines.insert(id, vec![item]);
                            }
                        },
                        Err(e) => rejected.push((place, e.report())),
                    }
                }
            }
            Row::Bad(report, place) => rejected.push((place, report)),
        }
        Ok(())
    })?;
    match columns {
        Some((columns, source)) => Ok(ItemIndex { columns, source, lines, rejected, overfull }),
        None => {
            let why = header_error.map_or_else(|| "it is empty".to_owned(), |e| e.message);
            Err(Stop::Read(std::io::Error::other(format!("the item report {name} cannot be read: {why}"))))
        }
    }
}
