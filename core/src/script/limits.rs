//! The limits every script runs under, set by the host, never by the script.

use serde::{Deserialize, Serialize};

/// Limits every script runs under. Set by the host, never by the script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScriptLimits {
    /// Operations per run (the top-level code, or one hook call).
    pub max_operations: u64,
    /// Nested function calls.
    pub max_call_levels: usize,
    /// Expression nesting, at top level and inside functions.
    pub max_expr_depth: usize,
    /// Longest string, in bytes.
    pub max_string_size: usize,
    /// Largest array.
    pub max_array_size: usize,
    /// Largest map.
    pub max_map_size: usize,
    /// Variables in scope.
    pub max_variables: usize,
    /// Functions a script may define.
    pub max_functions: usize,
}

impl ScriptLimits {
    /// Operations per run unless the host sets another number.
    pub const DEFAULT_MAX_OPERATIONS: u64 = 200_000;
}

impl Default for ScriptLimits {
    fn default() -> Self {
        ScriptLimits {
            max_operations: Self::DEFAULT_MAX_OPERATIONS,
            max_call_levels: 24,
            max_expr_depth: 48,
            max_string_size: 16 * 1024,
            max_array_size: 4 * 1024,
            max_map_size: 1024,
            max_variables: 256,
            max_functions: 256,
        }
    }
}
