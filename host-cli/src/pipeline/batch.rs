//! What `lint`, `decide` and `scan` share: a chunk of records sent to the core in
//! batches, each record ending linted/decided or rejected.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::answer::{at, envelope};
use crate::engine::Engine;
use crate::error::HostError;
use crate::source::Place;

/// Input bytes per call, besides the record count: keeps each call well inside the caps.
const BATCH_BYTES: usize = 4 << 20;

/// What became of one record.
pub enum Outcome {
    /// The core's result for the record, one JSON object on one line as the core wrote
    /// it: consumers parse only what they need, and can print it without re-encoding.
    Done(String),
    /// The record's error report.
    Rejected(Value),
}

/// Sends the readable records to `operation` in batches, with `extra` fields (policy,
/// now) beside `records`; a batch that hits a guest cap is retried record by record so
/// that only the costly record is rejected.
pub fn run_texts(
    records: &[Result<String, Box<kefu_core::api::ErrorReport>>],
    engine: &mut dyn Engine,
    operation: &str,
    extra: &Map<String, Value>,
    batch: usize,
) -> Result<Vec<Outcome>, HostError> {
    let mut outcomes: Vec<Option<Outcome>> = records
        .iter()
        .map(|r| r.as_ref().err().map(|e| Outcome::Rejected(serde_json::to_value(e).unwrap_or(Value::Null))))
        .collect();
    let pending: Vec<(usize, &str)> =
        records.iter().enumerate().filter_map(|(i, r)| r.as_deref().ok().map(|t| (i, t))).collect();
    let mut start = 0;
    while start < pending.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < pending.len() && end - start < batch && (end == start || bytes < BATCH_BYTES) {
            bytes += pending.get(end).map_or(0, |(_, t)| t.len());
            end += 1;
        }
        let chunk = pending.get(start..end).unwrap_or_default();
        match call(engine, operation, extra, chunk, &mut outcomes) {
            Ok(()) => {}
            Err(e) if e.is_per_call() => {
                // Record by record: whatever a retry fails with is that record's failure
                // alone (a trap, a cap, or anything the fresh instance answers), so one
                // costly record never costs the run.
                for one in chunk {
                    let single = std::slice::from_ref(one);
                    match call(engine, operation, extra, single, &mut outcomes) {
                        Ok(()) => {}
                        Err(e) => {
                            if let Some(slot) = outcomes.get_mut(one.0) {
                                *slot =
                                    Some(Outcome::Rejected(serde_json::to_value(e.report()).unwrap_or(Value::Null)));
                            }
                        }
                    }
                }
            }
            Err(e) => return Err(e),
        }
        start = end;
    }
    outcomes.into_iter().map(|o| o.ok_or_else(|| HostError::Answer("a record got no result".into()))).collect()
}

fn assign(outcomes: &mut [Option<Outcome>], chunk: &[(usize, &str)], results: Vec<&str>) {
    #[derive(Deserialize)]
    struct Rejected {
        error: Value,
    }
    for ((index, _), result) in chunk.iter().zip(results) {
        // The core writes a rejected record as exactly `{"error":{...}}`.
        let outcome = match result.starts_with("{\"error\":") {
            true => match serde_json::from_str::<Rejected>(result) {
                Ok(r) => Outcome::Rejected(r.error),
                Err(_) => Outcome::Done(result.to_owned()),
            },
            false => Outcome::Done(result.to_owned()),
        };
        if let Some(slot) = outcomes.get_mut(*index) {
            *slot = Some(outcome);
        }
    }
}

