//! The seller remark (卖家备注): entries rendered, parsed and appended without loss
//! (R-REMARK-1..5).
//!
//! # Entry format
//!
//! A remark is one text field; kefu writes one entry per line, never touching what is
//! already there. An entry reads "reason, details, agent/date" (R-REMARK-2):
//!
//! ```text
//! zh: 【改电话】电话：13900001111；说明：买家来电（小王/2026-11-25 14:30）
//! en: [Phone changed] phone: 13900001111; note: buyer called (Wang/2026-11-25 14:30)
//! ```
//!
//! - the reason label in `【】` (zh) or `[]` (en), from a closed list ([`Reason`]);
//! - details, in a fixed order (recipient, phone, address, courier, amount, note), each
//!   `label：value` joined by `；` (zh) or `label: value` joined by `; ` (en); amounts
//!   are written with two decimals and the unit: `金额：30.00元`, `amount: 30.00 yuan`
//!   (R-REMARK-5);
//! - the signature `（agent/YYYY-MM-DD HH:MM）` (zh) or ` (agent/YYYY-MM-DD HH:MM)`
//!   (en), the time in the offset of the entry's timestamp.
//!
//! Appending adds a line break first when the remark does not already end with one.
//! Parsing splits the remark into lines and recognises a line as an entry only when
//! rendering the parsed entry gives back exactly that line; anything else (hand-written
//! notes, near-misses) is kept as opaque text. So parse-then-render always returns the
//! original bytes (R-REMARK-3).
//!
//! The remark has a length limit (R-REMARK-4): 1000 UTF-8 bytes by default, the
//! marketplace memo API's limit, with an optional character limit. The memo API replaces
//! the whole memo, so [`append`] returns the complete new remark; an append past the
//! limit is an error that says by how much, and nothing is truncated.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ErrorReport;
use crate::money::Money;
use crate::time::Timestamp;

/// The language entries are rendered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

/// Why an entry is written. The list is closed so that entries can be parsed back;
/// `other` takes its wording from the note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The order is cancelled.
    Cancel,
    /// The delivery address changed.
    ChangeAddress,
    /// The recipient's phone changed.
    ChangePhone,
    /// The recipient changed.
    ChangeRecipient,
    /// The buyer asked for a particular courier.
    DesignatedCourier,
    /// A gift is added.
    Gift,
    /// Full refund.
    Refund,
    /// Partial refund.
    PartialRefund,
    /// Compensation paid to the buyer.
    Compensation,
    /// The goods come back.
    Return,
    /// The goods are exchanged.
    Exchange,
    /// Items are sent again.
    Reship,
    /// A price difference is refunded.
    PriceDifference,
    /// Cash-on-delivery confirmation with the buyer.
    CodConfirm,
    /// Payment reminder (催付).
    PaymentReminder,
    /// A follow-up.
    FollowUp,
    /// Anything else; say what in the note.
    Other,
}

impl Reason {
    /// Every reason.
    pub const ALL: [Reason; 17] = [
        Reason::Cancel,
        Reason::ChangeAddress,
        Reason::ChangePhone,
        Reason::ChangeRecipient,
        Reason::DesignatedCourier,
        Reason::Gift,
        Reason::Refund,
        Reason::PartialRefund,
        Reason::Compensation,
        Reason::Return,
        Reason::Exchange,
        Reason::Reship,
        Reason::PriceDifference,
        Reason::CodConfirm,
        Reason::PaymentReminder,
        Reason::FollowUp,
        Reason::Other,
    ];

