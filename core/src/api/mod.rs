//! The JSON boundary: one function, `call(operation, input) -> output`, that every host
//! uses (the guest module, the CLI's native engine, the browser package).
//!
//! Keeping a single string-in, string-out entry point makes "same answer everywhere" a
//! property of construction: the hosts differ only in how they carry bytes to it.
//!
//! Every answer is an envelope:
//!
//! ```json
//! {"type":"success","result":{...}}
//! {"type":"failure","errors":[{"code":"KEFU-...","message":"...","path":"..."}]}
//! ```
//!
//! Operations (input → result):
//!
//! | operation | input | result |
//! |---|---|---|
//! | `version` | anything | `{"version", "abi"}` |
//! | `remark.render` | `{"entry", "options"?}` | `{"entry"}`: the rendered line |
//! | `remark.append` | `{"remark", "entry", "options"?}` | [`Appended`]; a failure also carries `"remark"`, unchanged |
//! | `remark.parse` | `{"remark"}` | [`Remark`] |
//! | `lint` | `{"records": [string...], "options"?}` | `{"results": [...]}`, one per record: [`OrderFindings`] or `{"error"}` |
//! | `policy.load` | `{"name", "source", "limits"?}` (a Rhai script) | `{"handle", "rules"}`; the handle names the compiled policy in later calls of this session |
//! | `decide` | `{"records": [string...], "policy"? (JSON) or "policy_handle"?}` | `{"results": [...]}`, one per record: [`Decision`] or `{"error"}` |
//! | `scan` | `{"now", "records": [string...] (orders), "policy"?}` | `{"results": [...]}`, one per record: `{"queue_key", "decision"}` or `{"error"}`; sorting the non-null keys gives the contact queue (R-PROACTIVE-6) |
//! | `check_reply` | `{"order", "context"?, "draft", "now"?, "policy"?}` | [`ReplyCheck`] |
//! | `quick_replies` | `{"order", "agent"?, "policy"? or "policy_handle"?}` | `{"replies": [...]}`: the shop's scripts filled from the order (R-WORD-SCRIPTS), [`QuickReply`](crate::phrases::QuickReply) |
//! | `reply` | `{"template", "order", "agent"?, "context"?, "now"?, "request"? (ignored: a case can be given as it is), "policy"? or "policy_handle"?}` | [`OneReply`](crate::phrases::OneReply): one script or reply template filled from the order, with the reply guard's findings in each language |
//! | `rules` | anything | `{"rules": [...]}`, the registry |
//! | `explain` | `{"id"}` | one rule |
//! | `schema` | anything | JSON Schemas of the case, the decision and the policy |
//! | `ingest.row` | `{"headers": [...], "cells": [...], "mapping"? (a name or a mapping; default `taobao-detail-page`), "time_zone"?}` | one order, its `unknown` facts listed: a page's label/value pairs read like an export row |
//! | `ingest.sold_page` | `{"page"` (the order list's JSON answer, as text)`, "time_zone"?, "mapping"?, "items_mapping"?}` | [`SoldPage`](crate::ingest::page::SoldPage): `{"rows": [{"index", "order_id"?, "order" or "error"}], "total_number"?}` |
//!
//! `lint` takes each record as a JSON *string* holding an order, so that a record that
//! is not even JSON is reported at its index without spoiling the batch.
//!
//! The batch operations can also answer in lines ([`call_batch_lines`]): a host that
//! hands each record's result on by itself (the CLI) then finds them with a search for
//! the line break instead of reading the whole answer again.

mod io;
pub mod json_out;

use serde::{Deserialize, Serialize};

pub use io::{Decided, RecordResult, Scanned};

use crate::decision::Outcome;
use crate::guard::{check_draft_size, check_reply, ReplyCheck};
use crate::ingest::Mapping;
use crate::lint::lint;
use crate::model::case::Case;
use crate::model::error::{from_json, ErrorReport};
use crate::model::order::Order;
use crate::phrases::{one_reply, quick_replies};
use crate::policy::Policy;
use crate::registry::{self, Rule};
use crate::remark::{append, render_entry, Appended, Remark};
use crate::script::{compile_until, decide_with, CompiledPolicy, Deadline};
use crate::trees::proactive::QueueKey;
use io::*;

