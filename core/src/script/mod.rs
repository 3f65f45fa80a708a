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

use std::cell::RefCell;
use std::rc::Rc;

use rhai::packages::{Package, StandardPackage};
use rhai::{
    Array, CallFnOptions, Dynamic, Engine, EvalAltResult, ImmutableString, OptimizationLevel, Position, Scope, AST, INT,
};
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::decision::{Draft, Outcome, Responsibility};
use crate::error::{from_json, ErrorReport};
use crate::escalate::{Cause, Level};
use crate::flag::{Flag, FlagProposal};
use crate::money::Money;
use crate::policy::Policy;

/// Limits every script runs under. Set by the host, never by the script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScriptLimits {
    /// Operations per run (the top-level code, or one hook call).
    pub max_operations: u64,
    /// Nested function calls.
    pub max_call_levels: usize,
    /// Expression nesting, at top level and inside functions.
    pub max_expr_depth: usize,
    /// Longest string, in bytes.
    pub max_string_size: usize,
    /// Largest array.
    pub max_array_size: usize,
    /// Largest map.
    pub max_map_size: usize,
    /// Variables in scope.
    pub max_variables: usize,
    /// Functions a script may define.
    pub max_functions: usize,
}

impl Default for ScriptLimits {
    fn default() -> Self {
        ScriptLimits {
            max_operations: 200_000,
            max_call_levels: 24,
            max_expr_depth: 48,
            max_string_size: 16 * 1024,
            max_array_size: 4 * 1024,
            max_map_size: 1024,
            max_variables: 256,
            max_functions: 256,
        }
    }
}

/// Where a script rule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Point {
    /// Before the tree for the request; `true` skips the tree.
    Before,
    /// In place of one branch; `true` skips the built-in branch.
    Replace(Branch),
    /// After the tree and escalation, before the flag, remark and reply are settled.
    After,
}

/// The branches a script can replace, one per request kind handled by a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Branch {
    /// No request: the proactive scan.
    Scan,
    /// Cancellations (and refunds or returns before shipping).
    Cancel,
    /// Receiver changes.
    ChangeReceiver,
    /// Discounts.
    Discount,
    /// "Where is my order?"
    WhereIsMyOrder,
    /// Returns, exchanges and refunds after shipping.
    Returns,
    /// Defects.
    Defect,
    /// Wrong or missing items.
    WrongOrMissing,
    /// Damage in transit.
    Damaged,
    /// Price differences.
    PriceDifference,
    /// Complaints.
    Complaint,
}

impl Branch {
    const ALL: [(Branch, &'static str); 11] = [
        (Branch::Scan, "scan"),
        (Branch::Cancel, "cancel"),
        (Branch::ChangeReceiver, "change_receiver"),
        (Branch::Discount, "discount"),
        (Branch::WhereIsMyOrder, "where_is_my_order"),
        (Branch::Returns, "returns"),
        (Branch::Defect, "defect"),
        (Branch::WrongOrMissing, "wrong_or_missing"),
        (Branch::Damaged, "damaged"),
        (Branch::PriceDifference, "price_difference"),
        (Branch::Complaint, "complaint"),
    ];

    fn parse(name: &str) -> Option<Branch> {
        Branch::ALL.iter().find(|(_, n)| *n == name).map(|(b, _)| *b)
    }
}

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

/// Why a script could not be compiled or run. Every variant names the file; positions
/// are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", location(*line, *column))]
pub struct ScriptError {
    code: &'static str,
    message: String,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    snippet: Option<String>,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl ScriptError {
    /// The stable code (`KEFU-SCRIPT-...`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The flat report, with `path` = the file, the position, and the source line with
    /// a caret under the column.
    pub fn report(&self) -> ErrorReport {
        ErrorReport {
            line: self.line.map(|l| l as u64),
            column: self.column.map(|c| c as u64),
            snippet: self.snippet.clone(),
            ..ErrorReport::new(self.code, self.to_string()).at(self.file.clone())
        }
    }
}

/// A compiled script: its engine, AST and rules. Not `Send`: one per thread.
pub struct Script {
    name: String,
    source: Rc<str>,
    engine: Engine,
    ast: AST,
    rules: Vec<ScriptRule>,
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

