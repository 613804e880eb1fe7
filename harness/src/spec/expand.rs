//! Path placeholders (`{core}`, `{ext:F}`, ...) and their expansion into one case per
//! combination of id and name forms (DESIGN §3).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::model::SpecCase;
use crate::names::Kind;

/// One `{kind}` or `{kind:fixture}` in a request path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Placeholder {
    pub kind: Kind,
    /// Dotted fixture path below `fixtures.`; empty for the profile's core server; `unknown` for
    /// an object that names nothing.
    pub fixture: String,
}

impl Placeholder {
    /// The text as written in the spec.
    pub fn written(&self) -> String {
        if self.fixture.is_empty() {
            format!("{{{}}}", self.kind.as_str())
        } else {
            format!("{{{}:{}}}", self.kind.as_str(), self.fixture)
        }
    }

    /// The template this placeholder becomes in the given form (`{{core.id}}`,
    /// `getByName/{{fixtures.x.number}}`).
    pub fn template(&self, by_id: bool) -> String {
        let base = match self.fixture.as_str() {
            "" => "core".to_string(),
            "unknown" => {
                return if by_id {
                    "{{unknown.uuid}}".to_string()
                } else {
                    "getByName/{{unknown.number}}".to_string()
                }
            }
            fixture => format!("fixtures.{fixture}"),
        };
        if by_id {
            format!("{{{{{base}.id}}}}")
        } else {
            format!("getByName/{{{{{base}.{}}}}}", self.kind.name_field())
        }
    }
}

/// A piece of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Text(String),
    Placeholder(Placeholder),
}

/// Splits a path into text (templates included) and placeholders. `Err` describes a bad one.
pub fn parse_path(path: &str) -> Result<Vec<PathPiece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if rest[open..].starts_with("{{") {
            let close = rest[open..]
                .find("}}")
                .ok_or_else(|| format!("unclosed `{{{{` in path {path:?}"))?;
            text.push_str(&rest[..open + close + 2]);
            rest = &rest[open + close + 2..];
            continue;
        }
        text.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in path {path:?}"))?;
        let inner = &rest[open + 1..open + close];
        let (kind_text, fixture) = inner.split_once(':').unwrap_or((inner, ""));
        let kind = Kind::parse(kind_text).ok_or_else(|| {
            format!("unknown placeholder `{{{inner}}}`: the kinds are core, ext, user, queue, room")
        })?;
        if fixture.is_empty() && kind != Kind::Core {
            return Err(format!(
                "placeholder `{{{inner}}}` needs a fixture, e.g. `{{{kind_text}:licensed_extension}}`"
            ));
        }
        if !text.is_empty() {
            pieces.push(PathPiece::Text(std::mem::take(&mut text)));
        }
        pieces.push(PathPiece::Placeholder(Placeholder {
            kind,
            fixture: fixture.to_string(),
        }));
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(PathPiece::Text(text));
    }
    Ok(pieces)
}

/// The spellings of a path written with alternatives: `/a/[users|user]/b` gives `/a/users/b` then
/// `/a/user/b` (every combination, the first alternative of each group first). Where the pages
/// spell one path two ways (ERRATA), a step tries each spelling in turn and passes on the first that
/// passes: a server implementing either reading passes. `Err` describes a malformed group.
pub fn spellings(path: &str) -> Result<Vec<String>, String> {
    let mut results = vec![String::new()];
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        let close = rest[open..]
            .find(']')
            .ok_or_else(|| format!("unclosed `[` in path {path:?}"))?;
        let group = &rest[open + 1..open + close];
        let alternatives: Vec<&str> = group.split('|').collect();
        if alternatives.len() < 2 || alternatives.iter().any(|a| a.is_empty() || a.contains('/')) {
            return Err(format!(
                "path alternatives `[{group}]` need two or more non-empty spellings of one segment, e.g. `[users|user]`"
            ));
        }
        let prefix = &rest[..open];
        results = results
            .into_iter()
            .flat_map(|done| {
                alternatives
                    .iter()
                    .map(move |alt| format!("{done}{prefix}{alt}"))
            })
            .collect();
        rest = &rest[open + close + 1..];
    }
    if rest.contains(']') {
        return Err(format!("unmatched `]` in path {path:?}"));
    }
    for done in &mut results {
        done.push_str(rest);
    }
    Ok(results)
}

