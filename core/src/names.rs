//! The names people read for every id a host may show, in Chinese and English.
//!
//! Ids (`refund_full`, `flag-status-mismatch`, `R-CANCEL-3`) are the JSON contract and
//! stay in every answer; a host shows the name instead and keeps the id for a hover or
//! a script. The names live here, once, so the extension, the CLI's reports and
//! `kefu explain` say the same words; the `names` operation hands them all out.
//!
//! Every function below matches its enum exhaustively, so a new variant without a
//! name does not compile; a test checks that every name is written in both languages.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::decide::Branch;
use crate::decision::{ActionId, Channel, Factor, Outcome, Payer, Responsibility};
use crate::guard::RedLine;
use crate::impact::{ChangeKind, MoneyMove, Via};
use crate::lint::{Check, Severity};
use crate::model::case::{BuyerReason, Evidence, Remedy, RequestKind, Role, WarehouseAnswer};
use crate::model::code::Code;
use crate::model::fact::Fact;
use crate::model::flag::Flag;
use crate::model::level::Level;
use crate::model::order::{OrderStatus, PresaleStage, ReturnExclusion};
use crate::policy::kpi::Indicator;
use crate::policy::qa::Verdict;
use crate::registry::{self, Applies};
use crate::remark::{Lang, Reason};
use crate::team::kpi::Count;

/// A name in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Name {
    /// Chinese, as agents say it.
    pub zh: &'static str,
    /// English, in plain words.
    pub en: &'static str,
}

