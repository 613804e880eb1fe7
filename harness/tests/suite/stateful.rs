//! The stateful phase against real reference servers on loopback: no seed fails a conformant
//! server (clean, under every quirk, on the pages-only surface), the gate names the profile
//! field that would run it, a transport failure is `error`, and a fault only a sequence exposes
//! is reported as the shortest sequence that still fails, with the seed that reproduces it.

use crate::support::catalogue;

use std::time::Duration;

use catalogue::workspace_root;
use isym_conform::context::{ProfileSource, RunContext, Settings};
use isym_conform::embedded::Embedded;
use isym_conform::result::{CaseResult, Verdict};
use isym_conform::runner::Selection;
use isym_conform::stateful::{self, StatefulSettings};
use isym_reference::{Config, Fault, Quirk, Surface};

fn settings(embedded: &Embedded, seed: u64, cases: u32) -> Settings {
    let root = workspace_root();
    let mut settings = embedded.settings(&root.join("specs"), &root.join("schemas"));
    settings.stateful = StatefulSettings {
        seed,
        cases,
        budget: Duration::from_secs(120),
        ..settings.stateful
    };
    settings
}

/// The stateful phase alone, `cases` sequences from `seed`, against a server with `config`.
fn phase(config: Config, seed: u64, cases: u32) -> Vec<CaseResult> {
    let embedded = Embedded::start_with(config).expect("reference server starts");
    let ctx = RunContext::build(&settings(&embedded, seed, cases)).expect("run context");
    stateful::run_phase(&ctx, &Selection::default())
}

fn failing(results: &[CaseResult]) -> Vec<String> {
    results
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Error))
        .map(|c| {
            format!(
                "{} {:?}: {} {:?}",
                c.id,
                c.verdict,
                c.reason.as_deref().unwrap_or_default(),
                c.failures.first().map(|f| &f.message)
            )
        })
        .collect()
}

#[test]
fn no_seed_fails_the_reference_server() {
    let _turn = crate::support::family("stateful");
    let results = phase(Config::default(), 1, 16);
    assert_eq!(results.len(), 16);
    assert!(failing(&results).is_empty(), "{:#?}", failing(&results));
    assert!(
        results.iter().all(|c| c.verdict == Verdict::Pass),
        "no warning, nothing not applicable: {:?}",
        results
            .iter()
            .map(|c| (&c.id, c.verdict, &c.reason))
            .collect::<Vec<_>>()
    );
    let requests: u32 = results.iter().map(|c| c.attempts).sum();
    assert!(
        requests > 16 * 20,
        "the sequences act and check: {requests} requests"
    );
    let first = &results[0];
    assert_eq!(first.id, "stateful/seed-1");
    assert_eq!(first.requirements.len(), first.sections.len());
    assert!(first
        .requirements
        .iter()
        .any(|r| r == "CS-LINKED-SYMMETRIC"));
    assert!(first.sections.iter().all(|s| !s.is_empty()));
}

/// Every quirk alone, eight seeds each, a few side by side (each run has its own server).
#[test]
fn no_quirk_makes_a_sequence_fail() {
    let _turn = crate::support::family("stateful");
    let mut blamed: Vec<(String, Vec<String>)> = Vec::new();
    for chunk in Quirk::all().chunks(6) {
        std::thread::scope(|scope| {
            let runs: Vec<_> = chunk
                .iter()
                .map(|&quirk| {
                    scope.spawn(move || {
                        let config = Config {
                            quirks: vec![quirk],
                            ..Config::default()
                        };
                        (quirk.name().to_string(), failing(&phase(config, 1, 8)))
                    })
                })
                .collect();
            blamed.extend(
                runs.into_iter()
                    .map(|run| run.join().expect("quirk run"))
                    .filter(|(_, failing)| !failing.is_empty()),
            );
        });
    }
    assert!(blamed.is_empty(), "{blamed:#?}");
}

#[test]
fn the_pages_only_surface_passes_every_seed() {
    let _turn = crate::support::family("stateful");
    let config = Config {
        surface: Surface::Pages,
        ..Config::default()
    };
    let results = phase(config, 1, 12);
    assert!(failing(&results).is_empty(), "{:#?}", failing(&results));
    assert!(results.iter().all(|c| c.verdict == Verdict::Pass));
}

/// The phase's gate names the profile setting that would run it, as other cases' do.
#[test]
fn without_state_changes_or_the_second_extension_it_is_not_applicable() {
    let _turn = crate::support::family("stateful");
    let embedded = Embedded::start().expect("reference server starts");
    let profile = embedded.profile_yaml();
    for (text, field) in [
        (
            profile.replace("allow_state_changes: true", "allow_state_changes: false"),
            "allow_state_changes",
        ),
        (
            profile
                .lines()
                .filter(|l| !l.trim_start().starts_with("second_licensed_extension:"))
                .collect::<Vec<_>>()
                .join("\n"),
            "fixtures.second_licensed_extension",
        ),
    ] {
        assert_ne!(text, profile, "the profile changed for {field}");
        let mut settings = settings(&embedded, 1, 2);
        settings.profile = ProfileSource::Text {
            display: "test profile".into(),
            text,
        };
        let ctx = RunContext::build(&settings).expect("run context");
        let results = stateful::run_phase(&ctx, &Selection::default());
        assert_eq!(results.len(), 2);
        for case in &results {
            assert_eq!(case.verdict, Verdict::NotApplicable, "{field}");
            let reason = case.reason.as_deref().unwrap_or_default();
            assert!(reason.contains(field), "{reason}");
        }
    }
}

