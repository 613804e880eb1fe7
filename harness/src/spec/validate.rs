//! Checking a loaded case before it runs: its fields, steps, templates, preconditions and
//! assertions, each problem with a hint (DESIGN.md §3).

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use super::expand::{parse_path, spellings, PathPiece};
use super::model::{
    Assertion, Precondition, Predicate, Severity, SpecCase, StatusItem, Step, MAX_RESTARTS,
};
use super::template;
use crate::error::LoadError;
use crate::names::{self, Kind};

pub(super) fn validate_case(
    file: &str,
    line: u32,
    spec: &SpecCase,
    known_requirements: Option<&HashSet<String>>,
    all_captures: &BTreeSet<String>,
    errors: &mut Vec<LoadError>,
) {
    let id = &spec.id;
    let mut err = |message: String, help: &str| {
        errors.push(LoadError::invalid(
            file,
            line,
            format!("case `{id}`: {message}"),
            help,
        ))
    };
    let id_ok = !id.is_empty()
        && id.split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if !id_ok {
        err(
            "the id is not `[a-z0-9-]` segments joined by `/`".into(),
            "write ids like `instance/get-by-number`",
        );
    }
    if spec.title.trim().is_empty() || spec.title.contains('\n') {
        err(
            "the title must be one non-empty line".into(),
            "paraphrase what the case checks in one line",
        );
    }
    if spec.requirements.is_empty() {
        err(
            "no requirements".into(),
            "list the ids from specs/requirements.yaml this case checks",
        );
    }
    if let Some(known) = known_requirements {
        for requirement in &spec.requirements {
            if !known.contains(requirement) {
                err(
                    format!("unknown requirement `{requirement}`"),
                    "use an id defined in specs/requirements.yaml",
                );
            }
        }
    }
    let kinds = spec
        .tags
        .iter()
        .filter(|t| *t == "read-only" || *t == "mutating")
        .count();
    if kinds != 1 {
        err(
            format!(
                "tags {:?} must hold exactly one of `read-only` and `mutating`",
                spec.tags
            ),
            "tag a case `read-only` when it changes nothing on the target, else `mutating`",
        );
    }
    for (key, forms) in &spec.forms {
        let kind_text = key.split(':').next().unwrap_or(key);
        match Kind::parse(kind_text) {
            None => err(
                format!("forms: unknown placeholder kind `{kind_text}`"),
                "use core, ext, user, queue or room (optionally `kind:fixture`)",
            ),
            Some(kind) => {
                let allowed = kind.form_names();
                if forms.is_empty() || forms.iter().any(|f| !allowed.contains(&f.as_str())) {
                    err(
                        format!("forms: `{key}: {forms:?}` names no known form"),
                        &format!(
                            "the forms of `{kind_text}` are {} and {}",
                            allowed[0], allowed[1]
                        ),
                    );
                }
            }
        }
    }
    if spec.steps.is_empty() {
        err("no steps".into(), "a case sends at least one request");
    }
    let windows = spec
        .steps
        .windows(2)
        .filter(|pair| pair[1].exclusive && !pair[0].exclusive)
        .count()
        + usize::from(spec.steps.first().is_some_and(|s| s.exclusive));
    if windows > 1 {
        err(
            format!("{windows} call windows: the `exclusive` steps are not consecutive"),
            "a case has at most one call window: mark consecutive steps `exclusive: true` \
             (DESIGN.md §3, \"Call windows\")",
        );
    }
    let mut captured: BTreeSet<String> = BTreeSet::new();
    for (index, step) in spec.steps.iter().enumerate() {
        let label = step
            .name
            .clone()
            .unwrap_or_else(|| format!("step {}", index + 1));
        for problem in step_problems(step, &captured) {
            let captured_later = all_captures
                .iter()
                .any(|c| problem.contains(&format!("`{{{{{c}}}}}`")));
            let help = if captured_later && problem.contains("unknown template name") {
                "a capture is usable only in the steps after the one that captures it".to_string()
            } else {
                step_help(&problem)
            };
            err(format!("{label}: {problem}"), &help);
        }
        captured.extend(step.capture.keys().cloned());
    }
}

