//! Shop policies in Rhai: sandboxed scripts that set the policy's fields and add rules of
//! their own that run at named points of the trees (../shared/domain.md §9).
//!
//! A script is compiled once ([`compile`]): its top-level code runs once, with a
//! `policy` map holding every default, which it may change; and it declares its rules
//! with `rule(id, point, function)`. Deciding then calls only the declared hook
//! functions, on a precompiled AST; a script without rules costs nothing per decision.
//!
//! Hooks are `fn name(case, plan)`: `case` is a read-only view of the case, `plan` the
//! decision in the making. A hook returns nothing, or `true` at a `before` or `replace:`
//! point to say "handled: skip the built-in branch". See `examples/policies/README.md`.
//!
//! Scripts are untrusted. The engine starts from nothing (no `eval`, no modules, no
//! printing to the host, no file or clock access exists at all in this build), and every
//! run is bounded by [`ScriptLimits`]: operations, call depth, expression depth, string,
//! array and map sizes. A runaway script is a typed error, never a hang.

mod engine;
mod error;
mod guards;
mod limits;
mod plan;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use rhai::{CallFnOptions, Dynamic, Engine, Position, Scope, AST};
use serde::Serialize;

pub use error::ScriptError;
pub use limits::ScriptLimits;

use crate::decide::{decide, decide_hooked, Branch, Hooks, Point};
use crate::decision::{Decision, Draft};
use crate::model::case::Case;
use crate::model::code::Code;
use crate::model::error::from_json;
use crate::policy::Policy;
pub use engine::Deadline;
use engine::{build_engine, DeadlineSlot, Declarations};
use error::{error_at, runtime_error};
use plan::{apply, Plan};
use view::CaseView;

/// A rule a script declared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScriptRule {
    /// Its id, such as `SHOP-VIP-1`.
    pub id: String,
    /// Where it runs.
    pub point: Point,
    /// The hook function.
    pub function: String,
}

/// A compiled script: its engine, AST and rules. Not `Send`: one per thread.
pub struct Script {
    name: String,
    source: Rc<str>,
    engine: Engine,
    ast: AST,
    rules: Vec<ScriptRule>,
    deadline: DeadlineSlot,
}

/// A policy ready to decide with: the policy's values, and the script's rules if any.
pub struct CompiledPolicy {
    /// The values the trees read.
    pub policy: Policy,
    /// The script's hooks; `None` for a policy given as plain JSON.
    pub script: Option<Script>,
}

impl CompiledPolicy {
    /// A policy without a script.
    pub fn plain(policy: Policy) -> Self {
        CompiledPolicy { policy, script: None }
    }

    /// Sets the host's deadline for the calls that follow (`None`: no time budget).
    pub fn set_deadline(&self, deadline: Option<Deadline>) {
        if let Some(script) = &self.script {
            script.deadline.replace(deadline);
        }
    }

    /// The rules the script declared.
    pub fn rules(&self) -> &[ScriptRule] {
        self.script.as_ref().map_or(&[], |s| s.rules.as_slice())
    }
}

/// Decides one case under a compiled policy, running its script rules at their points.
/// Fails only when a script rule fails (its limits, a throw, a wrong value).
pub fn decide_with(case: &Case, compiled: &CompiledPolicy) -> Result<Decision, ScriptError> {
    match &compiled.script {
        Some(script) => decide_hooked(case, &compiled.policy, script),
        None => Ok(decide(case, &compiled.policy)),
    }
}

fn valid_rule_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let first = parts.next().unwrap_or_default();
    first.len() > 1
        && first != "R"
        && first.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && id.contains('-')
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// Compiles a policy script: parses it, runs its top-level code once under the limits,
/// reads back the policy and the declared rules.
pub fn compile(name: &str, source: &str, limits: &ScriptLimits) -> Result<CompiledPolicy, ScriptError> {
    compile_until(name, source, limits, None)
}

