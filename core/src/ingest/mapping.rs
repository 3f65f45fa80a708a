//! A column mapping: which header of an export carries which field of an order, and
//! what its status texts mean. The built-in Taobao mappings are such files too
//! (`core/mappings/*.json`); a shop writes one for any other export (an ERP's, another
//! marketplace's) in TOML or JSON, and hosts hand it over as this type.

use std::collections::{BTreeMap, HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use super::cell::fold;
use crate::model::code::Code;
use crate::model::error::{tagged, ErrorReport};
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
    /// 预售订单: whether the order is a presale (预售), as yes/no. `否` says it is not,
    /// whatever else the row says.
    #[serde(rename = "presale")]
    Presale,
    /// 分阶段订单信息: the staged-payment text. Not empty on a staged (presale) order; a
    /// deposit written `定金:20.00元` (or `定金￥20`) is read from it, any other wording
    /// leaves the deposit unknown (its format is not documented).
    #[serde(rename = "presale.stage_info")]
    PresaleStageInfo,
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
    /// Why the line cannot be returned without a reason (R-7DAY-1): 定制 / `customised`,
    /// 生鲜 / `perishable`, 虚拟 / `digital`, 不支持七天无理由 / `not_eligible`, or yes/no
    /// (yes: not eligible). No Taobao report has such a column; a shop's own export may.
    #[serde(rename = "item.return_exclusion")]
    ItemReturnExclusion,
}

impl Target {
    /// The field's name in a mapping (`item.sku`).
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

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
                | Target::ItemReturnExclusion
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
    /// in the file wins. At most [`MAX_HEADERS`] headers in all; a field written twice
    /// is refused (`KEFU-MAPPING-DUPLICATE`), as TOML refuses it.
    #[serde(deserialize_with = "unique_keys")]
    pub columns: BTreeMap<Target, Vec<String>>,
    /// Status text → state. Texts are compared folded, so `，` and `,` are one; two
    /// texts that fold alike must mean the same state. At most [`MAX_STATUSES`]; a text
    /// written twice is refused (`KEFU-MAPPING-DUPLICATE`), as TOML refuses it.
    #[serde(default, deserialize_with = "unique_keys")]
    pub statuses: BTreeMap<String, OrderStatus>,
    /// Status texts that also say the order is cash on delivery; each one of the
    /// `statuses`.
    #[serde(default)]
    pub cod_statuses: Vec<String>,
    /// Status texts that also say the order is a presale whose deposit (定金) is paid and
    /// balance is not (the order list's 定金已付); each one of the `statuses`, meaning
    /// `unpaid`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presale_statuses: Vec<String>,
    /// Status texts that say a refund is under way on part of the order (the backend's
    /// 订单部分退款中) instead of where the order is; each one of the `statuses`, whose
    /// state is what the order is read as when the row says nothing more. A row that
    /// carries a signing or a shipping time is read as delivered or shipped: a partial
    /// refund happens before and after shipping alike.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refund_statuses: Vec<String>,
    /// Facts this source never carries even when a column seems to; each at most once.
    #[serde(default)]
    pub unknown: Vec<Fact>,
    /// The shop's promised shipping time after payment, in hours (1 to
    /// [`MAX_SHIP_WITHIN_HOURS`]): fills `ship_by` from `paid_at` when no column carries
    /// it. Without it an export has no ship-by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_within_hours: Option<u32>,
}

/// The most headers a mapping names, over all its fields. A Taobao export has about 60
/// columns and the built-in mappings name under 50 headers; past this a mapping is a
/// mistake or an attack, and every file would pay for it.
pub const MAX_HEADERS: usize = 1_000;

/// The most status texts (and cash-on-delivery status texts) a mapping lists. Taobao's
/// order report writes a dozen.
pub const MAX_STATUSES: usize = 1_000;

/// The longest header, status text or mapping name, in characters. Taobao's longest
/// status text is 17.
pub const MAX_TEXT_CHARS: usize = 200;

/// The longest promised shipping time, in hours: 90 days, the longest a presale
/// (预售) may promise, like the policy's `stall_hours`.
pub const MAX_SHIP_WITHIN_HOURS: u32 = 90 * 24;

