//! Rows for people: the variants of a scenario (the id and name forms of its paths) collapsed
//! into one row when they end alike.
//!
//! Results keep one case per variant (`results.json`, `junit.xml`, the `cargo test` trials):
//! tools and baselines address variants. The console, `summary.md` and `report.html` show one
//! row per scenario and outcome instead:
//!
//! - a variant's scenario is [`CaseResult::scenario`] (`<family>/<case id>`), or its own id in
//!   a results file written before that field existed;
//! - variants of one scenario share a row when their outcome keys ([`outcome_key`]) are equal:
//!   the verdict, the reason, and every failed check and warning (step, check, JSON pointer,
//!   message), each with the values a variant puts into it normalised ([`normalise`]): a UUID
//!   and a `getByName/<name>` path segment both become `{ref}` (they are a variant's two forms
//!   of one reference), and `after N attempts` loses its count. A scenario whose variants end
//!   differently has one row per outcome;
//! - rows keep the order of their first variant's id; a row's first variant stands for it (its
//!   checks, request, response and curl line are shown), with every variant's name beside;
//! - failing rows (fail, error) are listed by requirement ([`failures_by_requirement`]): under
//!   the first requirement their scenario cites, requirements in catalogue order (those the
//!   catalogue lacks after them, by id), the requirements with rows at a counted level first.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::result::{CaseResult, RequirementSummary, RunReport, Verdict};

/// The variants of one scenario that ended alike.
#[derive(Debug)]
pub(crate) struct Row<'a> {
    pub(crate) scenario: &'a str,
    /// Sorted by id; never empty.
    pub(crate) variants: Vec<&'a CaseResult>,
}

impl<'a> Row<'a> {
    /// The variant that stands for the row.
    pub(crate) fn first(&self) -> &'a CaseResult {
        self.variants[0]
    }

    pub(crate) fn verdict(&self) -> Verdict {
        self.first().verdict
    }

    /// Fail or error: the verdicts a conformance run is lost on.
    pub(crate) fn is_failing(&self) -> bool {
        matches!(self.verdict(), Verdict::Fail | Verdict::Error)
    }

    /// The variant part of `case`'s id (`core-by-slug/ext-by-id`); empty for a scenario
    /// without placeholders.
    pub(crate) fn variant_name(&self, case: &'a CaseResult) -> &'a str {
        case.id
            .strip_prefix(self.scenario)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or("")
    }

    /// The variants' names, `, `-separated; empty when the scenario has none.
    pub(crate) fn variant_names(&self) -> String {
        let names: Vec<&str> = self
            .variants
            .iter()
            .map(|case| self.variant_name(case))
            .filter(|name| !name.is_empty())
            .collect();
        names.join(", ")
    }
}

/// The scenario of a case: `<family>/<case id>`, without the variant.
pub(crate) fn scenario_of(case: &CaseResult) -> &str {
    case.scenario.as_deref().unwrap_or(&case.id)
}

/// The rows of `cases`, in the order of each row's first variant.
pub(crate) fn rows(cases: &[CaseResult]) -> Vec<Row<'_>> {
    let mut sorted: Vec<&CaseResult> = cases.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut index: HashMap<(&str, String), usize> = HashMap::new();
    let mut rows: Vec<Row<'_>> = Vec::new();
    for case in sorted {
        let scenario = scenario_of(case);
        let at = *index
            .entry((scenario, outcome_key(case)))
            .or_insert_with(|| {
                rows.push(Row {
                    scenario,
                    variants: Vec::new(),
                });
                rows.len() - 1
            });
        rows[at].variants.push(case);
    }
    rows
}

/// What variants must share to share a row: the verdict, the reason, every failed check and
/// warning, with variant-specific values [`normalise`]d.
pub(crate) fn outcome_key(case: &CaseResult) -> String {
    let mut key = String::from(case.verdict.as_str());
    if let Some(reason) = &case.reason {
        let _ = write!(key, "\u{1}{}", normalise(reason));
    }
    for (kind, list) in [("f", &case.failures), ("w", &case.warnings)] {
        for check in list {
            let _ = write!(
                key,
                "\u{1}{kind}\u{2}{}\u{2}{}\u{2}{}\u{2}{}",
                normalise(&check.step),
                check.check,
                check.instance_pointer.as_deref().unwrap_or("-"),
                normalise(&check.message)
            );
        }
    }
    key
}

