//! Hosting the guest module with wasmtime: fuel per call, a memory cap, and a cache of
//! compiled modules.
//!
//! Cranelift takes seconds to compile the guest, so a compiled module is serialized into
//! the cache directory, keyed by the module's SHA-256 and wasmtime's compatibility hash,
//! and reused on later runs. Deserializing is as trusting as running the bytes
//! (wasmtime's own warning), so a cached module is used only when: the directory is
//! this user's and nobody else can write it; the module's bytes match the SHA-256
//! written beside them (else it is removed, compiled again, and stderr says so); and it
//! is deserialized from the very buffer that was checked. Files are written through a
//! new temporary file (exclusive create, mode 0600, never through a symlink) renamed
//! into place.

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
    /// `kefu_call_batch`, when the module has it.
    call_batch: Option<BatchFunc>,
    /// `kefu_call_batch_lines`, when the module has it.
    call_batch_lines: Option<BatchFunc>,
}

/// `kefu_call_batch(op, input, framed records)`: three (pointer, length) pairs.
type BatchFunc = TypedFunc<(u32, u32, u32, u32, u32, u32), u64>;

/// The guest module, compiled once, with a live instance.
pub struct WasmEngine {
    engine: wasmtime::Engine,
    module: Module,
    limits: WasmLimits,
    guest: Option<Guest>,
    /// The inputs of every `policy.load` that succeeded, in order: a fresh instance
    /// (after a trap) loads them again, so the handles the run holds stay valid.
    loads: Vec<String>,
    /// What the user should hear about the module cache, for stderr.
    notes: Vec<String>,
}

fn module_err(e: impl std::fmt::Display) -> HostError {
    HostError::Module(e.to_string())
}

/// The guest module compiled (or loaded from the cache) once, for every worker of a
/// run: each worker's instance then costs its own store and linear memory only, not
/// another 8 MB copy of the compiled code (64 workers took 730 MB, each with its own).
/// Cloning is cheap: wasmtime's engine and module are shared handles.
#[derive(Clone)]
pub struct Compiled {
    engine: wasmtime::Engine,
    module: Module,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled").finish_non_exhaustive()
    }
}

impl Compiled {
    /// Compiles (or loads from the cache) the module and checks it has no imports;
    /// `notes` gets what the user should hear about the cache.
    pub fn new(bytes: &[u8], cache_dir: Option<&Path>, notes: &mut Vec<String>) -> Result<Self, HostError> {
        let mut config = Config::new();
        config.consume_fuel(true);
        let engine = wasmtime::Engine::new(&config).map_err(module_err)?;
        let module = load_module(&engine, bytes, cache_dir, notes)?;
        if module.imports().len() != 0 {
            let names: Vec<String> = module.imports().map(|i| format!("{}::{}", i.module(), i.name())).collect();
            return Err(HostError::Module(format!(
                "the module has imports ({}); kefu's guest has none",
                names.join(", ")
            )));
        }
        Ok(Compiled { engine, module })
    }
}

impl WasmEngine {
    /// Compiles (or loads from the cache) and instantiates the module.
    pub fn new(bytes: &[u8], limits: WasmLimits, cache_dir: Option<&Path>) -> Result<Self, HostError> {
        let mut notes = Vec::new();
        let compiled = Compiled::new(bytes, cache_dir, &mut notes)?;
        WasmEngine::instance_of(&compiled, limits, notes)
    }

