//! The catalogue as an OpenAPI 3.1 document (`isym-conform export openapi`), so that other tools
//! (client generators, linters, mock servers) can read the API the suite checks.
//!
//! Everything comes from the loaded catalogue and `schemas/`; nothing is written by hand:
//!
//! - **Paths.** Every request path of every expanded case, each step, each spelling: a path
//!   written `[users|user]` gives two paths, and the `{core}` / `{ext:F}` forms (id or
//!   `getByName/<name>`) are separate paths because the expansion made them separate cases.
//! - **Path parameters** are named by position, from the collection segment before them: after
//!   `extensions/` an `{extensionId}`, after `extensions/getByName/` an `{extensionNumber}` (the
//!   name field of that kind, DESIGN §3), after `dialingToCallSegments/` a
//!   `{dialingToCallSegmentId}`. So a negative case that puts an unknown id, or an id of the wrong
//!   kind, in a position (a segment id where the extension goes) lands on the template the
//!   positive cases use and adds only its status codes: no path is invented for it, and none is
//!   left out, so every path `isym-conform list` prints has a template here.
//! - **Responses.** The codes the steps expect and the ones they tolerate (those pass with a
//!   warning, and say so). A step with no `expect.status` accepts any 2xx, written `2XX`; a step
//!   that accepts more than [`RANGE_AFTER`] codes of one class ("some error status", ERRATA E8)
//!   is written as that class's range (`4XX`, `5XX`). An expected code carries the step's
//!   `expect.schema` as its `application/json` body; a tolerated one carries none (the harness
//!   does not apply the schema to it either).
//! - **Request bodies.** A POST step that sends a body is described by `schemas/<action>-body.json`
//!   when that file exists for the path's last segment (`originate`, `transfer`).
//! - **Schemas.** Every file of `schemas/` is a component named after its stem; `$ref`s between
//!   files and into a file (`#/$defs/item`) are rewritten to `#/components/schemas/...`, and the
//!   files' `$schema` / `$id` are dropped (the document's `jsonSchemaDialect` says 2020-12).
//! - **Extensions.** Each operation carries `x-requirements` (the ids its cases cite), `x-level`
//!   (`core` when a core case uses it, else `extended`) and, when every case needs it,
//!   `x-since: "3.3"`. HTTP Basic authentication applies to the whole API.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::error::LoadError;
use crate::names::Kind;
use crate::result::{Level, RequirementSummary};
use crate::spec::expand::spellings;
use crate::spec::model::{Method, Step};
use crate::spec::{Case, Catalogue};

/// A step accepting more codes of one class than this is written as the class's range.
pub const RANGE_AFTER: usize = 8;

/// Where a path parameter's value comes from, for its description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathParameter {
    pub name: String,
    pub description: String,
}

/// An OpenAPI path template (`/coreServers/{coreServerId}/extensions`) and its parameters, from
/// one spelling of a case's path (`/coreServers/{{core.id}}/extensions`, or as `list` shows it,
/// `/coreServers/<core.id>/extensions`).
pub(crate) fn path_template(path: &str) -> (String, Vec<PathParameter>) {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::with_capacity(segments.len());
    let mut parameters: Vec<PathParameter> = Vec::new();
    let mut collection = "";
    for (index, segment) in segments.iter().enumerate() {
        if !is_variable(segment) {
            out.push((*segment).to_string());
            if *segment != "getByName" {
                collection = segment;
            }
            continue;
        }
        let by_name = index > 0 && segments[index - 1] == "getByName";
        let mut parameter = parameter_for(collection, by_name);
        let base = parameter.name.clone();
        let mut n = 1;
        while parameters.iter().any(|p| p.name == parameter.name) {
            n += 1;
            parameter.name = format!("{base}{n}");
        }
        out.push(format!("{{{}}}", parameter.name));
        parameters.push(parameter);
    }
    (out.join("/"), parameters)
}

/// A segment standing for a value: a `{{template}}` or `list`'s `<name>`.
fn is_variable(segment: &str) -> bool {
    segment.contains("{{") || (segment.starts_with('<') && segment.ends_with('>'))
}

