//! `kefu diff`'s output: each changed decision streamed (NDJSON, JSON, CSV) or kept for
//! the table and the HTML report (at most [`KEPT`] rows; the counts cover every record),
//! then the summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::html::{esc, page_with};
use super::names::Names;
use super::out::{excel_id, Csv, JsonDoc};
use crate::answer::at;
use crate::cli::{Format, MessageLang};
use crate::pipeline::batch::Rejection;
use crate::run::summary::DiffSummary;
use crate::source::Place;

/// Changed decisions the table and the report keep; past it they say how many more.
const KEPT: usize = 5000;

/// One side of a compared record, as the core writes it (`impact::Side`).
#[derive(Deserialize, Serialize, Clone, Debug, Default)]
pub struct Side {
    /// The headline.
    pub outcome: String,
    /// The flag.
    pub flag: String,
    /// The escalation level.
    pub level: String,
    /// Who is responsible.
    pub responsibility: String,
    /// Who pays return shipping.
    pub payer: String,
    /// Money by family, in yuan.
    #[serde(default)]
    pub money: BTreeMap<String, String>,
    /// The reply template.
    pub reply: String,
    /// The remark entry.
    #[serde(default)]
    pub remark: Option<String>,
    /// Rules cited.
    #[serde(default)]
    pub fired: Vec<String>,
    /// The rule whose flag won.
    #[serde(default)]
    pub flag_rule: Option<String>,
    /// Rules whose flag lost.
    #[serde(default)]
    pub flag_lost: Vec<String>,
}

/// A trace step where the two decisions part.
#[derive(Deserialize, Clone, Debug, Default)]
pub struct Step {
    /// The rule.
    pub rule: String,
    /// Why, in both languages.
    #[serde(default)]
    pub because: BTreeMap<String, String>,
}

/// Where the traces part.
#[derive(Deserialize, Clone, Debug, Default)]
pub struct Parted {
    /// Under A.
    #[serde(default)]
    pub a: Option<Step>,
    /// Under B.
    #[serde(default)]
    pub b: Option<Step>,
}

/// Both replies' words.
#[derive(Deserialize, Clone, Debug, Default)]
pub struct Replies {
    /// Under A.
    pub a: String,
    /// Under B.
    pub b: String,
}

/// One compared record, as the core writes it (`api::Compared`).
#[derive(Deserialize, Clone, Debug)]
pub struct Change {
    /// The order.
    pub order_id: String,
    /// `decide` or `scan`.
    pub via: String,
    /// What changed.
    pub changes: Vec<String>,
    /// The same answer, explained differently.
    #[serde(default)]
    pub reworded: bool,
    /// Where the traces part.
    #[serde(default)]
    pub parted: Option<Parted>,
    /// The replies' words, when they differ.
    #[serde(default)]
    pub replies: Option<Replies>,
    /// Under A.
    pub a: Side,
    /// Under B, when it differs.
    #[serde(default)]
    pub b: Option<Side>,
}

impl Change {
    /// Whether anything differs.
    pub fn changed(&self) -> bool {
        !self.changes.is_empty()
    }

    /// The B side (A's when the core left it out as the same).
    pub fn b(&self) -> &Side {
        self.b.as_ref().unwrap_or(&self.a)
    }

    /// The rule at the parting step on each side.
    fn parted_rules(&self) -> (String, String) {
        let rule = |s: &Option<Step>| s.as_ref().map_or_else(|| "—".to_owned(), |s| s.rule.clone());
        self.parted.as_ref().map_or_else(Default::default, |p| (rule(&p.a), rule(&p.b)))
    }
}

/// A compared record as a worker hands it on: read, and its streamed bytes when it
/// changed; or the record's error.
pub type Rendered = (Place, Result<(Change, Option<Vec<u8>>), Value>);

/// Reads the core's line for one record.
pub fn read_change(raw: &str) -> Option<Change> {
    serde_json::from_str(raw).ok()
}

/// The money a side moves in all, in yuan.
fn money(side: &Side) -> String {
    let fen: i64 =
        side.money.values().map(|m| kefu_core::api::Money::parse(m).map_or(0, kefu_core::api::Money::fen)).sum();
    kefu_core::api::Money::from_fen(fen).to_string()
}

fn t(lang: MessageLang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        MessageLang::Zh => zh,
        MessageLang::En => en,
    }
}

