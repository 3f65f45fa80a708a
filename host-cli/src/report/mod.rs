//! What a batch run prints: the streamed JSON document and CSV (`out.rs`) and the HTML
//! report (`html.rs`), decisions in any of them (`decisions.rs`), a policy diff's
//! changes and totals (`diff.rs`), the scorecard page (`kpi.rs`), the chat review
//! (`qa.rs`), and the names people
//! read for the core's ids (`names.rs`). The commands choose; these write.

pub mod decisions;
pub mod diff;
pub mod html;
pub mod kpi;
pub mod names;
pub mod out;
pub mod qa;

use serde_json::Value;

use crate::answer::at;
use crate::cli::MessageLang;

/// The text in the reader's language.
fn t(lang: MessageLang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        MessageLang::Zh => zh,
        MessageLang::En => en,
    }
}

/// The value at a JSON pointer as text: a string as it is, null as nothing.
fn s(v: &Value, p: &str) -> String {
    match at(v, p) {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A `{zh, en}` text in the reader's language.
fn said(v: &Value, lang: MessageLang) -> String {
    s(v, if lang == MessageLang::Zh { "/zh" } else { "/en" })
}
