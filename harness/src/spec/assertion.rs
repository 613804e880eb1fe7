//! Assertions and their predicates, typed: what the scenario format spells as one of twelve keys
//! (`equals`, `not_equals`, `exists`, ...) is one [`Predicate`] and a negation flag, as hurl
//! writes `not` before a predicate.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// How a failed assertion counts: a failure (the default) or a warning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Fail,
    Warn,
}

/// One assertion: a pointer into the JSON body, an optional `pluck`, exactly one predicate
/// (spelled as one of its keys, [`RawAssertion`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawAssertion")]
pub struct Assertion {
    pub pointer: String,
    pub pluck: Option<String>,
    pub severity: Severity,
    pub predicate: Predicate,
    /// The predicate must not hold (`not_equals`, `not_contains`, `exists: false`, ...).
    pub negated: bool,
}

/// What an assertion requires of the value it looks at.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// The value equals this (`equals`; negated: `not_equals`).
    Equals(Value),
    /// The value is present (`exists: true`; negated: `exists: false`).
    Exists,
    /// The value is one of these (`one_of`).
    OneOf(Vec<Value>),
    /// The array holds this item (`contains`; negated: `not_contains`).
    Contains(Value),
    /// Some item has these values at these pointers (`contains_where`; negated:
    /// `not_contains_where`).
    ContainsWhere(BTreeMap<String, Value>),
    /// Every item of the array is one of these (a lone value counts as a one-item set)
    /// (`subset_of`; negated: `not_subset_of`).
    SubsetOf(Value),
    /// The length of an array, string or object (`length`).
    Length(usize),
    /// The least length (`min_length`).
    MinLength(usize),
}

impl Predicate {
    /// The key the scenario format spells it with.
    pub fn name(&self, negated: bool) -> &'static str {
        match (self, negated) {
            (Predicate::Equals(_), false) => "equals",
            (Predicate::Equals(_), true) => "not_equals",
            (Predicate::Exists, _) => "exists",
            (Predicate::OneOf(_), _) => "one_of",
            (Predicate::Contains(_), false) => "contains",
            (Predicate::Contains(_), true) => "not_contains",
            (Predicate::ContainsWhere(_), false) => "contains_where",
            (Predicate::ContainsWhere(_), true) => "not_contains_where",
            (Predicate::SubsetOf(_), false) => "subset_of",
            (Predicate::SubsetOf(_), true) => "not_subset_of",
            (Predicate::Length(_), _) => "length",
            (Predicate::MinLength(_), _) => "min_length",
        }
    }

    /// The JSON values it holds (what templates may appear in).
    pub fn values(&self) -> Vec<&Value> {
        match self {
            Predicate::Equals(v) | Predicate::Contains(v) | Predicate::SubsetOf(v) => vec![v],
            Predicate::OneOf(items) => items.iter().collect(),
            Predicate::ContainsWhere(wanted) => wanted.values().collect(),
            Predicate::Exists | Predicate::Length(_) | Predicate::MinLength(_) => Vec::new(),
        }
    }

    /// The same predicate with each value replaced by `f` of it (templates rendered).
    pub fn try_map<E>(&self, mut f: impl FnMut(&Value) -> Result<Value, E>) -> Result<Self, E> {
        Ok(match self {
            Predicate::Equals(v) => Predicate::Equals(f(v)?),
            Predicate::Contains(v) => Predicate::Contains(f(v)?),
            Predicate::SubsetOf(v) => Predicate::SubsetOf(f(v)?),
            Predicate::OneOf(items) => {
                Predicate::OneOf(items.iter().map(&mut f).collect::<Result<_, E>>()?)
            }
            Predicate::ContainsWhere(wanted) => Predicate::ContainsWhere(
                wanted
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), f(v)?)))
                    .collect::<Result<_, E>>()?,
            ),
            Predicate::Exists => Predicate::Exists,
            Predicate::Length(n) => Predicate::Length(*n),
            Predicate::MinLength(n) => Predicate::MinLength(*n),
        })
    }
}

/// An assertion as the scenario format spells it: one key per predicate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAssertion {
    pointer: String,
    #[serde(default)]
    pluck: Option<String>,
    #[serde(default)]
    severity: Severity,
    #[serde(default)]
    equals: Option<Value>,
    #[serde(default)]
    not_equals: Option<Value>,
    #[serde(default)]
    exists: Option<bool>,
    #[serde(default)]
    one_of: Option<Vec<Value>>,
    #[serde(default)]
    contains: Option<Value>,
    #[serde(default)]
    not_contains: Option<Value>,
    #[serde(default)]
    contains_where: Option<BTreeMap<String, Value>>,
    #[serde(default)]
    not_contains_where: Option<BTreeMap<String, Value>>,
    #[serde(default)]
    subset_of: Option<Value>,
    #[serde(default)]
    not_subset_of: Option<Value>,
    #[serde(default)]
    length: Option<usize>,
    #[serde(default)]
    min_length: Option<usize>,
}

impl TryFrom<RawAssertion> for Assertion {
    type Error = String;

    fn try_from(raw: RawAssertion) -> Result<Assertion, String> {
        let given: Vec<(Predicate, bool)> = [
            raw.equals.map(|v| (Predicate::Equals(v), false)),
            raw.not_equals.map(|v| (Predicate::Equals(v), true)),
            raw.exists.map(|present| (Predicate::Exists, !present)),
            raw.one_of.map(|items| (Predicate::OneOf(items), false)),
            raw.contains.map(|v| (Predicate::Contains(v), false)),
            raw.not_contains.map(|v| (Predicate::Contains(v), true)),
            raw.contains_where
                .map(|w| (Predicate::ContainsWhere(w), false)),
            raw.not_contains_where
                .map(|w| (Predicate::ContainsWhere(w), true)),
            raw.subset_of.map(|v| (Predicate::SubsetOf(v), false)),
            raw.not_subset_of.map(|v| (Predicate::SubsetOf(v), true)),
            raw.length.map(|n| (Predicate::Length(n), false)),
            raw.min_length.map(|n| (Predicate::MinLength(n), false)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let count = given.len();
        let Ok([(predicate, negated)]) = <[(Predicate, bool); 1]>::try_from(given) else {
            return Err(format!(
                "assertion on {:?} has {count} predicates; it needs exactly one predicate",
                raw.pointer
            ));
        };
        Ok(Assertion {
            pointer: raw.pointer,
            pluck: raw.pluck,
            severity: raw.severity,
            predicate,
            negated,
        })
    }
}
