//! Lint: QA over existing orders, finding remarks and flags that break the conventions
//! (R-REMARK-6). Each finding names its rule, a severity, a message in Chinese and
//! English, and a fix: the flag and the entry that would satisfy it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::flag::{Flag, FlagConventions};
use crate::order::{Order, OrderStatus};
use crate::remark::{loose_signature, Details, Reason, Remark, Segment};
use crate::text::{text, Text};

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

/// An entry to write, without agent and time: whoever applies the fix signs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EntryTemplate {
    /// Why.
    pub reason: Reason,
    /// What to record.
    #[serde(default)]
    pub details: Details,
}

/// What would satisfy a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fix {
    /// The flag to set.
    pub flag: Flag,
    /// The entry to append, if one is needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<EntryTemplate>,
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
}

const RULE: &str = "R-REMARK-6";

/// Words that mark a hand-written line as a cancellation or refund.
const CANCEL_WORDS: [&str; 6] = ["取消", "退款", "cancel", "Cancel", "refund", "Refund"];
/// Words that mark a hand-written line as a change of receiver or courier.
const CHANGE_WORDS: [&str; 14] = [
    "改",
    "地址",
    "电话",
    "手机",
    "收件人",
    "快递",
    "address",
    "Address",
    "phone",
    "Phone",
    "recipient",
    "Recipient",
    "courier",
    "Courier",
];

fn mentions(line: &str, words: &[&str]) -> bool {
    words.iter().any(|w| line.contains(w))
}

/// Lints one order.
pub fn lint(order: &Order, options: &LintOptions) -> OrderFindings {
    let roles = &options.flags.roles;
    let remark = Remark::parse(&order.remark);
    let mut findings = Vec::new();
    let flag = order.flag;

    // R-FLAG-2: purple means an unshipped order changed, blue a shipped order's after-sales.
    let unshipped = (roles.unshipped_change, text("未发货订单修改/取消", "change to an unshipped order"));
    let shipped = (roles.shipped_aftersales, text("已发货订单售后", "after-sales on a shipped order"));
    let mismatch = if flag == unshipped.0 && order.status.is_shipped() {
        Some((unshipped, shipped))
    } else if flag == shipped.0 && order.status.is_unshipped() {
        Some((shipped, unshipped))
    } else {
        None
    };
    if let Some(((_, meant), (expected, expected_meant))) = mismatch {
        let status = order.status;
        findings.push(Finding::new(
            Check::FlagStatusMismatch,
            vec!["R-FLAG-2"],
            Severity::Error,
            text(
                format!(
                    "订单{}，却插着{}（{}）；应插{}（{}）",
                    status_zh(status),
                    flag.name_zh(),
                    meant.zh,
                    expected.name_zh(),
                    expected_meant.zh
                ),
                format!(
                    "{flag} flag ({}) on {} {} order; it should be {expected} ({})",
                    meant.en,
                    article(status),
                    status.name(),
                    expected_meant.en
                ),
            ),
            Fix { flag: expected, entry: None },
        ));
    }

    // R-FLAG-3: a red change carries the changed value and the time.
    let change_recorded =
        remark.entries().any(|e| e.reason.is_receiver_change() && e.reason.changed_value(&e.details).is_some());
    let loose_change = remark.segments.iter().any(|s| {
        let line = s.line();
        matches!(s, Segment::Text { .. })
            && mentions(line, &CHANGE_WORDS)
            && (line.contains('：') || line.contains(':'))
            && loose_signature(line).time
    });
    let any_change_line = remark.entries().any(|e| e.reason.is_receiver_change())
        || remark.segments.iter().any(|s| mentions(s.line(), &CHANGE_WORDS));
    if flag == roles.special_handling && !change_recorded && !loose_change && any_change_line {
        findings.push(Finding::new(
            Check::RedChangeIncomplete,
            vec!["R-FLAG-3"],
            Severity::Error,
            text(
                format!("{}标记了修改，但备注没有写明修改后的内容和修改时间", flag.name_zh()),
                format!("{flag} flag marks a change, but no remark entry gives the changed value and the time"),
            ),
            Fix { flag, entry: Some(receiver_change_template(order, &remark)) },
        ));
    }

    // R-REMARK-2: every line is signed "agent/date".
    for (i, seg) in remark.segments.iter().enumerate() {
        let Segment::Text { .. } = seg else { continue };
        let line = seg.line();
        if line.trim().is_empty() {
            continue;
        }
        let sig = loose_signature(line);
        let missing = match (sig.agent, sig.date) {
            (true, true) => continue,
            (false, true) => text("客服名", "agent"),
            (true, false) => text("日期", "date"),
            (false, false) => text("客服名和日期", "agent and date"),
        };
        findings.push(Finding {
            remark_line: Some(i + 1),
            ..Finding::new(
                Check::EntryUnsigned,
                vec!["R-REMARK-2"],
                Severity::Warning,
                text(
                    format!("备注第{}行缺少{}（格式：原因 客服名/日期）", i + 1, missing.zh),
                    format!("remark line {} has no {} (write: reason agent/date)", i + 1, missing.en),
                ),
                Fix {
                    flag,
                    entry: Some(EntryTemplate {
                        reason: Reason::FollowUp,
                        details: Details { note: Some(format!("补签第{}行备注", i + 1)), ..Details::default() },
                    }),
                },
            )
        });
    }

    // R-REMARK-1: cancellations and receiver changes are written down by whoever did them.
    let has_lines = remark.segments.iter().any(|s| !s.line().trim().is_empty());
    let cancel_recorded = remark.entries().any(|e| matches!(e.reason, Reason::Cancel | Reason::Refund))
        || remark.segments.iter().any(|s| mentions(s.line(), &CANCEL_WORDS));
    if let Some(receiver) = order.receiver.as_ref().filter(|r| r.changed_at.is_some()) {
        if !any_change_line {
            findings.push(Finding::new(
                Check::ChangeWithoutEntry,
                vec!["R-REMARK-1", "R-FLAG-3"],
                Severity::Error,
                text(
                    format!(
                        "收货信息于{}修改过，备注却没有记录",
                        receiver.changed_at.map(|t| t.remark_stamp()).unwrap_or_default()
                    ),
                    format!(
                        "receiving information changed at {}, but no remark entry records it",
                        receiver.changed_at.map(|t| t.remark_stamp()).unwrap_or_default()
                    ),
                ),
                Fix { flag: roles.special_handling, entry: Some(receiver_change_template(order, &remark)) },
            ));
        }
    }
    let cancelled_after_payment = order.status == OrderStatus::Closed && order.paid_at.is_some();
    if cancelled_after_payment && !cancel_recorded {
        let fix_flag = if order.shipped_at.is_some() { roles.shipped_aftersales } else { roles.unshipped_change };
        findings.push(Finding::new(
            Check::ChangeWithoutEntry,
            vec!["R-REMARK-1", "R-FLAG-2"],
            Severity::Error,
            text(
                "订单付款后被关闭（取消），备注却没有取消记录",
                "order was closed after payment (cancelled), but no remark entry records the cancellation",
            ),
            Fix { flag: fix_flag, entry: Some(EntryTemplate { reason: Reason::Cancel, details: Details::default() }) },
        ));
    } else if flag == roles.unshipped_change && order.status.is_unshipped() && !has_lines {
        findings.push(Finding::new(
            Check::ChangeWithoutEntry,
            vec!["R-REMARK-1", "R-FLAG-2"],
            Severity::Error,
            text(
                format!("插着{}（修改/取消），备注却是空的", flag.name_zh()),
                format!("{flag} flag (change or cancellation) but the remark is empty"),
            ),
            Fix { flag, entry: Some(EntryTemplate { reason: Reason::Cancel, details: Details::default() }) },
        ));
    }

    // S15 / seed 002 §2 item 7: an unconfirmed COD order waits for the buyer.
    let waiting = roles.awaiting_buyer;
    let flags = &options.flags;
    if order.cod && !order.cod_confirmed && order.status.is_unshipped() && flags.rank(flag) > flags.rank(waiting) {
        findings.push(Finding::new(
            Check::CodUnconfirmed,
            vec!["R-FLAG-1"],
            Severity::Warning,
            text(
                format!("货到付款订单尚未与买家确认，应插{}并联系买家确认", waiting.name_zh()),
                format!("cash-on-delivery order not confirmed with the buyer; flag it {waiting} and contact the buyer"),
            ),
            Fix {
                flag: waiting,
                entry: Some(EntryTemplate { reason: Reason::CodConfirm, details: Details::default() }),
            },
        ));
    }

    OrderFindings { order_id: order.order_id.clone(), findings }
}

