//! The compiled-module cache is verified before it is run: a changed byte, a missing
//! digest or a directory others can write never reaches wasmtime's deserializer.
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ORDER: &str = r#"{"order_id":"1","status":"shipped","total":"1.00","flag":"purple","remark":"x"}"#;

fn kefu(cache: &Path) -> Output {
    let dir = cache.parent().unwrap();
    let input = dir.join("order.json");
    std::fs::write(&input, ORDER).unwrap();
    Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["--cache-dir", cache.to_str().unwrap(), "lint", "--format", "ndjson", input.to_str().unwrap()])
        .output()
        .expect("kefu runs")
}

/// A fresh directory for one test.
fn fresh(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("cache")
}

fn artifact(cache: &Path) -> PathBuf {
    std::fs::read_dir(cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "cwasm"))
        .expect("a cached module")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_cache_is_written_private_with_a_digest() {
    let cache = fresh("private");
    let first = kefu(&cache);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let module = artifact(&cache);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cache), 0o700);
    assert_eq!(mode(&module), 0o600);
    assert!(module.with_extension("cwasm.sha256").is_file());
    let second = kefu(&cache);
    assert_eq!(second.stdout, first.stdout);
    assert!(stderr(&second).is_empty(), "a verified cache says nothing: {}", stderr(&second));
}

/// Flipped bytes crashed every later run (SIGSEGV/SIGABRT) and a 20-byte edit changed
/// answers. Now the module is refused, removed, compiled again, and stderr says so.
#[test]
fn a_changed_module_is_refused_and_rebuilt() {
    let cache = fresh("tampered");
    let clean = kefu(&cache);
    let module = artifact(&cache);
    for (edit, at) in [("flip", 0.5), ("twenty bytes", 0.3), ("truncate", 0.0)] {
        let mut bytes = std::fs::read(&module).unwrap();
        let i = (bytes.len() as f64 * at) as usize;
        match edit {
            "flip" => bytes[i] ^= 0xff,
            "twenty bytes" => bytes[i..i + 20].iter_mut().for_each(|b| *b = b.wrapping_add(1)),
            _ => bytes.truncate(100),
        }
        std::fs::write(&module, &bytes).unwrap();
        let out = kefu(&cache);
        assert_eq!(out.status.code(), Some(1), "{edit}: {}", stderr(&out));
        assert_eq!(out.stdout, clean.stdout, "{edit}: same answers");
        assert!(stderr(&out).contains("refused"), "{edit}: {}", stderr(&out));
        let again = kefu(&cache);
        assert!(stderr(&again).is_empty(), "{edit}: rebuilt and trusted again: {}", stderr(&again));
    }
    // A module without its digest is refused too.
    std::fs::remove_file(module.with_extension("cwasm.sha256")).unwrap();
    let out = kefu(&cache);
    assert_eq!(out.stdout, clean.stdout);
    assert!(stderr(&out).contains("refused"), "{}", stderr(&out));
}

/// A directory others can write is not used at all: anyone could plant a module there.
#[test]
fn a_directory_others_can_write_is_not_used() {
    let cache = fresh("shared");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = kefu(&cache);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("writable by others"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0, "nothing written there");
}

/// Each build caches its module under a new name; the ones earlier builds left (and
/// their digests) go when a new one is written, and nothing else in the directory does.
#[test]
fn modules_of_earlier_builds_are_removed() {
    let cache = fresh("prune");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o700)).unwrap();
    let old = cache.join("kefu-guest-00000000000000000000000000000000-0000000000000000.cwasm");
    std::fs::write(&old, b"an earlier build's module").unwrap();
    std::fs::write(old.with_extension("cwasm.sha256"), b"0").unwrap();
    std::fs::write(cache.join("notes.txt"), b"not kefu's").unwrap();
    let out = kefu(&cache);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let names: Vec<String> =
        std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!old.exists() && !old.with_extension("cwasm.sha256").exists(), "{names:?}");
    assert!(cache.join("notes.txt").exists());
    assert_eq!(names.len(), 3, "this build's module, its digest, and the other file: {names:?}");
}
