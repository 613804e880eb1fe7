//! The `cargo test` front end: one libtest-mimic trial per case.
//!
//! Target from the environment: `ISYM_TARGET` (base URL), `ISYM_PROFILE` (profile file),
//! `ISYM_USERNAME`, `ISYM_PASSWORD`, `ISYM_LEVEL` (`core`, the default, or `extended`: a failure
//! above that level is shown as an ignored trial, not counted). With `ISYM_TARGET` unset the
//! reference server is started in-process on `127.0.0.1:0` with its own profile. The stateful
//! phase's trials (`stateful/seed-<N>`) come last and wait for every selected catalogue trial;
//! `ISYM_STATEFUL_SEED`, `ISYM_STATEFUL_CASES`, `ISYM_STATEFUL_STEPS` and
//! `ISYM_STATEFUL_BUDGET_SECS` change their seed and budget (default: seed 1, 4 sequences of 8
//! steps, 20 s).

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
use crate::schedule;
use crate::spec;
use crate::stateful::StatefulSettings;

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

/// Counts the selected catalogue trials still to finish; the stateful trials wait for none.
#[derive(Default)]
struct Unfinished {
    count: Mutex<Option<usize>>,
    changed: std::sync::Condvar,
}

impl Unfinished {
    fn set(&self, count: usize) {
        *self.count.lock().unwrap_or_else(|e| e.into_inner()) = Some(count);
        self.changed.notify_all();
    }

    fn one_done(&self) {
        let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = count.as_mut() {
            *n = n.saturating_sub(1);
        }
        self.changed.notify_all();
    }

    fn wait_for_all(&self) {
        let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        while *count != Some(0) {
            count = self.changed.wait(count).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// A trial's outcome from its case result, which is kept for the reports.
fn conclude(
    ctx: &RunContext,
    results: &Mutex<Vec<crate::result::CaseResult>>,
    result: crate::result::CaseResult,
) -> Result<Completion, Failed> {
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
}

fn conformance(args: &Arguments) -> Result<ExitCode, RunError> {
    let root = catalogue_root();
    let stateful = StatefulSettings::from_env(StatefulSettings::default())?;
    if args.list {
        // Listing sends nothing and needs no target.
        let catalogue = spec::load_catalogue(&root.join("specs"))?;
        let trials = catalogue
            .cases
            .into_iter()
            .map(|case| case.id)
            .chain(crate::stateful::case_ids(&stateful))
            .map(|id| Trial::test(id, || Ok(())))
            .collect();
        return Ok(libtest_mimic::run(args, trials).exit_code());
    }
    let (embedded, mut settings) = settings_from_env(&root)?;
    settings.level = level_from_env()?;
    settings.stateful = StatefulSettings {
        settle: settings.stateful.settle,
        ..stateful
    };
    if embedded.is_some() {
        settings.update_snapshots = env_nonempty("ISYM_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    }
    let clock = RunClock::start();
    let ctx = Arc::new(RunContext::build(&settings)?);
    let results = Arc::new(Mutex::new(Vec::new()));
    // Trials in the order they must start (crate::schedule): read-only cases, then the
    // state-changing ones. libtest-mimic hands trials to its threads in this order, and each
    // waits at the gate for the cases it must follow.
    let all: Vec<&spec::Case> = ctx.catalogue.cases.iter().collect();
    let plan = schedule::Plan::of(&all);
    let index_of: std::collections::HashMap<&str, usize> = ctx
        .catalogue
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let order: Vec<usize> = plan.order.iter().map(|c| index_of[c.id.as_str()]).collect();
    let gate = Arc::new(std::sync::OnceLock::<schedule::Gate>::new());
    // The stateful trials run after every selected catalogue trial, one at a time.
    let unfinished = Arc::new(Unfinished::default());
    let mut trials: Vec<Trial> = order
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            let (ctx, results, gate) = (Arc::clone(&ctx), Arc::clone(&results), Arc::clone(&gate));
            let unfinished = Arc::clone(&unfinished);
            let name = ctx.catalogue.cases[index].id.clone();
            Trial::ignorable_test(name, move || {
                let gate = gate.get().expect("the gate is set before trials run");
                let result = {
                    let _turn = gate.enter(position);
                    run_case(&ctx, &ctx.catalogue.cases[index])
                };
                unfinished.one_done();
                conclude(&ctx, &results, result)
            })
        })
        .collect();
    let phase = Arc::new(std::sync::OnceLock::<crate::stateful::Phase>::new());
    for seed in crate::stateful::seeds(&ctx.stateful).collect::<Vec<_>>() {
        let (ctx, results, phase) = (Arc::clone(&ctx), Arc::clone(&results), Arc::clone(&phase));
        let unfinished = Arc::clone(&unfinished);
        let name = format!("{}/seed-{seed}", crate::stateful::FAMILY);
        trials.push(Trial::ignorable_test(name, move || {
            unfinished.wait_for_all();
            let phase = phase.get_or_init(|| crate::stateful::Phase::start(&ctx));
            let result = phase.run(&ctx, seed);
            conclude(&ctx, &results, result)
        }));
    }
    let selected: Vec<bool> = trials
        .iter()
        .map(|trial| !args.is_filtered_out(trial) && !args.is_ignored(trial))
        .collect();
    unfinished.set(selected[..order.len()].iter().filter(|s| **s).count());
    let _ = gate.set(schedule::Gate::new(&plan, |position| selected[position]));
    let conclusion = libtest_mimic::run(args, trials);
    let full_suite = args.filter.is_none() && args.skip.is_empty() && !args.ignored && !args.exact;
    if full_suite {
        let results = std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()));
        let report = runner::build_report(&ctx, results, clock);
        let dir = report_dir();
        crate::report::write_all(&report, &ctx.redactor, &dir)?;
        eprintln!("isym-conform: reports written to {}", dir.display());
    }
    for note in ctx.snapshot_notes().lines() {
        eprintln!("isym-conform: {note}");
    }
    drop(ctx);
    drop(embedded);
    Ok(conclusion.exit_code())
}