/// The kind of object a collection segment holds, where it has a name form.
fn kind_of(collection: &str) -> Option<Kind> {
    Some(match collection {
        "coreServers" => Kind::Core,
        "extensions" => Kind::Ext,
        "users" | "user" => Kind::User,
        "queues" => Kind::Queue,
        "conferences" => Kind::Room,
        _ => return None,
    })
}

fn parameter_for(collection: &str, by_name: bool) -> PathParameter {
    let singular = collection.strip_suffix('s').unwrap_or(collection);
    let singular = if singular.is_empty() {
        "value"
    } else {
        singular
    };
    let noun = words(singular);
    if by_name {
        let field = kind_of(collection).map_or("name", Kind::name_field);
        PathParameter {
            name: format!("{singular}{}", capitalise(field)),
            description: format!("The {field} of the {noun} (the name form, `getByName/`)."),
        }
    } else {
        PathParameter {
            name: format!("{singular}Id"),
            description: format!("The id of the {noun}."),
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `callSegment` → `call segment`.
fn words(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A `$ref` of a schema file (`call-segment.json#/$defs/x`, or `#/$defs/item` inside `owner`)
/// as a reference into the document's components.
pub(crate) fn component_ref(reference: &str, owner: &str) -> Option<String> {
    let reference = reference
        .strip_prefix(crate::schema::BASE_URI)
        .unwrap_or(reference);
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let name = if file.is_empty() {
        owner
    } else {
        file.strip_suffix(".json")?
    };
    if name.contains('/') || name.contains(':') {
        return None;
    }
    Some(format!("#/components/schemas/{name}{fragment}"))
}

/// A schema file as a component: references rewritten, `$schema` and `$id` dropped.
fn component_schema(owner: &str, mut schema: Value) -> Value {
    if let Value::Object(map) = &mut schema {
        map.remove("$schema");
        map.remove("$id");
    }
    rewrite_refs(&mut schema, owner);
    schema
}

fn rewrite_refs(value: &mut Value, owner: &str) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(rewritten) = component_ref(reference, owner) {
                            *reference = rewritten;
                        }
                    }
                    other => rewrite_refs(other, owner),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_refs(item, owner)),
        _ => {}
    }
}

/// The response keys of a step: its expected and its tolerated codes.
pub(crate) fn response_keys(step: &Step) -> (Vec<String>, Vec<String>) {
    let expected = match &step.expect.status {
        Some(codes) => status_keys(&codes.codes()),
        None => vec!["2XX".to_string()],
    };
    let tolerated = step
        .expect
        .tolerate
        .as_ref()
        .map_or_else(Vec::new, |codes| status_keys(&codes.codes()));
    (expected, tolerated)
}

fn status_keys(codes: &[u16]) -> Vec<String> {
    let mut by_class: BTreeMap<u16, BTreeSet<u16>> = BTreeMap::new();
    for &code in codes {
        by_class.entry(code / 100).or_default().insert(code);
    }
    let mut keys = Vec::new();
    for (class, codes) in by_class {
        if codes.len() > RANGE_AFTER {
            keys.push(format!("{class}XX"));
        } else {
            keys.extend(codes.iter().map(u16::to_string));
        }
    }
    keys
}

fn reason(key: &str) -> &'static str {
    match key {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No Content",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "412" => "Precondition Failed",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Content",
        "500" => "Internal Server Error",
        "2XX" => "Any success status",
        "4XX" => "Some client error status",
        "5XX" => "Some server error status",
        _ => "Status",
    }
}

#[derive(Default)]
struct Response {
    expected: bool,
    schemas: BTreeSet<String>,
}

#[derive(Default)]
struct Operation {
    requirements: BTreeSet<String>,
    core: bool,
    every_case_needs_3_3: bool,
    cases: BTreeSet<String>,
    summary: Option<String>,
    sends_body: bool,
    responses: BTreeMap<String, Response>,
}

