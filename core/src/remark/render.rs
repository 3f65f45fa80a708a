//! Rendering an entry: one line, "reason, details, agent/date" (R-REMARK-2).

use super::format::{Details, Entry, Field, Lang, Reason, RemarkError, Syntax, FIELDS};

/// Characters an agent name cannot hold, because they delimit the signature.
pub(super) const AGENT_FORBIDDEN: [char; 5] = ['/', '（', '）', '(', ')'];

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

pub(super) fn render_parts(reason: Reason, details: &Details, agent: &str, stamp: &str, lang: Lang) -> String {
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
