//! Request bodies of the actions that take one (originate, transfer).

use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::faults::{Fault, FaultSet};

/// The body as a JSON object. An empty body counts as `{}` (no values provided); a body that
/// is not JSON is 412 (API overview); JSON that is not an object provides no values either.
pub(crate) fn json_object(body: &[u8], faults: FaultSet) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Map::new()),
        Err(_) if faults.has(Fault::NonJsonBody500) => {
            Err(ApiError::Internal("could not process the request"))
        }
        Err(_) => Err(ApiError::InvalidJson("the request body is not valid JSON")),
    }
}

/// Longest destination number the reference dials: a dial string, not a document.
pub(crate) const MAX_NUMBER_LEN: usize = 64;

/// A string value that is not blank and not longer than [`MAX_NUMBER_LEN`] (the only string
/// values the actions take are numbers to dial).
pub(crate) fn string<'m>(body: &'m Map<String, Value>, key: &str) -> Option<&'m str> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty() && s.len() <= MAX_NUMBER_LEN)
}
