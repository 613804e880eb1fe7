//! Loading `specs/`: requirements, scenario files, and every check that can be made before a
//! request is sent (ids, tags, requirement ids, templates, captures, placeholders, predicates).

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::expand::{expand, Case};
use super::model::SpecFile;
use super::validate::{step_help, validate_case};
use crate::error::LoadError;
use crate::result::{Level, RequirementSummary};

/// The loaded catalogue: every expanded case (sorted by id) and the requirements.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub cases: Vec<Case>,
    pub requirements: Vec<RequirementSummary>,
    /// Index of each requirement id in `requirements`.
    index: std::collections::HashMap<String, usize>,
}

impl Catalogue {
    /// The document section of a requirement id (empty when unknown).
    pub fn section_of(&self, requirement: &str) -> String {
        self.index
            .get(requirement)
            .map(|&i| self.requirements[i].section.clone())
            .unwrap_or_default()
    }
}

/// Name of the requirements file inside the specs directory.
pub const REQUIREMENTS_FILE: &str = "requirements.yaml";

/// Loads every `*.yaml` scenario file of `specs_dir` (besides `requirements.yaml`).
pub fn load_catalogue(specs_dir: &Path) -> Result<Catalogue, LoadError> {
    let dir_label = specs_dir
        .file_name()
        .map_or_else(|| "specs".to_string(), |n| n.to_string_lossy().into_owned());
    let requirements_path = specs_dir.join(REQUIREMENTS_FILE);
    let requirements_text = if requirements_path.exists() {
        Some(read(&requirements_path)?)
    } else {
        None
    };
    let mut files: Vec<_> = std::fs::read_dir(specs_dir)
        .map_err(|e| LoadError::io(specs_dir, e))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && p.file_name().is_some_and(|n| n != REQUIREMENTS_FILE)
        })
        .collect();
    files.sort();

    // Reading and YAML parsing (most of the load) run on two threads (the machine's two cores
    // are what the project is measured on); validation and expansion
    // then go file by file, so errors keep their order.
    let texts = files
        .iter()
        .map(|path| read(path))
        .collect::<Result<Vec<String>, LoadError>>()?;
    let displays: Vec<String> = files
        .iter()
        .map(|path| {
            let file_name = path.file_name().unwrap_or_default().to_string_lossy();
            format!("{dir_label}/{file_name}")
        })
        .collect();
    let (requirements, parsed) = crate::par::both(
        || match &requirements_text {
            Some(text) => parse_requirements(&format!("{dir_label}/{REQUIREMENTS_FILE}"), text),
            None => Ok(Vec::new()),
        },
        || parse_in_parallel(&displays, &texts),
    );
    let requirements = requirements?;
    let known: HashSet<String> = requirements.iter().map(|r| r.id.clone()).collect();
    let known = (!known.is_empty()).then_some(&known);

    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for (((path, display), text), parsed) in files.iter().zip(&displays).zip(&texts).zip(parsed) {
        let family = path.file_stem().unwrap_or_default().to_string_lossy();
        match parsed.and_then(|parsed| build_cases(display, &family, text, parsed, known)) {
            Ok(mut loaded) => cases.append(&mut loaded),
            Err(LoadError::Many(mut many)) => errors.append(&mut many),
            Err(e) => errors.push(e),
        }
    }
    LoadError::collect(errors)?;
    if cases.is_empty() {
        return Err(LoadError::invalid(
            &dir_label,
            0,
            format!("no cases found in {}", specs_dir.display()),
            "point --specs at the catalogue directory holding <family>.yaml files with a \
             `cases:` list (under cargo test, ISYM_CATALOGUE at the directory holding specs/)",
        ));
    }
    for (ordinal, case) in cases.iter_mut().enumerate() {
        case.ordinal = ordinal;
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in cases.windows(2) {
        if pair[0].id == pair[1].id {
            return Err(LoadError::invalid(
                &pair[1].file,
                pair[1].line,
                format!("two cases expand to the same name `{}`", pair[1].id),
                "give the cases distinct ids",
            ));
        }
    }
    let index: std::collections::HashMap<String, usize> = requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    // A case relying on any extended fact is extended: a core verdict rests on the pages alone.
    for case in &mut cases {
        let extended = case.spec.requirements.iter().any(|id| {
            index
                .get(id)
                .is_some_and(|&i| requirements[i].level == Level::Extended)
        });
        case.level = if extended {
            Level::Extended
        } else {
            Level::Core
        };
    }
    Ok(Catalogue {
        cases,
        requirements,
        index,
    })
}

