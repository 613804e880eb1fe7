//! Runs the whole catalogue through the harness library against a reference server started
//! in-process with a given configuration (faults, quirks), as the `faults` and `quirks` modules do.

use std::path::{Path, PathBuf};

use isym_conform::context::{ProfileSource, RunContext, Settings};
use isym_conform::discovery;
use isym_conform::embedded::Embedded;
use isym_conform::http::client::AuthHeader;
use isym_conform::result::{RunReport, Verdict};
use isym_conform::runner;
use isym_reference::Config;
use serde_json::Value;

/// Where a run keeps its snapshots.
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
            // A new target's snapshots: none is committed, so a missing one is not applicable
            // (under `CI` nothing is recorded, and every snapshot check is).
            settings.snapshot_dir = Some(dir.clone());
            settings.update_snapshots = true;
            settings.missing_snapshot_fails = false;
        }
    }
    run_with(&settings).1
}

/// Runs every case of the catalogue, then the stateful phase, with `settings`; returns the
/// context (its discovered world) and the report.
pub fn run_with(settings: &Settings) -> (RunContext, RunReport) {
    let ctx = RunContext::build(settings).expect("run context");
    let cases: Vec<_> = ctx.catalogue.cases.iter().collect();
    let clock = runner::RunClock::start();
    let mut results = runner::run_cases(&ctx, &cases, 4, false);
    // The stateful phase, as every run has it: after the catalogue.
    results.extend(isym_conform::stateful::run_phase(
        &ctx,
        &runner::Selection::default(),
    ));
    let report = runner::build_report(&ctx, results, clock);
    (ctx, report)
}

/// Runs the catalogue against `embedded` with another profile than the server's own (`text`,
/// YAML), with the server's credentials and the reference snapshots.
pub fn run_with_profile(embedded: &Embedded, text: &str) -> (RunContext, RunReport) {
    let root = workspace_root();
    let mut settings = embedded.settings(&root.join("specs"), &root.join("schemas"));
    settings.profile = ProfileSource::Text {
        display: "test profile".into(),
        text: text.to_string(),
    };
    run_with(&settings)
}

/// Starts a reference server with `config`, runs the catalogue, then discovers the profile's
/// fixtures again: `Err` names each fixture value that the run changed, besides the kick
/// participant, which the kick consumes by design.
pub fn run_catalogue_keeping_fixtures(config: Config) -> (RunReport, Result<(), String>) {
    let embedded = Embedded::start_with(config).expect("reference server starts");
    let root = workspace_root();
    let mut settings = embedded.settings(&root.join("specs"), &root.join("schemas"));
    // Read only: a fault's changed snapshot leaves no `.snap.new` in the committed ones.
    settings.snapshot_review = false;
    let (ctx, report) = run_with(&settings);
    let auth = AuthHeader::Basic {
        username: ctx.credentials.username.clone(),
        password: ctx.credentials.password.clone(),
    };
    // The kick consumes its participant by design: it is left out of the comparison, and out of
    // the second discovery (which would otherwise ask for the calls of an extension that has none).
    let mut profile = ctx.profile.profile.clone();
    if let Some(room) = &mut profile.fixtures.conference_room {
        room.kick_extension = None;
    }
    let mut before = ctx.world.tree.clone();
    if let Some(room) = before["fixtures"]["conference_room"].as_object_mut() {
        room.remove("kick_participant");
        room.remove("kick_segment");
    }
    // A loaded machine may time a request out: that is no change of the target, so ask again.
    let mut after = None;
    for _ in 0..3 {
        let world = discovery::discover(&profile, &ctx.client, &ctx.api_base, auth.clone())
            .expect("the target still answers");
        let settled = world.errored.is_empty();
        after = Some(world);
        if settled {
            break;
        }
    }
    let after = after.expect("discovered at least once");
    let mut problems = changed_values(&before, &after.tree, "");
    if !after.errored.is_empty() {
        problems.push(format!(
            "discovery met transport errors: {:?}",
            after.errored
        ));
    }
    if after.failed != ctx.world.failed {
        problems.push(format!(
            "fixtures whose discovery fails after the run: {:?} (before: {:?})",
            after.failed, ctx.world.failed
        ));
    }
    let outcome = if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    };
    (report, outcome)
}

/// The JSON pointers at which `before` and `after` hold different values.
fn changed_values(before: &Value, after: &Value, at: &str) -> Vec<String> {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .flat_map(|key| {
                    let (b, a) = (
                        b.get(key).unwrap_or(&Value::Null),
                        a.get(key).unwrap_or(&Value::Null),
                    );
                    changed_values(b, a, &format!("{at}/{key}"))
                })
                .collect()
        }
        (b, a) if b == a => Vec::new(),
        _ => vec![at.to_string()],
    }
}

/// The cases of `report` that failed or erred.
pub fn failing(report: &RunReport) -> Vec<&isym_conform::result::CaseResult> {
    report
        .cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Error))
        .collect()
}

/// Each failing or erring case of `report` as `Verdict id: its first finding` (or its reason),
/// for assertion messages.
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