/// Version of the guest ABI and of this envelope; bumped on any incompatible change.
pub const ABI_VERSION: u32 = 1;

/// The operations `call` knows, for help texts and tests.
pub const OPERATIONS: [&str; 16] = [
    "version",
    "policy.load",
    "remark.render",
    "remark.append",
    "remark.parse",
    "lint",
    "decide",
    "scan",
    "check_reply",
    "rules",
    "explain",
    "schema",
    "ingest.sold_page",
    "ingest.row",
    "quick_replies",
    "reply",
];

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Answer<T> {
    Success {
        result: T,
    },
    Failure {
        errors: Vec<ErrorReport>,
        #[serde(skip_serializing_if = "Option::is_none")]
        remark: Option<String>,
    },
}

fn success<T: Serialize>(result: T) -> String {
    encode(&Answer::Success { result })
}

fn failure(error: ErrorReport) -> String {
    encode(&Answer::<()>::Failure { errors: vec![error], remark: None })
}

fn encode<T: Serialize>(answer: &Answer<T>) -> String {
    // Our result types serialize without fail (no maps with non-string keys, no
    // fallible custom serializers); the fallback keeps this function total anyway.
    json_out::to_string(answer)
        .unwrap_or_else(|e| failure_literal("KEFU-INTERNAL-ENCODE", &format!("could not encode the answer: {e}")))
}

fn failure_literal(code: &str, message: &str) -> String {
    let report = ErrorReport::new(code, message);
    let message = serde_json::to_string(&report.message).unwrap_or_else(|_| "\"\"".to_owned());
    format!(r#"{{"type":"failure","errors":[{{"code":"{}","message":{message}}}]}}"#, report.code)
}

thread_local! {
    static SESSION: std::cell::RefCell<Session> = std::cell::RefCell::new(Session::default());
}

/// Sets the time budget of this thread's [`Session`] (see [`Session::set_deadline`]).
pub fn set_deadline(deadline: Option<Deadline>) {
    SESSION.with(|session| {
        if let Ok(mut s) = session.try_borrow_mut() {
            s.set_deadline(deadline);
        }
    });
}

/// Runs one operation on a JSON input and returns the JSON envelope, in this thread's
/// [`Session`] (so policies loaded by `policy.load` stay available). Never panics.
pub fn call(operation: &str, input: &str) -> String {
    SESSION.with(|session| match session.try_borrow_mut() {
        Ok(mut s) => s.call(operation, input),
        Err(_) => failure(ErrorReport::new("KEFU-CALL-REENTRANT", "the session is already in a call")),
    })
}

/// [`call`] for the batch operations (`lint`, `decide`, `scan`) with the records given
/// as they are, beside an input that holds the other fields: the same answer as `call`
/// with `"records"` in the input, without escaping every record into one JSON text and
/// parsing it back. The native host uses it; the guest's ABI stays one JSON text.
pub fn call_batch(operation: &str, input: &str, records: Vec<String>) -> String {
    SESSION.with(|session| match session.try_borrow_mut() {
        Ok(mut s) => s.call_batch(operation, input, records),
        Err(_) => failure(ErrorReport::new("KEFU-CALL-REENTRANT", "the session is already in a call")),
    })
}

/// The first line of a [`call_batch_lines`] answer that succeeded.
pub const LINES_HEADER: &str = "{\"type\":\"success\"}\n";

/// [`call_batch`] answering in lines: on success [`LINES_HEADER`], then each record's
/// result (exactly the text `call_batch` puts in `results`) on a line of its own, every
/// line ended by `\n`; on failure the same failure envelope as `call_batch`, which
/// never starts with the header. The core's JSON is compact and escapes line breaks in
/// strings, so a line is always one whole result.
pub fn call_batch_lines(operation: &str, input: &str, records: Vec<String>) -> String {
    SESSION.with(|session| match session.try_borrow_mut() {
        Ok(mut s) => s.call_batch_lines(operation, input, records),
        Err(_) => failure(ErrorReport::new("KEFU-CALL-REENTRANT", "the session is already in a call")),
    })
}

/// How a batch operation writes its answer.
#[derive(Clone, Copy)]
enum Shape {
    /// One envelope, `{"type":"success","result":{"results":[...]}}`.
    Envelope,
    /// [`LINES_HEADER`] and a line per result.
    Lines,
}

/// A batch operation's answer in `shape`; `output` wraps the results for the envelope.
fn batch_answer<T: Serialize, O: Serialize>(shape: Shape, results: Vec<T>, output: impl FnOnce(Vec<T>) -> O) -> String {
    match shape {
        Shape::Envelope => success(output(results)),
        Shape::Lines => {
            // About what a decision takes, so that the text is seldom copied to grow.
            let mut out = String::with_capacity(LINES_HEADER.len() + results.len() * 2048);
            out.push_str(LINES_HEADER);
            for result in &results {
                if let Err(e) = json_out::append(&mut out, result) {
                    return failure_literal("KEFU-INTERNAL-ENCODE", &format!("could not encode the answer: {e}"));
                }
                out.push('\n');
            }
            out
        }
    }
}

/// A loaded policy, or one given inline with the call.
enum PolicyRef<'a> {
    Loaded(&'a CompiledPolicy),
    Inline(Box<CompiledPolicy>),
}

impl std::ops::Deref for PolicyRef<'_> {
    type Target = CompiledPolicy;
    fn deref(&self) -> &CompiledPolicy {
        match self {
            PolicyRef::Loaded(p) => p,
            PolicyRef::Inline(p) => p,
        }
    }
}