pub(super) fn step_help(problem: &str) -> String {
    if problem.contains("unknown template name") {
        format!("templates may use {}", names::hint())
    } else if problem.starts_with("precondition") {
        "a precondition is `{ status, assert, reason }`: what the response must show for the \
         rest of the case to apply, and one line saying why the case is not applicable when it \
         never does (specs/README.md, \"Preconditions\")"
            .to_string()
    } else if problem.contains("placeholder") {
        "placeholders are {core}, {core:no_conference_core}, {ext:F}, {user:F}, {queue:F}, {room:F} \
         with F a fixture of DESIGN.md §2 (or `unknown`)"
            .to_string()
    } else if problem.contains("predicate") {
        "an assertion has `pointer`, optional `pluck` and `severity`, and exactly one of equals, \
         not_equals, exists, one_of, contains, not_contains, contains_where, not_contains_where, \
         subset_of, not_subset_of, length, min_length"
            .to_string()
    } else if problem.contains("pointer") {
        "JSON pointers are empty (the whole body) or start with `/`".to_string()
    } else {
        "see the scenario format in DESIGN.md §3".to_string()
    }
}

/// Everything wrong with one step, given the captures of earlier steps.
fn step_problems(step: &Step, captured: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut locals = captured.clone();
    if let Some(each) = &step.for_each {
        check_names(&Value::String(each.items.clone()), &locals, &mut problems);
        locals.insert(each.var.clone());
    }
    let request = &step.request;
    if !request.path.starts_with('/') {
        problems.push(format!("path {:?} must start with `/`", request.path));
    }
    if let Err(problem) = spellings(&request.path) {
        problems.push(problem);
    }
    match parse_path(&request.path) {
        Err(problem) => problems.push(problem),
        Ok(pieces) => {
            for piece in pieces {
                if let PathPiece::Placeholder(p) = piece {
                    if !p.fixture.is_empty()
                        && !names::placeholder_fixture_is_known(p.kind, &p.fixture)
                    {
                        problems.push(format!(
                            "placeholder `{}` names no fixture with an id and a {}",
                            p.written(),
                            p.kind.name_field()
                        ));
                    }
                }
            }
        }
    }
    check_names(&Value::String(request.path.clone()), &locals, &mut problems);
    for (name, value) in &request.headers {
        check_names(&Value::String(name.clone()), &locals, &mut problems);
        check_names(&Value::String(value.clone()), &locals, &mut problems);
    }
    if let Some(json) = &request.json {
        check_names(json, &locals, &mut problems);
    }
    if let Some(body) = &request.body {
        check_names(&Value::String(body.clone()), &locals, &mut problems);
    }
    if request.json.is_some() && request.body.is_some() {
        problems.push("a request has `json` or `body`, not both".into());
    }
    let expect = &step.expect;
    for codes in [&expect.status, &expect.tolerate].into_iter().flatten() {
        if codes.items().is_empty() {
            problems.push("a status list must hold at least one code or class".into());
        }
        for item in codes.items() {
            match item {
                StatusItem::Code(code) if !(100..=599).contains(code) => {
                    problems.push(format!("status code {code} must be 100..=599"));
                }
                StatusItem::Class(text) if item.class().is_none() => problems.push(format!(
                    "status class {text:?} is not one of 1xx, 2xx, 3xx, 4xx, 5xx"
                )),
                _ => {}
            }
        }
    }
    if let Some(name) = &expect.snapshot {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        {
            problems.push(format!(
                "snapshot name {name:?} may hold only letters, digits, `-` and `_`"
            ));
        }
    }
    for assertion in &expect.assert {
        problems.extend(assertion_problems(assertion));
        for value in assertion_values(assertion) {
            check_names(value, &locals, &mut problems);
        }
    }
    for (name, capture) in &step.capture {
        let spec = capture.spec();
        if !is_pointer(&spec.pointer) || spec.pluck.as_deref().is_some_and(|p| !is_pointer(p)) {
            problems.push(format!(
                "capture `{name}`: bad JSON pointer {:?}",
                spec.pointer
            ));
        }
        if let Some(exclude) = &spec.exclude {
            check_names(exclude, &locals, &mut problems);
        }
        if names::is_world_name(name) || name.contains('.') {
            problems.push(format!("capture name `{name}` may not contain `.`"));
        }
    }
    if let Some(eventually) = &step.eventually {
        if eventually.timeout_ms == 0 || eventually.interval_ms == 0 {
            problems.push("eventually: timeout_ms and interval_ms must be positive".into());
        }
    }
    if let Some(precondition) = &step.precondition {
        problems.extend(precondition_problems(precondition, &request.path));
        for assertion in &precondition.assert {
            for value in assertion_values(assertion) {
                check_names(value, &locals, &mut problems);
            }
        }
    }
    problems
}

