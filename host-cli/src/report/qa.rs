//! What `kefu qa` prints for people: the table (each agent's figures, the red lines, the
//! day's sample, the week's picks), a CSV row per finding, and the HTML page: a card per
//! agent, the red lines, the sample with each chat shown as the conversation it was
//! with every finding marked where it is, and the week's best and worst chats.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use serde_json::Value;

use super::html::{esc, page_with};
use super::names::Names;
use super::out::{columns, Csv};
use super::{s, said, t};
use crate::answer::at;
use crate::cli::MessageLang;
use crate::cmd::qa::Gathered;

fn list(v: &Value, p: &str) -> Vec<Value> {
    at(v, p).as_array().cloned().unwrap_or_default()
}

fn count(v: &Value, p: &str) -> u64 {
    at(v, p).as_object().map_or(0, |m| m.values().filter_map(Value::as_u64).sum())
}

/// Seconds as people read them: `45秒`, `2分05秒`.
fn seconds(text: &str, lang: MessageLang) -> String {
    if text.is_empty() {
        return "—".to_owned();
    }
    let whole: i64 = text.split('.').next().and_then(|w| w.parse().ok()).unwrap_or(0);
    match (lang, whole >= 60) {
        (MessageLang::Zh, true) => format!("{}分{:02}秒", whole / 60, whole % 60),
        (MessageLang::Zh, false) => format!("{whole}秒"),
        (MessageLang::En, true) => format!("{}m{:02}s", whole / 60, whole % 60),
        (MessageLang::En, false) => format!("{whole}s"),
    }
}

fn percent(text: &str) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        format!("{}%", text.trim_end_matches(".00"))
    }
}

/// `HH:MM:SS` of an RFC 3339 time.
fn clock(time: &str) -> &str {
    time.get(11..19).unwrap_or(time)
}

/// A session's red lines, as the table lists them: the day, the agent, the time, the
/// kind, the words and why (kept for every session as it goes by).
pub fn red_lines(session: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for m in at(session, "/messages").as_array().into_iter().flatten() {
        for f in at(m, "/findings").as_array().into_iter().flatten() {
            if !at(f, "/red_line").is_null() {
                out.push(serde_json::json!({
                    "chat": at(session, "/id"), "day": at(session, "/day"), "agent": at(m, "/agent"),
                    "time": at(m, "/time"), "red_line": at(f, "/red_line"), "text": at(f, "/text"),
                    "order": at(session, "/order/id"),
                    "message": at(f, "/message"),
                }));
            }
        }
    }
    out
}