struct PathItem {
    parameters: Vec<PathParameter>,
    operations: BTreeMap<&'static str, Operation>,
}

fn method_key(method: Method) -> &'static str {
    match method {
        Method::Get => "get",
        Method::Post => "post",
        Method::Put => "put",
        Method::Delete => "delete",
    }
}

/// Builds the OpenAPI 3.1 document of `catalogue`, its schemas read from `schemas_dir`.
pub fn document(catalogue: &Catalogue, schemas_dir: &Path) -> Result<Value, LoadError> {
    let mut schemas = Map::new();
    for (file, schema) in crate::schema::read_documents(schemas_dir)? {
        let name = file.strip_suffix(".json").unwrap_or(&file).to_string();
        let component = component_schema(&name, schema);
        schemas.insert(name, component);
    }
    let mut paths: BTreeMap<String, PathItem> = BTreeMap::new();
    for case in &catalogue.cases {
        for (step, path) in case.spec.steps.iter().zip(&case.paths) {
            // Paths were checked when the catalogue loaded; a malformed one cannot reach here.
            for spelling in spellings(path).unwrap_or_default() {
                let (template, parameters) = path_template(&spelling);
                let item = paths.entry(template).or_insert_with(|| PathItem {
                    parameters,
                    operations: BTreeMap::new(),
                });
                let operation = item
                    .operations
                    .entry(method_key(step.request.method))
                    .or_insert_with(|| Operation {
                        every_case_needs_3_3: true,
                        ..Operation::default()
                    });
                record(operation, case, step, &schemas);
            }
        }
    }
    let requirements: HashMap<&str, &RequirementSummary> = catalogue
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut path_objects = Map::new();
    let mut tags = BTreeSet::new();
    for (template, item) in &paths {
        let tag = tag_of(template);
        tags.insert(tag.clone());
        let mut object = Map::new();
        if !item.parameters.is_empty() {
            let parameters = item
                .parameters
                .iter()
                .map(|p| {
                    json!({
                        "name": p.name,
                        "in": "path",
                        "required": true,
                        "description": p.description,
                        "schema": { "type": "string" },
                    })
                })
                .collect();
            object.insert("parameters".into(), Value::Array(parameters));
        }
        for (method, operation) in &item.operations {
            let value =
                operation_object(method, template, &tag, operation, &requirements, &schemas);
            object.insert((*method).to_string(), value);
        }
        path_objects.insert(template.clone(), Value::Object(object));
    }
    let tags: Vec<Value> = tags
        .into_iter()
        .map(|name| json!({ "name": name }))
        .collect();
    Ok(json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "iSymphony Live REST API",
            "version": "3.3",
            "summary": "Extensions and call segments of the iSymphony Live REST API, with the \
                        resources they reference, as the isym-conform catalogue checks them.",
            "description": format!(
                "Generated by isym-conform {} from its catalogue ({} requirements, {} cases). \
                 Paths are relative to the API root. Each operation lists the requirement ids \
                 its cases check (`x-requirements`) and its level (`x-level`: `core` for the \
                 rules of the two documentation pages, `extended` for facts of the API overview \
                 and the neighbouring resources). Tolerated status codes pass with a warning.",
                env!("CARGO_PKG_VERSION"),
                catalogue.requirements.len(),
                catalogue.cases.len()
            ),
        },
        "servers": [{
            "url": "{scheme}://{host}:{port}/communication_manager/rest/live",
            "description": "The API root of a server; the defaults name a reference server started by hand.",
            "variables": {
                "scheme": { "default": "http", "enum": ["http", "https"] },
                "host": { "default": "127.0.0.1" },
                "port": { "default": "58080" },
            },
        }],
        "security": [{ "basicAuth": [] }],
        "tags": tags,
        "paths": path_objects,
        "components": {
            "securitySchemes": {
                "basicAuth": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "Every request carries the credentials of one account.",
                },
            },
            "schemas": schemas,
        },
    }))
}

