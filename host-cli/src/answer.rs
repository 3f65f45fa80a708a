//! Reading the core's answers on the host side: the envelope, a value by JSON pointer,
//! and text made safe for a terminal. Below everything that handles an answer.

use crate::error::HostError;

/// Parses the core's envelope.
pub fn envelope(answer: &str) -> Result<serde_json::Value, HostError> {
    let value: serde_json::Value = serde_json::from_str(answer).map_err(|e| HostError::Answer(e.to_string()))?;
    match value.get("type").and_then(|t| t.as_str()) {
        Some("success" | "failure") => Ok(value),
        _ => Err(HostError::Answer("no `type` in the answer".into())),
    }
}

/// The value at a JSON pointer, or null: reading an answer never panics. Our pointers
/// have no `~` escapes, so the tokens are looked up as they are (serde_json's
/// `pointer` unescapes every token, which showed in batch profiles).
pub fn at<'a>(value: &'a serde_json::Value, pointer: &str) -> &'a serde_json::Value {
    static NULL: serde_json::Value = serde_json::Value::Null;
    let mut here = value;
    for token in pointer.split('/').skip(1) {
        let next = match here {
            serde_json::Value::Object(map) => map.get(token),
            serde_json::Value::Array(list) => token.parse::<usize>().ok().and_then(|i| list.get(i)),
            _ => None,
        };
        here = next.unwrap_or(&NULL);
    }
    here
}

/// Text for a terminal: control, format and line-separator characters that came in
/// with the input (ESC, BEL, a bidirectional override, a zero-width space) are written as
/// `\u{...}`, never sent to the terminal to act on.
pub fn printable(line: &str) -> std::borrow::Cow<'_, str> {
    use kefu_core::api::acts_invisibly;
    if !line.chars().any(acts_invisibly) {
        return std::borrow::Cow::Borrowed(line);
    }
    std::borrow::Cow::Owned(
        line.chars()
            .map(|c| if acts_invisibly(c) { format!("\\u{{{:x}}}", u32::from(c)) } else { c.to_string() })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn pointers_walk_objects_and_arrays() {
        let v = serde_json::json!({"a": {"b": [1, {"c": "x"}]}});
        assert_eq!(super::at(&v, "/a/b/1/c"), "x");
        assert_eq!(super::at(&v, "/a/b/7"), &serde_json::Value::Null);
        assert_eq!(super::at(&v, ""), &v);
    }

    #[test]
    fn terminal_escapes_are_shown_not_sent() {
        assert_eq!(super::printable("a\u{1b}[31mb\u{7}c\u{202e}d"), "a\\u{1b}[31mb\\u{7}c\\u{202e}d");
        assert_eq!(super::printable("小王 ok"), "小王 ok");
    }
}
