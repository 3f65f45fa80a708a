//! The open platform's trade object (`taobao.trades.sold.get` and friends), as ERPs and
//! tools pull it, made into an order. Unknown fields are ignored: the API returns many
//! kefu has no use for. A time field absent from the object is an unknown fact, not a
//! "never happened", because a caller chooses which fields the API returns.
//!
//! A presale (预售) is the trade's staged payment: `step_trade_status`
//! (FRONT_PAID_FINAL_NOPAID: deposit paid, balance not; FRONT_PAID_FINAL_PAID: both;
//! FRONT_NOPAID_FINAL_NOPAID: nothing paid yet, no stage to carry), `step_paid_fee` (what
//! is paid so far: the deposit while the balance is unpaid) and `send_time` (the date the
//! order ships by, "mainly for presale orders"). A line's `customization` (定制信息) says
//! the buyer had it made to order.

use chrono::FixedOffset;
use serde::Deserialize;

use super::cell;
use super::IngestError;
use crate::model::code::Code;
use crate::model::error::{from_json, ErrorReport};
use crate::model::fact::Fact;
use crate::model::flag::Flag;
use crate::model::money::Money;
use crate::model::order::{Item, Order, OrderStatus, Presale, PresaleStage, ReturnExclusion};
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
    #[serde(default)]
    step_trade_status: Option<String>,
    #[serde(default)]
    step_paid_fee: Option<String>,
    #[serde(default)]
    send_time: Option<String>,
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
    #[serde(default)]
    customization: Option<String>,
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
    let presale = presale(&t, state, &field, &time)?;
    let ship_by = match time("est_con_time", &t.est_con_time)? {
        Some(at) => Some(at),
        None => presale.as_ref().and_then(|p| p.ship_date),
    };
    let mut unknown = vec![Fact::PushedAt, Fact::OutOfStock];
    let mut note = |fact: Fact, known: bool| {
        if !known {
            unknown.push(fact);
        }
    };
    note(Fact::Flag, flag.is_some());
    note(Fact::ShipBy, ship_by.is_some() || t.est_con_time.is_some() || state != OrderStatus::Paid);
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
        // Customisation details (定制信息) mean a made-to-order line; else the title may
        // say the listing is not eligible.
        let return_exclusion = if line.customization.as_deref().and_then(cell::clean).is_some() {
            Some(ReturnExclusion::Customised)
        } else {
            cell::title_exclusion(&title)
        };
        items.push(Item { sku, title, qty, unit_price, variant, out_of_stock: false, shipped, return_exclusion });
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
        ship_by,
        presale,
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

