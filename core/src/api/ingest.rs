//! `ingest.row`, `ingest.sold_page`, `page`: the marketplace's pages read as orders,
//! through the same mappings as exports (`crate::ingest`); `page` also lints and scans
//! them, which is what the extension's list page shows.

use serde::{Deserialize, Serialize};

use super::envelope::{failure, success};
use super::orders::{scan_order, RecordResult, Scanned};
use super::session::Session;
use crate::ingest::page::SoldPage;
use crate::ingest::Mapping;
use crate::lint::{lint, LintOptions};
use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::order::Order;
use crate::model::time::Timestamp;
use crate::policy::Policy;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SoldPageInput {
    /// The order list's answer, as the page received it.
    page: String,
    /// The shop's UTC offset for times without one (default `+08:00`).
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    mapping: Option<crate::ingest::Mapping>,
    #[serde(default)]
    items_mapping: Option<crate::ingest::Mapping>,
}

/// A mapping by built-in name or written out. Read by hand, not `#[serde(untagged)]`,
/// which buffers the value to try each variant (compiling `Mapping` a second time for
/// the buffer) and reports a bad mapping only as "did not match any variant".
enum MappingRef {
    Name(String),
    Inline(Box<crate::ingest::Mapping>),
}

impl<'de> Deserialize<'de> for MappingRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = MappingRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a built-in mapping's name or a mapping object")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<MappingRef, E> {
                Ok(MappingRef::Name(name.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<MappingRef, A::Error> {
                let mapping = crate::ingest::Mapping::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(MappingRef::Inline(Box::new(mapping)))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RowInput {
    headers: Vec<String>,
    cells: Vec<String>,
    #[serde(default)]
    mapping: Option<MappingRef>,
    #[serde(default)]
    time_zone: Option<String>,
}

/// The shop's UTC offset of an ingest input (default `+08:00`, Beijing time).
fn input_zone(text: Option<&str>) -> Result<chrono::FixedOffset, Box<ErrorReport>> {
    crate::ingest::cell::zone(text.unwrap_or("+08:00"))
        .map_err(|m| Box::new(ErrorReport::of(Code::InputValue, format!("`time_zone`: {m}")).at("time_zone")))
}

/// A mapping given in an input, checked, its errors' paths under the input's field.
fn checked(mapping: &Mapping, field: &str) -> Result<(), Box<ErrorReport>> {
    mapping
        .check()
        .map_err(|e| Box::new(ErrorReport { path: Some(format!("{field}.{}", e.path.unwrap_or_default())), ..*e }))
}

/// `ingest.row`: one row of labelled values (a detail page's 订单编号/订单状态/...) read
/// through a mapping, as an export row is.
pub(super) fn row(i: RowInput) -> String {
    let zone = match input_zone(i.time_zone.as_deref()) {
        Ok(z) => z,
        Err(e) => return failure(*e),
    };
    let mapping = match i.mapping {
        None => Mapping::built_in("taobao-detail-page"),
        Some(MappingRef::Name(name)) => Mapping::built_in(&name),
        Some(MappingRef::Inline(m)) => Some(*m),
    };
    let Some(mapping) = mapping else {
        let known = Mapping::BUILT_IN.join(", ");
        return failure(
            ErrorReport::of(Code::Mapping, format!("no built-in mapping by that name; known: {known}")).at("mapping"),
        );
    };
    if let Err(e) = checked(&mapping, "mapping") {
        return failure(*e);
    }
    if i.headers.len() != i.cells.len() {
        let message = format!("{} headers but {} cells", i.headers.len(), i.cells.len());
        return failure(ErrorReport::of(Code::InputValue, message).at("cells"));
    }
    let headers: Vec<&str> = i.headers.iter().map(String::as_str).collect();
    let cells: Vec<&str> = i.cells.iter().map(String::as_str).collect();
    let read = crate::ingest::Columns::new(&mapping, &headers, zone).and_then(|c| c.order(&cells));
    match read.and_then(|o| o.validate().map(|()| o).map_err(crate::ingest::IngestError::Order)) {
        Ok(order) => success(order),
        Err(e) => failure(e.report()),
    }
}

/// `ingest.sold_page`: the order list's answer as orders, through the built-in page
/// mappings or the shop's.
pub(super) fn sold_page(i: SoldPageInput) -> String {
    match read_sold_page(&i.page, i.time_zone.as_deref(), i.mapping, i.items_mapping) {
        Ok(page) => success(page),
        Err(e) => failure(*e),
    }
}

/// The order list's answer read in the shop's zone through the shop's page mappings
/// (checked, their errors under `mapping` and `items_mapping`) or the built-in ones
/// (checked by their tests); a page that cannot be read is an error under `page`.
fn read_sold_page(
    page: &str,
    time_zone: Option<&str>,
    mapping: Option<Mapping>,
    items_mapping: Option<Mapping>,
) -> Result<SoldPage, Box<ErrorReport>> {
    let zone = input_zone(time_zone)?;
    if let Some(m) = &mapping {
        checked(m, "mapping")?;
    }
    if let Some(m) = &items_mapping {
        checked(m, "items_mapping")?;
    }
    let orders = mapping.or_else(|| Mapping::built_in("taobao-sold-page"));
    let items = items_mapping.or_else(|| Mapping::built_in("taobao-sold-page-items"));
    let (Some(orders), Some(items)) = (orders, items) else {
        return Err(Box::new(ErrorReport::of(Code::Mapping, "the built-in page mappings do not read")));
    };
    crate::ingest::page::sold_page(page, zone, &orders, &items)
        .map_err(|e| Box::new(ErrorReport { path: e.path.clone().map(|p| format!("page.{p}")), ..*e }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PageInput {
    /// The order list's answer, as the page received it.
    page: String,
    /// The time the scan decides at.
    now: Timestamp,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    policy: Option<Policy>,
    #[serde(default)]
    policy_handle: Option<usize>,
}

/// One row of a page: read, linted and scanned (the fields in the order the extension
/// has always received them).
#[derive(Serialize)]
struct PageRow {
    index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<Order>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lint: Option<RecordResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scan: Option<Scanned>,
}

#[derive(Serialize)]
struct PageOutput {
    rows: Vec<PageRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_number: Option<u64>,
}

/// `page`: the order list's answer read through the built-in page mappings, each order
/// linted and scanned at `now` with the call's policy: everything the list page shows,
/// in one call, so that no host composes it.
pub(super) fn page(session: &mut Session, i: PageInput) -> String {
    let read = match read_sold_page(&i.page, i.time_zone.as_deref(), None, None) {
        Ok(read) => read,
        Err(e) => return failure(*e),
    };
    let compiled = match session.policy(i.policy_handle, i.policy) {
        Ok(c) => c,
        Err(e) => return failure(*e),
    };
    let options = LintOptions::default();
    let rows = read
        .rows
        .into_iter()
        .map(|row| {
            let (lint, scan) = match &row.order {
                Some(order) => (
                    Some(RecordResult::Linted(lint(order, &options))),
                    Some(scan_order(i.now, order.clone(), &compiled)),
                ),
                None => (None, None),
            };
            PageRow { index: row.index, order_id: row.order_id, error: row.error, order: row.order, lint, scan }
        })
        .collect();
    success(PageOutput { rows, total_number: read.total_number })
}
