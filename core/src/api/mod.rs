//! The JSON boundary: one function, `call(operation, input) -> output`, that every host
//! uses (the guest module, the CLI's native engine, later the browser package).
//!
//! Keeping a single string-in, string-out entry point makes "same answer everywhere" a
//! property of construction: the hosts differ only in how they carry bytes to it.
//!
//! Every answer is an envelope:
//!
//! ```json
//! {"type":"success","result":{...}}
//! {"type":"failure","errors":[{"code":"KEFU-...","message":"...","path":"..."}]}
//! ```
//!
//! Operations (input → result):
//!
//! | operation | input | result |
//! |---|---|---|
//! | `version` | anything | `{"version", "abi"}` |
//! | `remark.render` | `{"entry", "options"?}` | `{"entry"}`: the rendered line |
//! | `remark.append` | `{"remark", "entry", "options"?}` | [`Appended`]; a failure also carries `"remark"`, unchanged |
//! | `remark.parse` | `{"remark"}` | [`Remark`] |
//! | `lint` | `{"records": [string...], "options"?}` | `{"results": [...]}`, one per record: [`OrderFindings`] or `{"error"}` |
//! | `policy.load` | `{"name", "source", "limits"?}` (a Rhai script) | `{"handle", "rules"}`; the handle names the compiled policy in later calls of this session |
//! | `decide` | `{"records": [string...], "policy"? (JSON) or "policy_handle"?}` | `{"results": [...]}`, one per record: [`Decision`] or `{"error"}` |
//! | `scan` | `{"now", "records": [string...] (orders), "policy"?}` | `{"results": [...]}`, one per record: `{"queue_key", "decision"}` or `{"error"}`; sorting the non-null keys gives the contact queue (R-PROACTIVE-6) |
//! | `check_reply` | `{"order", "context"?, "draft", "now"?, "policy"?}` | [`ReplyCheck`] |
//! | `rules` | anything | `{"rules": [...]}`, the registry |
//! | `explain` | `{"id"}` | one rule |
//! | `schema` | anything | JSON Schemas of the case, the decision and the policy |
//!
//! `lint` takes each record as a JSON *string* holding an order, so that a record that
//! is not even JSON is reported at its index without spoiling the batch.

use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::decide::decide_with;
use crate::decision::{Decision, Outcome};
use crate::error::{from_json, ErrorReport};
use crate::lint::{lint, LintOptions, OrderFindings};
use crate::order::Order;
use crate::policy::Policy;
use crate::proactive::QueueKey;
use crate::registry::{self, Rule};
use crate::remark::{append, render_entry, Appended, Entry, Remark, RemarkOptions};
use crate::script::{compile, CompiledPolicy, ScriptLimits, ScriptRule};
use crate::time::Timestamp;
use crate::wording::{check_reply, ReplyCheck, ReplyInput};

/// Version of the guest ABI and of this envelope; bumped on any incompatible change.
pub const ABI_VERSION: u32 = 1;

/// The operations `call` knows, for help texts and tests.
pub const OPERATIONS: [&str; 12] = [
    "version",
    "policy.load",
    "remark.render",
    "remark.append",
    "remark.parse",
    "lint",
    "decide",
    "scan",
    "check_reply",
    "rules",
    "explain",
    "schema",
];

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Answer<T> {
    Success {
        result: T,
    },
    Failure {
        errors: Vec<ErrorReport>,
        #[serde(skip_serializing_if = "Option::is_none")]
        remark: Option<String>,
    },
}

fn success<T: Serialize>(result: T) -> String {
    encode(&Answer::Success { result })
}

fn failure(error: ErrorReport) -> String {
    encode(&Answer::<()>::Failure { errors: vec![error], remark: None })
}

fn encode<T: Serialize>(answer: &Answer<T>) -> String {
    // Our result types serialize without fail (no maps with non-string keys, no
    // fallible custom serializers); the fallback keeps this function total anyway.
    serde_json::to_string(answer)
        .unwrap_or_else(|e| failure_literal("KEFU-INTERNAL-ENCODE", &format!("could not encode the answer: {e}")))
}

