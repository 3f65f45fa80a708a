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

/// `remark.append`: a failure carries the remark, unchanged.
pub(super) fn append(i: AppendInput) -> String {
    let options = i.options.unwrap_or_default();
    match remark::append(&i.remark, &i.entry, &options) {
        Ok(a) => success::<Appended>(a),
        Err(e) => encode(&Answer::Failure { errors: vec![e.report()], remark: Some(i.remark) }),
    }
}

/// `remark.parse`.
pub(super) fn parse(i: ParseInput) -> String {
    success(Remark::parse(&i.remark))
}
