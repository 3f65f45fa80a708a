//! The open platform's trade object (`taobao.trades.sold.get` and friends), as ERPs and
//! tools pull it, made into an order. Unknown fields are ignored: the API returns many
//! kefu has no use for. A time field absent from the object is an unknown fact, not a
//! "never happened", because a caller chooses which fields the API returns.

use chrono::FixedOffset;
use serde::Deserialize;

use super::cell;
use super::IngestError;
use crate::model::code::Code;
use crate::model::error::{from_json, ErrorReport};
use crate::model::fact::Fact;
use crate::model::flag::Flag;
use crate::model::money::Money;
use crate::model::order::{Item, Order, OrderStatus};
use crate::model::receiver::Receiver;
use crate::model::time::Timestamp;

/// An id the API writes as a number or a string: kept as text, never a float.
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(u64),
}

impl Id {
    fn text(self) -> String {
        match self {
            Id::Text(t) => t,
            Id::Number(n) => n.to_string(),
        }
    }
}

/// A number the API writes as a string or a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum Num {
    Text(String),
    Number(u64),
}

#[derive(Deserialize)]
struct Trade {
    tid: Id,
    status: String,
    #[serde(default)]
    seller_flag: Option<u8>,
    #[serde(default)]
    seller_memo: Option<String>,
    #[serde(default)]
    buyer_nick: Option<String>,
    #[serde(default)]
    seller_nick: Option<String>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    pay_time: Option<String>,
    #[serde(default)]
    consign_time: Option<String>,
    #[serde(default)]
    collect_time: Option<String>,
    #[serde(default)]
    sign_time: Option<String>,
    #[serde(default)]
    est_con_time: Option<String>,
    #[serde(default)]
    end_time: Option<String>,
    payment: String,
    #[serde(default)]
    type_: Option<String>,
    #[serde(default, rename = "type")]
    trade_type: Option<String>,
    #[serde(default)]
    receiver_name: Option<String>,
    #[serde(default)]
    receiver_mobile: Option<String>,
    #[serde(default)]
    receiver_phone: Option<String>,
    #[serde(default)]
    receiver_state: Option<String>,
    #[serde(default)]
    receiver_city: Option<String>,
    #[serde(default)]
    receiver_district: Option<String>,
    #[serde(default)]
    receiver_address: Option<String>,
    #[serde(default)]
    orders: Option<Orders>,
}

#[derive(Deserialize)]
struct Orders {
    #[serde(default)]
    order: Vec<Line>,
}

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    oid: Option<Id>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    consign_time: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    sku_properties_name: Option<String>,
    #[serde(default)]
    num: Option<Num>,
    #[serde(default)]
    price: Option<String>,
    #[serde(default)]
    outer_iid: Option<String>,
    #[serde(default)]
    outer_sku_id: Option<String>,
}

/// The marketplace's status code as a state, and whether it says cash on delivery.
pub fn status(code: &str) -> Option<OrderStatus> {
    Some(match code {
        "WAIT_BUYER_PAY" | "TRADE_NO_CREATE_PAY" | "PAY_PENDING" | "WAIT_PRE_AUTH_CONFIRM" => OrderStatus::Unpaid,
        "WAIT_SELLER_SEND_GOODS" | "PAID_FORBID_CONSIGN" => OrderStatus::Paid,
        "SELLER_CONSIGNED_PART" => OrderStatus::PartlyShipped,
        "WAIT_BUYER_CONFIRM_GOODS" => OrderStatus::Shipped,
        "TRADE_BUYER_SIGNED" | "TRADE_FINISHED" => OrderStatus::Delivered,
        "TRADE_CLOSED" | "TRADE_CLOSED_BY_TAOBAO" => OrderStatus::Closed,
        _ => return None,
    })
}

