//! Rows of an export, mapped by header name: a header is resolved once per file
//! ([`Columns`]), then each row becomes an order or an order line. Pure: the host reads
//! and decodes the file, the core decides what each cell means.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{FixedOffset, TimeDelta};

use super::cell::{self, clean, fold};
use super::mapping::{Mapping, RowKind, Target};
use super::IngestError;
use crate::model::fact::Fact;
use crate::model::flag::Flag;
use crate::model::money::Money;
use crate::model::order::{Item, Order, OrderStatus, Presale, PresaleStage};
use crate::model::receiver::Receiver;
use crate::model::time::Timestamp;

/// A mapping resolved against one file's header: for each field, the positions of the
/// columns that may carry it, in the mapping's order of preference.
#[derive(Clone, Debug)]
pub struct Columns {
    mapping: Mapping,
    zone: FixedOffset,
    headers: Vec<String>,
    found: BTreeMap<Target, Vec<usize>>,
    unknown: Vec<Fact>,
    /// The mapping's status texts, folded once: text → what the text says.
    statuses: HashMap<String, StatusText>,
}

/// What one status text says: the state, and whether it also says cash on delivery or
/// a presale whose deposit is paid.
#[derive(Clone, Copy, Debug)]
struct StatusText {
    state: OrderStatus,
    cod: bool,
    deposit_paid: bool,
    /// A partial refund under way: the state follows the row's times.
    refunding: bool,
}

impl Columns {
    /// Resolves `mapping` against a header row. Headers are compared trimmed and folded
    /// (six legacy headers end in a space). Fails when a required column is absent, or
    /// when a header the mapping names is in the row twice (`KEFU-EXPORT-COLUMN`, naming
    /// both positions): kefu would not know which of the two to read. A header the
    /// mapping does not name may repeat. Linear in the header row and the mapping.
    pub fn new(mapping: &Mapping, headers: &[&str], zone: FixedOffset) -> Result<Columns, IngestError> {
        let folded: Vec<String> = headers.iter().map(|h| fold(h.trim_start_matches('\u{FEFF}'))).collect();
        // Each header's first position, and the second of a header written twice.
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(folded.len());
        let mut twice: HashMap<&str, usize> = HashMap::new();
        for (i, h) in folded.iter().enumerate() {
            match first.entry(h) {
                Entry::Vacant(e) => {
                    e.insert(i);
                }
                Entry::Occupied(_) => {
                    twice.entry(h).or_insert(i);
                }
            }
        }
        let mut found = BTreeMap::new();
        for (target, names) in &mapping.columns {
            let mut at: Vec<usize> = Vec::new();
            let mut seen = HashSet::new();
            for name in names {
                let name = fold(name);
                let Some(&i) = first.get(name.as_str()) else { continue };
                if let Some(&second) = twice.get(name.as_str()) {
                    return Err(IngestError::DuplicateColumn { header: name, first: i + 1, second: second + 1 });
                }
                if seen.insert(i) {
                    at.push(i);
                }
            }
            if !at.is_empty() {
                found.insert(*target, at);
            }
        }
        let required: &[Target] = match mapping.rows {
            RowKind::Orders => &[Target::OrderId, Target::Status, Target::Total],
            RowKind::Items => &[Target::OrderId],
        };
        for target in required {
            if !found.contains_key(target) {
                let names = mapping.columns.get(target).map(|n| n.join(", ")).unwrap_or_default();
                return Err(IngestError::MissingColumn { target: target_name(*target), names });
            }
        }
        let has = |t: Target| found.contains_key(&t);
        let mut unknown: Vec<Fact> = mapping.unknown.clone();
        let facts = [
            (Fact::Flag, has(Target::Flag)),
            (Fact::PushedAt, has(Target::PushedAt)),
            (Fact::ShipBy, has(Target::ShipBy) || mapping.ship_within_hours.is_some()),
            (Fact::PickedUpAt, has(Target::PickedUpAt)),
            (Fact::DeliveredAt, has(Target::DeliveredAt)),
            (Fact::Items, found.keys().any(|t| t.is_item())),
            (Fact::OutOfStock, has(Target::ItemOutOfStock)),
        ];
        for (fact, carried) in facts {
            if !carried && !unknown.contains(&fact) {
                unknown.push(fact);
            }
        }
        unknown.sort();
        let cod: HashSet<String> = mapping.cod_statuses.iter().map(|k| fold(k)).collect();
        let presale: HashSet<String> = mapping.presale_statuses.iter().map(|k| fold(k)).collect();
        let refunding: HashSet<String> = mapping.refund_statuses.iter().map(|k| fold(k)).collect();
        let mut statuses = HashMap::with_capacity(mapping.statuses.len());
        for (text, state) in &mapping.statuses {
            let text = fold(text);
            let said = StatusText {
                state: *state,
                cod: cod.contains(&text),
                deposit_paid: presale.contains(&text),
                refunding: refunding.contains(&text),
            };
            // Texts that fold alike: the first in the mapping's order wins, as before.
            statuses.entry(text).or_insert(said);
        }
        Ok(Columns { mapping: mapping.clone(), zone, headers: folded, found, unknown, statuses })
    }

