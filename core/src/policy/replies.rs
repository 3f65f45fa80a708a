//! The reply templates kefu's trees choose from, as typed ids, and their default texts.
//! A tree names a template by [`ReplyId`], so a template that does not exist is a
//! compile error; a shop may reword any of them (`policy.replies`), and a shop's own
//! templates (for its script rules) are added beside them. The chosen template becomes
//! the decision's reply in [`render_reply`](crate::decision::render_reply).
//!
//! Not the phrasebook ([`phrasebook`](super::phrasebook), `policy.phrasebook`): a reply
//! template is the decision's, chosen by a tree; a phrase is the agent's, picked in a
//! conversation.

use std::collections::BTreeMap;

use crate::model::names;
use crate::model::text::{text, Text};

/// The templates the built-in trees use. Placeholders: `{amount}` (the request's or the
/// plan's amount), `{compensation}` (late-shipment compensation), `{platform_payment}`
/// (the marketplace's automatic late-shipment payment on the order), `{coupon}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReplyId {
    /// `none`.
    None,
    /// `cancel.unpaid`.
    CancelUnpaid,
    /// `cancel.unpaid.closed`.
    CancelUnpaidClosed,
    /// `cancel.retention`.
    CancelRetention,
    /// `cancel.paid`.
    CancelPaid,
    /// `cancel.pushed`.
    CancelPushed,
    /// `cancel.intercepted`.
    CancelIntercepted,
    /// `cancel.not_found`.
    CancelNotFound,
    /// `cancel.shipped`.
    CancelShipped,
    /// `cancel.shipped.buyer_pays`.
    CancelShippedBuyerPays,
    /// `cancel.closed`.
    CancelClosed,
    /// `return.retention`.
    ReturnRetention,
    /// `return.refund`.
    ReturnRefund,
    /// `return.exchange`.
    ReturnExchange,
    /// `defect.evidence`.
    DefectEvidence,
    /// `defect.replace`.
    DefectReplace,
    /// `defect.refund`.
    DefectRefund,
    /// `defect.batch`.
    DefectBatch,
    /// `investigate`.
    Investigate,
    /// `wrong.reship`.
    WrongReship,
    /// `damaged`.
    Damaged,
    /// `price.expedite`.
    PriceExpedite,
    /// `price.refund`.
    PriceRefund,
    /// `price.refused`.
    PriceRefused,
    /// `price.page_error`.
    PricePageError,
    /// `price.verify`.
    PriceVerify,
    /// `late.apology`.
    LateApology,
    /// `late.apology_platform`: the marketplace already paid the buyer for the delay
    /// (R-LATE-1); the reply says so instead of promising a second payment.
    LateApologyPlatform,
    /// `late.apology_plain`: late, and the shop offers no compensation.
    LateApologyPlain,
    /// `ship.time`.
    ShipTime,
    /// `ship.unpaid`.
    ShipUnpaid,
    /// `ship.warehouse`.
    ShipWarehouse,
    /// `stall.notice`.
    StallNotice,
    /// `tracking`.
    Tracking,
    /// `delivered`.
    Delivered,
    /// `receiver.updated`.
    ReceiverUpdated,
    /// `receiver.shipped`.
    ReceiverShipped,
    /// `receiver.too_late`.
    ReceiverTooLate,
    /// `receiver.ask`.
    ReceiverAsk,
    /// `discount.grant`.
    DiscountGrant,
    /// `cancel.cod_declined`: the COD order is closed; re-order paying online (R-COD-1).
    CancelCodDeclined,
    /// `discount.value`: value before price (R-ESC-DISCOUNT, 002 §5(2)).
    DiscountValue,
    /// `discount.refer`.
    DiscountRefer,
    /// `money.refer`.
    MoneyRefer,
    /// `discount.ask_amount`.
    DiscountAskAmount,
    /// `complaint`.
    Complaint,
    /// `proactive.late`.
    ProactiveLate,
    /// `proactive.ship_soon`: ship-by is near but not passed; no "late" wording (R-LATE-1).
    ProactiveShipSoon,
    /// `ship.soon`: the buyer asks while ship-by is near but not passed (R-CANCEL-7).
    ShipSoon,
    /// `proactive.out_of_stock`.
    ProactiveOutOfStock,
    /// `proactive.payment`.
    ProactivePayment,
    /// `proactive.confirm`.
    ProactiveConfirm,
}

