//! Expected items of a decision, as written in scenario and shop test files, and the
//! check that compares them with a decision's JSON. The check reads JSON, not Rust
//! values, so the same expectations judge the native core, the guest module and the
//! browser package alike.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A test case: a case, an optional policy, and what the decision must contain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short id (`S1`, `cancel-pushed-not-found`).
    pub id: String,
    /// What the case is about.
    pub description: String,
    /// Where it comes from (`rulebook S1`, `seed 003 §2(二)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The case, as the decide operation takes it.
    pub case: Value,
    /// Policy fields that differ from the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
    /// What must hold.
    pub expect: Expect,
}

/// What a decision must contain. Absent items are not checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `outcome`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// `flag.flag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// Rules whose flag proposals lost (`flag.lost[].rule`), all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flag_lost: Vec<String>,
    /// `escalation.level`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Factors that must be among `escalation.causes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<String>,
    /// `responsibility`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibility: Option<String>,
    /// `return_shipping_payer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<String>,
    /// `contact.channel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// `contact.written_confirmation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_confirmation: Option<bool>,
    /// `reply.template`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// Action ids that must appear, in this relative order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    /// Action ids that must not appear.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_actions: Vec<String>,
    /// Amounts of actions, by action id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub amounts: BTreeMap<String, String>,
    /// Details of actions, by action id: every action of that id, in order
    /// (`{"try_channel": ["phone", "chat", "wechat", "sms"]}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, Vec<String>>,
    /// Rule ids that must appear in the trace, in this relative order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<String>,
    /// Rule ids that must not appear in the trace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_trace: Vec<String>,
    /// Whether a remark entry is written (`true`), absent (`false`), or failed (`"error"`
    /// is expressed by `remark_error`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<bool>,
    /// Text the rendered entry must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark_contains: Option<String>,
    /// The error code when the entry does not fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark_error: Option<String>,
    /// Text the Chinese reply must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_contains: Option<String>,
    /// The whole Chinese reply, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_text: Option<String>,
    /// Phrases the Chinese reply must contain, each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reply_has: Vec<String>,
    /// Phrases the Chinese reply must not contain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reply_lacks: Vec<String>,
    /// Phrases the new remark entry (or entries) must contain, each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remark_has: Vec<String>,
    /// Phrases the new remark entry must not contain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remark_lacks: Vec<String>,
}

fn at<'a>(v: &'a Value, pointer: &str) -> &'a Value {
    v.pointer(pointer).unwrap_or(&Value::Null)
}

fn ids(v: &Value, list: &str, field: &str) -> Vec<String> {
    at(v, list).as_array().into_iter().flatten().filter_map(|x| x.get(field)?.as_str().map(str::to_owned)).collect()
}

/// Whether `wanted` appears in `have` in the same relative order.
fn in_order(have: &[String], wanted: &[String]) -> Result<(), String> {
    let mut pos = 0;
    for w in wanted {
        match have.iter().skip(pos).position(|h| h == w) {
            Some(i) => pos += i + 1,
            None if have.contains(w) => return Err(format!("`{w}` is out of order")),
            None => return Err(format!("`{w}` is missing")),
        }
    }
    Ok(())
}

/// Compares a decision (as JSON) with the expectations; returns the differences, first
/// the most telling. Empty means it passes.
pub fn check(expect: &Expect, decision: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    check_fields(expect, decision, &mut diffs);
    check_lists(expect, decision, &mut diffs);
    check_remark_and_reply(expect, decision, &mut diffs);
    diffs
}

/// The single-valued items: outcome, flag, level, responsibility, payer, contact, reply.
fn check_fields(expect: &Expect, decision: &Value, diffs: &mut Vec<String>) {
    let mut field = |name: &str, pointer: &str, want: &Option<String>| {
        if let Some(want) = want {
            let got = at(decision, pointer);
            if got.as_str() != Some(want.as_str()) {
                diffs.push(format!("{name}: expected `{want}`, got `{}`", got.as_str().unwrap_or(&got.to_string())));
            }
        }
    };
    field("outcome", "/outcome", &expect.outcome);
    field("flag", "/flag/flag", &expect.flag);
    field("escalation level", "/escalation/level", &expect.level);
    field("responsibility", "/responsibility", &expect.responsibility);
    field("return shipping payer", "/return_shipping_payer", &expect.payer);
    field("contact", "/contact/channel", &expect.contact);
    field("reply template", "/reply/template", &expect.reply);
}

