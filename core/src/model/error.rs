//! Errors as hosts see them: a stable code, a message that names the field, and where.
//!
//! Each area has its own error type (`OrderError`, `RemarkError`, `MoneyError`,
//! `ScriptError`); every one of them turns into an [`ErrorReport`], the flat shape that
//! crosses the JSON boundary, so the CLI, the guest module and the browser print the
//! same thing.

use serde::{Deserialize, Serialize};

use super::code::Code;

/// A core error flattened for hosts. Field names are part of the JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorReport {
    /// Stable code, `KEFU-<AREA>-<WHAT>`; support staff search for it.
    pub code: String,
    /// One line for a human, naming the field or the offending input.
    pub message: String,
    /// Path of the offending field inside the input, such as `items[1].unit_price`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line inside the input text, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column inside the input text, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// For limit errors: the limit that was hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// For limit errors: by how much the input is over the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_by: Option<u64>,
    /// For limit errors: what `limit` and `over_by` count (`bytes` or `chars`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// For script errors: the source line and a caret under the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl ErrorReport {
    /// A report with a code and a message only. The code is a [`Code`], never a string,
    /// so that a misspelt code does not compile.
    pub fn of(code: Code, message: impl Into<String>) -> Self {
        ErrorReport {
            code: code.as_str().to_owned(),
            message: message.into(),
            path: None,
            line: None,
            column: None,
            limit: None,
            over_by: None,
            unit: None,
            snippet: None,
        }
    }

    /// The same report naming a field.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.path = if path.is_empty() { None } else { Some(path) };
        self
    }

    /// The same report for an input over a limit: the limit, by how much the input is
    /// over it, and what both count (`bytes`, `chars`, `items`).
    pub fn over_limit(mut self, limit: u64, over_by: u64, unit: &str) -> Self {
        self.limit = Some(limit);
        self.over_by = Some(over_by);
        self.unit = Some(unit.to_owned());
        self
    }
}

impl std::fmt::Display for ErrorReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// Serde only carries strings out of a custom deserializer; kefu's own deserializers
/// put their stable code in front (`[KEFU-INPUT-MONEY] ...`) so that [`from_json`]
/// can recover it instead of guessing from the wording (a tag that is no [`Code`] is
/// read as any other message).
pub(crate) fn tagged(code: Code, message: impl std::fmt::Display) -> String {
    format!("[{code}] {message}")
}

/// Deserializes `text` into `T`, turning any failure into an [`ErrorReport`] with the
/// path of the offending field. `what` names the input in messages ("order").
///
/// Valid input is read once, plainly: the path is worked out only for a failure, from
/// where serde_json stopped ([`path_at`]). Tracking the path of every field while
/// parsing (serde_path_to_error) cost more than the parse itself and compiled every
/// input type a second time, 190 KB of the browser package.
pub fn from_json<'de, T: Deserialize<'de>>(text: &'de str, what: &str) -> Result<T, Box<ErrorReport>> {
    serde_json::from_str(text).map_err(|err| json_failure(text, what, &err))
}

/// [`from_json`]'s failure, the same for every type: kept out of the generic function so
/// that its twenty-odd copies in the browser package are each a call.
#[inline(never)]
fn json_failure(text: &str, what: &str, err: &serde_json::Error) -> Box<ErrorReport> {
    let path = match err.classify() {
        serde_json::error::Category::Data => path_at(text, err.line(), err.column()),
        serde_json::error::Category::Syntax if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() => {
            return Box::new(wrong_kind(text, err, what));
        }
        _ => String::new(),
    };
    Box::new(report_serde(err, &path, what))
}

/// A "syntax" error in text that is valid JSON: serde_json says so when a field that
/// takes a name (an enum such as `status`) holds `null`, a number, `true` or a list,
/// having only peeked at it. The column is that value's first byte, so the path is
/// worked out from the text before it.
fn wrong_kind(text: &str, err: &serde_json::Error, what: &str) -> ErrorReport {
    let (line, column) = (err.line(), err.column());
    let path = path_at(text, line, column.saturating_sub(1));
    let at = line_start(text, line).saturating_add(column.saturating_sub(1));
    let rest = text.get(at..).unwrap_or_default();
    let found = if rest.starts_with('[') {
        "a list".to_owned()
    } else {
        let token: String =
            rest.chars().take_while(|c| !matches!(c, ',' | ']' | '}') && !c.is_whitespace()).take(24).collect();
        format!("`{token}`")
    };
    let message = format!(
        "{}: {found} is not a value this field takes; it takes a name, as a JSON string",
        field_name(&path, what)
    );
    let mut report = ErrorReport::of(Code::InputValue, message).at(path);
    report.line = Some(line as u64);
    report.column = Some(column as u64);
    report
}

