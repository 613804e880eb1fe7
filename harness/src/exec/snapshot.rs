//! Snapshot checks: a response body, normalised (maps sorted, arrays sorted, UUIDs redacted to
//! `[uuid]`), compared with `<snapshot dir>/<family>__<name>.snap` in insta's file format (so
//! `cargo insta` can review them).
//!
//! We read snapshots with insta's public `Snapshot::from_file` and write the file ourselves rather
//! than calling `assert_snapshot!`: the macro panics on a mismatch and decides on its own when to
//! write (`INSTA_UPDATE`, `CI`), while a changed snapshot here must be a failed check (data), and
//! writing must follow only our settings, never in CI or certification runs. Arrays are
//! sorted because the documents leave list order open.
//!
//! Review: a snapshot that differs (or, where a missing one fails, one never recorded) gets
//! `<name>.snap.new` beside it, in the same format, as insta writes pending snapshots:
//! `cargo insta review --workspace-root <snapshot dir>` lists them, `cargo insta accept` makes
//! them the recorded ones. Nothing is written under `CI`, in certification runs, or against a
//! read-only snapshot directory ([`SnapshotSettings::review`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Where this target's snapshots live and whether this run may write them.
#[derive(Debug, Clone, Default)]
pub struct SnapshotSettings {
    /// `None`: the target has no snapshot directory; every snapshot check is not applicable.
    pub dir: Option<PathBuf>,
    /// Record missing and changed snapshots (explicit flag, never under `CI` or certification).
    pub update: bool,
    /// Write `<name>.snap.new` beside a snapshot that differs or (with `missing_fails`) is
    /// missing, for `cargo insta review` (never under `CI` or certification).
    pub review: bool,
    /// A snapshot never recorded fails the check instead of being not applicable: the embedded
    /// reference target's snapshots are committed, so a missing one is a defect of the suite.
    pub missing_fails: bool,
}

/// How a snapshot check ended.
#[derive(Debug, Clone, PartialEq)]
pub enum SnapshotOutcome {
    Matched,
    /// Nothing recorded for this target: the check is not applicable.
    NotRecorded,
    /// Nothing recorded where a snapshot must be ([`SnapshotSettings::missing_fails`]): a
    /// failure; `pending` is the `.snap.new` written for review.
    Missing {
        path: PathBuf,
        pending: Option<PathBuf>,
    },
    Recorded(PathBuf),
    Updated(PathBuf),
    /// Differs from the recorded snapshot: a failure, with a unified diff; `pending` is the
    /// `.snap.new` written for review.
    Changed {
        path: PathBuf,
        diff: String,
        pending: Option<PathBuf>,
    },
    /// The snapshot file could not be read or written.
    Broken(String),
}

/// The text a body is snapshotted as.
pub fn normalise(body: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&canonical(body)).unwrap_or_default();
    text.push('\n');
    text
}

fn canonical(value: &Value) -> Value {
    match value {
        Value::String(s) if is_uuid(s) => Value::String("[uuid]".into()),
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(canonical).collect();
            items.sort_by_cached_key(|v| v.to_string());
            Value::Array(items)
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), canonical(v)))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// Whether `text` is a hyphenated UUID.
pub fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

/// The snapshot file for `name` of `family`.
pub fn snapshot_path(dir: &Path, family: &str, name: &str) -> PathBuf {
    dir.join(format!("{family}__{name}.snap"))
}

