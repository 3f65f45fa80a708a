//! `remark.render`, `remark.append`, `remark.parse`: the seller memo's entries
//! (R-REMARK-1..5).

use serde::{Deserialize, Serialize};

use super::envelope::{encode, failure, success, Answer};
use crate::remark::{self, render_entry, Appended, Entry, Remark, RemarkOptions};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RenderInput {
    entry: Entry,
    #[serde(default)]
    options: Option<RemarkOptions>,
}

#[derive(Serialize)]
struct Rendered {
    entry: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AppendInput {
    #[serde(default)]
    remark: String,
    entry: Entry,
    #[serde(default)]
    options: Option<RemarkOptions>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ParseInput {
    remark: String,
}

/// `remark.render`.
pub(super) fn render(i: RenderInput) -> String {
    let options = i.options.unwrap_or_default();
    match render_entry(&i.entry, options.lang) {
        Ok(entry) => success(Rendered { entry }),
        Err(e) => failure(e.report()),
    }
}

/// `remark.append`: a failure carries the remark, unchanged. An entry the remark already
/// has (same reason, and the same details or none) is not written twice: the answer is
/// the old remark with `"present": true` and `entry` the line already there.
///
/// The round trip of a lint fix: a finding's `fix.entry` gives `reason` and `details`;
/// the host fills any field the fix asks for, adds the agent's name (`agent`) and the
/// time (`at`, RFC 3339), and sends `{"remark", "entry": {reason, details, agent, at}}`.
pub(super) fn append(i: AppendInput) -> String {
    let options = i.options.unwrap_or_default();
    if let Some(line) = remark::already_present(&i.remark, &i.entry) {
        let (bytes, chars) = (i.remark.len() as u64, i.remark.chars().count() as u64);
        let limit_bytes = u64::from(options.limit_bytes);
        return success(Appended { remark: i.remark, entry: line, bytes, chars, limit_bytes, present: true });
    }
    match remark::append(&i.remark, &i.entry, &options) {
        Ok(a) => success::<Appended>(a),
        Err(e) => encode(&Answer::Failure { errors: vec![e.report()], remark: Some(i.remark) }),
    }
}

/// `remark.parse`.
pub(super) fn parse(i: ParseInput) -> String {
    success(Remark::parse(&i.remark))
}