    /// The label written in the remark.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Reason::Cancel => ("取消订单", "Cancelled"),
            Reason::ChangeAddress => ("改地址", "Address changed"),
            Reason::ChangePhone => ("改电话", "Phone changed"),
            Reason::ChangeRecipient => ("改收件人", "Recipient changed"),
            Reason::DesignatedCourier => ("指定快递", "Designated courier"),
            Reason::Gift => ("赠品", "Gift"),
            Reason::Refund => ("退款", "Refund"),
            Reason::PartialRefund => ("部分退款", "Partial refund"),
            Reason::Compensation => ("补偿", "Compensation"),
            Reason::Return => ("退货", "Return"),
            Reason::Exchange => ("换货", "Exchange"),
            Reason::Reship => ("补发", "Reship"),
            Reason::PriceDifference => ("退差价", "Price difference"),
            Reason::CodConfirm => ("货到付款确认", "COD confirmation"),
            Reason::PaymentReminder => ("催付", "Payment reminder"),
            Reason::FollowUp => ("跟进", "Follow-up"),
            Reason::Other => ("备注", "Note"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn from_label(label: &str, lang: Lang) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.label(lang) == label)
    }

    /// A change of what is shipped where: the warehouse must see it (R-FLAG-3).
    pub fn is_receiver_change(self) -> bool {
        matches!(
            self,
            Reason::ChangeAddress | Reason::ChangePhone | Reason::ChangeRecipient | Reason::DesignatedCourier
        )
    }

    /// The detail that carries the changed value, for receiver changes.
    pub fn changed_value(self, d: &Details) -> Option<&str> {
        match self {
            Reason::ChangeAddress => d.address.as_deref(),
            Reason::ChangePhone => d.phone.as_deref(),
            Reason::ChangeRecipient => d.recipient.as_deref(),
            Reason::DesignatedCourier => d.courier.as_deref(),
            _ => None,
        }
    }
}

/// The details of an entry; all optional, written in this order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Details {
    /// New recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// New phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// New address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Designated courier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub courier: Option<String>,
    /// Amount refunded, compensated or changed (R-REMARK-5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// Free wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Details {
    fn is_empty(&self) -> bool {
        *self == Details::default()
    }
}

/// An entry to write: reason, details, who and when (R-REMARK-2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Why.
    pub reason: Reason,
    /// What changed, or how much.
    #[serde(default, skip_serializing_if = "Details::is_empty")]
    pub details: Details,
    /// The agent who handled it.
    pub agent: String,
    /// When; written as `YYYY-MM-DD HH:MM` in this timestamp's offset.
    pub at: Timestamp,
}

/// How remarks are written and how long they may be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemarkOptions {
    /// Language of new entries (default `zh`).
    #[serde(default)]
    pub lang: Lang,
    /// Maximum size of the whole remark in UTF-8 bytes (default 1000).
    #[serde(default = "default_limit_bytes")]
    pub limit_bytes: u32,
    /// Optional maximum in characters, for shops whose tools count characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_chars: Option<u32>,
}

fn default_limit_bytes() -> u32 {
    1000
}

impl Default for RemarkOptions {
    fn default() -> Self {
        RemarkOptions { lang: Lang::Zh, limit_bytes: default_limit_bytes(), limit_chars: None }
    }
}

/// Why an entry could not be rendered or appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemarkError {
    /// A field of the entry cannot be written into a remark (`KEFU-REMARK-FIELD`).
    #[error("`{path}`: {message}")]
    BadField {
        /// The field, such as `entry.agent`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The new remark would pass the limit (`KEFU-REMARK-TOO-LONG`); nothing was appended.
    #[error("remark would be {length} {unit}, {over_by} {unit} over the limit of {limit}; nothing was appended")]
    TooLong {
        /// Length the new remark would have.
        length: u64,
        /// The limit.
        limit: u64,
        /// `length - limit`.
        over_by: u64,
        /// `bytes` or `chars`.
        unit: &'static str,
    },
}

impl RemarkError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            RemarkError::BadField { .. } => "KEFU-REMARK-FIELD",
            RemarkError::TooLong { .. } => "KEFU-REMARK-TOO-LONG",
        }
    }

    /// The flat report hosts print.
    pub fn report(&self) -> ErrorReport {
        let r = ErrorReport::new(self.code(), self.to_string());
        match self {
            RemarkError::BadField { path, .. } => r.at(path.clone()),
            RemarkError::TooLong { limit, over_by, unit, .. } => ErrorReport {
                limit: Some(*limit),
                over_by: Some(*over_by),
                unit: Some((*unit).to_owned()),
                ..r.at("remark")
            },
        }
    }
}

/// The field order of details, with their labels.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Recipient,
    Phone,
    Address,
    Courier,
    Amount,
    Note,
}

