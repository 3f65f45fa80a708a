//! Commands with one JSON input and the core's envelope out: `kefu remark
//! append|render|parse`, `kefu check-reply`, `kefu quick-replies`, `kefu reply`,
//! `kefu explain`, `kefu schema`.

use std::io::{Read, Write};
use std::path::Path;

use super::CmdError;
use crate::answer::{at, envelope};
use crate::engine::Engine;
use crate::error::HostError;
use crate::error::{error_line, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
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
        print_errors(&value, stderr)?;
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
    let policy = crate::run::policy::read_policy(args.policy.policy.as_deref(), &args.policy.script, stdin)?;
    let bytes = read_source(&args.file, stdin)?;
    let given: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        HostError::Core(serde_json::json!({
            "code": kefu_core::api::Code::InputJson.as_str(),
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
    input.extend(crate::run::policy::policy_fields(policy.as_ref(), engine)?);
    // One call: the answer holds the guard's findings for both languages.
    let answer = engine.call("reply", &serde_json::Value::Object(input).to_string())?;
    let value = envelope(&answer)?;
    if args.text.is_none() {
        writeln!(stdout, "{answer}")?;
    }
    if at(&value, "/type") == "failure" {
        print_errors(&value, stderr)?;
        return Ok(EXIT_ERROR);
    }
    let findings = |lang: &str| at(&value, &format!("/result/guard_{lang}/findings")).as_array().cloned();
    let found = match &args.text {
        None => ["zh", "en"].iter().any(|lang| findings(lang).is_some_and(|f| !f.is_empty())),
        Some(lang) => {
            writeln!(stdout, "{}", at(&value, &format!("/result/text/{lang}")).as_str().unwrap_or_default())?;
            let found = findings(lang).unwrap_or_default();
            for f in &found {
                let rule = at(f, "/rule").as_str().unwrap_or_default();
                writeln!(stderr, "kefu: {rule}: {}", at(f, "/message/en").as_str().unwrap_or_default())?;
            }
            !found.is_empty()
        }
    };
    Ok(if found { EXIT_FINDINGS } else { EXIT_OK })
}

/// A failure envelope's errors on stderr, one line each.
fn print_errors(value: &serde_json::Value, stderr: &mut dyn Write) -> Result<(), CmdError> {
    for e in at(value, "/errors").as_array().into_iter().flatten() {
        let code = at(e, "/code").as_str().unwrap_or_default();
        let message = at(e, "/message").as_str().unwrap_or_default();
        writeln!(stderr, "{}", error_line(code, message))?;
    }
    Ok(())
}
