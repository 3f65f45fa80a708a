//! The `plan` a hook gets: what it can read of the decision so far, and what it asks
//! for, applied to the draft after the call (so hooks never hold a borrow of it).

use std::cell::RefCell;
use std::rc::Rc;

use rhai::{Engine, Map};

use super::error::{bad_value, parse_money, HookResult};
use crate::decision::{Action, Cause, Draft, Label, Outcome, Responsibility};
use crate::model::flag::{Flag, FlagProposal};
use crate::model::level::Level;
use crate::model::money::Money;
use crate::model::text::{text, Text};

/// What a hook asked for, applied to the draft after the call.
#[derive(Default)]
pub(super) struct Effects {
    actions: Vec<(String, Option<Money>, Option<String>)>,
    escalations: Vec<(Level, String)>,
    flags: Vec<Flag>,
    reply: Option<String>,
    outcome: Option<Outcome>,
    responsibility: Option<Responsibility>,
    because: Option<Text>,
    warnings: Vec<(String, String)>,
    // What the hook can read about the decision so far.
    seen_outcome: &'static str,
    seen_level: &'static str,
    seen_responsibility: &'static str,
    seen_actions: Vec<Label>,
}

impl Effects {
    pub(super) fn touched(&self) -> bool {
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
pub(super) struct Plan(Rc<RefCell<Effects>>);

impl Plan {
    /// A plan that sees the draft as it stands.
    pub(super) fn seeing(d: &Draft<'_>) -> Plan {
        let effects = Effects {
            seen_outcome: d.outcome.name(),
            seen_level: d.level.name(),
            seen_responsibility: d.responsibility.name(),
            seen_actions: d.actions.iter().map(|a| a.id.clone()).collect(),
            ..Effects::default()
        };
        Plan(Rc::new(RefCell::new(effects)))
    }

    /// What the hook asked for.
    pub(super) fn take(&self) -> Effects {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

/// The value a name stands for, or a `KEFU-SCRIPT-VALUE` error naming what was expected.
fn known<T>(value: Option<T>, name: &str, what: &str) -> HookResult<T> {
    value.ok_or_else(|| bad_value(format!("`{name}` is not a known {what}")))
}

/// The plan's getters and functions, as the policy README lists them.
pub(super) fn register(engine: &mut Engine) {
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
        let level = known(Level::from_name(level), level, "level (senior, supervisor, leadership)")?;
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
        let outcome = known(Outcome::from_name(name), name, "outcome")?;
        p.0.borrow_mut().outcome = Some(outcome);
        Ok(())
    });
    engine.register_fn("responsible", |p: &mut Plan, who: &str| -> HookResult<()> {
        let who = known(Responsibility::from_name(who), who, "responsibility")?;
        p.0.borrow_mut().responsibility = Some(who);
        Ok(())
    });
    // One string serves both languages; `#{zh: "…", en: "…"}` gives each its own.
    engine.register_fn("because", |p: &mut Plan, both: &str| p.0.borrow_mut().because = Some(text(both, both)));
    engine.register_fn("because", |p: &mut Plan, texts: Map| -> HookResult<()> {
        p.0.borrow_mut().because = Some(because_of(&texts)?);
        Ok(())
    });
    engine.register_fn("warn", |p: &mut Plan, zh: &str, en: &str| {
        p.0.borrow_mut().warnings.push((zh.to_owned(), en.to_owned()));
    });
}

/// A reason given as `#{zh: "…", en: "…"}`: both keys, both strings, nothing else, so a
/// misspelt key is an error at the line instead of a reason silently missing a language.
fn because_of(texts: &Map) -> HookResult<Text> {
    const WANTED: &str = "plan.because(#{zh: \"…\", en: \"…\"})";
    if let Some(key) = texts.keys().find(|k| !matches!(k.as_str(), "zh" | "en")) {
        return Err(bad_value(format!("{WANTED}: unknown key `{key}`; use zh and en")));
    }
    let get = |lang: &str| -> HookResult<String> {
        let value = texts.get(lang).ok_or_else(|| bad_value(format!("{WANTED}: `{lang}` is missing")))?;
        value.clone().into_string().map_err(|t| bad_value(format!("{WANTED}: `{lang}` is a {t}, not a string")))
    };
    Ok(text(get("zh")?, get("en")?))
}

pub(super) fn apply(rule: &str, e: Effects, d: &mut Draft<'_>) -> Result<(), String> {
    let because = e.because.unwrap_or_else(|| text("店铺规则", "shop rule"));
    d.rule_owned(rule.to_owned(), because);
    for (id, amount, detail) in e.actions {
        d.actions.push(Action { id: id.into(), amount, detail: detail.map(Into::into) });
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
        d.warn(Text { zh, en });
    }
    Ok(())
}
