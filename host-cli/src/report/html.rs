//! The HTML report a supervisor opens: one self-contained page (inline CSS, SVG and a
//! few lines of JS; nothing fetched), written from the same summary the JSON gives, so
//! every count on the page is the summary's. Rows beyond [`MAX_ROWS`] are counted, not
//! shown: the CSV has them all.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use serde_json::Value;

use super::names::Names;
use crate::answer::at;
use crate::cli::MessageLang;
use crate::source::Place;

/// Rows the page's table shows at most.
pub const MAX_ROWS: usize = 5000;

/// One finding as the table shows it.
#[derive(Debug)]
struct FindingRow {
    /// The file's name and line; the whole path is its hover text.
    place: String,
    path: String,
    order: String,
    severity: String,
    check: String,
    zh: String,
    en: String,
    flag: String,
    paste: String,
    agent: String,
}

/// Rejected records as the report lists them: where, code, why (with the column).
#[derive(Debug, Default)]
struct Rejected(Vec<(String, String, String)>);

impl Rejected {
    fn push(&mut self, place: &Place, error: &Value) {
        if self.0.len() >= MAX_ROWS {
            return;
        }
        let s = |p: &str| at(error, p).as_str().unwrap_or_default().to_owned();
        let column = s("/path");
        let message = if column.is_empty() { s("/message") } else { format!("[{column}] {}", s("/message")) };
        self.0.push((format!("{}:{}", place.source, place.line), s("/code"), message));
    }

    fn render(&self, total: usize, lang: MessageLang, body: &mut String) {
        if self.0.is_empty() {
            return;
        }
        let _ = write!(
            body,
            r#"<section class="card" style="margin-top:16px"><h2>{} ({})</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            t(lang, "无法读取的记录", "Rejected records"),
            total,
            t(lang, "位置", "where"),
            t(lang, "错误码", "code"),
            t(lang, "原因", "why"),
        );
        for (place, code, message) in &self.0 {
            let _ = write!(
                body,
                r#"<tr><td class="mono">{}</td><td class="mono">{}</td><td>{}</td></tr>"#,
                esc(place),
                esc(code),
                esc(message)
            );
        }
        body.push_str("</tbody></table></section>");
    }
}

/// What the lint report collects while the run goes.
#[derive(Debug, Default)]
pub struct LintReport {
    rows: Vec<FindingRow>,
    rejected: Rejected,
    rejected_total: usize,
}

impl LintReport {
    /// One finding.
    pub fn finding(&mut self, place: &Place, order: &str, result: &Value, f: &Value) {
        if self.rows.len() >= MAX_ROWS {
            return;
        }
        let s = |v: &Value, p: &str| at(v, p).as_str().unwrap_or_default().to_owned();
        self.rows.push(FindingRow {
            place: short_place(place),
            path: format!("{}:{}", place.source, place.line),
            order: order.to_owned(),
            severity: s(f, "/severity"),
            check: s(f, "/check"),
            zh: s(f, "/message/zh"),
            en: s(f, "/message/en"),
            flag: s(f, "/fix/flag"),
            paste: s(f, "/fix/entry/paste"),
            agent: at(result, "/agent").as_str().unwrap_or(UNSIGNED).to_owned(),
        });
    }

    /// The rows as the table lists them: errors first, then warnings, then the rest,
    /// each group in input order (the sort is stable, and rows came in input order).
    fn sorted(&self) -> Vec<&FindingRow> {
        let mut rows: Vec<&FindingRow> = self.rows.iter().collect();
        rows.sort_by_key(|r| severity_rank(&r.severity));
        rows
    }

    /// One rejected record.
    pub fn rejected(&mut self, place: &Place, error: &Value) {
        self.rejected_total += 1;
        self.rejected.push(place, error);
    }
}

/// The summary's key for findings on an order nobody signed (`by_agent`), shown as
/// "未署名" / "unsigned".
pub const UNSIGNED: &str = "-";

