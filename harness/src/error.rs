//! Typed errors of the library. Spec and profile errors name the file and line and say how to
//! fix the problem; they are part of the product and snapshot-tested.

use std::path::PathBuf;

/// Why specs, schemas or a profile could not be loaded (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file says something the harness cannot accept.
    #[error("{file}:{line}: {message}\n  help: {help}")]
    Invalid {
        file: String,
        line: u32,
        message: String,
        help: String,
    },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Several problems, each on its own line.
    #[error("{}", join_errors(.0))]
    Many(Vec<LoadError>),
}

fn join_errors(errors: &[LoadError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl LoadError {
    pub(crate) fn invalid(
        file: &str,
        line: u32,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        LoadError::Invalid {
            file: file.to_string(),
            line,
            message: message.into(),
            help: help.into(),
        }
    }

    /// A YAML syntax or shape error, located by serde_yaml.
    pub(crate) fn yaml(file: &str, error: &serde_yaml::Error, help: &str) -> Self {
        let line = error.location().map_or(1, |l| l.line() as u32);
        // serde_yaml appends " at line L column C"; the prefix already says where.
        let text = error.to_string();
        let message = match text.find(" at line ") {
            Some(at) => text[..at].to_string(),
            None => text,
        };
        LoadError::invalid(file, line, message, help)
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        LoadError::Io {
            path: path.into(),
            source,
        }
    }

    /// Collapses a list of errors: one stays itself, several become [`LoadError::Many`].
    pub(crate) fn collect(mut errors: Vec<LoadError>) -> Result<(), LoadError> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(LoadError::Many(errors)),
        }
    }
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The target refused or did not answer the first request (exit code 3).
    #[error("target unreachable: {url}: {message}")]
    Unreachable { url: String, message: String },
    /// Bad command-line or environment input (exit code 2).
    #[error("{0}")]
    Usage(String),
    #[error("cannot start the embedded reference server: {0}")]
    Embedded(#[source] std::io::Error),
    /// The `--cacert` file is missing or holds no usable certificate (exit code 2).
    #[error(transparent)]
    Tls(#[from] crate::http::client::TlsError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    #[error(transparent)]
    Bundle(#[from] crate::bundle::BundleError),
    #[error(transparent)]
    Baseline(#[from] crate::baseline::BaselineError),
}

impl RunError {
    /// The documented exit code for this error (DESIGN §5).
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Unreachable { .. } => 3,
            RunError::Load(_) | RunError::Usage(_) | RunError::Baseline(_) | RunError::Tls(_) => 2,
            // A bundle that fails verification is a verdict on the bundle, not a usage error.
            RunError::Bundle(crate::bundle::BundleError::Rejected { .. }) => 1,
            RunError::Bundle(_) => 2,
            RunError::Embedded(_) | RunError::Report(_) => 1,
        }
    }
}
