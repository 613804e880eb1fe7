//! Certification bundles: the reports of a run plus `manifest.json`, which someone else can check
//! against the suite that made them.
//!
//! The manifest records the harness name and version, the suite's git commit (best effort), the
//! SHA-256 of every file under `specs/` and `schemas/` plus one combined digest, the target
//! profile with its credentials removed, the target URL, the start and end times, and the SHA-256
//! of every other file in the bundle directory.
//!
//! [`verify`] recomputes all of it. The bundle is tamper-evident, not signed: an edit anywhere is
//! caught unless the editor also rewrites the manifest consistently, which is what a signature
//! (outside this crate) would prevent.
//!
//! ```no_run
//! # use isym_conform::{bundle, redact::Redactor, report, result::RunReport};
//! # use std::path::Path;
//! # fn demo(run: &RunReport, profile: &str) -> Result<(), Box<dyn std::error::Error>> {
//! let redactor = Redactor::for_basic_auth("manager", "secret");
//! let out = Path::new("cert");
//! report::write_all(run, &redactor, out)?;
//! bundle::write_manifest(out, &bundle::ManifestInput {
//!     report: run,
//!     suite_root: Path::new("."),
//!     profile_yaml: Some(profile),
//!     redactor: &redactor,
//! })?;
//! let verified = bundle::verify(out, Path::new("."))?; // Err(BundleError::Rejected) if altered
//! print!("{}", verified.render());
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::redact::{Redactor, MASK};
use crate::report::ARTIFACTS;
use crate::result::{Counts, HarnessInfo, Level, LevelCounts, RunReport, SCHEMA_VERSION};

/// Name of the manifest inside a bundle directory.
pub const MANIFEST_FILE: &str = "manifest.json";
/// Version of the manifest format.
pub const MANIFEST_VERSION: u32 = 2;
/// The suite directories whose files a manifest fingerprints, relative to the suite root.
pub const SUITE_DIRS: [&str; 2] = ["specs", "schemas"];

/// Why a bundle could not be written or verified.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot access {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Manifest { path: PathBuf, message: String },
    #[error("the profile is not valid YAML: {0}")]
    Profile(String),
    #[error("cannot make a bundle in {dir}: {message}")]
    Incomplete { dir: PathBuf, message: String },
    #[error("bundle {dir} rejected:\n{}", .problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Rejected { dir: PathBuf, problems: Vec<String> },
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub manifest_version: u32,
    pub harness: HarnessInfo,
    pub suite: SuiteFingerprint,
    /// The target profile (YAML) with credential values masked; `None` without a profile.
    pub profile: Option<String>,
    /// Base URL of the target, any user-info masked.
    pub target_url: String,
    /// RFC 3339, UTC, from the run.
    pub started_at: String,
    pub finished_at: String,
    /// The level the certification is judged at, and its verdict at that level.
    pub level: Level,
    pub conformant: bool,
    /// The case counts of each level (`results.json` must agree).
    pub counts_by_level: LevelCounts,
    /// SHA-256 (hex) of every file of the bundle directory but the manifest, by relative path.
    pub artifacts: BTreeMap<String, String>,
}

/// What identifies the suite a bundle was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteFingerprint {
    /// `git rev-parse HEAD` in the suite root, or `unknown`.
    pub git_commit: String,
    /// SHA-256 (hex) of every file under `specs/` and `schemas/`, by path relative to the root.
    pub files: BTreeMap<String, String>,
    /// SHA-256 of the `sha256sum`-style listing of `files` (`<hash>  <path>\n`, sorted by path).
    pub digest: String,
}

/// What [`write_manifest`] needs besides the bundle directory.
#[derive(Debug, Clone, Copy)]
pub struct ManifestInput<'a> {
    /// The run the bundle's reports were written from.
    pub report: &'a RunReport,
    /// Repository root holding `specs/` and `schemas/`.
    pub suite_root: &'a Path,
    /// The target profile as given (YAML text); credentials are masked before it is stored.
    pub profile_yaml: Option<&'a str>,
    /// The run's redactor: applied to the whole manifest as well.
    pub redactor: &'a Redactor,
}