/// Where the table sorts a severity: errors, warnings, then anything else.
pub fn severity_rank(severity: &str) -> u8 {
    match severity {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

/// A record's place as a table shows it: the file's name and the line (the whole path
/// would fill the column; it is the cell's hover text).
fn short_place(place: &Place) -> String {
    let name = std::path::Path::new(&place.source)
        .file_name()
        .map_or_else(|| place.source.clone(), |n| n.to_string_lossy().into_owned());
    format!("{name}:{}", place.line)
}

/// An agent as a report shows one: the signature, or "unsigned".
pub fn agent_label(agent: &str, lang: MessageLang) -> String {
    if agent == UNSIGNED || agent.is_empty() {
        t(lang, "未署名", "unsigned").to_owned()
    } else {
        agent.to_owned()
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if kefu_core::api::acts_invisibly(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

fn t(lang: MessageLang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        MessageLang::Zh => zh,
        MessageLang::En => en,
    }
}

const STYLE: &str = r#"
:root{--ink:#1f2933;--mute:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#d64545;--warn:#f0b429;--ok:#3ebd93;--blue:#2680c2}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
header{background:#243b53;color:#fff;padding:20px 32px}.when{font-size:15px;margin:0 0 14px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#bcccdc}
main{padding:24px 32px;max-width:1400px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:20px}
.kpi{background:var(--card);border-radius:8px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.kpi b{display:block;font-size:26px}.kpi span{color:var(--mute)}
.kpi.bad b{color:var(--accent)}.kpi.good b{color:var(--ok)}.kpi.warn b{color:#de911d}
.notice{background:#fffbea;border-left:4px solid var(--warn);padding:10px 14px;margin-bottom:20px;border-radius:4px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px;margin-bottom:20px}
.card{background:var(--card);border-radius:8px;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card h2{margin:0 0 10px;font-size:15px}
.bar-label{font-size:12px;fill:var(--ink)}.bar-value{font-size:12px;fill:var(--mute)}
.tools{display:flex;gap:8px;margin:0 0 10px;flex-wrap:wrap}
.tools input,.tools select{padding:6px 8px;border:1px solid var(--line);border-radius:4px;font:inherit}
table{width:100%;border-collapse:collapse;background:var(--card)}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#f0f4f8;position:sticky;top:0}
td.mono{font-family:ui-monospace,Menlo,monospace;font-size:12px;white-space:nowrap}code{font-family:ui-monospace,Menlo,monospace;font-size:12px}
.sev{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;color:#fff;white-space:nowrap}.nw{white-space:nowrap}
.sev-error{background:var(--accent)}.sev-warning{background:var(--warn)}.sev-info{background:var(--blue)}.sev-rejected{background:#52606d}
.flag{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
.flag-red{background:#e12d39}.flag-yellow{background:#f7c948}.flag-green{background:#3ebd93}.flag-blue{background:#2680c2}.flag-purple{background:#9446ed}.flag-none{background:#cbd2d9}
.paste{font-size:12px;color:var(--mute)}
.muted{color:var(--mute)}footer{padding:16px 32px;color:var(--mute);font-size:12px}
"#;

const SCRIPT: &str = r#"
(function(){
  var q=document.getElementById('q'),sel=document.querySelectorAll('select[data-col]');
  var rows=[].slice.call(document.querySelectorAll('#rows tbody tr'));
  var shown=document.getElementById('shown');
  function apply(){
    var text=(q.value||'').toLowerCase(),n=0;
    rows.forEach(function(r){
      var ok=!text||r.textContent.toLowerCase().indexOf(text)>=0;
      sel.forEach(function(s){ var v=' '+(r.getAttribute('data-'+s.getAttribute('data-col'))||'')+' '; if(s.value&&v.indexOf(' '+s.value+' ')<0) ok=false; });
      r.style.display=ok?'':'none'; if(ok) n++;
    });
    shown.textContent=n;
  }
  q.addEventListener('input',apply); sel.forEach(function(s){s.addEventListener('change',apply);});
  apply();
})();
"#;

/// Horizontal bars, one per key, largest first, each labelled by `label` (a name for
/// people; the key stays in the value's element id, `{id}-{key}`).
fn bars(title: &str, id: &str, data: &BTreeMap<String, usize>, colour: &str, label: &dyn Fn(&str) -> String) -> String {
    let mut items: Vec<(&String, &usize)> = data.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    items.truncate(20);
    let max = items.iter().map(|(_, v)| **v).max().unwrap_or(0).max(1);
    let (row, label_w, bar_w) = (24usize, 190usize, 240usize);
    let height = (items.len() * row).max(row);
    let mut svg = format!(
        r#"<div class="card"><h2>{}</h2><svg width="100%" height="{height}" viewBox="0 0 {} {height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="{}">"#,
        esc(title),
        label_w + bar_w + 60,
        esc(title)
    );
    if items.is_empty() {
        let _ = write!(svg, r#"<text class="bar-value" x="0" y="16">—</text>"#);
    }
    for (i, (key, value)) in items.iter().enumerate() {
        let y = i * row;
        let w = (**value * bar_w).div_ceil(max).max(2);
        let _ = write!(
            svg,
            r#"<text class="bar-label" x="{}" y="{}" text-anchor="end">{}</text><rect x="{label_w}" y="{}" width="{w}" height="{}" rx="3" fill="{colour}"/><text class="bar-value" x="{}" y="{}" id="{id}-{}">{value}</text>"#,
            label_w - 8,
            y + 16,
            esc(&truncate(&label(key), 16)),
            y + 4,
            row - 8,
            label_w + w + 6,
            y + 16,
            esc(key),
        );
    }
    svg.push_str("</svg></div>");
    svg
}

fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    text.chars().take(chars - 1).chain(['…']).collect()
}

fn kpi(key: &str, label: &str, value: usize, class: &str) -> String {
    format!(r#"<div class="kpi {class}"><b id="k-{key}">{value}</b><span>{}</span></div>"#, esc(label))
}

fn page(lang: MessageLang, title: &str, subtitle: &str, body: &str) -> String {
    page_with(lang, title, subtitle, body, "")
}

/// A report page with a report's own style rules after the shared ones.
pub fn page_with(lang: MessageLang, title: &str, subtitle: &str, body: &str, style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
<title>{}</title><style>{STYLE}{style}</style></head><body><header><h1>{}</h1><p>{}</p></header><main>{body}</main>\
<footer>kefu {} · {}</footer><script>{SCRIPT}</script></body></html>\n",
        t(lang, "zh-CN", "en"),
        esc(title),
        esc(title),
        esc(subtitle),
        env!("CARGO_PKG_VERSION"),
        t(
            lang,
            "本页自包含，不联网；完整明细请用 <code translate=\"no\">--format csv</code>",
            "self-contained, no network; for every row use <code translate=\"no\">--format csv</code>"
        ),
    )
}

/// A filter over one column: the rows' `data-{col}` hold ids, the options show names.
fn select(col: &str, label: &str, values: &BTreeMap<String, usize>, name: &dyn Fn(&str) -> String) -> String {
    let mut s =
        format!(r#"<select data-col="{col}" aria-label="{}"><option value="">{}</option>"#, esc(label), esc(label));
    for key in values.keys() {
        let _ = write!(s, r#"<option value="{}">{}</option>"#, esc(key), esc(&name(key)));
    }
    s.push_str("</select>");
    s
}

/// Writes the lint report.
pub fn write_lint(
    report: &LintReport,
    summary: &crate::run::summary::LintSummary,
    names: &Names,
    lang: MessageLang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut body = String::new();
    lint_kpis(summary, lang, &mut body);
    if let Some(input) = &summary.input {
        input_line(input, lang, &mut body);
    }
    body.push_str(&not_checked_notice(&summary.not_checked, names, lang, ("检查", "checks")));
    body.push_str(r#"<section class="charts">"#);
    let check = |id: &str| names.name("check", id, lang).to_owned();
    body.push_str(&bars(t(lang, "按检查项", "By check"), "check", &summary.by_check, "#d64545", &check));
    let agent = |a: &str| agent_label(a, lang);
    body.push_str(&bars(
        t(lang, "按客服（最后签名）", "By agent (last signature)"),
        "agent",
        &summary.by_agent,
        "#2680c2",
        &agent,
    ));
    body.push_str(&bars(t(lang, "按下单日期", "By day"), "day", &summary.by_day, "#9446ed", &|d: &str| {
        d.to_owned()
    }));
    body.push_str("</section>");
    findings_table(report, summary, names, lang, &mut body);
    report.rejected.render(report.rejected_total, lang, &mut body);
    let title = t(lang, "kefu 备注与旗帜质检报告", "kefu remark & flag QA report");
    let subtitle = t(
        lang,
        "R-REMARK-6：旗帜与订单状态、备注签名、修改与取消记录",
        "R-REMARK-6: flags vs status, signed remarks, recorded changes",
    );
    out.write_all(page(lang, title, subtitle, &body).as_bytes())
}

/// The lint report's counts, one card each. "Clean" counts only orders every check
/// ran on: an order whose input lacked a fact a check needs is counted apart, since
/// nothing says it would have passed.
fn lint_kpis(summary: &crate::run::summary::LintSummary, lang: MessageLang, body: &mut String) {
    body.push_str(r#"<section class="kpis">"#);
    body.push_str(&kpi("read", t(lang, "读取订单", "records read"), summary.read, ""));
    body.push_str(&kpi("linted", t(lang, "已质检", "linted"), summary.linted, ""));
    body.push_str(&kpi(
        "findings",
        t(lang, "问题", "findings"),
        summary.findings,
        if summary.findings > 0 { "bad" } else { "good" },
    ));
    body.push_str(&kpi(
        "orders_with_findings",
        t(lang, "有问题的订单", "orders with findings"),
        summary.orders_with_findings,
        "bad",
    ));
    body.push_str(&kpi("clean", t(lang, "合规订单", "clean orders"), summary.clean, "good"));
    body.push_str(&kpi(
        "not_all_checked",
        t(lang, "未全部检查", "not all checked"),
        summary.not_all_checked,
        if summary.not_all_checked > 0 { "warn" } else { "" },
    ));
    body.push_str(&kpi(
        "rejected",
        t(lang, "无法读取", "rejected"),
        summary.rejected,
        if summary.rejected > 0 { "bad" } else { "" },
    ));
    body.push_str("</section>");
}

/// How the input was read: the time zone, the mapping, the item report.
fn input_line(input: &crate::run::stream::InputNote, lang: MessageLang, body: &mut String) {
    let _ = write!(
        body,
        r#"<p class="muted">{} <span translate="no">{}</span> · {} <code translate="no">{}</code>{}</p>"#,
        t(lang, "导出时间按时区", "export times read at"),
        esc(&input.time_zone),
        t(lang, "字段映射", "mapping"),
        esc(&input.mapping),
        input
            .items
            .as_ref()
            .map(|i| format!(r#" · {} <code translate="no">{}</code>"#, t(lang, "宝贝报表", "item report"), esc(i)))
            .unwrap_or_default(),
    );
}

/// The findings' table, with its search box and filters; errors first.
fn findings_table(
    report: &LintReport,
    summary: &crate::run::summary::LintSummary,
    names: &Names,
    lang: MessageLang,
    body: &mut String,
) {
    body.push_str(r#"<section class="card">"#);
    let severity = |id: &str| names.name("severity", id, lang).to_owned();
    let check = |id: &str| names.name("check", id, lang).to_owned();
    let agent = |a: &str| agent_label(a, lang);
    let _ = write!(
        body,
        r#"<h2>{} (<span id="shown">{}</span> / {})</h2><div class="tools"><input id="q" type="search" placeholder="{}">{}{}{}</div>"#,
        t(lang, "问题明细（错误在前）", "Findings (errors first)"),
        report.rows.len(),
        summary.findings,
        t(lang, "搜索订单号、客服、说明…", "search order, agent, message…"),
        select("severity", t(lang, "全部级别", "all severities"), &severities(report), &severity),
        select("check", t(lang, "全部检查项", "all checks"), &summary.by_check, &check),
        select("agent", t(lang, "全部客服", "all agents"), &summary.by_agent, &agent),
    );
    if summary.findings > report.rows.len() {
        let _ = write!(
            body,
            r#"<p class="notice">{} {} / {}</p>"#,
            t(lang, "表格只列出前", "the table shows the first"),
            report.rows.len(),
            summary.findings
        );
    }
    let _ = write!(
        body,
        r#"<table id="rows"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        t(lang, "位置", "where"),
        t(lang, "订单号", "order"),
        t(lang, "级别", "severity"),
        t(lang, "检查项", "check"),
        t(lang, "客服", "agent"),
        t(lang, "说明", "message"),
        t(lang, "修正（旗帜 + 备注）", "fix (flag + entry)"),
    );
    for r in report.sorted() {
        finding_row(r, names, lang, body);
    }
    body.push_str("</tbody></table></section>");
}

/// One row of [`findings_table`]: names shown, ids in `data-` and `title` attributes.
/// Data written by people (order ids, places, signatures, the entry to paste, which
/// is the remark's own Chinese in either report) is marked `translate="no"`.
fn finding_row(r: &FindingRow, names: &Names, lang: MessageLang, body: &mut String) {
    let message = match lang {
        MessageLang::Zh => &r.zh,
        MessageLang::En => &r.en,
    };
    let flag = if r.flag.is_empty() {
        t(lang, "旗帜不变", "flag unchanged").to_owned()
    } else {
        names.name("flag", &r.flag, lang).to_owned()
    };
    let _ = write!(
        body,
        r#"<tr data-severity="{sev}" data-check="{check}" data-agent="{agent}"><td class="mono" title="{}" translate="no">{}</td><td class="mono" translate="no">{}</td><td><span class="sev sev-{sev}" title="{sev}">{}</span></td><td title="{check}">{}</td><td translate="{}">{}</td><td>{}</td><td><span class="flag flag-{}" title="{}"></span>{}<div class="paste" translate="no">{}</div></td></tr>"#,
        esc(&r.path),
        esc(&r.place),
        esc(&r.order),
        esc(names.name("severity", &r.severity, lang)),
        esc(names.name("check", &r.check, lang)),
        if r.agent == UNSIGNED { "yes" } else { "no" },
        esc(&agent_label(&r.agent, lang)),
        esc(message),
        esc(if r.flag.is_empty() { "none" } else { &r.flag }),
        esc(&r.flag),
        esc(&flag),
        esc(&r.paste),
        sev = esc(&r.severity),
        check = esc(&r.check),
        agent = esc(&r.agent),
    );
}

fn severities(report: &LintReport) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in &report.rows {
        *m.entry(r.severity.clone()).or_default() += 1;
    }
    m
}

/// One decision as the queue table shows it.
#[derive(Debug)]
struct DecisionRow {
    place: String,
    order: String,
    outcome: String,
    flag: String,
    level: String,
    responsibility: String,
    rules: String,
    zh: String,
    en: String,
    /// R-PROACTIVE-6's tier, 1 (leadership, merchant at fault) to 8 (no level, not), as
    /// the core's scan answer gives it: queued orders only.
    tier: Option<u8>,
    merchant: bool,
}

/// What the decide and scan reports collect (in output order: the queue's order).
#[derive(Debug, Default)]
pub struct DecisionReport {
    rows: Vec<DecisionRow>,
    total: usize,
    rejected: Rejected,
    rejected_total: usize,
}

impl DecisionReport {
    /// One decision; a queued one with its tier.
    pub fn decision(&mut self, place: &Place, raw: &str, tier: Option<u8>) {
        self.total += 1;
        if self.rows.len() >= MAX_ROWS {
            return;
        }
        let d: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
        let s = |p: &str| at(&d, p).as_str().unwrap_or_default().to_owned();
        let mut rules: Vec<String> = Vec::new();
        for step in at(&d, "/trace").as_array().into_iter().flatten() {
            if let Some(r) = step.get("rule").and_then(Value::as_str) {
                if !rules.iter().any(|x| x == r) {
                    rules.push(r.to_owned());
                }
            }
        }
        let level = s("/escalation/level");
        let merchant = s("/responsibility") == "merchant";
        self.rows.push(DecisionRow {
            place: format!("{}:{}", place.source, place.line),
            order: s("/order_id"),
            outcome: s("/outcome"),
            flag: s("/flag/flag"),
            responsibility: s("/responsibility"),
            level,
            rules: rules.join(" "),
            zh: s("/reply/zh"),
            en: s("/reply/en"),
            tier,
            merchant,
        });
    }

    /// One rejected record.
    pub fn rejected(&mut self, place: &Place, error: &Value) {
        self.rejected_total += 1;
        self.rejected.push(place, error);
    }
}

/// The decisions' table; for the contact queue (`queue`), with R-PROACTIVE-6's tier of
/// each row as the core's scan gave it (a decision outside a queue has no tier).
fn decision_table(report: &DecisionReport, names: &Names, lang: MessageLang, queue: bool, body: &mut String) {
    let count = |key: fn(&DecisionRow) -> Option<String>| -> BTreeMap<String, usize> {
        report.rows.iter().filter_map(key).fold(BTreeMap::new(), |mut m, k| {
            *m.entry(k).or_default() += 1;
            m
        })
    };
    let tier_filter = if queue {
        select("tier", t(lang, "全部梯队", "all tiers"), &count(|r| r.tier.map(|t| t.to_string())), &|t: &str| {
            t.to_owned()
        })
    } else {
        String::new()
    };
    let level = |id: &str| names.name("level", id, lang).to_owned();
    let _ = write!(
        body,
        r#"<section class="card"><h2>{} (<span id="shown">{}</span> / {})</h2>{}<div class="tools"><input id="q" type="search" placeholder="{}">{}{}</div>"#,
        if queue {
            t(lang, "联系队列（R-PROACTIVE-6 顺序）", "Contact queue (R-PROACTIVE-6 order)")
        } else {
            t(lang, "决定", "Decisions")
        },
        report.rows.len(),
        report.total,
        if queue {
            format!(
                r#"<p class="muted">{}</p>"#,
                t(
                    lang,
                    "梯队 1–8：升级级别高的先联系；同一级别里商家责任的先联系；再按距承诺发货时间的早晚、订单金额排列。",
                    "Tiers 1–8: higher escalation levels first; within a level, merchant-fault cases first; then by time left to ship and by order value.",
                )
            )
        } else {
            String::new()
        },
        t(lang, "搜索订单号、规则、回复…", "search order, rule, reply…"),
        tier_filter,
        select("level", t(lang, "全部升级级别", "all levels"), &count(|r| Some(r.level.clone())), &level),
    );
    if report.total > report.rows.len() {
        let _ = write!(
            body,
            r#"<p class="notice">{} {} / {}</p>"#,
            t(lang, "表格只列出前", "the table shows the first"),
            report.rows.len(),
            report.total
        );
    }
    let tier_head = if queue { format!("<th>{}</th>", t(lang, "梯队", "tier")) } else { String::new() };
    let _ = write!(
        body,
        r#"<table id="rows"><thead><tr><th>#</th>{tier_head}<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        t(lang, "订单号", "order"),
        t(lang, "结论", "outcome"),
        t(lang, "旗帜", "flag"),
        t(lang, "升级 / 责任", "level / fault"),
        t(lang, "规则", "rules"),
        t(lang, "回复", "reply"),
    );
    for (i, r) in report.rows.iter().enumerate() {
        decision_row(i + 1, r, names, lang, body);
    }
    body.push_str("</tbody></table></section>");
    report.rejected.render(report.rejected_total, lang, body);
}

/// One row of [`decision_table`]: names shown, ids as hover text; the tier's cell only
/// for a queued decision.
fn decision_row(number: usize, r: &DecisionRow, names: &Names, lang: MessageLang, body: &mut String) {
    let reply = match lang {
        MessageLang::Zh => &r.zh,
        MessageLang::En => &r.en,
    };
    let level = names.name("level", &r.level, lang);
    let (tier_attr, tier_cell) = match r.tier {
        Some(tier) => {
            let label = match (lang, r.merchant) {
                (MessageLang::Zh, true) => format!("{tier} · {level} · 商家责任"),
                (MessageLang::Zh, false) => format!("{tier} · {level}"),
                (MessageLang::En, true) => format!("{tier} · {level} · merchant at fault"),
                (MessageLang::En, false) => format!("{tier} · {level}"),
            };
            (format!(r#" data-tier="{tier}""#), format!(r#"<td class="nw" title="tier {tier}">{}</td>"#, esc(&label)))
        }
        None => (String::new(), String::new()),
    };
    let _ = write!(
        body,
        r#"<tr{tier_attr} data-level="{}"><td class="mono">{number}</td>{tier_cell}<td class="mono" title="{}" translate="no">{}</td><td class="nw" title="{}">{}</td><td class="nw" title="{}"><span class="flag flag-{}"></span>{}</td><td class="nw" title="{} / {}">{}<div class="paste">{}</div></td><td class="mono">{}</td><td>{}</td></tr>"#,
        esc(&r.level),
        esc(&r.place),
        esc(&r.order),
        esc(&r.outcome),
        esc(names.name("outcome", &r.outcome, lang)),
        esc(&r.flag),
        esc(&r.flag),
        esc(names.name("flag", &r.flag, lang)),
        esc(&r.level),
        esc(&r.responsibility),
        esc(level),
        esc(names.name("responsibility", &r.responsibility, lang)),
        esc(&r.rules),
        esc(reply),
    );
}

/// A fact's name: the core's, else (Chinese) the older helper's, else the id.
fn fact_name<'a>(names: &'a Names, fact: &'a str, lang: MessageLang) -> &'a str {
    match lang {
        MessageLang::Zh if !names.has("fact", fact) => kefu_core::api::fact_name_zh(fact).unwrap_or(fact),
        _ => names.name("fact", fact, lang),
    }
}

fn not_checked_notice(
    not_checked: &BTreeMap<String, usize>,
    names: &Names,
    lang: MessageLang,
    what: (&str, &str),
) -> String {
    if not_checked.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = not_checked
        .iter()
        .map(|(fact, n)| {
            let name = format!(r#"<span title="{}">{}</span>"#, esc(fact), esc(fact_name(names, fact, lang)));
            match lang {
                MessageLang::Zh => format!("本次数据没有{name}：{n} 项{}未做", what.0),
                MessageLang::En => format!("{name} not in this input: {n} {} skipped", what.1),
            }
        })
        .collect();
    format!(r#"<div class="notice" id="not-checked">{}</div>"#, parts.join(t(lang, "；", "; ")))
}

/// Says which facts the input lacked and were derived, and for how many orders (R-PROACTIVE-1).
fn derived_notice(
    derived: &BTreeMap<String, crate::run::summary::DerivedCount>,
    names: &Names,
    lang: MessageLang,
) -> String {
    if derived.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = derived
        .iter()
        .map(|(fact, c)| {
            let name = format!(r#"<span title="{}">{}</span>"#, esc(fact), esc(fact_name(names, fact, lang)));
            match (lang, fact.as_str()) {
                (MessageLang::Zh, "ship_by") => {
                    format!("本次数据没有{name}：{} 单按付款时间加店铺发货时限推算", c.orders)
                }
                (MessageLang::Zh, _) => format!("本次数据没有{name}：{} 单为推算值", c.orders),
                (MessageLang::En, _) => {
                    format!("{name} not in this input: derived from the {} for {} orders", esc(&c.from), c.orders)
                }
            }
        })
        .collect();
    format!(r#"<div class="notice" id="derived">{}</div>"#, parts.join(t(lang, "；", "; ")))
}

/// A time as people read it in a report: `2026-11-20 14:03`, with its offset when it
/// is not Beijing time.
pub fn readable_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(at) if at.offset().local_minus_utc() == 8 * 3600 => at.format("%Y-%m-%d %H:%M").to_string(),
        Ok(at) => at.format("%Y-%m-%d %H:%M %:z").to_string(),
        Err(_) => rfc3339.to_owned(),
    }
}

/// The line that says when the scan ran and where that time came from.
pub fn scan_time_line(now: &crate::run::summary::ScanTime, lang: MessageLang) -> String {
    use crate::run::summary::NowFrom;
    let at = readable_time(&now.at);
    match (now.from, lang) {
        (NowFrom::Given, MessageLang::Zh) => format!("按 --now 指定的时间 {at} 扫描"),
        (NowFrom::Given, MessageLang::En) => format!("scanned at {at}, as --now gave"),
        (NowFrom::Export, MessageLang::Zh) => format!("按导出中最晚的时间 {at} 计算；用 --now 指定"),
        (NowFrom::Export, MessageLang::En) => {
            format!("scanned at the latest time in the export, {at}; give another with --now")
        }
        (NowFrom::Clock, MessageLang::Zh) => format!("按本机当前时间 {at} 计算；用 --now 指定"),
        (NowFrom::Clock, MessageLang::En) => format!("scanned at this computer's clock, {at}; give another with --now"),
    }
}

/// Writes the scan report: the contact queue with its tiers.
pub fn write_queue(
    report: &DecisionReport,
    summary: &crate::run::summary::ScanSummary,
    names: &Names,
    lang: MessageLang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut body = String::new();
    if let Some(now) = &summary.now {
        let line = esc(&scan_time_line(now, lang)).replace("--now", r#"<code translate="no">--now</code>"#);
        let _ = write!(body, r#"<p class="when" id="scanned-at" data-now="{}">{line}</p>"#, esc(&now.at));
    }
    body.push_str(r#"<section class="kpis">"#);
    body.push_str(&kpi("read", t(lang, "读取订单", "records read"), summary.read, ""));
    body.push_str(&kpi("scanned", t(lang, "已扫描", "scanned"), summary.scanned, ""));
    body.push_str(&kpi(
        "to_contact",
        t(lang, "需主动联系", "to contact"),
        summary.to_contact,
        if summary.to_contact > 0 { "bad" } else { "good" },
    ));
    body.push_str(&kpi(
        "not_all_checked",
        t(lang, "未全部检查", "not all checked"),
        summary.not_all_checked,
        if summary.not_all_checked > 0 { "warn" } else { "" },
    ));
    body.push_str(&kpi(
        "rejected",
        t(lang, "无法读取", "rejected"),
        summary.rejected,
        if summary.rejected > 0 { "bad" } else { "" },
    ));
    body.push_str("</section>");
    if let Some(input) = &summary.input {
        input_line(input, lang, &mut body);
    }
    body.push_str(&not_checked_notice(&summary.not_checked, names, lang, ("规则", "rules")));
    body.push_str(&derived_notice(&summary.derived, names, lang));
    body.push_str(r#"<section class="charts">"#);
    let rule = |id: &str| id.to_owned();
    body.push_str(&bars(
        t(lang, "按发现规则", "By the rule that found it"),
        "rule",
        &summary.by_rule,
        "#d64545",
        &rule,
    ));
    let level = |id: &str| names.name("level", id, lang).to_owned();
    body.push_str(&bars(t(lang, "按升级级别", "By escalation level"), "level", &summary.by_level, "#2680c2", &level));
    body.push_str("</section>");
    decision_table(report, names, lang, true, &mut body);
    let title = t(lang, "kefu 主动联系队列", "kefu proactive contact queue");
    let subtitle = match &summary.now {
        Some(now) => format!(
            "{} · {}",
            t(
                lang,
                "R-PROACTIVE-*：发货超时风险、缺货、物流停滞、待确认、催付",
                "R-PROACTIVE-*: ship-by at risk, out of stock, stalled, to confirm, payment reminders",
            ),
            match lang {
                MessageLang::Zh => format!("扫描时间 {}", readable_time(&now.at)),
                MessageLang::En => format!("scanned at {}", readable_time(&now.at)),
            }
        ),
        None => t(
            lang,
            "R-PROACTIVE-*：发货超时风险、缺货、物流停滞、待确认、催付",
            "R-PROACTIVE-*: ship-by at risk, out of stock, stalled, to confirm, payment reminders",
        )
        .to_owned(),
    };
    out.write_all(page(lang, title, &subtitle, &body).as_bytes())
}

/// Writes the decide report.
pub fn write_decisions(
    report: &DecisionReport,
    summary: &crate::run::summary::DecideSummary,
    names: &Names,
    lang: MessageLang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut body = String::new();
    body.push_str(r#"<section class="kpis">"#);
    body.push_str(&kpi("read", t(lang, "读取", "records read"), summary.read, ""));
    body.push_str(&kpi("decided", t(lang, "已决定", "decided"), summary.decided, "good"));
    body.push_str(&kpi(
        "rejected",
        t(lang, "无法读取", "rejected"),
        summary.rejected,
        if summary.rejected > 0 { "bad" } else { "" },
    ));
    body.push_str("</section>");
    body.push_str(r#"<section class="charts">"#);
    let outcome = |id: &str| names.name("outcome", id, lang).to_owned();
    let level = |id: &str| names.name("level", id, lang).to_owned();
    body.push_str(&bars(t(lang, "按结论", "By outcome"), "outcome", &summary.by_outcome, "#2680c2", &outcome));
    body.push_str(&bars(t(lang, "按升级级别", "By escalation level"), "level", &summary.by_level, "#d64545", &level));
    body.push_str("</section>");
    decision_table(report, names, lang, false, &mut body);
    let title = t(lang, "kefu 处理决定", "kefu decisions");
    out.write_all(page(lang, title, "", &body).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("<b>\"x\" & 'y'</b>"), "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
        assert_eq!(esc("a\u{202e}b"), "a\\u{202e}b");
    }

    #[test]
    fn times_read_as_people_say_them() {
        assert_eq!(readable_time("2026-11-20T14:03:09+08:00"), "2026-11-20 14:03");
        assert_eq!(readable_time("2026-11-20T14:03:00Z"), "2026-11-20 14:03 +00:00");
        assert_eq!(readable_time("yesterday"), "yesterday");
    }

    #[test]
    fn errors_come_first_then_warnings_in_input_order() {
        let mut report = LintReport::default();
        let place = |line: usize| Place { source: "a.csv".into(), index: line, line };
        let finding = |sev: &str| serde_json::json!({"severity": sev, "check": "c"});
        for (line, sev) in [(1, "info"), (2, "warning"), (3, "error"), (4, "warning"), (5, "error")] {
            report.finding(&place(line), "o", &Value::Null, &finding(sev));
        }
        let order: Vec<&str> = report.sorted().iter().map(|r| r.place.as_str()).collect();
        assert_eq!(order, ["a.csv:3", "a.csv:5", "a.csv:2", "a.csv:4", "a.csv:1"]);
    }
}
