//! The generated family: negative inputs derived from the request schemas and from the path
//! forms, written as a scenario file, `specs/generated.yaml`, which is committed and loaded like
//! any other (so its cases run, report and count through the same engine, with real file and
//! line numbers). `isym-conform generate --out specs/generated.yaml` writes it again after a
//! schema changes; a test fails while the committed file differs from what the schemas give.
//!
//! - **Bodies.** For every property of `schemas/originate-body.json` and
//!   `schemas/transfer-body.json`: the property missing, `null`, and every JSON type its schema
//!   does not allow; for a string property also blank and whitespace-only values; then JSON that
//!   is not an object and text that is not JSON. What the pages decide (a missing value, and for
//!   `attended` any value that is not a boolean) expects 422, core level; JSON that is not an
//!   object provides no value either (422; 400 and 412 pass with a warning, ERRATA E26); what
//!   they leave open (a string of the wrong type, blank or oversized) is the extended level and
//!   expects some 4xx; text that is not JSON follows E11. After the bodies, a check that nothing
//!   changed: originate placed no call, the transferred call is still linked to the same party.
//! - **Paths.** Malformed and unknown ids, percent-encoded and non-ASCII names in the extension,
//!   call segment and core server positions: 404, core level (400 passes with a warning for a
//!   value a server may refuse to parse; a well-formed unknown UUID must be 404). No encoded
//!   slash: servlet containers refuse `%2F` in a path before the API sees it.
//!
//! The set is exhaustive over these kinds, so it needs no seed: every run sends the same
//! requests. Each transfer case makes its own call (licensed_extension to
//! second_licensed_extension), so a server that wrongly accepts a body harms no fixture.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{json, Value};

use crate::error::LoadError;

/// The generated file, relative to the repository root.
pub const FILE: &str = "specs/generated.yaml";

/// The family of the generated cases.
pub const FAMILY: &str = "generated";

/// One body mutation: the step's name, the raw body, and its expectation.
struct Mutation {
    name: String,
    body: String,
    expect: &'static str,
    /// Whether the expectation is one the two pages decide (core) or not (extended).
    core: bool,
}

const DOCUMENTED_422: &str = "{ status: 422 }";
const NOT_AN_OBJECT: &str = "{ status: 422, tolerate: [400, 412] }";
const NOT_JSON: &str = "{ status: 412, tolerate: [400, 415, 422] }";
/// Some client error: any code of the 4xx class.
const SOME_4XX: &str = "{ status: 4xx }";

/// A request body's properties (name, JSON type) and the names of the required ones.
type BodyShape = (Vec<(String, String)>, Vec<String>);