/// The byte where 1-based `line` starts (the text's end past the last line).
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
    }
}

/// The path (`items[0].unit_price`) of the value serde_json was reading when it failed
/// at `line`:`column` (1-based; the column is the last byte it consumed).
///
/// serde_json reports a value's error after consuming the value, a key's (unknown field,
/// unknown variant) after the key's closing quote, and a missing field after the
/// object's closing brace: a key stays current until the `,` or bracket after its
/// value, so the first two name the key and the third names the object. The scan
/// only has to follow brackets, commas and strings: the text up to that point has
/// already parsed.
pub(crate) fn path_at(text: &str, line: usize, column: usize) -> String {
    let consumed = line_start(text, line).saturating_add(column).min(text.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut bytes = text.as_bytes().iter().take(consumed);
    while let Some(&b) = bytes.next() {
        match b {
            b'"' => {
                let is_key = matches!(frames.last(), Some(Frame::Object { awaiting_key: true, .. }));
                let mut raw = Vec::new();
                while let Some(&c) = bytes.next() {
                    match c {
                        b'"' => break,
                        b'\\' => {
                            raw.push(c);
                            if let Some(&escaped) = bytes.next() {
                                raw.push(escaped);
                            }
                        }
                        _ => raw.push(c),
                    }
                }
                if let (true, Some(Frame::Object { key, awaiting_key })) = (is_key, frames.last_mut()) {
                    *key = Some(json_key(&raw));
                    *awaiting_key = false;
                }
            }
            b'{' => frames.push(Frame::Object { key: None, awaiting_key: true }),
            b'[' => frames.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object { key, awaiting_key }) => {
                    *key = None;
                    *awaiting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
    }
    let mut path = String::new();
    for frame in &frames {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                use std::fmt::Write as _;
                let _ = write!(path, "[{index}]");
            }
        }
    }
    path
}

/// An open container while [`path_at`] scans.
enum Frame {
    Object { key: Option<String>, awaiting_key: bool },
    Array { index: usize },
}

/// A key as written between its quotes, unescaped.
fn json_key(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    if !raw.contains(&b'\\') {
        return text.into_owned();
    }
    serde_json::from_str::<String>(&format!("\"{text}\"")).unwrap_or_else(|_| text.into_owned())
}

fn report_serde(err: &serde_json::Error, path: &str, what: &str) -> ErrorReport {
    use serde_json::error::Category;
    let full = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    let path = if path == "." { "" } else { path };
    let mut report = match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            ErrorReport::of(Code::InputJson, format!("{what} is not valid JSON: {message}"))
        }
        Category::Data => classify_data(message, path, what),
    };
    if err.line() > 0 {
        report.line = Some(err.line() as u64);
        report.column = Some(err.column() as u64);
    }
    report
}

