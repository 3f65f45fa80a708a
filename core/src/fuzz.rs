//! The bodies of the fuzz targets in `fuzz/`, here so that `cargo test` replays every
//! committed corpus file through the very same code on stable (tests/fuzz_corpora.rs)
//! while cargo-fuzz explores new inputs on nightly. Each asserts what kefu guarantees
//! for any input; a failed assertion is a crash the fuzzer keeps.

#![allow(clippy::panic, reason = "a fuzz target reports a broken guarantee by panicking, which the fuzzer keeps")]

use std::rc::Rc;

use crate::api::{call, Operation};
use crate::remark::{append, Details, Entry, Lang, Reason, Remark, RemarkError, RemarkOptions, Segment};
use crate::script::{compile_until, decide_with, Deadline, ScriptLimits};
use crate::{Case, Timestamp};

/// Any bytes to any operation: the answer is always an envelope, success or failure.
/// The first byte picks the operation.
pub fn api_call(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else { return };
    let op = Operation::ALL.get(usize::from(*first) % Operation::ALL.len()).map_or("version", |o| o.name());
    let input = String::from_utf8_lossy(rest);
    let answer = call(op, &input);
    let envelope: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
    let kind = envelope.get("type").and_then(serde_json::Value::as_str);
    assert!(matches!(kind, Some("success" | "failure")), "{op}: not an envelope: {answer}");
}

/// Any text parses and renders back to itself; an entry built from the bytes either is
/// refused with a field's path, or is appended without losing a byte and reads back
/// with exactly the fields that went in.
pub fn remark_roundtrip(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    assert_eq!(Remark::parse(&text).render(), text);
    let mut parts = text.split('\u{1}');
    let mut next = || parts.next().filter(|p| !p.is_empty()).map(str::to_owned);
    let old = next().unwrap_or_default();
    let details =
        Details { recipient: next(), phone: next(), address: next(), courier: next(), amount: None, note: next() };
    let agent = next().unwrap_or_else(|| "小王".to_owned());
    let Ok(at) = Timestamp::parse("2026-11-25T14:30:00+08:00") else { return };
    let reason = Reason::ALL.get(data.len() % Reason::ALL.len()).copied().unwrap_or(Reason::Other);
    let entry = Entry { reason, details, agent, at };
    for lang in [Lang::Zh, Lang::En] {
        let options = RemarkOptions { lang, limit_bytes: 1 << 20, limit_chars: None };
        match append(&old, &entry, &options) {
            Ok(a) => {
                assert!(a.remark.starts_with(&old));
                let parsed = Remark::parse(&a.remark);
                match parsed.segments.last() {
                    Some(Segment::Entry { entry: back, .. }) => {
                        assert_eq!(back.details, entry.details, "details read back");
                        assert_eq!(back.agent, entry.agent, "agent read back");
                    }
                    other => panic!("the appended entry reads back as {other:?}"),
                }
            }
            Err(RemarkError::BadField { path, .. }) => assert!(path.starts_with("entry.")),
            Err(e) => panic!("unexpected {e}"),
        }
    }
}

/// Any text as a policy script: it compiles or fails with a typed error, under small
/// limits and a deadline of a few thousand operations; one that compiles decides a case
/// or fails with a typed error. Never a panic, never a hang.
pub fn policy_decide(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let limits = ScriptLimits { max_operations: 20_000, ..ScriptLimits::default() };
    let looks = Rc::new(std::cell::Cell::new(0u32));
    let counter = Rc::clone(&looks);
    let deadline: Deadline = Rc::new(move || {
        counter.set(counter.get().saturating_add(1));
        counter.get() > 50
    });
    let compiled = match compile_until("fuzz.rhai", &source, &limits, Some(Rc::clone(&deadline))) {
        Ok(c) => c,
        Err(e) => {
            assert!(e.code().as_str().starts_with("KEFU-SCRIPT-"), "{e}");
            return;
        }
    };
    compiled.set_deadline(Some(deadline));
    let case = r#"{"now":"2026-11-25T12:00:00+08:00","order":{"order_id":"1","status":"shipped","total":"99.00",
        "shipped_at":"2026-11-24T12:00:00+08:00","items":[{"sku":"A","qty":1,"unit_price":"99.00"}]},
        "request":{"kind":"defect","evidence":["photo"]}}"#;
    let Ok(case) = Case::from_json(case) else { return };
    if let Err(e) = decide_with(&case, &compiled) {
        assert!(e.code().as_str().starts_with("KEFU-SCRIPT-"), "{e}");
    }
}
