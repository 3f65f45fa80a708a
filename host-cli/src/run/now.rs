//! The time a scan runs at, when the command line does not give it: the latest time in
//! the orders (an export is scanned as of when it was taken), read by the core in a first
//! pass; else this computer's clock. `kefu scan` and `kefu diff` (for orders) share it.

use std::io::Read;
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

use crate::cli::InputArgs;
use crate::engine::Engine;
use crate::error::HostError;
use crate::pipeline::batch::Outcome;
use crate::run::stream;
use crate::run::summary::{NowFrom, ScanTime};
use crate::select::EngineChoice;
use crate::source::Place;

/// The time to scan at: `--now`; else the latest time found in the orders (an export
/// is scanned as of when it was taken, not as of today: a two-week-old export scanned
/// at today's clock finds every order late); else, when the input is stdin (read only
/// once) or holds no time, this computer's clock. The summary and the reports say which.
///
/// The orders' times are read by the core, which maps the rows: a first pass lints the
/// inputs asking each order for its latest time (`"latest_at": true`), and the host
/// only keeps the greatest. Lint is the cheapest pass over every record; `--now` skips it.
pub fn scan_time(
    now: Option<&str>,
    paths: &[PathBuf],
    input: &InputArgs,
    batch: u32,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
) -> Result<ScanTime, HostError> {
    if let Some(at) = now {
        return Ok(ScanTime { at: at.to_owned(), from: NowFrom::Given });
    }
    let from_stdin = paths.is_empty() || paths.iter().any(|p| p.as_os_str() == "-");
    if !from_stdin {
        if let Some(at) = latest_in_inputs(paths, input, batch, choice, engine, stdin)? {
            let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
            return Ok(ScanTime { at, from: NowFrom::Export });
        }
    }
    Ok(ScanTime { at: now_in_shop_time(), from: NowFrom::Clock })
}

/// The latest time of any order in the inputs, read by the core (see [`scan_time`]).
fn latest_in_inputs(
    paths: &[PathBuf],
    input: &InputArgs,
    batch: u32,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, HostError> {
    // Its own reading set-up, so the run's summary counts each source once.
    let inputs = stream::inputs(input, stdin)?;
    let prepare = |_: &mut dyn Engine| {
        let mut extra = serde_json::Map::new();
        extra.insert("latest_at".into(), Value::Bool(true));
        Ok(extra)
    };
    let render = |_: Place, outcome: Outcome| -> Option<chrono::DateTime<chrono::FixedOffset>> {
        #[derive(Deserialize)]
        struct Latest {
            latest_at: Option<String>,
        }
        let Outcome::Done(raw) = outcome else { return None };
        let latest: Latest = serde_json::from_str(&raw).ok()?;
        chrono::DateTime::parse_from_rfc3339(&latest.latest_at?).ok()
    };
    let mut latest: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    stream::run(paths, input, &inputs, "lint", batch, choice, engine, &prepare, stdin, &render, &mut |at| {
        // Compared as instants; the time kept in its own offset, the shop's.
        if let Some(at) = at {
            if latest.is_none_or(|l| at > l) {
                latest = Some(at);
            }
        }
        Ok(())
    })?;
    Ok(latest)
}

/// The current time at +08:00, where the shops are: the host may read a clock, the core
/// never does.
fn now_in_shop_time() -> String {
    let utc = chrono::Utc::now();
    match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(shop) => utc.with_timezone(&shop).to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    }
}