/// One choice of form for one placeholder of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub placeholder: Placeholder,
    pub by_id: bool,
}

/// One runnable case: a scenario with a form chosen for every placeholder.
#[derive(Debug, Clone)]
pub struct Case {
    /// Trial name: `<family>/<case id>/<variant parts>`.
    pub id: String,
    pub family: String,
    /// Spec file as shown in messages, e.g. `specs/extensions.yaml`.
    pub file: String,
    pub line: u32,
    pub spec: Arc<SpecCase>,
    pub choices: Vec<Choice>,
    pub mutating: bool,
    pub serial: bool,
    /// Each step's path with this variant's placeholders replaced ([`Case::path_template`]).
    pub paths: Vec<String>,
    /// Position in the catalogue (file order, then case order, then variant order): serial cases
    /// run in this order.
    pub ordinal: usize,
    /// `extended` when any of the case's requirements is ([`crate::result::Level`]); set when
    /// the catalogue is loaded with its requirements.
    pub level: crate::result::Level,
}

impl Case {
    /// Where a serial case runs among the serial cases: file order, `destructive` ones last.
    pub fn serial_key(&self) -> (bool, usize) {
        (
            self.spec.tags.iter().any(|t| t == "destructive"),
            self.ordinal,
        )
    }

    /// The path of `step`, one of this case's steps, with the placeholders replaced.
    pub fn step_path<'a>(&'a self, step: &'a crate::spec::model::Step) -> &'a str {
        self.spec
            .steps
            .iter()
            .position(|s| std::ptr::eq(s, step))
            .and_then(|index| self.paths.get(index))
            .map_or(step.request.path.as_str(), String::as_str)
    }

    /// A step's path with its placeholders replaced by this variant's templates.
    pub fn path_template(&self, path: &str) -> String {
        let Ok(pieces) = parse_path(path) else {
            return path.to_string();
        };
        let mut out = String::with_capacity(path.len() + 16);
        for piece in pieces {
            match piece {
                PathPiece::Text(text) => out.push_str(&text),
                PathPiece::Placeholder(p) => {
                    let by_id = self
                        .choices
                        .iter()
                        .find(|c| c.placeholder == p)
                        .is_none_or(|c| c.by_id);
                    out.push_str(&p.template(by_id));
                }
            }
        }
        out
    }
}

/// The distinct placeholders of a case, in order of first appearance.
pub fn placeholders_of(spec: &SpecCase) -> Vec<Placeholder> {
    let mut seen = Vec::new();
    for step in &spec.steps {
        for piece in parse_path(&step.request.path).unwrap_or_default() {
            if let PathPiece::Placeholder(p) = piece {
                if !seen.contains(&p) {
                    seen.push(p);
                }
            }
        }
    }
    seen
}

/// The forms a placeholder may take in this case, after `forms:` restrictions: `[by_id, ...]`.
fn allowed_forms(spec: &SpecCase, p: &Placeholder) -> Vec<bool> {
    let specific = format!("{}:{}", p.kind.as_str(), p.fixture);
    let restriction = spec
        .forms
        .get(&specific)
        .or_else(|| spec.forms.get(p.kind.as_str()));
    let [id_form, name_form] = p.kind.form_names();
    [(true, id_form), (false, name_form)]
        .into_iter()
        .filter(|(_, form)| restriction.is_none_or(|allowed| allowed.iter().any(|a| a == form)))
        .map(|(by_id, _)| by_id)
        .collect()
}

