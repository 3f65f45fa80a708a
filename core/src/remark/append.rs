//! Appending an entry without losing a byte, within the length limit (R-REMARK-3,
//! R-REMARK-4).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::format::{Details, Entry, RemarkError, RemarkOptions};
use super::parse::{Remark, Segment};
use super::render::render_entry;

/// The result of an append: the complete new remark for the memo API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Appended {
    /// The whole new remark: the old one, byte for byte, then the entry.
    pub remark: String,
    /// The entry as rendered.
    pub entry: String,
    /// Size of the new remark in UTF-8 bytes.
    pub bytes: u64,
    /// Size of the new remark in characters.
    pub chars: u64,
    /// The byte limit it was checked against.
    pub limit_bytes: u64,
    /// `true` when nothing was appended because the remark already has the entry
    /// ([`already_present`]): `remark` is the old one and `entry` the line already there.
    /// Omitted when the entry was appended.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub present: bool,
}

/// The line of `remark` that already says what `entry` would: an entry of the same
/// reason with the same details, or with any details when the new entry has none. An
/// agent who clicks a fix twice, or a fix proposed for an order that already has its
/// 【退货】 line, must not write a second, empty line; only the signature would differ.
pub fn already_present(remark: &str, entry: &Entry) -> Option<String> {
    let adds_nothing = entry.details == Details::default();
    Remark::parse(remark).segments.iter().find_map(|s| match s {
        Segment::Entry { entry: e, .. } if e.reason == entry.reason && (adds_nothing || e.details == entry.details) => {
            Some(s.line().to_owned())
        }
        _ => None,
    })
}

/// Appends an entry to a remark (R-REMARK-3, R-REMARK-4). The old remark is kept byte
/// for byte; a line break is added first when it does not end with one. Past the limit,
/// the error says by how much and the caller keeps the old remark.
pub fn append(remark: &str, entry: &Entry, options: &RemarkOptions) -> Result<Appended, RemarkError> {
    let rendered = render_entry(entry, options.lang)?;
    let sep = if remark.is_empty() || remark.ends_with('\n') { "" } else { "\n" };
    let mut new = String::with_capacity(remark.len() + sep.len() + rendered.len());
    new.push_str(remark);
    new.push_str(sep);
    new.push_str(&rendered);
    let bytes = new.len() as u64;
    let limit = u64::from(options.limit_bytes);
    if bytes > limit {
        return Err(RemarkError::TooLong { length: bytes, limit, over_by: bytes - limit, unit: "bytes" });
    }
    let chars = new.chars().count() as u64;
    if let Some(limit) = options.limit_chars.map(u64::from) {
        if chars > limit {
            return Err(RemarkError::TooLong { length: chars, limit, over_by: chars - limit, unit: "chars" });
        }
    }
    Ok(Appended { remark: new, entry: rendered, bytes, chars, limit_bytes: limit, present: false })
}
