//! Runs the whole catalogue through the harness library against a reference server started
//! in-process with a given configuration (faults, quirks), as `faults.rs` and `quirks.rs` do.

use std::path::{Path, PathBuf};

use isym_conform::context::RunContext;
use isym_conform::embedded::Embedded;
use isym_conform::result::{RunReport, Verdict};
use isym_conform::runner;
use isym_reference::Config;

/// Where a run keeps its snapshots.
#[allow(dead_code)] // each test binary uses its own subset
pub enum Snapshots {
    /// The reference target's committed snapshots (`specs/snapshots`), read only.
    Reference,
    /// A scratch directory, recorded during the run: a first run against a new target, where
    /// the variants of a case after the first compare with what the first recorded.
    Record(PathBuf),
}

/// The workspace root (the catalogue is `specs/` and `schemas/` below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Starts a reference server with `config` and runs every case of the catalogue against it.
#[allow(dead_code)] // each test binary uses its own subset
pub fn run_catalogue(config: Config, snapshots: Snapshots) -> RunReport {
    let embedded = Embedded::start_with(config).expect("reference server starts");
    run_catalogue_on(&embedded, snapshots)
}

/// Runs every case of the catalogue against a server that is already running, with discovery
/// of its own: call it twice on one server and the second run sees what the first left.
pub fn run_catalogue_on(embedded: &Embedded, snapshots: Snapshots) -> RunReport {
    let root = workspace_root();
    let mut settings = embedded.settings(&root.join("specs"), &root.join("schemas"));
    match &snapshots {
        // Read only: a fault's changed snapshot leaves no `.snap.new` in the committed ones.
        Snapshots::Reference => settings.snapshot_review = false,
        Snapshots::Record(dir) => {
            settings.snapshot_dir = Some(dir.clone());
            settings.update_snapshots = true;
        }
    }
    let ctx = RunContext::build(&settings).expect("run context");
    let cases: Vec<_> = ctx.catalogue.cases.iter().collect();
    let clock = runner::RunClock::start();
    let results = runner::run_cases(&ctx, &cases, 4, false);
    runner::build_report(&ctx, results, clock)
}

/// The cases of `report` that failed or erred.
#[allow(dead_code)]
pub fn failing(report: &RunReport) -> Vec<&isym_conform::result::CaseResult> {
    report
        .cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Error))
        .collect()
}

/// Each failing or erring case of `report` as `Verdict id: its first finding` (or its reason),
/// for assertion messages.
#[allow(dead_code)]
pub fn problems(report: &RunReport) -> Vec<String> {
    failing(report)
        .iter()
        .map(|case| {
            let first = case
                .failures
                .first()
                .map(|f| format!("{} {}: {}", f.step, f.check, f.message))
                .or_else(|| case.reason.clone())
                .unwrap_or_default();
            format!("{:?} {}: {first}", case.verdict, case.id)
        })
        .collect()
}
