//! The peer decision through kefu: each peer case mapped to a kefu case (an order, a
//! request, the agent, the risk context), decided under the shop's policy (the agent's
//! limit is a policy value, so one policy per distinct limit, built before timing), and
//! the decision read back as the peer's three keys. The mapping never bends kefu's
//! answer towards the table: where the rulebook says more, `why_different` names the rule.

use std::collections::BTreeMap;
use std::hint::black_box;

use kefu_core::api::Session;
use kefu_core::decision::Decision;
use kefu_core::{decide, Case, Money, Policy};
use serde_json::{json, Value};

use crate::{answer, time, Answer, Peer};

const NOW: &str = "2026-11-25T10:00:00+08:00";

/// The kefu case for a peer case. The peer's `merchant_fault` is a fact kefu reads from
/// the order, not a flag: a paid or pushed order past its ship-by, a shipped order that
/// left after it, a discount asked for a late shipment (R-RESP-1).
pub fn case_of(c: &Peer, i: usize) -> Value {
    let fault = c.merchant_fault;
    let ship_by = if fault { "2026-11-24T10:00:00+08:00" } else { "2026-11-28T10:00:00+08:00" };
    let mut order = json!({
        "order_id": format!("P{i}"), "status": c.status, "total": "500.00",
        "created_at": "2026-11-23T09:00:00+08:00", "ship_by": ship_by,
        "items": [{"sku": "TEE-01", "title": "纯棉T恤", "qty": 1, "unit_price": "500.00", "variant": "白色 L"}],
    });
    if c.status != "unpaid" {
        order["paid_at"] = json!("2026-11-23T09:05:00+08:00");
    }
    if matches!(c.status.as_str(), "pushed" | "shipped" | "delivered") {
        order["pushed_at"] = json!("2026-11-23T12:00:00+08:00");
    }
    if matches!(c.status.as_str(), "shipped" | "delivered") {
        order["shipped_at"] = json!("2026-11-24T12:00:00+08:00");
        order["picked_up_at"] = json!("2026-11-24T14:00:00+08:00");
    }
    if c.status == "delivered" {
        order["delivered_at"] = json!("2026-11-25T08:00:00+08:00");
    }
    let reason = match c.reason.as_str() {
        "buyer_doubt" => "doubt",
        "changed_mind" => "changed_mind",
        _ => "other",
    };
    let request = if c.request == "cancel" {
        json!({"kind": "cancel", "reason": reason})
    } else {
        let amount = Money::from_fen(c.discount_fen).to_string();
        if fault {
            json!({"kind": "discount", "reason": "late_shipment", "amount": amount})
        } else {
            json!({"kind": "discount", "reason": reason, "amount": amount})
        }
    };
    json!({
        "now": NOW, "order": order, "request": request,
        "agent": {"name": "小王", "role": "agent"},
        "context": {
            "contacts_on_issue": c.repeat_contacts,
            "risk": {"threatens_exposure": c.exposure, "platform_intervention": c.platform, "negative_review": c.negative_review},
        },
    })
}

/// The shop's policy for an agent limit.
fn policy_for(limit_fen: i64) -> Policy {
    let mut p = Policy::default();
    p.discount_limits.agent = Some(Money::from_fen(limit_fen));
    p
}

/// The decision as the peer's three keys.
pub fn read_back(d: &Decision) -> Answer {
    let retained = d.actions.iter().any(|a| a.id == "retention_attempt");
    answer(peer_outcome(d.outcome.name(), retained), d.flag.flag.name(), d.escalation.level.name())
}

/// kefu's outcome as the table's; a retention attempt before the refund is the table's
/// `retain_then_refund`.
fn peer_outcome(outcome: &str, retained: bool) -> &str {
    match outcome {
        "buyer_closes_order" | "agent_closes_order" => "buyer_closes",
        "refund_by_buyer_application" if retained => "retain_then_refund",
        "refund_by_buyer_application" => "refund_by_application",
        "intercept_at_warehouse" => "warehouse_intercept",
        "return_then_refund" | "return_then_exchange" => "treat_as_return",
        "grant_discount" => "grant",
        "supervisor_decides" => "ask_supervisor",
        other => other,
    }
}

fn read_back_json(text: &str) -> Answer {
    let v: Value = serde_json::from_str(text).expect("the core's answer is JSON");
    let d = &v["result"]["results"][0];
    let retained = d["actions"].as_array().into_iter().flatten().any(|a| a["id"] == "retention_attempt");
    let s = |p: &str| d.pointer(p).and_then(Value::as_str).unwrap_or_default().to_owned();
    answer(peer_outcome(&s("/outcome"), retained), &s("/flag/flag"), &s("/escalation/level"))
}

