//! Proactive service: the same trees on an order nobody asked about yet (R-PROACTIVE-*),
//! and the order in which a batch of such orders becomes a contact queue.

use chrono::Timelike;

use super::common::{ship_by_at_risk, ship_by_because, stalled};
use super::logistics;
use crate::decision::Channel;
use crate::decision::{ActionId, Decision, Draft, Outcome, Responsibility};
use crate::model::case::Case;
use crate::model::duration::Span;
use crate::model::fact::Fact;
use crate::model::level::Level;
use crate::model::order::OrderStatus;
use crate::model::text::text;
use crate::model::time::Timestamp;
use crate::policy::ReplyId;
use crate::registry::id;
use crate::remark::{Details, Reason, Remark};

/// Scans one order for anomalies before the buyer asks. Each rule says whether it found
/// something; the first one that did chooses the reply.
pub fn scan(d: &mut Draft<'_>) {
    let mut found = out_of_stock(d);
    found |= ship_by_at_risk_now(d, found);
    found |= stalled_parcel(d);
    found |= to_confirm(d, found);
    found |= payment_reminder(d, found);
    if found {
        d.contact.proactive = true;
        d.outcome(Outcome::ProactiveContact);
    } else {
        d.outcome(Outcome::NoAction);
    }
}

/// R-PROACTIVE-2: an item cannot ship.
fn out_of_stock(d: &mut Draft<'_>) -> bool {
    let order = &d.case.order;
    if !order.status.is_unshipped() || !d.knows(id::R_PROACTIVE_2, Fact::OutOfStock) {
        return false;
    }
    if !order.items.iter().any(|i| i.out_of_stock) {
        return false;
    }
    d.rule(
        id::R_PROACTIVE_2,
        text(
            "有商品缺货或超卖：联系买家，提供退款或换款",
            "an item is out of stock or oversold: contact the buyer, offer a refund or an exchange",
        ),
    );
    d.responsible(Responsibility::Merchant);
    d.act(ActionId::ContactBuyer);
    d.act(ActionId::OfferRefundOrExchange);
    if order.items.iter().any(|i| !i.out_of_stock) {
        d.act(ActionId::ShipRestFirst);
    }
    d.reply(ReplyId::ProactiveOutOfStock);
    d.propose_flag(d.policy.flags.roles.special_handling, id::R_PROACTIVE_2);
    let details = logistics::out_of_stock_details(d);
    d.write(Reason::FollowUp, details);
    true
}

/// R-PROACTIVE-1: ship-by at risk.
fn ship_by_at_risk_now(d: &mut Draft<'_>, replied: bool) -> bool {
    // Without a promised ship time the ship-by is derived from the pay time (R-PROACTIVE-1);
    // only an order with neither is skipped for want of it.
    let order = &d.case.order;
    let waiting = matches!(order.status, OrderStatus::Paid | OrderStatus::Pushed);
    if waiting && order.ship_by.is_none() && order.paid_at.is_none() && !d.knows(id::R_PROACTIVE_1, Fact::ShipBy) {
        return false;
    }
    let Some(minutes) = ship_by_at_risk(d) else { return false };
    d.rule(id::R_PROACTIVE_1, ship_by_because(d, minutes));
    d.responsible(Responsibility::Merchant);
    if !d.has_action(ActionId::Apologise) {
        d.act(ActionId::Apologise);
    }
    if !d.has_action(ActionId::GiveShipDate) {
        if minutes < 0 {
            // Late: the reply names the date, or the agent gets it (R-LATE-1).
            logistics::give_ship_date(d);
        } else {
            d.act(ActionId::GiveShipDate);
        }
    }
    for step in [ActionId::ConfirmStillWanted, ActionId::UrgeWarehouse] {
        if !d.has_action(step) {
            d.act(step);
        }
    }
    if !replied {
        // Before ship-by the order is not late: no "late" wording (R-LATE-1).
        d.reply(if minutes < 0 { ReplyId::ProactiveLate } else { ReplyId::ProactiveShipSoon });
    }
    true
}

