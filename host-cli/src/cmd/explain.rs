//! `kefu explain [RULE]`: the registry, for people (in Chinese, `--lang en` for
//! English; `--json` for scripts); and `kefu schema`.

use std::io::Write;

use serde_json::Value;

use super::CmdError;
use crate::answer::{at, envelope};
use crate::cli::{ExplainArgs, MessageLang};
use crate::engine::Engine;
use crate::error::{error_line, EXIT_ERROR, EXIT_OK};
use crate::report::names::Names;

/// One rule as text, in `lang`; `names` are the core's, for the name of where the rule
/// applies (the id when it has none).
fn describe(rule: &Value, names: &Names, lang: MessageLang, out: &mut dyn Write) -> std::io::Result<()> {
    let s = |p: &str| at(rule, p).as_str().unwrap_or_default().to_owned();
    let code = match lang {
        MessageLang::Zh => "zh",
        MessageLang::En => "en",
    };
    let applies = s("/applies");
    let applies_name = names.name("applies", &applies, lang);
    writeln!(out, "{}", s("/id"))?;
    writeln!(out, "  {}", s(&format!("/summary/{code}")))?;
    match lang {
        MessageLang::Zh => {
            writeln!(out, "  来源：{}", s("/source"))?;
            writeln!(out, "  适用于：{applies_name}")
        }
        MessageLang::En => {
            writeln!(out, "  source: {}", s("/source"))?;
            writeln!(out, "  applies in: {applies_name}")
        }
    }
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
        let (code, message) =
            (at(e, "/code").as_str().unwrap_or_default(), at(e, "/message").as_str().unwrap_or_default());
        writeln!(stderr, "{}", error_line(code, message))?;
        return Ok(EXIT_ERROR);
    }
    if !args.json {
        let names = Names::load(engine);
        match at(&value, "/result/rules").as_array() {
            Some(rules) => {
                for rule in rules {
                    describe(rule, &names, args.lang, stdout)?;
                }
            }
            None => describe(at(&value, "/result"), &names, args.lang, stdout)?,
        }
    }
    Ok(EXIT_OK)
}