/// The entry that records a receiver change: the kind of change as the remark words it
/// (phone, recipient, courier, else address), with the value the order now holds.
fn receiver_change_template(order: &Order, remark: &Remark) -> EntryTemplate {
    let r = order.receiver.clone().unwrap_or_default();
    let said = |words: &[&str]| remark.segments.iter().any(|s| mentions(s.line(), words));
    if said(&["电话", "手机", "phone", "Phone"]) {
        return EntryTemplate {
            reason: Reason::ChangePhone,
            details: Details { phone: r.phone, ..Details::default() },
        };
    }
    if said(&["收件人", "recipient", "Recipient"]) {
        return EntryTemplate {
            reason: Reason::ChangeRecipient,
            details: Details { recipient: r.name, ..Details::default() },
        };
    }
    if said(&["快递", "courier", "Courier"]) {
        return EntryTemplate { reason: Reason::DesignatedCourier, details: Details::default() };
    }
    let (reason, details) = if let Some(address) = r.address {
        (Reason::ChangeAddress, Details { address: Some(address), ..Details::default() })
    } else if let Some(phone) = r.phone {
        (Reason::ChangePhone, Details { phone: Some(phone), ..Details::default() })
    } else {
        (Reason::ChangeRecipient, Details { recipient: r.name, ..Details::default() })
    };
    EntryTemplate { reason, details }
}

fn article(s: OrderStatus) -> &'static str {
    if s == OrderStatus::Unpaid {
        "an"
    } else {
        "a"
    }
}

fn status_zh(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Unpaid => "未付款",
        OrderStatus::Paid => "已付款未发货",
        OrderStatus::Pushed => "已推单未发货",
        OrderStatus::Shipped => "已发货",
        OrderStatus::Delivered => "已签收",
        OrderStatus::Closed => "已关闭",
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
    fn purple_on_shipped_is_a_mismatch_with_a_blue_fix() {
        let f = lint(
            &order(r#"{"status":"shipped","flag":"purple","remark":"【取消订单】（小王/2026-11-25 14:30）"}"#),
            &LintOptions::default(),
        );
        assert_eq!(f.findings.len(), 1);
        assert_eq!(f.findings[0].check, Check::FlagStatusMismatch);
        assert_eq!(f.findings[0].fix.flag, Flag::Blue);
        assert_eq!(
            checks(r#"{"status":"paid","flag":"blue","remark":"【退货】（小王/2026-11-25 14:30）"}"#),
            vec![Check::FlagStatusMismatch]
        );
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
