//! `kefu schema`: the JSON Schemas of the case, the decision and the policy.

use std::io::Write;

use super::CmdError;
use crate::answer::{at, envelope};
use crate::engine::Engine;
use crate::error::EXIT_OK;

/// Prints the JSON Schemas of the case, the decision and the policy, pretty.
pub fn schema(engine: &mut dyn Engine, stdout: &mut dyn Write) -> Result<u8, CmdError> {
    let value = envelope(&engine.call("schema", "{}")?)?;
    serde_json::to_writer_pretty(&mut *stdout, at(&value, "/result"))?;
    writeln!(stdout)?;
    Ok(EXIT_OK)
}
