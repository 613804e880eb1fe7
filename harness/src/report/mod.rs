//! Report writers: every file a run leaves behind, rendered after the run from [`RunReport`],
//! through the [`Redactor`].

mod json;

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

/// Writes every report of `report` into `dir` (created if missing); returns the files written.
pub fn write_all(
    report: &RunReport,
    redactor: &Redactor,
    dir: &Path,
) -> Result<Vec<PathBuf>, ReportError> {
    let report = redactor.redact_report(report);
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    written.push(write_file(dir, "results.json", &json::render(&report))?);
    Ok(written)
}

fn write_file(dir: &Path, name: &str, contents: &str) -> Result<PathBuf, ReportError> {
    let path = dir.join(name);
    std::fs::write(&path, contents).map_err(|source| ReportError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
