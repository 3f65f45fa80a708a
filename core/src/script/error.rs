//! Script errors: a stable code, the file, the 1-based position and the source line with
//! a caret, whether the script failed to parse, to run its top level, or in a hook.

use rhai::{Dynamic, EvalAltResult, Position};

use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::money::Money;

/// Why a script could not be compiled or run. Every variant names the file; positions
/// are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", location(*line, *column))]
pub struct ScriptError {
    code: Code,
    message: String,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    snippet: Option<String>,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl ScriptError {
    /// The stable code (`KEFU-SCRIPT-...`).
    pub fn code(&self) -> Code {
        self.code
    }

    /// The flat report, with `path` = the file, the position, and the source line with
    /// a caret under the column.
    pub fn report(&self) -> ErrorReport {
        ErrorReport {
            line: self.line.map(|l| l as u64),
            column: self.column.map(|c| c as u64),
            snippet: self.snippet.clone(),
            ..ErrorReport::of(self.code, self.to_string()).at(self.file.clone())
        }
    }
}

impl ScriptError {
    /// An error about the script as a whole, with no position in it.
    pub(super) fn whole(code: Code, file: &str, message: String) -> Self {
        ScriptError { code, message, file: file.to_owned(), line: None, column: None, snippet: None }
    }
}

fn snippet(source: &str, line: Option<usize>, column: Option<usize>) -> Option<String> {
    let line_no = line?;
    let text = source.lines().nth(line_no.checked_sub(1)?)?;
    let gutter = format!("{line_no}");
    let pad = " ".repeat(gutter.len());
    let caret = match column {
        Some(c) => format!(
            "{}^",
            " ".repeat(text.chars().take(c.saturating_sub(1)).map(|ch| if ch == '\t' { 4 } else { 1 }).sum())
        ),
        None => String::new(),
    };
    Some(format!("{gutter} | {text}\n{pad} | {caret}"))
}

pub(super) fn error_at(code: Code, message: String, file: &str, source: &str, pos: Position) -> ScriptError {
    let (line, column) = (pos.line(), pos.position());
    ScriptError { code, message, file: file.to_owned(), line, column, snippet: snippet(source, line, column) }
}

/// The innermost error and where it happened: Rhai wraps errors raised inside functions.
fn innermost(err: &EvalAltResult) -> (&EvalAltResult, Position) {
    match err {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, pos) => {
            let (e, p) = innermost(inner);
            (e, if p.is_none() { *pos } else { p })
        }
        other => (other, other.position()),
    }
}

pub(super) fn runtime_error(err: &EvalAltResult, file: &str, source: &str, during: &str) -> ScriptError {
    let (inner, pos) = innermost(err);
    let (code, what) = match inner {
        EvalAltResult::ErrorTerminated(_, _) => {
            (Code::ScriptDeadline, "the script ran past the host's time budget for one call".to_owned())
        }
        EvalAltResult::ErrorTooManyOperations(_) => {
            (Code::ScriptOperations, "the script ran past its operation limit (an endless loop?)".to_owned())
        }
        EvalAltResult::ErrorStackOverflow(_) => {
            (Code::ScriptDepth, "the script nested calls past the call-depth limit (runaway recursion?)".to_owned())
        }
        EvalAltResult::ErrorDataTooLarge(what, _) => {
            (Code::ScriptSize, format!("{} grew past its size limit", what.to_ascii_lowercase()))
        }
        EvalAltResult::ErrorTooManyVariables(_) => (Code::ScriptSize, "too many variables".to_owned()),
        EvalAltResult::ErrorRuntime(value, _) => {
            match value.clone().into_string().ok().and_then(|v| v.strip_prefix(VALUE_TAG).map(str::to_owned)) {
                Some(message) => (Code::ScriptValue, message),
                None => (Code::ScriptThrow, format!("the script threw `{value}`")),
            }
        }
        EvalAltResult::ErrorMismatchOutputType(want, got, _) => {
            (Code::ScriptReturnType, format!("expected {want}, the script returned {got}"))
        }
        EvalAltResult::ErrorParsing(kind, _) => (Code::ScriptSyntax, kind.to_string()),
        other => (Code::ScriptRuntime, other.to_string().split(" (line ").next().unwrap_or_default().to_owned()),
    };
    error_at(code, format!("{during}: {what}"), file, source, pos)
}

/// A value a hook passed that kefu cannot use; tagged so that it is reported as
/// `KEFU-SCRIPT-VALUE`, not as a throw of the script's own.
pub(super) fn bad_value(message: String) -> Box<EvalAltResult> {
    EvalAltResult::ErrorRuntime(Dynamic::from(format!("{VALUE_TAG}{message}")), Position::NONE).into()
}

const VALUE_TAG: &str = "[kefu value] ";

/// What a function registered for hooks returns.
pub(super) type HookResult<T> = Result<T, Box<EvalAltResult>>;

/// An amount a hook passed as a decimal string.
pub(super) fn parse_money(text: &str, what: &str) -> HookResult<Money> {
    Money::parse(text).map_err(|e| bad_value(format!("{what}: {e}")))
}
