//! Running sequences: one proptest [`TestRunner`] per seed, seeded with a [`TestRng`], over
//! [`super::action::sequence`]; each step's action, then the checks of [`super::check`] until
//! the target settles. A failing sequence is shrunk by proptest and reported with the shortest
//! sequence that still fails, as one [`CaseResult`].

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::{json, Value};

use super::action::{self, Action, Caps};
use super::check::{Fixtures, Round, CHECKED};
use super::io::{finding, judge_action, ActionStatus, Finding, Got, Io, Transport};
use super::model::{Call, CallState, Dest, Model};
use super::{StatefulSettings, FAMILY, SHRINK_ITERS, SHRINK_TIME};
use crate::context::RunContext;
use crate::profile::ApiVersion;
use crate::result::{CaseResult, CheckFailure, Exchange, Level, Verdict};
use crate::runner::Selection;

/// How long a step waits for a call to be answered, as the hand-written cases do: a call not
/// answered by then is no finding (the pages set no time), only a step that does nothing.
const ANSWER_WAIT: Duration = Duration::from_secs(5);

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
        url: format!(
            "{}/coreServers/getByName/<core.slug>/extensions/getByName/<fixtures.licensed_extension.number>/originate",
            ctx.api_base
        ),
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
                failure: Some(Box::new(CheckFailure {
                    step: "discovery".into(),
                    check: "fixture".into(),
                    message: format!("fixture `{root}` could not be discovered: {why}"),
                    instance_pointer: None,
                    schema_pointer: None,
                    expected: None,
                    actual: None,
                })),
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

/// One run of one sequence.
#[derive(Debug, Default, Clone)]
struct Execution {
    /// What each step did, for the report.
    steps: Vec<String>,
    findings: Vec<Finding>,
    warnings: Vec<Finding>,
    /// The action requests of every step, in order.
    actions: Vec<Exchange>,
    transport: Option<Transport>,
    attempts: u32,
    /// Stopped before its end: the phase's time budget was spent.
    cut_short: bool,
}

impl Execution {
    fn failed(&self) -> bool {
        !self.findings.is_empty() && self.transport.is_none()
    }
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
        result.failures.push(CheckFailure {
            step: transport.exchange.step.clone(),
            check: "transport".into(),
            message: transport.message.clone(),
            instance_pointer: None,
            schema_pointer: None,
            expected: None,
            actual: None,
        });
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

/// Runs `actions` from a fresh model; with a `deadline` (the first run of a seed), stops early
/// once it has passed. Cleans up after itself (DND off, participant unmuted) when it changed them.
fn execute(
    ctx: &RunContext,
    fixtures: &Fixtures,
    label: &str,
    actions: &[Action],
    deadline: Option<Instant>,
    wait: Duration,
) -> Execution {
    let mut io = Io::new(ctx, label.to_string());
    let mut model = Model::default();
    let mut execution = Execution::default();
    for (i, action) in actions.iter().enumerate() {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            execution.cut_short = true;
            break;
        }
        let name = format!("step {}", i + 1);
        // A step with nothing to act on changed nothing: no checks after it.
        let outcome = step(
            &mut io,
            fixtures,
            &mut model,
            &name,
            action,
            wait,
            &mut execution,
        )
        .and_then(|acted| match acted {
            true => settle(&mut io, fixtures, &mut model, &name, wait),
            false => Ok(Vec::new()),
        });
        match outcome {
            Ok(findings) => execution.findings.extend(findings),
            Err(transport) => execution.transport = Some(transport),
        }
        if !execution.findings.is_empty() || execution.transport.is_some() {
            break;
        }
    }
    if execution.transport.is_none() {
        if let Err(transport) = clean_up(&mut io, fixtures, &model, &mut execution) {
            execution.transport = Some(transport);
        }
    }
    execution.attempts = io.attempts;
    execution
}