    /// A new instance of a module already compiled; `notes` are for stderr (from
    /// compiling it, for the first engine of a run).
    pub fn instance_of(compiled: &Compiled, limits: WasmLimits, notes: Vec<String>) -> Result<Self, HostError> {
        let Compiled { engine, module } = compiled.clone();
        let mut this = WasmEngine { engine, module, limits, guest: None, loads: Vec::new(), notes };
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
            call_batch: instance.get_typed_func(&mut store, "kefu_call_batch").ok(),
            call_batch_lines: instance.get_typed_func(&mut store, "kefu_call_batch_lines").ok(),
            store,
            memory,
        };
        Ok(self.guest.insert(guest))
    }

    /// A fresh instance with the run's policies loaded again, in the order they were,
    /// so that each gets back its handle.
    fn reinstantiate(&mut self) -> Result<(), HostError> {
        self.instantiate()?;
        for load in self.loads.clone() {
            let answer = self.run_in_instance("policy.load", &load)?;
            if !answer.starts_with(r#"{"type":"success""#) {
                return Err(HostError::Answer(format!("a policy that loaded before fails to load again: {answer}")));
            }
        }
        Ok(())
    }

    /// Runs one call in the live instance (a fresh one after a trap). After an error the
    /// instance's heap may be inconsistent, so the next call starts afresh.
    fn run(
        &mut self,
        operation: &str,
        input: &str,
        records: Option<&[&str]>,
        lines: bool,
    ) -> Result<String, HostError> {
        self.live()?;
        let result = match records {
            None => self.run_in_instance(operation, input),
            Some(records) => self.run_batch_in_instance(operation, input, records, lines),
        };
        if result.is_err() {
            self.guest = None;
        }
        result
    }

    /// The live instance, made afresh (with the run's policies) when there is none.
    fn live(&mut self) -> Result<&Guest, HostError> {
        if self.guest.is_none() {
            self.reinstantiate()?;
        }
        self.guest.as_ref().ok_or_else(|| HostError::Module("no instance".into()))
    }

    /// A batch through `kefu_call_batch(_lines)`, the records framed beside the input;
    /// through `kefu_call`, escaped into the input, when the module lacks it.
    fn run_batch_in_instance(
        &mut self,
        operation: &str,
        input: &str,
        records: &[&str],
        lines: bool,
    ) -> Result<String, HostError> {
        if self.guest.as_ref().is_some_and(|g| g.call_batch.is_none()) {
            return self.run_in_instance(operation, &crate::engine::with_records(input, records)?);
        }
        let mut framed = Vec::with_capacity(records.iter().map(|r| r.len() + 4).sum());
        for r in records {
            let len = u32::try_from(r.len()).map_err(|_| HostError::Answer("a record larger than 4 GiB".into()))?;
            framed.extend_from_slice(&len.to_le_bytes());
            framed.extend_from_slice(r.as_bytes());
        }
        self.invoke(operation, input, Some((&framed, lines)))
    }

    fn run_in_instance(&mut self, operation: &str, input: &str) -> Result<String, HostError> {
        self.invoke(operation, input, None)
    }

    /// One call into the instance: the buffers written, the export called under the
    /// fuel and memory caps, the answer read, every buffer freed.
    fn invoke(&mut self, operation: &str, input: &str, framed: Option<(&[u8], bool)>) -> Result<String, HostError> {
        let limits = self.limits.clone();
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
        let batch = match framed {
            Some((_, true)) => guest.call_batch_lines.clone(),
            _ => guest.call_batch.clone(),
        };
        let (packed, recs) = match (framed, batch) {
            (Some((framed, _)), Some(batch)) => {
                let recs = write(guest, framed).map_err(|e| trap(&guest.store, e))?;
                let packed = batch
                    .call(&mut guest.store, (op.0, op.1, inp.0, inp.1, recs.0, recs.1))
                    .map_err(|e| trap(&guest.store, e))?;
                (packed, recs)
            }
            _ => {
                let packed =
                    guest.call.call(&mut guest.store, (op.0, op.1, inp.0, inp.1)).map_err(|e| trap(&guest.store, e))?;
                (packed, (0, 0))
            }
        };
        let (ptr, len) = ((packed >> 32) as u32, (packed & 0xffff_ffff) as u32);
        let mut answer = vec![0u8; len as usize];
        guest
            .memory
            .read(&guest.store, ptr as usize, &mut answer)
            .map_err(|e| HostError::Trap(format!("answer out of bounds: {e}")))?;
        for (p, l) in [op, inp, recs, (ptr, len)] {
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
    fn notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    fn call_batch(&mut self, operation: &str, input: &str, records: &[&str]) -> Result<String, HostError> {
        self.run(operation, input, Some(records), false)
    }

    fn call_batch_lines(
        &mut self,
        operation: &str,
        input: &str,
        records: &[&str],
    ) -> Result<Option<String>, HostError> {
        if self.live()?.call_batch_lines.is_none() {
            return Ok(None);
        }
        self.run(operation, input, Some(records), true).map(Some)
    }

    fn call(&mut self, operation: &str, input: &str) -> Result<String, HostError> {
        let result = self.run(operation, input, None, false);
        if let Ok(answer) = &result {
            if operation == "policy.load" && answer.starts_with(r#"{"type":"success""#) {
                self.loads.push(input.to_owned());
            }
        }
        result
    }
}

/// The cache file for this module under this engine configuration.
pub fn cache_path(engine: &wasmtime::Engine, bytes: &[u8], dir: &Path) -> PathBuf {
    // The embedded module's digest was computed when kefu was built (build.rs).
    let hex: String = if std::ptr::eq(bytes, EMBEDDED_GUEST) {
        env!("KEFU_GUEST_SHA256").chars().take(32).collect()
    } else {
        Sha256::digest(bytes).iter().take(16).map(|b| format!("{b:02x}")).collect()
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut hasher);
    dir.join(format!("kefu-guest-{hex}-{:016x}.cwasm", hasher.finish()))
}

/// The file beside a cached module that holds the SHA-256 of its bytes.
fn digest_path(artifact: &Path) -> PathBuf {
    artifact.with_extension("cwasm.sha256")
}

fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Why the cache directory may not be used: a compiled module in it is run as code, so
/// it must be a directory nobody else can write (not group- or world-writable, owned by
/// this user).
#[cfg(unix)]
fn untrusted_dir(dir: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(dir).ok()?;
    if !meta.is_dir() {
        return Some(format!("{} is not a directory", dir.display()));
    }
    if meta.mode() & 0o022 != 0 {
        return Some(format!("{} is writable by others (mode {:o})", dir.display(), meta.mode() & 0o777));
    }
    // /proc/self belongs to this process's user.
    let me = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
    if me.is_some_and(|uid| uid != meta.uid()) {
        return Some(format!("{} belongs to another user", dir.display()));
    }
    None
}

#[cfg(not(unix))]
fn untrusted_dir(_dir: &Path) -> Option<String> {
    None
}

/// Creates `dir` (mode 0700) if missing, and says why it cannot be trusted if so.
fn prepare_dir(dir: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        let _ = std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir);
    }
    #[cfg(not(unix))]
    let _ = std::fs::create_dir_all(dir);
    untrusted_dir(dir)
}

