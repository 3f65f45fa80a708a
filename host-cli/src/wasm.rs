//! Hosting the guest module with wasmtime: fuel per call, a memory cap, and a cache of
//! compiled modules.
//!
//! Cranelift takes seconds to compile the guest, so a compiled module is serialized into
//! the cache directory, keyed by the module's SHA-256 and wasmtime's compatibility hash,
//! and reused on later runs. Only kefu writes that directory; deserializing a file is
//! as trusting as running it, so point `--cache-dir` only at a directory you own.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::{Config, Instance, Memory, Module, ResourceLimiter, Store, Trap, TypedFunc};

use crate::error::HostError;

/// The guest module built with this CLI (see build.rs).
pub static EMBEDDED_GUEST: &[u8] = include_bytes!(env!("KEFU_GUEST_WASM_PATH"));

/// Fuel per call unless the user sets `--fuel`: far above any honest batch (a 256-order
/// lint batch takes well under 1 % of it), low enough that a runaway stops in seconds.
pub const DEFAULT_FUEL_PER_CALL: u64 = 5_000_000_000;

/// Largest guest memory unless the user sets `--max-memory`, in MiB.
pub const DEFAULT_MAX_MEMORY_MIB: u64 = 512;

/// Caps for one guest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WasmLimits {
    /// Fuel for each call (about one unit per wasm instruction).
    pub fuel_per_call: u64,
    /// Largest linear memory, in bytes.
    pub max_memory_bytes: u64,
}

impl Default for WasmLimits {
    fn default() -> Self {
        WasmLimits { fuel_per_call: DEFAULT_FUEL_PER_CALL, max_memory_bytes: DEFAULT_MAX_MEMORY_MIB << 20 }
    }
}

/// Refuses memory growth past the cap and remembers that it did, so that the trap that
/// follows (the guest's allocator aborts) can be reported as the cap, not as a crash.
struct CapLimiter {
    max_memory_bytes: u64,
    hit: bool,
}

impl ResourceLimiter for CapLimiter {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let ok = desired as u64 <= self.max_memory_bytes;
        self.hit |= !ok;
        Ok(ok)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= 100_000)
    }
}

struct Guest {
    store: Store<CapLimiter>,
    memory: Memory,
    alloc: TypedFunc<u32, u32>,
    free: TypedFunc<(u32, u32), ()>,
    call: TypedFunc<(u32, u32, u32, u32), u64>,
}

/// The guest module, compiled once, with a live instance.
pub struct WasmEngine {
    engine: wasmtime::Engine,
    module: Module,
    limits: WasmLimits,
    guest: Option<Guest>,
}

fn module_err(e: impl std::fmt::Display) -> HostError {
    HostError::Module(e.to_string())
}

impl WasmEngine {
    /// Compiles (or loads from the cache) and instantiates the module.
    pub fn new(bytes: &[u8], limits: WasmLimits, cache_dir: Option<&Path>) -> Result<Self, HostError> {
        let mut config = Config::new();
        config.consume_fuel(true);
        let engine = wasmtime::Engine::new(&config).map_err(module_err)?;
        let module = load_module(&engine, bytes, cache_dir)?;
        if module.imports().len() != 0 {
            let names: Vec<String> = module.imports().map(|i| format!("{}::{}", i.module(), i.name())).collect();
            return Err(HostError::Module(format!(
                "the module has imports ({}); kefu's guest has none",
                names.join(", ")
            )));
        }
        let mut this = WasmEngine { engine, module, limits, guest: None };
        this.instantiate()?;
        Ok(this)
    }

    /// Number of imports of the loaded module (always 0 for a kefu guest).
    pub fn import_count(&self) -> usize {
        self.module.imports().len()
    }

    fn instantiate(&mut self) -> Result<&mut Guest, HostError> {
        let limiter = CapLimiter { max_memory_bytes: self.limits.max_memory_bytes, hit: false };
        let mut store = Store::new(&self.engine, limiter);
        store.limiter(|l| l);
        store.set_fuel(self.limits.fuel_per_call).map_err(module_err)?;
        let instance = Instance::new(&mut store, &self.module, &[]).map_err(module_err)?;
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or_else(|| HostError::Module("the module exports no `memory`".into()))?;
        let version: TypedFunc<(), u32> =
            instance.get_typed_func(&mut store, "kefu_abi_version").map_err(module_err)?;
        let found = version.call(&mut store, ()).map_err(module_err)?;
        if found != kefu_core::api::ABI_VERSION {
            return Err(HostError::Abi { found, expected: kefu_core::api::ABI_VERSION });
        }
        let guest = Guest {
            alloc: instance.get_typed_func(&mut store, "kefu_alloc").map_err(module_err)?,
            free: instance.get_typed_func(&mut store, "kefu_free").map_err(module_err)?,
            call: instance.get_typed_func(&mut store, "kefu_call").map_err(module_err)?,
            store,
            memory,
        };
        Ok(self.guest.insert(guest))
    }

