//! Running many cases on a pool of threads and turning their results into a [`RunReport`].

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use crate::clock;
use crate::context::RunContext;
use crate::exec::run_case;
use crate::result::{
    CaseResult, Counts, HarnessInfo, LevelCounts, RunReport, Verdict, SCHEMA_VERSION,
};
use crate::schedule::{Gate, Plan};
use crate::spec::Case;

/// Which cases a run selects.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Substrings of case ids; a case matching any is kept (none: all).
    pub filters: Vec<String>,
    /// Tags; a case carrying any is kept (none: all).
    pub tags: Vec<String>,
    /// Substrings of case ids; a case matching any is left out (`--skip`).
    pub skips: Vec<String>,
    /// Tags; a case carrying any is left out (`--exclude-tags`).
    pub exclude_tags: Vec<String>,
}

impl Selection {
    pub fn matches(&self, case: &Case) -> bool {
        self.matches_parts(&case.id, &case.spec.tags)
    }

    /// Whether a case with this id and these tags is kept (the stateful phase's cases have no
    /// [`Case`]).
    pub fn matches_parts(&self, id: &str, tags: &[String]) -> bool {
        (self.filters.is_empty() || self.filters.iter().any(|f| id.contains(f.as_str())))
            && (self.tags.is_empty() || self.tags.iter().any(|t| tags.contains(t)))
            && !self.skips.iter().any(|s| id.contains(s.as_str()))
            && !self.exclude_tags.iter().any(|t| tags.contains(t))
    }

    pub fn is_everything(&self) -> bool {
        self.filters.is_empty()
            && self.tags.is_empty()
            && self.skips.is_empty()
            && self.exclude_tags.is_empty()
    }
}

/// Cases run at once by default: a run waits on the network, so well above the CPU count (at
/// 20 ms a round trip, 32 cases keep a run of the catalogue near its critical path).
pub const DEFAULT_JOBS: usize = 32;

/// How often a run that is not on a terminal prints a progress line, so a CI log never sits
/// silent while cases are running.
pub const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// Runs `cases` on `jobs` threads in the order and with the waits of their [`Plan`]: the
/// read-only ones in parallel, then the state-changing ones, each after the earlier cases it
/// conflicts with; a free thread takes the earliest case that may start ([`Gate::take`]). With `progress`, a progress line on stderr: updated in place on a terminal,
/// else one line every [`PROGRESS_EVERY`].
pub fn run_cases(
    ctx: &RunContext,
    cases: &[&Case],
    jobs: usize,
    progress: bool,
) -> Vec<CaseResult> {
    let plan = Plan::of(cases);
    let gate = Gate::new(&plan, |_| true);
    let progress = Progress::new(cases.len(), progress);
    let results = Mutex::new(Vec::with_capacity(cases.len()));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.max(1).min(plan.order.len().max(1)))
            .map(|_| {
                scope.spawn(|| loop {
                    // The earliest case that may start now (one that must wait holds no thread).
                    let Some(turn) = gate.take() else {
                        break;
                    };
                    let result = run_case(ctx, plan.order[turn.position()]);
                    drop(turn);
                    progress.record(result.verdict);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(result);
                })
            })
            .collect();
        let ticker = scope.spawn(|| progress.tick_until_done());
        for worker in workers {
            if let Err(panic) = worker.join() {
                progress.stop();
                std::panic::resume_unwind(panic);
            }
        }
        progress.stop();
        let _ = ticker.join();
    });
    progress.finish();
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by(|a, b| a.id.cmp(&b.id));
    results
}

struct Progress {
    total: usize,
    done: AtomicUsize,
    counts: Mutex<Counts>,
    /// On a terminal: one line rewritten in place.
    in_place: bool,
    /// Elsewhere: a line every [`PROGRESS_EVERY`].
    periodic: bool,
    started: Instant,
    stopped: Mutex<bool>,
    wake: std::sync::Condvar,
}

impl Progress {
    fn new(total: usize, progress: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        Progress {
            total,
            done: AtomicUsize::new(0),
            counts: Mutex::new(Counts::default()),
            in_place: progress && terminal,
            periodic: progress && !terminal,
            started: Instant::now(),
            stopped: Mutex::new(false),
            wake: std::sync::Condvar::new(),
        }
    }

    fn record(&self, verdict: Verdict) {
        let finished = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.record(verdict);
        if !self.in_place {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{finished:>4}/{}] pass {} warn {} fail {} n/a {} error {}   ",
            self.total, counts.pass, counts.warn, counts.fail, counts.not_applicable, counts.error
        );
        let _ = err.flush();
    }

    /// Prints a line every [`PROGRESS_EVERY`] until [`Progress::stop`] (only when not on a
    /// terminal).
    fn tick_until_done(&self) {
        if !self.periodic {
            return;
        }
        let mut stopped = self.stopped.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let (guard, timeout) = self
                .wake
                .wait_timeout(stopped, PROGRESS_EVERY)
                .unwrap_or_else(|e| e.into_inner());
            stopped = guard;
            if *stopped {
                return;
            }
            if timeout.timed_out() {
                let finished = self.done.load(Ordering::Relaxed);
                let c = self
                    .counts
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone();
                eprintln!(
                    "isym-conform: {finished}/{} cases done after {:.0} s (pass {}, warn {}, fail {}, n/a {}, error {})",
                    self.total,
                    self.started.elapsed().as_secs_f64(),
                    c.pass,
                    c.warn,
                    c.fail,
                    c.not_applicable,
                    c.error
                );
            }
        }
    }

    fn stop(&self) {
        *self.stopped.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.wake.notify_all();
    }

    fn finish(&self) {
        if self.in_place {
            eprintln!();
        }
    }
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
