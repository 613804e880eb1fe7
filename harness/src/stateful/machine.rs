//! Running sequences: one proptest [`TestRunner`] per seed, seeded with a [`TestRng`], over
//! [`super::action::sequence`]; each step's action, then the checks of [`super::check`] until
//! the target settles. A failing sequence is shrunk by proptest and reported with the shortest
//! sequence that still fails, as one [`CaseResult`].

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::Value;

use super::action::{self, Caps};
use super::check::{Fixtures, CHECKED};
use super::steps::{execute, Execution};
use super::{StatefulSettings, FAMILY, SHRINK_ITERS, SHRINK_TIME};
use crate::context::RunContext;
use crate::profile::ApiVersion;
use crate::result::{CaseResult, CheckFailure, CheckKind, Level, Verdict};
use crate::runner::Selection;

/// Tags of every stateful case.
pub const TAGS: &[&str] = &["mutating", "stateful", "relation"];

/// The case ids a run with `settings` has: `stateful/seed-<N>`, one per sequence.
pub fn case_ids(settings: &StatefulSettings) -> Vec<String> {
    (0..u64::from(settings.cases))
        .map(|i| format!("{FAMILY}/seed-{}", settings.seed.wrapping_add(i)))
        .collect()
}

/// Runs the stateful phase's selected cases, one sequence after another (they share fixtures),
/// after every other case of the run.
pub fn run_phase(ctx: &RunContext, selection: &Selection) -> Vec<CaseResult> {
    let tags = super::tags();
    let seeds: Vec<u64> = seeds(&ctx.stateful)
        .filter(|seed| selection.matches_parts(&format!("{FAMILY}/seed-{seed}"), &tags))
        .collect();
    if seeds.is_empty() {
        return Vec::new();
    }
    let phase = Phase::start(ctx);
    seeds.into_iter().map(|seed| phase.run(ctx, seed)).collect()
}

/// The seeds of a run's sequences.
pub fn seeds(settings: &StatefulSettings) -> impl Iterator<Item = u64> + '_ {
    (0..u64::from(settings.cases)).map(|i| settings.seed.wrapping_add(i))
}

/// The phase once started: its gate, decided once, and the end of its time budget. Its
/// sequences run one at a time ([`Phase::run`] takes a lock): they share the fixtures.
pub struct Phase {
    gate: Result<(Caps, Fixtures), Blocked>,
    deadline: Instant,
    one_at_a_time: std::sync::Mutex<()>,
}

impl Phase {
    /// Decides the gate and starts the budget's clock.
    pub fn start(ctx: &RunContext) -> Phase {
        Phase {
            gate: gate(ctx),
            deadline: Instant::now() + ctx.stateful.budget,
            one_at_a_time: std::sync::Mutex::new(()),
        }
    }

    /// Runs the sequence of `seed` (after any other running one) into its case result.
    pub fn run(&self, ctx: &RunContext, seed: u64) -> CaseResult {
        let _turn = self.one_at_a_time.lock().unwrap_or_else(|e| e.into_inner());
        let mut result = blank(ctx, seed);
        let started = Instant::now();
        match &self.gate {
            Err(blocked) => blocked.apply(&mut result),
            Ok(_) if Instant::now() >= self.deadline => {
                result.verdict = Verdict::NotApplicable;
                result.reason = Some(format!(
                    "not run: the stateful phase's time budget ({} s) was spent before this sequence started (--stateful-budget-secs)",
                    ctx.stateful.budget.as_secs()
                ));
            }
            Ok((caps, fixtures)) => {
                run_seed(ctx, *caps, fixtures, seed, self.deadline, &mut result)
            }
        }
        result.duration_ms = started.elapsed().as_millis() as u64;
        result
    }
}

fn blank(ctx: &RunContext, seed: u64) -> CaseResult {
    CaseResult {
        id: format!("{FAMILY}/seed-{seed}"),
        scenario: Some(format!("{FAMILY}/sequence")),
        title: "A random sequence of originate, answer, transfer, DND and mute steps keeps every documented read path consistent".into(),
        file: "harness/src/stateful/check.rs".into(),
        line: 1,
        requirements: Vec::new(),
        level: Level::Core,
        sections: Vec::new(),
        tags: TAGS.iter().map(|t| t.to_string()).collect(),
        method: "POST".into(),
        url: format!("{}{}", ctx.api_base, super::FIRST_PATH),
        verdict: Verdict::Pass,
        reason: None,
        duration_ms: 0,
        attempts: 0,
        failures: Vec::new(),
        warnings: Vec::new(),
        exchanges: Vec::new(),
    }
}

