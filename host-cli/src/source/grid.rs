//! A small table read whole as a grid of cells, every row kept (banner rows above the
//! header, summary rows below): for the indicator tables of `kefu kpi`, whose header the
//! core finds and maps (seller-data.md §5). An xlsx's first sheet, a CSV (UTF-8 or GBK),
//! or JSON objects (the platform's daily performance messages: their keys are the header).
//! Such tables are a row per agent and period: they are read whole, up to [`MAX_GRID`].

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use super::{Limits, Row, SourceNote};
use crate::error::HostError;

/// The most bytes a table read whole may have.
pub const MAX_GRID: u64 = 64 << 20;

/// The rows of a table, each as its cells.
pub fn grid(path: &Path, stdin: &mut dyn Read) -> Result<Vec<Vec<String>>, HostError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| HostError::Io { path: name.clone(), source: e };
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        stdin.take(MAX_GRID + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_GRID + 1).read_to_end(&mut bytes))
    };
    read.map_err(io)?;
    if bytes.len() as u64 > MAX_GRID {
        let why = format!("an indicator table is at most {} MiB; this one is larger", MAX_GRID >> 20);
        return Err(io(std::io::Error::other(why)));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx(&name, &bytes);
    }
    let text = decode(&bytes);
    let first = text.trim_start_matches('\u{feff}').trim_start();
    if first.starts_with('[') || first.starts_with('{') {
        return json(&name, first);
    }
    csv(&name, &text)
}

/// UTF-8 (with or without a BOM), else GBK (GB18030), as the marketplace's tools write.
pub(crate) fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn csv(name: &str, text: &str) -> Result<Vec<Vec<String>>, HostError> {
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| HostError::Io { path: name.to_owned(), source: std::io::Error::other(e) })?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

fn json(name: &str, text: &str) -> Result<Vec<Vec<String>>, HostError> {
    let bad = |e: serde_json::Error| HostError::Io { path: name.to_owned(), source: std::io::Error::other(e) };
    let objects: Vec<Value> = if text.starts_with('[') {
        serde_json::from_str(text).map_err(bad)?
    } else {
        serde_json::Deserializer::from_str(text).into_iter::<Value>().collect::<Result<_, _>>().map_err(bad)?
    };
    let mut header: Vec<String> = Vec::new();
    for o in objects.iter().filter_map(Value::as_object) {
        for k in o.keys() {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    let cell = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    };
    let mut rows = vec![header.clone()];
    rows.extend(objects.iter().filter_map(Value::as_object).map(|o| header.iter().map(|h| cell(o.get(h))).collect()));
    Ok(rows)
}

fn xlsx(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, HostError> {
    let limits = Limits { max_record: 1 << 20, max_input: Some(MAX_GRID) };
    let mut note = SourceNote::default();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    super::xlsx::rows(name, bytes, &limits, &mut note, &mut |row| {
        match row {
            Row::Header(cells, _) | Row::Data(cells, _) => rows.push(cells.iter().map(str::to_owned).collect()),
            Row::Bad(report, place) => problems.push(format!("row {}: {}", place.line, report.message)),
        }
        Ok(())
    })
    .map_err(|e| HostError::Io {
        path: name.to_owned(),
        source: match e {
            super::Stop::Read(e) => e,
            super::Stop::Sink(e) => std::io::Error::other(e.to_string()),
        },
    })?;
    if let Some(first) = problems.first() {
        let why = format!("{} rows of the sheet cannot be read; the first: {first}", problems.len());
        return Err(HostError::Io { path: name.to_owned(), source: std::io::Error::other(why) });
    }
    Ok(rows)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a test fails by panicking")]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_with_a_banner_and_ragged_rows_keeps_every_row() {
        let text = "赤兔 售前明细\n\n客服,询单人数\n小王,320\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(
            csv("x", &decode(&gbk)).unwrap(),
            vec![
                vec!["赤兔 售前明细".to_owned()],
                vec!["客服".to_owned(), "询单人数".to_owned()],
                vec!["小王".to_owned(), "320".to_owned()],
            ]
        );
    }

    #[test]
    fn json_objects_become_a_header_and_rows() {
        let rows =
            json("x", r#"[{"wangwang_nick":"店:小王","ask_num":320},{"wangwang_nick":"店:小林","date":"2026-11-02"}]"#)
                .unwrap();
        // The keys' order is serde_json's map order; the core maps columns by name.
        let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
        let row = |i: usize| -> Vec<&str> {
            ["wangwang_nick", "ask_num", "date"].iter().map(|h| rows[i][at(h)].as_str()).collect()
        };
        assert_eq!(rows[0].len(), 3);
        assert_eq!(row(1), ["店:小王", "320", ""]);
        assert_eq!(row(2), ["店:小林", "", "2026-11-02"]);
    }
}
