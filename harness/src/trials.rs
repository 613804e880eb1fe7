//! The `cargo test` front end: one libtest-mimic trial per case.
//!
//! Target from the environment: `ISYM_TARGET` (base URL), `ISYM_PROFILE` (profile file),
//! `ISYM_USERNAME`, `ISYM_PASSWORD`, `ISYM_LEVEL` (`core`, the default, or `extended`: a failure
//! above that level is shown as an ignored trial, not counted). With `ISYM_TARGET` unset the
//! reference server is started in-process on `127.0.0.1:0` with its own profile.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use crate::context::{ProfileSource, RunContext, Settings};
use crate::embedded::Embedded;
use crate::error::RunError;
use crate::exec::run_case;
use crate::render;
use crate::result::Verdict;
use crate::runner::{self, RunClock};
use crate::spec;

/// Runs the conformance suite as a libtest-compatible test binary (`harness = false`), with the
/// command-line arguments of the process; returns the exit code to end the process with.
pub fn conformance_main() -> ExitCode {
    let args = Arguments::from_args();
    match conformance(&args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("isym-conform: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// The directory holding `specs/` and `schemas/`: `ISYM_CATALOGUE` if set, else the catalogue
/// shipped beside this crate's sources, else the nearest ancestor of the current directory that
/// has a `specs/` directory.
pub fn catalogue_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("ISYM_CATALOGUE").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if shipped.join("specs").is_dir() {
        return shipped;
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    cwd.ancestors()
        .find(|dir| dir.join("specs").is_dir())
        .map_or(cwd.clone(), Path::to_path_buf)
}

/// Where the test front end writes reports: `ISYM_REPORT_DIR`, else `reports/` at the root of
/// the workspace being tested (the nearest ancestor with a `Cargo.lock`).
pub fn report_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ISYM_REPORT_DIR").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    cwd.ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or(&cwd)
        .join("reports")
}

/// `ISYM_LEVEL`: `core` (default) or `extended`; anything else is a usage error.
fn level_from_env() -> Result<crate::result::Level, RunError> {
    match env_nonempty("ISYM_LEVEL") {
        None => Ok(crate::result::Level::Core),
        Some(text) => crate::result::Level::from_name(&text).ok_or_else(|| {
            RunError::Usage(format!(
                "ISYM_LEVEL={text:?} is not a level: use core or extended"
            ))
        }),
    }
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Settings from the environment, and the embedded server when there is no target.
fn settings_from_env(root: &Path) -> Result<(Option<Embedded>, Settings), RunError> {
    let (specs, schemas) = (root.join("specs"), root.join("schemas"));
    let Some(target) = env_nonempty("ISYM_TARGET") else {
        let embedded = Embedded::start()?;
        let settings = embedded.settings(&specs, &schemas);
        return Ok((Some(embedded), settings));
    };
    let profile = match env_nonempty("ISYM_PROFILE") {
        Some(path) => PathBuf::from(path),
        None => {
            let path = root.join("targets").join("reference.yaml");
            eprintln!(
                "isym-conform: ISYM_PROFILE is unset; using {} for {target}",
                path.display()
            );
            path
        }
    };
    let mut settings = Settings::new(root, ProfileSource::File(profile));
    settings.target = Some(target);
    settings.update_snapshots = env_nonempty("ISYM_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    Ok((None, settings))
}

fn conformance(args: &Arguments) -> Result<ExitCode, RunError> {
    let root = catalogue_root();
    if args.list {
        // Listing sends nothing and needs no target.
        let catalogue = spec::load_catalogue(&root.join("specs"))?;
        let trials = catalogue
            .cases
            .into_iter()
            .map(|case| Trial::test(case.id, || Ok(())))
            .collect();
        return Ok(libtest_mimic::run(args, trials).exit_code());
    }
    let (embedded, mut settings) = settings_from_env(&root)?;
    settings.level = level_from_env()?;
    if embedded.is_some() {
        settings.update_snapshots = env_nonempty("ISYM_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    }
    let clock = RunClock::start();
    let ctx = Arc::new(RunContext::build(&settings)?);
    let results = Arc::new(Mutex::new(Vec::new()));
    // Trials in the order they must start: parallel cases (by name), then serial ones in
    // catalogue order. libtest-mimic hands trials to its threads in this order.
    let all: Vec<&spec::Case> = ctx.catalogue.cases.iter().collect();
    let (parallel, serial) = runner::schedule(&all);
    let order: Vec<(usize, bool)> = parallel
        .iter()
        .map(|c| (c, false))
        .chain(serial.iter().map(|c| (c, true)))
        .map(|(case, is_serial)| {
            let index = ctx
                .catalogue
                .cases
                .iter()
                .position(|c| c.id == case.id)
                .unwrap_or(0);
            (index, is_serial)
        })
        .collect();
    let gate = Arc::new(std::sync::OnceLock::<SerialGate>::new());
    let trials: Vec<Trial> = order
        .iter()
        .map(|&(index, is_serial)| {
            let (ctx, results, gate) = (Arc::clone(&ctx), Arc::clone(&results), Arc::clone(&gate));
            let name = ctx.catalogue.cases[index].id.clone();
            Trial::ignorable_test(name, move || {
                let gate = gate.get().expect("the gate is set before trials run");
                let _turn = gate.enter(index, is_serial);
                let result = run_case(&ctx, &ctx.catalogue.cases[index]);
                let outcome = match result.verdict {
                    Verdict::Pass | Verdict::Warn => Ok(Completion::Completed),
                    Verdict::NotApplicable => Ok(Completion::ignored_with(format!(
                        "not applicable: {}",
                        result.reason.as_deref().unwrap_or("")
                    ))),
                    // Above the run's level a failure is reported, not counted (ISYM_LEVEL).
                    Verdict::Fail | Verdict::Error if !ctx.level.counts(result.level) => {
                        Ok(Completion::ignored_with(format!(
                            "{} at the {} level, not counted (ISYM_LEVEL=extended counts it)",
                            result.verdict.as_str(),
                            result.level.as_str()
                        )))
                    }
                    Verdict::Fail | Verdict::Error => {
                        Err(Failed::from(render::failure_block(&result, &ctx.redactor)))
                    }
                };
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(result);
                outcome
            })
        })
        .collect();
    let selected: Vec<(usize, bool)> = order
        .iter()
        .zip(&trials)
        .filter(|(_, trial)| !args.is_filtered_out(trial) && !args.is_ignored(trial))
        .map(|(entry, _)| *entry)
        .collect();
    let _ = gate.set(SerialGate::new(&selected));
    let conclusion = libtest_mimic::run(args, trials);
    let full_suite = args.filter.is_none() && args.skip.is_empty() && !args.ignored && !args.exact;
    if full_suite {
        let results = std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()));
        let report = runner::build_report(&ctx, results, clock);
        let dir = report_dir();
        crate::report::write_all(&report, &ctx.redactor, &dir)?;
        eprintln!("isym-conform: reports written to {}", dir.display());
    }
    let not_recorded = ctx.snapshots_not_recorded();
    if not_recorded > 0 {
        eprintln!("isym-conform: {not_recorded} snapshot check(s) not applicable: nothing recorded for this target");
    }
    drop(ctx);
    drop(embedded);
    Ok(conclusion.exit_code())
}

/// Makes serial trials run one at a time, in catalogue order, after every selected parallel
/// trial has finished. Only selected trials take part, so a filtered run never waits for a trial
/// that will not run; trials start in order, so a waiting trial's predecessors have all started.
struct SerialGate {
    tickets: std::collections::HashMap<usize, usize>,
    state: Mutex<GateState>,
    turn: std::sync::Condvar,
}

struct GateState {
    parallel_left: usize,
    next_ticket: usize,
}

/// Held while a trial runs; lets the next serial trial go when dropped.
struct Turn<'a> {
    gate: &'a SerialGate,
    serial: bool,
}

impl SerialGate {
    fn new(selected: &[(usize, bool)]) -> SerialGate {
        let tickets = selected
            .iter()
            .filter(|(_, serial)| *serial)
            .enumerate()
            .map(|(ticket, (index, _))| (*index, ticket))
            .collect();
        SerialGate {
            tickets,
            state: Mutex::new(GateState {
                parallel_left: selected.iter().filter(|(_, serial)| !serial).count(),
                next_ticket: 0,
            }),
            turn: std::sync::Condvar::new(),
        }
    }

    fn enter(&self, index: usize, serial: bool) -> Turn<'_> {
        if serial {
            if let Some(&ticket) = self.tickets.get(&index) {
                let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                while state.parallel_left > 0 || state.next_ticket != ticket {
                    state = self.turn.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
        Turn { gate: self, serial }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut state = self.gate.state.lock().unwrap_or_else(|e| e.into_inner());
        if self.serial {
            state.next_ticket += 1;
        } else {
            state.parallel_left = state.parallel_left.saturating_sub(1);
        }
        self.gate.turn.notify_all();
    }
}