/// The table: per agent, then the red lines, the sample and the week's picks.
pub fn table(
    report: &Value,
    gathered: &Gathered,
    names: &Names,
    lang: MessageLang,
    day: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let header = match lang {
        MessageLang::Zh => ["客服", "会话/消息", "问题", "红线", "首次/平均响应", "3分钟回复率", "慢回复/未回复"],
        MessageLang::En => {
            ["AGENT", "CHATS/MSGS", "FINDINGS", "RED LINES", "FIRST/AVG REPLY", "IN 3 MIN", "SLOW/UNANSWERED"]
        }
    };
    let mut lines: Vec<[String; 7]> = vec![header.map(str::to_owned)];
    for a in list(report, "/agents") {
        lines.push([
            s(&a, "/agent"),
            format!("{}/{}", s(&a, "/chats"), s(&a, "/messages")),
            count(&a, "/findings").to_string(),
            count(&a, "/red_lines").to_string(),
            format!("{}/{}", seconds(&s(&a, "/first_response"), lang), seconds(&s(&a, "/average_response"), lang)),
            percent(&s(&a, "/answered_in_time")),
            format!("{}/{}", s(&a, "/slow"), s(&a, "/unanswered")),
        ]);
    }
    if lines.len() == 1 {
        writeln!(
            out,
            "{}",
            t(lang, "没有读到任何会话：请检查所给的聊天记录文件。", "No chat was read: check the transcripts given.")
        )?;
    } else {
        columns(&lines, out)?;
    }
    // Per agent and day, when there are several days (R-QA-2 counts per day).
    let days = list(report, "/days");
    let distinct: std::collections::BTreeSet<String> = days.iter().map(|d| s(d, "/day")).collect();
    if distinct.len() > 1 {
        writeln!(out, "\n{}", t(lang, "按天：", "Per day:"))?;
        let header = match lang {
            MessageLang::Zh => ["日期", "客服", "会话", "问题/红线", "首次/平均响应", "3分钟回复率", "慢回复/未回复"],
            MessageLang::En => {
                ["DAY", "AGENT", "CHATS", "FINDINGS/RED", "FIRST/AVG REPLY", "IN 3 MIN", "SLOW/UNANSWERED"]
            }
        };
        let mut rows: Vec<[String; 7]> = vec![header.map(str::to_owned)];
        for d in &days {
            rows.push([
                s(d, "/day"),
                s(d, "/agent"),
                s(d, "/chats"),
                format!("{}/{}", count(d, "/findings"), count(d, "/red_lines")),
                format!("{}/{}", seconds(&s(d, "/first_response"), lang), seconds(&s(d, "/average_response"), lang)),
                percent(&s(d, "/answered_in_time")),
                format!("{}/{}", s(d, "/slow"), s(d, "/unanswered")),
            ]);
        }
        columns(&rows, out)?;
    }
    if !gathered.red.is_empty() {
        writeln!(out, "\n{}", t(lang, "红线（先处理）：", "Red lines (first):"))?;
        let all: u64 = list(report, "/agents").iter().map(|a| count(a, "/red_lines")).sum();
        if all > gathered.red.len() as u64 {
            let more = match lang {
                MessageLang::Zh => format!("  （共 {all} 处，列出前 {} 处；全部见 --format csv）", gathered.red.len()),
                MessageLang::En => {
                    format!("  ({all} in all, the first {} listed; every one in --format csv)", gathered.red.len())
                }
            };
            writeln!(out, "{more}")?;
        }
        for r in &gathered.red {
            writeln!(
                out,
                "  [{}] {} {} {} {}{} “{}” — {}",
                names.name("red_line", &s(r, "/red_line"), lang),
                s(r, "/agent"),
                s(r, "/day"),
                clock(&s(r, "/time")),
                s(r, "/chat"),
                match s(r, "/order").as_str() {
                    "" => String::new(),
                    order => format!(" {}{order}", t(lang, "订单", "order ")),
                },
                s(r, "/text"),
                said(at(r, "/message"), lang),
            )?;
        }
    }
    for sample in list(report, "/samples") {
        let d = s(&sample, "/day");
        if day.is_some_and(|want| want != d) {
            continue;
        }
        let picks = list(&sample, "/picks");
        let line = match lang {
            MessageLang::Zh => format!(
                "\n{d} 抽检：{} 个会话中抽 {} 个（目标 {}）",
                s(&sample, "/chats"),
                picks.len(),
                s(&sample, "/target")
            ),
            MessageLang::En => format!(
                "\n{d} sample: {} of {} chats (target {})",
                picks.len(),
                s(&sample, "/chats"),
                s(&sample, "/target")
            ),
        };
        writeln!(out, "{line}")?;
        for (i, p) in picks.iter().enumerate() {
            writeln!(out, "  {:>2}. {}  {}  {}", i + 1, s(p, "/id"), s(p, "/agent"), said(at(p, "/why"), lang))?;
        }
    }
    let weeks = list(report, "/weeks");
    if !weeks.is_empty() {
        writeln!(
            out,
            "\n{}",
            t(lang, "本周最好和最差的会话（周会分享）：", "The week's best and worst chats (for the team meeting):")
        )?;
        for w in weeks {
            let pick = |p: &str, label: &str| -> String {
                let v = at(&w, p);
                if v.is_null() {
                    format!("{label} —")
                } else {
                    match lang {
                        MessageLang::Zh => format!("{label} {}（{}）", s(v, "/id"), said(at(v, "/why"), lang)),
                        MessageLang::En => format!("{label} {} ({})", s(v, "/id"), said(at(v, "/why"), lang)),
                    }
                }
            };
            writeln!(
                out,
                "  {} {}  {}  {}",
                s(&w, "/week"),
                s(&w, "/agent"),
                pick("/best", t(lang, "最好", "best")),
                pick("/worst", t(lang, "最差", "worst"))
            )?;
        }
    }
    if !gathered.rejected.is_empty() {
        writeln!(out, "\n{}", t(lang, "未能读取：", "Could not be read:"))?;
        for r in &gathered.rejected {
            let n = at(r, "/index").as_u64().map_or(0, |i| i + 1);
            writeln!(out, "  {} #{n} {}: {}", s(r, "/chat"), s(r, "/field"), s(r, "/message"))?;
        }
    }
    Ok(())
}

