//! The snapshot review flow through the binary: a snapshot that differs gets `<name>.snap.new`
//! beside it (insta's format, so `cargo insta review --workspace-root <dir>` lists it), nothing
//! is written under `CI`, a missing snapshot of the embedded reference target fails, and one
//! never recorded for another target stays not applicable.

use crate::support::bin;

use std::path::{Path, PathBuf};

use bin::{bin, root, temp_dir, text};
use isym_reference::{Config, RunningServer};

/// The committed reference snapshots, copied into `dir`.
fn copy_snapshots(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let mut copied = Vec::new();
    for entry in std::fs::read_dir(root().join("specs/snapshots")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "snap") {
            let to = dir.join(path.file_name().unwrap());
            std::fs::copy(&path, &to).unwrap();
            copied.push(to);
        }
    }
    copied.sort();
    copied
}

/// A profile for `server` whose snapshots are `snapshots`.
fn profile(server: &RunningServer, dir: &Path, snapshots: &Path) -> PathBuf {
    let path = dir.join("target.yaml");
    let text = format!(
        "{}snapshots: {}\n",
        server.profile_yaml(),
        snapshots.display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn run(profile: &Path, reports: &Path, ci: Option<&str>) -> std::process::Output {
    let mut command = bin();
    command
        .args(["run", "--filter", "extensions/", "--profile"])
        .arg(profile)
        .arg("--report-dir")
        .arg(reports)
        .env("ISYM_PASSWORD", Config::default().password);
    if let Some(ci) = ci {
        command.env("CI", ci);
    }
    command.output().unwrap()
}

fn pending_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".snap.new"))
        .collect();
    found.sort();
    found
}

#[test]
fn a_changed_snapshot_leaves_a_snap_new_for_review_except_under_ci() {
    let server = RunningServer::start(Config::default(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let dir = temp_dir("snap-review");
    let snapshots = dir.join("snapshots");
    let copied = copy_snapshots(&snapshots);
    let changed = copied
        .iter()
        .find(|p| p.to_string_lossy().contains("extensions__"))
        .expect("an extension snapshot")
        .clone();
    let recorded = std::fs::read_to_string(&changed).unwrap();
    assert!(recorded.contains("\"Alice Archer\""), "{recorded}");
    std::fs::write(&changed, recorded.replacen("Alice Archer", "Not Alice", 1)).unwrap();
    let profile = profile(&server, &dir, &snapshots);

    // Under CI nothing is written, whatever CI holds but "0" or "false".
    let under_ci = run(&profile, &dir.join("reports-ci"), Some("true"));
    assert_eq!(under_ci.status.code(), Some(1), "{}", text(&under_ci));
    assert!(text(&under_ci).contains("snapshot"), "{}", text(&under_ci));
    assert_eq!(pending_files(&snapshots), Vec::<PathBuf>::new());

    // Elsewhere the received snapshot waits beside the recorded one, in insta's format.
    let output = run(&profile, &dir.join("reports"), Some("false"));
    let out = text(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    let mut expected = changed.as_os_str().to_owned();
    expected.push(".new");
    assert_eq!(pending_files(&snapshots), vec![PathBuf::from(&expected)]);
    let pending = insta::Snapshot::from_file(Path::new(&expected)).unwrap();
    let received = pending.as_text().unwrap().to_string();
    assert!(
        received.contains("Alice Archer") && !received.contains("Not Alice"),
        "{received}"
    );
    assert!(
        out.contains(&format!(
            "review with `cargo insta review --workspace-root {}`",
            snapshots.display()
        )),
        "{out}"
    );
    // The recorded snapshot is left as it was: accepting is the reviewer's call.
    assert!(std::fs::read_to_string(&changed)
        .unwrap()
        .contains("Not Alice"));
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_reference_snapshot_fails_and_another_targets_is_not_applicable() {
    // The embedded reference target: its snapshots are committed, so a missing one fails.
    let dir = temp_dir("snap-missing");
    let specs = dir.join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    for entry in std::fs::read_dir(root().join("specs")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, specs.join(path.file_name().unwrap())).unwrap();
        }
    }
    let copied = copy_snapshots(&specs.join("snapshots"));
    let removed = copied
        .iter()
        .find(|p| p.to_string_lossy().contains("extensions__"))
        .unwrap();
    std::fs::remove_file(removed).unwrap();
    let output = bin()
        .args(["run", "--filter", "extensions/", "--specs"])
        .arg(&specs)
        .arg("--report-dir")
        .arg(dir.join("reports"))
        .env("CI", "1")
        .output()
        .unwrap();
    let out = text(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("no snapshot recorded at {}", removed.display())),
        "{out}"
    );

    // Another target without recorded snapshots: the checks are not applicable.
    let server = RunningServer::start(Config::default(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let empty = dir.join("no-snapshots");
    std::fs::create_dir_all(&empty).unwrap();
    let output = run(
        &profile(&server, &dir, &empty),
        &dir.join("reports-2"),
        None,
    );
    let out = text(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains("snapshot check(s) not applicable: no snapshots recorded for this target"),
        "{out}"
    );
    assert_eq!(pending_files(&empty), Vec::<PathBuf>::new());
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}
