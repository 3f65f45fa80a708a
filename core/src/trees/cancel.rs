//! Cancellations and changes before after-sales (R-CANCEL-1..7, R-FLAG-3), branch by
//! branch as the rulebook's §4 reads.

use super::aftersales;
use super::common::{
    locate, responsibility_for, retention, ship_by_at_risk, ship_by_because, shipping_payer, write_noted,
};
use crate::decision::{ActionId, Draft, Outcome, Payer, Responsibility};
use crate::model::case::{BuyerReason, WarehouseAnswer};
use crate::model::order::{OrderStatus, PresaleStage};
use crate::model::text::text;
use crate::policy::ReplyId;
use crate::registry::id;
use crate::remark::Reason;

/// The buyer asks to cancel.
pub fn cancel(d: &mut Draft<'_>) {
    let status = d.case.order.status;
    if status == OrderStatus::Delivered {
        d.rule(
            id::R_CANCEL_5,
            text("订单已签收：取消订单改按退货处理", "the order is delivered: a cancellation is now a return"),
        );
        aftersales::returns(d);
        return;
    }
    if status == OrderStatus::Closed {
        d.outcome(Outcome::NothingToCancel);
        d.reply(ReplyId::CancelClosed);
        return;
    }
    let reason = d.case.request.reason;
    // R-COD-1 from the order's own facts: cancelling an unconfirmed COD order before it
    // ships is the buyer declining the COD price, whatever reason code was picked.
    let order = &d.case.order;
    let unconfirmed_cod = order.cod && !order.cod_confirmed && status.is_unshipped();
    if unconfirmed_cod || (reason == Some(BuyerReason::CodDeclined) && order.cod && status.is_unshipped()) {
        cod_declined(d);
        return;
    }
    if order.presale.as_ref().is_some_and(|p| p.stage == PresaleStage::DepositPaid) && status.is_unshipped() {
        presale_deposit(d);
        return;
    }
    let past_ship_by = late_shipment(d).is_some_and(|minutes| minutes < 0) || shipped_late(d);
    // R-RESP-1 follows the facts as well as the words: an order past its ship-by is the
    // merchant's late shipment whatever reason the buyer gives for leaving, so contact,
    // escalation and the return-shipping payer treat it as the merchant's fault.
    let (who, because) = match (reason, responsibility_for(reason)) {
        (Some(BuyerReason::LateShipment), _) => (
            Responsibility::Merchant,
            text("买家因发货延迟取消：商家责任", "the buyer cancels over a late shipment: the merchant is responsible"),
        ),
        _ if past_ship_by => (
            Responsibility::Merchant,
            text(
                "已过承诺发货时间：不论买家说什么原因，发货延迟都是商家责任",
                "past ship-by: the late shipment is the merchant's fault, whatever the reason given",
            ),
        ),
        (Some(_), who @ (Responsibility::Merchant | Responsibility::Carrier | Responsibility::ForceMajeure)) => {
            (who, text("按取消原因判定责任方", "the reason for the cancellation decides who is responsible"))
        }
        _ => (
            Responsibility::Buyer,
            text(
                "取消订单算买家自己的选择，除非原因或订单情况另有说明",
                "a cancellation is the buyer's own choice unless the reason or the order says otherwise",
            ),
        ),
    };
    locate(d, who, because);
    let doubt = reason.is_some_and(BuyerReason::is_doubt);
    let retaining = retention(d, id::R_CANCEL_6, doubt);
    let size_or_colour = matches!(reason, Some(BuyerReason::WrongSize | BuyerReason::WrongColour));
    let has_ship_time = d.case.order.shipped_at.is_some();
    match status {
        OrderStatus::Unpaid => unpaid(d),
        // The warehouse was asked (so the order was pushed, whatever an export's status
        // text says): its answer leads through R-CANCEL-3.
        OrderStatus::Paid | OrderStatus::Pushed if warehouse_asked(d) => pushed(d),
        // A ship time is a fact the status text may lag behind: the order has left.
        OrderStatus::Paid | OrderStatus::Pushed if has_ship_time => {
            d.rule(
                id::R_CANCEL_4,
                text(
                    "订单已有发货时间：按已发货处理，不看状态显示",
                    "the order has a ship time: it is shipped, whatever its status says",
                ),
            );
            shipped(d);
        }
        OrderStatus::Paid => paid_not_pushed(d),
        OrderStatus::Pushed => pushed(d),
        // The status says shipped, but the warehouse was asked first: its answer leads
        // through R-CANCEL-3 to R-CANCEL-4, in the rulebook's order.
        _ if d
            .case
            .context
            .warehouse
            .is_some_and(|w| matches!(w, WarehouseAnswer::NotFound | WarehouseAnswer::AlreadyShipped)) =>
        {
            d.rule(
                id::R_CANCEL_3,
                text(
                    "仓库没拦住，订单显示已发货：按已发货处理",
                    "the warehouse could not stop the order, and the order shows shipped: continue as shipped",
                ),
            );
            shipped(d);
        }
        _ => shipped(d),
    }
    if retaining {
        // Size and colour talk only when that is the doubt (R-WORD-FIT).
        d.reply(if size_or_colour { ReplyId::CancelRetention } else { ReplyId::CancelRetentionGeneral });
    }
}

