//! Report writers: every file a run leaves behind, rendered after the run from [`RunReport`],
//! through the [`Redactor`].
//!
//! ```no_run
//! # use isym_conform::{redact::Redactor, report, result::RunReport};
//! # fn demo(run: &RunReport) -> Result<(), report::ReportError> {
//! let redactor = Redactor::for_basic_auth("manager", "secret");
//! let written = report::write_all(run, &redactor, std::path::Path::new("reports"))?;
//! assert_eq!(written.len(), report::ARTIFACTS.len());
//! # Ok(()) }
//! ```

pub(crate) mod group;
pub mod har;
mod html;
mod html_row;
mod json;
mod junit;
mod summary;
mod text;

use std::path::{Path, PathBuf};

use crate::redact::Redactor;
use crate::result::RunReport;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Renders one report file from (redacted) run data.
type Renderer = fn(&RunReport) -> String;

/// The files [`write_all`] writes, in order.
pub const ARTIFACTS: [&str; 4] = ["results.json", "junit.xml", "summary.md", "report.html"];

/// Writes every report of `report` into `dir` (created if missing): `results.json`, `junit.xml`,
/// `summary.md` and `report.html` (see [`ARTIFACTS`]); returns the paths written.
///
/// Secrets are masked twice: in the data before rendering (so escaping cannot hide them from
/// the redactor) and in each rendered file (so no field the data pass misses can carry one).
pub fn write_all(
    report: &RunReport,
    redactor: &Redactor,
    dir: &Path,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut report = redactor.redact_report(report);
    let mut results_json = json::render(&report);
    // Every string of the data is in `results.json`, escaped as JSON: when no secret is there,
    // no string holds one and the walk over every string can be skipped.
    if redactor.appears_in_json(&results_json) {
        report = redact_every_string(&report, redactor);
        results_json = json::render(&report);
    }
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let report = &report;
    let render_and_write =
        |name: &str, render: Renderer| write_file(dir, name, &redactor.redact(&render(report)));
    // The page is the largest file: it is rendered on a thread of its own meanwhile.
    let (html, others) = crate::par::both(
        || {
            let parts = html::render_parts(report);
            let parts: Vec<_> = parts.iter().map(|part| redactor.redact(part)).collect();
            write_parts(dir, ARTIFACTS[3], &parts)
        },
        || {
            Ok::<_, ReportError>([
                write_file(dir, ARTIFACTS[0], &redactor.redact(&results_json))?,
                render_and_write(ARTIFACTS[1], junit::render)?,
                render_and_write(ARTIFACTS[2], summary::render)?,
            ])
        },
    );
    let mut written = others?.to_vec();
    written.push(html?);
    Ok(written)
}

/// `report` with the redactor applied to every string it holds, whatever the field: the
/// structural pass of [`Redactor::redact_report`] masks `Authorization` headers whole but skips
/// fields like titles and step names, and escaping in a writer would hide a secret from a pass
/// over the rendered text.
fn redact_every_string(report: &RunReport, redactor: &Redactor) -> RunReport {
    let mut value = serde_json::to_value(report).expect("a RunReport always serialises");
    redactor.redact_json_strings(&mut value);
    serde_json::from_value(value).expect("masking strings keeps a RunReport valid")
}

fn write_file(dir: &Path, name: &str, contents: &str) -> Result<PathBuf, ReportError> {
    write_parts(dir, name, &[contents])
}

/// Writes `parts` one after another into `dir/name`.
fn write_parts(dir: &Path, name: &str, parts: &[impl AsRef<str>]) -> Result<PathBuf, ReportError> {
    use std::io::Write;
    let path = dir.join(name);
    let io = |source| ReportError::Io {
        path: path.clone(),
        source,
    };
    let mut file = std::fs::File::create(&path).map_err(io)?;
    for part in parts {
        file.write_all(part.as_ref().as_bytes()).map_err(io)?;
    }
    Ok(path)
}
