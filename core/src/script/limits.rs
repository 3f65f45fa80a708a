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
    /// Longest string, in bytes. Rhai measures a map or an array by all the strings it
    /// holds together, so the policy map (the default templates, phrases and word lists,
    /// about 20 KiB) must fit under it as well.
    pub max_string_size: usize,
    /// Largest array.
    pub max_array_size: usize,
    /// Largest map.
    pub max_map_size: usize,
    /// Variables in scope.
    pub max_variables: usize,
    /// Functions a script may define.
    pub max_functions: usize,
    /// Largest script source, in bytes (an 11 MB script took 575 MB to compile).
    pub max_source_bytes: usize,
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
            // The policy map a script starts from holds every default reply and phrase
            // (about 20 KiB of text, counted as one map by Rhai), with room for the
            // shop's own wording.
            max_string_size: 64 * 1024,
            max_array_size: 4 * 1024,
            max_map_size: 1024,
            max_variables: 256,
            max_functions: 256,
            max_source_bytes: 256 * 1024,
        }
    }
}

/// Lines Rhai can point at: its positions count lines in 16 bits.
pub(super) const MAX_SOURCE_LINES: usize = 65_535;

impl ScriptLimits {
    /// Checks that every limit is a limit: Rhai reads 0 as "none", and call and
    /// expression depth past a few hundred would overflow the host's stack before
    /// Rhai's own check. Returns the first limit out of range and the range.
    pub fn check(&self) -> Result<(), String> {
        let ranges: [(&str, u64, u64, u64); 9] = [
            ("max_operations", self.max_operations, 1, u64::MAX),
            ("max_call_levels", self.max_call_levels as u64, 1, 64),
            ("max_expr_depth", self.max_expr_depth as u64, 1, 128),
            ("max_string_size", self.max_string_size as u64, 1, 16 << 20),
            ("max_array_size", self.max_array_size as u64, 1, 1 << 20),
            ("max_map_size", self.max_map_size as u64, 1, 1 << 20),
            ("max_variables", self.max_variables as u64, 1, 4096),
            ("max_functions", self.max_functions as u64, 1, 4096),
            ("max_source_bytes", self.max_source_bytes as u64, 1, 4 << 20),
        ];
        match ranges.iter().find(|(_, v, lo, hi)| v < lo || v > hi) {
            Some((name, v, lo, hi)) => Err(format!("script limit `{name}` is {v}; it must be from {lo} to {hi}")),
            None => Ok(()),
        }
    }
}
