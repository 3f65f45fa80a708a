//! A session: the policies loaded by handle, the default policy built once, the host's
//! time budget. The handlers take their policy from it; `dispatch.rs` hands each call
//! to its handler.

use serde::{Deserialize, Serialize};

use super::envelope::{failure, success};
use crate::model::code::Code;
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
                Box::new(ErrorReport::of(Code::CallPolicy, message).at("policy_handle"))
            }),
            (None, Some(p)) => {
                p.check().map_err(|e| Box::new(ErrorReport { path: e.path.map(|p| format!("policy.{p}")), ..*e }))?;
                Ok(PolicyRef::Inline(Box::new(CompiledPolicy::plain(p))))
            }
        }
    }

    /// `policy.load`: compile a script and keep it under a handle.
    pub(super) fn load(&mut self, i: LoadInput) -> String {
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
