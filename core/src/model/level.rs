//! Escalation levels (R-ESC-*): plain data, read by the policy and written by the trees.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::names;

/// Escalation levels, lowest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The agent handles it.
    #[default]
    None,
    /// An experienced agent.
    Senior,
    /// The supervisor.
    Supervisor,
    /// Leadership.
    Leadership,
}

names!(Level { None => "none", Senior => "senior", Supervisor => "supervisor", Leadership => "leadership" });

impl Level {
    /// Who handles it, as a desk says it in Chinese (none: no escalation).
    pub fn name_zh(self) -> &'static str {
        match self {
            Level::None => "无需升级",
            Level::Senior => "资深客服",
            Level::Supervisor => "主管",
            Level::Leadership => "领导",
        }
    }
}
