//! Cancellations and changes before after-sales (R-CANCEL-1..7, R-FLAG-3), branch by
//! branch as the rulebook's §4 reads.

use crate::aftersales;
use crate::case::{BuyerReason, WarehouseAnswer};
use crate::decision::{Draft, Outcome, Payer, Responsibility};
use crate::order::OrderStatus;
use crate::remark::{Details, Reason};

/// The buyer asks to cancel.
pub fn cancel(d: &mut Draft<'_>) {
    let status = d.case.order.status;
    if status == OrderStatus::Delivered {
        d.rule("R-CANCEL-5", "the order is delivered: a cancellation is now a return");
        aftersales::returns(d);
        return;
    }
    if status == OrderStatus::Closed {
        d.outcome(Outcome::NothingToCancel);
        d.reply("cancel.closed");
        return;
    }
    let reason = d.case.request.reason;
    d.responsible(match reason {
        Some(BuyerReason::LateShipment) => Responsibility::Merchant,
        // A cancellation is the buyer's own choice unless the reason says otherwise.
        _ => Responsibility::Buyer,
    });
    late_shipment(d);
    let doubt = reason.is_some_and(BuyerReason::is_doubt);
    let retaining = retention(d, "R-CANCEL-6", doubt);
    match status {
        OrderStatus::Unpaid => unpaid(d),
        OrderStatus::Paid => paid_not_pushed(d),
        OrderStatus::Pushed => pushed(d),
        _ => shipped(d),
    }
    if retaining {
        d.reply("cancel.retention");
    }
}

/// R-CANCEL-6 / R-RETAIN-1: one attempt to solve the buyer's own problem first, when the
/// reason is theirs (`own_reason`), the shop retains, and no attempt was made yet.
/// Returns whether the attempt is part of the plan.
pub fn retention(d: &mut Draft<'_>, rule: &'static str, own_reason: bool) -> bool {
    let request = &d.case.request;
    if !own_reason || !d.policy.retention || request.insists || d.case.context.retention_attempted {
        return false;
    }
    d.rule(rule, "the reason is the buyer's own: try once to solve it, then proceed if they still want to");
    d.act("retention_attempt");
    true
}

/// R-CANCEL-7: past or near the ship-by time, apologise and confirm before anything else.
fn late_shipment(d: &mut Draft<'_>) {
    if let Some(minutes) = aftersales::ship_by_at_risk(d) {
        d.rule("R-CANCEL-7", aftersales::ship_by_because(minutes));
        d.act("apologise");
        d.act("confirm_still_wanted");
    }
}

/// R-CANCEL-1.
fn unpaid(d: &mut Draft<'_>) {
    if d.policy.close_unpaid_on_request {
        d.rule("R-CANCEL-1", "unpaid; the shop closes unpaid orders on request");
        d.act("close_order");
        d.outcome(Outcome::AgentClosesOrder);
        d.reply("cancel.unpaid.closed");
    } else {
        d.rule("R-CANCEL-1", "unpaid: the buyer closes the order themselves; no flag needed");
        d.act("explain_how_to_close");
        d.outcome(Outcome::BuyerClosesOrder);
        d.reply("cancel.unpaid");
    }
}

/// R-CANCEL-2.
fn paid_not_pushed(d: &mut Draft<'_>) {
    d.rule("R-CANCEL-2", "paid, not pushed to the warehouse: the buyer applies for a full refund");
    d.act_amount("guide_refund_application", d.case.order.total);
    d.outcome(Outcome::RefundByBuyerApplication);
    d.reply("cancel.paid");
    mark_unshipped_change(d);
}

