//! Reading inputs: files, directories and stdin, split into records with their places.
//!
//! A source holds one JSON value, a JSON array of records, or NDJSON (one record per
//! line). Records are passed on as text: the core reads each one, so a bad record is
//! rejected on its own and the rest go on. What cannot even be split (an array that is
//! not valid JSON, a line that is not UTF-8) is rejected here, with its place.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::value::RawValue;

use crate::error::HostError;

/// Where a record came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// File path, or `-` for stdin.
    pub source: String,
    /// 0-based index of the record in its source.
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: usize,
}

/// One record, or why it could not be taken from its source.
#[derive(Debug)]
pub struct Record {
    /// Where.
    pub place: Place,
    /// The record's JSON text, or the reason it was rejected before the core saw it.
    pub text: Result<String, kefu_core::ErrorReport>,
}

/// Reads a whole file, or stdin for `-`.
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

/// A file to read, or one found in a directory that is not to be read, with why.
pub type Input = Result<PathBuf, (PathBuf, String)>;

/// Expands directories into their `.json`, `.ndjson` and `.jsonl` files, sorted by name.
/// Inside a directory, an entry with such a name that is not a regular file (a FIFO,
/// a socket, a link to nothing) is never opened, where reading could block for ever;
/// it comes back as `Err` with the reason, so that the run reports it.
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, HostError> {
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
            .filter(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("json" | "ndjson" | "jsonl")))
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

fn line_of(text: &[u8], offset: usize) -> usize {
    text.get(..offset).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) + 1
}

/// Splits one source into records.
pub fn split_records(source: &str, bytes: &[u8]) -> Vec<Record> {
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(first) = first else {
        return Vec::new();
    };
    let place = |index, line| Place { source: source.to_owned(), index, line };
    if bytes.get(first) == Some(&b'[') {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let line = line_of(bytes, e.valid_up_to());
                return vec![Record { place: place(0, line), text: Err(utf8_error(line)) }];
            }
        };
        return match serde_json::from_str::<Vec<&RawValue>>(text) {
            Ok(values) => values
                .into_iter()
                .enumerate()
                .map(|(i, raw)| {
                    // A borrowed RawValue is a slice of `text`: its offset gives the line.
                    let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
                    Record { place: place(i, line_of(bytes, offset)), text: Ok(raw.get().to_owned()) }
                })
                .collect(),
            Err(e) => {
                let report = kefu_core::ErrorReport {
                    line: Some(e.line() as u64),
                    column: Some(e.column() as u64),
                    ..kefu_core::ErrorReport::new(
                        "KEFU-INPUT-JSON",
                        format!("the JSON array is not valid JSON, so none of its records can be read: {e}"),
                    )
                };
                vec![Record { place: place(0, line_of(bytes, first)), text: Err(report) }]
            }
        };
    }
    // One pretty-printed object spanning lines is one record, not NDJSON.
    if let Ok(text) = std::str::from_utf8(bytes) {
        if bytes.get(first) == Some(&b'{')
            && serde_json::from_str::<&RawValue>(text).is_ok()
            && text.trim().contains('\n')
        {
            return vec![Record { place: place(0, line_of(bytes, first)), text: Ok(text.trim().to_owned()) }];
        }
    }
    let mut records = Vec::new();
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line_no = n + 1;
        let text = match std::str::from_utf8(line) {
            Ok(t) => Ok(t.trim_end_matches('\r').to_owned()),
            Err(_) => Err(utf8_error(line_no)),
        };
        records.push(Record { place: place(records.len(), line_no), text });
    }
    records
}

fn utf8_error(line: usize) -> kefu_core::ErrorReport {
    kefu_core::ErrorReport::new("KEFU-INPUT-UTF8", format!("line {line} is not valid UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_give_indices_and_lines() {
        let recs = split_records("a.json", b"[\n {\"a\":1},\n {\"b\":2}\n]");
        let places: Vec<_> = recs.iter().map(|r| (r.place.index, r.place.line)).collect();
        assert_eq!(places, vec![(0, 2), (1, 3)]);
        assert_eq!(recs[1].text.as_deref().ok(), Some("{\"b\":2}"));
    }

    #[test]
    fn ndjson_skips_blank_lines_and_keeps_bad_ones() {
        let recs = split_records("a.ndjson", b"{\"a\":1}\n\n not json\n\xff\n");
        let places: Vec<_> = recs.iter().map(|r| (r.place.index, r.place.line, r.text.is_ok())).collect();
        assert_eq!(places, vec![(0, 1, true), (1, 3, true), (2, 4, false)]);
    }

    #[test]
    fn a_broken_array_is_one_rejected_record() {
        let recs = split_records("a.json", b"[{\"a\":1},");
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].text.as_ref().unwrap_err().code, "KEFU-INPUT-JSON");
    }

    #[test]
    fn a_pretty_object_is_one_record() {
        assert_eq!(split_records("a.json", b"{\n \"a\": 1\n}\n").len(), 1);
    }
}
