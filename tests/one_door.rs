//! One door (issue 23): the hosts reach the core through `kefu_core::api` alone, so
//! that business logic lives in the core and the three hosts cannot disagree on it.
//! A host file that names another core module (`kefu_core::ingest::…`,
//! `kefu_core::model::…`, a crate-root re-export such as `kefu_core::Order`, or a
//! `use kefu_core::{…}` group) fails this test with the file and line.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a test fails by panicking")]

use std::path::{Path, PathBuf};

use kefu_tests::root;

/// The hosts' source folders: the CLI, the browser package and the guest module.
const HOSTS: [&str; 3] = ["host-cli/src", "wasm-pkg/src", "guest/src"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every place in `text` where the core crate is named other than as `kefu_core::api`.
fn side_doors(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("kefu_core") {
            let after = &rest[at + "kefu_core".len()..];
            let through_api = after.starts_with("::api")
                && !after["::api".len()..].starts_with(|c: char| c == '_' || c.is_alphanumeric());
            // `kefu_core` alone (a crate name in prose, `extern crate`) opens no door.
            if after.starts_with("::") && !through_api {
                found.push((n + 1, line.trim().to_owned()));
                break;
            }
            rest = after;
        }
    }
    found
}

#[test]
fn hosts_name_no_core_module_but_api() {
    let mut files = Vec::new();
    for host in HOSTS {
        rust_files(&root().join(host), &mut files);
    }
    assert!(files.len() > 20, "the hosts' sources were not found: {files:?}");
    let mut doors = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, code) in side_doors(&text) {
            doors.push(format!("{}:{line}: {code}", file.strip_prefix(root()).unwrap_or(file).display()));
        }
    }
    assert!(doors.is_empty(), "host code reaching the core besides kefu_core::api:\n{}", doors.join("\n"));
}

#[test]
fn the_check_sees_every_kind_of_side_door() {
    let doors = |t: &str| side_doors(t).len();
    assert_eq!(doors("use kefu_core::ingest::Mapping;"), 1);
    assert_eq!(doors("use kefu_core::{api, model};"), 1);
    assert_eq!(doors("let o = kefu_core::Order::default();"), 1);
    assert_eq!(doors("use kefu_core::apis::X;"), 1);
    assert_eq!(doors("use kefu_core::api::{Columns, Mapping};"), 0);
    assert_eq!(doors("kefu_core::api::call(\"lint\", \"{}\")"), 0);
    assert_eq!(doors("//! hands JSON to kefu_core, the rules core"), 0);
}

/// The extension's names (extension/static/names.json) are the core's `names` answer:
/// the browser package leaves the catalog out to stay small (core/Cargo.toml, feature
/// `catalog`), so the extension's build writes the file from `kefu names`. A name
/// changed in the core and not rebuilt into the extension fails here.
#[test]
fn the_extensions_names_are_the_cores() {
    let answer: serde_json::Value = serde_json::from_str(&kefu_core::api::call("names", "{}")).unwrap();
    let path = root().join("extension/static/names.json");
    let shipped: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(
        shipped == answer["result"]["names"],
        "{} differs from the core's names: rebuild the extension (cd extension && node scripts/build.mjs)",
        path.display()
    );
}
