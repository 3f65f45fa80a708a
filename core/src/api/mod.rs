//! The JSON boundary: one function, `call(operation, input) -> output`, that every host
//! uses (the guest module, the CLI's native engine, the browser package).
//!
//! Keeping a single string-in, string-out entry point makes "same answer everywhere" a
//! property of construction: the hosts differ only in how they carry bytes to it.
//!
//! Every answer is an envelope (`envelope.rs`):
//!
//! ```json
//! {"type":"success","result":{...}}
//! {"type":"failure","errors":[{"code":"KEFU-...","message":"...","path":"..."}]}
//! ```
//!
//! Operations ([`Operation`]; input → result; each handled in the file of its family):
//!
//! | operation | input | result |
//! |---|---|---|
//! | `version` | anything | `{"version", "abi"}` |
//! | `remark.render` | `{"entry", "options"?}` | `{"entry"}`: the rendered line |
//! | `remark.append` | `{"remark", "entry", "options"?}` | [`Appended`]; a failure also carries `"remark"`, unchanged |
//! | `remark.parse` | `{"remark"}` | [`Remark`] |
//! | `lint` | `{"records": [string...], "options"?, "rows"? or "trades"?}` | `{"results": [...]}`, one per record: [`OrderFindings`] or `{"error"}` |
//! | `policy.load` | `{"name", "source", "limits"?}` (a Rhai script) | `{"handle", "rules"}`; the handle names the compiled policy in later calls of this session |
//! | `decide` | `{"records": [string...], "policy"? (JSON) or "policy_handle"?}` | `{"results": [...]}`, one per record: [`Decision`] or `{"error"}` |
//! | `scan` | `{"now", "records": [string...] (orders), "policy"?, "rows"? or "trades"?}` | `{"results": [...]}`, one per record: `{"queue_key", "tier"?, "decision"}` or `{"error"}`; sorting the non-null keys gives the contact queue (R-PROACTIVE-6) |
//! | `check_reply` | `{"order", "context"?, "draft", "now"?, "policy"?}` | [`ReplyCheck`] |
//! | `quick_replies` | `{"order", "agent"?, "policy"? or "policy_handle"?}` | `{"replies": [...]}`: the shop's phrases (the phrasebook) filled from the order (R-WORD-SCRIPTS), [`QuickReply`](crate::phrasebook::QuickReply) |
//! | `reply` | `{"template", "order", "agent"?, "context"?, "now"?, "request"? (ignored: a case can be given as it is), "policy"? or "policy_handle"?}` | [`OneReply`](crate::phrasebook::OneReply): one phrase or reply template filled from the order, with the reply guard's findings in each language |
//! | `rules` | anything | `{"rules": [...]}`, the registry |
//! | `explain` | `{"id"}` | one rule |
//! | `names` | anything (`{}`) | `{"names": {kind: {id: {"zh", "en"}}}}`: the name of every id a host may show, kinds and ids sorted; kinds `outcome`, `action`, `check`, `severity`, `level`, `flag`, `responsibility`, `payer`, `channel`, `request_kind`, `reason`, `evidence`, `remedy`, `role`, `status`, `fact`, `factor`, `warehouse_answer`, `return_exclusion`, `presale_stage`, `remark_reason`, `branch`, `applies`, `change`, `via`, `money` (a diff's), `indicator`, `count` (a scorecard's), `rule` (the summary), `code` (the error's title), `ui` (headings) ([`names`](crate::names)) |
//! | `schema` | anything | JSON Schemas of the case, the decision and the policy |
//! | `ingest.row` | `{"headers": [...], "cells": [...], "mapping"? (a name or a mapping; default `taobao-detail-page`), "time_zone"?}` | one order, its `unknown` facts listed: a page's label/value pairs read like an export row |
//! | `page` | `{"page", "now", "time_zone"?, "policy"? or "policy_handle"?}` | `{"rows": [{"index", "order_id"?, "error"?, "order"?, "lint"?, "scan"?}], "total_number"?}`: the list page's answer read (as `ingest.sold_page`), each order linted (as `lint`) and scanned at `now` (as `scan`) |
//! | `ingest.sold_page` | `{"page"` (the order list's JSON answer, as text)`, "time_zone"?, "mapping"?, "items_mapping"?}` | [`SoldPage`](crate::ingest::page::SoldPage): `{"rows": [{"index", "order_id"?, "order" or "error"}], "total_number"?}` |
//! | `test` | `{"records": [string...] (test cases: `{id, description, case, expect}`), "policy"? or "policy_handle"?}` | `{"results": [...]}`, one per record: [`TestResult`] `{"id", "description", "passed", "differences", "fired", "error"?}`; `fired`: the rules the decision cites (coverage) |
//! | `kpi` | `{"tables": [{"name", "rows": [[cell...]...], "period"?, "store"?, "days"?}] (a table as read: its headers mapped here by name) and/or "rows": [{"agent", "store"?, "period"?, "days"?, "counts"?: {count: cell}, "values"?: {indicator: cell}, "compliments"?, "complaints"?}], "teams"?: [{"lead", "agents"}], "evaluations"?: [{"eval_code", "eval_sender", "eval_time"?, "send_time"?, "source"?}], "policy"? or "policy_handle"?}` | [`Scorecards`](crate::team::kpi::Scorecards): per period, each agent's card (per store, each indicator's value and score, the weighted score, compliments and complaints, the score, the bonus, what is missing), the leads' cards, the staffing advice (R-KPI-*), how each table was read |
//! | `qa` | `{"chats": [{"id"?, "account"?, "buyer"?, "source"?, "messages": [{"time" (local text, RFC 3339 or epoch), "direction"? (0 shop→buyer, 1 buyer→shop) or "sender"?, "content"?, "type"? (1 auto-reply), "order"?, "length"?}]}], "orders"?: [{"records", "rows"? or "trades"?}], "evaluations"?, "time_zone"?, "policy"? or "policy_handle"?}` | [`Reviewed`](crate::team::qa::Reviewed): the sessions (each message with the guard's findings, red lines marked, against the order as it stood; the turns timed; the figures), the messages and orders that could not be read |
//! | `qa.report` | `{"sessions": [session (as `qa` gave it; `messages` and `turns` may be left out)], "policy"? or "policy_handle"?}` | [`Report`](crate::team::qa::Report): per agent and per agent and day, the daily sample (R-QA-3), each agent's best and worst chat of the week (R-QA-4) |
//! | `diff` | `{"records": [string...] (cases, orders, or export rows / trades with `"rows"`/`"trades"`), "now"? (for orders), "a"?: {"policy"? or "policy_handle"?}, "b"?: {...}}` | `{"results": [...]}`, one per record: [`Compared`] `{"order_id", "via", "changes", "parted"?, "replies"?, "actions"?, "a", "b"?}` (`b` only when it differs) or `{"error"}` |
//!
//! `lint` takes each record as a JSON *string* holding an order, so that a record that
//! is not even JSON is reported at its index without spoiling the batch. With `"rows":
//! {"mapping", "header", "time_zone"?, "items"?: {"mapping", "header"}}` each record is
//! instead an export row, `{"cells": [...], "items"?: [item...]}`, and with `"trades":
//! {"time_zone"?}` a trade object; `lint` and `scan` read them into orders themselves
//! (`records.rs`), so a host never maps a row and has the order read back.
//!
//! The batch operations can also answer in lines ([`call_batch_lines`]): a host that
//! hands each record's result on by itself (the CLI) then finds them with a search for
//! the line break instead of reading the whole answer again.