impl Name {
    /// The name in one language.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

const fn n(zh: &'static str, en: &'static str) -> Name {
    Name { zh, en }
}

/// What a decision comes to.
pub fn outcome(o: Outcome) -> Name {
    use Outcome as O;
    match o {
        O::BuyerClosesOrder => n("引导买家自行关闭订单", "The buyer closes the order"),
        O::AgentClosesOrder => n("客服关闭订单", "The agent closes the order"),
        O::RefundByBuyerApplication => n("买家申请退款后处理", "Refund once the buyer applies"),
        O::InterceptAtWarehouse => n("仓库拦截", "Intercept at the warehouse"),
        O::RefundAfterIntercept => n("拦截成功后退款", "Refund after the intercept"),
        O::CheckWhetherShipped => n("先核实是否已发出", "Check first whether it shipped"),
        O::CarrierReturnOrRefusal => n("快递退回或买家拒收", "Carrier return or refused delivery"),
        O::NothingToCancel => n("无可取消", "Nothing to cancel"),
        O::ReturnThenRefund => n("退货后退款", "Refund after the return"),
        O::ReturnThenExchange => n("退货后换货", "Exchange after the return"),
        O::CollectEvidence => n("先收集凭证", "Collect evidence first"),
        O::Investigate => n("核查", "Investigate"),
        O::ReplaceAgainstReturn => n("退回后换新", "Replace once it is returned"),
        O::RefundAgainstReturn => n("退回后退款", "Refund once it is returned"),
        O::BatchIncident => n("批量事故", "Batch incident"),
        O::ReshipOrExchange => n("补发或换货", "Reship or exchange"),
        O::CarrierClaim => n("向快递索赔", "Claim from the carrier"),
        O::ExpediteThenRefundDifference => n("加急发货后退差价", "Expedite, then refund the difference"),
        O::RefundDifference => n("退差价", "Refund the difference"),
        O::NoPriceRefund => n("不退差价", "No price refund"),
        O::ApologiseAndExpedite => n("致歉并加急", "Apologise and expedite"),
        O::InformShipTime => n("告知发货时间", "Tell the ship time"),
        O::InformWarehouseShipped => n("告知仓库已发货", "Tell the warehouse shipped it"),
        O::InvestigateStall => n("查物流停滞", "Investigate the stalled parcel"),
        O::GiveTracking => n("提供物流信息", "Give the tracking"),
        O::ConfirmDelivery => n("确认签收", "Confirm delivery"),
        O::UpdateReceiver => n("修改收货信息", "Update the receiver"),
        O::GrantDiscount => n("给予优惠", "Grant the discount"),
        O::TalkValueFirst => n("先讲价值，不急于让价", "Talk value first"),
        O::SupervisorDecides => n("主管决定", "The supervisor decides"),
        O::HandleComplaint => n("处理投诉", "Handle the complaint"),
        O::ProactiveContact => n("主动联系", "Contact the buyer first"),
        O::LineCannotShip => n("商品缺货，请买家选择", "A line cannot ship: the buyer chooses"),
        O::DeclineRequest => n("婉拒并说明原因", "Decline and explain"),
        O::DepositNotRefunded => n("定金不退", "Deposit not refunded"),
        O::RefundDeposit => n("退还定金", "Refund the deposit"),
        O::VerifyAuthenticity => n("核实真伪", "Verify authenticity"),
        O::RefundLine => n("退该商品的款", "Refund that line"),
        O::PartialRefund => n("协商部分退款", "Agree a partial refund"),
        O::NoAction => n("无需处理", "Nothing to do"),
    }
}

/// A step of a decision.
pub fn action(a: ActionId) -> Name {
    use ActionId as A;
    match a {
        A::Apologise => n("致歉", "Apologise"),
        A::ArrangeReturnOfDefectiveItem => n("安排退回瑕疵品", "Arrange the defective item's return"),
        A::AskExpectedAmount => n("询问期望金额", "Ask the amount expected"),
        A::AskForNewReceivingInformation => n("询问新的收货信息", "Ask for the new receiving details"),
        A::CallBuyerProactively => n("主动致电买家", "Call the buyer first"),
        A::CheckActivationTime => n("核对激活时间", "Check the activation time"),
        A::CheckAddressQuantityStyle => n("核对地址、数量、款式", "Check address, quantity and style"),
        A::CheckCarrierRecord => n("查快递记录", "Check the carrier's record"),
        A::CheckOriginalOrderShipped => n("核实原订单是否已发", "Check whether the original order shipped"),
        A::CheckWhichLinesShipped => n("核实哪些商品已发货", "Check which lines shipped"),
        A::CheckSerial => n("核对序列号", "Check the serial number"),
        A::CheckSkuBinding => n("核查SKU绑定", "Check the SKU binding"),
        A::CheckWarehouseRecord => n("查仓库记录", "Check the warehouse record"),
        A::CloseOrder => n("关闭订单", "Close the order"),
        A::CollectPhotosOrVideo => n("收集照片或视频", "Collect photos or video"),
        A::ConfirmProblemWithBuyer => n("与买家确认问题", "Confirm the problem with the buyer"),
        A::ConfirmReceiptWithBuyer => n("与买家确认收货", "Confirm receipt with the buyer"),
        A::ConfirmStillWanted => n("确认是否还要", "Confirm it is still wanted"),
        A::ConfirmWithBuyer => n("与买家确认", "Confirm with the buyer"),
        A::ContactBuyer => n("联系买家", "Contact the buyer"),
        A::ContactCarrierToRedirect => n("联系快递改派", "Ask the carrier to redirect"),
        A::ContactCarrierToReturn => n("联系快递退回", "Ask the carrier to return it"),
        A::CountAffectedOrders => n("统计受影响订单", "Count the affected orders"),
        A::ExchangeAfterReturnReceived => n("收到退货后换货", "Exchange once the return arrives"),
        A::ExchangeWrongItem => n("换回正确商品", "Exchange the wrong item"),
        A::ExpediteShipping => n("加急发货", "Expedite shipping"),
        A::ExplainHowToClose => n("说明如何关闭订单", "Explain how to close the order"),
        A::ExplainNoPriceProtection => n("说明不支持价保", "Explain there is no price protection"),
        A::FileCarrierClaim => n("向快递索赔", "File a claim with the carrier"),
        A::FindStallCause => n("查明停滞原因", "Find why the parcel stalled"),
        A::GiveShipDate => n("告知发货日期", "Give the ship date"),
        A::GiveShipTime => n("告知发货时间", "Give the ship time"),
        A::GiveTracking => n("提供物流信息", "Give the tracking"),
        A::GrantDiscount => n("给予优惠", "Grant the discount"),
        A::AskReorderWithOnlinePayment => n("请买家在线支付重新拍下", "Ask to reorder paying online"),
        A::TalkValueFirst => n("先讲价值，不急于让价", "Talk value first"),
        A::GuideRefundApplication => n("引导申请退款", "Guide the refund application"),
        A::GuideReturnApplication => n("引导申请退货", "Guide the return application"),
        A::HandOverToSeniorAgent => n("转资深客服", "Hand over to a senior agent"),
        A::InformBuyerOfResult => n("告知买家结果", "Tell the buyer the result"),
        A::KeepLeavingMessages => n("持续留言", "Keep leaving messages"),
        A::KeepPriceEvidence => n("保留价格证据", "Keep the price evidence"),
        A::NotifyBuyer => n("通知买家", "Notify the buyer"),
        A::NotifyWarehouseOfChange => n("通知仓库修改", "Tell the warehouse of the change"),
        A::OfferCompensation => n("提出补偿", "Offer compensation"),
        A::MentionPlatformLatePayment => n("告知平台已自动赔付", "Mention the platform's late payment"),
        A::OfferCoupon => n("送优惠券", "Offer a coupon"),
        A::OfferPartialConcession => n("部分让步", "Offer a partial concession"),
        A::OfferRefundOrExchange => n("提供退款或换货", "Offer a refund or an exchange"),
        A::OrBuyerRefusesDelivery => n("或买家拒收", "Or the buyer refuses delivery"),
        A::PreparePlanBeforeContact => n("联系前先准备方案", "Prepare a plan before contact"),
        A::RecordEscalationCause => n("记录升级原因", "Record why it was escalated"),
        A::ReferToSupervisor => n("转主管", "Refer to the supervisor"),
        A::RefundAfterReturnReceived => n("收到退货后退款", "Refund once the return arrives"),
        A::RefundDifference => n("退差价", "Refund the difference"),
        A::RefundDifferenceAfterShipping => n("发货后退差价", "Refund the difference after shipping"),
        A::RefundFull => n("全额退款", "Refund in full"),
        A::ReportBatchIncident => n("上报批量事故", "Report the batch incident"),
        A::ReportBindingError => n("上报绑定错误", "Report the binding error"),
        A::ReportStall => n("上报物流停滞", "Report the stall"),
        A::RequestWarehouseIntercept => n("请仓库拦截", "Ask the warehouse to intercept"),
        A::ReshipMissingItem => n("补发漏发商品", "Reship the missing item"),
        A::ReshipOrRefund => n("补发或退款", "Reship or refund"),
        A::ReshipReplacementAfterReturn => n("退回后补发新品", "Send a replacement after the return"),
        A::RetentionAttempt => n("挽留", "Try to keep the order"),
        A::SendPaymentReminder => n("催付", "Send a payment reminder"),
        A::TryChannel => n("换渠道联系", "Try another channel"),
        A::UpdateReceiverInfo => n("修改收货信息", "Update the receiver details"),
        A::UrgeWarehouse => n("催仓库", "Urge the warehouse"),
        A::UseAgreedWording => n("使用统一话术", "Use the agreed wording"),
        A::VerifyPriceDrop => n("核实降价", "Verify the price drop"),
        A::AskWarehouseForShipDate => n("向仓库确认发货日期", "Ask the warehouse for the ship date"),
        A::RefundLine => n("退该商品的款", "Refund that line"),
        A::ShipRestFirst => n("其余商品先发", "Ship the rest first"),
        A::DeclineNoReasonReturn => n("说明不支持七天无理由", "Explain no no-reason return"),
        A::ExplainDepositNotRefunded => n("说明定金不退", "Explain the deposit is not refunded"),
        A::RefundDeposit => n("退还定金", "Refund the deposit"),
        A::CheckPurchaseChannel => n("核实购买渠道", "Check where it was bought"),
        A::ShowBrandAuthorisation => n("出示品牌授权", "Show the brand authorisation"),
        A::ShowQualityReport => n("出示质检报告", "Show the quality report"),
        A::KeepChatAsEvidence => n("保留聊天记录作证据", "Keep the chat as evidence"),
        A::RefuseReviewCashback => n("婉拒好评返现", "Refuse cash for a review"),
        A::AskToAmendReview => n("请买家修改评价", "Ask the buyer to amend the review"),
        A::RefundPartial => n("部分退款（仅退款）", "Refund part (no return)"),
    }
}

/// A lint check.
pub fn check(c: Check) -> Name {
    match c {
        Check::FlagStatusMismatch => n("旗帜与订单状态不符", "Flag does not match the status"),
        Check::RedChangeIncomplete => n("红旗改动未写明", "Red-flag change not written out"),
        Check::EntryUnsigned => n("备注未署名或无日期", "Entry unsigned or undated"),
        Check::ChangeWithoutEntry => n("改动未记备注", "Change without an entry"),
        Check::CodUnconfirmed => n("货到付款未确认", "Cash on delivery not confirmed"),
    }
}

/// How serious a lint finding is.
pub fn severity(s: Severity) -> Name {
    match s {
        Severity::Info => n("提示", "Info"),
        Severity::Warning => n("警告", "Warning"),
        Severity::Error => n("错误", "Error"),
    }
}

/// An escalation level.
pub fn level(l: Level) -> Name {
    // The Chinese is the one the trace's reasons use (`Level::name_zh`).
    let en = match l {
        Level::None => "Not escalated",
        Level::Senior => "Senior agent",
        Level::Supervisor => "Supervisor",
        Level::Leadership => "Leadership",
    };
    n(l.name_zh(), en)
}

/// A seller flag's colour.
pub fn flag(f: Flag) -> Name {
    let en = match f {
        Flag::None => "No flag",
        Flag::Red => "Red flag",
        Flag::Yellow => "Yellow flag",
        Flag::Green => "Green flag",
        Flag::Blue => "Blue flag",
        Flag::Purple => "Purple flag",
    };
    n(f.name_zh(), en)
}

/// Who is responsible.
pub fn responsibility(r: Responsibility) -> Name {
    use Responsibility as R;
    match r {
        R::Merchant => n("商家责任", "The shop"),
        R::Carrier => n("快递责任", "The carrier"),
        R::Buyer => n("买家责任", "The buyer"),
        R::ForceMajeure => n("不可抗力", "Force majeure"),
        R::Unknown => n("待查", "Not known yet"),
        R::None => n("无责任方", "Nobody"),
    }
}

/// Who pays the return shipping.
pub fn payer(p: Payer) -> Name {
    match p {
        Payer::Merchant => n("商家承担", "The shop pays"),
        Payer::Buyer => n("买家承担", "The buyer pays"),
        Payer::FreightInsurance => n("运费险承担", "Freight insurance pays"),
        Payer::None => n("无运费", "No shipping to pay"),
    }
}

/// How to reach the buyer.
pub fn channel(c: Channel) -> Name {
    match c {
        Channel::Phone => n("电话", "Phone"),
        Channel::Online => n("在线消息", "Online message"),
    }
}

/// What the buyer asks for.
pub fn request_kind(k: RequestKind) -> Name {
    use RequestKind as K;
    match k {
        K::None => n("无诉求", "No request"),
        K::Cancel => n("取消订单", "Cancel"),
        K::Return => n("退货", "Return"),
        K::Exchange => n("换货", "Exchange"),
        K::Refund => n("退款", "Refund"),
        K::PriceDifference => n("退差价", "Price difference"),
        K::WhereIsMyOrder => n("查物流", "Where is my order"),
        K::ChangeReceiver => n("改收货信息", "Change the receiver"),
        K::Discount => n("要优惠", "Discount"),
        K::Defect => n("质量问题", "Defect"),
        K::WrongItem => n("发错货", "Wrong item"),
        K::MissingItem => n("漏发", "Missing item"),
        K::Damaged => n("破损", "Damaged"),
        K::Complaint => n("投诉", "Complaint"),
    }
}

/// Why the buyer asks.
pub fn reason(r: BuyerReason) -> Name {
    use BuyerReason as B;
    match r {
        B::ChangedMind => n("不想要了", "Changed mind"),
        B::WrongSize => n("尺码不合适", "Wrong size"),
        B::WrongColour => n("颜色不合适", "Wrong colour"),
        B::Doubt => n("犹豫/怀疑", "In doubt"),
        B::NoReason => n("七天无理由", "No reason (7 days)"),
        B::Defect => n("质量问题", "Defect"),
        B::WrongItem => n("发错货", "Wrong item"),
        B::MissingItem => n("漏发", "Missing item"),
        B::DamagedInTransit => n("运输破损", "Damaged in transit"),
        B::LateShipment => n("发货晚", "Shipped late"),
        B::Stalled => n("物流停滞", "Parcel stalled"),
        B::PriceDrop => n("降价", "Price dropped"),
        B::PagePriceError => n("页面价格错误", "Wrong price on the page"),
        B::ForceMajeure => n("不可抗力", "Force majeure"),
        B::CodDeclined => n("货到付款拒付", "Cash on delivery declined"),
        B::Counterfeit => n("质疑假货", "Says it is fake"),
        B::ReviewCashback => n("好评返现", "Cash for a review"),
        B::Other => n("其他", "Other"),
    }
}

/// What the buyer shows.
pub fn evidence(e: Evidence) -> Name {
    match e {
        Evidence::Photo => n("照片", "Photo"),
        Evidence::Video => n("视频", "Video"),
        Evidence::Serial => n("序列号", "Serial number"),
        Evidence::Activation => n("激活记录", "Activation record"),
        Evidence::WarehouseRecord => n("仓库记录", "Warehouse record"),
        Evidence::CarrierRecord => n("快递记录", "Carrier record"),
    }
}

/// What the buyer wants.
pub fn remedy(r: Remedy) -> Name {
    match r {
        Remedy::Refund => n("退款", "Refund"),
        Remedy::Replacement => n("换新", "Replacement"),
        Remedy::Exchange => n("换货", "Exchange"),
        Remedy::Reship => n("补发", "Reship"),
        Remedy::Compensation => n("补偿", "Compensation"),
    }
}

/// The agent's role.
pub fn role(r: Role) -> Name {
    match r {
        Role::New => n("新客服", "New agent"),
        Role::Agent => n("客服", "Agent"),
        Role::Senior => n("资深客服", "Senior agent"),
        Role::Supervisor => n("主管", "Supervisor"),
        Role::Leadership => n("领导", "Leadership"),
    }
}

/// An order's status.
pub fn status(s: OrderStatus) -> Name {
    use OrderStatus as S;
    match s {
        S::Unpaid => n("待付款", "Unpaid"),
        S::Paid => n("已付款", "Paid"),
        S::Pushed => n("已推单", "Sent to the warehouse"),
        S::PartlyShipped => n("部分发货", "Partly shipped"),
        S::Shipped => n("已发货", "Shipped"),
        S::Delivered => n("已签收", "Delivered"),
        S::Closed => n("已关闭", "Closed"),
    }
}

/// A fact a source may lack: the Chinese the reports already use ([`Fact::name_zh`]).
pub fn fact(f: Fact) -> Name {
    let en = match f {
        Fact::Flag => "Flag colour",
        Fact::PushedAt => "Sent to the warehouse",
        Fact::ShipBy => "Promised ship-by time",
        Fact::PickedUpAt => "Pick-up time",
        Fact::DeliveredAt => "Delivery time",
        Fact::Items => "Order lines",
        Fact::OutOfStock => "Out-of-stock mark",
    };
    n(f.name_zh(), en)
}

/// Why a case was escalated.
pub fn factor(f: Factor) -> Name {
    use Factor as F;
    // The Chinese is the one the trace's reasons use (`Factor::name_zh`): an agent reads
    // a factor by one name in the reasons and on the screens.
    let en = match f {
        F::PublicExposure => "Threatens to go public",
        F::PlatformIntervention => "Asks the platform to step in",
        F::BrokenPromise => "A broken promise",
        F::RepeatContacts => "Repeated contacts",
        F::NegativeReview => "A negative review",
        F::HighOrderValue => "A high-value order",
        F::BatchIncident => "A batch incident",
        F::DiscountOverLimit => "Discount over the limit",
        F::DifficultComplaint => "A difficult complaint",
        F::OverPayment => "Asks back more than paid",
        F::ReviewThreat => "Ties a review to money",
        F::CounterfeitClaim => "Says it is fake",
        F::ConcessionOverLimit => "Concession over the limit",
    };
    n(f.name_zh(), en)
}

/// What the warehouse answered to an intercept.
pub fn warehouse_answer(w: WarehouseAnswer) -> Name {
    match w {
        WarehouseAnswer::Pending => n("仓库未答复", "No answer yet"),
        WarehouseAnswer::Intercepted => n("已拦截", "Intercepted"),
        WarehouseAnswer::NotFound => n("仓库未找到", "Not found"),
        WarehouseAnswer::AlreadyShipped => n("已发出", "Already shipped"),
    }
}

/// Why a line cannot be returned without a reason.
pub fn return_exclusion(r: ReturnExclusion) -> Name {
    match r {
        ReturnExclusion::Customised => n("定制商品", "Made to order"),
        ReturnExclusion::Perishable => n("生鲜易腐", "Perishable"),
        ReturnExclusion::Digital => n("数字商品", "Digital goods"),
        ReturnExclusion::NotEligible => n("不支持七天无理由", "Not eligible for no-reason returns"),
    }
}

/// A presale order's stage.
pub fn presale_stage(p: PresaleStage) -> Name {
    match p {
        PresaleStage::DepositPaid => n("定金已付", "Deposit paid"),
        PresaleStage::BalancePaid => n("尾款已付", "Balance paid"),
    }
}

/// A remark entry's reason: the remark's own labels, so the name is what the line says.
pub fn remark_reason(r: Reason) -> Name {
    n(r.label(Lang::Zh), r.label(Lang::En))
}

/// A branch of the decision a shop rule may replace.
pub fn branch(b: Branch) -> Name {
    match b {
        Branch::Scan => n("主动巡检", "Scan"),
        Branch::Cancel => n("取消订单", "Cancellation"),
        Branch::ChangeReceiver => n("改收货信息", "Receiver change"),
        Branch::Discount => n("要优惠", "Discount"),
        Branch::WhereIsMyOrder => n("查物流", "Where is my order"),
        Branch::Returns => n("退货退款", "Returns"),
        Branch::Defect => n("质量问题", "Defect"),
        Branch::WrongOrMissing => n("错发漏发", "Wrong or missing item"),
        Branch::Damaged => n("破损", "Damaged"),
        Branch::PriceDifference => n("退差价", "Price difference"),
        Branch::Complaint => n("投诉", "Complaint"),
        Branch::Counterfeit => n("质疑假货", "Counterfeit claim"),
    }
}

/// Where a rule takes effect.
pub fn applies(a: Applies) -> Name {
    match a {
        Applies::Decide => n("决策", "Decisions"),
        Applies::Remark => n("备注", "Remarks"),
        Applies::Lint => n("备注检查", "Remark checks"),
        Applies::Wording => n("回复用语", "Reply wording"),
        Applies::Scan => n("主动联系队列", "Contact queue"),
        Applies::Kpi => n("考核评分", "Scorecards"),
        Applies::Qa => n("会话质检", "Chat review"),
    }
}

/// What changed between two decisions of one case (`diff`).
pub fn change(c: ChangeKind) -> Name {
    match c {
        ChangeKind::Outcome => n("处理结论", "Outcome"),
        ChangeKind::Actions => n("处理步骤", "Steps"),
        ChangeKind::Flag => n("旗帜", "Flag"),
        ChangeKind::Level => n("升级级别", "Escalation level"),
        ChangeKind::Responsibility => n("责任方", "Responsibility"),
        ChangeKind::Payer => n("运费承担", "Return shipping payer"),
        ChangeKind::Money => n("金额", "Money"),
        ChangeKind::Reply => n("回复", "Reply"),
        ChangeKind::Remark => n("备注", "Remark"),
        ChangeKind::Contact => n("联系方式", "Contact"),
    }
}

/// How a diff decided a record.
pub fn via(v: Via) -> Name {
    match v {
        Via::Decide => n("按买家诉求", "The buyer's request"),
        Via::Scan => n("主动巡检", "Scan"),
    }
}

/// What an amount does with the shop's money (`diff`'s totals).
pub fn money(m: MoneyMove) -> Name {
    match m {
        MoneyMove::Granted => n("让利（优惠、券、补偿让步）", "Granted (discounts, coupons, concessions)"),
        MoneyMove::Refunded => n("退款", "Refunded"),
        MoneyMove::Compensated => n("赔付", "Compensated"),
    }
}

/// An indicator of a scorecard (R-KPI-WEIGHTS), as the shops' tables name it.
pub fn indicator(i: Indicator) -> Name {
    let (zh, en) = i.names();
    n(zh, en)
}

/// A red line of the chat review (R-QA-1, 000).
pub fn red_line(r: RedLine) -> Name {
    match r {
        RedLine::Shirking => n("推卸责任", "Shirking responsibility"),
        RedLine::BrokenCommitment => n("违背承诺", "Broken commitment"),
    }
}

/// How a turn ended (R-QA-2).
pub fn verdict(v: Verdict) -> Name {
    match v {
        Verdict::Ok => n("及时回复", "Answered in time"),
        Verdict::Slow => n("回复慢", "Slow reply"),
        Verdict::Unanswered => n("未回复", "Unanswered"),
        Verdict::OffHours => n("非服务时间", "Outside service hours"),
    }
}

/// A count of an indicator table.
pub fn count(c: Count) -> Name {
    match c {
        Count::Inquiries => n("询单人数", "Buyers who asked"),
        Count::PaidBuyers => n("询单最终付款人数", "Of them, buyers who paid"),
        Count::Sales => n("销售额", "Sales"),
        Count::Orders => n("成交订单数", "Orders"),
        Count::ReplySeconds => n("回复总时长（秒）", "Reply seconds in all"),
        Count::Replies => n("回复次数", "Replies timed"),
        Count::FirstReplySeconds => n("首次回复总时长（秒）", "First-reply seconds in all"),
        Count::FirstReplies => n("首次回复次数", "First replies timed"),
        Count::Evaluations => n("收到评价数", "Evaluations"),
        Count::Satisfied => n("满意评价数", "Satisfied evaluations"),
        Count::Invited => n("邀评人数", "Buyers invited to evaluate"),
        Count::Served => n("接待人数", "Buyers served"),
        Count::TasksDone => n("完成任务数", "Tasks done"),
        Count::Tasks => n("任务数", "Tasks set"),
        Count::DaysWorked => n("上班天数", "Days worked"),
        Count::DaysScheduled => n("应出勤天数", "Days scheduled"),
        Count::Consults => n("咨询人数", "Buyers who wrote"),
        Count::Replied => n("已回复人数", "Buyers replied to"),
        Count::Compliments => n("点名表扬", "Compliments naming the agent"),
        Count::Complaints => n("点名投诉", "Complaints naming the agent"),
    }
}

/// An error code's title: a short Chinese title, and the code's one doc line (what went
/// wrong and what to do) as the English one.
pub fn code(c: Code) -> Name {
    n(c.title_zh(), c.doc())
}

/// Words hosts put around the names: the headings of a decision's and a finding's
/// parts, so a page in either language needs no words of its own for them.
const UI: &[(&str, Name)] = &[
    ("actions", n("处理步骤", "Steps")),
    ("check", n("检查项", "Check")),
    ("contact", n("联系方式", "Contact")),
    ("escalation", n("升级", "Escalation")),
    ("evidence", n("凭证", "Evidence")),
    ("fix", n("修正", "Fix")),
    ("flag", n("旗帜", "Flag")),
    ("flag_unchanged", n("旗帜不变", "Flag unchanged")),
    ("level", n("升级级别", "Escalation level")),
    ("missing", n("缺少信息", "Missing")),
    ("outcome", n("处理结论", "Outcome")),
    ("payer", n("运费承担", "Return shipping paid by")),
    ("queue", n("待联系队列", "Contact queue")),
    ("reason", n("原因", "Reason")),
    ("remark", n("备注", "Remark")),
    ("reply", n("回复", "Reply")),
    ("request_kind", n("诉求", "Request")),
    ("responsibility", n("责任方", "Responsibility")),
    ("rules", n("依据规则", "Rules")),
    ("severity", n("严重程度", "Severity")),
    ("skipped", n("未检查", "Not checked")),
    ("status", n("订单状态", "Status")),
    ("trace", n("依据", "Why")),
    ("warnings", n("注意", "Warnings")),
];

/// Every name, by kind then id, keys sorted (a `BTreeMap`), as the `names` operation
/// answers it.
pub type Names = BTreeMap<&'static str, BTreeMap<&'static str, Name>>;

fn kind<T: Copy>(all: &[T], id: fn(T) -> &'static str, name: fn(T) -> Name) -> BTreeMap<&'static str, Name> {
    all.iter().map(|v| (id(*v), name(*v))).collect()
}

/// The kinds of the `names` answer, as the api documents them: hosts look names up by
/// these (a test holds [`all`] to exactly this list).
pub const KINDS: &[&str] = &[
    "outcome",
    "action",
    "check",
    "severity",
    "level",
    "flag",
    "responsibility",
    "payer",
    "channel",
    "request_kind",
    "reason",
    "evidence",
    "remedy",
    "role",
    "status",
    "fact",
    "factor",
    "warehouse_answer",
    "return_exclusion",
    "presale_stage",
    "remark_reason",
    "branch",
    "applies",
    "change",
    "via",
    "money",
    "indicator",
    "count",
    "red_line",
    "verdict",
    "rule",
    "code",
    "ui",
];

/// Every name a host may show.
pub fn all() -> Names {
    let mut out = Names::new();
    out.insert("outcome", kind(Outcome::ALL, Outcome::name, outcome));
    out.insert("action", kind(ActionId::ALL, ActionId::name, action));
    out.insert("check", kind(Check::ALL, Check::name, check));
    out.insert("severity", kind(Severity::ALL, Severity::name, severity));
    out.insert("level", kind(Level::ALL, Level::name, level));
    out.insert("flag", kind(&Flag::ALL, Flag::name, flag));
    out.insert("responsibility", kind(Responsibility::ALL, Responsibility::name, responsibility));
    out.insert("payer", kind(Payer::ALL, Payer::name, payer));
    out.insert("channel", kind(Channel::ALL, Channel::name, channel));
    out.insert("request_kind", kind(RequestKind::ALL, RequestKind::name, request_kind));
    out.insert("reason", kind(BuyerReason::ALL, BuyerReason::name, reason));
    out.insert("evidence", kind(Evidence::ALL, Evidence::name, evidence));
    out.insert("remedy", kind(Remedy::ALL, Remedy::name, remedy));
    out.insert("role", kind(Role::ALL, Role::name, role));
    out.insert("status", kind(OrderStatus::ALL, OrderStatus::name, status));
    out.insert("fact", kind(Fact::ALL, Fact::name, fact));
    out.insert("factor", kind(Factor::ALL, Factor::name, factor));
    out.insert("warehouse_answer", kind(WarehouseAnswer::ALL, WarehouseAnswer::name, warehouse_answer));
    out.insert("return_exclusion", kind(ReturnExclusion::ALL, ReturnExclusion::name, return_exclusion));
    out.insert("presale_stage", kind(PresaleStage::ALL, PresaleStage::name, presale_stage));
    out.insert("remark_reason", kind(&Reason::ALL, Reason::name, remark_reason));
    out.insert("branch", kind(Branch::ALL, Branch::name, branch));
    out.insert("applies", kind(&Applies::ALL, Applies::name, applies));
    out.insert("change", kind(ChangeKind::ALL, ChangeKind::name, change));
    out.insert("via", kind(Via::ALL, Via::name, via));
    out.insert("money", kind(MoneyMove::ALL, MoneyMove::name, money));
    out.insert("indicator", kind(Indicator::ALL, Indicator::name, indicator));
    out.insert("count", kind(Count::ALL, Count::name, count));
    out.insert("red_line", kind(RedLine::ALL, RedLine::name, red_line));
    out.insert("verdict", kind(Verdict::ALL, Verdict::name, verdict));
    out.insert("rule", registry::RULES.iter().map(|r| (r.id, n(r.summary.zh, r.summary.en))).collect());
    out.insert("code", Code::ALL.iter().map(|c| (c.as_str(), code(*c))).collect());
    out.insert("ui", UI.iter().copied().collect());
    out
}

#[cfg(test)]
#[allow(clippy::panic, reason = "a test fails by panicking")]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn the_answer_holds_exactly_the_documented_kinds() {
        let kinds: Vec<&str> = all().keys().copied().collect();
        let mut documented = KINDS.to_vec();
        documented.sort_unstable();
        assert_eq!(kinds, documented);
    }

