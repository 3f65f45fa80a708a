//! Facts an input may not carry. A marketplace export has no flag colour, no
//! pushed-to-warehouse state and no carrier times; an order read from one lists them in
//! `unknown`, and every check or rule that needs one of them is skipped and says so,
//! instead of reading the absent value as "none" and passing or failing the order on it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::names;

/// A fact of an order that its source may not carry. Names are the order's field names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// The seller flag's colour (no Taobao export has a flag column).
    Flag,
    /// Whether a paid order was pushed to the warehouse (an export says only "paid").
    PushedAt,
    /// The promised ship-by time (the trade API's `est_con_time`; no export column).
    ShipBy,
    /// The carrier's pickup scan (揽收).
    PickedUpAt,
    /// The buyer's signature (签收).
    DeliveredAt,
    /// The order lines with their chosen colour/size (the item report, not the order report).
    Items,
    /// Whether an item is out of stock or oversold.
    OutOfStock,
}

names!(Fact {
    Flag => "flag",
    PushedAt => "pushed_at",
    ShipBy => "ship_by",
    PickedUpAt => "picked_up_at",
    DeliveredAt => "delivered_at",
    Items => "items",
    OutOfStock => "out_of_stock",
});

impl Fact {
    /// How a summary names the fact, in Chinese.
    pub fn name_zh(self) -> &'static str {
        match self {
            Fact::Flag => "旗帜颜色",
            Fact::PushedAt => "推单状态",
            Fact::ShipBy => "承诺发货时间",
            Fact::PickedUpAt => "揽收时间",
            Fact::DeliveredAt => "签收时间",
            Fact::Items => "宝贝明细",
            Fact::OutOfStock => "缺货标记",
        }
    }
}

/// A check or rule not applied to an order because its input lacks a fact it needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Skipped {
    /// The lint check (`flag-status-mismatch`...) or rule (`R-PROACTIVE-3`...) skipped.
    pub check: String,
    /// The fact the input does not carry.
    pub missing: Fact,
}
