//! Helpers for driving the router in process.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request};
use http_body_util::BodyExt;
use isym_reference::{router, AppState, Config, Fault};
use serde_json::Value;
use tower::ServiceExt;

pub const LIVE: &str = "/communication_manager/rest/live/coreServers";
pub const CORE: &str = "/communication_manager/rest/live/coreServers/getByName/default";
pub const BRANCH: &str = "/communication_manager/rest/live/coreServers/getByName/branch";
/// `manager:manag3rpa55word`
pub const AUTH: &str = "Basic bWFuYWdlcjptYW5hZzNycGE1NXdvcmQ=";
pub const UNKNOWN_ID: &str = "00000000-0000-4000-8000-000000000000";

pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {} body not JSON ({e}): {}",
                self.status,
                self.text()
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `/field` of each item of a JSON array.
    pub fn pluck(&self, field: &str) -> Vec<Value> {
        match self.json() {
            Value::Array(items) => items.into_iter().map(|i| i[field].clone()).collect(),
            other => panic!("not an array: {other}"),
        }
    }

    pub fn ids(&self) -> Vec<String> {
        self.pluck("id")
            .into_iter()
            .map(|v| v.as_str().expect("string id").to_owned())
            .collect()
    }

    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }
}

pub struct Api {
    state: AppState,
}

impl Api {
    pub fn new(config: Config) -> Api {
        Api {
            state: AppState::new(&config),
        }
    }

    pub fn clean() -> Api {
        Api::new(Config::default())
    }

    pub fn with(fault: Fault) -> Api {
        Api::new(Config {
            faults: vec![fault],
            ..Config::default()
        })
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        auth: Option<&str>,
    ) -> Resp {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(auth) = auth {
            request = request.header(header::AUTHORIZATION, auth);
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(Body::from(body.unwrap_or_default().to_owned()))
            .expect("valid request");
        let response = router(self.state.clone())
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(Method::GET, path, None, Some(AUTH)).await
    }

    pub async fn post(&self, path: &str, body: &str) -> Resp {
        self.send(Method::POST, path, Some(body), Some(AUTH)).await
    }

    pub async fn post_empty(&self, path: &str) -> Resp {
        self.send(Method::POST, path, None, Some(AUTH)).await
    }

    pub async fn status(&self, path: &str) -> u16 {
        self.get(path).await.status
    }

    /// A field of a one-line fixture of the embedded profile, e.g. `fact("disabled_queue", "id")`.
    pub fn fact(&self, fixture: &str, field: &str) -> String {
        let profile = self.state.profile_yaml("http://test");
        let line = profile
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{fixture}:")))
            .unwrap_or_else(|| panic!("no fixture {fixture}"));
        let marker = format!(" {field}: ");
        let start = line
            .find(&marker)
            .unwrap_or_else(|| panic!("no {fixture}.{field}"))
            + marker.len();
        let value = line[start..].trim_start_matches('"');
        value[..value.find(['"', ',', ' ', '}']).expect("end")].to_owned()
    }

    pub async fn ext_id(&self, number: &str) -> String {
        let r = self
            .get(&format!("{CORE}/extensions/getByName/{number}"))
            .await;
        assert_eq!(r.status, 200, "extension {number}: {}", r.text());
        r.json()["id"].as_str().expect("id").to_owned()
    }

    /// The segments bound to a licensed extension.
    pub async fn segs(&self, number: &str) -> Vec<String> {
        let r = self
            .get(&format!(
                "{CORE}/extensions/getByName/{number}/callSegments"
            ))
            .await;
        assert_eq!(r.status, 200, "segments of {number}: {}", r.text());
        r.ids()
    }

    pub async fn seg(&self, number: &str) -> String {
        let segs = self.segs(number).await;
        assert_eq!(segs.len(), 1, "{number} has one segment");
        segs[0].clone()
    }

    pub async fn segment(&self, id: &str) -> Value {
        let r = self.get(&format!("{CORE}/callSegments/{id}")).await;
        assert_eq!(r.status, 200, "segment {id}: {}", r.text());
        r.json()
    }

    /// The id of the segment linked to `id` (clean server).
    pub async fn linked(&self, id: &str) -> String {
        let r = self
            .get(&format!("{CORE}/callSegments/{id}/linkedCallSegment"))
            .await;
        assert_eq!(r.status, 200, "linked of {id}: {}", r.text());
        r.json()["id"].as_str().expect("id").to_owned()
    }

    pub async fn core_segment_ids(&self) -> Vec<String> {
        self.get(&format!("{CORE}/callSegments")).await.ids()
    }
}

pub fn numbers(r: &Resp) -> Vec<String> {
    r.pluck("extensionNumber")
        .into_iter()
        .map(|v| v.as_str().expect("string number").to_owned())
        .collect()
}
