//! `kpi`: a shop's indicator table scored under its policy (R-KPI-*, `team::kpi`). The
//! host reads the table (its headers mapped to counts and indicators) and hands the rows
//! over as cells; the core reads every cell, so a `1分20秒` or a `12.34%` means the same
//! on every engine.

use serde::Deserialize;

use super::envelope::{failure, success};
use super::session::Session;
use crate::policy::Policy;
use crate::team::kpi::{score, Row, Team};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KpiInput {
    rows: Vec<Row>,
    #[serde(default)]
    teams: Vec<Team>,
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
    success(score(&i.rows, &i.teams, &compiled.policy.kpi))
}