/// Expands a scenario into its cases, one per combination of forms, named per DESIGN §3.
pub fn expand(family: &str, file: &str, line: u32, spec: Arc<SpecCase>) -> Vec<Case> {
    let placeholders = placeholders_of(&spec);
    let mut kind_count: BTreeMap<Kind, usize> = BTreeMap::new();
    for p in &placeholders {
        *kind_count.entry(p.kind).or_default() += 1;
    }
    let mut combos: Vec<Vec<Choice>> = vec![Vec::new()];
    for p in &placeholders {
        let forms = allowed_forms(&spec, p);
        combos = combos
            .into_iter()
            .flat_map(|combo| {
                forms.iter().map(move |&by_id| {
                    let mut next = combo.clone();
                    next.push(Choice {
                        placeholder: p.clone(),
                        by_id,
                    });
                    next
                })
            })
            .collect();
    }
    let mutating = spec.tags.iter().any(|t| t == "mutating");
    let serial = spec.serial.unwrap_or(mutating);
    combos
        .into_iter()
        .map(|choices| {
            let mut id = format!("{family}/{}", spec.id);
            for choice in &choices {
                id.push('/');
                id.push_str(&variant_part(
                    choice,
                    kind_count[&choice.placeholder.kind] > 1,
                ));
            }
            let mut case = Case {
                id,
                family: family.to_string(),
                file: file.to_string(),
                line,
                spec: Arc::clone(&spec),
                choices,
                mutating,
                serial,
                paths: Vec::new(),
                ordinal: 0,
                level: crate::result::Level::Core,
            };
            case.paths = spec
                .steps
                .iter()
                .map(|step| case.path_template(&step.request.path))
                .collect();
            case
        })
        .collect()
}

/// `ext-by-id`, or `ext-a-by-number` when a kind appears more than once in the case.
fn variant_part(choice: &Choice, qualify: bool) -> String {
    let p = &choice.placeholder;
    let form = if choice.by_id {
        "id"
    } else {
        p.kind.name_field()
    };
    if qualify {
        let last = p.fixture.rsplit('.').next().unwrap_or("");
        let last = if last.is_empty() { "core" } else { last };
        format!("{}-{}-by-{form}", p.kind.as_str(), last.replace('_', "-"))
    } else {
        format!("{}-by-{form}", p.kind.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_placeholders_and_keeps_templates() {
        let pieces = parse_path("/coreServers/{core}/x/{{item}}/e/{ext:linked_pair.a}").unwrap();
        assert_eq!(pieces.len(), 4);
        assert!(parse_path("/a/{bogus:x}").is_err());
        assert!(parse_path("/a/{ext}").is_err());
    }

    #[test]
    fn spellings_expand_every_group_in_order() {
        assert_eq!(spellings("/a/b").unwrap(), vec!["/a/b"]);
        assert_eq!(
            spellings("/c/[users|user]/x/[agents|agent]/e").unwrap(),
            vec![
                "/c/users/x/agents/e",
                "/c/users/x/agent/e",
                "/c/user/x/agents/e",
                "/c/user/x/agent/e"
            ]
        );
        assert!(spellings("/a/[users]/b").is_err());
        assert!(spellings("/a/[users|]/b").is_err());
        assert!(spellings("/a/[users|user/b").is_err());
        assert!(spellings("/a/users]/b").is_err());
    }

    #[test]
    fn template_forms() {
        let p = Placeholder {
            kind: Kind::Ext,
            fixture: "linked_pair.a".into(),
        };
        assert_eq!(p.template(true), "{{fixtures.linked_pair.a.id}}");
        assert_eq!(
            p.template(false),
            "getByName/{{fixtures.linked_pair.a.number}}"
        );
        let core = Placeholder {
            kind: Kind::Core,
            fixture: String::new(),
        };
        assert_eq!(core.template(false), "getByName/{{core.slug}}");
    }
}