/// Compiled policies, loaded once and used by handle: compile once, decide many. The
/// CLI keeps one per thread; the browser package keeps one per `Engine`.
#[derive(Default)]
pub struct Session {
    policies: Vec<CompiledPolicy>,
    /// The default policy, built on first use: building it (reply templates, word lists)
    /// costs more than a decision, so calls without a policy share one.
    default: Option<CompiledPolicy>,
    /// The host's time budget for a script in one call, checked between operations.
    deadline: Option<Deadline>,
}

impl Session {
    /// Sets the host's check that the current call's time is up, for the calls that
    /// follow; a script still running then fails with `KEFU-SCRIPT-DEADLINE`. The core
    /// reads no clock: the host's closure does (the CLI's `Instant`, the browser's
    /// `Date.now()`).
    pub fn set_deadline(&mut self, deadline: Option<Deadline>) {
        self.deadline = deadline;
    }

    /// The policy a call names (a loaded handle, an inline JSON policy, or the default),
    /// armed with this call's deadline.
    fn policy(&mut self, handle: Option<usize>, inline: Option<Policy>) -> Result<PolicyRef<'_>, Box<ErrorReport>> {
        let deadline = self.deadline.clone();
        let policy = self.choose_policy(handle, inline)?;
        policy.set_deadline(deadline);
        Ok(policy)
    }

    fn choose_policy(
        &mut self,
        handle: Option<usize>,
        inline: Option<Policy>,
    ) -> Result<PolicyRef<'_>, Box<ErrorReport>> {
        match (handle, inline) {
            (None, None) => {
                Ok(PolicyRef::Loaded(self.default.get_or_insert_with(|| CompiledPolicy::plain(Policy::default()))))
            }
            (Some(h), _) => self.policies.get(h).map(PolicyRef::Loaded).ok_or_else(|| {
                let message = format!("no policy with handle {h}; load it with policy.load first");
                Box::new(ErrorReport::new("KEFU-CALL-POLICY", message).at("policy_handle"))
            }),
            (None, Some(p)) => {
                p.check().map_err(|e| Box::new(ErrorReport { path: e.path.map(|p| format!("policy.{p}")), ..*e }))?;
                Ok(PolicyRef::Inline(Box::new(CompiledPolicy::plain(p))))
            }
        }
    }

    /// Runs one operation; see the module docs for the operations.
    pub fn call(&mut self, operation: &str, input: &str) -> String {
        match operation {
            "version" => success(VersionInfo { version: env!("CARGO_PKG_VERSION"), abi: ABI_VERSION }),
            "remark.render" => with_input(input, remark_render),
            "remark.append" => with_input(input, remark_append),
            "remark.parse" => with_input(input, |i: ParseInput| success(Remark::parse(&i.remark))),
            "lint" => with_input(input, |i| lint_records(i, Shape::Envelope)),
            "policy.load" => with_input(input, |i| self.load(i)),
            "decide" => with_input(input, |i| self.decide(i, Shape::Envelope)),
            "scan" => with_input(input, |i| self.scan(i, Shape::Envelope)),
            "check_reply" => with_input(input, |mut i: CheckReplyInput| {
                if let Err(e) = check_draft_size(&i.draft) {
                    return failure(*e);
                }
                match self.policy(i.policy_handle, i.policy.take()) {
                    Ok(compiled) => success::<ReplyCheck>(check_reply(&i.reply(), &compiled.policy)),
                    Err(e) => failure(*e),
                }
            }),
            "quick_replies" => {
                with_input(input, |mut i: QuickRepliesInput| match self.policy(i.policy_handle, i.policy.take()) {
                    Ok(compiled) => {
                        success(QuickRepliesOutput { replies: quick_replies(&i.input(), &compiled.policy) })
                    }
                    Err(e) => failure(*e),
                })
            }
            "reply" => with_input(input, |mut i: OneReplyInput| match self.policy(i.policy_handle, i.policy.take()) {
                Ok(compiled) => match one_reply(&i.input(), &compiled.policy) {
                    Ok(reply) => success(reply),
                    Err(e) => failure(*e),
                },
                Err(e) => failure(*e),
            }),
            "rules" => success(RulesOutput { rules: registry::RULES }),
            "explain" => with_input(input, explain),
            "ingest.sold_page" => with_input(input, sold_page),
            "ingest.row" => with_input(input, ingest_row),
            #[cfg(feature = "schema")]
            "schema" => success(SchemaOutput {
                case: schemars::schema_for!(Case),
                decision: schemars::schema_for!(crate::decision::Decision),
                policy: schemars::schema_for!(Policy),
            }),
            other => failure(ErrorReport::new(
                "KEFU-CALL-OPERATION",
                format!("unknown operation `{other}`; known: {}", OPERATIONS.join(", ")),
            )),
        }
    }

    /// [`call_batch`] in this session.
    pub fn call_batch(&mut self, operation: &str, input: &str, records: Vec<String>) -> String {
        self.batch(operation, input, records, Shape::Envelope)
    }

    /// [`call_batch_lines`] in this session.
    pub fn call_batch_lines(&mut self, operation: &str, input: &str, records: Vec<String>) -> String {
        self.batch(operation, input, records, Shape::Lines)
    }

    fn batch(&mut self, operation: &str, input: &str, records: Vec<String>, shape: Shape) -> String {
        match operation {
            "lint" => with_input(input, |i: LintInput| lint_records(LintInput { records, ..i }, shape)),
            "decide" => with_input(input, |i: DecideInput| self.decide(DecideInput { records, ..i }, shape)),
            "scan" => with_input(input, |i: ScanInput| self.scan(ScanInput { records, ..i }, shape)),
            other => failure(ErrorReport::new(
                "KEFU-CALL-OPERATION",
                format!("`{other}` takes no records; the batch operations are lint, decide and scan"),
            )),
        }
    }

    /// `policy.load`: compile a script and keep it under a handle.
    fn load(&mut self, i: LoadInput) -> String {
        match compile_until(&i.name, &i.source, &i.limits.unwrap_or_default(), self.deadline.clone()) {
            Ok(compiled) => {
                let rules = compiled.rules().to_vec();
                self.policies.push(compiled);
                success(Loaded { handle: self.policies.len() - 1, rules })
            }
            Err(e) => failure(e.report()),
        }
    }

    /// `decide`: each record a case, decided alone.
    fn decide(&mut self, i: DecideInput, shape: Shape) -> String {
        let compiled = match self.policy(i.policy_handle, i.policy) {
            Ok(c) => c,
            Err(e) => return failure(*e),
        };
        let decide_one = |record: &String| match Case::from_json(record) {
            Ok(case) => match decide_with(&case, &compiled) {
                Ok(decision) => Decided::Decision(Box::new(decision)),
                Err(e) => Decided::Rejected { error: e.report() },
            },
            Err(error) => Decided::Rejected { error: *error },
        };
        batch_answer(shape, i.records.iter().map(decide_one).collect(), |results| DecideOutput { results })
    }

    /// `scan`: each record an order, decided with no request at `now`; the orders to
    /// contact carry their queue key.
    fn scan(&mut self, i: ScanInput, shape: Shape) -> String {
        let compiled = match self.policy(i.policy_handle, i.policy) {
            Ok(c) => c,
            Err(e) => return failure(*e),
        };
        let scan_one = |record: &String| {
            let order = match Order::from_json(record) {
                Ok(order) => order,
                Err(e) => return Scanned::Rejected { error: e.report() },
            };
            let case = Case::scan(i.now, order);
            match decide_with(&case, &compiled) {
                Ok(decision) => {
                    let queue_key = (decision.outcome == Outcome::ProactiveContact)
                        .then(|| QueueKey::of(&decision, &case).sort_key());
                    Scanned::Scanned { queue_key, decision: Box::new(decision) }
                }
                Err(e) => Scanned::Rejected { error: e.report() },
            }
        };
        batch_answer(shape, i.records.iter().map(scan_one).collect(), |results| ScanOutput { results })
    }
}

