//! The baseline gate (`--baseline FILE`) and run comparison (`compare A.json B.json`).
//!
//! A baseline lists known failures so CI fails on regressions only:
//!
//! ```yaml
//! entries:
//!   - case: extensions/instance/get/core-by-slug/ext-by-id
//!     reason: returns 500 for unknown ids (vendor ticket 1234)
//!     link: https://tracker.example/1234     # optional
//!     expires: 2025-06-30                    # optional, last day the entry holds (UTC)
//! ```
//!
//! [`gate`] decides: a listed failure does not fail the run; a new failure does; a listed case
//! that now passes is reported as fixed (remove it; fails under `strict`); an expired entry
//! fails. Entries naming a case the run does not have, or one that did not run
//! (`not_applicable`), are reported and fail under `strict` only, since a filtered run
//! legitimately leaves cases out.
//!
//! ```no_run
//! # use isym_conform::{baseline::{self, Baseline}, result::RunReport};
//! # fn demo(run: &RunReport) -> Result<(), baseline::BaselineError> {
//! let known = Baseline::load(std::path::Path::new("baseline.yaml"))?;
//! let outcome = baseline::gate(run, &known, &baseline::today_utc(), false)?;
//! print!("{}", outcome.render());
//! std::process::exit(if outcome.passed { 0 } else { 1 });
//! # }
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::result::{RunReport, Verdict};

/// Why a baseline could not be read or used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("baseline {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("baseline {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("invalid date {0:?}: expected YYYY-MM-DD")]
    Date(String),
}

/// A baseline file: the known failures of a target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub entries: Vec<BaselineEntry>,
}

/// One known failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// Case id, as in `results.json`.
    pub case: String,
    /// Why the failure is accepted for now.
    pub reason: String,
    /// Ticket or discussion tracking the fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// `YYYY-MM-DD`: the last day (UTC) the entry holds; from the next day on it fails the gate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl Baseline {
    /// Reads and validates a baseline file: unknown fields, empty case ids or reasons, duplicate
    /// cases and malformed dates are errors naming the file (and line, for syntax errors).
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Baseline::parse(&text, path)
    }

    /// Parses baseline text; `path` only names the source in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Baseline, BaselineError> {
        let baseline: Baseline =
            serde_yaml::from_str(text).map_err(|error| BaselineError::Parse {
                path: path.to_path_buf(),
                message: error.to_string(),
            })?;
        baseline.validate(path)?;
        Ok(baseline)
    }

    fn validate(&self, path: &Path) -> Result<(), BaselineError> {
        let invalid = |message: String| BaselineError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let mut seen = BTreeSet::new();
        for (i, entry) in self.entries.iter().enumerate() {
            let at = format!("entries[{i}]");
            if entry.case.trim().is_empty() {
                return Err(invalid(format!("{at}: `case` is empty")));
            }
            if entry.reason.trim().is_empty() {
                return Err(invalid(format!(
                    "{at} ({}): `reason` is empty; say why the failure is accepted",
                    entry.case
                )));
            }
            if !seen.insert(entry.case.as_str()) {
                return Err(invalid(format!(
                    "{at}: case {} is listed twice; keep one entry",
                    entry.case
                )));
            }
            if let Some(expires) = &entry.expires {
                parse_date(expires).map_err(|_| {
                    invalid(format!(
                        "{at} ({}): `expires: {expires}` is not a date; write YYYY-MM-DD",
                        entry.case
                    ))
                })?;
            }
        }
        Ok(())
    }

    /// A baseline accepting every failing case (`fail` or `error`) of `report`, the reason
    /// being the case's first failure; entries have no link or expiry, for people to add.
    pub fn from_report(report: &RunReport) -> Baseline {
        let entries = report
            .cases
            .iter()
            .filter(|case| is_failing(case.verdict))
            .map(|case| {
                let reason = case
                    .failures
                    .first()
                    .map(|f| format!("[{}] {}: {}", f.step, f.check, f.message))
                    .or_else(|| case.reason.clone())
                    .unwrap_or_else(|| format!("verdict {}", case.verdict.as_str()));
                BaselineEntry {
                    case: case.id.clone(),
                    reason: one_line(&reason, 200),
                    link: None,
                    expires: None,
                }
            })
            .collect();
        Baseline { entries }
    }

    /// The baseline as YAML, ready to write to a file.
    pub fn to_yaml(&self) -> String {
        let body = serde_yaml::to_string(self).expect("a Baseline always serialises");
        format!(
            "# isym-conform baseline: known failures that do not fail the run.\n\
             # Each entry: case, reason, optional link, optional expires (YYYY-MM-DD, UTC).\n{body}"
        )
    }
}