/// R-CANCEL-3, with the warehouse's answer.
fn pushed(d: &mut Draft<'_>) {
    match d.case.context.warehouse.unwrap_or(WarehouseAnswer::Pending) {
        WarehouseAnswer::Pending => {
            d.rule("R-CANCEL-3", "pushed to the warehouse, not shipped: ask the warehouse to intercept");
            d.act("request_warehouse_intercept");
            d.act("inform_buyer_of_result");
            d.outcome(Outcome::InterceptAtWarehouse);
            d.reply("cancel.pushed");
        }
        WarehouseAnswer::Intercepted => {
            d.rule("R-CANCEL-3", "the warehouse intercepted the order: refund in full");
            d.act_amount("refund_full", d.case.order.total);
            d.act("inform_buyer_of_result");
            d.outcome(Outcome::RefundAfterIntercept);
            d.reply("cancel.intercepted");
        }
        WarehouseAnswer::NotFound => {
            d.rule("R-CANCEL-3", "the warehouse cannot find the order: check whether it has shipped");
            d.act("check_original_order_shipped");
            d.act("inform_buyer_of_result");
            d.outcome(Outcome::CheckWhetherShipped);
            d.reply("cancel.not_found");
            d.warn(crate::text::text(
                "仓库找不到订单：先核实原单是否已发货，已发货则按已发货取消处理",
                "the warehouse cannot find the order: check whether it shipped; if it did, handle it as a shipped cancellation",
            ));
        }
        WarehouseAnswer::AlreadyShipped => {
            d.rule("R-CANCEL-3", "the warehouse reports the order already shipped: continue as shipped");
            shipped(d);
            return;
        }
    }
    mark_unshipped_change(d);
}

/// R-CANCEL-4.
fn shipped(d: &mut Draft<'_>) {
    d.rule("R-CANCEL-4", "shipped: ask the carrier to return it, or let the buyer refuse delivery");
    d.act("contact_carrier_to_return");
    d.act("or_buyer_refuses_delivery");
    d.outcome(Outcome::CarrierReturnOrRefusal);
    aftersales::shipping_payer(d);
    d.reply(if d.payer == Payer::Buyer { "cancel.shipped.buyer_pays" } else { "cancel.shipped" });
    let flag = d.policy.flags.roles.shipped_aftersales;
    d.rule("R-FLAG-2", "after-sales on a shipped order");
    d.propose_flag(flag, "R-FLAG-2");
    write_entry(d, Reason::Cancel);
}

fn mark_unshipped_change(d: &mut Draft<'_>) {
    let flag = d.policy.flags.roles.unshipped_change;
    d.rule("R-FLAG-2", "an unshipped order is cancelled");
    d.propose_flag(flag, "R-FLAG-2");
    write_entry(d, Reason::Cancel);
}

/// The remark entry for a cancellation or change, with the buyer's words as the note.
pub fn write_entry(d: &mut Draft<'_>, reason: Reason) {
    let note = d.case.request.reason_text.clone().filter(|t| !t.trim().is_empty() && !t.contains(['\n', '\r']));
    d.write(reason, Details { note, ..Details::default() });
}

/// The buyer changes the receiving information or asks for a courier (R-FLAG-3).
pub fn change_receiver(d: &mut Draft<'_>) {
    let status = d.case.order.status;
    let change = d.case.request.new_receiver.clone().unwrap_or_default();
    if matches!(status, OrderStatus::Delivered | OrderStatus::Closed) {
        d.outcome(Outcome::NoAction);
        d.reply("receiver.too_late");
        d.warn(crate::text::text(
            "订单已签收或关闭，不能再修改收货信息",
            "the order is delivered or closed; the receiving information can no longer change",
        ));
        return;
    }
    let (reason, what) = if change.address.is_some() {
        (Reason::ChangeAddress, "address")
    } else if change.phone.is_some() {
        (Reason::ChangePhone, "phone")
    } else if change.name.is_some() {
        (Reason::ChangeRecipient, "recipient")
    } else if change.courier.is_some() {
        (Reason::DesignatedCourier, "courier")
    } else {
        d.act("ask_for_new_receiving_information");
        d.outcome(Outcome::UpdateReceiver);
        d.reply("receiver.ask");
        return;
    };
    d.rule("R-FLAG-3", format!("receiving information changes ({what}): red flag with the new value and the time"));
    d.propose_flag(d.policy.flags.roles.special_handling, "R-FLAG-3");
    d.act("update_receiver_info");
    match status {
        OrderStatus::Pushed => d.act("notify_warehouse_of_change"),
        OrderStatus::Shipped => {
            d.act("contact_carrier_to_redirect");
            d.warn(crate::text::text(
                "已发货：改地址需快递改派，结果以快递为准",
                "shipped: the carrier must redirect the parcel; the result depends on the carrier",
            ));
        }
        _ => {}
    }
    d.outcome(Outcome::UpdateReceiver);
    d.reply(if status == OrderStatus::Shipped { "receiver.shipped" } else { "receiver.updated" });
    let details = Details {
        recipient: change.name,
        phone: change.phone,
        address: change.address,
        courier: change.courier,
        ..Details::default()
    };
    d.write(reason, details);
}
