//! `kpi`: a shop's indicator table scored under its policy (R-KPI-*, `team::kpi`). The
//! host reads the table (its headers mapped to counts and indicators) and hands the rows
//! over as cells; the core reads every cell, so a `1分20秒` or a `12.34%` means the same
//! on every engine.

use serde::Deserialize;

use super::envelope::{failure, success};
use super::session::Session;
use crate::policy::Policy;
use crate::team::kpi::{score, Evaluation, Row, Team};
use crate::team::table::{read, TableIn};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KpiInput {
    /// Rows already split into counts and indicators.
    #[serde(default)]
    rows: Vec<Row>,
    /// Tables as the host read them, mapped here by header name.
    #[serde(default)]
    tables: Vec<TableIn>,
    #[serde(default)]
    teams: Vec<Team>,
    /// Service evaluations (`eval_code` 0-4), for the satisfaction and invitation rates.
    #[serde(default)]
    evaluations: Vec<Evaluation>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

/// `kpi`: every agent's scorecard per period, the leads', the staffing advice.
pub(super) fn kpi(session: &mut Session, i: KpiInput) -> String {
    let compiled = match session.policy(i.policy_handle, i.policy) {
        Ok(c) => c,
        Err(e) => return failure(*e),
    };
    let mut rows = i.rows;
    let mut notes = Vec::new();
    for t in &i.tables {
        let (read_rows, note) = read(t);
        rows.extend(read_rows);
        notes.push(note);
    }
    let mut cards = score(&rows, &i.teams, &i.evaluations, &compiled.policy.kpi);
    cards.tables = notes;
    success(cards)
}
