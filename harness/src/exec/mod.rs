//! Executing cases: HTTP client, checks, assertions, snapshots, the case runner.

pub mod assert;
mod capture;
pub mod case;
pub mod checks;
pub mod client;
pub mod exchange;
pub mod gate;
mod items;
pub mod snapshot;
pub mod tap;

pub use case::run_case;
