//! The checks of R-REMARK-6, one function each, in the order their findings are listed.

use super::signature::loose_signature;
use super::{Check, EntryTemplate, Finding, Fix, Severity, Subject};
use crate::model::fact::Fact;
use crate::model::order::{Order, OrderStatus};
use crate::model::text::text;
use crate::registry::id;
use crate::remark::{Details, Reason, Remark, Segment};

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

/// Some line, entry or hand-written, speaks of a receiver change.
fn any_change_line(remark: &Remark) -> bool {
    remark.entries().any(|e| e.reason.is_receiver_change())
        || remark.segments.iter().any(|s| mentions(s.line(), &CHANGE_WORDS))
}

/// R-FLAG-2: purple means an unshipped order changed, blue a shipped order's after-sales.
pub(super) fn flag_status(s: &Subject<'_>) -> Option<Finding> {
    let (order, roles, flag) = (s.order, &s.flags.roles, s.order.flag);
    let unshipped = (roles.unshipped_change, text("未发货订单修改/取消", "change to an unshipped order"));
    let shipped = (roles.shipped_aftersales, text("已发货订单售后", "after-sales on a shipped order"));
    let ((_, meant), (expected, expected_meant)) = if flag == unshipped.0 && order.status.is_shipped() {
        (unshipped, shipped)
    } else if flag == shipped.0 && order.status.is_unshipped() {
        (shipped, unshipped)
    } else {
        return None;
    };
    let status = order.status;
    Some(Finding::new(
        Check::FlagStatusMismatch,
        vec![id::R_FLAG_2],
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
        Fix::new(Some(expected), None),
    ))
}

/// R-FLAG-3: a red change carries the changed value and the time.
pub(super) fn red_change_incomplete(s: &Subject<'_>) -> Option<Finding> {
    let (remark, flag) = (&s.remark, s.order.flag);
    if flag != s.flags.roles.special_handling {
        return None;
    }
    let change_recorded =
        remark.entries().any(|e| e.reason.is_receiver_change() && e.reason.changed_value(&e.details).is_some());
    let loose_change = remark.segments.iter().any(|seg| {
        let line = seg.line();
        matches!(seg, Segment::Text { .. })
            && mentions(line, &CHANGE_WORDS)
            && (line.contains('：') || line.contains(':'))
            && loose_signature(line).time
    });
    if change_recorded || loose_change || !any_change_line(remark) {
        return None;
    }
    Some(Finding::new(
        Check::RedChangeIncomplete,
        vec![id::R_FLAG_3],
        Severity::Error,
        text(
            format!("{}标记了修改，但备注没有写明修改后的内容和修改时间", flag.name_zh()),
            format!("{flag} flag marks a change, but no remark entry gives the changed value and the time"),
        ),
        Fix::new(Some(flag), Some(receiver_change_template(s.order, remark))),
    ))
}

/// R-REMARK-2: every hand-written line is signed "agent/date".
pub(super) fn unsigned_lines(s: &Subject<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, seg) in s.remark.segments.iter().enumerate() {
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
        let entry = EntryTemplate::new(
            Reason::FollowUp,
            Details { note: Some(format!("补签第{}行备注", i + 1)), ..Details::default() },
        );
        findings.push(Finding {
            remark_line: Some(i + 1),
            ..Finding::new(
                Check::EntryUnsigned,
                vec![id::R_REMARK_2],
                Severity::Warning,
                text(
                    format!("备注第{}行缺少{}（格式：原因 客服名/日期）", i + 1, missing.zh),
                    format!("remark line {} has no {} (write: reason agent/date)", i + 1, missing.en),
                ),
                Fix::new(s.order.knows(Fact::Flag).then_some(s.order.flag), Some(entry)),
            )
        });
    }
    findings
}

/// R-REMARK-1: a receiver change is written down by whoever made it.
pub(super) fn receiver_change_without_entry(s: &Subject<'_>) -> Option<Finding> {
    let changed_at = s.order.receiver.as_ref()?.changed_at?;
    if any_change_line(&s.remark) {
        return None;
    }
    let stamp = changed_at.remark_stamp();
    Some(Finding::new(
        Check::ChangeWithoutEntry,
        vec![id::R_REMARK_1, id::R_FLAG_3],
        Severity::Error,
        text(
            format!("收货信息于{stamp}修改过，备注却没有记录"),
            format!("receiving information changed at {stamp}, but no remark entry records it"),
        ),
        Fix::new(Some(s.flags.roles.special_handling), Some(receiver_change_template(s.order, &s.remark))),
    ))
}

