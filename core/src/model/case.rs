//! A case: everything the decision trees read. The order, what the buyer asks, who is
//! handling it, and the context the rules need. A case carries its own `now`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::ErrorReport;
use super::money::Money;
use super::names;
use super::order::{Order, OrderError, MAX_ITEMS};
use super::receiver::Receiver;
use super::time::Timestamp;

/// One case to decide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The time of the decision; the core never reads a clock.
    pub now: Timestamp,
    /// The order in question.
    pub order: Order,
    /// What the buyer asks; `{"kind": "none"}` (the default) scans the order for
    /// anomalies before the buyer asks (R-PROACTIVE-*).
    #[serde(default)]
    pub request: Request,
    /// Who is handling it.
    #[serde(default)]
    pub agent: Agent,
    /// Facts beyond the order that the rules read.
    #[serde(default)]
    pub context: Context,
}

impl Case {
    /// Reads one case from JSON and checks its order as [`Order::from_json`] does, so
    /// that `decide` rejects the same orders as `lint` and `scan`, with the same code;
    /// the path is the field's path inside the case (`order.items[0].qty`). A request
    /// naming more than [`MAX_ITEMS`] SKUs is refused like an order with more lines.
    pub fn from_json(text: &str) -> Result<Case, Box<ErrorReport>> {
        let case: Case = super::error::from_json(text, "case")?;
        case.order.validate().map_err(|e| Box::new(within("order", e)))?;
        let skus = case.request.skus.len();
        if skus > MAX_ITEMS {
            let e = OrderError::TooLarge { path: "request.skus".into(), count: skus, limit: MAX_ITEMS };
            return Err(Box::new(e.report()));
        }
        Ok(case)
    }

    /// The case a scan decides: the order at `now`, nobody asking anything yet.
    pub fn scan(now: Timestamp, order: Order) -> Case {
        Case { now, order, request: Request::default(), agent: Agent::default(), context: Context::default() }
    }
}

fn within(prefix: &str, e: OrderError) -> ErrorReport {
    match e {
        OrderError::Invalid { path, message } => {
            OrderError::Invalid { path: format!("{prefix}.{path}"), message }.report()
        }
        OrderError::TooLarge { path, count, limit } => {
            OrderError::TooLarge { path: format!("{prefix}.{path}"), count, limit }.report()
        }
        OrderError::Input(report) => *report,
    }
}

/// What the buyer asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// No request: scan the order for anomalies (proactive service).
    #[default]
    None,
    /// Cancel the order.
    Cancel,
    /// Return the goods for a refund.
    Return,
    /// Exchange the goods.
    Exchange,
    /// A refund (without saying whether goods come back).
    Refund,
    /// Refund of a price drop (退差/价保).
    PriceDifference,
    /// Where is my order.
    WhereIsMyOrder,
    /// Change the receiver's name, phone, address, or the courier.
    ChangeReceiver,
    /// A discount or goodwill amount.
    Discount,
    /// The item is defective.
    Defect,
    /// The wrong item arrived.
    WrongItem,
    /// An item is missing from the parcel.
    MissingItem,
    /// The item arrived damaged.
    Damaged,
    /// A complaint.
    Complaint,
}

names!(RequestKind {
    None => "none",
    Cancel => "cancel",
    Return => "return",
    Exchange => "exchange",
    Refund => "refund",
    PriceDifference => "price_difference",
    WhereIsMyOrder => "where_is_my_order",
    ChangeReceiver => "change_receiver",
    Discount => "discount",
    Defect => "defect",
    WrongItem => "wrong_item",
    MissingItem => "missing_item",
    Damaged => "damaged",
    Complaint => "complaint",
});

/// Why the buyer asks, as far as the agent can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BuyerReason {
    /// Changed their mind.
    ChangedMind,
    /// Ordered the wrong size.
    WrongSize,
    /// Ordered the wrong colour.
    WrongColour,
    /// Unsure, "thinking about it".
    Doubt,
    /// Seven-day no-reason return.
    NoReason,
    /// The item is defective.
    Defect,
    /// The wrong item was sent.
    WrongItem,
    /// An item was missing.
    MissingItem,
    /// Damaged in transit.
    DamagedInTransit,
    /// Shipped late.
    LateShipment,
    /// The parcel is stuck with the carrier.
    Stalled,
    /// The price dropped after purchase.
    PriceDrop,
    /// The page showed a wrong price.
    PagePriceError,
    /// Lockdown, disaster.
    ForceMajeure,
    /// A cash-on-delivery buyer declines the COD price on confirmation (R-COD-1).
    CodDeclined,
    /// The buyer says the goods are fake (疑似假货, R-FAKE-1).
    Counterfeit,
    /// Money asked for a good review, or for removing a bad one (好评返现, R-REVIEW-1).
    ReviewCashback,
    /// Anything else.
    Other,
}