/// Repeats the checks until they find nothing or the settle time is over; the model takes what
/// the last round saw.
fn settle(
    io: &mut Io<'_>,
    fixtures: &Fixtures,
    model: &mut Model,
    name: &str,
    wait: Duration,
) -> Result<Vec<Finding>, Transport> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        let mut round = Round::new(io, fixtures, &format!("{name}: checks"));
        let seen = round.run(model)?;
        let findings = std::mem::take(&mut round.findings);
        if findings.is_empty() || started.elapsed() >= wait {
            seen.apply(model);
            return Ok(findings);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

/// Records an action's exchange and judges its status against `requirement`.
fn acted(execution: &mut Execution, requirement: &'static str, name: &str, got: &Got) -> bool {
    execution.actions.push(got.exchange.clone());
    match judge_action(requirement, name, got) {
        ActionStatus::Done => true,
        ActionStatus::Warned(w) => {
            execution.warnings.push(w);
            true
        }
        ActionStatus::Failed(f) => {
            execution.findings.push(f);
            false
        }
    }
}

/// Carries out one action and updates the model with what is certain about its outcome; false
/// when there was nothing to act on. Waits at most `wait` for an effect (a new segment, an
/// answer, a transfer carried out).
fn step(
    io: &mut Io<'_>,
    fixtures: &Fixtures,
    model: &mut Model,
    name: &str,
    action: &Action,
    wait: Duration,
    execution: &mut Execution,
) -> Result<bool, Transport> {
    let caller = fixtures.extension(&fixtures.caller);
    match *action {
        Action::Originate { outside } => {
            let dest = if outside { Dest::Outside } else { Dest::Second };
            let number = match dest {
                Dest::Second => fixtures.second.clone(),
                Dest::Outside => fixtures.destination.clone().unwrap_or_default(),
            };
            if !model.may_originate() {
                execution.steps.push(format!("originate to {} skipped: DND is enabled on licensed_extension, which leaves the outcome open (ERRATA E29)", dest.describe()));
                return Ok(false);
            }
            execution.steps.push(format!(
                "originate call {} from licensed_extension to {}",
                model.calls.len() + 1,
                dest.describe()
            ));
            let list = format!("{caller}/callSegments");
            let before = io.send(name, "GET", &list, None)?.ids();
            let got = io.send(
                name,
                "POST",
                &format!("{caller}/originate"),
                Some(&json!({ "destinationNumber": number })),
            )?;
            if !acted(execution, "EXT-ORIGINATE-2XX", name, &got) {
                return Ok(true);
            }
            let known = model.segments();
            let started = Instant::now();
            let mut pause = Duration::from_millis(5);
            loop {
                let listed = io.send(name, "GET", &list, None)?;
                let fresh: Vec<String> = listed
                    .ids()
                    .into_iter()
                    .filter(|id| !before.contains(id) && !known.contains(id))
                    .collect();
                if let Some(caller_segment) = fresh.first() {
                    // More than one new segment of the caller: which is this call's is open.
                    let state = if fresh.len() == 1 {
                        CallState::Placed
                    } else {
                        CallState::Unknown
                    };
                    model.calls.push(Call {
                        number: model.calls.len() + 1,
                        dest,
                        caller: caller_segment.clone(),
                        callee: None,
                        state,
                        reached: fresh[1..].to_vec(),
                        bound: Vec::new(),
                    });
                    return Ok(true);
                }
                if started.elapsed() >= wait {
                    let mut f = finding("EXT-ORIGINATE-CREATES-CALL", name, "assert", format!("the originate succeeded, but no new segment of licensed_extension was listed within {:.1} s", wait.as_secs_f64()), &listed);
                    f.failure.instance_pointer = Some(String::new());
                    execution.findings.push(f);
                    return Ok(true);
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
        }
        Action::AwaitAnswer { call } => {
            let Some(index) = model.placed(call) else {
                execution
                    .steps
                    .push("wait for an answer: no call rings".into());
                return Ok(false);
            };
            execution.steps.push(format!(
                "wait until call {} is answered",
                model.calls[index].number
            ));
            await_answer(io, fixtures, model, index, name)?;
            Ok(true)
        }
        Action::Transfer {
            call,
            on_callee,
            attended,
        } => {
            let Some(index) = model.transferable(call) else {
                execution.steps.push("transfer: no call to transfer".into());
                return Ok(false);
            };
            let destination = fixtures.destination.clone().unwrap_or_default();
            if model.calls[index].state == CallState::Placed
                && !await_answer(io, fixtures, model, index, name)?
            {
                execution.steps.push(format!(
                    "transfer call {}: not answered within {} s, nothing to transfer",
                    model.calls[index].number,
                    ANSWER_WAIT.as_secs()
                ));
                return Ok(false);
            }
            let c = model.calls[index].clone();
            if c.state == CallState::Unknown {
                // Its segments linked now (once the last transfer's destination answered), in
                // the model's order: the same choice on every run of the sequence.
                let mut linked = Vec::new();
                let started = Instant::now();
                while linked.is_empty() {
                    for segment in c.segments() {
                        let got = io.send(
                            name,
                            "GET",
                            &format!("{}/linkedCallSegment", fixtures.segment(&segment)),
                            None,
                        )?;
                        // A linked segment and the one it is linked to, whether or not an
                        // earlier check reached that one yet: the same pair on every run.
                        if let (200, Some(partner)) = (got.status, got.str_at("/id")) {
                            for s in [segment.as_str(), partner] {
                                if !linked.iter().any(|l| l == s) {
                                    linked.push(s.to_string());
                                }
                            }
                        }
                    }
                    // The destination of the last transfer may not have answered yet.
                    if linked.is_empty() && started.elapsed() >= ANSWER_WAIT {
                        execution.steps.push(format!(
                            "transfer call {} again: none of its segments is linked within 5 s",
                            c.number
                        ));
                        return Ok(false);
                    }
                    if linked.is_empty() {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                }
                let named = linked[usize::from(on_callee) % linked.len()].clone();
                model.calls[index].reach(&named);
                // What a transfer of this call does is open: its answer is not judged.
                execution.steps.push(format!(
                    "transfer call {} again, on the {} of its linked segments, blind",
                    c.number,
                    if on_callee && linked.len() > 1 {
                        "second"
                    } else {
                        "first"
                    }
                ));
                let body = json!({ "destinationNumber": destination, "attended": false });
                let got = io.send(
                    name,
                    "POST",
                    &format!("{}/transfer", fixtures.segment(&named)),
                    Some(&body),
                )?;
                execution.actions.push(got.exchange);
                return Ok(true);
            }
            let callee = c.callee.clone().unwrap_or_default();
            let (named, moved) = if on_callee {
                (callee, c.caller.clone())
            } else {
                (c.caller.clone(), callee)
            };
            // Attended transfers only of an extension's segment (call-segments.txt > transfer).
            let attended = attended && (on_callee || c.dest == Dest::Second);
            execution.steps.push(format!(
                "transfer call {} on the {} segment ({}) to transfer_destination",
                c.number,
                if on_callee { "callee's" } else { "caller's" },
                if attended { "attended" } else { "blind" }
            ));
            let body = json!({ "destinationNumber": destination, "attended": attended });
            let got = io.send(
                name,
                "POST",
                &format!("{}/transfer", fixtures.segment(&named)),
                Some(&body),
            )?;
            model.calls[index].transferred();
            if !acted(execution, "CS-TRANSFER-2XX", name, &got) {
                return Ok(true);
            }
            // The named segment is not the one moved, so it is no longer linked to it (ERRATA E25).
            let path = format!("{}/linkedCallSegment", fixtures.segment(&named));
            let started = Instant::now();
            let mut pause = Duration::from_millis(5);
            loop {
                let got = io.send(name, "GET", &path, None)?;
                if got.status != 200 || got.str_at("/id") != Some(moved.as_str()) {
                    if !attended {
                        not_sent_on(io, name, &named, &destination, fixtures, got, execution)?;
                    }
                    return Ok(true);
                }
                if started.elapsed() >= wait {
                    let mut f = finding("CS-TRANSFER-MOVES-BOUND", name, "assert", format!("after the transfer on {named}, it is still linked to {moved}, the segment the transfer moves"), &got);
                    f.failure.instance_pointer = Some("/id".into());
                    f.failure.actual = Some(Value::from(moved));
                    execution.findings.push(f);
                    return Ok(true);
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
        }
        Action::Dnd { enable } => {
            let (verb, requirement) = if enable {
                ("enableDnd", "EXT-DND-ENABLE-2XX")
            } else {
                ("disableDnd", "EXT-DND-DISABLE-2XX")
            };
            execution
                .steps
                .push(format!("{verb} on licensed_extension"));
            let got = io.send(name, "POST", &format!("{caller}/{verb}"), None)?;
            model.dnd = Some(enable);
            acted(execution, requirement, name, &got);
            Ok(true)
        }
        Action::Mute { mute } => {
            let participant = fixtures.participant.clone().unwrap_or_default();
            let (verb, requirement) = if mute {
                ("mute", "CS-MUTE-2XX")
            } else {
                ("unmute", "CS-UNMUTE-2XX")
            };
            execution
                .steps
                .push(format!("{verb} the conference room participant"));
            let got = io.send(
                name,
                "POST",
                &format!("{}/{verb}", fixtures.segment(&participant)),
                None,
            )?;
            model.muted = Some(mute);
            acted(execution, requirement, name, &got);
            Ok(true)
        }
    }
}

/// Waits until the caller's segment of placed call `index` is linked, at most [`ANSWER_WAIT`];
/// true when it was (the model then knows the callee's segment). A call not answered in time
/// may still ring: the pages set no time, so that is no finding.
fn await_answer(
    io: &mut Io<'_>,
    fixtures: &Fixtures,
    model: &mut Model,
    index: usize,
    name: &str,
) -> Result<bool, Transport> {
    let wait = ANSWER_WAIT;
    let path = format!(
        "{}/linkedCallSegment",
        fixtures.segment(&model.calls[index].caller)
    );
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        let got = io.send(name, "GET", &path, None)?;
        if let (200, Some(callee)) = (got.status, got.str_at("/id")) {
            model.calls[index].answered(callee);
            return Ok(true);
        }
        if started.elapsed() >= wait {
            return Ok(false);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// After a blind transfer on `named`, the destination is not what `named` dials or is linked to:
/// the bound segment went there (CS-TRANSFER-MOVES-BOUND, as `transfer/originated-call` reads
/// it). An attended transfer may have the named side consult the destination first (ERRATA E30).
fn not_sent_on(
    io: &mut Io<'_>,
    name: &str,
    named: &str,
    destination: &str,
    fixtures: &Fixtures,
    linked: Got,
    execution: &mut Execution,
) -> Result<(), Transport> {
    let dialing = io.send(
        name,
        "GET",
        &format!("{}/dialingToCallSegments", fixtures.segment(named)),
        None,
    )?;
    let numbers = |got: &Got| -> Vec<(String, String)> {
        let items: Vec<Value> = match &got.json {
            Some(Value::Array(items)) if got.status == 200 => items.clone(),
            Some(item @ Value::Object(_)) if got.status == 200 => vec![item.clone()],
            _ => Vec::new(),
        };
        items
            .iter()
            .enumerate()
            .filter(|(_, item)| {
                item.pointer("/callerId/number").and_then(Value::as_str) == Some(destination)
            })
            .map(|(i, _)| {
                (
                    if got.json.as_ref().is_some_and(Value::is_array) {
                        format!("/{i}/callerId/number")
                    } else {
                        "/callerId/number".into()
                    },
                    destination.to_string(),
                )
            })
            .collect()
    };
    for (got, relation) in [(&dialing, "dialing"), (&linked, "linked to")] {
        for (pointer, number) in numbers(got) {
            let mut f = finding("CS-TRANSFER-MOVES-BOUND", name, "assert", format!("after a blind transfer on {named}, that segment is {relation} the destination {number}: the transfer moved the named segment, not the one bound to it"), got);
            f.failure.instance_pointer = Some(pointer);
            f.failure.actual = Some(Value::from(number));
            execution.findings.push(f);
        }
    }
    Ok(())
}

/// Leaves the fixtures as the hand-written cases expect them: DND off, the participant unmuted.
fn clean_up(
    io: &mut Io<'_>,
    fixtures: &Fixtures,
    model: &Model,
    execution: &mut Execution,
) -> Result<(), Transport> {
    let name = "clean-up";
    if model.dnd == Some(true) {
        let got = io.send(
            name,
            "POST",
            &format!("{}/disableDnd", fixtures.extension(&fixtures.caller)),
            None,
        )?;
        acted(execution, "EXT-DND-DISABLE-2XX", name, &got);
    }
    if let (Some(true), Some(participant)) = (model.muted, &fixtures.participant) {
        let got = io.send(
            name,
            "POST",
            &format!("{}/unmute", fixtures.segment(participant)),
            None,
        )?;
        acted(execution, "CS-UNMUTE-2XX", name, &got);
    }
    Ok(())
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
