//! What a batch run prints: the streamed JSON document and CSV (`out.rs`) and the HTML
//! report (`html.rs`), and decisions in any of them (`decisions.rs`). The commands choose; these write.

pub mod decisions;
pub mod html;
pub mod out;
