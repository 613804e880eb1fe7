//! The baseline gate and `compare`, on the hand-built runs of `sample.rs`.

use std::path::Path;

use isym_conform::baseline::{self, Baseline, BaselineError};
use isym_conform::result::{Counts, Verdict};

use super::sample::{failing_case, report, ERROR_ID, FAILING_ID};

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/reports")
        .join(name)
}

/// The issue's acceptance scenario: two faults, a baseline listing exactly them turns the gate
/// green, a third fault turns it red again.
#[test]
fn a_baseline_of_the_current_failures_passes_and_a_new_one_fails() {
    let run = report();
    let known =
        Baseline::parse(&Baseline::from_report(&run).to_yaml(), Path::new("b.yaml")).unwrap();
    let cases: Vec<&str> = known.entries.iter().map(|e| e.case.as_str()).collect();
    assert_eq!(cases, [ERROR_ID, FAILING_ID]);
    assert_eq!(
        known.entries[1].reason,
        "[step 1] status: expected status 404, got 500"
    );
    let outcome = baseline::gate(&run, &known, "2025-03-01", false).unwrap();
    assert!(outcome.passed, "{}", outcome.render());
    assert_eq!(outcome.known_failures, [ERROR_ID, FAILING_ID]);
    assert!(outcome.new_failures.is_empty());

    let mut worse = run.clone();
    worse.cases.push(failing_case("zones/get/third-fault"));
    worse.counts = Counts::of(&worse.cases);
    let outcome = baseline::gate(&worse, &known, "2025-03-01", false).unwrap();
    assert!(!outcome.passed);
    assert_eq!(outcome.new_failures, ["zones/get/third-fault"]);
    assert!(outcome
        .render()
        .starts_with("baseline gate: FAILED (1 new failure(s), 2 known"));
}

#[test]
fn fixed_cases_are_reported_and_fail_only_when_strict() {
    let run = report();
    let mut known = Baseline::from_report(&run);
    known.entries.push(baseline::BaselineEntry {
        case: "extensions/instance/get/by-id".into(),
        reason: "was broken".into(),
        link: None,
        expires: None,
    });
    let lenient = baseline::gate(&run, &known, "2025-03-01", false).unwrap();
    assert!(lenient.passed);
    assert_eq!(lenient.fixed, ["extensions/instance/get/by-id"]);
    assert!(lenient
        .render()
        .contains("fixed, remove from the baseline (1):\n  extensions/instance/get/by-id\n"));
    let strict = baseline::gate(&run, &known, "2025-03-01", true).unwrap();
    assert!(!strict.passed);
}

#[test]
fn unknown_and_not_run_entries_fail_only_when_strict() {
    let run = report();
    let mut known = Baseline::from_report(&run);
    for case in ["gone/case", "conferences/rooms/list"] {
        known.entries.push(baseline::BaselineEntry {
            case: case.into(),
            reason: "r".into(),
            link: None,
            expires: None,
        });
    }
    let lenient = baseline::gate(&run, &known, "2025-03-01", false).unwrap();
    assert!(lenient.passed);
    assert_eq!(lenient.unknown_cases, ["gone/case"]);
    assert_eq!(lenient.not_run, ["conferences/rooms/list"]);
    assert!(
        !baseline::gate(&run, &known, "2025-03-01", true)
            .unwrap()
            .passed
    );
}

#[test]
fn an_expired_entry_fails_from_the_day_after_its_date() {
    let run = report();
    let mut known = Baseline::from_report(&run);
    known.entries[1].expires = Some("2025-02-28".into());
    let on_the_day = baseline::gate(&run, &known, "2025-02-28", false).unwrap();
    assert!(on_the_day.passed && on_the_day.expired.is_empty());
    let after = baseline::gate(&run, &known, "2025-03-01", false).unwrap();
    assert!(!after.passed);
    assert_eq!(
        after.expired,
        [(FAILING_ID.to_string(), "2025-02-28".to_string())]
    );
    assert_eq!(after.known_failures, [ERROR_ID]);
    assert!(matches!(
        baseline::gate(&run, &known, "1 March", false),
        Err(BaselineError::Date(_))
    ));
}

#[test]
fn baseline_files_load_and_bad_ones_name_the_file_and_problem() {
    let known = Baseline::load(&data("baseline.yaml")).unwrap();
    assert_eq!(known.entries.len(), 2);
    assert_eq!(
        known.entries[0].link.as_deref(),
        Some("https://tracker.example/ISYM-12")
    );
    assert_eq!(known.entries[0].expires.as_deref(), Some("2030-12-31"));
    assert_eq!(known.entries[1].link, None);

    for (file, expected) in [
        ("baseline-unknown-field.yaml", "entries[0]: unknown field `ticket`, expected one of `case`, `reason`, `link`, `expires` at line 4 column 5"),
        ("baseline-bad-date.yaml", "entries[0] (extensions/instance/get/unknown-id): `expires: 2025-02-30` is not a date; write YYYY-MM-DD"),
        ("baseline-duplicate.yaml", "entries[1]: case extensions/instance/get/unknown-id is listed twice; keep one entry"),
        ("baseline-no-reason.yaml", "entries[0] (extensions/instance/get/unknown-id): `reason` is empty; say why the failure is accepted"),
    ] {
        let error = Baseline::load(&data(file)).unwrap_err().to_string();
        assert!(error.contains(file), "{error}");
        assert!(error.ends_with(expected), "{file}: {error}");
    }
    let missing = Baseline::load(&data("no-such.yaml")).unwrap_err();
    assert!(matches!(missing, BaselineError::Io { .. }));
}

#[test]
fn baseline_yaml_round_trips() {
    let mut known = Baseline::from_report(&report());
    known.entries[0].link = Some("https://tracker.example/1".into());
    known.entries[0].expires = Some("2026-01-31".into());
    let yaml = known.to_yaml();
    assert!(yaml.starts_with("# isym-conform baseline"));
    assert!(!yaml.contains("null"), "{yaml}");
    assert_eq!(Baseline::parse(&yaml, Path::new("x")).unwrap(), known);
}

#[test]
fn compare_lists_newly_failing_newly_passing_and_changed() {
    let before = report();
    let mut after = report();
    for case in &mut after.cases {
        case.verdict = match case.id.as_str() {
            FAILING_ID => Verdict::Pass,               // fail -> pass
            "queues/list/paged" => Verdict::Fail,      // pass -> fail
            ERROR_ID => Verdict::Fail,                 // error -> fail: changed
            "conferences/rooms/list" => Verdict::Pass, // n/a -> pass: changed
            _ => case.verdict,
        };
    }
    after.cases.retain(|c| c.id != "queues/list/all");
    after.cases.push(failing_case("zones/new"));
    let comparison = baseline::compare(&before, &after);
    let ids =
        |changes: &[baseline::Change]| changes.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        ids(&comparison.newly_failing),
        [
            "queues/list/paged: pass -> fail",
            "zones/new: absent -> fail"
        ]
    );
    assert_eq!(
        ids(&comparison.newly_passing),
        [format!("{FAILING_ID}: fail -> pass")]
    );
    assert_eq!(
        ids(&comparison.changed),
        [
            format!("{ERROR_ID}: error -> fail"),
            "conferences/rooms/list: not_applicable -> pass".to_string(),
            "queues/list/all: warn -> absent".to_string(),
        ]
    );
    assert!(comparison
        .render()
        .starts_with("newly failing (2):\n  queues/list/paged: pass -> fail\n"));
    assert_eq!(
        baseline::compare(&before, &before).render(),
        "no verdict changed\n"
    );
}
