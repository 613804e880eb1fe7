//! Captures: the values a step's response gives the later steps of its case
//! (`capture:` in DESIGN.md §3).

use serde_json::Value;

use crate::result::{CheckFailure, CheckKind};
use crate::spec::model::Step;
use crate::spec::template::Scope;

/// Applies the step's captures to `scope`.
pub(super) fn apply(
    step: &Step,
    label: &str,
    scope: &mut Scope,
    body: Option<&Value>,
) -> Result<(), Box<CheckFailure>> {
    for (name, capture) in &step.capture {
        let spec = capture.spec();
        let Some(mut value) = super::assert::select(body, &spec.pointer, spec.pluck.as_deref())
        else {
            let mut f = CheckFailure::new(
                label,
                CheckKind::Capture,
                format!("capture `{name}`: nothing at {:?}", spec.pointer),
            );
            f.instance_pointer = Some(spec.pointer.clone());
            return Err(Box::new(f));
        };
        if let Some(exclude) = &spec.exclude {
            let exclude = scope.render_value(exclude).map_err(|n| {
                Box::new(CheckFailure::new(
                    label,
                    CheckKind::Capture,
                    format!("capture `{name}`: `{{{{{n}}}}}` has no value"),
                ))
            })?;
            let excluded: Vec<Value> = match exclude {
                Value::Array(items) => items,
                other => vec![other],
            };
            if let Value::Array(items) = &mut value {
                items.retain(|item| !excluded.contains(item));
            }
        }
        if spec.first {
            value = match value {
                Value::Array(items) => match items.into_iter().next() {
                    Some(first) => first,
                    None => {
                        return Err(Box::new(CheckFailure::new(
                            label,
                            CheckKind::Capture,
                            format!("capture `{name}`: no item left to take"),
                        )));
                    }
                },
                other => other,
            };
        }
        scope.locals.insert(name.clone(), value);
    }
    Ok(())
}
