//! Lint: QA over existing orders, finding remarks and flags that break the conventions
//! (R-REMARK-6). Each finding names its rule, a severity, a message in Chinese and
//! English, and a fix: the flag and the entry that would satisfy it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod checks;
mod signature;

use crate::model::fact::{Fact, Skipped};
use crate::model::flag::{Flag, FlagConventions};
use crate::model::names;
use crate::model::order::Order;
use crate::model::text::{text, Text};
use crate::registry::id;
use crate::remark::{Details, Reason, Remark};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Breaks a convention; fix when the order is next touched.
    Warning,
    /// Misleads the warehouse or the next agent; fix now.
    Error,
}

names!(Severity { Info => "info", Warning => "warning", Error => "error" });

/// Which convention a finding is about. Names are stable (`flag-status-mismatch`...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Purple on a shipped order, or blue on an unshipped one (R-FLAG-2).
    FlagStatusMismatch,
    /// Red flag for a change, but no entry gives the changed value and time (R-FLAG-3).
    RedChangeIncomplete,
    /// A remark line without the agent's name or a date (R-REMARK-2).
    EntryUnsigned,
    /// A cancellation or receiver change that no entry records (R-REMARK-1).
    ChangeWithoutEntry,
    /// A cash-on-delivery order not yet confirmed, without the awaiting-buyer flag.
    CodUnconfirmed,
}

names!(Check {
    FlagStatusMismatch => "flag-status-mismatch",
    RedChangeIncomplete => "red-change-incomplete",
    EntryUnsigned => "entry-unsigned",
    ChangeWithoutEntry => "change-without-entry",
    CodUnconfirmed => "cod-unconfirmed",
});

/// An entry to write, without agent and time: whoever applies the fix signs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EntryTemplate {
    /// Why.
    pub reason: Reason,
    /// What to record.
    #[serde(default)]
    pub details: Details,
    /// The entry as text to paste, in Chinese, with `客服` and the time to replace by
    /// whoever applies the fix (`【取消订单】（客服/YYYY-MM-DD HH:MM）`).
    #[serde(default)]
    pub paste: String,
}

impl EntryTemplate {
    /// A template, with its text to paste.
    pub fn new(reason: Reason, details: Details) -> EntryTemplate {
        let paste = crate::remark::render_template(reason, &details);
        EntryTemplate { reason, details, paste }
    }
}

/// What would satisfy a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fix {
    /// The flag to set; absent when the fix leaves the flag as it is and the source
    /// does not say what it is (an export has no flag).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
    /// The entry to append, if one is needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<EntryTemplate>,
    /// Values the entry needs that the order does not have (the new phone of a red
    /// change the remark never wrote down): the host asks the agent for each, puts the
    /// answer in `entry.details[field]`, then appends with `remark.append`. Omitted when
    /// the entry is complete.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ask: Vec<Ask>,
}

/// A value a fix needs from the agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Ask {
    /// The field of the entry's `details` it fills (`phone`, `address`, `recipient`,
    /// `courier`).
    pub field: String,
    /// What to ask, in Chinese and English.
    pub label: Text,
}

impl Fix {
    /// A fix; what its entry lacks is asked for.
    pub fn new(flag: Option<Flag>, entry: Option<EntryTemplate>) -> Fix {
        let ask = entry.as_ref().map(missing_values).unwrap_or_default();
        Fix { flag, entry, ask }
    }
}

/// A receiver change's entry without the changed value (R-FLAG-3 wants it written):
/// the order did not say it, so the agent must.
fn missing_values(entry: &EntryTemplate) -> Vec<Ask> {
    if !entry.reason.is_receiver_change() || entry.reason.changed_value(&entry.details).is_some() {
        return Vec::new();
    }
    let (field, zh, en) = match entry.reason {
        Reason::ChangePhone => ("phone", "新的收货电话", "The new phone number"),
        Reason::ChangeRecipient => ("recipient", "新的收件人", "The new recipient"),
        Reason::DesignatedCourier => ("courier", "指定的快递", "The courier the buyer asked for"),
        _ => ("address", "新的收货地址", "The new delivery address"),
    };
    vec![Ask { field: field.to_owned(), label: text(zh, en) }]
}

/// One thing wrong with an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule (always `R-REMARK-6` for lint).
    pub rule: &'static str,
    /// The rules the convention comes from.
    pub related: Vec<&'static str>,
    /// Which check.
    pub check: Check,
    /// How serious.
    pub severity: Severity,
    /// 1-based remark line the finding is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark_line: Option<usize>,
    /// What is wrong.
    pub message: Text,
    /// What would satisfy it.
    pub fix: Fix,
}

impl Finding {
    fn new(check: Check, related: Vec<&'static str>, severity: Severity, message: Text, fix: Fix) -> Finding {
        Finding { rule: RULE, related, check, severity, remark_line: None, message, fix }
    }
}

/// What lint needs besides the order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LintOptions {
    /// The shop's flag conventions (default: the rulebook's table).
    #[serde(default)]
    pub flags: FlagConventions,
}