/// [`compile`], with the host's deadline for running the top level.
pub fn compile_until(
    name: &str,
    source: &str,
    limits: &ScriptLimits,
    deadline: Option<Deadline>,
) -> Result<CompiledPolicy, ScriptError> {
    limits.check().map_err(|message| ScriptError::whole(Code::ScriptLimits, name, message))?;
    if source.len() > limits.max_source_bytes {
        let message =
            format!("the script is {} bytes, over the limit of {} bytes", source.len(), limits.max_source_bytes);
        return Err(ScriptError::whole(Code::ScriptSize, name, message));
    }
    if source.lines().count() > limits::MAX_SOURCE_LINES {
        let message =
            format!("the script has more than {} lines, past what positions can point at", limits::MAX_SOURCE_LINES);
        return Err(ScriptError::whole(Code::ScriptSize, name, message));
    }
    let declarations = Rc::new(RefCell::new(Declarations { compiling: true, rules: Vec::new() }));
    let slot: DeadlineSlot = Rc::new(RefCell::new(deadline));
    let engine = build_engine(limits, Rc::clone(&declarations), Rc::clone(&slot));
    let base = rhai::serde::to_dynamic(Policy::default())
        .map_err(|e| runtime_error(&e, name, source, "preparing the policy"))?;
    let mut scope = Scope::new();
    scope.push("policy", base);
    // Compiled with the scope, so that strict variables know `policy`.
    let ast = engine.compile_with_scope(&scope, source).map_err(|e| {
        let code = match *e.0 {
            rhai::ParseErrorType::ExprTooDeep => Code::ScriptDepth,
            rhai::ParseErrorType::TooManyFunctions => Code::ScriptSize,
            _ => Code::ScriptSyntax,
        };
        error_at(code, format!("syntax error: {}", e.0), name, source, e.1)
    })?;
    engine.run_ast_with_scope(&mut scope, &ast).map_err(|e| runtime_error(&e, name, source, "running the script"))?;
    declarations.borrow_mut().compiling = false;

    let value: Dynamic = scope.get_value("policy").unwrap_or_default();
    let json: serde_json::Value = rhai::serde::from_dynamic(&value)
        .map_err(|e| ScriptError::whole(Code::ScriptPolicy, name, format!("`policy` is no longer a policy: {e}")))?;
    let text = json.to_string();
    let policy: Policy = from_json(&text, "policy").map_err(|report| {
        let path = report.path.clone().unwrap_or_default();
        ScriptError::whole(
            Code::ScriptPolicy,
            name,
            format!("the script set `policy.{path}` wrongly: {}", report.message),
        )
    })?;
    policy.check().map_err(|report| {
        let message = format!("the script set a policy value out of range: {}", report.message);
        ScriptError::whole(Code::ScriptPolicy, name, message)
    })?;

    let declared = std::mem::take(&mut declarations.borrow_mut().rules);
    let rules = declared_rules(name, &ast, declared)?;
    slot.replace(None);
    let script = Script { name: name.to_owned(), source: source.into(), engine, ast, rules, deadline: slot };
    Ok(CompiledPolicy { policy, script: Some(script) })
}

/// The rules the top level declared, checked: a valid id, a known point, a hook
/// function with two parameters.
fn declared_rules(
    name: &str,
    ast: &AST,
    declared: Vec<(String, String, String, Position)>,
) -> Result<Vec<ScriptRule>, ScriptError> {
    let mut rules = Vec::new();
    for (id, point, function, _) in declared {
        let fail = |message: String| ScriptError::whole(Code::ScriptRule, name, message);
        if !valid_rule_id(&id) {
            return Err(fail(format!(
                "rule id `{id}` is not valid: write it like SHOP-VIP-1 (capitals, digits and dashes; `R-` is the rulebook's)"
            )));
        }
        let point = match point.as_str() {
            "before" => Point::Before,
            "after" => Point::After,
            other => match other.strip_prefix("replace:").and_then(Branch::from_name) {
                Some(b) => Point::Replace(b),
                None => {
                    let branches: Vec<&str> = Branch::ALL.iter().map(|b| b.name()).collect();
                    return Err(fail(format!(
                        "rule `{id}`: point `{point}` is not one of before, after, replace:<branch> ({})",
                        branches.join(", ")
                    )));
                }
            },
        };
        if !ast.iter_functions().any(|f| f.name == function && f.params.len() == 2) {
            return Err(fail(format!("rule `{id}`: the script has no function `{function}(case, plan)`")));
        }
        rules.push(ScriptRule { id, point, function });
    }
    Ok(rules)
}

