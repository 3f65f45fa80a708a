//! Scorecards (domain.md §8, R-KPI-*): the rows of a shop's indicator table, combined per
//! period and agent from their counts, scored against the policy's targets, weighted,
//! adjusted for named compliments and complaints, per store for an agent on several, with
//! the bonus tier, the lead's share of the team and the staffing advice.
//!
//! Rates are combined from their counts, never averaged (seller-data.md §5): 30 % of 100
//! inquiries and 50 % of 10 make 31.8 %, not 40 %. An indicator a row gives only as a
//! rate is used when one row holds it; across several it is said to be missing, like
//! any indicator the table lacks, and never scored as 0 or as 100 (R-KPI-SCORE).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::measure::{div_round, Hundredths, Unit};
use crate::model::money::Money;
use crate::model::text::{text, Text};
use crate::policy::kpi::{Indicator, KpiPolicy};
use crate::registry::id;

/// A count a table may give, from which rates and means are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    /// 询单人数: buyers who asked.
    Inquiries,
    /// 询单最终付款人数: of them, buyers who paid within 7 days.
    PaidBuyers,
    /// 销售额 (yuan).
    Sales,
    /// 成交订单数.
    Orders,
    /// Σ reply seconds (`total_reply_cost`).
    ReplySeconds,
    /// Replies timed (`total_reply_times`).
    Replies,
    /// Σ first-reply seconds (`first_reply_cost`).
    FirstReplySeconds,
    /// First replies timed (`first_reply_times`).
    FirstReplies,
    /// Service evaluations received.
    Evaluations,
    /// Of them, 满意 or 非常满意 (`eval_code` 0 or 1).
    Satisfied,
    /// Buyers invited to evaluate.
    Invited,
    /// Buyers served (接待人数).
    Served,
    /// Daily tasks done.
    TasksDone,
    /// Daily tasks set.
    Tasks,
    /// Days worked.
    DaysWorked,
    /// Days scheduled.
    DaysScheduled,
    /// Buyers who wrote (咨询人数).
    Consults,
    /// Of them, buyers replied to.
    Replied,
    /// Compliments naming the agent (a table's column; a row's `compliments`).
    Compliments,
    /// Complaints naming the agent.
    Complaints,
}

crate::model::names!(Count {
    Inquiries => "inquiries",
    PaidBuyers => "paid_buyers",
    Sales => "sales",
    Orders => "orders",
    ReplySeconds => "reply_seconds",
    Replies => "replies",
    FirstReplySeconds => "first_reply_seconds",
    FirstReplies => "first_replies",
    Evaluations => "evaluations",
    Satisfied => "satisfied",
    Invited => "invited",
    Served => "served",
    TasksDone => "tasks_done",
    Tasks => "tasks",
    DaysWorked => "days_worked",
    DaysScheduled => "days_scheduled",
    Consults => "consults",
    Replied => "replied",
    Compliments => "compliments",
    Complaints => "complaints",
});

impl Count {
    fn unit(self) -> Unit {
        match self {
            Count::Sales => Unit::Yuan,
            Count::ReplySeconds | Count::FirstReplySeconds => Unit::Seconds,
            _ => Unit::Number,
        }
    }
}

/// One row of an indicator table: an agent (in a store, for a period), its counts and
/// the indicators it gives as they are, each as the table's cell text.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The agent (the part after the colon of `shop:agent`).
    pub agent: String,
    /// The store, for an agent serving several.
    #[serde(default)]
    pub store: Option<String>,
    /// The period (`2026-11`), for trends over several.
    #[serde(default)]
    pub period: Option<String>,
    /// Days the row covers, for the staffing advice (else its `days_worked`).
    #[serde(default)]
    pub days: Option<u32>,
    /// Counts by name, as cells (`"320"`, `"12,345.00"`, `"1分20秒"`).
    #[serde(default)]
    pub counts: BTreeMap<Count, String>,
    /// Indicators the table gives as they are, as cells (`"30.00%"`, `"0.3"`, `"4.8"`).
    #[serde(default)]
    pub values: BTreeMap<Indicator, String>,
    /// Compliments naming the agent.
    #[serde(default)]
    pub compliments: u32,
    /// Complaints naming the agent.
    #[serde(default)]
    pub complaints: u32,
}