const FIELDS: [Field; 6] = [Field::Recipient, Field::Phone, Field::Address, Field::Courier, Field::Amount, Field::Note];

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Recipient => "recipient",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Courier => "courier",
            Field::Amount => "amount",
            Field::Note => "note",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::Recipient, Lang::Zh) => "收件人",
            (Field::Phone, Lang::Zh) => "电话",
            (Field::Address, Lang::Zh) => "地址",
            (Field::Courier, Lang::Zh) => "快递",
            (Field::Amount, Lang::Zh) => "金额",
            (Field::Note, Lang::Zh) => "说明",
            (f, Lang::En) => f.name(),
        }
    }

    fn get(self, d: &Details) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match self {
            Field::Recipient => d.recipient.as_deref().map(Cow::Borrowed),
            Field::Phone => d.phone.as_deref().map(Cow::Borrowed),
            Field::Address => d.address.as_deref().map(Cow::Borrowed),
            Field::Courier => d.courier.as_deref().map(Cow::Borrowed),
            Field::Amount => d.amount.map(|m| Cow::Owned(m.to_string())),
            Field::Note => d.note.as_deref().map(Cow::Borrowed),
        }
    }

    /// Sets the field from its rendered value; `false` when the value is not valid.
    fn set(self, d: &mut Details, value: &str, lang: Lang) -> bool {
        let text = Some(value.to_owned());
        match self {
            Field::Recipient => d.recipient = text,
            Field::Phone => d.phone = text,
            Field::Address => d.address = text,
            Field::Courier => d.courier = text,
            Field::Note => d.note = text,
            Field::Amount => {
                let unit = Syntax::of(lang).amount_unit;
                match value.strip_suffix(unit).map(Money::parse) {
                    Some(Ok(m)) => d.amount = Some(m),
                    _ => return false,
                }
            }
        }
        true
    }
}

/// The punctuation of one language's entries.
struct Syntax {
    open: &'static str,
    close: &'static str,
    sig_open: &'static str,
    sig_close: &'static str,
    kv: &'static str,
    sep: &'static str,
    amount_unit: &'static str,
}

impl Syntax {
    fn of(lang: Lang) -> &'static Syntax {
        const ZH: Syntax =
            Syntax {
                open: "【", close: "】", sig_open: "（", sig_close: "）", kv: "：", sep: "；", amount_unit: "元"
            };
        const EN: Syntax = Syntax {
            open: "[",
            close: "] ",
            sig_open: " (",
            sig_close: ")",
            kv: ": ",
            sep: "; ",
            amount_unit: " yuan",
        };
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// Characters an agent name cannot hold, because they delimit the signature.
const AGENT_FORBIDDEN: [char; 5] = ['/', '（', '）', '(', ')'];

fn check_text(path: &str, value: &str) -> Result<(), RemarkError> {
    let bad = |message: &str| Err(RemarkError::BadField { path: path.to_owned(), message: message.to_owned() });
    if value.trim().is_empty() {
        return bad("is empty");
    }
    if value.contains(['\n', '\r']) {
        return bad("contains a line break; an entry is one line");
    }
    Ok(())
}

/// Checks that an entry can be written: agent and values non-empty, one line each.
pub fn validate_entry(entry: &Entry) -> Result<(), RemarkError> {
    check_text("entry.agent", &entry.agent)?;
    if let Some(c) = entry.agent.chars().find(|c| AGENT_FORBIDDEN.contains(c)) {
        return Err(RemarkError::BadField {
            path: "entry.agent".into(),
            message: format!("agent name `{}` contains `{c}`, which delimits the signature", entry.agent),
        });
    }
    for field in FIELDS {
        if field == Field::Amount {
            continue;
        }
        if let Some(v) = field.get(&entry.details) {
            check_text(&format!("entry.details.{}", field.name()), &v)?;
        }
    }
    Ok(())
}

/// Renders one entry in the given language. Deterministic: the same entry always gives
/// the same bytes.
pub fn render_entry(entry: &Entry, lang: Lang) -> Result<String, RemarkError> {
    validate_entry(entry)?;
    Ok(render_parts(entry.reason, &entry.details, &entry.agent, &entry.at.remark_stamp(), lang))
}

fn render_parts(reason: Reason, details: &Details, agent: &str, stamp: &str, lang: Lang) -> String {
    let s = Syntax::of(lang);
    let mut out = String::with_capacity(96);
    out.push_str(s.open);
    out.push_str(reason.label(lang));
    out.push_str(s.close);
    let mut first = true;
    for field in FIELDS {
        if let Some(value) = field.get(details) {
            if !first {
                out.push_str(s.sep);
            }
            first = false;
            out.push_str(field.label(lang));
            out.push_str(s.kv);
            out.push_str(&value);
            if field == Field::Amount {
                out.push_str(s.amount_unit);
            }
        }
    }
    if lang == Lang::En && first {
        // "[Note] (Wang/...)": the close already ends in a space, the signature opens with one.
        out.pop();
    }
    out.push_str(s.sig_open);
    out.push_str(agent);
    out.push('/');
    out.push_str(stamp);
    out.push_str(s.sig_close);
    out
}

/// An entry recognised in an existing remark. The stamp is kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ParsedEntry {
    /// Why.
    pub reason: Reason,
    /// Details.
    pub details: Details,
    /// Agent.
    pub agent: String,
    /// `YYYY-MM-DD HH:MM` as written.
    pub stamp: String,
    /// The language it was written in.
    pub lang: Lang,
}

