//! Commands with one JSON input and the core's envelope out: `kefu remark
//! append|render|parse`, `kefu check-reply`, `kefu quick-replies`, `kefu explain`,
//! `kefu schema`.

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
