//! One cell of an export, as the marketplace writes it, made into a value: the quirks
//! public parsers had to learn (`="…"` and `'` guards against spreadsheets, `null`
//! texts, `元` suffixes, full-width punctuation, times without an offset).

use chrono::{FixedOffset, NaiveDateTime, TimeZone};

use crate::model::flag::Flag;
use crate::model::money::Money;
use crate::model::time::Timestamp;

/// Folds full-width ASCII (`，：（ＡＢ１`) and the ideographic space to their half-width
/// forms and trims: how a status text or a header is compared, never how a value is kept.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The text of a cell without its spreadsheet guards, or `None` when it is empty or
/// the literal `null`. `="4128…"` becomes `4128…`; a leading `'` goes; inner text,
/// masked addresses (`*****`) and virtual phones (`…-8192`) are kept as they are.
pub fn clean(raw: &str) -> Option<&str> {
    let mut text = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if let Some(inner) = text.strip_prefix("=\"").and_then(|t| t.strip_suffix('"')) {
        text = inner.trim();
    }
    if let Some(rest) = text.strip_prefix('\'') {
        text = rest.trim_start();
    }
    if text.is_empty() || text.eq_ignore_ascii_case("null") {
        None
    } else {
        Some(text)
    }
}

/// An amount as exports write it: `199.00`, `199.00元`, `¥199`, `1,299.00`.
pub fn money(text: &str) -> Result<Money, String> {
    let folded = fold(text);
    let bare: String =
        folded.trim_start_matches(['¥', '￥']).trim_end_matches('元').trim().chars().filter(|c| *c != ',').collect();
    Money::parse(&bare).map_err(|e| format!("`{text}` is not an amount: {e}"))
}

/// A time as exports write it: `2026-11-25 09:20:00` (or with `/` or `T`, without
/// seconds, or without leading zeros), which is the shop's local time, read in `zone`;
/// an RFC 3339 time keeps its own offset.
pub fn time(text: &str, zone: FixedOffset) -> Result<Timestamp, String> {
    let naive = match local_time(text.trim()) {
        Some(naive) => naive,
        None => {
            if let Ok(t) = Timestamp::parse(text) {
                return Ok(t);
            }
            local_time(fold(text).trim()).ok_or_else(|| format!("`{text}` is not a time like `2026-11-25 09:20:00`"))?
        }
    };
    let local =
        zone.from_local_datetime(&naive).single().ok_or_else(|| format!("`{text}` does not exist in {zone}"))?;
    Ok(Timestamp::from_datetime(local))
}