names!(ReplyId {
    None => "none",
    CancelUnpaid => "cancel.unpaid",
    CancelUnpaidClosed => "cancel.unpaid.closed",
    CancelRetention => "cancel.retention",
    CancelPaid => "cancel.paid",
    CancelPushed => "cancel.pushed",
    CancelIntercepted => "cancel.intercepted",
    CancelNotFound => "cancel.not_found",
    CancelShipped => "cancel.shipped",
    CancelShippedBuyerPays => "cancel.shipped.buyer_pays",
    CancelClosed => "cancel.closed",
    ReturnRetention => "return.retention",
    ReturnRefund => "return.refund",
    ReturnExchange => "return.exchange",
    DefectEvidence => "defect.evidence",
    DefectReplace => "defect.replace",
    DefectRefund => "defect.refund",
    DefectBatch => "defect.batch",
    Investigate => "investigate",
    WrongReship => "wrong.reship",
    Damaged => "damaged",
    PriceExpedite => "price.expedite",
    PriceRefund => "price.refund",
    PriceRefused => "price.refused",
    PricePageError => "price.page_error",
    PriceVerify => "price.verify",
    LateApology => "late.apology",
    LateApologyPlatform => "late.apology_platform",
    LateApologyPlain => "late.apology_plain",
    ShipTime => "ship.time",
    ShipUnpaid => "ship.unpaid",
    ShipWarehouse => "ship.warehouse",
    StallNotice => "stall.notice",
    Tracking => "tracking",
    Delivered => "delivered",
    ReceiverUpdated => "receiver.updated",
    ReceiverShipped => "receiver.shipped",
    ReceiverTooLate => "receiver.too_late",
    ReceiverAsk => "receiver.ask",
    DiscountGrant => "discount.grant",
    CancelCodDeclined => "cancel.cod_declined",
    DiscountValue => "discount.value",
    DiscountRefer => "discount.refer",
    MoneyRefer => "money.refer",
    DiscountAskAmount => "discount.ask_amount",
    Complaint => "complaint",
    ProactiveLate => "proactive.late",
    ProactiveShipSoon => "proactive.ship_soon",
    ShipSoon => "ship.soon",
    ProactiveOutOfStock => "proactive.out_of_stock",
    ProactivePayment => "proactive.payment",
    ProactiveConfirm => "proactive.confirm",
});

