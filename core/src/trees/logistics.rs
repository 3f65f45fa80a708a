//! Where the parcel is: "where is my order?", late shipments and stalled parcels
//! (R-CANCEL-7, R-LATE-1, R-STALL-1, R-WORD-SHIPPED).

use super::common::{locate, ship_by_at_risk, ship_by_because, stalled};
use crate::decision::{ActionId, Channel, Draft, Outcome, Responsibility};
use crate::model::duration::Span;
use crate::model::money::Money;
use crate::model::order::OrderStatus;
use crate::model::text::text;
use crate::policy::ReplyId;
use crate::registry::id;
use crate::remark::{Details, Reason};

/// "Where is my order?" (R-CANCEL-7, R-LATE-1, R-STALL-1, R-WORD-SHIPPED).
pub fn where_is(d: &mut Draft<'_>) {
    let order = &d.case.order;
    match order.status {
        OrderStatus::Paid | OrderStatus::Pushed => {
            if line_cannot_ship(d) {
                return;
            }
            if let Some(minutes) = ship_by_at_risk(d) {
                d.rule(id::R_CANCEL_7, ship_by_because(d, minutes));
                if minutes < 0 {
                    late(d);
                } else {
                    soon(d);
                }
            } else {
                d.act(ActionId::GiveShipTime);
                d.outcome(Outcome::InformShipTime);
                d.reply(ReplyId::ShipTime);
            }
        }
        OrderStatus::Unpaid => {
            d.act(ActionId::GiveShipTime);
            d.outcome(Outcome::InformShipTime);
            d.reply(ReplyId::ShipUnpaid);
        }
        // A partly shipped order is decided line by line before any tree (decide.rs);
        // were a hook to hand one here whole, its shipped lines are the ones asked about.
        OrderStatus::Shipped | OrderStatus::PartlyShipped => {
            if let Some(hours) = stalled(d) {
                stall(d, hours);
            } else if order.picked_up_at.is_none() {
                d.rule(
                    id::R_WORD_SHIPPED,
                    text(
                        "已发货但快递还没揽收：只说仓库已发出，不说已发货",
                        "shipped but not picked up: say the warehouse has sent it out, not that it has shipped",
                    ),
                );
                d.outcome(Outcome::InformWarehouseShipped);
                d.reply(ReplyId::ShipWarehouse);
            } else {
                d.act(ActionId::GiveTracking);
                d.outcome(Outcome::GiveTracking);
                d.reply(ReplyId::Tracking);
            }
        }
        OrderStatus::Delivered => {
            d.act(ActionId::ConfirmReceiptWithBuyer);
            d.outcome(Outcome::ConfirmDelivery);
            d.reply(ReplyId::Delivered);
        }
        OrderStatus::Closed => d.reply(ReplyId::CancelClosed),
    }
}

/// R-PROACTIVE-2 when the buyer asks first: a line is out of stock or oversold, so no
/// reply promises an on-time shipment. The buyer chooses: a refund of that line, an
/// exchange, or the rest now and that line when it arrives. Until they choose, the
/// warehouse must see that the order may ship split (special handling, R-FLAG-3's
/// colour), and the entry says what is awaited. Returns whether it applied.
pub fn line_cannot_ship(d: &mut Draft<'_>) -> bool {
    let order = &d.case.order;
    if !order.knows(crate::model::fact::Fact::OutOfStock) || !order.items.iter().any(|i| i.out_of_stock) {
        return false;
    }
    let others = order.items.iter().any(|i| !i.out_of_stock);
    d.rule(
        id::R_PROACTIVE_2,
        text(
            "有商品缺货：不承诺按时发货；可退该商品款、换款，或先发其余商品",
            "a line is out of stock: no on-time promise; offer a refund of that line, an exchange, or the rest first",
        ),
    );
    locate(
        d,
        Responsibility::Merchant,
        text("商品发不出是商家责任", "an item that cannot ship is the merchant's fault"),
    );
    d.act(ActionId::Apologise);
    d.act(ActionId::OfferRefundOrExchange);
    if others {
        d.act(ActionId::ShipRestFirst);
    }
    d.outcome(Outcome::LineCannotShip);
    d.reply(ReplyId::ShipOutOfStock);
    d.propose_flag(d.policy.flags.roles.special_handling, id::R_PROACTIVE_2);
    d.write(crate::remark::Reason::FollowUp, out_of_stock_details(d));
    true
}

/// The follow-up entry of a line that cannot ship: which, and what the buyer is asked.
pub fn out_of_stock_details(d: &Draft<'_>) -> Details {
    let lines: Vec<&str> = d.case.order.items.iter().filter(|i| i.out_of_stock).map(|i| i.name()).collect();
    let lines = lines.join("、");
    let note = match d.policy.remark.lang {
        crate::remark::Lang::Zh => format!("{lines}缺货，待买家选择：退该商品/换款/其余先发"),
        crate::remark::Lang::En => {
            format!("{lines} out of stock; buyer to choose: refund it / exchange / ship the rest first")
        }
    };
    Details { note: crate::remark::is_writable_value(&note).then_some(note), ..Details::default() }
}

