//! The stateful phase (issue 14): random sequences of the documented actions (originate, wait for
//! the answer, transfer, do-not-disturb, mute and unmute), each step followed by a check of every
//! documented read path against a model of the calls the sequence made ([`model`]) and against the
//! invariants that hold in every state ([`check`]). Sequences are generated and shrunk by proptest
//! ([`action`]); a failure is reported as one [`crate::result::CaseResult`] per seed with the
//! shortest sequence that still fails ([`machine`]). The readings of the pages the model takes are
//! ERRATA E27 to E31.
//!
//! Case ids are `stateful/seed-<N>`: the phase runs `cases` sequences with the seeds `seed`,
//! `seed + 1`, ...; `--stateful-seed N --stateful-cases 1` runs one of them again.

pub(crate) mod action;
pub(crate) mod check;
pub(crate) mod io;
pub(crate) mod machine;
pub(crate) mod model;
pub(crate) mod steps;

use std::time::Duration;

pub use machine::{case_ids, run_phase, seeds, Phase, TAGS};

/// [`TAGS`] as a selection compares them.
pub fn tags() -> Vec<String> {
    TAGS.iter().map(|t| t.to_string()).collect()
}

/// The schemas of `schemas/` the checks validate bodies against.
pub const SCHEMAS: &[&str] = &["call-segment.json", "call-segment-list.json"];

/// A sequence's first request (an originate from `licensed_extension`), below the API root, as
/// a case's URL is shown before it runs.
pub const FIRST_PATH: &str =
    "/coreServers/getByName/<core.slug>/extensions/getByName/<fixtures.licensed_extension.number>/originate";

/// The family name of the phase's case ids.
pub const FAMILY: &str = "stateful";

/// How much the stateful phase does. Defaults: seed 1, 4 sequences of at most 8 steps, 20 s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatefulSettings {
    /// The seed of the first sequence; the others take the next seeds. Default: 1 (a fixed seed, so
    /// case ids and baselines stay the same from run to run; pass another seed to explore).
    pub seed: u64,
    /// Sequences run (0: the phase is off). Default: 4.
    pub cases: u32,
    /// Most steps in one sequence. Default: 8.
    pub steps: u32,
    /// Time for the whole phase: a sequence not started by then is not applicable, a started one
    /// stops after its current step; shrinking a failure gets [`SHRINK_TIME`] on top. Default: 20 s.
    pub budget: Duration,
    /// How long the checks after a step wait for the target to settle (an answer, an action
    /// carried out asynchronously) before a finding counts. Default: 5 s; the embedded reference
    /// server settles within 0.5 s and uses 1 s.
    pub settle: Duration,
}

/// Longest time spent shrinking one failing sequence.
pub const SHRINK_TIME: Duration = Duration::from_secs(30);

/// Most shrinking attempts for one failing sequence.
pub const SHRINK_ITERS: u32 = 256;

impl StatefulSettings {
    /// `base` with what `ISYM_STATEFUL_SEED`, `ISYM_STATEFUL_CASES`, `ISYM_STATEFUL_STEPS` and
    /// `ISYM_STATEFUL_BUDGET_SECS` set (the `cargo test` front end; the CLI reads them through
    /// its options). A value that is not a number is a usage error naming the variable.
    pub fn from_env(base: StatefulSettings) -> Result<StatefulSettings, crate::error::RunError> {
        fn var<T: std::str::FromStr>(name: &str) -> Result<Option<T>, crate::error::RunError> {
            match std::env::var(name).ok().filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(text) => text.parse().map(Some).map_err(|_| {
                    crate::error::RunError::Usage(format!("{name}={text:?} is not a number"))
                }),
            }
        }
        Ok(StatefulSettings {
            seed: var("ISYM_STATEFUL_SEED")?.unwrap_or(base.seed),
            cases: var("ISYM_STATEFUL_CASES")?.unwrap_or(base.cases),
            steps: var::<u32>("ISYM_STATEFUL_STEPS")?.map_or(base.steps, |n| n.clamp(1, 64)),
            budget: var("ISYM_STATEFUL_BUDGET_SECS")?.map_or(base.budget, Duration::from_secs),
            settle: base.settle,
        })
    }
}

impl Default for StatefulSettings {
    fn default() -> Self {
        StatefulSettings {
            seed: 1,
            cases: 4,
            steps: 8,
            budget: Duration::from_secs(20),
            settle: Duration::from_secs(5),
        }
    }
}