    #[test]
    fn every_id_has_a_chinese_and_an_english_name() {
        let all = all();
        for kind in KINDS {
            let Some(names) = all.get(kind) else { panic!("no kind {kind}") };
            assert!(!names.is_empty(), "{kind}");
            for (id, name) in names {
                assert!(has_cjk(name.zh), "{kind} {id}: zh {:?}", name.zh);
                // A rule's English may quote the Chinese it is about (say 仓库已发货).
                assert!(
                    !name.en.trim().is_empty() && (*kind == "rule" || !has_cjk(name.en)),
                    "{kind} {id}: en {:?}",
                    name.en
                );
                assert_ne!(name.en, *id, "{kind} {id}: the English name is the id");
            }
        }
    }

    #[test]
    fn ids_are_the_json_names() {
        crate::model::names_agree_with_serde(&Reason::ALL, Reason::name);
        crate::model::names_agree_with_serde(&Applies::ALL, Applies::name);
        crate::model::names_agree_with_serde(Branch::ALL, Branch::name);
    }

    #[test]
    fn every_value_of_every_enum_is_listed() {
        let all = all();
        let count = |k: &str| all.get(k).map_or(0, BTreeMap::len);
        assert_eq!(count("outcome"), Outcome::ALL.len());
        assert_eq!(count("action"), ActionId::ALL.len());
        assert_eq!(count("check"), Check::ALL.len());
        assert_eq!(count("severity"), Severity::ALL.len());
        assert_eq!(count("flag"), Flag::ALL.len());
        assert_eq!(count("reason"), BuyerReason::ALL.len());
        assert_eq!(count("remark_reason"), Reason::ALL.len());
        assert_eq!(count("rule"), registry::RULES.len());
        assert_eq!(count("code"), Code::ALL.len());
    }

    #[test]
    fn names_within_a_kind_are_distinct_where_agents_pick_from_them() {
        // A picker showing two equal names would make the agent guess.
        let all = all();
        for kind in ["request_kind", "reason", "remedy", "evidence", "role", "flag", "level", "status", "check"] {
            let Some(names) = all.get(kind) else { panic!("no kind {kind}") };
            let mut zh: Vec<&str> = names.values().map(|n| n.zh).collect();
            zh.sort_unstable();
            zh.dedup();
            assert_eq!(zh.len(), names.len(), "{kind}: two ids share a Chinese name");
        }
    }
}
