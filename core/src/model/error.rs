//! Errors as hosts see them: a stable code, a message that names the field, and where.
//!
//! Each area has its own error type (`OrderError`, `RemarkError`, `MoneyError`,
//! `ScriptError`); every one of them turns into an [`ErrorReport`], the flat shape that
//! crosses the JSON boundary, so the CLI, the guest module and the browser print the
//! same thing.

use serde::{Deserialize, Serialize};

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
    /// A report with a code and a message only.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ErrorReport {
            code: code.to_owned(),
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
}

impl std::fmt::Display for ErrorReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// Serde only carries strings out of a custom deserializer; kefu's own deserializers
/// put their stable code in front (`[KEFU-INPUT-MONEY] ...`) so that [`from_json`]
/// can recover it instead of guessing from the wording.
pub(crate) fn tagged(code: &str, message: impl std::fmt::Display) -> String {
    format!("[{code}] {message}")
}

/// Deserializes `text` into `T`, turning any failure into an [`ErrorReport`] with the
/// path of the offending field. `what` names the input in messages ("order").
pub fn from_json<'de, T: Deserialize<'de>>(text: &'de str, what: &str) -> Result<T, Box<ErrorReport>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = match result {
        Ok(v) => v,
        Err(err) => {
            let path = err.path().to_string();
            return Err(Box::new(report_serde(err.inner(), &path, what)));
        }
    };
    de.end().map_err(|e| Box::new(report_serde(&e, "", what)))?;
    Ok(value)
}

/// [`from_json`] for the records read by the thousand (cases, orders): tracking the path
/// of every field costs more than the parse itself and only a failure needs it, so valid
/// input is read once, plainly, and invalid input again, tracked, for the report (the
/// same input fails the same way both times). Kept to these types because each one
/// compiled twice grows the browser package.
pub fn from_json_fast<'de, T: Deserialize<'de>>(text: &'de str, what: &str) -> Result<T, Box<ErrorReport>> {
    match serde_json::from_str(text) {
        Ok(value) => Ok(value),
        Err(_) => from_json(text, what),
    }
}

fn report_serde(err: &serde_json::Error, path: &str, what: &str) -> ErrorReport {
    use serde_json::error::Category;
    let full = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    let path = if path == "." { "" } else { path };
    let mut report = match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            ErrorReport::new("KEFU-INPUT-JSON", format!("{what} is not valid JSON: {message}"))
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
    if let Some(rest) = message.strip_prefix('[') {
        if let Some((code, msg)) = rest.split_once("] ") {
            return ErrorReport::new(code, format!("{}: {msg}", field_name(path, what))).at(path);
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // serde_path_to_error's path already ends with the unknown field.
        let name = rest.split('`').next().unwrap_or_default();
        let full = if path.is_empty() { name.to_owned() } else { path.to_owned() };
        let expected = rest.split_once(", ").map(|(_, e)| e).unwrap_or_default();
        return ErrorReport::new("KEFU-INPUT-UNKNOWN-FIELD", format!("unknown field `{full}` in {what}; {expected}"))
            .at(full);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let full = join_path(path, name);
        return ErrorReport::new("KEFU-INPUT-MISSING-FIELD", format!("{what} has no `{full}`, which is required"))
            .at(full);
    }
    ErrorReport::new("KEFU-INPUT-VALUE", format!("{}: {message}", field_name(path, what))).at(path)
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
        assert_eq!(err.code, "KEFU-INPUT-UNKNOWN-FIELD");
        assert_eq!(err.path.as_deref(), Some("items[0].colour"));
    }

    #[test]
    fn tagged_errors_keep_their_code() {
        let err = from_json::<Outer>(r#"{"items":[{"amount":19.9}]}"#, "order").unwrap_err();
        assert_eq!(err.code, "KEFU-INPUT-MONEY");
        assert_eq!(err.path.as_deref(), Some("items[0].amount"));
        assert!(err.message.starts_with("`items[0].amount`: amount is the JSON number"), "{}", err.message);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = from_json::<Outer>("{\"items\":[}", "order").unwrap_err();
        assert_eq!(err.code, "KEFU-INPUT-JSON");
        assert_eq!(err.line, Some(1));
        let err = from_json::<Outer>(r#"{"items":[]} x"#, "order").unwrap_err();
        assert_eq!(err.code, "KEFU-INPUT-JSON");
    }

    #[test]
    fn missing_fields_are_named() {
        let err = from_json::<Outer>(r#"{"items":[{}]}"#, "order").unwrap_err();
        assert_eq!(err.code, "KEFU-INPUT-MISSING-FIELD");
        assert_eq!(err.path.as_deref(), Some("items[0].amount"));
    }
}