/// The findings for one order, in check order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderFindings {
    /// The order.
    pub order_id: String,
    /// What is wrong; empty when the order is clean.
    pub findings: Vec<Finding>,
    /// Checks not applied because the order's source lacks a fact they need (an export
    /// has no flag): the order is neither passed nor failed on them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// Who last signed the remark (the newest kefu entry, else the newest hand-written
    /// signature): a QA report groups findings by agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// The day the order was placed (or paid), `YYYY-MM-DD` in its own offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<String>,
    /// The order's latest time (created, paid, pushed, shipped, picked up, delivered,
    /// closed), only when the `lint` call asked for it (`"latest_at": true`): a scan
    /// without a given time runs at the latest time of its export, and this is how the
    /// host finds it without reading the export's columns itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_at: Option<crate::model::time::Timestamp>,
}

const RULE: &str = id::R_REMARK_6;

/// Lints one order: every check in turn, findings in check order.
pub fn lint(order: &Order, options: &LintOptions) -> OrderFindings {
    let subject = Subject::new(order, &options.flags);
    let mut findings = Vec::new();
    let mut skipped = Vec::new();
    let mut knows = |check: Check, fact: Fact| {
        let known = order.knows(fact);
        if !known {
            skipped.push(Skipped { check: check.name().to_owned(), missing: fact });
        }
        known
    };
    if knows(Check::FlagStatusMismatch, Fact::Flag) {
        findings.extend(checks::flag_status(&subject));
    }
    if knows(Check::RedChangeIncomplete, Fact::Flag) {
        findings.extend(checks::red_change_incomplete(&subject));
    }
    findings.extend(checks::unsigned_lines(&subject));
    findings.extend(checks::receiver_change_without_entry(&subject));
    findings.extend(checks::cancellation_without_entry(&subject, &mut knows));
    if subject.cod_waiting() && knows(Check::CodUnconfirmed, Fact::Flag) {
        findings.extend(checks::cod_unconfirmed(&subject));
    }
    let agent = last_agent(&subject.remark);
    let day = order.created_at.or(order.paid_at).map(|t| t.inner().date_naive().to_string());
    OrderFindings { order_id: order.order_id.clone(), findings, skipped, agent, day, latest_at: None }
}

/// The newest signature in the remark: segments are in writing order.
fn last_agent(remark: &Remark) -> Option<String> {
    remark.segments.iter().rev().find_map(|seg| match seg {
        crate::remark::Segment::Entry { entry, .. } => Some(entry.agent.clone()),
        crate::remark::Segment::Text { .. } => signature::agent_name(seg.line()),
    })
}

/// What every check reads: the order, its remark parsed once, the shop's conventions.
struct Subject<'a> {
    order: &'a Order,
    remark: Remark,
    flags: &'a FlagConventions,
}

impl<'a> Subject<'a> {
    fn new(order: &'a Order, flags: &'a FlagConventions) -> Self {
        Subject { order, remark: Remark::parse(&order.remark), flags }
    }

