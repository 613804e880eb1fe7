//! JSON Schemas of `schemas/`: every file registered once under a private base URI (so
//! `{"$ref": "extension.json"}` works between files), each referenced schema compiled once.
//!
//! A second, *strict* copy of every file adds `unevaluatedProperties: false` wherever an object
//! schema declares `properties`; what only the strict copy rejects are fields the documents do
//! not declare, reported as warnings (the documents leave extra fields open).

use std::collections::HashMap;
use std::path::Path;

use jsonschema::{Registry, Validator};
use serde_json::{json, Value};

use crate::error::LoadError;

/// Base URI every schema file is registered under.
pub const BASE_URI: &str = "https://isym-conform.invalid/schemas/";

/// One problem a schema found in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    pub message: String,
    pub instance_pointer: String,
    pub schema_pointer: String,
}

struct Compiled {
    plain: Validator,
    strict: Validator,
}

/// Compiled schemas, keyed by the reference as written in specs (`extension.json#/$defs/x`).
pub struct SchemaStore {
    compiled: HashMap<String, Compiled>,
}

impl std::fmt::Debug for SchemaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaStore")
            .field("schemas", &self.compiled.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A reference to a schema used by a spec, with where it is used (for errors).
pub struct SchemaUse<'a> {
    pub reference: &'a str,
    pub file: &'a str,
    pub line: u32,
}

