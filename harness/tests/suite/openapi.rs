//! `isym-conform export openapi`: the document has a template for every path `isym-conform list`
//! prints, and a maintained OpenAPI validator from the ecosystem accepts it
//! (`openapi-spec-validator` from PyPI, which `.ci/run` installs).

use crate::support::bin;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use bin::{bin, temp_dir, text};
use isym_conform::spec::expand::spellings;
use serde_json::Value;

/// Exports the shipped catalogue into a fresh directory; returns the file and the document.
fn export(label: &str) -> (PathBuf, PathBuf, Value) {
    let dir = temp_dir(label);
    let file = dir.join("openapi.json");
    let output = bin()
        .args(["export", "openapi", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let document = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    (dir, file, document)
}

/// Whether `template` (`/a/{aId}/b`) describes `path` as `list` prints it (`/a/<x.id>/b`).
fn describes(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    template.len() == path.len()
        && template.iter().zip(&path).all(|(t, p)| {
            if t.starts_with('{') && t.ends_with('}') {
                p.starts_with('<') && p.ends_with('>')
            } else {
                t == p
            }
        })
}

#[test]
fn every_path_that_list_prints_has_a_template_with_its_method() {
    let (dir, _, document) = export("openapi-coverage");
    let paths = document["paths"].as_object().unwrap();
    let output = bin().arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let listing = String::from_utf8(output.stdout).unwrap();
    let mut missing = Vec::new();
    let mut checked = 0;
    for line in listing.lines() {
        let (case, request) = line.split_once("  ").expect("`<case>  <METHOD> <path>`");
        let (method, path) = request.split_once(' ').expect("`<METHOD> <path>`");
        for spelling in spellings(path).unwrap() {
            checked += 1;
            let found = paths.iter().any(|(template, item)| {
                describes(template, &spelling) && item.get(method.to_lowercase()).is_some()
            });
            if !found {
                missing.push(format!("{case}: {method} {spelling}"));
            }
        }
    }
    assert!(checked > 400, "only {checked} listed paths:\n{listing}");
    assert!(
        missing.is_empty(),
        "no template for:\n{}",
        missing.join("\n")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn path_forms_and_spellings_are_separate_paths_with_levels_and_schemas() {
    let (dir, _, document) = export("openapi-forms");
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    for template in [
        "/coreServers/{coreServerId}/extensions/{extensionId}",
        "/coreServers/getByName/{coreServerSlug}/extensions/getByName/{extensionNumber}",
        "/coreServers/{coreServerId}/users/{userId}/extensions",
        "/coreServers/{coreServerId}/user/{userId}/extensions",
        "/coreServers/{coreServerId}/queues/{queueId}/agents/{agentId}/extension",
        "/coreServers/{coreServerId}/queues/{queueId}/agent/{agentId}/extension",
        "/coreServers/getByName/{coreServerSlug}/callSegments/{callSegmentId}/kick",
        "/coreServers/getByName/{coreServerSlug}/callSegments/{callSegmentId}/kicks",
    ] {
        assert!(paths.contains_key(template), "no path {template}");
    }
    let get = &paths["/coreServers/{coreServerId}/extensions/{extensionId}"]["get"];
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/extension"
    );
    assert!(get["responses"].get("404").is_some(), "{get}");
    let originate =
        &paths["/coreServers/{coreServerId}/extensions/{extensionId}/originate"]["post"];
    assert_eq!(
        originate["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/originate-body"
    );
    let mut levels = std::collections::BTreeSet::new();
    for (template, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            if method == "parameters" {
                continue;
            }
            assert!(
                !operation["x-requirements"].as_array().unwrap().is_empty(),
                "{method} {template} cites no requirement"
            );
            levels.insert(operation["x-level"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(levels.into_iter().collect::<Vec<_>>(), ["core", "extended"]);
    // Every schema file is a component, and no reference still names a file.
    let components = document["components"]["schemas"].as_object().unwrap();
    let files = std::fs::read_dir(bin::root().join("schemas"))
        .unwrap()
        .count();
    assert_eq!(components.len(), files);
    let mut refs = Vec::new();
    collect_refs(&document, &mut refs);
    assert!(refs.len() > 100, "{refs:?}");
    let outside: Vec<_> = refs
        .iter()
        .filter(|r| !r.starts_with("#/components/schemas/"))
        .collect();
    assert!(
        outside.is_empty(),
        "references outside the components: {outside:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match item {
                    Value::String(reference) if key == "$ref" => refs.push(reference.clone()),
                    other => collect_refs(other, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}

/// The validator's command, when it is installed.
fn validator() -> Option<Command> {
    let probe = Command::new("python3")
        .args(["-m", "openapi_spec_validator", "--version"])
        .output()
        .ok()?;
    probe.status.success().then(|| {
        let mut command = Command::new("python3");
        command.args([
            "-m",
            "openapi_spec_validator",
            "--schema",
            "3.1",
            "--validation-errors",
            "all",
        ]);
        command
    })
}

fn validate(mut validator: Command, file: &Path) -> (bool, String) {
    let output = validator.arg(file).output().unwrap();
    (output.status.success(), text(&output))
}

#[test]
fn openapi_spec_validator_accepts_the_export() {
    let Some(validator) = validator() else {
        let why = "openapi-spec-validator is not installed \
                   (`python3 -m pip install openapi-spec-validator`, as .ci/run does)";
        assert!(
            std::env::var_os("CI").is_none_or(|v| v.is_empty()),
            "{why}: CI must validate the export"
        );
        // Straight to the terminal: libtest keeps a passing test's `eprintln!` to itself, and a
        // skip must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED openapi_spec_validator_accepts_the_export: {why}"
        );
        return;
    };
    let (dir, file, mut document) = export("openapi-validator");
    let (ok, report) = validate(validator, &file);
    assert!(
        ok && report.contains("OK"),
        "the validator rejects the export:\n{report}"
    );

    // The validator is really consulted: a document without its `info` fails.
    document.as_object_mut().unwrap().remove("info");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, document.to_string()).unwrap();
    let (ok, report) = validate(self::validator().unwrap(), &broken);
    assert!(
        !ok,
        "the validator accepts a document without info:\n{report}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
