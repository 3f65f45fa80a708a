//! The order as a service desk sees it: status, times, lines, receiver, flag and remark.
//!
//! Field names follow the rulebook's glossary. Unknown fields are refused with their
//! path, so a typo in an export mapping is seen instead of silently ignored.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::code::Code;
use super::error::{from_json, ErrorReport};
use super::fact::Fact;
use super::flag::Flag;
use super::money::Money;
use super::names;
use super::receiver::Receiver;
use super::time::Timestamp;

/// Where an order is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// 拍下未付款: created, not paid.
    Unpaid,
    /// 已付款未发货: paid, not yet handed to the warehouse.
    Paid,
    /// 推单: paid and handed to the warehouse or ERP, not shipped.
    Pushed,
    /// 部分发货: some lines shipped, others not (the marketplace's SELLER_CONSIGNED_PART).
    /// Each line says whether it shipped ([`Item::shipped`]); a decision splits the
    /// order by line: shipped lines follow after-sales, unshipped lines cancellation.
    PartlyShipped,
    /// 已发货: carrier label issued (see `picked_up_at` for the carrier's scan).
    Shipped,
    /// 签收: the buyer signed.
    Delivered,
    /// Closed: cancelled, refunded in full, or timed out unpaid.
    Closed,
}

impl OrderStatus {
    /// Not yet shipped: unpaid, paid or pushed.
    pub fn is_unshipped(self) -> bool {
        matches!(self, OrderStatus::Unpaid | OrderStatus::Paid | OrderStatus::Pushed)
    }

    /// Shipped or delivered.
    pub fn is_shipped(self) -> bool {
        matches!(self, OrderStatus::Shipped | OrderStatus::Delivered)
    }
}

names!(OrderStatus {
    Unpaid => "unpaid",
    Paid => "paid",
    Pushed => "pushed",
    PartlyShipped => "partly_shipped",
    Shipped => "shipped",
    Delivered => "delivered",
    Closed => "closed",
});

/// One order line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stock-keeping unit.
    pub sku: String,
    /// Title as shown to the buyer.
    #[serde(default)]
    pub title: String,
    /// Quantity, at least 1.
    pub qty: u32,
    /// Price of one unit.
    pub unit_price: Money,
    /// The colour/size chosen; absent when the buyer could not pick one (R-PROACTIVE-5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Out of stock or oversold (R-PROACTIVE-2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub out_of_stock: bool,
    /// This line has shipped: read only on a `partly_shipped` order, where it decides
    /// whether the line follows after-sales (shipped) or cancellation (not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shipped: bool,
    /// Why this line cannot be returned without a reason (R-7DAY-1); absent when the
    /// source does not say, which is never read as excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_exclusion: Option<ReturnExclusion>,
}

impl Item {
    /// How a reply or a remark names the line: its title, its SKU when it has none.
    pub fn name(&self) -> &str {
        if self.title.trim().is_empty() {
            &self.sku
        } else {
            &self.title
        }
    }
}

/// Why a line is excluded from the seven-day no-reason return (R-7DAY-1): by law and
/// the marketplace's rules, or because its listing says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReturnExclusion {
    /// 定制: engraved, made to measure, personalised.
    Customised,
    /// Fresh or perishable goods (生鲜).
    Perishable,
    /// Digital downloads and codes.
    Digital,
    /// The listing marks the item as not eligible (不支持七天无理由).
    NotEligible,
}

names!(ReturnExclusion {
    Customised => "customised",
    Perishable => "perishable",
    Digital => "digital",
    NotEligible => "not_eligible",
});

impl ReturnExclusion {
    /// The reason as a buyer reads it in a reply.
    pub fn reason_zh(self) -> &'static str {
        match self {
            ReturnExclusion::Customised => "定制商品",
            ReturnExclusion::Perishable => "生鲜易腐商品",
            ReturnExclusion::Digital => "数字商品",
            ReturnExclusion::NotEligible => "页面注明不支持退换的商品",
        }
    }

    /// The reason in English.
    pub fn reason_en(self) -> &'static str {
        match self {
            ReturnExclusion::Customised => "a customised item",
            ReturnExclusion::Perishable => "a perishable item",
            ReturnExclusion::Digital => "a digital item",
            ReturnExclusion::NotEligible => "an item its listing marks as not returnable",
        }
    }
}

/// Where a presale order (预售) stands: deposit (定金) paid, or the balance (尾款) too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PresaleStage {
    /// The deposit is paid, the balance not (the trade's FRONT_PAID_FINAL_NOPAID).
    DepositPaid,
    /// Deposit and balance are paid (FRONT_PAID_FINAL_PAID): an ordinary paid order,
    /// with the presale ship date as its ship-by.
    BalancePaid,
}

names!(PresaleStage { DepositPaid => "deposit_paid", BalancePaid => "balance_paid" });

/// A presale order's stage, deposit and ship date (R-PRESALE-1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Presale {
    /// Deposit paid, or balance paid too.
    pub stage: PresaleStage,
    /// The deposit (定金), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit: Option<Money>,
    /// The presale ship date the listing promised (预售发货时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_date: Option<Timestamp>,
}

