//! Timestamps: RFC 3339 with an explicit offset, always supplied by the caller.
//!
//! The core never reads a clock; a case carries its own `now`. Shops run on +08:00,
//! but any offset is accepted and kept, so a remark stamped from a timestamp shows the
//! wall time the agent saw.

use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::code::Code;
use super::error::tagged;

/// A point in time with the offset it was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    /// Parses RFC 3339 (`2026-11-25T14:30:00+08:00`); a time without an offset is refused.
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        if let Some(at) = canonical(text) {
            return Ok(Timestamp(at));
        }
        DateTime::parse_from_rfc3339(text).map(Timestamp).map_err(|e| {
            format!("time `{text}` is not RFC 3339 with an offset such as `2026-11-25T14:30:00+08:00` ({e})")
        })
    }

    /// A date-time with its offset.
    pub fn from_datetime(at: DateTime<FixedOffset>) -> Timestamp {
        Timestamp(at)
    }

    /// `YYYY-MM-DD HH:MM` in the timestamp's own offset: the stamp written in remarks.
    pub fn remark_stamp(&self) -> String {
        use chrono::{Datelike, Timelike};
        // Written out by hand: chrono's strftime interpreter costs more than the rest of
        // a decision's remark handling.
        let d = &self.0;
        let mut out = String::with_capacity(16);
        for (n, width, sep) in [
            (d.year().unsigned_abs(), 4, '-'),
            (d.month(), 2, '-'),
            (d.day(), 2, ' '),
            (d.hour(), 2, ':'),
            (d.minute(), 2, '\0'),
        ] {
            let mut div = 10u32.pow(width - 1);
            while div > 0 {
                out.push(char::from(b'0' + ((n / div) % 10) as u8));
                div /= 10;
            }
            if sep != '\0' {
                out.push(sep);
            }
        }
        out
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.0.timestamp()
    }

    /// The underlying date-time, in its own offset.
    pub fn inner(&self) -> &DateTime<FixedOffset> {
        &self.0
    }

    /// `minutes` later (earlier when negative); `None` past chrono's range.
    pub fn plus_minutes(&self, minutes: i64) -> Option<Timestamp> {
        self.0.checked_add_signed(chrono::Duration::try_minutes(minutes)?).map(Timestamp)
    }

    /// Whole minutes from `self` to `later` (negative when `later` is earlier).
    pub fn minutes_until(&self, later: &Timestamp) -> i64 {
        (later.0 - self.0).num_minutes()
    }
}

/// `YYYY-MM-DDTHH:MM:SS+HH:MM` (or `Z`), the shape every case and export in practice
/// uses, read by position: chrono's RFC 3339 parser was 5 % of a JSON decision, for the
/// four times a case carries. Anything else (fractions, a lowercase `t`, a leap second,
/// an invalid field) is left to chrono, so the result and the errors are chrono's.
fn canonical(text: &str) -> Option<DateTime<FixedOffset>> {
    use chrono::{NaiveDate, TimeZone};
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let digits = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let shape = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if shape.iter().any(|&(i, c)| at(i) != Some(c)) {
        return None;
    }
    let offset_seconds = match (b.len(), at(19)) {
        (20, Some(b'Z')) => 0,
        (25, Some(sign @ (b'+' | b'-'))) if at(22) == Some(b':') => {
            let (hours, minutes) = (digits(20, 22)?, digits(23, 25)?);
            if minutes > 59 {
                return None;
            }
            let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            if sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let second = digits(17, 19)?;
    if second > 59 {
        return None;
    }
    let naive = NaiveDate::from_ymd_opt(i32::try_from(digits(0, 4)?).ok()?, digits(5, 7)?, digits(8, 10)?)?
        .and_hms_opt(digits(11, 13)?, digits(14, 16)?, second)?;
    FixedOffset::east_opt(offset_seconds)?.from_local_datetime(&naive).single()
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, false))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TsVisitor;
        impl Visitor<'_> for TsVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 time with offset")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(|m| E::custom(tagged(Code::InputTime, m)))
            }
        }
        d.deserialize_str(TsVisitor)
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "RFC 3339 time with an offset, such as 2026-11-25T14:30:00+08:00.",
            "type": "string",
            "format": "date-time"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fast path and chrono agree on every text the fast path accepts, and the fast
    /// path never accepts what chrono refuses.
    fn agrees(text: &str) {
        let chrono = DateTime::parse_from_rfc3339(text).ok();
        if let Some(fast) = canonical(text) {
            assert_eq!(Some(fast), chrono, "{text}");
            assert_eq!(fast.offset(), chrono.unwrap().offset(), "{text}");
        }
    }

    #[test]
    fn the_fast_path_is_chronos_answer() {
        for text in [
            "2026-11-25T14:30:59+08:00",
            "2026-11-25T14:30:59Z",
            "2026-11-25T14:30:59-05:30",
            "2024-02-29T00:00:00+00:00",
            "2026-02-29T00:00:00+08:00",
            "2026-11-25T24:00:00+08:00",
            "2026-11-25T14:60:00+08:00",
            "2026-11-25T23:59:60+08:00",
            "2026-11-25T14:30:59+24:00",
            "2026-11-25T14:30:59+23:60",
            "2026-11-25T14:30:59+08",
            "2026-11-25t14:30:59+08:00",
            "2026-11-25 14:30:59+08:00",
            "2026-11-25T14:30:59.5+08:00",
            "2026-13-25T14:30:59+08:00",
            "0000-01-01T00:00:00Z",
            "2026-11-25T14:30:5x+08:00",
        ] {
            agrees(text);
        }
        assert!(canonical("2026-11-25T14:30:59+08:00").is_some(), "the common shape takes the fast path");
        assert!(canonical("2026-11-25T14:30:59Z").is_some());
    }

    proptest! {
        #[test]
        fn fast_and_chrono_agree_on_any_canonical_looking_text(
            text in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-9]{2}|Z)"
        ) {
            agrees(&text);
        }
    }

    #[test]
    fn keeps_offset_and_stamps_local_wall_time() {
        let t = Timestamp::parse("2026-11-25T14:30:59+08:00").unwrap();
        assert_eq!(t.remark_stamp(), "2026-11-25 14:30");
        assert_eq!(t.to_string(), "2026-11-25T14:30:59+08:00");
    }

    #[test]
    fn refuses_times_without_offset() {
        assert!(Timestamp::parse("2026-11-25T14:30:00").is_err());
        assert!(Timestamp::parse("2026-11-25").is_err());
        assert!(Timestamp::parse("yesterday").is_err());
    }
}
