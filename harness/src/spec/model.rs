//! The scenario file format (DESIGN §3), as written in `specs/<family>.yaml`.
//!
//! Every type rejects unknown fields: a typo in a spec is an error, never a silent default.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

pub use super::assertion::{Assertion, Predicate, Severity};
use crate::profile::{ApiVersion, Feature};

/// One `specs/<family>.yaml` file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    pub cases: Vec<SpecCase>,
}

/// A scenario as written, before its path placeholders are expanded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecCase {
    pub id: String,
    pub title: String,
    pub requirements: Vec<String>,
    pub tags: Vec<String>,
    #[serde(default)]
    pub requires: Requires,
    /// Placeholder kind (`core`) or `kind:fixture` → the forms to keep (`id`, `slug`, ...).
    #[serde(default)]
    pub forms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub serial: Option<bool>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requires {
    /// Minimum API version, "3.2" or "3.3".
    #[serde(default)]
    pub version: Option<ApiVersion>,
    #[serde(default)]
    pub features: Vec<Feature>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub for_each: Option<ForEach>,
    pub request: Request,
    #[serde(default)]
    pub expect: Expect,
    #[serde(default)]
    pub capture: BTreeMap<String, Capture>,
    #[serde(default)]
    pub eventually: Option<Eventually>,
    /// What the target's state must show for the rest of the case to apply; when it does not,
    /// the case is not applicable (DESIGN.md, Amendments: "Preconditions").
    #[serde(default)]
    pub precondition: Option<Precondition>,
    /// Part of the case's call window: consecutive `exclusive` steps run while the case holds
    /// the run's one call window, so no other case places a call meanwhile. A case that places
    /// a call and finds it as a list's new item does both inside its window; its other steps
    /// may overlap with the windows and steps of other such cases (DESIGN.md §3, "Call
    /// windows"; the scheduler's rule is in `crate::schedule`). At most one window per case.
    #[serde(default)]
    pub exclusive: bool,
}

/// A state the case needs but cannot bring about for sure, such as a call still ringing: the
/// target may move on before the harness looks (a callee answering within milliseconds).
///
/// Checked on each attempt's response before the step's `expect`. While it does not hold, an
/// `eventually` step keeps polling; once it holds, `expect` judges that response. When it never
/// held, the case starts over up to `restarts` times and is then not applicable with `reason`;
/// later steps do not run. When it held on an attempt that failed `expect` and not on a later
/// one, that failure is reported: a state that moved on never hides a failure already observed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precondition {
    /// Codes the response must have, when given.
    #[serde(default)]
    pub status: Option<StatusSet>,
    /// Assertions the JSON body must satisfy (`severity` does not apply).
    #[serde(default)]
    pub assert: Vec<Assertion>,
    /// One line: why the case is not applicable when the state was never seen.
    pub reason: String,
    /// How many times the case starts over from its first step (on a fresh state, such as a new
    /// call) when the state was never seen, before it is not applicable. Default 0, at most
    /// [`MAX_RESTARTS`].
    #[serde(default)]
    pub restarts: u32,
}

/// The most `restarts` a precondition may ask for: each start over repeats every request.
pub const MAX_RESTARTS: u32 = 5;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForEach {
    /// A template naming an array, e.g. `"{{ids}}"`.
    #[serde(rename = "in")]
    pub items: String,
    #[serde(rename = "as")]
    pub var: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Auth {
    #[default]
    Default,
    None,
    WrongPassword,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub method: Method,
    /// API path below the API root, with `{kind:fixture}` placeholders and `{{templates}}`.
    pub path: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// JSON body, templated.
    #[serde(default)]
    pub json: Option<Value>,
    /// Raw body (sent as is, templated), instead of `json`.
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub auth: Auth,
}

/// One status code or class, or several: `404`, `4xx`, `[404, 5xx]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum StatusSet {
    One(StatusItem),
    Many(Vec<StatusItem>),
}

/// A status code (`404`) or a class of them (`4xx`: 400 to 499, every code of it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum StatusItem {
    Code(u16),
    /// As written; [`StatusItem::class`] reads it (checked when the spec loads).
    Class(String),
}

impl StatusItem {
    /// The hundreds digit of a class written `Nxx` (N from 1 to 5), else `None`.
    pub fn class(&self) -> Option<u16> {
        match self {
            StatusItem::Code(_) => None,
            StatusItem::Class(text) => {
                let lower = text.to_ascii_lowercase();
                let digit = lower.strip_suffix("xx")?;
                match digit.parse::<u16>() {
                    Ok(d) if (1..=5).contains(&d) && digit.len() == 1 => Some(d),
                    _ => None,
                }
            }
        }
    }

