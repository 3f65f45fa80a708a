//! The steps the built-in trees plan, as typed ids. A decision's JSON carries the name;
//! a shop's script rules may add steps of their own, by name.

use crate::model::names;

/// A step a built-in tree can plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionId {
    /// `apologise`.
    Apologise,
    /// `arrange_return_of_defective_item`.
    ArrangeReturnOfDefectiveItem,
    /// `ask_expected_amount`.
    AskExpectedAmount,
    /// `ask_for_new_receiving_information`.
    AskForNewReceivingInformation,
    /// `call_buyer_proactively`.
    CallBuyerProactively,
    /// `check_activation_time`.
    CheckActivationTime,
    /// `check_address_quantity_style`.
    CheckAddressQuantityStyle,
    /// `check_carrier_record`.
    CheckCarrierRecord,
    /// `check_original_order_shipped`.
    CheckOriginalOrderShipped,
    /// `check_which_lines_shipped`.
    CheckWhichLinesShipped,
    /// `check_serial`.
    CheckSerial,
    /// `check_sku_binding`.
    CheckSkuBinding,
    /// `check_warehouse_record`.
    CheckWarehouseRecord,
    /// `close_order`.
    CloseOrder,
    /// `collect_photos_or_video`.
    CollectPhotosOrVideo,
    /// `confirm_problem_with_buyer`.
    ConfirmProblemWithBuyer,
    /// `confirm_receipt_with_buyer`.
    ConfirmReceiptWithBuyer,
    /// `confirm_still_wanted`.
    ConfirmStillWanted,
    /// `confirm_with_buyer`.
    ConfirmWithBuyer,
    /// `contact_buyer`.
    ContactBuyer,
    /// `contact_carrier_to_redirect`.
    ContactCarrierToRedirect,
    /// `contact_carrier_to_return`.
    ContactCarrierToReturn,
    /// `count_affected_orders`.
    CountAffectedOrders,
    /// `exchange_after_return_received`.
    ExchangeAfterReturnReceived,
    /// `exchange_wrong_item`.
    ExchangeWrongItem,
    /// `expedite_shipping`.
    ExpediteShipping,
    /// `explain_how_to_close`.
    ExplainHowToClose,
    /// `explain_no_price_protection`.
    ExplainNoPriceProtection,
    /// `file_carrier_claim`.
    FileCarrierClaim,
    /// `find_stall_cause`.
    FindStallCause,
    /// `give_ship_date`.
    GiveShipDate,
    /// `give_ship_time`.
    GiveShipTime,
    /// `give_tracking`.
    GiveTracking,
    /// `grant_discount`.
    GrantDiscount,
    /// `ask_reorder_with_online_payment`: a COD buyer who declines re-orders paying online
    /// (R-COD-1).
    AskReorderWithOnlinePayment,
    /// `talk_value_first`: the first answer to a discount request is the product's value,
    /// not a lower price (R-ESC-DISCOUNT).
    TalkValueFirst,
    /// `guide_refund_application`.
    GuideRefundApplication,
    /// `guide_return_application`.
    GuideReturnApplication,
    /// `hand_over_to_senior_agent`.
    HandOverToSeniorAgent,
    /// `inform_buyer_of_result`.
    InformBuyerOfResult,
    /// `keep_leaving_messages`.
    KeepLeavingMessages,
    /// `keep_price_evidence`.
    KeepPriceEvidence,
    /// `notify_buyer`.
    NotifyBuyer,
    /// `notify_warehouse_of_change`.
    NotifyWarehouseOfChange,
    /// `offer_compensation`.
    OfferCompensation,
    /// `mention_platform_late_payment`.
    MentionPlatformLatePayment,
    /// `offer_coupon`.
    OfferCoupon,
    /// `offer_partial_concession`.
    OfferPartialConcession,
    /// `offer_refund_or_exchange`.
    OfferRefundOrExchange,
    /// `or_buyer_refuses_delivery`.
    OrBuyerRefusesDelivery,
    /// `prepare_plan_before_contact`.
    PreparePlanBeforeContact,
    /// `record_escalation_cause`.
    RecordEscalationCause,
    /// `refer_to_supervisor`.
    ReferToSupervisor,
    /// `refund_after_return_received`.
    RefundAfterReturnReceived,
    /// `refund_difference`.
    RefundDifference,
    /// `refund_difference_after_shipping`.
    RefundDifferenceAfterShipping,
    /// `refund_full`.
    RefundFull,
    /// `report_batch_incident`.
    ReportBatchIncident,
    /// `report_binding_error`.
    ReportBindingError,
    /// `report_stall`.
    ReportStall,
    /// `request_warehouse_intercept`.
    RequestWarehouseIntercept,
    /// `reship_missing_item`.
    ReshipMissingItem,
    /// `reship_or_refund`.
    ReshipOrRefund,
    /// `reship_replacement_after_return`.
    ReshipReplacementAfterReturn,
    /// `retention_attempt`.
    RetentionAttempt,
    /// `send_payment_reminder`.
    SendPaymentReminder,
    /// `try_channel`.
    TryChannel,
    /// `update_receiver_info`.
    UpdateReceiverInfo,
    /// `urge_warehouse`.
    UrgeWarehouse,
    /// `use_agreed_wording`.
    UseAgreedWording,
    /// `verify_price_drop`.
    VerifyPriceDrop,
    /// `ask_warehouse_for_ship_date`.
    AskWarehouseForShipDate,
    /// `refund_line`.
    RefundLine,
    /// `ship_rest_first`.
    ShipRestFirst,
    /// `decline_no_reason_return`.
    DeclineNoReasonReturn,
    /// `explain_deposit_not_refunded`.
    ExplainDepositNotRefunded,
    /// `refund_deposit`.
    RefundDeposit,
    /// `check_purchase_channel`.
    CheckPurchaseChannel,
    /// `show_brand_authorisation`.
    ShowBrandAuthorisation,
    /// `show_quality_report`.
    ShowQualityReport,
    /// `keep_chat_as_evidence`.
    KeepChatAsEvidence,
    /// `refuse_review_cashback`.
    RefuseReviewCashback,
    /// `ask_to_amend_review`.
    AskToAmendReview,
    /// `refund_partial`.
    RefundPartial,
}