/// Checks every `*.json` of `dir` against the meta-schema its `$schema` names (draft 2020-12
/// when absent); returns how many files were checked. A schema can compile and still not be one
/// (`"required": "id"` is silently ignored by a validator), so `lint` runs this too.
pub fn check_meta_schemas(dir: &Path) -> Result<usize, LoadError> {
    let documents = read_documents(dir)?;
    let mut errors = Vec::new();
    for (name, value) in &documents {
        let file = format!("schemas/{name}");
        let meta = match jsonschema::meta::validator_for(value) {
            Ok(meta) => meta,
            Err(e) => {
                errors.push(LoadError::invalid(
                    &file,
                    1,
                    format!("no meta-schema for this file: {e}"),
                    "declare `\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"`",
                ));
                continue;
            }
        };
        let problems: Vec<String> = meta
            .iter_errors(value)
            .map(|e| {
                let at = e.instance_path().as_str();
                format!("at `{}`: {e}", if at.is_empty() { "/" } else { at })
            })
            .collect();
        if !problems.is_empty() {
            errors.push(LoadError::invalid(
                &file,
                1,
                format!("not a valid JSON Schema: {}", problems.join("; ")),
                "fix the keywords the meta-schema rejects (the pointer is inside the schema file)",
            ));
        }
    }
    LoadError::collect(errors)?;
    Ok(documents.len())
}

/// Every `*.json` of `dir` (sorted by name), parsed; every file that is not JSON is an error.
pub(crate) fn read_documents(dir: &Path) -> Result<Vec<(String, Value)>, LoadError> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| LoadError::io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).map_err(|e| LoadError::io(&path, e))?;
        match serde_json::from_str(&text) {
            Ok(value) => documents.push((name, value)),
            Err(e) => errors.push(LoadError::invalid(
                &format!("schemas/{name}"),
                e.line() as u32,
                format!("not JSON: {e}"),
                "fix the JSON syntax",
            )),
        }
    }
    LoadError::collect(errors)?;
    Ok(documents)
}

impl SchemaStore {
    /// Reads every `*.json` of `dir` and compiles each referenced schema once.
    pub fn load<'a>(
        dir: &Path,
        uses: impl IntoIterator<Item = SchemaUse<'a>>,
    ) -> Result<SchemaStore, LoadError> {
        let mut documents = if dir.is_dir() {
            read_documents(dir)?
        } else {
            Vec::new()
        };
        // Relative `$ref`s must resolve against our base URI, not a `$id` of the file's.
        for (_, value) in &mut documents {
            if let Value::Object(map) = value {
                map.remove("$id");
            }
        }
        let plain_registry = registry(documents.iter().map(|(n, v)| (n, v.clone())))?;
        let strict_registry = registry(documents.iter().map(|(n, v)| (n, strict_copy(v))))?;

        // Each distinct reference once, in order of first use (errors keep that order).
        let mut seen = std::collections::HashSet::new();
        let uses: Vec<SchemaUse> = uses
            .into_iter()
            .filter(|use_| seen.insert(use_.reference))
            .collect();
        let compile = |use_: &SchemaUse| -> Result<Compiled, LoadError> {
            let file_part = use_.reference.split('#').next().unwrap_or_default();
            if !documents.iter().any(|(n, _)| n == file_part) {
                return Err(LoadError::invalid(
                    use_.file,
                    use_.line,
                    format!("schema `{}` not found in {}", use_.reference, dir.display()),
                    "name a file under schemas/ (optionally with a `#/$defs/name` fragment)",
                ));
            }
            let wrapper = json!({ "$ref": format!("{BASE_URI}{}", use_.reference) });
            let build = |registry: &Registry<'static>| {
                jsonschema::options()
                    .with_registry(registry)
                    .with_base_uri(BASE_URI)
                    .build(&wrapper)
            };
            match (build(&plain_registry), build(&strict_registry)) {
                (Ok(plain), Ok(strict)) => Ok(Compiled { plain, strict }),
                (Err(e), _) | (_, Err(e)) => Err(LoadError::invalid(
                    use_.file,
                    use_.line,
                    format!("schema `{}` does not compile: {e}", use_.reference),
                    "fix the schema (relative $refs name other files under schemas/)",
                )),
            }
        };
        // Compiling is most of the load: the second half of the references on another thread.
        let (first, second) = uses.split_at(uses.len() / 2);
        let (later, mut outcomes): (Vec<_>, Vec<_>) = crate::par::both(
            || second.iter().map(compile).collect(),
            || first.iter().map(compile).collect(),
        );
        outcomes.extend(later);
        let mut compiled = HashMap::new();
        let mut errors = Vec::new();
        for (use_, outcome) in uses.iter().zip(outcomes) {
            match outcome {
                Ok(validators) => {
                    compiled.insert(use_.reference.to_string(), validators);
                }
                Err(e) => errors.push(e),
            }
        }
        LoadError::collect(errors)?;
        Ok(SchemaStore { compiled })
    }

    /// Every error of `instance` against `reference`, and the undeclared fields it carries.
    pub fn validate(
        &self,
        reference: &str,
        instance: &Value,
    ) -> (Vec<SchemaError>, Vec<SchemaError>) {
        let Some(compiled) = self.compiled.get(reference) else {
            let missing = SchemaError {
                message: format!("schema `{reference}` was not compiled"),
                instance_pointer: String::new(),
                schema_pointer: String::new(),
            };
            return (vec![missing], Vec::new());
        };
        let errors: Vec<SchemaError> = compiled
            .plain
            .iter_errors(instance)
            .map(|e| SchemaError {
                message: e.to_string(),
                instance_pointer: e.instance_path().as_str().to_string(),
                schema_pointer: e.schema_path().as_str().to_string(),
            })
            .collect();
        let extras = compiled
            .strict
            .iter_errors(instance)
            .filter_map(|e| match e.kind() {
                jsonschema::error::ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                    Some(SchemaError {
                        message: format!(
                            "field(s) not declared by the schema: {}",
                            unexpected.join(", ")
                        ),
                        instance_pointer: e.instance_path().as_str().to_string(),
                        schema_pointer: e.schema_path().as_str().to_string(),
                    })
                }
                _ => None,
            })
            .collect();
        (errors, extras)
    }
}

impl SchemaStore {
    /// `instance` without the fields `reference` does not declare: what a snapshot compares, so an
    /// undeclared field (a timestamp, a counter) never fails a snapshot check. Unknown references
    /// leave the instance as it is.
    pub fn declared_only(&self, reference: &str, instance: &Value) -> Value {
        let mut pruned = instance.clone();
        let Some(compiled) = self.compiled.get(reference) else {
            return pruned;
        };
        for error in compiled.strict.iter_errors(instance) {
            if let jsonschema::error::ValidationErrorKind::UnevaluatedProperties { unexpected } =
                error.kind()
            {
                if let Some(Value::Object(map)) = pruned.pointer_mut(error.instance_path().as_str())
                {
                    for field in unexpected {
                        map.remove(field);
                    }
                }
            }
        }
        pruned
    }
}

