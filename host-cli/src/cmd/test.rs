//! `kefu test POLICY [CASES...]`: a shop's own test cases, pass or fail.

use std::io::{Read, Write};
use std::path::PathBuf;

use serde_json::Value;

use super::CmdError;
use crate::answer::{at, envelope};
use crate::cli::TestArgs;
use crate::engine::{with_records, Engine};
use crate::error::HostError;
use crate::error::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::run::policy::{decision_rules, load_policy};
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
    let (extra, shop_rules) = load_policy(policy.as_ref(), engine)?;
    let mut coverage: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
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
        let (verdict, fired, lost) = match String::from_utf8(bytes) {
            Ok(text) => run_one(engine, &extra, text, &name)?,
            Err(_) => (Verdict::Bad("not a test case: the file is not UTF-8".into()), Vec::new(), Vec::new()),
        };
        let id = match &verdict {
            Verdict::Pass { id, .. } | Verdict::Fail { id, .. } => id.clone(),
            Verdict::Bad(_) => name.clone(),
        };
        coverage.push((id, fired, lost));
        match verdict {
            Verdict::Pass { id, description } => {
                passed += 1;
                writeln!(stdout, "PASS  {id:<36} {description}")?;
            }
            Verdict::Fail { id, first, more } => {
                failed += 1;
                let more = if more > 0 { format!(" (+{more} more)") } else { String::new() };
                writeln!(stdout, "FAIL  {id:<36} {first}{more}")?;
            }
            Verdict::Bad(why) => {
                broken += 1;
                writeln!(stdout, "BAD   {name}: {why}")?;
            }
        }
    }
    writeln!(stdout, "\n{passed} passed, {failed} failed, {broken} unreadable; policy {}", args.policy.display())?;
    if args.coverage {
        let rulebook = decision_rules(engine)?;
        write_coverage(&coverage, &rulebook, &shop_rules, stdout)?;
    }
    Ok(if broken > 0 {
        EXIT_ERROR
    } else if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// What became of one test file.
enum Verdict {
    Pass {
        id: String,
        description: String,
    },
    Fail {
        id: String,
        first: String,
        more: usize,
    },
    /// The file is not a test the core can run (its message says why).
    Bad(String),
}

/// `--coverage`: the rules each test fired, then the rules no test reaches (the
/// rulebook's decision rules and the policy's own), and a shop rule whose flag lost
/// every time it was proposed (R-FLAG-4).
fn write_coverage(
    tests: &[(String, Vec<String>, Vec<String>)],
    rulebook: &[String],
    shop: &[String],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "\ncoverage: the rules each test exercised (shop rules marked *)")?;
    for (id, fired, _) in tests {
        let marked: Vec<String> =
            fired.iter().map(|r| if shop.contains(r) { format!("{r}*") } else { r.clone() }).collect();
        writeln!(out, "  {id:<36} {}", if marked.is_empty() { "-".to_owned() } else { marked.join(" ") })?;
    }
    let reached = |rule: &String| tests.iter().any(|(_, fired, _)| fired.contains(rule));
    let unreached = |rules: &[String]| rules.iter().filter(|r| !reached(r)).cloned().collect::<Vec<_>>();
    let (built_in, own) = (unreached(rulebook), unreached(shop));
    writeln!(out, "not reached by any test: {} of {} rulebook rules", built_in.len(), rulebook.len())?;
    if !built_in.is_empty() {
        writeln!(out, "  {}", built_in.join(" "))?;
    }
    writeln!(out, "shop rules not reached: {} of {}", own.len(), shop.len())?;
    if !own.is_empty() {
        writeln!(out, "  {}", own.join(" "))?;
    }
    for rule in shop {
        let lost = tests.iter().filter(|(_, _, lost)| lost.contains(rule)).count();
        if lost > 0 && lost == tests.iter().filter(|(_, fired, _)| fired.contains(rule)).count() {
            writeln!(out, "{rule}: its flag lost to another rule's every time ({lost} tests, R-FLAG-4)")?;
        }
    }
    Ok(())
}

/// One test through the core's `test` operation. A trap or cap costs this test alone:
/// it fails, naming the cap, and the rest run.
fn run_one(
    engine: &mut dyn Engine,
    extra: &serde_json::Map<String, Value>,
    text: String,
    name: &str,
) -> Result<(Verdict, Vec<String>, Vec<String>), CmdError> {
    // The test goes beside the fields as it is, not copied into a JSON value first: a
    // test file may be megabytes.
    let fields = serde_json::to_string(extra).map_err(|e| HostError::Answer(e.to_string()))?;
    let input = with_records(&fields, &[&text])?;
    // A call that failed has no answer to name the test: its id is read from the file.
    let failed = |first: String| Verdict::Fail { id: id_of(&text).unwrap_or_else(|| name.to_owned()), first, more: 0 };
    let answer = match engine.call("test", &input) {
        Ok(answer) => envelope(&answer)?,
        Err(e) => return Ok((failed(format!("the call failed: {} {e}", e.printed_code())), Vec::new(), Vec::new())),
    };
    if at(&answer, "/type") == "failure" {
        let why = format!("the call failed: {}", at(&answer, "/errors/0/message"));
        return Ok((failed(why), Vec::new(), Vec::new()));
    }
    let result = at(&answer, "/result/results/0");
    let id = at(result, "/id").as_str().unwrap_or_default().to_owned();
    let differences: Vec<String> = at(result, "/differences")
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d.as_str().unwrap_or_default().to_owned())
        .collect();
    let rules = |key: &str| -> Vec<String> {
        at(result, key).as_array().into_iter().flatten().filter_map(|r| r.as_str().map(str::to_owned)).collect()
    };
    let (fired, lost) = (rules("/fired"), rules("/flag_lost"));
    let verdict = if result.get("error").is_some() {
        Verdict::Bad(differences.into_iter().next().unwrap_or_default())
    } else if at(result, "/passed") == true {
        Verdict::Pass { id, description: at(result, "/description").as_str().unwrap_or_default().to_owned() }
    } else {
        let more = differences.len().saturating_sub(1);
        Verdict::Fail { id, first: differences.into_iter().next().unwrap_or_default(), more }
    };
    Ok((verdict, fired, lost))
}

/// A test's id as its file gives it, for the line of a test whose call failed (a trap,
/// a cap) and so got no answer to name it; the file's name when there is none.
fn id_of(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: String,
    }
    serde_json::from_str::<Id>(text).ok().map(|t| t.id)
}