names!(BuyerReason {
    ChangedMind => "changed_mind",
    WrongSize => "wrong_size",
    WrongColour => "wrong_colour",
    Doubt => "doubt",
    NoReason => "no_reason",
    Defect => "defect",
    WrongItem => "wrong_item",
    MissingItem => "missing_item",
    DamagedInTransit => "damaged_in_transit",
    LateShipment => "late_shipment",
    Stalled => "stalled",
    PriceDrop => "price_drop",
    PagePriceError => "page_price_error",
    ForceMajeure => "force_majeure",
    CodDeclined => "cod_declined",
    Counterfeit => "counterfeit",
    ReviewCashback => "review_cashback",
    Other => "other",
});

impl BuyerReason {
    /// How a remark or a report names the reason: Chinese, English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            BuyerReason::ChangedMind => ("不想要了", "changed mind"),
            BuyerReason::WrongSize => ("尺码不合适", "wrong size"),
            BuyerReason::WrongColour => ("颜色不合适", "wrong colour"),
            BuyerReason::Doubt => ("犹豫", "unsure"),
            BuyerReason::NoReason => ("七天无理由", "no-reason return"),
            BuyerReason::Defect => ("质量问题", "defect"),
            BuyerReason::WrongItem => ("发错货", "wrong item"),
            BuyerReason::MissingItem => ("漏发", "missing item"),
            BuyerReason::DamagedInTransit => ("运输破损", "damaged in transit"),
            BuyerReason::LateShipment => ("发货晚", "late shipment"),
            BuyerReason::Stalled => ("物流停滞", "stalled parcel"),
            BuyerReason::PriceDrop => ("降价", "price drop"),
            BuyerReason::PagePriceError => ("页面价格错误", "page price error"),
            BuyerReason::ForceMajeure => ("不可抗力", "force majeure"),
            BuyerReason::CodDeclined => ("货到付款拒付", "COD declined"),
            BuyerReason::Counterfeit => ("质疑假货", "counterfeit claim"),
            BuyerReason::ReviewCashback => ("要求好评返现", "cash-back for a review"),
            BuyerReason::Other => ("其他原因", "other reason"),
        }
    }

    /// The buyer's own doubt, which earns one retention attempt (R-CANCEL-6).
    pub fn is_doubt(self) -> bool {
        matches!(self, BuyerReason::WrongSize | BuyerReason::WrongColour | BuyerReason::Doubt)
    }

    /// The buyer's own reason (R-RESP-1 `buyer`).
    pub fn is_buyers_own(self) -> bool {
        self.is_doubt() || matches!(self, BuyerReason::ChangedMind | BuyerReason::NoReason)
    }
}

/// Evidence the buyer has supplied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Photos.
    Photo,
    /// Video (unboxing, fault).
    Video,
    /// Serial number checked.
    Serial,
    /// Activation record checked.
    Activation,
    /// Warehouse packing record checked.
    WarehouseRecord,
    /// Carrier record checked.
    CarrierRecord,
}

names!(Evidence {
    Photo => "photo",
    Video => "video",
    Serial => "serial",
    Activation => "activation",
    WarehouseRecord => "warehouse_record",
    CarrierRecord => "carrier_record",
});

/// What the buyer wants done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    /// Money back.
    Refund,
    /// A replacement of the same item.
    Replacement,
    /// Another size or colour.
    Exchange,
    /// Send what was missing.
    Reship,
    /// Money for the trouble.
    Compensation,
}

names!(Remedy {
    Refund => "refund",
    Replacement => "replacement",
    Exchange => "exchange",
    Reship => "reship",
    Compensation => "compensation",
});

/// The buyer's request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// What is asked.
    #[serde(default)]
    pub kind: RequestKind,
    /// Why, as the agent classifies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<BuyerReason>,
    /// The buyer's words, for the remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<String>,
    /// Evidence supplied or checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// An amount: the discount asked, the price drop, the compensation asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// What the buyer wants done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wants: Option<Remedy>,
    /// The SKUs concerned (defects, wrong items); default: every line of the order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<String>,
    /// New receiving information, for `change_receiver`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_receiver: Option<Receiver>,
    /// The variant the buyer wants instead, for an exchange (换成 M 码): the remark and
    /// the reply name it (R-REMARK-2, R-WORD-FIT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_variant: Option<String>,
    /// Not to ship before this time (scheduled delivery, "12月1日之后再发"): special
    /// handling the warehouse must see (R-FLAG-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_after: Option<Timestamp>,
    /// The buyer still insists after the retention attempt.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub insists: bool,
}

