//! A batch run set up and counted: reading the inputs into the pipeline (`stream.rs`),
//! the shop's policy loaded into the engine (`policy.rs`), the counts the summaries
//! print (`summary.rs`), the time a scan runs at (`now.rs`). Between the pipeline below and the reports and commands above.

pub mod evaluations;
pub mod now;
pub mod policy;
pub mod stream;
pub mod summary;
