//! Every fault of the reference server makes the catalogue non-conformant, and the failing cases
//! carry the requirements (with document sections) the fault breaks.

#[path = "support/catalogue.rs"]
mod catalogue;

use catalogue::{failing, run_catalogue, Snapshots};
use isym_reference::{Config, Fault};

#[test]
fn every_fault_is_caught_and_named() {
    // Faults run side by side: each has its own server, and some cases wait out `eventually`.
    let outcomes: Vec<(&str, bool, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = Fault::all()
            .iter()
            .map(|fault| scope.spawn(|| check_fault(*fault)))
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
fn check_fault(fault: Fault) -> (&'static str, bool, String) {
    let config = Config {
        faults: vec![fault],
        ..Config::default()
    };
    let report = run_catalogue(config, Snapshots::Reference);
    let failing = failing(&report);
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
