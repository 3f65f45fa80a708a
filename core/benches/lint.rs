//! Criterion benchmarks of the core: reading and linting the example orders, directly
//! and through the JSON entry point the hosts use.
//!
//! cargo bench -p kefu-core --bench lint

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark setup")]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kefu_core::{api, lint, LintOptions, Order};

fn example_orders() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/orders");
    let mut records = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if text.trim_start().starts_with('[') {
            let values: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
            records.extend(values.iter().map(|v| v.to_string()));
        } else {
            records.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned));
        }
    }
    records
}

fn bench(c: &mut Criterion) {
    let records = example_orders();
    let orders: Vec<Order> = records.iter().filter_map(|r| Order::from_json(r).ok()).collect();
    let options = LintOptions::default();
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Elements(orders.len() as u64));
    group.bench_function(BenchmarkId::new("lint_only", orders.len()), |b| {
        b.iter(|| orders.iter().map(|o| lint(o, &options).findings.len()).sum::<usize>())
    });
    group.bench_function(BenchmarkId::new("parse_and_lint", records.len()), |b| {
        b.iter(|| {
            records
                .iter()
                .filter_map(|r| Order::from_json(r).ok())
                .map(|o| lint(&o, &options).findings.len())
                .sum::<usize>()
        })
    });
    let input = serde_json::json!({ "records": records }).to_string();
    group.bench_function(BenchmarkId::new("api_call_batch", records.len()), |b| {
        b.iter(|| api::call("lint", &input).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
