//! The read-only view of the case a hook gets as `c`: built once per decision, shared by
//! every hook of it, names as the JSON contract spells them.

use std::rc::Rc;

use rhai::{Array, Dynamic, Engine, ImmutableString, INT};

use super::error::{bad_value, HookResult};
use crate::model::case::Case;
use crate::model::money::Money;
use crate::model::time::Timestamp;

/// Values a hook reads about the case. Built once per decision, shared by every hook.
#[derive(Clone)]
pub(super) struct CaseView(Rc<CaseData>);

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
    now: Timestamp,
    promotions: Vec<(ImmutableString, bool)>,
    evidence: Vec<&'static str>,
    skus: Array,
    contacts: INT,
    risk: [(&'static str, bool); 4],
    wants: Dynamic,
}

impl CaseView {
    pub(super) fn new(case: &Case) -> Self {
        let order = &case.order;
        let r = &case.context.risk;
        CaseView(Rc::new(CaseData {
            kind: case.request.kind.name(),
            reason: case.request.reason.map_or(Dynamic::UNIT, |x| Dynamic::from(x.name())),
            status: order.status.name(),
            total: order.total,
            amount: case.request.amount,
            buyer: order.buyer_nick.as_deref().unwrap_or_default().into(),
            store: order.store.as_deref().unwrap_or_default().into(),
            order_id: order.order_id.as_str().into(),
            flag: order.flag.name(),
            role: case.agent.role.name(),
            agent: case.agent.name.as_str().into(),
            now: case.now,
            promotions: case.context.promotions.iter().map(|p| (p.name.as_str().into(), p.covers(&case.now))).collect(),
            evidence: case.request.evidence.iter().map(|e| e.name()).collect(),
            skus: order.items.iter().map(|i| Dynamic::from(i.sku.clone())).collect(),
            contacts: INT::from(case.context.contacts_on_issue),
            risk: [
                ("threatens_exposure", r.threatens_exposure),
                ("platform_intervention", r.platform_intervention),
                ("broken_promise_complaint", r.broken_promise_complaint),
                ("negative_review", r.negative_review),
            ],
            wants: case.request.wants.map_or(Dynamic::UNIT, |w| Dynamic::from(w.name())),
        }))
    }
}

/// The case's getters and functions, as the policy README lists them.
pub(super) fn register(engine: &mut Engine) {
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
}