mod dispatch;
mod envelope;
mod impact;
mod ingest;
mod operation;
mod orders;
mod records;
mod remarks;
mod replies;
mod rules;
mod session;
mod shop_tests;
#[cfg(feature = "team")]
mod team;

pub use crate::impact::Via;
pub use envelope::LINES_HEADER;
#[cfg(feature = "impact")]
pub use impact::{Compared, Diffed};
pub use operation::Operation;
pub use orders::{Decided, RecordResult, Scanned};
pub use session::Session;
pub use shop_tests::TestResult;

// Hosts reach the core through this module alone (tests/one_door.rs keeps it so).
// Besides `call`, they get the plain types the answers carry, and what a reader of
// exports needs before any row goes to the core: a mapping, resolved against a header
// (to refuse a file whose header it cannot read, and to join the item report by order
// id), and the item report's lines. The rows themselves the core maps (`records.rs`).
pub use crate::ingest::{Columns, Mapping, RowKind};
#[doc(hidden)]
pub use crate::model::code::markdown as code_markdown;
pub use crate::model::code::Code;
pub use crate::model::error::ErrorReport;
pub use crate::model::money::Money;
pub use crate::model::order::Item;
pub use crate::model::text::acts_invisibly;
pub use crate::script::ScriptLimits;

/// A UTC offset as an export's times are read in: `+08:00`, `-05:30`, `+8`, `Z`.
pub fn time_zone(text: &str) -> Result<chrono::FixedOffset, String> {
    crate::ingest::cell::zone(text)
}

