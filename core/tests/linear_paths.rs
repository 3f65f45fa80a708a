//! Timings of the paths that were quadratic (issue "Hardening II", item 10): each one at
//! a size and at twice that size, below the core's own input limits (the functions are
//! called directly, so nothing refuses the input). Linear work takes about twice as long
//! at twice the size, quadratic work four times. Not part of the normal run: timings on
//! a shared machine are not a pass/fail signal.
//!
//! `cargo test --release -p kefu-core --test linear_paths -- --ignored --nocapture --test-threads 1`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::disallowed_methods,
    reason = "a timing harness, not the core: it reads the clock and KEFU_TIMING_SCALE"
)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::FixedOffset;
use kefu_core::guard::{check_reply, ReplyInput};
use kefu_core::ingest::{Columns, Mapping, RowKind, Target};
use kefu_core::model::case::{Context, RequestKind};
use kefu_core::model::order::{Item, OrderStatus};
use kefu_core::{Case, Order, Policy};

fn time(mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// `KEFU_TIMING_SCALE=10` multiplies every size (after the fix, to see the ratio settle).
fn report(what: &str, n: usize, mut at: impl FnMut(usize) -> Duration) {
    let n = n * std::env::var("KEFU_TIMING_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let (one, two) = (at(n), at(2 * n));
    let ratio = two.as_secs_f64() / one.as_secs_f64().max(1e-9);
    println!("{what}: n={n} {one:?}, 2n={} {two:?}, ratio {ratio:.1}", 2 * n);
}

fn order(text: &str) -> Order {
    Order::from_json(text).unwrap()
}

fn draft_check(draft: String, stalled: bool) -> Duration {
    let mut context = Context::default();
    context.logistics.stalled = stalled;
    let input = ReplyInput {
        order: order(r#"{"order_id":"1","status":"shipped","total":"1.00","shipped_at":"2026-11-25T10:00:00+08:00"}"#),
        context,
        draft,
        now: None,
    };
    let policy = Policy::default();
    time(|| {
        let check = check_reply(&input, &policy);
        assert!(!check.rewrite.is_empty());
    })
}

#[test]
#[ignore = "timing"]
fn reply_guard_is_linear_in_the_draft() {
    // Claims of shipping (each a finding), English promises (no CJK: every finding looked
    // for CJK in the whole draft), the allowed wording (each checked against all others).
    report("guard, 已经发货 × n", 20_000, |n| draft_check("已经发货".repeat(n), false));
    report("guard, 'guarantee ' × n", 20_000, |n| draft_check("we guarantee ".repeat(n), true));
    report("guard, 仓库已发货 × n", 20_000, |n| draft_check("仓库已发货".repeat(n), false));
}

fn partly_shipped(lines: usize) -> Case {
    let mut o = order(r#"{"order_id":"1","status":"partly_shipped","total":"1000000.00"}"#);
    o.items = (0..lines)
        .map(|i| Item {
            sku: format!("SKU-{i}"),
            title: String::new(),
            qty: 1,
            unit_price: kefu_core::Money::from_fen(100),
            variant: None,
            out_of_stock: false,
            shipped: i % 2 == 0,
            return_exclusion: None,
        })
        .collect();
    let mut case = Case::scan(kefu_core::Timestamp::parse("2026-11-25T12:00:00+08:00").unwrap(), o);
    case.request.kind = RequestKind::Cancel;
    case.request.skus = (0..lines).map(|i| format!("SKU-{i}")).collect();
    case
}

#[test]
#[ignore = "timing"]
fn a_partly_shipped_order_is_linear_in_its_lines() {
    let policy = Policy::default();
    report("decide, partly shipped, lines and skus", 10_000, |n| {
        let case = partly_shipped(n);
        time(|| {
            kefu_core::decide(&case, &policy);
        })
    });
}

fn shop() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn big_mapping(statuses: usize) -> Mapping {
    let mut columns = BTreeMap::new();
    columns.insert(Target::OrderId, vec!["订单编号".to_owned()]);
    columns.insert(Target::Status, (0..statuses).map(|i| format!("状态{i}")).collect());
    columns.insert(Target::Total, vec!["金额".to_owned()]);
    Mapping {
        name: "big".into(),
        rows: RowKind::Orders,
        columns,
        statuses: (0..statuses).map(|i| (format!("状态文字{i}"), OrderStatus::Paid)).collect(),
        cod_statuses: (0..statuses).map(|i| format!("状态文字{i}")).collect(),
        presale_statuses: Vec::new(),
        refund_statuses: Vec::new(),
        unknown: Vec::new(),
        ship_within_hours: None,
    }
}

#[test]
#[ignore = "timing"]
fn a_big_mapping_is_linear() {
    report("mapping, statuses and header names, header + 1000 rows", 5_000, |n| {
        let mapping = big_mapping(n);
        let mut header: Vec<String> = vec!["订单编号".into(), "金额".into()];
        header.extend((0..n).map(|i| format!("列{i}")));
        header.push(format!("状态{}", n - 1));
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let last = format!("状态文字{}", n - 1);
        let mut row: Vec<&str> = vec!["1", "1.00"];
        row.extend(std::iter::repeat_n("", n));
        row.push(&last);
        time(|| {
            let columns = Columns::new(&mapping, &header, shop()).unwrap();
            for _ in 0..1000 {
                columns.order(&row).unwrap();
            }
        })
    });
}
