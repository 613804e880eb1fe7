//! `isym-conform`: parse the command line, run it, exit with the documented code.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    isym_conform::cli::quiet_when_stdout_closes();
    isym_conform::cli::execute(isym_conform::cli::Cli::parse())
}
