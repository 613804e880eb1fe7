//! Each fault: the clean server keeps the rule, the faulty one breaks it the specific way.

use axum::http::Method;
use isym_reference::Fault;
use serde_json::{json, Value};

use crate::support::*;

mod call_segments;
mod extensions;
mod overview;

/// Every fault that has a test below; checked against `Fault::all()`.
const TESTED: &[&str] = &[
    "unlicensed-extension-listed",
    "unlicensed-extension-fetchable",
    "unknown-core-500",
    "unknown-core-403",
    "unknown-extension-403",
    "extension-get-by-name-unsupported",
    "mixed-forms-rejected",
    "extension-number-as-number",
    "extension-missing-permission-id",
    "extension-missing-configuration-id",
    "extension-list-wrapped",
    "caller-id-number-missing",
    "caller-id-flattened",
    "on-hold-as-string",
    "unlicensed-segments-listed",
    "unlicensed-segment-fetchable",
    "mixed-call-hidden",
    "linked-returns-self",
    "linked-one-way",
    "linked-when-unlinked",
    "dialing-from-missing",
    "dialing-to-empty",
    "incoming-inverted",
    "did-on-dialed-side",
    "external-typed-internal",
    "transfer-moves-given",
    "transfer-attended-optional",
    "transfer-attended-string",
    "originate-destination-optional",
    "originate-no-call",
    "non-json-body-500",
    "conference-actions-without-rooms",
    "auth-ignored",
    "user-extensions-all",
    "agents-of-disabled-queues",
    "disabled-queue-agent-extension",
    "unlicensed-agent-extension",
    "extension-segments-all",
    "dnd-forbidden",
    "user-root-actions-missing",
    "user-root-actions-ignore-user",
    "user-root-actions-skip-licence",
    "agent-path-sub-resources-missing",
    "agent-path-actions-missing",
    "disabled-queue-agent-children",
    "room-actions-ignore-room",
    "extension-id-renamed",
    "extension-display-name-null",
    "extension-by-number-first-of-user",
    "extension-by-number-user-ids",
    "unbound-extension-listed",
    "user-extensions-first-only",
    "user-extensions-unlicensed-listed",
    "unknown-user-extensions-empty",
    "extension-id-names-user",
    "unlicensed-extension-by-number",
    "unknown-extension-number-500",
    "agent-extension-via-user",
    "agent-path-unknown-agent-403",
    "agent-path-unknown-queue-403",
    "unlicensed-extension-agents",
    "unlicensed-extension-segments",
    "unlicensed-originate",
    "dnd-disable-forbidden",
    "dnd-repeat-conflict",
    "unlicensed-enable-dnd",
    "enable-dnd-unknown-extension-403",
    "originate-unknown-extension-403",
    "agents-unknown-extension-empty",
    "segments-unknown-extension-empty",
    "user-displayed-name-missing",
    "user-by-name-configuration-id",
    "unknown-user-403",
    "queue-display-name-null",
    "queue-by-identifier-configuration-id",
    "disabled-queue-readable",
    "agent-paused-as-string",
    "disabled-queue-agents-listed",
    "unlicensed-agent-listed",
    "room-user-generated-as-string",
    "room-by-identifier-configuration-id",
    "room-segments-empty",
    "unknown-room-403",
    "room-unknown-segment-403",
    "user-root-instance-missing",
    "user-extensions-unknown-core-empty",
    "agent-path-unknown-core-403",
    "core-extensions-first-per-user",
    "unknown-agent-403",
    "unknown-queue-403",
    "originate-answers-500",
    "extension-list-unbound-crash",
    "user-extensions-by-id-unsupported",
    "extension-get-by-id-unsupported",
    "agents-none-404",
    "segments-none-404",
    "user-get-by-name-unsupported",
    "queue-get-by-identifier-unsupported",
    "queue-agent-instance-missing",
    "room-get-by-identifier-unsupported",
    "room-segments-list-missing",
    "agent-extension-instance-missing",
    "user-root-agents-ignore-user",
    "user-root-segments-ignore-user",
    "agent-path-actions-ignore-queue",
    "extension-id-names-agent",
    "segment-id-renamed",
    "segment-type-ordinal",
    "caller-id-name-null",
    "did-omitted-when-null",
    "recording-as-number",
    "incoming-omitted-when-false",
    "dialed-side-typed-external",
    "incoming-while-ringing",
    "dialing-from-returns-self",
    "dialing-from-any-partner",
    "linked-skips-licence",
    "dialing-to-skips-licence",
    "extension-segments-skip-licence",
    "restricted-parent-ignored",
    "segment-by-extension-id",
    "unknown-segment-403",
    "bound-segment-forbidden",
    "ringing-segments-unlisted",
    "linked-unknown-500",
    "dialing-to-unknown-empty",
    "dialing-from-unknown-403",
    "transfer-destination-500",
    "transfer-skips-licence",
    "transfer-ignores-extension-root",
    "blind-transfer-fails",
    "kick-no-op",
    "mute-outside-room-accepted",
    "unmute-outside-room-accepted",
    "kick-outside-room-accepted",
    "kick-forbidden",
    "mute-extension-root-unrouted",
    "unmute-fails",
    "actions-see-other",
    "dialing-to-404-when-idle",
    "empty-lists-204",
    "segment-json-trailing-comma",
    "core-root-segment-unrouted",
    "extension-root-segment-unrouted",
    "core-segment-list-by-slug-unrouted",
    "extension-segments-by-number-unrouted",
    "linked-as-list",
    "room-participant-typed-external",
    "dialing-from-unlicensed-500",
    "originated-calls-unlisted",
    "transfer-unknown-number-ignored",
    "conference-actions-ignore-extension",
    "unlicensed-extension-typed-external",
    "unmute-unmuted-refused",
    "mute-muted-refused",
    "roomless-core-segment-list-500",
    "originate-null-destination-500",
    "encoded-name-500",
];

#[test]
fn every_fault_is_tested() {
    let all: Vec<&str> = Fault::all().iter().map(Fault::name).collect();
    assert_eq!(all, TESTED);
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
