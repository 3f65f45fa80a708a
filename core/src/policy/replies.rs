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

/// The templates the built-in trees use. They name the decision's facts (`{items}`,
/// `{ship_date}`, `{refund}`, `{return_shipping}`...) and mark optional parts with
/// `[…]`; the composer ([`render_reply`](crate::decision::render_reply)) fills them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReplyId {
    /// `none`.
    None,
    /// `cancel.unpaid`.
    CancelUnpaid,
    /// `cancel.unpaid.closed`.
    CancelUnpaidClosed,
    /// `cancel.retention`: the doubt is the size or the colour (R-CANCEL-6).
    CancelRetention,
    /// `cancel.retention_general`: the buyer is unsure for another reason: no size or colour talk (R-WORD-FIT).
    CancelRetentionGeneral,
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
    /// `return.retention`: the size or the colour is wrong (R-RETAIN-1).
    ReturnRetention,
    /// `return.retention_general`: another reason of the buyer's own: no size or colour talk (R-WORD-FIT).
    ReturnRetentionGeneral,
    /// `return.refund`.
    ReturnRefund,
    /// `return.exchange`.
    ReturnExchange,
    /// `return.excluded`: no no-reason return for an excluded line (R-7DAY-1).
    ReturnExcluded,
    /// `return.window_passed`: a no-reason return asked more than 7 days after delivery (R-7DAY-1).
    ReturnWindowPassed,
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
    /// `missing.reship`: a missing item is sent (R-WRONG-1).
    MissingReship,
    /// `missing.refund`: a missing line refunded as the buyer asks (R-WRONG-1).
    MissingRefund,
    /// `defect.partial_refund`: a partial refund agreed, the buyer keeps the item (R-REMARK-5).
    DefectPartialRefund,
    /// `damaged`.
    Damaged,
    /// `damaged.photos_in`: damaged, photos in hand: claim with the carrier; the buyer chooses reship or refund.
    DamagedPhotosIn,
    /// `price.refused_shop`: the shop gives no price protection at all (R-PRICE-1).
    PriceRefusedShop,
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
    /// `late.apology_platform`: the marketplace already paid the buyer for the delay (R-LATE-1); the reply says so instead of promising a second payment.
    LateApologyPlatform,
    /// `late.apology_plain`: late, and the shop offers no compensation.
    LateApologyPlain,
    /// `ship.time`.
    ShipTime,
    /// `ship.out_of_stock`: the buyer asks and a line cannot ship (R-PROACTIVE-2): no on-time promise.
    ShipOutOfStock,
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
    /// `ship.later`: scheduled delivery: shipped after the buyer's date (R-FLAG-3).
    ShipLater,
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
    /// `review.cashback_refused`: money for a review is refused (R-REVIEW-1, R-WORD-PLATFORM).
    ReviewCashbackRefused,
    /// `complaint`.
    Complaint,
    /// `fake.verify`: a counterfeit claim: verify, show authorisation, promise nothing (R-FAKE-1).
    FakeVerify,
    /// `presale.deposit_kept`: the buyer's own reason before the balance: the deposit stays (R-PRESALE-1).
    PresaleDepositKept,
    /// `presale.deposit_refund`: the merchant's fault: the deposit is refunded (R-PRESALE-1).
    PresaleDepositRefund,
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
    /// `proactive.confirm_cod`: confirm a COD order: it costs more, online payment is the alternative (002 §2 item 7, R-WORD-FIT).
    ProactiveConfirmCod,
}

