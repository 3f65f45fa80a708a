//! # kefu-core
//!
//! The rules core of kefu: how a Taobao/Tmall service desk handles orders. It reads
//! orders and requests as values and returns decisions and findings as values; it has
//! no IO at all (no files, network, clock, environment or randomness), so the same code
//! runs natively, as a WebAssembly guest under wasmtime, and in the browser, and gives
//! the same bytes in each.
//!
//! Modules, one concept each:
//!
//! - [`money`]: yuan as integer fen; decimal strings at the boundary; never a float.
//! - [`time`]: RFC 3339 timestamps with offset; the caller supplies `now`.
//! - [`order`]: the order model (status, times, lines, receiver, flag, remark).
//! - [`flag`]: the six seller flags, the shop's meaning table and precedence (R-FLAG-*).
//! - [`remark`]: the seller memo: entries rendered, parsed and appended without loss
//!   (R-REMARK-1..5).
//! - [`lint`]: QA findings over existing orders (R-REMARK-6).
//! - [`case`], [`policy`], [`decision`]: what a decision reads, the shop's parameters,
//!   and what it says.
//! - [`cancel`], [`aftersales`], [`escalate`], [`proactive`]: the decision trees, one
//!   per part of the rulebook; [`decide`] runs them in order.
//! - [`wording`]: reply templates and the reply guard (R-WORD-*).
//! - [`script`]: shop policies in Rhai, compiled once, sandboxed, with hooks at named
//!   points of the trees.
//! - [`registry`]: every rule id with its summary and source.
//! - [`expect`]: expected items of a decision, for scenario and shop tests.
//! - [`error`]: the flat error report every host prints.
//! - [`api`]: the JSON-string entry point all hosts share.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod aftersales;
pub mod api;
pub mod cancel;
pub mod case;
pub mod decide;
pub mod decision;
pub mod error;
pub mod escalate;
pub mod expect;
pub mod flag;
pub mod lint;
pub mod money;
pub mod order;
pub mod policy;
pub mod proactive;
pub mod registry;
pub mod remark;
pub mod script;
pub mod text;
pub mod time;
pub mod wording;

pub use case::Case;
pub use decide::{decide, decide_with};
pub use decision::Decision;
pub use error::ErrorReport;
pub use flag::{Flag, FlagConventions, FlagProposal, FlagResolution};
pub use lint::{lint, Finding, LintOptions, OrderFindings};
pub use money::Money;
pub use order::{Order, OrderError, OrderStatus};
pub use policy::Policy;
pub use remark::{append, render_entry, Entry, Remark, RemarkError, RemarkOptions};
pub use time::Timestamp;
