//! The buyer changes the receiving information or asks for a courier (R-FLAG-3).

use crate::decision::{ActionId, Draft, Outcome};
use crate::model::order::OrderStatus;
use crate::model::text::text;
use crate::model::time::Timestamp;
use crate::policy::ReplyId;
use crate::registry::id;
use crate::remark::{Details, Lang, Reason};
use chrono::Datelike;

/// Scheduled delivery: the buyer asks not to ship before a date. What is shipped when is
/// special handling the warehouse must see (R-FLAG-3's colour), with the date.
fn ship_later(d: &mut Draft<'_>, after: Timestamp) {
    let status = d.case.order.status;
    if !status.is_unshipped() {
        d.outcome(Outcome::NoAction);
        d.reply(ReplyId::ReceiverShipped);
        d.warn(text(
            "订单已发出，无法延后发货：请联系快递协商派送时间",
            "already shipped: agree a delivery time with the carrier",
        ));
        return;
    }
    d.rule(
        id::R_FLAG_3,
        text(
            "买家要求延后发货：按特殊处理，写明日期，让仓库看到",
            "the buyer asks to ship later: special handling the warehouse must see, with the date",
        ),
    );
    d.propose_flag(d.policy.flags.roles.special_handling, id::R_FLAG_3);
    if status == OrderStatus::Pushed {
        d.act(ActionId::NotifyWarehouseOfChange);
    }
    d.act(ActionId::UpdateReceiverInfo);
    d.outcome(Outcome::UpdateReceiver);
    d.reply(ReplyId::ShipLater);
    let at = after.inner();
    let note = match d.policy.remark.lang {
        Lang::Zh => format!("{}月{}日之后再发货", at.month(), at.day()),
        Lang::En => format!("do not ship before {}", after.remark_stamp()),
    };
    d.write(Reason::ShipLater, Details { note: Some(note), ..Details::default() });
}

/// The buyer changes the receiving information or asks for a courier (R-FLAG-3).
pub fn change_receiver(d: &mut Draft<'_>) {
    let status = d.case.order.status;
    let change = d.case.request.new_receiver.clone().unwrap_or_default();
    let details = Details::receiver(&change);
    if matches!(status, OrderStatus::Delivered | OrderStatus::Closed) {
        d.outcome(Outcome::NoAction);
        d.reply(ReplyId::ReceiverTooLate);
        d.warn(text(
            "订单已签收或关闭，不能再修改收货信息",
            "the order is delivered or closed; the receiving information can no longer change",
        ));
        return;
    }
    let (reason, what) = if change.address.is_some() {
        (Reason::ChangeAddress, ("地址", "address"))
    } else if change.phone.is_some() {
        (Reason::ChangePhone, ("电话", "phone"))
    } else if change.name.is_some() {
        (Reason::ChangeRecipient, ("收货人", "recipient"))
    } else if change.courier.is_some() {
        (Reason::DesignatedCourier, ("指定快递", "courier"))
    } else if let Some(after) = d.case.request.ship_after {
        return ship_later(d, after);
    } else {
        d.act(ActionId::AskForNewReceivingInformation);
        d.outcome(Outcome::UpdateReceiver);
        d.reply(ReplyId::ReceiverAsk);
        return;
    };
    let (what_zh, what) = what;
    d.rule(
        id::R_FLAG_3,
        text(
            format!("收货信息有变更（{what_zh}）：插红旗，写明新信息和时间"),
            format!("receiving information changes ({what}): red flag with the new value and the time"),
        ),
    );
    d.propose_flag(d.policy.flags.roles.special_handling, id::R_FLAG_3);
    // The same request is also a change to an unshipped order: both rules propose their
    // colour and the shop's precedence decides (R-FLAG-4), so a shop that ranks purple
    // above red gets purple, and the trace names the loser either way.
    if status.is_unshipped() {
        d.rule(id::R_FLAG_2, text("未发货订单有变更：插紫旗", "a change to an unshipped order: purple"));
        d.propose_flag(d.policy.flags.roles.unshipped_change, id::R_FLAG_2);
    }
    d.act(ActionId::UpdateReceiverInfo);
    match status {
        OrderStatus::Pushed => d.act(ActionId::NotifyWarehouseOfChange),
        OrderStatus::Shipped => {
            d.act(ActionId::ContactCarrierToRedirect);
            d.warn(text(
                "已发货：改地址需快递改派，结果以快递为准",
                "shipped: the carrier must redirect the parcel; the result depends on the carrier",
            ));
        }
        _ => {}
    }
    d.outcome(Outcome::UpdateReceiver);
    d.reply(if status == OrderStatus::Shipped { ReplyId::ReceiverShipped } else { ReplyId::ReceiverUpdated });
    d.write(reason, details);
}