fn failure_literal(code: &str, message: &str) -> String {
    let report = ErrorReport::new(code, message);
    let message = serde_json::to_string(&report.message).unwrap_or_else(|_| "\"\"".to_owned());
    format!(r#"{{"type":"failure","errors":[{{"code":"{}","message":{message}}}]}}"#, report.code)
}

thread_local! {
    static SESSION: std::cell::RefCell<Session> = std::cell::RefCell::new(Session::default());
}

/// Runs one operation on a JSON input and returns the JSON envelope, in this thread's
/// [`Session`] (so policies loaded by `policy.load` stay available). Never panics.
pub fn call(operation: &str, input: &str) -> String {
    SESSION.with(|session| match session.try_borrow_mut() {
        Ok(mut s) => s.call(operation, input),
        Err(_) => failure(ErrorReport::new("KEFU-CALL-REENTRANT", "the session is already in a call")),
    })
}

/// A loaded policy, or one given inline with the call.
enum PolicyRef<'a> {
    Loaded(&'a CompiledPolicy),
    Inline(Box<CompiledPolicy>),
}

impl std::ops::Deref for PolicyRef<'_> {
    type Target = CompiledPolicy;
    fn deref(&self) -> &CompiledPolicy {
        match self {
            PolicyRef::Loaded(p) => p,
            PolicyRef::Inline(p) => p,
        }
    }
}

/// Compiled policies, loaded once and used by handle: compile once, decide many.
#[derive(Default)]
pub struct Session {
    policies: Vec<CompiledPolicy>,
    /// The default policy, built on first use: building it (reply templates, word lists)
    /// costs more than a decision, so calls without a policy share one.
    default: Option<CompiledPolicy>,
}