/// R-PROACTIVE-3: the parcel is stalled. Stalls happen after shipping, so no
/// merchant-fault anomaly above competes.
fn stalled_parcel(d: &mut Draft<'_>) -> bool {
    let case = d.case;
    if case.order.status != OrderStatus::Shipped {
        return false;
    }
    // Without the carrier's scans (an export has none) the time since shipping says
    // nothing about a stall; a logistics event in the case's context still does.
    if case.context.logistics.last_event_at.is_none() && !d.knows(id::R_PROACTIVE_3, Fact::PickedUpAt) {
        return false;
    }
    let Some(hours) = stalled(d) else { return false };
    let (span, limit) = (Span::hours(hours), Span::hours(i64::from(d.policy.stall_hours)));
    d.rule(
        id::R_PROACTIVE_3,
        text(
            format!("已发货，物流{}（超过{}没有更新即算停滞）", span.stalled().zh, limit.zh()),
            format!("shipped, no logistics update for {} (limit {})", span.en(), limit.en()),
        ),
    );
    logistics::stall(d, hours);
    true
}

/// R-PROACTIVE-5: data anomalies to confirm before the order is pushed.
fn to_confirm(d: &mut Draft<'_>, replied: bool) -> bool {
    let order = &d.case.order;
    if !matches!(order.status, OrderStatus::Unpaid | OrderStatus::Paid) {
        return false;
    }
    let no_variant = d.knows(id::R_PROACTIVE_5, Fact::Items)
        && order.items.iter().any(|i| i.variant.as_deref().is_none_or(|v| v.trim().is_empty()));
    let cod = order.cod && !order.cod_confirmed;
    let (what_zh, what) = match (no_variant, cod) {
        (false, false) => return false,
        (true, true) => (
            "有商品没选颜色尺码，且货到付款订单未确认",
            "a line has no colour or size chosen, and the COD order is not confirmed",
        ),
        (true, false) => ("有商品没选颜色尺码", "a line has no colour or size chosen"),
        (false, true) => (
            "货到付款订单未确认（货到付款费用更高，拒收常见）",
            "a cash-on-delivery order is not confirmed (COD costs more; refusals are common)",
        ),
    };
    d.rule(
        id::R_PROACTIVE_5,
        text(
            format!("{what_zh}：推送仓库前先和买家确认"),
            format!("{what}: confirm with the buyer before the order is pushed"),
        ),
    );
    d.act_detail(ActionId::ConfirmWithBuyer, if cod { "cod" } else { "variant" });
    if cod {
        // 002 part 2 §7: a COD order is confirmed by phone.
        d.contact.channel = Channel::Phone;
    }
    d.propose_flag(d.policy.flags.roles.awaiting_buyer, id::R_PROACTIVE_5);
    // The follow-up says what is awaited (R-REMARK-2).
    let zh = d.policy.remark.lang == crate::remark::Lang::Zh;
    let note = match (cod, no_variant, zh) {
        (true, true, true) => "待买家电话确认货到付款（费用更高，可改在线支付）及颜色尺码",
        (true, false, true) => "待买家电话确认货到付款（费用更高，可改在线支付）",
        (false, _, true) => "待买家选择颜色尺码",
        (true, true, false) => {
            "awaiting the buyer's COD confirmation by phone (costs more; online payment offered) and colour/size"
        }
        (true, false, false) => "awaiting the buyer's COD confirmation by phone (costs more; online payment offered)",
        (false, _, false) => "awaiting the buyer's colour/size",
    };
    let details = Details { note: Some(note.to_owned()), ..Details::default() };
    d.write(if cod { Reason::CodConfirm } else { Reason::FollowUp }, details);
    if !replied {
        d.reply(if cod { ReplyId::ProactiveConfirmCod } else { ReplyId::ProactiveConfirm });
    }
    true
}

