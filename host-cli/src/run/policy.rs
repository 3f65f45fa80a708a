//! The shop's policy for a run: read once from its file (it may be stdin), then loaded
//! into each worker's engine (a Rhai script compiled under a handle, a JSON policy
//! carried inline).

use std::io::Read;

use serde_json::{Map, Value};

use crate::answer::at;
use crate::cli::ScriptArgs;
use crate::engine::Engine;
use crate::error::HostError;
use crate::source::read_source;

/// A policy as read once from its file, loaded into each worker's engine.
pub struct PolicySource {
    /// Where it was read from.
    pub path: std::path::PathBuf,
    bytes: Vec<u8>,
    max_operations: u64,
}

/// Reads the policy file once (it may be stdin).
pub fn read_policy(
    path: Option<&std::path::Path>,
    limits: &ScriptArgs,
    stdin: &mut dyn Read,
) -> Result<Option<PolicySource>, HostError> {
    let Some(path) = path else { return Ok(None) };
    let bytes = read_source(path, stdin)?;
    Ok(Some(PolicySource { path: path.to_owned(), bytes, max_operations: limits.script_max_operations }))
}

/// Loads a policy into an engine for every call of this run: a Rhai script (`.rhai`) is
/// compiled once in the engine's session and named by its handle; a JSON policy travels
/// inline.
pub fn policy_fields(policy: Option<&PolicySource>, engine: &mut dyn Engine) -> Result<Map<String, Value>, HostError> {
    Ok(load_policy(policy, engine)?.0)
}

/// [`policy_fields`], with the ids of the script's own rules (none for a JSON policy).
pub fn load_policy(
    policy: Option<&PolicySource>,
    engine: &mut dyn Engine,
) -> Result<(Map<String, Value>, Vec<String>), HostError> {
    let mut extra = Map::new();
    let Some(p) = policy else { return Ok((extra, Vec::new())) };
    let path = &p.path;
    if path.extension().is_some_and(|e| e == "rhai") {
        let source = String::from_utf8(p.bytes.clone()).map_err(|e| HostError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })?;
        let input = serde_json::json!({
            "name": path.display().to_string(),
            "source": source,
            "limits": { "max_operations": p.max_operations },
        });
        let answer = crate::answer::envelope(&engine.call("policy.load", &input.to_string())?)?;
        if at(&answer, "/type") == "failure" {
            return Err(HostError::Core(at(&answer, "/errors/0").clone()));
        }
        extra.insert("policy_handle".into(), at(&answer, "/result/handle").clone());
        let rules = at(&answer, "/result/rules").as_array().into_iter().flatten();
        let ids = rules.filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_owned)).collect();
        return Ok((extra, ids));
    }
    let policy: Value = serde_json::from_slice(&p.bytes).map_err(|e| {
        HostError::Core(serde_json::json!({
            "code": kefu_core::api::Code::InputJson.as_str(),
            "message": format!("the policy {} is not valid JSON: {e}", path.display()),
            "path": path.display().to_string(),
            "line": e.line(),
            "column": e.column(),
        }))
    })?;
    extra.insert("policy".into(), policy);
    Ok((extra, Vec::new()))
}

/// The rulebook's rules a decision can cite (applied in decisions and the scan), from
/// the core's registry.
pub fn decision_rules(engine: &mut dyn Engine) -> Result<Vec<String>, HostError> {
    let answer = crate::answer::envelope(&engine.call("rules", "{}")?)?;
    let rules = crate::answer::at(&answer, "/result/rules").as_array().cloned().unwrap_or_default();
    Ok(rules
        .iter()
        .filter(|r| matches!(r.get("applies").and_then(Value::as_str), Some("decide" | "scan")))
        .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect())
}