/// The changes' names, joined.
fn change_names(c: &Change, names: &Names, lang: MessageLang) -> String {
    let sep = t(lang, "、", ", ");
    c.changes.iter().map(|k| names.name("change", k, lang)).collect::<Vec<_>>().join(sep)
}

const CSV_ZH: &[&str] = &[
    "来源",
    "行",
    "订单号",
    "方式",
    "变化",
    "结论A",
    "结论B",
    "旗帜A",
    "旗帜B",
    "升级A",
    "升级B",
    "金额A",
    "金额B",
    "分歧规则A",
    "分歧规则B",
    "回复A",
    "回复B",
    "备注A",
    "备注B",
];
const CSV_EN: &[&str] = &[
    "source",
    "line",
    "order_id",
    "via",
    "changes",
    "outcome_a",
    "outcome_b",
    "flag_a",
    "flag_b",
    "level_a",
    "level_b",
    "money_a",
    "money_b",
    "parted_rule_a",
    "parted_rule_b",
    "reply_a",
    "reply_b",
    "remark_a",
    "remark_b",
];

/// A changed decision as the streamed formats write it (in a worker); `None` for the
/// table and the report.
pub fn streamed(
    format: Format,
    place: &Place,
    raw: &str,
    c: &Change,
    names: &Names,
    lang: MessageLang,
) -> Option<Vec<u8>> {
    match format {
        Format::Ndjson => {
            let mut line = place.ndjson_head("change").ok()?;
            line.extend_from_slice(b"\"change\":");
            line.extend_from_slice(raw.as_bytes());
            line.extend_from_slice(b"}\n");
            Some(line)
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Located<'a> {
                source: &'a str,
                index: usize,
                line: usize,
                change: &'a RawValue,
            }
            let change: &RawValue = serde_json::from_str(raw).ok()?;
            let located = Located { source: &place.source, index: place.index, line: place.line, change };
            JsonDoc::render(&serde_json::to_value(&located).ok()?).ok()
        }
        Format::Csv => {
            let (b, (rule_a, rule_b)) = (c.b(), c.parted_rules());
            let name = |kind: &str, id: &str| names.name(kind, id, lang).to_owned();
            let (reply_a, reply_b) = match &c.replies {
                Some(r) => (r.a.clone(), r.b.clone()),
                None => (c.a.reply.clone(), b.reply.clone()),
            };
            Csv::encode(&[
                place.source.clone(),
                place.line.to_string(),
                excel_id(&c.order_id),
                name("via", &c.via),
                change_names(c, names, lang),
                name("outcome", &c.a.outcome),
                name("outcome", &b.outcome),
                name("flag", &c.a.flag),
                name("flag", &b.flag),
                name("level", &c.a.level),
                name("level", &b.level),
                money(&c.a),
                money(b),
                rule_a,
                rule_b,
                reply_a,
                reply_b,
                c.a.remark.clone().unwrap_or_default(),
                b.remark.clone().unwrap_or_default(),
            ])
            .ok()
        }
        Format::Table | Format::Html => None,
    }
}

/// Where the changed decisions go.
pub enum DiffOut {
    /// One JSON document: `{"changes": [...], "rejected": [...], "summary": {...}}`.
    Json(JsonDoc),
    /// A line per change, then the rejected, then the summary.
    Ndjson,
    /// CSV for Excel.
    Csv(Box<Csv>),
    /// Kept for the table or the report.
    Kept { html: bool, rows: Vec<(Place, Change)>, more: usize },
}

impl DiffOut {
    /// Starts the output.
    pub fn new(format: Format, lang: MessageLang, out: &mut dyn Write) -> std::io::Result<DiffOut> {
        Ok(match format {
            Format::Json => DiffOut::Json(JsonDoc::start(out, "changes")?),
            Format::Ndjson => DiffOut::Ndjson,
            Format::Csv => {
                DiffOut::Csv(Box::new(Csv::start(out, if lang == MessageLang::Zh { CSV_ZH } else { CSV_EN })?))
            }
            Format::Table => DiffOut::Kept { html: false, rows: Vec::new(), more: 0 },
            Format::Html => DiffOut::Kept { html: true, rows: Vec::new(), more: 0 },
        })
    }