/// A map whose keys must each be written once: serde's maps keep the last of a key
/// written twice, which would silently drop a header list or a status. The error names
/// the key (the path is worked out from serde_json's position).
fn unique_keys<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
{
    struct Unique<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<K, V> {
        type Value = BTreeMap<K, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<K>()? {
                // Refused at the key, before its value: serde_json's position, and so the
                // path, is then the key's.
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(tagged(
                        Code::MappingDuplicate,
                        "written twice; a mapping names each key once (JSON would keep only the last)",
                    )));
                }
                let value = map.next_value::<V>()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
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

    /// What the types cannot say: the join key is mapped (`KEFU-MAPPING`), and every
    /// value is one a mapping can mean (`KEFU-MAPPING-VALUE`, the path names it): each
    /// field has headers and none is blank, texts are at most [`MAX_TEXT_CHARS`], at
    /// most [`MAX_HEADERS`] headers and [`MAX_STATUSES`] status texts, two status texts
    /// that fold alike mean the same state, each cash-on-delivery text is a status, each
    /// presale text is a status meaning `unpaid`, each unknown fact is listed once, and
    /// `ship_within_hours` is from 1 to [`MAX_SHIP_WITHIN_HOURS`]. Linear in the
    /// mapping's size.
    pub fn check(&self) -> Result<(), Box<ErrorReport>> {
        if !self.columns.contains_key(&Target::OrderId) {
            let message = format!("mapping `{}` has no column for order_id", self.name);
            return Err(Box::new(ErrorReport::of(Code::Mapping, message).at("columns")));
        }
        self.check_values().map_err(|(path, message)| Box::new(ErrorReport::of(Code::MappingValue, message).at(path)))
    }

    /// The value checks of [`Mapping::check`]: the first value at fault, its path and why.
    fn check_values(&self) -> Result<(), (String, String)> {
        let text = |path: &str, what: &str, value: &str| -> Result<(), (String, String)> {
            if value.trim().is_empty() {
                return Err((path.to_owned(), format!("`{path}`: the {what} is blank")));
            }
            let chars = value.chars().count();
            if chars > MAX_TEXT_CHARS {
                return Err((
                    path.to_owned(),
                    format!("`{path}`: the {what} is {chars} characters; at most {MAX_TEXT_CHARS}"),
                ));
            }
            Ok(())
        };
        text("name", "mapping name", &self.name)?;
        let headers: usize = self.columns.values().map(Vec::len).sum();
        if headers > MAX_HEADERS {
            return Err(("columns".into(), format!("the mapping names {headers} headers; at most {MAX_HEADERS}")));
        }
        for (target, names) in &self.columns {
            let field = format!("columns.{}", target.name());
            if names.is_empty() {
                return Err((field, "no header named".into()));
            }
            for (i, name) in names.iter().enumerate() {
                text(&format!("{field}[{i}]"), "header", name)?;
            }
        }
        let counts = [
            ("statuses", self.statuses.len()),
            ("cod_statuses", self.cod_statuses.len()),
            ("presale_statuses", self.presale_statuses.len()),
            ("refund_statuses", self.refund_statuses.len()),
        ];
        for count in counts {
            if count.1 > MAX_STATUSES {
                let message = format!("the mapping lists {} status texts; at most {MAX_STATUSES}", count.1);
                return Err((count.0.into(), message));
            }
        }
        let mut folded: HashMap<String, (&str, OrderStatus)> = HashMap::with_capacity(self.statuses.len());
        for (key, state) in &self.statuses {
            let path = format!("statuses.{key}");
            text(&path, "status text", key)?;
            if let Some((other, was)) = folded.insert(fold(key), (key, *state)) {
                if was != *state {
                    let message = format!(
                        "`{path}`: `{key}` and `{other}` are the same text once full-width punctuation is \
                         folded, but one says {} and the other {}",
                        state.name(),
                        was.name()
                    );
                    return Err((path, message));
                }
            }
        }
        // A cash-on-delivery text may mean any state; a presale text (deposit paid,
        // balance not) must mean `unpaid`.
        let lists = [
            ("cod_statuses", &self.cod_statuses, ""),
            ("presale_statuses", &self.presale_statuses, " meaning `unpaid`"),
            ("refund_statuses", &self.refund_statuses, ""),
        ];
        for (list, keys, must) in lists {
            for (i, key) in keys.iter().enumerate() {
                let path = format!("{list}[{i}]");
                text(&path, "status text", key)?;
                if !folded.get(&fold(key)).is_some_and(|(_, s)| must.is_empty() || *s == OrderStatus::Unpaid) {
                    return Err((
                        path.clone(),
                        format!("`{path}`: `{key}` is not one of the mapping's `statuses`{must}"),
                    ));
                }
            }
        }
        let mut seen = HashSet::with_capacity(self.unknown.len());
        for (i, fact) in self.unknown.iter().enumerate() {
            if !seen.insert(*fact) {
                let path = format!("unknown[{i}]");
                return Err((path.clone(), format!("`{path}`: `{}` is listed twice", fact.name())));
            }
        }
        if let Some(hours) = self.ship_within_hours {
            if !(1..=MAX_SHIP_WITHIN_HOURS).contains(&hours) {
                let message = format!("`ship_within_hours` is {hours}; it must be from 1 to {MAX_SHIP_WITHIN_HOURS}");
                return Err(("ship_within_hours".into(), message));
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

    /// Whether a status text says a presale whose deposit is paid.
    pub fn is_presale_status(&self, text: &str) -> bool {
        let folded = fold(text);
        self.presale_statuses.iter().any(|k| fold(k) == folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_ins_read_and_know_the_status_table() {
        for name in Mapping::BUILT_IN {
            assert!(Mapping::built_in(name).is_some(), "{name}");
            assert_eq!(Mapping::built_in(name).unwrap().check(), Ok(()), "{name}");
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
        // 定金已付: a presale whose balance is unpaid, in every built-in order mapping.
        for name in ["taobao-orders", "taobao-sold-page", "taobao-detail-page"] {
            let m = Mapping::built_in(name).unwrap();
            assert_eq!(m.status("定金已付"), Some(OrderStatus::Unpaid), "{name}");
            assert!(m.is_presale_status("定金已付") && !m.is_presale_status("等待买家付款"), "{name}");
        }
    }

    #[test]
    fn a_presale_status_is_a_status_that_means_unpaid() {
        assert_eq!(with(r#", "presale_statuses": []"#).map(|m| m.presale_statuses.len()), Ok(0));
        let text = r#"{"name": "x", "columns": {"order_id": ["id"]},
            "statuses": {"定金已付": "unpaid", "已付款": "paid"}, "presale_statuses": ["定金已付"]}"#;
        assert!(Mapping::from_json(text).unwrap().is_presale_status("定金已付"));
        for (list, path) in [
            (r#"["定金已付"]"#, "presale_statuses[0]"),
            (r#"["已付款"]"#, "presale_statuses[0]"),
            (r#"["交易成功", " "]"#, "presale_statuses[0]"),
        ] {
            let e = with(&format!(r#", "presale_statuses": {list}"#)).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.path.as_deref()),
                (Code::MappingValue.as_str(), Some(path)),
                "{list}: {e:?}"
            );
        }
        let e = with(r#", "presale_statuses": ["已付款"]"#).unwrap_err();
        assert!(e.message.contains("meaning `unpaid`"), "{e:?}");
    }

    const BASE: &str = r#"{"name": "x", "columns": {"order_id": ["订单编号"], "status": ["状态"]},
        "statuses": {"交易成功": "delivered", "已付款": "paid"}"#;

    fn with(extra: &str) -> Result<Mapping, Box<ErrorReport>> {
        Mapping::from_json(&format!("{BASE}{extra}}}"))
    }

    #[test]
    fn every_mapping_value_is_checked_and_named() {
        assert!(with("").is_ok());
        assert_eq!(with(r#", "ship_within_hours": 48"#).unwrap().ship_within_hours, Some(48));
        let long = "长".repeat(MAX_TEXT_CHARS + 1);
        let many: Vec<String> = (0..=MAX_STATUSES).map(|i| format!(r#""s{i}": "paid""#)).collect();
        let cases = [
            (r#", "ship_within_hours": 4294967295"#.to_owned(), "ship_within_hours"),
            (r#", "ship_within_hours": 0"#.to_owned(), "ship_within_hours"),
            (r#", "cod_statuses": ["交易成功", "货到付款"]"#.to_owned(), "cod_statuses[1]"),
            (r#", "cod_statuses": [" "]"#.to_owned(), "cod_statuses[0]"),
            (r#", "unknown": ["flag", "ship_by", "flag"]"#.to_owned(), "unknown[2]"),
        ];
        for (extra, path) in &cases {
            let e = with(extra).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.path.as_deref()),
                (Code::MappingValue.as_str(), Some(*path)),
                "{extra}: {e:?}"
            );
            assert!(e.message.contains(path.split('[').next().unwrap()), "{e:?}");
        }
        let whole = [
            (r#"{"name": " ", "columns": {"order_id": ["id"]}}"#.to_owned(), "name"),
            (r#"{"name": "x", "columns": {"order_id": ["id", ""]}}"#.to_owned(), "columns.order_id[1]"),
            (r#"{"name": "x", "columns": {"order_id": []}}"#.to_owned(), "columns.order_id"),
            (format!(r#"{{"name": "x", "columns": {{"order_id": ["{long}"]}}}}"#), "columns.order_id[0]"),
            (
                r#"{"name": "x", "columns": {"order_id": ["id"]}, "statuses": {"已付款,待发货": "paid", "已付款，待发货": "shipped"}}"#.to_owned(),
                "statuses.已付款，待发货",
            ),
            (format!(r#"{{"name": "x", "columns": {{"order_id": ["id"]}}, "statuses": {{{}}}}}"#, many.join(",")), "statuses"),
        ];
        for (text, path) in &whole {
            let e = Mapping::from_json(text).unwrap_err();
            assert_eq!((e.code.as_str(), e.path.as_deref()), (Code::MappingValue.as_str(), Some(*path)), "{e:?}");
        }
        let headers: Vec<String> = (0..=MAX_HEADERS).map(|i| format!(r#""h{i}""#)).collect();
        let text = format!(r#"{{"name": "x", "columns": {{"order_id": [{}]}}}}"#, headers.join(","));
        assert_eq!(Mapping::from_json(&text).unwrap_err().path.as_deref(), Some("columns"));
        // Texts that fold alike and mean the same state are one status written twice.
        let same = r#"{"name": "x", "columns": {"order_id": ["id"]}, "statuses": {"已付款,待发货": "paid", "已付款，待发货": "paid"}}"#;
        assert!(Mapping::from_json(same).is_ok());
    }

    #[test]
    fn a_key_written_twice_in_json_is_refused_with_its_path() {
        // JSON maps keep the last of a key written twice; TOML refuses it. So does kefu.
        let e = with(r#", "statuses": {"交易成功": "delivered"}"#).unwrap_err();
        assert_eq!(
            e.code,
            Code::InputValue.as_str(),
            "a field of the mapping itself twice is serde's own error: {e:?}"
        );
        let text = r#"{"name": "x", "columns": {"order_id": ["订单编号"]},
            "statuses": {"交易成功": "delivered", "交易关闭": "closed", "交易成功": "closed"}}"#;
        let e = Mapping::from_json(text).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_deref()),
            (Code::MappingDuplicate.as_str(), Some("statuses.交易成功")),
            "{e:?}"
        );
        assert!(e.message.contains("written twice"), "{e:?}");
        let text = r#"{"name": "x", "columns": {"order_id": ["订单编号"], "status": ["状态"], "order_id": ["id"]}}"#;
        let e = Mapping::from_json(text).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_deref()),
            (Code::MappingDuplicate.as_str(), Some("columns.order_id")),
            "{e:?}"
        );
    }

    #[test]
    fn a_mapping_without_the_join_key_is_refused() {
        let err = Mapping::from_json(r#"{"name":"x","columns":{"status":["状态"]}}"#).unwrap_err();
        assert_eq!(err.code, Code::Mapping.as_str());
        let err = Mapping::from_json(r#"{"name":"x","columns":{"order_id":["id"],"colour":["c"]}}"#).unwrap_err();
        assert!(err.message.contains("unknown variant `colour`"), "{err:?}");
    }
}
