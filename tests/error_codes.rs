//! The error codes' table (`core/src/model/code.rs`, `kefu_core::api::Code`) against the
//! project: `docs/ERRORS.md` is the table, every `KEFU-…` string anywhere is in it, every
//! code is raised somewhere, and no report is built from a string. Here, not beside the
//! table, because it reads the repository's files and the core has no IO.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a test fails by panicking")]

use std::path::{Path, PathBuf};

use kefu_core::api::Code;
use kefu_tests::root;

#[test]
fn the_error_codes_doc_is_the_table() {
    let path = root().join("docs/ERRORS.md");
    let want = kefu_core::api::code_markdown();
    if std::env::var_os("KEFU_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/ERRORS.md differs from the code table in core/src/model/code.rs; regenerate it with \
         `KEFU_BLESS=1 cargo test --release --test error_codes`"
    );
}

const THIS: &str = "core/src/model/code.rs";

/// This file, which names what it looks for.
const ME: &str = "tests/error_codes.rs";

/// Tokens that look like codes but are none: a test's placeholder, a pattern's prefix.
const NOT_CODES: [&str; 2] = ["KEFU-X", "KEFU-SCRIPT"];

/// Text files under `dir`, skipping build output, dependencies and fuzz corpora.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(name.as_ref(), "target" | "node_modules" | "corpus" | "dist" | ".git") {
                files(&path, out);
            }
        } else if [".rs", ".ts", ".mjs", ".md", ".json", ".rhai", ".toml", ".html"].iter().any(|e| name.ends_with(e)) {
            out.push(path);
        }
    }
}

/// The `KEFU-…` tokens of a text (a token ending in `-` is a prefix, not a code).
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("KEFU-").filter_map(move |(at, _)| {
        let rest = text.get(at..)?;
        let end =
            rest.find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')).unwrap_or(rest.len());
        let token = rest.get(..end)?;
        (!token.ends_with('-')).then_some(token)
    })
}

/// Whether `text` holds `path` as a whole name (`Code::Io`, not `Code::IoWrite`).
fn names(text: &str, path: &str) -> bool {
    text.match_indices(path).any(|(at, _)| {
        !text.get(at + path.len()..).unwrap_or_default().starts_with(|c: char| c.is_alphanumeric() || c == '_')
    })
}

/// Every code written anywhere in the project (sources, tests, test data, docs, the
/// extension) is in the table, and every code of the table is raised somewhere: a
/// `Code::` variant in Rust outside this file, or the string in a host's source (not
/// in a file's unit tests). And no report is built from a string.
#[test]
fn every_code_in_the_project_is_in_the_table_and_every_code_is_raised() {
    let root = root();
    let mut all = Vec::new();
    for dir in ["core", "guest", "host-cli", "wasm-pkg", "tests", "extension", "examples", "bench"] {
        files(&root.join(dir), &mut all);
    }
    for doc in ["README.md", "RELIABILITY.md", "ARCHITECTURE.md", "BENCHMARKS.md"] {
        all.push(root.join(doc));
    }
    let mut raised = std::collections::BTreeSet::new();
    for path in &all {
        let relative = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        if relative == THIS || relative == ME {
            continue;
        }
        assert!(
            !text.contains("ErrorReport::new("),
            "{relative}: a report names its code with `ErrorReport::of(Code::…, message)`"
        );
        for token in tokens(&text) {
            assert!(
                Code::parse(token).is_some() || NOT_CODES.contains(&token),
                "{relative}: `{token}` is not in the code table ({THIS}): add it there, with its doc line"
            );
        }
        let source = ["core/src/", "guest/src/", "host-cli/src/", "wasm-pkg/src/", "extension/src/"]
            .iter()
            .any(|d| relative.starts_with(d));
        if !source {
            continue;
        }
        // The part before a file's unit tests.
        let body = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
        for code in Code::ALL {
            if names(body, &format!("Code::{code:?}")) || body.contains(&format!("\"{}\"", code.as_str())) {
                raised.insert(*code);
            }
        }
    }
    let never: Vec<&str> = Code::ALL.iter().filter(|c| !raised.contains(c)).map(|c| c.as_str()).collect();
    assert!(never.is_empty(), "codes in the table that nothing raises: {never:?}");
}
