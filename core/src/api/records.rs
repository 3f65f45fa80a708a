//! What a `lint` or `scan` record is: kefu's own order JSON, an export row's cells, or
//! a trade object. A host hands the marketplace's rows and trades on as they are, with
//! where they come from beside the records (`"rows"`: the mapping and the header;
//! `"trades"`: the shop's zone), and the core reads each into an order once, on every
//! engine: no host maps a row, writes the order as JSON and has the core read it back.

use serde::Deserialize;

use crate::ingest::{attach_items, Columns, Mapping};
use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::order::{Item, Order};

/// The records are rows of one export: cells in the order of `header`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RowsIn {
    /// How the columns become an order's fields.
    mapping: Mapping,
    /// The export's header row.
    header: Vec<String>,
    /// The shop's UTC offset for times without one (default `+08:00`).
    #[serde(default)]
    time_zone: Option<String>,
    /// The item report joined to these rows, when there is one: each row's record then
    /// carries its lines (`"items"`), read from this report.
    #[serde(default)]
    items: Option<ItemsIn>,
}

/// The item report beside an order report: its mapping and header, which say which
/// facts its lines carry (stock, when it has a stock column).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ItemsIn {
    mapping: Mapping,
    header: Vec<String>,
}

/// The records are trade objects of the open platform.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TradesIn {
    /// The shop's UTC offset for times without one (default `+08:00`).
    #[serde(default)]
    time_zone: Option<String>,
}

/// One export row as a record: its cells, and its lines from the item report when one
/// is joined (`None`: the report has no line of this order).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RowRecord<'a> {
    /// Borrowed from the record's text unless a cell has an escape.
    #[serde(borrow)]
    cells: Vec<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    items: Option<Vec<Item>>,
}

/// Reads a batch's records as orders.
pub(super) enum Reader {
    /// kefu's order JSON.
    Orders,
    /// Export rows through the export's columns (and the item report's).
    Rows { columns: Box<Columns>, items: Option<Box<Columns>> },
    /// Trade objects, times without an offset in the shop's zone.
    #[cfg_attr(not(feature = "trades"), allow(dead_code, reason = "read only with the trades feature"))]
    Trades(chrono::FixedOffset),
}

impl Reader {
    /// The reader for a batch: rows, trades, or (neither given) kefu's orders. The
    /// header is resolved once per call; a header the mapping cannot read fails the call
    /// (the host has read the same header with the same mapping before sending a row).
    pub(super) fn new(rows: Option<RowsIn>, trades: Option<TradesIn>) -> Result<Reader, Box<ErrorReport>> {
        match (rows, trades) {
            (None, None) => Ok(Reader::Orders),
            (Some(_), Some(_)) => Err(Box::new(ErrorReport::of(
                Code::InputValue,
                "a batch's records are rows or trades, not both: give `rows` or `trades`",
            ))),
            (None, Some(t)) => Ok(Reader::Trades(zone(t.time_zone.as_deref(), "trades.time_zone")?)),
            (Some(r), None) => {
                let zone = zone(r.time_zone.as_deref(), "rows.time_zone")?;
                let columns = columns_of(&r.mapping, &r.header, zone, "rows")?;
                let items = match r.items {
                    Some(i) => Some(columns_of(&i.mapping, &i.header, zone, "rows.items")?),
                    None => None,
                };
                Ok(Reader::Rows { columns, items })
            }
        }
    }

    /// One record as a valid order, or why it is not one.
    pub(super) fn order(&self, record: &str) -> Result<Order, Box<ErrorReport>> {
        match self {
            Reader::Orders => Order::from_json(record).map_err(|e| Box::new(e.report())),
            #[cfg(feature = "trades")]
            Reader::Trades(zone) => crate::ingest::trade::order(record, *zone).map_err(|e| Box::new(e.report())),
            #[cfg(not(feature = "trades"))]
            Reader::Trades(_) => Err(Box::new(ErrorReport::of(
                Code::InputValue,
                "this build of kefu reads no trade objects (the browser package leaves them out); the CLI does",
            ))),
            Reader::Rows { columns, items } => {
                let row: RowRecord = serde_json::from_str(record).map_err(|e| {
                    Box::new(ErrorReport::of(Code::InputJson, format!("not an export row record: {e}")))
                })?;
                let cells: Vec<&str> = row.cells.iter().map(|c| c.as_ref()).collect();
                let mut order = columns.order(&cells).map_err(|e| Box::new(e.report()))?;
                if let (Some(lines), Some(items_columns)) = (row.items, items) {
                    attach_items(&mut order, lines, items_columns);
                }
                order.validate().map_err(|e| Box::new(e.report()))?;
                Ok(order)
            }
        }
    }
}

