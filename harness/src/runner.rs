//! Running many cases on a pool of threads and turning their results into a [`RunReport`].

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Instant, SystemTime};

use crate::clock;
use crate::context::RunContext;
use crate::exec::run_case;
use crate::result::{CaseResult, Counts, HarnessInfo, RunReport, Verdict, SCHEMA_VERSION};
use crate::spec::Case;

/// Which cases a run selects.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Substrings of case ids; a case matching any is kept (none: all).
    pub filters: Vec<String>,
    /// Tags; a case carrying any is kept (none: all).
    pub tags: Vec<String>,
}

impl Selection {
    pub fn matches(&self, case: &Case) -> bool {
        (self.filters.is_empty() || self.filters.iter().any(|f| case.id.contains(f.as_str())))
            && (self.tags.is_empty() || self.tags.iter().any(|t| case.spec.tags.contains(t)))
    }

    pub fn is_everything(&self) -> bool {
        self.filters.is_empty() && self.tags.is_empty()
    }
}

/// Runs `cases` on `jobs` threads; with `progress`, a progress line on stderr.
pub fn run_cases(ctx: &RunContext, cases: &[&Case], jobs: usize, progress: bool) -> Vec<CaseResult> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(cases.len()));
    let counts = Mutex::new(Counts::default());
    let show = progress && std::io::stderr().is_terminal();
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1).min(cases.len().max(1)) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(index) else { break };
                let result = run_case(ctx, case);
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                if show {
                    let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
                    *counts = add(&counts, result.verdict);
                    let mut err = std::io::stderr().lock();
                    let _ = write!(
                        err,
                        "\r[{finished:>4}/{}] pass {} warn {} fail {} n/a {} error {}   ",
                        cases.len(),
                        counts.pass,
                        counts.warn,
                        counts.fail,
                        counts.not_applicable,
                        counts.error
                    );
                    let _ = err.flush();
                }
                results.lock().unwrap_or_else(|e| e.into_inner()).push(result);
            });
        }
    });
    if show {
        eprintln!();
    }
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by(|a, b| a.id.cmp(&b.id));
    results
}

fn add(counts: &Counts, verdict: Verdict) -> Counts {
    let mut c = counts.clone();
    c.total += 1;
    match verdict {
        Verdict::Pass => c.pass += 1,
        Verdict::Fail => c.fail += 1,
        Verdict::Warn => c.warn += 1,
        Verdict::NotApplicable => c.not_applicable += 1,
        Verdict::Error => c.error += 1,
    }
    c
}

/// When a run started, for its report.
#[derive(Debug, Clone, Copy)]
pub struct RunClock {
    wall: SystemTime,
    start: Instant,
}

impl RunClock {
    pub fn start() -> RunClock {
        RunClock {
            wall: SystemTime::now(),
            start: Instant::now(),
        }
    }
}

/// The report of a run: results sorted by id, counts, requirements of the catalogue.
pub fn build_report(ctx: &RunContext, mut cases: Vec<CaseResult>, clock: RunClock) -> RunReport {
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    RunReport {
        schema_version: SCHEMA_VERSION,
        harness: HarnessInfo::current(),
        target: ctx.target.clone(),
        started_at: clock::rfc3339(clock.wall),
        finished_at: clock::rfc3339(SystemTime::now()),
        duration_ms: clock.start.elapsed().as_millis() as u64,
        counts: Counts::of(&cases),
        requirements: ctx.catalogue.requirements.clone(),
        cases,
    }
}