/// R-PRESALE-1: deposit paid, balance not. The buyer's own reason keeps the deposit
/// (the marketplace's presale rule), said politely and without blame; the merchant's
/// fault (the presale ship date cannot be kept, the item changed) refunds it in full.
fn presale_deposit(d: &mut Draft<'_>) {
    let case = d.case;
    let presale = case.order.presale.as_ref();
    let deposit = presale.and_then(|p| p.deposit);
    let date_missed = presale.and_then(|p| p.ship_date).is_some_and(|date| date < case.now);
    let merchant = date_missed
        || matches!(responsibility_for(case.request.reason), Responsibility::Merchant)
        || case.request.reason == Some(BuyerReason::LateShipment);
    let note = |zh: &str, en: &str| match d.policy.remark.lang {
        crate::remark::Lang::Zh => zh.to_owned(),
        crate::remark::Lang::En => en.to_owned(),
    };
    if merchant {
        locate(
            d,
            Responsibility::Merchant,
            text("预售无法按承诺履约：商家责任", "the presale cannot be kept as promised: the merchant's fault"),
        );
        d.rule(
            id::R_PRESALE_1,
            text(
                "预售已付定金，商家责任：定金全额退还",
                "presale, deposit paid; the merchant is at fault: the deposit is refunded in full",
            ),
        );
        d.act(ActionId::Apologise);
        match deposit {
            Some(amount) => d.act_amount(ActionId::RefundDeposit, amount),
            None => d.act(ActionId::RefundDeposit),
        }
        d.outcome(Outcome::RefundDeposit);
        d.reply(ReplyId::PresaleDepositRefund);
        d.rule(id::R_REMARK_5, text("退定金写进备注，注明金额", "the deposit refund is written with its amount"));
        let note = note("预售定金全额退还（商家原因）", "presale deposit refunded in full (merchant's fault)");
        d.write(Reason::Refund, crate::remark::Details { amount: deposit, note: Some(note), ..Default::default() });
    } else {
        locate(d, Responsibility::Buyer, text("买家自身原因放弃预售", "the buyer's own reason for leaving a presale"));
        d.rule(
            id::R_PRESALE_1,
            text("预售已付定金、未付尾款，买家自身原因：定金不退（平台预售规则）", "presale, deposit paid, balance not; the buyer's own reason: the deposit is not refunded (the marketplace's presale rule)"),
        );
        match deposit {
            Some(amount) => d.act_amount(ActionId::ExplainDepositNotRefunded, amount),
            None => d.act(ActionId::ExplainDepositNotRefunded),
        }
        d.outcome(Outcome::DepositNotRefunded);
        d.reply(ReplyId::PresaleDepositKept);
        let note = note(
            "预售未付尾款，买家个人原因不要了，定金按规则不退，已说明",
            "presale balance unpaid, buyer's own reason: deposit kept under the rules, explained",
        );
        d.write(Reason::FollowUp, crate::remark::Details { amount: deposit, note: Some(note), ..Default::default() });
    }
    let flag = d.policy.flags.roles.unshipped_change;
    d.rule(id::R_FLAG_2, text("预售订单发货前取消", "a presale order is cancelled before shipping"));
    d.propose_flag(flag, id::R_FLAG_2);
}

/// R-CANCEL-7: past or near the ship-by time, apologise and confirm before anything else.
/// Returns the minutes left before ship-by (negative: past it) when it applied.
fn late_shipment(d: &mut Draft<'_>) -> Option<i64> {
    let minutes = ship_by_at_risk(d)?;
    d.rule(id::R_CANCEL_7, ship_by_because(d, minutes));
    d.act(ActionId::Apologise);
    d.act(ActionId::ConfirmStillWanted);
    Some(minutes)
}