/// The Chinese name of a fact a decision's `skipped` list names (`ship_by`: 承诺发货时间),
/// for reports that say which checks an input could not support.
pub fn fact_name_zh(name: &str) -> Option<&'static str> {
    crate::model::fact::Fact::from_name(name).map(|f| f.name_zh())
}

use crate::script::Deadline;
use envelope::failure;

/// Version of the guest ABI and of this envelope; bumped on any incompatible change.
pub const ABI_VERSION: u32 = 1;

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
        Err(_) => busy(),
    })
}

/// [`call`] for the batch operations (`lint`, `decide`, `scan`) with the records given
/// as they are, beside an input that holds the other fields: the same answer as `call`
/// with `"records"` in the input, without escaping every record into one JSON text and
/// parsing it back. The native host uses it; the guest's ABI stays one JSON text.
pub fn call_batch(operation: &str, input: &str, records: Vec<String>) -> String {
    SESSION.with(|session| match session.try_borrow_mut() {
        Ok(mut s) => s.call_batch(operation, input, records),
        Err(_) => busy(),
    })
}

/// [`call_batch`] answering in lines: on success [`LINES_HEADER`], then each record's
/// result (exactly the text `call_batch` puts in `results`) on a line of its own, every
/// line ended by `\n`; on failure the same failure envelope as `call_batch`, which
/// never starts with the header. The core's JSON is compact and escapes line breaks in
/// strings, so a line is always one whole result.
pub fn call_batch_lines(operation: &str, input: &str, records: Vec<String>) -> String {
    SESSION.with(|session| match session.try_borrow_mut() {
        Ok(mut s) => s.call_batch_lines(operation, input, records),
        Err(_) => busy(),
    })
}