    fn matches(&self, status: u16) -> bool {
        match self {
            StatusItem::Code(code) => *code == status,
            StatusItem::Class(_) => self.class().is_some_and(|d| status / 100 == d),
        }
    }

    fn as_value(&self) -> serde_json::Value {
        match self {
            StatusItem::Code(code) => serde_json::Value::from(*code),
            StatusItem::Class(_) => {
                serde_json::Value::from(format!("{}xx", self.class().unwrap_or(0)))
            }
        }
    }
}

impl StatusSet {
    /// The codes and classes, as written.
    pub fn items(&self) -> &[StatusItem] {
        match self {
            StatusSet::One(item) => std::slice::from_ref(item),
            StatusSet::Many(items) => items,
        }
    }

    /// Whether `status` is one of the codes or in one of the classes.
    pub fn contains(&self, status: u16) -> bool {
        self.items().iter().any(|item| item.matches(status))
    }

    /// Whether some 2xx code is in the set.
    pub fn has_success(&self) -> bool {
        (200..300).any(|code| self.contains(code))
    }

    /// Every code the set holds (a class as its hundred codes), for tools listing them.
    pub fn codes(&self) -> Vec<u16> {
        (100..600).filter(|&code| self.contains(code)).collect()
    }

    /// The set as reports show it: `[404, "5xx"]`.
    pub fn as_value(&self) -> serde_json::Value {
        serde_json::Value::Array(self.items().iter().map(StatusItem::as_value).collect())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub status: Option<StatusSet>,
    #[serde(default)]
    pub tolerate: Option<StatusSet>,
    /// File under `schemas/`, optionally with a `#/$defs/x` fragment.
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub snapshot: Option<String>,
    #[serde(default)]
    pub assert: Vec<Assertion>,
}

/// A capture: a JSON pointer shorthand or the long form.
#[derive(Debug, Clone)]
pub enum Capture {
    Pointer(String),
    Full(CaptureSpec),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptureSpec {
    pub pointer: String,
    #[serde(default)]
    pub pluck: Option<String>,
    /// Drop these values (a templated array or value) from a plucked array.
    #[serde(default)]
    pub exclude: Option<Value>,
    /// Keep only the first element of the (plucked, filtered) array.
    #[serde(default)]
    pub first: bool,
}

impl Capture {
    pub fn spec(&self) -> CaptureSpec {
        match self {
            Capture::Pointer(pointer) => CaptureSpec {
                pointer: pointer.clone(),
                pluck: None,
                exclude: None,
                first: false,
            },
            Capture::Full(spec) => spec.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eventually {
    pub timeout_ms: u64,
    #[serde(default = "default_interval_ms")]
    pub interval_ms: u64,
}

fn default_interval_ms() -> u64 {
    25
}

// Hand-written rather than `#[serde(untagged)]`, so a mistake inside the long form keeps serde's
// precise message ("unknown field `pointr`") instead of "did not match any variant".
impl<'de> Deserialize<'de> for Capture {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CaptureVisitor;
        impl<'de> serde::de::Visitor<'de> for CaptureVisitor {
            type Value = Capture;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON pointer string or { pointer, pluck, exclude, first }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Capture, E> {
                Ok(Capture::Pointer(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Capture, A::Error> {
                CaptureSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Capture::Full)
            }
        }
        deserializer.deserialize_any(CaptureVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_class_holds_its_hundred_codes_and_no_other() {
        let set: StatusSet = serde_yaml::from_str("[404, 5xx]").unwrap();
        assert!(set.contains(404) && set.contains(500) && set.contains(599));
        assert!(!set.contains(403) && !set.contains(499) && !set.contains(600));
        assert!(!set.has_success());
        assert_eq!(set.as_value(), serde_json::json!([404, "5xx"]));
        let one: StatusSet = serde_yaml::from_str("4XX").unwrap();
        assert_eq!(one.codes().len(), 100);
        assert_eq!(StatusItem::Class("6xx".into()).class(), None);
        assert_eq!(StatusItem::Class("44xx".into()).class(), None);
        let success: StatusSet = serde_yaml::from_str("2xx").unwrap();
        assert!(success.has_success());
    }
}
