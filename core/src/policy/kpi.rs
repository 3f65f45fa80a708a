//! The scorecard's numbers (domain.md §8, R-KPI-*): which indicators count and how much,
//! the target and the floor of each, the named compliment and complaint, the bonus
//! tiers, the stores an agent may serve and their weights, the inquiries an agent
//! handles a day, the lead's share of the team. Defaults are the seeds': 000's weights
//! (conversion 15 %, sales 20 %, orders 15 %, the rest spread over its other six
//! indicators) and 004's bonus tiers, store weights, staffing band and lead's share.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::measure::Hundredths;
use crate::model::money::Money;

/// The scorecard policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KpiPolicy {
    /// The indicators scored, by id (`conversion`, `sales`, `orders`, `response_avg`,
    /// `response_first`, `satisfaction`, `invitation`, `dsr`, `review`, `tasks`,
    /// `attendance`, `reply_rate`), each with its weight, target and floor (R-KPI-WEIGHTS,
    /// R-KPI-SCORE). An indicator left out is not scored.
    pub indicators: BTreeMap<String, IndicatorGoal>,
    /// Points added for each compliment naming the agent (R-KPI-ADJUST, default 2).
    pub compliment_points: u32,
    /// Points taken for each complaint naming the agent (R-KPI-ADJUST, default 2).
    pub complaint_points: u32,
    /// Bonus tiers, highest first: from this score, this base; the bonus is the base
    /// times the score over 100 (R-KPI-BONUS: 90 → 3000.00, 80 → 2000.00, else 1000.00).
    pub bonus: Vec<BonusTier>,
    /// The weight of each store of an agent serving several, in percent, main store
    /// (the one with the most inquiries) first (R-KPI-STORES: 60, 40).
    pub store_weights: Vec<u32>,
    /// The most stores one agent may serve (R-KPI-STORES: 2; 3 in special cases).
    pub max_stores: u32,
    /// Inquiries an agent handles a day: fewer than `low` suggests cutting, more than
    /// `high` adding people (R-KPI-STAFF: 80-120).
    pub inquiries_per_day: Band,
    /// The team's average score in a lead's score, in percent (R-KPI-LEAD: 60).
    pub lead_team_percent: u32,
}

/// One indicator's weight, target and floor (R-KPI-SCORE): at the target or better it
/// scores 100, at the floor or worse 0, linearly between. For the response times a lower
/// value is better, so the floor is above the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorGoal {
    /// Weight in percent.
    pub weight: u32,
    /// Scores 100 at or beyond it (a percentage, yuan, a count, seconds or a score, as
    /// the indicator is measured).
    pub target: Hundredths,
    /// Scores 0 at or before it.
    pub floor: Hundredths,
}

/// A bonus tier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BonusTier {
    /// The lowest score of the tier.
    pub from: Hundredths,
    /// The base the score is applied to.
    pub base: Money,
}

/// A range of inquiries per agent and day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Below it, consider cutting.
    pub low: u32,
    /// Above it, add people.
    pub high: u32,
}

/// [`KpiPolicy::default`] as JSON, for the builds that keep the scorecard policy as JSON
/// (the browser package); a test holds the two equal.
pub const DEFAULT_JSON: &str = r#"{"indicators":{"attendance":{"weight":5,"target":"100.00","floor":"80.00"},"conversion":{"weight":15,"target":"35.00","floor":"10.00"},"dsr":{"weight":10,"target":"4.80","floor":"4.50"},"orders":{"weight":15,"target":"500.00","floor":"0.00"},"response_avg":{"weight":10,"target":"30.00","floor":"100.00"},"review":{"weight":10,"target":"90.00","floor":"60.00"},"sales":{"weight":20,"target":"100000.00","floor":"0.00"},"satisfaction":{"weight":10,"target":"95.00","floor":"70.00"},"tasks":{"weight":5,"target":"100.00","floor":"50.00"}},"compliment_points":2,"complaint_points":2,"bonus":[{"from":"90.00","base":"3000.00"},{"from":"80.00","base":"2000.00"},{"from":"0.00","base":"1000.00"}],"store_weights":[60,40],"max_stores":2,"inquiries_per_day":{"low":80,"high":120},"lead_team_percent":60}"#;

