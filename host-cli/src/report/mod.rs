//! What a batch run prints: the streamed JSON document and CSV (`out.rs`) and the HTML
//! report (`html.rs`), decisions in any of them (`decisions.rs`), a policy diff's
//! changes and totals (`diff.rs`), the scorecard page (`kpi.rs`), and the names people
//! read for the core's ids (`names.rs`). The commands choose; these write.

pub mod decisions;
pub mod diff;
pub mod html;
pub mod kpi;
pub mod names;
pub mod out;
