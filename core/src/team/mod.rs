//! Team performance (domain.md §8): the supervisor's side of the desk. `table.rs` reads
//! the shops' indicator tables by header name and `kpi.rs` scores them (R-KPI-*);
//! `chat.rs` reads chat transcripts into sessions and `qa.rs` reviews them (R-QA-*).
//! Above the policy (which holds the numbers) and the reply guard, below the api.

#[cfg(feature = "team")]
pub mod chat;
pub mod kpi;
#[cfg(feature = "team")]
pub mod qa;
pub mod table;
