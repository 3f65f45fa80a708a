//! What an engine is: a way to run a core operation on a JSON input and get the core's
//! JSON envelope back. Everything above it is shared, so the engines can only differ in
//! the bytes the core itself produces. The native engine lives here; the wasmtime one in
//! `wasm.rs`; `select.rs` picks one from the arguments.

use crate::error::HostError;

/// A way to run core operations.
pub trait Engine {
    /// Runs `operation` on `input` and returns the envelope JSON.
    fn call(&mut self, operation: &str, input: &str) -> Result<String, HostError>;
}

/// Calls `kefu_core::api::call` in this process.
pub struct NativeEngine;

impl Engine for NativeEngine {
    fn call(&mut self, operation: &str, input: &str) -> Result<String, HostError> {
        Ok(kefu_core::api::call(operation, input))
    }
}
