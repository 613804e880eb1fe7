//! Remote targets: a request rate a run keeps to, and runs that end quickly and without a
//! `fail` when the target stops answering. The whole catalogue runs each time, with a short
//! timeout, against a real reference server on loopback.

use crate::support::catalogue;

use std::time::{Duration, Instant};

use catalogue::workspace_root;
use isym_conform::context::{RunContext, Settings};
use isym_conform::embedded::Embedded;
use isym_conform::error::RunError;
use isym_conform::result::{RunReport, Verdict};
use isym_conform::runner;
use isym_reference::Config;

fn settings(embedded: &Embedded) -> Settings {
    let root = workspace_root();
    embedded.settings(&root.join("specs"), &root.join("schemas"))
}

/// Runs the cases whose id starts with one of `prefixes` (all with none).
fn run(settings: &Settings, prefixes: &[&str]) -> Result<RunReport, RunError> {
    let ctx = RunContext::build(settings)?;
    let cases: Vec<_> = ctx
        .catalogue
        .cases
        .iter()
        .filter(|c| prefixes.is_empty() || prefixes.iter().any(|p| c.id.starts_with(p)))
        .collect();
    let clock = runner::RunClock::start();
    let results = runner::run_cases(&ctx, &cases, runner::DEFAULT_JOBS, false);
    Ok(runner::build_report(&ctx, results, clock))
}

#[test]
fn a_rate_of_50_holds_every_second_to_50_requests() {
    let _turn = crate::support::family("remote");
    let embedded = Embedded::start().expect("reference server");
    let mut settings = settings(&embedded);
    settings.rate = Some(50);
    // About 150 requests: three seconds at the rate, on 32 jobs that would send them at once.
    let report = run(&settings, &["extensions/", "call-segments/list/"]).expect("run");
    assert_eq!(
        report.counts.fail + report.counts.error,
        0,
        "{:?}",
        report.counts
    );
    let arrivals = embedded.server().arrivals();
    assert!(arrivals.len() > 120, "only {} requests", arrivals.len());
    // Any 51 requests in a row span at least a second: no window of one second holds 51.
    for (i, window) in arrivals.windows(51).enumerate() {
        let span = window[50] - window[0];
        assert!(
            span >= Duration::from_secs(1),
            "requests {i} to {} arrived within {span:?}",
            i + 50
        );
    }
}

#[test]
fn a_target_that_dies_mid_run_ends_the_run_early_in_errors_not_failures() {
    let _turn = crate::support::family("remote");
    // The reference answers discovery and the first cases, then nothing.
    let embedded = Embedded::start_with(Config {
        hang_after: Some(700),
        ..Config::default()
    })
    .expect("reference server");
    let mut settings = settings(&embedded);
    settings.timeout = Duration::from_secs(1);
    let started = Instant::now();
    let report = run(&settings, &[]).expect("the run itself completes");
    let elapsed = started.elapsed();
    let c = &report.counts;
    assert_eq!(
        c.fail, 0,
        "no case fails because of a transport error: {c:?}"
    );
    assert!(c.error > c.total / 2, "{c:?}");
    assert!(c.pass > 50, "the cases before the target died pass: {c:?}");
    assert!(
        !report.is_conformant(),
        "errors make the run not conformant (exit 1)"
    );
    // One shared reason for the cases that were never sent.
    let reasons: std::collections::BTreeSet<&str> = report
        .cases
        .iter()
        .filter(|case| case.verdict == Verdict::Error)
        .filter_map(|case| case.reason.as_deref())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("not run: the target stopped answering")),
        "{reasons:#?}"
    );
    // A few timeouts in parallel, not one per case (the bound is loose on purpose).
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[test]
fn a_slow_target_passes_the_whole_catalogue() {
    let _turn = crate::support::family("remote");
    let embedded = Embedded::start_with(Config {
        latency: Duration::from_millis(30),
        ..Config::default()
    })
    .expect("reference server");
    let mut settings = settings(&embedded);
    settings.timeout = Duration::from_secs(2);
    let report = run(&settings, &[]).expect("run");
    let c = &report.counts;
    assert_eq!(
        (c.fail, c.error),
        (0, 0),
        "{:#?}",
        catalogue::problems(&report)
    );
}
