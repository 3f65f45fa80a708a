//! The counts each batch command keeps and prints. The commands fill them and the HTML
//! report draws them; they live apart from both so that the report does not depend on
//! the commands that call it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::stream::InputNote;

/// Counts of `kefu lint`; `read` is always `linted + rejected`.
#[derive(Serialize, Default, Clone, Debug)]
pub struct LintSummary {
    /// Records read.
    pub read: usize,
    /// Orders linted.
    pub linted: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Orders with no finding on which every check ran.
    pub clean: usize,
    /// Orders with no finding on which some check could not run (their input lacks a
    /// fact it needs, `not_checked`): not called clean, since nothing says they would
    /// have passed. `linted = clean + orders_with_findings + not_all_checked`.
    pub not_all_checked: usize,
    /// Orders with one or more.
    pub orders_with_findings: usize,
    /// Findings in all.
    pub findings: usize,
    /// Findings by check.
    pub by_check: BTreeMap<String, usize>,
    /// Findings by the agent who last signed the order's remark (`-` when nobody did;
    /// the reports name it 未署名 / unsigned).
    pub by_agent: BTreeMap<String, usize>,
    /// Findings by the day the order was placed.
    pub by_day: BTreeMap<String, usize>,
    /// Checks not applied for want of a fact, by that fact (`flag`: an export has none).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub not_checked: BTreeMap<String, usize>,
    /// The same, by check.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped_checks: BTreeMap<String, usize>,
    /// How the input was read.
    pub input: Option<InputNote>,
}

/// Counts of `kefu decide`.
#[derive(Serialize, Default)]
pub struct DecideSummary {
    /// Records read.
    pub read: usize,
    /// Cases decided.
    pub decided: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Decisions by outcome.
    pub by_outcome: BTreeMap<String, usize>,
    /// Decisions by escalation level.
    pub by_level: BTreeMap<String, usize>,
    /// How the input was read.
    pub input: Option<InputNote>,
}

/// Counts of `kefu scan`.
#[derive(Serialize, Default)]
pub struct ScanSummary {
    /// The time the orders were scanned at, and where it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<ScanTime>,
    /// Records read.
    pub read: usize,
    /// Orders scanned.
    pub scanned: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Orders in the queue.
    pub to_contact: usize,
    /// Queued orders by the R-PROACTIVE rule that found them (R-PROACTIVE-6, which
    /// every queued decision cites for its place in the queue, is not counted).
    pub by_rule: BTreeMap<String, usize>,
    /// Orders on which some rule could not run for want of a fact.
    pub not_all_checked: usize,
    /// Queued orders by escalation level.
    pub by_level: BTreeMap<String, usize>,
    /// Rules not applied for want of a fact, by that fact.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub not_checked: BTreeMap<String, usize>,
    /// The same, by rule.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped_rules: BTreeMap<String, usize>,
    /// Facts the input lacks that a rule derived instead (R-PROACTIVE-1: a ship-by
    /// from the pay time and the shop's ship window), by fact: how often, and from what.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub derived: BTreeMap<String, DerivedCount>,
    /// How the input was read.
    pub input: Option<InputNote>,
}

/// How often a fact was derived, and from what.
#[derive(Debug, Default, Serialize)]
pub struct DerivedCount {
    /// Orders whose fact was derived.
    pub orders: usize,
    /// What it was derived from (the first order's words; the rule is the same for all).
    pub from: String,
}

/// The time a scan ran at: `at` (RFC 3339) and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct ScanTime {
    /// The time.
    pub at: String,
    /// `given` (--now), `export` (the latest time found in the orders read) or `clock`
    /// (this computer's, when the input is stdin or has no time at all).
    pub from: NowFrom,
}

/// Where a scan's time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NowFrom {
    /// `--now`.
    Given,
    /// The latest time in the export.
    Export,
    /// The clock.
    Clock,
}