/// Adds what one step of one case says about an operation.
fn record(operation: &mut Operation, case: &Case, step: &Step, schemas: &Map<String, Value>) {
    operation
        .requirements
        .extend(case.spec.requirements.iter().cloned());
    operation.core |= case.level == Level::Core;
    operation.every_case_needs_3_3 &=
        case.spec.requires.version == Some(crate::profile::ApiVersion::V3_3);
    operation.cases.insert(case.id.clone());
    operation.sends_body |= step.request.json.is_some() || step.request.body.is_some();
    let (expected, tolerated) = response_keys(step);
    // The first case that expects success names the operation; negative titles would mislead.
    if operation.summary.is_none() && expected.iter().all(|key| key.starts_with('2')) {
        operation.summary = Some(case.spec.title.clone());
    }
    let schema = step
        .expect
        .schema
        .as_deref()
        .and_then(|reference| component_ref(reference, ""))
        .filter(|reference| {
            let name = reference.trim_start_matches("#/components/schemas/");
            schemas.contains_key(name.split('/').next().unwrap_or(name))
        });
    for key in expected {
        let response = operation.responses.entry(key).or_default();
        response.expected = true;
        response.schemas.extend(schema.clone());
    }
    for key in tolerated {
        operation.responses.entry(key).or_default();
    }
}

/// The resource an operation belongs to: the segment after the core server's, else `coreServers`.
fn tag_of(template: &str) -> String {
    let segments: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let after_core = if segments.get(1) == Some(&"getByName") {
        3
    } else {
        2
    };
    segments
        .get(after_core)
        .map_or("coreServers", |s| *s)
        .to_string()
}

fn operation_id(method: &str, template: &str) -> String {
    let mut id = method.to_string();
    for segment in template.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        id.push_str(segment.trim_matches(|c| c == '{' || c == '}'));
    }
    id
}