/// `remark.render`.
fn remark_render(i: RenderInput) -> String {
    let options = i.options.unwrap_or_default();
    match render_entry(&i.entry, options.lang) {
        Ok(entry) => success(Rendered { entry }),
        Err(e) => failure(e.report()),
    }
}

/// `remark.append`: a failure carries the remark, unchanged.
fn remark_append(i: AppendInput) -> String {
    let options = i.options.unwrap_or_default();
    match append(&i.remark, &i.entry, &options) {
        Ok(a) => success::<Appended>(a),
        Err(e) => encode(&Answer::<()>::Failure { errors: vec![e.report()], remark: Some(i.remark) }),
    }
}

/// `lint`: each record an order, linted alone.
fn lint_records(i: LintInput, shape: Shape) -> String {
    let options = i.options.unwrap_or_default();
    let lint_one = |record: &String| match Order::from_json(record) {
        Ok(order) => RecordResult::Linted(lint(&order, &options)),
        Err(e) => RecordResult::Rejected { error: e.report() },
    };
    batch_answer(shape, i.records.iter().map(lint_one).collect(), |results| LintOutput { results })
}

/// `explain`: one rule of the registry.
fn explain(i: ExplainInput) -> String {
    match registry::find(&i.id) {
        Some(rule) => success::<&Rule>(rule),
        None => failure(
            ErrorReport::new(
                "KEFU-RULE-UNKNOWN",
                format!("no rule `{}`; `kefu explain` with no id lists them all", i.id),
            )
            .at("id"),
        ),
    }
}

