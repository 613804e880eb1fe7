//! Result data of a run: what trials produce and every writer renders.
//!
//! Serialised as `results.json` (see [`SCHEMA_VERSION`]); other tools read it, so changes to these
//! types are versioned: adding an optional field is compatible, anything else bumps the version.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Version of the `results.json` format written by this crate.
pub const SCHEMA_VERSION: u32 = 2;

/// Where a requirement comes from, and so whether it decides a run's verdict.
///
/// `core`: the two normative pages (extensions.txt, call-segments.txt), read with the decisions of
/// `specs/ERRATA.md`. `extended`: facts that only the API overview or the neighbouring resources'
/// pages give. A run is judged at one level ([`RunReport::level`]): `core` (the default) counts
/// core cases only, `extended` counts every case.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    #[default]
    Core,
    Extended,
}

impl Level {
    /// The `snake_case` name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Core => "core",
            Level::Extended => "extended",
        }
    }

    /// Parses `core` or `extended`.
    pub fn from_name(name: &str) -> Option<Level> {
        match name {
            "core" => Some(Level::Core),
            "extended" => Some(Level::Extended),
            _ => None,
        }
    }

    /// Whether a case of level `case` counts towards the verdict of a run judged at `self`.
    pub fn counts(self, case: Level) -> bool {
        case <= self
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every check passed.
    Pass,
    /// At least one check failed: the target deviates from the documents.
    Fail,
    /// Passed, with notes on behaviour the documents leave open.
    Warn,
    /// Not run: a fixture, feature or permission the case needs is missing from the profile.
    NotApplicable,
    /// The harness could not reach a verdict (network failure, harness bug).
    Error,
}

impl Verdict {
    /// Whether this verdict lets a run be called conformant.
    pub fn is_passing(self) -> bool {
        matches!(self, Verdict::Pass | Verdict::Warn | Verdict::NotApplicable)
    }

    /// The `snake_case` name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Warn => "warn",
            Verdict::NotApplicable => "not_applicable",
            Verdict::Error => "error",
        }
    }
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    pub schema_version: u32,
    pub harness: HarnessInfo,
    pub target: TargetInfo,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// RFC 3339, UTC.
    pub finished_at: String,
    pub duration_ms: u64,
    pub counts: Counts,
    /// The level the run is judged at: cases above it are reported but do not decide the verdict.
    #[serde(default)]
    pub level: Level,
    /// The counts of each level's cases.
    #[serde(default)]
    pub counts_by_level: LevelCounts,
    /// Every requirement of the catalogue, covered or not, for coverage matrices.
    #[serde(default)]
    pub requirements: Vec<RequirementSummary>,
    /// Sorted by id.
    pub cases: Vec<CaseResult>,
}

/// A requirement of `specs/requirements.yaml`, as reports show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequirementSummary {
    pub id: String,
    /// `core` (the two pages) or `extended` (the API overview and neighbouring resources).
    #[serde(default)]
    pub level: Level,
    /// MUST, SHOULD or MAY.
    #[serde(default)]
    pub keyword: String,
    /// e.g. `extensions.txt > Action Paths > originate`.
    pub section: String,
    /// One-line paraphrase.
    pub summary: String,
}

impl RunReport {
    /// Whether every case that counts at the run's level has a passing verdict.
    pub fn is_conformant(&self) -> bool {
        self.judged().all(|c| c.verdict.is_passing())
    }