/// One line of a remark, with its line break.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Segment {
    /// A kefu entry.
    Entry {
        /// The exact bytes, line break included.
        text: String,
        /// What it says.
        entry: ParsedEntry,
    },
    /// Anything else, kept byte for byte.
    Text {
        /// The exact bytes, line break included.
        text: String,
    },
}

impl Segment {
    /// The exact bytes of the segment.
    pub fn text(&self) -> &str {
        match self {
            Segment::Entry { text, .. } | Segment::Text { text } => text,
        }
    }

    /// The segment without its line break.
    pub fn line(&self) -> &str {
        let t = self.text();
        let t = t.strip_suffix('\n').unwrap_or(t);
        t.strip_suffix('\r').unwrap_or(t)
    }
}

/// A parsed remark: its lines, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Remark {
    /// The lines.
    pub segments: Vec<Segment>,
}

impl Remark {
    /// Splits a remark into lines and recognises kefu entries among them.
    pub fn parse(text: &str) -> Remark {
        let segments = text
            .split_inclusive('\n')
            .map(|raw| {
                let line = raw.strip_suffix('\n').unwrap_or(raw);
                let line = line.strip_suffix('\r').unwrap_or(line);
                match parse_entry(line) {
                    Some(entry) => Segment::Entry { text: raw.to_owned(), entry },
                    None => Segment::Text { text: raw.to_owned() },
                }
            })
            .collect();
        Remark { segments }
    }

    /// The remark's bytes: the concatenation of its segments.
    pub fn render(&self) -> String {
        self.segments.iter().map(Segment::text).collect()
    }

    /// The recognised entries.
    pub fn entries(&self) -> impl Iterator<Item = &ParsedEntry> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Entry { entry, .. } => Some(entry),
            Segment::Text { .. } => None,
        })
    }
}

/// Parses one line as an entry; `None` unless re-rendering gives back the same line.
pub fn parse_entry(line: &str) -> Option<ParsedEntry> {
    [Lang::Zh, Lang::En].into_iter().find_map(|lang| parse_entry_in(line, lang))
}

fn parse_entry_in(line: &str, lang: Lang) -> Option<ParsedEntry> {
    let s = Syntax::of(lang);
    let rest = line.strip_prefix(s.open)?;
    let close = s.close.trim_end();
    let (label, rest) = rest.split_once(close)?;
    let reason = Reason::from_label(label, lang)?;
    let rest = rest.strip_suffix(s.sig_close)?;
    let at = rest.rfind(s.sig_open)?;
    let (body, sig) = (rest.get(..at)?, rest.get(at + s.sig_open.len()..)?);
    let body = if lang == Lang::En { body.strip_prefix(' ').unwrap_or(body) } else { body };
    let (agent, stamp) = sig.rsplit_once('/')?;
    if !is_stamp(stamp) || agent.is_empty() {
        return None;
    }
    let details = parse_details(body, lang)?;
    let parsed = ParsedEntry { reason, details, agent: agent.to_owned(), stamp: stamp.to_owned(), lang };
    // Recognise only what kefu itself would write, so that nothing is ever reinterpreted.
    (render_parts(reason, &parsed.details, agent, stamp, lang) == line).then_some(parsed)
}

