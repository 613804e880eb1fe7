//! The harness end to end, one test binary (as `reference/tests/router/` is): the CLI, the
//! fault matrix, the gate, the reports, the snapshots, remote targets. Each module is one
//! concern; `support` holds what they share. (`tests/conformance.rs` is its own binary: it is
//! the libtest-mimic front end.)

mod sample;
mod support;

mod cli;
mod faults;
mod gate;
mod html_report;
mod load_errors;
mod openapi;
mod own_calls;
mod quirks;
mod remote;
mod reports;
mod rerun;
mod snapshot_review;
mod stateful;
