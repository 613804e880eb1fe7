//! isym-conform: conformance harness for the iSymphony Live REST API.
//!
//! One engine, two front ends. The catalogue (`specs/*.yaml`, `schemas/*.json`) is loaded and
//! checked ([`spec`], [`schema`]), a target profile ([`profile`]) is resolved through the API
//! ([`discovery`]) into one [`context::RunContext`], and every expanded case runs
//! ([`exec::run_case`]) into a [`result::CaseResult`]; reports are rendered afterwards
//! ([`report`]). After the cases, the stateful phase ([`stateful`]) runs seeded random sequences
//! of the documented actions against a model of the calls they make and shrinks a failure to
//! its shortest sequence. Front ends: the `isym-conform` CLI ([`cli`]) and a libtest-mimic test
//! binary ([`conformance_main`]). [`export::openapi`] describes the API the catalogue checks as an
//! OpenAPI 3.1 document.
//!
//! # Running the suite inside your own `cargo test`
//!
//! Add the harness as a dev-dependency and a test target without the default harness:
//!
//! ```toml
//! [dev-dependencies]
//! isym-conform = { git = "https://example.invalid/isym-conform" }
//!
//! [[test]]
//! name = "conformance"
//! harness = false
//! ```
//!
//! and `tests/conformance.rs`:
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     isym_conform::conformance_main()
//! }
//! ```
//!
//! Then `ISYM_TARGET=http://pbx:58080 ISYM_PROFILE=targets/pbx.yaml ISYM_PASSWORD=... cargo test
//! --test conformance` runs one trial per case (`cargo test --test conformance -- extensions/`
//! filters, `--list` lists; nextest works too). Without `ISYM_TARGET` the reference server is
//! started in-process. The catalogue shipped with the crate is used unless `ISYM_CATALOGUE` names
//! a directory holding `specs/` and `schemas/`. A full run writes `results.json` (and the other
//! reports) to `reports/` at the workspace root, or to `ISYM_REPORT_DIR`.
//!
//! Exit codes: 0 conformant, 1 non-conformant, 2 usage or spec error, 3 target unreachable.
#![forbid(unsafe_code)]

pub mod baseline;
pub mod bundle;
pub mod cli;
mod clock;
pub mod context;
pub mod coverage;
pub mod discovery;
pub mod embedded;
pub mod error;
pub mod exec;
pub mod export;
pub mod http;
pub mod names;
pub mod offline;
mod par;
pub mod profile;
pub mod redact;
pub mod render;
pub mod report;
pub mod result;
pub mod runner;
pub mod schedule;
pub mod schema;
pub mod spec;
pub mod stateful;
pub mod trials;

pub use trials::conformance_main;
