//! A column mapping: which header of an export carries which field of an order, and
//! what its status texts mean. The built-in Taobao mappings are such files too
//! (`core/mappings/*.json`); a shop writes one for any other export (an ERP's, another
//! marketplace's) in TOML or JSON, and hosts hand it over as this type.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::cell::fold;
use crate::model::error::ErrorReport;
use crate::model::fact::Fact;
use crate::model::order::OrderStatus;

/// A field a column can fill. Names are the order's field paths; `item.*` fields make
/// an order line, so a mapping with them reads an item report (one row per line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Target {
    /// 订单编号: the join key of both reports. Required.
    #[serde(rename = "order_id")]
    OrderId,
    /// 订单状态, through the mapping's `statuses`. Required in an order report.
    #[serde(rename = "status")]
    Status,
    /// 买家会员名.
    #[serde(rename = "buyer_nick")]
    BuyerNick,
    /// 店铺名称.
    #[serde(rename = "store")]
    Store,
    /// 订单创建时间.
    #[serde(rename = "created_at")]
    CreatedAt,
    /// 订单付款时间.
    #[serde(rename = "paid_at")]
    PaidAt,
    /// Pushed to the warehouse (no Taobao export has it).
    #[serde(rename = "pushed_at")]
    PushedAt,
    /// 发货时间.
    #[serde(rename = "shipped_at")]
    ShippedAt,
    /// The carrier's pickup (揽收).
    #[serde(rename = "picked_up_at")]
    PickedUpAt,
    /// The buyer's signature (签收).
    #[serde(rename = "delivered_at")]
    DeliveredAt,
    /// When the order closed.
    #[serde(rename = "closed_at")]
    ClosedAt,
    /// The promised ship-by time.
    #[serde(rename = "ship_by")]
    ShipBy,
    /// 买家实际支付金额. Required in an order report.
    #[serde(rename = "total")]
    Total,
    /// 延迟发货自动赔付金额: the marketplace's automatic late-shipment payment (R-LATE-1).
    #[serde(rename = "platform_late_payment")]
    PlatformLatePayment,
    /// A flag column (旗帜颜色 in a Douyin export).
    #[serde(rename = "flag")]
    Flag,
    /// 订单备注 / 商家备忘: the seller memo.
    #[serde(rename = "remark")]
    Remark,
    /// Cash on delivery, as yes/no.
    #[serde(rename = "cod")]
    Cod,
    /// 收货人姓名.
    #[serde(rename = "receiver.name")]
    ReceiverName,
    /// 联系手机 / 联系电话.
    #[serde(rename = "receiver.phone")]
    ReceiverPhone,
    /// 收货地址.
    #[serde(rename = "receiver.address")]
    ReceiverAddress,
    /// 物流公司.
    #[serde(rename = "receiver.courier")]
    Courier,
    /// 商家编码 / 外部系统编号 (falls back to the title when every one is empty).
    #[serde(rename = "item.sku")]
    ItemSku,
    /// 标题.
    #[serde(rename = "item.title")]
    ItemTitle,
    /// 购买数量.
    #[serde(rename = "item.qty")]
    ItemQty,
    /// 价格.
    #[serde(rename = "item.unit_price")]
    ItemUnitPrice,
    /// 商品属性 (`颜色分类：白色;尺码：XL`); empty means no colour/size chosen.
    #[serde(rename = "item.variant")]
    ItemVariant,
    /// Out of stock, as yes/no.
    #[serde(rename = "item.out_of_stock")]
    ItemOutOfStock,
}

impl Target {
    /// Whether the target belongs to an order line.
    pub fn is_item(self) -> bool {
        matches!(
            self,
            Target::ItemSku
                | Target::ItemTitle
                | Target::ItemQty
                | Target::ItemUnitPrice
                | Target::ItemVariant
                | Target::ItemOutOfStock
        )
    }
}

/// What one row of the export is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// One order per row (订单报表).
    #[default]
    Orders,
    /// One order line per row, joined to its order on `order_id` (宝贝报表).
    Items,
}

/// How the columns of one export become orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// A name for messages and the summary (`taobao-orders`).
    pub name: String,
    /// What a row is.
    #[serde(default)]
    pub rows: RowKind,
    /// For each field, the headers that may carry it, in preference order. Headers are
    /// compared trimmed and with full-width punctuation folded; the first one present
    /// in the file wins.
    pub columns: BTreeMap<Target, Vec<String>>,
    /// Status text → state. Texts are compared folded, so `，` and `,` are one.
    #[serde(default)]
    pub statuses: BTreeMap<String, OrderStatus>,
    /// Status texts that also say the order is cash on delivery.
    #[serde(default)]
    pub cod_statuses: Vec<String>,
    /// Facts this source never carries even when a column seems to.
    #[serde(default)]
    pub unknown: Vec<Fact>,
    /// The shop's promised shipping time after payment, in hours: fills `ship_by` from
    /// `paid_at` when no column carries it. Without it an export has no ship-by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_within_hours: Option<u32>,
}

