//! # kefu-wasm
//!
//! The kefu core for JavaScript. Every function here is a few lines over
//! `kefu_core::api::Session::call`, the same entry point the CLI and the guest module
//! use, so a result is the same decision, byte for byte: inputs are turned into JSON with
//! `JSON.stringify`, and the core's JSON answer is turned into objects with `JSON.parse`,
//! which keeps the core's key order. `JSON.stringify(engine.decide(c))` is therefore the
//! exact text `kefu decide --format ndjson` prints as `decision`.
//!
//! Errors are thrown as JavaScript `Error`s with the core's stable `code`, and `path`
//! (the offending field) or `line`/`column` (a policy script's position).
#![forbid(unsafe_code)]

use js_sys::{Error, Object, Reflect, JSON};
use kefu_core::api::{Code, Session};
use wasm_bindgen::prelude::*;

fn stringify(value: &JsValue, what: &str) -> Result<String, JsValue> {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| error(Code::InputJson.as_str(), &format!("{what} cannot be written as JSON"), None))
}

fn error(code: &str, message: &str, report: Option<&serde_json::Value>) -> JsValue {
    let e = Error::new(message);
    e.set_name("KefuError");
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    if let Some(report) = report {
        for (key, js) in [
            ("path", "path"),
            ("line", "line"),
            ("column", "column"),
            ("snippet", "snippet"),
            ("over_by", "overBy"),
            ("limit", "limit"),
        ] {
            if let Some(v) = report.get(key) {
                let value = match v {
                    serde_json::Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or_default()),
                    serde_json::Value::String(s) => JsValue::from_str(s),
                    _ => continue,
                };
                let _ = Reflect::set(&e, &js.into(), &value);
            }
        }
    }
    e.into()
}

/// Runs an operation and returns the parsed `result`, or throws the first error.
fn run(session: &mut Session, operation: &str, input: &str) -> Result<JsValue, JsValue> {
    answer_to_js(session.call(operation, input))
}

/// The core's envelope as the result's JavaScript value, or the failure thrown. The core
/// writes the tag first, so only a failure is parsed here; a success is parsed once, by
/// `JSON.parse`, in the core's key order.
fn answer_to_js(answer: String) -> Result<JsValue, JsValue> {
    if !answer.starts_with(r#"{"type":"success""#) {
        let envelope: serde_json::Value =
            serde_json::from_str(&answer).map_err(|e| error(Code::HostAnswer.as_str(), &e.to_string(), None))?;
        return Err(failure(&envelope));
    }
    // Re-parse the core's own text for `result` so that key order is the core's.
    let result_text = result_slice(&answer).ok_or_else(|| error(Code::HostAnswer.as_str(), "no result", None))?;
    JSON::parse(result_text)
}

/// A failure envelope as the error thrown: its first error, and the unchanged remark of
/// a failed append.
fn failure(envelope: &serde_json::Value) -> JsValue {
    let report = envelope.pointer("/errors/0").cloned().unwrap_or_default();
    let code = report.get("code").and_then(|c| c.as_str()).unwrap_or(Code::Core.as_str()).to_owned();
    let message = report.get("message").and_then(|m| m.as_str()).unwrap_or_default().to_owned();
    let err = error(&code, &message, Some(&report));
    if let Some(remark) = envelope.get("remark").and_then(|r| r.as_str()) {
        let _ = Reflect::set(&err, &"remark".into(), &remark.into());
    }
    err
}

/// The text of the envelope's `result`, as the core wrote it: `{"type":"success","result":...}`.
fn result_slice(answer: &str) -> Option<&str> {
    answer.strip_prefix("{\"type\":\"success\",\"result\":")?.strip_suffix('}')
}

/// Takes the single record result out of a batch answer, throwing a rejected record's error.
fn single(results: JsValue) -> Result<JsValue, JsValue> {
    let first = Reflect::get(&Reflect::get(&results, &"results".into())?, &0.into())?;
    let err = Reflect::get(&first, &"error".into())?;
    if !err.is_undefined() {
        let text = stringify(&err, "error")?;
        let report: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let code = report.get("code").and_then(|c| c.as_str()).unwrap_or(Code::Core.as_str()).to_owned();
        let message = report.get("message").and_then(|m| m.as_str()).unwrap_or_default().to_owned();
        return Err(error(&code, &message, Some(&report)));
    }
    Ok(first)
}

/// A call's time budget unless `options.timeMs` sets another: a policy script still
/// running after it fails with KEFU-SCRIPT-DEADLINE, so a tab is never frozen by one.
const DEFAULT_TIME_MS: f64 = 2000.0;

