//! The real `kefu` binary: exit codes, the wasm caps, and the guest module's shape.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kefu(args: &[&str], stdin: &str) -> Output {
    let cache = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("kefu-cache");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(args)
        .env("KEFU_CACHE_DIR", cache)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kefu starts");
    // kefu may exit before reading stdin (a usage error): a broken pipe is fine here.
    if let Err(e) = child.stdin.take().expect("stdin").write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("kefu finishes")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

const ENTRY: &str =
    r#"{"reason":"change_phone","details":{"phone":"13900001111"},"agent":"小王","at":"2026-11-25T14:30:00+08:00"}"#;

#[test]
fn append_past_the_limit_exits_2_with_the_overflow_and_the_remark_unchanged() {
    let remark = "备".repeat(320);
    let input = format!(r#"{{"remark":"{remark}","entry":{ENTRY}}}"#);
    for engine in ["wasm", "native"] {
        let out = kefu(&["--engine", engine, "remark", "append"], &input);
        assert_eq!(out.status.code(), Some(2), "{engine}");
        let v = json(&out);
        assert_eq!(v["errors"][0]["code"], "KEFU-REMARK-TOO-LONG");
        let entry_len = "【改电话】电话：13900001111（小王/2026-11-25 14:30）".len() as u64;
        assert_eq!(v["errors"][0]["over_by"], 960 + 1 + entry_len - 1000);
        assert_eq!(v["remark"], remark, "the remark comes back unchanged");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("KEFU-REMARK-TOO-LONG") && stderr.contains("over the limit"), "{stderr}");
    }
}

#[test]
fn append_within_the_limit_exits_0() {
    let out = kefu(&["remark", "append"], &format!(r#"{{"remark":"旧备注 小李/11-24","entry":{ENTRY}}}"#));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json(&out)["result"]["remark"],
        "旧备注 小李/11-24\n【改电话】电话：13900001111（小王/2026-11-25 14:30）"
    );
}

#[test]
fn lint_exit_codes() {
    let clean = r#"{"order_id":"1","status":"paid","total":"1.00"}"#;
    let finding = r#"{"order_id":"2","status":"shipped","total":"1.00","flag":"purple","remark":"【取消订单】（小王/2026-11-25 14:30）"}"#;
    assert_eq!(kefu(&["lint"], clean).status.code(), Some(0));
    assert_eq!(kefu(&["lint"], finding).status.code(), Some(1));
    assert_eq!(kefu(&["lint"], &format!("{finding}\nnope\n")).status.code(), Some(2));
    assert_eq!(kefu(&["lint", "/no/such/file.json"], "").status.code(), Some(2));
    assert_eq!(kefu(&["lint", "--format", "xml"], clean).status.code(), Some(2));
}

#[test]
fn out_of_fuel_is_named_and_rejects_only_the_record() {
    let orders = "{\"order_id\":\"1\",\"status\":\"paid\",\"total\":\"1.00\"}\n".repeat(3);
    // A plain order's lint takes 15,000-20,000 fuel (it depends on how the guest is
    // optimised); 5,000 runs out on every record.
    let out = kefu(&["lint", "--fuel", "5000"], &orders);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(v["summary"]["read"], 3);
    assert_eq!(v["summary"]["rejected"], 3);
    assert_eq!(v["rejected"][0]["error"]["code"], "KEFU-HOST-FUEL");
    assert!(v["rejected"][0]["error"]["message"].as_str().unwrap().contains("fuel"));
}

#[test]
fn memory_cap_is_named() {
    // One record of ~6 MB does not fit a 4 MiB guest; the small one after it still runs.
    let big = format!(r#"{{"order_id":"1","status":"paid","total":"1.00","remark":"{}"}}"#, "x".repeat(6 << 20));
    let input = format!("{big}\n{{\"order_id\":\"2\",\"status\":\"paid\",\"total\":\"1.00\"}}\n");
    let out = kefu(&["lint", "--max-memory", "4", "--max-record", "16000000"], &input);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(v["rejected"][0]["error"]["code"], "KEFU-HOST-MEMORY");
    assert_eq!(v["summary"]["linted"], 1);
}

/// `--jobs 256` under the wasm engine took 3.7 GB: past 64 the number is refused, with
/// the range in the message, before any engine is opened.
#[test]
fn jobs_past_the_documented_maximum_are_refused() {
    let order = r#"{"order_id":"1","status":"paid","total":"1.00"}"#;
    for n in ["65", "256"] {
        let out = kefu(&["lint", "--jobs", n], order);
        assert_eq!(out.status.code(), Some(2), "--jobs {n}");
        assert!(out.stdout.is_empty(), "--jobs {n}: nothing was linted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--jobs") && stderr.contains("1..=64"), "--jobs {n}: {stderr}");
    }
    let out = kefu(&["lint", "--jobs", "64"], order);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out)["summary"]["linted"], 1);
    let help = String::from_utf8(kefu(&["lint", "--help"], "").stdout).unwrap();
    assert!(help.contains("at most 64"), "{help}");
}