    fn run(&mut self, operation: &str, input: &str) -> Result<String, HostError> {
        let limits = self.limits.clone();
        if self.guest.is_none() {
            self.instantiate()?;
        }
        let guest = self.guest.as_mut().ok_or_else(|| HostError::Module("no instance".into()))?;
        guest.store.set_fuel(limits.fuel_per_call).map_err(module_err)?;
        let trap = |store: &Store<CapLimiter>, e: wasmtime::Error| -> HostError {
            if store.data().hit {
                HostError::MemoryCap { cap_mib: limits.max_memory_bytes >> 20 }
            } else if e.downcast_ref::<Trap>() == Some(&Trap::OutOfFuel) {
                HostError::OutOfFuel { fuel: limits.fuel_per_call }
            } else {
                HostError::Trap(format!("{e:#}"))
            }
        };
        let op = write(guest, operation.as_bytes()).map_err(|e| trap(&guest.store, e))?;
        let inp = write(guest, input.as_bytes()).map_err(|e| trap(&guest.store, e))?;
        let packed =
            guest.call.call(&mut guest.store, (op.0, op.1, inp.0, inp.1)).map_err(|e| trap(&guest.store, e))?;
        let (ptr, len) = ((packed >> 32) as u32, (packed & 0xffff_ffff) as u32);
        let mut answer = vec![0u8; len as usize];
        guest
            .memory
            .read(&guest.store, ptr as usize, &mut answer)
            .map_err(|e| HostError::Trap(format!("answer out of bounds: {e}")))?;
        for (p, l) in [op, inp, (ptr, len)] {
            guest.free.call(&mut guest.store, (p, l)).map_err(|e| trap(&guest.store, e))?;
        }
        String::from_utf8(answer).map_err(|e| HostError::Answer(e.to_string()))
    }
}

fn write(guest: &mut Guest, bytes: &[u8]) -> wasmtime::Result<(u32, u32)> {
    let len = u32::try_from(bytes.len()).map_err(|_| wasmtime::Error::msg("input larger than 4 GiB"))?;
    let ptr = guest.alloc.call(&mut guest.store, len)?;
    guest.memory.write(&mut guest.store, ptr as usize, bytes)?;
    Ok((ptr, len))
}

impl crate::engine::Engine for WasmEngine {
    fn call(&mut self, operation: &str, input: &str) -> Result<String, HostError> {
        let result = self.run(operation, input);
        if result.is_err() {
            // After a trap the instance's heap may be inconsistent: start afresh next call.
            self.guest = None;
        }
        result
    }
}

/// The cache file for this module under this engine configuration.
pub fn cache_path(engine: &wasmtime::Engine, bytes: &[u8], dir: &Path) -> PathBuf {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut hasher);
    dir.join(format!("kefu-guest-{hex}-{:016x}.cwasm", hasher.finish()))
}

fn load_module(engine: &wasmtime::Engine, bytes: &[u8], cache_dir: Option<&Path>) -> Result<Module, HostError> {
    let Some(dir) = cache_dir else {
        return Module::new(engine, bytes).map_err(module_err);
    };
    let path = cache_path(engine, bytes, dir);
    if path.is_file() {
        #[expect(
            unsafe_code,
            reason = "the cache directory is kefu's own; its files were written by Module::serialize for this engine configuration, as the key says"
        )]
        // SAFETY: see the reason above; a file that fails to load is recompiled.
        let loaded = unsafe { Module::deserialize_file(engine, &path) };
        if let Ok(module) = loaded {
            return Ok(module);
        }
    }
    let module = Module::new(engine, bytes).map_err(module_err)?;
    // A cache that cannot be written costs time on the next run, nothing else.
    if let Ok(serialized) = module.serialize() {
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, serialized))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
    Ok(module)
}
