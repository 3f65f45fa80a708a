//! The core's operations: one list that the dispatch, the help texts, the fuzz target
//! and the error for an unknown name all read.

use super::envelope::failure;
use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::names;

/// An operation of [`call`](super::call). Its handler and its input and output types are
/// in the file of its family: `remarks.rs`, `orders.rs` (lint, decide, scan),
/// `replies.rs`, `rules.rs`, `ingest.rs`, `shop_tests.rs`, `impact.rs` (diff); `session.rs` loads policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// `version`: the crate's version and the ABI's.
    Version,
    /// `policy.load`: compile a shop's Rhai policy under a handle.
    PolicyLoad,
    /// `remark.render`: one entry as its line.
    RemarkRender,
    /// `remark.append`: an entry added to a remark, nothing lost.
    RemarkAppend,
    /// `remark.parse`: a remark read into entries.
    RemarkParse,
    /// `lint`: orders checked against the remark and flag conventions.
    Lint,
    /// `decide`: cases decided.
    Decide,
    /// `scan`: orders decided with no request, the contact queue's keys.
    Scan,
    /// `check_reply`: the reply guard on a draft.
    CheckReply,
    /// `rules`: the registry.
    Rules,
    /// `explain`: one rule.
    Explain,
    /// `schema`: JSON Schemas of the case, the decision and the policy.
    Schema,
    /// `ingest.sold_page`: the backend's order list answer as orders.
    IngestSoldPage,
    /// `ingest.row`: labelled values read as an export row.
    IngestRow,
    /// `quick_replies`: the shop's phrases (the phrasebook) filled from an order.
    QuickReplies,
    /// `reply`: one phrase or reply template filled from an order.
    Reply,
    /// `page`: the backend's order list answer read, linted and scanned in one call.
    Page,
    /// `test`: a shop's test cases run against a policy.
    Test,
    /// `names`: the Chinese and English name of every id a host may show.
    Names,
    /// `diff`: records decided under two policies and compared.
    Diff,
    /// `kpi`: an indicator table scored (R-KPI-*).
    Kpi,
    /// `qa`: chat transcripts reviewed (R-QA-1, R-QA-2).
    Qa,
    /// `qa.report`: reviewed chats added up, sampled and picked (R-QA-2..4).
    QaReport,
}

// The order is the fuzz target's: its first byte picks `ALL[byte % ALL.len()]`, and the
// committed corpus was found with it; new operations go at the end.
names!(Operation {
    Version => "version",
    PolicyLoad => "policy.load",
    RemarkRender => "remark.render",
    RemarkAppend => "remark.append",
    RemarkParse => "remark.parse",
    Lint => "lint",
    Decide => "decide",
    Scan => "scan",
    CheckReply => "check_reply",
    Rules => "rules",
    Explain => "explain",
    Schema => "schema",
    IngestSoldPage => "ingest.sold_page",
    IngestRow => "ingest.row",
    QuickReplies => "quick_replies",
    Reply => "reply",
    Page => "page",
    Test => "test",
    Names => "names",
    Diff => "diff",
    Kpi => "kpi",
    Qa => "qa",
    QaReport => "qa.report",
});

impl Operation {
    /// The names of every operation, comma-separated, for errors and help.
    pub fn known() -> String {
        Operation::ALL.iter().map(|o| o.name()).collect::<Vec<_>>().join(", ")
    }
}

/// The answer to a name that is no operation.
pub(super) fn unknown(operation: &str) -> String {
    failure(ErrorReport::of(
        Code::CallOperation,
        format!("unknown operation `{operation}`; known: {}", Operation::known()),
    ))
}
