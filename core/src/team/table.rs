//! An indicator table as the shops' tools export it (seller-data.md §5), read into
//! scorecard rows: the header found below any banner rows, each header mapped by name
//! (the spellings the workbench's 客服绩效 report, 赤兔 and the platform's daily message
//! use, brackets and arrows in either width), summary rows skipped, a `(秒)` column
//! preferred over its formatted twin. Every row of the table is accounted for in the
//! table's note: banner, header, blank, summary, read, or rejected with why.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::kpi::{Count, Row};
use crate::model::text::{text, Text};
use crate::policy::kpi::Indicator;

/// A table as a host read it: every row's cells, the banner and summary rows included.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableIn {
    /// Its file name: the workbench's report has its period only there
    /// (`客服绩效_20261101_20261130_全部.xlsx`).
    #[serde(default)]
    pub name: String,
    /// Every row, as cells.
    pub rows: Vec<Vec<String>>,
    /// The period of a table whose name gives none (the name's wins: a run over several
    /// months' reports keeps each month).
    #[serde(default)]
    pub period: Option<String>,
    /// The store, when the table is one store's and names none.
    #[serde(default)]
    pub store: Option<String>,
    /// Days the table covers (else from the period in its name).
    #[serde(default)]
    pub days: Option<u32>,
}

/// What a column of the table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Column {
    /// The agent.
    Agent,
    /// The store.
    Store,
    /// The period or the day.
    Period,
    /// A count.
    Count(Count),
    /// An indicator as the table gives it.
    Value(Indicator),
}

/// A header and what it was read as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Mapped {
    /// The header as written.
    pub header: String,
    /// What it is.
    pub column: Column,
}

/// How a table was read: every row accounted for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TableNote {
    /// The table's name.
    pub name: String,
    /// The period (given, or from the name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Rows in all: `banner + header + blank + summary + read + rejected`.
    pub rows: usize,
    /// Rows above the header.
    pub banner: usize,
    /// The header row (1 when the table has one).
    pub header: usize,
    /// Blank rows.
    pub blank: usize,
    /// Summary rows skipped (汇总值, 平均值, 同行同层...).
    pub summary: usize,
    /// Agents' rows read.
    pub read: usize,
    /// Rows that could not be read, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<RowProblem>,
    /// The columns read.
    pub columns: Vec<Mapped>,
    /// Headers kefu does not score (kept in the note so nothing is silently dropped).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<String>,
}

/// A row that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RowProblem {
    /// Its number in the table (1 is the first row).
    pub row: usize,
    /// Why.
    pub why: Text,
}

/// A header as compared: no spaces, brackets and arrows in half width, ASCII in lower case.
fn normal(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '→' => '>',
            c => c.to_ascii_lowercase(),
        })
        .collect::<String>()
        .replace("->", ">")
}

