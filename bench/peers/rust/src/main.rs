//! The peer decision (shared/peer-decision.md) in several engines, one per process run:
//! each engine's answers are checked against the reference before any timing; then the
//! 20,000 cases are decided `--passes` times on one thread and the best and median pass
//! are reported as time per decision. Run through `bench/peers/run.sh`.
//!
//! kefu-peers ENGINE [--data DIR] [--passes N]
//! ENGINE: match | rhai | kefu | kefu-json | kefu-json-batch | zen (with `--features zen`)

mod kefu_side;
#[cfg(feature = "zen")]
mod zen_side;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use serde::{Deserialize, Serialize};

/// One peer case, all fields always present.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Peer {
    pub status: String,
    pub request: String,
    pub reason: String,
    pub discount_fen: i64,
    pub agent_limit_fen: i64,
    pub exposure: bool,
    pub platform: bool,
    pub repeat_contacts: i64,
    pub negative_review: bool,
    pub merchant_fault: bool,
}

/// The three keys every engine answers.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Answer {
    pub outcome: String,
    pub flag: String,
    pub escalation: String,
}

/// The hand-written Rust match: the floor of what any engine can cost.
fn by_match(c: &Peer) -> (&'static str, &'static str, &'static str) {
    const LEVELS: [&str; 4] = ["none", "senior", "supervisor", "leadership"];
    let (outcome, flag, imposed) = match (c.request.as_str(), c.status.as_str()) {
        ("cancel", "unpaid") => ("buyer_closes", "none", 0),
        ("cancel", "paid") if c.reason == "buyer_doubt" => ("retain_then_refund", "purple", 0),
        ("cancel", "paid") => ("refund_by_application", "purple", 0),
        ("cancel", "pushed") => ("warehouse_intercept", "purple", 0),
        ("cancel", "shipped") => ("carrier_return_or_refusal", "blue", 0),
        ("cancel", _) => ("treat_as_return", "blue", 0),
        _ if c.discount_fen <= c.agent_limit_fen => ("grant", "none", 0),
        _ => ("ask_supervisor", "none", 2),
    };
    let factors = [c.exposure, c.platform, c.repeat_contacts >= 3, c.negative_review].iter().filter(|f| **f).count();
    let mut risk = factors.min(2);
    if c.exposure && c.merchant_fault {
        risk = 3;
    }
    (outcome, flag, LEVELS.get(risk.max(imposed)).copied().unwrap_or("none"))
}

fn read_lines<T: for<'de> Deserialize<'de>>(path: &str) -> Vec<T> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (run bench/peers/gen.mjs)"));
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}"))).collect()
}

/// Times `passes` passes over `n` cases; returns (best, median) nanoseconds per decision.
fn time(passes: usize, n: usize, mut pass: impl FnMut() -> usize) -> (f64, f64) {
    let mut per: Vec<f64> = (0..passes)
        .map(|_| {
            let t = Instant::now();
            black_box(pass());
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .collect();
    per.sort_by(f64::total_cmp);
    (per[0], per[per.len() / 2])
}

/// The allocator kefu's CLI ships with, for every engine alike (`--features mimalloc`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let engine = args.get(1).cloned().unwrap_or_default();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let data = flag("--data").unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../data").to_owned());
    let passes: usize = flag("--passes").and_then(|p| p.parse().ok()).unwrap_or(10);
    let cases: Vec<Peer> = read_lines(&format!("{data}/cases.ndjson"));
    let reference: Vec<Answer> = read_lines(&format!("{data}/reference.ndjson"));
    let n = cases.len();

    // Answers first, untimed: every engine must agree with the reference; kefu's
    // differences must each be explained by a rule of the rulebook.
    let (answers, timing): (Vec<Answer>, (f64, f64)) = match engine.as_str() {
        "match" => {
            let answers = cases.iter().map(|c| by_match(c)).map(|(o, f, e)| answer(o, f, e)).collect();
            (answers, time(passes, n, || cases.iter().map(|c| by_match(black_box(c)).0.len()).sum()))
        }
        "rhai" => rhai_side(&cases, passes),
        "kefu" => kefu_side::parsed(&cases, passes),
        "kefu-json" => kefu_side::json(&cases, passes, false),
        "kefu-json-batch" => kefu_side::json(&cases, passes, true),
        "dump-kefu" => {
            // The mapped cases and native kefu's decisions, for the JavaScript package's
            // run (js/kefu-pkg.mjs), which must give the same bytes.
            kefu_side::dump(&cases, &data);
            return;
        }
        #[cfg(feature = "zen")]
        "zen" => zen_side::run(&cases, passes),
        other => {
            eprintln!("unknown engine `{other}`: match, rhai, kefu, kefu-json, zen (--features zen)");
            std::process::exit(2);
        }
    };
    let mut differ: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for ((c, got), want) in cases.iter().zip(&answers).zip(&reference) {
        if got == want {
            continue;
        }
        match engine.starts_with("kefu").then(|| kefu_side::why_different(c, got, want)).flatten() {
            Some(rule) => *differ.entry(rule.to_owned()).or_default() += 1,
            None => unexplained.push(format!("{}\n  got  {}\n  want {}", json(c), json(got), json(want))),
        }
    }
    if !unexplained.is_empty() {
        eprintln!("{engine}: {} answers differ from the reference without a rule:", unexplained.len());
        for u in unexplained.iter().take(10) {
            eprintln!("{u}");
        }
        std::process::exit(1);
    }
    let (best, median) = timing;
    let agree = n - differ.values().sum::<usize>();
    println!(
        "{}",
        serde_json::json!({
            "engine": engine, "cases": n, "passes": passes, "agree": agree,
            "differ_by_rule": differ, "ns_per_decision_best": (best * 10.0).round() / 10.0,
            "ns_per_decision_median": (median * 10.0).round() / 10.0,
        })
    );
}

fn answer(outcome: &str, flag: &str, escalation: &str) -> Answer {
    Answer { outcome: outcome.to_owned(), flag: flag.to_owned(), escalation: escalation.to_owned() }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Plain Rhai: the script compiled once, the case maps built before timing (each call
/// gets a clone, as `call_fn` takes its arguments by value).
fn rhai_side(cases: &[Peer], passes: usize) -> (Vec<Answer>, (f64, f64)) {
    let engine = rhai::Engine::new();
    let ast = engine.compile(include_str!("../peer.rhai")).unwrap_or_else(|e| panic!("peer.rhai: {e}"));
    let maps: Vec<rhai::Dynamic> = cases.iter().map(|c| rhai::serde::to_dynamic(c).expect("a case as a map")).collect();
    let options = || rhai::CallFnOptions::new().eval_ast(false).rewind_scope(false);
    let mut scope = rhai::Scope::new();
    let mut call = |m: &rhai::Dynamic| -> rhai::Map {
        engine.call_fn_with_options::<rhai::Map>(options(), &mut scope, &ast, "decide", (m.clone(),)).expect("decide")
    };
    let answers = maps
        .iter()
        .map(|m| {
            let r = call(m);
            let s = |k: &str| r.get(k).map(|v| v.to_string()).unwrap_or_default();
            answer(&s("outcome"), &s("flag"), &s("escalation"))
        })
        .collect();
    let timing = time(passes, cases.len(), || maps.iter().map(|m| call(black_box(m)).len()).sum());
    (answers, timing)
}
