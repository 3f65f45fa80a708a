//! Decides the scenario mix in a loop, for profilers:
//! cargo build --release -p kefu-core --example decide_loop && valgrind --tool=callgrind target/release/examples/decide_loop [ROUNDS [POLICY.rhai]]

#![allow(clippy::unwrap_used, reason = "profiling harness")]

use kefu_core::expect::Scenario;
use kefu_core::{decide, Case, Policy};

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios");
    let mut mix = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let s: Scenario = serde_json::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
        let case: Case = serde_json::from_value(s.case).unwrap();
        let policy: Policy = s.policy.map(|p| serde_json::from_value(p).unwrap()).unwrap_or_default();
        mix.push((case, policy));
    }
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    // An optional policy script decides every case under it instead.
    let script = std::env::args().nth(2).map(|path| {
        let source = std::fs::read_to_string(&path).unwrap();
        kefu_core::script::compile(&path, &source, &Default::default()).map_err(|e| e.to_string()).unwrap()
    });
    let mut n = 0;
    for _ in 0..rounds {
        for (case, policy) in &mix {
            n += match &script {
                Some(compiled) => kefu_core::decide_with(case, compiled).map(|d| d.actions.len()).unwrap_or(0),
                None => decide(case, policy).actions.len(),
            };
        }
    }
    println!("{n}");
}
