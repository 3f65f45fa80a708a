//! What `lint`, `decide` and `scan` share: a chunk of records sent to the core in
//! batches, each record ending linted/decided or rejected.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{at, envelope};
use crate::engine::Engine;
use crate::error::HostError;
use crate::source::Place;

/// Input bytes per call, besides the record count: keeps each call well inside the caps.
const BATCH_BYTES: usize = 4 << 20;

/// What became of one record.
pub enum Outcome {
    /// The core's result for the record, as the core wrote it: consumers parse only
    /// what they need, and can print it without re-encoding.
    Done(Box<RawValue>),
    /// The record's error report.
    Rejected(Value),
}

/// Sends the readable records to `operation` in batches, with `extra` fields (policy,
/// now) beside `records`; a batch that hits a guest cap is retried record by record so
/// that only the costly record is rejected.
pub fn run_texts(
    records: &[Result<String, Box<kefu_core::ErrorReport>>],
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
        match call(engine, operation, extra, chunk) {
            Ok(results) => assign(&mut outcomes, chunk, results),
            Err(e) if e.is_per_call() => {
                // Record by record: whatever a retry fails with is that record's failure
                // alone (a trap, a cap, or anything the fresh instance answers), so one
                // costly record never costs the run.
                for one in chunk {
                    let single = std::slice::from_ref(one);
                    match call(engine, operation, extra, single) {
                        Ok(results) => assign(&mut outcomes, single, results),
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

fn assign(outcomes: &mut [Option<Outcome>], chunk: &[(usize, &str)], results: Vec<Box<RawValue>>) {
    #[derive(Deserialize)]
    struct Rejected {
        error: Value,
    }
    for ((index, _), result) in chunk.iter().zip(results) {
        // The core writes a rejected record as exactly `{"error":{...}}`.
        let outcome = match result.get().starts_with("{\"error\":") {
            true => match serde_json::from_str::<Rejected>(result.get()) {
                Ok(r) => Outcome::Rejected(r.error),
                Err(_) => Outcome::Done(result),
            },
            false => Outcome::Done(result),
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
) -> Result<Vec<Box<RawValue>>, HostError> {
    let input = serde_json::to_string(extra).map_err(|e| HostError::Answer(e.to_string()))?;
    let records: Vec<&str> = chunk.iter().map(|(_, t)| *t).collect();
    let text = engine.call_batch(operation, &input, &records)?;
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
    let answer: Answer<'_> = serde_json::from_str(&text).map_err(|e| HostError::Answer(e.to_string()))?;
    let Some(results) = answer.result else {
        let failure = envelope(&text)?;
        return Err(HostError::Core(at(&failure, "/errors/0").clone()));
    };
    let results: Vec<Box<RawValue>> = results.results.into_iter().map(RawValue::to_owned).collect();
    if results.len() != chunk.len() {
        return Err(HostError::Answer(format!("{} results for {} records", results.len(), chunk.len())));
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
