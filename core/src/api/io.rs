//! The inputs and outputs of each operation, as they cross the boundary.

use serde::{Deserialize, Serialize};

use crate::decision::Decision;
use crate::guard::ReplyInput;
use crate::lint::{LintOptions, OrderFindings};
use crate::model::case::{Agent, Context};
use crate::model::error::ErrorReport;
use crate::model::order::Order;
use crate::model::time::Timestamp;
use crate::phrases::QuickInput;
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

// The three reply operations take their own input and a policy side by side. The
// fields are written out rather than `#[serde(flatten)]`ed: flatten buffers the whole
// input (the order included) to split it, which compiled every order type a second
// time for the buffer (serde's `Content`, ~40 KB of the browser package), and it let
// `deny_unknown_fields` pass typos.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckReplyInput {
    order: Order,
    #[serde(default)]
    context: Context,
    pub(super) draft: String,
    #[serde(default)]
    now: Option<Timestamp>,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
}

impl CheckReplyInput {
    pub(super) fn reply(self) -> ReplyInput {
        ReplyInput { order: self.order, context: self.context, draft: self.draft, now: self.now }
    }
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

/// A mapping by built-in name or written out. Read by hand, not `#[serde(untagged)]`,
/// which buffers the value to try each variant (compiling `Mapping` a second time for
/// the buffer) and reports a bad mapping only as "did not match any variant".
pub(super) enum MappingRef {
    Name(String),
    Inline(Box<crate::ingest::Mapping>),
}

impl<'de> Deserialize<'de> for MappingRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = MappingRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a built-in mapping's name or a mapping object")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<MappingRef, E> {
                Ok(MappingRef::Name(name.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<MappingRef, A::Error> {
                let mapping = crate::ingest::Mapping::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(MappingRef::Inline(Box::new(mapping)))
            }
        }
        deserializer.deserialize_any(Either)
    }
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
    order: Order,
    #[serde(default)]
    agent: Option<Agent>,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
}

impl QuickRepliesInput {
    pub(super) fn input(self) -> QuickInput {
        QuickInput { order: self.order, agent: self.agent }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OneReplyInput {
    template: String,
    order: Order,
    #[serde(default)]
    agent: Option<Agent>,
    #[serde(default)]
    context: Context,
    #[serde(default)]
    now: Option<Timestamp>,
    #[serde(default)]
    request: Option<serde_json::Value>,
    #[serde(default)]
    pub(super) policy: Option<Policy>,
    #[serde(default)]
    pub(super) policy_handle: Option<usize>,
}

impl OneReplyInput {
    pub(super) fn input(self) -> crate::phrases::OneReplyInput {
        crate::phrases::OneReplyInput {
            template: self.template,
            order: self.order,
            agent: self.agent,
            context: self.context,
            now: self.now,
            request: self.request,
        }
    }
}

#[derive(Serialize)]
pub(super) struct QuickRepliesOutput {
    pub(super) replies: Vec<crate::phrases::QuickReply>,
}