/// A service evaluation (the platform's `EvalDetail`): `eval_code` 0 非常满意, 1 满意,
/// 2 一般, 3 不满意, 4 非常不满意; `eval_sender` the agent (`shop:agent`); `source` 0 when
/// the agent invited it.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct Evaluation {
    /// 0-4, 0 the best.
    pub eval_code: u8,
    /// The agent it is about.
    pub eval_sender: String,
    /// The buyer who evaluated (the chat review joins it to the buyer's chat that day).
    #[serde(default)]
    pub eval_recer: Option<String>,
    /// When the buyer evaluated (`yyyy-MM-dd HH:mm:ss`, Beijing time).
    #[serde(default)]
    pub eval_time: Option<String>,
    /// When the invitation was sent.
    #[serde(default)]
    pub send_time: Option<String>,
    /// 0 invited by the agent, 1 the buyer on their own, 2 the system.
    #[serde(default)]
    pub source: Option<u8>,
}

/// An agent's day of chats as `kefu qa` reviewed them (its report's `days`): the response
/// times from the chats themselves, in place of the table's (R-QA-2 feeds R-KPI-WEIGHTS'
/// response indicators), and the findings shown on the card.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct QaDay {
    /// The agent.
    pub agent: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Counted turns and their capped seconds.
    #[serde(default)]
    pub turns: i64,
    /// Their seconds, each capped.
    #[serde(default)]
    pub turn_seconds: i64,
    /// First turns and their capped seconds.
    #[serde(default)]
    pub first_turns: i64,
    /// Their seconds.
    #[serde(default)]
    pub first_seconds: i64,
    /// Findings per rule and red lines by kind.
    #[serde(default)]
    pub findings: BTreeMap<String, u32>,
    /// Red lines by kind.
    #[serde(default)]
    pub red_lines: BTreeMap<String, u32>,
}

/// What the chat review found of an agent in a period, on the card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ChatReview {
    /// Days reviewed.
    pub days: u32,
    /// Counted turns.
    pub turns: i64,
    /// Findings in all (R-WORD-* and R-QA-2) and red lines.
    pub findings: u32,
    /// Red lines (shirking, broken commitments).
    pub red_lines: u32,
}

/// The period an evaluation's day falls in, among the agent's periods: a range
/// `2026-11-01..2026-11-30`, a month `2026-11`, a day; a table with no period takes
/// every evaluation of its agents.
fn period_of(day: &str, periods: &[&Option<String>]) -> Option<Option<String>> {
    if let [None] = periods {
        return Some(None);
    }
    periods
        .iter()
        .find(|p| match p.as_deref() {
            Some(p) => match p.split_once("..") {
                Some((from, to)) => from <= day && day <= to,
                None => day.starts_with(p),
            },
            None => false,
        })
        .map(|p| (*p).clone())
}

/// A team: its lead and agents (R-KPI-LEAD).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// The lead, scored from the team's average and their own rows.
    pub lead: String,
    /// The agents.
    pub agents: Vec<String>,
}

/// One indicator on a scorecard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Scored {
    /// The indicator.
    pub indicator: Indicator,
    /// Its weight in percent.
    pub weight: u32,
    /// Its value, when the table has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Hundredths>,
    /// Its score out of 100, when it has a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Hundredths>,
    /// Why it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Text>,
}

/// An agent's score in one store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StoreCard {
    /// The store (none when the table names none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    /// Its weight in the agent's score, in percent (R-KPI-STORES).
    pub weight: u32,
    /// Inquiries in this store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inquiries: Option<Hundredths>,
    /// Each indicator.
    pub indicators: Vec<Scored>,
    /// The weighted score over the indicators present, out of 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Hundredths>,
}

/// A bonus (R-KPI-BONUS).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Bonus {
    /// The tier's base.
    pub base: Money,
    /// Base × score / 100.
    pub amount: Money,
}

/// Something a supervisor must know about a scorecard, with its rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Note {
    /// The rule.
    pub rule: &'static str,
    /// What, in both languages.
    pub text: Text,
}

/// One agent's scorecard for a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Card {
    /// The period, when the table gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The agent.
    pub agent: String,
    /// Per store (one, unless the agent serves several).
    pub stores: Vec<StoreCard>,
    /// The stores' scores weighted, before compliments and complaints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted: Option<Hundredths>,
    /// Compliments and complaints naming the agent.
    pub compliments: u32,
    /// Complaints.
    pub complaints: u32,
    /// The score out of 100 (R-KPI-SCORE), when any indicator could be scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Hundredths>,
    /// The bonus.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonus: Option<Bonus>,
    /// Indicators the policy weighs that no row gave.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Indicator>,
    /// What else to know.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The chat review's figures, when `kefu qa`'s were joined: its response times
    /// replace the table's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_review: Option<ChatReview>,
}