/// R-REMARK-1: a cancellation after payment, or a purple flag, has its entry.
/// Its purple-flag clause needs the flag; `knows` records when the source lacks it.
pub(super) fn cancellation_without_entry(
    s: &Subject<'_>,
    knows: &mut impl FnMut(Check, Fact) -> bool,
) -> Option<Finding> {
    let (order, remark, roles, flag) = (s.order, &s.remark, &s.flags.roles, s.order.flag);
    let has_lines = remark.segments.iter().any(|seg| !seg.line().trim().is_empty());
    let cancel_recorded = remark.entries().any(|e| matches!(e.reason, Reason::Cancel | Reason::Refund))
        || remark.segments.iter().any(|seg| mentions(seg.line(), &CANCEL_WORDS));
    let cancel_entry = || Some(EntryTemplate::new(Reason::Cancel, Details::default()));
    let cancelled_after_payment = order.status == OrderStatus::Closed && order.paid_at.is_some();
    if cancelled_after_payment {
        if cancel_recorded {
            return None;
        }
        let fix_flag = if order.shipped_at.is_some() { roles.shipped_aftersales } else { roles.unshipped_change };
        return Some(Finding::new(
            Check::ChangeWithoutEntry,
            vec![id::R_REMARK_1, id::R_FLAG_2],
            Severity::Error,
            text(
                "订单付款后被关闭（取消），备注却没有取消记录",
                "order was closed after payment (cancelled), but no remark entry records the cancellation",
            ),
            Fix::new(Some(fix_flag), cancel_entry()),
        ));
    }
    if !order.status.is_unshipped() || has_lines || !knows(Check::ChangeWithoutEntry, Fact::Flag) {
        return None;
    }
    if flag != roles.unshipped_change {
        return None;
    }
    Some(Finding::new(
        Check::ChangeWithoutEntry,
        vec![id::R_REMARK_1, id::R_FLAG_2],
        Severity::Error,
        text(
            format!("插着{}（修改/取消），备注却是空的", flag.name_zh()),
            format!("{flag} flag (change or cancellation) but the remark is empty"),
        ),
        Fix::new(Some(flag), cancel_entry()),
    ))
}

/// S15 / seed 002 §2 item 7: an unconfirmed COD order waits for the buyer.
pub(super) fn cod_unconfirmed(s: &Subject<'_>) -> Option<Finding> {
    let (order, flags) = (s.order, s.flags);
    let waiting = flags.roles.awaiting_buyer;
    if !(s.cod_waiting() && flags.rank(order.flag) > flags.rank(waiting)) {
        return None;
    }
    Some(Finding::new(
        Check::CodUnconfirmed,
        vec![id::R_FLAG_1],
        Severity::Warning,
        text(
            format!("货到付款订单尚未与买家确认，应插{}并联系买家确认", waiting.name_zh()),
            format!("cash-on-delivery order not confirmed with the buyer; flag it {waiting} and contact the buyer"),
        ),
        Fix::new(Some(waiting), Some(EntryTemplate::new(Reason::CodConfirm, Details::default()))),
    ))
}

/// The entry that records a receiver change: the kind of change as the remark words it
/// (phone, recipient, courier, else address), with the value the order now holds.
fn receiver_change_template(order: &Order, remark: &Remark) -> EntryTemplate {
    let r = order.receiver.clone().unwrap_or_default();
    let said = |words: &[&str]| remark.segments.iter().any(|s| mentions(s.line(), words));
    if said(&["电话", "手机", "phone", "Phone"]) {
        return EntryTemplate::new(Reason::ChangePhone, Details { phone: r.phone, ..Details::default() });
    }
    if said(&["收件人", "recipient", "Recipient"]) {
        return EntryTemplate::new(Reason::ChangeRecipient, Details { recipient: r.name, ..Details::default() });
    }
    if said(&["快递", "courier", "Courier"]) {
        return EntryTemplate::new(Reason::DesignatedCourier, Details::default());
    }
    let (reason, details) = if let Some(address) = r.address {
        (Reason::ChangeAddress, Details { address: Some(address), ..Details::default() })
    } else if let Some(phone) = r.phone {
        (Reason::ChangePhone, Details { phone: Some(phone), ..Details::default() })
    } else {
        (Reason::ChangeRecipient, Details { recipient: r.name, ..Details::default() })
    };
    EntryTemplate::new(reason, details)
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
        OrderStatus::PartlyShipped => "部分发货",
        OrderStatus::Shipped => "已发货",
        OrderStatus::Delivered => "已签收",
        OrderStatus::Closed => "已关闭",
    }
}
