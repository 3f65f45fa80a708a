//! The scorecard page of `kefu kpi --format html`: per period, the ranking with each
//! agent's score, compliments and complaints and bonus; a table per store with every
//! indicator's value and score (a missing one shown as missing, never as 0); the leads;
//! the staffing advice; the trend when several periods are given; how each table was
//! read. Self-contained, like the lint report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;

use serde_json::Value;

use super::html::{esc, page_with};
use super::names::Names;
use super::out::{columns, Csv};
use super::{s, said, t};
use crate::answer::at;
use crate::cli::MessageLang;

/// Hundredths of a two-decimal text, for ordering and for the bars.
fn hundredths(text: &str) -> Option<i64> {
    kefu_core::api::Money::parse(text).ok().map(kefu_core::api::Money::fen)
}

const STYLE: &str = ".score{font-weight:600}.tier-top{color:#1e7b39}.tier-mid{color:#de911d}.tier-low{color:#c0262d}.miss{color:#9aa5b1;font-style:italic}td.num{text-align:right;font-family:ui-monospace,Menlo,monospace;font-size:12px;white-space:nowrap}.bar{display:inline-block;height:8px;background:#2680c2;border-radius:2px;vertical-align:middle;margin-left:6px}h3{font-size:14px;margin:16px 0 6px}table.ranking td:nth-child(2),table.store td:first-child{white-space:nowrap}";

/// The whole page.
pub fn page(result: &Value, names: &Names, lang: MessageLang) -> String {
    let cards = at(result, "/cards").as_array().cloned().unwrap_or_default();
    let periods: BTreeSet<String> = cards.iter().map(|c| s(c, "/period")).collect();
    let mut body = String::new();
    let scored: Vec<i64> = cards.iter().filter_map(|c| hundredths(&s(c, "/score"))).collect();
    let bonus: i64 = cards.iter().filter_map(|c| hundredths(&s(c, "/bonus/amount"))).sum();
    let average = if scored.is_empty() {
        0
    } else {
        (scored.iter().sum::<i64>() * 2 + scored.len() as i64) / (2 * scored.len() as i64)
    };
    let money = |h: i64| kefu_core::api::Money::from_fen(h).to_string();
    let kpi = |key: &str, label: &str, value: &str| {
        format!(r#"<div class="kpi"><b id="k-{key}">{}</b><span>{}</span></div>"#, esc(value), esc(label))
    };
    let _ = write!(
        body,
        r#"<div class="kpis">{}{}{}{}</div>"#,
        kpi(
            "agents",
            t(lang, "考核客服（人·期）", "agent-periods scored"),
            &format!("{}/{}", scored.len(), cards.len())
        ),
        kpi("average", t(lang, "平均得分", "average score"), &money(average)),
        kpi("bonus", t(lang, "奖金合计（元）", "bonuses in all (yuan)"), &money(bonus)),
        kpi("periods", t(lang, "考核期", "periods"), &periods.len().to_string()),
    );
    for period in &periods {
        let of: Vec<&Value> = cards.iter().filter(|c| s(c, "/period") == *period).collect();
        let _ = write!(
            body,
            r#"<section class="card"><h2>{} {}</h2>"#,
            t(lang, "考核期", "Period"),
            esc(if period.is_empty() { "—" } else { period })
        );
        ranking(&of, lang, &mut body);
        stores(&of, names, lang, &mut body);
        leads(result, period, lang, &mut body);
        for st in at(result, "/staffing").as_array().into_iter().flatten().filter(|x| s(x, "/period") == *period) {
            let _ = write!(
                body,
                r#"<p class="notice" data-advice="{}"><b>R-KPI-STAFF</b> {} {}</p>"#,
                esc(&s(st, "/advice")),
                esc(&s(st, "/store")),
                esc(&said(at(st, "/text"), lang))
            );
        }
        body.push_str("</section>");
    }
    if periods.len() > 1 {
        trend(&cards, &periods, lang, &mut body);
    }
    tables(result, lang, &mut body);
    let title = t(lang, "客服考核", "Agent scorecards");
    let subtitle = match lang {
        MessageLang::Zh => "按店铺策略的目标、底线和权重打分（R-KPI-*）；缺的指标写明，不计0分也不计满分".to_owned(),
        MessageLang::En => "scored against the shop policy's targets, floors and weights (R-KPI-*); a missing indicator is said, never scored".to_owned(),
    };
    page_with(lang, title, &subtitle, &body, STYLE)
}

fn tier_class(score: Option<i64>) -> &'static str {
    match score {
        Some(s) if s >= 9000 => "tier-top",
        Some(s) if s >= 8000 => "tier-mid",
        _ => "tier-low",
    }
}

