//! `kefu remark append|render|parse`: one JSON input, the core's envelope out.

use std::io::{Read, Write};
use std::path::Path;

use super::{at, envelope, CmdError};
use crate::engine::Engine;
use crate::error::HostError;
use crate::input::read_source;
use crate::{EXIT_ERROR, EXIT_OK};

/// Runs one remark operation; prints the envelope on stdout, a failure also on stderr.
pub fn run(
    operation: &str,
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
    let answer = engine.call(operation, &text)?;
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
    Ok(EXIT_OK)
}
