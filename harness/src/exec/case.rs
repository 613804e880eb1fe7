//! Running one case: its gate ([`super::gate`]), then its steps in order with captures,
//! `for_each`, `eventually` and preconditions, producing a [`CaseResult`].

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::checks::{self, Findings};
use super::gate::{gate, Gate};
use crate::context::RunContext;
use crate::discovery::UNKNOWN_NUMBER;
use crate::http::client::{self, AuthHeader, HttpRequest};
use crate::result::{CaseResult, CheckFailure, CheckKind, Exchange, Verdict};
use crate::spec::expand::spellings;
use crate::spec::model::{Auth, Step};
use crate::spec::template::{self, Scope};
use crate::spec::Case;

/// The result skeleton of a case that has not run: placeholders shown as `<core.id>`.
pub fn blank_result(case: &Case, sections: Vec<String>) -> CaseResult {
    let first = case.spec.steps.first();
    CaseResult {
        id: case.id.clone(),
        scenario: Some(format!("{}/{}", case.family, case.spec.id)),
        title: case.spec.title.clone(),
        file: case.file.clone(),
        line: case.line,
        requirements: case.spec.requirements.clone(),
        level: case.level,
        sections,
        tags: case.spec.tags.clone(),
        method: first.map_or("", |s| s.request.method.as_str()).to_string(),
        url: first.map_or_else(String::new, |s| display_path(case.step_path(s))),
        verdict: Verdict::Pass,
        reason: None,
        duration_ms: 0,
        attempts: 0,
        failures: Vec::new(),
        warnings: Vec::new(),
        exchanges: Vec::new(),
    }
}

/// A templated path as shown when nothing is sent: `{{core.id}}` → `<core.id>`.
pub fn display_path(path: &str) -> String {
    match template::parse(path) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                template::Piece::Text(t) => t.to_string(),
                template::Piece::Name(n) => format!("<{n}>"),
            })
            .collect(),
        Err(_) => path.to_string(),
    }
}

/// Runs `case` against the target; never panics (a panic becomes verdict `error`).
pub fn run_case(ctx: &RunContext, case: &Case) -> CaseResult {
    let started = Instant::now();
    let sections = case
        .spec
        .requirements
        .iter()
        .map(|r| ctx.catalogue.section_of(r))
        .collect();
    let mut result = blank_result(case, sections);
    result.url = format!("{}{}", ctx.api_base, result.url);
    // A target given up on is not asked again: every case left ends in error, with one reason.
    let gate = match ctx.client.given_up() {
        Some(reason) => Gate::Error(format!("not run: {reason}")),
        None => gate(&ctx.profile.profile, &ctx.world, case),
    };
    match gate {
        Gate::Run => {
            // When a case may start is the scheduler's (crate::schedule).
            run_guarded(&mut result, |result| execute(ctx, case, result));
        }
        Gate::NotApplicable(blocker) => {
            result.verdict = Verdict::NotApplicable;
            result.reason = Some(blocker.reason());
        }
        Gate::Fail(failure) => {
            result.reason = Some(failure.message.clone());
            result.failures.push(*failure);
        }
        Gate::Error(reason) => {
            result.verdict = Verdict::Error;
            result.reason = Some(reason);
        }
    }
    if result.verdict != Verdict::NotApplicable && result.verdict != Verdict::Error {
        result.verdict = verdict_of(&result);
    }
    result.duration_ms = started.elapsed().as_millis() as u64;
    result
}

/// Runs `body` on `result`; a panic inside it becomes verdict `error` with the panic's message,
/// so one broken case never takes the run down.
fn run_guarded(result: &mut CaseResult, body: impl FnOnce(&mut CaseResult)) {
    let run = catch_unwind(AssertUnwindSafe(|| body(result)));
    if let Err(panic) = run {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into());
        result.verdict = Verdict::Error;
        result.reason = Some(format!("the harness panicked: {message}"));
    }
}

fn verdict_of(result: &CaseResult) -> Verdict {
    if result
        .failures
        .iter()
        .any(|f| f.check == CheckKind::Transport)
    {
        Verdict::Error
    } else if !result.failures.is_empty() {
        Verdict::Fail
    } else if !result.warnings.is_empty() {
        Verdict::Warn
    } else {
        Verdict::Pass
    }
}