/// `YYYY-MM-DD HH:MM[:SS]` with `-` or `/` between the date's parts and a space or `T`
/// before the time. Read by position rather than with chrono's format strings: those
/// cost more than the rest of a row, and their parser was 20 KB of the browser package.
fn local_time(text: &str) -> Option<NaiveDateTime> {
    let (date, clock) = text.split_once([' ', 'T'])?;
    let number = |part: Option<&str>, widths: std::ops::RangeInclusive<usize>| -> Option<u32> {
        let part = part?;
        if !widths.contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let mut d = date.split(['-', '/']);
    let (year, month, day) = (number(d.next(), 4..=4)?, number(d.next(), 1..=2)?, number(d.next(), 1..=2)?);
    let mut c = clock.split(':');
    let (hour, minute) = (number(c.next(), 1..=2)?, number(c.next(), 1..=2)?);
    let second = match c.next() {
        Some(s) => number(Some(s), 1..=2)?,
        None => 0,
    };
    if d.next().is_some() || c.next().is_some() {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?.and_hms_opt(hour, minute, second)
}

/// A flag as exports and the trade API write it: a code 0-5, an English name, or a
/// Chinese colour (`红旗`, `红色`, `红`; a Douyin export's 旗帜颜色).
pub fn flag(text: &str) -> Result<Flag, String> {
    let folded = fold(text);
    if let Ok(code) = folded.parse::<u64>() {
        return Flag::from_code(code).ok_or_else(|| format!("flag code `{text}` is not 0-5"));
    }
    if let Some(f) = Flag::from_name(&folded) {
        return Ok(f);
    }
    let colour = folded.trim_end_matches(['旗', '色']);
    let found = match colour {
        "无" | "灰" | "" => Flag::None,
        "红" => Flag::Red,
        "黄" => Flag::Yellow,
        "绿" => Flag::Green,
        "蓝" => Flag::Blue,
        "紫" | "粉" | "粉红" => Flag::Purple,
        _ => return Err(format!("`{text}` is not a flag (0-5, red..purple, 红旗..紫旗)")),
    };
    Ok(found)
}

/// A UTC offset: `+08:00`, `-05:30`, `+8`, `Z`.
pub fn zone(text: &str) -> Result<FixedOffset, String> {
    let bad = || format!("`{text}` is not an offset such as +08:00");
    if text == "Z" || text == "UTC" {
        return FixedOffset::east_opt(0).ok_or_else(bad);
    }
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, text.get(1..).unwrap_or_default()),
        Some(b'-') => (-1, text.get(1..).unwrap_or_default()),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 14 || m > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
}

/// A whole number of units: `2`, `2件`, `２`.
pub fn quantity(text: &str) -> Result<u32, String> {
    let folded = fold(text);
    folded.trim_end_matches('件').trim().parse::<u32>().map_err(|_| format!("`{text}` is not a quantity"))
}

/// A yes/no cell: `是`/`否`, `true`/`false`, `1`/`0`, `Y`/`N`.
pub fn yes_no(text: &str) -> Result<bool, String> {
    match fold(text).to_ascii_lowercase().as_str() {
        "是" | "true" | "1" | "y" | "yes" => Ok(true),
        "否" | "false" | "0" | "n" | "no" => Ok(false),
        _ => Err(format!("`{text}` is not yes or no (是/否)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn guards_and_nulls_go() {
        assert_eq!(clean("=\"412800001423567890\""), Some("412800001423567890"));
        assert_eq!(clean("'13800138000"), Some("13800138000"));
        assert_eq!(clean(" null "), None);
        assert_eq!(clean("NULL"), None);
        assert_eq!(clean("  "), None);
        assert_eq!(clean("浙江省 杭州市 *****"), Some("浙江省 杭州市 *****"));
        assert_eq!(clean("13800138000-8192"), Some("13800138000-8192"));
    }

    #[test]
    fn money_with_suffixes() {
        assert_eq!(money("199.00元"), Ok(Money::from_fen(19900)));
        assert_eq!(money("￥1,299.5"), Ok(Money::from_fen(129950)));
        assert_eq!(money("１９９"), Ok(Money::from_fen(19900)));
        assert!(money("19.999").is_err());
        assert!(money("-1").is_err());
    }

    #[test]
    fn times_are_read_in_the_shop_zone() {
        let t = time("2026-11-25 09:20:00", shop()).unwrap();
        assert_eq!(t.to_string(), "2026-11-25T09:20:00+08:00");
        assert_eq!(time("2026/11/25 09:20", shop()).unwrap(), t);
        let utc = FixedOffset::east_opt(0).unwrap();
        assert_eq!(time("2026-11-25 01:20:00", utc).unwrap().unix_seconds(), t.unix_seconds());
        assert_eq!(time("2026-11-25T09:20:00+08:00", utc).unwrap(), t, "an explicit offset is kept");
        assert!(time("25.11.2026", shop()).is_err());
        assert!(time("2026-13-25 09:20:00", shop()).is_err(), "month 13");
        assert!(time("2026-11-25 25:20:00", shop()).is_err(), "hour 25");
        assert_eq!(time(" 2026/11/25 09:20:00 ", shop()).unwrap(), t);
        assert_eq!(time("2026-11-25T09:20:00", shop()).unwrap(), t, "a T without an offset is local");
        assert_eq!(time("2026-11-25 9:20", shop()).unwrap(), t, "no leading zero");
        assert_eq!(time("２０２６－１１－２５　０９：２０", shop()).unwrap(), t, "full-width digits fold");
        for bad in [
            "2026-11-25",
            "2026-11-25 09",
            "26-11-25 09:20",
            "2026-11-25 09:20:00:00",
            "2026-11-25-1 09:20",
            "2026-11-25 09:2x",
        ] {
            assert!(time(bad, shop()).is_err(), "{bad}");
        }
    }

    #[test]
    fn flags_in_every_spelling() {
        assert_eq!(flag("5"), Ok(Flag::Purple));
        assert_eq!(flag("红旗"), Ok(Flag::Red));
        assert_eq!(flag("蓝色"), Ok(Flag::Blue));
        assert_eq!(flag("grey"), Ok(Flag::None));
        assert!(flag("7").is_err());
        assert!(flag("橙").is_err());
    }

    #[test]
    fn folding_makes_status_texts_comparable() {
        assert_eq!(fold(" 买家已付款，等待卖家发货 "), "买家已付款,等待卖家发货");
        assert_eq!(fold("（ＡＢ１）"), "(AB1)");
    }
}