names!(ActionId {
    Apologise => "apologise",
    ArrangeReturnOfDefectiveItem => "arrange_return_of_defective_item",
    AskExpectedAmount => "ask_expected_amount",
    AskForNewReceivingInformation => "ask_for_new_receiving_information",
    CallBuyerProactively => "call_buyer_proactively",
    CheckActivationTime => "check_activation_time",
    CheckAddressQuantityStyle => "check_address_quantity_style",
    CheckCarrierRecord => "check_carrier_record",
    CheckOriginalOrderShipped => "check_original_order_shipped",
    CheckWhichLinesShipped => "check_which_lines_shipped",
    CheckSerial => "check_serial",
    CheckSkuBinding => "check_sku_binding",
    CheckWarehouseRecord => "check_warehouse_record",
    CloseOrder => "close_order",
    CollectPhotosOrVideo => "collect_photos_or_video",
    ConfirmProblemWithBuyer => "confirm_problem_with_buyer",
    ConfirmReceiptWithBuyer => "confirm_receipt_with_buyer",
    ConfirmStillWanted => "confirm_still_wanted",
    ConfirmWithBuyer => "confirm_with_buyer",
    ContactBuyer => "contact_buyer",
    ContactCarrierToRedirect => "contact_carrier_to_redirect",
    ContactCarrierToReturn => "contact_carrier_to_return",
    CountAffectedOrders => "count_affected_orders",
    ExchangeAfterReturnReceived => "exchange_after_return_received",
    ExchangeWrongItem => "exchange_wrong_item",
    ExpediteShipping => "expedite_shipping",
    ExplainHowToClose => "explain_how_to_close",
    ExplainNoPriceProtection => "explain_no_price_protection",
    FileCarrierClaim => "file_carrier_claim",
    FindStallCause => "find_stall_cause",
    GiveShipDate => "give_ship_date",
    GiveShipTime => "give_ship_time",
    GiveTracking => "give_tracking",
    GrantDiscount => "grant_discount",
    AskReorderWithOnlinePayment => "ask_reorder_with_online_payment",
    TalkValueFirst => "talk_value_first",
    GuideRefundApplication => "guide_refund_application",
    GuideReturnApplication => "guide_return_application",
    HandOverToSeniorAgent => "hand_over_to_senior_agent",
    InformBuyerOfResult => "inform_buyer_of_result",
    KeepLeavingMessages => "keep_leaving_messages",
    KeepPriceEvidence => "keep_price_evidence",
    NotifyBuyer => "notify_buyer",
    NotifyWarehouseOfChange => "notify_warehouse_of_change",
    OfferCompensation => "offer_compensation",
    MentionPlatformLatePayment => "mention_platform_late_payment",
    OfferCoupon => "offer_coupon",
    OfferPartialConcession => "offer_partial_concession",
    OfferRefundOrExchange => "offer_refund_or_exchange",
    OrBuyerRefusesDelivery => "or_buyer_refuses_delivery",
    PreparePlanBeforeContact => "prepare_plan_before_contact",
    RecordEscalationCause => "record_escalation_cause",
    ReferToSupervisor => "refer_to_supervisor",
    RefundAfterReturnReceived => "refund_after_return_received",
    RefundDifference => "refund_difference",
    RefundDifferenceAfterShipping => "refund_difference_after_shipping",
    RefundFull => "refund_full",
    ReportBatchIncident => "report_batch_incident",
    ReportBindingError => "report_binding_error",
    ReportStall => "report_stall",
    RequestWarehouseIntercept => "request_warehouse_intercept",
    ReshipMissingItem => "reship_missing_item",
    ReshipOrRefund => "reship_or_refund",
    ReshipReplacementAfterReturn => "reship_replacement_after_return",
    RetentionAttempt => "retention_attempt",
    SendPaymentReminder => "send_payment_reminder",
    TryChannel => "try_channel",
    UpdateReceiverInfo => "update_receiver_info",
    UrgeWarehouse => "urge_warehouse",
    UseAgreedWording => "use_agreed_wording",
    VerifyPriceDrop => "verify_price_drop",
    AskWarehouseForShipDate => "ask_warehouse_for_ship_date",
    RefundLine => "refund_line",
    ShipRestFirst => "ship_rest_first",
    DeclineNoReasonReturn => "decline_no_reason_return",
    ExplainDepositNotRefunded => "explain_deposit_not_refunded",
    RefundDeposit => "refund_deposit",
    CheckPurchaseChannel => "check_purchase_channel",
    ShowBrandAuthorisation => "show_brand_authorisation",
    ShowQualityReport => "show_quality_report",
    KeepChatAsEvidence => "keep_chat_as_evidence",
    RefuseReviewCashback => "refuse_review_cashback",
    AskToAmendReview => "ask_to_amend_review",
    RefundPartial => "refund_partial",
});
