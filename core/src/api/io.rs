//! The inputs and outputs of each operation, as they cross the boundary.

use serde::{Deserialize, Serialize};

use crate::decision::Decision;
use crate::guard::ReplyInput;
use crate::lint::{LintOptions, OrderFindings};
use crate::model::error::ErrorReport;
use crate::model::time::Timestamp;
use crate::policy::Policy;
use crate::registry::Rule;
use crate::remark::{Entry, RemarkOptions};
use crate::script::{ScriptLimits, ScriptRule};

#[derive(Serialize)]
pub(super) struct VersionInfo {
    pub(super) version: &'static str,
    pub(super) abi: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RenderInput {
    pub(super) entry: Entry,
    #[serde(default)]
    pub(super) options: Option<RemarkOptions>,
}

#[derive(Serialize)]
pub(super) struct Rendered {
    pub(super) entry: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AppendInput {
    #[serde(default)]
    pub(super) remark: String,
    pub(super) entry: Entry,
    #[serde(default)]
    pub(super) options: Option<RemarkOptions>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ParseInput {
    pub(super) remark: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LintInput {
    #[serde(default)]
    pub(super) records: Vec<String>,
    #[serde(default)]
    pub(super) options: Option<LintOptions>,
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
pub(super) struct LintOutput {
    pub(super) results: Vec<RecordResult>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DecideInput {
    #[serde(default)]
    pub(super) records: Vec<String>,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LoadInput {
    pub(super) name: String,
    pub(super) source: String,
    #[serde(default)]
    pub(super) limits: Option<ScriptLimits>,
}

#[derive(Serialize)]
pub(super) struct Loaded {
    pub(super) handle: usize,
    pub(super) rules: Vec<ScriptRule>,
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
pub(super) struct DecideOutput {
    pub(super) results: Vec<Decided>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScanInput {
    pub(super) now: Timestamp,
    #[serde(default)]
    pub(super) records: Vec<String>,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
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
pub(super) struct ScanOutput {
    pub(super) results: Vec<Scanned>,
}

#[derive(Deserialize)]
pub(super) struct CheckReplyInput {
    #[serde(flatten)]
    pub(super) reply: ReplyInput,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
}

#[derive(Serialize)]
pub(super) struct RulesOutput {
    pub(super) rules: &'static [Rule],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExplainInput {
    pub(super) id: String,
}

#[cfg(feature = "schema")]
#[derive(Serialize)]
pub(super) struct SchemaOutput {
    pub(super) case: schemars::Schema,
    pub(super) decision: schemars::Schema,
    pub(super) policy: schemars::Schema,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SoldPageInput {
    /// The order list's answer, as the page received it.
    pub(super) page: String,
    /// The shop's UTC offset for times without one (default `+08:00`).
    #[serde(default)]
    pub(super) time_zone: Option<String>,
    #[serde(default)]
    pub(super) mapping: Option<crate::ingest::Mapping>,
    #[serde(default)]
    pub(super) items_mapping: Option<crate::ingest::Mapping>,
}

/// A mapping by built-in name or written out.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum MappingRef {
    Name(String),
    Inline(Box<crate::ingest::Mapping>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RowInput {
    pub(super) headers: Vec<String>,
    pub(super) cells: Vec<String>,
    #[serde(default)]
    pub(super) mapping: Option<MappingRef>,
    #[serde(default)]
    pub(super) time_zone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuickRepliesInput {
    #[serde(flatten)]
    pub(super) input: crate::phrases::QuickInput,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OneReplyInput {
    #[serde(flatten)]
    pub(super) input: crate::phrases::OneReplyInput,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
}

#[derive(Serialize)]
pub(super) struct QuickRepliesOutput {
    pub(super) replies: Vec<crate::phrases::QuickReply>,
}