    /// The facts orders read through these columns lack, before any item report.
    pub fn unknown(&self) -> &[Fact] {
        &self.unknown
    }

    /// What one row is.
    pub fn rows(&self) -> RowKind {
        self.mapping.rows
    }

    /// The mapping's name.
    pub fn mapping_name(&self) -> &str {
        &self.mapping.name
    }

    /// The positions of the columns the mapping reads, in order: the rest of a row is
    /// never looked at, so a host may hand on these cells alone (with these headers).
    pub fn read_positions(&self) -> Vec<usize> {
        let mut at: Vec<usize> = self.found.values().flatten().copied().collect();
        at.sort_unstable();
        at.dedup();
        at
    }

    /// The header each field was found under, for the summary.
    pub fn used(&self) -> Vec<(String, String)> {
        self.found
            .iter()
            .filter_map(|(t, at)| {
                let header = at.iter().filter_map(|i| self.headers.get(*i)).cloned().collect::<Vec<_>>().join(" | ");
                (!header.is_empty()).then(|| (target_name(*t), header))
            })
            .collect()
    }

    /// The first non-empty cell among the columns that carry `target`, with its header.
    fn cell<'r>(&self, row: &[&'r str], target: Target) -> Option<(&'r str, &str)> {
        self.found.get(&target)?.iter().find_map(|i| {
            let value = clean(row.get(*i)?)?;
            Some((value, self.headers.get(*i).map_or("", String::as_str)))
        })
    }

    /// Reads `target` with `parse`; the error names the column.
    fn read<T>(
        &self,
        row: &[&str],
        target: Target,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, IngestError> {
        let Some((text, header)) = self.cell(row, target) else { return Ok(None) };
        parse(text).map(Some).map_err(|message| IngestError::Cell { column: header.to_owned(), message })
    }

    fn text(&self, row: &[&str], target: Target) -> Option<String> {
        self.cell(row, target).map(|(v, _)| v.to_owned())
    }

    fn time(&self, row: &[&str], target: Target) -> Result<Option<Timestamp>, IngestError> {
        self.read(row, target, |t| cell::time(t, self.zone))
    }

    /// The order key of a row (either kind).
    pub fn order_id(&self, row: &[&str]) -> Result<String, IngestError> {
        let id = self.text(row, Target::OrderId).ok_or_else(|| IngestError::Cell {
            column: self.header_of(Target::OrderId),
            message: "the order id is empty".into(),
        })?;
        if rounded_by_a_spreadsheet(&id) {
            return Err(IngestError::Cell {
                column: self.header_of(Target::OrderId),
                message: format!(
                    "the order id `{id}` is a number a spreadsheet rounded to 15-17 digits: its last digits are \
                     lost; export the column as text (or use the marketplace's own file)"
                ),
            });
        }
        Ok(id)
    }

    fn header_of(&self, target: Target) -> String {
        self.found
            .get(&target)
            .and_then(|at| at.first())
            .and_then(|i| self.headers.get(*i))
            .cloned()
            .unwrap_or_default()
    }

    /// One row of an order report as an order, its `unknown` facts listed. Lines come
    /// from the item report, joined by the host with [`Columns::item`].
    pub fn order(&self, row: &[&str]) -> Result<Order, IngestError> {
        let order_id = self.order_id(row)?;
        let (status_text, status_header) = self.cell(row, Target::Status).ok_or_else(|| IngestError::Cell {
            column: self.header_of(Target::Status),
            message: "the status is empty".into(),
        })?;
        let said = self.statuses.get(&fold(status_text)).copied().ok_or_else(|| IngestError::Status {
            column: status_header.to_owned(),
            text: status_text.to_owned(),
            mapping: self.mapping.name.clone(),
        })?;
        let delivered_at = self.time(row, Target::DeliveredAt)?;
        let shipped_at = self.time(row, Target::ShippedAt)?;
        // 订单部分退款中 says a refund is under way, not where the order is: the row's
        // own times say that when it has them.
        let status = match (said.refunding, &delivered_at, &shipped_at) {
            (true, Some(_), _) => OrderStatus::Delivered,
            (true, None, Some(_)) => OrderStatus::Shipped,
            _ => said.state,
        };
        let total = self.read(row, Target::Total, cell::money)?.ok_or_else(|| IngestError::Cell {
            column: self.header_of(Target::Total),
            message: "the amount paid is empty".into(),
        })?;
        let paid_at = self.time(row, Target::PaidAt)?;
        let presale = self.presale(row, said)?;
        let mut unknown = self.unknown.clone();
        let ship_by = match (self.time(row, Target::ShipBy)?, self.mapping.ship_within_hours, paid_at) {
            (Some(t), _, _) => Some(t),
            // A presale ships by its presale date (R-PRESALE-1, R-PROACTIVE-1), which no
            // export is known to carry, not within the shop's usual hours of payment: its
            // ship-by is not known.
            (None, Some(_), _) if presale.is_some() => {
                if !unknown.contains(&Fact::ShipBy) {
                    unknown.push(Fact::ShipBy);
                    unknown.sort();
                }
                None
            }
            (None, Some(hours), Some(paid)) => {
                // A checked mapping promises at most 90 days; one that was not checked
                // must not panic past chrono's last date either.
                let due = TimeDelta::try_hours(i64::from(hours)).and_then(|d| paid.inner().checked_add_signed(d));
                Some(due.map(Timestamp::from_datetime).ok_or_else(|| IngestError::Cell {
                    column: self.header_of(Target::PaidAt),
                    message: format!(
                        "the payment time plus ship_within_hours ({hours} h) is past the last date kefu can represent"
                    ),
                })?)
            }
            (None, _, _) => None,
        };
        let receiver = Receiver {
            name: self.text(row, Target::ReceiverName),
            phone: self.text(row, Target::ReceiverPhone),
            address: self.text(row, Target::ReceiverAddress),
            courier: self.text(row, Target::Courier),
            changed_at: None,
        };
        let cod_column = self.read(row, Target::Cod, cell::yes_no)?;
        Ok(Order {
            order_id,
            status,
            buyer_nick: self.text(row, Target::BuyerNick),
            store: self.text(row, Target::Store),
            created_at: self.time(row, Target::CreatedAt)?,
            paid_at,
            pushed_at: self.time(row, Target::PushedAt)?,
            shipped_at,
            picked_up_at: self.time(row, Target::PickedUpAt)?,
            delivered_at,
            closed_at: self.time(row, Target::ClosedAt)?,
            ship_by,
            presale,
            cod: cod_column.unwrap_or(false) || said.cod,
            cod_confirmed: false,
            items: Vec::new(),
            total,
            platform_late_payment: self
                .read(row, Target::PlatformLatePayment, cell::money)?
                .filter(|m| *m > Money::ZERO),
            receiver: (receiver != Receiver::default()).then_some(receiver),
            flag: self.read(row, Target::Flag, cell::flag)?.unwrap_or(Flag::None),
            remark: self.text(row, Target::Remark).unwrap_or_default(),
            unknown,
        })
    }

    /// The row's presale, from what it says: the 预售订单 column (`否` ends it), a
    /// staged-payment text (分阶段订单信息), or a status text that says 定金已付. The
    /// stage is `deposit_paid` for such a status; else it follows the state: unpaid with a
    /// staged-payment text that does not say the deposit is unpaid is `deposit_paid`, paid
    /// or later is `balance_paid`. An unpaid presale without such a text, and a closed
    /// one, have no stage kefu can tell: `None`. The deposit is the one the text labels.
    fn presale(&self, row: &[&str], said: StatusText) -> Result<Option<Presale>, IngestError> {
        let flag = self.read(row, Target::Presale, cell::yes_no)?;
        if flag == Some(false) {
            if said.deposit_paid {
                return Err(IngestError::Cell {
                    column: self.header_of(Target::Presale),
                    message: "否, but the status says 定金已付".into(),
                });
            }
            return Ok(None);
        }
        let info = self.cell(row, Target::PresaleStageInfo).map(|(text, _)| cell::stage_info(text));
        if flag.is_none() && info.is_none() && !said.deposit_paid {
            return Ok(None);
        }
        let stage = match said.state {
            _ if said.deposit_paid => PresaleStage::DepositPaid,
            OrderStatus::Unpaid if info.is_some_and(|i| !i.deposit_unpaid) => PresaleStage::DepositPaid,
            OrderStatus::Unpaid | OrderStatus::Closed => return Ok(None),
            _ => PresaleStage::BalancePaid,
        };
        // No export is known to carry the presale ship date (预售发货时间).
        Ok(Some(Presale { stage, deposit: info.and_then(|i| i.deposit), ship_date: None }))
    }

    /// One row of an item report: the order it belongs to and the line. An item with
    /// no merchant code is known by its title.
    pub fn item(&self, row: &[&str]) -> Result<(String, Item), IngestError> {
        let order_id = self.order_id(row)?;
        let title = self.text(row, Target::ItemTitle).unwrap_or_default();
        let sku = self.text(row, Target::ItemSku).unwrap_or_else(|| title.clone());
        if sku.is_empty() {
            return Err(IngestError::Cell {
                column: self.header_of(Target::ItemSku),
                message: "the line has neither a merchant code nor a title".into(),
            });
        }
        // The column says, when the file has one and the cell is not empty; else the
        // title, where it writes 不支持七天无理由.
        let return_exclusion = match self.read(row, Target::ItemReturnExclusion, cell::return_exclusion)? {
            Some(said) => said,
            None => cell::title_exclusion(&title),
        };
        let item = Item {
            sku,
            title,
            qty: self.read(row, Target::ItemQty, cell::quantity)?.unwrap_or(1),
            unit_price: self.read(row, Target::ItemUnitPrice, cell::money)?.unwrap_or(Money::ZERO),
            variant: self.text(row, Target::ItemVariant),
            out_of_stock: self.read(row, Target::ItemOutOfStock, cell::yes_no)?.unwrap_or(false),
            shipped: false,
            return_exclusion,
        };
        if item.qty == 0 {
            return Err(IngestError::Cell {
                column: self.header_of(Target::ItemQty),
                message: "quantity is 0; a line has at least one unit".into(),
            });
        }
        Ok((order_id, item))
    }
}

