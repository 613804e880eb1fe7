//! The `isym-conform` command line: `run`, `list`, `lint`, `coverage`, `certify`, `verify`,
//! `baseline`, `compare`, `export openapi`. Each command returns the documented exit code
//! (DESIGN §5).

mod args;
mod bundle_cmds;
mod commands;

pub use args::*;
pub use commands::{execute, run_settings};