names!(ReplyId {
    None => "none",
    CancelUnpaid => "cancel.unpaid",
    CancelUnpaidClosed => "cancel.unpaid.closed",
    CancelRetention => "cancel.retention",
    CancelRetentionGeneral => "cancel.retention_general",
    CancelPaid => "cancel.paid",
    CancelPushed => "cancel.pushed",
    CancelIntercepted => "cancel.intercepted",
    CancelNotFound => "cancel.not_found",
    CancelShipped => "cancel.shipped",
    CancelShippedBuyerPays => "cancel.shipped.buyer_pays",
    CancelClosed => "cancel.closed",
    ReturnRetention => "return.retention",
    ReturnRetentionGeneral => "return.retention_general",
    ReturnRefund => "return.refund",
    ReturnExchange => "return.exchange",
    ReturnExcluded => "return.excluded",
    ReturnWindowPassed => "return.window_passed",
    DefectEvidence => "defect.evidence",
    DefectReplace => "defect.replace",
    DefectRefund => "defect.refund",
    DefectBatch => "defect.batch",
    Investigate => "investigate",
    WrongReship => "wrong.reship",
    MissingReship => "missing.reship",
    MissingRefund => "missing.refund",
    DefectPartialRefund => "defect.partial_refund",
    Damaged => "damaged",
    DamagedPhotosIn => "damaged.photos_in",
    PriceRefusedShop => "price.refused_shop",
    PriceExpedite => "price.expedite",
    PriceRefund => "price.refund",
    PriceRefused => "price.refused",
    PricePageError => "price.page_error",
    PriceVerify => "price.verify",
    LateApology => "late.apology",
    LateApologyPlatform => "late.apology_platform",
    LateApologyPlain => "late.apology_plain",
    ShipTime => "ship.time",
    ShipOutOfStock => "ship.out_of_stock",
    ShipUnpaid => "ship.unpaid",
    ShipWarehouse => "ship.warehouse",
    StallNotice => "stall.notice",
    Tracking => "tracking",
    Delivered => "delivered",
    ReceiverUpdated => "receiver.updated",
    ShipLater => "ship.later",
    ReceiverShipped => "receiver.shipped",
    ReceiverTooLate => "receiver.too_late",
    ReceiverAsk => "receiver.ask",
    DiscountGrant => "discount.grant",
    CancelCodDeclined => "cancel.cod_declined",
    DiscountValue => "discount.value",
    DiscountRefer => "discount.refer",
    MoneyRefer => "money.refer",
    DiscountAskAmount => "discount.ask_amount",
    ReviewCashbackRefused => "review.cashback_refused",
    Complaint => "complaint",
    FakeVerify => "fake.verify",
    PresaleDepositKept => "presale.deposit_kept",
    PresaleDepositRefund => "presale.deposit_refund",
    ProactiveLate => "proactive.late",
    ProactiveShipSoon => "proactive.ship_soon",
    ShipSoon => "ship.soon",
    ProactiveOutOfStock => "proactive.out_of_stock",
    ProactivePayment => "proactive.payment",
    ProactiveConfirm => "proactive.confirm",
    ProactiveConfirmCod => "proactive.confirm_cod",
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
                "亲，{doubt}不合适的话，我们先帮您确认一下合适的{doubt}；如果还是想取消，我们马上为您处理。",
                "If the {doubt} is not right, let us first help you find the right {doubt}; if you still want to cancel, we will handle it right away.",
            ),
            ReplyId::CancelRetentionGeneral => (
                "亲，请问是哪里让您犹豫呢？我们先帮您解答；如果还是想取消，我们马上为您处理。",
                "May we ask what is holding you back? Let us answer it first; if you still want to cancel, we will handle it right away.",
            ),
            ReplyId::CancelPaid => (
                "亲，订单还没有发货，请在订单页申请退款，我们会尽快同意，[{refund}元]款项原路退回。",
                "The order has not shipped: please apply for a refund on the order page; we will approve it quickly and [the {refund} yuan|the money] goes back the way it came.",
            ),
            ReplyId::CancelPushed => (
                "亲，订单已经在仓库处理，我们已联系仓库拦截，有结果第一时间告诉您。",
                "The order is already at the warehouse; we have asked them to stop it and will tell you the result as soon as we have it.",
            ),
            ReplyId::CancelIntercepted => (
                "亲，仓库已拦截成功，[{refund}元]退款会原路退回。",
                "The warehouse has stopped the order; the refund [of {refund} yuan ]goes back the way it came.",
            ),
            ReplyId::CancelNotFound => (
                "亲，仓库暂时没找到您的订单，我们正在核实是否已经发出，稍后回复您。",
                "The warehouse cannot find the order yet; we are checking whether it has left and will get back to you.",
            ),
            ReplyId::CancelShipped => (
                "亲，包裹已经发出，我们会联系快递退回，您也可以拒签[；{return_shipping}]。",
                "The parcel has left; we will ask the carrier to bring it back, or you can refuse delivery[; {return_shipping}].",
            ),
            ReplyId::CancelShippedBuyerPays => (
                "亲，包裹已经发出，我们会联系快递退回，您也可以拒签；因个人原因取消，退回的运费需要您承担。",
                "The parcel has left; we will ask the carrier to bring it back, or you can refuse delivery. As the cancellation is your own choice, you pay the return shipping.",
            ),
            ReplyId::CancelClosed => (
                "亲，这笔订单已经关闭了，不需要再取消。",
                "This order is already closed; there is nothing to cancel.",
            ),
            ReplyId::ReturnRetention => (
                "亲，{doubt}不合适的话，可以为您换一个合适的{doubt}；如果还是想退，我们马上处理。",
                "If the {doubt} is not right, we can exchange it for the right {doubt}; if you still want to return it, we will handle it right away.",
            ),
            ReplyId::ReturnRetentionGeneral => (
                "亲，请问商品是哪里不满意呢？我们先帮您看看能不能解决；如果还是想退，我们马上处理。",
                "May we ask what you are not happy with? Let us see whether we can solve it; if you still want to return it, we will handle it right away.",
            ),
            ReplyId::ReturnRefund => (
                "亲，请在订单页申请退货退款[，{return_shipping}]，我们收到退货后尽快为您退款[{refund}元]。[另外，为表歉意可以给您补偿{concession}元。]",
                "Please apply for a return and refund on the order page[; {return_shipping}]; we refund [{refund} yuan ]as soon as the goods arrive.[ As an apology we can also offer {concession} yuan.]",
            ),
            ReplyId::ReturnExchange => (
                "亲，请在订单页申请换货并把商品寄回[，{return_shipping}]；[我们收到后为您换成{new_variant}寄出|请告诉我们想换的尺码或颜色，我们收到后为您换好寄出]。",
                "Please apply for an exchange on the order page and send the item back[; {return_shipping}]; [once it arrives we send you {new_variant}|tell us the size or colour you want, and we send it once the item arrives].",
            ),
            ReplyId::ReturnExcluded => (
                "亲，非常理解您的想法。{items}属于{exclusion}，按平台规则不支持七天无理由退货，还请您谅解；如果商品有质量问题，麻烦拍照片或视频给我们，我们马上为您处理。",
                "We understand. {items} is {exclusion}, which the marketplace's rules exclude from no-reason returns; we hope you understand. If there is a quality problem, please send photos or a video and we will handle it right away.",
            ),
            ReplyId::ReturnWindowPassed => (
                "亲，非常理解您的想法。商品签收已经超过7天，按平台规则不再支持七天无理由退货，还请您谅解；如果商品有质量问题，麻烦拍照片或视频给我们，我们马上为您处理。",
                "We understand. It is more than 7 days since delivery, so under the marketplace's rules a no-reason return no longer applies; we hope you understand. If there is a quality problem, please send photos or a video and we will handle it right away.",
            ),
            ReplyId::DefectEvidence => (
                "亲，非常抱歉给您带来不便，麻烦拍一下问题部位的照片或视频，我们马上核实处理。",
                "We are sorry for the trouble. Could you send photos or a video of the problem? We will check it right away.",
            ),
            ReplyId::DefectReplace => (
                "亲，非常抱歉，我们为您换一件新的；需要先把有问题的商品寄回，运费由我们承担。",
                "We are sorry. We will replace it; please send the faulty item back first, at our cost.",
            ),
            ReplyId::DefectRefund => (
                "亲，非常抱歉，商品寄回后为您全额退款[{refund}元]，运费由我们承担。",
                "We are sorry. Once the item is back we refund [{refund} yuan ]in full; the return shipping is on us.",
            ),
            ReplyId::DefectBatch => (
                "亲，非常抱歉，这个问题我们已经上报并统一处理，会尽快给您答复。",
                "We are sorry. This problem has been reported and is being handled as a whole; we will get back to you soon.",
            ),
            ReplyId::Investigate => (
                "亲，我们正在核实仓库和物流记录，麻烦您拍一下收到的商品和包装，核实后马上给您答复。",
                "We are checking the warehouse and carrier records; could you send photos of what you received and the packaging? We will answer as soon as we know.",
            ),
            ReplyId::WrongReship => (
                "亲，非常抱歉发错了，我们为您换成[{new_variant}|正确的商品]，寄回和重新寄出的运费都由我们承担。",
                "We are sorry we sent the wrong item; we will exchange it for [{new_variant}|the right one], and we pay the shipping both ways.",
            ),
            ReplyId::MissingReship => (
                "亲，非常抱歉漏发了[{items}]，我们马上为您补发，运费由我们承担。",
                "We are sorry [{items} was|an item was] missing; we will send it right away at our cost.",
            ),
            ReplyId::MissingRefund => (
                "亲，非常抱歉漏发了[{items}]，按您的意思为您退这件商品的款[{refund}元]，马上为您处理。",
                "We are sorry [{items} was|an item was] missing; as you asked, we refund it[ ({refund} yuan)] right away.",
            ),
            ReplyId::DefectPartialRefund => (
                "亲，非常抱歉给您带来不便，按我们商量好的为您部分退款{amount}元（仅退款），商品您留着用就好。",
                "We are sorry for the trouble; as agreed, we refund {amount} yuan (refund only), and you keep the item.",
            ),
            ReplyId::Damaged => (
                "亲，非常抱歉包裹受损，麻烦拍一下包裹和商品的照片，我们向快递索赔，并为您补发或退款，您看哪种方便？",
                "We are sorry the parcel was damaged. Could you send photos of the parcel and the item? We will claim with the carrier and reship or refund, whichever you prefer.",
            ),
            ReplyId::DamagedPhotosIn => (
                "亲，非常抱歉包裹受损，照片我们收到了，会向快递索赔；您看是为您补发，还是办理退款？",
                "We are sorry the parcel was damaged. We have your photos and will claim with the carrier; would you like us to reship or refund?",
            ),
            ReplyId::PriceRefusedShop => (
                "亲，本店暂不提供价保服务，还请您理解[，送您一张{coupon}元优惠券，下次购物可用]。",
                "This shop does not offer price protection; we hope you understand[. Here is a {coupon} yuan coupon for your next order].",
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
                "亲，活动期间不支持价保，[送您一张{coupon}元优惠券，]感谢您的理解。",
                "Price protection does not apply during this promotion; [here is a {coupon} yuan coupon instead. ]Thank you for understanding.",
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
                "亲，非常抱歉发货晚了，[预计{ship_date}可以发出，|我们正在向仓库确认具体发货日期，确认后马上告诉您，]我们已经催促仓库尽快发出，并给您补偿{compensation}元。请问您还需要这件商品吗？",
                "We are sorry the shipment is late. [It should ship on {ship_date}; |We are asking the warehouse for the exact ship date and will tell you as soon as we know; ]we have asked the warehouse to hurry, and we are giving you {compensation} yuan for the delay. Do you still want the item?",
            ),
            ReplyId::LateApologyPlatform => (
                "亲，非常抱歉发货晚了，[预计{ship_date}可以发出，|我们正在向仓库确认具体发货日期，确认后马上告诉您，]我们已经催促仓库尽快发出。平台已按规则自动向您赔付{platform_payment}元，请留意查收。请问您还需要这件商品吗？",
                "We are sorry the shipment is late. [It should ship on {ship_date}; |We are asking the warehouse for the exact ship date and will tell you as soon as we know; ]we have asked the warehouse to hurry, and the marketplace has already paid you {platform_payment} yuan for the delay under its rules. Do you still want the item?",
            ),
            ReplyId::LateApologyPlain => (
                "亲，非常抱歉发货晚了，[预计{ship_date}可以发出，|我们正在向仓库确认具体发货日期，确认后马上告诉您，]我们已经催促仓库尽快发出。请问您还需要这件商品吗？",
                "We are sorry the shipment is late. [It should ship on {ship_date}; |We are asking the warehouse for the exact ship date and will tell you as soon as we know; ]we have asked the warehouse to hurry. Do you still want the item?",
            ),
            ReplyId::ShipTime => (
                "亲，订单会在承诺的发货时间内发出，发出后您可以在订单页查看物流。",
                "The order ships within the promised time; you can follow it on the order page once it leaves.",
            ),
            ReplyId::ShipOutOfStock => (
                "亲，非常抱歉，{out_of_stock}暂时缺货，没办法按时发出。可以为这件商品办理退款，或换成其他有货的款式[，也可以先把{in_stock}发出、这件到货后再寄]，您看哪种方便？",
                "We are sorry: {out_of_stock} is out of stock and cannot ship on time. We can refund that item or exchange it for a style in stock[, or ship {in_stock} now and that item when it arrives]. Which would you prefer?",
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
            ReplyId::ShipLater => (
                "亲，好的，已为您备注[{ship_after}之后|按您说的时间]再发货，仓库会按这个时间安排。",
                "Noted: we will not ship before [{ship_after}|the time you asked], and the warehouse will plan for it.",
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
            ReplyId::DiscountGrant => (
                "亲，给您优惠{amount}元。",
                "We can offer you {amount} yuan off.",
            ),
            ReplyId::CancelCodDeclined => (
                "亲，货到付款需要额外的费用，这笔订单我们先为您关闭；如果还需要，麻烦您重新拍下并选择在线支付，我们会尽快为您发货。",
                "Cash on delivery costs extra, so we are closing this order; if you still want it, please order again and pay online, and we will ship as soon as we can.",
            ),
            ReplyId::DiscountValue => (
                "非常感谢您在众多店铺中选择我们。我们的价格对每一位顾客都是公平的，品质和售后都有保障，相信您收到后会觉得物有所值~",
                "Thank you for choosing us among so many shops. Our prices are the same for every customer, and we stand behind the quality and the after-sales service; we are sure you will find it worth the money.",
            ),
            ReplyId::DiscountRefer => (
                "亲，这个优惠需要请示主管，稍后答复您。",
                "That discount needs our supervisor's approval; we will get back to you shortly.",
            ),
            ReplyId::MoneyRefer => (
                "亲，这个金额需要请主管核实，稍后答复您。",
                "That amount needs our supervisor to check it; we will get back to you shortly.",
            ),
            ReplyId::DiscountAskAmount => (
                "亲，请问您希望优惠多少呢？",
                "How much of a discount did you have in mind?",
            ),
            ReplyId::ReviewCashbackRefused => (
                "亲，非常感谢您的支持！评价请按您的真实感受来写就好，平台不允许用任何好处换评价，还请您理解；商品有任何问题随时找我们，我们负责到底。",
                "Thank you for your support! Please write your review as you really feel; the marketplace keeps reviews honest, and we hope you understand. If anything is wrong with the item, come to us any time and we will put it right.",
            ),
            ReplyId::Complaint => (
                "亲，非常抱歉给您带来不好的体验，我们会认真处理，尽快给您答复。[为表歉意，可以先给您补偿{concession}元。]",
                "We are sorry for the experience; we are looking into it and will answer soon.[ As an apology we can offer {concession} yuan now.]",
            ),
            ReplyId::FakeVerify => (
                "亲，非常理解您的担心。我们的商品都有品牌授权，可以为您提供授权书和质检报告；麻烦您把商品的序列号（或吊牌、货号标签）照片和订单页截图发给我们，我们马上为您核实。",
                "We understand your concern. Our goods are authorised by the brand, and we can show you the authorisation and the quality report; please send us a photo of the item's serial number (or its tag and style number) and a screenshot of the order, and we will check it right away.",
            ),
            ReplyId::PresaleDepositKept => (
                "亲，非常理解您的想法。按平台的预售规则，不付尾款时定金[{deposit}元]不退还；您不需要再操作，尾款期结束后订单会自动关闭。",
                "We understand. Under the marketplace's presale rules the deposit [of {deposit} yuan ]is not refunded when the balance is not paid; there is nothing more you need to do, and the order closes by itself after the balance period.",
            ),
            ReplyId::PresaleDepositRefund => (
                "亲，非常抱歉，是我们这边的原因，定金[{deposit}元]会全额退还给您。",
                "We are sorry: this is on our side, and the deposit [of {deposit} yuan ]is refunded to you in full.",
            ),
            ReplyId::ProactiveLate => (
                "亲，非常抱歉，您的订单发货会晚一些，[预计{ship_date}可以发出，|我们正在向仓库确认具体发货日期，确认后马上告诉您，]我们正在催促仓库，请问您还需要吗？",
                "We are sorry: your order will ship a little late. [It should ship on {ship_date}; |We are asking the warehouse for the exact ship date and will tell you as soon as we know; ]we are hurrying the warehouse. Do you still want it?",
            ),
            ReplyId::ProactiveShipSoon => (
                "亲，您的订单我们正在加急安排，会在承诺时间前为您发出，请问您还需要吗？",
                "We are speeding up your order so that it ships within the promised time. Do you still want it?",
            ),
            ReplyId::ShipSoon => (
                "亲，让您久等了，我们已经催促仓库加急安排，会在承诺时间前为您发出，请问您还需要吗？",
                "Sorry for the wait: we have asked the warehouse to hurry, and it ships within the promised time. Do you still want it?",
            ),
            ReplyId::ProactiveOutOfStock => (
                "亲，非常抱歉，您购买的{out_of_stock}暂时缺货。可以为这件商品办理退款，或换成其他有货的款式[，也可以先把{in_stock}发出、这件到货后再寄]，您看哪种方便？",
                "We are sorry: {out_of_stock} is out of stock. We can refund that item or exchange it for a style in stock[, or ship {in_stock} now and that item when it arrives]. Which would you prefer?",
            ),
            ReplyId::ProactivePayment => (
                "亲，看到您的订单还没有付款，付款后我们会尽快为您安排发货；顺便帮您核对一下地址、数量和款式。",
                "Your order is not paid yet; once it is paid we ship it as soon as we can. Let us also check the address, quantity and style with you.",
            ),
            ReplyId::ProactiveConfirm => (
                "亲，您的订单里{unchosen}还没有选颜色尺码，和您确认一下想要的款式，确认后马上安排发货。",
                "{unchosen} in your order has no colour or size chosen yet; which would you like? It ships as soon as you confirm.",
            ),
            ReplyId::ProactiveConfirmCod => (
                "亲，您选择的是货到付款，货到付款需要额外支付一笔服务费，比在线支付贵一些；如果想省下这笔费用，也可以重新拍下选择在线支付。请问您确认货到付款吗？[另外{unchosen}还没有选颜色尺码，也和您确认一下。]确认后马上安排发货。",
                "You chose cash on delivery, which costs an extra fee compared with paying online; to save it you can order again and pay online. Do you confirm cash on delivery? [{unchosen} also has no colour or size chosen yet. ]It ships as soon as you confirm.",
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