/// The lists: trace, actions and their amounts, escalation causes, lost flag proposals;
/// then the written confirmation, in the order the differences were always listed.
fn check_lists(expect: &Expect, decision: &Value, diffs: &mut Vec<String>) {
    let trace = ids(decision, "/trace", "rule");
    if let Err(e) = in_order(&trace, &expect.trace) {
        diffs.push(format!("trace: {e} (trace: {})", trace.join(", ")));
    }
    diffs.extend(expect.no_trace.iter().filter(|r| trace.contains(r)).map(|r| format!("trace: `{r}` must not appear")));
    let actions = ids(decision, "/actions", "id");
    if let Err(e) = in_order(&actions, &expect.actions) {
        diffs.push(format!("actions: {e} (actions: {})", actions.join(", ")));
    }
    diffs.extend(
        expect.no_actions.iter().filter(|a| actions.contains(a)).map(|a| format!("actions: `{a}` must not appear")),
    );
    for (id, amount) in &expect.amounts {
        let got = at(decision, "/actions")
            .as_array()
            .into_iter()
            .flatten()
            .find(|a| a.get("id").and_then(Value::as_str) == Some(id.as_str()))
            .and_then(|a| a.get("amount")?.as_str());
        if got != Some(amount.as_str()) {
            diffs.push(format!("amount of `{id}`: expected `{amount}`, got `{}`", got.unwrap_or("none")));
        }
    }
    for (id, want) in &expect.details {
        let got: Vec<String> = at(decision, "/actions")
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a.get("id").and_then(Value::as_str) == Some(id.as_str()))
            .filter_map(|a| a.get("detail")?.as_str().map(str::to_owned))
            .collect();
        if &got != want {
            diffs.push(format!("details of `{id}`: expected {want:?}, got {got:?}"));
        }
    }
    let causes = ids(decision, "/escalation/causes", "factor");
    for c in expect.causes.iter().filter(|c| !causes.contains(c)) {
        diffs.push(format!("escalation causes: `{c}` is missing (causes: {})", causes.join(", ")));
    }
    let lost = ids(decision, "/flag/lost", "rule");
    if !expect.flag_lost.is_empty() && lost != expect.flag_lost {
        diffs.push(format!("flag proposals lost: expected {:?}, got {lost:?}", expect.flag_lost));
    }
    if let Some(w) = expect.written_confirmation {
        if at(decision, "/contact/written_confirmation").as_bool() != Some(w) {
            diffs.push(format!("written confirmation: expected {w}"));
        }
    }
}

/// The remark entry (written or not, its text, its error) and the reply's text.
fn check_remark_and_reply(expect: &Expect, decision: &Value, diffs: &mut Vec<String>) {
    let entry = at(decision, "/remark_entry");
    if let Some(want) = expect.remark {
        let written = entry.get("entry").is_some();
        if written != want {
            diffs.push(format!("remark entry: expected {}", if want { "one" } else { "none" }));
        }
    }
    if let Some(text) = &expect.remark_contains {
        if !entry.get("entry").and_then(Value::as_str).is_some_and(|e| e.contains(text.as_str())) {
            diffs.push(format!("remark entry: expected it to contain `{text}`, got `{entry}`"));
        }
    }
    if let Some(code) = &expect.remark_error {
        if at(entry, "/error/code").as_str() != Some(code.as_str()) {
            diffs.push(format!("remark entry: expected error `{code}`, got `{entry}`"));
        }
    }
    let reply = at(decision, "/reply/zh").as_str().unwrap_or_default();
    if let Some(text) = &expect.reply_contains {
        if !reply.contains(text.as_str()) {
            diffs.push(format!("reply: expected it to contain `{text}`, got `{reply}`"));
        }
    }
    if let Some(text) = expect.reply_text.as_ref().filter(|t| t.as_str() != reply) {
        diffs.push(format!("reply: expected `{text}`, got `{reply}`"));
    }
    for text in expect.reply_has.iter().filter(|t| !reply.contains(t.as_str())) {
        diffs.push(format!("reply: expected it to contain `{text}`, got `{reply}`"));
    }
    for text in expect.reply_lacks.iter().filter(|t| reply.contains(t.as_str())) {
        diffs.push(format!("reply: must not contain `{text}`, got `{reply}`"));
    }
    let written = entry.get("entry").and_then(Value::as_str).unwrap_or_default();
    for text in expect.remark_has.iter().filter(|t| !written.contains(t.as_str())) {
        diffs.push(format!("remark entry: expected it to contain `{text}`, got `{written}`"));
    }
    for text in expect.remark_lacks.iter().filter(|t| written.contains(t.as_str())) {
        diffs.push(format!("remark entry: must not contain `{text}`, got `{written}`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_presence() {
        let have: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert!(in_order(&have, &["a".into(), "c".into()]).is_ok());
        assert!(in_order(&have, &["c".into(), "a".into()]).unwrap_err().contains("out of order"));
        assert!(in_order(&have, &["d".into()]).unwrap_err().contains("missing"));
    }

    #[test]
    fn a_wrong_field_is_reported() {
        let decision = serde_json::json!({"outcome": "no_action", "flag": {"flag": "none", "lost": []}, "trace": []});
        let e = Expect { outcome: Some("buyer_closes_order".into()), ..Expect::default() };
        assert_eq!(check(&e, &decision), vec!["outcome: expected `buyer_closes_order`, got `no_action`".to_owned()]);
    }
}
