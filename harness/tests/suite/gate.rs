//! Certification bundle and baseline gate end to end, through the binary and the embedded
//! reference server with injected faults: a run with two faults writes all four reports, its bundle
//! verifies and a tampered copy does not, a baseline listing exactly those failures turns the gate
//! green, and a third fault turns it red again.

use crate::support::bin;

use std::path::Path;

use bin::{bin, temp_dir, text};

/// Faults whose failures do not depend on case order (no cascade into other cases).
const TWO_FAULTS: [&str; 2] = ["extension-number-as-number", "linked-returns-self"];
const THIRD_FAULT: &str = "dnd-forbidden";

fn fault_args(faults: &[&str]) -> Vec<String> {
    faults
        .iter()
        .flat_map(|f| ["--reference-fault".to_string(), (*f).to_string()])
        .collect()
}

fn results(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("results.json")).unwrap()).unwrap()
}

fn failing_ids(results: &serde_json::Value) -> Vec<String> {
    results["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "fail" || c["verdict"] == "error")
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bundle_verifies_tampering_is_caught_and_the_baseline_gates_new_failures_only() {
    let dir = temp_dir("gate");
    let cert = dir.join("cert");

    // A certification run with two faults: non-conformant, all reports plus the manifest.
    let output = bin()
        .arg("certify")
        .args(fault_args(&TWO_FAULTS))
        .arg("--out")
        .arg(&cert)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    for artifact in [
        "results.json",
        "junit.xml",
        "summary.md",
        "report.html",
        "manifest.json",
    ] {
        assert!(cert.join(artifact).is_file(), "{artifact} missing");
    }
    let failing = failing_ids(&results(&cert));
    assert!(!failing.is_empty());

    // The manifest states the level the certification is judged at, and each level's counts.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(cert.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["level"], "core");
    assert_eq!(manifest["conformant"], false);
    let core_fail = manifest["counts_by_level"]["core"]["fail"]
        .as_u64()
        .unwrap();
    assert!(core_fail > 0, "{}", manifest["counts_by_level"]);
    assert!(
        manifest["counts_by_level"]["extended"]["total"]
            .as_u64()
            .unwrap()
            > 0
    );

    // The bundle verifies against this suite.
    let output = bin().arg("verify").arg(&cert).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("judged at level core"),
        "{}",
        text(&output)
    );

    // A copy with one verdict changed is rejected, naming the altered artifact.
    let tampered = dir.join("tampered");
    std::fs::create_dir_all(&tampered).unwrap();
    for entry in std::fs::read_dir(&cert).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, tampered.join(path.file_name().unwrap())).unwrap();
    }
    let altered = std::fs::read_to_string(tampered.join("results.json"))
        .unwrap()
        .replacen("\"verdict\": \"fail\"", "\"verdict\": \"pass\"", 1);
    std::fs::write(tampered.join("results.json"), altered).unwrap();
    let output = bin().arg("verify").arg(&tampered).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("results.json"), "{}", text(&output));

    // A baseline of exactly those failures turns the same run green.
    let baseline = dir.join("baseline.yaml");
    let output = bin()
        .args(["baseline", "--from"])
        .arg(cert.join("results.json"))
        .arg("--out")
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let listed = std::fs::read_to_string(&baseline).unwrap();
    for id in &failing {
        assert!(listed.contains(id.as_str()), "{id} not in the baseline");
    }
    let output = bin()
        .arg("run")
        .args(fault_args(&TWO_FAULTS))
        .arg("--report-dir")
        .arg(dir.join("again"))
        .arg("--baseline")
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));

    // A third fault brings new failures: the gate is red, and names them.
    let output = bin()
        .arg("run")
        .args(fault_args(&[TWO_FAULTS[0], TWO_FAULTS[1], THIRD_FAULT]))
        .arg("--report-dir")
        .arg(dir.join("third"))
        .arg("--baseline")
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let new_failures: Vec<String> = failing_ids(&results(&dir.join("third")))
        .into_iter()
        .filter(|id| !failing.contains(id))
        .collect();
    assert!(!new_failures.is_empty());
    assert!(
        text(&output).contains(new_failures[0].as_str()),
        "{}",
        text(&output)
    );

    // compare sees the same regressions and exits 1 for them.
    let output = bin()
        .arg("compare")
        .arg(dir.join("again/results.json"))
        .arg(dir.join("third/results.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains(new_failures[0].as_str()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn certify_refuses_a_bundle_directory_that_is_not_empty() {
    let dir = temp_dir("certify-busy");
    std::fs::write(dir.join("stray.txt"), "left over").unwrap();
    let output = bin()
        .arg("certify")
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("must be empty"), "{}", text(&output));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unknown_reference_fault_is_a_usage_error() {
    let output = bin()
        .args(["run", "--reference-fault", "no-such-fault"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("no-such-fault"));
}
