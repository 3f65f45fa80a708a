//! Service evaluations (the platform's EvalDetail) as a supervisor keeps them: a JSON
//! array or NDJSON. `kefu kpi` counts them per agent and period, `kefu qa` joins them to
//! the buyer's chat.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::error::HostError;
use crate::source::read_source;

/// Reads `--evaluations` as a JSON array of objects; the core reads each field.
pub fn read_evaluations(path: &Path, stdin: &mut dyn Read) -> Result<Value, HostError> {
    let text = String::from_utf8_lossy(&read_source(path, stdin)?).into_owned();
    let bad =
        |e: serde_json::Error| HostError::Usage(format!("--evaluations {}: not JSON evaluations: {e}", path.display()));
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let list: Vec<Value> = if trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(bad)?
    } else {
        serde_json::Deserializer::from_str(trimmed).into_iter::<Value>().collect::<Result<_, _>>().map_err(bad)?
    };
    Ok(Value::Array(list))
}
