//! `lint`'s check of the catalogue files against the JSON Schemas of their format:
//! `specs/scenario.schema.json` for every scenario file and `specs/requirements.schema.json`
//! for `requirements.yaml`. The loader already rejects what the engine cannot run; this check
//! holds the files to the documented format as well (the schemas are the format's contract),
//! and names the file and the line of the case or requirement that breaks it.

use std::path::Path;

use serde_json::Value;

use crate::error::LoadError;

/// The schema of the scenario files, inside the specs directory.
pub const SCENARIO_SCHEMA: &str = "scenario.schema.json";
/// The schema of `requirements.yaml`, inside the specs directory.
pub const REQUIREMENTS_SCHEMA: &str = "requirements.schema.json";

/// Checks every `*.yaml` file of `specs_dir` against its format's schema; returns how many
/// files were checked. Every problem of every file is reported.
pub fn check_formats(specs_dir: &Path) -> Result<usize, LoadError> {
    let scenario = compile(&specs_dir.join(SCENARIO_SCHEMA))?;
    let requirements = compile(&specs_dir.join(REQUIREMENTS_SCHEMA))?;
    let mut files: Vec<_> = std::fs::read_dir(specs_dir)
        .map_err(|e| LoadError::io(specs_dir, e))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    let mut errors = Vec::new();
    for path in &files {
        let is_requirements = path
            .file_name()
            .is_some_and(|n| n == crate::spec::load::REQUIREMENTS_FILE);
        let validator = if is_requirements {
            &requirements
        } else {
            &scenario
        };
        let display = format!(
            "specs/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let text = std::fs::read_to_string(path).map_err(|e| LoadError::io(path, e))?;
        let document: Value = match serde_yaml::from_str(&text) {
            Ok(value) => value,
            // The loader reports YAML syntax errors with their position.
            Err(_) => continue,
        };
        for error in validator.iter_errors(&document) {
            let pointer = error.instance_path().as_str().to_string();
            errors.push(LoadError::invalid(
                &display,
                line_of_item(&text, &pointer),
                format!(
                    "does not follow {}: at `{}`: {error}",
                    if is_requirements {
                        REQUIREMENTS_SCHEMA
                    } else {
                        SCENARIO_SCHEMA
                    },
                    if pointer.is_empty() { "/" } else { &pointer }
                ),
                "see specs/README.md for the format",
            ));
        }
    }
    LoadError::collect(errors)?;
    Ok(files.len())
}

fn compile(path: &Path) -> Result<jsonschema::Validator, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::io(path, e))?;
    let display = path.display().to_string();
    let schema: Value = serde_json::from_str(&text).map_err(|e| {
        LoadError::invalid(
            &display,
            e.line() as u32,
            format!("not JSON: {e}"),
            "fix the schema",
        )
    })?;
    jsonschema::validator_for(&schema).map_err(|e| {
        LoadError::invalid(
            &display,
            1,
            format!("not a usable JSON Schema: {e}"),
            "fix the schema",
        )
    })
}

/// The line of the list item (a case or a requirement) a pointer such as `/cases/3/steps/0`
/// falls in: the line of the item's `- ` entry, counted among the top-level list's items
/// (1 when it cannot be told).
fn line_of_item(text: &str, pointer: &str) -> u32 {
    let mut parts = pointer.split('/').skip(1);
    let (Some(_list), Some(index)) = (parts.next(), parts.next()) else {
        return 1;
    };
    let Ok(index) = index.parse::<usize>() else {
        return 1;
    };
    // Items of the top-level list are the lines starting with "  - " (the catalogue's style).
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with("  - "))
        .nth(index)
        .map_or(1, |(i, _)| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_maps_to_the_line_of_its_item() {
        let text = "cases:\n  - id: a\n    title: t\n  - id: b\n    steps: []\n";
        assert_eq!(line_of_item(text, "/cases/1/steps"), 4);
        assert_eq!(line_of_item(text, "/cases/0"), 2);
        assert_eq!(line_of_item(text, ""), 1);
    }

    #[test]
    fn the_catalogue_follows_its_formats() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        assert!(check_formats(&specs).expect("the catalogue follows its formats") > 5);
    }

    #[test]
    fn a_case_breaking_the_format_is_reported_with_its_line() {
        let dir = std::env::temp_dir().join(format!("isym-format-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        for schema in [SCENARIO_SCHEMA, REQUIREMENTS_SCHEMA] {
            std::fs::copy(specs.join(schema), dir.join(schema)).unwrap();
        }
        std::fs::write(
            dir.join("bad.yaml"),
            "cases:\n  - id: ok\n    title: t\n    requirements: [R-1]\n    tags: [read-only]\n    steps:\n      - request: { method: GET, path: /x }\n  - id: bad\n    title: t\n    requirements: [R-1]\n    tags: [read-only]\n    steps:\n      - request: { method: GET, path: /x }\n        expect: { status: 4yy }\n",
        )
        .unwrap();
        let message = check_formats(&dir).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(message.contains("specs/bad.yaml:8"), "{message}");
        assert!(
            message.contains("/cases/1/steps/0/expect/status"),
            "{message}"
        );
    }
}