/// An order. Times are RFC 3339 with offset; amounts are decimal strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// The marketplace's order id.
    pub order_id: String,
    /// Where the order is.
    pub status: OrderStatus,
    /// Buyer's nickname, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_nick: Option<String>,
    /// The store the order belongs to, for agencies running several (店铺名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    /// When it was placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When it was paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<Timestamp>,
    /// When it was pushed to the warehouse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pushed_at: Option<Timestamp>,
    /// When the carrier label was issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped_at: Option<Timestamp>,
    /// When the carrier scanned the parcel (揽收).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picked_up_at: Option<Timestamp>,
    /// When the buyer signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<Timestamp>,
    /// When the order was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// The promised ship-by time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_by: Option<Timestamp>,
    /// A presale order (预售): its stage, deposit and ship date (R-PRESALE-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presale: Option<Presale>,
    /// Cash on delivery.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cod: bool,
    /// For COD orders: the buyer confirmed they accept the COD price.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cod_confirmed: bool,
    /// Order lines.
    #[serde(default)]
    pub items: Vec<Item>,
    /// What the buyer paid (or owes) in all.
    pub total: Money,
    /// The marketplace's own automatic late-shipment payment to the buyer, when the
    /// order shows one (exports: 延迟发货自动赔付金额). The shop's offer is not added on
    /// top unless its policy says so (R-LATE-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_late_payment: Option<Money>,
    /// Receiving information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver: Option<Receiver>,
    /// The current seller flag (code 0-5 or colour name).
    #[serde(default)]
    pub flag: Flag,
    /// The current seller remark, byte for byte.
    #[serde(default)]
    pub remark: String,
    /// Facts the source does not carry (an export has no flag): checks and rules that
    /// need one are skipped and say so, never guessed from the field's default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<Fact>,
}

/// The largest remark kefu reads: 64 times the memo API's 1000 bytes, so that no real
/// remark is refused and a hostile one costs bounded memory and time.
pub const MAX_REMARK_BYTES: usize = 64 * 1024;

/// The most lines (`items`) an order may have, and the most SKUs a request may name. A
/// real order has a handful of lines; past this an input is a mistake or an attack,
/// refused in the core (`KEFU-INPUT-TOO-LARGE`) so that every engine answers alike.
pub const MAX_ITEMS: usize = 1_000;

/// Why an order could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// Not JSON, an unknown or missing field, or a value of the wrong form
    /// (codes `KEFU-INPUT-*`, from the report).
    #[error("{0}")]
    Input(Box<ErrorReport>),
    /// Well-formed, but a value breaks a rule of the model (`KEFU-ORDER-INVALID`).
    #[error("`{path}`: {message}")]
    Invalid {
        /// The offending field.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// A list longer than kefu reads (`KEFU-INPUT-TOO-LARGE`), such as more than
    /// [`MAX_ITEMS`] lines.
    #[error("`{path}` has {count} entries; kefu reads at most {limit}")]
    TooLarge {
        /// The list.
        path: String,
        /// How many entries it has.
        count: usize,
        /// The most it may have.
        limit: usize,
    },
}

impl OrderError {
    /// The stable code.
    pub fn code(&self) -> &str {
        match self {
            OrderError::Input(r) => &r.code,
            OrderError::Invalid { .. } => Code::OrderInvalid.as_str(),
            OrderError::TooLarge { .. } => Code::InputTooLarge.as_str(),
        }
    }

    /// The flat report hosts print.
    pub fn report(&self) -> ErrorReport {
        match self {
            OrderError::Input(r) => (**r).clone(),
            OrderError::Invalid { path, .. } => ErrorReport::of(Code::OrderInvalid, self.to_string()).at(path.clone()),
            OrderError::TooLarge { path, count, limit } => ErrorReport::of(Code::InputTooLarge, self.to_string())
                .at(path.clone())
                .over_limit(*limit as u64, count.saturating_sub(*limit) as u64, "items"),
        }
    }
}