/// Runs the steps; stops after the first step with a failure (later steps depend on it).
fn execute(ctx: &RunContext, case: &Case, result: &mut CaseResult) {
    let mut tries = 0;
    loop {
        tries += 1;
        let Some(restarts) = execute_once(ctx, case, result) else {
            return;
        };
        if tries > restarts {
            if tries > 1 {
                if let Some(reason) = &mut result.reason {
                    reason.push_str(&format!("; the case was tried {tries} times"));
                }
            }
            return;
        }
        // Start over on a fresh state (a new call): what the missed try found is not reported,
        // its requests are still counted.
        result.verdict = Verdict::Pass;
        result.reason = None;
        result.warnings.clear();
        result.exchanges.clear();
    }
}

/// Runs the steps once. `Some(restarts)` when a step's precondition never held, with how many
/// times that precondition lets the case start over.
fn execute_once(ctx: &RunContext, case: &Case, result: &mut CaseResult) -> Option<u32> {
    let mut scope = Scope {
        world: &ctx.world.tree,
        locals: BTreeMap::from([(
            "unknown".to_string(),
            json!({ "uuid": uuid::Uuid::new_v4().to_string(), "number": UNKNOWN_NUMBER }),
        )]),
    };
    let mut first_url_set = false;
    // Held from the first `exclusive` step to the last; dropped on any early return.
    let mut window = None;
    for (index, step) in case.spec.steps.iter().enumerate() {
        if !step.exclusive {
            window = None;
        } else if window.is_none() {
            window = Some(ctx.call_window.enter());
        }
        let label = step
            .name
            .clone()
            .unwrap_or_else(|| format!("step {}", index + 1));
        let items: Vec<Option<Value>> = match &step.for_each {
            None => vec![None],
            Some(each) => match scope.render_str(&each.items) {
                Ok(Value::Array(items)) => items.into_iter().map(Some).collect(),
                Ok(other) => {
                    result.failures.push(CheckFailure::new(
                        &label,
                        CheckKind::Capture,
                        format!("for_each: {} is not an array: {other}", each.items),
                    ));
                    return None;
                }
                Err(name) => {
                    result.failures.push(CheckFailure::new(
                        &label,
                        CheckKind::Capture,
                        format!("for_each: `{{{{{name}}}}}` has no value"),
                    ));
                    return None;
                }
            },
        };
        let items: Vec<(String, Option<Value>)> = items
            .into_iter()
            .map(|item| {
                let label = match (&item, &step.for_each) {
                    (Some(value), Some(each)) => {
                        format!("{label} [{}={}]", each.var, short(value))
                    }
                    _ => label.clone(),
                };
                (label, item)
            })
            .collect();
        // Independent reads go out together; their outcomes are then judged in item order, as
        // if sent one by one (the requests of every item count in `attempts`).
        let mut sent = super::items::at_once(step, items.len()).then(|| {
            super::items::run_all(step, &scope, &items, |label, scope| {
                run_step(ctx, case, step, label, scope)
            })
            .into_iter()
        });
        if let Some(outcomes) = &sent {
            result.attempts += outcomes.as_slice().iter().map(|o| o.attempts).sum::<u32>();
        }
        for (label, item) in items {
            if let (Some(value), Some(each)) = (item, &step.for_each) {
                scope.locals.insert(each.var.clone(), value);
            }
            let outcome = match &mut sent {
                Some(outcomes) => outcomes.next().expect("one outcome per item"),
                None => {
                    let outcome = run_step(ctx, case, step, &label, &scope);
                    result.attempts += outcome.attempts;
                    outcome
                }
            };
            if let Some(request) = &outcome.request {
                if !first_url_set {
                    result.url = request.url.clone();
                    first_url_set = true;
                }
            }
            if let Some(reason) = outcome.not_applicable {
                result.verdict = Verdict::NotApplicable;
                result.reason = Some(format!("{label}: {reason}"));
                return Some(step.precondition.as_ref().map_or(0, |p| p.restarts));
            }
            let failed = !outcome.findings.failures.is_empty();
            result.exchanges.extend(outcome.exchange);
            result.failures.extend(outcome.findings.failures);
            result.warnings.extend(outcome.findings.warnings);
            if failed {
                return None;
            }
            if let Err(failure) =
                super::capture::apply(step, &label, &mut scope, outcome.findings.body.as_ref())
            {
                result.failures.push(*failure);
                return None;
            }
        }
    }
    None
}

fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.len() > 40 {
        format!(
            "{}…",
            &text[..text.char_indices().nth(40).map_or(text.len(), |(i, _)| i)]
        )
    } else {
        text
    }
}

struct StepOutcome {
    findings: Findings,
    attempts: u32,
    request: Option<HttpRequest>,
    /// The response status, when one came.
    status: Option<u16>,
    /// The request and response, kept only for a step that failed or warned (for the report).
    exchange: Option<Exchange>,
    /// Set when the step's precondition never held: why the case is not applicable.
    not_applicable: Option<String>,
}

fn run_step(ctx: &RunContext, case: &Case, step: &Step, label: &str, scope: &Scope) -> StepOutcome {
    let request = match build_request(ctx, case, step, scope) {
        Ok(request) => HttpRequest {
            label: format!("{} [{label}]", case.id),
            ..request
        },
        Err(name) => {
            return StepOutcome {
                findings: Findings {
                    failures: vec![CheckFailure::new(
                        label,
                        CheckKind::Capture,
                        format!("template `{{{{{name}}}}}` has no value"),
                    )],
                    ..Findings::default()
                },
                attempts: 0,
                request: None,
                status: None,
                exchange: None,
                not_applicable: None,
            }
        }
    };
    // A path the pages spell two ways (`[users|user]`) passes on a spelling that passes. A 404 or
    // 405 may only mean "no such route", so a spelling the server routes decides: a pass with 404
    // or 405 is kept while the other spellings are tried, and a routed spelling that fails is
    // reported even when an unrouted one passed.
    let path = &request.url[ctx.api_base.len()..];
    let urls: Vec<String> = match spellings(path) {
        Ok(paths) => paths
            .iter()
            .map(|p| format!("{}{p}", ctx.api_base))
            .collect(),
        Err(_) => vec![request.url.clone()],
    };
    let single = urls.len() == 1;
    let mut attempts = 0;
    let mut failed: Option<StepOutcome> = None;
    let mut unrouted_pass: Option<StepOutcome> = None;
    for url in urls {
        let outcome = send_until_settled(
            ctx,
            case,
            step,
            label,
            scope,
            HttpRequest {
                url,
                ..request.clone()
            },
        );
        attempts += outcome.attempts;
        let passed = outcome.findings.failures.is_empty();
        if passed && (single || outcome.routed()) {
            return StepOutcome {
                attempts,
                ..outcome
            };
        }
        if passed {
            unrouted_pass.get_or_insert(outcome);
        } else if failed
            .as_ref()
            .is_none_or(|f| !f.routed() && outcome.routed())
        {
            failed = Some(outcome);
        }
    }
    let mut outcome = match (failed, unrouted_pass) {
        (Some(failed), _) if failed.routed() => failed,
        (_, Some(passed)) => passed,
        (Some(failed), None) => failed,
        (None, None) => unreachable!("a path has at least one spelling"),
    };
    outcome.attempts = attempts;
    outcome
}

impl StepOutcome {
    /// Whether the server answered with something other than "no such route" (404 / 405).
    fn routed(&self) -> bool {
        self.status.is_some_and(|s| s != 404 && s != 405)
    }
}

