//! Error messages for bad specs and bad profiles are part of the product: each bad file under
//! `tests/data/bad-*/` has its message snapshotted (`tests/suite/snapshots/suite__load_errors__*.snap`).

use std::collections::HashSet;
use std::path::Path;

use isym_conform::profile;
use isym_conform::spec;

fn data(dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no files in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn bad_specs_are_rejected_with_file_line_and_help() {
    let known: HashSet<String> = ["R-1".to_string()].into();
    for (stem, text) in data("bad-specs") {
        let file = format!("specs/{stem}.yaml");
        let error = match spec::load_spec_text(&file, &stem, &text, Some(&known)) {
            Ok(cases) => panic!("{file} loaded {} cases; it must be rejected", cases.len()),
            Err(e) => e.to_string(),
        };
        assert!(error.starts_with(&format!("{file}:")), "{error}");
        assert!(error.contains("help: "), "{error}");
        insta::assert_snapshot!(format!("bad_spec__{stem}"), error);
    }
}

#[test]
fn bad_profiles_are_rejected_with_file_line_and_help() {
    for (stem, text) in data("bad-profiles") {
        let file = format!("targets/{stem}.yaml");
        let error = match profile::parse_profile(&file, &text) {
            Ok(_) => panic!("{file} parsed; it must be rejected"),
            Err(e) => e.to_string(),
        };
        assert!(error.starts_with(&format!("{file}:")), "{error}");
        insta::assert_snapshot!(format!("bad_profile__{stem}"), error);
    }
}

#[test]
fn a_directory_without_cases_is_an_error() {
    let dir = std::env::temp_dir().join(format!("isym-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let error = spec::load_catalogue(&dir).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(error.contains("no cases found"), "{error}");
}

#[test]
fn a_schema_that_does_not_exist_names_the_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let text = "cases:\n  - id: list\n    title: t\n    requirements: [R-1]\n    tags: [read-only]\n    steps:\n      - request: { method: GET, path: /x }\n        expect: { schema: no-such.json }\n";
    let cases = spec::load_spec_text("specs/f.yaml", "f", text, None).unwrap();
    let uses = cases.iter().flat_map(|c| {
        c.spec.steps.iter().filter_map(move |s| {
            s.expect
                .schema
                .as_deref()
                .map(|reference| isym_conform::schema::SchemaUse {
                    reference,
                    file: &c.file,
                    line: c.line,
                })
        })
    });
    let error = isym_conform::schema::SchemaStore::load(&root.join("schemas-ok"), uses)
        .unwrap_err()
        .to_string()
        .replace(&root.display().to_string(), "<data>");
    insta::assert_snapshot!("bad_spec__missing_schema", error);
}

/// `lint` checks every schema file against its meta-schema: a file that compiles can still be
/// no schema at all (`"required": "id"` is ignored by a validator).
#[test]
fn schemas_that_break_their_meta_schema_are_rejected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let error = isym_conform::schema::check_meta_schemas(&root.join("bad-schemas"))
        .unwrap_err()
        .to_string();
    for file in [
        "required-not-array.json",
        "unknown-type.json",
        "unknown-meta-schema.json",
    ] {
        assert!(error.contains(&format!("schemas/{file}:1:")), "{error}");
    }
    insta::assert_snapshot!("bad_schemas", error);
    assert_eq!(
        isym_conform::schema::check_meta_schemas(&root.join("schemas-ok")).unwrap(),
        std::fs::read_dir(root.join("schemas-ok")).unwrap().count()
    );
}

#[test]
fn the_shipped_schemas_are_valid_json_schemas() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let checked = isym_conform::schema::check_meta_schemas(&schemas).unwrap();
    assert!(checked >= 10, "only {checked} schema files checked");
}
