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

/// Counts of `kefu diff`: what a supervisor decides a policy change on.
#[derive(Serialize, Default, Debug)]
pub struct DiffSummary {
    /// The two policies: A in force, B the change (`built-in` for the default).
    pub policies: Policies,
    /// The time orders were scanned at, when some were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<ScanTime>,
    /// Records read.
    pub read: usize,
    /// Records decided under both policies and compared.
    pub compared: usize,
    /// Of those, cases decided with their request.
    pub decided: usize,
    /// Of those, orders scanned.
    pub scanned: usize,
    /// Records rejected (under either policy).
    pub rejected: usize,
    /// Decisions that differ in anything a supervisor signs (outcome, steps, flag,
    /// level, responsibility, payer, money, reply, remark, contact).
    pub changed: usize,
    /// Decisions that are the same but explained differently (the new limit cited in
    /// the trace): not changed, but counted.
    pub reworded: usize,
    /// Changed decisions by kind of change (one decision may count under several).
    pub by_change: BTreeMap<String, usize>,
    /// Money moved under A and under B, by family (`granted`, `refunded`,
    /// `compensated`, `other`) and in all (`total`), in yuan.
    pub money: BTreeMap<String, MoneyTotal>,
    /// Decisions by escalation level under A and under B (the supervisors' workload).
    pub by_level: BTreeMap<String, Both>,
    /// Decisions by outcome under A and under B.
    pub by_outcome: BTreeMap<String, Both>,
    /// How often each rule fired (was cited in a decision's trace) under A and B.
    pub rules: BTreeMap<String, Both>,
    /// With `--coverage`: the rules that never fired, a rule whose flag always lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
    /// How the input was read.
    pub input: Option<InputNote>,
}

/// The policies a diff compares.
#[derive(Serialize, Default, Debug, Clone)]
pub struct Policies {
    /// In force.
    pub a: String,
    /// The change.
    pub b: String,
}

/// A count under A and under B.
#[derive(Serialize, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Both {
    /// Under A.
    pub a: usize,
    /// Under B.
    pub b: usize,
}

/// Money under A and B, and B minus A, in yuan (`"-20.00"` when B moves less).
#[derive(Serialize, Default, Debug, Clone, PartialEq, Eq)]
pub struct MoneyTotal {
    /// Under A.
    pub a: String,
    /// Under B.
    pub b: String,
    /// B − A.
    pub difference: String,
}

/// Which rules a run (or a shop's tests) reached.
#[derive(Serialize, Default, Debug, Clone)]
pub struct Coverage {
    /// Rules decisions can cite (the rulebook's decide and scan rules, and the
    /// policies' own) that fired under neither policy.
    pub never_fired: Vec<String>,
    /// Fired under A but never under B (a change that retires a rule).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub only_a: Vec<String>,
    /// Fired under B but never under A.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub only_b: Vec<String>,
    /// The shops' own rules (from the policies' scripts) that never fired.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shop_never_fired: Vec<String>,
    /// Rules that proposed a flag and always lost to another's (R-FLAG-4): their flag
    /// is never set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub always_lost: Vec<LostFlag>,
}

/// A rule whose flag proposals all lost.
#[derive(Serialize, Default, Debug, Clone)]
pub struct LostFlag {
    /// The rule.
    pub rule: String,
    /// How many times it proposed (and lost).
    pub proposals: usize,
    /// The policy it lost under: `a`, `b` or `both`.
    pub under: String,
}