fn set_requirements(ctx: &RunContext, result: &mut CaseResult, ids: Vec<&str>) {
    result.requirements = ids.iter().map(|r| r.to_string()).collect();
    result.sections = ids.iter().map(|r| ctx.catalogue.section_of(r)).collect();
}

/// Why the phase cannot run.
#[derive(Debug)]
struct Blocked {
    verdict: Verdict,
    reason: String,
    failure: Option<Box<CheckFailure>>,
}

impl Blocked {
    fn apply(&self, result: &mut CaseResult) {
        result.verdict = self.verdict;
        result.reason = Some(self.reason.clone());
        result.failures.extend(self.failure.as_deref().cloned());
    }
}

/// The phase's gate: state changes allowed, the two licensed extensions discovered; what else
/// the profile gives enables transfers, outside calls and mutes.
fn gate(ctx: &RunContext) -> Result<(Caps, Fixtures), Blocked> {
    let blocked = |verdict, reason: String| Blocked {
        verdict,
        reason,
        failure: None,
    };
    if let Some(reason) = ctx.client.given_up() {
        return Err(blocked(Verdict::Error, format!("not run: {reason}")));
    }
    let profile = &ctx.profile.profile;
    if !profile.allow_state_changes {
        return Err(blocked(
            Verdict::NotApplicable,
            "changes state on the target; the profile does not allow state changes (allow_state_changes)".into(),
        ));
    }
    let world = &ctx.world;
    for root in ["core", "licensed_extension", "second_licensed_extension"] {
        if let Some(why) = world.errored.get(root) {
            return Err(blocked(
                Verdict::Error,
                format!("discovery of `{root}` met a transport error: {why}"),
            ));
        }
        if let Some(why) = world.failed.get(root) {
            return Err(Blocked {
                verdict: Verdict::Fail,
                reason: format!("fixture `{root}` could not be discovered: {why}"),
                failure: Some(Box::new(CheckFailure::new(
                    "discovery",
                    CheckKind::Fixture,
                    format!("fixture `{root}` could not be discovered: {why}"),
                ))),
            });
        }
        if root != "core" && !world.present.contains(root) {
            return Err(blocked(
                Verdict::NotApplicable,
                format!("fixture `{root}` is not in the profile (add `fixtures.{root}`)"),
            ));
        }
    }
    let tree = &world.tree;
    let text = |pointer: &str| {
        tree.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let number = |root: &str| text(&format!("/fixtures/{root}/number"));
    let (Some(caller), Some(second), Some(core_slug)) = (
        number("licensed_extension"),
        number("second_licensed_extension"),
        text("/core/slug"),
    ) else {
        return Err(blocked(
            Verdict::Error,
            "discovery resolved no number for the licensed extensions".into(),
        ));
    };
    let usable = |root: &str| {
        world.present.contains(root)
            && !world.failed.contains_key(root)
            && !world.errored.contains_key(root)
    };
    let destination =
        text("/fixtures/transfer_destination").filter(|_| usable("transfer_destination"));
    let rooms = profile.api_version() >= ApiVersion::V3_3 && profile.features.conference_rooms;
    let participant = text("/fixtures/conference_room/participant_segment")
        .filter(|_| rooms && usable("conference_room"));
    let unlicensed_segment =
        text("/fixtures/unlicensed_call/segment").filter(|_| usable("unlicensed_call"));
    let caps = Caps {
        outside: destination.is_some(),
        mute: participant.is_some(),
    };
    Ok((
        caps,
        Fixtures {
            core_slug,
            caller,
            second,
            destination,
            participant,
            unlicensed_segment,
        },
    ))
}

/// The 32 bytes of a ChaCha seed from a run's seed (splitmix64), the same on every platform.
fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut state = seed;
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    bytes
}