fn parse_details(body: &str, lang: Lang) -> Option<Details> {
    let s = Syntax::of(lang);
    let mut details = Details::default();
    let mut rest = body;
    let mut next = 0;
    let mut first = true;
    while !rest.is_empty() {
        if !first {
            rest = rest.strip_prefix(s.sep)?;
        }
        let (k, field) = FIELDS.iter().enumerate().skip(next).find(|(_, f)| {
            rest.starts_with(f.label(lang)) && rest.get(f.label(lang).len()..).is_some_and(|r| r.starts_with(s.kv))
        })?;
        rest = rest.get(field.label(lang).len() + s.kv.len()..)?;
        // The value runs to the next "separator + later label + colon", or to the end.
        let end = FIELDS
            .iter()
            .skip(k + 1)
            .filter_map(|g| rest.find(&format!("{}{}{}", s.sep, g.label(lang), s.kv)))
            .min()
            .unwrap_or(rest.len());
        let value = rest.get(..end)?;
        if !field.set(&mut details, value, lang) {
            return None;
        }
        rest = rest.get(end..)?;
        next = k + 1;
        first = false;
    }
    Some(details)
}

/// `YYYY-MM-DD HH:MM`.
fn is_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 16
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

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
    Ok(Appended { remark: new, entry: rendered, bytes, chars, limit_bytes: limit })
}

/// What a hand-written line carries of the "agent/date" signature (R-REMARK-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// A date appears (`2026-11-25`, `11-25`, `11.25`, `11月25日`).
    pub date: bool,
    /// An agent name stands right before a `/` that precedes the date.
    pub agent: bool,
    /// A time of day appears (`14:30`, `14点`).
    pub time: bool,
}

/// Looks for the signature in a line written by hand, loosely: agents write
/// `小王/11-25`, `小王/2026-11-25 14:30` and the like.
pub fn loose_signature(line: &str) -> Signature {
    let chars: Vec<char> = line.chars().collect();
    let mut sig = Signature { date: false, agent: false, time: false };
    for i in 0..chars.len() {
        if let Some(len) = date_at(&chars, i) {
            sig.date = true;
            // Agent: "name/" right before the date, name ending in a letter (CJK included).
            let before = chars.get(..i).unwrap_or_default();
            let trimmed: Vec<&char> = before.iter().rev().skip_while(|c| **c == ' ').collect();
            if trimmed.first() == Some(&&'/') && trimmed.get(1).is_some_and(|c| c.is_alphabetic()) {
                sig.agent = true;
            }
            let after = chars.get(i + len..).unwrap_or_default();
            if time_at(after) {
                sig.time = true;
            }
        }
        if time_at(chars.get(i..).unwrap_or_default())
            && (i == 0 || !chars.get(i - 1).is_some_and(char::is_ascii_digit))
        {
            sig.time = true;
        }
    }
    sig
}

