//! Each fault: the clean server keeps the rule, the faulty one breaks it the specific way.

use axum::http::Method;
use isym_reference::Fault;
use serde_json::{json, Value};

use crate::support::*;

mod call_segments;
mod extensions;
mod overview;

#[test]
fn every_fault_is_tested() {
    // The fault tests name each fault they run; a fault no test names has no test.
    let sources = [
        include_str!("faults.rs"),
        include_str!("faults/call_segments.rs"),
        include_str!("faults/extensions.rs"),
        include_str!("faults/overview.rs"),
    ];
    let untested: Vec<&str> = Fault::all()
        .iter()
        .map(Fault::name)
        .filter(|name| {
            let quoted = format!("\"{name}\"");
            !sources.iter().any(|source| source.contains(&quoted))
        })
        .collect();
    assert!(
        untested.is_empty(),
        "faults without a router test: {untested:?}"
    );
}

fn fault(name: &str) -> Api {
    Api::with(Fault::from_name(name).expect("known fault"))
}

/// Runs `probe` on a clean and on a faulty server.
async fn both<T, F, Fut>(name: &str, probe: F) -> (T, T)
where
    F: Fn(Api) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    (probe(Api::clean()).await, probe(fault(name)).await)
}

async fn extension_1001(api: Api) -> Value {
    api.get(&format!("{CORE}/extensions/getByName/1001"))
        .await
        .json()
}

async fn segment_1001(api: Api) -> Value {
    let seg = Api::clean().seg("1001").await;
    api.segment(&seg).await
}

async fn linked_of(api: &Api, number: &str) -> (u16, Option<String>) {
    let seg = Api::clean().seg(number).await;
    let r = api
        .get(&format!("{CORE}/callSegments/{seg}/linkedCallSegment"))
        .await;
    let id = (r.status == 200).then(|| r.json()["id"].as_str().unwrap().to_owned());
    (r.status, id)
}

/// POST without a body on a clean and on a faulty server.
async fn post_both(name: &str, path: &str) -> (u16, u16) {
    both(name, |api| async move { api.post_empty(path).await.status }).await
}

/// GET on a clean and on a faulty server.
async fn get_both(name: &str, path: &str) -> (u16, u16) {
    both(name, |api| async move { api.status(path).await }).await
}

/// GET a JSON document on a clean and on a faulty server.
async fn json_both(name: &str, path: &str) -> (Value, Value) {
    both(name, |api| async move { api.get(path).await.json() }).await
}

/// A segment as the core server's list shows it, found by its caller id number (the list keeps
/// working when a fault renames `id`).
async fn listed_segment(api: &Api, caller_number: &str) -> Value {
    let list = api.get(&format!("{CORE}/callSegments")).await.json();
    list.as_array()
        .expect("array")
        .iter()
        .find(|s| s["callerId"]["number"] == caller_number)
        .unwrap_or_else(|| panic!("no segment of {caller_number}"))
        .clone()
}

/// POST a JSON body on a clean and on a faulty server.
async fn post_json_both(name: &str, path: &str, body: &str) -> (u16, u16) {
    both(name, |api| async move { api.post(path, body).await.status }).await
}

async fn room_ids(api: &Api) -> Vec<String> {
    api.get(&format!("{CORE}/conferences/getByName/94868/callSegments"))
        .await
        .ids()
}