/// Writes `dir/manifest.json` for the reports already in `dir` (see
/// [`crate::report::write_all`]); returns what it wrote.
///
/// Fails if a report is missing, if `suite_root` has no `specs/` directory, or if the profile is
/// not YAML. Every file in `dir` other than the manifest is fingerprinted, so write the manifest
/// last.
pub fn write_manifest(dir: &Path, input: &ManifestInput<'_>) -> Result<Manifest, BundleError> {
    for artifact in ARTIFACTS {
        if !dir.join(artifact).is_file() {
            return Err(BundleError::Incomplete {
                dir: dir.to_path_buf(),
                message: format!("{artifact} is missing; write the reports first"),
            });
        }
    }
    if !input.suite_root.join("specs").is_dir() {
        return Err(BundleError::Incomplete {
            dir: dir.to_path_buf(),
            message: format!(
                "{} has no specs/ directory; pass the suite's repository root",
                input.suite_root.display()
            ),
        });
    }
    let report = input.report;
    let redact = |text: &str| input.redactor.redact(text).into_owned();
    let manifest = Manifest {
        manifest_version: MANIFEST_VERSION,
        harness: report.harness.clone(),
        suite: fingerprint_suite(input.suite_root)?,
        profile: input
            .profile_yaml
            .map(|text| sanitize_profile(text, input.redactor))
            .transpose()?,
        target_url: redact(&mask_userinfo(&report.target.base_url)),
        started_at: report.started_at.clone(),
        finished_at: report.finished_at.clone(),
        level: report.level,
        conformant: report.is_conformant(),
        counts_by_level: report.counts_by_level.clone(),
        artifacts: hash_artifacts(dir)?,
    };
    let mut text = serde_json::to_string_pretty(&manifest).expect("a Manifest always serialises");
    text.push('\n');
    let path = dir.join(MANIFEST_FILE);
    std::fs::write(&path, redact(&text)).map_err(|source| BundleError::Io { path, source })?;
    Ok(manifest)
}

/// The SHA-256 fingerprint of the suite under `suite_root`, plus its git commit.
pub fn fingerprint_suite(suite_root: &Path) -> Result<SuiteFingerprint, BundleError> {
    let mut files = BTreeMap::new();
    for dir in SUITE_DIRS {
        let root = suite_root.join(dir);
        if root.is_dir() {
            hash_tree(&root, dir, &mut files)?;
        }
    }
    Ok(SuiteFingerprint {
        git_commit: git_commit(suite_root),
        digest: combined_digest(&files),
        files,
    })
}

/// A bundle that verified.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyOutcome {
    pub manifest: Manifest,
    /// Case counts of `results.json`.
    pub counts: Counts,
    pub conformant: bool,
    /// Facts worth knowing that do not reject the bundle (e.g. another harness version).
    pub notes: Vec<String>,
}

impl VerifyOutcome {
    /// A short plain-text account of what was verified.
    pub fn render(&self) -> String {
        let m = &self.manifest;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "bundle verified: {} {} against {} ({} → {})",
            m.harness.name, m.harness.version, m.target_url, m.started_at, m.finished_at
        );
        let _ = writeln!(
            out,
            "  suite commit {}, {} spec/schema files, digest {}",
            m.suite.git_commit,
            m.suite.files.len(),
            m.suite.digest
        );
        let _ = writeln!(
            out,
            "  {} artifacts intact; {} cases: {} pass, {} fail, {} warn, {} not applicable, {} error — {}",
            m.artifacts.len(),
            self.counts.total,
            self.counts.pass,
            self.counts.fail,
            self.counts.warn,
            self.counts.not_applicable,
            self.counts.error,
            verdict_word(self.conformant)
        );
        let _ = writeln!(out, "  judged at level {}", m.level);
        for level in [Level::Core, Level::Extended] {
            let c = m.counts_by_level.get(level);
            let _ =
                writeln!(
                out,
                "    {level}: {} cases: {} pass, {} fail, {} warn, {} not applicable, {} error{}",
                c.total,
                c.pass,
                c.fail,
                c.warn,
                c.not_applicable,
                c.error,
                if m.level.counts(level) { "" } else { " (not counted)" }
            );
        }
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        out
    }
}

fn verdict_word(conformant: bool) -> &'static str {
    if conformant {
        "conformant"
    } else {
        "not conformant"
    }
}

/// Checks the bundle in `dir` against the suite at `suite_root`.
///
/// Rejects ([`BundleError::Rejected`], listing every problem) a bundle whose artifacts were
/// altered, removed or added, one made from a suite whose specs or schemas differ (naming the
/// files), and one whose `results.json` contradicts itself or the manifest. Other errors mean
/// the manifest could not be read at all.
pub fn verify(dir: &Path, suite_root: &Path) -> Result<VerifyOutcome, BundleError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&manifest_path).map_err(|source| BundleError::Io {
        path: manifest_path.clone(),
        source,
    })?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|error| BundleError::Manifest {
            path: manifest_path.clone(),
            message: format!("not a bundle manifest: {error}"),
        })?;
    if manifest.manifest_version != MANIFEST_VERSION {
        return Err(BundleError::Manifest {
            path: manifest_path,
            message: format!(
                "manifest_version {} is not supported (this harness reads {MANIFEST_VERSION})",
                manifest.manifest_version
            ),
        });
    }
    let mut problems = Vec::new();
    check_artifacts(dir, &manifest, &mut problems)?;
    check_suite(suite_root, &manifest, &mut problems)?;
    let results = check_results(dir, &manifest, &mut problems);
    let mut notes = Vec::new();
    let current = HarnessInfo::current();
    if manifest.harness != current {
        notes.push(format!(
            "made by {} {}, verified by {} {}",
            manifest.harness.name, manifest.harness.version, current.name, current.version
        ));
    }
    if manifest.suite.git_commit == "unknown" {
        notes.push("the suite's git commit was not recorded".to_string());
    }
    match results {
        Some(report) if problems.is_empty() => Ok(VerifyOutcome {
            counts: report.counts.clone(),
            conformant: report.is_conformant(),
            manifest,
            notes,
        }),
        _ => Err(BundleError::Rejected {
            dir: dir.to_path_buf(),
            problems,
        }),
    }
}