/// The schema of a request body: its properties (name, JSON type) and the required ones.
fn body_shape(schemas_dir: &Path, file: &str) -> Result<BodyShape, LoadError> {
    let path = schemas_dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| LoadError::io(&path, e))?;
    let schema: Value = serde_json::from_str(&text).map_err(|e| {
        LoadError::invalid(
            &path.display().to_string(),
            e.line() as u32,
            format!("not JSON: {e}"),
            "the generated family reads the request body schemas",
        )
    })?;
    let properties = schema["properties"]
        .as_object()
        .map(|map| {
            map.iter()
                .map(|(name, p)| (name.clone(), p["type"].as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    let required = schema["required"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok((properties, required))
}

/// A value of each JSON type, for the wrong-type mutations.
fn values_of_other_types(allowed: &str) -> Vec<(&'static str, Value)> {
    [
        ("string", json!("false")),
        ("number", json!(0)),
        ("integer", json!(18005555555u64)),
        ("boolean", json!(true)),
        ("array", json!([])),
        ("object", json!({})),
    ]
    .into_iter()
    .filter(|(kind, _)| *kind != allowed && !(allowed == "number" && *kind == "integer"))
    .collect()
}

/// The body mutations of a schema whose valid body is `valid`.
fn mutations(properties: &[(String, String)], required: &[String], valid: &Value) -> Vec<Mutation> {
    let mut out = Vec::new();
    let with = |name: &str, value: Option<Value>| {
        let mut body = valid.clone();
        match value {
            Some(v) => body[name] = v,
            None => {
                body.as_object_mut().map(|m| m.remove(name));
            }
        }
        body.to_string()
    };
    for (name, kind) in properties {
        let decided = required.contains(name);
        out.push(Mutation {
            name: format!("{name} missing"),
            body: with(name, None),
            expect: DOCUMENTED_422,
            core: decided,
        });
        out.push(Mutation {
            name: format!("{name} null"),
            body: with(name, Some(Value::Null)),
            expect: DOCUMENTED_422,
            core: decided,
        });
        for (other, value) in values_of_other_types(kind) {
            // A boolean that is not a boolean is decided by the pages (422); a string of
            // another type is left open.
            let boolean = kind == "boolean";
            out.push(Mutation {
                name: format!("{name} as {other}"),
                body: with(name, Some(value)),
                expect: if boolean { DOCUMENTED_422 } else { SOME_4XX },
                core: boolean,
            });
        }
        if kind == "string" {
            for (label, value) in [("blank", ""), ("whitespace", "   ")] {
                out.push(Mutation {
                    name: format!("{name} {label}"),
                    body: with(name, Some(json!(value))),
                    expect: SOME_4XX,
                    core: false,
                });
            }
        }
    }
    for (label, body) in [
        ("a JSON array", "[]"),
        ("a JSON string", "\"18005555555\""),
        ("a JSON number", "18005555555"),
        ("JSON null", "null"),
    ] {
        out.push(Mutation {
            name: format!("the body is {label}"),
            body: body.to_string(),
            expect: NOT_AN_OBJECT,
            core: true,
        });
    }
    for (label, body) in [
        ("cut short", "{\"destinationNumber\": "),
        ("a form", "destinationNumber=18005555555"),
        ("a lone brace", "{"),
    ] {
        out.push(Mutation {
            name: format!("the body is not JSON: {label}"),
            body: body.to_string(),
            expect: NOT_JSON,
            core: false,
        });
    }
    out
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}

/// One step per mutation; `exclusive` when they run inside the case's call window.
fn push_mutation_steps(y: &mut String, path: &str, mutations: &[&Mutation], exclusive: bool) {
    let window = if exclusive {
        "        exclusive: true\n"
    } else {
        ""
    };
    for m in mutations {
        let _ = write!(
            y,
            "      - name: {}\n{window}        request: {{ method: POST, path: {}, body: {}, content_type: application/json }}\n        expect: {}\n",
            yaml_string(&m.name),
            yaml_string(path),
            yaml_string(&m.body),
            m.expect,
        );
    }
}

/// The generated scenario file for the schemas in `schemas_dir`.
pub fn generated_spec(schemas_dir: &Path) -> Result<String, LoadError> {
    let (originate_props, originate_required) = body_shape(schemas_dir, "originate-body.json")?;
    let (transfer_props, transfer_required) = body_shape(schemas_dir, "transfer-body.json")?;
    let originate = mutations(
        &originate_props,
        &originate_required,
        &json!({ "destinationNumber": "{{unknown.number}}" }),
    );
    let transfer = mutations(
        &transfer_props,
        &transfer_required,
        &json!({ "destinationNumber": "{{fixtures.transfer_destination}}", "attended": false }),
    );
    let mut y = String::from(
        "# Generated by harness/src/spec/generate.rs from schemas/originate-body.json and\n\
         # schemas/transfer-body.json: do not edit; write it again with\n\
         # `isym-conform generate --out specs/generated.yaml`. ERRATA.md E26 for the expectations.\n\
         cases:\n",
    );
    originate_cases(&mut y, &originate);
    transfer_cases(&mut y, &transfer);
    path_cases(&mut y);
    Ok(y)
}

fn originate_cases(y: &mut String, all: &[Mutation]) {
    let path = "/coreServers/{core}/extensions/{ext:licensed_extension}/originate";
    let segments = "/coreServers/{core}/extensions/{ext:licensed_extension}/callSegments";
    for (core, id, title, requirements) in [
        (
            true,
            "originate/bodies-without-destination",
            "Originate bodies without a destination number, generated from originate-body.json, are refused with 422 and place no call",
            "[EXT-ORIGINATE-NO-DESTINATION-422]",
        ),
        (
            false,
            "originate/bodies-the-pages-leave-open",
            "Originate bodies of the wrong types, blank, or not JSON are refused with a client error and place no call",
            "[EXT-ORIGINATE-BODY-REFUSED, OV-INVALID-JSON-412]",
        ),
    ] {
        let chosen: Vec<&Mutation> = all.iter().filter(|m| m.core == core).collect();
        let _ = write!(
            y,
            "  - id: {id}\n    title: {title}\n    requirements: {requirements}\n    tags: [mutating, negative, generated]\n    forms: {{ core: [slug], \"ext:licensed_extension\": [id] }}\n    steps:\n      - name: the caller's calls before\n        exclusive: true\n        request: {{ method: GET, path: {seg} }}\n        expect: {{ status: 200 }}\n        capture: {{ before: {{ pointer: \"\", pluck: /id }} }}\n",
            seg = yaml_string(segments),
        );
        push_mutation_steps(y, path, &chosen, true);
        let _ = write!(
            y,
            "      - name: no call was placed\n        exclusive: true\n        request: {{ method: GET, path: {seg} }}\n        expect:\n          status: 200\n          assert:\n            - {{ pointer: \"\", pluck: /id, subset_of: \"{{{{before}}}}\" }}\n\n",
            seg = yaml_string(segments),
        );
    }
    // An oversized destination: nothing documents a limit, so accepting it only warns; a server
    // error fails. No state check: a server may place that call.
    let long = "9".repeat(8 * 1024);
    let _ = write!(
        y,
        "  - id: originate/oversized-destination\n    title: An originate to an 8 KiB destination number is refused or accepted, never a server error\n    requirements: [EXT-ORIGINATE-BODY-REFUSED]\n    tags: [mutating, negative, generated]\n    forms: {{ core: [slug], \"ext:licensed_extension\": [id] }}\n    steps:\n      - request: {{ method: POST, path: {}, body: {}, content_type: application/json }}\n        expect: {{ status: 4xx, tolerate: [200, 201, 202, 204] }}\n\n",
        yaml_string(path),
        yaml_string(&json!({ "destinationNumber": long }).to_string()),
    );
}

fn transfer_cases(y: &mut String, all: &[Mutation]) {
    for (core, id, title, requirements) in [
        (
            true,
            "transfer/bodies-the-pages-decide",
            "Transfer bodies without a destination, without attended or with a non-boolean attended, generated from transfer-body.json, are refused with 422 and leave the call as it was",
            "[CS-TRANSFER-422-NO-DESTINATION, CS-TRANSFER-422-NO-ATTENDED, CS-TRANSFER-422-ATTENDED-NOT-BOOLEAN]",
        ),
        (
            false,
            "transfer/bodies-the-pages-leave-open",
            "Transfer bodies with a destination of the wrong type, blank, or not JSON are refused with a client error and leave the call as it was",
            "[CS-TRANSFER-BODY-REFUSED, OV-INVALID-JSON-412]",
        ),
    ] {
        let chosen: Vec<&Mutation> = all.iter().filter(|m| m.core == core).collect();
        // Its own call: licensed_extension dials second_licensed_extension, which answers.
        let _ = write!(
            y,
            r#"  - id: {id}
    title: {title}
    requirements: {requirements}
    tags: [mutating, negative, generated]
    forms: {{ core: [slug], "ext:licensed_extension": [id], "ext:second_licensed_extension": [number] }}
    steps:
      - name: the caller's calls before
        exclusive: true
        request: {{ method: GET, path: "/coreServers/{{core}}/extensions/{{ext:licensed_extension}}/callSegments" }}
        expect: {{ status: 200 }}
        capture: {{ before: {{ pointer: "", pluck: /id }} }}
      - name: a call of its own
        exclusive: true
        request:
          method: POST
          path: "/coreServers/{{core}}/extensions/{{ext:licensed_extension}}/originate"
          json: {{ destinationNumber: "{{{{fixtures.second_licensed_extension.number}}}}" }}
        expect: {{ status: 204, tolerate: [200, 201, 202] }}
      - name: the new call's segment
        exclusive: true
        request: {{ method: GET, path: "/coreServers/{{core}}/extensions/{{ext:licensed_extension}}/callSegments" }}
        expect:
          status: 200
          assert:
            - {{ pointer: "", pluck: /id, not_subset_of: "{{{{before}}}}" }}
        capture: {{ call: {{ pointer: "", pluck: /id, exclude: "{{{{before}}}}", first: true }} }}
        eventually: {{ timeout_ms: 5000, interval_ms: 50 }}
      - name: answered
        request: {{ method: GET, path: "/coreServers/{{core}}/callSegments/{{{{call}}}}/linkedCallSegment" }}
        expect: {{ status: 200 }}
        capture: {{ peer: /id }}
        eventually: {{ timeout_ms: 5000, interval_ms: 50 }}
"#
        );
        push_mutation_steps(
            y,
            "/coreServers/{core}/callSegments/{{call}}/transfer",
            &chosen,
            false,
        );
        let _ = write!(
            y,
            r#"      - name: the call is still linked to the same party
        request: {{ method: GET, path: "/coreServers/{{core}}/callSegments/{{{{call}}}}/linkedCallSegment" }}
        expect:
          status: 200
          assert:
            - {{ pointer: /id, equals: "{{{{peer}}}}" }}

"#
        );
    }
}

fn is_well_formed_uuid(value: &str) -> bool {
    value.len() == 36
        && value.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

fn path_cases(y: &mut String) {
    let names = [
        ("a space", "%20"),
        ("percent-encoded non-ASCII", "caf%C3%A9"),
        ("a snowman", "%E2%98%83"),
        ("a very long name", &"7".repeat(300)),
        ("minus one", "-1"),
        ("null", "null"),
    ];
    let ids = [
        ("not a UUID", "not-a-uuid"),
        ("the nil UUID", "00000000-0000-0000-0000-000000000000"),
        ("the max UUID", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
        ("encoded braces", "%7B%7D"),
        ("a very long id", &"a".repeat(300)),
    ];
    let mut push = |id: &str,
                    title: &str,
                    requirement: &str,
                    path: &dyn Fn(&str) -> String,
                    values: &[(&str, &str)]| {
        let _ = write!(
            y,
            "  - id: {id}\n    title: {title}\n    requirements: [{requirement}]\n    tags: [read-only, negative, generated]\n    forms: {{ core: [slug] }}\n    steps:\n"
        );
        for (label, value) in values {
            // A well-formed unknown UUID names nothing: 404. A value a server may refuse to
            // parse (not a UUID, characters a number cannot hold) may also be a 400, with a
            // warning; never a 2xx or a 5xx.
            let expect = if is_well_formed_uuid(value) {
                "{ status: 404 }"
            } else {
                "{ status: 404, tolerate: [400] }"
            };
            let _ = write!(
                y,
                "      - name: {}\n        request: {{ method: GET, path: {} }}\n        expect: {expect}\n",
                yaml_string(label),
                yaml_string(&path(value)),
            );
        }
        y.push('\n');
    };
    push(
        "paths/extension-numbers",
        "Malformed, encoded and non-ASCII extension numbers name no extension (404)",
        "EXT-INSTANCE-BY-NUMBER-404-UNKNOWN",
        &|v| format!("/coreServers/{{core}}/extensions/getByName/{v}"),
        &names,
    );
    push(
        "paths/extension-ids",
        "Malformed and unknown extension ids name no extension (404)",
        "EXT-INSTANCE-BY-ID-404-UNKNOWN",
        &|v| format!("/coreServers/{{core}}/extensions/{v}"),
        &ids,
    );
    push(
        "paths/call-segment-ids",
        "Malformed and unknown call segment ids name no call segment (404)",
        "CS-INSTANCE-404-UNKNOWN-ID",
        &|v| format!("/coreServers/{{core}}/callSegments/{v}"),
        &ids,
    );
    push(
        "paths/core-server-slugs",
        "Malformed, encoded and non-ASCII core server slugs name no core server (404)",
        "EXT-LIST-CORE-404-UNKNOWN-CORE",
        &|v| format!("/coreServers/getByName/{v}/extensions"),
        &names,
    );
    push(
        "paths/core-server-ids",
        "Malformed and unknown core server ids name no core server (404)",
        "CS-LIST-CORE-404-UNKNOWN-CORE",
        &|v| format!("/coreServers/{v}/callSegments"),
        &ids,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
    }

    #[test]
    fn every_property_gets_missing_null_and_wrong_type_mutations() {
        let (props, required) = body_shape(&schemas(), "transfer-body.json").unwrap();
        let all = mutations(
            &props,
            &required,
            &json!({ "destinationNumber": "1", "attended": false }),
        );
        let names: Vec<&str> = all.iter().map(|m| m.name.as_str()).collect();
        for expected in [
            "attended missing",
            "attended null",
            "attended as string",
            "attended as number",
            "attended as array",
            "destinationNumber missing",
            "destinationNumber as boolean",
            "destinationNumber blank",
            "the body is a JSON array",
            "the body is not JSON: cut short",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} missing from {names:?}"
            );
        }
        // attended of another type is the pages' rule; destinationNumber of another type is not.
        let by_name = |n: &str| all.iter().find(|m| m.name == n).unwrap();
        assert!(by_name("attended as string").core);
        assert!(!by_name("destinationNumber as boolean").core);
        assert_eq!(
            by_name("attended missing").body,
            r#"{"destinationNumber":"1"}"#
        );
    }

    #[test]
    fn the_generated_file_loads_and_expands() {
        let text = generated_spec(&schemas()).unwrap();
        let cases = crate::spec::load_spec_text(FILE, FAMILY, &text, None).unwrap();
        assert!(cases.len() >= 9, "{}", cases.len());
        assert!(cases
            .iter()
            .any(|c| c.id == "generated/paths/extension-ids/core-by-slug"));
    }

    #[test]
    fn the_committed_file_is_what_the_schemas_give() {
        let committed =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(FILE))
                .expect("specs/generated.yaml is committed");
        assert!(
            committed == generated_spec(&schemas()).unwrap(),
            "specs/generated.yaml is stale: run `cargo run -p isym-conform -- generate --out specs/generated.yaml`"
        );
    }
}