/// The answer to a call that reaches this thread's session while it is in a call.
fn busy() -> String {
    failure(ErrorReport::of(Code::CallReentrant, "the session is already in a call"))
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
        assert_eq!(bad.pointer("/errors/0/code"), Some(&Code::ExportColumn.as_str().into()));
        let page = serde_json::json!({"page": r#"{"mainOrders": [{"id": "9", "statusInfo": {"text": "交易成功"},
            "payInfo": {"actualFee": "10.00"}}]}"#, "time_zone": "+08:00"});
        let page = value(&call("ingest.sold_page", &page.to_string()));
        assert_eq!(page.pointer("/result/rows/0/order/status"), Some(&"delivered".into()), "{page}");
        let zone = value(&call("ingest.sold_page", r#"{"page": "{}", "time_zone": "Beijing"}"#));
        assert_eq!(zone.pointer("/errors/0/path"), Some(&"time_zone".into()));
    }

    /// `page` is `ingest.sold_page`, then `lint` and `scan` of each order read, composed in
    /// the core: the same bytes as the three calls.
    #[test]
    fn a_page_is_read_linted_and_scanned_like_the_three_calls() {
        let answer = serde_json::json!({"mainOrders": [
            {"id": "41", "statusInfo": {"text": "买家已付款"}, "payInfo": {"actualFee": "10.00"},
             "orderInfo": {"createTime": "2026-11-20 10:00:00"}},
            {"statusInfo": {"text": "交易成功"}},
            {"id": "42", "statusInfo": {"text": "卖家已发货"}, "payInfo": {"actualFee": "99.00"}}
        ], "page": {"totalNumber": 3}})
        .to_string();
        let now = "2026-11-25T10:00:00+08:00";
        let page = value(&call("page", &serde_json::json!({"page": answer, "now": now}).to_string()));
        let read = value(&call("ingest.sold_page", &serde_json::json!({"page": answer}).to_string()));
        let rows = read["result"]["rows"].as_array().unwrap();
        let records: Vec<String> = rows.iter().filter_map(|r| r.get("order")).map(|o| o.to_string()).collect();
        let lint = value(&call_batch("lint", "{}", records.clone()));
        let scan = value(&call_batch("scan", &serde_json::json!({"now": now}).to_string(), records));
        let (mut lints, mut scans) = (
            lint["result"]["results"].as_array().unwrap().iter(),
            scan["result"]["results"].as_array().unwrap().iter(),
        );
        let got = page["result"]["rows"].as_array().unwrap();
        assert_eq!(got.len(), 3, "{page}");
        for (row, want) in got.iter().zip(rows) {
            assert_eq!(row["index"], want["index"]);
            assert_eq!(row.get("error"), want.get("error"));
            assert_eq!(row.get("order"), want.get("order"));
            if want.get("order").is_some() {
                assert_eq!(Some(&row["lint"]), lints.next());
                assert_eq!(Some(&row["scan"]), scans.next());
            }
        }
        assert_eq!(page["result"]["total_number"], 3);
        let bad = value(&call("page", r#"{"page": "{}", "now": "2026-11-25T10:00:00+08:00"}"#));
        assert_eq!(bad["errors"][0]["code"], Code::PageShape.as_str(), "{bad}");
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
        assert!(call_batch("version", "{}", vec![]).contains(Code::CallOperation.as_str()));
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
        assert!(call_batch_lines("version", "{}", vec![]).contains(Code::CallOperation.as_str()));
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
        assert_eq!(
            (e["code"].as_str(), e["path"].as_str()),
            (Some(Code::InputTooLarge.as_str()), Some("draft")),
            "{over}"
        );
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
        assert_eq!(out["errors"][0]["code"], Code::RemarkTooLong.as_str());
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
        assert_eq!(results[1]["error"]["code"], Code::InputJson.as_str());
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
            assert_eq!(out["errors"][0]["code"], Code::PolicyValue.as_str(), "{out}");
            assert_eq!(out["errors"][0]["path"], path);
        }
    }

    #[test]
    fn names_answers_every_kind_hosts_read() {
        let out = value(&call("names", "{}"));
        let names = &out["result"]["names"];
        for kind in crate::names::KINDS {
            assert!(names[kind].as_object().is_some_and(|m| !m.is_empty()), "no {kind}: {out}");
        }
        assert_eq!(names["outcome"]["refund_difference"]["zh"], "退差价");
        assert_eq!(names["flag"]["none"]["zh"], "无旗");
        assert_eq!(names["check"]["flag-status-mismatch"]["en"], "Flag does not match the status");
        assert!(names["rule"]["R-CANCEL-3"]["en"].is_string());
        assert!(names["code"]["KEFU-INPUT-JSON"]["zh"].is_string());
    }

    #[test]
    fn remark_append_writes_no_second_line_for_an_entry_already_there() {
        let entry = serde_json::json!({"reason": "return", "agent": "小王", "at": "2026-11-25T14:30:00+08:00"});
        let first = value(&call("remark.append", &serde_json::json!({"remark": "旧", "entry": entry}).to_string()));
        let remark = first["result"]["remark"].as_str().unwrap_or_default().to_owned();
        assert!(first["result"].get("present").is_none(), "{first}");
        let again = serde_json::json!({"remark": remark, "entry": {"reason": "return", "agent": "小李", "at": "2026-11-26T09:00:00+08:00"}});
        let second = value(&call("remark.append", &again.to_string()));
        assert_eq!(second["result"]["present"], true, "{second}");
        assert_eq!(second["result"]["remark"], remark.as_str());
        assert_eq!(second["result"]["entry"], "【退货】（小王/2026-11-25 14:30）");
    }

    #[test]
    fn unknown_operation_and_bad_envelope() {
        assert_eq!(value(&call("nope", "{}"))["errors"][0]["code"], Code::CallOperation.as_str());
        assert_eq!(value(&call("lint", "{\"recs\":[]}"))["errors"][0]["code"], Code::InputUnknownField.as_str());
    }

    proptest! {
        // The JSON boundary answers every input with an envelope, never a panic.
        #[test]
        fn any_input_gets_an_envelope(op in proptest::sample::select(Operation::ALL.to_vec()), input in any::<String>()) {
            let out = value(&call(op.name(), &input));
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
