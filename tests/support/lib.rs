//! Shared helpers for kefu's cross-crate suites in `tests/`: run the real CLI in-process
//! with either engine, and find the example data.

use std::path::{Path, PathBuf};

/// What one CLI run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Exit code.
    pub code: u8,
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A module cache inside the build directory, so tests write nothing outside the repo.
pub fn cache_dir() -> PathBuf {
    root().join("target").join("kefu-test-cache")
}

/// Runs `kefu --engine <engine> <args...>` in-process with `stdin`.
pub fn kefu(engine: &str, args: &[&str], stdin: &str) -> Run {
    let cache = cache_dir();
    let mut argv: Vec<String> = vec!["kefu".into(), "--engine".into(), engine.into()];
    argv.push("--cache-dir".into());
    argv.push(cache.display().to_string());
    argv.extend(args.iter().map(|s| (*s).to_owned()));
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = kefu_cli::run(argv, &mut stdin.as_bytes(), &mut out, &mut err);
    Run { code, stdout: String::from_utf8_lossy(&out).into_owned(), stderr: String::from_utf8_lossy(&err).into_owned() }
}

/// Every file under `dir` (not recursive), sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Every scenario file (`*.json`) in a folder of the repository, with its file name;
/// a file that does not read as a scenario fails the suite, naming it.
#[allow(clippy::panic, reason = "a suite fails by panicking, naming the file")]
pub fn scenarios_in(dir: &str) -> Vec<(String, kefu_core::expect::Scenario)> {
    files_in(&root().join(dir))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"));
            let s = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"));
            (name, s)
        })
        .collect()
}

/// The `decide` input of one scenario: its case as the one record, its policy if any.
pub fn decide_input(s: &kefu_core::expect::Scenario) -> String {
    let mut input = serde_json::json!({ "records": [s.case.to_string()] });
    if let (Some(policy), Some(object)) = (&s.policy, input.as_object_mut()) {
        object.insert("policy".into(), policy.clone());
    }
    input.to_string()
}

/// Words an agent's Chinese reason may keep in Latin letters: none yet. A term with a
/// Chinese name (货到付款 for COD, 商家编码 for SKU) is written in Chinese.
const LATIN_ALLOWED: &[&str] = &[];

/// What is wrong with a decision's trace reasons as an agent reads them: each step's
/// `because` has both languages; the Chinese has at least one CJK character and no word
/// in Latin letters except a rule id (`R-FLAG-2`), a word of [`LATIN_ALLOWED`], or one
/// the input itself carries (a SKU, a promotion's name: data, not kefu's wording).
pub fn reasons_not_in_chinese(decision: &serde_json::Value, input: &str) -> Vec<String> {
    let steps = decision.get("trace").and_then(serde_json::Value::as_array).cloned().unwrap_or_default();
    let mut problems = Vec::new();
    for step in &steps {
        let rule = step.get("rule").and_then(serde_json::Value::as_str).unwrap_or_default();
        let because = step.get("because");
        let lang = |l: &str| because.and_then(|b| b.get(l)).and_then(serde_json::Value::as_str);
        let (Some(zh), Some(en)) = (lang("zh"), lang("en")) else {
            problems.push(format!("{rule}: `because` is not {{zh, en}}: {because:?}"));
            continue;
        };
        if en.trim().is_empty() {
            problems.push(format!("{rule}: no English reason"));
        }
        if !zh.chars().any(is_cjk) {
            problems.push(format!("{rule}: no Chinese in {zh:?}"));
        }
        for word in latin_words(zh) {
            let rule_id = word.starts_with("R-") || word == rule;
            if !rule_id && !LATIN_ALLOWED.contains(&word) && !input.contains(word) {
                problems.push(format!("{rule}: English word `{word}` in {zh:?}"));
            }
        }
    }
    problems
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Runs of ASCII letters, digits, `-` and `_` that hold a letter: words and ids.
fn latin_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect()
}