/// Parses each scenario text, on this thread and one more (the larger files first, so the
/// two threads end together).
fn parse_in_parallel(displays: &[String], texts: &[String]) -> Vec<Result<SpecFile, LoadError>> {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(texts[i].len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            done.push((i, parse_spec_text(&displays[i], &texts[i])));
        }
        done
    };
    let (theirs, mut done) = crate::par::both(work, work);
    done.extend(theirs);
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, parsed)| parsed).collect()
}

fn read(path: &Path) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|e| LoadError::io(path, e))
}

/// Parses `requirements.yaml`: a list of `{ id, level, keyword, page, section, summary }`,
/// either top-level or under a `requirements:` key (a map from id to the rest is accepted too).
/// `level` must be `core` or `extended`: it decides whether a rule counts at the default level.
pub fn parse_requirements(file: &str, text: &str) -> Result<Vec<RequirementSummary>, LoadError> {
    let help = "requirements.yaml holds `requirements:` with items \
                { id, level: core | extended, keyword, page, section, summary }";
    let root: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| LoadError::yaml(file, &e, help))?;
    let list = match root {
        serde_yaml::Value::Mapping(mut map) => map
            .remove("requirements")
            .unwrap_or(serde_yaml::Value::Null),
        other => other,
    };
    let text_of = |v: Option<&serde_yaml::Value>| -> String {
        match v {
            Some(serde_yaml::Value::String(s)) => s.clone(),
            Some(serde_yaml::Value::Sequence(items)) => items
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::new(),
        }
    };
    let item = |id: String, fields: &serde_yaml::Value| -> Result<RequirementSummary, LoadError> {
        let level_text = text_of(fields.get("level"));
        let level = Level::from_name(&level_text).ok_or_else(|| {
            LoadError::invalid(
                file,
                line_of_id(text, &id),
                format!("requirement {id} has level {level_text:?}"),
                "give `level: core` (a rule of the two pages) or `level: extended` (a fact of \
                 the API overview or a neighbouring resource); the RFC 2119 word goes in `keyword`",
            )
        })?;
        Ok(RequirementSummary {
            id,
            level,
            keyword: text_of(fields.get("keyword")),
            section: {
                // `page` + `section` as the reports show them: "extensions.txt > Action Paths".
                let page = text_of(fields.get("page"));
                let section = text_of(fields.get("section"));
                match (page.is_empty(), section.is_empty()) {
                    (false, false) => format!("{page} > {section}"),
                    (false, true) => page,
                    _ => section,
                }
            },
            summary: {
                let s = text_of(fields.get("summary"));
                if s.is_empty() {
                    text_of(fields.get("text"))
                } else {
                    s
                }
            },
        })
    };
    let out: Vec<RequirementSummary> = match list {
        serde_yaml::Value::Sequence(items) => items
            .iter()
            .filter_map(|f| {
                f.get("id")
                    .and_then(|v| v.as_str())
                    .map(|id| item(id.into(), f))
            })
            .collect::<Result<_, _>>()?,
        serde_yaml::Value::Mapping(map) => map
            .iter()
            .filter_map(|(k, f)| k.as_str().map(|id| item(id.into(), f)))
            .collect::<Result<_, _>>()?,
        _ => Vec::new(),
    };
    if out.is_empty() {
        return Err(LoadError::invalid(file, 1, "no requirements found", help));
    }
    Ok(out)
}

/// The 1-based line of requirement `id` in `text` (1 when it cannot be found).
fn line_of_id(text: &str, id: &str) -> u32 {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix("id:")
                .is_some_and(|rest| rest.trim().trim_matches('"') == id)
                || line.trim_end_matches(':') == id
        })
        .map_or(1, |i| i as u32 + 1)
}

/// Loads one scenario file; `known_requirements` (when given) are the ids cases may cite.
pub fn load_spec_text(
    file: &str,
    family: &str,
    text: &str,
    known_requirements: Option<&HashSet<String>>,
) -> Result<Vec<Case>, LoadError> {
    build_cases(
        file,
        family,
        text,
        parse_spec_text(file, text)?,
        known_requirements,
    )
}

