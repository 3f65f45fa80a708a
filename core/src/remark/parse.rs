//! Parsing a remark into lines, recognising kefu's entries and keeping everything else
//! byte for byte (R-REMARK-3).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::format::{Details, Lang, Reason, Syntax, FIELDS};
use super::render::render_parts;

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