    /// The rules the script declared.
    pub fn rules(&self) -> &[ScriptRule] {
        self.script.as_ref().map_or(&[], |s| s.rules.as_slice())
    }
}

/// What the `rule(...)` calls of the top-level code collect.
#[derive(Default)]
struct Declarations {
    compiling: bool,
    rules: Vec<(String, String, String, Position)>,
}

fn snippet(source: &str, line: Option<usize>, column: Option<usize>) -> Option<String> {
    let line_no = line?;
    let text = source.lines().nth(line_no.checked_sub(1)?)?;
    let gutter = format!("{line_no}");
    let pad = " ".repeat(gutter.len());
    let caret = match column {
        Some(c) => format!(
            "{}^",
            " ".repeat(text.chars().take(c.saturating_sub(1)).map(|ch| if ch == '\t' { 4 } else { 1 }).sum())
        ),
        None => String::new(),
    };
    Some(format!("{gutter} | {text}\n{pad} | {caret}"))
}

fn error_at(code: &'static str, message: String, file: &str, source: &str, pos: Position) -> ScriptError {
    let (line, column) = (pos.line(), pos.position());
    ScriptError { code, message, file: file.to_owned(), line, column, snippet: snippet(source, line, column) }
}

/// The innermost error and where it happened: Rhai wraps errors raised inside functions.
fn innermost(err: &EvalAltResult) -> (&EvalAltResult, Position) {
    match err {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, pos) => {
            let (e, p) = innermost(inner);
            (e, if p.is_none() { *pos } else { p })
        }
        other => (other, other.position()),
    }
}

fn runtime_error(err: &EvalAltResult, file: &str, source: &str, during: &str) -> ScriptError {
    let (inner, pos) = innermost(err);
    let (code, what) = match inner {
        EvalAltResult::ErrorTooManyOperations(_) => {
            ("KEFU-SCRIPT-OPERATIONS", "the script ran past its operation limit (an endless loop?)".to_owned())
        }
        EvalAltResult::ErrorStackOverflow(_) => {
            ("KEFU-SCRIPT-DEPTH", "the script nested calls past the call-depth limit (runaway recursion?)".to_owned())
        }
        EvalAltResult::ErrorDataTooLarge(what, _) => {
            ("KEFU-SCRIPT-SIZE", format!("{} grew past its size limit", what.to_lowercase()))
        }
        EvalAltResult::ErrorTooManyVariables(_) => ("KEFU-SCRIPT-SIZE", "too many variables".to_owned()),
        EvalAltResult::ErrorRuntime(value, _) => {
            match value.clone().into_string().ok().and_then(|v| v.strip_prefix(VALUE_TAG).map(str::to_owned)) {
                Some(message) => ("KEFU-SCRIPT-VALUE", message),
                None => ("KEFU-SCRIPT-THROW", format!("the script threw `{value}`")),
            }
        }
        EvalAltResult::ErrorMismatchOutputType(want, got, _) => {
            ("KEFU-SCRIPT-RETURN-TYPE", format!("expected {want}, the script returned {got}"))
        }
        EvalAltResult::ErrorParsing(kind, _) => ("KEFU-SCRIPT-SYNTAX", kind.to_string()),
        other => ("KEFU-SCRIPT-RUNTIME", other.to_string().split(" (line ").next().unwrap_or_default().to_owned()),
    };
    error_at(code, format!("{during}: {what}"), file, source, pos)
}

/// Values a hook reads about the case. Built once per decision, shared by every hook.
#[derive(Clone)]
struct CaseView(Rc<CaseData>);

struct CaseData {
    kind: &'static str,
    reason: Dynamic,
    status: &'static str,
    total: Money,
    amount: Option<Money>,
    buyer: ImmutableString,
    store: ImmutableString,
    order_id: ImmutableString,
    flag: &'static str,
    role: &'static str,
    agent: ImmutableString,
    now: crate::time::Timestamp,
    promotions: Vec<(ImmutableString, bool)>,
    evidence: Vec<&'static str>,
    skus: Array,
    contacts: INT,
    risk: [(&'static str, bool); 4],
    wants: Dynamic,
}

fn snake<T: Serialize>(value: &T) -> &'static str {
    // Enum names as the JSON contract spells them; every variant here serializes to a
    // fixed string, which we intern by matching against the known names.
    // Written into a stack buffer: this runs several times per decision.
    let mut buf = [0u8; 40];
    let mut writer: &mut [u8] = &mut buf;
    if serde_json::to_writer(&mut writer, value).is_err() {
        return "other";
    }
    let written = 40 - writer.len();
    let text = std::str::from_utf8(buf.get(..written).unwrap_or_default()).unwrap_or_default();
    intern(text.trim_matches('"'))
}

fn intern(name: &str) -> &'static str {
    const NAMES: &[&str] = &[
        "none",
        "cancel",
        "return",
        "exchange",
        "refund",
        "price_difference",
        "where_is_my_order",
        "change_receiver",
        "discount",
        "defect",
        "wrong_item",
        "missing_item",
        "damaged",
        "complaint",
        "unpaid",
        "paid",
        "pushed",
        "shipped",
        "delivered",
        "closed",
        "new",
        "agent",
        "senior",
        "supervisor",
        "leadership",
        "photo",
        "video",
        "serial",
        "activation",
        "warehouse_record",
        "carrier_record",
        "changed_mind",
        "wrong_size",
        "wrong_colour",
        "doubt",
        "no_reason",
        "damaged_in_transit",
        "late_shipment",
        "stalled",
        "price_drop",
        "page_price_error",
        "force_majeure",
        "other",
        "replacement",
        "reship",
        "compensation",
        "red",
        "yellow",
        "green",
        "blue",
        "purple",
    ];
    NAMES.iter().find(|n| **n == name).copied().unwrap_or("other")
}

impl CaseView {
    fn new(case: &Case) -> Self {
        let order = &case.order;
        let r = &case.context.risk;
        CaseView(Rc::new(CaseData {
            kind: snake(&case.request.kind),
            reason: case.request.reason.map_or(Dynamic::UNIT, |x| Dynamic::from(snake(&x).to_owned())),
            status: order.status.name(),
            total: order.total,
            amount: case.request.amount,
            buyer: order.buyer_nick.as_deref().unwrap_or_default().into(),
            store: order.store.as_deref().unwrap_or_default().into(),
            order_id: order.order_id.as_str().into(),
            flag: order.flag.name(),
            role: snake(&case.agent.role),
            agent: case.agent.name.as_str().into(),
            now: case.now,
            promotions: case.context.promotions.iter().map(|p| (p.name.as_str().into(), p.covers(&case.now))).collect(),
            evidence: case.request.evidence.iter().map(snake).collect(),
            skus: order.items.iter().map(|i| Dynamic::from(i.sku.clone())).collect(),
            contacts: INT::from(case.context.contacts_on_issue),
            risk: [
                ("threatens_exposure", r.threatens_exposure),
                ("platform_intervention", r.platform_intervention),
                ("broken_promise_complaint", r.broken_promise_complaint),
                ("negative_review", r.negative_review),
            ],
            wants: case.request.wants.map_or(Dynamic::UNIT, |w| Dynamic::from(snake(&w).to_owned())),
        }))
    }
}

/// What a hook asked for, applied to the draft after the call.
#[derive(Default)]
struct Effects {
    actions: Vec<(String, Option<Money>, Option<String>)>,
    escalations: Vec<(Level, String)>,
    flags: Vec<Flag>,
    reply: Option<String>,
    outcome: Option<Outcome>,
    responsibility: Option<Responsibility>,
    because: Option<String>,
    warnings: Vec<(String, String)>,
    // What the hook can read about the decision so far.
    seen_outcome: &'static str,
    seen_level: &'static str,
    seen_responsibility: &'static str,
    seen_actions: Vec<crate::decision::Label>,
}

impl Effects {
    fn touched(&self) -> bool {
        !self.actions.is_empty()
            || !self.escalations.is_empty()
            || !self.flags.is_empty()
            || self.reply.is_some()
            || self.outcome.is_some()
            || self.responsibility.is_some()
            || self.because.is_some()
            || !self.warnings.is_empty()
    }
}

#[derive(Clone)]
struct Plan(Rc<RefCell<Effects>>);

type HookResult<T> = Result<T, Box<EvalAltResult>>;

/// A value a hook passed that kefu cannot use; tagged so that it is reported as
/// `KEFU-SCRIPT-VALUE`, not as a throw of the script's own.
fn bad_value(message: String) -> Box<EvalAltResult> {
    EvalAltResult::ErrorRuntime(Dynamic::from(format!("{VALUE_TAG}{message}")), Position::NONE).into()
}

const VALUE_TAG: &str = "[kefu value] ";

fn parse_money(text: &str, what: &str) -> HookResult<Money> {
    Money::parse(text).map_err(|e| bad_value(format!("{what}: {e}")))
}

fn parse_enum<T: serde::de::DeserializeOwned>(name: &str, what: &str) -> HookResult<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|_| bad_value(format!("`{name}` is not a known {what}")))
}