/// The shop's UTC offset of an ingest input (default `+08:00`, Beijing time).
fn input_zone(text: Option<&str>) -> Result<chrono::FixedOffset, Box<ErrorReport>> {
    crate::ingest::cell::zone(text.unwrap_or("+08:00"))
        .map_err(|m| Box::new(ErrorReport::new("KEFU-INPUT-VALUE", format!("`time_zone`: {m}")).at("time_zone")))
}

/// A mapping given in an input, checked, its errors' paths under the input's field.
fn checked(mapping: &Mapping, field: &str) -> Result<(), Box<ErrorReport>> {
    mapping
        .check()
        .map_err(|e| Box::new(ErrorReport { path: Some(format!("{field}.{}", e.path.unwrap_or_default())), ..*e }))
}

/// `ingest.row`: one row of labelled values (a detail page's 订单编号/订单状态/...) read
/// through a mapping, as an export row is.
fn ingest_row(i: RowInput) -> String {
    let zone = match input_zone(i.time_zone.as_deref()) {
        Ok(z) => z,
        Err(e) => return failure(*e),
    };
    let mapping = match i.mapping {
        None => Mapping::built_in("taobao-detail-page"),
        Some(MappingRef::Name(name)) => Mapping::built_in(&name),
        Some(MappingRef::Inline(m)) => Some(*m),
    };
    let Some(mapping) = mapping else {
        let known = Mapping::BUILT_IN.join(", ");
        return failure(
            ErrorReport::new("KEFU-MAPPING", format!("no built-in mapping by that name; known: {known}")).at("mapping"),
        );
    };
    if let Err(e) = checked(&mapping, "mapping") {
        return failure(*e);
    }
    if i.headers.len() != i.cells.len() {
        let message = format!("{} headers but {} cells", i.headers.len(), i.cells.len());
        return failure(ErrorReport::new("KEFU-INPUT-VALUE", message).at("cells"));
    }
    let headers: Vec<&str> = i.headers.iter().map(String::as_str).collect();
    let cells: Vec<&str> = i.cells.iter().map(String::as_str).collect();
    let read = crate::ingest::Columns::new(&mapping, &headers, zone).and_then(|c| c.order(&cells));
    match read.and_then(|o| o.validate().map(|()| o).map_err(crate::ingest::IngestError::Order)) {
        Ok(order) => success(order),
        Err(e) => failure(e.report()),
    }
}

