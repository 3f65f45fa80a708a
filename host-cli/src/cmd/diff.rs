//! `kefu diff`: a policy change replayed over cases or orders. The core decides each
//! record under both policies and compares (`diff`); this command streams the records
//! through it on `--jobs` workers, counts what the supervisor decides on, and writes the
//! changed decisions in the chosen format. Memory holds the counts (by rule, level,
//! outcome: bounded by the rulebook and the policies), not the records.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde_json::{Map, Value};

use crate::cli::{DiffArgs, Format};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::pipeline::batch::Outcome;
use crate::report::decisions::write_error;
use crate::report::diff::{self as report, Change, DiffOut, Rendered};
use crate::report::names::Names;
use crate::run::now::scan_time;
use crate::run::policy::{decision_rules, load_policy, read_policy, PolicySource};
use crate::run::stream;
use crate::run::summary::{Coverage, DiffSummary, LostFlag, MoneyTotal, Policies};
use crate::select::EngineChoice;
use crate::source::Place;

use super::CmdError;

/// Runs `kefu diff`.
pub fn diff(
    args: &DiffArgs,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let (path_a, path_b) = match args.policies.as_slice() {
        [b] => (None, b),
        [a, b] => (Some(a), b),
        _ => {
            let why = "give one --policy (the change, against the built-in policy) or two (A in force, then B)";
            return Err(HostError::Usage(why.into()).into());
        }
    };
    let policy_a = read_policy(path_a.map(|p| p.as_path()), &args.script, stdin)?;
    let policy_b = read_policy(Some(path_b), &args.script, stdin)?;
    let now = scan_time(args.now.as_deref(), &args.paths, &args.input, args.output.batch, choice, engine, stdin)?;
    let at = now.at.clone();
    let prepare = |e: &mut dyn Engine| fields(policy_a.as_ref(), policy_b.as_ref(), &at, e).map(|(f, _)| f);
    // Load both policies here once, so that one that does not compile fails the run
    // before anything is written; each worker loads them again into its own engine.
    let (_, shop_rules) = fields(policy_a.as_ref(), policy_b.as_ref(), &at, engine)?;
    let inputs = stream::inputs(&args.input, stdin)?;
    let (format, lang) = (args.output.format, args.output.lang);
    let names = match format {
        Format::Json | Format::Ndjson => Names::default(),
        Format::Table | Format::Csv | Format::Html => Names::load(engine),
    };
    let rulebook = if args.coverage { decision_rules(engine)? } else { Vec::new() };
    let name = |p: Option<&PolicySource>| p.map_or_else(|| "built-in".to_owned(), |p| p.path.display().to_string());
    let summary = DiffSummary {
        policies: Policies { a: name(policy_a.as_ref()), b: name(policy_b.as_ref()) },
        input: Some(inputs.note.clone()),
        ..DiffSummary::default()
    };
    let mut tally = Tally::default();
    let mut out = DiffOut::new(format, lang, stdout).map_err(write_error)?;
    let mut rejected: Vec<(Place, Value)> = Vec::new();
    let mut summary = summary;
    let render = |place: Place, outcome: Outcome| -> Rendered {
        match outcome {
            Outcome::Done(raw) => match report::read_change(&raw) {
                Some(change) => {
                    let bytes = if change.changed() {
                        report::streamed(format, &place, &raw, &change, &names, lang)
                    } else {
                        None
                    };
                    (place, Ok((change, bytes)))
                }
                None => (
                    place,
                    Err(
                        serde_json::json!({"code": "KEFU-INTERNAL-ENCODE", "message": "the core's diff answer could not be read"}),
                    ),
                ),
            },
            Outcome::Rejected(e) => (place, Err(e)),
        }
    };
    stream::run(
        &args.paths,
        &args.input,
        &inputs,
        "diff",
        args.output.batch,
        choice,
        engine,
        &prepare,
        stdin,
        &render,
        &mut |(place, item)| {
            summary.read += 1;
            match item {
                Ok((change, bytes)) => {
                    tally.take(&mut summary, &change);
                    if let Some(bytes) = bytes {
                        out.write_streamed(&bytes, stdout).map_err(write_error)?;
                    }
                    if change.changed() {
                        out.later(&place, change);
                    }
                }
                Err(e) => {
                    summary.rejected += 1;
                    rejected.push((place, e));
                }
            }
            Ok(())
        },
    )?;
    if summary.scanned > 0 {
        summary.now = Some(now);
    }
    summary.input = Some(inputs.note());
    summary.money = tally.money_totals();
    if args.coverage {
        summary.coverage = Some(tally.coverage(&rulebook, &shop_rules, &summary));
    }
    out.finish(&rejected, &summary, &names, lang, stdout)?;
    Ok(if summary.rejected > 0 {
        EXIT_ERROR
    } else if summary.changed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The fields every `diff` call carries: each side's policy (loaded into this engine)
/// and the scan time; with the ids of both scripts' own rules.
fn fields(
    a: Option<&PolicySource>,
    b: Option<&PolicySource>,
    now: &str,
    engine: &mut dyn Engine,
) -> Result<(Map<String, Value>, Vec<String>), HostError> {
    let (side_a, mut rules) = load_policy(a, engine)?;
    let (side_b, rules_b) = load_policy(b, engine)?;
    for r in rules_b {
        if !rules.contains(&r) {
            rules.push(r);
        }
    }
    let mut extra = Map::new();
    extra.insert("a".into(), Value::Object(side_a));
    extra.insert("b".into(), Value::Object(side_b));
    extra.insert("now".into(), Value::String(now.to_owned()));
    Ok((extra, rules))
}

/// The money sums in fen (the summary writes yuan), and the flag proposals per rule.
#[derive(Default)]
struct Tally {
    money_a: BTreeMap<String, i64>,
    money_b: BTreeMap<String, i64>,
    /// Per rule: proposals that won and lost, under A and under B.
    flags: BTreeMap<String, [usize; 4]>,
}

impl Tally {
    fn take(&mut self, summary: &mut DiffSummary, change: &Change) {
        summary.compared += 1;
        match change.via.as_str() {
            "scan" => summary.scanned += 1,
            _ => summary.decided += 1,
        }
        if change.reworded && !change.changed() {
            summary.reworded += 1;
        }
        if change.changed() {
            summary.changed += 1;
            for kind in &change.changes {
                *summary.by_change.entry(kind.clone()).or_default() += 1;
            }
        }
        let b = change.b();
        for (side, s, money) in [(0, &change.a, &mut self.money_a), (1, b, &mut self.money_b)] {
            let level = summary.by_level.entry(s.level.clone()).or_default();
            let outcome = summary.by_outcome.entry(s.outcome.clone()).or_default();
            let bump = |c: &mut crate::run::summary::Both| if side == 0 { c.a += 1 } else { c.b += 1 };
            bump(level);
            bump(outcome);
            for rule in &s.fired {
                bump(summary.rules.entry(rule.clone()).or_default());
            }
            for (family, amount) in &s.money {
                let fen = kefu_core::api::Money::parse(amount).map_or(0, kefu_core::api::Money::fen);
                *money.entry(family.clone()).or_default() += fen;
            }
            if let Some(rule) = &s.flag_rule {
                if let Some(c) = self.flags.entry(rule.clone()).or_default().get_mut(side * 2) {
                    *c += 1;
                }
            }
            for rule in &s.flag_lost {
                if let Some(c) = self.flags.entry(rule.clone()).or_default().get_mut(side * 2 + 1) {
                    *c += 1;
                }
            }
        }
    }

    /// Each family's sums, and the total, in yuan.
    fn money_totals(&self) -> BTreeMap<String, MoneyTotal> {
        let mut out = BTreeMap::new();
        let families: std::collections::BTreeSet<&String> = self.money_a.keys().chain(self.money_b.keys()).collect();
        let (mut total_a, mut total_b) = (0i64, 0i64);
        for family in families {
            let a = self.money_a.get(family).copied().unwrap_or(0);
            let b = self.money_b.get(family).copied().unwrap_or(0);
            total_a += a;
            total_b += b;
            out.insert(family.clone(), money_total(a, b));
        }
        out.insert("total".into(), money_total(total_a, total_b));
        out
    }

    fn coverage(&self, rulebook: &[String], shop: &[String], summary: &DiffSummary) -> Coverage {
        let fired = |rule: &str| summary.rules.get(rule).copied().unwrap_or_default();
        let mut known: Vec<String> = rulebook.to_vec();
        known.extend(shop.iter().cloned());
        known.extend(summary.rules.keys().cloned());
        known.sort();
        known.dedup();
        let mut coverage = Coverage::default();
        for rule in &known {
            let n = fired(rule);
            match (n.a > 0, n.b > 0) {
                (false, false) => {
                    coverage.never_fired.push(rule.clone());
                    if shop.contains(rule) {
                        coverage.shop_never_fired.push(rule.clone());
                    }
                }
                (true, false) => coverage.only_a.push(rule.clone()),
                (false, true) => coverage.only_b.push(rule.clone()),
                (true, true) => {}
            }
        }
        for (rule, [won_a, lost_a, won_b, lost_b]) in &self.flags {
            let a = *lost_a > 0 && *won_a == 0;
            let b = *lost_b > 0 && *won_b == 0;
            let under = match (a, b) {
                (true, true) => "both",
                (true, false) if *lost_b + *won_b == 0 => "both",
                (true, false) => "a",
                (false, true) if *lost_a + *won_a == 0 => "both",
                (false, true) => "b",
                (false, false) => continue,
            };
            coverage.always_lost.push(LostFlag { rule: rule.clone(), proposals: lost_a + lost_b, under: under.into() });
        }
        coverage
    }
}

fn money_total(a: i64, b: i64) -> MoneyTotal {
    MoneyTotal { a: yuan(a), b: yuan(b), difference: yuan(b - a) }
}

/// Fen as yuan with two decimals, signed.
pub fn yuan(fen: i64) -> String {
    let text = kefu_core::api::Money::from_fen(fen.saturating_abs()).to_string();
    if fen < 0 {
        format!("-{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_is_signed_with_two_decimals() {
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(3001), "30.01");
        assert_eq!(yuan(-2500), "-25.00");
    }
}