/// The known spellings (normalised) and what they are; a `(秒)`/`(s)` twin is listed first,
/// so it is preferred.
const HEADERS: &[(&str, Column)] = &[
    ("旺旺昵称", Column::Agent),
    ("客服", Column::Agent),
    ("客服昵称", Column::Agent),
    ("客服名称", Column::Agent),
    ("子账号", Column::Agent),
    ("wangwang_nick", Column::Agent),
    ("店铺", Column::Store),
    ("店铺名称", Column::Store),
    ("日期", Column::Period),
    ("统计日期", Column::Period),
    ("月份", Column::Period),
    ("date", Column::Period),
    ("询单人数", Column::Count(Count::Inquiries)),
    ("ask_num", Column::Count(Count::Inquiries)),
    ("询单最终付款人数", Column::Count(Count::PaidBuyers)),
    ("询单>最终付款人数", Column::Count(Count::PaidBuyers)),
    ("ask_today_final_paid_num", Column::Count(Count::PaidBuyers)),
    ("询单最终付款金额", Column::Count(Count::Sales)),
    ("销售额", Column::Count(Count::Sales)),
    ("成交订单数", Column::Count(Count::Orders)),
    ("订单数", Column::Count(Count::Orders)),
    ("接待人数", Column::Count(Count::Served)),
    ("service_num", Column::Count(Count::Served)),
    ("咨询人数", Column::Count(Count::Consults)),
    ("consult_num", Column::Count(Count::Consults)),
    ("total_reply_cost", Column::Count(Count::ReplySeconds)),
    ("total_reply_times", Column::Count(Count::Replies)),
    ("first_reply_cost", Column::Count(Count::FirstReplySeconds)),
    ("first_reply_times", Column::Count(Count::FirstReplies)),
    ("上班天数", Column::Count(Count::DaysWorked)),
    ("应出勤天数", Column::Count(Count::DaysScheduled)),
    ("询单最终付款转化率", Column::Value(Indicator::Conversion)),
    ("询单>最终付款成功率", Column::Value(Indicator::Conversion)),
    ("询单转化率", Column::Value(Indicator::Conversion)),
    ("平均响应时长(秒)", Column::Value(Indicator::ResponseAvg)),
    ("平均响应时间(秒)", Column::Value(Indicator::ResponseAvg)),
    ("平均响应时长", Column::Value(Indicator::ResponseAvg)),
    ("平均响应时间", Column::Value(Indicator::ResponseAvg)),
    ("首次响应时长(秒)", Column::Value(Indicator::ResponseFirst)),
    ("首次平均响应(s)", Column::Value(Indicator::ResponseFirst)),
    ("首次响应时间(秒)", Column::Value(Indicator::ResponseFirst)),
    ("首次响应时长", Column::Value(Indicator::ResponseFirst)),
    ("首次响应时间", Column::Value(Indicator::ResponseFirst)),
    ("客户满意率", Column::Value(Indicator::Satisfaction)),
    ("满意率", Column::Value(Indicator::Satisfaction)),
    ("旺旺回复率", Column::Value(Indicator::ReplyRate)),
    ("客服回复率", Column::Value(Indicator::ReplyRate)),
    ("邀评率", Column::Value(Indicator::Invitation)),
    ("dsr", Column::Value(Indicator::Dsr)),
    ("dsr评分", Column::Value(Indicator::Dsr)),
    ("月度考评", Column::Value(Indicator::Review)),
    ("任务完成率", Column::Value(Indicator::Tasks)),
    ("日常任务完成率", Column::Value(Indicator::Tasks)),
    ("出勤率", Column::Value(Indicator::Attendance)),
    ("表扬", Column::Count(Count::Compliments)),
    ("点名表扬", Column::Count(Count::Compliments)),
    ("投诉", Column::Count(Count::Complaints)),
    ("点名投诉", Column::Count(Count::Complaints)),
];

/// The first cells of the summary rows the reports append (never an agent).
const SUMMARY: &[&str] =
    &["汇总值", "平均值", "全店汇总值", "全店平均值", "同行同层优秀", "同行同层均值", "合计", "总计", "汇总", "平均"];

fn column_of(header: &str) -> Option<(usize, Column)> {
    let n = normal(header);
    HEADERS.iter().position(|(h, _)| *h == n).and_then(|i| HEADERS.get(i).map(|(_, c)| (i, *c)))
}

/// The period and its days from the workbench report's file name
/// (`…_20261101_20261130_…`): `2026-11-01..2026-11-30`, 30.
pub fn period_of_name(name: &str) -> Option<(String, u32)> {
    let digits: Vec<&str> = name.split(|c: char| !c.is_ascii_digit()).filter(|p| p.len() == 8).collect();
    let [from, to] = digits.get(..2)? else { return None };
    let date = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok();
    let (a, b) = (date(from)?, date(to)?);
    let days = u32::try_from((b - a).num_days() + 1).ok().filter(|d| *d > 0)?;
    Some((format!("{}..{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")), days))
}

/// `2026-11-02` (or `2026/11/02`, a time after it).
fn is_day(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b.get(..4).is_some_and(|y| y.iter().all(u8::is_ascii_digit))
        && matches!(b.get(4), Some(b'-' | b'/'))
        && matches!(b.get(7), Some(b'-' | b'/'))
}

