//! A session: the policies loaded by handle, the default policy built once, the host's
//! time budget; and the dispatch of an operation's name to its handler.

use serde::{Deserialize, Serialize};

use super::envelope::{failure, success, with_input, Shape};
use super::operation::Operation;
use super::{ingest, orders, remarks, replies, rules};
use crate::model::error::ErrorReport;
use crate::policy::Policy;
use crate::script::{compile_until, CompiledPolicy, Deadline, ScriptLimits, ScriptRule};

/// A loaded policy, or one given inline with the call.
pub(super) enum PolicyRef<'a> {
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

/// Compiled policies, loaded once and used by handle: compile once, decide many. The
/// CLI keeps one per thread; the browser package keeps one per `Engine`.
#[derive(Default)]
pub struct Session {
    policies: Vec<CompiledPolicy>,
    /// The default policy, built on first use: building it (reply templates, word lists)
    /// costs more than a decision, so calls without a policy share one.
    default: Option<CompiledPolicy>,
    /// The host's time budget for a script in one call, checked between operations.
    deadline: Option<Deadline>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LoadInput {
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

impl Session {
    /// Sets the host's check that the current call's time is up, for the calls that
    /// follow; a script still running then fails with `KEFU-SCRIPT-DEADLINE`. The core
    /// reads no clock: the host's closure does (the CLI's `Instant`, the browser's
    /// `Date.now()`).
    pub fn set_deadline(&mut self, deadline: Option<Deadline>) {
        self.deadline = deadline;
    }

    /// The policy a call names (a loaded handle, an inline JSON policy, or the default),
    /// armed with this call's deadline.
    pub(super) fn policy(
        &mut self,
        handle: Option<usize>,
        inline: Option<Policy>,
    ) -> Result<PolicyRef<'_>, Box<ErrorReport>> {
        let deadline = self.deadline.clone();
        let policy = self.choose_policy(handle, inline)?;
        policy.set_deadline(deadline);
        Ok(policy)
    }

    fn choose_policy(
        &mut self,
        handle: Option<usize>,
        inline: Option<Policy>,
    ) -> Result<PolicyRef<'_>, Box<ErrorReport>> {
        match (handle, inline) {
            (None, None) => {
                Ok(PolicyRef::Loaded(self.default.get_or_insert_with(|| CompiledPolicy::plain(Policy::default()))))
            }
            (Some(h), _) => self.policies.get(h).map(PolicyRef::Loaded).ok_or_else(|| {
                let message = format!("no policy with handle {h}; load it with policy.load first");
                Box::new(ErrorReport::new("KEFU-CALL-POLICY", message).at("policy_handle"))
            }),
            (None, Some(p)) => {
                p.check().map_err(|e| Box::new(ErrorReport { path: e.path.map(|p| format!("policy.{p}")), ..*e }))?;
                Ok(PolicyRef::Inline(Box::new(CompiledPolicy::plain(p))))
            }
        }
    }

    /// Runs one operation; see the module docs of [`api`](super) for the operations.
    pub fn call(&mut self, operation: &str, input: &str) -> String {
        let Some(op) = Operation::from_name(operation) else { return unknown(operation) };
        match op {
            Operation::Version => rules::version(),
            Operation::PolicyLoad => with_input(input, |i| self.load(i)),
            Operation::RemarkRender => with_input(input, remarks::render),
            Operation::RemarkAppend => with_input(input, remarks::append),
            Operation::RemarkParse => with_input(input, remarks::parse),
            Operation::Lint => with_input(input, |i| orders::lint(i, Shape::Envelope)),
            Operation::Decide => with_input(input, |i| orders::decide(self, i, Shape::Envelope)),
            Operation::Scan => with_input(input, |i| orders::scan(self, i, Shape::Envelope)),
            Operation::CheckReply => with_input(input, |i| replies::check_reply(self, i)),
            Operation::QuickReplies => with_input(input, |i| replies::quick_replies(self, i)),
            Operation::Reply => with_input(input, |i| replies::reply(self, i)),
            Operation::Rules => rules::rules(),
            Operation::Explain => with_input(input, rules::explain),
            Operation::Schema => rules::schema(),
            Operation::IngestSoldPage => with_input(input, ingest::sold_page),
            Operation::IngestRow => with_input(input, ingest::row),
            Operation::Page => with_input(input, |i| ingest::page(self, i)),
        }
    }

    /// [`call_batch`](super::call_batch) in this session.
    pub fn call_batch(&mut self, operation: &str, input: &str, records: Vec<String>) -> String {
        self.batch(operation, input, records, Shape::Envelope)
    }

    /// [`call_batch_lines`](super::call_batch_lines) in this session.
    pub fn call_batch_lines(&mut self, operation: &str, input: &str, records: Vec<String>) -> String {
        self.batch(operation, input, records, Shape::Lines)
    }

    fn batch(&mut self, operation: &str, input: &str, records: Vec<String>, shape: Shape) -> String {
        match Operation::from_name(operation) {
            Some(Operation::Lint) => with_input(input, |i| orders::lint(orders::LintInput { records, ..i }, shape)),
            Some(Operation::Decide) => {
                with_input(input, |i| orders::decide(self, orders::DecideInput { records, ..i }, shape))
            }
            Some(Operation::Scan) => {
                with_input(input, |i| orders::scan(self, orders::ScanInput { records, ..i }, shape))
            }
            _ => failure(ErrorReport::new(
                "KEFU-CALL-OPERATION",
                format!("`{operation}` takes no records; the batch operations are lint, decide and scan"),
            )),
        }
    }

    /// `policy.load`: compile a script and keep it under a handle.
    fn load(&mut self, i: LoadInput) -> String {
        match compile_until(&i.name, &i.source, &i.limits.unwrap_or_default(), self.deadline.clone()) {
            Ok(compiled) => {
                let rules = compiled.rules().to_vec();
                self.policies.push(compiled);
                success(Loaded { handle: self.policies.len() - 1, rules })
            }
            Err(e) => failure(e.report()),
        }
    }
}

/// The answer to a name that is no operation.
pub(super) fn unknown(operation: &str) -> String {
    failure(ErrorReport::new(
        "KEFU-CALL-OPERATION",
        format!("unknown operation `{operation}`; known: {}", Operation::known()),
    ))
}
