//! The `isym-conform` command line: `run`, `list`, `lint`, `coverage`, `certify`, `verify`,
//! `baseline`, `compare`, `export openapi`. Each command returns the documented exit code
//! (DESIGN §5).

mod args;
mod bundle_cmds;
mod commands;

use std::process::ExitCode;

pub use args::*;
pub use commands::run_settings;

/// The exit code when standard output was closed before everything was printed
/// (`isym-conform list | head`): 128 + SIGPIPE, as a shell reports a process the signal ended.
pub const EXIT_STDOUT_CLOSED: i32 = 141;

/// Makes a closed standard output end the process quietly with [`EXIT_STDOUT_CLOSED`] instead
/// of a panic and its backtrace (Rust ignores SIGPIPE, so a print to a closed pipe panics).
/// Other panics keep the default report.
pub fn quiet_when_stdout_closes() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(EXIT_STDOUT_CLOSED);
        }
        default(info)
    }));
}

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
