//! What an engine is: a way to run a core operation on a JSON input and get the core's
//! JSON envelope back. Everything above it is shared, so the engines can only differ in
//! the bytes the core itself produces. The native engine lives here; the wasmtime one in
//! `wasm.rs`; `select.rs` picks one from the arguments.

use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::error::HostError;

/// A way to run core operations.
pub trait Engine: Send {
    /// Runs `operation` on `input` and returns the envelope JSON.
    fn call(&mut self, operation: &str, input: &str) -> Result<String, HostError>;

    /// Runs a batch operation (`lint`, `decide`, `scan`) on `records`, with the other
    /// input fields in `input` (a JSON object without `records`). By default the records
    /// are put into the input as one JSON text, which is what crosses into the guest.
    fn call_batch(&mut self, operation: &str, input: &str, records: &[&str]) -> Result<String, HostError> {
        self.call(operation, &with_records(input, records)?)
    }

    /// A batch operation answered in lines (`kefu_core::api::call_batch_lines`), or
    /// `None` when this engine cannot (a guest module without `kefu_call_batch_lines`),
    /// and the caller reads [`Engine::call_batch`]'s envelope instead.
    fn call_batch_lines(
        &mut self,
        _operation: &str,
        _input: &str,
        _records: &[&str],
    ) -> Result<Option<String>, HostError> {
        Ok(None)
    }

    /// Lines for the user about the engine itself (a module cache refused), taken once.
    fn notes(&mut self) -> Vec<String> {
        Vec::new()
    }
}

/// The input with `"records"` in it, as one JSON text: `{"records":[...],` then the
/// input's own fields (the input is an object).
pub fn with_records(input: &str, records: &[&str]) -> Result<String, HostError> {
    let fields = input.trim().strip_prefix('{').ok_or_else(|| HostError::Answer("input is not an object".into()))?;
    let mut text = String::with_capacity(records.iter().map(|r| r.len() + 8).sum::<usize>() + input.len() + 16);
    text.push_str("{\"records\":");
    text.push_str(&serde_json::to_string(records).map_err(|e| HostError::Answer(e.to_string()))?);
    if !fields.trim_start().starts_with('}') {
        text.push(',');
    }
    text.push_str(fields);
    Ok(text)
}

/// A native call's time budget for policy scripts unless `--time-budget-ms` says
/// otherwise: a batch of 256 decisions with hooks takes a few milliseconds.
pub const DEFAULT_TIME_BUDGET_MS: u64 = 5_000;

/// Calls `kefu_core::api::call` in this process, with a time budget per call for
/// policy scripts (the wasm engine's fence is its fuel instead).
pub struct NativeEngine {
    /// How long one call's script may run before it fails with KEFU-SCRIPT-DEADLINE.
    pub time_budget: Duration,
}

impl NativeEngine {
    /// Arms this thread's session with the time budget, from now, for the call that follows.
    fn arm(&self) {
        let (start, budget) = (Instant::now(), self.time_budget);
        kefu_core::api::set_deadline(Some(Rc::new(move || start.elapsed() > budget)));
    }
}

fn owned(records: &[&str]) -> Vec<String> {
    records.iter().map(|r| (*r).to_owned()).collect()
}

impl Engine for NativeEngine {
    fn call(&mut self, operation: &str, input: &str) -> Result<String, HostError> {
        self.arm();
        Ok(kefu_core::api::call(operation, input))
    }

    fn call_batch(&mut self, operation: &str, input: &str, records: &[&str]) -> Result<String, HostError> {
        self.arm();
        Ok(kefu_core::api::call_batch(operation, input, owned(records)))
    }

    fn call_batch_lines(
        &mut self,
        operation: &str,
        input: &str,
        records: &[&str],
    ) -> Result<Option<String>, HostError> {
        self.arm();
        Ok(Some(kefu_core::api::call_batch_lines(operation, input, owned(records))))
    }
}