/// Sends one request, again and again while an `eventually` step fails (or its precondition
/// does not hold) and time remains.
fn send_until_settled(
    ctx: &RunContext,
    case: &Case,
    step: &Step,
    label: &str,
    scope: &Scope,
    request: HttpRequest,
) -> StepOutcome {
    let deadline = step.eventually.map(|e| {
        (
            Instant::now() + Duration::from_millis(e.timeout_ms),
            Duration::from_millis(e.interval_ms),
        )
    });
    let mut attempts = 0;
    // The last attempt on which the precondition held but a check failed, and why the
    // precondition did not hold on the latest attempt that missed it.
    let mut observed: Option<StepOutcome> = None;
    let mut unmet = String::new();
    loop {
        attempts += 1;
        let (findings, response) = match client::send(&ctx.client, &request) {
            Ok(response) => {
                let findings =
                    checks::check_response(ctx, case, label, &step.expect, scope, &response);
                (findings, Some(response))
            }
            Err(e) => (
                Findings {
                    failures: vec![CheckFailure::new(label, CheckKind::Transport, e.message)],
                    ..Findings::default()
                },
                None,
            ),
        };
        // A transport error says nothing of the target's state: it is judged (as an error),
        // never taken for a state that was not there.
        let met = match (&step.precondition, &response) {
            (Some(precondition), Some(response)) => {
                match checks::precondition_unmet(label, precondition, scope, response) {
                    Some(why) => {
                        unmet = why;
                        false
                    }
                    None => true,
                }
            }
            _ => true,
        };
        let passed = findings.failures.is_empty();
        let given_up = ctx.client.given_up().is_some();
        let retry = match deadline {
            Some((until, interval)) if !(given_up || met && passed) => {
                let pause = poll_pause(attempts, interval);
                if Instant::now() + pause < until {
                    std::thread::sleep(pause);
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        if retry {
            if met {
                observed = Some(outcome_of(
                    ctx, label, &request, findings, response, attempts,
                ));
            }
            continue;
        }
        return match settle(met, observed.is_some()) {
            Settled::ThisAttempt => outcome_of(ctx, label, &request, findings, response, attempts),
            Settled::LastObserved => {
                let mut outcome = observed.take().expect("settle saw an observed attempt");
                outcome.attempts = attempts;
                outcome
            }
            Settled::NotApplicable => StepOutcome {
                findings: Findings::default(),
                attempts,
                request: Some(request),
                status: response.as_ref().map(|r| r.status),
                exchange: None,
                not_applicable: Some(format!(
                    "{} (precondition not met after {attempts} attempt(s): {unmet})",
                    step.precondition.as_ref().map_or("", |p| p.reason.trim())
                )),
            },
        };
    }
}

/// Which attempt a step is judged on once it stops polling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settled {
    /// The last attempt: its precondition held (or the step has none).
    ThisAttempt,
    /// An earlier attempt on which the precondition held and a check failed: the state moved
    /// on since, and the failure seen then stands.
    LastObserved,
    /// The precondition never held: the case is not applicable.
    NotApplicable,
}

/// How a step settles, from whether its last attempt met the precondition and whether an
/// earlier one did.
fn settle(met: bool, observed_before: bool) -> Settled {
    match (met, observed_before) {
        (true, _) => Settled::ThisAttempt,
        (false, true) => Settled::LastObserved,
        (false, false) => Settled::NotApplicable,
    }
}

/// The outcome of one attempt; `attempts` > 1 notes the polling in each failure's message.
fn outcome_of(
    ctx: &RunContext,
    label: &str,
    request: &HttpRequest,
    mut findings: Findings,
    response: Option<client::HttpResponse>,
    attempts: u32,
) -> StepOutcome {
    if attempts > 1 {
        let note = format!("after {attempts} attempts (eventually)");
        for f in findings.failures.iter_mut() {
            f.message = format!("{} ({note})", f.message);
        }
    }
    let reported = !findings.failures.is_empty() || !findings.warnings.is_empty();
    let exchange = reported.then(|| Exchange {
        step: label.to_string(),
        request: client::request_record(request),
        response: response.as_ref().map(client::response_record),
        curl: ctx.credentials.curl_line(request, &ctx.curl_tls),
    });
    StepOutcome {
        findings,
        attempts: attempts.max(1),
        request: Some(request.clone()),
        status: response.as_ref().map(|r| r.status),
        exchange,
        not_applicable: None,
    }
}

/// The first pause of an `eventually` step; later ones double up to its `interval_ms`.
const FIRST_POLL_PAUSE: Duration = Duration::from_millis(5);

/// How long to wait after failed attempt number `attempt` (1-based) of an `eventually` step:
/// 5 ms, then twice the previous pause, never more than `interval`. A change a server makes
/// within a few milliseconds is seen within a few milliseconds, and a slow one is polled no
/// faster than the spec asks.
fn poll_pause(attempt: u32, interval: Duration) -> Duration {
    let doublings = attempt.saturating_sub(1).min(16);
    FIRST_POLL_PAUSE
        .saturating_mul(1 << doublings)
        .min(interval)
}

fn build_request(
    ctx: &RunContext,
    case: &Case,
    step: &Step,
    scope: &Scope,
) -> Result<HttpRequest, String> {
    let r = &step.request;
    let path = scope.render_string(case.step_path(step))?;
    let mut headers = Vec::new();
    for (name, value) in &r.headers {
        headers.push((scope.render_string(name)?, scope.render_string(value)?));
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
    {
        headers.insert(0, ("Accept".to_string(), "application/json".to_string()));
    }
    let body = match (&r.json, &r.body) {
        (Some(json), _) => Some(scope.render_value(json)?.to_string()),
        (None, Some(body)) => Some(scope.render_string(body)?),
        (None, None) => None,
    };
    let content_type = r
        .content_type
        .clone()
        .or_else(|| r.json.as_ref().map(|_| "application/json".to_string()));
    if let Some(content_type) = content_type {
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".to_string(), content_type));
        }
    }
    let c = &ctx.credentials;
    let auth = match r.auth {
        Auth::Default => AuthHeader::Basic {
            username: c.username.clone(),
            password: c.password.clone(),
        },
        Auth::None => AuthHeader::None,
        Auth::WrongPassword => AuthHeader::WrongPassword {
            username: c.username.clone(),
        },
    };
    Ok(HttpRequest {
        label: String::new(),
        method: r.method.as_str(),
        url: format!("{}{path}", ctx.api_base),
        headers,
        body,
        auth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blank result of a one-step case, loaded as the catalogue loads it.
    fn empty_result() -> CaseResult {
        let text = "cases:\n  - id: case\n    title: t\n    requirements: [R-1]\n    tags: [read-only]\n    steps:\n      - request: { method: GET, path: /x }\n        expect: { status: 200 }\n";
        let cases = crate::spec::load_spec_text("specs/family.yaml", "family", text, None)
            .expect("the case loads");
        blank_result(&cases[0], Vec::new())
    }

    #[test]
    fn a_panic_inside_a_case_becomes_an_error_verdict_with_its_message() {
        let mut result = empty_result();
        run_guarded(&mut result, |result| {
            result.attempts = 2;
            panic!("boom in step 2");
        });
        assert_eq!(result.verdict, Verdict::Error);
        assert_eq!(
            result.reason.as_deref(),
            Some("the harness panicked: boom in step 2")
        );
        // What the case recorded before the panic is kept for the report.
        assert_eq!(result.attempts, 2);
    }

    #[test]
    fn a_case_that_does_not_panic_keeps_its_verdict() {
        let mut result = empty_result();
        run_guarded(&mut result, |result| result.attempts = 1);
        assert_eq!(result.verdict, Verdict::Pass);
        assert_eq!(result.reason, None);
    }

    #[test]
    fn a_step_settles_on_the_attempt_that_saw_its_precondition() {
        // Met now: this attempt is judged, whatever came before.
        assert_eq!(settle(true, false), Settled::ThisAttempt);
        assert_eq!(settle(true, true), Settled::ThisAttempt);
        // Seen earlier (and failed then), gone now: the failure observed stands.
        assert_eq!(settle(false, true), Settled::LastObserved);
        // Never seen: not applicable.
        assert_eq!(settle(false, false), Settled::NotApplicable);
    }

    #[test]
    fn poll_pauses_start_short_and_double_up_to_the_interval() {
        let interval = Duration::from_millis(50);
        let pauses: Vec<u64> = (1..=6)
            .map(|attempt| poll_pause(attempt, interval).as_millis() as u64)
            .collect();
        assert_eq!(pauses, [5, 10, 20, 40, 50, 50]);
        // An interval shorter than the first pause wins from the start.
        assert_eq!(
            poll_pause(1, Duration::from_millis(2)),
            Duration::from_millis(2)
        );
        // Many attempts neither overflow nor exceed the interval.
        assert_eq!(poll_pause(u32::MAX, interval), interval);
    }
}