const TAOBAO_ORDERS: &str = include_str!("../../mappings/taobao-orders.json");
const TAOBAO_ITEMS: &str = include_str!("../../mappings/taobao-items.json");
const TAOBAO_SOLD_PAGE: &str = include_str!("../../mappings/taobao-sold-page.json");
const TAOBAO_SOLD_PAGE_ITEMS: &str = include_str!("../../mappings/taobao-sold-page-items.json");
const TAOBAO_DETAIL_PAGE: &str = include_str!("../../mappings/taobao-detail-page.json");

impl Mapping {
    /// The built-in mappings, by name: `taobao-orders` (the order report, legacy CSV and
    /// xlsx alike), `taobao-items` (the item report), and `taobao-sold-page` with
    /// `taobao-sold-page-items` (the backend's order-list answer, by JSON path), and
    /// `taobao-detail-page` (the labels an order's detail page shows).
    pub const BUILT_IN: &'static [&'static str] =
        &["taobao-orders", "taobao-items", "taobao-sold-page", "taobao-sold-page-items", "taobao-detail-page"];

    /// A built-in mapping by name.
    pub fn built_in(name: &str) -> Option<Mapping> {
        let text = match name {
            "taobao-orders" => TAOBAO_ORDERS,
            "taobao-items" => TAOBAO_ITEMS,
            "taobao-sold-page" => TAOBAO_SOLD_PAGE,
            "taobao-sold-page-items" => TAOBAO_SOLD_PAGE_ITEMS,
            "taobao-detail-page" => TAOBAO_DETAIL_PAGE,
            _ => return None,
        };
        Mapping::from_json(text).ok()
    }

    /// Reads a mapping from JSON, naming the field at fault.
    pub fn from_json(text: &str) -> Result<Mapping, Box<ErrorReport>> {
        let mapping: Mapping = crate::model::error::from_json(text, "mapping")?;
        mapping.check()?;
        Ok(mapping)
    }

    /// What the types cannot say: the join key is mapped, headers are not empty.
    pub fn check(&self) -> Result<(), Box<ErrorReport>> {
        let bad = |path: String, message: String| Err(Box::new(ErrorReport::new("KEFU-MAPPING", message).at(path)));
        if !self.columns.contains_key(&Target::OrderId) {
            return bad("columns".into(), format!("mapping `{}` has no column for order_id", self.name));
        }
        for (target, headers) in &self.columns {
            if headers.iter().all(|h| fold(h).is_empty()) {
                let name = serde_json::to_string(target).unwrap_or_default();
                return bad(format!("columns.{}", name.trim_matches('"')), "no header named".into());
            }
        }
        Ok(())
    }

    /// The state a status text means, compared folded.
    pub fn status(&self, text: &str) -> Option<OrderStatus> {
        let folded = fold(text);
        self.statuses.iter().find(|(k, _)| fold(k) == folded).map(|(_, v)| *v)
    }

    /// Whether a status text says cash on delivery.
    pub fn is_cod_status(&self, text: &str) -> bool {
        let folded = fold(text);
        self.cod_statuses.iter().any(|k| fold(k) == folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_ins_read_and_know_the_status_table() {
        for name in Mapping::BUILT_IN {
            assert!(Mapping::built_in(name).is_some(), "{name}");
        }
        let m = Mapping::built_in("taobao-orders").unwrap();
        let table = [
            ("等待买家付款", OrderStatus::Unpaid),
            ("等待买家确认货到付款订单信息", OrderStatus::Unpaid),
            ("买家已付款，等待卖家发货", OrderStatus::Paid),
            ("买家已付款,等待卖家发货", OrderStatus::Paid),
            ("卖家部分发货", OrderStatus::PartlyShipped),
            ("卖家已发货，等待买家确认", OrderStatus::Shipped),
            ("买家已签收，回款至卖家", OrderStatus::Delivered),
            ("交易成功", OrderStatus::Delivered),
            ("交易关闭", OrderStatus::Closed),
            ("交易被淘宝关闭", OrderStatus::Closed),
        ];
        for (text, state) in table {
            assert_eq!(m.status(text), Some(state), "{text}");
        }
        assert!(m.is_cod_status("买家已签收，回款至卖家"));
        assert!(!m.is_cod_status("交易成功"));
    }

    #[test]
    fn a_mapping_without_the_join_key_is_refused() {
        let err = Mapping::from_json(r#"{"name":"x","columns":{"status":["状态"]}}"#).unwrap_err();
        assert_eq!(err.code, "KEFU-MAPPING");
        let err = Mapping::from_json(r#"{"name":"x","columns":{"order_id":["id"],"colour":["c"]}}"#).unwrap_err();
        assert!(err.message.contains("unknown variant `colour`"), "{err:?}");
    }
}
