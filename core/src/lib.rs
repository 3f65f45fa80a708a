//! # kefu-core
//!
//! The rules core of kefu: how a Taobao/Tmall service desk handles orders. It reads
//! orders and requests as values and returns decisions and findings as values; it has
//! no IO at all (no files, network, clock, environment or randomness), so the same code
//! runs natively, as a WebAssembly guest under wasmtime, and in the browser, and gives
//! the same bytes in each.
//!
//! Layers, bottom up; each imports only from the layers below it (ARCHITECTURE.md):
//!
//! - [`model`]: plain data and its parsing: money in fen, timestamps, bilingual text,
//!   errors and every error code ([`Code`](model::code::Code), one table), the order,
//!   the case, flags, escalation levels.
//! - [`ingest`]: the marketplace's exports (rows mapped by header name) and trade
//!   objects, made into orders that say which facts their source lacks.
//! - [`remark`]: the seller memo's entries, rendered, parsed and appended without loss
//!   (R-REMARK-1..5).
//! - [`lint`]: QA findings over existing orders (R-REMARK-6).
//! - [`policy`]: the shop's parameters, the default reply templates (what a decision
//!   says, chosen by a tree) and the default phrasebook (what an agent picks) included.
//! - [`decision`]: what a decision says, the [`Draft`](decision::Draft) the trees fill,
//!   and how a draft becomes a decision.
//! - [`trees`]: the rulebook's decision trees, one file per part.
//! - [`decide`]: the order of evaluation, and the hook points shop rules use.
//! - [`guard`]: the reply guard (R-WORD-*).
//! - [`phrasebook`]: the shop's phrases (R-WORD-SCRIPTS) filled from an order as quick
//!   replies, checked by the guard; not the decision's reply templates.
//! - [`names`]: the Chinese and English name of every id a host may show (the
//!   `names` operation).
//! - [`script`]: shop policies in Rhai, sandboxed, as hooks at those points.
//! - [`api`]: the JSON-string entry point all hosts share.
//!
//! Beside them: [`registry`] (every rule id with its summary and source), [`expect`]
//! (expected items of a decision, for scenario and shop tests) and `fuzz` (the bodies
//! of the fuzz targets, replayed by `cargo test`).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod decide;
pub mod decision;
pub mod expect;
#[doc(hidden)]
pub mod fuzz;
pub mod guard;
pub mod impact;
pub mod ingest;
pub mod json_out;
pub mod lint;
pub mod model;
pub mod names;
pub mod phrasebook;
pub mod policy;
pub mod registry;
pub mod remark;
pub mod script;
pub mod team;
pub mod trees;

pub use decide::decide;
pub use decision::Decision;
pub use lint::{lint, Finding, LintOptions, OrderFindings};
pub use model::case::Case;
pub use model::error::ErrorReport;
pub use model::flag::{Flag, FlagConventions, FlagProposal, FlagResolution};
pub use model::money::Money;
pub use model::order::{Order, OrderError, OrderStatus};
pub use model::time::Timestamp;
pub use policy::Policy;
pub use remark::{append, render_entry, Entry, Remark, RemarkError, RemarkOptions};
pub use script::decide_with;