    /// The cases that decide the verdict: those of the run's level and below.
    pub fn judged(&self) -> impl Iterator<Item = &CaseResult> {
        self.cases.iter().filter(|c| self.level.counts(c.level))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HarnessInfo {
    pub name: String,
    pub version: String,
}

impl HarnessInfo {
    /// This build of the harness.
    pub fn current() -> Self {
        HarnessInfo {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetInfo {
    pub name: String,
    pub base_url: String,
    pub version: String,
    pub features: Vec<String>,
    pub allow_state_changes: bool,
}

/// The counts of the core and of the extended cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCounts {
    pub core: Counts,
    pub extended: Counts,
}

impl LevelCounts {
    /// Counts the verdicts of `cases`, by level.
    pub fn of<'a>(cases: impl IntoIterator<Item = &'a CaseResult>) -> Self {
        let (core, extended): (Vec<&CaseResult>, Vec<&CaseResult>) =
            cases.into_iter().partition(|c| c.level == Level::Core);
        LevelCounts {
            core: Counts::of(core),
            extended: Counts::of(extended),
        }
    }

    /// The counts of `level`.
    pub fn get(&self, level: Level) -> &Counts {
        match level {
            Level::Core => &self.core,
            Level::Extended => &self.extended,
        }
    }
}

/// Number of cases per verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub total: usize,
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
    pub not_applicable: usize,
    pub error: usize,
}

impl Counts {
    /// Counts the verdicts of `cases`.
    pub fn of<'a>(cases: impl IntoIterator<Item = &'a CaseResult>) -> Self {
        let mut counts = Counts::default();
        for case in cases {
            counts.record(case.verdict);
        }
        counts
    }

    /// Counts one more case of `verdict`.
    pub fn record(&mut self, verdict: Verdict) {
        self.total += 1;
        match verdict {
            Verdict::Pass => self.pass += 1,
            Verdict::Fail => self.fail += 1,
            Verdict::Warn => self.warn += 1,
            Verdict::NotApplicable => self.not_applicable += 1,
            Verdict::Error => self.error += 1,
        }
    }
}

/// The result of one case (one expanded variant of a scenario).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// Trial name, e.g. `extensions/instance/get/core-by-slug/ext-by-id`.
    pub id: String,
    /// The scenario this case is a variant of, `<family>/<case id>` (e.g.
    /// `extensions/instance/get`): the id without the variant's forms. Reports for people
    /// show one row per scenario and outcome. Absent in files written before it was added
    /// (readers then take the id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    pub title: String,
    /// Spec file, relative to the repository root, e.g. `specs/extensions.yaml`.
    pub file: String,
    /// Line of the case in `file`.
    pub line: u32,
    pub requirements: Vec<String>,
    /// `extended` when any of the requirements is (the case relies on a fact beyond the two
    /// pages), else `core`.
    #[serde(default)]
    pub level: Level,
    /// Document section of each requirement, e.g. `extensions.txt > Action Paths > originate`.
    pub sections: Vec<String>,
    pub tags: Vec<String>,
    /// Method of the first step.
    pub method: String,
    /// URL of the first step: resolved, or with `<placeholders>` when the case did not run.
    pub url: String,
    pub verdict: Verdict,
    /// Why the case is not applicable or ended in error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub duration_ms: u64,
    /// HTTP attempts made, polling retries included.
    pub attempts: u32,
    pub failures: Vec<CheckFailure>,
    pub warnings: Vec<CheckFailure>,
    /// The exchanges of the steps that failed or warned.
    pub exchanges: Vec<Exchange>,
}

/// One failed (or warning) check, as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckFailure {
    /// Step name, or `step N`.
    pub step: String,
    pub check: CheckKind,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_pointer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_pointer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
}

/// What kind of check failed (serialised in kebab-case: `content-type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// The response status is not one the step expects or tolerates.
    Status,
    /// The body is not JSON where JSON is expected.
    ContentType,
    /// The body does not match the step's JSON Schema.
    Schema,
    /// An assertion on the body does not hold.
    Assert,
    /// The body differs from the recorded snapshot (or none is recorded where one must be).
    Snapshot,
    /// A capture found nothing to take.
    Capture,
    /// No response: the target did not answer (the case errs, it does not fail).
    Transport,
    /// A fixture the case needs could not be resolved.
    Fixture,
}

impl CheckKind {
    /// Every kind, in the order of the enum.
    pub const ALL: [CheckKind; 8] = [
        CheckKind::Status,
        CheckKind::ContentType,
        CheckKind::Schema,
        CheckKind::Assert,
        CheckKind::Snapshot,
        CheckKind::Capture,
        CheckKind::Transport,
        CheckKind::Fixture,
    ];

    /// The name results.json and the reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Status => "status",
            CheckKind::ContentType => "content-type",
            CheckKind::Schema => "schema",
            CheckKind::Assert => "assert",
            CheckKind::Snapshot => "snapshot",
            CheckKind::Capture => "capture",
            CheckKind::Transport => "transport",
            CheckKind::Fixture => "fixture",
        }
    }
}

impl std::fmt::Display for CheckKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl CheckFailure {
    /// A failed check of `step` with no pointers and no expected or actual value.
    pub fn new(step: &str, check: CheckKind, message: impl Into<String>) -> CheckFailure {
        CheckFailure {
            step: step.to_string(),
            check,
            message: message.into(),
            instance_pointer: None,
            schema_pointer: None,
            expected: None,
            actual: None,
        }
    }
}

/// A request and its response, as shown in failure reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    pub step: String,
    pub request: RequestRecord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseRecord>,
    /// A curl command line reproducing the request; the password comes from `$ISYM_PASSWORD`.
    pub curl: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body, cut at [`BODY_LIMIT`] bytes.
    pub body: String,
    pub truncated: bool,
}

/// How much of a response body a report keeps.
pub const BODY_LIMIT: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_kinds_serialise_as_the_names_the_reports_print() {
        for kind in CheckKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str(), "{kind:?}");
            let back: CheckKind = serde_json::from_value(json).unwrap();
            assert_eq!(back, kind);
        }
        assert_eq!(CheckKind::ContentType.to_string(), "content-type");
        assert!(serde_json::from_str::<CheckKind>("\"assertion\"").is_err());
    }
}
