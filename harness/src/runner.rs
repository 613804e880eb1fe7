//! Running many cases on a pool of threads and turning their results into a [`RunReport`].

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Instant, SystemTime};

use crate::clock;
use crate::context::RunContext;
use crate::exec::run_case;
use crate::result::{
    CaseResult, Counts, HarnessInfo, LevelCounts, RunReport, Verdict, SCHEMA_VERSION,
};
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

/// Splits `cases` into those that may run in parallel and the serial ones in the order they must
/// run (file order, `destructive` cases last): the catalogue relies on that order, e.g. a case that
/// consumes a fixture comes after the cases that use it.
pub fn schedule<'a>(cases: &[&'a Case]) -> (Vec<&'a Case>, Vec<&'a Case>) {
    let (mut serial, parallel): (Vec<&Case>, Vec<&Case>) = cases.iter().partition(|c| c.serial);
    serial.sort_by_key(|c| c.serial_key());
    (parallel, serial)
}

/// Runs `cases`: the parallel ones on `jobs` threads, then the serial ones one by one in order;
/// with `progress`, a progress line on stderr when it is a terminal.
pub fn run_cases(
    ctx: &RunContext,
    cases: &[&Case],
    jobs: usize,
    progress: bool,
) -> Vec<CaseResult> {
    let (parallel, serial) = schedule(cases);
    let progress = Progress::new(cases.len(), progress);
    let mut results = run_pool(ctx, &parallel, jobs, &progress);
    results.extend(run_pool(ctx, &serial, 1, &progress));
    progress.finish();
    results.sort_by(|a, b| a.id.cmp(&b.id));
    results
}

struct Progress {
    total: usize,
    done: AtomicUsize,
    counts: Mutex<Counts>,
    show: bool,
}

impl Progress {
    fn new(total: usize, progress: bool) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            counts: Mutex::new(Counts::default()),
            show: progress && std::io::stderr().is_terminal(),
        }
    }

    fn record(&self, verdict: Verdict) {
        let finished = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.show {
            return;
        }
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *counts = add(&counts, verdict);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{finished:>4}/{}] pass {} warn {} fail {} n/a {} error {}   ",
            self.total, counts.pass, counts.warn, counts.fail, counts.not_applicable, counts.error
        );
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.show {
            eprintln!();
        }
    }
}

fn run_pool(
    ctx: &RunContext,
    cases: &[&Case],
    jobs: usize,
    progress: &Progress,
) -> Vec<CaseResult> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(cases.len()));
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1).min(cases.len().max(1)) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(index) else { break };
                let result = run_case(ctx, case);
                progress.record(result.verdict);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(result);
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
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
        level: ctx.level,
        counts_by_level: LevelCounts::of(&cases),
        requirements: ctx.catalogue.requirements.clone(),
        cases,
    }
}
