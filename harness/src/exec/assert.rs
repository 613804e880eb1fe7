//! Assertion predicates (DESIGN §3) on a JSON body: a pointer, an optional `pluck` that maps an
//! array to one value per item, and exactly one predicate.

use serde_json::Value;

use crate::spec::model::{Assertion, Predicate};

/// The value an assertion looks at: `None` when absent (or the body is not JSON).
pub fn select(body: Option<&Value>, pointer: &str, pluck: Option<&str>) -> Option<Value> {
    let value = body?.pointer(pointer)?;
    match pluck {
        None => Some(value.clone()),
        Some(pluck) => {
            let items = value.as_array()?;
            Some(Value::Array(
                items
                    .iter()
                    .map(|item| item.pointer(pluck).cloned().unwrap_or(Value::Null))
                    .collect(),
            ))
        }
    }
}

/// What an assertion found wrong: a message, what it expected, what it saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub message: String,
    pub expected: Option<Value>,
    pub actual: Option<Value>,
}

/// Evaluates `assertion` (its values already rendered) against `actual`.
pub fn evaluate(assertion: &Assertion, actual: Option<&Value>) -> Result<(), Box<Mismatch>> {
    let fail = |message: &str, expected: Option<&Value>| {
        Err(Box::new(Mismatch {
            message: message.to_string(),
            expected: expected.cloned(),
            actual: actual.cloned(),
        }))
    };
    let items = || actual.and_then(Value::as_array);
    let negated = assertion.negated;
    match &assertion.predicate {
        Predicate::Equals(expected) => match (actual, negated) {
            (Some(v), false) if v == expected => Ok(()),
            (Some(_), false) => fail("value differs", Some(expected)),
            (None, false) => fail("value is absent", Some(expected)),
            (Some(v), true) if v == expected => {
                fail("value equals what it must not", Some(expected))
            }
            (_, true) => Ok(()),
        },
        Predicate::Exists => match (actual.is_some(), negated) {
            (true, false) | (false, true) => Ok(()),
            (false, false) => fail("value is absent", None),
            (true, true) => fail("value is present but must be absent", None),
        },
        Predicate::OneOf(options) => {
            let expected = Value::Array(options.clone());
            match actual {
                Some(v) if options.contains(v) => Ok(()),
                Some(_) => fail("value is none of the allowed values", Some(&expected)),
                None => fail("value is absent", Some(&expected)),
            }
        }
        Predicate::Contains(member) => match (items(), negated) {
            (Some(list), false) if list.contains(member) => Ok(()),
            (Some(_), false) => fail("array does not contain the value", Some(member)),
            (None, false) => fail("not an array", Some(member)),
            (Some(list), true) if list.contains(member) => {
                fail("array contains the value", Some(member))
            }
            (_, true) => Ok(()),
        },
        Predicate::ContainsWhere(wanted) => {
            let expected = serde_json::to_value(wanted).ok();
            let matches = |item: &Value| {
                wanted
                    .iter()
                    .all(|(pointer, value)| item.pointer(pointer) == Some(value))
            };
            match (items(), negated) {
                (Some(list), false) if list.iter().any(matches) => Ok(()),
                (Some(_), false) => fail("no item matches", expected.as_ref()),
                (None, false) => fail("not an array", expected.as_ref()),
                (Some(list), true) if list.iter().any(matches) => {
                    fail("an item matches what must not be there", expected.as_ref())
                }
                (_, true) => Ok(()),
            }
        }
        Predicate::SubsetOf(superset) => {
            let Some(list) = items() else {
                return fail("not an array", Some(superset));
            };
            let allowed = superset
                .as_array()
                .cloned()
                .unwrap_or_else(|| vec![superset.clone()]);
            let is_subset = list.iter().all(|item| allowed.contains(item));
            match (is_subset, negated) {
                (true, false) | (false, true) => Ok(()),
                (false, false) => fail("array has items outside the allowed set", Some(superset)),
                (true, true) => fail("every item is inside the set it must leave", Some(superset)),
            }
        }
        Predicate::Length(want) => {
            let expected = Value::from(*want);
            match actual.and_then(length) {
                Some(n) if n == *want => Ok(()),
                Some(n) => fail(&format!("length is {n}"), Some(&expected)),
                None => fail("value has no length", Some(&expected)),
            }
        }
        Predicate::MinLength(min) => {
            let expected = Value::from(*min);
            match actual.and_then(length) {
                Some(n) if n >= *min => Ok(()),
                Some(n) => fail(
                    &format!("length is {n}, below the minimum"),
                    Some(&expected),
                ),
                None => fail("value has no length", Some(&expected)),
            }
        }
    }
}

/// The length of an array (items), a string (characters) or an object (members).
fn length(value: &Value) -> Option<usize> {
    match value {
        Value::Array(items) => Some(items.len()),
        Value::String(s) => Some(s.chars().count()),
        Value::Object(map) => Some(map.len()),
        _ => None,
    }
}

/// The predicate's name, for messages.
pub fn predicate_name(a: &Assertion) -> &'static str {
    a.predicate.name(a.negated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn assertion(yaml: &str) -> Assertion {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn absent_values_fail_all_but_the_negative_predicates() {
        for (yaml, passes) in [
            ("{pointer: /x, equals: 1}", false),
            ("{pointer: /x, not_equals: 1}", true),
            ("{pointer: /x, exists: false}", true),
            ("{pointer: /x, exists: true}", false),
            ("{pointer: /x, contains: 1}", false),
            ("{pointer: /x, not_contains: 1}", true),
            ("{pointer: /x, not_contains_where: {/a: 1}}", true),
            ("{pointer: /x, length: 0}", false),
        ] {
            assert_eq!(evaluate(&assertion(yaml), None).is_ok(), passes, "{yaml}");
        }
    }

    #[test]
    fn pluck_and_membership() {
        let body = json!([{"id": "a", "n": 1}, {"id": "b", "n": 2}]);
        let ids = select(Some(&body), "", Some("/id")).unwrap();
        assert_eq!(ids, json!(["a", "b"]));
        assert!(evaluate(&assertion("{pointer: '', contains: b}"), Some(&ids)).is_ok());
        assert!(evaluate(
            &assertion("{pointer: '', subset_of: [a, b, c]}"),
            Some(&ids)
        )
        .is_ok());
        assert!(evaluate(&assertion("{pointer: '', not_subset_of: [a]}"), Some(&ids)).is_ok());
        assert!(evaluate(
            &assertion("{pointer: '', contains_where: {/n: 2, /id: b}}"),
            Some(&body)
        )
        .is_ok());
        assert!(evaluate(
            &assertion("{pointer: '', contains_where: {/n: 2, /id: a}}"),
            Some(&body)
        )
        .is_err());
        assert!(evaluate(&assertion("{pointer: '', min_length: 2}"), Some(&body)).is_ok());
    }
}