fn registry<'n>(
    documents: impl Iterator<Item = (&'n String, Value)>,
) -> Result<Registry<'static>, LoadError> {
    let pairs: Vec<(String, Value)> = documents
        .map(|(name, value)| (format!("{BASE_URI}{name}"), value))
        .collect();
    let fail = |e: jsonschema::ReferencingError| {
        LoadError::invalid(
            "schemas",
            0,
            format!("cannot register the schemas: {e}"),
            "check every schema file is a JSON Schema",
        )
    };
    Registry::new()
        .extend(pairs)
        .map_err(fail)?
        .prepare()
        .map_err(fail)
}

/// A copy of a schema document that rejects properties it does not declare.
fn strict_copy(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len() + 1);
            for (key, item) in map {
                out.insert(key.clone(), strict_copy(item));
            }
            if out.contains_key("properties")
                && !out.contains_key("additionalProperties")
                && !out.contains_key("unevaluatedProperties")
            {
                out.insert("unevaluatedProperties".into(), Value::Bool(false));
            }
            if out.contains_key("$schema") {
                // unevaluatedProperties needs 2019-09 or later.
                out.insert(
                    "$schema".into(),
                    json!("https://json-schema.org/draft/2020-12/schema"),
                );
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict_copy).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(files: &[(&str, Value)], reference: &str) -> SchemaStore {
        let dir = std::env::temp_dir().join(format!("isym-schema-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, value) in files {
            std::fs::write(dir.join(name), value.to_string()).unwrap();
        }
        let uses = [SchemaUse {
            reference,
            file: "specs/t.yaml",
            line: 1,
        }];
        let store = SchemaStore::load(&dir, uses).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        store
    }

    #[test]
    fn relative_refs_between_files_and_extra_fields() {
        let ext = json!({
            "type": "object",
            "required": ["id", "n"],
            "properties": { "id": {"type": "string"}, "n": {"type": "string"} }
        });
        let list = json!({ "type": "array", "items": { "$ref": "extension.json" } });
        let s = store(&[("extension.json", ext), ("list.json", list)], "list.json");
        let (errors, extras) = s.validate("list.json", &json!([{"id": "a", "n": 1, "x": true}]));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].instance_pointer, "/0/n");
        assert!(errors[0].schema_pointer.contains("type"), "{errors:?}");
        assert_eq!(extras.len(), 1, "{extras:?}");
        assert!(extras[0].message.contains('x'));
    }

    #[test]
    fn declared_only_drops_undeclared_fields_at_every_depth() {
        let segment = json!({
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "callerId": {"type": "object", "properties": {"name": {"type": "string"}}}
            }
        });
        let s = store(&[("segment.json", segment)], "segment.json");
        let body = json!({"id": "a", "at": 17, "callerId": {"name": "n", "tag": "x"}});
        assert_eq!(
            s.declared_only("segment.json", &body),
            json!({"id": "a", "callerId": {"name": "n"}})
        );
        // A body with only declared fields is unchanged; an unknown reference changes nothing.
        let clean = json!({"id": "a", "callerId": {"name": "n"}});
        assert_eq!(s.declared_only("segment.json", &clean), clean);
        assert_eq!(s.declared_only("other.json", &body), body);
    }

    #[test]
    fn fragments_select_a_definition() {
        let doc = json!({"$defs": {"s": {"type": "string"}}});
        let s = store(&[("common.json", doc)], "common.json#/$defs/s");
        assert!(s
            .validate("common.json#/$defs/s", &json!("ok"))
            .0
            .is_empty());
        assert_eq!(s.validate("common.json#/$defs/s", &json!(1)).0.len(), 1);
    }
}