/// Where a snapshot's pending replacement goes: `<name>.snap.new`, as insta names it.
pub fn pending_path(snapshot: &Path) -> PathBuf {
    let mut name = snapshot.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// Compares (or records) the snapshot `name` of `family` for `body`.
pub fn check(
    settings: &SnapshotSettings,
    family: &str,
    name: &str,
    source: &str,
    expression: &str,
    body: &Value,
) -> SnapshotOutcome {
    let Some(dir) = &settings.dir else {
        return SnapshotOutcome::NotRecorded;
    };
    let path = snapshot_path(dir, family, name);
    let new = normalise(body);
    // Written for review when the settings allow; a failure to write is reported, not hidden.
    let pending = |contents: &str| -> Result<Option<PathBuf>, String> {
        if !settings.review {
            return Ok(None);
        }
        let pending = pending_path(&path);
        write(&pending, source, expression, contents).map(|()| Some(pending))
    };
    if !path.exists() {
        if settings.missing_fails && !settings.update {
            return match pending(&new) {
                Ok(pending) => SnapshotOutcome::Missing { path, pending },
                Err(e) => SnapshotOutcome::Broken(e),
            };
        }
        if !settings.update {
            return SnapshotOutcome::NotRecorded;
        }
        return match write(&path, source, expression, &new) {
            Ok(()) => SnapshotOutcome::Recorded(path),
            Err(e) => SnapshotOutcome::Broken(e),
        };
    }
    let old = match insta::Snapshot::from_file(&path) {
        Ok(snapshot) => match snapshot.as_text() {
            Some(text) => text.to_string(),
            None => {
                return SnapshotOutcome::Broken(format!(
                    "{} is not a text snapshot",
                    path.display()
                ))
            }
        },
        Err(e) => return SnapshotOutcome::Broken(format!("cannot read {}: {e}", path.display())),
    };
    if old.trim_end() == new.trim_end() {
        return SnapshotOutcome::Matched;
    }
    if settings.update {
        return match write(&path, source, expression, &new) {
            Ok(()) => SnapshotOutcome::Updated(path),
            Err(e) => SnapshotOutcome::Broken(e),
        };
    }
    let diff = similar::TextDiff::from_lines(old.trim_end(), new.trim_end())
        .unified_diff()
        .context_radius(3)
        .header("recorded", "received")
        .to_string();
    match pending(&new) {
        Ok(pending) => SnapshotOutcome::Changed {
            path,
            diff,
            pending,
        },
        Err(e) => SnapshotOutcome::Broken(e),
    }
}

fn write(path: &Path, source: &str, expression: &str, contents: &str) -> Result<(), String> {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let text = format!(
        "---\nsource: {}\nexpression: {}\n---\n{contents}",
        quote(source),
        quote(expression)
    );
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    // Write then rename, so variants sharing a snapshot never see a half-written file.
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".{}.tmp", uuid::Uuid::new_v4()));
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, text).map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
    std::fs::rename(&temp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_compares_and_diffs_in_insta_format() {
        let dir = std::env::temp_dir().join(format!("isym-snap-{}", uuid::Uuid::new_v4()));
        let body = json!({"b": 1, "a": ["y", "x"], "id": "6f1f8a8e-4b0e-4d3c-9d5b-2a0c7b1e9f00"});
        let compare = SnapshotSettings {
            dir: Some(dir.clone()),
            ..SnapshotSettings::default()
        };
        let update = SnapshotSettings {
            dir: Some(dir.clone()),
            update: true,
            ..SnapshotSettings::default()
        };
        assert_eq!(
            check(&compare, "f", "n", "specs/f.yaml", "f/x", &body),
            SnapshotOutcome::NotRecorded
        );
        assert!(matches!(
            check(&update, "f", "n", "specs/f.yaml", "f/x", &body),
            SnapshotOutcome::Recorded(_)
        ));
        let text = std::fs::read_to_string(snapshot_path(&dir, "f", "n")).unwrap();
        assert!(text.contains("\"[uuid]\""), "{text}");
        assert!(text.find("\"a\"") < text.find("\"b\""), "{text}");
        let other_id =
            json!({"a": ["x", "y"], "b": 1, "id": "00000000-4b0e-4d3c-9d5b-2a0c7b1e9f00"});
        assert_eq!(
            check(&compare, "f", "n", "specs/f.yaml", "f/x", &other_id),
            SnapshotOutcome::Matched
        );
        match check(&compare, "f", "n", "specs/f.yaml", "f/x", &json!({"b": 2})) {
            SnapshotOutcome::Changed { diff, pending, .. } => {
                assert!(diff.contains("+  \"b\": 2"), "{diff}");
                assert_eq!(pending, None, "review is off");
            }
            other => panic!("{other:?}"),
        }
        assert!(!pending_path(&snapshot_path(&dir, "f", "n")).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_changed_snapshot_leaves_a_pending_one_insta_can_read() {
        let dir = std::env::temp_dir().join(format!("isym-snap-{}", uuid::Uuid::new_v4()));
        let recorded = snapshot_path(&dir, "f", "n");
        let review = SnapshotSettings {
            dir: Some(dir.clone()),
            review: true,
            ..SnapshotSettings::default()
        };
        write(
            &recorded,
            "specs/f.yaml",
            "f/x",
            &normalise(&json!({"b": 1})),
        )
        .unwrap();
        let outcome = check(&review, "f", "n", "specs/f.yaml", "f/x", &json!({"b": 2}));
        let pending = pending_path(&recorded);
        assert_eq!(pending.file_name().unwrap(), "f__n.snap.new");
        match outcome {
            SnapshotOutcome::Changed {
                pending: Some(p), ..
            } => assert_eq!(p, pending),
            other => panic!("{other:?}"),
        }
        let snapshot = insta::Snapshot::from_file(&pending).unwrap();
        assert_eq!(
            snapshot.as_text().unwrap().to_string().trim_end(),
            normalise(&json!({"b": 2})).trim_end()
        );
        // The recorded snapshot is untouched.
        assert!(std::fs::read_to_string(&recorded)
            .unwrap()
            .contains("\"b\": 1"));

        // Where a missing snapshot fails, it fails and is pending too.
        let strict = SnapshotSettings {
            missing_fails: true,
            ..review.clone()
        };
        match check(
            &strict,
            "f",
            "absent",
            "specs/f.yaml",
            "f/x",
            &json!({"a": 1}),
        ) {
            SnapshotOutcome::Missing {
                pending: Some(p), ..
            } => assert!(p.is_file()),
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
