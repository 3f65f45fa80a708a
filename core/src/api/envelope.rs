//! Every answer is an envelope, written by kefu's own JSON writer
//! ([`crate::json_out`]):
//!
//! ```json
//! {"type":"success","result":{...}}
//! {"type":"failure","errors":[{"code":"KEFU-...","message":"...","path":"..."}]}
//! ```
//!
//! A batch can also answer in lines ([`LINES_HEADER`], then one result per line).

use serde::{Deserialize, Serialize};

use crate::json_out;
use crate::model::code::Code;
use crate::model::error::{from_json, ErrorReport};

/// A failure envelope (a success one is written by [`success`]).
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub(super) enum Answer {
    Failure {
        errors: Vec<ErrorReport>,
        #[serde(skip_serializing_if = "Option::is_none")]
        remark: Option<String>,
    },
}

pub(super) fn success<T: Serialize>(result: T) -> String {
    // The envelope written once here, not in a copy of derived code per result type (18
    // of them in the browser package, when `Answer` had a `Success` variant).
    let mut out = String::with_capacity(1024);
    out.push_str(SUCCESS_HEAD);
    match json_out::append(&mut out, &result) {
        Ok(()) => {
            out.push('}');
            out
        }
        Err(e) => not_encoded(&e),
    }
}

/// The start of a success envelope, up to its result.
const SUCCESS_HEAD: &str = "{\"type\":\"success\",\"result\":";

pub(super) fn failure(error: ErrorReport) -> String {
    encode(&Answer::Failure { errors: vec![error], remark: None })
}

pub(super) fn encode(answer: &Answer) -> String {
    // Our result types serialize without fail (no maps with non-string keys, no
    // fallible custom serializers); the fallback keeps this function total anyway.
    json_out::to_string(answer).unwrap_or_else(|e| not_encoded(&e))
}

/// The failure envelope for an answer that could not be encoded, written by hand.
fn not_encoded(e: &dyn std::fmt::Display) -> String {
    let message = format!("could not encode the answer: {e}");
    let message = serde_json::to_string(&message).unwrap_or_else(|_| "\"\"".to_owned());
    format!(r#"{{"type":"failure","errors":[{{"code":"{}","message":{message}}}]}}"#, Code::InternalEncode)
}

/// Reads an operation's input, or answers why it cannot be read.
pub(super) fn with_input<'a, T: Deserialize<'a>>(input: &'a str, run: impl FnOnce(T) -> String) -> String {
    match from_json::<T>(input, "input") {
        Ok(parsed) => run(parsed),
        Err(report) => failure(*report),
    }
}

/// The first line of a [`call_batch_lines`](super::call_batch_lines) answer that
/// succeeded.
pub const LINES_HEADER: &str = "{\"type\":\"success\"}\n";

/// How a batch operation writes its answer.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    /// One envelope, `{"type":"success","result":{"results":[...]}}`.
    Envelope,
    /// [`LINES_HEADER`] and a line per result.
    Lines,
}

/// A batch operation's answer in `shape`; `output` wraps the results for the envelope.
pub(super) fn batch_answer<T: Serialize, O: Serialize>(
    shape: Shape,
    results: Vec<T>,
    output: impl FnOnce(Vec<T>) -> O,
) -> String {
    match shape {
        Shape::Envelope => success(output(results)),
        Shape::Lines => {
            // About what a decision takes, so that the text is seldom copied to grow.
            let mut out = String::with_capacity(LINES_HEADER.len() + results.len() * 2048);
            out.push_str(LINES_HEADER);
            for result in &results {
                if let Err(e) = json_out::append(&mut out, result) {
                    return not_encoded(&e);
                }
                out.push('\n');
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_writes_the_envelope_around_the_result() {
        let value = serde_json::json!({"a": [1, "二", null], "b": {"c": true}});
        let result = json_out::to_string(&value).unwrap();
        assert_eq!(success(&value), format!(r#"{{"type":"success","result":{result}}}"#));
        assert_eq!(success(()), r#"{"type":"success","result":null}"#);
        assert_eq!(success("x"), r#"{"type":"success","result":"x"}"#);
        assert_eq!(
            failure(ErrorReport::of(Code::InputJson, "bad")),
            r#"{"type":"failure","errors":[{"code":"KEFU-INPUT-JSON","message":"bad"}]}"#
        );
    }
}
