//! Lookups through the API: a probe's requests and what they found, and the helpers for ids
//! only undocumented paths reveal.

use serde_json::{json, Value};

use crate::http::client::{self, AuthHeader, HttpRequest};

/// The values a fixture's resolution left unknown, with why.
#[derive(Default)]
pub(super) struct Unknown(pub(super) Vec<(String, String)>);

impl Unknown {
    pub(super) fn note(&mut self, name: &str, why: String) {
        self.0.push((name.to_string(), why));
    }
}

pub(super) struct Prober<'a> {
    pub(super) client: &'a client::Client,
    pub(super) api_base: &'a str,
    pub(super) auth: AuthHeader,
    pub(super) requests: std::sync::atomic::AtomicU32,
    /// Of `requests`, those its forks sent, and the most one fork sent.
    pub(super) forked: std::sync::atomic::AtomicU32,
    pub(super) longest: std::sync::atomic::AtomicU32,
}

impl Prober<'_> {
    pub(super) fn requests(&self) -> u32 {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A prober for one thread, counting its own requests.
    pub(super) fn fork(&self) -> Self {
        Prober {
            client: self.client,
            api_base: self.api_base,
            auth: self.auth.clone(),
            requests: std::sync::atomic::AtomicU32::new(0),
            forked: std::sync::atomic::AtomicU32::new(0),
            longest: std::sync::atomic::AtomicU32::new(0),
        }
    }

    /// Counts the requests of a fork, and keeps the longest fork's count.
    pub(super) fn absorb(&self, fork: &Self) {
        let n = fork.requests();
        self.requests
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        self.forked
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        self.longest
            .fetch_max(n, std::sync::atomic::Ordering::Relaxed);
    }

    /// The requests sent one after another: this prober's own, then the longest fork's.
    pub(super) fn chain(&self) -> u32 {
        let forks = self.longest.load(std::sync::atomic::Ordering::Relaxed);
        let total = self.requests();
        // Own requests are the total less the forks'; the forks ran side by side.
        total.saturating_sub(self.forked.load(std::sync::atomic::Ordering::Relaxed)) + forks
    }

    /// GET `path` (below the API root) expecting 200 and JSON.
    pub(super) fn get(&self, path: &str) -> Result<Value, Probe> {
        let request = HttpRequest {
            label: "discovery".into(),
            method: "GET",
            url: format!("{}{path}", self.api_base),
            headers: vec![("Accept".into(), "application/json".into())],
            body: None,
            auth: self.auth.clone(),
        };
        self.requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let response = client::send(self.client, &request).map_err(|e| Probe {
            message: format!("GET {}: {}", request.url, e.message),
            unreachable: e.unreachable,
            transport: true,
        })?;
        if response.status != 200 {
            return Err(Probe::failed(format!(
                "GET {} answered {}",
                request.url, response.status
            )));
        }
        serde_json::from_slice(&response.body)
            .map_err(|e| Probe::failed(format!("GET {} did not answer JSON: {e}", request.url)))
    }

    /// The id of an object: `getByName/<name>` under `collection`, else the list searched by
    /// `field`.
    pub(super) fn id_by_name(
        &self,
        collection: &str,
        name: &str,
        field: &str,
    ) -> Result<String, Probe> {
        let by_name = self.get(&format!("{collection}/getByName/{name}"));
        match by_name {
            Ok(value) => {
                if let Some(id) = value.get("id").and_then(Value::as_str) {
                    return Ok(id.to_string());
                }
            }
            Err(e) if !e.answered() => return Err(e),
            Err(_) => {}
        }
        let list = self.get(collection)?;
        list.as_array()
            .into_iter()
            .flatten()
            .find(|item| item.get(field).and_then(Value::as_str) == Some(name))
            .and_then(|item| item.get("id").and_then(Value::as_str))
            .map(str::to_string)
            .ok_or_else(|| {
                let name_result = by_name_failure(self.api_base, collection, name);
                Probe::failed(format!(
                    "{name_result}, and no item of GET {}{collection} has {field} {name:?}",
                    self.api_base
                ))
            })
    }

    /// The ids of an extension's call segments.
    pub(super) fn segments_of(&self, core: &str, ext: &str) -> Result<Vec<String>, Probe> {
        let list = self.get(&format!(
            "/coreServers/{core}/extensions/{ext}/callSegments"
        ))?;
        Ok(ids_of(&list))
    }

    /// The id of the segment linked to `segment` (none when it is not linked).
    pub(super) fn linked(&self, core: &str, segment: &str) -> Result<Option<String>, Probe> {
        let value = self.get(&format!(
            "/coreServers/{core}/callSegments/{segment}/linkedCallSegment"
        ));
        match value {
            Ok(v) => Ok(v.get("id").and_then(Value::as_str).map(str::to_string)),
            Err(e) if !e.answered() => Err(e),
            Err(_) => Ok(None),
        }
    }
}

fn by_name_failure(api_base: &str, collection: &str, name: &str) -> String {
    format!("GET {api_base}{collection}/getByName/{name} did not give an id")
}

pub(super) fn ids_of(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item.get("id").and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

#[derive(Debug)]
pub(super) struct Probe {
    pub(super) message: String,
    /// The connection was refused: nothing listens at the target.
    pub(super) unreachable: bool,
    /// A transport error (timeout, broken connection): the target gave no answer to judge.
    pub(super) transport: bool,
}

impl Probe {
    pub(super) fn failed(message: String) -> Probe {
        Probe {
            message,
            unreachable: false,
            transport: false,
        }
    }

    /// Whether the target answered (with the wrong thing): only then may a fixture fail.
    pub(super) fn answered(&self) -> bool {
        !self.unreachable && !self.transport
    }
}

/// What a lookup through an undocumented path learned: the id, or why it is unknown (naming
/// the profile field that would give it).
pub(super) fn undocumented_id(
    result: Result<String, Probe>,
    field: &str,
) -> Result<Result<String, String>, Probe> {
    match result {
        Ok(id) => Ok(Ok(id)),
        Err(p) if !p.answered() => Err(p),
        Err(p) => Ok(Err(format!(
            "the two pages document no path that reveals this id ({}); give `{field}` in the \
             profile to run the id form",
            p.message
        ))),
    }
}

/// The id the profile gives, else what `collection`'s undocumented lookup by `name` finds, else
/// why it stays unknown (naming `field`, the profile field that gives it).
pub(super) fn given_or_found(
    p: &Prober,
    given: &Option<String>,
    collection: &str,
    name: &str,
    by: &str,
    field: &str,
) -> Result<Result<String, String>, Probe> {
    match given {
        Some(id) => Ok(Ok(id.clone())),
        None => undocumented_id(p.id_by_name(collection, name, by), field),
    }
}

/// Puts a fixture's id into its value, or notes (as `name`) why it is unknown.
pub(super) fn set_id(
    value: &mut Value,
    id: Result<String, String>,
    unknown: &mut Unknown,
    name: &str,
) {
    match id {
        Ok(id) => value["id"] = json!(id),
        Err(why) => unknown.note(name, why),
    }
}
