//! `qa` and `qa.report`: chat transcripts reviewed (R-QA-*, `team::qa`): the host reads
//! the files into chats (who, when, what), the core reads every time and sender, cuts
//! sessions, runs the guard and times the turns; the report adds the sessions up.
//!
//! `kpi`: a shop's indicator table scored under its policy (R-KPI-*, `team::kpi`). The
//! host reads the table (its headers mapped to counts and indicators) and hands the rows
//! over as cells; the core reads every cell, so a `1分20秒` or a `12.34%` means the same
//! on every engine.

use serde::Deserialize;

use super::envelope::{failure, success};
use super::records::{zone, Reader, RowsIn, TradesIn};
use super::session::Session;
use crate::policy::Policy;
use crate::team::chat::ChatIn;
use crate::team::kpi::{score, Evaluation, QaDay, Row, Team};
use crate::team::qa::{report, review, Rejected, SessionIn};
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
    /// `qa.report`'s agent days: response times from the chats, findings on the card.
    #[serde(default)]
    qa: Vec<QaDay>,
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
    let mut cards = score(&rows, &i.teams, &i.evaluations, &i.qa, &compiled.policy.kpi);
    cards.tables = notes;
    success(cards)
}

/// The orders beside a chat batch: records as `lint` takes them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OrdersIn {
    records: Vec<String>,
    #[serde(default)]
    rows: Option<RowsIn>,
    #[serde(default)]
    trades: Option<TradesIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QaInput {
    /// Chats as the host read them.
    chats: Vec<ChatIn>,
    /// The orders the chats are about: groups of records, each of one kind (an
    /// export's rows, trades or kefu's orders).
    #[serde(default)]
    orders: Vec<OrdersIn>,
    /// Service evaluations, joined to the buyer's chat with the agent that day.
    #[serde(default)]
    evaluations: Vec<Evaluation>,
    /// The shop's UTC offset for times without one (default `+08:00`).
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

/// `qa`: chats reviewed (R-QA-1, R-QA-2): sessions with every agent message checked
/// against the order as it stood, red lines marked, every turn timed.
pub(super) fn qa(session: &mut Session, i: QaInput) -> String {
    let compiled = match session.policy(i.policy_handle, i.policy) {
        Ok(c) => c,
        Err(e) => return failure(*e),
    };
    let zone = match zone(i.time_zone.as_deref(), "time_zone") {
        Ok(z) => z,
        Err(e) => return failure(*e),
    };
    let mut orders = Vec::new();
    let mut unread = Vec::new();
    for (group, o) in i.orders.into_iter().enumerate() {
        let reader = match Reader::new(o.rows, o.trades) {
            Ok(r) => r,
            Err(e) => return failure(*e),
        };
        for (index, record) in o.records.iter().enumerate() {
            match reader.order(record) {
                Ok(order) => orders.push(order),
                Err(e) => unread.push(Rejected {
                    chat: format!("orders[{group}]"),
                    index,
                    field: "order".to_owned(),
                    message: e.message.clone(),
                }),
            }
        }
    }
    let mut reviewed = review(&i.chats, &orders, &i.evaluations, zone, &compiled.policy);
    unread.append(&mut reviewed.rejected);
    reviewed.rejected = unread;
    success(reviewed)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QaReportInput {
    /// Reviewed sessions (`qa`'s), their messages and turns not needed.
    sessions: Vec<SessionIn>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

/// `qa.report`: the sessions added up per agent and day, the daily sample (R-QA-3) and
/// each agent's best and worst chat of the week (R-QA-4).
pub(super) fn qa_report(session: &mut Session, i: QaReportInput) -> String {
    let compiled = match session.policy(i.policy_handle, i.policy) {
        Ok(c) => c,
        Err(e) => return failure(*e),
    };
    success(report(&i.sessions, &compiled.policy.qa))
}