/// What the gate found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GateOutcome {
    /// Failing cases the baseline does not list: regressions.
    pub new_failures: Vec<String>,
    /// Failing cases the baseline lists (entries not expired).
    pub known_failures: Vec<String>,
    /// Listed cases that now pass (`pass` or `warn`): remove their entries.
    pub fixed: Vec<String>,
    /// Entries past their expiry date: `(case, expires)`.
    pub expired: Vec<(String, String)>,
    /// Listed cases the run does not have (renamed, removed, or filtered out).
    pub unknown_cases: Vec<String>,
    /// Listed cases that did not run (`not_applicable`).
    pub not_run: Vec<String>,
    /// Whether the gate lets the run pass.
    pub passed: bool,
    /// Whether the gate was strict (then fixed, unknown and not-run entries fail it too).
    pub strict: bool,
}

/// Applies `baseline` to `report`, as of `today` (`YYYY-MM-DD`, see [`today_utc`]).
///
/// Fails on new failures and expired entries; with `strict`, also on fixed, unknown and
/// not-run entries, so the baseline is kept exact.
pub fn gate(
    report: &RunReport,
    baseline: &Baseline,
    today: &str,
    strict: bool,
) -> Result<GateOutcome, BaselineError> {
    let today_date = parse_date(today)?;
    let listed: BTreeMap<&str, &BaselineEntry> = baseline
        .entries
        .iter()
        .map(|e| (e.case.as_str(), e))
        .collect();
    let mut outcome = GateOutcome {
        strict,
        ..GateOutcome::default()
    };
    for entry in &baseline.entries {
        if let Some(expires) = &entry.expires {
            if parse_date(expires)? < today_date {
                outcome.expired.push((entry.case.clone(), expires.clone()));
            }
        }
    }
    let expired: BTreeSet<&str> = outcome.expired.iter().map(|(c, _)| c.as_str()).collect();
    let mut present = BTreeSet::new();
    for case in &report.cases {
        present.insert(case.id.as_str());
        let entry = listed.get(case.id.as_str());
        // A case above the run's level is reported, never gated on.
        let failing = is_failing(case.verdict) && report.level.counts(case.level);
        match (failing, entry) {
            (true, None) => outcome.new_failures.push(case.id.clone()),
            (true, Some(_)) if !expired.contains(case.id.as_str()) => {
                outcome.known_failures.push(case.id.clone())
            }
            (true, Some(_)) => {} // counted as expired
            (false, None) => {}
            (false, Some(_)) if case.verdict == Verdict::NotApplicable => {
                outcome.not_run.push(case.id.clone())
            }
            (false, Some(_)) => outcome.fixed.push(case.id.clone()),
        }
    }
    outcome.unknown_cases = baseline
        .entries
        .iter()
        .filter(|e| !present.contains(e.case.as_str()))
        .map(|e| e.case.clone())
        .collect();
    outcome.passed = outcome.new_failures.is_empty()
        && outcome.expired.is_empty()
        && (!strict
            || (outcome.fixed.is_empty()
                && outcome.unknown_cases.is_empty()
                && outcome.not_run.is_empty()));
    Ok(outcome)
}

impl GateOutcome {
    /// A plain-text account for the console: the verdict, then each non-empty list.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "baseline gate: {}{} ({} new failure(s), {} known, {} fixed, {} expired)",
            if self.passed { "passed" } else { "FAILED" },
            if self.strict { " (strict)" } else { "" },
            self.new_failures.len(),
            self.known_failures.len(),
            self.fixed.len(),
            self.expired.len(),
        );
        let fatal_if_strict = if self.strict { " [fails: strict]" } else { "" };
        list(&mut out, "new failures [fail the run]", &self.new_failures);
        let expired: Vec<String> = self
            .expired
            .iter()
            .map(|(case, date)| format!("{case} (expired {date}; renew or remove the entry)"))
            .collect();
        list(&mut out, "expired entries [fail the run]", &expired);
        list(
            &mut out,
            &format!("fixed, remove from the baseline{fatal_if_strict}"),
            &self.fixed,
        );
        list(
            &mut out,
            &format!("listed but not in this run{fatal_if_strict}"),
            &self.unknown_cases,
        );
        list(
            &mut out,
            &format!("listed but not applicable in this run{fatal_if_strict}"),
            &self.not_run,
        );
        list(&mut out, "known failures (accepted)", &self.known_failures);
        out
    }
}

