//! Errors of the host itself (files, the wasm runtime), each with a stable code.

use kefu_core::api::{Code, ErrorReport};

/// Exit code: success, nothing found.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad input or an error.
pub const EXIT_ERROR: u8 = 2;

/// Something went wrong outside the core.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// A file or stdin could not be read (`KEFU-IO`).
    #[error("cannot read {path}: {source}")]
    Io {
        /// What was being read.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The output could not be written, such as a full disk (`KEFU-IO-WRITE`).
    #[error("cannot write {what}: {source}")]
    Write {
        /// What was being written.
        what: String,
        /// Why.
        source: std::io::Error,
    },
    /// The guest ran out of fuel (`KEFU-HOST-FUEL`).
    #[error("the guest ran out of fuel ({fuel} units per call); the input is too large or too costly for one call; raise --fuel if it is legitimate")]
    OutOfFuel {
        /// The budget per call.
        fuel: u64,
    },
    /// The guest hit the memory cap (`KEFU-HOST-MEMORY`).
    #[error("the guest hit the memory cap of {cap_mib} MiB; raise --max-memory if the input is legitimate")]
    MemoryCap {
        /// The cap.
        cap_mib: u64,
    },
    /// The guest trapped for another reason (`KEFU-HOST-TRAP`).
    #[error("the guest module trapped: {0}")]
    Trap(String),
    /// The module could not be compiled, loaded or linked (`KEFU-HOST-MODULE`).
    #[error("cannot load the guest module: {0}")]
    Module(String),
    /// The module speaks another ABI version (`KEFU-HOST-ABI`).
    #[error("the guest module speaks ABI version {found}, this kefu speaks {expected}")]
    Abi {
        /// The module's version.
        found: u32,
        /// Ours.
        expected: u32,
    },
    /// The core refused the call as a whole, such as an invalid policy; carries the
    /// core's own error report and code.
    #[error("{}", .0.get("message").and_then(|m| m.as_str()).unwrap_or("the core refused the input"))]
    Core(serde_json::Value),
    /// The core answered with something that is not its envelope (`KEFU-HOST-ANSWER`).
    #[error("the core answered with malformed JSON: {0}")]
    Answer(String),
    /// An argument's value cannot be used (`KEFU-USAGE`).
    #[error("{0}")]
    Usage(String),
}

impl HostError {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            HostError::Io { .. } => Code::Io,
            HostError::Write { .. } => Code::IoWrite,
            HostError::OutOfFuel { .. } => Code::HostFuel,
            HostError::MemoryCap { .. } => Code::HostMemory,
            HostError::Trap(_) => Code::HostTrap,
            HostError::Module(_) => Code::HostModule,
            HostError::Abi { .. } => Code::HostAbi,
            HostError::Answer(_) => Code::HostAnswer,
            HostError::Core(_) => Code::Core,
            HostError::Usage(_) => Code::Usage,
        }
    }

    /// Whether the error concerns one call's input (so retrying records one by one can
    /// isolate the culprit) rather than the engine as a whole.
    pub fn is_per_call(&self) -> bool {
        matches!(self, HostError::OutOfFuel { .. } | HostError::MemoryCap { .. } | HostError::Trap(_))
    }

    /// The stable code as printed: the core's own code for a refused call.
    pub fn printed_code(&self) -> String {
        match self {
            HostError::Core(v) => v.get("code").and_then(|c| c.as_str()).unwrap_or(Code::Core.as_str()).to_owned(),
            other => other.code().as_str().to_owned(),
        }
    }

    /// As the flat report the core uses.
    pub fn report(&self) -> ErrorReport {
        match self {
            HostError::Core(v) => {
                serde_json::from_value(v.clone()).unwrap_or_else(|_| ErrorReport::of(Code::Core, self.to_string()))
            }
            other => ErrorReport::of(other.code(), other.to_string()),
        }
    }
}

/// An error as the CLI prints it on stderr: `kefu: error[CODE]: <Chinese title>：<detail>`.
/// The code's Chinese title comes first for the people who read it (the table in
/// core/src/model/code.rs); the `kefu: error[CODE]: ` prefix stays for scripts that read
/// stderr. A code the table does not know is printed with its detail alone.
pub fn error_line(code: &str, detail: &str) -> String {
    let title = Code::parse(code).map(|c| format!("{}：", c.title_zh())).unwrap_or_default();
    format!("kefu: error[{code}]: {title}{detail}")
}