/// Where kefu and the simplified table part, and the rule that makes kefu's answer the
/// rulebook's; `None` is a difference nobody has explained (a bug on one side).
pub fn why_different(c: &Peer, got: &Answer, want: &Answer) -> Option<&'static str> {
    if got.outcome == "talk_value_first" && want.outcome == "grant" && got.flag == want.flag {
        return (got.escalation == want.escalation).then_some(
            "R-ESC-DISCOUNT: within the limit the first reply talks value; the amount waits for the buyer to insist",
        );
    }
    if got.outcome == want.outcome && got.flag == want.flag && want.escalation == "leadership" {
        // The table's merchant_fault is a bare flag; kefu locates fault from the case.
        if c.request == "cancel" && c.status == "unpaid" {
            return Some("R-RESP-1: an unpaid order cancelled is the buyer's choice; no fact makes it the merchant's fault, so exposure alone does not reach leadership");
        }
        if c.request == "cancel" && c.status == "delivered" {
            return Some("R-CANCEL-5/R-RESP-1: a delivered order's cancellation is a return; the buyer's own reason decides fault, so exposure alone does not reach leadership");
        }
    }
    None
}

pub fn parsed(cases: &[Peer], passes: usize) -> (Vec<Answer>, (f64, f64)) {
    let mut policies: BTreeMap<i64, Policy> = BTreeMap::new();
    for c in cases {
        policies.entry(c.agent_limit_fen).or_insert_with(|| policy_for(c.agent_limit_fen));
    }
    let prepared: Vec<(Case, &Policy)> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let case: Case = serde_json::from_value(case_of(c, i)).expect("a kefu case");
            (case, &policies[&c.agent_limit_fen])
        })
        .collect();
    let answers = prepared.iter().map(|(case, policy)| read_back(&decide(case, policy))).collect();
    let timing = time(passes, cases.len(), || {
        prepared.iter().map(|(case, policy)| read_back(&decide(black_box(case), policy)).outcome.len()).sum()
    });
    (answers, timing)
}

/// JSON in, JSON out: one `decide` call of the core's API per case, the case's JSON text
/// prebuilt, the policy compiled once per limit in the session (`policy.load`). With
/// `batch`, the record travels beside the input (`call_batch`, as the native CLI sends
/// records) instead of escaped inside it (`call`, the guest's one-text ABI).
pub fn json(cases: &[Peer], passes: usize, batch: bool) -> (Vec<Answer>, (f64, f64)) {
    let mut session = Session::default();
    let mut handles: BTreeMap<i64, Value> = BTreeMap::new();
    for limit in cases.iter().map(|c| c.agent_limit_fen) {
        handles.entry(limit).or_insert_with(|| {
            let source = format!("policy.discount_limits.agent = \"{}\";", Money::from_fen(limit));
            let loaded = session.call("policy.load", &json!({"name": "peer", "source": source}).to_string());
            let v: Value = serde_json::from_str(&loaded).expect("JSON");
            v["result"]["handle"].clone()
        });
    }
    let inputs: Vec<(String, String)> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let case = case_of(c, i).to_string();
            let handle = &handles[&c.agent_limit_fen];
            if batch {
                (json!({"policy_handle": handle}).to_string(), case)
            } else {
                (json!({"records": [case], "policy_handle": handle}).to_string(), String::new())
            }
        })
        .collect();
    let mut call = |(input, record): &(String, String)| {
        if batch {
            session.call_batch("decide", input, vec![record.clone()])
        } else {
            session.call("decide", input)
        }
    };
    let answers = inputs.iter().map(|i| read_back_json(&call(i))).collect();
    let timing = time(passes, cases.len(), || inputs.iter().map(|i| call(black_box(i)).len()).sum());
    (answers, timing)
}

/// Writes `kefu-cases.ndjson` (`{"limit", "case"}`) and `kefu-decisions.ndjson` (the
/// native decision's JSON) beside the data.
pub fn dump(cases: &[Peer], data: &str) {
    let mut policies: BTreeMap<i64, Policy> = BTreeMap::new();
    let (mut lines, mut decisions) = (String::new(), String::new());
    for (i, c) in cases.iter().enumerate() {
        let value = case_of(c, i);
        let case: Case = serde_json::from_value(value.clone()).expect("a kefu case");
        let policy = policies.entry(c.agent_limit_fen).or_insert_with(|| policy_for(c.agent_limit_fen));
        lines.push_str(&json!({"limit": Money::from_fen(c.agent_limit_fen).to_string(), "case": value}).to_string());
        lines.push('\n');
        decisions.push_str(&serde_json::to_string(&decide(&case, policy)).expect("JSON"));
        decisions.push('\n');
    }
    std::fs::write(format!("{data}/kefu-cases.ndjson"), lines).expect("write");
    std::fs::write(format!("{data}/kefu-decisions.ndjson"), decisions).expect("write");
    eprintln!("{} kefu cases and decisions in {data}", cases.len());
}