/// Within the shop's margin before ship-by (R-CANCEL-7): apologise for the wait, urge
/// the warehouse, confirm the buyer still wants it. The order is not late (R-LATE-1), so
/// nothing says it is and nothing is compensated.
pub fn soon(d: &mut Draft<'_>) {
    d.act(ActionId::Apologise);
    d.act(ActionId::GiveShipDate);
    d.act(ActionId::ConfirmStillWanted);
    d.act(ActionId::UrgeWarehouse);
    d.outcome(Outcome::ApologiseAndExpedite);
    d.reply(ReplyId::ShipSoon);
}

/// R-LATE-1: tell the buyer when it can ship, apologise, offer compensation.
pub fn late(d: &mut Draft<'_>) {
    d.rule(
        id::R_LATE_1,
        text(
            "已过承诺发货时间：主动给出发货日期，道歉，按店铺标准补偿",
            "past ship-by: give a date proactively, apologise, offer the shop's compensation",
        ),
    );
    locate(d, Responsibility::Merchant, text("发货延迟是商家责任", "a late shipment is the merchant's"));
    d.act(ActionId::Apologise);
    give_ship_date(d);
    d.act(ActionId::ConfirmStillWanted);
    d.act(ActionId::UrgeWarehouse);
    // The marketplace may already have paid the buyer for the delay: say so, and add the
    // shop's own offer only when the shop's policy chooses to pay twice.
    let platform = d.case.order.platform_late_payment.filter(|m| *m > Money::ZERO);
    let compensation = match (platform, d.policy.late.compensation) {
        (Some(paid), Some(own)) if !d.policy.late.add_to_platform_payment => {
            d.rule(
                id::R_LATE_1,
                text(
                    format!("平台已为延迟赔付买家{paid}元：店铺的{own}元补偿不再叠加（按店铺设置）"),
                    format!("the marketplace already paid {paid} for the delay: the shop's {own} is not added (policy late.add_to_platform_payment)"),
                ),
            );
            None
        }
        (_, own) => own,
    };
    if let Some(paid) = platform {
        d.act_amount(ActionId::MentionPlatformLatePayment, paid);
    }
    if let Some(amount) = compensation {
        d.act_amount(ActionId::OfferCompensation, amount);
    }
    d.outcome(Outcome::ApologiseAndExpedite);
    d.reply(match (compensation, platform) {
        (Some(_), _) => ReplyId::LateApology,
        (None, Some(_)) => ReplyId::LateApologyPlatform,
        (None, None) => ReplyId::LateApologyPlain,
    });
    d.propose_flag(d.policy.flags.roles.awaiting_buyer, id::R_LATE_1);
    if let Some(amount) = compensation {
        d.rule(
            id::R_REMARK_5,
            text("补偿写进备注，注明用途和金额", "compensation is written with its purpose and amount"),
        );
        let note = match d.policy.remark.lang {
            crate::remark::Lang::Zh => "延迟发货补偿",
            crate::remark::Lang::En => "late-shipment compensation",
        };
        d.write(
            Reason::Compensation,
            Details { amount: Some(amount), note: Some(note.to_owned()), ..Details::default() },
        );
    }
}

/// R-LATE-1: the reply names when the order can ship. Without the expected ship time in
/// the case, the decision asks the agent to get it from the warehouse instead of
/// leaving it out (the reply says the date is being confirmed).
pub fn give_ship_date(d: &mut Draft<'_>) {
    match d.case.context.expected_ship_at {
        Some(at) => d.act_detail(ActionId::GiveShipDate, at.to_string()),
        None => {
            d.act(ActionId::AskWarehouseForShipDate);
            d.act(ActionId::GiveShipDate);
            d.warn(text(
                "案例里没有预计发货时间：先向仓库确认发货日期，再告诉买家",
                "the case has no expected ship time: get the ship date from the warehouse, then tell the buyer",
            ));
        }
    }
}

/// R-STALL-1: low risk; find the cause, report, notify, no absolute promises.
pub fn stall(d: &mut Draft<'_>, hours: i64) {
    let span = Span::hours(hours);
    d.rule(
        id::R_STALL_1,
        text(
            format!("物流{}：查明原因并上报，通知买家", span.stalled().zh),
            format!("no logistics update for {}: find the cause, report it, notify the buyer", span.en()),
        ),
    );
    locate(
        d,
        Responsibility::Carrier,
        text("运输途中停滞：快递责任", "stalled in transit: the carrier is responsible"),
    );
    d.act(ActionId::FindStallCause);
    d.act(ActionId::ReportStall);
    d.act(ActionId::NotifyBuyer);
    // 003 §2(三): "电话联系买家".
    d.contact.channel = Channel::Phone;
    d.outcome(Outcome::InvestigateStall);
    d.reply(ReplyId::StallNotice);
    d.warn(text("快递停滞期间不要做绝对承诺（保证、一定）", "while the parcel is stalled, make no absolute promises"));
}