fn parse_spec_text(file: &str, text: &str) -> Result<SpecFile, LoadError> {
    serde_yaml::from_str(text).map_err(|e| {
        // An assertion with no predicate or several is refused while parsing it.
        let help = if e.to_string().contains("predicate") {
            step_help("predicate")
        } else {
            "see the scenario format in DESIGN.md §3 (fields are checked strictly)".to_string()
        };
        LoadError::yaml(file, &e, &help)
    })
}

/// Validates and expands the cases of one parsed scenario file (`text` gives their lines).
fn build_cases(
    file: &str,
    family: &str,
    text: &str,
    parsed: SpecFile,
    known_requirements: Option<&HashSet<String>>,
) -> Result<Vec<Case>, LoadError> {
    let mut errors = Vec::new();
    let mut ids = HashSet::new();
    let mut cases = Vec::new();
    let all_captures: BTreeSet<String> = parsed
        .cases
        .iter()
        .flat_map(|c| c.steps.iter().flat_map(|s| s.capture.keys().cloned()))
        .collect();
    let lines = CaseLines::of(text);
    for spec in parsed.cases {
        let line = lines.line(&spec.id, usize::from(ids.contains(&spec.id)));
        if !ids.insert(spec.id.clone()) {
            errors.push(LoadError::invalid(
                file,
                line,
                format!("duplicate case id `{}`", spec.id),
                "case ids are unique within a file",
            ));
            continue;
        }
        let before = errors.len();
        validate_case(
            file,
            line,
            &spec,
            known_requirements,
            &all_captures,
            &mut errors,
        );
        if errors.len() == before {
            cases.extend(expand(family, file, line, Arc::new(spec)));
        }
    }
    if parsed_is_empty(&cases, &errors) {
        errors.push(LoadError::invalid(
            file,
            1,
            "the file has no cases",
            "add at least one entry under `cases:` or remove the file",
        ));
    }
    LoadError::collect(errors)?;
    Ok(cases)
}

fn parsed_is_empty(cases: &[Case], errors: &[LoadError]) -> bool {
    cases.is_empty() && errors.is_empty()
}

/// The 1-based line of `id: <id>` in the file (1 when not found).
pub fn line_of_case(text: &str, id: &str) -> u32 {
    CaseLines::of(text).line(id, 0)
}

/// The lines of every `id:` in a scenario file, found in one pass.
struct CaseLines<'a> {
    by_id: std::collections::HashMap<&'a str, Vec<u32>>,
}