/// A lead's scorecard (R-KPI-LEAD).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LeadCard {
    /// The period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The lead.
    pub lead: String,
    /// The team's average score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_average: Option<Hundredths>,
    /// The lead's own score, when the table has the lead's rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own: Option<Hundredths>,
    /// The lead's score: the team's share of the average plus the rest of the own score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Hundredths>,
    /// The bonus.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonus: Option<Bonus>,
    /// What to know.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// Staffing advice for a store and period (R-KPI-STAFF).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Staffing {
    /// The period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    /// Inquiries per agent and day.
    pub per_agent_day: Hundredths,
    /// `add`, `cut` or `keep`.
    pub advice: &'static str,
    /// Why, in both languages.
    pub text: Text,
}

/// Every scorecard of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Scorecards {
    /// Per period and agent.
    pub cards: Vec<Card>,
    /// Per period and lead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub leads: Vec<LeadCard>,
    /// Per period and store.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub staffing: Vec<Staffing>,
    /// How each table given was read: every row accounted for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<super::table::TableNote>,
    /// Service evaluations that matched no agent and period of the tables.
    #[serde(skip_serializing_if = "is_zero")]
    pub unmatched_evaluations: usize,
    /// `kefu qa` agent days that matched no agent and period of the tables.
    #[serde(skip_serializing_if = "is_zero")]
    pub unmatched_qa_days: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The rows of one agent in one store and period, added up.
#[derive(Default)]
struct Sums {
    counts: BTreeMap<Count, (i64, usize)>,
    values: BTreeMap<Indicator, (Hundredths, usize)>,
    rows: usize,
    days: Option<i64>,
}

impl Sums {
    fn add(&mut self, row: &Row) {
        self.rows += 1;
        for (count, cell) in &row.counts {
            if let Some(v) = Hundredths::cell(cell, count.unit()) {
                let e = self.counts.entry(*count).or_default();
                e.0 = e.0.saturating_add(v.0);
                e.1 += 1;
            }
        }
        for (indicator, cell) in &row.values {
            if let Some(v) = Hundredths::cell(cell, indicator.unit()) {
                let e = self.values.entry(*indicator).or_default();
                e.0 = Hundredths(e.0 .0.saturating_add(v.0));
                e.1 += 1;
            }
        }
        let days = row.days.map(|d| i64::from(d) * 100).or_else(|| {
            row.counts.get(&Count::DaysWorked).and_then(|c| Hundredths::cell(c, Unit::Number)).map(|h| h.0)
        });
        if let Some(d) = days {
            self.days = Some(self.days.unwrap_or(0).saturating_add(d));
        }
    }

    /// A count for the whole of these rows from another source (the evaluations).
    fn add_total(&mut self, c: Count, hundredths: i64) {
        let rows = self.rows;
        let e = self.counts.entry(c).or_insert((0, rows));
        e.0 = e.0.saturating_add(hundredths);
        e.1 = rows;
    }

    /// A count summed over every row, when every row gave it.
    fn count(&self, c: Count) -> Option<i64> {
        self.counts.get(&c).filter(|(_, n)| *n == self.rows).map(|(v, _)| *v)
    }

    /// An indicator's value: from the counts, else as a row gave it (added up for sales
    /// and orders; one row only for a rate or a score).
    fn value(&self, i: Indicator) -> Result<Hundredths, Text> {
        let share = |a: Count, b: Count| Some(Hundredths::percent(self.count(a)?, self.count(b)?)).flatten();
        let mean = |total: Count, n: Count| {
            Some(Hundredths::ratio(Hundredths(self.count(total)?), self.count(n)? / 100)).flatten()
        };
        let from_counts = match i {
            Indicator::Conversion => share(Count::PaidBuyers, Count::Inquiries),
            Indicator::Sales => self.count(Count::Sales).map(Hundredths),
            Indicator::Orders => self.count(Count::Orders).map(Hundredths),
            Indicator::ResponseAvg => mean(Count::ReplySeconds, Count::Replies),
            Indicator::ResponseFirst => mean(Count::FirstReplySeconds, Count::FirstReplies),
            Indicator::Satisfaction => share(Count::Satisfied, Count::Evaluations),
            Indicator::Invitation => share(Count::Invited, Count::Served),
            Indicator::Tasks => share(Count::TasksDone, Count::Tasks),
            Indicator::Attendance => share(Count::DaysWorked, Count::DaysScheduled),
            Indicator::ReplyRate => share(Count::Replied, Count::Consults),
            Indicator::Dsr | Indicator::Review => None,
        };
        if let Some(v) = from_counts {
            return Ok(v);
        }
        match self.values.get(&i) {
            Some((v, n)) if *n == self.rows && (self.rows == 1 || i.additive()) => Ok(*v),
            Some((_, n)) if *n > 1 => Err(text(
                format!("{n}行各给了比率但没有计数：比率不能平均，无法合并"),
                format!(
                    "{n} rows give it as a rate without its counts: rates are not averaged, so it cannot be combined"
                ),
            )),
            _ => Err(text("表中没有此项", "not in the table")),
        }
    }
}