/// R-PROACTIVE-4: one payment reminder for a silent unpaid order.
fn payment_reminder(d: &mut Draft<'_>, replied: bool) -> bool {
    let case = d.case;
    let order = &case.order;
    if order.status != OrderStatus::Unpaid || order.cod {
        return false;
    }
    let p = &d.policy.payment_reminder;
    let age = order.created_at.map(|t| t.minutes_until(&case.now));
    let before_cutoff = case.now.local_hour() < p.cutoff_hour;
    // The remark is the order's memory: a reminder entry already written counts as sent,
    // so scanning the same export twice never reminds twice.
    let written = Remark::parse(&order.remark).entries().filter(|e| e.reason == Reason::PaymentReminder).count();
    let sent = case.context.reminders_sent.max(u32::try_from(written).unwrap_or(u32::MAX));
    if written > 0 && sent >= p.max_reminders {
        d.rule(
            id::R_PROACTIVE_4,
            text("备注里已有催付记录：不再催付", "a payment reminder is already in the remark: not sent again"),
        );
        return false;
    }
    let due = !case.context.prior_chat
        && sent < p.max_reminders
        && age.is_some_and(|a| a >= i64::from(p.min_age_minutes))
        && before_cutoff;
    if !due {
        return false;
    }
    d.rule(
        id::R_PROACTIVE_4,
        text(
            "未付款、下单前没咨询、已过等待时间且未过截止时间：催付一次",
            "unpaid, placed without a chat, old enough and before the cut-off: one payment reminder",
        ),
    );
    d.act(ActionId::SendPaymentReminder);
    d.act(ActionId::CheckAddressQuantityStyle);
    d.propose_flag(d.policy.flags.roles.awaiting_buyer, id::R_PROACTIVE_4);
    if !replied {
        d.reply(ReplyId::ProactivePayment);
        d.write(Reason::PaymentReminder, Details::default());
    }
    true
}

/// R-PROACTIVE-6: a queued order's trace names its tier, the part of the queue order
/// that is not time or money: its escalation level and whether the merchant is at
/// fault. Runs after escalation and responsibility are settled.
pub fn queue_tier(d: &mut Draft<'_>) {
    if d.outcome != Outcome::ProactiveContact {
        return;
    }
    let level = d.level;
    let merchant = d.responsibility == Responsibility::Merchant;
    let tier = QueueKey::tier(level, merchant);
    let last = QueueKey::tier(Level::None, false);
    let (level_zh, level_en) = match level {
        Level::None => (level.name_zh().to_owned(), "no escalation".to_owned()),
        _ => (format!("升级至{}", level.name_zh()), format!("escalated to {}", level.name())),
    };
    let (fault_zh, fault_en) = if merchant {
        ("商家责任", "the merchant is at fault")
    } else {
        ("非商家责任", "not the merchant's fault")
    };
    d.rule(
        id::R_PROACTIVE_6,
        text(
            format!("排队第{tier}档（共{last}档）：{level_zh}，{fault_zh}；同档内按距承诺发货时间、再按订单金额排序"),
            format!(
                "queue tier {tier} of {last}: {level_en}, {fault_en}; within the tier by time to ship-by, then by order value"
            ),
        ),
    );
}

/// What R-PROACTIVE-6 sorts on: escalation level, highest first (leadership before
/// supervisor before senior before none); within a level, merchant-fault cases first;
/// then time left to ship-by (least first, none last); then order value (highest
/// first); then the id. [`QueueKey::sort_key`] encodes that order as a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueKey {
    /// The escalation level.
    pub level: Level,
    /// The merchant is at fault.
    pub merchant_fault: bool,
    /// Minutes to ship-by, for unshipped orders.
    pub minutes_to_ship_by: Option<i64>,
    /// Order value.
    pub total_fen: i64,
    /// Tie-breaker.
    pub order_id: String,
}

