//! One cell of an export, as the marketplace writes it, made into a value: the quirks
//! public parsers had to learn (`="…"` and `'` guards against spreadsheets, `null`
//! texts, `元` suffixes, full-width punctuation, times without an offset).

use chrono::{FixedOffset, NaiveDateTime, TimeZone};

use crate::model::flag::Flag;
use crate::model::money::Money;
use crate::model::order::ReturnExclusion;
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

/// A word compared loosely: folded, without spaces, lower case, `7` as `七` (七天无理由 is
/// written both ways).
fn word(text: &str) -> String {
    fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '7' { '七' } else { c.to_ascii_lowercase() })
        .collect()
}

/// Why a line cannot be returned without a reason, as a column writes it: 定制,
/// 生鲜, 虚拟, 不支持七天无理由 (or 7天, and 退货, 退换... after it), the names
/// (`customised`...), or yes/no (yes: not eligible; no: `None`).
pub fn return_exclusion(text: &str) -> Result<Option<ReturnExclusion>, String> {
    let w = word(text);
    let found = match w.as_str() {
        "定制" => ReturnExclusion::Customised,
        "生鲜" => ReturnExclusion::Perishable,
        "虚拟" => ReturnExclusion::Digital,
        _ if w.starts_with("不支持七天无理由") => ReturnExclusion::NotEligible,
        name => match ReturnExclusion::from_name(name) {
            Some(found) => found,
            None => {
                return yes_no(text)
                    .map(|excluded| excluded.then_some(ReturnExclusion::NotEligible))
                    .map_err(|_| format!("`{text}` is not 定制, 生鲜, 虚拟, 不支持七天无理由 or 是/否"))
            }
        },
    };
    Ok(Some(found))
}

/// What a line's title says of its return: a listing that writes 不支持七天无理由 (or 7天)
/// in the title marks the item not eligible (R-7DAY-1). Nothing else is read from a
/// title: 定制 in a title may name a style (高级定制感) rather than a made-to-order item.
pub fn title_exclusion(title: &str) -> Option<ReturnExclusion> {
    let w = word(title);
    (w.contains("不支持七天无理由") || w.contains("不支持无理由退")).then_some(ReturnExclusion::NotEligible)
}

/// What kefu reads from a staged-payment text (分阶段订单信息), whose format no public
/// source documents: the deposit where a label writes it (`定金:20.00元`, `定金￥20`,
/// `订金 20`), and whether it says the deposit is unpaid. Anything else is not guessed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageInfo {
    /// The deposit, when the text labels one amount (two different ones: unknown).
    pub deposit: Option<Money>,
    /// The text says the deposit is not paid (定金未付, 未付定金).
    pub deposit_unpaid: bool,
}

/// Reads a staged-payment text; see [`StageInfo`]. Never fails: an unknown wording
/// leaves the deposit unknown.
pub fn stage_info(text: &str) -> StageInfo {
    let folded = fold(text);
    let mut info = StageInfo::default();
    let mut conflict = false;
    // Each label (定金 or 订金, 3 bytes each): 未付 right before or after it says unpaid;
    // else an amount may follow it.
    for (at, c) in folded.char_indices() {
        let Some(head) = folded.get(..at) else { continue };
        if c != '金' || !(head.ends_with('定') || head.ends_with('订')) {
            continue;
        }
        let rest = folded.get(at + c.len_utf8()..).unwrap_or_default();
        info.deposit_unpaid |=
            head.get(..head.len() - 3).is_some_and(|h| h.ends_with("未付")) || rest.starts_with("未付");
        // The amount right after the label: `:` or `=`, `¥`, digits, an optional `元`.
        let rest = rest.trim_start_matches([' ', ':', '=', '¥', '￥']);
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let Some(amount) = rest.get(..end).and_then(|n| money(n).ok()) else { continue };
        match info.deposit {
            Some(seen) => conflict |= seen != amount,
            None => info.deposit = Some(amount),
        }
    }
    if conflict {
        info.deposit = None;
    }
    info
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

    #[test]
    fn return_exclusions_in_words_and_codes() {
        assert_eq!(return_exclusion("定制"), Ok(Some(ReturnExclusion::Customised)));
        assert_eq!(return_exclusion("Customised"), Ok(Some(ReturnExclusion::Customised)));
        assert_eq!(return_exclusion("生鲜"), Ok(Some(ReturnExclusion::Perishable)));
        assert_eq!(return_exclusion("虚拟"), Ok(Some(ReturnExclusion::Digital)));
        assert_eq!(return_exclusion("不支持7天无理由退货"), Ok(Some(ReturnExclusion::NotEligible)));
        assert_eq!(return_exclusion("不支持 七天无理由"), Ok(Some(ReturnExclusion::NotEligible)));
        assert_eq!(return_exclusion("不支持七天无理由退换货"), Ok(Some(ReturnExclusion::NotEligible)));
        assert_eq!(return_exclusion("not_eligible"), Ok(Some(ReturnExclusion::NotEligible)));
        assert_eq!(return_exclusion("是"), Ok(Some(ReturnExclusion::NotEligible)), "yes: not eligible");
        assert_eq!(return_exclusion("否"), Ok(None));
        let e = return_exclusion("看情况").unwrap_err();
        assert!(e.contains("看情况") && e.contains("定制"), "{e}");
    }

    #[test]
    fn only_an_explicit_not_eligible_is_read_from_a_title() {
        assert_eq!(title_exclusion("刻字手链 不支持7天无理由"), Some(ReturnExclusion::NotEligible));
        assert_eq!(title_exclusion("纯银手链【不支持七天无理由退换】"), Some(ReturnExclusion::NotEligible));
        assert_eq!(title_exclusion("高级定制感连衣裙"), None, "定制 in a title may be a style");
        assert_eq!(title_exclusion("支持7天无理由 T恤"), None);
    }

    #[test]
    fn a_stage_text_gives_a_labelled_deposit_and_nothing_guessed() {
        let d = |t: &str| stage_info(t).deposit;
        assert_eq!(d("定金:20.00元;尾款:180.00元"), Some(Money::from_fen(2000)));
        assert_eq!(d("定金：￥20"), Some(Money::from_fen(2000)));
        assert_eq!(d("付定金20元抵50元"), Some(Money::from_fen(2000)));
        assert_eq!(d("订金 9.9"), Some(Money::from_fen(990)));
        assert_eq!(d("定金已付"), None, "no amount after the label");
        assert_eq!(d("第一阶段20.00;第二阶段180.00"), None, "no label: not guessed");
        assert_eq!(d("定金:20.00;定金:30.00"), None, "two deposits: unknown");
        assert_eq!(d("定金:20.001"), None);
        assert!(stage_info("定金未付").deposit_unpaid);
        assert!(stage_info("未付订金").deposit_unpaid);
        assert!(!stage_info("定金:20.00元(已付)").deposit_unpaid);
    }
}
