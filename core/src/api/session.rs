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

/// One side of a `diff`: a loaded policy by handle, an inline JSON policy, or (neither)
/// the default.
#[cfg(feature = "impact")]
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct PolicyChoice {
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
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
        self.ensure_default(handle, inline.as_ref());
        self.chosen(handle, inline, "")
    }

    /// Builds the default policy when a call will use it.
    fn ensure_default(&mut self, handle: Option<usize>, inline: Option<&Policy>) {
        if handle.is_none() && inline.is_none() && self.default.is_none() {
            self.default = Some(CompiledPolicy::plain(Policy::default()));
        }
    }

    /// The policy a call names, the default already built; `at` prefixes the paths of
    /// errors (`a.`, `b.` in a `diff`).
    fn chosen(
        &self,
        handle: Option<usize>,
        inline: Option<Policy>,
        at: &str,
    ) -> Result<PolicyRef<'_>, Box<ErrorReport>> {
        match (handle, inline) {
            (None, None) => self
                .default
                .as_ref()
                .map(PolicyRef::Loaded)
                .ok_or_else(|| Box::new(ErrorReport::of(Code::InternalEncode, "the default policy was not built"))),
            (Some(h), _) => self.policies.get(h).map(PolicyRef::Loaded).ok_or_else(|| {
                let message = format!("no policy with handle {h}; load it with policy.load first");
                Box::new(ErrorReport::of(Code::CallPolicy, message).at(format!("{at}policy_handle")))
            }),
            (None, Some(p)) => {
                p.check()
                    .map_err(|e| Box::new(ErrorReport { path: e.path.map(|p| format!("{at}policy.{p}")), ..*e }))?;
                Ok(PolicyRef::Inline(Box::new(CompiledPolicy::plain(p))))
            }
        }
    }

    /// The two policies a `diff` compares, each armed with this call's deadline.
    #[cfg(feature = "impact")]
    pub(super) fn policy_pair(
        &mut self,
        a: PolicyChoice,
        b: PolicyChoice,
    ) -> Result<(PolicyRef<'_>, PolicyRef<'_>), Box<ErrorReport>> {
        self.ensure_default(a.policy_handle, a.policy.as_ref());
        self.ensure_default(b.policy_handle, b.policy.as_ref());
        let deadline = self.deadline.clone();
        let first = self.chosen(a.policy_handle, a.policy, "a.")?;
        let second = self.chosen(b.policy_handle, b.policy, "b.")?;
        first.set_deadline(deadline.clone());
        second.set_deadline(deadline);
        Ok((first, second))
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