impl Session {
    fn policy(&mut self, handle: Option<usize>, inline: Option<Policy>) -> Result<PolicyRef<'_>, Box<ErrorReport>> {
        if handle.is_none() && inline.is_none() {
            return Ok(PolicyRef::Loaded(self.default.get_or_insert_with(|| CompiledPolicy::plain(Policy::default()))));
        }
        match (handle, inline) {
            (Some(h), _) => self.policies.get(h).map(PolicyRef::Loaded).ok_or_else(|| {
                Box::new(
                    ErrorReport::new(
                        "KEFU-CALL-POLICY",
                        format!("no policy with handle {h}; load it with policy.load first"),
                    )
                    .at("policy_handle"),
                )
            }),
            (None, p) => Ok(PolicyRef::Inline(Box::new(CompiledPolicy::plain(p.unwrap_or_default())))),
        }
    }

    /// Runs one operation; see the module docs for the operations.
    pub fn call(&mut self, operation: &str, input: &str) -> String {
        match operation {
            "version" => success(VersionInfo { version: env!("CARGO_PKG_VERSION"), abi: ABI_VERSION }),
            "remark.render" => with_input(input, |i: RenderInput| {
                let options = i.options.unwrap_or_default();
                render_entry(&i.entry, options.lang)
                    .map(|entry| success(Rendered { entry }))
                    .unwrap_or_else(|e| failure(e.report()))
            }),
            "remark.append" => with_input(input, |i: AppendInput| {
                let options = i.options.unwrap_or_default();
                match append(&i.remark, &i.entry, &options) {
                    Ok(a) => success::<Appended>(a),
                    Err(e) => encode(&Answer::<()>::Failure { errors: vec![e.report()], remark: Some(i.remark) }),
                }
            }),
            "remark.parse" => with_input(input, |i: ParseInput| success(Remark::parse(&i.remark))),
            "lint" => with_input(input, |i: LintInput| {
                let options = i.options.unwrap_or_default();
                let results: Vec<RecordResult> = i
                    .records
                    .iter()
                    .map(|record| match Order::from_json(record) {
                        Ok(order) => RecordResult::Linted(lint(&order, &options)),
                        Err(e) => RecordResult::Rejected { error: e.report() },
                    })
                    .collect();
                success(LintOutput { results })
            }),
            "policy.load" => {
                with_input(input, |i: LoadInput| match compile(&i.name, &i.source, &i.limits.unwrap_or_default()) {
                    Ok(compiled) => {
                        let rules = compiled.rules().to_vec();
                        self.policies.push(compiled);
                        success(Loaded { handle: self.policies.len() - 1, rules })
                    }
                    Err(e) => failure(e.report()),
                })
            }
            "decide" => with_input(input, |i: DecideInput| {
                let compiled = match self.policy(i.policy_handle, i.policy) {
                    Ok(c) => c,
                    Err(e) => return failure(*e),
                };
                let results: Vec<Decided> = i
                    .records
                    .iter()
                    .map(|record| match from_json::<Case>(record, "case") {
                        Ok(case) => match decide_with(&case, &compiled) {
                            Ok(decision) => Decided::Decision(Box::new(decision)),
                            Err(e) => Decided::Rejected { error: e.report() },
                        },
                        Err(error) => Decided::Rejected { error: *error },
                    })
                    .collect();
                success(DecideOutput { results })
            }),
            "scan" => with_input(input, |i: ScanInput| {
                let compiled = match self.policy(i.policy_handle, i.policy) {
                    Ok(c) => c,
                    Err(e) => return failure(*e),
                };
                let results: Vec<Scanned> = i
                    .records
                    .iter()
                    .map(|record| match Order::from_json(record) {
                        Ok(order) => {
                            let case = Case {
                                now: i.now,
                                order,
                                request: Default::default(),
                                agent: Default::default(),
                                context: Default::default(),
                            };
                            match decide_with(&case, &compiled) {
                                Ok(decision) => {
                                    let queue_key = (decision.outcome == Outcome::ProactiveContact)
                                        .then(|| QueueKey::of(&decision, &case).sort_key());
                                    Scanned::Scanned { queue_key, decision: Box::new(decision) }
                                }
                                Err(e) => Scanned::Rejected { error: e.report() },
                            }
                        }
                        Err(e) => Scanned::Rejected { error: e.report() },
                    })
                    .collect();
                success(ScanOutput { results })
            }),
            "check_reply" => with_input(input, |i: CheckReplyInput| match self.policy(i.policy_handle, i.policy) {
                Ok(compiled) => success::<ReplyCheck>(check_reply(&i.reply, &compiled.policy)),
                Err(e) => failure(*e),
            }),
            "rules" => success(RulesOutput { rules: registry::RULES }),
            "explain" => with_input(input, |i: ExplainInput| match registry::find(&i.id) {
                Some(rule) => success::<&Rule>(rule),
                None => failure(
                    ErrorReport::new(
                        "KEFU-RULE-UNKNOWN",
                        format!("no rule `{}`; `kefu explain` with no id lists them all", i.id),
                    )
                    .at("id"),
                ),
            }),
            #[cfg(feature = "schema")]
            "schema" => success(SchemaOutput {
                case: schemars::schema_for!(Case),
                decision: schemars::schema_for!(Decision),
                policy: schemars::schema_for!(Policy),
            }),
            other => failure(ErrorReport::new(
                "KEFU-CALL-OPERATION",
                format!("unknown operation `{other}`; known: {}", OPERATIONS.join(", ")),
            )),
        }
    }
}

fn with_input<'a, T: Deserialize<'a>>(input: &'a str, run: impl FnOnce(T) -> String) -> String {
    match from_json::<T>(input, "input") {
        Ok(parsed) => run(parsed),
        Err(report) => failure(*report),
    }
}