fn call(
    engine: &mut dyn Engine,
    operation: &str,
    extra: &Map<String, Value>,
    chunk: &[(usize, &str)],
    outcomes: &mut [Option<Outcome>],
) -> Result<(), HostError> {
    let input = serde_json::to_string(extra).map_err(|e| HostError::Answer(e.to_string()))?;
    let records: Vec<&str> = chunk.iter().map(|(_, t)| *t).collect();
    let (text, in_lines) = match engine.call_batch_lines(operation, &input, &records)? {
        Some(text) => (text, true),
        None => (engine.call_batch(operation, &input, &records)?, false),
    };
    let results = if in_lines { lines(&text)? } else { parsed(&text)? };
    if results.len() != chunk.len() {
        return Err(HostError::Answer(format!("{} results for {} records", results.len(), chunk.len())));
    }
    assign(outcomes, chunk, results);
    Ok(())
}

/// The results of a batch envelope (from an engine that cannot answer in lines), or the
/// core's failure.
fn parsed(text: &str) -> Result<Vec<&str>, HostError> {
    #[derive(Deserialize)]
    struct Results<'a> {
        #[serde(borrow)]
        results: Vec<&'a RawValue>,
    }
    #[derive(Deserialize)]
    struct Answer<'a> {
        #[serde(borrow)]
        result: Option<Results<'a>>,
    }
    let answer: Answer<'_> = serde_json::from_str(text).map_err(|e| HostError::Answer(e.to_string()))?;
    let Some(results) = answer.result else {
        let failure = envelope(text)?;
        return Err(HostError::Core(at(&failure, "/errors/0").clone()));
    };
    Ok(results.results.into_iter().map(RawValue::get).collect())
}

/// The records' results in a batch answered in lines: each line after the header is one
/// result as the core wrote it. Reading the envelope instead (serde_json `RawValue`)
/// went through every byte of it once more, a fifth of a native `kefu decide`
/// (BENCHMARKS.md, issue 14); here a search for the line break finds each.
fn lines(text: &str) -> Result<Vec<&str>, HostError> {
    let Some(body) = text.strip_prefix(kefu_core::api::LINES_HEADER) else {
        let failure = envelope(text)?;
        return Err(HostError::Core(at(&failure, "/errors/0").clone()));
    };
    if !body.is_empty() && !body.ends_with('\n') {
        return Err(HostError::Answer("a batch answer in lines that does not end its last line".into()));
    }
    let mut results = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', body.as_bytes()) {
        let line = body.get(start..end).unwrap_or_default();
        // Every result is an object; a module that writes anything else (`--module`
        // takes any) is refused here rather than printed as it is.
        if !(line.starts_with('{') && line.ends_with('}')) {
            return Err(HostError::Answer(format!("a batch answer line that is not a JSON object: {line:.80}")));
        }
        results.push(line);
        start = end + 1;
    }
    Ok(results)
}

/// A rejected record with its place, as printed.
#[derive(Serialize)]
pub struct Rejection<'a> {
    /// Where.
    #[serde(flatten)]
    pub place: &'a Place,
    /// Why.
    pub error: &'a Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_in_lines_gives_each_line_or_the_core_s_failure() {
        let ok = format!("{}{{\"a\":1}}\n{{\"error\":{{}}}}\n", kefu_core::api::LINES_HEADER);
        assert_eq!(lines(&ok).unwrap(), vec![r#"{"a":1}"#, r#"{"error":{}}"#]);
        assert_eq!(lines(kefu_core::api::LINES_HEADER).unwrap(), Vec::<&str>::new());
        let not_an_object = format!("{}{{\"a\":1}}\n[1]\n", kefu_core::api::LINES_HEADER);
        assert!(matches!(lines(&not_an_object), Err(HostError::Answer(_))));
        let unended = format!("{}{{\"a\":1}}", kefu_core::api::LINES_HEADER);
        assert!(matches!(lines(&unended), Err(HostError::Answer(_))));
        let failure = r#"{"type":"failure","errors":[{"code":"KEFU-X","message":"m"}]}"#;
        match lines(failure) {
            Err(HostError::Core(report)) => assert_eq!(report["code"], "KEFU-X"),
            other => panic!("{other:?}"),
        }
    }
}