/// The CSV header (a row per finding).
pub fn csv_start(lang: MessageLang, out: &mut dyn Write) -> std::io::Result<Csv> {
    let header: &[&str] = match lang {
        MessageLang::Zh => {
            &["日期", "会话", "客服", "买家", "订单号", "时间", "规则", "红线", "原文", "建议改为", "原因"]
        }
        MessageLang::En => {
            &["day", "chat", "agent", "buyer", "order", "time", "rule", "red_line", "text", "replacement", "why"]
        }
    };
    Csv::start(out, header)
}

/// One session's rows: each message finding, then each slow or unanswered turn.
pub fn csv_rows(
    session: &Value,
    names: &Names,
    lang: MessageLang,
    w: &mut Csv,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let base =
        [s(session, "/day"), s(session, "/id"), s(session, "/agent"), s(session, "/buyer"), s(session, "/order/id")];
    let messages = list(session, "/messages");
    for m in &messages {
        for f in at(m, "/findings").as_array().into_iter().flatten() {
            let red = s(f, "/red_line");
            let mut row = base.to_vec();
            row.extend([
                clock(&s(m, "/time")).to_owned(),
                s(f, "/rule"),
                if red.is_empty() { String::new() } else { names.name("red_line", &red, lang).to_owned() },
                s(f, "/text"),
                s(f, "/replacement"),
                said(at(f, "/message"), lang),
            ]);
            w.row(out, &row)?;
        }
    }
    for turn in list(session, "/turns") {
        let verdict = s(&turn, "/verdict");
        if verdict != "slow" && verdict != "unanswered" {
            continue;
        }
        let from = at(&turn, "/from").as_u64();
        let asked = messages.iter().find(|m| at(m, "/index").as_u64() == from);
        let text = asked.map(|m| s(m, "/content")).unwrap_or_default();
        let detail = match (lang, verdict.as_str()) {
            (MessageLang::Zh, "slow") => format!("{}后才回复", seconds(&s(&turn, "/seconds"), lang)),
            (MessageLang::En, "slow") => format!("answered after {}", seconds(&s(&turn, "/seconds"), lang)),
            (MessageLang::Zh, _) => "买家的消息没有回复".to_owned(),
            (MessageLang::En, _) => "the buyer's message was never answered".to_owned(),
        };
        let why = format!("{}{}{detail}", names.name("verdict", &verdict, lang), t(lang, "：", ": "));
        let mut row = base.to_vec();
        row.extend([
            asked.map(|m| clock(&s(m, "/time")).to_owned()).unwrap_or_default(),
            "R-QA-2".to_owned(),
            String::new(),
            text,
            String::new(),
            why,
        ]);
        w.row(out, &row)?;
    }
    Ok(())
}

