//! Builds the guest module (`kefu-guest` for `wasm32-unknown-unknown`, profile `guest`)
//! and hands its path to the CLI, which embeds it with `include_bytes!`.
//!
//! The nested cargo uses its own target directory, so it never waits on the lock of
//! the build that runs this script. Set `KEFU_GUEST_WASM=/path/to/kefu_guest.wasm` to
//! embed a module built elsewhere instead.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=KEFU_GUEST_WASM");
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    let embedded = out_dir.join("kefu_guest.wasm");

    let built = match env::var_os("KEFU_GUEST_WASM") {
        Some(path) => PathBuf::from(path),
        None => build_guest(),
    };
    if let Err(e) = std::fs::copy(&built, &embedded) {
        fail(&format!("cannot copy the guest module from {}: {e}", built.display()));
    }
    println!("cargo:rustc-env=KEFU_GUEST_WASM_PATH={}", embedded.display());
    // The module's SHA-256 names its cache entry; computed here once rather than over
    // 2.7 MB at every start (a quarter of the wasm engine's start-up hashing).
    match std::fs::read(&embedded) {
        Ok(bytes) => {
            use sha2::Digest;
            let hex: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            println!("cargo:rustc-env=KEFU_GUEST_SHA256={hex}");
        }
        Err(e) => fail(&format!("cannot read the guest module {}: {e}", embedded.display())),
    }
}

fn build_guest() -> PathBuf {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    for watched in ["core/src", "core/Cargo.toml", "guest/src", "guest/Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let target_dir =
        env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target")).join("guest-build");
    ensure_wasm_target(&root);
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--quiet", "-p", "kefu-guest", "--target", "wasm32-unknown-unknown", "--profile", "guest"])
        .arg("--target-dir")
        .arg(&target_dir)
        // The outer build's flags and wrappers (clippy, coverage) are not the guest's.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_TARGET_DIR")
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => fail(&format!(
            "building the guest module failed ({s}); is the wasm32-unknown-unknown target installed? (rustup target add wasm32-unknown-unknown)"
        )),
        Err(e) => fail(&format!("cannot run cargo to build the guest module: {e}")),
    }
    target_dir.join("wasm32-unknown-unknown/guest/kefu_guest.wasm")
}

/// rust-toolchain.toml lists the wasm target, but rustup installs listed targets only
/// with a new toolchain; on a machine that already had stable, add it here so that a
/// plain `cargo build` works on a fresh clone.
fn ensure_wasm_target(root: &Path) {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let sysroot = Command::new(rustc).args(["--print", "sysroot"]).output();
    let has_target = match sysroot {
        Ok(out) => {
            let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            dir.join("lib/rustlib/wasm32-unknown-unknown").is_dir()
        }
        Err(_) => true, // cannot tell; let the build say what is missing
    };
    if has_target {
        return;
    }
    println!("cargo:warning=installing the wasm32-unknown-unknown target with rustup (needed for the guest module)");
    let _ = Command::new("rustup").current_dir(root).args(["target", "add", "wasm32-unknown-unknown"]).status();
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