/// An agent's standing, which sets limits and who may handle difficult cases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// New to the desk: never handles difficult complaints (R-ESC-SENIOR).
    New,
    /// An agent.
    #[default]
    Agent,
    /// An experienced agent.
    Senior,
    /// A supervisor.
    Supervisor,
    /// Leadership.
    Leadership,
}

names!(Role { New => "new", Agent => "agent", Senior => "senior", Supervisor => "supervisor", Leadership => "leadership" });

/// Who handles the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Name, as signed in remarks.
    pub name: String,
    /// Standing.
    #[serde(default)]
    pub role: Role,
}

impl Default for Agent {
    fn default() -> Self {
        Agent { name: "客服".into(), role: Role::Agent }
    }
}

/// A defect report for a SKU, from another order or this one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DefectReport {
    /// The SKU.
    pub sku: String,
    /// When it was reported.
    pub at: Timestamp,
    /// The order it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
}

/// What the carrier shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logistics {
    /// The last logistics event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event_at: Option<Timestamp>,
    /// The carrier or hub reports a stall or overload (爆仓).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stalled: bool,
    /// Force majeure in the delivery area (lockdown, disaster).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub force_majeure: bool,
}

/// Risk signals (R-ESC-RISK).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// The buyer threatens to go public (Weibo, Xiaohongshu...).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub threatens_exposure: bool,
    /// The buyer asks for platform intervention (小二介入).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub platform_intervention: bool,
    /// A broken-promise complaint (违背承诺).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub broken_promise_complaint: bool,
    /// A negative review is already posted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negative_review: bool,
    /// The buyer threatens a negative review unless paid (R-REVIEW-1): earns no
    /// concession, goes to a senior agent, and the chat is kept as evidence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub review_threat: bool,
}

/// A promotion with its dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    /// Its name, such as `double11`.
    pub name: String,
    /// First moment.
    pub start: Timestamp,
    /// Last moment.
    pub end: Timestamp,
}

impl Promotion {
    /// Whether `now` falls within the promotion (both ends included).
    pub fn covers(&self, now: &Timestamp) -> bool {
        self.start <= *now && *now <= self.end
    }
}

/// What the warehouse answered to an intercept request (R-CANCEL-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarehouseAnswer {
    /// Not asked yet, or no answer.
    Pending,
    /// Found and stopped.
    Intercepted,
    /// Cannot find the order.
    NotFound,
    /// It has already shipped.
    AlreadyShipped,
}

names!(WarehouseAnswer {
    Pending => "pending",
    Intercepted => "intercepted",
    NotFound => "not_found",
    AlreadyShipped => "already_shipped",
});

/// Facts the rules need beyond the order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Contacts from this buyer on this issue so far, this one included.
    #[serde(default)]
    pub contacts_on_issue: u32,
    /// Defect reports for the SKUs concerned from *other* orders (R-DEFECT-3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defect_reports: Vec<DefectReport>,
    /// The carrier's view.
    #[serde(default)]
    pub logistics: Logistics,
    /// Risk signals.
    #[serde(default)]
    pub risk: Risk,
    /// Promotions in force or scheduled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promotions: Vec<Promotion>,
    /// The warehouse's answer to an intercept request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse: Option<WarehouseAnswer>,
    /// One retention attempt has already been made on this request.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retention_attempted: bool,
    /// The buyer chatted before ordering (R-PROACTIVE-4 reminds only silent orders).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prior_chat: bool,
    /// Payment reminders already sent for this order.
    #[serde(default)]
    pub reminders_sent: u32,
    /// The buyer did not answer the last contact.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub buyer_unreachable: bool,
    /// The order carries freight insurance (运费险).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub freight_insurance: bool,
    /// When the order can ship, as the warehouse says (R-LATE-1: a late order's reply
    /// names it; without it the decision asks the agent for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_ship_at: Option<Timestamp>,
    /// A SKU-binding check found a wrong binding (R-WRONG-1); `None` when not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_binding_error: Option<bool>,
}