#[test]
fn a_selection_keeps_or_drops_the_phase_and_zero_cases_turn_it_off() {
    let _turn = crate::support::family("stateful");
    let embedded = Embedded::start().expect("reference server starts");
    let ctx = RunContext::build(&settings(&embedded, 5, 3)).expect("run context");
    let only = Selection {
        filters: vec!["stateful/seed-6".into()],
        ..Selection::default()
    };
    let ids: Vec<String> = stateful::run_phase(&ctx, &only)
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["stateful/seed-6"]);
    let without = Selection {
        exclude_tags: vec!["mutating".into()],
        ..Selection::default()
    };
    assert!(stateful::run_phase(&ctx, &without).is_empty());
    let off = RunContext::build(&settings(&embedded, 5, 0)).expect("run context");
    assert!(stateful::run_phase(&off, &Selection::default()).is_empty());
}

/// A server that stops answering mid-sequence makes the sequence `error`, never `fail`.
#[test]
fn a_target_that_stops_answering_is_an_error_not_a_failure() {
    let _turn = crate::support::family("stateful");
    let embedded = Embedded::start_with(Config {
        hang_after: Some(150),
        ..Config::default()
    })
    .expect("reference server starts");
    let mut settings = settings(&embedded, 1, 4);
    settings.timeout = Duration::from_millis(500);
    let ctx = RunContext::build(&settings).expect("discovery fits in 150 requests");
    let results = stateful::run_phase(&ctx, &Selection::default());
    assert!(
        results.iter().all(|c| c.verdict != Verdict::Fail),
        "{:#?}",
        failing(&results)
    );
    assert!(
        results.iter().any(|c| c.verdict == Verdict::Error),
        "{:?}",
        results
            .iter()
            .map(|c| (&c.id, c.verdict))
            .collect::<Vec<_>>()
    );
}

/// The number of steps of a failing case's shrunk sequence, from its reason.
fn shrunk_steps(case: &CaseResult) -> usize {
    let reason = case.reason.as_deref().unwrap_or_default();
    let (_, after) = reason
        .split_once(" to ")
        .expect("shrunk from N to M step(s)");
    after
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number of steps")
}

/// The faults only a sequence exposes: caught under their requirement, shrunk to a few steps,
/// reported with requests, curl lines and pointers, and caught again by the seed alone.
#[test]
fn a_sequence_only_fault_shrinks_and_its_seed_reproduces_it() {
    let _turn = crate::support::family("stateful");
    for name in [
        "second-transfer-one-sided-link",
        "callee-side-transfer-moves-given",
    ] {
        let fault = Fault::from_name(name).expect("known fault");
        let config = Config {
            faults: vec![fault],
            ..Config::default()
        };
        let defaults = StatefulSettings::default();
        let results = phase(config.clone(), defaults.seed, defaults.cases);
        let caught: Vec<&CaseResult> = results
            .iter()
            .filter(|c| c.verdict == Verdict::Fail)
            .collect();
        let case = caught
            .first()
            .unwrap_or_else(|| panic!("{name}: no default seed catches it: {results:#?}"));
        assert!(results.iter().all(|c| c.verdict != Verdict::Error));
        assert!(
            case.requirements.iter().any(|r| r == fault.requirement()),
            "{name}: {:?}",
            case.requirements
        );
        assert_eq!(case.requirements.len(), case.sections.len());
        assert!(shrunk_steps(case) <= 4, "{name}: {:?}", case.reason);
        let reason = case.reason.as_deref().unwrap_or_default();
        let seed: u64 = case
            .id
            .trim_start_matches("stateful/seed-")
            .parse()
            .unwrap();
        assert!(
            reason.contains(&format!("--stateful-seed {seed}")),
            "{reason}"
        );
        assert!(case
            .failures
            .iter()
            .any(|f| f.message.starts_with(fault.requirement())));
        assert!(case.failures.iter().all(|f| !f.step.is_empty()));
        assert!(
            case.failures.iter().all(|f| f.instance_pointer.is_some()),
            "every finding points into a body: {:?}",
            case.failures
        );
        assert!(!case.exchanges.is_empty());
        assert!(case
            .exchanges
            .iter()
            .all(|e| e.curl.starts_with("curl ") && e.response.is_some()));
        assert!(
            case.exchanges.iter().any(|e| e.request.method == "POST"),
            "the actions' requests are in the report"
        );
        let again = phase(config, seed, 1);
        assert_eq!(again[0].verdict, Verdict::Fail, "{name}: seed {seed} alone");
        assert!(
            shrunk_steps(&again[0]) <= 4,
            "{name}: {:?}",
            again[0].reason
        );
    }
}