impl Hooks for Script {
    type Error = ScriptError;
    type State = Option<Dynamic>;
    fn run(&self, point: Point, d: &mut Draft<'_>, view: &mut Option<Dynamic>) -> Result<bool, ScriptError> {
        let mut handled = false;
        for rule in self.rules.iter().filter(|r| r.point == point) {
            let case = view.get_or_insert_with(|| Dynamic::from(CaseView::new(d.case))).clone();
            let plan = Plan::seeing(d);
            let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
            // Only an error needs this text: build it then, not on every hook call.
            let during = || format!("rule `{}` (fn {})", rule.id, rule.function);
            let result: Dynamic = self
                .engine
                .call_fn_with_options(options, &mut Scope::new(), &self.ast, &rule.function, (case, plan.clone()))
                .map_err(|e| runtime_error(&e, &self.name, &self.source, &during()))?;
            let said_handled = if result.is_unit() {
                false
            } else if let Ok(b) = result.as_bool() {
                b
            } else {
                let message = format!(
                    "{} returned a {}; a hook returns nothing, or true/false (true: handled, skip the built-in)",
                    during(),
                    result.type_name()
                );
                return Err(ScriptError::whole(Code::ScriptReturnType, &self.name, message));
            };
            let effects = plan.take();
            if effects.touched() || said_handled {
                apply(&rule.id, effects, d).map_err(|message| {
                    ScriptError::whole(Code::ScriptValue, &self.name, format!("{}: {message}", during()))
                })?;
            }
            handled |= said_handled && point != Point::After;
        }
        Ok(handled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::Money;
    use crate::model::text::text;

    #[test]
    fn rule_ids() {
        assert!(valid_rule_id("SHOP-VIP-1"));
        assert!(valid_rule_id("D11-2"));
        assert!(!valid_rule_id("R-CANCEL-9"), "R- is the rulebook's");
        assert!(!valid_rule_id("shop-vip"));
        assert!(!valid_rule_id("SHOP"));
        assert!(!valid_rule_id("SHOP--1"));
    }

    #[test]
    fn syntax_errors_point_at_the_source() {
        let err = compile("shop.rhai", "let a = 1;\nlet b = (2 + ;\n", &ScriptLimits::default()).err().unwrap();
        assert_eq!(err.code(), Code::ScriptSyntax);
        let r = err.report();
        assert_eq!((r.path.as_deref(), r.line), (Some("shop.rhai"), Some(2)));
        assert!(r.snippet.as_deref().unwrap().starts_with("2 | let b = (2 + ;\n  | "), "{:?}", r.snippet);
        assert!(r.message.starts_with("shop.rhai:2:"), "{}", r.message);
    }

    #[test]
    fn the_few_string_and_number_functions_a_rule_uses_are_there() {
        // `x in s` calls `contains`; the larger string and maths packages are compiled out.
        let source = r#"
            if !("VIP" in "VIP-王") || "x" in "abc" { throw "in"; }
            if !"T-01".starts_with("T-") || !"T-01".ends_with("01") { throw "affixes"; }
            if min(3, 5) != 3 || max(3, 5) != 5 { throw "min/max"; }
        "#;
        assert!(compile("w.rhai", source, &ScriptLimits::default()).is_ok());
        let err = compile("w.rhai", "let s = \"a\".to_upper();", &ScriptLimits::default()).err().unwrap();
        assert!(err.to_string().contains("to_upper"), "{err}");
    }

    #[test]
    fn policy_fields_are_set_and_checked() {
        let p = compile(
            "p.rhai",
            "policy.discount_limits.agent = \"50.00\"; policy.batch.defect_reports = 5;",
            &ScriptLimits::default(),
        )
        .map_err(|e| e.to_string())
        .unwrap();
        assert_eq!(p.policy.discount_limits.agent, Some(Money::from_yuan(50)));
        assert_eq!(p.policy.batch.defect_reports, 5);
        let err = compile("p.rhai", "policy.retentoin = false;", &ScriptLimits::default()).err().unwrap();
        assert_eq!(err.code(), Code::ScriptPolicy);
        assert!(err.to_string().contains("retentoin"), "{err}");
        let err = compile("p.rhai", "policy.discount_limits.agent = 50;", &ScriptLimits::default()).err().unwrap();
        assert!(err.to_string().contains("discount_limits.agent"), "{err}");
    }

    #[test]
    fn runaway_top_level_is_an_error() {
        let err = compile("loop.rhai", "loop { }", &ScriptLimits::default()).err().unwrap();
        assert_eq!(err.code(), Code::ScriptOperations);
    }

    /// A hook reads the decision so far by the JSON's names. (Before the names came from
    /// one list per enum, `plan.outcome` and `plan.responsibility` read `other` for most
    /// values, such as `merchant`.)
    #[test]
    fn hooks_read_the_plan_by_its_json_names() {
        let source = r#"
            rule("SHOP-SEE-1", "after", "see");
            fn see(c, plan) {
                if plan.responsibility == "merchant" && plan.outcome == "reship_or_exchange" && plan.level == "none" {
                    plan.act_detail("saw", plan.outcome);
                }
            }
        "#;
        let compiled = compile("see.rhai", source, &ScriptLimits::default()).map_err(|e| e.to_string()).unwrap();
        let case = Case::from_json(
            r#"{"now":"2026-11-25T12:00:00+08:00",
                "order":{"order_id":"1","status":"delivered","total":"10.00"},
                "request":{"kind":"wrong_item","evidence":["photo"]}}"#,
        )
        .unwrap();
        let decision = decide_with(&case, &compiled).map_err(|e| e.to_string()).unwrap();
        let saw = decision.actions.iter().find(|a| a.id == "saw").map(|a| a.detail.clone());
        assert_eq!(saw, Some(Some("reship_or_exchange".into())), "{:?}", decision.actions);
    }

    /// A shop rule's reason is a string, said alike in both languages, or a map with its
    /// own Chinese and English; a map missing a language or with another key is an error.
    #[test]
    fn a_shop_rules_reason_is_a_string_or_a_map_of_both_languages() {
        let reason = |because: &str| {
            let source =
                format!("rule(\"SHOP-WHY-1\", \"after\", \"why\");\nfn why(c, plan) {{ plan.because({because}); }}");
            let compiled = compile("why.rhai", &source, &ScriptLimits::default()).map_err(|e| e.to_string())?;
            let case = Case::from_json(
                r#"{"now":"2026-11-25T12:00:00+08:00",
                    "order":{"order_id":"1","status":"delivered","total":"10.00"},
                    "request":{"kind":"wrong_item","evidence":["photo"]}}"#,
            )
            .map_err(|e| e.to_string())?;
            let decision = decide_with(&case, &compiled).map_err(|e| e.to_string())?;
            let step = decision.trace.iter().find(|s| s.rule == "SHOP-WHY-1").map(|s| s.because.clone());
            step.ok_or_else(|| format!("no SHOP-WHY-1 in {:?}", decision.trace))
        };
        assert_eq!(reason(r#""VIP""#), Ok(text("VIP", "VIP")));
        assert_eq!(
            reason(r#"#{zh: "老客户优先", en: "returning buyers first"}"#),
            Ok(text("老客户优先", "returning buyers first"))
        );
        let missing = reason(r#"#{zh: "只有中文"}"#).unwrap_err();
        assert!(missing.contains("`en` is missing"), "{missing}");
        let unknown = reason(r#"#{zh: "中", en: "en", fr: "fr"}"#).unwrap_err();
        assert!(unknown.contains("unknown key `fr`"), "{unknown}");
        let number = reason(r#"#{zh: 1, en: "en"}"#).unwrap_err();
        assert!(number.contains("`zh` is a"), "{number}");
    }

    /// A host's deadline stops a script that its operation limit would let run on (a
    /// host may raise that limit); the check is the host's, here a counter.
    #[test]
    fn the_host_deadline_stops_a_long_script() {
        let limits = ScriptLimits { max_operations: u64::MAX, ..ScriptLimits::default() };
        let looks = Rc::new(std::cell::Cell::new(0u32));
        let counter = Rc::clone(&looks);
        let deadline: Deadline = Rc::new(move || {
            counter.set(counter.get() + 1);
            counter.get() > 3
        });
        let err = compile_until("slow.rhai", "let n = 0; loop { n += 1; }", &limits, Some(deadline)).err().unwrap();
        assert_eq!(err.code(), Code::ScriptDeadline);
        assert_eq!(looks.get(), 4);

        // In a hook, set on the compiled policy before deciding.
        let source = "fn slow(c, plan) { let n = 0; loop { n += 1; } }\nrule(\"SHOP-SLOW-1\", \"before\", \"slow\");";
        let compiled = compile("slow.rhai", source, &limits).map_err(|e| e.to_string()).unwrap();
        compiled.set_deadline(Some(Rc::new(|| true)));
        let case = Case::from_json(
            r#"{"now":"2026-11-25T12:00:00+08:00","order":{"order_id":"1","status":"paid","total":"10.00"}}"#,
        )
        .unwrap();
        let err = decide_with(&case, &compiled).err().unwrap();
        assert_eq!(err.code(), Code::ScriptDeadline);
    }

    /// An 11 MB script took 575 MB to compile, and positions stop at line 65535; a limit
    /// of 0 is "none" to Rhai. All refused before anything runs.
    #[test]
    fn sizes_and_limits_are_checked_first() {
        let code = |source: &str, limits: &ScriptLimits| compile("s.rhai", source, limits).err().map(|e| e.code());
        let defaults = ScriptLimits::default();
        assert_eq!(code(&"let a = 1;\n".repeat(30_000), &defaults), Some(Code::ScriptSize));
        assert_eq!(code(&"\n".repeat(70_000), &defaults), Some(Code::ScriptSize));
        assert_eq!(code("", &ScriptLimits { max_string_size: 0, ..ScriptLimits::default() }), Some(Code::ScriptLimits));
        assert_eq!(
            code("", &ScriptLimits { max_call_levels: 100_000, ..ScriptLimits::default() }),
            Some(Code::ScriptLimits)
        );
        assert_eq!(code("policy.concession_first_step_percent = 4294967295;", &defaults), Some(Code::ScriptPolicy));
        assert_eq!(code("policy.payment_reminder.cutoff_hour = 99;", &defaults), Some(Code::ScriptPolicy));
        assert_eq!(code("let a = 1;", &defaults), None);
    }
}
