//! Every fault of the reference server makes the catalogue non-conformant, and the failing cases
//! carry the requirements (with document sections) the fault breaks.

use std::path::Path;

use isym_conform::context::RunContext;
use isym_conform::embedded::Embedded;
use isym_conform::result::Verdict;
use isym_conform::runner;
use isym_reference::{Config, Fault};

#[test]
fn every_fault_is_caught_and_named() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Faults run side by side: each has its own server, and some cases wait out `eventually`.
    let outcomes: Vec<(&str, bool, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = Fault::all()
            .iter()
            .map(|fault| scope.spawn(|| check_fault(&root, *fault)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("fault run"))
            .collect()
    });
    let mut missed = Vec::new();
    for (name, conformant, line) in outcomes {
        eprintln!("{line}");
        if conformant {
            missed.push(name);
        }
    }
    assert!(
        missed.is_empty(),
        "faults the catalogue did not catch: {missed:?}"
    );
}

/// Runs the catalogue against a server with `fault`: (fault, still conformant?, summary line).
fn check_fault(root: &Path, fault: Fault) -> (&'static str, bool, String) {
    let config = Config {
        faults: vec![fault],
        ..Config::default()
    };
    let embedded = Embedded::start_with(config).expect("reference server starts");
    let settings = embedded.settings(&root.join("specs"), &root.join("schemas"));
    let ctx = RunContext::build(&settings).expect("run context");
    let cases: Vec<_> = ctx.catalogue.cases.iter().collect();
    let clock = runner::RunClock::start();
    let results = runner::run_cases(&ctx, &cases, 4, false);
    let report = runner::build_report(&ctx, results, clock);
    let failing: Vec<_> = report
        .cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Error))
        .collect();
    for case in &failing {
        assert_eq!(case.requirements.len(), case.sections.len(), "{}", case.id);
        assert!(case.sections.iter().all(|s| !s.is_empty()), "{}", case.id);
    }
    let mut requirements: Vec<&str> = failing
        .iter()
        .flat_map(|c| c.requirements.iter().map(String::as_str))
        .collect();
    requirements.sort();
    requirements.dedup();
    let line = format!(
        "{:<36} {:>3} failing; rule: {}\n{:<36} requirements: {}",
        fault.name(),
        failing.len(),
        fault.rule(),
        "",
        requirements.join(" ")
    );
    (fault.name(), report.is_conformant(), line)
}
