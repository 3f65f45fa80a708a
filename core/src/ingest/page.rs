//! The seller backend's order list as the page itself receives it: the JSON answer of
//! `asyncSold.htm` (`mainOrders[]`, each with `subOrders[]`, and `page.totalNumber`).
//! The browser extension observes that answer and hands it here, so the status texts,
//! the money and time quirks and the facts a page does not show are read by the same
//! [`Mapping`] machinery as an export: a mapping's "headers" are dotted paths into each
//! main order (`statusInfo.text`), and a line's paths are into each sub-order. When the
//! backend renames a field, the fix is a mapping, not a new release of the reader.

use std::collections::{HashMap, HashSet};

use chrono::FixedOffset;
use serde::Serialize;
use serde_json::Value;

use super::table::{attach_items, Columns};
use super::{IngestError, Mapping};
use crate::model::code::Code;
use crate::model::error::{from_json, ErrorReport};
use crate::model::order::Order;

/// Where a line's order id is put among a sub-order's cells, for the items mapping.
pub const PARENT_ID: &str = "mainOrder.id";

/// One main order of the page: its position, its id when it has one, and the order or
/// why it could not be read. A bad row costs that row alone.
#[derive(Debug, Serialize)]
pub struct PageRow {
    /// Position in `mainOrders`.
    pub index: usize,
    /// The order id, when the row has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The order, with its `unknown` facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    /// Why the row was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorReport>,
}

/// A page of the order list.
#[derive(Debug, Serialize)]
pub struct SoldPage {
    /// One row per main order, in page order.
    pub rows: Vec<PageRow>,
    /// `page.totalNumber`: orders across all pages, when the answer says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_number: Option<u64>,
}

/// Reads one answer of the order list with the built-in or a shop's mappings.
pub fn sold_page(
    text: &str,
    zone: FixedOffset,
    orders: &Mapping,
    items: &Mapping,
) -> Result<SoldPage, Box<ErrorReport>> {
    let answer: Value = from_json(text, "page")?;
    let main = answer.get("mainOrders").and_then(Value::as_array).ok_or_else(|| {
        Box::new(
            ErrorReport::of(Code::PageShape, "the answer has no `mainOrders` list: not an order-list page")
                .at("mainOrders"),
        )
    })?;
    let total_number = answer.pointer("/page/totalNumber").and_then(|n| match n {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    let mut reader = Reader { zone, orders: Shapes::new(orders), items: Shapes::new(items) };
    let rows = main
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let order_id = orders
                .columns
                .get(&super::Target::OrderId)
                .and_then(|paths| paths.iter().find_map(|p| cell(value, p).filter(|s| !s.trim().is_empty())));
            match reader.main_order(value) {
                Ok(order) => PageRow { index, order_id, order: Some(order), error: None },
                Err(e) => {
                    let report = e.report();
                    let path = format!("mainOrders[{index}].{}", report.path.as_deref().unwrap_or_default());
                    PageRow { index, order_id, order: None, error: Some(report.at(path.trim_end_matches('.'))) }
                }
            }
        })
        .collect();
    Ok(SoldPage { rows, total_number })
}

/// A mapping's paths, and its columns resolved once per shape: which of the paths an
/// object carries. The orders of one page share a few shapes (unpaid ones have no pay
/// time...), so a page resolves a handful of headers, not one per order.
struct Shapes<'m> {
    mapping: &'m Mapping,
    paths: Vec<&'m str>,
    resolved: Vec<Columns>,
    /// Each shape seen, by which paths are present: its place in `resolved`.
    shapes: HashMap<Vec<bool>, usize>,
}

impl<'m> Shapes<'m> {
    fn new(mapping: &'m Mapping) -> Shapes<'m> {
        let mut seen = HashSet::new();
        let paths: Vec<&str> =
            mapping.columns.values().flatten().map(String::as_str).filter(|p| seen.insert(*p)).collect();
        Shapes { mapping, paths, resolved: Vec::new(), shapes: HashMap::new() }
    }

    /// The object's cells (present paths only) and the columns for its shape.
    fn row(
        &mut self,
        value: &Value,
        zone: FixedOffset,
        parent: Option<&str>,
    ) -> Result<(Vec<String>, usize), IngestError> {
        let mut shape = Vec::with_capacity(self.paths.len());
        let mut cells = Vec::new();
        for path in &self.paths {
            let found = if *path == PARENT_ID { parent.map(str::to_owned) } else { cell(value, path) };
            shape.push(found.is_some());
            cells.extend(found);
        }
        let at = match self.shapes.get(&shape) {
            Some(at) => *at,
            None => {
                let headers: Vec<&str> =
                    self.paths.iter().zip(&shape).filter(|(_, present)| **present).map(|(p, _)| *p).collect();
                let columns = Columns::new(self.mapping, &headers, zone)?;
                self.resolved.push(columns);
                self.shapes.insert(shape, self.resolved.len() - 1);
                self.resolved.len() - 1
            }
        };
        Ok((cells, at))
    }

    fn columns(&self, at: usize) -> Result<&Columns, IngestError> {
        // `at` comes from `row`, so the shape is there; an error rather than a panic anyway.
        self.resolved
            .get(at)
            .ok_or_else(|| IngestError::MissingColumn { target: "order_id".into(), names: self.mapping.name.clone() })
    }
}

struct Reader<'m> {
    zone: FixedOffset,
    orders: Shapes<'m>,
    items: Shapes<'m>,
}

