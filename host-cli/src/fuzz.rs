//! The bodies of the export readers' fuzz targets (`fuzz/fuzz_targets/export_*.rs`),
//! here so that `cargo test` replays every committed corpus file through the very same
//! code on stable (`tests/fuzz_corpora.rs`) while cargo-fuzz explores new inputs
//! on nightly. Each asserts what the readers guarantee for any bytes (RELIABILITY.md):
//! no panic, every line of a table accounted for, records numbered in order, bounded
//! by the caps given.

#![allow(clippy::panic, reason = "a fuzz target reports a broken guarantee by panicking, which the fuzzer keeps")]

use chrono::FixedOffset;
use kefu_core::api::{Columns, Mapping};

use crate::source::{self, Body, Encoding, InputFormat, Limits, ReadOptions, Record, SourceNote, Stop};

/// Small caps, so that a fuzzer's input reaches them.
const MAX_RECORD: usize = 4096;

fn options(format: InputFormat) -> ReadOptions {
    ReadOptions {
        format: Some(format),
        encoding: Encoding::Auto,
        mapping: Mapping::built_in("taobao-orders").unwrap_or_else(|| panic!("the built-in mapping")),
        zone: FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| panic!("+08:00")),
        items: None,
        limits: Limits { max_record: MAX_RECORD, max_input: Some(1 << 20) },
        notes: source::SourceNotes::default(),
    }
}

/// Reads `data` as `format`; checks what any reader owes its caller, and, for export
/// rows, maps each row to an order as the workers would.
fn read(format: InputFormat, data: &[u8]) -> SourceNote {
    let options = options(format);
    let mut records: Vec<Record> = Vec::new();
    let mut emit = |r: Record| {
        records.push(r);
        Ok::<(), Stop>(())
    };
    let mut note = SourceNote::default();
    // A source that fails midway (a broken zip, --max-input) is one error: fine.
    let _ = source::read_one("fuzz", data, &options, &mut note, &mut emit);
    assert_eq!(note.records, records.len(), "every record handed on is counted");
    if matches!(format, InputFormat::Csv | InputFormat::Xlsx) {
        assert_eq!(
            note.lines,
            note.header_lines + note.blank_lines + note.record_lines,
            "every line is the header, blank, or a record's: {note:?}"
        );
    }
    let mut last = None;
    for r in &records {
        assert!(last.is_none_or(|l| r.place.index > l), "indexes go up: {:?}", r.place);
        last = Some(r.place.index);
        match &r.body {
            Body::Row { table, cells } => {
                let size: usize = cells.iter().map(str::len).sum();
                assert!(size <= MAX_RECORD.max(64 << 10), "a row over the caps was handed on: {size}");
                if let Ok(record) = table.record(cells) {
                    lints_as_a_row(table, record);
                }
            }
            Body::Json(t) | Body::Trade(t) => assert!(t.len() <= MAX_RECORD, "a record over --max-record"),
            Body::Rejected(e) => assert!(e.code.starts_with("KEFU-"), "{e:?}"),
        }
    }
    note
}

/// Any bytes as a CSV export.
pub fn export_csv(data: &[u8]) {
    read(InputFormat::Csv, data);
}

/// Any bytes as an xlsx workbook.
pub fn export_xlsx(data: &[u8]) {
    read(InputFormat::Xlsx, data);
}

/// Any bytes as the open platform's trade JSON (lines, a list or an API page).
pub fn export_trade(data: &[u8]) {
    read(InputFormat::Trade, data);
}

/// Any bytes as a mapping file (JSON, and TOML): refused with a code and a path, or
/// checked and then used on a header of its own names and a row made of the bytes.
pub fn export_mapping(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut mappings = Vec::new();
    match Mapping::from_json(&text) {
        Ok(m) => mappings.push(m),
        Err(e) => assert!(e.code.starts_with("KEFU-"), "{e:?}"),
    }
    if let Ok(m) = toml::from_str::<Mapping>(&text) {
        mappings.push(m);
    }
    for mapping in mappings {
        if let Err(e) = mapping.check() {
            assert!(e.code.starts_with("KEFU-MAPPING"), "{e:?}");
            continue;
        }
        let header: Vec<&str> = mapping.columns.values().flatten().map(String::as_str).collect();
        let zone = FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| panic!("+08:00"));
        let Ok(columns) = Columns::new(&mapping, &header, zone) else { continue };
        let cells: Vec<&str> = text.split(',').chain(std::iter::repeat("")).take(header.len()).collect();
        let table = source::Table::new(columns, &mapping, &header, zone, None, MAX_RECORD);
        if let Ok(record) = table.record(&csv::StringRecord::from(cells)) {
            lints_as_a_row(&table, record);
        }
    }
}

/// A row the reader hands on is one the core's `lint` reads under the table's source:
/// the row's record linted or rejected by itself, never the call failed.
fn lints_as_a_row(table: &source::Table, record: String) {
    let input = serde_json::json!({ "rows": table.source }).to_string();
    let answer = kefu_core::api::call_batch("lint", &input, vec![record]);
    assert!(answer.starts_with(r#"{"type":"success""#), "{answer}");
}