/// Reads one trade object (JSON text) as an order; times without an offset are read in
/// `zone` (the API writes Beijing time).
pub fn order(text: &str, zone: FixedOffset) -> Result<Order, IngestError> {
    let t: Trade = from_json(text, "trade").map_err(IngestError::Trade)?;
    let field = |path: &str, message: String| {
        IngestError::Trade(Box::new(ErrorReport::of(Code::TradeValue, format!("`{path}`: {message}")).at(path)))
    };
    let time = |path: &str, v: &Option<String>| -> Result<Option<Timestamp>, IngestError> {
        match v.as_deref().and_then(cell::clean) {
            None => Ok(None),
            Some(s) => cell::time(s, zone).map(Some).map_err(|m| field(path, m)),
        }
    };
    let state =
        status(&t.status).ok_or_else(|| field("status", format!("`{}` is not a trade status code", t.status)))?;
    let flag = match t.seller_flag {
        None => None,
        Some(code) => {
            Some(Flag::from_code(u64::from(code)).ok_or_else(|| field("seller_flag", format!("{code} is not 0-5")))?)
        }
    };
    let mut unknown = vec![Fact::PushedAt, Fact::OutOfStock];
    let mut note = |fact: Fact, known: bool| {
        if !known {
            unknown.push(fact);
        }
    };
    note(Fact::Flag, flag.is_some());
    note(Fact::ShipBy, t.est_con_time.is_some() || state != OrderStatus::Paid);
    note(Fact::PickedUpAt, t.collect_time.is_some() || !state.is_shipped());
    note(Fact::DeliveredAt, t.sign_time.is_some() || state != OrderStatus::Delivered);
    note(Fact::Items, t.orders.is_some());
    unknown.sort();
    let mut items = Vec::new();
    for (i, line) in t.orders.into_iter().flat_map(|o| o.order).enumerate() {
        let path = |f: &str| format!("orders.order[{i}].{f}");
        let title = line.title.unwrap_or_default();
        let sku = [line.outer_sku_id, line.outer_iid, line.oid.map(Id::text)]
            .into_iter()
            .flatten()
            .find(|s| !s.trim().is_empty())
            .unwrap_or_else(|| title.clone());
        let qty = match line.num {
            None => 1,
            Some(Num::Number(n)) => u32::try_from(n).map_err(|_| field(&path("num"), format!("{n} is too large")))?,
            Some(Num::Text(s)) => cell::quantity(&s).map_err(|m| field(&path("num"), m))?,
        };
        let unit_price = match line.price.as_deref() {
            None => Money::ZERO,
            Some(p) => cell::money(p).map_err(|m| field(&path("price"), m))?,
        };
        let variant = line.sku_properties_name.filter(|v| !v.trim().is_empty());
        // A line of a partly shipped trade says for itself whether it left: its own
        // status code, or a consign time.
        let shipped = line.status.as_deref().and_then(status).is_some_and(OrderStatus::is_shipped)
            || line.consign_time.as_deref().and_then(cell::clean).is_some();
        items.push(Item { sku, title, qty, unit_price, variant, out_of_stock: false, shipped, return_exclusion: None });
    }
    let address = [t.receiver_state, t.receiver_city, t.receiver_district, t.receiver_address]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let receiver = Receiver {
        name: t.receiver_name,
        phone: t.receiver_mobile.or(t.receiver_phone),
        address: (!address.is_empty()).then_some(address),
        courier: None,
        changed_at: None,
    };
    let cod = t.trade_type.as_deref().or(t.type_.as_deref()) == Some("cod") || t.status == "TRADE_BUYER_SIGNED";
    let order = Order {
        order_id: t.tid.text(),
        status: state,
        buyer_nick: t.buyer_nick,
        store: t.seller_nick,
        created_at: time("created", &t.created)?,
        paid_at: time("pay_time", &t.pay_time)?,
        pushed_at: None,
        shipped_at: time("consign_time", &t.consign_time)?,
        picked_up_at: time("collect_time", &t.collect_time)?,
        delivered_at: time("sign_time", &t.sign_time)?,
        closed_at: if state == OrderStatus::Closed { time("end_time", &t.end_time)? } else { None },
        ship_by: time("est_con_time", &t.est_con_time)?,
        presale: None,
        cod,
        cod_confirmed: false,
        platform_late_payment: None,
        items,
        total: cell::money(&t.payment).map_err(|m| field("payment", m))?,
        receiver: (receiver != Receiver::default()).then_some(receiver),
        flag: flag.unwrap_or(Flag::None),
        remark: t.seller_memo.unwrap_or_default(),
        unknown,
    };
    order.validate().map_err(IngestError::Order)?;
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    const TRADE: &str = r#"{
        "tid": 4128000014235678901, "status": "WAIT_BUYER_CONFIRM_GOODS", "seller_flag": 4,
        "seller_memo": "【退货】（小王/2026-11-25 14:30）", "created": "2026-11-20 10:00:00",
        "pay_time": "2026-11-20 10:01:00", "consign_time": "2026-11-21 18:00:00",
        "collect_time": "2026-11-21 20:00:00", "payment": "199.00", "buyer_nick": "tb123",
        "receiver_state": "浙江省", "receiver_city": "杭州市", "receiver_address": "*****",
        "receiver_mobile": "138****8000",
        "orders": {"order": [{"oid": 4128000014235678902, "title": "T恤",
            "sku_properties_name": "颜色分类:白色;尺码:XL", "num": 1, "price": "199.00"}]},
        "buyer_cod_fee": "0.00", "has_yfx": true
    }"#;

    #[test]
    fn a_trade_becomes_an_order_with_its_flag_and_carrier_times() {
        let o = order(TRADE, shop()).unwrap();
        assert_eq!(o.order_id, "4128000014235678901", "an 19-digit id stays exact");
        assert_eq!((o.status, o.flag), (OrderStatus::Shipped, Flag::Blue));
        assert_eq!(o.picked_up_at.unwrap().to_string(), "2026-11-21T20:00:00+08:00");
        assert_eq!(o.items[0].sku, "4128000014235678902");
        assert_eq!(o.unknown, vec![Fact::PushedAt, Fact::OutOfStock]);
        assert_eq!(o.receiver.unwrap().address.as_deref(), Some("浙江省 杭州市 *****"));
    }

    #[test]
    fn a_partly_shipped_trade_says_which_lines_left() {
        let text = r#"{"tid": "7", "status": "SELLER_CONSIGNED_PART", "payment": "138.00",
            "orders": {"order": [
                {"oid": "71", "title": "T恤", "num": 1, "price": "99.00", "status": "WAIT_BUYER_CONFIRM_GOODS"},
                {"oid": "72", "title": "杯子", "num": 1, "price": "39.00", "status": "WAIT_SELLER_SEND_GOODS"},
                {"oid": "73", "title": "袜子", "num": 1, "price": "0.00", "consign_time": "2026-11-21 18:00:00"}]}}"#;
        let o = order(text, shop()).unwrap();
        assert_eq!(o.status, OrderStatus::PartlyShipped);
        let shipped: Vec<(&str, bool)> = o.items.iter().map(|i| (i.sku.as_str(), i.shipped)).collect();
        assert_eq!(shipped, [("71", true), ("72", false), ("73", true)]);
    }

    #[test]
    fn absent_fields_are_unknown_facts() {
        let text = r#"{"tid": "1", "status": "WAIT_SELLER_SEND_GOODS", "payment": "10"}"#;
        let o = order(text, shop()).unwrap();
        assert_eq!(o.unknown, vec![Fact::Flag, Fact::PushedAt, Fact::ShipBy, Fact::Items, Fact::OutOfStock]);
    }

    #[test]
    fn bad_fields_are_named() {
        let cases = [
            (r#"{"tid": "1", "status": "LOST", "payment": "10"}"#, "status"),
            (r#"{"tid": "1", "status": "NO_SUCH_STATUS", "payment": "10"}"#, "status"),
            (r#"{"tid": "1", "status": "TRADE_FINISHED", "payment": "1.234"}"#, "payment"),
            (r#"{"tid": "1", "status": "TRADE_FINISHED", "payment": "1", "seller_flag": 9}"#, "seller_flag"),
            (r#"{"tid": "1", "status": "TRADE_FINISHED", "payment": "1", "pay_time": "x"}"#, "pay_time"),
            (r#"{"status": "TRADE_FINISHED", "payment": "1"}"#, "tid"),
        ];
        for (text, path) in cases {
            let e = order(text, shop()).unwrap_err().report();
            assert_eq!(e.path.as_deref().unwrap_or(""), path, "{e:?}");
        }
    }
}