impl QueueKey {
    /// 0 for leadership .. 3 for none: the highest level sorts first.
    pub fn level_rank(level: Level) -> u8 {
        match level {
            Level::Leadership => 0,
            Level::Supervisor => 1,
            Level::Senior => 2,
            Level::None => 3,
        }
    }

    /// The tier, 1 (leadership, merchant at fault) to 8 (no level, not merchant fault):
    /// the part of the queue order that is neither time nor money.
    pub fn tier(level: Level, merchant_fault: bool) -> u8 {
        Self::level_rank(level) * 2 + u8::from(!merchant_fault) + 1
    }

    /// This key's tier ([`QueueKey::tier`]).
    pub fn tier_of(&self) -> u8 {
        Self::tier(self.level, self.merchant_fault)
    }

    /// The key as a string that sorts in queue order, so that hosts merging batches
    /// sort plain strings and need not know the rule. Its first two characters are the
    /// tier: the level's rank, then 0 for merchant fault, 1 otherwise.
    pub fn sort_key(&self) -> String {
        let level = Self::level_rank(self.level);
        let fault = if self.merchant_fault { '0' } else { '1' };
        // Minutes may be negative (overdue): shift into the positive range; none sorts last.
        let minutes = match self.minutes_to_ship_by {
            Some(m) => format!("{:020}", i128::from(m) + i128::from(i64::MAX)),
            None => "9".repeat(21),
        };
        let value = i128::from(i64::MAX) - i128::from(self.total_fen);
        format!("{level}{fault}|{minutes}|{value:020}|{}", self.order_id)
    }

    /// The key of a scanned order.
    pub fn of(decision: &Decision, case: &Case) -> QueueKey {
        let order = &case.order;
        QueueKey {
            level: decision.escalation.level,
            merchant_fault: decision.responsibility == Responsibility::Merchant,
            minutes_to_ship_by: order
                .ship_by
                .filter(|_| order.status.is_unshipped())
                .map(|t| case.now.minutes_until(&t)),
            total_fen: order.total.fen(),
            order_id: order.order_id.clone(),
        }
    }
}

/// Hour of the day in the timestamp's own offset.
trait LocalHour {
    fn local_hour(&self) -> u32;
}

impl LocalHour for Timestamp {
    fn local_hour(&self) -> u32 {
        self.inner().hour()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(level: Level, merchant_fault: bool, minutes: Option<i64>, fen: i64) -> String {
        QueueKey { level, merchant_fault, minutes_to_ship_by: minutes, total_fen: fen, order_id: "1".into() }.sort_key()
    }

    #[test]
    fn keys_sort_in_the_rulebooks_queue_order() {
        // R-PROACTIVE-6: level first, then merchant fault, then ship-by, then value.
        let mut keys = [
            ("none, other", key(Level::None, false, Some(10), 100)),
            ("none, merchant, later", key(Level::None, true, Some(600), 100)),
            ("none, merchant, overdue", key(Level::None, true, Some(-90), 100)),
            ("senior, other", key(Level::Senior, false, None, 1)),
            ("supervisor, merchant", key(Level::Supervisor, true, None, 1)),
            ("supervisor, other", key(Level::Supervisor, false, Some(0), 1)),
            ("leadership, other", key(Level::Leadership, false, None, 1)),
            ("none, merchant, later, bigger", key(Level::None, true, Some(600), 900)),
        ];
        keys.sort_by(|a, b| a.1.cmp(&b.1));
        let order: Vec<&str> = keys.iter().map(|k| k.0).collect();
        assert_eq!(
            order,
            vec![
                "leadership, other",
                "supervisor, merchant",
                "supervisor, other",
                "senior, other",
                "none, merchant, overdue",
                "none, merchant, later, bigger",
                "none, merchant, later",
                "none, other",
            ]
        );
    }
}