/// What is wrong with a step's precondition (`path` is the step's request path).
fn precondition_problems(precondition: &Precondition, path: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let reason = precondition.reason.trim();
    if reason.is_empty() || reason.contains('\n') {
        problems.push("precondition: `reason` must be one non-empty line".into());
    }
    if precondition.restarts > MAX_RESTARTS {
        problems.push(format!(
            "precondition: restarts {} is more than {MAX_RESTARTS}",
            precondition.restarts
        ));
    }
    if precondition.status.is_none() && precondition.assert.is_empty() {
        problems
            .push("precondition: it has neither `status` nor `assert`, so it always holds".into());
    }
    if let Some(codes) = &precondition.status {
        if codes.codes().is_empty() || codes.codes().iter().any(|c| !(100..=599).contains(c)) {
            problems.push(format!(
                "precondition: status codes {:?} must be 100..=599",
                codes.codes()
            ));
        }
    }
    for assertion in &precondition.assert {
        problems.extend(
            assertion_problems(assertion)
                .into_iter()
                .map(|p| format!("precondition: {p}")),
        );
        if assertion.severity == Severity::Warn {
            problems.push(format!(
                "precondition: the assertion on {:?} has `severity: warn`, which a precondition \
                 does not have",
                assertion.pointer
            ));
        }
    }
    if path.contains('[') {
        problems.push(
            "precondition: the path is spelt two ways (`[a|b]`); a step with a precondition \
             sends one spelling"
                .into(),
        );
    }
    problems
}

fn check_names(value: &Value, locals: &BTreeSet<String>, problems: &mut Vec<String>) {
    let mut found = Vec::new();
    if let Err(problem) = template::names_in_value(value, &mut found) {
        problems.push(problem);
        return;
    }
    for name in found {
        let root = name.split('.').next().unwrap_or(&name);
        if !locals.contains(root) && !names::is_world_name(&name) {
            problems.push(format!("unknown template name `{{{{{name}}}}}`"));
        }
    }
}

fn is_pointer(text: &str) -> bool {
    text.is_empty() || text.starts_with('/')
}

pub(crate) fn assertion_values(a: &Assertion) -> Vec<&Value> {
    a.predicate.values()
}

fn assertion_problems(a: &Assertion) -> Vec<String> {
    let mut problems = Vec::new();
    if !is_pointer(&a.pointer) || a.pluck.as_deref().is_some_and(|p| !is_pointer(p)) {
        problems.push(format!("assertion on {:?}: bad JSON pointer", a.pointer));
    }
    if let Predicate::ContainsWhere(wanted) = &a.predicate {
        if wanted.keys().any(|k| !is_pointer(k)) {
            problems.push(format!(
                "assertion on {:?}: contains_where keys are JSON pointers",
                a.pointer
            ));
        }
    }
    problems
}