fn goal(weight: u32, target: i64, floor: i64) -> IndicatorGoal {
    IndicatorGoal { weight, target: Hundredths(target), floor: Hundredths(floor) }
}

impl Default for KpiPolicy {
    /// Seed 000's nine indicators of a pre-sales agent: conversion 15, sales 20, orders 15
    /// (its words), the other six 50 between them; targets and floors are the rulebook's
    /// starting values for a shop to set (a conversion of 35 % scores 100, 10 % scores 0).
    fn default() -> Self {
        let mut indicators = BTreeMap::new();
        for (id, g) in [
            ("conversion", goal(15, 3500, 1000)),
            ("sales", goal(20, 10_000_000, 0)),
            ("orders", goal(15, 50_000, 0)),
            ("response_avg", goal(10, 3000, 10_000)),
            ("satisfaction", goal(10, 9500, 7000)),
            ("dsr", goal(10, 480, 450)),
            ("review", goal(10, 9000, 6000)),
            ("tasks", goal(5, 10_000, 5000)),
            ("attendance", goal(5, 10_000, 8000)),
        ] {
            indicators.insert(id.to_owned(), g);
        }
        KpiPolicy {
            indicators,
            compliment_points: 2,
            complaint_points: 2,
            bonus: vec![
                BonusTier { from: Hundredths::whole(90), base: Money::from_yuan(3000) },
                BonusTier { from: Hundredths::whole(80), base: Money::from_yuan(2000) },
                BonusTier { from: Hundredths::whole(0), base: Money::from_yuan(1000) },
            ],
            store_weights: vec![60, 40],
            max_stores: 2,
            inquiries_per_day: Band { low: 80, high: 120 },
            lead_team_percent: 60,
        }
    }
}

/// An indicator a scorecard may weigh (R-KPI-WEIGHTS).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// 询单转化率: buyers who paid within 7 days of asking, over buyers who asked (%).
    Conversion,
    /// 销售额: sales the agent's inquiries led to (yuan).
    Sales,
    /// 成交订单数: orders.
    Orders,
    /// 平均响应时长: seconds per reply (lower is better).
    ResponseAvg,
    /// 首次响应时长: seconds to the first reply (lower is better).
    ResponseFirst,
    /// 客户满意率: evaluations 满意 or 非常满意 over evaluations (%).
    Satisfaction,
    /// 邀评率: buyers invited to evaluate over buyers served (%).
    Invitation,
    /// DSR: the store's detailed seller rating (a score such as 4.80).
    Dsr,
    /// 月度考评: the monthly review's score out of 100.
    Review,
    /// 日常任务完成率 (%).
    Tasks,
    /// 出勤率: days worked over days scheduled (%).
    Attendance,
    /// 旺旺回复率: buyers replied to over buyers who wrote (%).
    ReplyRate,
}

crate::model::names!(Indicator {
    Conversion => "conversion",
    Sales => "sales",
    Orders => "orders",
    ResponseAvg => "response_avg",
    ResponseFirst => "response_first",
    Satisfaction => "satisfaction",
    Invitation => "invitation",
    Dsr => "dsr",
    Review => "review",
    Tasks => "tasks",
    Attendance => "attendance",
    ReplyRate => "reply_rate",
});