/// How two runs differ, case by case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Failing (`fail`/`error`) in B, not failing or absent in A.
    pub newly_failing: Vec<Change>,
    /// Failing in A, `pass` or `warn` in B.
    pub newly_passing: Vec<Change>,
    /// Any other verdict change, including cases present in only one run.
    pub changed: Vec<Change>,
}

/// A case whose verdict differs between two runs; `None` when the run lacks the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub case: String,
    pub before: Option<Verdict>,
    pub after: Option<Verdict>,
}

/// Compares run `a` (before) with run `b` (after).
pub fn compare(a: &RunReport, b: &RunReport) -> Comparison {
    let before: BTreeMap<&str, Verdict> =
        a.cases.iter().map(|c| (c.id.as_str(), c.verdict)).collect();
    let after: BTreeMap<&str, Verdict> =
        b.cases.iter().map(|c| (c.id.as_str(), c.verdict)).collect();
    let ids: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    let mut comparison = Comparison::default();
    for id in ids {
        let change = Change {
            case: id.to_string(),
            before: before.get(id).copied(),
            after: after.get(id).copied(),
        };
        if change.before == change.after {
            continue;
        }
        let failed_before = change.before.is_some_and(is_failing);
        let failed_after = change.after.is_some_and(is_failing);
        let passes_after = matches!(change.after, Some(Verdict::Pass | Verdict::Warn));
        if failed_after && !failed_before {
            comparison.newly_failing.push(change);
        } else if failed_before && passes_after {
            comparison.newly_passing.push(change);
        } else {
            comparison.changed.push(change);
        }
    }
    comparison
}

impl Comparison {
    /// Whether the runs have the same verdict for every case.
    pub fn is_empty(&self) -> bool {
        self.newly_failing.is_empty() && self.newly_passing.is_empty() && self.changed.is_empty()
    }

    /// Plain text: one section per kind of change, `case: before -> after` lines.
    pub fn render(&self) -> String {
        if self.is_empty() {
            return "no verdict changed\n".to_string();
        }
        let mut out = String::new();
        for (title, changes) in [
            ("newly failing", &self.newly_failing),
            ("newly passing", &self.newly_passing),
            ("changed", &self.changed),
        ] {
            let lines: Vec<String> = changes.iter().map(Change::to_string).collect();
            list(&mut out, title, &lines);
        }
        out
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = |v: Option<Verdict>| v.map_or("absent", Verdict::as_str);
        write!(
            f,
            "{}: {} -> {}",
            self.case,
            name(self.before),
            name(self.after)
        )
    }
}

fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} ({}):", items.len());
    for item in items {
        let _ = writeln!(out, "  {item}");
    }
}

fn is_failing(verdict: Verdict) -> bool {
    !verdict.is_passing()
}

fn one_line(text: &str, max_chars: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// Today's date in UTC, `YYYY-MM-DD`, from the system clock.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = crate::clock::civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `(year, month, day)` of a strict `YYYY-MM-DD` date that exists in the calendar.
pub fn parse_date(text: &str) -> Result<(i64, u32, u32), BaselineError> {
    let bad = || BaselineError::Date(text.to_string());
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(bad());
    }
    let digits = |range: std::ops::Range<usize>| -> Result<u32, BaselineError> {
        let part = &text[range];
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        part.parse().map_err(|_| bad())
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days_in_month {
        return Err(bad());
    }
    Ok((i64::from(year), month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_days() {
        use crate::clock::civil_from_days;
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn today_is_a_valid_date() {
        let today = today_utc();
        assert!(parse_date(&today).is_ok(), "{today}");
        assert!(today.as_str() >= "2024-01-01", "{today}");
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(parse_date("2024-02-29").unwrap(), (2024, 2, 29));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "2024-01-00",
            "24-01-01xx",
            "2024/01/01",
            "2024-04-31",
            "+202-01-01",
        ] {
            assert!(parse_date(bad).is_err(), "{bad} accepted");
        }
        assert!(parse_date("2100-02-29").is_err());
        assert!(parse_date("2000-02-29").is_ok());
    }

    #[test]
    fn one_line_collapses_whitespace_and_cuts() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