/// The score of one value against its goal, out of 100 in hundredths (R-KPI-SCORE).
pub fn indicator_score(value: Hundredths, target: Hundredths, floor: Hundredths, lower_is_better: bool) -> Hundredths {
    let (v, t, f) = (value.0, target.0, floor.0);
    let full = 10_000;
    let s = if lower_is_better {
        if v <= t {
            full
        } else if v >= f {
            0
        } else {
            div_round(full * (f - v), f - t)
        }
    } else if v >= t {
        full
    } else if v <= f {
        0
    } else {
        div_round(full * (v - f), t - f)
    };
    Hundredths(s)
}

/// The bonus of a score (R-KPI-BONUS): the tier's base times the score over 100.
pub fn bonus(policy: &KpiPolicy, score: Hundredths) -> Option<Bonus> {
    let tier = policy.bonus.iter().find(|t| score >= t.from)?;
    let amount = Money::from_fen(div_round(tier.base.fen().saturating_mul(score.0), 10_000));
    Some(Bonus { base: tier.base, amount })
}

/// Σ score × weight / Σ weight, over the parts that have a score.
fn weighted(parts: impl Iterator<Item = (Option<Hundredths>, u32)>) -> Option<Hundredths> {
    let (mut sum, mut weights) = (0i64, 0i64);
    for (score, weight) in parts {
        if let Some(s) = score {
            sum = sum.saturating_add(s.0.saturating_mul(i64::from(weight)));
            weights += i64::from(weight);
        }
    }
    (weights > 0).then(|| Hundredths(div_round(sum, weights)))
}

fn store_card(store: Option<String>, sums: &Sums, policy: &KpiPolicy) -> StoreCard {
    let mut indicators = Vec::new();
    for (id, goal) in &policy.indicators {
        let Some(i) = Indicator::from_name(id) else { continue };
        let (value, score, missing) = match sums.value(i) {
            Ok(v) => (Some(v), Some(indicator_score(v, goal.target, goal.floor, i.lower_is_better())), None),
            Err(why) => (None, None, Some(why)),
        };
        indicators.push(Scored { indicator: i, weight: goal.weight, value, score, missing });
    }
    let score = weighted(indicators.iter().map(|s| (s.score, s.weight)));
    StoreCard { store, weight: 100, inquiries: sums.count(Count::Inquiries).map(Hundredths), indicators, score }
}

/// Each evaluation counted for its agent in the period its day falls in, on the agent's
/// main store (the most inquiries): evaluations, satisfied ones (`eval_code` 0 or 1) and,
/// for the invitation rate, those the agent invited. Returns how many matched no agent or
/// period of the table (said on the scorecards, never dropped silently).
fn join_evaluations(
    by: &mut BTreeMap<Option<String>, BTreeMap<String, AgentRows>>,
    evaluations: &[Evaluation],
) -> usize {
    let mut unmatched = 0;
    for e in evaluations {
        let agent = e.eval_sender.rsplit([':', '：']).next().unwrap_or(&e.eval_sender).to_owned();
        let day = e.eval_time.as_deref().or(e.send_time.as_deref()).unwrap_or("").get(..10).unwrap_or("").to_owned();
        let periods: Vec<&Option<String>> = by.iter().filter(|(_, a)| a.contains_key(&agent)).map(|(p, _)| p).collect();
        let Some(period) = period_of(&day, &periods) else {
            unmatched += 1;
            continue;
        };
        let Some(stores) = by.get_mut(&period).and_then(|a| a.get_mut(&agent)).map(|a| &mut a.0) else {
            unmatched += 1;
            continue;
        };
        let main = stores.iter_mut().max_by_key(|(_, s)| s.count(Count::Inquiries).unwrap_or(0)).map(|(_, s)| s);
        let Some(sums) = main else {
            unmatched += 1;
            continue;
        };
        sums.add_total(Count::Evaluations, 100);
        sums.add_total(Count::Satisfied, if e.eval_code <= 1 { 100 } else { 0 });
        if e.source == Some(0) {
            sums.add_total(Count::Invited, 100);
        }
    }
    unmatched
}