/// `ingest.sold_page`: the order list's answer as orders, through the built-in page
/// mappings or the shop's.
fn sold_page(i: SoldPageInput) -> String {
    let zone = match input_zone(i.time_zone.as_deref()) {
        Ok(z) => z,
        Err(e) => return failure(*e),
    };
    let orders = i.mapping.or_else(|| Mapping::built_in("taobao-sold-page"));
    let items = i.items_mapping.or_else(|| Mapping::built_in("taobao-sold-page-items"));
    let (Some(orders), Some(items)) = (orders, items) else {
        return failure(ErrorReport::new("KEFU-MAPPING", "the built-in page mappings do not read"));
    };
    if let Err(e) = checked(&orders, "mapping").and_then(|()| checked(&items, "items_mapping")) {
        return failure(*e);
    }
    match crate::ingest::page::sold_page(&i.page, zone, &orders, &items) {
        Ok(page) => success(page),
        Err(e) => failure(ErrorReport { path: e.path.clone().map(|p| format!("page.{p}")), ..*e }),
    }
}

fn with_input<'a, T: Deserialize<'a>>(input: &'a str, run: impl FnOnce(T) -> String) -> String {
    match from_json::<T>(input, "input") {
        Ok(parsed) => run(parsed),
        Err(report) => failure(*report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value(s: &str) -> serde_json::Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn a_detail_page_row_and_an_order_list_answer_become_orders_through_the_mappings() {
        let row = r#"{"headers": ["订单编号", "订单状态", "实付款", "付款时间"],
            "cells": ["4128", "卖家已发货", "￥59.90", "2026-11-24 10:00:00"]}"#;
        let order = value(&call("ingest.row", row));
        assert_eq!(order.pointer("/result/status"), Some(&"shipped".into()), "{order}");
        assert_eq!(order.pointer("/result/paid_at"), Some(&"2026-11-24T10:00:00+08:00".into()));
        assert!(order.pointer("/result/unknown").unwrap().as_array().unwrap().contains(&"flag".into()));
        let bad = value(&call("ingest.row", r#"{"headers": ["订单编号"], "cells": ["1"]}"#));
        assert_eq!(bad.pointer("/errors/0/code"), Some(&"KEFU-EXPORT-COLUMN".into()));
        let page = serde_json::json!({"page": r#"{"mainOrders": [{"id": "9", "statusInfo": {"text": "交易成功"},
            "payInfo": {"actualFee": "10.00"}}]}"#, "time_zone": "+08:00"});
        let page = value(&call("ingest.sold_page", &page.to_string()));
        assert_eq!(page.pointer("/result/rows/0/order/status"), Some(&"delivered".into()), "{page}");
        let zone = value(&call("ingest.sold_page", r#"{"page": "{}", "time_zone": "Beijing"}"#));
        assert_eq!(zone.pointer("/errors/0/path"), Some(&"time_zone".into()));
    }

    #[test]
    fn a_batch_with_its_records_apart_is_the_same_call() {
        let records =
            vec![r#"{"order_id":"1","status":"shipped","total":"1.00","flag":5}"#.to_owned(), "not json".to_owned()];
        let whole = serde_json::json!({"records": records}).to_string();
        assert_eq!(call("lint", &whole), call_batch("lint", "{}", records.clone()));
        let case = r#"{"now":"2026-11-25T10:00:00+08:00","order":{"order_id":"1","status":"paid","total":"1.00"},"request":{"kind":"cancel"}}"#;
        let whole = serde_json::json!({"records": [case]}).to_string();
        assert_eq!(call("decide", &whole), call_batch("decide", "{}", vec![case.to_owned()]));
        let scan = serde_json::json!({"records": records, "now": "2026-11-25T10:00:00+08:00"}).to_string();
        assert_eq!(call("scan", &scan), call_batch("scan", r#"{"now":"2026-11-25T10:00:00+08:00"}"#, records));
        assert!(call_batch("version", "{}", vec![]).contains("KEFU-CALL-OPERATION"));
    }

    /// A batch in lines holds, line by line, the results of the envelope, byte for byte;
    /// a failure is the envelope's failure.
    #[test]
    fn a_batch_in_lines_is_the_envelope_s_results_one_per_line() {
        let order = r#"{"order_id":"1\n2","status":"shipped","total":"1.00","flag":5,"remark":"a\nb"}"#;
        let records = vec![order.to_owned(), "not json".to_owned(), "{\"order_id\":\"x\"}".to_owned()];
        let case = r#"{"now":"2026-11-25T10:00:00+08:00","order":{"order_id":"1","status":"paid","total":"1.00"},"request":{"kind":"cancel"}}"#;
        let now = r#"{"now":"2026-11-25T10:00:00+08:00"}"#;
        for (op, input, records) in [
            ("lint", "{}", records.clone()),
            ("decide", "{}", vec![case.to_owned(), order.to_owned(), "[".to_owned()]),
            ("scan", now, records),
            ("decide", "{}", vec![]),
        ] {
            let envelope = call_batch(op, input, records.clone());
            let in_lines = call_batch_lines(op, input, records.clone());
            let body = in_lines.strip_prefix(LINES_HEADER).expect("header");
            let lines: Vec<&str> = body.split_terminator('\n').collect();
            assert_eq!(lines.len(), records.len(), "{op}: {in_lines}");
            assert_eq!(body.len(), lines.iter().map(|l| l.len() + 1).sum::<usize>(), "{op}: every line ends");
            let joined = format!(r#"{{"type":"success","result":{{"results":[{}]}}}}"#, lines.join(","));
            assert_eq!(joined, envelope, "{op}");
        }
        let failure = call_batch_lines("decide", r#"{"policy_handle":99}"#, vec![case.to_owned()]);
        assert_eq!(failure, call_batch("decide", r#"{"policy_handle":99}"#, vec![case.to_owned()]));
        assert!(failure.starts_with(r#"{"type":"failure""#), "{failure}");
        assert!(call_batch_lines("version", "{}", vec![]).contains("KEFU-CALL-OPERATION"));
    }

    #[test]
    fn a_draft_past_the_limit_is_refused_before_the_guard_runs() {
        let input = |chars: usize| {
            serde_json::json!({
                "order": {"order_id": "1", "status": "shipped", "total": "1.00"},
                "draft": "已".repeat(chars),
            })
            .to_string()
        };
        let fits = value(&call("check_reply", &input(crate::guard::MAX_DRAFT_CHARS)));
        assert_eq!(fits["type"], "success", "{fits}");
        let over = value(&call("check_reply", &input(crate::guard::MAX_DRAFT_CHARS + 3)));
        let e = &over["errors"][0];
        assert_eq!((e["code"].as_str(), e["path"].as_str()), (Some("KEFU-INPUT-TOO-LARGE"), Some("draft")), "{over}");
        assert_eq!(
            (e["limit"].as_u64(), e["over_by"].as_u64(), e["unit"].as_str()),
            (Some(20_000), Some(3), Some("chars"))
        );
    }

    #[test]
    fn append_failure_returns_the_remark_unchanged() {
        let remark = "备".repeat(330);
        let input = serde_json::json!({
            "remark": remark,
            "entry": {"reason": "cancel", "agent": "小王", "at": "2026-11-25T14:30:00+08:00"}
        });
        let out = value(&call("remark.append", &input.to_string()));
        assert_eq!(out["type"], "failure");
        assert_eq!(out["errors"][0]["code"], "KEFU-REMARK-TOO-LONG");
        assert_eq!(out["remark"], remark);
        assert!(out["errors"][0]["over_by"].as_u64().unwrap() > 0);
    }

    #[test]
    fn lint_keeps_going_past_bad_records() {
        let input = serde_json::json!({"records": [
            "{\"order_id\":\"A\",\"status\":\"shipped\",\"total\":\"1.00\",\"flag\":5,\"remark\":\"【取消订单】（小王/2026-11-25 14:30）\"}",
            "not json",
            "{\"order_id\":\"B\",\"status\":\"paid\",\"total\":1}"
        ]});
        let out = value(&call("lint", &input.to_string()));
        let results = out["result"]["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        assert_eq!(results[0]["findings"][0]["check"], "flag-status-mismatch");
        assert_eq!(results[1]["error"]["code"], "KEFU-INPUT-JSON");
        assert_eq!(results[2]["error"]["path"], "total");
    }

    #[test]
    fn absurd_policy_values_are_named() {
        let case = r#"{"now":"2026-11-25T10:00:00+08:00","order":{"order_id":"1","status":"unpaid","total":"1.00"}}"#;
        for (policy, path) in [
            (serde_json::json!({"payment_reminder": {"cutoff_hour": 99}}), "policy.payment_reminder.cutoff_hour"),
            (
                serde_json::json!({"concession_first_step_percent": 4294967295u64}),
                "policy.concession_first_step_percent",
            ),
            (serde_json::json!({"stall_hours": 0}), "policy.stall_hours"),
        ] {
            let input = serde_json::json!({"records": [case], "policy": policy});
            let out = value(&call("decide", &input.to_string()));
            assert_eq!(out["errors"][0]["code"], "KEFU-POLICY-VALUE", "{out}");
            assert_eq!(out["errors"][0]["path"], path);
        }
    }

    #[test]
    fn unknown_operation_and_bad_envelope() {
        assert_eq!(value(&call("nope", "{}"))["errors"][0]["code"], "KEFU-CALL-OPERATION");
        assert_eq!(value(&call("lint", "{\"recs\":[]}"))["errors"][0]["code"], "KEFU-INPUT-UNKNOWN-FIELD");
    }

    proptest! {
        // The JSON boundary answers every input with an envelope, never a panic.
        #[test]
        fn any_input_gets_an_envelope(op in proptest::sample::select(OPERATIONS.to_vec()), input in any::<String>()) {
            let out = value(&call(op, &input));
            prop_assert!(out["type"] == "success" || out["type"] == "failure");
        }

        #[test]
        fn any_order_record_is_linted_or_rejected(record in any::<String>(), noise in "[\\[\\]{}\":,0-9a-z_ -]{0,80}") {
            for r in [record, noise.clone(), format!("{{\"order_id\":\"x\",\"status\":\"paid\",\"total\":\"1.00\",{noise}}}")] {
                let input = serde_json::json!({"records": [r]}).to_string();
                let out = value(&call("lint", &input));
                prop_assert_eq!(out["result"]["results"].as_array().map(Vec::len), Some(1));
            }
        }
    }
}
