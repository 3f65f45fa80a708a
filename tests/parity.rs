//! Same answer everywhere: every example through `--engine wasm` and `--engine native`
//! gives byte-identical output, for every command and format.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kefu_tests::{files_in, kefu, root};

#[test]
fn lint_examples_identical_on_both_engines() {
    let orders = root().join("examples/orders");
    let files = files_in(&orders);
    assert!(files.len() >= 2, "examples/orders should hold the example files");
    let mut paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    paths.push(orders.display().to_string());
    for path in &paths {
        for format in ["json", "ndjson", "table"] {
            let args = ["lint", "--format", format, path.as_str()];
            let wasm = kefu("wasm", &args, "");
            let native = kefu("native", &args, "");
            assert_eq!(wasm, native, "engines differ on {path} as {format}");
            assert!(wasm.code <= 1, "examples are valid orders: {}", wasm.stderr);
        }
    }
}

#[test]
fn lint_rejections_identical_on_both_engines() {
    for file in files_in(&root().join("tests/data/lint")) {
        let path = file.display().to_string();
        let args = ["lint", "--format", "ndjson", path.as_str()];
        assert_eq!(kefu("wasm", &args, ""), kefu("native", &args, ""), "engines differ on {path}");
    }
}

#[test]
fn remark_operations_identical_on_both_engines() {
    for file in files_in(&root().join("tests/data/remark")) {
        let path = file.display().to_string();
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let op = name.split('-').next().unwrap_or_default().to_owned();
        let args = ["remark", op.as_str(), path.as_str()];
        let wasm = kefu("wasm", &args, "");
        assert_eq!(wasm, kefu("native", &args, ""), "engines differ on {name}");
        assert!(wasm.stdout.starts_with("{\"type\":"), "{name}: {}", wasm.stdout);
    }
}

#[test]
fn names_identical_on_both_engines() {
    let wasm = kefu("wasm", &["names"], "");
    assert_eq!(wasm, kefu("native", &["names"], ""), "engines differ on names");
    assert_eq!(wasm.code, 0, "{}", wasm.stderr);
    assert!(wasm.stdout.contains(r#""refund_full":{"zh":"全额退款","en":"Refund in full"}"#), "{}", wasm.stdout);
}