fn digits_at(chars: &[char], i: usize) -> usize {
    chars.get(i..).unwrap_or_default().iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Length of a date starting at `i`, if one does.
fn date_at(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && chars.get(i - 1).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut pos = i;
    let mut groups = Vec::new();
    loop {
        let n = digits_at(chars, pos);
        if n == 0 {
            break;
        }
        groups.push(n);
        pos += n;
        match chars.get(pos) {
            Some('-' | '.' | '/' | '年' | '月') if groups.len() < 3 => pos += 1,
            Some('日' | '号') => {
                pos += 1;
                break;
            }
            _ => break,
        }
    }
    let ok = match groups.as_slice() {
        [4, m, d] => (1..=2).contains(m) && (1..=2).contains(d),
        [m, d] => (1..=2).contains(m) && (1..=2).contains(d),
        _ => false,
    };
    ok.then_some(pos - i)
}

/// Whether a time of day (`14:30`, ` 14:30`, `14点`) starts here.
fn time_at(chars: &[char]) -> bool {
    let start = chars.iter().take_while(|c| **c == ' ').count();
    let n = digits_at(chars, start);
    if !(1..=2).contains(&n) {
        return false;
    }
    match chars.get(start + n) {
        Some(':' | '：') => digits_at(chars, start + n + 1) == 2,
        Some('点') => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at() -> Timestamp {
        Timestamp::parse("2026-11-25T14:30:00+08:00").unwrap()
    }

    fn phone_entry() -> Entry {
        Entry {
            reason: Reason::ChangePhone,
            details: Details {
                phone: Some("13900001111".into()), note: Some("买家来电".into()), ..Details::default()
            },
            agent: "小王".into(),
            at: at(),
        }
    }

    #[test]
    fn renders_the_documented_format() {
        let e = phone_entry();
        assert_eq!(
            render_entry(&e, Lang::Zh).unwrap(),
            "【改电话】电话：13900001111；说明：买家来电（小王/2026-11-25 14:30）"
        );
        let mut en = e.clone();
        en.agent = "Wang".into();
        en.details.note = Some("buyer called".into());
        assert_eq!(
            render_entry(&en, Lang::En).unwrap(),
            "[Phone changed] phone: 13900001111; note: buyer called (Wang/2026-11-25 14:30)"
        );
        let bare = Entry { reason: Reason::Cancel, details: Details::default(), agent: "Li".into(), at: at() };
        assert_eq!(render_entry(&bare, Lang::En).unwrap(), "[Cancelled] (Li/2026-11-25 14:30)");
        assert_eq!(render_entry(&bare, Lang::Zh).unwrap(), "【取消订单】（Li/2026-11-25 14:30）");
        let money = Entry {
            reason: Reason::PartialRefund,
            details: Details { amount: Some(Money::from_fen(3000)), ..Details::default() },
            agent: "小王".into(),
            at: at(),
        };
        assert_eq!(render_entry(&money, Lang::Zh).unwrap(), "【部分退款】金额：30.00元（小王/2026-11-25 14:30）");
    }

    #[test]
    fn parses_what_it_renders() {
        for lang in [Lang::Zh, Lang::En] {
            let line = render_entry(&phone_entry(), lang).unwrap();
            let p = parse_entry(&line).unwrap();
            assert_eq!((p.reason, p.details, p.lang), (Reason::ChangePhone, phone_entry().details, lang));
        }
    }

    #[test]
    fn near_misses_stay_opaque() {
        for line in [
            "【改电话】电话：13900001111（小王/2026-11-25）",
            "【改电话】电话：13900001111（小王/2026-11-25 14:30",
            "【改手机】电话：1（小王/2026-11-25 14:30）",
            "[Phone changed]phone: 1 (Wang/2026-11-25 14:30)",
            "[Phone changed] phone: 1 (Wang/2026-11-25 14:30",
            "【部分退款】金额：30元（小王/2026-11-25 14:30）",
            "改电话 小王/11-25",
        ] {
            assert_eq!(parse_entry(line), None, "{line}");
        }
    }

    #[test]
    fn append_adds_a_line_and_keeps_every_byte() {
        let a = append("客人要求周五前到 小李/11-24", &phone_entry(), &RemarkOptions::default()).unwrap();
        assert!(a.remark.starts_with("客人要求周五前到 小李/11-24\n【改电话】"));
        let a2 = append("x\r\n", &phone_entry(), &RemarkOptions::default()).unwrap();
        assert!(a2.remark.starts_with("x\r\n【"));
        let first = append("", &phone_entry(), &RemarkOptions::default()).unwrap();
        assert_eq!(first.remark, first.entry);
    }

    #[test]
    fn over_the_limit_says_by_how_much() {
        let old = "备".repeat(320); // 960 bytes
        let err = append(&old, &phone_entry(), &RemarkOptions::default()).unwrap_err();
        let entry_len = render_entry(&phone_entry(), Lang::Zh).unwrap().len() as u64;
        assert_eq!(
            err,
            RemarkError::TooLong {
                length: 961 + entry_len,
                limit: 1000,
                over_by: 961 + entry_len - 1000,
                unit: "bytes"
            }
        );
        assert_eq!(err.report().code, "KEFU-REMARK-TOO-LONG");
        let opts = RemarkOptions { limit_chars: Some(320), ..RemarkOptions::default() };
        let err = append(&"a".repeat(300), &phone_entry(), &opts).unwrap_err();
        assert!(matches!(err, RemarkError::TooLong { unit: "chars", .. }));
    }

    #[test]
    fn bad_fields_are_named() {
        let mut e = phone_entry();
        e.agent = "王/二".into();
        assert_eq!(render_entry(&e, Lang::Zh).unwrap_err().report().path.as_deref(), Some("entry.agent"));
        let mut e = phone_entry();
        e.details.note = Some("a\nb".into());
        assert_eq!(render_entry(&e, Lang::Zh).unwrap_err().report().path.as_deref(), Some("entry.details.note"));
    }

    #[test]
    fn loose_signatures() {
        let s = |l| loose_signature(l);
        assert_eq!(s("改地址 小王/11-25"), Signature { date: true, agent: true, time: false });
        assert_eq!(s("改电话：139 小王/2026-11-25 14:30"), Signature { date: true, agent: true, time: true });
        assert_eq!(s("改电话 11月25日"), Signature { date: true, agent: false, time: false });
        assert_eq!(s("加急发顺丰"), Signature { date: false, agent: false, time: false });
        assert_eq!(s("订单号 123456789"), Signature { date: false, agent: false, time: false });
    }

    fn arb_text() -> impl Strategy<Value = String> {
        // Arbitrary Unicode mixed with fragments of the entry syntax, so that some
        // inputs look almost like entries.
        let frag = prop_oneof![
            any::<String>(),
            Just("【".to_owned()),
            Just("】".to_owned()),
            Just("（".to_owned()),
            Just("）".to_owned()),
            Just("/2026-11-25 14:30".to_owned()),
            Just("改电话".to_owned()),
            Just("电话：".to_owned()),
            Just("；".to_owned()),
            Just("[Refund] ".to_owned()),
            Just(" (".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("金额：1.00元".to_owned()),
        ];
        proptest::collection::vec(frag, 0..12).prop_map(|v| v.concat())
    }

    fn arb_entry() -> impl Strategy<Value = Entry> {
        let value = "[^\n\r]{1,12}".prop_filter("not blank", |s: &String| !s.trim().is_empty());
        (
            proptest::sample::select(Reason::ALL.to_vec()),
            proptest::option::of(value.clone()),
            proptest::option::of(value.clone()),
            proptest::option::of(0i64..10_000_000),
            value.prop_filter("agent", |s| !s.contains(AGENT_FORBIDDEN)),
        )
            .prop_map(|(reason, phone, note, fen, agent)| Entry {
                reason,
                details: Details { phone, note, amount: fen.map(Money::from_fen), ..Details::default() },
                agent,
                at: Timestamp::parse("2026-01-02T03:04:05+08:00").unwrap(),
            })
    }

    proptest! {
        #[test]
        fn parse_then_render_is_identity(text in arb_text()) {
            prop_assert_eq!(Remark::parse(&text).render(), text);
        }

        #[test]
        fn append_never_loses_a_byte(old in arb_text(), entry in arb_entry(), en in any::<bool>()) {
            let opts = RemarkOptions { lang: if en { Lang::En } else { Lang::Zh }, limit_bytes: 100_000, limit_chars: None };
            let a = append(&old, &entry, &opts).unwrap();
            prop_assert!(a.remark.starts_with(&old));
            prop_assert_eq!(Remark::parse(&a.remark).render(), a.remark.clone());
            // The new entry is its own last line, recognised with what was written.
            let parsed = Remark::parse(&a.remark);
            let last = parsed.segments.last().unwrap();
            prop_assert_eq!(last.text(), a.entry.as_str());
            // Rendering the same entry again gives the same bytes.
            prop_assert_eq!(render_entry(&entry, opts.lang).unwrap(), a.entry.clone());
        }

        #[test]
        fn failed_append_changes_nothing(old in arb_text(), entry in arb_entry(), limit in 0u32..200) {
            let opts = RemarkOptions { limit_bytes: limit, ..RemarkOptions::default() };
            match append(&old, &entry, &opts) {
                Ok(a) => prop_assert!(a.bytes <= u64::from(limit) && a.remark.starts_with(&old)),
                Err(RemarkError::TooLong { length, limit: l, over_by, .. }) => prop_assert_eq!(length - l, over_by),
                Err(e) => prop_assert!(false, "unexpected {}", e),
            }
        }
    }
}