/// The trade's presale, from its staged payment; see the module's note. A stage that
/// says the balance is unpaid on a trade paid or later contradicts itself and is refused
/// with its path, as is an unknown stage code or an unreadable fee or time.
fn presale<E>(
    t: &Trade,
    state: OrderStatus,
    field: &impl Fn(&str, String) -> E,
    time: &impl Fn(&str, &Option<String>) -> Result<Option<Timestamp>, E>,
) -> Result<Option<Presale>, E> {
    let Some(code) = t.step_trade_status.as_deref().and_then(cell::clean) else { return Ok(None) };
    let stage = match code {
        "FRONT_PAID_FINAL_NOPAID" => PresaleStage::DepositPaid,
        "FRONT_PAID_FINAL_PAID" => PresaleStage::BalancePaid,
        "FRONT_NOPAID_FINAL_NOPAID" => return Ok(None),
        _ => {
            let message = format!(
                "`{code}` is not a stage code (FRONT_NOPAID_FINAL_NOPAID, FRONT_PAID_FINAL_NOPAID, FRONT_PAID_FINAL_PAID)"
            );
            return Err(field("step_trade_status", message));
        }
    };
    if stage == PresaleStage::DepositPaid && !matches!(state, OrderStatus::Unpaid | OrderStatus::Closed) {
        let message = format!("`{code}` says the balance is unpaid, but the status `{}` says paid or later", t.status);
        return Err(field("step_trade_status", message));
    }
    // While the balance is unpaid, what is paid is the deposit; once both are paid the fee
    // is no longer the deposit alone.
    let deposit = match (stage, t.step_paid_fee.as_deref().and_then(cell::clean)) {
        (PresaleStage::DepositPaid, Some(fee)) => Some(cell::money(fee).map_err(|m| field("step_paid_fee", m))?),
        _ => None,
    };
    Ok(Some(Presale { stage, deposit, ship_date: time("send_time", &t.send_time)? }))
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

    #[test]
    fn a_staged_trade_is_a_presale_with_its_deposit_and_ship_date() {
        let text = r#"{"tid": "4128000014235678920", "status": "WAIT_BUYER_PAY", "payment": "199.00",
            "step_trade_status": "FRONT_PAID_FINAL_NOPAID", "step_paid_fee": "20.00",
            "send_time": "2026-12-10 00:00:00", "type": "step"}"#;
        let o = order(text, shop()).unwrap();
        assert_eq!(o.status, OrderStatus::Unpaid);
        let p = o.presale.unwrap();
        assert_eq!((p.stage, p.deposit), (PresaleStage::DepositPaid, Some(Money::from_fen(2000))));
        assert_eq!(p.ship_date.unwrap().to_string(), "2026-12-10T00:00:00+08:00");
        // Balance paid: the fee is no longer the deposit alone; the presale date is the
        // ship-by when the trade has no est_con_time.
        let text = r#"{"tid": "1", "status": "WAIT_SELLER_SEND_GOODS", "payment": "199.00",
            "step_trade_status": "FRONT_PAID_FINAL_PAID", "step_paid_fee": "199.00", "send_time": "2026-12-10 00:00:00"}"#;
        let o = order(text, shop()).unwrap();
        let p = o.presale.clone().unwrap();
        assert_eq!((p.stage, p.deposit), (PresaleStage::BalancePaid, None));
        assert_eq!(o.ship_by.unwrap().to_string(), "2026-12-10T00:00:00+08:00");
        assert!(o.knows(Fact::ShipBy));
        // Closed after the deposit: the deposit-paid stage stays (R-PRESALE-1's question).
        let text = r#"{"tid": "1", "status": "TRADE_CLOSED_BY_TAOBAO", "payment": "20.00",
            "step_trade_status": "FRONT_PAID_FINAL_NOPAID", "step_paid_fee": "20.00"}"#;
        assert_eq!(order(text, shop()).unwrap().presale.map(|p| p.stage), Some(PresaleStage::DepositPaid));
        // Nothing paid yet, or no staged payment: no presale stage.
        for step in [r#", "step_trade_status": "FRONT_NOPAID_FINAL_NOPAID""#, r#", "step_trade_status": """#, ""] {
            let text = format!(r#"{{"tid": "1", "status": "WAIT_BUYER_PAY", "payment": "0.00"{step}}}"#);
            assert_eq!(order(&text, shop()).unwrap().presale, None, "{step}");
        }
    }

    #[test]
    fn bad_staged_payment_fields_are_named() {
        let cases = [
            (r#""status": "WAIT_BUYER_PAY", "step_trade_status": "FRONT_HALF_PAID""#, "step_trade_status"),
            (
                r#""status": "WAIT_BUYER_CONFIRM_GOODS", "step_trade_status": "FRONT_PAID_FINAL_NOPAID""#,
                "step_trade_status",
            ),
            (
                r#""status": "WAIT_BUYER_PAY", "step_trade_status": "FRONT_PAID_FINAL_NOPAID", "step_paid_fee": "二十""#,
                "step_paid_fee",
            ),
            (
                r#""status": "WAIT_BUYER_PAY", "step_trade_status": "FRONT_PAID_FINAL_NOPAID", "send_time": "下月""#,
                "send_time",
            ),
        ];
        for (fields, path) in cases {
            let text = format!(r#"{{"tid": "1", "payment": "1.00", {fields}}}"#);
            let e = order(&text, shop()).unwrap_err().report();
            assert_eq!((e.code.as_str(), e.path.as_deref()), (Code::TradeValue.as_str(), Some(path)), "{e:?}");
        }
    }

    #[test]
    fn a_customised_line_and_a_not_eligible_title_are_excluded_from_no_reason_returns() {
        let text = r#"{"tid": "1", "status": "TRADE_FINISHED", "payment": "298.00",
            "orders": {"order": [
                {"oid": "11", "title": "纯银手链", "num": 1, "price": "199.00", "customization": "刻字:LOVE"},
                {"oid": "12", "title": "内衣 不支持7天无理由", "num": 1, "price": "59.00"},
                {"oid": "13", "title": "高级定制感T恤", "num": 1, "price": "40.00", "customization": ""}]}}"#;
        let o = order(text, shop()).unwrap();
        let exclusions: Vec<Option<ReturnExclusion>> = o.items.iter().map(|i| i.return_exclusion).collect();
        assert_eq!(exclusions, [Some(ReturnExclusion::Customised), Some(ReturnExclusion::NotEligible), None]);
    }
}