impl<'a> CaseLines<'a> {
    fn of(text: &'a str) -> CaseLines<'a> {
        let mut by_id: std::collections::HashMap<&str, Vec<u32>> = Default::default();
        for (index, line) in text.lines().enumerate() {
            let trimmed = line.trim_start().trim_start_matches('-').trim_start();
            if let Some(value) = trimmed.strip_prefix("id:") {
                let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
                by_id.entry(value).or_default().push(index as u32 + 1);
            }
        }
        CaseLines { by_id }
    }

    /// The line of the `nth` (0-based) `id: <id>` (1 when there is none).
    fn line(&self, id: &str, nth: usize) -> u32 {
        self.by_id
            .get(id)
            .and_then(|lines| lines.get(nth))
            .copied()
            .unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{ApiVersion, Feature};

    #[test]
    fn finds_the_line_of_a_case() {
        let text = "cases:\n  - id: a\n    title: x\n  - id: \"b/c\"\n";
        assert_eq!(line_of_case(text, "a"), 2);
        assert_eq!(line_of_case(text, "b/c"), 4);
    }

    /// A one-case file whose only step carries `precondition` (YAML flow text).
    fn with_precondition(precondition: &str, path: &str) -> Result<Vec<Case>, LoadError> {
        let text = format!(
            "cases:\n  - id: c\n    title: t\n    requirements: [R1]\n    tags: [mutating]\n    \
             steps:\n      - request: {{ method: GET, path: \"{path}\" }}\n        \
             precondition: {precondition}\n        eventually: {{ timeout_ms: 100 }}\n"
        );
        load_spec_text("specs/f.yaml", "f", &text, None)
    }

    #[test]
    fn a_precondition_loads_and_its_mistakes_are_named() {
        let ok = with_precondition(
            "{ status: 200, assert: [{ pointer: \"\", min_length: 1 }], reason: the call was answered }",
            "/coreServers/{core}/callSegments",
        );
        let cases = ok.expect("a well-formed precondition loads");
        let precondition = cases[0].spec.steps[0].precondition.as_ref().unwrap();
        assert_eq!(precondition.reason, "the call was answered");
        assert_eq!(precondition.assert.len(), 1);

        for (precondition, path, expected) in [
            ("{ reason: r }", "/x", "always holds"),
            (
                "{ status: 200, reason: \" \" }",
                "/x",
                "`reason` must be one non-empty line",
            ),
            (
                "{ assert: [{ pointer: /a, exists: true, severity: warn }], reason: r }",
                "/x",
                "severity: warn",
            ),
            (
                "{ assert: [{ pointer: /a, exists: true, length: 1 }], reason: r }",
                "/x",
                "2 predicates",
            ),
            ("{ status: 99, reason: r }", "/x", "must be 100..=599"),
            (
                "{ status: 200, reason: r, restarts: 6 }",
                "/x",
                "restarts 6 is more than 5",
            ),
            (
                "{ status: 200, reason: r }",
                "/[users|user]/x",
                "spelt two ways",
            ),
            (
                "{ assert: [{ pointer: /a, equals: \"{{nothing}}\" }], reason: r }",
                "/x",
                "unknown template name `{{nothing}}`",
            ),
        ] {
            let error = with_precondition(precondition, path)
                .expect_err(precondition)
                .to_string();
            assert!(error.contains(expected), "{precondition}: {error}");
            // A predicate count is refused where the assertion is parsed (its own line); the
            // other mistakes are named at the case's line.
            let line = if expected == "2 predicates" { 8 } else { 2 };
            assert!(error.contains(&format!("specs/f.yaml:{line}:")), "{error}");
        }
        let unknown_field = with_precondition("{ status: 200, reason: r, unless: x }", "/x")
            .expect_err("unknown field")
            .to_string();
        assert!(unknown_field.contains("unless"), "{unknown_field}");
    }

    #[test]
    fn required_versions_and_features_are_known_values() {
        let case = |requires: &str| {
            let text = format!(
                "cases:\n  - id: c\n    title: t\n    requirements: [R1]\n    tags: [read-only]\n    requires: {requires}\n    steps:\n      - request: {{ method: GET, path: /x }}\n"
            );
            load_spec_text("specs/t.yaml", "t", &text, None)
        };
        let ok = case("{ version: \"3.3\", features: [conference_rooms] }").expect("loads");
        assert_eq!(ok[0].spec.requires.version, Some(ApiVersion::V3_3));
        assert_eq!(ok[0].spec.requires.features, [Feature::ConferenceRooms]);
        let version = case("{ version: \"4.0\" }").expect_err("4.0").to_string();
        assert!(
            version.contains("specs/t.yaml:6") && version.contains("4.0"),
            "{version}"
        );
        let feature = case("{ features: [video] }")
            .expect_err("video")
            .to_string();
        assert!(
            feature.contains("video") && feature.contains("conference_rooms"),
            "{feature}"
        );
    }

    #[test]
    fn a_case_has_at_most_one_call_window() {
        let case = |marks: [bool; 3]| {
            let steps: String = marks
                .iter()
                .map(|&m| {
                    format!(
                        "      - exclusive: {m}\n        request: {{ method: GET, path: /x }}\n"
                    )
                })
                .collect();
            let text = format!(
                "cases:\n  - id: c\n    title: t\n    requirements: [R1]\n    tags: [mutating]\n    steps:\n{steps}"
            );
            load_spec_text("specs/t.yaml", "t", &text, None)
        };
        assert!(case([true, true, false]).is_ok());
        assert!(case([false, true, true]).is_ok());
        let err = case([true, false, true])
            .expect_err("two windows")
            .to_string();
        assert!(err.contains("2 call windows"), "{err}");
    }

    #[test]
    fn expands_and_names_variants() {
        let text = r#"
cases:
  - id: instance/get
    title: t
    requirements: [R1]
    tags: [read-only]
    steps:
      - request: { method: GET, path: "/coreServers/{core}/extensions/{ext:linked_pair.a}/x/{ext:linked_pair.b}" }
        expect: { status: 200 }
"#;
        let cases = load_spec_text("specs/f.yaml", "f", text, None).unwrap();
        let ids: Vec<_> = cases.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 8);
        assert!(ids.contains(&"f/instance/get/core-by-slug/ext-a-by-id/ext-b-by-number"));
        assert_eq!(cases[0].line, 3);
    }
}