fn ranking(cards: &[&Value], lang: MessageLang, body: &mut String) {
    let mut sorted = cards.to_vec();
    sorted.sort_by_key(|c| std::cmp::Reverse(hundredths(&s(c, "/score")).unwrap_or(-1)));
    let _ = write!(
        body,
        r#"<table class="ranking"><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        t(lang, "客服", "agent"),
        t(lang, "各店加权", "weighted"),
        t(lang, "表扬/投诉", "praise/complaints"),
        t(lang, "得分", "score"),
        t(lang, "奖金（基数）", "bonus (base)"),
        t(lang, "说明", "notes"),
    );
    for (i, c) in sorted.iter().enumerate() {
        let score = hundredths(&s(c, "/score"));
        let notes: Vec<String> = at(c, "/notes")
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| format!("{} {}", s(n, "/rule"), said(at(n, "/text"), lang)))
            .collect();
        let width = score.map_or(0, |h| h / 100);
        let _ = write!(
            body,
            r#"<tr data-agent="{}"><td class="num">{}</td><td>{}</td><td class="num">{}</td><td class="num">+{} / −{}</td><td class="num score {}">{}<span class="bar" style="width:{}px"></span></td><td class="num">{} ({})</td><td>{}</td></tr>"#,
            esc(&s(c, "/agent")),
            i + 1,
            esc(&s(c, "/agent")),
            esc(&s(c, "/weighted")),
            esc(&s(c, "/compliments")),
            esc(&s(c, "/complaints")),
            tier_class(score),
            esc(&if score.is_some() { s(c, "/score") } else { t(lang, "无法计分", "not scored").to_owned() }),
            width,
            esc(&s(c, "/bonus/amount")),
            esc(&s(c, "/bonus/base")),
            esc(&notes.join("；")),
        );
    }
    body.push_str("</tbody></table>");
}