fn operation_object(
    method: &str,
    template: &str,
    tag: &str,
    operation: &Operation,
    requirements: &HashMap<&str, &RequirementSummary>,
    schemas: &Map<String, Value>,
) -> Value {
    let mut object = Map::new();
    object.insert("operationId".into(), json!(operation_id(method, template)));
    object.insert("tags".into(), json!([tag]));
    if let Some(title) = &operation.summary {
        object.insert("summary".into(), json!(title));
    }
    let lines: Vec<String> = operation
        .requirements
        .iter()
        .map(|id| match requirements.get(id.as_str()) {
            Some(r) => format!("- `{id}` ({}, {}): {}", r.level, r.section, r.summary),
            None => format!("- `{id}`"),
        })
        .collect();
    object.insert(
        "description".into(),
        json!(format!(
            "Checked by {} case(s) of the catalogue, for these requirements:\n\n{}",
            operation.cases.len(),
            lines.join("\n")
        )),
    );
    if method == "post" && operation.sends_body {
        let action = template.rsplit('/').next().unwrap_or("");
        let body = format!("{action}-body");
        object.insert(
            "requestBody".into(),
            if schemas.contains_key(&body) {
                json!({
                    "required": true,
                    "content": { "application/json": {
                        "schema": { "$ref": format!("#/components/schemas/{body}") },
                    } },
                })
            } else {
                json!({ "content": { "application/json": {} } })
            },
        );
    }
    let mut responses = Map::new();
    for (key, response) in &operation.responses {
        let mut value = Map::new();
        let description = if response.expected {
            format!("{} (expected)", reason(key))
        } else {
            format!(
                "{} (tolerated: the documents leave it open; passes with a warning)",
                reason(key)
            )
        };
        value.insert("description".into(), json!(description));
        if response.expected && !response.schemas.is_empty() {
            let refs: Vec<Value> = response
                .schemas
                .iter()
                .map(|r| json!({ "$ref": r }))
                .collect();
            let schema = if refs.len() == 1 {
                refs.into_iter().next().unwrap_or_default()
            } else {
                json!({ "anyOf": refs })
            };
            value.insert(
                "content".into(),
                json!({ "application/json": { "schema": schema } }),
            );
        }
        responses.insert(key.clone(), Value::Object(value));
    }
    object.insert("responses".into(), Value::Object(responses));
    object.insert("x-requirements".into(), json!(operation.requirements));
    object.insert(
        "x-level".into(),
        json!(if operation.core { "core" } else { "extended" }),
    );
    if operation.every_case_needs_3_3 {
        object.insert("x-since".into(), json!("3.3"));
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(parameters: &[PathParameter]) -> Vec<&str> {
        parameters.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn parameters_are_named_by_the_collection_before_them() {
        let (template, parameters) = path_template(
            "/coreServers/{{core.id}}/extensions/getByName/{{fixtures.licensed_extension.number}}/callSegments",
        );
        assert_eq!(
            template,
            "/coreServers/{coreServerId}/extensions/getByName/{extensionNumber}/callSegments"
        );
        assert_eq!(names(&parameters), ["coreServerId", "extensionNumber"]);
        let (template, _) =
            path_template("/coreServers/getByName/<core.slug>/user/getByName/<x.name>/extensions");
        assert_eq!(
            template,
            "/coreServers/getByName/{coreServerSlug}/user/getByName/{userName}/extensions"
        );
        let (template, _) =
            path_template("/coreServers/<core.id>/callSegments/<a>/dialingToCallSegments/<b>");
        assert_eq!(
            template,
            "/coreServers/{coreServerId}/callSegments/{callSegmentId}/dialingToCallSegments/{dialingToCallSegmentId}"
        );
        let (template, parameters) =
            path_template("/coreServers/{{core.id}}/conferences/getByName/{{room}}");
        assert_eq!(
            template,
            "/coreServers/{coreServerId}/conferences/getByName/{conferenceIdentifier}"
        );
        assert_eq!(
            parameters[1].description,
            "The identifier of the conference (the name form, `getByName/`)."
        );
    }

    #[test]
    fn a_wrong_id_in_a_position_lands_on_the_same_template() {
        let right = path_template("/coreServers/{{core.id}}/extensions/{{fixtures.x.id}}");
        let wrong = path_template("/coreServers/{{core.id}}/extensions/{{fixtures.a.segment}}");
        let unknown = path_template("/coreServers/{{core.id}}/extensions/{{unknown.uuid}}");
        assert_eq!(right, wrong);
        assert_eq!(right, unknown);
    }

    #[test]
    fn a_repeated_collection_gets_distinct_parameter_names() {
        let (template, parameters) = path_template("/callSegments/{{a}}/callSegments/{{b}}");
        assert_eq!(
            template,
            "/callSegments/{callSegmentId}/callSegments/{callSegmentId2}"
        );
        assert_eq!(names(&parameters), ["callSegmentId", "callSegmentId2"]);
    }

    #[test]
    fn references_point_into_the_components() {
        assert_eq!(
            component_ref("#/$defs/item", "extension-list").as_deref(),
            Some("#/components/schemas/extension-list/$defs/item")
        );
        assert_eq!(
            component_ref("call-segment.json", "x").as_deref(),
            Some("#/components/schemas/call-segment")
        );
        assert_eq!(
            component_ref(
                "https://isym-conform.invalid/schemas/agent.json#/$defs/a",
                "x"
            )
            .as_deref(),
            Some("#/components/schemas/agent/$defs/a")
        );
        assert_eq!(component_ref("https://elsewhere.invalid/a.json", "x"), None);
        let schema = component_schema(
            "extension-list",
            json!({ "$schema": "s", "$id": "i", "items": { "$ref": "#/$defs/item" } }),
        );
        assert_eq!(
            schema,
            json!({ "items": { "$ref": "#/components/schemas/extension-list/$defs/item" } })
        );
    }

    #[test]
    fn many_codes_of_one_class_become_its_range() {
        assert_eq!(status_keys(&[404, 403]), ["403", "404"]);
        let any_error: Vec<u16> = (400..=418).chain(500..=511).collect();
        assert_eq!(status_keys(&any_error), ["4XX", "5XX"]);
        assert_eq!(status_keys(&[200, 404]), ["200", "404"]);
    }
}
