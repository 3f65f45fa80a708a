//! A measure with two decimals, carried as integer hundredths: a percentage (`35.12`
//! means 35.12 %), seconds, a score out of 100, a count. Like money, never a float: the
//! scorecards' arithmetic is integer, so the same table scores the same on every engine.
//!
//! The cells of the shops' indicator tables come in several spellings (seller-data.md
//! §5): `12.34%` or `0.1234` for a rate, `1分20秒` or `80` for seconds, `-` or `延迟统计`
//! for a figure not there. [`Hundredths::cell`] reads them all, by the unit expected.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::money::Money;

/// Two decimals as integer hundredths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hundredths(pub i64);

/// What a table cell measures, which decides how it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A share, in percent: `12.34%`, or a fraction `0.1234` (at most 1).
    Percent,
    /// Seconds: `80`, `80.5`, `1分20秒`, `1:20`.
    Seconds,
    /// Yuan: `12345.00`, `¥12,345`.
    Yuan,
    /// A count or a score: `320`, `4.8`.
    Number,
}

impl Hundredths {
    /// Whole units.
    pub const fn whole(n: i64) -> Hundredths {
        Hundredths(n.saturating_mul(100))
    }

    /// `a / b` as a percentage in hundredths, rounded half up; `None` when `b` is 0.
    pub fn percent(a: i64, b: i64) -> Option<Hundredths> {
        (b > 0).then(|| Hundredths(div_round(a.saturating_mul(10_000), b)))
    }

    /// A mean: `total` (in hundredths) over `n`, rounded half up (seconds per reply).
    pub fn ratio(total: Hundredths, n: i64) -> Option<Hundredths> {
        (n > 0).then(|| Hundredths(div_round(total.0, n)))
    }

    /// Reads a decimal with at most two decimals (`"35"`, `"35.5"`, `"35.12"`).
    pub fn parse(text: &str) -> Option<Hundredths> {
        Money::parse(text).ok().map(|m| Hundredths(m.fen()))
    }

    /// A table cell as this unit; `None` for a figure that is not there (empty, `-`,
    /// `延迟统计`, `--`, `N/A`) or that does not read as one.
    pub fn cell(text: &str, unit: Unit) -> Option<Hundredths> {
        let t = text.trim().trim_matches(|c: char| c == '\u{3000}');
        if t.is_empty() || t.chars().all(|c| c == '-' || c == '—') || t == "延迟统计" || t.eq_ignore_ascii_case("n/a")
        {
            return None;
        }
        match unit {
            Unit::Percent => {
                if let Some(p) = t.strip_suffix(['%', '％']) {
                    return decimal(p.trim());
                }
                // A fraction (`0.1234`) is a share of 1; more than 1 is already percent.
                let v = decimal4(t)?;
                Some(if v <= 10_000 { Hundredths(v) } else { Hundredths(div_round(v, 100)) })
            }
            Unit::Seconds => seconds(t),
            Unit::Yuan => decimal(&t.replace([',', '，', '¥', '￥', '元'], "")),
            Unit::Number => decimal(&t.replace([',', '，'], "")),
        }
    }
}

/// `a / b` rounded half up, for non-negative `a` and positive `b`.
pub fn div_round(a: i64, b: i64) -> i64 {
    if b == 0 {
        return 0;
    }
    (a.saturating_mul(2).saturating_add(b)) / b.saturating_mul(2)
}

/// A decimal in hundredths; more than two decimals are rounded half up.
fn decimal(t: &str) -> Option<Hundredths> {
    let v = decimal4(t)?;
    Some(Hundredths(div_round(v, 100)))
}

