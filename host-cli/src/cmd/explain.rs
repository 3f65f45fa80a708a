//! `kefu explain [RULE]`: the registry, for people (and `--json` for scripts); and
//! `kefu schema`.

use std::io::Write;

use serde_json::Value;

use super::CmdError;
use crate::answer::{at, envelope};
use crate::cli::ExplainArgs;
use crate::engine::Engine;
use crate::error::{EXIT_ERROR, EXIT_OK};

fn describe(rule: &Value, out: &mut dyn Write) -> std::io::Result<()> {
    let s = |p: &str| at(rule, p).as_str().unwrap_or_default().to_owned();
    writeln!(out, "{}", s("/id"))?;
    writeln!(out, "  {}", s("/summary"))?;
    writeln!(out, "  source: {}", s("/source"))?;
    writeln!(out, "  applies in: {}", s("/applies"))
}

/// Prints one rule, or every rule.
pub fn run(
    args: &ExplainArgs,
    engine: &mut dyn Engine,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, CmdError> {
    let answer = match &args.id {
        Some(id) => engine.call("explain", &serde_json::json!({ "id": id }).to_string())?,
        None => engine.call("rules", "{}")?,
    };
    let value = envelope(&answer)?;
    if args.json {
        writeln!(stdout, "{answer}")?;
    }
    if at(&value, "/type") == "failure" {
        let e = at(&value, "/errors/0");
        writeln!(
            stderr,
            "kefu: error[{}]: {}",
            at(e, "/code").as_str().unwrap_or_default(),
            at(e, "/message").as_str().unwrap_or_default()
        )?;
        return Ok(EXIT_ERROR);
    }
    if !args.json {
        match at(&value, "/result/rules").as_array() {
            Some(rules) => {
                for rule in rules {
                    describe(rule, stdout)?;
                }
            }
            None => describe(at(&value, "/result"), stdout)?,
        }
    }
    Ok(EXIT_OK)
}