impl Order {
    /// Reads one order from JSON and checks it.
    pub fn from_json(text: &str) -> Result<Order, OrderError> {
        // Serde would read a JSON array positionally as the struct's fields; an export
        // row that is an array is a mapping mistake, so say so plainly.
        let trimmed = text.trim_start();
        if !trimmed.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
            return Err(OrderError::Input(Box::new(ErrorReport::of(
                Code::InputValue,
                "an order is a JSON object such as {\"order_id\": ...}, not an array, string or number",
            ))));
        }
        let order: Order = from_json(text, "order").map_err(OrderError::Input)?;
        order.validate()?;
        Ok(order)
    }

    /// Checks what the types cannot: a non-empty id, quantities of at least one, a
    /// remark and a number of lines (at most [`MAX_ITEMS`]) a real order can have.
    pub fn validate(&self) -> Result<(), OrderError> {
        let invalid = |path: String, message: &str| Err(OrderError::Invalid { path, message: message.to_owned() });
        if self.order_id.trim().is_empty() {
            return invalid("order_id".into(), "order id is empty");
        }
        if self.items.len() > MAX_ITEMS {
            return Err(OrderError::TooLarge { path: "items".into(), count: self.items.len(), limit: MAX_ITEMS });
        }
        if self.remark.len() > MAX_REMARK_BYTES {
            let message = format!(
                "the remark is {} bytes; the marketplace keeps at most 1000 and kefu reads at most {MAX_REMARK_BYTES}",
                self.remark.len()
            );
            return invalid("remark".into(), &message);
        }
        for (i, item) in self.items.iter().enumerate() {
            if item.qty == 0 {
                return invalid(format!("items[{i}].qty"), "quantity is 0; an order line has at least one unit");
            }
            if item.sku.trim().is_empty() {
                return invalid(format!("items[{i}].sku"), "sku is empty");
            }
        }
        Ok(())
    }

    /// Whether the source carries `fact`.
    pub fn knows(&self, fact: Fact) -> bool {
        !self.unknown.contains(&fact)
    }

    /// Whether the order has left the warehouse (shipped or delivered).
    pub fn is_shipped(&self) -> bool {
        self.status.is_shipped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
        "order_id": "T1", "status": "paid", "paid_at": "2026-11-25T10:00:00+08:00",
        "items": [{"sku": "A-1", "title": "T恤", "qty": 2, "unit_price": "99.50"}],
        "total": "199.00", "flag": 5, "remark": "x"
    }"#;

    #[test]
    fn reads_a_good_order() {
        let o = Order::from_json(GOOD).unwrap();
        assert_eq!(o.flag, Flag::Purple);
        assert_eq!(o.total, Money::from_fen(19900));
        assert_eq!(o.items[0].unit_price, Money::from_fen(9950));
    }

    #[test]
    fn an_order_past_the_line_limit_is_too_large() {
        let line = r#"{"sku": "A", "qty": 1, "unit_price": "1.00"}"#;
        let order = |n: usize| {
            let lines = vec![line; n].join(",");
            format!(r#"{{"order_id": "1", "status": "paid", "total": "1.00", "items": [{lines}]}}"#)
        };
        assert!(Order::from_json(&order(MAX_ITEMS)).is_ok());
        let e = Order::from_json(&order(MAX_ITEMS + 1)).unwrap_err().report();
        assert_eq!((e.code.as_str(), e.path.as_deref()), (Code::InputTooLarge.as_str(), Some("items")), "{e:?}");
        assert_eq!((e.limit, e.over_by, e.unit.as_deref()), (Some(1000), Some(1), Some("items")));
        let case = |lines: usize, skus: usize| {
            let skus = vec!["\"A\""; skus].join(",");
            format!(
                r#"{{"now": "2026-11-25T10:00:00+08:00", "order": {}, "request": {{"kind": "defect", "skus": [{skus}]}}}}"#,
                order(lines)
            )
        };
        assert!(crate::Case::from_json(&case(1, MAX_ITEMS)).is_ok());
        let e = crate::Case::from_json(&case(MAX_ITEMS + 1, 1)).unwrap_err();
        assert_eq!((e.code.as_str(), e.path.as_deref()), (Code::InputTooLarge.as_str(), Some("order.items")), "{e:?}");
        let e = crate::Case::from_json(&case(1, MAX_ITEMS + 2)).unwrap_err();
        assert_eq!((e.code.as_str(), e.path.as_deref()), (Code::InputTooLarge.as_str(), Some("request.skus")), "{e:?}");
        assert_eq!(e.over_by, Some(2));
    }

    #[test]
    fn names_the_field_at_fault() {
        let cases = [
            (GOOD.replace("\"199.00\"", "199.00"), Code::InputMoney.as_str(), "total"),
            (GOOD.replace("\"99.50\"", "\"99.505\""), Code::InputMoney.as_str(), "items[0].unit_price"),
            (GOOD.replace("\"199.00\"", "\"-1.00\""), Code::InputMoney.as_str(), "total"),
            (GOOD.replace("+08:00", ""), Code::InputTime.as_str(), "paid_at"),
            (GOOD.replace("\"qty\"", "\"quantity\""), Code::InputUnknownField.as_str(), "items[0].quantity"),
            (GOOD.replace("\"flag\": 5", "\"flag\": 9"), Code::InputFlag.as_str(), "flag"),
            (GOOD.replace("\"paid\"", "\"lost\""), Code::InputValue.as_str(), "status"),
            (GOOD.replace("\"paid\"", "null"), Code::InputValue.as_str(), "status"),
            (GOOD.replace("\"paid\"", "3"), Code::InputValue.as_str(), "status"),
            (GOOD.replace("\"qty\": 2", "\"qty\": 0"), Code::OrderInvalid.as_str(), "items[0].qty"),
            (GOOD.replace("\"T1\"", "\"\""), Code::OrderInvalid.as_str(), "order_id"),
        ];
        for (text, code, path) in cases {
            let err = Order::from_json(&text).unwrap_err();
            assert_eq!((err.code(), err.report().path.as_deref()), (code, Some(path)), "{err}");
        }
    }
}
