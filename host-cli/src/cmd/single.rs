//! Commands with one JSON input and the core's envelope out: `kefu remark
//! append|render|parse`, `kefu check-reply`, `kefu quick-replies`, `kefu reply`,
//! `kefu explain`, `kefu schema`.

use std::io::{Read, Write};
use std::path::Path;

use super::{at, envelope, CmdError};
use crate::engine::Engine;
use crate::error::HostError;
use crate::error::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::source::read_source;

/// Runs one operation on a JSON file (or stdin); prints the envelope on stdout, a
/// failure also on stderr (exit 2).
pub fn run(
    operation: &str,
    findings_at: Option<&str>,
    file: &Path,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, CmdError> {
    let bytes = read_source(file, stdin)?;
    let text = String::from_utf8(bytes).map_err(|e| HostError::Io {
        path: file.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })?;
    run_text(operation, findings_at, &text, engine, stdout, stderr)
}

/// Runs one operation on a JSON text.
/// With `findings_at` (a JSON pointer into the result), a non-empty list there exits 1.
pub fn run_text(
    operation: &str,
    findings_at: Option<&str>,
    text: &str,
    engine: &mut dyn Engine,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, CmdError> {
    let answer = engine.call(operation, text)?;
    let value = envelope(&answer)?;
    writeln!(stdout, "{answer}")?;
    if at(&value, "/type") == "failure" {
        for e in at(&value, "/errors").as_array().into_iter().flatten() {
            let code = at(e, "/code").as_str().unwrap_or_default();
            let message = at(e, "/message").as_str().unwrap_or_default();
            writeln!(stderr, "kefu: error[{code}]: {message}")?;
        }
        return Ok(EXIT_ERROR);
    }
    let found = findings_at.is_some_and(|p| at(&value, p).as_array().is_some_and(|a| !a.is_empty()));
    Ok(if found { EXIT_FINDINGS } else { EXIT_OK })
}

/// `kefu reply TEMPLATE CASE`: the case file's order, agent, context and now (or a bare
/// order) with the template id and the policy, through the core's `reply` operation.
pub fn reply(
    args: &crate::cli::ReplyArgs,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, CmdError> {
    let policy = super::decide::read_policy(args.policy.policy.as_deref(), &args.policy.script, stdin)?;
    let bytes = read_source(&args.file, stdin)?;
    let given: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        HostError::Core(serde_json::json!({
            "code": "KEFU-INPUT-JSON",
            "message": format!("{} is not valid JSON: {e}", args.file.display()),
            "line": e.line(),
            "column": e.column(),
        }))
    })?;
    // A case as `kefu decide` reads it, or a bare order.
    let mut input = match given {
        serde_json::Value::Object(map) if map.contains_key("order") => map,
        order => serde_json::Map::from_iter([("order".to_owned(), order)]),
    };
    input.insert("template".into(), serde_json::Value::String(args.template.clone()));
    input.extend(super::decide::policy_fields(policy.as_ref(), engine)?);
    let text = serde_json::Value::Object(input).to_string();
    let Some(lang) = &args.text else {
        let mut code = run_text("reply", Some("/result/guard_zh/findings"), &text, engine, stdout, stderr)?;
        if code == EXIT_OK {
            // The English text is guarded too.
            let answer = envelope(&engine.call("reply", &text)?)?;
            if at(&answer, "/result/guard_en/findings").as_array().is_some_and(|a| !a.is_empty()) {
                code = EXIT_FINDINGS;
            }
        }
        return Ok(code);
    };
    let answer = envelope(&engine.call("reply", &text)?)?;
    if at(&answer, "/type") == "failure" {
        for e in at(&answer, "/errors").as_array().into_iter().flatten() {
            let code = at(e, "/code").as_str().unwrap_or_default();
            let message = at(e, "/message").as_str().unwrap_or_default();
            writeln!(stderr, "kefu: error[{code}]: {message}")?;
        }
        return Ok(EXIT_ERROR);
    }
    writeln!(stdout, "{}", at(&answer, &format!("/result/text/{lang}")).as_str().unwrap_or_default())?;
    let findings = at(&answer, &format!("/result/guard_{lang}/findings")).as_array().cloned().unwrap_or_default();
    for f in &findings {
        writeln!(
            stderr,
            "kefu: {}: {}",
            at(f, "/rule").as_str().unwrap_or_default(),
            at(f, "/reason/en").as_str().or_else(|| at(f, "/reason").as_str()).unwrap_or_default()
        )?;
    }
    Ok(if findings.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}
