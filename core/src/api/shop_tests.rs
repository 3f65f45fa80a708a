//! `test`: a shop's test cases (the `kefu test` format, `{id, description, case,
//! expect}`) run against a policy, each checked by [`expect::check`](crate::expect::check).
//! The CLI's `kefu test` and the package's `runTests` both call it, so a test passes or
//! fails for the same reason, in the same words, on every host.

use serde::{Deserialize, Serialize};

use super::envelope::{failure, success};
use super::session::Session;
use crate::expect::{check, Scenario};
use crate::impact::{fired, flag_lost};
use crate::model::case::Case;
use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::policy::Policy;
use crate::script::decide_with;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TestInput {
    /// Each test case as JSON text, so that one that is not even JSON is reported at
    /// its index without spoiling the others.
    #[serde(default)]
    records: Vec<String>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

/// One test case's result.
#[derive(Serialize)]
pub struct TestResult {
    /// The test's id (`#3`, its place in the call, when it could not be read).
    pub id: String,
    /// What the test is about, as its file says (empty when it could not be read).
    pub description: String,
    /// Whether the decision holds everything the test expects.
    pub passed: bool,
    /// What differs, one line each; for a test that could not run, why.
    pub differences: Vec<String>,
    /// The rules the decision cites, each once, in the order they applied: which rules
    /// (the rulebook's and the shop's own) this test exercises, for `kefu test --coverage`.
    pub fired: Vec<String>,
    /// Rules whose flag proposal lost to another's here (R-FLAG-4).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flag_lost: Vec<String>,
    /// Present when the test itself is at fault (not JSON, not a test case, or carrying
    /// its own policy): it did not run, so it neither passed nor failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorReport>,
}

#[derive(Serialize)]
struct TestOutput {
    results: Vec<TestResult>,
}

/// `test`: each record a test case, decided under the call's policy and checked.
pub(super) fn test(session: &mut Session, i: TestInput) -> String {
    let compiled = match session.policy(i.policy_handle, i.policy) {
        Ok(c) => c,
        Err(e) => return failure(*e),
    };
    let results = i.records.iter().enumerate().map(|(n, text)| run_one(n, text, &compiled)).collect();
    success(TestOutput { results })
}

fn run_one(index: usize, text: &str, compiled: &crate::script::CompiledPolicy) -> TestResult {
    let scenario: Scenario = match serde_json::from_str(text) {
        Ok(s) => s,
        Err(e) => return unrunnable(format!("#{}", index + 1), Code::TestCase, format!("not a test case: {e}")),
    };
    if scenario.policy.is_some() {
        let why = "a shop test takes its policy from the shop's script; remove `policy`";
        return TestResult {
            description: scenario.description,
            ..unrunnable(scenario.id, Code::TestPolicy, why.to_owned())
        };
    }
    let decided = Case::from_json(&scenario.case.to_string())
        .and_then(|case| decide_with(&case, compiled).map_err(|e| Box::new(e.report())));
    let (differences, side) = match decided {
        // Judged as hosts see it: the decision's JSON as the core writes it, read back
        // (serde_json's `to_value` would compile a second serializer of every decision
        // type into the browser package).
        Ok(decision) => {
            let written = crate::json_out::to_string(&decision).ok();
            let value = written.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
            (check(&scenario.expect, &value), Some((fired(&decision), flag_lost(&decision))))
        }
        Err(e) => (vec![format!("the case was rejected: {} {}", e.code, e.message)], None),
    };
    let names = |rules: Vec<crate::model::text::Label>| rules.into_iter().map(|r| r.into_owned()).collect();
    let (fired, flag_lost) = side.map_or_else(Default::default, |(f, l)| (names(f), names(l)));
    TestResult {
        id: scenario.id,
        description: scenario.description,
        passed: differences.is_empty(),
        differences,
        fired,
        flag_lost,
        error: None,
    }
}

fn unrunnable(id: String, code: Code, message: String) -> TestResult {
    TestResult {
        id,
        description: String::new(),
        passed: false,
        differences: vec![message.clone()],
        fired: Vec::new(),
        flag_lost: Vec::new(),
        error: Some(ErrorReport::of(code, message)),
    }
}
