//! The chat review's numbers (domain.md §8, R-QA-*): the shop's service hours, how a
//! turn is timed and capped, when a reply is slow, when a pause ends a chat, how many
//! chats a supervisor reads a day and how risk weighs the draw. Defaults are the
//! marketplace's (seller-data.md §4: 08:00-23:00, 600 s cap, 180 s, the workbench's
//! 100 s alert) and the seeds' (004 Q27: 50 chats a day).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The chat review policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct QaPolicy {
    /// When the desk is staffed, `HH:MM` to `HH:MM` in the shop's time (R-QA-2:
    /// 08:00-23:00; `24:00` for midnight). A turn that starts outside is not timed.
    pub service_hours: ServiceHours,
    /// A turn longer than this counts as this, and an unanswered turn counts as this
    /// (R-QA-2: 600 s).
    pub turn_cap_seconds: u32,
    /// A turn answered within this counts as answered in time (R-QA-2: 180 s).
    pub answered_within_seconds: u32,
    /// A reply slower than this is a finding of its own (R-QA-2: the workbench alerts at
    /// 100 s).
    pub slow_reply_seconds: u32,
    /// A pause longer than this ends a chat (seller-data.md §4: no platform timeout is
    /// public; shops use 30 minutes to a day).
    pub session_pause_minutes: u32,
    /// Chats a supervisor reads a day (R-QA-3, 004 Q27: at least 50). Chats with a red
    /// line are always in the sample, beyond this if need be.
    pub daily_sample: u32,
    /// How much each thing found weighs in a chat's risk, which weights the draw of the
    /// sample (R-QA-3) and ranks the worst chats (R-QA-4).
    pub risk: RiskWeights,
}

/// The shop's service hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceHours {
    /// Opening, `HH:MM`.
    pub from: String,
    /// Closing, `HH:MM` (`24:00` for midnight).
    pub to: String,
}

/// Weights of a chat's risk: a chat with none of these weighs 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RiskWeights {
    /// Per red line (shirking responsibility, a broken commitment).
    pub red_line: u32,
    /// Per other wording finding (R-WORD-*).
    pub finding: u32,
    /// Per buyer message left unanswered.
    pub unanswered: u32,
    /// Per slow reply.
    pub slow: u32,
    /// When the buyer's evaluation was unsatisfied or very unsatisfied (`eval_code` 3
    /// or 4).
    pub unsatisfied: u32,
}

impl Default for RiskWeights {
    fn default() -> Self {
        RiskWeights { red_line: 10, finding: 3, unanswered: 3, slow: 1, unsatisfied: 5 }
    }
}

impl Default for QaPolicy {
    fn default() -> Self {
        QaPolicy {
            service_hours: ServiceHours { from: "08:00".into(), to: "23:00".into() },
            turn_cap_seconds: 600,
            answered_within_seconds: 180,
            slow_reply_seconds: 100,
            session_pause_minutes: 30,
            daily_sample: 50,
            risk: RiskWeights::default(),
        }
    }
}

/// How a turn ended (R-QA-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Answered before the slow-reply alert.
    Ok,
    /// Answered after it.
    Slow,
    /// Never answered by this agent (or passed on to another).
    Unanswered,
    /// Opened outside the service hours: not counted.
    OffHours,
}

crate::model::names!(Verdict {
    Ok => "ok",
    Slow => "slow",
    Unanswered => "unanswered",
    OffHours => "off_hours",
});

/// [`QaPolicy::default`] as JSON, for the builds that keep the review policy as JSON
/// (the browser package); a test holds the two equal.
pub const DEFAULT_JSON: &str = r#"{"service_hours":{"from":"08:00","to":"23:00"},"turn_cap_seconds":600,"answered_within_seconds":180,"slow_reply_seconds":100,"session_pause_minutes":30,"daily_sample":50,"risk":{"red_line":10,"finding":3,"unanswered":3,"slow":1,"unsatisfied":5}}"#;

/// Minutes after midnight of `HH:MM` (`24:00` is 1440).
pub fn clock_minutes(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 1440 && (1..=2).contains(&text.trim().split(':').next()?.len()))
        .then_some(h * 60 + m)
}

impl QaPolicy {
    /// The service hours as minutes after midnight, opening and closing.
    pub fn hours(&self) -> (u32, u32) {
        let from = clock_minutes(&self.service_hours.from).unwrap_or(0);
        let to = clock_minutes(&self.service_hours.to).unwrap_or(1440);
        (from, to)
    }

    /// Checks what the types cannot, naming the field.
    pub fn check(&self) -> Result<(), (String, String)> {
        for (path, text) in
            [("qa.service_hours.from", &self.service_hours.from), ("qa.service_hours.to", &self.service_hours.to)]
        {
            if clock_minutes(text).is_none() {
                return Err((path.into(), format!("`{text}` is not a time of day like `08:00`")));
            }
        }
        let (from, to) = self.hours();
        if from >= to {
            let message = format!(
                "the desk opens at {} and closes at {}: the opening must come first (use 24:00 for midnight)",
                self.service_hours.from, self.service_hours.to
            );
            return Err(("qa.service_hours".into(), message));
        }
        let ranges: [(&str, u32, u32, u32); 5] = [
            ("qa.turn_cap_seconds", self.turn_cap_seconds, 1, 86_400),
            ("qa.answered_within_seconds", self.answered_within_seconds, 1, self.turn_cap_seconds),
            ("qa.slow_reply_seconds", self.slow_reply_seconds, 1, self.turn_cap_seconds),
            ("qa.session_pause_minutes", self.session_pause_minutes, 1, 7 * 24 * 60),
            ("qa.daily_sample", self.daily_sample, 0, 100_000),
        ];
        if let Some((path, v, lo, hi)) = ranges.iter().find(|(_, v, lo, hi)| v < lo || v > hi) {
            return Err(((*path).into(), format!("`{path}` is {v}; it must be from {lo} to {hi}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails by panicking")]
    use super::*;

    #[test]
    fn the_json_defaults_are_the_typed_ones() {
        let json: serde_json::Value = serde_json::from_str(DEFAULT_JSON).unwrap();
        assert_eq!(json, serde_json::to_value(QaPolicy::default()).unwrap());
    }

    #[test]
    fn hours_are_checked_naming_the_field() {
        assert_eq!(QaPolicy::default().hours(), (480, 1380));
        let mut p = QaPolicy::default();
        p.service_hours.to = "24:00".into();
        assert_eq!(p.check(), Ok(()));
        p.service_hours.to = "25:00".into();
        assert_eq!(p.check().unwrap_err().0, "qa.service_hours.to");
        p.service_hours = ServiceHours { from: "23:00".into(), to: "08:00".into() };
        assert_eq!(p.check().unwrap_err().0, "qa.service_hours");
        let p = QaPolicy { slow_reply_seconds: 900, ..QaPolicy::default() };
        assert!(p.check().unwrap_err().1.contains("from 1 to 600"));
    }
}
