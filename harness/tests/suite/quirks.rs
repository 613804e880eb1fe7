//! The catalogue never blames a conformant server for what the documents leave open: against the
//! reference server with any quirk (see `isym_reference::Quirk`), alone or combined with every
//! compatible other, no case fails and none errs. Warnings are expected and only counted.

use crate::support::catalogue;

use catalogue::{failing, problems, run_catalogue, Snapshots};
use isym_conform::result::Verdict;
use isym_reference::{Config, Quirk};

#[test]
fn no_quirk_makes_a_conformant_server_fail() {
    let mut runs: Vec<(String, Vec<Quirk>)> = Quirk::all()
        .iter()
        .map(|q| (q.name().to_string(), vec![*q]))
        .collect();
    for (n, set) in Quirk::combinations().into_iter().enumerate() {
        runs.push((format!("combined #{}", n + 1), set));
    }
    // Runs side by side: each has its own server and its own scratch snapshot directory.
    let outcomes: Vec<(String, Vec<String>, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .enumerate()
            .map(|(i, (label, quirks))| scope.spawn(move || check(i, label, quirks)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("quirk run"))
            .collect()
    });
    let mut blamed = Vec::new();
    for (label, problems, line) in outcomes {
        eprintln!("{line}");
        for problem in &problems {
            eprintln!("    {problem}");
        }
        if !problems.is_empty() {
            blamed.push(label);
        }
    }
    assert!(
        blamed.is_empty(),
        "conformant quirks the catalogue failed: {blamed:?}"
    );
}

/// Snapshots compare documented fields only: against the reference snapshots committed under
/// `specs/snapshots` (recorded without extra fields), a server whose extra fields change with
/// every response still matches. (Recording is off under `CI`, so the test compares with the
/// committed snapshots rather than recording its own.)
#[test]
fn volatile_extra_fields_never_fail_a_recorded_snapshot() {
    let config = Config {
        quirks: vec![Quirk::ExtraFields],
        ..Config::default()
    };
    let report = run_catalogue(config, Snapshots::Reference);
    let snapshot_failures: Vec<String> = report
        .cases
        .iter()
        .flat_map(|c| c.failures.iter().map(move |f| (c, f)))
        .filter(|(_, f)| f.check == isym_conform::result::CheckKind::Snapshot)
        .map(|(c, f)| format!("{}: {}", c.id, f.message))
        .collect();
    assert!(snapshot_failures.is_empty(), "{snapshot_failures:#?}");
    assert!(failing(&report).is_empty());
}

/// Runs the catalogue against a server with `quirks`: (label, failing cases with their first
/// findings, summary line).
fn check(index: usize, label: &str, quirks: &[Quirk]) -> (String, Vec<String>, String) {
    let scratch = std::env::temp_dir().join(format!(
        "isym-quirks-{}-{index}-snapshots",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    let config = Config {
        quirks: quirks.to_vec(),
        ..Config::default()
    };
    let report = run_catalogue(config, Snapshots::Record(scratch.clone()));
    let _ = std::fs::remove_dir_all(&scratch);
    let problems = problems(&report);
    let warned = report
        .cases
        .iter()
        .filter(|c| c.verdict == Verdict::Warn)
        .count();
    let warnings: usize = report.cases.iter().map(|c| c.warnings.len()).sum();
    let line = format!(
        "{label:<26} {:>4} pass {:>4} warn ({warnings} warnings) {:>3} n/a {:>2} fail {:>2} error",
        report.counts.pass,
        warned,
        report.counts.not_applicable,
        report.counts.fail,
        report.counts.error
    );
    (label.to_string(), problems, line)
}
