//! The `isym-conform` command line: `run`, `list`, `lint`, `coverage`, `certify`, `verify`,
//! `baseline`, `compare`, `export openapi`. Each command returns the documented exit code
//! (DESIGN §5).

mod args;
mod bundle_cmds;
mod commands;

use std::process::ExitCode;

pub use args::*;
pub use commands::run_settings;

/// Runs a parsed command line; returns the documented exit code. The dispatch lives here, above
/// both command files, so that `bundle_cmds` (certify, verify, baseline, compare) may use the
/// run machinery of `commands` without a loop between them.
pub fn execute(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Run(args) => commands::run(&args),
        Command::List(args) => commands::list(&args),
        Command::Lint(args) => commands::lint(&args),
        Command::Coverage(args) => commands::coverage_cmd(&args),
        Command::Generate(args) => commands::generate(&args),
        Command::Certify(args) => bundle_cmds::certify(&args),
        Command::Verify(args) => bundle_cmds::verify(&args),
        Command::Baseline(args) => bundle_cmds::baseline(&args),
        Command::Compare(args) => bundle_cmds::compare(&args),
        Command::Export(ExportCommand::Openapi(args)) => commands::export_openapi(&args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("isym-conform: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