/// Arms the session's deadline for one call: `timeMs` from now, by the page's clock.
fn arm(session: &mut Session, time_ms: f64) {
    let start = js_sys::Date::now();
    session.set_deadline(Some(std::rc::Rc::new(move || js_sys::Date::now() - start > time_ms)));
}

/// The core with a shop's policy, compiled once.
#[wasm_bindgen]
pub struct Engine {
    session: Session,
    policy: serde_json::Map<String, serde_json::Value>,
    time_ms: f64,
    rules: JsValue,
    /// The policy in force a `diff` compares with, as last loaded: its script and handle
    /// (loaded once, not on every call).
    baseline: Option<(String, u64)>,
}

#[wasm_bindgen]
impl Engine {
    /// `new Engine(policySource?, options?)`: compiles a Rhai policy once; options may
    /// carry `name` (for error messages), `policy` (a JSON policy instead of a script),
    /// `limits` (script limits) and `timeMs` (each call's time budget, default 2000).
    #[wasm_bindgen(constructor)]
    pub fn new(policy_source: Option<String>, options: Option<Object>) -> Result<Engine, JsValue> {
        let mut session = Session::default();
        let mut policy = serde_json::Map::new();
        let mut rules = js_sys::Array::new().into();
        let options: serde_json::Value = match options {
            Some(o) => serde_json::from_str(&stringify(&o, "options")?).unwrap_or_default(),
            None => serde_json::Value::Null,
        };
        let time_ms = options.get("timeMs").and_then(serde_json::Value::as_f64).unwrap_or(DEFAULT_TIME_MS);
        if let Some(inline) = options.get("policy") {
            policy.insert("policy".into(), inline.clone());
        }
        if let Some(source) = policy_source {
            let mut input = serde_json::Map::new();
            let name = options.get("name").and_then(|n| n.as_str()).unwrap_or("policy.rhai");
            input.insert("name".into(), name.into());
            input.insert("source".into(), source.into());
            if let Some(limits) = options.get("limits") {
                input.insert("limits".into(), limits.clone());
            }
            arm(&mut session, time_ms);
            let loaded = run(&mut session, "policy.load", &serde_json::Value::Object(input).to_string())?;
            let handle = Reflect::get(&loaded, &"handle".into())?.as_f64().unwrap_or_default() as u64;
            policy.insert("policy_handle".into(), handle.into());
            rules = Reflect::get(&loaded, &"rules".into())?;
        }
        Ok(Engine { session, policy, time_ms, rules, baseline: None })
    }

    /// The policy script's rules (`[{id, point, function}]`), in the order they run.
    #[wasm_bindgen(js_name = policyRules)]
    pub fn policy_rules(&self) -> JsValue {
        self.rules.clone()
    }

    /// A batch operation with the records beside the input (`call_batch`): no record is
    /// escaped into one JSON text and parsed back.
    fn batch(&mut self, operation: &str, records: Vec<String>) -> Result<JsValue, JsValue> {
        arm(&mut self.session, self.time_ms);
        let input = serde_json::Value::Object(self.policy.clone()).to_string();
        answer_to_js(self.session.call_batch(operation, &input, records))
    }

    fn run(&mut self, operation: &str, input: &str) -> Result<JsValue, JsValue> {
        arm(&mut self.session, self.time_ms);
        run(&mut self.session, operation, input)
    }

    /// Decides one case; throws when the case is rejected.
    pub fn decide(&mut self, case: JsValue) -> Result<JsValue, JsValue> {
        let text = stringify(&case, "case")?;
        single(self.batch("decide", vec![text])?)
    }

    /// Decides many cases in one call: `[decision | {error}]`, one per case.
    #[wasm_bindgen(js_name = decideMany)]
    pub fn decide_many(&mut self, cases: Vec<JsValue>) -> Result<JsValue, JsValue> {
        let texts = cases.iter().map(|c| stringify(c, "case")).collect::<Result<Vec<_>, _>>()?;
        Reflect::get(&self.batch("decide", texts)?, &"results".into())
    }

    /// Checks a draft reply (R-WORD-*); `now` (RFC 3339) tells whether a promotion is in
    /// force or a parcel has stalled.
    #[wasm_bindgen(js_name = checkReply)]
    pub fn check_reply(
        &mut self,
        order: JsValue,
        context: JsValue,
        draft: String,
        now: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let mut input = self.policy.clone();
        input.insert("order".into(), serde_json::from_str(&stringify(&order, "order")?).unwrap_or_default());
        if !context.is_undefined() && !context.is_null() {
            input.insert("context".into(), serde_json::from_str(&stringify(&context, "context")?).unwrap_or_default());
        }
        input.insert("draft".into(), draft.into());
        if let Some(now) = now {
            input.insert("now".into(), now.into());
        }
        self.run("check_reply", &serde_json::Value::Object(input).to_string())
    }