fn build_engine(limits: &ScriptLimits, declarations: Rc<RefCell<Declarations>>) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(StandardPackage::new().as_shared_module());
    engine
        .set_max_operations(limits.max_operations.max(1))
        .set_max_call_levels(limits.max_call_levels)
        .set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth)
        .set_max_string_size(limits.max_string_size)
        .set_max_array_size(limits.max_array_size)
        .set_max_map_size(limits.max_map_size)
        .set_max_variables(limits.max_variables)
        .set_max_functions(limits.max_functions)
        .set_strict_variables(true)
        .set_fail_on_invalid_map_property(true)
        .set_optimization_level(OptimizationLevel::Simple);
    engine.disable_symbol("eval");
    // Nothing a script prints reaches the host.
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});

    engine.register_fn("rule", move |id: &str, point: &str, function: &str| -> HookResult<()> {
        let mut d = declarations.borrow_mut();
        if !d.compiling {
            return Err(bad_value("rule(...) declares rules at the top level of the script, not inside a hook".into()));
        }
        d.rules.push((id.to_owned(), point.to_owned(), function.to_owned(), Position::NONE));
        Ok(())
    });
    engine.register_fn("yuan", |fen: INT| Money::from_fen(fen).to_string());
    engine.register_fn("fen", |text: &str| -> HookResult<INT> { parse_money(text, "fen(...)").map(Money::fen) });

    engine.register_type_with_name::<CaseView>("Case");
    engine.register_get("kind", |c: &mut CaseView| c.0.kind.to_owned());
    engine.register_get("reason", |c: &mut CaseView| c.0.reason.clone());
    engine.register_get("wants", |c: &mut CaseView| c.0.wants.clone());
    engine.register_get("status", |c: &mut CaseView| c.0.status.to_owned());
    engine.register_get("total", |c: &mut CaseView| c.0.total.to_string());
    engine.register_get("total_fen", |c: &mut CaseView| c.0.total.fen());
    engine
        .register_get("amount", |c: &mut CaseView| c.0.amount.map_or(Dynamic::UNIT, |m| Dynamic::from(m.to_string())));
    engine.register_get("amount_fen", |c: &mut CaseView| c.0.amount.map_or(Dynamic::UNIT, |m| Dynamic::from(m.fen())));
    engine.register_get("buyer", |c: &mut CaseView| c.0.buyer.clone());
    engine.register_get("store", |c: &mut CaseView| c.0.store.clone());
    engine.register_get("order_id", |c: &mut CaseView| c.0.order_id.clone());
    engine.register_get("flag", |c: &mut CaseView| c.0.flag.to_owned());
    engine.register_get("role", |c: &mut CaseView| c.0.role.to_owned());
    engine.register_get("agent", |c: &mut CaseView| c.0.agent.clone());
    engine.register_get("now", |c: &mut CaseView| c.0.now.to_string());
    engine.register_get("contacts", |c: &mut CaseView| c.0.contacts);
    engine.register_get("skus", |c: &mut CaseView| c.0.skus.clone());
    engine
        .register_fn("promotion", |c: &mut CaseView, name: &str| c.0.promotions.iter().any(|(n, on)| *on && n == name));
    engine.register_fn("has_evidence", |c: &mut CaseView, kind: &str| c.0.evidence.contains(&kind));
    engine.register_fn("risk", |c: &mut CaseView, name: &str| -> HookResult<bool> {
        c.0.risk.iter().find(|(n, _)| *n == name).map(|(_, on)| *on).ok_or_else(|| {
            bad_value(format!(
                "`{name}` is not a risk signal; known: threatens_exposure, platform_intervention, broken_promise_complaint, negative_review"
            ))
        })
    });

    engine.register_type_with_name::<Plan>("Plan");
    engine.register_get("outcome", |p: &mut Plan| p.0.borrow().seen_outcome.to_owned());
    engine.register_get("level", |p: &mut Plan| p.0.borrow().seen_level.to_owned());
    engine.register_get("responsibility", |p: &mut Plan| p.0.borrow().seen_responsibility.to_owned());
    engine.register_fn("has_action", |p: &mut Plan, id: &str| {
        let e = p.0.borrow();
        e.seen_actions.iter().any(|a| a == id) || e.actions.iter().any(|(a, _, _)| a == id)
    });
    engine.register_fn("act", |p: &mut Plan, id: &str| p.0.borrow_mut().actions.push((id.to_owned(), None, None)));
    engine.register_fn("act", |p: &mut Plan, id: &str, amount: &str| -> HookResult<()> {
        let amount = parse_money(amount, &format!("plan.act(\"{id}\", amount)"))?;
        p.0.borrow_mut().actions.push((id.to_owned(), Some(amount), None));
        Ok(())
    });
    engine.register_fn("act_detail", |p: &mut Plan, id: &str, detail: &str| {
        p.0.borrow_mut().actions.push((id.to_owned(), None, Some(detail.to_owned())));
    });
    engine.register_fn("escalate", |p: &mut Plan, level: &str, cause: &str| -> HookResult<()> {
        let level: Level = parse_enum(level, "level (senior, supervisor, leadership)")?;
        p.0.borrow_mut().escalations.push((level, cause.to_owned()));
        Ok(())
    });
    engine.register_fn("flag", |p: &mut Plan, colour: &str| -> HookResult<()> {
        let flag = Flag::from_name(colour).ok_or_else(|| bad_value(format!("`{colour}` is not a flag colour")))?;
        p.0.borrow_mut().flags.push(flag);
        Ok(())
    });
    engine.register_fn("reply", |p: &mut Plan, template: &str| p.0.borrow_mut().reply = Some(template.to_owned()));
    engine.register_fn("outcome", |p: &mut Plan, name: &str| -> HookResult<()> {
        let outcome: Outcome = parse_enum(name, "outcome")?;
        p.0.borrow_mut().outcome = Some(outcome);
        Ok(())
    });
    engine.register_fn("responsible", |p: &mut Plan, who: &str| -> HookResult<()> {
        let who: Responsibility = parse_enum(who, "responsibility")?;
        p.0.borrow_mut().responsibility = Some(who);
        Ok(())
    });
    engine.register_fn("because", |p: &mut Plan, text: &str| p.0.borrow_mut().because = Some(text.to_owned()));
    engine.register_fn("warn", |p: &mut Plan, zh: &str, en: &str| {
        p.0.borrow_mut().warnings.push((zh.to_owned(), en.to_owned()));
    });
    engine
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
    let declarations = Rc::new(RefCell::new(Declarations { compiling: true, rules: Vec::new() }));
    let engine = build_engine(limits, Rc::clone(&declarations));
    let base = rhai::serde::to_dynamic(Policy::default())
        .map_err(|e| runtime_error(&e, name, source, "preparing the policy"))?;
    let mut scope = Scope::new();
    scope.push("policy", base);
    // Compiled with the scope, so that strict variables know `policy`.
    let ast = engine.compile_with_scope(&scope, source).map_err(|e| {
        let code = match *e.0 {
            rhai::ParseErrorType::ExprTooDeep => "KEFU-SCRIPT-DEPTH",
            rhai::ParseErrorType::TooManyFunctions => "KEFU-SCRIPT-SIZE",
            _ => "KEFU-SCRIPT-SYNTAX",
        };
        error_at(code, format!("syntax error: {}", e.0), name, source, e.1)
    })?;
    engine.run_ast_with_scope(&mut scope, &ast).map_err(|e| runtime_error(&e, name, source, "running the script"))?;
    declarations.borrow_mut().compiling = false;

    let value: Dynamic = scope.get_value("policy").unwrap_or_default();
    let json: serde_json::Value = rhai::serde::from_dynamic(&value).map_err(|e| ScriptError {
        code: "KEFU-SCRIPT-POLICY",
        message: format!("`policy` is no longer a policy: {e}"),
        file: name.to_owned(),
        line: None,
        column: None,
        snippet: None,
    })?;
    let text = json.to_string();
    let policy: Policy = from_json(&text, "policy").map_err(|report| ScriptError {
        code: "KEFU-SCRIPT-POLICY",
        message: format!(
            "the script set `policy.{}` wrongly: {}",
            report.path.clone().unwrap_or_default(),
            report.message
        ),
        file: name.to_owned(),
        line: None,
        column: None,
        snippet: None,
    })?;

    let mut rules = Vec::new();
    let declared = std::mem::take(&mut declarations.borrow_mut().rules);
    for (id, point, function, _) in declared {
        let fail = |message: String| ScriptError {
            code: "KEFU-SCRIPT-RULE",
            message,
            file: name.to_owned(),
            line: None,
            column: None,
            snippet: None,
        };
        if !valid_rule_id(&id) {
            return Err(fail(format!(
                "rule id `{id}` is not valid: write it like SHOP-VIP-1 (capitals, digits and dashes; `R-` is the rulebook's)"
            )));
        }
        let point = match point.as_str() {
            "before" => Point::Before,
            "after" => Point::After,
            other => match other.strip_prefix("replace:").and_then(Branch::parse) {
                Some(b) => Point::Replace(b),
                None => {
                    let branches: Vec<&str> = Branch::ALL.iter().map(|(_, n)| *n).collect();
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
    let script = Script { name: name.to_owned(), source: source.into(), engine, ast, rules };
    Ok(CompiledPolicy { policy, script: Some(script) })
}

/// Points at which the trees call hooks. Implemented by [`Script`] and by [`NoHooks`].
pub trait Hooks {
    /// What a hook can fail with.
    type Error;
    /// Runs the hooks of a point; `true` when one of them handled it. `view` caches the
    /// script's view of the case across the points of one decision.
    fn run(&self, point: Point, d: &mut Draft<'_>, view: &mut Option<Dynamic>) -> Result<bool, Self::Error>;
}

/// No script: the built-in trees only, which cannot fail.
pub struct NoHooks;

impl Hooks for NoHooks {
    type Error = std::convert::Infallible;
    fn run(&self, _: Point, _: &mut Draft<'_>, _: &mut Option<Dynamic>) -> Result<bool, Self::Error> {
        Ok(false)
    }
}

impl Hooks for Script {
    type Error = ScriptError;
    fn run(&self, point: Point, d: &mut Draft<'_>, view: &mut Option<Dynamic>) -> Result<bool, ScriptError> {
        let mut handled = false;
        for rule in self.rules.iter().filter(|r| r.point == point) {
            let case = view.get_or_insert_with(|| Dynamic::from(CaseView::new(d.case))).clone();
            let effects = Effects {
                seen_outcome: snake(&d.outcome),
                seen_level: d.level.name(),
                seen_responsibility: snake(&d.responsibility),
                seen_actions: d.actions.iter().map(|a| a.id.clone()).collect(),
                ..Effects::default()
            };
            let plan = Plan(Rc::new(RefCell::new(effects)));
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
                return Err(ScriptError {
                    code: "KEFU-SCRIPT-RETURN-TYPE",
                    message: format!(
                        "{} returned a {}; a hook returns nothing, or true/false (true: handled, skip the built-in)",
                        during(),
                        result.type_name()
                    ),
                    file: self.name.clone(),
                    line: None,
                    column: None,
                    snippet: None,
                });
            };
            let effects = std::mem::take(&mut *plan.0.borrow_mut());
            if effects.touched() || said_handled {
                apply(&rule.id, effects, d).map_err(|message| ScriptError {
                    code: "KEFU-SCRIPT-VALUE",
                    message: format!("{}: {message}", during()),
                    file: self.name.clone(),
                    line: None,
                    column: None,
                    snippet: None,
                })?;
            }
            handled |= said_handled && point != Point::After;
        }
        Ok(handled)
    }
}

fn apply(rule: &str, e: Effects, d: &mut Draft<'_>) -> Result<(), String> {
    let because = e.because.unwrap_or_else(|| "shop rule".to_owned());
    d.rule_owned(rule.to_owned(), because);
    for (id, amount, detail) in e.actions {
        d.actions.push(crate::decision::Action { id: id.into(), amount, detail: detail.map(Into::into) });
    }
    for (level, cause) in e.escalations {
        d.escalate(level, Cause { factor: cause.into(), rule: rule.to_owned().into() });
    }
    for flag in e.flags {
        d.proposals.push(FlagProposal { flag, rule: rule.to_owned().into() });
    }
    if let Some(template) = e.reply {
        if !d.policy.replies.contains_key(&template) {
            return Err(format!("reply template `{template}` is not in policy.replies"));
        }
        d.reply = template.into();
    }
    if let Some(outcome) = e.outcome {
        d.outcome = outcome;
    }
    if let Some(who) = e.responsibility {
        d.responsibility = who;
    }
    for (zh, en) in e.warnings {
        d.warn(crate::text::Text { zh, en });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(err.code(), "KEFU-SCRIPT-SYNTAX");
        let r = err.report();
        assert_eq!((r.path.as_deref(), r.line), (Some("shop.rhai"), Some(2)));
        assert!(r.snippet.as_deref().unwrap().starts_with("2 | let b = (2 + ;\n  | "), "{:?}", r.snippet);
        assert!(r.message.starts_with("shop.rhai:2:"), "{}", r.message);
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
        assert_eq!(err.code(), "KEFU-SCRIPT-POLICY");
        assert!(err.to_string().contains("retentoin"), "{err}");
        let err = compile("p.rhai", "policy.discount_limits.agent = 50;", &ScriptLimits::default()).err().unwrap();
        assert!(err.to_string().contains("discount_limits.agent"), "{err}");
    }

    #[test]
    fn runaway_top_level_is_an_error() {
        let err = compile("loop.rhai", "loop { }", &ScriptLimits::default()).err().unwrap();
        assert_eq!(err.code(), "KEFU-SCRIPT-OPERATIONS");
    }
}
