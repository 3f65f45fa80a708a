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
use kefu_core::api::Session;
use wasm_bindgen::prelude::*;

fn stringify(value: &JsValue, what: &str) -> Result<String, JsValue> {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| error("KEFU-INPUT-JSON", &format!("{what} cannot be written as JSON"), None))
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
    let answer = session.call(operation, input);
    let envelope: serde_json::Value =
        serde_json::from_str(&answer).map_err(|e| error("KEFU-HOST-ANSWER", &e.to_string(), None))?;
    if envelope.get("type").and_then(|t| t.as_str()) == Some("failure") {
        let report = envelope.pointer("/errors/0").cloned().unwrap_or_default();
        let code = report.get("code").and_then(|c| c.as_str()).unwrap_or("KEFU-CORE").to_owned();
        let message = report.get("message").and_then(|m| m.as_str()).unwrap_or_default().to_owned();
        let err = error(&code, &message, Some(&report));
        if let Some(remark) = envelope.get("remark").and_then(|r| r.as_str()) {
            let _ = Reflect::set(&err, &"remark".into(), &remark.into());
        }
        return Err(err);
    }
    // Re-parse the core's own text for `result` so that key order is the core's.
    let result_text = result_slice(&answer).ok_or_else(|| error("KEFU-HOST-ANSWER", "no result", None))?;
    JSON::parse(result_text)
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
        let code = report.get("code").and_then(|c| c.as_str()).unwrap_or("KEFU-CORE").to_owned();
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
        }
        Ok(Engine { session, policy, time_ms })
    }

    fn batch(&mut self, operation: &str, records: Vec<String>) -> Result<JsValue, JsValue> {
        let mut input = self.policy.clone();
        input.insert("records".into(), records.into());
        self.run(operation, &serde_json::Value::Object(input).to_string())
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

    /// Checks a draft reply (R-WORD-*).
    #[wasm_bindgen(js_name = checkReply)]
    pub fn check_reply(&mut self, order: JsValue, context: JsValue, draft: String) -> Result<JsValue, JsValue> {
        let mut input = self.policy.clone();
        input.insert("order".into(), serde_json::from_str(&stringify(&order, "order")?).unwrap_or_default());
        if !context.is_undefined() && !context.is_null() {
            input.insert("context".into(), serde_json::from_str(&stringify(&context, "context")?).unwrap_or_default());
        }
        input.insert("draft".into(), draft.into());
        self.run("check_reply", &serde_json::Value::Object(input).to_string())
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

/// The rule registry.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsValue> {
    Reflect::get(&call_once("rules", &JsValue::UNDEFINED)?, &"rules".into())
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
