//! `version`, `rules`, `explain`, `names`, `schema`: what the core is and knows.

use serde::{Deserialize, Serialize};

#[cfg(feature = "catalog")]
use super::envelope::failure;
use super::envelope::success;
use super::ABI_VERSION;
#[cfg(feature = "catalog")]
use crate::model::code::Code;
#[cfg(feature = "catalog")]
use crate::model::error::ErrorReport;
#[cfg(feature = "catalog")]
use crate::names;
#[cfg(feature = "catalog")]
use crate::registry::{self, Rule};

#[derive(Serialize)]
struct VersionInfo {
    version: &'static str,
    abi: u32,
}

#[cfg(feature = "catalog")]
#[derive(Serialize)]
struct RulesOutput {
    rules: &'static [Rule],
}

#[cfg(feature = "catalog")]
#[derive(Serialize)]
struct NamesOutput {
    names: names::Names,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExplainInput {
    // Read by `explain` only when the catalog is built in; its input is still checked.
    #[cfg_attr(not(feature = "catalog"), allow(dead_code))]
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
#[cfg(feature = "catalog")]
pub(super) fn rules() -> String {
    success(RulesOutput { rules: registry::RULES })
}

/// `names`: `{"names": {kind: {id: {"zh", "en"}}}}`, kinds and ids sorted, for every
/// id a host may show (outcome, action, check, severity, level, flag, ..., rule, code,
/// ui); its input is ignored, like `rules`'.
#[cfg(feature = "catalog")]
pub(super) fn names() -> String {
    success(NamesOutput { names: names::all() })
}

/// `explain`: one rule of the registry.
#[cfg(feature = "catalog")]
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

/// `rules`, `names` and `explain` in a build without the catalog (the browser package):
/// no such operations; the extension reads the names from its build's `names.json`.
#[cfg(not(feature = "catalog"))]
pub(super) fn rules() -> String {
    super::operation::unknown("rules")
}

#[cfg(not(feature = "catalog"))]
pub(super) fn names() -> String {
    super::operation::unknown("names")
}

#[cfg(not(feature = "catalog"))]
pub(super) fn explain(_: ExplainInput) -> String {
    super::operation::unknown("explain")
}

/// `schema`, in a build without schemas (the browser package): no such operation.
#[cfg(not(feature = "schema"))]
pub(super) fn schema() -> String {
    super::operation::unknown("schema")
}