#[derive(Serialize)]
struct VersionInfo {
    version: &'static str,
    abi: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenderInput {
    entry: Entry,
    #[serde(default)]
    options: Option<RemarkOptions>,
}

#[derive(Serialize)]
struct Rendered {
    entry: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppendInput {
    #[serde(default)]
    remark: String,
    entry: Entry,
    #[serde(default)]
    options: Option<RemarkOptions>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParseInput {
    remark: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LintInput {
    records: Vec<String>,
    #[serde(default)]
    options: Option<LintOptions>,
}

/// One record's outcome in a `lint` batch.
#[derive(Serialize)]
#[serde(untagged)]
pub enum RecordResult {
    /// The order was read and linted.
    Linted(OrderFindings),
    /// The record was rejected; nothing else in the batch is affected.
    Rejected {
        /// Why.
        error: ErrorReport,
    },
}

#[derive(Serialize)]
struct LintOutput {
    results: Vec<RecordResult>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecideInput {
    records: Vec<String>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoadInput {
    name: String,
    source: String,
    #[serde(default)]
    limits: Option<ScriptLimits>,
}

#[derive(Serialize)]
struct Loaded {
    handle: usize,
    rules: Vec<ScriptRule>,
}

/// One record's outcome in a `decide` or `scan` batch.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Decided {
    /// The case was decided.
    Decision(Box<Decision>),
    /// The record was rejected; nothing else in the batch is affected.
    Rejected {
        /// Why.
        error: ErrorReport,
    },
}

#[derive(Serialize)]
struct DecideOutput {
    results: Vec<Decided>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScanInput {
    now: Timestamp,
    records: Vec<String>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

/// One record's outcome in a `scan` batch.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Scanned {
    /// The order was scanned.
    Scanned {
        /// Present when the buyer should be contacted: sorting these strings gives the
        /// contact queue in R-PROACTIVE-6 order.
        queue_key: Option<String>,
        /// The decision.
        decision: Box<Decision>,
    },
    /// The record was rejected.
    Rejected {
        /// Why.
        error: ErrorReport,
    },
}

#[derive(Serialize)]
struct ScanOutput {
    results: Vec<Scanned>,
}

#[derive(Deserialize)]
struct CheckReplyInput {
    #[serde(flatten)]
    reply: ReplyInput,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

#[derive(Serialize)]
struct RulesOutput {
    rules: &'static [Rule],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExplainInput {
    id: String,
}

#[cfg(feature = "schema")]
#[derive(Serialize)]
struct SchemaOutput {
    case: schemars::Schema,
    decision: schemars::Schema,
    policy: schemars::Schema,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value(s: &str) -> serde_json::Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn append_failure_returns_the_remark_unchanged() {
        let remark = "备".repeat(330);
        let input = serde_json::json!({
            "remark": remark,
            "entry": {"reason": "cancel", "agent": "小王", "at": "2026-11-25T14:30:00+08:00"}
        });
        let out = value(&call("remark.append", &input.to_string()));
        assert_eq!(out["type"], "failure");
        assert_eq!(out["errors"][0]["code"], "KEFU-REMARK-TOO-LONG");
        assert_eq!(out["remark"], remark);
        assert!(out["errors"][0]["over_by"].as_u64().unwrap() > 0);
    }

    #[test]
    fn lint_keeps_going_past_bad_records() {
        let input = serde_json::json!({"records": [
            "{\"order_id\":\"A\",\"status\":\"shipped\",\"total\":\"1.00\",\"flag\":5,\"remark\":\"【取消订单】（小王/2026-11-25 14:30）\"}",
            "not json",
            "{\"order_id\":\"B\",\"status\":\"paid\",\"total\":1}"
        ]});
        let out = value(&call("lint", &input.to_string()));
        let results = out["result"]["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        assert_eq!(results[0]["findings"][0]["check"], "flag-status-mismatch");
        assert_eq!(results[1]["error"]["code"], "KEFU-INPUT-JSON");
        assert_eq!(results[2]["error"]["path"], "total");
    }

    #[test]
    fn unknown_operation_and_bad_envelope() {
        assert_eq!(value(&call("nope", "{}"))["errors"][0]["code"], "KEFU-CALL-OPERATION");
        assert_eq!(value(&call("lint", "{\"recs\":[]}"))["errors"][0]["code"], "KEFU-INPUT-UNKNOWN-FIELD");
    }

    proptest! {
        // The JSON boundary answers every input with an envelope, never a panic.
        #[test]
        fn any_input_gets_an_envelope(op in proptest::sample::select(OPERATIONS.to_vec()), input in any::<String>()) {
            let out = value(&call(op, &input));
            prop_assert!(out["type"] == "success" || out["type"] == "failure");
        }

        #[test]
        fn any_order_record_is_linted_or_rejected(record in any::<String>(), noise in "[\\[\\]{}\":,0-9a-z_ -]{0,80}") {
            for r in [record, noise.clone(), format!("{{\"order_id\":\"x\",\"status\":\"paid\",\"total\":\"1.00\",{noise}}}")] {
                let input = serde_json::json!({"records": [r]}).to_string();
                let out = value(&call("lint", &input));
                prop_assert_eq!(out["result"]["results"].as_array().map(Vec::len), Some(1));
            }
        }
    }
}