fn check_artifacts(
    dir: &Path,
    manifest: &Manifest,
    problems: &mut Vec<String>,
) -> Result<(), BundleError> {
    let actual = hash_artifacts(dir)?;
    for required in ARTIFACTS {
        if !manifest.artifacts.contains_key(required) {
            problems.push(format!("the manifest does not list {required}"));
        }
    }
    for (path, recorded) in &manifest.artifacts {
        match actual.get(path) {
            None => problems.push(format!("artifact {path} is missing")),
            Some(hash) if hash != recorded => problems.push(format!(
                "artifact {path} was altered: sha256 {hash}, manifest says {recorded}"
            )),
            Some(_) => {}
        }
    }
    for path in actual.keys() {
        if !manifest.artifacts.contains_key(path) {
            problems.push(format!("unexpected file {path}: not in the manifest"));
        }
    }
    Ok(())
}

fn check_suite(
    suite_root: &Path,
    manifest: &Manifest,
    problems: &mut Vec<String>,
) -> Result<(), BundleError> {
    let recorded = &manifest.suite;
    if combined_digest(&recorded.files) != recorded.digest {
        problems.push("the manifest's suite digest does not match its file list".to_string());
    }
    let here = fingerprint_suite(suite_root)?;
    if here.digest == recorded.digest && here.files == recorded.files {
        return Ok(());
    }
    let paths: BTreeSet<&String> = recorded.files.keys().chain(here.files.keys()).collect();
    let mut differing = Vec::new();
    for path in paths {
        match (recorded.files.get(path), here.files.get(path)) {
            (Some(_), None) => differing.push(format!("{path} (missing from this suite)")),
            (None, Some(_)) => differing.push(format!("{path} (not in the bundle's suite)")),
            (Some(a), Some(b)) if a != b => differing.push(format!("{path} (content differs)")),
            _ => {}
        }
    }
    problems.push(format!(
        "made by a different suite (commit {}) than the one at {} (commit {}): {}",
        recorded.git_commit,
        suite_root.display(),
        here.git_commit,
        differing.join(", ")
    ));
    Ok(())
}

/// Reads `results.json` and checks it against itself and the manifest.
fn check_results(dir: &Path, manifest: &Manifest, problems: &mut Vec<String>) -> Option<RunReport> {
    let path = dir.join("results.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            problems.push(format!("cannot read results.json: {error}"));
            return None;
        }
    };
    let report: RunReport = match serde_json::from_str(&text) {
        Ok(report) => report,
        Err(error) => {
            problems.push(format!("results.json is not a run report: {error}"));
            return None;
        }
    };
    if report.schema_version != SCHEMA_VERSION {
        problems.push(format!(
            "results.json has schema_version {}, expected {SCHEMA_VERSION}",
            report.schema_version
        ));
    }
    let by_level = LevelCounts::of(&report.cases);
    if by_level != report.counts_by_level || by_level != manifest.counts_by_level {
        problems.push(format!(
            "the counts by level of results.json ({:?}) and of the manifest ({:?}) do not match \
             its {} cases ({by_level:?})",
            report.counts_by_level,
            manifest.counts_by_level,
            report.cases.len(),
        ));
    }
    if report.level != manifest.level || report.is_conformant() != manifest.conformant {
        problems.push(format!(
            "results.json is {} at level {}, the manifest says {} at level {}",
            verdict_word(report.is_conformant()),
            report.level,
            verdict_word(manifest.conformant),
            manifest.level
        ));
    }
    let counted = Counts::of(&report.cases);
    if counted != report.counts {
        problems.push(format!(
            "results.json counts {:?} do not match its {} cases ({:?})",
            report.counts,
            report.cases.len(),
            counted
        ));
    }
    if let Some(pair) = report.cases.windows(2).find(|w| w[0].id >= w[1].id) {
        problems.push(format!(
            "results.json cases are not sorted by unique id: {} then {}",
            pair[0].id, pair[1].id
        ));
    }
    let same = |what: &str, in_results: &str, in_manifest: &str, problems: &mut Vec<String>| {
        if in_results != in_manifest {
            problems.push(format!(
                "results.json {what} {in_results:?} differs from the manifest's {in_manifest:?}"
            ));
        }
    };
    same(
        "started_at",
        &report.started_at,
        &manifest.started_at,
        problems,
    );
    same(
        "finished_at",
        &report.finished_at,
        &manifest.finished_at,
        problems,
    );
    same(
        "target URL",
        &mask_userinfo(&report.target.base_url),
        &manifest.target_url,
        problems,
    );
    if report.harness != manifest.harness {
        problems.push(format!(
            "results.json was made by {} {}, the manifest says {} {}",
            report.harness.name,
            report.harness.version,
            manifest.harness.name,
            manifest.harness.version
        ));
    }
    Some(report)
}

