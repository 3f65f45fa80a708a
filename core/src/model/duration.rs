//! Durations as people say them: "逾期13天", "已停滞4天", "还剩5小时" — never "366 h".
//!
//! An agent reads a span at a glance: under 48 hours it is hours (a shift counts in
//! hours), from 48 hours on it is days, with the hours left over only while they still
//! change what the agent does (under a week: "2天3小时"; "13天" needs no hours). Under an
//! hour it is minutes. Spans are whole units, rounded down: a promise is never shortened
//! by rounding up how long is left, and "逾期13天" stays true at 13 days 20 hours.

use super::text::{text, Text};

const HOUR: i64 = 60;
const DAY: i64 = 24 * HOUR;
/// Below this a span is said in hours.
const HOURS_UNTIL: i64 = 48 * HOUR;
/// From this on the hours left over no longer matter.
const DAYS_ONLY_FROM: i64 = 7 * DAY;

/// A length of time, in whole minutes (the sign is dropped: "late" or "left" says it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span(i64);

/// How a span splits into the units it is said in.
enum Parts {
    Minutes(i64),
    Hours(i64),
    Days(i64),
    DaysHours(i64, i64),
}

impl Span {
    /// A span of `minutes` (negative: the same length).
    pub fn minutes(minutes: i64) -> Span {
        Span(minutes.saturating_abs())
    }

    /// A span of `hours`.
    pub fn hours(hours: i64) -> Span {
        Span::minutes(hours.saturating_mul(HOUR))
    }

    fn parts(self) -> Parts {
        let m = self.0;
        if m < HOUR {
            Parts::Minutes(m)
        } else if m < HOURS_UNTIL {
            Parts::Hours(m / HOUR)
        } else if m >= DAYS_ONLY_FROM || (m % DAY) / HOUR == 0 {
            Parts::Days(m / DAY)
        } else {
            Parts::DaysHours(m / DAY, (m % DAY) / HOUR)
        }
    }

    /// In Chinese: "40分钟", "5小时", "2天3小时", "13天".
    pub fn zh(self) -> String {
        match self.parts() {
            Parts::Minutes(m) => format!("{m}分钟"),
            Parts::Hours(h) => format!("{h}小时"),
            Parts::Days(d) => format!("{d}天"),
            Parts::DaysHours(d, h) => format!("{d}天{h}小时"),
        }
    }

    /// In English: "40 min", "5 h", "2 days 3 h", "13 days".
    pub fn en(self) -> String {
        let days = |d: i64| if d == 1 { "1 day".to_owned() } else { format!("{d} days") };
        match self.parts() {
            Parts::Minutes(m) => format!("{m} min"),
            Parts::Hours(h) => format!("{h} h"),
            Parts::Days(d) => days(d),
            Parts::DaysHours(d, h) => format!("{} {h} h", days(d)),
        }
    }

    /// Both languages.
    pub fn text(self) -> Text {
        text(self.zh(), self.en())
    }

    /// "逾期13天" / "13 days late".
    pub fn late(self) -> Text {
        text(format!("逾期{}", self.zh()), format!("{} late", self.en()))
    }

    /// "还剩5小时" / "5 h left".
    pub fn left(self) -> Text {
        text(format!("还剩{}", self.zh()), format!("{} left", self.en()))
    }

    /// "已停滞4天" / "stalled 4 days".
    pub fn stalled(self) -> Text {
        text(format!("已停滞{}", self.zh()), format!("stalled {}", self.en()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(span: Span) -> (String, String) {
        (span.zh(), span.en())
    }

    #[test]
    fn under_an_hour_is_minutes() {
        assert_eq!(both(Span::minutes(0)), ("0分钟".into(), "0 min".into()));
        assert_eq!(both(Span::minutes(59)), ("59分钟".into(), "59 min".into()));
    }

    #[test]
    fn under_48_hours_is_hours_rounded_down() {
        assert_eq!(both(Span::minutes(60)), ("1小时".into(), "1 h".into()));
        assert_eq!(both(Span::minutes(5 * 60 + 59)), ("5小时".into(), "5 h".into()));
        assert_eq!(both(Span::hours(47)), ("47小时".into(), "47 h".into()));
    }

    #[test]
    fn from_48_hours_days_with_the_hours_while_they_matter() {
        assert_eq!(both(Span::hours(48)), ("2天".into(), "2 days".into()));
        assert_eq!(both(Span::hours(51)), ("2天3小时".into(), "2 days 3 h".into()));
        assert_eq!(both(Span::hours(6 * 24 + 23)), ("6天23小时".into(), "6 days 23 h".into()));
        // From a week on the hours left over do not change what the agent does.
        assert_eq!(both(Span::hours(7 * 24 + 5)), ("7天".into(), "7 days".into()));
        assert_eq!(both(Span::hours(366)), ("15天".into(), "15 days".into()));
        assert_eq!(both(Span::hours(13 * 24 + 20)), ("13天".into(), "13 days".into()));
    }

    #[test]
    fn phrases_say_the_direction_and_drop_the_sign() {
        assert_eq!(Span::minutes(-13 * 24 * 60).late(), text("逾期13天", "13 days late"));
        assert_eq!(Span::hours(96).stalled(), text("已停滞4天", "stalled 4 days"));
        assert_eq!(Span::minutes(5 * 60 + 10).left(), text("还剩5小时", "5 h left"));
        assert_eq!(Span::hours(24).text(), text("24小时", "24 h"));
    }

    #[test]
    fn extremes_do_not_overflow() {
        assert_eq!(Span::minutes(i64::MIN).zh(), format!("{}天", i64::MAX / DAY));
        assert!(Span::hours(i64::MAX).en().ends_with(" days"));
    }
}