impl Reader<'_> {
    /// One main order: its own cells through the orders mapping, its sub-orders' through
    /// the items mapping. A path that is absent or null is left out, so the fact it would
    /// carry is unknown rather than empty.
    fn main_order(&mut self, value: &Value) -> Result<Order, IngestError> {
        let zone = self.zone;
        let (cells, at) = self.orders.row(value, zone, None)?;
        let mut order = self.orders.columns(at)?.order(&refs(&cells))?;
        if let Some(subs) = value.get("subOrders").and_then(Value::as_array) {
            let mut lines = Vec::with_capacity(subs.len());
            let mut last = None;
            for sub in subs {
                let (cells, at) = self.items.row(sub, zone, Some(&order.order_id))?;
                lines.push(self.items.columns(at)?.item(&refs(&cells))?.1);
                last = Some(at);
            }
            if let Some(at) = last {
                attach_items(&mut order, lines, self.items.columns(at)?);
            }
        }
        order.validate().map_err(IngestError::Order)?;
        Ok(order)
    }
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The value at a dotted path as a cell's text: strings as they are, numbers in
/// decimal, booleans as 是/否, and a list of `{name, value}` (a sub-order's `skuText`)
/// as `name:value;name:value`, the way exports write a variant.
///
/// A step may pick one element of a list by a field's value: `extra[name=商家编码]` is
/// the element of `extra` whose `name` is 商家编码. The page keeps the seller's SKU code
/// in such a list (`itemInfo.extra`, seller-data.md §3), beside other named values, so
/// a position would pick the wrong one when the backend adds an entry.
fn cell(value: &Value, path: &str) -> Option<String> {
    let mut at = value;
    for step in path.split('.') {
        at = match step.split_once('[') {
            Some((key, selector)) => {
                let (field, wanted) = selector.strip_suffix(']')?.split_once('=')?;
                let list = if key.is_empty() { at } else { at.get(key)? };
                list.as_array()?.iter().find(|e| e.get(field).and_then(Value::as_str) == Some(wanted))?
            }
            None => at.get(step)?,
        };
    }
    match at {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "是" } else { "否" }.to_owned()),
        Value::Array(parts) => Some(
            parts
                .iter()
                .filter_map(|p| match p {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(_) => {
                        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                        let v = p.get("value").and_then(Value::as_str).unwrap_or_default();
                        Some(if name.is_empty() { v.to_owned() } else { format!("{name}:{v}") })
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(";"),
        ),
        Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fact::Fact;
    use crate::model::flag::Flag;
    use crate::model::order::{OrderStatus, PresaleStage, ReturnExclusion};

    fn shop() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn read(text: &str) -> SoldPage {
        let orders = Mapping::built_in("taobao-sold-page").unwrap();
        let items = Mapping::built_in("taobao-sold-page-items").unwrap();
        sold_page(text, shop(), &orders, &items).unwrap()
    }

    const PAGE: &str = r#"{"page": {"currentPage": 1, "pageSize": 15, "totalNumber": "37"},
      "mainOrders": [
        {"id": "4128000014235678901", "buyer": {"nick": "tb_小明"},
         "statusInfo": {"text": "卖家已发货", "type": "t-shipped"},
         "orderInfo": {"createTime": "2026-11-20 10:00:00"},
         "payInfo": {"actualFee": "¥199.00", "payTime": "2026-11-20 10:01:00"},
         "extra": {"sellerFlag": 5, "sellerMemo": ""},
         "subOrders": [{"idStr": "4128000014235678902", "quantity": "1",
            "itemInfo": {"title": "T恤", "skuText": [{"name": "颜色分类", "value": "白色"}, {"name": "尺码", "value": "XL"}]},
            "priceInfo": {"realTotal": "199.00"}}]},
        {"id": 4128000014235678903, "buyer": {"nick": "tb_2"},
         "statusInfo": {"text": "已经被外星人带走"}, "payInfo": {"actualFee": "1.00"}},
        {"id": "4128000014235678904", "statusInfo": {"text": "买家已付款"}, "payInfo": {"actualFee": "88.00"}}
      ]}"#;

    #[test]
    fn a_page_answer_becomes_orders_with_their_lines_and_unknown_facts() {
        let page = read(PAGE);
        assert_eq!(page.total_number, Some(37));
        let first = page.rows[0].order.as_ref().unwrap();
        assert_eq!((first.status, first.flag), (OrderStatus::Shipped, Flag::Purple));
        assert_eq!(first.total.to_string(), "199.00");
        assert_eq!(first.items[0].variant.as_deref(), Some("颜色分类:白色;尺码:XL"));
        assert!(first.knows(Fact::Items) && first.knows(Fact::Flag));
        assert!(!first.knows(Fact::PickedUpAt), "a page without carrier times does not know the pickup");
    }

    #[test]
    fn a_bad_row_costs_that_row_and_names_its_place() {
        let page = read(PAGE);
        let bad = &page.rows[1];
        assert_eq!(bad.order_id.as_deref(), Some("4128000014235678903"), "a numeric id is kept as text");
        let error = bad.error.as_ref().unwrap();
        assert_eq!(error.code, Code::ExportStatus.as_str());
        assert_eq!(error.path.as_deref(), Some("mainOrders[1].statusInfo.text"));
        let third = page.rows[2].order.as_ref().unwrap();
        assert!(!third.knows(Fact::Flag) && !third.knows(Fact::Items), "no flag, no lines on this row: unknown");
    }

    #[test]
    fn an_answer_that_is_not_an_order_list_is_one_clear_error() {
        let orders = Mapping::built_in("taobao-sold-page").unwrap();
        let items = Mapping::built_in("taobao-sold-page-items").unwrap();
        let e = sold_page(r#"{"rgv587_flag": "sm"}"#, shop(), &orders, &items).unwrap_err();
        assert_eq!(e.code, Code::PageShape.as_str());
        let e = sold_page("<html>", shop(), &orders, &items).unwrap_err();
        assert_eq!(e.code, Code::InputJson.as_str());
    }

    #[test]
    fn a_deposit_paid_row_is_an_unpaid_presale_and_a_not_eligible_title_is_carried() {
        let page = r#"{"mainOrders": [
            {"id": "4128000014235678940", "statusInfo": {"text": "定金已付"}, "payInfo": {"actualFee": "20.00"},
             "subOrders": [{"idStr": "4128000014235678941", "quantity": 1,
                "itemInfo": {"title": "刻字手链【不支持7天无理由】"}, "priceInfo": {"realTotal": "199.00"}}]},
            {"id": "4128000014235678942", "statusInfo": {"text": "买家已付款"}, "payInfo": {"actualFee": "88.00"},
             "subOrders": [{"idStr": "4128000014235678943", "itemInfo": {"title": "T恤"}}]}
        ]}"#;
        let page = read(page);
        let presale = page.rows[0].order.as_ref().unwrap();
        assert_eq!(presale.status, OrderStatus::Unpaid);
        let p = presale.presale.as_ref().unwrap();
        assert_eq!((p.stage, p.deposit.as_ref(), p.ship_date.as_ref()), (PresaleStage::DepositPaid, None, None));
        assert_eq!(presale.items[0].return_exclusion, Some(ReturnExclusion::NotEligible));
        // The list does not say a paid order was a presale: nothing is assumed.
        let paid = page.rows[1].order.as_ref().unwrap();
        assert_eq!((paid.presale.as_ref(), paid.items[0].return_exclusion), (None, None));
    }

    #[test]
    fn a_detail_pages_labels_carry_the_presale_badge_and_the_deposit_paid_status() {
        let m = Mapping::built_in("taobao-detail-page").unwrap();
        let c = Columns::new(&m, &["订单编号", "订单状态", "实付款", "预售订单"], shop()).unwrap();
        let o = c.order(&["4128000016", "定金已付", "¥20.00", "是"]).unwrap();
        assert_eq!(o.presale.map(|p| p.stage), Some(PresaleStage::DepositPaid));
        let o = c.order(&["4128000016", "卖家已发货", "¥199.00", "是"]).unwrap();
        assert_eq!(o.presale.map(|p| p.stage), Some(PresaleStage::BalancePaid));
        let o = c.order(&["4128000016", "等待买家付款", "¥0.00", "是"]).unwrap();
        assert_eq!(o.presale, None, "a presale badge alone does not say the deposit is paid");
    }

    /// One main order of the given status text, with `more` fields, read alone.
    fn one(status: &str, more: &str) -> Order {
        let text = format!(
            r#"{{"mainOrders": [{{"id": "4128000014235678950", "statusInfo": {{"text": "{status}"}},
               "payInfo": {{"actualFee": "10.00"}}{more}}}]}}"#
        );
        let page = read(&text);
        page.rows[0].order.clone().unwrap_or_else(|| panic!("{status}: {:?}", page.rows[0].error))
    }

    #[test]
    fn the_deposit_paid_text_is_an_unpaid_presale() {
        let o = one("定金已付", "");
        assert_eq!((o.status, o.presale.map(|p| p.stage)), (OrderStatus::Unpaid, Some(PresaleStage::DepositPaid)));
    }

    #[test]
    fn the_merchant_variants_of_the_status_texts_mean_what_the_seller_variants_do() {
        let cases = [
            ("买家已付款，等待商家发货", OrderStatus::Paid, false),
            ("等待商家发货", OrderStatus::Paid, false),
            ("商家部分发货", OrderStatus::PartlyShipped, false),
            ("商家已发货", OrderStatus::Shipped, false),
            ("商家已发货，等待买家确认", OrderStatus::Shipped, false),
            ("买家已确认，等待商家发货", OrderStatus::Paid, true),
            ("商家已发货，等待买家确认收货并付款", OrderStatus::Shipped, true),
        ];
        for (text, status, cod) in cases {
            let o = one(text, "");
            assert_eq!((o.status, o.cod), (status, cod), "{text}");
        }
    }

    #[test]
    fn a_partial_refund_under_way_is_read_from_the_rows_times() {
        assert_eq!(one("订单部分退款中", "").status, OrderStatus::Paid, "nothing more said: the mapping's state");
        let shipped = r#", "logisticsInfo": {"consignTime": "2026-11-20 18:00:00"}"#;
        assert_eq!(one("订单部分退款中", shipped).status, OrderStatus::Shipped);
        let signed = r#", "logisticsInfo": {"consignTime": "2026-11-20 18:00:00", "signTime": "2026-11-22 09:00:00"}"#;
        assert_eq!(one("订单部分退款中", signed).status, OrderStatus::Delivered);
        // The text alone decides on a mapping that does not list it as a refund text.
        let m = Mapping::from_json(
            r#"{"name": "t", "columns": {"order_id": ["id"], "status": ["s"], "total": ["t"], "shipped_at": ["d"]},
                "statuses": {"订单部分退款中": "paid"}}"#,
        )
        .unwrap();
        let o = Columns::new(&m, &["id", "s", "t", "d"], shop()).unwrap();
        assert_eq!(o.order(&["1", "订单部分退款中", "1", "2026-11-20 18:00:00"]).unwrap().status, OrderStatus::Paid);
    }

    #[test]
    fn a_lines_sku_is_its_merchant_code_never_its_sub_order_id() {
        let lines = r#", "subOrders": [
            {"id": 4128000014235678951, "idStr": "4128000014235678951", "quantity": 1,
             "itemInfo": {"title": "T恤", "extra": [{"name": "宝贝编码", "value": "x"}, {"name": "商家编码", "value": "TS-WHITE-XL"}]},
             "priceInfo": {"realTotal": "10.00"}},
            {"idStr": "4128000014235678952", "quantity": "2", "itemInfo": {"title": "袜子", "extra": []}}]"#;
        let o = one("买家已付款", lines);
        assert_eq!(o.items[0].sku, "TS-WHITE-XL");
        assert_eq!(
            (o.items[1].sku.as_str(), o.items[1].qty),
            ("袜子", 2),
            "no merchant code: the title, as exports do"
        );
    }

    #[test]
    fn a_path_step_picks_a_list_element_by_a_fields_value() {
        let v: Value = serde_json::from_str(r#"{"a": {"l": [{"n": "x", "v": 1}, {"n": "y", "v": "two"}]}}"#).unwrap();
        assert_eq!(cell(&v, "a.l[n=y].v").as_deref(), Some("two"));
        assert_eq!(cell(&v, "a.l[n=x].v").as_deref(), Some("1"));
        assert_eq!(cell(&v, "a.l[n=z].v"), None);
        assert_eq!(cell(&v, "a.l[n=y"), None, "an unclosed selector selects nothing");
        assert_eq!(cell(&v, "a[n=y].v"), None, "an object is not a list");
    }

    #[test]
    fn a_detail_pages_memo_follows_biaoji_on_taobao_and_beiwang_on_tmall() {
        let m = Mapping::built_in("taobao-detail-page").unwrap();
        for label in ["标记", "备忘"] {
            let c = Columns::new(&m, &["订单编号", "订单状态", "实付款", label], shop()).unwrap();
            let o = c
                .order(&[
                    "4128000016",
                    "商家已发货，等待买家确认",
                    "¥199.00",
                    "【退货】已同意（小王/2026-11-21 10:00）",
                ])
                .unwrap();
            assert_eq!(o.remark, "【退货】已同意（小王/2026-11-21 10:00）", "{label}");
            assert!(!o.knows(Fact::Flag), "{label} is the memo, not the flag");
        }
    }
}