/// A table per store: its agents by row, the policy's indicators by column.
fn stores(cards: &[&Value], names: &Names, lang: MessageLang, body: &mut String) {
    let mut by_store: BTreeMap<String, Vec<(&Value, &Value)>> = BTreeMap::new();
    for c in cards {
        for st in at(c, "/stores").as_array().into_iter().flatten() {
            by_store.entry(s(st, "/store")).or_default().push((*c, st));
        }
    }
    for (store, rows) in by_store {
        let indicators: Vec<String> = rows
            .first()
            .map(|(_, st)| at(st, "/indicators").as_array().into_iter().flatten().map(|i| s(i, "/indicator")).collect())
            .unwrap_or_default();
        let _ = write!(
            body,
            r#"<h3>{} {}</h3><table class="store" data-store="{}"><thead><tr><th>{}</th><th>{}</th>"#,
            t(lang, "店铺", "Store"),
            esc(if store.is_empty() { "—" } else { &store }),
            esc(&store),
            t(lang, "客服", "agent"),
            t(lang, "本店权重", "weight here")
        );
        for id in &indicators {
            let weight = rows
                .first()
                .and_then(|(_, st)| {
                    at(st, "/indicators")
                        .as_array()
                        .and_then(|a| a.iter().find(|i| s(i, "/indicator") == *id))
                        .map(|i| s(i, "/weight"))
                })
                .unwrap_or_default();
            let _ = write!(
                body,
                r#"<th title="{}">{} <span class="muted">{}%</span></th>"#,
                esc(id),
                esc(names.name("indicator", id, lang)),
                esc(&weight)
            );
        }
        let _ = write!(body, "<th>{}</th></tr></thead><tbody>", t(lang, "本店得分", "score here"));
        for (c, st) in rows {
            let _ = write!(
                body,
                r#"<tr><td>{}</td><td class="num">{}%</td>"#,
                esc(&s(c, "/agent")),
                esc(&s(st, "/weight"))
            );
            for i in at(st, "/indicators").as_array().into_iter().flatten() {
                if i.get("score").is_some() {
                    let _ = write!(
                        body,
                        r#"<td class="num" title="{}">{} → <b>{}</b></td>"#,
                        esc(&s(i, "/indicator")),
                        esc(&s(i, "/value")),
                        esc(&s(i, "/score"))
                    );
                } else {
                    let _ = write!(
                        body,
                        r#"<td class="miss" title="{}">{}</td>"#,
                        esc(&said(at(i, "/missing"), lang)),
                        t(lang, "缺", "missing")
                    );
                }
            }
            let _ = write!(body, r#"<td class="num score">{}</td></tr>"#, esc(&s(st, "/score")));
        }
        body.push_str("</tbody></table>");
    }
}

fn leads(result: &Value, period: &str, lang: MessageLang, body: &mut String) {
    for l in at(result, "/leads").as_array().into_iter().flatten().filter(|l| s(l, "/period") == period) {
        let notes: Vec<String> =
            at(l, "/notes").as_array().into_iter().flatten().map(|n| said(at(n, "/text"), lang)).collect();
        let _ = write!(
            body,
            r#"<p class="lead" data-lead="{}"><b>R-KPI-LEAD</b> {} {}：{} {} · {} {} · {} <b>{}</b> · {} {} {}</p>"#,
            esc(&s(l, "/lead")),
            esc(&s(l, "/lead")),
            t(lang, "（组长）", "(lead)"),
            t(lang, "团队均分", "team average"),
            esc(&s(l, "/team_average")),
            t(lang, "本人", "own"),
            esc(&s(l, "/own")),
            t(lang, "得分", "score"),
            esc(&s(l, "/score")),
            t(lang, "奖金", "bonus"),
            esc(&s(l, "/bonus/amount")),
            esc(&notes.join("；")),
        );
    }
}

fn trend(cards: &[Value], periods: &BTreeSet<String>, lang: MessageLang, body: &mut String) {
    let agents: BTreeSet<String> = cards.iter().map(|c| s(c, "/agent")).collect();
    let _ = write!(
        body,
        r#"<section class="card"><h2>{}</h2><table id="trend"><thead><tr><th>{}</th>"#,
        t(lang, "趋势", "Trend"),
        t(lang, "客服", "agent")
    );
    for p in periods {
        let _ = write!(body, "<th>{}</th>", esc(p));
    }
    body.push_str("</tr></thead><tbody>");
    for a in agents {
        let _ = write!(body, "<tr><td>{}</td>", esc(&a));
        for p in periods {
            let score = cards
                .iter()
                .find(|c| s(c, "/agent") == a && s(c, "/period") == *p)
                .map(|c| s(c, "/score"))
                .unwrap_or_default();
            let _ = write!(body, r#"<td class="num">{}</td>"#, esc(if score.is_empty() { "—" } else { &score }));
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table></section>");
}

/// How a table was read, every row counted, as one line in the report's language.
fn read_line(tb: &Value, lang: MessageLang) -> String {
    let rejected = at(tb, "/rejected").as_array().map_or(0, Vec::len);
    let (name, rows, banner, header, blank, summary, read) = (
        s(tb, "/name"),
        s(tb, "/rows"),
        s(tb, "/banner"),
        s(tb, "/header"),
        s(tb, "/blank"),
        s(tb, "/summary"),
        s(tb, "/read"),
    );
    match lang {
        MessageLang::Zh => {
            format!("{name}：共{rows}行 = 表头上方{banner} + 表头{header} + 空行{blank} + 汇总{summary} + 客服{read} + 无法读取{rejected}")
        }
        MessageLang::En => format!(
            "{name}: {rows} rows = {banner} banner + {header} header + {blank} blank + {summary} summary + {read} agents + {rejected} rejected"
        ),
    }
}

fn tables(result: &Value, lang: MessageLang, body: &mut String) {
    let _ = write!(
        body,
        r#"<section class="card"><h2>{}</h2>"#,
        t(lang, "读表情况：每一行都有交代", "How each table was read: every row accounted for")
    );
    for tb in at(result, "/tables").as_array().into_iter().flatten() {
        let _ = write!(body, r#"<p data-table="{}">{}</p>"#, esc(&s(tb, "/name")), esc(&read_line(tb, lang)),);
        let unread: Vec<&str> = at(tb, "/unread").as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if !unread.is_empty() {
            let _ = write!(
                body,
                r#"<p class="muted">{}{}</p>"#,
                t(lang, "未计分的列：", "columns not scored: "),
                esc(&unread.join(t(lang, "、", ", ")))
            );
        }
        for r in at(tb, "/rejected").as_array().into_iter().flatten().take(50) {
            let _ = write!(
                body,
                r#"<p class="notice">{} {}: {}</p>"#,
                t(lang, "行", "row"),
                esc(&s(r, "/row")),
                esc(&said(at(r, "/why"), lang))
            );
        }
    }
    body.push_str("</section>");
}

/// A line per agent (per store below when several), then the leads, the staffing
/// advice and how each table was read.
pub fn table(result: &Value, names: &Names, lang: MessageLang, out: &mut dyn Write) -> std::io::Result<()> {
    let header = match lang {
        MessageLang::Zh => ["期间", "客服", "店铺（权重）", "加权分", "表扬/投诉", "得分", "奖金"],
        MessageLang::En => ["PERIOD", "AGENT", "STORE (WEIGHT)", "WEIGHTED", "PRAISE/COMPLAINTS", "SCORE", "BONUS"],
    };
    let mut lines: Vec<[String; 7]> = vec![header.map(str::to_owned)];
    let mut cards = at(result, "/cards").as_array().cloned().unwrap_or_default();
    // Highest score first within a period, as a supervisor reads a ranking; unscored last.
    let score_of = |c: &Value| kefu_core::api::Money::parse(&s(c, "/score")).map_or(-1, kefu_core::api::Money::fen);
    cards.sort_by(|a, b| s(a, "/period").cmp(&s(b, "/period")).then(score_of(b).cmp(&score_of(a))));
    for c in &cards {
        let stores: Vec<String> = at(c, "/stores")
            .as_array()
            .into_iter()
            .flatten()
            .map(|st| {
                let name = s(st, "/store");
                if name.is_empty() {
                    "—".to_owned()
                } else {
                    match lang {
                        MessageLang::Zh => format!("{name}（{}%）", s(st, "/weight")),
                        MessageLang::En => format!("{name} ({}%)", s(st, "/weight")),
                    }
                }
            })
            .collect();
        let score = s(c, "/score");
        lines.push([
            s(c, "/period"),
            s(c, "/agent"),
            stores.join(" "),
            s(c, "/weighted"),
            format!("+{} / −{}", s(c, "/compliments"), s(c, "/complaints")),
            if score.is_empty() { t(lang, "无法计分", "not scored").to_owned() } else { score },
            s(c, "/bonus/amount"),
        ]);
    }
    for l in at(result, "/leads").as_array().into_iter().flatten() {
        lines.push([
            s(l, "/period"),
            format!("{}{}", s(l, "/lead"), t(lang, "（组长）", " (lead)")),
            format!("{} {}", t(lang, "团队均分", "team average"), s(l, "/team_average")),
            s(l, "/own"),
            String::new(),
            s(l, "/score"),
            s(l, "/bonus/amount"),
        ]);
    }
    columns(&lines, out)?;
    writeln!(out)?;
    // Each agent's indicators and what is missing, then the notes.
    for c in &cards {
        let stores = at(c, "/stores").as_array().cloned().unwrap_or_default();
        for st in &stores {
            let mut parts: Vec<String> = Vec::new();
            for i in at(st, "/indicators").as_array().into_iter().flatten() {
                let id = s(i, "/indicator");
                let name = names.name("indicator", &id, lang).to_owned();
                // Only what was scored: the missing ones are named in the note below.
                if i.get("score").is_some() {
                    parts.push(format!("{name} {} → {}", s(i, "/value"), s(i, "/score")));
                }
            }
            // An agent on several stores: each store's own line, named.
            let store = if stores.len() > 1 { format!(" [{}]", s(st, "/store")) } else { String::new() };
            writeln!(out, "{} {}{store}: {}", s(c, "/period"), s(c, "/agent"), parts.join(t(lang, "；", "; ")))?;
        }
        for n in at(c, "/notes").as_array().into_iter().flatten() {
            writeln!(out, "  {} {}", s(n, "/rule"), said(at(n, "/text"), lang))?;
        }
        let review = at(c, "/chat_review");
        if !review.is_null() {
            let line = match lang {
                MessageLang::Zh => format!(
                    "  R-QA-2 会话质检 {} 天、{} 轮回复（响应时长按会话计）；问题 {} 处，红线 {} 处",
                    s(review, "/days"),
                    s(review, "/turns"),
                    s(review, "/findings"),
                    s(review, "/red_lines")
                ),
                MessageLang::En => format!(
                    "  R-QA-2 chat review: {} day(s), {} turn(s) (response times from the chats); {} finding(s), {} red line(s)",
                    s(review, "/days"),
                    s(review, "/turns"),
                    s(review, "/findings"),
                    s(review, "/red_lines")
                ),
            };
            writeln!(out, "{line}")?;
        }
    }
    if let Some(n) = at(result, "/unmatched_evaluations").as_u64() {
        writeln!(out, "{}{n}", t(lang, "未对上客服和考核期的评价：", "evaluations matching no agent and period: "))?;
    }
    if let Some(n) = at(result, "/unmatched_qa_days").as_u64() {
        writeln!(
            out,
            "{}{n}",
            t(lang, "未对上客服和考核期的质检天数：", "kefu qa agent days matching no agent and period: ")
        )?;
    }
    for st in at(result, "/staffing").as_array().into_iter().flatten() {
        let store = s(st, "/store");
        writeln!(out, "R-KPI-STAFF {} {}: {}", s(st, "/period"), store, said(at(st, "/text"), lang))?;
    }
    for tb in at(result, "/tables").as_array().into_iter().flatten() {
        let counts = read_line(tb, lang);
        writeln!(out, "{}", crate::answer::printable(&counts))?;
        for r in at(tb, "/rejected").as_array().into_iter().flatten() {
            writeln!(out, "  {} {}: {}", t(lang, "行", "row"), s(r, "/row"), said(at(r, "/why"), lang))?;
        }
        let unread: Vec<String> =
            at(tb, "/unread").as_array().into_iter().flatten().filter_map(|u| u.as_str().map(str::to_owned)).collect();
        if !unread.is_empty() {
            writeln!(out, "  {}{}", t(lang, "未计分的列：", "columns not scored: "), unread.join(t(lang, "、", ", ")))?;
        }
    }
    Ok(())
}

/// A row per agent, store and indicator, for Excel.
pub fn csv(result: &Value, names: &Names, lang: MessageLang, out: &mut dyn Write) -> std::io::Result<()> {
    let header: &[&str] = match lang {
        MessageLang::Zh => {
            &["期间", "客服", "店铺", "店铺权重", "指标", "权重", "数值", "指标得分", "缺项原因", "得分", "奖金"]
        }
        MessageLang::En => &[
            "period",
            "agent",
            "store",
            "store_weight",
            "indicator",
            "weight",
            "value",
            "indicator_score",
            "missing",
            "score",
            "bonus",
        ],
    };
    let mut w = Csv::start(out, header)?;
    for c in at(result, "/cards").as_array().into_iter().flatten() {
        for st in at(c, "/stores").as_array().into_iter().flatten() {
            for i in at(st, "/indicators").as_array().into_iter().flatten() {
                let id = s(i, "/indicator");
                w.row(
                    out,
                    &[
                        s(c, "/period"),
                        s(c, "/agent"),
                        s(st, "/store"),
                        s(st, "/weight"),
                        names.name("indicator", &id, lang).to_owned(),
                        s(i, "/weight"),
                        s(i, "/value"),
                        s(i, "/score"),
                        said(at(i, "/missing"), lang),
                        s(c, "/score"),
                        s(c, "/bonus/amount"),
                    ],
                )?;
            }
        }
    }
    Ok(())
}
