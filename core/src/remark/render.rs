//! Rendering an entry: one line, "reason, details, agent/date" (R-REMARK-2).

use crate::model::text::acts_invisibly;

use super::format::{Details, Entry, Field, Lang, Reason, RemarkError, Syntax, FIELDS};

/// Characters an agent name cannot hold, because they delimit the signature.
pub(super) const AGENT_FORBIDDEN: [char; 5] = ['/', '（', '）', '(', ')'];

/// Checks a name or a value for one line of an entry: something visible, no control,
/// format or line-separator character.
fn check_text(path: &str, value: &str) -> Result<(), RemarkError> {
    let bad = |message: String| Err(RemarkError::BadField { path: path.to_owned(), message });
    if value.contains(['\n', '\r']) {
        return bad("contains a line break; an entry is one line".to_owned());
    }
    if let Some(c) = value.chars().find(|c| acts_invisibly(*c)) {
        return bad(format!("contains the invisible or control character U+{:04X}", u32::from(c)));
    }
    if value.trim().is_empty() {
        return bad("is empty".to_owned());
    }
    Ok(())
}

/// Checks that a value cannot be read back as more than itself: it may not hold a
/// separator followed by a field's label, in either language (`；地址`, `; note`),
/// which parsing could take for the start of another field. (With the label alone, not
/// only label and colon, no match can begin inside a value and end in the separator or
/// signature that follows it.)
fn check_value(path: &str, value: &str) -> Result<(), RemarkError> {
    check_text(path, value)?;
    for lang in [Lang::Zh, Lang::En] {
        let s = Syntax::of(lang);
        // Only where the separator occurs (rarely) are the labels compared.
        for (at, _) in value.match_indices(s.sep) {
            let after = value.get(at + s.sep.len()..).unwrap_or_default();
            if let Some(field) = FIELDS.iter().find(|f| after.starts_with(f.label(lang))) {
                return Err(RemarkError::BadField {
                    path: path.to_owned(),
                    message: format!(
                        "contains `{}{}`, which would read back as another field",
                        s.sep,
                        field.label(lang)
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Whether a text can stand as a detail's value in an entry (see [`validate_entry`]).
pub fn is_writable_value(value: &str) -> bool {
    check_value("", value).is_ok()
}

/// Checks that an entry can be written: the agent's name and every value visible, on
/// one line, free of control and format characters; the name free of the signature's
/// delimiters; no value able to pass for another field.
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
            check_value(&format!("entry.details.{}", field.name()), &v)?;
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

/// An entry without its signer: the text a QA fix asks an agent to paste, with the
/// signature's places marked (`客服`, `YYYY-MM-DD HH:MM`) for them to fill.
pub fn render_template(reason: Reason, details: &Details) -> String {
    render_parts(reason, details, "客服", "YYYY-MM-DD HH:MM", Lang::Zh)
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