fn classify_data(message: &str, path: &str, what: &str) -> ErrorReport {
    // Our own deserializers tag their messages with a code.
    if let Some((code, msg)) = message.strip_prefix('[').and_then(|rest| rest.split_once("] ")) {
        if let Some(code) = Code::parse(code) {
            return ErrorReport::of(code, format!("{}: {msg}", field_name(path, what))).at(path);
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // The path already ends with the unknown field (see `path_at`).
        let name = rest.split('`').next().unwrap_or_default();
        let full = if path.is_empty() { name.to_owned() } else { path.to_owned() };
        let expected = rest.split_once(", ").map(|(_, e)| e).unwrap_or_default();
        return ErrorReport::of(Code::InputUnknownField, format!("unknown field `{full}` in {what}; {expected}"))
            .at(full);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let full = join_path(path, name);
        return ErrorReport::of(Code::InputMissingField, format!("{what} has no `{full}`, which is required")).at(full);
    }
    ErrorReport::of(Code::InputValue, format!("{}: {message}", field_name(path, what))).at(path)
}

fn field_name(path: &str, what: &str) -> String {
    if path.is_empty() {
        what.to_owned()
    } else {
        format!("`{path}`")
    }
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only deserialized, to see the errors")]
    struct Inner {
        amount: crate::Money,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only deserialized, to see the errors")]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn unknown_field_is_named_with_its_path() {
        let err = from_json::<Outer>(r#"{"items":[{"amount":"1.00","colour":1}]}"#, "order").unwrap_err();
        assert_eq!(err.code, Code::InputUnknownField.as_str());
        assert_eq!(err.path.as_deref(), Some("items[0].colour"));
    }

    #[test]
    fn tagged_errors_keep_their_code() {
        let err = from_json::<Outer>(r#"{"items":[{"amount":19.9}]}"#, "order").unwrap_err();
        assert_eq!(err.code, Code::InputMoney.as_str());
        assert_eq!(err.path.as_deref(), Some("items[0].amount"));
        assert!(err.message.starts_with("`items[0].amount`: amount is the JSON number"), "{}", err.message);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = from_json::<Outer>("{\"items\":[}", "order").unwrap_err();
        assert_eq!(err.code, Code::InputJson.as_str());
        assert_eq!(err.line, Some(1));
        let err = from_json::<Outer>(r#"{"items":[]} x"#, "order").unwrap_err();
        assert_eq!(err.code, Code::InputJson.as_str());
    }

    #[test]
    fn missing_fields_are_named() {
        let err = from_json::<Outer>(r#"{"items":[{}]}"#, "order").unwrap_err();
        assert_eq!(err.code, Code::InputMissingField.as_str());
        assert_eq!(err.path.as_deref(), Some("items[0].amount"));
    }

    #[test]
    fn paths_past_strings_escapes_and_lines() {
        // Brackets, commas and escaped quotes inside a string are not structure.
        let text = "{\"items\": [\n  {\"amount\": \"1,[}\\\"\"}]}";
        let err = from_json::<Outer>(text, "order").unwrap_err();
        assert_eq!(err.path.as_deref(), Some("items[0].amount"), "{err:?}");
        assert_eq!(err.line, Some(2));
        // The second item's error names index 1, on its own line.
        let text = "{\"items\": [\n  {\"amount\": \"1.00\"},\n  {\"amount\": 2}\n]}";
        let err = from_json::<Outer>(text, "order").unwrap_err();
        assert_eq!(err.path.as_deref(), Some("items[1].amount"), "{err:?}");
        assert_eq!(err.line, Some(3));
        // An escaped key is named unescaped.
        let err = from_json::<Outer>(r#"{"items":[{"amount":"1.00","co\u006cour":1}]}"#, "order").unwrap_err();
        assert_eq!(err.path.as_deref(), Some("items[0].colour"));
        // A wrong container names its key; a wrong top-level value names nothing.
        let err = from_json::<Outer>(r#"{"items":{}}"#, "order").unwrap_err();
        assert_eq!(err.path.as_deref(), Some("items"));
        let err = from_json::<Outer>("[]", "order").unwrap_err();
        assert_eq!(err.path, None);
    }

    #[test]
    fn null_or_a_number_where_a_name_goes_is_a_value_error_with_its_path() {
        // serde_json calls these syntax errors ("expected ident"), though the text is JSON.
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[allow(dead_code, reason = "only deserialized, to see the errors")]
        enum Kind {
            Paid,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code, reason = "only deserialized, to see the errors")]
        struct Line {
            kind: Kind,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code, reason = "only deserialized, to see the errors")]
        struct Doc {
            status: Kind,
            #[serde(default)]
            lines: Vec<Line>,
        }
        for (text, path, found) in [
            (r#"{"status": null}"#, "status", "`null`"),
            (r#"{"status": 3}"#, "status", "`3`"),
            (r#"{"status": -1.5e3, "lines": []}"#, "status", "`-1.5e3`"),
            (r#"{"status": true}"#, "status", "`true`"),
            (r#"{"status": ["paid"]}"#, "status", "a list"),
            (
                "{\"status\": \"paid\",\n \"lines\": [{\"kind\": \"paid\"}, {\"kind\": null}]}",
                "lines[1].kind",
                "`null`",
            ),
        ] {
            let err = from_json::<Doc>(text, "order").unwrap_err();
            assert_eq!(
                (err.code.as_str(), err.path.as_deref()),
                (Code::InputValue.as_str(), Some(path)),
                "{text}: {err:?}"
            );
            assert!(err.message.starts_with(&format!("`{path}`: {found} is not")), "{}", err.message);
        }
        // Text that is not JSON stays a JSON error.
        assert_eq!(from_json::<Doc>(r#"{"status": nul}"#, "order").unwrap_err().code, Code::InputJson.as_str());
    }

    #[test]
    fn path_at_stops_where_it_is_told() {
        let text = r#"{"a":[1,{"b":[true,"x"]}],"c":2}"#;
        let at = |column| path_at(text, 1, column);
        assert_eq!(at(0), "");
        assert_eq!(at(5), "a");
        assert_eq!(at(8), "a[1]");
        assert_eq!(at(18), "a[1].b[0]");
        assert_eq!(at(22), "a[1].b[1]");
        assert_eq!(at(24), "a[1]");
        assert_eq!(at(text.len()), "");
        assert_eq!(path_at(text, 7, 1), "", "a line past the end is the end");
    }
}