    /// Writes what [`streamed`] made.
    pub fn write_streamed(&mut self, bytes: &[u8], out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            DiffOut::Json(doc) => doc.rendered(out, bytes),
            _ => out.write_all(bytes),
        }
    }

    /// A changed decision for the table or the report.
    pub fn later(&mut self, place: &Place, change: Change) {
        if let DiffOut::Kept { rows, more, .. } = self {
            if rows.len() < KEPT {
                rows.push((place.clone(), change));
            } else {
                *more += 1;
            }
        }
    }

    /// The rest: the table or the report, the rejected records, the summary.
    pub fn finish(
        self,
        rejected: &[(Place, Value)],
        summary: &DiffSummary,
        names: &Names,
        lang: MessageLang,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let rejections: Vec<Rejection<'_>> = rejected.iter().map(|(place, error)| Rejection { place, error }).collect();
        match self {
            DiffOut::Json(doc) => doc.finish(out, &[("rejected", &rejections), ("summary", summary)]),
            DiffOut::Ndjson => super::out::ndjson_tail(&rejections, summary, out),
            DiffOut::Csv(mut csv) => {
                for (place, error) in rejected {
                    let s = |p: &str| at(error, p).as_str().unwrap_or_default().to_owned();
                    let (source, line, code) = (place.source.clone(), place.line.to_string(), s("/code"));
                    let rejected = t(lang, "无法读取", "rejected").to_owned();
                    let (e, message) = (String::new(), s("/message"));
                    let cells = [
                        &source, &line, &e, &e, &rejected, &e, &e, &e, &e, &e, &e, &e, &e, &code, &e, &message, &e, &e,
                        &e,
                    ];
                    csv.row(out, &cells)?;
                }
                Ok(())
            }
            DiffOut::Kept { html: false, rows, more } => table(&rows, more, &rejections, summary, names, lang, out),
            DiffOut::Kept { html: true, rows, more } => {
                out.write_all(html(&rows, more, rejected, summary, names, lang).as_bytes())
            }
        }
    }
}

/// The totals as lines of text, in the report's language.
fn totals(summary: &DiffSummary, names: &Names, lang: MessageLang) -> Vec<String> {
    let mut lines = Vec::new();
    lines.push(match lang {
        MessageLang::Zh => format!("A（现行）：{}　B（新）：{}", summary.policies.a, summary.policies.b),
        MessageLang::En => format!("A (in force): {}  B (change): {}", summary.policies.a, summary.policies.b),
    });
    lines.push(match lang {
        MessageLang::Zh => format!(
            "读取 {}，比较 {}（按诉求 {}，主动巡检 {}），有变化 {}，仅理由不同 {}，无法读取 {}",
            summary.read,
            summary.compared,
            summary.decided,
            summary.scanned,
            summary.changed,
            summary.reworded,
            summary.rejected
        ),
        MessageLang::En => format!(
            "{} read, {} compared ({} requests, {} scanned), {} changed, {} reworded only, {} rejected",
            summary.read,
            summary.compared,
            summary.decided,
            summary.scanned,
            summary.changed,
            summary.reworded,
            summary.rejected
        ),
    });
    if !summary.by_change.is_empty() {
        let parts: Vec<String> =
            summary.by_change.iter().map(|(k, n)| format!("{} {n}", names.name("change", k, lang))).collect();
        lines.push(format!("{}{}", t(lang, "变化：", "changes: "), parts.join(t(lang, "，", ", "))));
    }
    for (family, m) in &summary.money {
        let label = if family == "total" {
            t(lang, "金额合计", "money in all").to_owned()
        } else {
            names.name("money", family, lang).to_owned()
        };
        lines.push(format!("{label}: A {}  B {}  B−A {}", m.a, m.b, m.difference));
    }
    let levels: Vec<String> = summary
        .by_level
        .iter()
        .filter(|(l, _)| l.as_str() != "none")
        .map(|(l, n)| format!("{} {}→{}", names.name("level", l, lang), n.a, n.b))
        .collect();
    if !levels.is_empty() {
        lines.push(format!("{}{}", t(lang, "升级（A→B）：", "escalations (A→B): "), levels.join(t(lang, "，", ", "))));
    }
    if let Some(c) = &summary.coverage {
        let list = |v: &[String]| if v.is_empty() { "—".to_owned() } else { v.join(" ") };
        lines.push(format!("{}{}", t(lang, "从未触发的规则：", "rules that never fired: "), list(&c.never_fired)));
        if !c.shop_never_fired.is_empty() {
            lines.push(format!(
                "{}{}",
                t(lang, "店铺规则从未触发：", "shop rules that never fired: "),
                list(&c.shop_never_fired)
            ));
        }
        if !c.only_a.is_empty() || !c.only_b.is_empty() {
            lines.push(format!(
                "{}{}　{}{}",
                t(lang, "仅A触发：", "only under A: "),
                list(&c.only_a),
                t(lang, "仅B触发：", "only under B: "),
                list(&c.only_b)
            ));
        }
        for l in &c.always_lost {
            lines.push(match lang {
                MessageLang::Zh => {
                    format!("{} 提议的旗帜 {} 次全部被其他规则压过（R-FLAG-4，{}）", l.rule, l.proposals, l.under)
                }
                MessageLang::En => format!(
                    "{}'s flag lost all {} times it was proposed (R-FLAG-4, under {})",
                    l.rule, l.proposals, l.under
                ),
            });
        }
    }
    lines
}