    /// A cash-on-delivery order still to be confirmed, whatever its flag.
    fn cod_waiting(&self) -> bool {
        self.order.cod && !self.order.cod_confirmed && self.order.status.is_unshipped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(json: &str) -> Order {
        let base: serde_json::Value =
            serde_json::from_str(r#"{"order_id":"T1","status":"paid","total":"10.00"}"#).unwrap();
        let mut base = base.as_object().unwrap().clone();
        let extra: serde_json::Value = serde_json::from_str(json).unwrap();
        for (k, v) in extra.as_object().unwrap() {
            base.insert(k.clone(), v.clone());
        }
        Order::from_json(&serde_json::Value::Object(base).to_string()).unwrap()
    }

    fn checks(json: &str) -> Vec<Check> {
        lint(&order(json), &LintOptions::default()).findings.into_iter().map(|f| f.check).collect()
    }

    #[test]
    fn a_red_change_fix_asks_for_the_value_the_order_lacks() {
        let f = lint(&order(r#"{"flag":"red","remark":"改电话 小王/11-25"}"#), &LintOptions::default());
        let fix = &f.findings[0].fix;
        assert_eq!(fix.entry.as_ref().map(|e| e.reason), Some(Reason::ChangePhone));
        assert_eq!(fix.ask.len(), 1, "{fix:?}");
        assert_eq!(fix.ask[0].field, "phone");
        assert_eq!(fix.ask[0].label.zh, "新的收货电话");
        let json = serde_json::to_value(fix).unwrap();
        assert_eq!(json["ask"][0]["field"], "phone", "{json}");
        // With the receiver's phone on the order, the entry is complete: nothing to ask.
        let f = lint(
            &order(r#"{"flag":"red","remark":"改电话 小王/11-25","receiver":{"phone":"13900001111"}}"#),
            &LintOptions::default(),
        );
        let fix = &f.findings[0].fix;
        assert!(fix.ask.is_empty(), "{fix:?}");
        assert!(serde_json::to_value(fix).unwrap().get("ask").is_none());
        // A fix with no receiver change asks nothing.
        let f = lint(
            &order(r#"{"status":"shipped","flag":"purple","remark":"【取消订单】（小王/2026-11-25 14:30）"}"#),
            &LintOptions::default(),
        );
        assert!(f.findings[0].fix.ask.is_empty());
    }

    #[test]
    fn purple_on_shipped_is_a_mismatch_with_a_blue_fix() {
        let f = lint(
            &order(r#"{"status":"shipped","flag":"purple","remark":"【取消订单】（小王/2026-11-25 14:30）"}"#),
            &LintOptions::default(),
        );
        assert_eq!(f.findings.len(), 1);
        assert_eq!(f.findings[0].check, Check::FlagStatusMismatch);
        assert_eq!(f.findings[0].fix.flag, Some(Flag::Blue));
        assert_eq!(
            checks(r#"{"status":"paid","flag":"blue","remark":"【退货】（小王/2026-11-25 14:30）"}"#),
            vec![Check::FlagStatusMismatch]
        );
    }

    #[test]
    fn a_source_without_flags_skips_the_flag_checks_and_says_so() {
        // Purple on a shipped order would be a mismatch, but this flag is only the
        // default of an export that has no flag column.
        let f = lint(
            &order(r#"{"status":"shipped","flag":"purple","remark":"加急","unknown":["flag","items"]}"#),
            &LintOptions::default(),
        );
        assert_eq!(f.findings.iter().map(|f| f.check).collect::<Vec<_>>(), vec![Check::EntryUnsigned]);
        let skipped: Vec<_> = f.skipped.iter().map(|s| (s.check.as_str(), s.missing)).collect();
        assert_eq!(skipped, vec![("flag-status-mismatch", Fact::Flag), ("red-change-incomplete", Fact::Flag)]);
        let cod = lint(&order(r#"{"cod":true,"status":"paid","unknown":["flag"]}"#), &LintOptions::default());
        assert!(cod.findings.is_empty());
        assert!(cod.skipped.iter().any(|s| s.check == "cod-unconfirmed"));
        assert!(cod.skipped.iter().any(|s| s.check == "change-without-entry"));
    }

    #[test]
    fn check_names_are_the_json_names() {
        crate::model::names_agree_with_serde(Check::ALL, Check::name);
        crate::model::names_agree_with_serde(Severity::ALL, Severity::name);
    }

    #[test]
    fn red_needs_value_and_time() {
        assert_eq!(checks(r#"{"flag":"red","remark":"改电话 小王/11-25"}"#), vec![Check::RedChangeIncomplete]);
        assert!(checks(r#"{"flag":"red","remark":"改电话：13900001111 小王/11-25 14:30"}"#).is_empty());
        assert!(checks(r#"{"flag":"red","remark":"【改电话】电话：139（小王/2026-11-25 14:30）"}"#).is_empty());
    }

    #[test]
    fn unsigned_lines_are_found_one_by_one() {
        let f = lint(&order(r#"{"remark":"加急\n送礼物 小王/11-25\n小王 赠品"}"#), &LintOptions::default());
        let lines: Vec<_> = f.findings.iter().map(|f| (f.check, f.remark_line)).collect();
        assert_eq!(lines, vec![(Check::EntryUnsigned, Some(1)), (Check::EntryUnsigned, Some(3))]);
    }

    #[test]
    fn changes_and_cancellations_need_entries() {
        assert_eq!(
            checks(r#"{"receiver":{"address":"杭州","changed_at":"2026-11-25T10:00:00+08:00"},"flag":"red"}"#),
            vec![Check::ChangeWithoutEntry]
        );
        assert_eq!(
            checks(r#"{"status":"closed","paid_at":"2026-11-25T10:00:00+08:00"}"#),
            vec![Check::ChangeWithoutEntry]
        );
        assert_eq!(checks(r#"{"flag":"purple"}"#), vec![Check::ChangeWithoutEntry]);
        assert!(checks(r#"{"status":"closed"}"#).is_empty(), "unpaid orders time out without anyone writing");
    }

    #[test]
    fn cod_wants_yellow_unless_a_higher_flag_is_set() {
        assert_eq!(checks(r#"{"cod":true,"status":"unpaid"}"#), vec![Check::CodUnconfirmed]);
        assert!(checks(r#"{"cod":true,"status":"unpaid","flag":"yellow"}"#).is_empty());
        assert!(checks(r#"{"cod":true,"cod_confirmed":true,"status":"unpaid"}"#).is_empty());
    }

    #[test]
    fn remapped_colours_change_the_checks() {
        let mut opts = LintOptions::default();
        opts.flags.roles.unshipped_change = Flag::Green;
        let o = order(r#"{"status":"shipped","flag":"green","remark":"【取消订单】（小王/2026-11-25 14:30）"}"#);
        assert_eq!(lint(&o, &opts).findings[0].check, Check::FlagStatusMismatch);
    }
}
