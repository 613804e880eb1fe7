//! Assertion predicates (DESIGN §3) on a JSON body: a pointer, an optional `pluck` that maps an
//! array to one value per item, and exactly one predicate.

use serde_json::Value;

use crate::spec::model::Assertion;

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
    let a = assertion;
    let fail = |message: String, expected: Option<&Value>| {
        Err(Box::new(Mismatch {
            message,
            expected: expected.cloned(),
            actual: actual.cloned(),
        }))
    };
    let items = || actual.and_then(Value::as_array);
    if let Some(expected) = &a.equals {
        return match actual {
            Some(v) if v == expected => Ok(()),
            Some(_) => fail("value differs".into(), Some(expected)),
            None => fail("value is absent".into(), Some(expected)),
        };
    }
    if let Some(unexpected) = &a.not_equals {
        return match actual {
            Some(v) if v == unexpected => {
                fail("value equals what it must not".into(), Some(unexpected))
            }
            _ => Ok(()),
        };
    }
    if let Some(should_exist) = a.exists {
        return match (actual.is_some(), should_exist) {
            (true, true) | (false, false) => Ok(()),
            (false, true) => fail("value is absent".into(), None),
            (true, false) => fail("value is present but must be absent".into(), None),
        };
    }
    if let Some(options) = &a.one_of {
        let expected = Value::Array(options.clone());
        return match actual {
            Some(v) if options.contains(v) => Ok(()),
            Some(_) => fail(
                "value is none of the allowed values".into(),
                Some(&expected),
            ),
            None => fail("value is absent".into(), Some(&expected)),
        };
    }
    if let Some(member) = &a.contains {
        return match items() {
            Some(list) if list.contains(member) => Ok(()),
            Some(_) => fail("array does not contain the value".into(), Some(member)),
            None => fail("not an array".into(), Some(member)),
        };
    }
    if let Some(member) = &a.not_contains {
        return match items() {
            Some(list) if list.contains(member) => {
                fail("array contains the value".into(), Some(member))
            }
            _ => Ok(()),
        };
    }
    let matches = |item: &Value, wanted: &std::collections::BTreeMap<String, Value>| {
        wanted
            .iter()
            .all(|(pointer, value)| item.pointer(pointer) == Some(value))
    };
    if let Some(wanted) = &a.contains_where {
        let expected = serde_json::to_value(wanted).ok();
        return match items() {
            Some(list) if list.iter().any(|item| matches(item, wanted)) => Ok(()),
            Some(_) => fail("no item matches".into(), expected.as_ref()),
            None => fail("not an array".into(), expected.as_ref()),
        };
    }
    if let Some(wanted) = &a.not_contains_where {
        let expected = serde_json::to_value(wanted).ok();
        return match items() {
            Some(list) if list.iter().any(|item| matches(item, wanted)) => fail(
                "an item matches what must not be there".into(),
                expected.as_ref(),
            ),
            _ => Ok(()),
        };
    }
    for (superset, negate) in [(&a.subset_of, false), (&a.not_subset_of, true)] {
        let Some(superset) = superset else { continue };
        let Some(list) = items() else {
            return fail("not an array".into(), Some(superset));
        };
        let allowed = superset
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![superset.clone()]);
        let is_subset = list.iter().all(|item| allowed.contains(item));
        return match (is_subset, negate) {
            (true, false) | (false, true) => Ok(()),
            (false, false) => fail(
                "array has items outside the allowed set".into(),
                Some(superset),
            ),
            (true, true) => fail(
                "every item is inside the set it must leave".into(),
                Some(superset),
            ),
        };
    }
    let length = |v: &Value| match v {
        Value::Array(items) => Some(items.len()),
        Value::String(s) => Some(s.chars().count()),
        Value::Object(map) => Some(map.len()),
        _ => None,
    };
    if let Some(want) = a.length {
        let expected = Value::from(want);
        return match actual.and_then(length) {
            Some(n) if n == want => Ok(()),
            Some(n) => fail(format!("length is {n}"), Some(&expected)),
            None => fail("value has no length".into(), Some(&expected)),
        };
    }
    if let Some(min) = a.min_length {
        let expected = Value::from(min);
        return match actual.and_then(length) {
            Some(n) if n >= min => Ok(()),
            Some(n) => fail(format!("length is {n}, below the minimum"), Some(&expected)),
            None => fail("value has no length".into(), Some(&expected)),
        };
    }
    fail("assertion has no predicate".into(), None)
}

/// The predicate's name, for messages.
pub fn predicate_name(a: &Assertion) -> &'static str {
    [
        (a.equals.is_some(), "equals"),
        (a.not_equals.is_some(), "not_equals"),
        (a.exists.is_some(), "exists"),
        (a.one_of.is_some(), "one_of"),
        (a.contains.is_some(), "contains"),
        (a.not_contains.is_some(), "not_contains"),
        (a.contains_where.is_some(), "contains_where"),
        (a.not_contains_where.is_some(), "not_contains_where"),
        (a.subset_of.is_some(), "subset_of"),
        (a.not_subset_of.is_some(), "not_subset_of"),
        (a.length.is_some(), "length"),
        (a.min_length.is_some(), "min_length"),
    ]
    .into_iter()
    .find(|(set, _)| *set)
    .map_or("none", |(_, name)| name)
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