fn run_seed(
    ctx: &RunContext,
    caps: Caps,
    fixtures: &Fixtures,
    seed: u64,
    deadline: Instant,
    result: &mut CaseResult,
) {
    let settings = &ctx.stateful;
    let config = Config {
        cases: 1,
        max_shrink_iters: SHRINK_ITERS,
        max_shrink_time: SHRINK_TIME.as_millis() as u32,
        failure_persistence: None,
        max_local_rejects: 0,
        max_global_rejects: 0,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed));
    let mut runner = TestRunner::new_with_rng(config, rng);
    let runs: RefCell<BTreeMap<String, Execution>> = RefCell::new(BTreeMap::new());
    let first: RefCell<Option<Execution>> = RefCell::new(None);
    let label = format!("{FAMILY}/seed-{seed}");
    let outcome = runner.run(&action::sequence(caps, settings.steps), |actions| {
        let is_first = first.borrow().is_none();
        let execution = execute(
            ctx,
            fixtures,
            &label,
            &action::actions(&actions),
            is_first.then_some(deadline),
            settings.settle,
        );
        let failed = execution.failed();
        let summary = execution
            .findings
            .first()
            .map(|f| f.failure.message.clone())
            .unwrap_or_default();
        if is_first {
            *first.borrow_mut() = Some(execution.clone());
        }
        runs.borrow_mut().insert(format!("{actions:?}"), execution);
        // A transport error while shrinking is no failure of that sequence: shrinking goes on
        // with the ones that did fail.
        if failed {
            Err(TestCaseError::fail(summary))
        } else {
            Ok(())
        }
    });
    let first = first.into_inner().unwrap_or_default();
    let runs = runs.into_inner();
    result.attempts = runs.values().map(|e| e.attempts).sum();
    let shown = match &outcome {
        Err(TestError::Fail(_, minimal)) => runs
            .get(&format!("{minimal:?}"))
            .cloned()
            .unwrap_or_else(|| first.clone()),
        _ => first.clone(),
    };

    let reproduce =
        format!("--stateful-seed {seed} --stateful-cases 1 (ISYM_STATEFUL_SEED={seed})");
    if let Some(transport) = &first.transport {
        result.verdict = Verdict::Error;
        result.reason = Some(format!("the target did not answer: {}", transport.message));
        result.failures.push(CheckFailure::new(
            &transport.exchange.step,
            CheckKind::Transport,
            transport.message.clone(),
        ));
        result.exchanges = first.actions.clone();
        result.exchanges.push((*transport.exchange).clone());
        set_requirements(ctx, result, CHECKED.to_vec());
        return;
    }
    if let Err(TestError::Abort(why)) = &outcome {
        result.verdict = Verdict::Error;
        result.reason = Some(format!("proptest stopped the sequence: {why}"));
        set_requirements(ctx, result, CHECKED.to_vec());
        return;
    }
    if shown.failed() {
        let broken: BTreeSet<&str> = shown.findings.iter().map(|f| f.requirement).collect();
        set_requirements(ctx, result, broken.into_iter().collect());
        result.verdict = Verdict::Fail;
        result.reason = Some(format!(
            "seed {seed}: shrunk from {} to {} step(s): {}; reproduce with {reproduce}",
            first.steps.len(),
            shown.steps.len(),
            numbered(&shown.steps)
        ));
        result.failures = shown.findings.iter().map(|f| f.failure.clone()).collect();
        result.exchanges = shown.actions.clone();
        result
            .exchanges
            .extend(shown.findings.iter().map(|f| f.exchange.clone()));
    } else {
        set_requirements(ctx, result, CHECKED.to_vec());
        if !first.warnings.is_empty() {
            result.verdict = Verdict::Warn;
            result.exchanges = first.warnings.iter().map(|f| f.exchange.clone()).collect();
        }
        if first.cut_short {
            result.reason = Some(format!(
                "stopped after {} step(s): the stateful phase's time budget was spent",
                first.steps.len()
            ));
        }
    }
    result.warnings = first.warnings.iter().map(|f| f.failure.clone()).collect();
}

fn numbered(steps: &[String]) -> String {
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {s}", i + 1))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_give_distinct_chacha_seeds_and_ids_follow_the_settings() {
        assert_ne!(seed_bytes(1), seed_bytes(2));
        assert_eq!(seed_bytes(7), seed_bytes(7));
        let settings = StatefulSettings {
            seed: 41,
            cases: 3,
            ..StatefulSettings::default()
        };
        assert_eq!(
            case_ids(&settings),
            ["stateful/seed-41", "stateful/seed-42", "stateful/seed-43"]
        );
        let off = StatefulSettings {
            cases: 0,
            ..settings
        };
        assert!(case_ids(&off).is_empty());
    }
}