#[test]
fn the_embedded_guest_has_no_imports() {
    let engine =
        kefu_cli::wasm::WasmEngine::new(kefu_cli::wasm::EMBEDDED_GUEST, Default::default(), None).expect("guest loads");
    assert_eq!(engine.import_count(), 0);
}

#[test]
fn a_module_with_imports_is_refused() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    // (module (import "env" "clock" (func)))
    let wasm: &[u8] = &[
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x0d, 0x01, 0x03,
        b'e', b'n', b'v', 0x05, b'c', b'l', b'o', b'c', b'k', 0x00, 0x00,
    ];
    let path = dir.join("imports.wasm");
    std::fs::write(&path, wasm).expect("write module");
    let out = kefu(&["--module", path.to_str().expect("utf-8 path"), "lint"], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("KEFU-HOST-MODULE") && stderr.contains("env::clock"), "{stderr}");
}

#[test]
fn decide_exit_codes_and_bad_policy() {
    let case = r#"{"now":"2026-11-25T10:00:00+08:00","order":{"order_id":"1","status":"unpaid","total":"1.00"},"request":{"kind":"cancel"}}"#;
    let out = kefu(&["decide", "--format", "ndjson"], case);
    assert_eq!(out.status.code(), Some(0));
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["decision"]["outcome"], "buyer_closes_order");
    assert_eq!(
        kefu(&["decide"], &format!("{case}\n{{\"now\":1}}\n")).status.code(),
        Some(2),
        "a rejected case exits 2"
    );
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let policy = dir.join("bad-policy.json");
    std::fs::write(&policy, r#"{"discount_limits":{"agent":20}}"#).unwrap();
    let out = kefu(&["decide", "--policy", policy.to_str().unwrap()], case);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("KEFU-INPUT-MONEY") && stderr.contains("policy.discount_limits.agent"), "{stderr}");
}

