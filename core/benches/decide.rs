//! Criterion benchmark of `decide` on the scenario suite's cases (each case decided under
//! its scenario's policy), and of the JSON entry point the hosts call.
//!
//! cargo bench -p kefu-core --bench decide

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark setup")]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kefu_core::expect::Scenario;
use kefu_core::script::{compile, ScriptLimits};
use kefu_core::{api, decide, decide_with, Case, Policy};

fn scenarios() -> Vec<(Case, Policy, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|t| serde_json::from_str::<Scenario>(&t).ok())
        .map(|s| {
            let case: Case = serde_json::from_value(s.case.clone()).unwrap();
            let policy: Policy = s.policy.clone().map(|p| serde_json::from_value(p).unwrap()).unwrap_or_default();
            (case, policy, s.case.to_string())
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mix = scenarios();
    let mut group = c.benchmark_group("decide");
    group.throughput(Throughput::Elements(mix.len() as u64));
    group.bench_function("decide_parsed_cases", |b| {
        b.iter(|| mix.iter().map(|(case, policy, _)| decide(case, policy).actions.len()).sum::<usize>())
    });
    let default_policy = Policy::default();
    group.bench_function("decide_default_policy", |b| {
        b.iter(|| mix.iter().map(|(case, _, _)| decide(case, &default_policy).actions.len()).sum::<usize>())
    });
    // Policies as scripts: the default one (no hooks) and each example shop, all over the
    // default-policy mix. Compiled once, outside the measurement.
    let plain: Vec<&Case> = mix.iter().filter(|(_, p, _)| *p == default_policy).map(|(c, _, _)| c).collect();
    let shops = ["default", "apparel", "electronics", "agency"];
    group.throughput(Throughput::Elements(plain.len() as u64));
    group.bench_function("no_script", |b| {
        b.iter(|| plain.iter().map(|case| decide(case, &default_policy).actions.len()).sum::<usize>())
    });
    for shop in shops {
        let path = format!("{}/../examples/policies/{shop}.rhai", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(&path).unwrap();
        let compiled = compile(&path, &source, &ScriptLimits::default()).map_err(|e| e.to_string()).unwrap();
        group.bench_function(format!("script_{shop}"), |b| {
            b.iter(|| {
                plain
                    .iter()
                    .map(|case| decide_with(case, &compiled).map(|d| d.actions.len()).unwrap_or(0))
                    .sum::<usize>()
            })
        });
    }
    group.throughput(Throughput::Elements(mix.len() as u64));
    let input = serde_json::json!({ "records": mix.iter().map(|(_, _, t)| t.clone()).collect::<Vec<_>>() }).to_string();
    group.bench_function("api_decide_json_batch", |b| b.iter(|| api::call("decide", &input).len()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
