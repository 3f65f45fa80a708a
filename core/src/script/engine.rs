//! The sandboxed Rhai engine: the standard package less byte blobs and bit fields, no
//! `eval`, no output to the host, strict variables, and every limit of [`ScriptLimits`].

use std::cell::RefCell;
use std::rc::Rc;

use rhai::def_package;
use rhai::packages::{BasicArrayPackage, BasicMapPackage, BasicStringPackage, CorePackage, LogicPackage, Package};
use rhai::{Dynamic, Engine, Position, INT};

use super::error::{bad_value, parse_money, HookResult};
use super::limits::ScriptLimits;
use super::{guards, plan, view};
use crate::model::money::Money;

/// What the `rule(...)` calls of the top-level code collect.
#[derive(Default)]
pub(super) struct Declarations {
    pub(super) compiling: bool,
    pub(super) rules: Vec<(String, String, String, Position)>,
}

/// The host's check that a call's time is up, if it set one: the core reads no clock,
/// the host's closure does. Shared by the engine's progress callback and the session,
/// which sets it before each call.
pub type Deadline = Rc<dyn Fn() -> bool>;

/// Where the current call's deadline sits for the engine to see.
pub(super) type DeadlineSlot = Rc<RefCell<Option<Deadline>>>;

/// How many operations run between two looks at the deadline: often enough to stop
/// within a millisecond or so, rarely enough to cost nothing measurable.
const OPERATIONS_PER_DEADLINE_CHECK: u64 = 1024;

def_package! {
    /// What a policy works with: orders, money and words, never bytes, bits or
    /// trigonometry. Rhai's `StandardPackage` less `BasicBlobPackage` and
    /// `BitFieldPackage` (37 KB of the browser package), `BasicMathPackage` and
    /// `MoreStringPackage` (23 KB: a hundred string and number functions no policy
    /// used); the few a rule does use are registered in [`register_words`]. Integers are
    /// i64 only (`only_i64`) for the same reason.
    PolicyPackage(lib):
        CorePackage,
        LogicPackage,
        BasicArrayPackage,
        BasicMapPackage,
        BasicStringPackage
    {}
}

/// The string and number functions a shop rule uses, kept by hand after the larger
/// packages went (see [`PolicyPackage`]): `contains` (which `"VIP" in nick` calls),
/// `starts_with`, `ends_with`, `min`, `max`. Each costs about 1 KB of the browser
/// package, so the list stays short.
fn register_words(engine: &mut Engine) {
    engine.register_fn("contains", |s: &str, part: &str| s.contains(part));
    engine.register_fn("starts_with", |s: &str, part: &str| s.starts_with(part));
    engine.register_fn("ends_with", |s: &str, part: &str| s.ends_with(part));
    engine.register_fn("min", |a: INT, b: INT| a.min(b));
    engine.register_fn("max", |a: INT, b: INT| a.max(b));
}

/// The engine, sandboxed and limited, with kefu's functions registered.
pub(super) fn build_engine(
    limits: &ScriptLimits,
    declarations: Rc<RefCell<Declarations>>,
    deadline: DeadlineSlot,
) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(PolicyPackage::new().as_shared_module());
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
        .set_fail_on_invalid_map_property(true);
    // Rhai's optimizer is compiled out (`no_optimize`, the workspace's Cargo.toml): a
    // policy is a few rules with little to fold, and it weighed 17 KB of the browser
    // package's 500 (BENCHMARKS.md, "Size"). Every engine runs the same unoptimized
    // script, so operation counts and answers stay alike.
    engine.disable_symbol("eval");
    // Nothing a script prints reaches the host.
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});
    // A time budget beside the operation limit: a host that raises the limit, or a
    // browser tab, still gets its call back (KEFU-SCRIPT-DEADLINE).
    engine.on_progress(move |ops| {
        let due = ops % OPERATIONS_PER_DEADLINE_CHECK == 0 && deadline.borrow().as_ref().is_some_and(|passed| passed());
        due.then_some(Dynamic::UNIT)
    });

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

    register_words(&mut engine);
    guards::register(&mut engine);
    view::register(&mut engine);
    plan::register(&mut engine);
    engine
}