/// `kefu reply TEMPLATE CASE` (R-WORD-SCRIPTS): a case or a bare order, the filled text,
/// the guard's exit code, an unknown template named; both engines print the same bytes.
#[test]
fn reply_fills_one_template_and_guards_it() {
    let case = r#"{"now":"2026-11-25T10:00:00+08:00","agent":{"name":"小王","role":"agent"},"request":{"kind":"none"},
        "order":{"order_id":"4128","status":"delivered","total":"99.00","store":"杭州旗舰店"}}"#;
    let out = kefu(&["reply", "--text", "zh", "greeting"], case);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "您好，我是杭州旗舰店的客服小王，很荣幸为您服务，今天由我为您解答~"
    );
    let native = kefu(&["--engine", "native", "reply", "return_steps"], case);
    let wasm = kefu(&["--engine", "wasm", "reply", "return_steps"], case);
    assert_eq!(native.stdout, wasm.stdout, "the same bytes on both engines");
    assert!(json(&native)["result"]["text"]["zh"].as_str().unwrap().contains("4128"));
    // A shop's script that promises absolutely, on a stalled parcel: the guard exits 1.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let policy = dir.join("promise-policy.json");
    std::fs::write(
        &policy,
        r#"{"phrasebook":{"promise":{"title":{"zh":"承诺","en":"Promise"},"text":{"zh":"保证明天一定到","en":"It will arrive tomorrow"}}}}"#,
    )
    .unwrap();
    let stalled = r#"{"now":"2026-11-25T10:00:00+08:00","context":{"logistics":{"stalled":true}},
        "order":{"order_id":"1","status":"shipped","total":"1.00","shipped_at":"2026-11-20T10:00:00+08:00"}}"#;
    let out = kefu(&["reply", "--policy", policy.to_str().unwrap(), "promise"], stalled);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(json(&out)["result"]["guard_zh"]["findings"][0]["rule"] == "R-WORD-PROMISE");
    let out = kefu(&["reply", "--text", "zh", "--policy", policy.to_str().unwrap(), "promise"], stalled);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let why = stderr.lines().find_map(|l| l.strip_prefix("kefu: R-WORD-PROMISE: ")).unwrap_or_default();
    assert!(!why.trim().is_empty(), "the finding's reason is printed: {stderr}");
    let bare = r#"{"order_id":"1","status":"paid","total":"1.00"}"#;
    assert_eq!(kefu(&["reply", "invoice"], bare).status.code(), Some(0), "a bare order is enough");
    let out = kefu(&["reply", "no_such_script"], bare);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KEFU-REPLY-TEMPLATE"));
}

#[test]
fn explain_and_schema() {
    let out = kefu(&["explain", "r-cancel-3"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("R-CANCEL-3\n") && text.contains("请仓库拦截") && text.contains("002 §2.3(3)"), "{text}");
    assert!(text.contains("适用于：决策") && !text.contains("warehouse"), "Chinese by default: {text}");
    let out = kefu(&["explain", "--lang", "en", "r-cancel-3"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("warehouse") && text.contains("applies in: Decisions"), "{text}");
    let out = kefu(&["explain", "--json", "r-cancel-3"], "");
    let rule = json(&out);
    assert!(rule["result"]["summary"]["zh"].is_string() && rule["result"]["summary"]["en"].is_string(), "{rule}");
    assert_eq!(kefu(&["explain", "R-NOPE-1"], "").status.code(), Some(2));
    let out = kefu(&["schema"], "");
    let schema = json(&out);
    for part in ["case", "decision", "policy"] {
        assert_eq!(schema[part]["type"], "object", "{part}");
    }
    assert!(schema["decision"]["required"].as_array().unwrap().iter().any(|f| f == "trace"));
}

/// Help and the version are asked for: stdout, exit 0, no colour codes when piped.
#[test]
fn help_and_version_go_to_stdout_plain() {
    for args in [&["--version"][..], &["--help"], &["lint", "--help"]] {
        let out = kefu(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty() && out.stderr.is_empty(), "{args:?}");
        assert!(!out.stdout.contains(&0x1b), "{args:?}: colour codes in a pipe");
    }
}

/// A full disk was reported as "cannot read stdout".
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_write_error() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let order = r#"{"order_id":"1","status":"shipped","total":"1.00","flag":"purple","remark":"x"}"#;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["--engine", "native", "lint", "-"])
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .expect("kefu starts");
    // kefu may fail on its first write, before it reads stdin: a broken pipe here is fine.
    let _ = child.stdin.take().expect("stdin").write_all(order.as_bytes());
    let out = child.wait_with_output().expect("kefu finishes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("KEFU-IO-WRITE") && stderr.contains("cannot write stdout"), "{stderr}");
}
