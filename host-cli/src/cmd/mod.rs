//! One module per subcommand; what they share is below them (`run/`, `report/`,
//! `pipeline/`, `answer.rs`).

pub mod decide;
pub mod diff;
pub mod explain;
pub mod kpi;
pub mod lint;
pub mod qa;
pub mod scan;
pub mod schema;
pub mod single;
pub mod test;

use crate::error::HostError;

/// A subcommand failed outside the core's answers.
pub enum CmdError {
    /// Reading input or running the engine.
    Host(HostError),
    /// Writing output.
    Write(std::io::Error),
}

impl From<HostError> for CmdError {
    fn from(e: HostError) -> Self {
        CmdError::Host(e)
    }
}

impl From<serde_json::Error> for CmdError {
    fn from(e: serde_json::Error) -> Self {
        CmdError::Write(e.into())
    }
}

impl From<std::io::Error> for CmdError {
    fn from(e: std::io::Error) -> Self {
        CmdError::Write(e)
    }
}
