//! Team performance (domain.md §8): the supervisor's side of the desk. `table.rs` reads
//! the shops' indicator tables by header name, `kpi.rs` scores them (R-KPI-*). Above the policy (which holds the numbers),
//! below the api.

pub mod kpi;
pub mod table;