/// Each of `kefu qa`'s agent days counted for its agent in the period its day falls in,
/// on the main store: the response counts the chats give replace the table's (a day
/// reviewed is measured, not reported); the findings go on the card. Returns how many
/// matched no agent or period.
fn join_qa(
    by: &mut BTreeMap<Option<String>, BTreeMap<String, AgentRows>>,
    days: &[QaDay],
    reviews: &mut BTreeMap<(Option<String>, String), ChatReview>,
) -> usize {
    const RESPONSE: [Count; 4] = [Count::ReplySeconds, Count::Replies, Count::FirstReplySeconds, Count::FirstReplies];
    let mut unmatched = 0;
    for d in days {
        let agent = d.agent.rsplit([':', '：']).next().unwrap_or(&d.agent).to_owned();
        let periods: Vec<&Option<String>> = by.iter().filter(|(_, a)| a.contains_key(&agent)).map(|(p, _)| p).collect();
        let Some(period) = period_of(d.day.get(..10).unwrap_or(""), &periods) else {
            unmatched += 1;
            continue;
        };
        let Some(stores) = by.get_mut(&period).and_then(|a| a.get_mut(&agent)).map(|a| &mut a.0) else {
            unmatched += 1;
            continue;
        };
        let Some(sums) = stores.values_mut().max_by_key(|s| s.count(Count::Inquiries).unwrap_or(0)) else {
            unmatched += 1;
            continue;
        };
        let review = reviews.entry((period, agent)).or_default();
        if review.days == 0 {
            // The first day joined: the table's own response figures give way.
            for c in RESPONSE {
                sums.counts.remove(&c);
            }
            sums.values.remove(&Indicator::ResponseAvg);
            sums.values.remove(&Indicator::ResponseFirst);
        }
        review.days += 1;
        review.turns += d.turns;
        review.findings += d.findings.values().sum::<u32>();
        review.red_lines += d.red_lines.values().sum::<u32>();
        for (c, v) in RESPONSE.into_iter().zip([d.turn_seconds, d.turns, d.first_seconds, d.first_turns]) {
            sums.add_total(c, v.saturating_mul(100));
        }
    }
    unmatched
}

/// An agent's rows in a period: sums per store, compliments, complaints.
type AgentRows = (BTreeMap<Option<String>, Sums>, u32, u32);

/// Scores a table's rows under the policy.
pub fn score(rows: &[Row], teams: &[Team], evaluations: &[Evaluation], qa: &[QaDay], policy: &KpiPolicy) -> Scorecards {
    // period → agent → (store → sums, compliments, complaints), all in name order: the
    // same rows give the same cards.
    let mut by: BTreeMap<Option<String>, BTreeMap<String, AgentRows>> = BTreeMap::new();
    for row in rows {
        let agent = by.entry(row.period.clone()).or_default().entry(row.agent.clone()).or_default();
        agent.0.entry(row.store.clone()).or_default().add(row);
        let counted = |c: Count| row.counts.get(&c).and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(0);
        agent.1 = agent.1.saturating_add(row.compliments).saturating_add(counted(Count::Compliments));
        agent.2 = agent.2.saturating_add(row.complaints).saturating_add(counted(Count::Complaints));
    }
    let unmatched = join_evaluations(&mut by, evaluations);
    let mut reviews = BTreeMap::new();
    let unmatched_qa = join_qa(&mut by, qa, &mut reviews);
    let mut out = Scorecards {
        cards: Vec::new(),
        leads: Vec::new(),
        staffing: Vec::new(),
        tables: Vec::new(),
        unmatched_evaluations: unmatched,
        unmatched_qa_days: unmatched_qa,
    };
    for (period, agents) in &by {
        let mut store_load: BTreeMap<Option<String>, (i64, i64)> = BTreeMap::new();
        for (agent, (stores, compliments, complaints)) in agents {
            for (store, sums) in stores {
                if let (Some(inq), Some(days)) = (sums.count(Count::Inquiries), sums.days) {
                    let e = store_load.entry(store.clone()).or_default();
                    e.0 += inq;
                    e.1 += days;
                }
            }
            let mut c = card(period, agent, stores, *compliments, *complaints, policy);
            c.chat_review = reviews.remove(&(period.clone(), agent.clone()));
            out.cards.push(c);
        }
        out.staffing.extend(
            store_load.into_iter().filter_map(|(store, (inq, days))| staffing(period, store, inq, days, policy)),
        );
        for team in teams {
            out.leads.push(lead(period, team, &out.cards, policy));
        }
    }
    out
}