/// A non-negative decimal in ten-thousandths (`0.1234` → 1234, `12.5` → 125000).
fn decimal4(t: &str) -> Option<i64> {
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut scaled = whole.checked_mul(10_000)?;
    let mut place = 1_000;
    let mut rest = 0;
    for (i, b) in frac.bytes().enumerate() {
        let d = i64::from(b - b'0');
        match i {
            0..=3 => {
                scaled += d * place;
                place /= 10;
            }
            4 => rest = d,
            _ => {}
        }
    }
    Some(scaled + i64::from(rest >= 5))
}

/// Seconds as hundredths: `80`, `80.5`, `1分20秒`, `20秒`, `2分`, `1:20`.
fn seconds(t: &str) -> Option<Hundredths> {
    if let Some((m, s)) = t.split_once(':') {
        let m = decimal(m)?;
        let s = decimal(s)?;
        return Some(Hundredths(m.0.checked_mul(60)?.checked_add(s.0)?));
    }
    if t.contains(['分', '秒']) {
        let (minutes, rest) = match t.split_once('分') {
            Some((m, rest)) => (decimal(m.trim())?.0, rest.trim_start_matches('钟')),
            None => (0, t),
        };
        let secs = match rest.trim().strip_suffix('秒') {
            Some(s) => decimal(s.trim())?.0,
            None if rest.trim().is_empty() => 0,
            None => return None,
        };
        return Some(Hundredths(minutes.checked_mul(60)?.checked_add(secs)?));
    }
    decimal(t.strip_suffix(['s', 'S']).unwrap_or(t).trim())
}

impl fmt::Display for Hundredths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Money::from_fen(self.0), f)
    }
}

impl Serialize for Hundredths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Money::from_fen(self.0).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Hundredths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Hundredths;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string with at most two decimals, such as \"35.00\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Hundredths, E> {
                Hundredths::parse(v).ok_or_else(|| E::custom(format!("`{v}` is not a decimal such as \"35.00\"")))
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Hundredths {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Hundredths".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A decimal string with at most two decimals (a percentage, seconds, a score), never a JSON number.",
            "type": "string",
            "pattern": "^[0-9]+(\\.[0-9]{1,2})?$",
            "examples": ["35.00"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_the_tables_write_them() {
        let p = |t| Hundredths::cell(t, Unit::Percent);
        assert_eq!(p("12.34%"), Some(Hundredths(1234)));
        assert_eq!(p("0.1234"), Some(Hundredths(1234)));
        assert_eq!(p("0.12345"), Some(Hundredths(1235)), "rounded half up");
        assert_eq!(p("1"), Some(Hundredths(10_000)), "a fraction of 1 is 100 %");
        assert_eq!(p("35.5"), Some(Hundredths(3550)), "more than 1 is already a percentage");
        let s = |t| Hundredths::cell(t, Unit::Seconds);
        assert_eq!(s("1分20秒"), Some(Hundredths(8000)));
        assert_eq!(s("20秒"), Some(Hundredths(2000)));
        assert_eq!(s("80"), Some(Hundredths(8000)));
        assert_eq!(s("1:20"), Some(Hundredths(8000)));
        assert_eq!(s("12.5s"), Some(Hundredths(1250)));
        assert_eq!(Hundredths::cell("¥12,345.50", Unit::Yuan), Some(Hundredths(1_234_550)));
        for missing in ["", "-", "--", "延迟统计", "N/A", "abc", "1分x"] {
            assert_eq!(Hundredths::cell(missing, Unit::Number), None, "{missing}");
        }
    }

    #[test]
    fn shares_and_means_round_half_up() {
        assert_eq!(Hundredths::percent(96, 320), Some(Hundredths(3000)));
        assert_eq!(Hundredths::percent(1, 3), Some(Hundredths(3333)));
        assert_eq!(Hundredths::percent(2, 3), Some(Hundredths(6667)));
        assert_eq!(Hundredths::percent(1, 0), None);
        assert_eq!(Hundredths::ratio(Hundredths::whole(12_345), 400), Some(Hundredths(3086)));
        assert_eq!(Hundredths(8950).to_string(), "89.50");
    }
}