    /// The shop's quick replies (话术, R-WORD-SCRIPTS) filled from `order`, the agent's
    /// name in `{agent}`: `[{id, rule, title, text, missing?}]`.
    #[wasm_bindgen(js_name = quickReplies)]
    pub fn quick_replies(&mut self, order: JsValue, agent: JsValue) -> Result<JsValue, JsValue> {
        let mut input = self.policy.clone();
        input.insert("order".into(), serde_json::from_str(&stringify(&order, "order")?).unwrap_or_default());
        if !agent.is_undefined() && !agent.is_null() {
            input.insert("agent".into(), serde_json::from_str(&stringify(&agent, "agent")?).unwrap_or_default());
        }
        Reflect::get(&self.run("quick_replies", &serde_json::Value::Object(input).to_string())?, &"replies".into())
    }

    /// One script or reply template (`invoice`, `late.apology`...) filled from a case (its
    /// order, agent, context and now) or a bare order, with the reply guard's findings in
    /// each language: `{id, rule, title, text, missing?, guard_zh, guard_en}`. The same
    /// answer as `kefu reply TEMPLATE CASE`.
    pub fn reply(&mut self, template: &str, case_or_order: JsValue) -> Result<JsValue, JsValue> {
        let given: serde_json::Value = serde_json::from_str(&stringify(&case_or_order, "case")?).unwrap_or_default();
        let mut input = match given {
            serde_json::Value::Object(map) if map.contains_key("order") => map,
            order => serde_json::Map::from_iter([("order".to_owned(), order)]),
        };
        input.insert("template".into(), template.into());
        input.extend(self.policy.clone());
        self.run("reply", &serde_json::Value::Object(input).to_string())
    }

    /// Lints many orders in one call: `[findings | {error}]`, one per order.
    #[wasm_bindgen(js_name = lintMany)]
    pub fn lint_many(&mut self, orders: Vec<JsValue>) -> Result<JsValue, JsValue> {
        let texts = orders.iter().map(|o| stringify(o, "order")).collect::<Result<Vec<_>, _>>()?;
        let input = serde_json::json!({ "records": texts }).to_string();
        Reflect::get(&self.run("lint", &input)?, &"results".into())
    }

    /// The proactive scan of many orders at `now` (R-PROACTIVE-*): `[{queue_key,
    /// decision} | {error}]`, one per order; sorting the non-null keys gives the contact
    /// queue (R-PROACTIVE-6).
    pub fn scan(&mut self, orders: Vec<JsValue>, now: String) -> Result<JsValue, JsValue> {
        let texts = orders.iter().map(|o| stringify(o, "order")).collect::<Result<Vec<_>, _>>()?;
        let mut input = self.policy.clone();
        input.insert("now".into(), now.into());
        input.insert("records".into(), texts.into());
        Reflect::get(&self.run("scan", &serde_json::Value::Object(input).to_string())?, &"results".into())
    }

    /// A policy change's impact (the core's `diff`, `kefu diff`): each record (an order,
    /// scanned at `now`; or a case, with its request) decided under `baseline` (the
    /// policy in force: a Rhai script's text; none for the built-in policy) and under
    /// this engine's policy, and compared: `[{order_id, via, changes, reworded?,
    /// parted?, replies?, actions?, a, b?} | {error}]`, one per record.
    pub fn diff(&mut self, records: Vec<JsValue>, now: String, baseline: Option<String>) -> Result<JsValue, JsValue> {
        let texts = records.iter().map(|o| stringify(o, "record")).collect::<Result<Vec<_>, _>>()?;
        let mut a = serde_json::Map::new();
        if let Some(source) = baseline {
            let handle = match &self.baseline {
                Some((loaded, handle)) if *loaded == source => *handle,
                _ => {
                    let input = serde_json::json!({ "name": "saved-policy.rhai", "source": source }).to_string();
                    let loaded = self.run("policy.load", &input)?;
                    let handle = Reflect::get(&loaded, &"handle".into())?.as_f64().unwrap_or_default() as u64;
                    self.baseline = Some((source, handle));
                    handle
                }
            };
            a.insert("policy_handle".into(), handle.into());
        }
        let mut input = serde_json::Map::new();
        input.insert("a".into(), a.into());
        input.insert("b".into(), self.policy.clone().into());
        input.insert("now".into(), now.into());
        input.insert("records".into(), texts.into());
        Reflect::get(&self.run("diff", &serde_json::Value::Object(input).to_string())?, &"results".into())
    }

