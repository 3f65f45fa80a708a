//! `kefu test POLICY [CASES...]`: a shop's own test cases, pass or fail.

use std::io::{Read, Write};
use std::path::PathBuf;

use kefu_core::expect::{check, Scenario};
use serde_json::Value;

use super::CmdError;
use crate::answer::{at, envelope};
use crate::cli::TestArgs;
use crate::engine::Engine;
use crate::error::HostError;
use crate::error::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::run::policy::policy_fields;
use crate::source::{expand_paths, read_source};

fn default_cases(policy: &std::path::Path) -> PathBuf {
    let stem = policy.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    policy.with_file_name(format!("{stem}.tests"))
}

/// Runs the tests; prints one line per test and a summary.
pub fn run(
    args: &TestArgs,
    engine: &mut dyn Engine,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let policy = crate::run::policy::read_policy(Some(&args.policy), &args.script, stdin)?;
    let extra = policy_fields(policy.as_ref(), engine)?;
    let paths = if args.cases.is_empty() { vec![default_cases(&args.policy)] } else { args.cases.clone() };
    let mut files = expand_paths(&paths)?;
    files.retain(|f| f.extension().is_some_and(|e| e == "json"));
    if files.is_empty() {
        return Err(HostError::Io {
            path: paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no test files (*.json) there"),
        }
        .into());
    }
    let (mut passed, mut failed, mut broken) = (0usize, 0usize, 0usize);
    for file in &files {
        let name = file.display().to_string();
        let bytes = read_source(file, stdin)?;
        let scenario: Scenario = match serde_json::from_slice(&bytes) {
            Ok(s) => s,
            Err(e) => {
                broken += 1;
                writeln!(stdout, "BAD   {name}: not a test case: {e}")?;
                continue;
            }
        };
        if scenario.policy.is_some() {
            broken += 1;
            writeln!(
                stdout,
                "BAD   {}  {name}: a shop test takes its policy from {}; remove `policy`",
                scenario.id,
                args.policy.display()
            )?;
            continue;
        }
        let mut input = extra.clone();
        input.insert("records".into(), Value::Array(vec![Value::String(scenario.case.to_string())]));
        // A trap or cap costs this test alone: it fails, naming the cap, and the rest run.
        let answer = match engine.call("decide", &Value::Object(input).to_string()) {
            Ok(text) => envelope(&text)?,
            Err(e) => {
                failed += 1;
                writeln!(stdout, "FAIL  {:<36} the call failed: {} {e}", scenario.id, e.printed_code())?;
                continue;
            }
        };
        let result = at(&answer, "/result/results/0");
        let differences = if let Some(error) = result.get("error") {
            vec![format!(
                "the case was rejected: {} {}",
                at(error, "/code").as_str().unwrap_or_default(),
                at(error, "/message").as_str().unwrap_or_default()
            )]
        } else if at(&answer, "/type") == "failure" {
            vec![format!("the call failed: {}", at(&answer, "/errors/0/message"))]
        } else {
            check(&scenario.expect, result)
        };
        match differences.first() {
            None => {
                passed += 1;
                writeln!(stdout, "PASS  {:<36} {}", scenario.id, scenario.description)?;
            }
            Some(first) => {
                failed += 1;
                let more =
                    if differences.len() > 1 { format!(" (+{} more)", differences.len() - 1) } else { String::new() };
                writeln!(stdout, "FAIL  {:<36} {first}{more}", scenario.id)?;
            }
        }
    }
    writeln!(stdout, "\n{passed} passed, {failed} failed, {broken} unreadable; policy {}", args.policy.display())?;
    Ok(if broken > 0 {
        EXIT_ERROR
    } else if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