/// Reads a table into rows, and says how.
pub fn read(t: &TableIn) -> (Vec<Row>, TableNote) {
    let from_name = period_of_name(&t.name);
    let period = from_name.as_ref().map(|(p, _)| p.clone()).or_else(|| t.period.clone());
    let days = t.days.or_else(|| from_name.map(|(_, d)| d));
    let mut note =
        TableNote { name: t.name.clone(), period: period.clone(), rows: t.rows.len(), ..TableNote::default() };
    let is_blank = |r: &Vec<String>| r.iter().all(|c| c.trim().is_empty());
    // The header: the first row naming the agent and at least one figure.
    let header_at = t.rows.iter().position(|r| {
        let cols: Vec<Column> = r.iter().filter_map(|h| column_of(h).map(|(_, c)| c)).collect();
        cols.contains(&Column::Agent) && cols.iter().any(|c| matches!(c, Column::Count(_) | Column::Value(_)))
    });
    let Some(header_at) = header_at else {
        for (i, r) in t.rows.iter().enumerate() {
            if is_blank(r) {
                note.blank += 1;
            } else {
                note.rejected.push(RowProblem {
                    row: i + 1,
                    why: text(
                        "找不到表头：没有一行同时有客服列（旺旺昵称、客服）和指标列",
                        "no header found: no row names the agent (旺旺昵称, 客服) and a figure",
                    ),
                });
            }
        }
        return (Vec::new(), note);
    };
    note.banner = header_at;
    note.header = 1;
    // Each column's meaning; of two columns for one thing, the earlier spelling in
    // HEADERS wins (the `(秒)` twin).
    let mut chosen: Vec<(Column, usize, usize)> = Vec::new(); // column, cell index, rank
    let header = t.rows.get(header_at).cloned().unwrap_or_default();
    for (cell, h) in header.iter().enumerate() {
        match column_of(h) {
            Some((rank, column)) => match chosen.iter_mut().find(|(c, _, _)| *c == column) {
                Some(existing) if rank < existing.2 => {
                    note.unread.push(header.get(existing.1).map(|h| h.trim().to_owned()).unwrap_or_default());
                    *existing = (column, cell, rank);
                }
                Some(_) => note.unread.push(h.trim().to_owned()),
                None => chosen.push((column, cell, rank)),
            },
            None if h.trim().is_empty() => {}
            None => note.unread.push(h.trim().to_owned()),
        }
    }
    note.columns = chosen
        .iter()
        .map(|(column, cell, _)| Mapped {
            header: header.get(*cell).map(|h| h.trim().to_owned()).unwrap_or_default(),
            column: *column,
        })
        .collect();
    let cell = |r: &Vec<String>, column: Column| {
        chosen.iter().find(|(c, _, _)| *c == column).and_then(|(_, i, _)| r.get(*i)).map(|c| c.trim().to_owned())
    };
    let mut rows = Vec::new();
    for (i, r) in t.rows.iter().enumerate().skip(header_at + 1) {
        if is_blank(r) {
            note.blank += 1;
            continue;
        }
        let agent = cell(r, Column::Agent).unwrap_or_default();
        if SUMMARY.contains(&agent.as_str()) || r.iter().any(|c| SUMMARY.contains(&c.trim())) && agent.is_empty() {
            note.summary += 1;
            continue;
        }
        if agent.is_empty() {
            note.rejected
                .push(RowProblem { row: i + 1, why: text("这一行没有客服名", "the row names no agent") });
            continue;
        }
        // `shop:agent`: the agent's name is after the colon (the one used in remarks).
        let agent = agent.rsplit([':', '：']).next().unwrap_or(&agent).to_owned();
        // A row per day (the platform's daily totals): a day of the month's scorecard, its
        // period the one given, else the day's month.
        let (row_period, row_days) = match cell(r, Column::Period).filter(|p| !p.is_empty()) {
            Some(day) if is_day(&day) => (period.clone().or_else(|| day.get(..7).map(str::to_owned)), Some(1)),
            Some(p) => (Some(p), days),
            None => (period.clone(), days),
        };
        let mut row = Row {
            agent,
            store: cell(r, Column::Store).filter(|s| !s.is_empty()).or_else(|| t.store.clone()),
            period: row_period,
            days: row_days,
            counts: Default::default(),
            values: Default::default(),
            compliments: 0,
            complaints: 0,
        };
        for (column, index, _) in &chosen {
            let Some(value) = r.get(*index).map(|c| c.trim().to_owned()) else { continue };
            match column {
                Column::Count(Count::Compliments) => row.compliments = value.parse().unwrap_or(0),
                Column::Count(Count::Complaints) => row.complaints = value.parse().unwrap_or(0),
                Column::Count(c) => {
                    row.counts.insert(*c, value);
                }
                Column::Value(v) => {
                    row.values.insert(*v, value);
                }
                Column::Agent | Column::Store | Column::Period => {}
            }
        }
        note.read += 1;
        rows.push(row);
    }
    (rows, note)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a test fails by panicking")]
mod tests {
    use super::*;

    fn table(name: &str, rows: &[&[&str]]) -> TableIn {
        TableIn {
            name: name.into(),
            rows: rows.iter().map(|r| r.iter().map(|c| (*c).to_owned()).collect()).collect(),
            period: None,
            store: None,
            days: None,
        }
    }

    #[test]
    fn the_workbench_report_reads_with_its_mixed_brackets_summary_rows_and_period_in_the_name() {
        let t = table(
            "自制报表-报表查看-客服绩效_20261101_20261130_全部.xlsx",
            &[
                &["旺旺昵称", "询单人数", "询单最终付款人数", "询单最终付款转化率", "平均响应时长（秒)", "客户满意率"],
                &["旗舰店:小王", "320", "96", "30.00%", "25", "96.5%"],
                &["旗舰店:小林", "150", "30", "20.00%", "1分10秒", "88%"],
                &["汇总值", "470", "126", "26.81%", "-", "-"],
                &["同行同层均值", "-", "-", "25%", "-", "-"],
            ],
        );
        let (rows, note) = read(&t);
        assert_eq!((note.rows, note.header, note.read, note.summary, note.banner), (5, 1, 2, 2, 0));
        assert_eq!(note.period.as_deref(), Some("2026-11-01..2026-11-30"));
        assert_eq!(rows[0].agent, "小王");
        assert_eq!(rows[0].days, Some(30));
        assert_eq!(rows[1].values[&Indicator::ResponseAvg], "1分10秒");
        assert_eq!(rows[0].counts[&Count::Inquiries], "320");
    }

    #[test]
    fn a_chitu_export_with_a_banner_arrows_and_a_seconds_twin() {
        let t = table(
            "赤兔售前明细.csv",
            &[
                &["赤兔名品 售前明细 2026-11", "", ""],
                &[],
                &[
                    "客服",
                    "询单->最终付款人数",
                    "询单人数",
                    "平均接待时长",
                    "平均响应时间",
                    "平均响应时间(秒)",
                    "首次平均响应(s)",
                ],
                &["小王", "96", "320", "5分", "25秒", "25", "12"],
            ],
        );
        let (rows, note) = read(&t);
        assert_eq!((note.banner, note.header, note.read, note.blank), (2, 1, 1, 0));
        // The `(秒)` twin is read; the formatted one and 平均接待时长 are said, not dropped.
        let avg = note.columns.iter().find(|m| m.column == Column::Value(Indicator::ResponseAvg)).unwrap();
        assert_eq!(avg.header, "平均响应时间(秒)");
        assert!(note.unread.contains(&"平均接待时长".to_owned()) && note.unread.contains(&"平均响应时间".to_owned()));
        assert_eq!(rows[0].counts[&Count::PaidBuyers], "96");
        assert_eq!(rows[0].values[&Indicator::ResponseFirst], "12");
    }

    #[test]
    fn the_platforms_daily_totals_make_a_month_of_days() {
        let t = table(
            "performance.json",
            &[
                &[
                    "wangwang_nick",
                    "date",
                    "ask_num",
                    "ask_today_final_paid_num",
                    "total_reply_cost",
                    "total_reply_times",
                ],
                &["云裳旗舰店:小王", "2026-11-02", "90", "30", "2100", "100"],
                &["云裳旗舰店:小王", "2026-11-03", "110", "40", "2500", "100"],
            ],
        );
        let (rows, note) = read(&t);
        assert_eq!(note.read, 2);
        assert!(rows.iter().all(|r| r.period.as_deref() == Some("2026-11") && r.days == Some(1)));
        assert_eq!(rows[0].counts[&Count::ReplySeconds], "2100");
    }

    #[test]
    fn a_table_without_a_header_is_said_and_loses_nothing_silently() {
        let (rows, note) = read(&table("x.csv", &[&["a", "b"], &["1", "2"]]));
        assert!(rows.is_empty());
        assert_eq!(note.rejected.len(), 2, "each row said");
        assert_eq!(note.rejected[0].row, 1);
    }
}