/// Writes `bytes` to `path` by way of a new temporary file beside it: created
/// exclusively (never through an existing file or symlink), mode 0600, then renamed
/// over `path` in one step.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    for attempt in 0..16 {
        let tmp = path.with_extension(format!("tmp.{}.{attempt}", std::process::id()));
        let mut file = match options.open(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all()).and_then(|()| std::fs::rename(&tmp, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        return written;
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free temporary name"))
}

/// A cached module whose bytes match the digest written beside it, or why not.
fn read_verified(engine: &wasmtime::Engine, path: &Path) -> Result<Option<Module>, String> {
    let Ok(bytes) = std::fs::read(path) else { return Ok(None) };
    let want = std::fs::read_to_string(digest_path(path)).unwrap_or_default();
    if want.trim() != hex_digest(&bytes) {
        return Err(format!("{} does not match its digest", path.display()));
    }
    #[expect(
        unsafe_code,
        reason = "wasmtime runs deserialized bytes as code; these are the bytes kefu wrote, checked against their SHA-256 just now, in a directory only this user can write"
    )]
    // SAFETY: see the reason above. The bytes are checked in memory and deserialized
    // from that same buffer, so nothing can change between the check and the load.
    let loaded = unsafe { Module::deserialize(engine, &bytes) };
    loaded.map(Some).map_err(|e| format!("{} cannot be loaded: {e}", path.display()))
}

/// The module, from the cache when a verified copy is there, else compiled (and cached
/// when the directory can be trusted). `notes` gets a line for anything the user
/// should know: a cache refused, a cached module that failed its check and was replaced.
fn load_module(
    engine: &wasmtime::Engine,
    bytes: &[u8],
    cache_dir: Option<&Path>,
    notes: &mut Vec<String>,
) -> Result<Module, HostError> {
    let Some(dir) = cache_dir else {
        return Module::new(engine, bytes).map_err(module_err);
    };
    if let Some(why) = prepare_dir(dir) {
        notes.push(format!("not using the module cache: {why}; compiling the module for this run"));
        return Module::new(engine, bytes).map_err(module_err);
    }
    let path = cache_path(engine, bytes, dir);
    match read_verified(engine, &path) {
        Ok(Some(module)) => return Ok(module),
        Ok(None) => {}
        Err(why) => {
            notes.push(format!("the cached module was refused ({why}); it is removed and compiled again"));
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_file(digest_path(&path));
        }
    }
    let module = Module::new(engine, bytes).map_err(module_err)?;
    // A cache that cannot be written costs time on the next run, nothing else. The
    // digest goes first: a module found without its digest is refused and rebuilt.
    if let Ok(serialized) = module.serialize() {
        let written = write_atomically(&digest_path(&path), hex_digest(&serialized).as_bytes())
            .and_then(|()| write_atomically(&path, &serialized));
        if written.is_err() {
            // Leave no digest without its module (a later run would refuse and rebuild).
            let _ = std::fs::remove_file(digest_path(&path));
        } else {
            prune_others(dir, &path);
        }
    }
    Ok(module)
}

