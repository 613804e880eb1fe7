//! Executing cases: checks, assertions, snapshots, captures, the case runner (requests go
//! through [`crate::http`]).

pub mod assert;
mod capture;
pub mod case;
pub mod checks;
pub mod gate;
mod items;
pub mod snapshot;

pub use case::run_case;