impl Indicator {
    /// Its name as the shops' tables write it, and in English (the `names` operation
    /// hands these out; a scorecard's notes use them).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Indicator::Conversion => ("询单转化率", "Inquiry conversion"),
            Indicator::Sales => ("销售额", "Sales"),
            Indicator::Orders => ("成交订单数", "Orders"),
            Indicator::ResponseAvg => ("平均响应时长", "Average response time"),
            Indicator::ResponseFirst => ("首次响应时长", "First response time"),
            Indicator::Satisfaction => ("客户满意率", "Satisfaction"),
            Indicator::Invitation => ("邀评率", "Evaluation invitations"),
            Indicator::Dsr => ("DSR评分", "DSR"),
            Indicator::Review => ("月度考评", "Monthly review"),
            Indicator::Tasks => ("日常任务完成率", "Daily tasks done"),
            Indicator::Attendance => ("出勤率", "Attendance"),
            Indicator::ReplyRate => ("旺旺回复率", "Reply rate"),
        }
    }

    /// How its value is measured, and so read from a cell.
    pub fn unit(self) -> crate::model::measure::Unit {
        use crate::model::measure::Unit;
        match self {
            Indicator::Conversion
            | Indicator::Satisfaction
            | Indicator::Invitation
            | Indicator::Tasks
            | Indicator::Attendance
            | Indicator::ReplyRate => Unit::Percent,
            Indicator::Sales => Unit::Yuan,
            Indicator::ResponseAvg | Indicator::ResponseFirst => Unit::Seconds,
            Indicator::Orders | Indicator::Dsr | Indicator::Review => Unit::Number,
        }
    }

    /// Whether less is better (the response times).
    pub fn lower_is_better(self) -> bool {
        matches!(self, Indicator::ResponseAvg | Indicator::ResponseFirst)
    }

    /// Whether values of several rows add up (sales, orders); the others are rates or
    /// scores, combined from their counts or not at all.
    pub fn additive(self) -> bool {
        matches!(self, Indicator::Sales | Indicator::Orders)
    }
}

impl KpiPolicy {
    /// What the types cannot check: known indicators, weights and store weights that add
    /// up to 100, targets beyond floors the right way, tiers from high to low ending at 0.
    pub fn check(&self) -> Result<(), (String, String)> {
        let mut total = 0u32;
        for (id, g) in &self.indicators {
            let path = format!("kpi.indicators.{id}");
            let Some(indicator) = Indicator::from_name(id) else {
                let known = Indicator::ALL.iter().map(|i| i.name()).collect::<Vec<_>>().join(", ");
                return Err((path, format!("`{id}` is no indicator; known: {known}")));
            };
            let wrong_way = if indicator.lower_is_better() { g.target >= g.floor } else { g.target <= g.floor };
            if wrong_way {
                let why = if indicator.lower_is_better() { "below" } else { "above" };
                return Err((path, format!("the target of `{id}` must be {why} its floor")));
            }
            total = total.saturating_add(g.weight);
        }
        if !self.indicators.is_empty() && total != 100 {
            return Err(("kpi.indicators".into(), format!("the weights add up to {total}; they must add up to 100")));
        }
        let stores = self.store_weights.iter().sum::<u32>();
        if self.max_stores == 0 || self.store_weights.len() < self.max_stores as usize || stores != 100 {
            let why = format!(
                "{} store weights adding up to {stores} for at most {} stores: give one weight per store, adding up to 100",
                self.store_weights.len(),
                self.max_stores
            );
            return Err(("kpi.store_weights".into(), why));
        }
        let descending = self.bonus.windows(2).all(|w| matches!(w, [a, b] if a.from > b.from));
        if self.bonus.is_empty() || !descending || self.bonus.last().is_some_and(|t| t.from.0 != 0) {
            return Err((
                "kpi.bonus".into(),
                "bonus tiers go from the highest score down to a last tier from 0".into(),
            ));
        }
        if self.lead_team_percent > 100 || self.inquiries_per_day.low > self.inquiries_per_day.high {
            return Err((
                "kpi.lead_team_percent".into(),
                "a percentage from 0 to 100, and the staffing band's low at most its high".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a test fails by panicking")]
mod tests {
    use super::*;

    #[test]
    fn the_json_default_is_the_typed_default() {
        let typed = serde_json::to_value(KpiPolicy::default()).unwrap();
        let json: serde_json::Value = serde_json::from_str(DEFAULT_JSON).unwrap();
        assert_eq!(typed, json);
        assert_eq!(KpiPolicy::default().check(), Ok(()));
    }
}
