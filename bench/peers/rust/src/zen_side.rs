//! The peer decision as a GoRules JDM graph in zen-engine: a decision table (first hit)
//! for outcome, flag and the request's own escalation, then an expression node for the
//! risk level and the final escalation. The graph is compiled once; each case is a
//! prebuilt `Variable`, cloned per evaluation.

use std::hint::black_box;
use std::sync::Arc;

use serde_json::{json, Value};
use zen_engine::model::DecisionContent;
use zen_engine::DecisionEngine;

use crate::{answer, time, Answer, Peer};

fn graph() -> Value {
    let row =
        |id: &str, request: &str, status: &str, reason: &str, cond: &str, outcome: &str, flag: &str, imposed: u8| {
            json!({"_id": id, "i_request": request, "i_status": status, "i_reason": reason, "i_cond": cond,
               "o_outcome": format!("'{outcome}'"), "o_flag": format!("'{flag}'"), "o_imposed": imposed.to_string()})
        };
    let factors =
        "((exposure ? 1 : 0) + (platform ? 1 : 0) + (repeat_contacts >= 3 ? 1 : 0) + (negative_review ? 1 : 0))";
    let risk = format!("(exposure and merchant_fault ? 3 : ({factors} == 0 ? 0 : ({factors} == 1 ? 1 : 2)))");
    let escalation = format!("['none', 'senior', 'supervisor', 'leadership'][{risk} > imposed ? {risk} : imposed]");
    json!({
        "nodes": [
            {"id": "in", "name": "in", "type": "inputNode", "content": {}},
            {"id": "table", "name": "table", "type": "decisionTableNode", "content": {
                "hitPolicy": "first", "passThrough": true, "inputField": null, "outputPath": null, "executionMode": "single",
                "inputs": [
                    {"id": "i_request", "name": "request", "field": "request"},
                    {"id": "i_status", "name": "status", "field": "status"},
                    {"id": "i_reason", "name": "reason", "field": "reason"},
                    {"id": "i_cond", "name": "condition"}
                ],
                "outputs": [
                    {"id": "o_outcome", "name": "outcome", "field": "outcome"},
                    {"id": "o_flag", "name": "flag", "field": "flag"},
                    {"id": "o_imposed", "name": "imposed", "field": "imposed"}
                ],
                "rules": [
                    row("r1", "'cancel'", "'unpaid'", "", "", "buyer_closes", "none", 0),
                    row("r2", "'cancel'", "'paid'", "'buyer_doubt'", "", "retain_then_refund", "purple", 0),
                    row("r3", "'cancel'", "'paid'", "", "", "refund_by_application", "purple", 0),
                    row("r4", "'cancel'", "'pushed'", "", "", "warehouse_intercept", "purple", 0),
                    row("r5", "'cancel'", "'shipped'", "", "", "carrier_return_or_refusal", "blue", 0),
                    row("r6", "'cancel'", "'delivered'", "", "", "treat_as_return", "blue", 0),
                    row("r7", "'discount'", "", "", "discount_fen <= agent_limit_fen", "grant", "none", 0),
                    row("r8", "'discount'", "", "", "", "ask_supervisor", "none", 2)
                ]
            }},
            {"id": "risk", "name": "risk", "type": "expressionNode", "content": {
                "passThrough": true, "inputField": null, "outputPath": null, "executionMode": "single",
                "expressions": [{"id": "e1", "key": "escalation", "value": escalation}]
            }},
            {"id": "out", "name": "out", "type": "outputNode", "content": {}}
        ],
        "edges": [
            {"id": "a", "sourceId": "in", "targetId": "table", "type": "edge"},
            {"id": "b", "sourceId": "table", "targetId": "risk", "type": "edge"},
            {"id": "c", "sourceId": "risk", "targetId": "out", "type": "edge"}
        ]
    })
}

pub fn run(cases: &[Peer], passes: usize) -> (Vec<Answer>, (f64, f64)) {
    let content: DecisionContent = serde_json::from_value(graph()).unwrap_or_else(|e| panic!("the JDM graph: {e}"));
    let engine = DecisionEngine::default();
    let decision = engine.create_decision(Arc::new(content)).expect("a graph");
    let inputs: Vec<zen_expression::Variable> =
        cases.iter().map(|c| serde_json::to_value(c).expect("JSON").into()).collect();
    let eval = |v: &zen_expression::Variable| pollster::block_on(decision.evaluate(v.clone())).expect("evaluates");
    let answers = inputs
        .iter()
        .map(|v| {
            let r: Value = eval(v).result.into();
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            answer(&s("outcome"), &s("flag"), &s("escalation"))
        })
        .collect();
    let timing = time(passes, cases.len(), || inputs.iter().map(|v| eval(black_box(v)).performance.len()).sum());
    (answers, timing)
}