fn table(
    rows: &[(Place, Change)],
    more: usize,
    rejected: &[Rejection<'_>],
    summary: &DiffSummary,
    names: &Names,
    lang: MessageLang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let header = match lang {
        MessageLang::Zh => ["位置", "订单号", "变化", "结论 A → B", "升级 A → B", "金额 A → B", "分歧规则 A | B"],
        MessageLang::En => {
            ["WHERE", "ORDER", "CHANGES", "OUTCOME A → B", "LEVEL A → B", "MONEY A → B", "PARTED AT A | B"]
        }
    };
    let mut lines: Vec<[String; 7]> = vec![header.map(str::to_owned)];
    for (place, c) in rows {
        let b = c.b();
        let (ra, rb) = c.parted_rules();
        lines.push([
            format!("{}:{}", place.source, place.line),
            c.order_id.clone(),
            change_names(c, names, lang),
            format!("{} → {}", names.name("outcome", &c.a.outcome, lang), names.name("outcome", &b.outcome, lang)),
            format!("{} → {}", names.name("level", &c.a.level, lang), names.name("level", &b.level, lang)),
            format!("{} → {}", money(&c.a), money(b)),
            format!("{ra} | {rb}"),
        ]);
    }
    for r in rejected {
        let s = |p: &str| at(r.error, p).as_str().unwrap_or_default().to_owned();
        lines.push([
            format!("{}:{}", r.place.source, r.place.line),
            "-".into(),
            t(lang, "无法读取", "rejected").into(),
            s("/code"),
            String::new(),
            String::new(),
            s("/message"),
        ]);
    }
    super::out::columns(&lines, out)?;
    if more > 0 {
        writeln!(out, "{} {more}", t(lang, "……另有变化未列出：", "… more changes not listed:"))?;
    }
    writeln!(out)?;
    for line in totals(summary, names, lang) {
        writeln!(out, "{}", crate::answer::printable(&line))?;
    }
    Ok(())
}

/// The HTML report: the totals a supervisor decides on, then the changes side by side.
fn html(
    rows: &[(Place, Change)],
    more: usize,
    rejected: &[(Place, Value)],
    summary: &DiffSummary,
    names: &Names,
    lang: MessageLang,
) -> String {
    let mut body = String::new();
    let total = summary.money.get("total").cloned().unwrap_or_default();
    let kpi = |key: &str, label: &str, value: &str, class: &str| {
        format!(r#"<div class="kpi {class}"><b id="k-{key}">{}</b><span>{}</span></div>"#, esc(value), esc(label))
    };
    let signed = if total.difference.starts_with('-') || total.difference == "0.00" {
        total.difference.clone()
    } else {
        format!("+{}", total.difference)
    };
    let _ = write!(
        body,
        r#"<p class="when">{}</p><div class="kpis">{}{}{}{}{}</div>"#,
        esc(&format!(
            "{} {}　{} {}",
            t(lang, "A（现行策略）：", "A (in force):"),
            summary.policies.a,
            t(lang, "B（新策略）：", "B (the change):"),
            summary.policies.b
        )),
        kpi("compared", t(lang, "已比较", "compared"), &summary.compared.to_string(), ""),
        kpi(
            "changed",
            t(lang, "结论有变化", "changed"),
            &summary.changed.to_string(),
            if summary.changed > 0 { "warn" } else { "good" }
        ),
        kpi(
            "money",
            t(lang, "金额变化（元，B−A）", "money, B−A (yuan)"),
            &signed,
            if total.difference.starts_with('-') {
                "good"
            } else if total.difference == "0.00" {
                ""
            } else {
                "bad"
            }
        ),
        kpi(
            "escalated",
            t(lang, "升级单量 A → B", "escalated A → B"),
            &{
                let (a, b) = summary
                    .by_level
                    .iter()
                    .filter(|(l, _)| l.as_str() != "none")
                    .fold((0, 0), |(a, b), (_, n)| (a + n.a, b + n.b));
                format!("{a} → {b}")
            },
            "",
        ),
        kpi(
            "rejected",
            t(lang, "无法读取", "rejected"),
            &summary.rejected.to_string(),
            if summary.rejected > 0 { "bad" } else { "" }
        ),
    );
    if let Some(now) = &summary.now {
        let _ = write!(body, r#"<p class="muted">{}</p>"#, esc(&super::html::scan_time_line(now, lang)));
    }
    // Money and levels, A beside B.
    body.push_str(r#"<div class="charts"><div class="card"><h2>"#);
    body.push_str(t(lang, "金额（元）", "Money (yuan)"));
    let _ = write!(
        body,
        "</h2><table id=\"money\"><thead><tr><th></th><th>A</th><th>B</th><th>B−A</th></tr></thead><tbody>"
    );
    for (family, m) in &summary.money {
        let label = if family == "total" {
            t(lang, "合计", "in all").to_owned()
        } else {
            names.name("money", family, lang).to_owned()
        };
        let _ = write!(
            body,
            r#"<tr data-money="{}"><td>{}</td><td class="mono">{}</td><td class="mono">{}</td><td class="mono">{}</td></tr>"#,
            esc(family),
            esc(&label),
            esc(&m.a),
            esc(&m.b),
            esc(&m.difference)
        );
    }
    body.push_str("</tbody></table></div>");
    let _ = write!(
        body,
        r#"<div class="card"><h2>{}</h2>"#,
        t(lang, "升级级别（主管工作量）", "Escalation levels (supervisors' workload)")
    );
    body.push_str(&ab_bars("levels", &summary.by_level, &|l| names.name("level", l, lang).to_owned()));
    body.push_str("</div>");
    let _ = write!(body, r#"<div class="card"><h2>{}</h2>"#, t(lang, "变化类型", "Kinds of change"));
    let by_change: BTreeMap<String, crate::run::summary::Both> =
        summary.by_change.iter().map(|(k, n)| (k.clone(), crate::run::summary::Both { a: 0, b: *n })).collect();
    body.push_str(&ab_bars("changes", &by_change, &|k| names.name("change", k, lang).to_owned()));
    body.push_str("</div></div>");
    // Rules fired: the ones whose count moved first.
    let _ = write!(
        body,
        r#"<section class="card"><h2>{}</h2><table id="rules"><thead><tr><th>{}</th><th>{}</th><th>A</th><th>B</th><th>B−A</th></tr></thead><tbody>"#,
        t(lang, "规则触发次数", "How often each rule fired"),
        t(lang, "规则", "rule"),
        t(lang, "说明", "what it says"),
    );
    let mut rules: Vec<(&String, &crate::run::summary::Both)> = summary.rules.iter().collect();
    rules.sort_by(|x, y| {
        let d = |n: &crate::run::summary::Both| (n.b as i64 - n.a as i64).abs();
        d(y.1).cmp(&d(x.1)).then(x.0.cmp(y.0))
    });
    for (rule, n) in rules {
        let delta = n.b as i64 - n.a as i64;
        let _ = write!(
            body,
            r#"<tr data-rule="{}"{}><td class="mono" translate="no">{}</td><td>{}</td><td class="mono">{}</td><td class="mono">{}</td><td class="mono">{}</td></tr>"#,
            esc(rule),
            if delta != 0 { r#" class="moved""# } else { "" },
            esc(rule),
            esc(if names.has("rule", rule) {
                names.name("rule", rule, lang)
            } else {
                t(lang, "店铺规则", "shop rule")
            }),
            n.a,
            n.b,
            if delta > 0 { format!("+{delta}") } else { delta.to_string() },
        );
    }
    body.push_str("</tbody></table>");
    if let Some(c) = &summary.coverage {
        let list = |v: &[String]| if v.is_empty() { "—".to_owned() } else { v.join(" ") };
        let _ = write!(
            body,
            r#"<div id="coverage"><p><b>{}</b> <code>{}</code></p>"#,
            t(lang, "从未触发：", "Never fired:"),
            esc(&list(&c.never_fired))
        );
        if !c.shop_never_fired.is_empty() {
            let _ = write!(
                body,
                r#"<p class="notice">{} <code>{}</code></p>"#,
                t(lang, "店铺自定义规则从未触发：", "Shop rules that never fired:"),
                esc(&list(&c.shop_never_fired))
            );
        }
        for l in &c.always_lost {
            let _ = write!(
                body,
                r#"<p class="notice">{}</p>"#,
                esc(&match lang {
                    MessageLang::Zh => format!(
                        "{} 提议的旗帜 {} 次全部被其他规则压过（R-FLAG-4）：它的旗帜从未生效",
                        l.rule, l.proposals
                    ),
                    MessageLang::En =>
                        format!("{}'s flag lost all {} times (R-FLAG-4): its flag is never set", l.rule, l.proposals),
                })
            );
        }
        body.push_str("</div>");
    }
    body.push_str("</section>");
    changes_table(rows, more, summary, names, lang, &mut body);
    if !rejected.is_empty() {
        let _ = write!(
            body,
            r#"<section class="card"><h2>{} ({})</h2><table id="rejected"><tbody>"#,
            t(lang, "无法读取的记录", "Rejected records"),
            rejected.len()
        );
        for (place, e) in rejected.iter().take(200) {
            let s = |p: &str| at(e, p).as_str().unwrap_or_default().to_owned();
            let _ = write!(
                body,
                r#"<tr><td class="mono">{}:{}</td><td class="mono">{}</td><td>{}</td></tr>"#,
                esc(&place.source),
                place.line,
                esc(&s("/code")),
                esc(&s("/message"))
            );
        }
        body.push_str("</tbody></table></section>");
    }
    let title = t(lang, "策略变更影响", "Policy change impact");
    let subtitle = match lang {
        MessageLang::Zh => {
            format!("同一批订单在两套策略下各决定一次：{} 单中 {} 单结论有变化", summary.compared, summary.changed)
        }
        MessageLang::En => {
            format!("the same records decided under both policies: {} of {} changed", summary.changed, summary.compared)
        }
    };
    page_with(lang, title, &subtitle, &body, EXTRA_STYLE)
}

const EXTRA_STYLE: &str = ".ab{display:grid;grid-template-columns:1fr 1fr;gap:4px 12px}.side-a{color:#52606d}.side-b{color:#1f2933;font-weight:600}tr.moved td{background:#fffbea}td .was{color:#9aa5b1;text-decoration:line-through}.pill{display:inline-block;padding:0 6px;margin:0 4px 2px 0;border-radius:3px;background:#e3f8ff;color:#0b69a3;font-size:12px;white-space:nowrap}";

/// Pairs of bars, A (grey) above B (blue), per key.
fn ab_bars(id: &str, data: &BTreeMap<String, crate::run::summary::Both>, label: &dyn Fn(&str) -> String) -> String {
    let max = data.values().map(|n| n.a.max(n.b)).max().unwrap_or(0).max(1);
    let (row, label_w, bar_w) = (30usize, 150usize, 240usize);
    let height = (data.len() * row).max(row);
    let mut svg = format!(
        r#"<svg width="100%" height="{height}" viewBox="0 0 {} {height}" preserveAspectRatio="xMinYMin meet" role="img">"#,
        label_w + bar_w + 60
    );
    if data.is_empty() {
        svg.push_str(r#"<text class="bar-value" x="0" y="16">—</text>"#);
    }
    for (i, (key, n)) in data.iter().enumerate() {
        let y = i * row;
        let w = |v: usize| if v == 0 { 0 } else { (v * bar_w).div_ceil(max).max(2) };
        let _ = write!(
            svg,
            r##"<text class="bar-label" x="{}" y="{}" text-anchor="end">{}</text><rect x="{label_w}" y="{}" width="{}" height="10" rx="2" fill="#9aa5b1"/><rect x="{label_w}" y="{}" width="{}" height="10" rx="2" fill="#2680c2"/><text class="bar-value" x="{}" y="{}" id="{id}-{}">{}</text>"##,
            label_w - 8,
            y + 17,
            esc(&label(key)),
            y + 3,
            w(n.a),
            y + 15,
            w(n.b),
            label_w + w(n.a.max(n.b)) + 6,
            y + 17,
            esc(key),
            if id == "changes" { n.b.to_string() } else { format!("{} → {}", n.a, n.b) },
        );
    }
    svg.push_str("</svg>");
    svg
}

fn changes_table(
    rows: &[(Place, Change)],
    more: usize,
    summary: &DiffSummary,
    names: &Names,
    lang: MessageLang,
    body: &mut String,
) {
    let mut select = format!(
        r#"<select data-col="change" aria-label="{}"><option value="">{}</option>"#,
        t(lang, "变化类型", "kind of change"),
        t(lang, "全部变化类型", "every kind of change")
    );
    for key in summary.by_change.keys() {
        let _ = write!(select, r#"<option value="{}">{}</option>"#, esc(key), esc(names.name("change", key, lang)));
    }
    select.push_str("</select>");
    let _ = write!(
        body,
        r#"<section class="card"><h2>{} (<span id="shown">{}</span> / {})</h2><div class="tools"><input id="q" type="search" placeholder="{}">{select}</div>"#,
        t(lang, "有变化的决定：A（现行）与 B（新）并排", "Changed decisions, A (in force) beside B (the change)"),
        rows.len(),
        summary.changed,
        t(lang, "搜索订单号、规则、回复…", "search order, rule, reply…"),
    );
    if more > 0 {
        let _ = write!(
            body,
            r#"<p class="notice">{} {} / {}</p>"#,
            t(lang, "表格只列出前", "the table shows the first"),
            rows.len(),
            summary.changed
        );
    }
    let _ = write!(
        body,
        r#"<table id="rows"><thead><tr><th>#</th><th>{}</th><th>{}</th><th>A</th><th>B</th><th>{}</th></tr></thead><tbody>"#,
        t(lang, "订单号", "order"),
        t(lang, "变化", "changes"),
        t(lang, "两边分歧处", "where they part"),
    );
    for (i, (place, c)) in rows.iter().enumerate() {
        let b = c.b();
        let side = |s: &Side, other: &Side, reply: Option<&String>| {
            let mut cell = String::new();
            let _ = write!(
                cell,
                r#"<div title="{}">{}</div><div class="muted"><span class="flag flag-{}"></span>{} · {} · ¥{}</div>"#,
                esc(&s.outcome),
                esc(names.name("outcome", &s.outcome, lang)),
                esc(&s.flag),
                esc(names.name("flag", &s.flag, lang)),
                esc(names.name("level", &s.level, lang)),
                esc(&money(s)),
            );
            if s.remark != other.remark {
                if let Some(r) = &s.remark {
                    let _ = write!(cell, r#"<div class="paste">{}</div>"#, esc(r));
                }
            }
            if let Some(reply) = reply {
                let _ = write!(cell, r#"<div class="paste">{}</div>"#, esc(reply));
            }
            cell
        };
        let (reply_a, reply_b) = match &c.replies {
            Some(r) => (Some(&r.a), Some(&r.b)),
            None => (None, None),
        };
        let step = |s: &Option<Step>| match s {
            Some(s) => format!(
                r#"<code translate="no">{}</code> {}"#,
                esc(&s.rule),
                esc(s.because.get(if lang == MessageLang::Zh { "zh" } else { "en" }).map_or("", String::as_str))
            ),
            None => "—".to_owned(),
        };
        let parted = match &c.parted {
            Some(p) => {
                format!(r#"<div class="side-a">A: {}</div><div class="side-b">B: {}</div>"#, step(&p.a), step(&p.b))
            }
            None => String::new(),
        };
        let pills: String = c
            .changes
            .iter()
            .map(|k| format!(r#"<span class="pill" title="{}">{}</span>"#, esc(k), esc(names.name("change", k, lang))))
            .collect();
        let _ = write!(
            body,
            r#"<tr data-change="{}"><td class="mono">{}</td><td class="mono" title="{}:{}" translate="no">{}</td><td>{pills}</td><td class="side-a">{}</td><td class="side-b">{}</td><td>{parted}</td></tr>"#,
            esc(&c.changes.join(" ")),
            i + 1,
            esc(&place.source),
            place.line,
            esc(&c.order_id),
            side(&c.a, b, reply_a),
            side(b, &c.a, reply_b),
        );
    }
    body.push_str("</tbody></table></section>");
}
