//! Replays every committed fuzz corpus file (fuzz/corpus/, fuzz/seeds/) through the
//! same target bodies cargo-fuzz runs (`kefu_core::fuzz` for the core's targets,
//! `kefu_cli::fuzz` for the export readers'), on stable, in seconds: what a fuzzing
//! session found stays found. RELIABILITY.md has the fuzzing figures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a test fails by panicking")]

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "seeds"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else { continue };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target}: {} breaks a guarantee", file.display());
            n += 1;
        }
    }
    n
}

#[test]
fn api_call_corpus() {
    assert!(replay("api_call", kefu_core::fuzz::api_call) > 50);
}

#[test]
fn remark_roundtrip_corpus() {
    assert!(replay("remark_roundtrip", kefu_core::fuzz::remark_roundtrip) > 5);
}

#[test]
fn policy_decide_corpus() {
    assert!(replay("policy_decide", kefu_core::fuzz::policy_decide) > 20);
}

#[test]
fn export_csv_corpus() {
    assert!(replay("export_csv", kefu_cli::fuzz::export_csv) >= 5);
}

#[test]
fn export_xlsx_corpus() {
    assert!(replay("export_xlsx", kefu_cli::fuzz::export_xlsx) >= 3);
}

#[test]
fn export_trade_corpus() {
    assert!(replay("export_trade", kefu_cli::fuzz::export_trade) >= 3);
}

#[test]
fn export_mapping_corpus() {
    assert!(replay("export_mapping", kefu_cli::fuzz::export_mapping) >= 3);
}
