//! Running the `isym-conform` binary from tests: a clean environment, the workspace root as the
//! working directory, scratch directories and captured output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary, run from the workspace root with none of the harness's variables set.
pub fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_isym-conform"));
    command.current_dir(root());
    for var in [
        "ISYM_TARGET",
        "ISYM_PROFILE",
        "ISYM_USERNAME",
        "ISYM_PASSWORD",
        "ISYM_REPORT_DIR",
        "ISYM_LEVEL",
        "ISYM_UPDATE_SNAPSHOTS",
        "CI",
    ] {
        command.env_remove(var);
    }
    command
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A file or directory under `harness/tests/data`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A fresh, empty directory under the system's temp dir.
pub fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("isym-cli-{label}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Standard output then standard error.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
