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

mod html;
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
    let report = redact_every_string(&redactor.redact_report(report), redactor);
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    let renderers: [(&str, Renderer); 4] = [
        ("results.json", json::render),
        ("junit.xml", junit::render),
        ("summary.md", summary::render),
        ("report.html", html::render),
    ];
    for (name, render) in renderers {
        written.push(write_file(dir, name, &redactor.redact(&render(&report)))?);
    }
    Ok(written)
}

/// `report` with the redactor applied to every string it holds, whatever the field: the
/// structural pass of [`Redactor::redact_report`] masks `Authorization` headers whole but skips
/// fields like titles and step names, and escaping in a writer would hide a secret from a pass
/// over the rendered text.
fn redact_every_string(report: &RunReport, redactor: &Redactor) -> RunReport {
    fn walk(value: &mut serde_json::Value, redactor: &Redactor) {
        match value {
            serde_json::Value::String(text) => {
                if let std::borrow::Cow::Owned(masked) = redactor.redact(text) {
                    *text = masked;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| walk(v, redactor)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| walk(v, redactor)),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(report).expect("a RunReport always serialises");
    walk(&mut value, redactor);
    serde_json::from_value(value).expect("masking strings keeps a RunReport valid")
}

fn write_file(dir: &Path, name: &str, contents: &str) -> Result<PathBuf, ReportError> {
    let path = dir.join(name);
    std::fs::write(&path, contents).map_err(|source| ReportError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