impl ReplyId {
    /// The default wording, Chinese and English. A table, one arm per template, so it is
    /// as long as the list of templates; splitting it would only scatter the wording.
    pub fn default_text(self) -> (&'static str, &'static str) {
        match self {
            ReplyId::None => (
                "亲，您好，请问有什么可以帮您？",
                "Hello, how can I help you?",
            ),
            ReplyId::CancelUnpaid => (
                "亲，订单还没有付款，您在“我的订单”里直接取消就可以，不需要等客服操作哦。",
                "The order is not paid yet: you can cancel it yourself under My Orders.",
            ),
            ReplyId::CancelUnpaidClosed => (
                "亲，已为您关闭这笔未付款订单。",
                "We have closed the unpaid order for you.",
            ),
            ReplyId::CancelRetention => (
                "亲，先帮您把尺码/颜色的疑问确认一下，如果还是想取消，我们马上为您处理。",
                "Let us first clear up the size or colour question; if you still want to cancel, we will handle it right away.",
            ),
            ReplyId::CancelPaid => (
                "亲，订单还没有发货，请在订单页申请退款，我们会尽快同意，款项原路退回。",
                "The order has not shipped: please apply for a refund on the order page; we will approve it quickly and the money goes back the way it came.",
            ),
            ReplyId::CancelPushed => (
                "亲，订单已经在仓库处理，我们已联系仓库拦截，有结果第一时间告诉您。",
                "The order is already at the warehouse; we have asked them to stop it and will tell you the result as soon as we have it.",
            ),
            ReplyId::CancelIntercepted => (
                "亲，仓库已拦截成功，退款会原路退回。",
                "The warehouse has stopped the order; the refund goes back the way it came.",
            ),
            ReplyId::CancelNotFound => (
                "亲，仓库暂时没找到您的订单，我们正在核实是否已经发出，稍后回复您。",
                "The warehouse cannot find the order yet; we are checking whether it has left and will get back to you.",
            ),
            ReplyId::CancelShipped => (
                "亲，包裹已经发出，我们会联系快递退回，您也可以拒签。",
                "The parcel has left; we will ask the carrier to bring it back, or you can refuse delivery.",
            ),
            ReplyId::CancelShippedBuyerPays => (
                "亲，包裹已经发出，我们会联系快递退回，您也可以拒签；因个人原因取消，退回运费需要您承担。",
                "The parcel has left; we will ask the carrier to bring it back, or you can refuse delivery. As the cancellation is your own choice, the return shipping is yours.",
            ),
            ReplyId::CancelClosed => (
                "亲，这笔订单已经关闭了，不需要再取消。",
                "This order is already closed; there is nothing to cancel.",
            ),
            ReplyId::ReturnRetention => (
                "亲，先帮您看看换个尺码或颜色能不能解决，如果还是想退，我们马上处理。",
                "Let us first see whether another size or colour solves it; if you still want to return it, we will handle it right away.",
            ),
            ReplyId::ReturnRefund => (
                "亲，请在订单页申请退货退款，收到退货后尽快为您退款。",
                "Please apply for a return and refund on the order page; we refund as soon as the goods arrive.",
            ),
            ReplyId::ReturnExchange => (
                "亲，请申请换货并寄回，收到后马上为您换新。",
                "Please apply for an exchange and send the item back; we send the new one as soon as it arrives.",
            ),
            ReplyId::DefectEvidence => (
                "亲，非常抱歉给您带来不便，麻烦拍一下问题部位的照片或视频，我们马上核实处理。",
                "We are sorry for the trouble. Could you send photos or a video of the problem? We will check it right away.",
            ),
            ReplyId::DefectReplace => (
                "亲，非常抱歉，我们为您换新；需要先把有问题的商品寄回，运费由我们承担。",
                "We are sorry. We will replace it; please send the faulty item back first, at our cost.",
            ),
            ReplyId::DefectRefund => (
                "亲，非常抱歉，商品寄回后为您全额退款，运费由我们承担。",
                "We are sorry. Once the item is back we refund in full; the return shipping is on us.",
            ),
            ReplyId::DefectBatch => (
                "亲，非常抱歉，这个问题我们已经上报并统一处理，会尽快给您答复。",
                "We are sorry. This problem has been reported and is being handled as a whole; we will get back to you soon.",
            ),
            ReplyId::Investigate => (
                "亲，我们正在核实仓库和物流记录，核实后马上给您答复。",
                "We are checking the warehouse and carrier records and will answer as soon as we know.",
            ),
            ReplyId::WrongReship => (
                "亲，非常抱歉发错或漏发了，我们马上为您补发或换货，费用由我们承担。",
                "We are sorry for the wrong or missing item; we will reship or exchange it at our cost.",
            ),
            ReplyId::Damaged => (
                "亲，非常抱歉包裹受损，我们会向快递索赔，并为您补发或退款。",
                "We are sorry the parcel was damaged; we will claim with the carrier and reship or refund.",
            ),
            ReplyId::PriceExpedite => (
                "亲，我们先尽快为您发货，发货后为您退差价{amount}元（仅退款）。",
                "We will ship first, then refund the difference of {amount} yuan as refund-only.",
            ),
            ReplyId::PriceRefund => (
                "亲，核实后为您退差价{amount}元。",
                "Once checked, we refund the difference of {amount} yuan.",
            ),
            ReplyId::PriceRefused => (
                "亲，活动期间不支持价保，送您一张{coupon}元优惠券，感谢您的理解。",
                "Price protection does not apply during this promotion; here is a {coupon} yuan coupon instead. Thank you for understanding.",
            ),
            ReplyId::PricePageError => (
                "亲，非常抱歉，这是页面价格显示错误，无法按该价格退差。",
                "We are sorry: that was a page price error, so we cannot refund a difference on it.",
            ),
            ReplyId::PriceVerify => (
                "亲，麻烦提供一下降价的截图，我们核实后为您处理。",
                "Could you send a screenshot of the lower price? We will check it and handle it.",
            ),
            ReplyId::LateApology => (
                "亲，非常抱歉发货晚了，我们已经催促仓库尽快发出，并给您补偿{compensation}元。请问您还需要这件商品吗？",
                "We are sorry the shipment is late. We have asked the warehouse to hurry and offer {compensation} yuan for the delay. Do you still want the item?",
            ),
            ReplyId::LateApologyPlatform => (
                "亲，非常抱歉发货晚了，我们已经催促仓库尽快发出。平台已按规则自动向您赔付{platform_payment}元，请留意查收。请问您还需要这件商品吗？",
                "We are sorry the shipment is late. We have asked the warehouse to hurry, and the marketplace has already paid you {platform_payment} yuan for the delay under its rules. Do you still want the item?",
            ),
            ReplyId::LateApologyPlain => (
                "亲，非常抱歉发货晚了，我们已经催促仓库尽快发出。请问您还需要这件商品吗？",
                "We are sorry the shipment is late. We have asked the warehouse to hurry. Do you still want the item?",
            ),
            ReplyId::ShipTime => (
                "亲，订单会在承诺时间内发出，请您耐心等待。",
                "The order ships within the promised time; thank you for your patience.",
            ),
            ReplyId::ShipUnpaid => (
                "亲，订单付款后会尽快安排发货。",
                "The order ships soon after payment.",
            ),
            ReplyId::ShipWarehouse => (
                "亲，仓库已发货，快递揽收后就能看到物流信息。",
                "The warehouse has sent it out; tracking appears once the carrier scans it.",
            ),
            ReplyId::StallNotice => (
                "亲，快递目前有延误，我们正在查原因并催促快递，有进展马上告诉您。",
                "The parcel is delayed with the carrier; we are finding out why and will tell you as soon as it moves.",
            ),
            ReplyId::Tracking => (
                "亲，包裹正在运输中，您可以在订单页查看物流。",
                "The parcel is on its way; you can follow it on the order page.",
            ),
            ReplyId::Delivered => (
                "亲，包裹显示已签收，请问您收到了吗？",
                "The parcel shows as delivered; have you received it?",
            ),
            ReplyId::ReceiverUpdated => (
                "亲，已为您修改收货信息。",
                "We have updated the receiving information.",
            ),
            ReplyId::ReceiverShipped => (
                "亲，包裹已经发出，我们联系快递尝试改派，结果会告诉您。",
                "The parcel has left; we are asking the carrier to redirect it and will tell you the result.",
            ),
            ReplyId::ReceiverTooLate => (
                "亲，订单已签收或关闭，收货信息不能再修改了。",
                "The order is delivered or closed; the receiving information can no longer change.",
            ),
            ReplyId::ReceiverAsk => (
                "亲，请把新的收件人、电话或地址发给我们。",
                "Please send us the new recipient, phone or address.",
            ),
            ReplyId::CancelCodDeclined => (
                "亲，货到付款需要额外的费用，这笔订单我们先为您关闭，麻烦您重新拍下并选择在线支付，我们会尽快为您发货。",
                "Cash on delivery costs extra, so we are closing this order; please order again and pay online, and we will ship as soon as we can.",
            ),
            ReplyId::DiscountValue => (
                "非常感谢您在众多店铺中选择我们。我们的价格对每一位顾客都是公平的，品质和售后都有保障，相信您收到后会觉得物有所值~",
                "Thank you for choosing us among so many shops. Our prices are the same for every customer, and we stand behind the quality and the after-sales service; we are sure you will find it worth the money.",
            ),
            ReplyId::DiscountGrant => (
                "亲，给您优惠{amount}元。",
                "We can offer you {amount} yuan off.",
            ),
            ReplyId::MoneyRefer => (
                "亲，这个金额需要请主管核实，稍后答复您。",
                "That amount needs our supervisor to check it; we will get back to you shortly.",
            ),
            ReplyId::DiscountRefer => (
                "亲，这个优惠需要请示主管，稍后答复您。",
                "That discount needs our supervisor's approval; we will get back to you shortly.",
            ),
            ReplyId::DiscountAskAmount => (
                "亲，请问您希望优惠多少呢？",
                "How much of a discount did you have in mind?",
            ),
            ReplyId::Complaint => (
                "亲，非常抱歉给您带来不好的体验，我们会认真处理，尽快给您答复。",
                "We are sorry for the experience; we are looking into it and will answer soon.",
            ),
            ReplyId::ProactiveShipSoon => (
                "亲，您的订单我们正在加急安排，会在承诺时间前为您发出，请问您还需要吗？",
                "We are speeding up your order so that it ships within the promised time. Do you still want it?",
            ),
            ReplyId::ShipSoon => (
                "亲，让您久等了，我们已经催促仓库加急安排，会在承诺时间前为您发出，请问您还需要吗？",
                "Sorry for the wait: we have asked the warehouse to hurry, and it ships within the promised time. Do you still want it?",
            ),
            ReplyId::ProactiveLate => (
                "亲，非常抱歉，您的订单发货会晚一些，我们正在催促仓库，请问您还需要吗？",
                "We are sorry: your order will ship a little late. We are hurrying the warehouse; do you still want it?",
            ),
            ReplyId::ProactiveOutOfStock => (
                "亲，非常抱歉，您购买的商品暂时缺货，可以为您退款或换成其他款式。",
                "We are sorry: an item you bought is out of stock. We can refund it or exchange it for another style.",
            ),
            ReplyId::ProactivePayment => (
                "亲，看到您的订单还没有付款，现在付款今天就能安排发货；顺便帮您核对一下地址、数量和款式。",
                "Your order is not paid yet; pay now and it can ship today. Let us also check the address, quantity and style with you.",
            ),
            ReplyId::ProactiveConfirm => (
                "亲，和您确认一下订单信息（颜色尺码、货到付款），确认后马上安排发货。",
                "Let us confirm your order details (colour and size, cash on delivery); it ships as soon as you confirm.",
            ),
        }
    }
}

/// The default reply templates, by id.
pub fn default_replies() -> BTreeMap<String, Text> {
    ReplyId::ALL
        .iter()
        .map(|id| {
            let (zh, en) = id.default_text();
            (id.name().to_owned(), text(zh, en))
        })
        .collect()
}
