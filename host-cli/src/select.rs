//! Choosing the engine from the command line and opening it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::cli::{EngineArgs, EngineKind};
use crate::engine::{Engine, NativeEngine};
use crate::error::HostError;
use crate::wasm::{Compiled, WasmEngine, WasmLimits, EMBEDDED_GUEST};

/// Which engine, and how to set it up.
#[derive(Clone, Debug)]
pub enum EngineChoice {
    /// The core in this process.
    Native {
        /// How long one call's policy script may run.
        time_budget: Duration,
    },
    /// The guest module under wasmtime.
    Wasm {
        /// Another build of the module instead of the embedded one.
        module: Option<PathBuf>,
        /// Fuel and memory caps.
        limits: WasmLimits,
        /// Where compiled modules are cached; `None` compiles every run.
        cache_dir: Option<PathBuf>,
        /// The module once the first engine has compiled or loaded it: every further
        /// engine (each worker's) is an instance of it, so `--jobs N` holds the compiled
        /// code once, and compiles it once under --no-cache.
        compiled: Arc<Mutex<Option<Compiled>>>,
    },
}

impl EngineChoice {
    /// Builds the engine.
    pub fn open(&self) -> Result<Box<dyn Engine>, HostError> {
        match self {
            EngineChoice::Native { time_budget } => Ok(Box::new(NativeEngine { time_budget: *time_budget })),
            EngineChoice::Wasm { module, limits, cache_dir, compiled } => {
                // Held while the first engine compiles: the other workers wait for its
                // module instead of each compiling their own.
                let mut shared = compiled.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if let Some(compiled) = shared.clone() {
                    drop(shared);
                    return Ok(Box::new(WasmEngine::instance_of(&compiled, limits.clone(), Vec::new())?));
                }
                let bytes: std::borrow::Cow<'static, [u8]> = match module {
                    Some(path) => std::fs::read(path)
                        .map_err(|e| HostError::Io { path: path.display().to_string(), source: e })?
                        .into(),
                    // Borrowed, not copied: the cache key of the embedded module was
                    // computed at build time, and is used when these are its bytes.
                    None => EMBEDDED_GUEST.into(),
                };
                let mut notes = Vec::new();
                let new = Compiled::new(&bytes, cache_dir.as_deref(), &mut notes)?;
                // Shared once an instance of it has started (the ABI version checked).
                let engine = WasmEngine::instance_of(&new, limits.clone(), notes)?;
                *shared = Some(new);
                Ok(Box::new(engine))
            }
        }
    }
}

/// Turns the engine flags into a checked choice.
pub fn engine_choice(args: &EngineArgs) -> EngineChoice {
    match args.engine {
        EngineKind::Native => EngineChoice::Native { time_budget: Duration::from_millis(args.time_budget_ms) },
        EngineKind::Wasm => EngineChoice::Wasm {
            module: args.module.clone(),
            limits: WasmLimits { fuel_per_call: args.fuel, max_memory_bytes: args.max_memory.saturating_mul(1 << 20) },
            cache_dir: if args.no_cache { None } else { args.cache_dir.clone().or_else(default_cache_dir) },
            compiled: Arc::default(),
        },
    }
}

fn default_cache_dir() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    var("KEFU_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("kefu")))
        .or_else(|| var("HOME").map(|d| d.join(".cache").join("kefu")))
}