fn card(
    period: &Option<String>,
    agent: &str,
    stores: &BTreeMap<Option<String>, Sums>,
    compliments: u32,
    complaints: u32,
    policy: &KpiPolicy,
) -> Card {
    let mut cards: Vec<StoreCard> = stores.iter().map(|(s, sums)| store_card(s.clone(), sums, policy)).collect();
    // The main store first: the most inquiries (R-KPI-STORES).
    cards.sort_by(|a, b| b.inquiries.cmp(&a.inquiries).then(a.store.cmp(&b.store)));
    let mut notes = Vec::new();
    let max = policy.max_stores as usize;
    if cards.len() > max {
        let over: Vec<String> = cards.iter().skip(max).map(|c| c.store.clone().unwrap_or_default()).collect();
        notes.push(Note {
            rule: id::R_KPI_STORES,
            text: text(
                format!("服务{}个店铺，超过上限{}个：{}未计分", cards.len(), max, over.join("、")),
                format!("serves {} stores, more than the {} allowed: {} not scored", cards.len(), max, over.join(", ")),
            ),
        });
    }
    let counted = cards.len().min(max);
    let share: u32 = policy.store_weights.iter().take(counted).sum();
    for (i, c) in cards.iter_mut().enumerate() {
        c.weight = if i < counted {
            match counted {
                1 => 100,
                _ => policy
                    .store_weights
                    .get(i)
                    .copied()
                    .map_or(0, |w| div_round(i64::from(w) * 100, i64::from(share.max(1))) as u32),
            }
        } else {
            0
        };
    }
    let weighted = weighted(cards.iter().map(|c| (c.score, c.weight)));
    let adjust = i64::from(compliments) * i64::from(policy.compliment_points) * 100
        - i64::from(complaints) * i64::from(policy.complaint_points) * 100;
    let score = weighted.map(|w| Hundredths((w.0 + adjust).clamp(0, 10_000)));
    let mut missing: Vec<Indicator> = Vec::new();
    for c in &cards {
        for s in &c.indicators {
            if s.value.is_none() && !missing.contains(&s.indicator) {
                missing.push(s.indicator);
            }
        }
    }
    if !missing.is_empty() {
        let zh: Vec<&str> = missing.iter().map(|i| i.names().0).collect();
        let en: Vec<&str> = missing.iter().map(|i| i.names().1).collect();
        notes.push(Note {
            rule: id::R_KPI_SCORE,
            text: text(
                format!("缺少指标：{}。只按已有指标的权重计分，缺项不计0分也不计满分", zh.join("、")),
                format!(
                    "missing: {}. Scored over the indicators present; a missing one counts neither as 0 nor as 100",
                    en.join(", ")
                ),
            ),
        });
    }
    Card {
        period: period.clone(),
        agent: agent.to_owned(),
        stores: cards,
        weighted,
        compliments,
        complaints,
        bonus: score.and_then(|s| bonus(policy, s)),
        score,
        missing,
        notes,
        chat_review: None,
    }
}

fn staffing(
    period: &Option<String>,
    store: Option<String>,
    inquiries: i64,
    days: i64,
    policy: &KpiPolicy,
) -> Option<Staffing> {
    let per = Hundredths::ratio(Hundredths(inquiries.saturating_mul(100)), days)?;
    let band = &policy.inquiries_per_day;
    let (advice, zh, en) = if per > Hundredths::whole(band.high.into()) {
        (
            "add",
            format!("每人每天{per}个咨询，超过{}：加人", band.high),
            format!("{per} inquiries per agent and day, over {}: add people", band.high),
        )
    } else if per < Hundredths::whole(band.low.into()) {
        (
            "cut",
            format!("每人每天{per}个咨询，低于{}：考虑减人", band.low),
            format!("{per} inquiries per agent and day, under {}: consider fewer people", band.low),
        )
    } else {
        (
            "keep",
            format!("每人每天{per}个咨询，在{}-{}之间", band.low, band.high),
            format!("{per} inquiries per agent and day, within {}-{}", band.low, band.high),
        )
    };
    Some(Staffing { period: period.clone(), store, per_agent_day: per, advice, text: text(zh, en) })
}

