//! One module per subcommand.

pub mod batch;
pub mod decide;
pub mod explain;
pub mod lint;
pub mod single;
pub mod test;

use crate::error::HostError;

/// A subcommand failed outside the core's answers.
pub enum CmdError {
    /// Reading input or running the engine.
    Host(HostError),
    /// Writing output.
    Write(std::io::Error),
}

impl From<HostError> for CmdError {
    fn from(e: HostError) -> Self {
        CmdError::Host(e)
    }
}

impl From<serde_json::Error> for CmdError {
    fn from(e: serde_json::Error) -> Self {
        CmdError::Write(e.into())
    }
}

impl From<std::io::Error> for CmdError {
    fn from(e: std::io::Error) -> Self {
        CmdError::Write(e)
    }
}

/// Parses the core's envelope.
pub fn envelope(answer: &str) -> Result<serde_json::Value, HostError> {
    let value: serde_json::Value = serde_json::from_str(answer).map_err(|e| HostError::Answer(e.to_string()))?;
    match value.get("type").and_then(|t| t.as_str()) {
        Some("success" | "failure") => Ok(value),
        _ => Err(HostError::Answer("no `type` in the answer".into())),
    }
}

/// The value at a JSON pointer, or null: reading an answer never panics.
pub fn at<'a>(value: &'a serde_json::Value, pointer: &str) -> &'a serde_json::Value {
    value.pointer(pointer).unwrap_or(&serde_json::Value::Null)
}
