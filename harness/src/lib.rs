//! isym-conform: conformance harness for the iSymphony Live REST API.
#![forbid(unsafe_code)]

pub mod baseline;
pub mod bundle;
pub mod redact;
pub mod report;
pub mod result;
