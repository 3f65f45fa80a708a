//! Proactive service: the same trees on an order nobody asked about yet (R-PROACTIVE-*),
//! and the order in which a batch of such orders becomes a contact queue.

use chrono::Timelike;

use crate::aftersales;
use crate::decision::{Decision, Draft, Outcome, Responsibility};
use crate::escalate::Level;
use crate::order::OrderStatus;
use crate::remark::{Details, Reason};

/// Scans one order for anomalies before the buyer asks.
pub fn scan(d: &mut Draft<'_>) {
    let case = d.case;
    let order = &case.order;
    let mut found = false;

    // R-PROACTIVE-2: cannot ship.
    if order.status.is_unshipped() && order.items.iter().any(|i| i.out_of_stock) {
        d.rule(
            "R-PROACTIVE-2",
            "an item is out of stock or oversold: contact the buyer, offer a refund or an exchange",
        );
        d.responsible(Responsibility::Merchant);
        d.act("contact_buyer");
        d.act("offer_refund_or_exchange");
        d.reply("proactive.out_of_stock");
        found = true;
    }

    // R-PROACTIVE-1: ship-by at risk.
    if let Some(minutes) = aftersales::ship_by_at_risk(d) {
        d.rule("R-PROACTIVE-1", aftersales::ship_by_because(minutes));
        d.responsible(Responsibility::Merchant);
        for step in ["apologise", "give_ship_date", "confirm_still_wanted", "urge_warehouse"] {
            if !d.has_action(step) {
                d.act(step);
            }
        }
        if !found {
            d.reply("proactive.late");
        }
        found = true;
    }

    // R-PROACTIVE-3: parcel stalled.
    if order.status == OrderStatus::Shipped {
        if let Some(hours) = aftersales::stalled(d) {
            d.rule(
                "R-PROACTIVE-3",
                format!("shipped, no logistics update for {hours} h (limit {} h)", d.policy.stall_hours),
            );
            // Stalls happen after shipping, so no merchant-fault anomaly above competes.
            aftersales::stall(d, hours);
            found = true;
        }
    }

    // R-PROACTIVE-5: data anomalies to confirm before the order is pushed.
    if matches!(order.status, OrderStatus::Unpaid | OrderStatus::Paid) {
        let no_variant = order.items.iter().any(|i| i.variant.as_deref().is_none_or(|v| v.trim().is_empty()));
        let cod = order.cod && !order.cod_confirmed;
        if no_variant || cod {
            let what = match (no_variant, cod) {
                (true, true) => "a line has no colour or size chosen, and the COD order is not confirmed",
                (true, false) => "a line has no colour or size chosen",
                _ => "a cash-on-delivery order is not confirmed (COD costs more; refusals are common)",
            };
            d.rule("R-PROACTIVE-5", format!("{what}: confirm with the buyer before the order is pushed"));
            d.act_detail("confirm_with_buyer", if cod { "cod" } else { "variant" });
            d.propose_flag(d.policy.flags.roles.awaiting_buyer, "R-PROACTIVE-5");
            d.write(if cod { Reason::CodConfirm } else { Reason::FollowUp }, Details::default());
            if !found {
                d.reply("proactive.confirm");
            }
            found = true;
        }
    }

    // R-PROACTIVE-4: one payment reminder for a silent unpaid order.
    if order.status == OrderStatus::Unpaid && !order.cod {
        let p = &d.policy.payment_reminder;
        let age = order.created_at.map(|t| t.minutes_until(&case.now));
        let before_cutoff = case.now.local_hour() < p.cutoff_hour;
        if !case.context.prior_chat
            && case.context.reminders_sent < p.max_reminders
            && age.is_some_and(|a| a >= i64::from(p.min_age_minutes))
            && before_cutoff
        {
            d.rule(
                "R-PROACTIVE-4",
                "unpaid, placed without a chat, old enough and before the cut-off: one payment reminder",
            );
            d.act("send_payment_reminder");
            d.act("check_address_quantity_style");
            d.propose_flag(d.policy.flags.roles.awaiting_buyer, "R-PROACTIVE-4");
            if !found {
                d.reply("proactive.payment");
                d.write(Reason::PaymentReminder, Details::default());
            }
            found = true;
        }
    }

    if found {
        d.contact.proactive = true;
        d.outcome(Outcome::ProactiveContact);
    } else {
        d.outcome(Outcome::NoAction);
    }
}

/// What R-PROACTIVE-6 sorts on: leadership-level and merchant-fault cases first, then by
/// time left to ship-by (soonest first, none last), then by order value (highest first),
/// then by id. [`QueueKey::sort_key`] encodes that order as a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueKey {
    /// Leadership level or merchant at fault.
    pub urgent: bool,
    /// Minutes to ship-by, for unshipped orders.
    pub minutes_to_ship_by: Option<i64>,
    /// Order value.
    pub total_fen: i64,
    /// Tie-breaker.
    pub order_id: String,
}

impl QueueKey {
    /// The key as a string that sorts in queue order, so that hosts merging batches
    /// sort plain strings and need not know the rule.
    pub fn sort_key(&self) -> String {
        let urgent = if self.urgent { '0' } else { '1' };
        // Minutes may be negative (overdue): shift into the positive range; none sorts last.
        let minutes = match self.minutes_to_ship_by {
            Some(m) => format!("{:020}", i128::from(m) + i128::from(i64::MAX)),
            None => "9".repeat(21),
        };
        let value = i128::from(i64::MAX) - i128::from(self.total_fen);
        format!("{urgent}|{minutes}|{value:020}|{}", self.order_id)
    }

    /// The key of a scanned order.
    pub fn of(decision: &Decision, case: &crate::case::Case) -> QueueKey {
        let order = &case.order;
        QueueKey {
            urgent: decision.escalation.level == Level::Leadership
                || decision.responsibility == Responsibility::Merchant,
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

impl LocalHour for crate::time::Timestamp {
    fn local_hour(&self) -> u32 {
        self.inner().hour()
    }
}
