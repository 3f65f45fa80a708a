//! Standard built-ins kefu replaces, because Rhai's own loop in native code (where the
//! operation limit does not count) or answer differently on a 32-bit guest.
//!
//! Audited in Rhai 1.27's standard package: every string, array and BLOB function that
//! grows its target or loops on an argument. Growth is bounded by the size limits, which
//! Rhai checks before growing, except here:
//!
//! - `string.pad(len, "")` loops forever: the padding never advances (reported upstream
//!   in the closing note of issue 10);
//! - `array.pad(len, item)` with a `len` that does not fit a `usize` is a size error on
//!   64 bits and silently nothing on wasm32, so the engines disagreed.
//!
//! kefu's versions check the limit first, the same way on every target, and fail with
//! Rhai's own size error (`KEFU-SCRIPT-SIZE`) or a value error (`KEFU-SCRIPT-VALUE`).

use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, NativeCallContext, Position, INT};

use super::error::{bad_value, HookResult};

fn too_large(what: &str) -> Box<EvalAltResult> {
    EvalAltResult::ErrorDataTooLarge(what.to_owned(), Position::NONE).into()
}

/// The target length as a count, or the size error every target gives alike.
fn target_len(len: INT, max: usize, what: &str) -> HookResult<Option<usize>> {
    if len <= 0 {
        return Ok(None);
    }
    match u64::try_from(len) {
        Ok(n) if max == 0 || n <= max as u64 => Ok(Some(n as usize)),
        _ => Err(too_large(what)),
    }
}

fn pad_string(ctx: NativeCallContext, s: &mut ImmutableString, len: INT, padding: &str) -> HookResult<()> {
    let max = ctx.engine().max_string_size();
    let Some(len) = target_len(len, max, "Length of string")? else { return Ok(()) };
    let have = s.chars().count();
    if len <= have {
        return Ok(());
    }
    if padding.is_empty() {
        return Err(bad_value(format!("pad({len}, \"\"): the padding is empty, so the string can never reach {len}")));
    }
    let text = s.make_mut();
    text.extend(padding.chars().cycle().take(len - have));
    if max > 0 && text.len() > max {
        return Err(too_large("Length of string"));
    }
    Ok(())
}

fn pad_array(ctx: NativeCallContext, a: &mut Array, len: INT, item: Dynamic) -> HookResult<()> {
    let max = ctx.engine().max_array_size();
    let Some(len) = target_len(len, max, "Size of array")? else { return Ok(()) };
    if len <= a.len() {
        return Ok(());
    }
    // An item that is itself a collection multiplies the size.
    let weight = item.as_array_ref().map_or(1, |x| x.len().max(1));
    if max > 0 && (len - a.len()).saturating_mul(weight) > max {
        return Err(too_large("Size of array"));
    }
    a.resize(len, item);
    Ok(())
}

/// Registers kefu's versions over the standard package's.
pub(super) fn register(engine: &mut Engine) {
    engine.register_fn("pad", |ctx: NativeCallContext, s: &mut ImmutableString, len: INT, padding: &str| {
        pad_string(ctx, s, len, padding)
    });
    engine.register_fn("pad", |ctx: NativeCallContext, s: &mut ImmutableString, len: INT, c: char| {
        pad_string(ctx, s, len, c.encode_utf8(&mut [0u8; 4]))
    });
    engine.register_fn("pad", pad_array);
}

#[cfg(test)]
mod tests {
    use super::super::{compile, ScriptLimits};
    use crate::model::code::Code;

    fn code(source: &str) -> Option<Code> {
        compile("t.rhai", source, &ScriptLimits::default()).err().map(|e| e.code())
    }

    #[test]
    fn pad_is_bounded_and_the_same_on_every_target() {
        // In a thread, so that a regression hangs only this test's thread and fails it.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let got = [
                code(r#"let s = "abc"; s.pad(5, "");"#),
                code(r#"let s = "abc"; s.pad(2, "");"#),
                code(r#"let s = "abc"; s.pad(6, "xy"); if s != "abcxyx" { throw s; }"#),
                code(r#"let s = "abc"; s.pad(5, '*'); if s != "abc**" { throw s; }"#),
                code(r#"let s = "abc"; s.pad(1000000000, "xy");"#),
                code("let a = []; a.pad(5000000000, 0);"),
                code("let a = []; a.pad(4097, 0);"),
                code("let a = [1]; a.pad(3, 0); if a != [1, 0, 0] { throw a; }"),
                code("let a = []; a.pad(100, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41]);"),
            ];
            let _ = tx.send(got);
        });
        let got = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("pad hangs");
        assert_eq!(
            got,
            [
                Some(Code::ScriptValue),
                None,
                None,
                None,
                Some(Code::ScriptSize),
                Some(Code::ScriptSize),
                Some(Code::ScriptSize),
                None,
                Some(Code::ScriptSize),
            ]
        );
    }
}
