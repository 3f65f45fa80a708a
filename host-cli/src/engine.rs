//! The two ways to reach the core: natively, or through the guest module in wasmtime.
//!
//! Both take an operation name and a JSON input and return the core's JSON envelope, so
//! everything above this module is shared and the engines can only differ in the bytes
//! the core itself produces.

use std::path::PathBuf;

use crate::error::HostError;
use crate::wasm::{WasmEngine, WasmLimits};

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

/// Which engine, and how to set it up.
#[derive(Clone, Debug)]
pub enum EngineChoice {
    /// The core in this process.
    Native,
    /// The guest module under wasmtime.
    Wasm {
        /// Another build of the module instead of the embedded one.
        module: Option<PathBuf>,
        /// Fuel and memory caps.
        limits: WasmLimits,
        /// Where compiled modules are cached; `None` compiles every run.
        cache_dir: Option<PathBuf>,
    },
}

impl EngineChoice {
    /// Builds the engine.
    pub fn open(&self) -> Result<Box<dyn Engine>, HostError> {
        match self {
            EngineChoice::Native => Ok(Box::new(NativeEngine)),
            EngineChoice::Wasm { module, limits, cache_dir } => {
                let bytes = match module {
                    Some(path) => std::fs::read(path)
                        .map_err(|e| HostError::Io { path: path.display().to_string(), source: e })?,
                    None => crate::wasm::EMBEDDED_GUEST.to_vec(),
                };
                Ok(Box::new(WasmEngine::new(&bytes, limits.clone(), cache_dir.as_deref())?))
            }
        }
    }
}