fn lead(period: &Option<String>, team: &Team, cards: &[Card], policy: &KpiPolicy) -> LeadCard {
    let of_period = |c: &&Card| c.period == *period;
    let scores: Vec<i64> = cards
        .iter()
        .filter(of_period)
        .filter(|c| team.agents.contains(&c.agent))
        .filter_map(|c| c.score.map(|s| s.0))
        .collect();
    let team_average = (!scores.is_empty()).then(|| Hundredths(div_round(scores.iter().sum(), scores.len() as i64)));
    let own = cards.iter().filter(of_period).find(|c| c.agent == team.lead).and_then(|c| c.score);
    let share = i64::from(policy.lead_team_percent);
    let mut notes = Vec::new();
    let score = match (team_average, own) {
        (Some(t), Some(o)) => Some(Hundredths(div_round(t.0 * share + o.0 * (100 - share), 100))),
        (Some(t), None) => {
            notes.push(Note {
                rule: id::R_KPI_LEAD,
                text: text(
                    "表中没有组长本人的指标：组长得分只按团队平均",
                    "the table has no rows of the lead's own: scored on the team's average alone",
                ),
            });
            Some(t)
        }
        _ => None,
    };
    LeadCard {
        period: period.clone(),
        lead: team.lead.clone(),
        team_average,
        own,
        bonus: score.and_then(|s| bonus(policy, s)),
        score,
        notes,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a test fails by panicking")]
mod tests {
    use super::*;

    fn row(agent: &str, store: Option<&str>, counts: &[(Count, &str)], values: &[(Indicator, &str)]) -> Row {
        Row {
            agent: agent.into(),
            store: store.map(str::to_owned),
            period: Some("2026-11".into()),
            days: None,
            counts: counts.iter().map(|(c, v)| (*c, (*v).to_owned())).collect(),
            values: values.iter().map(|(i, v)| (*i, (*v).to_owned())).collect(),
            compliments: 0,
            complaints: 0,
        }
    }

    #[test]
    fn r_kpi_bonus_90_gives_2700_and_89_gives_1780() {
        let p = KpiPolicy::default();
        let b = |score: i64| bonus(&p, Hundredths::whole(score)).unwrap();
        assert_eq!((b(90).base, b(90).amount), (Money::from_yuan(3000), Money::from_yuan(2700)));
        assert_eq!((b(89).base, b(89).amount), (Money::from_yuan(2000), Money::from_yuan(1780)));
        assert_eq!(b(79).amount, Money::from_yuan(790));
        assert_eq!(b(100).amount, Money::from_yuan(3000));
    }

    #[test]
    fn r_kpi_score_is_linear_between_floor_and_target_and_lower_is_better_for_response() {
        let (t, f) = (Hundredths::whole(35), Hundredths::whole(10));
        assert_eq!(indicator_score(Hundredths::whole(35), t, f, false), Hundredths::whole(100));
        assert_eq!(indicator_score(Hundredths::whole(40), t, f, false), Hundredths::whole(100));
        assert_eq!(indicator_score(Hundredths::whole(10), t, f, false), Hundredths::whole(0));
        assert_eq!(indicator_score(Hundredths(2250), t, f, false), Hundredths::whole(50));
        // 30 s target, 100 s floor: 65 s is half way.
        let (t, f) = (Hundredths::whole(30), Hundredths::whole(100));
        assert_eq!(indicator_score(Hundredths::whole(65), t, f, true), Hundredths::whole(50));
        assert_eq!(indicator_score(Hundredths::whole(20), t, f, true), Hundredths::whole(100));
        assert_eq!(indicator_score(Hundredths::whole(120), t, f, true), Hundredths::whole(0));
    }

    fn only(indicator: &str, weight: u32, target: i64, floor: i64) -> KpiPolicy {
        let mut p = KpiPolicy::default();
        p.indicators.clear();
        p.indicators.insert(
            indicator.into(),
            crate::policy::kpi::IndicatorGoal {
                weight,
                target: Hundredths::whole(target),
                floor: Hundredths::whole(floor),
            },
        );
        p
    }

    #[test]
    fn rates_are_combined_from_counts_never_averaged() {
        // 30 of 100 and 5 of 10 (50 %): 35 of 110 = 31.82 %, not the 40 % an average gives.
        let p = only("conversion", 100, 100, 0);
        let rows = [
            row("小王", None, &[(Count::Inquiries, "100"), (Count::PaidBuyers, "30")], &[]),
            row("小王", None, &[(Count::Inquiries, "10"), (Count::PaidBuyers, "5")], &[]),
        ];
        let cards = score(&rows, &[], &[], &[], &p);
        assert_eq!(cards.cards[0].stores[0].indicators[0].value, Some(Hundredths(3182)));
        // Rates without counts in two rows: said, not scored.
        let rows = [
            row("小王", None, &[], &[(Indicator::Conversion, "30%")]),
            row("小王", None, &[], &[(Indicator::Conversion, "50%")]),
        ];
        let card = &score(&rows, &[], &[], &[], &p).cards[0];
        assert_eq!(card.score, None);
        assert_eq!(card.missing, vec![Indicator::Conversion]);
        assert!(card.stores[0].indicators[0].missing.as_ref().unwrap().zh.contains("不能平均"));
    }

    #[test]
    fn r_kpi_stores_weighs_the_main_store_60_and_the_other_40() {
        let p = only("conversion", 100, 100, 0);
        let rows = [
            // Main store: more inquiries; 50 % → 50. Other: 100 % → 100.
            row("小王", Some("旗舰店"), &[(Count::Inquiries, "200"), (Count::PaidBuyers, "100")], &[]),
            row("小王", Some("专营店"), &[(Count::Inquiries, "50"), (Count::PaidBuyers, "50")], &[]),
        ];
        let card = &score(&rows, &[], &[], &[], &p).cards[0];
        assert_eq!(card.stores[0].store.as_deref(), Some("旗舰店"));
        assert_eq!((card.stores[0].weight, card.stores[1].weight), (60, 40));
        assert_eq!(card.score, Some(Hundredths::whole(70)), "50 × 60 % + 100 × 40 %");
        // A third store is more than the default two: a note, not scored.
        let mut three = rows.to_vec();
        three.push(row("小王", Some("三店"), &[(Count::Inquiries, "10"), (Count::PaidBuyers, "0")], &[]));
        let card = &score(&three, &[], &[], &[], &p).cards[0];
        assert_eq!(card.stores[2].weight, 0);
        assert_eq!(card.score, Some(Hundredths::whole(70)));
        assert_eq!(card.notes[0].rule, id::R_KPI_STORES);
    }

    #[test]
    fn r_kpi_adjust_lead_and_staff() {
        let p = only("conversion", 100, 100, 0);
        let mut a = row(
            "小王",
            None,
            &[(Count::Inquiries, "2000"), (Count::PaidBuyers, "1000"), (Count::DaysWorked, "20")],
            &[],
        );
        a.compliments = 2;
        a.complaints = 1;
        let b = row(
            "小林",
            None,
            &[(Count::Inquiries, "1000"), (Count::PaidBuyers, "800"), (Count::DaysWorked, "20")],
            &[],
        );
        let lead =
            row("阿珍", None, &[(Count::Inquiries, "100"), (Count::PaidBuyers, "100"), (Count::DaysWorked, "20")], &[]);
        let team = Team { lead: "阿珍".into(), agents: vec!["小王".into(), "小林".into()] };
        let cards = score(&[a, b, lead], &[team], &[], &[], &p);
        let wang = cards.cards.iter().find(|c| c.agent == "小王").unwrap();
        assert_eq!(wang.score, Some(Hundredths::whole(52)), "50 + 2×2 − 1×2");
        // Lead: 60 % of the team's average (52 + 80) / 2 = 66, 40 % of own 100: 79.60.
        assert_eq!(cards.leads[0].team_average, Some(Hundredths::whole(66)));
        assert_eq!(cards.leads[0].score, Some(Hundredths(7960)));
        // 3100 inquiries over 60 agent-days: 51.67 a day, under 80.
        assert_eq!(cards.staffing[0].advice, "cut");
        assert_eq!(cards.staffing[0].per_agent_day, Hundredths(5167));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a test fails by panicking")]
mod evaluation_tests {
    use super::*;

    #[test]
    fn evaluations_make_the_satisfaction_rate_of_their_agent_and_period() {
        let mut p = KpiPolicy::default();
        p.indicators.retain(|k, _| k == "satisfaction");
        if let Some(g) = p.indicators.get_mut("satisfaction") {
            g.weight = 100;
        }
        let row = Row {
            agent: "小王".into(),
            store: None,
            period: Some("2026-11-01..2026-11-30".into()),
            days: None,
            counts: [(Count::Inquiries, "100".to_owned())].into_iter().collect(),
            values: BTreeMap::new(),
            compliments: 0,
            complaints: 0,
        };
        let e = |code: u8, day: &str| Evaluation {
            eval_code: code,
            eval_sender: "云裳旗舰店:小王".into(),
            eval_recer: None,
            eval_time: Some(format!("{day} 10:00:00")),
            send_time: None,
            source: Some(0),
        };
        // Three of four satisfied (非常满意, 满意, 满意; 一般 is not): 75 %, between the
        // floor 70 and the target 95: 20.00. One from December matches no period.
        let evals =
            [e(0, "2026-11-02"), e(1, "2026-11-03"), e(1, "2026-11-04"), e(2, "2026-11-05"), e(0, "2026-12-01")];
        let cards = score(&[row], &[], &evals, &[], &p);
        let sat = &cards.cards[0].stores[0].indicators[0];
        assert_eq!(sat.value, Some(Hundredths(7500)));
        assert_eq!(sat.score, Some(Hundredths(2000)));
        // December's is outside the table's period: said, not counted.
        assert_eq!(cards.unmatched_evaluations, 1);
    }
}
