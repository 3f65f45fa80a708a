//! Team performance (domain.md §8): the supervisor's side of the desk. `kpi.rs` scores
//! the monthly indicator table (R-KPI-*). Above the policy (which holds the numbers),
//! below the api.

pub mod kpi;