/// `text` with the values that differ between a scenario's variants replaced: UUIDs and
/// `getByName/<segment>` become `{ref}`, `after <N> attempts` becomes `after N attempts`.
pub(crate) fn normalise(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let uuid = || {
            (bytes[i].is_ascii_hexdigit() && at_word_start(bytes, i))
                .then(|| uuid_at(text, i))
                .flatten()
                .map(|end| (end, "{ref}"))
        };
        let by_name = || {
            bytes[i..].starts_with(b"getByName/").then(|| {
                let rest = &text[i + "getByName/".len()..];
                let segment = rest
                    .find(|c: char| "/?#\"' \t\r\n)<>,;`".contains(c))
                    .unwrap_or(rest.len());
                (i + "getByName/".len() + segment, "{ref}")
            })
        };
        let attempts = || {
            bytes[i..]
                .starts_with(b"after ")
                .then(|| attempts_at(text, i))
                .flatten()
                .map(|end| (end, "after N attempts"))
        };
        let replaced = uuid().or_else(by_name).or_else(attempts);
        match replaced {
            Some((end, replacement)) => {
                out.push_str(&text[copied..i]);
                out.push_str(replacement);
                i = end;
                copied = end;
            }
            None => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn at_word_start(bytes: &[u8], i: usize) -> bool {
    i == 0 || !bytes[i - 1].is_ascii_alphanumeric()
}

/// The end of a hyphenated UUID starting at `i`, if one does.
fn uuid_at(text: &str, i: usize) -> Option<usize> {
    let candidate = text.get(i..i + 36)?;
    let after = text.as_bytes().get(i + 36);
    (crate::exec::snapshot::is_uuid(candidate) && after.is_none_or(|b| !b.is_ascii_alphanumeric()))
        .then_some(i + 36)
}

/// The end of `after <digits> attempts` starting at `i`, if it does.
fn attempts_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i + "after ".len()..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && rest[digits..].starts_with(" attempts"))
        .then_some(i + "after ".len() + digits + " attempts".len())
}

/// Failing rows under one requirement.
#[derive(Debug)]
pub(crate) struct FailureGroup<'r> {
    /// The first requirement the rows' scenario cites (empty when it cites none).
    pub(crate) requirement: &'r str,
    /// Its catalogue entry, when the catalogue has it.
    pub(crate) described: Option<&'r RequirementSummary>,
    /// Indices into the rows given to [`failures_by_requirement`].
    pub(crate) rows: Vec<usize>,
}

/// The failing rows of `rows`, by the first requirement each cites (see the module docs for
/// the order).
pub(crate) fn failures_by_requirement<'r>(
    report: &'r RunReport,
    rows: &[Row<'r>],
) -> Vec<FailureGroup<'r>> {
    let position: HashMap<&str, usize> = report
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut groups: Vec<FailureGroup<'r>> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, row)| row.is_failing()) {
        let requirement = row.first().requirements.first().map_or("", String::as_str);
        let index = *at.entry(requirement).or_insert_with(|| {
            groups.push(FailureGroup {
                requirement,
                described: position.get(requirement).map(|&i| &report.requirements[i]),
                rows: Vec::new(),
            });
            groups.len() - 1
        });
        groups[index].rows.push(i);
    }
    groups.sort_by_key(|group| {
        let counted = group
            .rows
            .iter()
            .any(|&i| report.level.counts(rows[i].first().level));
        let place = position
            .get(group.requirement)
            .copied()
            .unwrap_or(usize::MAX);
        (!counted, place, group.requirement)
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_replaces_both_forms_of_a_reference_and_attempt_counts() {
        assert_eq!(
            normalise("GET /x/6f1f8a8e-4b0e-4d3c-9d5b-2a0c7b1e9f00/e: 500"),
            "GET /x/{ref}/e: 500"
        );
        assert_eq!(
            normalise("GET /x/getByName/1006/e: 500"),
            "GET /x/{ref}/e: 500"
        );
        assert_eq!(
            normalise("status 500 (after 3 attempts (eventually))"),
            "status 500 (after N attempts (eventually))"
        );
        // Neither a longer hex run nor a number elsewhere is touched.
        let kept = "a6f1f8a8e-4b0e-4d3c-9d5b-2a0c7b1e9f00 expected 404, got 500 after x";
        assert_eq!(normalise(kept), kept);
        assert_eq!(normalise("é getByName/ü"), "é {ref}");
    }
}
