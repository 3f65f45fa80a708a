//! `version`, `rules`, `explain`, `names`, `schema`: what the core is and knows.

use serde::{Deserialize, Serialize};

use super::envelope::{failure, success};
use super::ABI_VERSION;
use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::names;
use crate::registry::{self, Rule};

#[derive(Serialize)]
struct VersionInfo {
    version: &'static str,
    abi: u32,
}

#[derive(Serialize)]
struct RulesOutput {
    rules: &'static [Rule],
}

#[derive(Serialize)]
struct NamesOutput {
    names: names::Names,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExplainInput {
    id: String,
}

#[cfg(feature = "schema")]
#[derive(Serialize)]
struct SchemaOutput {
    case: schemars::Schema,
    decision: schemars::Schema,
    policy: schemars::Schema,
}

/// `version`.
pub(super) fn version() -> String {
    success(VersionInfo { version: env!("CARGO_PKG_VERSION"), abi: ABI_VERSION })
}

/// `rules`: the registry.
pub(super) fn rules() -> String {
    success(RulesOutput { rules: registry::RULES })
}

/// `names`: `{"names": {kind: {id: {"zh", "en"}}}}`, kinds and ids sorted, for every
/// id a host may show (outcome, action, check, severity, level, flag, ..., rule, code,
/// ui); its input is ignored, like `rules`'.
pub(super) fn names() -> String {
    success(NamesOutput { names: names::all() })
}

/// `explain`: one rule of the registry.
pub(super) fn explain(i: ExplainInput) -> String {
    match registry::find(&i.id) {
        Some(rule) => success::<&Rule>(rule),
        None => failure(
            ErrorReport::of(Code::RuleUnknown, format!("no rule `{}`; `kefu explain` with no id lists them all", i.id))
                .at("id"),
        ),
    }
}

/// `schema`: JSON Schemas of the case, the decision and the policy.
#[cfg(feature = "schema")]
pub(super) fn schema() -> String {
    success(SchemaOutput {
        case: schemars::schema_for!(crate::model::case::Case),
        decision: schemars::schema_for!(crate::decision::Decision),
        policy: schemars::schema_for!(crate::policy::Policy),
    })
}

/// `schema`, in a build without schemas (the browser package): no such operation.
#[cfg(not(feature = "schema"))]
pub(super) fn schema() -> String {
    super::operation::unknown("schema")
}