fn hash_artifacts(dir: &Path) -> Result<BTreeMap<String, String>, BundleError> {
    let mut files = BTreeMap::new();
    hash_tree(dir, "", &mut files)?;
    files.remove(MANIFEST_FILE);
    Ok(files)
}

/// Hashes every file under `dir` into `files`, keyed by `prefix/relative/path` (`/`-separated).
fn hash_tree(
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, String>,
) -> Result<(), BundleError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BundleError::Io { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let key = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        // Follow symlinks: what counts is the content the suite reads.
        let metadata = std::fs::metadata(&path).map_err(io(&path))?;
        if metadata.is_dir() {
            hash_tree(&path, &key, files)?;
        } else {
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            files.insert(key, sha256_hex(&bytes));
        }
    }
    Ok(())
}

fn combined_digest(files: &BTreeMap<String, String>) -> String {
    let mut listing = String::new();
    for (path, hash) in files {
        let _ = writeln!(listing, "{hash}  {path}");
    }
    sha256_hex(listing.as_bytes())
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    out
}

fn git_commit(suite_root: &Path) -> String {
    let output = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(suite_root)
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => {
            let commit = String::from_utf8_lossy(&output.stdout).trim().to_string();
            if commit.len() >= 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()) {
                commit
            } else {
                "unknown".to_string()
            }
        }
        _ => "unknown".to_string(),
    }
}

/// `scheme://user:pass@host/...` with the user-info masked; other URLs unchanged.
fn mask_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{MASK}@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// The profile as YAML with every credential value masked (only `*_env` variable names are
/// kept), any other key naming a password, secret or token masked, user-info in URLs masked,
/// and the run's secrets redacted.
fn sanitize_profile(text: &str, redactor: &Redactor) -> Result<String, BundleError> {
    let mut value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| BundleError::Profile(e.to_string()))?;
    mask_secrets(&mut value, false);
    let yaml = serde_yaml::to_string(&value).map_err(|e| BundleError::Profile(e.to_string()))?;
    Ok(redactor.redact(&yaml).into_owned())
}

fn mask_secrets(value: &mut serde_yaml::Value, inside_credentials: bool) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            for (key, child) in map.iter_mut() {
                let key = key.as_str().unwrap_or_default().to_ascii_lowercase();
                let is_env_name = key.ends_with("_env");
                let secret_key = ["password", "secret", "token"]
                    .iter()
                    .any(|word| key.contains(word));
                if (inside_credentials || secret_key) && !is_env_name && !child.is_mapping() {
                    if !child.is_null() {
                        *child = Value::String(MASK.to_string());
                    }
                } else {
                    mask_secrets(child, inside_credentials || key == "credentials");
                }
            }
        }
        Value::Sequence(items) => {
            for item in items {
                mask_secrets(item, inside_credentials);
            }
        }
        Value::String(text) => *text = mask_userinfo(text),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_hex_matches_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn userinfo_is_masked_and_other_urls_kept() {
        assert_eq!(
            mask_userinfo("http://u:p@h:1/x@y"),
            format!("http://{MASK}@h:1/x@y")
        );
        assert_eq!(mask_userinfo("http://h/x@y"), "http://h/x@y");
        assert_eq!(mask_userinfo("no url"), "no url");
    }

    #[test]
    fn profile_credentials_are_masked_but_env_names_kept() {
        let profile = "name: ref\nbase_url: http://admin:pw@h\ncredentials:\n  username: manager\n  password_env: ISYM_PASSWORD\n  password_file: ref.password\nfixtures:\n  api_token: abc\n";
        let out = sanitize_profile(profile, &Redactor::default()).unwrap();
        assert!(out.contains("password_env: ISYM_PASSWORD"), "{out}");
        assert!(!out.contains("manager"), "{out}");
        assert!(!out.contains("ref.password"), "{out}");
        assert!(!out.contains("abc"), "{out}");
        assert!(!out.contains("admin:pw"), "{out}");
        assert!(out.contains("name: ref"), "{out}");
    }
}