/// Whether the order left after its ship-by time: a late shipment too (R-LATE-1).
fn shipped_late(d: &Draft<'_>) -> bool {
    let order = &d.case.order;
    matches!((order.shipped_at, order.ship_by), (Some(shipped), Some(by)) if by.minutes_until(&shipped) > 0)
}

/// R-COD-1: the COD buyer declines the COD price on confirmation. The order is not
/// shipped: it is closed (stopped at the warehouse first if it was pushed), the buyer
/// re-orders with online payment, and the remark records it (002 §2 item 7).
fn cod_declined(d: &mut Draft<'_>) {
    d.rule(
        id::R_COD_1,
        text(
            "买家不接受货到付款的价格：不发货，关闭订单，请买家改用在线支付重新下单",
            "the COD buyer declines the COD price: do not ship; close the order; the buyer re-orders paying online",
        ),
    );
    locate(
        d,
        Responsibility::Buyer,
        text("买家不接受货到付款的价格：属买家自己的选择", "the buyer declines the COD price: the buyer's own choice"),
    );
    if d.case.order.status == OrderStatus::Pushed {
        d.act(ActionId::RequestWarehouseIntercept);
    }
    d.act(ActionId::CloseOrder);
    d.act(ActionId::AskReorderWithOnlinePayment);
    d.outcome(Outcome::AgentClosesOrder);
    d.reply(ReplyId::CancelCodDeclined);
    if d.case.order.status != OrderStatus::Unpaid {
        d.propose_flag(d.policy.flags.roles.unshipped_change, id::R_COD_1);
    }
    let note = match d.policy.remark.lang {
        crate::remark::Lang::Zh => "买家确认时不接受货到付款，关闭订单，请买家在线支付重新拍下",
        crate::remark::Lang::En => "buyer declined COD on confirmation: order closed, buyer re-orders paying online",
    };
    d.write(Reason::Cancel, crate::remark::Details { note: Some(note.to_owned()), ..Default::default() });
}

/// Whether the warehouse has answered about a pushed order (its answer leads the way
/// through R-CANCEL-3).
fn warehouse_asked(d: &Draft<'_>) -> bool {
    d.case.context.warehouse.is_some_and(|w| w != WarehouseAnswer::Pending)
}

/// R-CANCEL-1.
fn unpaid(d: &mut Draft<'_>) {
    if d.policy.close_unpaid_on_request {
        d.rule(
            id::R_CANCEL_1,
            text("未付款：本店可应买家要求代为关闭订单", "unpaid; the shop closes unpaid orders on request"),
        );
        d.act(ActionId::CloseOrder);
        d.outcome(Outcome::AgentClosesOrder);
        d.reply(ReplyId::CancelUnpaidClosed);
    } else {
        d.rule(
            id::R_CANCEL_1,
            text(
                "未付款：请买家自行关闭订单，不用插旗",
                "unpaid: the buyer closes the order themselves; no flag needed",
            ),
        );
        d.act(ActionId::ExplainHowToClose);
        d.outcome(Outcome::BuyerClosesOrder);
        d.reply(ReplyId::CancelUnpaid);
    }
}

/// R-CANCEL-2.
fn paid_not_pushed(d: &mut Draft<'_>) {
    d.rule(
        id::R_CANCEL_2,
        text(
            "已付款、未推送仓库：请买家申请全额退款",
            "paid, not pushed to the warehouse: the buyer applies for a full refund",
        ),
    );
    d.act_amount(ActionId::GuideRefundApplication, d.case.order.total);
    d.outcome(Outcome::RefundByBuyerApplication);
    d.reply(ReplyId::CancelPaid);
    mark_unshipped_change(d);
}