const STYLE: &str = r#"
.agents{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px;margin-bottom:20px}
.agent h2{display:flex;justify-content:space-between;align-items:baseline}.agent dl{display:grid;grid-template-columns:auto auto;gap:2px 12px;margin:0}.agent dt{color:var(--mute)}.agent dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
.agent.red{border-top:4px solid var(--accent)}.agent.ok{border-top:4px solid var(--ok)}.agent.warn{border-top:4px solid var(--warn)}
.rules{margin-top:8px;font-size:12px;color:var(--mute)}
.chat{background:var(--card);border-radius:8px;padding:12px 16px;margin-bottom:14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.chat h3{margin:0 0 8px;font-size:14px;display:flex;gap:10px;flex-wrap:wrap;align-items:baseline}.chat h3 .muted{font-weight:400;font-size:12px}
.msg{display:flex;margin:6px 0;align-items:flex-end}.msg>div{max-width:72%}.msg .b{display:inline-block;padding:6px 10px;border-radius:10px;white-space:pre-wrap;word-break:break-word}.msg.agent>div{text-align:right}.msg.agent .b,.msg.agent .why{text-align:left}
.msg.buyer .b{background:#f0f4f8}.msg.system{justify-content:center}.msg.system .b{background:#fffbea;font-size:12px;color:var(--mute)}.msg.agent{justify-content:flex-end}.msg.agent .b{background:#e3f0fb}
.msg .t{font-size:11px;color:var(--mute);margin:0 6px;white-space:nowrap}.msg.agent .t{order:-1}
mark{background:#ffe3a3;border-bottom:2px solid var(--warn);padding:0 1px}mark.red{background:#ffd6d6;border-bottom:2px solid var(--accent)}
.why{font-size:12px;margin:2px 0 0;color:var(--ink)}.why b{color:var(--accent)}.why i{color:var(--mute);font-style:normal}
.pill{display:inline-block;padding:0 6px;border-radius:3px;font-size:11px;color:#fff;background:#52606d;margin-left:4px}.pill.red{background:var(--accent)}.pill.slow{background:#de911d}.pill.unanswered{background:var(--accent)}.pill.auto{background:#9aa5b1}
.picks td{vertical-align:middle}a{color:var(--blue)}
"#;

/// The HTML page.
pub fn page(report: &Value, gathered: &Gathered, names: &Names, lang: MessageLang, day: Option<&str>) -> String {
    let sessions: BTreeMap<String, &Value> = gathered.sessions.iter().map(|v| (s(v, "/id"), v)).collect();
    let mut body = String::new();
    let agents = list(report, "/agents");
    let total_chats: u64 = agents.iter().filter_map(|a| at(a, "/chats").as_u64()).sum();
    let total_msgs: u64 = agents.iter().filter_map(|a| at(a, "/messages").as_u64()).sum();
    let total_findings: u64 = agents.iter().map(|a| count(a, "/findings")).sum();
    let total_red: u64 = agents.iter().map(|a| count(a, "/red_lines")).sum();
    let unanswered: u64 = agents.iter().filter_map(|a| at(a, "/unanswered").as_u64()).sum();
    let _ = write!(
        body,
        r#"<div class="kpis"><div class="kpi"><b id="k-chats">{total_chats}</b><span>{}</span></div><div class="kpi"><b>{total_msgs}</b><span>{}</span></div><div class="kpi {}"><b id="k-red">{total_red}</b><span>{}</span></div><div class="kpi {}"><b id="k-findings">{total_findings}</b><span>{}</span></div><div class="kpi {}"><b>{unanswered}</b><span>{}</span></div></div>"#,
        t(lang, "会话", "chats"),
        t(lang, "消息", "messages"),
        if total_red > 0 { "bad" } else { "good" },
        t(lang, "红线", "red lines"),
        if total_findings > 0 { "warn" } else { "good" },
        t(lang, "问题（用语与响应）", "findings (wording and response)"),
        if unanswered > 0 { "bad" } else { "good" },
        t(lang, "未回复的买家消息", "buyer messages never answered"),
    );
    if !gathered.rejected.is_empty() {
        let _ = write!(
            body,
            r#"<div class="notice">{} {}</div>"#,
            gathered.rejected.len(),
            esc(t(
                lang,
                "条记录未能读取，详见 --format table 末尾",
                "records could not be read; see the end of --format table"
            ))
        );
    }
    // A card per agent.
    body.push_str(r#"<div class="agents">"#);
    for a in &agents {
        let red = count(a, "/red_lines");
        let found = count(a, "/findings");
        let class = if red > 0 {
            "red"
        } else if found > 0 {
            "warn"
        } else {
            "ok"
        };
        let mut rules: Vec<String> = at(a, "/findings")
            .as_object()
            .into_iter()
            .flatten()
            .map(|(rule, n)| format!("{} {}", esc(rule), n))
            .collect();
        rules.extend(at(a, "/red_lines").as_object().into_iter().flatten().map(|(k, n)| {
            format!("<b style=\"color:var(--accent)\">{} {}</b>", esc(names.name("red_line", k, lang)), n)
        }));
        let _ = write!(
            body,
            r#"<div class="card agent {class}" data-agent="{}"><h2><span translate="no">{}</span><span class="muted">{} {} · {} {}</span></h2><dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{} / {}</dd><dt>{}</dt><dd>{} / {}</dd></dl><div class="rules">{}</div></div>"#,
            esc(&s(a, "/agent")),
            esc(&s(a, "/agent")),
            s(a, "/chats"),
            t(lang, "个会话", "chats"),
            s(a, "/agent_messages"),
            t(lang, "条回复", "replies"),
            t(lang, "红线", "Red lines"),
            red,
            t(lang, "问题", "Findings"),
            found,
            t(lang, "首次响应（平均）", "First reply (mean)"),
            seconds(&s(a, "/first_response"), lang),
            t(lang, "平均响应", "Average reply"),
            seconds(&s(a, "/average_response"), lang),
            t(lang, "3分钟回复率", "Answered within 3 min"),
            percent(&s(a, "/answered_in_time")),
            t(lang, "慢回复 / 未回复", "Slow / unanswered"),
            s(a, "/slow"),
            s(a, "/unanswered"),
            t(lang, "满意评价 / 评价", "Satisfied / evaluations"),
            s(a, "/satisfied"),
            s(a, "/evaluations"),
            if rules.is_empty() { esc(t(lang, "没有发现问题", "nothing found")) } else { rules.join(" · ") },
        );
    }
    body.push_str("</div>");
    // The week's picks.
    let weeks = list(report, "/weeks");
    if !weeks.is_empty() {
        let _ = write!(
            body,
            r#"<div class="card" style="margin-bottom:20px"><h2>{}</h2><table class="picks"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            esc(t(
                lang,
                "本周最好和最差的会话（周会分享，R-QA-4）",
                "The week's best and worst chats (team meeting, R-QA-4)"
            )),
            t(lang, "周", "Week"),
            t(lang, "客服", "Agent"),
            t(lang, "最好", "Best"),
            t(lang, "最差", "Worst"),
        );
        for w in &weeks {
            let cell = |p: &str| -> String {
                let v = at(w, p);
                if v.is_null() {
                    return "—".to_owned();
                }
                format!(
                    r##"<a href="#c-{}" translate="no">{}</a><div class="why">{}</div>"##,
                    anchor(&s(v, "/id")),
                    esc(&s(v, "/id")),
                    esc(&said(at(v, "/why"), lang))
                )
            };
            let _ = write!(
                body,
                "<tr><td class=\"mono\" translate=\"no\">{}</td><td translate=\"no\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&s(w, "/week")),
                esc(&s(w, "/agent")),
                cell("/best"),
                cell("/worst")
            );
        }
        body.push_str("</tbody></table></div>");
    }
    // The sample, each chat as the conversation it was.
    let mut shown = std::collections::BTreeSet::new();
    for sample in list(report, "/samples") {
        let d = s(&sample, "/day");
        if day.is_some_and(|want| want != d) {
            continue;
        }
        let picks = list(&sample, "/picks");
        let _ = write!(
            body,
            "<h2>{}</h2>",
            esc(&match lang {
                MessageLang::Zh =>
                    format!("{d} 抽检：{} 个会话中的 {} 个（R-QA-3，红线在前）", s(&sample, "/chats"), picks.len()),
                MessageLang::En =>
                    format!("{d} sample: {} of {} chats (R-QA-3, red lines first)", picks.len(), s(&sample, "/chats")),
            })
        );
        for p in &picks {
            if let Some(session) = sessions.get(&s(p, "/id")) {
                shown.insert(s(p, "/id"));
                conversation(session, Some(p), names, lang, &mut body);
            }
        }
    }
    // Weekly picks not in the sample, so each link lands.
    let extra: Vec<String> = weeks
        .iter()
        .flat_map(|w| [s(w, "/best/id"), s(w, "/worst/id")])
        .filter(|id| !id.is_empty() && !shown.contains(id))
        .collect();
    if !extra.is_empty() {
        let _ = write!(body, "<h2>{}</h2>", esc(t(lang, "周会会话（不在抽检中）", "Meeting chats not in the sample")));
        for id in extra {
            if shown.insert(id.clone()) {
                if let Some(session) = sessions.get(&id) {
                    conversation(session, None, names, lang, &mut body);
                }
            }
        }
    }
    let days: Vec<String> = list(report, "/samples").iter().map(|x| s(x, "/day")).collect();
    let subtitle = match (days.first(), days.last()) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) => a.clone(),
        _ => String::new(),
    };
    page_with(lang, t(lang, "会话质检", "Chat review"), &subtitle, &body, STYLE)
}

/// An id made safe for an element id.
fn anchor(id: &str) -> String {
    id.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// One chat, message by message, findings marked where they are.
fn conversation(session: &Value, pick: Option<&Value>, names: &Names, lang: MessageLang, body: &mut String) {
    let id = s(session, "/id");
    let order = s(session, "/order/id");
    let order_text = if order.is_empty() {
        said(at(session, "/order/note"), lang)
    } else {
        format!("{} {order}", t(lang, "订单", "order"))
    };
    let reason = pick.map_or(String::new(), |p| {
        let class = if s(p, "/reason") == "red_line" { "pill red" } else { "pill" };
        format!(r#"<span class="{class}">{}</span>"#, esc(&said(at(p, "/why"), lang)))
    });
    let _ = write!(
        body,
        r#"<div class="chat" id="c-{}"><h3><span translate="no">{}</span><span translate="no">{} ↔ {}</span>{reason}<span class="muted">{} · {}</span></h3>"#,
        anchor(&id),
        esc(&id),
        esc(&s(session, "/agent")),
        esc(&s(session, "/buyer")),
        esc(&s(session, "/day")),
        esc(&order_text),
    );
    // What each buyer message's turn came to, and each reply's time.
    let mut asked: BTreeMap<u64, String> = BTreeMap::new();
    let mut answered: BTreeMap<u64, String> = BTreeMap::new();
    for turn in list(session, "/turns") {
        let verdict = s(&turn, "/verdict");
        if let Some(from) = at(&turn, "/from").as_u64() {
            if verdict == "unanswered" {
                asked.insert(
                    from,
                    format!(r#"<span class="pill unanswered">{}</span>"#, esc(names.name("verdict", &verdict, lang))),
                );
            }
        }
        if let Some(reply) = at(&turn, "/reply").as_u64() {
            let class = if verdict == "slow" { "pill slow" } else { "pill" };
            answered.insert(
                reply,
                format!(r#"<span class="{class}">{}</span>"#, esc(&seconds(&s(&turn, "/seconds"), lang))),
            );
        }
    }
    for m in list(session, "/messages") {
        let from = s(&m, "/from");
        let index = at(&m, "/index").as_u64().unwrap_or(u64::MAX);
        let findings = list(&m, "/findings");
        let content = s(&m, "/content");
        let text = if content.is_empty() {
            format!("<i class=\"muted\">{}</i>", t(lang, "（卡片或未保留的内容）", "(a card, or text not kept)"))
        } else {
            marked(&content, &findings)
        };
        let mut pills = String::new();
        if at(&m, "/auto").as_bool() == Some(true) {
            let _ = write!(pills, r#"<span class="pill auto">{}</span>"#, t(lang, "自动回复", "auto-reply"));
        }
        pills.push_str(asked.get(&index).map_or("", String::as_str));
        pills.push_str(answered.get(&index).map_or("", String::as_str));
        let who = match from.as_str() {
            "agent" => s(&m, "/agent"),
            "system" => t(lang, "系统", "system").to_owned(),
            _ => s(session, "/buyer"),
        };
        let _ = write!(
            body,
            r#"<div class="msg {from}"><div><div class="b" translate="no">{text}</div>"#,
            from = match from.as_str() {
                "agent" => "agent",
                "system" => "system",
                _ => "buyer",
            }
        );
        for f in &findings {
            let red = s(f, "/red_line");
            let head = if red.is_empty() {
                esc(&s(f, "/rule"))
            } else {
                format!("<b>{}</b> {}", esc(names.name("red_line", &red, lang)), esc(&s(f, "/rule")))
            };
            let replacement = s(f, "/replacement");
            let instead =
                if replacement.is_empty() { t(lang, "删去这句", "drop it").to_owned() } else { replacement };
            let _ = write!(
                body,
                r#"<div class="why">{head}{} {} <i translate="no">→ {}</i></div>"#,
                t(lang, "：", ": "),
                esc(&said(at(f, "/message"), lang)),
                esc(&instead),
            );
        }
        let _ = write!(
            body,
            r#"</div><span class="t"><span translate="no">{}</span> {}{pills}</span></div>"#,
            esc(&who),
            esc(clock(&s(&m, "/time")))
        );
    }
    body.push_str("</div>");
}

/// The message's text with each finding's span marked (character offsets).
fn marked(content: &str, findings: &[Value]) -> String {
    let chars: Vec<char> = content.chars().collect();
    let mut spans: Vec<(usize, usize, bool)> = findings
        .iter()
        .filter_map(|f| {
            let (a, b) = (at(f, "/start").as_u64()? as usize, at(f, "/end").as_u64()? as usize);
            Some((a, b.min(chars.len()), !at(f, "/red_line").is_null()))
        })
        .collect();
    spans.sort();
    let mut out = String::new();
    let mut at_char = 0;
    for (a, b, red) in spans {
        if a < at_char || a >= b {
            continue;
        }
        out.push_str(&esc(&chars.get(at_char..a).unwrap_or_default().iter().collect::<String>()));
        let _ = write!(
            out,
            r#"<mark{}>{}</mark>"#,
            if red { r#" class="red""# } else { "" },
            esc(&chars.get(a..b).unwrap_or_default().iter().collect::<String>())
        );
        at_char = b;
    }
    out.push_str(&esc(&chars.get(at_char..).unwrap_or_default().iter().collect::<String>()));
    out
}

/// The CSV's last rows: what could not be read, each with where and why, so that the
/// file accounts for every message.
pub fn csv_rejected(rejected: &[Value], lang: MessageLang, w: &mut Csv, out: &mut dyn Write) -> std::io::Result<()> {
    for r in rejected {
        let place = format!("{} #{}", s(r, "/chat"), at(r, "/index").as_u64().map_or(0, |i| i + 1));
        let row = [
            String::new(),
            place,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            t(lang, "未能读取", "unreadable").to_owned(),
            String::new(),
            s(r, "/field"),
            String::new(),
            s(r, "/message"),
        ];
        w.row(out, &row)?;
    }
    Ok(())
}