/// Removes the modules an earlier build of kefu cached (and their digests): each build
/// writes a module of 6-8 MB under a new name, and nothing else ever removes them (a
/// developer's cache held 200 MB after a day). Another kefu version sharing the
/// directory compiles once more; that is the whole cost.
fn prune_others(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with("kefu-guest-") && (name.ends_with(".cwasm") || name.ends_with(".cwasm.sha256"));
        if ours && path != keep && path != digest_path(keep) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A symlink planted where the temporary file goes is never written through: the
    /// write takes another name, and the link's target is untouched.
    #[test]
    fn writes_never_follow_a_planted_symlink() {
        let dir = std::env::temp_dir().join(format!("kefu-atomic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let path = dir.join("module.cwasm");
        let planted = path.with_extension(format!("tmp.{}.0", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_atomically(&path, b"artifact").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(std::fs::read(&path).unwrap(), b"artifact");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[cfg(test)]
mod fallback_tests {
    use super::*;
    use crate::engine::Engine;

    /// A guest of the ABI's first shape: no `kefu_call_batch`, and a `kefu_call` that
    /// answers with the input it was given, so the test sees what the host sent.
    fn echo_guest() -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module
                (memory (export "memory") 1)
                (global $next (mut i32) (i32.const 1024))
                (func (export "kefu_abi_version") (result i32) (i32.const {abi}))
                (func (export "kefu_alloc") (param $len i32) (result i32) (local $p i32)
                    (local.set $p (global.get $next))
                    (global.set $next (i32.add (global.get $next) (local.get $len)))
                    (local.get $p))
                (func (export "kefu_free") (param i32 i32))
                (func (export "kefu_call") (param i32 i32) (param $in i32) (param $len i32) (result i64)
                    (i64.or (i64.shl (i64.extend_i32_u (local.get $in)) (i64.const 32))
                            (i64.extend_i32_u (local.get $len)))))"#,
            abi = kefu_core::api::ABI_VERSION
        ))
        .unwrap()
    }

    #[test]
    fn a_guest_without_the_batch_export_gets_the_records_in_its_input() {
        let mut engine = WasmEngine::new(&echo_guest(), WasmLimits::default(), None).unwrap();
        let records = [r#"{"order_id":"1"}"#, "not \"json\""];
        let sent = engine.call_batch("decide", r#"{"policy_handle":0}"#, &records).unwrap();
        assert_eq!(sent, r#"{"records":["{\"order_id\":\"1\"}","not \"json\""],"policy_handle":0}"#);
        assert_eq!(sent, crate::engine::with_records(r#"{"policy_handle":0}"#, &records).unwrap());
        // Nor does it answer in lines: the caller is told to read the envelope.
        assert!(engine.call_batch_lines("decide", "{}", &records).unwrap().is_none());
    }

    /// kefu's own guest answers in lines, and its lines are the native core's.
    #[test]
    fn the_embedded_guest_answers_a_batch_in_lines_as_the_native_core_does() {
        let mut engine = WasmEngine::new(EMBEDDED_GUEST, WasmLimits::default(), None).unwrap();
        let case = r#"{"now":"2026-11-25T10:00:00+08:00","order":{"order_id":"1","status":"paid","total":"1.00"},"request":{"kind":"cancel"}}"#;
        let records = [case, "not json", case];
        let lines = engine.call_batch_lines("decide", "{}", &records).unwrap().expect("lines");
        let native =
            kefu_core::api::call_batch_lines("decide", "{}", records.iter().map(|r| (*r).to_owned()).collect());
        assert_eq!(lines, native);
        assert_eq!(lines.lines().count(), 4, "{lines}");
    }
}