/// R-CANCEL-3, with the warehouse's answer.
fn pushed(d: &mut Draft<'_>) {
    match d.case.context.warehouse.unwrap_or(WarehouseAnswer::Pending) {
        WarehouseAnswer::Pending => {
            d.rule(
                id::R_CANCEL_3,
                text(
                    "已推送仓库、未发货：请仓库拦截",
                    "pushed to the warehouse, not shipped: ask the warehouse to intercept",
                ),
            );
            d.act(ActionId::RequestWarehouseIntercept);
            d.act(ActionId::InformBuyerOfResult);
            d.outcome(Outcome::InterceptAtWarehouse);
            d.reply(ReplyId::CancelPushed);
        }
        WarehouseAnswer::Intercepted => {
            d.rule(id::R_CANCEL_3, text("仓库已拦截：全额退款", "the warehouse intercepted the order: refund in full"));
            d.act_amount(ActionId::RefundFull, d.case.order.total);
            d.act(ActionId::InformBuyerOfResult);
            d.outcome(Outcome::RefundAfterIntercept);
            d.reply(ReplyId::CancelIntercepted);
        }
        WarehouseAnswer::NotFound if d.case.order.shipped_at.is_some() => {
            d.rule(
                id::R_CANCEL_3,
                text(
                    "仓库查不到这单，但已有发货时间：已发货",
                    "the warehouse cannot find the order, and it has a ship time: it has shipped",
                ),
            );
            shipped(d);
            return;
        }
        WarehouseAnswer::NotFound => {
            d.rule(
                id::R_CANCEL_3,
                text(
                    "仓库查不到这单：核实是否已发货",
                    "the warehouse cannot find the order: check whether it has shipped",
                ),
            );
            d.act(ActionId::CheckOriginalOrderShipped);
            d.act(ActionId::InformBuyerOfResult);
            d.outcome(Outcome::CheckWhetherShipped);
            d.reply(ReplyId::CancelNotFound);
            d.warn(text(
                "仓库找不到订单：先核实原单是否已发货，已发货则按已发货取消处理",
                "the warehouse cannot find the order: check whether it shipped; if it did, handle it as a shipped cancellation",
            ));
        }
        WarehouseAnswer::AlreadyShipped => {
            d.rule(
                id::R_CANCEL_3,
                text(
                    "仓库回复已发货：按已发货处理",
                    "the warehouse reports the order already shipped: continue as shipped",
                ),
            );
            shipped(d);
            return;
        }
    }
    mark_unshipped_change(d);
}

/// R-CANCEL-4.
fn shipped(d: &mut Draft<'_>) {
    d.rule(
        id::R_CANCEL_4,
        text(
            "已发货：联系快递退回，或请买家拒收",
            "shipped: ask the carrier to return it, or let the buyer refuse delivery",
        ),
    );
    d.act(ActionId::ContactCarrierToReturn);
    d.act(ActionId::OrBuyerRefusesDelivery);
    d.outcome(Outcome::CarrierReturnOrRefusal);
    shipping_payer(d);
    d.reply(if d.payer == Payer::Buyer { ReplyId::CancelShippedBuyerPays } else { ReplyId::CancelShipped });
    let flag = d.policy.flags.roles.shipped_aftersales;
    d.rule(id::R_FLAG_2, text("已发货订单的售后", "after-sales on a shipped order"));
    d.propose_flag(flag, id::R_FLAG_2);
    let payer = match (d.payer, d.policy.remark.lang) {
        (Payer::Buyer, crate::remark::Lang::Zh) => "，运费买家承担",
        (Payer::Buyer, crate::remark::Lang::En) => ", buyer pays shipping",
        _ => "",
    };
    write_cancel(d, ("已发货，快递退回或买家拒签", "shipped: carrier return or refusal"), payer);
}

fn mark_unshipped_change(d: &mut Draft<'_>) {
    let flag = d.policy.flags.roles.unshipped_change;
    d.rule(id::R_FLAG_2, text("未发货订单取消", "an unshipped order is cancelled"));
    d.propose_flag(flag, id::R_FLAG_2);
    let what = match d.outcome {
        Outcome::InterceptAtWarehouse => {
            ("已请仓库拦截，待仓库回复", "warehouse asked to intercept, awaiting its answer")
        }
        Outcome::RefundAfterIntercept => ("仓库已拦截，全额退款", "intercepted: full refund"),
        Outcome::CheckWhetherShipped => {
            ("仓库未找到订单，待核实是否已发出", "warehouse cannot find it: checking whether it left")
        }
        _ => ("未发货，买家申请退款", "not shipped: the buyer applies for a refund"),
    };
    write_cancel(d, what, "");
}

/// The cancellation entry: why, what happens, then the buyer's words (R-REMARK-2: the
/// substance, not only the label).
fn write_cancel(d: &mut Draft<'_>, what: (&str, &str), tail: &str) {
    let zh = d.policy.remark.lang == crate::remark::Lang::Zh;
    let mut note = String::new();
    if let Some(reason) = d.case.request.reason {
        let (rz, re) = reason.label();
        note.push_str(if zh { rz } else { re });
        note.push_str(if zh { "；" } else { "; " });
    }
    note.push_str(if zh { what.0 } else { what.1 });
    note.push_str(tail);
    write_noted(d, Reason::Cancel, &note);
}
