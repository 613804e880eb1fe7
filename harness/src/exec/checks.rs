//! The checks of one response, all run, all collected as data: status, JSON body, content type,
//! schema (plus undeclared fields as warnings), assertions, snapshot.

use serde_json::Value;

use super::assert;
use super::snapshot::{self, SnapshotOutcome};
use crate::context::RunContext;
use crate::http::client::HttpResponse;
use crate::result::{CheckFailure, CheckKind};
use crate::spec::model::{Assertion, Expect, Precondition, Severity};
use crate::spec::template::Scope;
use crate::spec::Case;

/// What the checks of one attempt found.
#[derive(Debug, Default)]
pub struct Findings {
    pub failures: Vec<CheckFailure>,
    pub warnings: Vec<CheckFailure>,
    /// The body, when it is JSON.
    pub body: Option<Value>,
}

fn finding(step: &str, check: CheckKind, message: impl Into<String>) -> CheckFailure {
    CheckFailure::new(step, check, message)
}

/// Runs every check of `expect` on `response`.
pub fn check_response(
    ctx: &RunContext,
    case: &Case,
    step: &str,
    expect: &Expect,
    scope: &Scope,
    response: &HttpResponse,
) -> Findings {
    let mut found = Findings::default();
    let status = response.status;
    let status_ok = match &expect.status {
        Some(codes) => codes.contains(status),
        None => (200..300).contains(&status),
    };
    let tolerated = !status_ok
        && expect
            .tolerate
            .as_ref()
            .is_some_and(|codes| codes.contains(status));
    if !status_ok {
        let expected = expect
            .status
            .as_ref()
            .map_or_else(|| Value::String("2xx".into()), |c| c.as_value());
        let mut f = finding(
            step,
            CheckKind::Status,
            format!("status {status}, expected {}", list(&expected)),
        );
        f.expected = Some(expected);
        f.actual = Some(Value::from(status));
        if tolerated {
            f.message = format!("{}; tolerated: the documents leave it open", f.message);
            found.warnings.push(f);
        } else {
            found.failures.push(f);
        }
    }
    // The body checks describe the expected response; a tolerated status stands for another
    // reading the documents allow, so schema, assertions and snapshot do not apply to its body.
    let body_checks_apply = !tolerated;

    let has_body = !response.body.iter().all(u8::is_ascii_whitespace);
    if has_body {
        match serde_json::from_slice::<Value>(&response.body) {
            Ok(body) => found.body = Some(body),
            Err(e) if (200..300).contains(&status) => {
                // Responses are JSON (API overview). Where the step reads the body that is a
                // failure; where nothing documented is in it (the body of an action, whose
                // success response the pages do not describe) it is only noted.
                let reads_body = expect.schema.is_some()
                    || expect.snapshot.is_some()
                    || !expect.assert.is_empty();
                let f = finding(
                    step,
                    CheckKind::ContentType,
                    format!("the body is not JSON: {e}"),
                );
                if reads_body {
                    found.failures.push(f);
                } else {
                    found.warnings.push(f);
                }
            }
            Err(_) => {}
        }
    }
    if found.body.is_some() {
        let content_type = response.header("content-type").unwrap_or("");
        if !content_type
            .to_ascii_lowercase()
            .starts_with("application/json")
        {
            let mut f = finding(
                step,
                CheckKind::ContentType,
                format!(
                    "JSON body served as {:?}, not application/json",
                    content_type
                ),
            );
            f.actual = Some(Value::String(content_type.to_string()));
            found.warnings.push(f);
        }
    }

    if !body_checks_apply {
        return found;
    }

    if let Some(reference) = &expect.schema {
        match &found.body {
            None => found.failures.push(finding(
                step,
                CheckKind::Schema,
                format!("no JSON body to validate against {reference}"),
            )),
            Some(body) => {
                let (errors, extras) = ctx.schemas.validate(reference, body);
                // Breaking the schema fails; a field it does not name only warns.
                for (list, issues) in [(&mut found.failures, errors), (&mut found.warnings, extras)]
                {
                    for issue in issues {
                        let mut f = finding(
                            step,
                            CheckKind::Schema,
                            format!("{reference}: {}", issue.message),
                        );
                        f.instance_pointer = Some(issue.instance_pointer);
                        f.schema_pointer = Some(issue.schema_pointer);
                        list.push(f);
                    }
                }
            }
        }
    }

    for assertion in &expect.assert {
        let f = check_assertion(step, assertion, scope, found.body.as_ref());
        if let Some(f) = f {
            if assertion.severity == Severity::Warn {
                found.warnings.push(f);
            } else {
                found.failures.push(f);
            }
        }
    }

    if let Some(name) = &expect.snapshot {
        match &found.body {
            None => found.failures.push(finding(
                step,
                CheckKind::Snapshot,
                format!("no JSON body for snapshot `{name}`"),
            )),
            Some(body) => {
                // Only documented fields are compared: extra fields are left open.
                let documented = match &expect.schema {
                    Some(reference) => ctx.schemas.declared_only(reference, body),
                    None => body.clone(),
                };
                let outcome = snapshot::check(
                    &ctx.snapshots,
                    &case.family,
                    name,
                    &case.file,
                    &format!("{} ({step})", case.spec.id),
                    &documented,
                );
                match outcome {
                    SnapshotOutcome::Matched
                    | SnapshotOutcome::Recorded(_)
                    | SnapshotOutcome::Updated(_) => {}
                    SnapshotOutcome::NotRecorded => {
                        ctx.snapshots_not_recorded
                            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    SnapshotOutcome::Changed {
                        path,
                        diff,
                        pending,
                    } => {
                        let review = review_note(ctx, pending.as_deref());
                        found.failures.push(finding(
                            step,
                            CheckKind::Snapshot,
                            format!("differs from {}{review}:\n{diff}", path.display()),
                        ))
                    }
                    SnapshotOutcome::Missing { path, pending } => {
                        let review = review_note(ctx, pending.as_deref());
                        found.failures.push(finding(
                            step,
                            CheckKind::Snapshot,
                            format!(
                                "no snapshot recorded at {}: this target's snapshots are \
                                 committed, so each must exist (record it with \
                                 --update-snapshots or ISYM_UPDATE_SNAPSHOTS=1){review}",
                                path.display()
                            ),
                        ))
                    }
                    SnapshotOutcome::Broken(message) => {
                        found
                            .failures
                            .push(finding(step, CheckKind::Snapshot, message))
                    }
                }
            }
        }
    }
    found
}

/// Why `precondition` does not hold of `response`, or `None` when it holds. Nothing here is a
/// finding: a precondition decides whether the step's checks apply, not whether they pass.
pub fn precondition_unmet(
    step: &str,
    precondition: &Precondition,
    scope: &Scope,
    response: &HttpResponse,
) -> Option<String> {
    if let Some(codes) = &precondition.status {
        if !codes.contains(response.status) {
            let expected = codes.as_value();
            return Some(format!(
                "status {}, not {}",
                response.status,
                list(&expected)
            ));
        }
    }
    let body: Option<Value> = serde_json::from_slice(&response.body).ok();
    precondition
        .assert
        .iter()
        .find_map(|assertion| check_assertion(step, assertion, scope, body.as_ref()))
        .map(|f| match f.instance_pointer {
            Some(pointer) => format!("{pointer:?} {}", f.message),
            None => f.message,
        })
}

/// ` (received: <pending file>, ...)` when a `.snap.new` was written for review, counted for the
/// console's hint.
fn review_note(ctx: &RunContext, pending: Option<&std::path::Path>) -> String {
    match pending {
        Some(pending) => {
            ctx.snapshots_pending
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            format!(
                " (received: {}, for `cargo insta review`)",
                pending.display()
            )
        }
        None => String::new(),
    }
}

fn list(expected: &Value) -> String {
    match expected {
        Value::Array(items) => items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" or "),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The failure of one assertion, if it fails.
fn check_assertion(
    step: &str,
    assertion: &Assertion,
    scope: &Scope,
    body: Option<&Value>,
) -> Option<CheckFailure> {
    let rendered = match render_assertion(assertion, scope) {
        Ok(a) => a,
        Err(name) => {
            return Some(finding(
                step,
                CheckKind::Assert,
                format!("template `{{{{{name}}}}}` has no value"),
            ))
        }
    };
    let actual = assert::select(body, &assertion.pointer, assertion.pluck.as_deref());
    let mismatch = assert::evaluate(&rendered, actual.as_ref()).err()?;
    let mut pointer = assertion.pointer.clone();
    if let Some(pluck) = &assertion.pluck {
        pointer = format!("{pointer}[*]{pluck}");
    }
    let mut f = finding(
        step,
        CheckKind::Assert,
        format!(
            "{}: {}",
            assert::predicate_name(assertion),
            mismatch.message
        ),
    );
    f.instance_pointer = Some(pointer);
    f.expected = mismatch.expected;
    f.actual = mismatch.actual.map(|v| cut_value(v, 2048));
    Some(f)
}

/// A large actual value is replaced by its first bytes, to keep reports readable.
fn cut_value(value: Value, limit: usize) -> Value {
    let text = value.to_string();
    if text.len() <= limit {
        return value;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Value::String(format!("{}… ({} bytes)", &text[..end], text.len()))
}

fn render_assertion(a: &Assertion, scope: &Scope) -> Result<Assertion, String> {
    Ok(Assertion {
        predicate: a.predicate.try_map(|v| scope.render_value(v))?,
        ..a.clone()
    })
}