/// An id written the way Excel writes a number it could not keep whole: `4.128E+18`,
/// `4.12800001423568E+18`. No marketplace id has an exponent; an order read under a
/// rounded id would be another order's, or none.
fn rounded_by_a_spreadsheet(id: &str) -> bool {
    let Some((mantissa, exponent)) = id.split_once(['e', 'E']) else { return false };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// Puts an item report's lines on their order: the order now knows its lines (and,
/// when the item report has a stock column, their stock).
pub fn attach_items(order: &mut Order, items: Vec<Item>, items_columns: &Columns) {
    order.items = items;
    order.unknown.retain(|f| *f != Fact::Items && (*f != Fact::OutOfStock || items_columns.unknown().contains(f)));
}

fn target_name(target: Target) -> String {
    target.name()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::code::Code;
    use crate::model::order::ReturnExclusion;

    fn shop() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    const HEADER: &[&str] = &[
        "订单编号",
        "订单状态",
        "买家实际支付金额",
        "订单付款时间 ",
        "联系手机",
        "收货地址 ",
        "修改后的收货地址",
        "订单备注",
    ];

    fn columns() -> Columns {
        Columns::new(&Mapping::built_in("taobao-orders").unwrap(), HEADER, shop()).unwrap()
    }

    #[test]
    fn a_legacy_row_becomes_an_order() {
        let row = [
            "=\"4128000014235678901\"",
            "买家已付款，等待卖家发货",
            "199.00元",
            "2026-11-25 09:20:00",
            "'13800138000-8192",
            "浙江省 杭州市 西湖区 *****",
            "null",
            "小王 11-25 改地址",
        ];
        let o = columns().order(&row).unwrap();
        assert_eq!(o.order_id, "4128000014235678901");
        assert_eq!(o.status, OrderStatus::Paid);
        assert_eq!(o.total, Money::from_fen(19900));
        assert_eq!(o.paid_at.unwrap().to_string(), "2026-11-25T09:20:00+08:00");
        let r = o.receiver.clone().unwrap();
        assert_eq!(r.phone.as_deref(), Some("13800138000-8192"));
        assert_eq!(r.address.as_deref(), Some("浙江省 杭州市 西湖区 *****"), "an empty changed address falls back");
        assert_eq!(o.remark, "小王 11-25 改地址");
        assert!(o.unknown.contains(&Fact::Flag) && o.unknown.contains(&Fact::Items));
        assert!(o.validate().is_ok());
    }

    #[test]
    fn a_changed_address_wins_over_the_original() {
        let row = ["1", "交易成功", "1", "", "", "旧地址", "新地址", ""];
        assert_eq!(columns().order(&row).unwrap().receiver.unwrap().address.as_deref(), Some("新地址"));
    }

    #[test]
    fn bad_cells_name_their_column() {
        let mut row = ["1", "买家已付款，等待卖家发货", "12.345", "", "", "", "", ""];
        let e = columns().order(&row).unwrap_err();
        assert_eq!((e.code(), e.column()), (Code::ExportCell.as_str(), Some("买家实际支付金额")), "{e}");
        row[2] = "1";
        row[1] = "等待发货呢";
        let e = columns().order(&row).unwrap_err();
        assert_eq!((e.code(), e.column()), (Code::ExportStatus.as_str(), Some("订单状态")), "{e}");
        row[1] = "交易成功";
        row[3] = "昨天";
        assert_eq!(columns().order(&row).unwrap_err().column(), Some("订单付款时间"));
    }

    #[test]
    fn a_missing_required_column_is_one_error_for_the_file() {
        let e =
            Columns::new(&Mapping::built_in("taobao-orders").unwrap(), &["订单编号", "订单状态"], shop()).unwrap_err();
        assert_eq!(e.code(), Code::ExportColumn.as_str());
        assert!(e.to_string().contains("买家实际支付金额"), "{e}");
    }

    #[test]
    fn item_rows_join_and_make_variants_visible() {
        let items = Columns::new(
            &Mapping::built_in("taobao-items").unwrap(),
            &["订单编号", "标题", "价格", "购买数量", "商品属性", "商家编码"],
            shop(),
        )
        .unwrap();
        let (id, a) = items.item(&["=\"1\"", "T恤", "99.00", "2", "颜色分类：白色;尺码：XL", "null"]).unwrap();
        assert_eq!((id.as_str(), a.sku.as_str(), a.qty), ("1", "T恤", 2));
        let (_, b) = items.item(&["1", "袜子", "9.90", "1", "", "SOCK-1"]).unwrap();
        assert_eq!((b.sku.as_str(), b.variant.as_deref()), ("SOCK-1", None));
        let mut order = columns().order(&["1", "交易成功", "207.9", "", "", "", "", ""]).unwrap();
        attach_items(&mut order, vec![a, b], &items);
        assert!(!order.unknown.contains(&Fact::Items));
        assert!(order.unknown.contains(&Fact::OutOfStock), "the item report has no stock column");
    }

    #[test]
    fn ship_within_hours_fills_ship_by_from_payment() {
        let mut m = Mapping::built_in("taobao-orders").unwrap();
        m.ship_within_hours = Some(48);
        let c = Columns::new(&m, HEADER, shop()).unwrap();
        let o = c.order(&["1", "买家已付款，等待卖家发货", "1", "2026-11-25 09:20:00", "", "", "", ""]).unwrap();
        assert_eq!(o.ship_by.unwrap().to_string(), "2026-11-27T09:20:00+08:00");
        assert!(!o.unknown.contains(&Fact::ShipBy));
    }

    #[test]
    fn an_unchecked_ship_within_hours_past_chrono_s_dates_is_an_error_not_a_panic() {
        // `Mapping::check` refuses it; a host that skips the check must not crash either.
        let mut m = Mapping::built_in("taobao-orders").unwrap();
        m.ship_within_hours = Some(u32::MAX);
        let c = Columns::new(&m, HEADER, shop()).unwrap();
        let e = c.order(&["1", "买家已付款，等待卖家发货", "1", "2026-11-25 09:20:00", "", "", "", ""]).unwrap_err();
        assert_eq!((e.code(), e.column()), (Code::ExportCell.as_str(), Some("订单付款时间")), "{e}");
        assert_eq!(m.check().unwrap_err().path.as_deref(), Some("ship_within_hours"));
    }

    #[test]
    fn a_mapped_header_twice_is_refused_naming_both_columns() {
        let m = Mapping::built_in("taobao-orders").unwrap();
        let header = ["订单编号", "订单状态", "买家实际支付金额", "备注", "订单状态 "];
        let e = Columns::new(&m, &header, shop()).unwrap_err();
        assert_eq!((e.code(), e.column()), (Code::ExportColumn.as_str(), Some("订单状态")), "{e}");
        assert!(e.to_string().contains("columns 2 and 5"), "{e}");
        assert_eq!(e.report().path.as_deref(), Some("订单状态"));
        // A header no field reads may repeat (exports have several blank ones).
        let header = ["订单编号", "", "订单状态", "备注", "买家实际支付金额", "备注", ""];
        let c = Columns::new(&m, &header, shop()).unwrap();
        let o = c.order(&["1", "", "交易成功", "a", "1.00", "b", ""]).unwrap();
        assert_eq!(o.total, Money::from_fen(100));
    }

    #[test]
    fn the_platforms_late_payment_is_read_and_zero_is_none() {
        let header = ["订单编号", "订单状态", "买家实际支付金额", "延迟发货自动赔付金额"];
        let c = Columns::new(&Mapping::built_in("taobao-orders").unwrap(), &header, shop()).unwrap();
        let o = c.order(&["1", "买家已付款，等待卖家发货", "99.00", "3.00元"]).unwrap();
        assert_eq!(o.platform_late_payment, Some(Money::from_fen(300)));
        let o = c.order(&["1", "买家已付款，等待卖家发货", "99.00", "0.00"]).unwrap();
        assert_eq!(o.platform_late_payment, None, "a zero payment is no payment");
    }

    #[test]
    fn ids_a_spreadsheet_rounded_are_refused() {
        assert!(rounded_by_a_spreadsheet("4.1280000142356797E+18"));
        assert!(rounded_by_a_spreadsheet("4.12800001423568e18"));
        assert!(rounded_by_a_spreadsheet("4E+18"));
        assert!(!rounded_by_a_spreadsheet("4128000014235678901"));
        assert!(!rounded_by_a_spreadsheet("TB-E18"));
        assert!(!rounded_by_a_spreadsheet("E+18"));
    }

    const PRESALE_HEADER: &[&str] = &[
        "订单编号",
        "订单状态",
        "买家实际支付金额",
        "订单付款时间 ",
        "预售订单",
        "分阶段订单信息",
        "特权订金订单id",
        "定金排名",
    ];

    fn presale_columns(mapping: &Mapping) -> Columns {
        Columns::new(mapping, PRESALE_HEADER, shop()).unwrap()
    }

    #[test]
    fn a_presale_row_with_its_stage_text_is_deposit_paid_with_the_deposit() {
        let c = presale_columns(&Mapping::built_in("taobao-orders").unwrap());
        let row =
            ["=\"4128000014235678930\"", "等待买家付款", "20.00", "", "是", "定金:20.00元;尾款:180.00元", "", "12"];
        let o = c.order(&row).unwrap();
        assert_eq!(o.order_id, "4128000014235678930");
        assert_eq!(o.status, OrderStatus::Unpaid);
        let p = o.presale.unwrap();
        assert_eq!((p.stage, p.deposit), (PresaleStage::DepositPaid, Some(Money::from_fen(2000))));
        assert_eq!(p.ship_date, None, "the export has no presale ship date");
        // Paid: the balance is paid too; the deposit is still the one the text labels.
        let row = [
            "1",
            "买家已付款，等待卖家发货",
            "200.00",
            "2026-11-25 09:20:00",
            "是",
            "定金:20.00元;尾款:180.00元",
            "",
            "",
        ];
        let p = c.order(&row).unwrap().presale.unwrap();
        assert_eq!((p.stage, p.deposit), (PresaleStage::BalancePaid, Some(Money::from_fen(2000))));
        // A wording kefu cannot read keeps the stage and leaves the deposit unknown.
        let row = ["1", "等待买家付款", "20.00", "", "是", "第一阶段已付款", "", ""];
        assert_eq!(
            c.order(&row).unwrap().presale,
            Some(Presale { stage: PresaleStage::DepositPaid, deposit: None, ship_date: None })
        );
    }

    #[test]
    fn a_legacy_row_with_only_its_stage_text_is_a_presale_and_no_means_no() {
        let m = Mapping::built_in("taobao-orders").unwrap();
        // The legacy report has 分阶段订单信息 but no 预售订单 column.
        let c = Columns::new(&m, &["订单编号", "订单状态", "买家实际支付金额", "分阶段订单信息"], shop()).unwrap();
        let p = c.order(&["1", "等待买家付款", "20.00", "定金：￥20"]).unwrap().presale.unwrap();
        assert_eq!((p.stage, p.deposit), (PresaleStage::DepositPaid, Some(Money::from_fen(2000))));
        assert_eq!(c.order(&["1", "等待买家付款", "0.00", "null"]).unwrap().presale, None, "an ordinary order");
        assert_eq!(c.order(&["1", "等待买家付款", "0.00", "定金未付"]).unwrap().presale, None, "nothing paid yet");
        let c = presale_columns(&m);
        let no = ["1", "等待买家付款", "20.00", "", "否", "定金:20.00元", "", ""];
        assert_eq!(c.order(&no).unwrap().presale, None, "预售订单=否 is not a presale");
        // A presale whose export does not say the deposit is paid, or one closed: no stage
        // kefu can tell, so none is carried.
        let unsure = ["1", "等待买家付款", "0.00", "", "是", "", "", ""];
        assert_eq!(c.order(&unsure).unwrap().presale, None);
        let closed = ["1", "交易关闭", "20.00", "", "是", "定金:20.00元", "", ""];
        assert_eq!(c.order(&closed).unwrap().presale, None);
    }

    #[test]
    fn the_deposit_paid_status_text_says_presale_on_its_own() {
        let c = Columns::new(&Mapping::built_in("taobao-orders").unwrap(), HEADER, shop()).unwrap();
        let o = c.order(&["1", "定金已付", "20.00", "", "", "", "", ""]).unwrap();
        assert_eq!(o.status, OrderStatus::Unpaid);
        assert_eq!(o.presale.map(|p| p.stage), Some(PresaleStage::DepositPaid));
        let c = presale_columns(&Mapping::built_in("taobao-orders").unwrap());
        let e = c.order(&["1", "定金已付", "20.00", "", "否", "", "", ""]).unwrap_err();
        assert_eq!((e.code(), e.column()), (Code::ExportCell.as_str(), Some("预售订单")), "{e}");
    }

    #[test]
    fn a_bad_presale_cell_names_its_column() {
        let c = presale_columns(&Mapping::built_in("taobao-orders").unwrap());
        let e = c.order(&["1", "等待买家付款", "20.00", "", "也许", "", "", ""]).unwrap_err();
        assert_eq!((e.code(), e.column()), (Code::ExportCell.as_str(), Some("预售订单")), "{e}");
        assert!(e.to_string().contains("也许"), "{e}");
    }

    #[test]
    fn with_ship_within_hours_a_presale_does_not_ship_within_them() {
        let text = r#"{"name": "erp", "ship_within_hours": 48,
            "columns": {"order_id": ["单号"], "status": ["状态"], "total": ["实付"], "paid_at": ["付款时间"],
                "presale": ["预售"], "presale.stage_info": ["分阶段"]},
            "statuses": {"待付款": "unpaid", "待发货": "paid"}}"#;
        let c = Columns::new(
            &Mapping::from_json(text).unwrap(),
            &["单号", "状态", "实付", "付款时间", "预售", "分阶段"],
            shop(),
        )
        .unwrap();
        let o = c.order(&["9", "待付款", "50.00", "2026-11-20 10:00:00", "是", "定金=50.00"]).unwrap();
        let p = o.presale.clone().unwrap();
        assert_eq!((p.stage, p.deposit), (PresaleStage::DepositPaid, Some(Money::from_fen(5000))));
        // Balance paid: the shop's 48 hours do not hold for a presale, and no export is
        // known to carry the presale ship date, so its ship-by is unknown, said.
        let o = c.order(&["9", "待发货", "500.00", "2026-11-20 10:00:00", "是", ""]).unwrap();
        assert_eq!(o.presale.as_ref().map(|p| p.stage), Some(PresaleStage::BalancePaid));
        assert_eq!(o.ship_by, None);
        assert!(!o.knows(Fact::ShipBy), "ship-by unknown for this order, said");
        // An ordinary order of the same file keeps the shop's 48 hours.
        let o = c.order(&["8", "待发货", "5.00", "2026-11-20 10:00:00", "", ""]).unwrap();
        assert_eq!(o.ship_by.unwrap().to_string(), "2026-11-22T10:00:00+08:00");
        assert!(o.knows(Fact::ShipBy));
    }

    #[test]
    fn a_lines_return_exclusion_comes_from_its_column_or_an_explicit_title() {
        let m = Mapping::from_json(
            r#"{"name": "erp-items", "rows": "items",
                "columns": {"order_id": ["单号"], "item.title": ["商品"], "item.return_exclusion": ["七天无理由"]}}"#,
        )
        .unwrap();
        let c = Columns::new(&m, &["单号", "商品", "七天无理由"], shop()).unwrap();
        let exclusion = |title: &str, cell: &str| c.item(&["1", title, cell]).map(|(_, i)| i.return_exclusion);
        assert_eq!(exclusion("刻字手链", "定制"), Ok(Some(ReturnExclusion::Customised)));
        assert_eq!(exclusion("车厘子", "perishable"), Ok(Some(ReturnExclusion::Perishable)));
        assert_eq!(exclusion("会员卡", "虚拟"), Ok(Some(ReturnExclusion::Digital)));
        assert_eq!(exclusion("内衣", "不支持七天无理由"), Ok(Some(ReturnExclusion::NotEligible)));
        assert_eq!(exclusion("内衣", "是"), Ok(Some(ReturnExclusion::NotEligible)));
        assert_eq!(exclusion("T恤", "否"), Ok(None));
        assert_eq!(exclusion("T恤", ""), Ok(None), "empty: not known, never assumed excluded");
        assert_eq!(
            exclusion("手链【不支持7天无理由】", ""),
            Ok(Some(ReturnExclusion::NotEligible)),
            "the title says so"
        );
        let e = c.item(&["1", "T恤", "看情况"]).unwrap_err();
        assert_eq!((e.code(), e.column()), (Code::ExportCell.as_str(), Some("七天无理由")), "{e}");
        // Taobao's item report has no such column: only an explicit title is read.
        let items = Columns::new(&Mapping::built_in("taobao-items").unwrap(), &["订单编号", "标题"], shop()).unwrap();
        assert_eq!(items.item(&["1", "高级定制感连衣裙"]).unwrap().1.return_exclusion, None);
        assert_eq!(
            items.item(&["1", "纯银刻字手链 不支持七天无理由退换"]).unwrap().1.return_exclusion,
            Some(ReturnExclusion::NotEligible)
        );
    }
}
