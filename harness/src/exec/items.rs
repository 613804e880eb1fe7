//! The items of a `for_each` read sent at once: each item's request is independent of the
//! others, so a case that reads every item of a list waits one round trip per
//! [`FAN_OUT`] items instead of one per item.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::Value;

use crate::spec::model::{Method, Step};
use crate::spec::template::Scope;

/// At most this many of one step's items are in flight at once.
pub(crate) const FAN_OUT: usize = 8;

/// Whether the items of `step` may be sent at once: a `for_each` read whose items do not
/// depend on each other (it captures nothing) and that never makes the case not applicable
/// (it has no precondition). Actions always go one item after another.
pub(crate) fn at_once(step: &Step, items: usize) -> bool {
    items > 1
        && step.for_each.is_some()
        && step.request.method == Method::Get
        && step.capture.is_empty()
        && step.precondition.is_none()
}

/// Runs `run` once per item (`(label, item)`, the item bound to `step`'s `for_each`
/// variable on top of `scope`), up to [`FAN_OUT`] at a time; the outcomes in item order.
pub(crate) fn run_all<T: Send>(
    step: &Step,
    scope: &Scope,
    items: &[(String, Option<Value>)],
    run: impl Fn(&str, &Scope) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<T>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|threads| {
        for _ in 0..FAN_OUT.min(items.len()) {
            threads.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((label, item)) = items.get(index) else {
                    break;
                };
                let mut own = Scope {
                    world: scope.world,
                    locals: scope.locals.clone(),
                };
                if let (Some(value), Some(each)) = (item, &step.for_each) {
                    own.locals.insert(each.var.clone(), value.clone());
                }
                let outcome = run(label, &own);
                outcomes.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(outcome);
            });
        }
    });
    outcomes
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|outcome| outcome.expect("every item ran"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load_spec_text;

    const SPEC: &str = r#"cases:
  - id: c
    title: t
    requirements: [R-1]
    tags: [read-only]
    steps:
      - request: { method: GET, path: /x }
        capture: { ids: { pointer: "", pluck: /id } }
      - for_each: { in: "{{ids}}", as: id }
        request: { method: GET, path: "/x/{{id}}" }
      - for_each: { in: "{{ids}}", as: id }
        request: { method: POST, path: "/x/{{id}}/act" }
      - for_each: { in: "{{ids}}", as: id }
        request: { method: GET, path: "/x/{{id}}" }
        capture: { last: /id }
      - for_each: { in: "{{ids}}", as: id }
        request: { method: GET, path: "/x/{{id}}" }
        precondition: { status: 200, reason: r }
"#;

    #[test]
    fn only_independent_reads_of_several_items_go_out_at_once() {
        let cases = load_spec_text("specs/t.yaml", "t", SPEC, None).expect("spec loads");
        let steps = &cases[0].spec.steps;
        assert!(!at_once(&steps[0], 2), "not a for_each");
        assert!(at_once(&steps[1], 2), "a read of each item");
        assert!(!at_once(&steps[1], 1), "one item");
        assert!(!at_once(&steps[2], 2), "an action on each item");
        assert!(!at_once(&steps[3], 2), "a read that captures");
        assert!(!at_once(&steps[4], 2), "a read with a precondition");
    }

    #[test]
    fn every_item_runs_with_its_value_and_the_outcomes_keep_item_order() {
        let cases = load_spec_text("specs/t.yaml", "t", SPEC, None).expect("spec loads");
        let step = &cases[0].spec.steps[1];
        let world = Value::Null;
        let scope = Scope {
            world: &world,
            locals: Default::default(),
        };
        let items: Vec<(String, Option<Value>)> = (0..20)
            .map(|i| (format!("item {i}"), Some(Value::from(i))))
            .collect();
        let seen = run_all(step, &scope, &items, |label, scope| {
            // Later items finish first: the order must still be the items'.
            let id = scope.locals["id"].as_u64().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20 - id));
            format!("{label}={id}")
        });
        let expected: Vec<String> = (0..20).map(|i| format!("item {i}={i}")).collect();
        assert_eq!(seen, expected);
    }
}