/// The shop's UTC offset (default `+08:00`), or an error under `path`.
pub(super) fn zone(text: Option<&str>, path: &str) -> Result<chrono::FixedOffset, Box<ErrorReport>> {
    crate::ingest::cell::zone(text.unwrap_or("+08:00"))
        .map_err(|m| Box::new(ErrorReport::of(Code::InputValue, format!("`{path}`: {m}")).at(path)))
}

/// A mapping (checked: a shop's own may come this way) applied to a header; errors
/// under `path`.
fn columns_of(
    mapping: &Mapping,
    header: &[String],
    zone: chrono::FixedOffset,
    path: &str,
) -> Result<Box<Columns>, Box<ErrorReport>> {
    mapping.check().map_err(|e| {
        Box::new(ErrorReport { path: Some(format!("{path}.mapping.{}", e.path.unwrap_or_default())), ..*e })
    })?;
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Columns::new(mapping, &header, zone)
        .map(Box::new)
        .map_err(|e| Box::new(ErrorReport { path: Some(format!("{path}.header")), ..e.report() }))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::ingest::Mapping;
    use crate::model::code::Code;

    const HEADER: [&str; 5] = ["订单编号", "订单状态", "买家实际支付金额", "订单付款时间 ", "订单备注"];

    fn rows_input(extra: Value) -> String {
        let mut input = json!({
            "rows": {"mapping": Mapping::built_in("taobao-orders"), "header": HEADER, "time_zone": "+08:00"}
        });
        if let (Some(obj), Some(more)) = (input.as_object_mut(), extra.as_object()) {
            obj.extend(more.clone());
        }
        input.to_string()
    }

    fn results(answer: &str) -> Vec<Value> {
        let v: Value = serde_json::from_str(answer).unwrap();
        assert_eq!(v["type"], "success", "{answer}");
        v["result"]["results"].as_array().unwrap().clone()
    }

    #[test]
    fn a_row_is_linted_as_the_order_it_maps_to() {
        let cells = json!({"cells": ["=\"4128000014235678901\"", "买家已付款，等待卖家发货", "199.00元", "2026-11-25 09:20:00", "加急"]});
        let by_row = results(&super::super::call_batch("lint", &rows_input(json!({})), vec![cells.to_string()]));
        // The same row as the core's own ingest reads it, then linted as an order.
        let order = super::super::call(
            "ingest.row",
            &json!({"headers": HEADER, "cells": cells["cells"], "mapping": "taobao-orders"}).to_string(),
        );
        let order: Value = serde_json::from_str(&order).unwrap();
        let by_order = results(&super::super::call_batch("lint", "{}", vec![order["result"].to_string()]));
        assert_eq!(by_row, by_order);
        assert_eq!(by_row[0]["order_id"], "4128000014235678901");
    }

    #[test]
    fn a_bad_cell_rejects_its_row_alone_naming_the_column() {
        let good = json!({"cells": ["1", "交易成功", "1.00", "2026-11-25 09:20:00", ""]}).to_string();
        let bad = json!({"cells": ["2", "交易成功", "一块钱", "2026-11-25 09:20:00", ""]}).to_string();
        let out = results(&super::super::call_batch("lint", &rows_input(json!({})), vec![good, bad]));
        assert!(out[0].get("error").is_none(), "{:?}", out[0]);
        assert_eq!(out[1]["error"]["code"], Code::ExportCell.as_str());
        assert!(out[1]["error"]["message"].as_str().unwrap().contains("买家实际支付金额"), "{:?}", out[1]);
    }

    #[test]
    fn rows_and_trades_together_are_refused_and_a_bad_header_fails_the_call() {
        let both = rows_input(json!({"trades": {}}));
        assert!(super::super::call_batch("lint", &both, vec![]).contains(Code::InputValue.as_str()));
        let input = json!({"rows": {"mapping": Mapping::built_in("taobao-orders"), "header": ["x"]}}).to_string();
        let answer = super::super::call_batch("lint", &input, vec![]);
        assert!(answer.contains("\"failure\"") && answer.contains("rows.header"), "{answer}");
    }

    #[test]
    #[cfg(feature = "trades")]
    fn a_trade_is_read_in_the_shops_zone() {
        let trade = json!({"tid": "77", "status": "WAIT_SELLER_SEND_GOODS", "payment": "10.00",
            "pay_time": "2026-11-25 09:20:00", "seller_memo": ""});
        let input = json!({"trades": {"time_zone": "+08:00"}}).to_string();
        let out = results(&super::super::call_batch("lint", &input, vec![trade.to_string()]));
        assert_eq!(out[0]["order_id"], "77", "{:?}", out[0]);
    }
}
