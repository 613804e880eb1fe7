//! The steps of a sequence: each action carried out, with what is certain about its outcome
//! written into the model, and the checks of [`super::check`] after it until the target settles.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::action::Action;
use super::check::{Fixtures, Round};
use super::io::{finding, judge_action, ActionStatus, Finding, Got, Io, Transport};
use super::model::{Call, CallState, Dest, Model};
use crate::context::RunContext;
use crate::result::{CheckKind, Exchange};

/// How long a step waits for a call to be answered, as the hand-written cases do: a call not
/// answered by then is no finding (the pages set no time), only a step that does nothing.
const ANSWER_WAIT: Duration = Duration::from_secs(5);

/// One run of one sequence.
#[derive(Debug, Default, Clone)]
pub(crate) struct Execution {
    /// What each step did, for the report.
    pub steps: Vec<String>,
    pub findings: Vec<Finding>,
    pub warnings: Vec<Finding>,
    /// The action requests of every step, in order.
    pub actions: Vec<Exchange>,
    pub transport: Option<Transport>,
    pub attempts: u32,
    /// Stopped before its end: the phase's time budget was spent.
    pub cut_short: bool,
}

impl Execution {
    pub(crate) fn failed(&self) -> bool {
        !self.findings.is_empty() && self.transport.is_none()
    }
}

/// Runs `actions` from a fresh model; with a `deadline` (the first run of a seed), stops early
/// once it has passed. Cleans up after itself (DND off, participant unmuted) when it changed them.
pub(crate) fn execute(
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
    let checks = format!("{name}: checks");
    let (_, (findings, seen)) = poll(wait, Duration::from_millis(100), || {
        let mut round = Round::new(io, fixtures, &checks);
        let seen = round.run(model)?;
        let findings = std::mem::take(&mut round.findings);
        Ok((findings.is_empty(), (findings, seen)))
    })?;
    seen.apply(model);
    Ok(findings)
}

/// Asks `attempt` until it says it is done or `wait` is over, pausing from 5 ms up to
/// `longest` between attempts; whether it was done, and the last attempt's value.
fn poll<T>(
    wait: Duration,
    longest: Duration,
    mut attempt: impl FnMut() -> Result<(bool, T), Transport>,
) -> Result<(bool, T), Transport> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        let (done, value) = attempt()?;
        if done || started.elapsed() >= wait {
            return Ok((done, value));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(longest);
    }
}

/// The longest pause between two looks at an effect of an action.
const LOOK: Duration = Duration::from_millis(50);

/// A POST without a body (DND, mute), judged against `requirement`.
fn plain(
    io: &mut Io<'_>,
    execution: &mut Execution,
    name: &str,
    requirement: &'static str,
    path: &str,
) -> Result<(), Transport> {
    let got = io.send(name, "POST", path, None)?;
    acted(execution, requirement, name, &got);
    Ok(())
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
            let fresh = |listed: &Got| -> Vec<String> {
                listed
                    .ids()
                    .into_iter()
                    .filter(|id| !before.contains(id) && !known.contains(id))
                    .collect()
            };
            let (_, listed) = poll(wait, LOOK, || {
                let listed = io.send(name, "GET", &list, None)?;
                Ok((!fresh(&listed).is_empty(), listed))
            })?;
            let fresh = fresh(&listed);
            let Some(caller_segment) = fresh.first() else {
                let mut f = finding("EXT-ORIGINATE-CREATES-CALL", name, CheckKind::Assert, format!("the originate succeeded, but no new segment of licensed_extension was listed within {:.1} s", wait.as_secs_f64()), &listed);
                f.failure.instance_pointer = Some(String::new());
                execution.findings.push(f);
                return Ok(true);
            };
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
            Ok(true)
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
                // The destination of the last transfer may not have answered yet.
                let (_, linked) = poll(ANSWER_WAIT, LOOK, || {
                    let mut linked: Vec<String> = Vec::new();
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
                    Ok((!linked.is_empty(), linked))
                })?;
                if linked.is_empty() {
                    execution.steps.push(format!(
                        "transfer call {} again: none of its segments is linked within {} s",
                        c.number,
                        ANSWER_WAIT.as_secs()
                    ));
                    return Ok(false);
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
            let (moved_off, got) = poll(wait, LOOK, || {
                let got = io.send(name, "GET", &path, None)?;
                let off = got.status != 200 || got.str_at("/id") != Some(moved.as_str());
                Ok((off, got))
            })?;
            if !moved_off {
                let mut f = finding("CS-TRANSFER-MOVES-BOUND", name, CheckKind::Assert, format!("after the transfer on {named}, it is still linked to {moved}, the segment the transfer moves"), &got);
                f.failure.instance_pointer = Some("/id".into());
                f.failure.actual = Some(Value::from(moved));
                execution.findings.push(f);
            } else if !attended {
                not_sent_on(io, name, &named, &destination, fixtures, got, execution)?;
            }
            Ok(true)
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
            model.dnd = Some(enable);
            plain(
                io,
                execution,
                name,
                requirement,
                &format!("{caller}/{verb}"),
            )?;
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
            model.muted = Some(mute);
            let path = format!("{}/{verb}", fixtures.segment(&participant));
            plain(io, execution, name, requirement, &path)?;
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
    let path = format!(
        "{}/linkedCallSegment",
        fixtures.segment(&model.calls[index].caller)
    );
    let (answered, got) = poll(ANSWER_WAIT, LOOK, || {
        let got = io.send(name, "GET", &path, None)?;
        Ok((got.status == 200 && got.str_at("/id").is_some(), got))
    })?;
    if let (true, Some(callee)) = (answered, got.str_at("/id")) {
        model.calls[index].answered(callee);
    }
    Ok(answered)
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
            let mut f = finding("CS-TRANSFER-MOVES-BOUND", name, CheckKind::Assert, format!("after a blind transfer on {named}, that segment is {relation} the destination {number}: the transfer moved the named segment, not the one bound to it"), got);
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
        let path = format!("{}/disableDnd", fixtures.extension(&fixtures.caller));
        plain(io, execution, name, "EXT-DND-DISABLE-2XX", &path)?;
    }
    if let (Some(true), Some(participant)) = (model.muted, &fixtures.participant) {
        let path = format!("{}/unmute", fixtures.segment(participant));
        plain(io, execution, name, "CS-UNMUTE-2XX", &path)?;
    }
    Ok(())
}
