//! `certify`, `verify`, `baseline` and `compare`: the certification bundle and the CI gate.

use std::path::{Path, PathBuf};

use super::args::{BaselineArgs, CertifyArgs, CompareArgs, VerifyArgs};
use super::commands::{run_settings, run_suite, write_reports};
use crate::baseline::{self, Baseline};
use crate::bundle::{self, ManifestInput};
use crate::context::ProfileSource;
use crate::error::RunError;
use crate::result::RunReport;
use crate::runner::Selection;

/// Runs everything (no filter, no snapshot recording), writes the reports and the manifest.
pub(super) fn certify(args: &CertifyArgs) -> Result<u8, RunError> {
    if args.out.exists()
        && std::fs::read_dir(&args.out).map_or(true, |mut entries| entries.next().is_some())
    {
        return Err(RunError::Usage(format!(
            "--out {}: the bundle directory must be empty or absent (a bundle fingerprints every file in it)",
            args.out.display()
        )));
    }
    let (embedded, mut settings) = run_settings(&args.target)?;
    settings.certification = true;
    settings.update_snapshots = false;
    let profile_text = match &settings.profile {
        ProfileSource::File(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| RunError::Usage(format!("cannot read {}: {e}", path.display())))?,
        ),
        ProfileSource::Text { text, .. } => Some(text.clone()),
    };
    let verbosity = args.console.verbosity();
    settings.print_exchanges = verbosity == super::args::Verbosity::Verbose;
    let finished = run_suite(
        &settings,
        embedded.as_ref(),
        &Selection::default(),
        args.target.jobs,
        verbosity,
    )?;
    drop(embedded);
    write_reports(&finished, &args.out, verbosity)?;
    let suite_root = suite_root(&args.target.catalogue.specs);
    let manifest = bundle::write_manifest(
        &args.out,
        &ManifestInput {
            report: &finished.report,
            suite_root: &suite_root,
            profile_yaml: profile_text.as_deref(),
            redactor: &finished.ctx.redactor,
        },
    )?;
    if verbosity != super::args::Verbosity::Quiet {
        println!(
            "certification bundle: {} (suite digest {}, {} artifacts)",
            args.out.join("manifest.json").display(),
            manifest.suite.digest,
            manifest.artifacts.len()
        );
    }
    Ok(if finished.report.is_conformant() {
        0
    } else {
        1
    })
}

/// The suite root a specs directory belongs to (the directory holding `specs/` and `schemas/`).
fn suite_root(specs: &Path) -> PathBuf {
    match specs.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

pub(super) fn verify(args: &VerifyArgs) -> Result<u8, RunError> {
    let outcome = bundle::verify(&args.dir, &args.suite)?;
    print!("{}", outcome.render());
    Ok(0)
}

pub(super) fn baseline(args: &BaselineArgs) -> Result<u8, RunError> {
    let report = read_results(&args.from)?;
    let yaml = Baseline::from_report(&report).to_yaml();
    match &args.out {
        Some(path) => {
            std::fs::write(path, yaml)
                .map_err(|e| RunError::Usage(format!("cannot write {}: {e}", path.display())))?;
            println!("baseline written to {}", path.display());
        }
        None => print!("{yaml}"),
    }
    Ok(0)
}

/// Exit code 1 when a case is newly failing, so a pipeline can gate on the comparison.
pub(super) fn compare(args: &CompareArgs) -> Result<u8, RunError> {
    let before = read_results(&args.before)?;
    let after = read_results(&args.after)?;
    let comparison = baseline::compare(&before, &after);
    print!("{}", comparison.render());
    Ok(if comparison.newly_failing.is_empty() {
        0
    } else {
        1
    })
}

fn read_results(path: &Path) -> Result<RunReport, RunError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| RunError::Usage(format!("cannot read {}: {e}", path.display())))?;
    let report: RunReport = serde_json::from_str(&text).map_err(|e| {
        RunError::Usage(format!(
            "{}:{}: not a results.json of this harness: {e}",
            path.display(),
            e.line()
        ))
    })?;
    if report.schema_version != crate::result::SCHEMA_VERSION {
        return Err(RunError::Usage(format!(
            "{}: results schema_version {} is not supported (this harness reads {})",
            path.display(),
            report.schema_version,
            crate::result::SCHEMA_VERSION
        )));
    }
    Ok(report)
}
