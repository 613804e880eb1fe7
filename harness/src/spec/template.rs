//! `{{name}}` templates: parsed and checked at load, rendered per step.

use std::collections::BTreeMap;

use serde_json::Value;

/// A piece of a templated string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

/// Splits `text` into literal text and `{{name}}` references.
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            pieces.push(Piece::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unclosed `{{{{` in {text:?}"))?;
        let name = after[..end].trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(format!(
                "`{{{{{}}}}}` is not a template name (letters, digits, `_`, `-` and `.` only)",
                &after[..end]
            ));
        }
        pieces.push(Piece::Name(name));
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// Every `{{name}}` referenced by strings anywhere inside `value`.
pub fn names_in_value(value: &Value, out: &mut Vec<String>) -> Result<(), String> {
    match value {
        Value::String(s) => {
            for piece in parse(s)? {
                if let Piece::Name(name) = piece {
                    out.push(name.to_string());
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                names_in_value(item, out)?;
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                names_in_value(&Value::String(key.clone()), out)?;
                names_in_value(item, out)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The values templates can read: the discovered world plus the case's captures.
pub struct Scope<'a> {
    pub world: &'a Value,
    pub locals: BTreeMap<String, Value>,
}

impl Scope<'_> {
    /// The value named `name` (`core.id`, `fixtures.x.y`, `capture`, `capture.field`).
    pub fn lookup(&self, name: &str) -> Option<&Value> {
        let mut parts = name.split('.');
        let first = parts.next()?;
        let mut value = match self.locals.get(first) {
            Some(local) => local,
            None => self.world.get(first)?,
        };
        for part in parts {
            value = match value {
                Value::Object(map) => map.get(part)?,
                Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        if value.is_null() {
            return None;
        }
        Some(value)
    }

    /// `text` with every `{{name}}` replaced; a string that is one whole `{{name}}` becomes that
    /// JSON value itself. `Err(name)` names the first value that is not known.
    pub fn render_str(&self, text: &str) -> Result<Value, String> {
        let pieces = parse(text).map_err(|_| text.to_string())?;
        if let [Piece::Name(name)] = pieces.as_slice() {
            return self.lookup(name).cloned().ok_or_else(|| name.to_string());
        }
        let mut out = String::with_capacity(text.len());
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Name(name) => match self.lookup(name) {
                    Some(Value::String(s)) => out.push_str(s),
                    Some(other) => out.push_str(&other.to_string()),
                    None => return Err(name.to_string()),
                },
            }
        }
        Ok(Value::String(out))
    }

    /// `text` rendered into a string (non-string values as JSON).
    pub fn render_string(&self, text: &str) -> Result<String, String> {
        Ok(match self.render_str(text)? {
            Value::String(s) => s,
            other => other.to_string(),
        })
    }

    /// A deep copy of `value` with every templated string rendered.
    pub fn render_value(&self, value: &Value) -> Result<Value, String> {
        Ok(match value {
            Value::String(s) if s.contains("{{") => self.render_str(s)?,
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.render_value(item))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => {
                let mut out = serde_json::Map::with_capacity(map.len());
                for (key, item) in map {
                    out.insert(self.render_string(key)?, self.render_value(item)?);
                }
                Value::Object(out)
            }
            other => other.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_text_and_names() {
        assert_eq!(
            parse("/a/{{x.y}}/b").unwrap(),
            vec![Piece::Text("/a/"), Piece::Name("x.y"), Piece::Text("/b")]
        );
        assert!(parse("{{oops").is_err());
        assert!(parse("{{a b}}").is_err());
    }

    #[test]
    fn whole_template_keeps_the_json_value() {
        let world = json!({"fixtures": {"u": {"extensions": ["1", "2"]}}});
        let mut scope = Scope {
            world: &world,
            locals: BTreeMap::new(),
        };
        scope.locals.insert("n".into(), json!(3));
        assert_eq!(
            scope.render_str("{{fixtures.u.extensions}}").unwrap(),
            json!(["1", "2"])
        );
        assert_eq!(scope.render_str("n={{n}}").unwrap(), json!("n=3"));
        assert_eq!(scope.render_str("{{missing}}").unwrap_err(), "missing");
    }
}