    /// Runs a shop's test cases (the `kefu test` format: `{id, description, case,
    /// expect}`) against this policy: `[{id, description, passed, differences, error?}]`,
    /// the core's `test` operation, as the CLI's `kefu test` runs them.
    #[wasm_bindgen(js_name = runTests)]
    pub fn run_tests(&mut self, scenarios: Vec<JsValue>) -> Result<JsValue, JsValue> {
        let texts = scenarios.iter().map(|s| stringify(s, "test")).collect::<Result<Vec<_>, _>>()?;
        let mut input = self.policy.clone();
        input.insert("records".into(), texts.into());
        Reflect::get(&self.run("test", &serde_json::Value::Object(input).to_string())?, &"results".into())
    }

    /// The order list's answer (`asyncSold.htm`'s JSON text) read, linted and scanned at
    /// `now` in one call, for the extension's list page: the core's `page` operation,
    /// `{rows: [{index, order_id?, error?, order?, lint?, scan?}], total_number?}` where
    /// `lint` is the record's `lintMany` result and `scan` its `scan` result. The same as
    /// `soldPage` then `lintMany` then `scan`, composed by the core, not here.
    #[wasm_bindgen(js_name = readPage)]
    pub fn read_page(&mut self, page: String, now: String, time_zone: Option<String>) -> Result<JsValue, JsValue> {
        let mut input = self.policy.clone();
        input.insert("page".into(), page.into());
        input.insert("now".into(), now.into());
        if let Some(zone) = time_zone {
            input.insert("time_zone".into(), zone.into());
        }
        self.run("page", &serde_json::Value::Object(input).to_string())
    }

    /// Lints one order (R-REMARK-6).
    pub fn lint(&mut self, order: JsValue) -> Result<JsValue, JsValue> {
        let text = stringify(&order, "order")?;
        let input = serde_json::json!({ "records": [text] }).to_string();
        single(self.run("lint", &input)?)
    }
}

fn call_once(operation: &str, input: &JsValue) -> Result<JsValue, JsValue> {
    let text = if input.is_undefined() { "{}".to_owned() } else { stringify(input, "input")? };
    run(&mut Session::default(), operation, &text)
}

/// Appends an entry to a remark: `appendRemark(remark, entry, options?)`.
#[wasm_bindgen(js_name = appendRemark)]
pub fn append_remark(remark: String, entry: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = Object::new();
    Reflect::set(&input, &"remark".into(), &remark.into())?;
    Reflect::set(&input, &"entry".into(), &entry)?;
    if !options.is_undefined() {
        Reflect::set(&input, &"options".into(), &options)?;
    }
    call_once("remark.append", &input.into())
}

/// Renders one entry: `renderRemark(entry, options?)`.
#[wasm_bindgen(js_name = renderRemark)]
pub fn render_remark(entry: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = Object::new();
    Reflect::set(&input, &"entry".into(), &entry)?;
    if !options.is_undefined() {
        Reflect::set(&input, &"options".into(), &options)?;
    }
    call_once("remark.render", &input.into())
}

/// The seller backend's order-list answer (`asyncSold.htm`'s JSON, as text) as kefu
/// orders, read by the core's page mappings: `soldPage(text, options?)` with options
/// `timeZone` (default `+08:00`), `mapping` and `itemsMapping` (a shop's own).
#[wasm_bindgen(js_name = soldPage)]
pub fn sold_page(page: String, options: JsValue) -> Result<JsValue, JsValue> {
    let input = Object::new();
    Reflect::set(&input, &"page".into(), &page.into())?;
    if !options.is_undefined() && !options.is_null() {
        for (js, key) in [("timeZone", "time_zone"), ("mapping", "mapping"), ("itemsMapping", "items_mapping")] {
            let v = Reflect::get(&options, &js.into())?;
            if !v.is_undefined() {
                Reflect::set(&input, &key.into(), &v)?;
            }
        }
    }
    call_once("ingest.sold_page", &input.into())
}

/// One row of labelled values (a detail page's 订单编号, 订单状态, 实付款...) as an
/// order, read by the core's `taobao-detail-page` mapping or `options.mapping` (a
/// built-in name or a mapping); `options.timeZone` defaults to `+08:00`.
#[wasm_bindgen(js_name = orderFromRow)]
pub fn order_from_row(headers: Vec<String>, cells: Vec<String>, options: JsValue) -> Result<JsValue, JsValue> {
    let input = Object::new();
    Reflect::set(&input, &"headers".into(), &headers.into_iter().map(JsValue::from).collect::<js_sys::Array>())?;
    Reflect::set(&input, &"cells".into(), &cells.into_iter().map(JsValue::from).collect::<js_sys::Array>())?;
    if !options.is_undefined() && !options.is_null() {
        for (js, key) in [("timeZone", "time_zone"), ("mapping", "mapping")] {
            let v = Reflect::get(&options, &js.into())?;
            if !v.is_undefined() {
                Reflect::set(&input, &key.into(), &v)?;
            }
        }
    }
    call_once("ingest.row", &input.into())
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
