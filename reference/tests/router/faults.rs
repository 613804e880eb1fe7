//! Each fault: the clean server keeps the rule, the faulty one breaks it the specific way.

use axum::http::Method;
use isym_reference::Fault;
use serde_json::{json, Value};

use crate::support::*;

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

#[tokio::test]
async fn unlicensed_extension_listed() {
    let (clean, bad) = both("unlicensed-extension-listed", |api| async move {
        numbers(&api.get(&format!("{CORE}/extensions")).await)
    })
    .await;
    assert!(!clean.contains(&"2001".to_owned()));
    assert!(bad.contains(&"2001".to_owned()) && bad.contains(&"2002".to_owned()));
}

#[tokio::test]
async fn unlicensed_extension_fetchable() {
    let (clean, bad) = both("unlicensed-extension-fetchable", |api| async move {
        api.status(&format!("{CORE}/extensions/getByName/2001"))
            .await
    })
    .await;
    assert_eq!((clean, bad), (403, 200));
}

#[tokio::test]
async fn unknown_core() {
    for (name, status) in [("unknown-core-500", 500), ("unknown-core-403", 403)] {
        let (clean, bad) = both(name, |api| async move {
            api.status(&format!("{LIVE}/getByName/nowhere/extensions"))
                .await
        })
        .await;
        assert_eq!((clean, bad), (404, status), "{name}");
    }
}

#[tokio::test]
async fn unknown_extension_403() {
    let (clean, bad) = both("unknown-extension-403", |api| async move {
        api.status(&format!("{CORE}/extensions/{UNKNOWN_ID}")).await
    })
    .await;
    assert_eq!((clean, bad), (404, 403));
}

#[tokio::test]
async fn extension_get_by_name_unsupported() {
    let id = Api::clean().ext_id("1001").await;
    let (clean, bad) = both("extension-get-by-name-unsupported", |api| async move {
        api.status(&format!("{CORE}/extensions/getByName/1001"))
            .await
    })
    .await;
    assert_eq!((clean, bad), (200, 404));
    let by_id = fault("extension-get-by-name-unsupported");
    assert_eq!(by_id.status(&format!("{CORE}/extensions/{id}")).await, 200);
}

#[tokio::test]
async fn mixed_forms_rejected() {
    let id = Api::clean().ext_id("1001").await;
    let path = format!("{CORE}/extensions/{id}");
    let (clean, bad) = both("mixed-forms-rejected", |api| {
        let path = path.clone();
        async move { api.status(&path).await }
    })
    .await;
    assert_eq!((clean, bad), (200, 404));
    let api = fault("mixed-forms-rejected");
    assert_eq!(
        api.status(&format!("{CORE}/extensions/getByName/1001"))
            .await,
        200
    );
}

async fn extension_1001(api: Api) -> Value {
    api.get(&format!("{CORE}/extensions/getByName/1001"))
        .await
        .json()
}

#[tokio::test]
async fn extension_number_as_number() {
    let (clean, bad) = both("extension-number-as-number", extension_1001).await;
    assert_eq!(clean["extensionNumber"], "1001");
    assert_eq!(bad["extensionNumber"], 1001);
}

#[tokio::test]
async fn extension_missing_ids() {
    for (name, field) in [
        ("extension-missing-permission-id", "permissionId"),
        ("extension-missing-configuration-id", "configurationId"),
    ] {
        let (clean, bad) = both(name, extension_1001).await;
        assert!(clean[field].is_string());
        assert!(bad.get(field).is_none(), "{name}");
        assert!(bad["id"].is_string());
    }
}

#[tokio::test]
async fn extension_list_wrapped() {
    let (clean, bad) = both("extension-list-wrapped", |api| async move {
        api.get(&format!("{CORE}/extensions")).await.json()
    })
    .await;
    assert!(clean.is_array());
    assert!(bad.is_object() && bad["extensions"].is_array());
}

async fn segment_1001(api: Api) -> Value {
    let seg = Api::clean().seg("1001").await;
    api.segment(&seg).await
}

#[tokio::test]
async fn caller_id_shape() {
    let (clean, bad) = both("caller-id-number-missing", segment_1001).await;
    assert_eq!(clean["callerId"]["number"], "1001");
    assert!(bad["callerId"].get("number").is_none() && bad["callerId"]["name"].is_string());
    let (_, bad) = both("caller-id-flattened", segment_1001).await;
    assert!(bad.get("callerId").is_none());
    assert_eq!(bad["callerIdNumber"], "1001");
}

#[tokio::test]
async fn on_hold_as_string() {
    let (clean, bad) = both("on-hold-as-string", segment_1001).await;
    assert_eq!(clean["onHold"], false);
    assert_eq!(bad["onHold"], "false");
}

#[tokio::test]
async fn unlicensed_segments_listed_or_fetchable() {
    let hidden = Api::clean().fact("unlicensed_call", "segment_id");
    let (clean, bad) = both("unlicensed-segments-listed", |api| async move {
        api.core_segment_ids().await
    })
    .await;
    assert!(!clean.contains(&hidden) && bad.contains(&hidden));
    let path = format!("{CORE}/callSegments/{hidden}");
    let (clean, bad) = both("unlicensed-segment-fetchable", |api| {
        let path = path.clone();
        async move { api.status(&path).await }
    })
    .await;
    assert_eq!((clean, bad), (403, 200));
}

#[tokio::test]
async fn mixed_call_hidden() {
    let clean = Api::clean();
    let mixed = clean.linked(&clean.seg("1009").await).await;
    let bad = fault("mixed-call-hidden");
    assert!(clean.core_segment_ids().await.contains(&mixed));
    assert!(!bad.core_segment_ids().await.contains(&mixed));
    assert_eq!(
        bad.status(&format!("{CORE}/callSegments/{mixed}")).await,
        403
    );
}

async fn linked_of(api: &Api, number: &str) -> (u16, Option<String>) {
    let seg = Api::clean().seg(number).await;
    let r = api
        .get(&format!("{CORE}/callSegments/{seg}/linkedCallSegment"))
        .await;
    let id = (r.status == 200).then(|| r.json()["id"].as_str().unwrap().to_owned());
    (r.status, id)
}

#[tokio::test]
async fn linked_faults() {
    let clean = Api::clean();
    let (a, b) = (clean.seg("1001").await, clean.seg("1002").await);
    assert_eq!(linked_of(&clean, "1001").await, (200, Some(b.clone())));
    assert_eq!(linked_of(&clean, "1002").await, (200, Some(a.clone())));
    assert_eq!(linked_of(&clean, "1003").await, (404, None));

    let bad = fault("linked-returns-self");
    assert_eq!(linked_of(&bad, "1001").await, (200, Some(a)));
    let bad = fault("linked-one-way");
    assert_eq!(linked_of(&bad, "1001").await, (200, Some(b)));
    assert_eq!(linked_of(&bad, "1002").await, (404, None));
    let bad = fault("linked-when-unlinked");
    let callee = clean.seg("1004").await;
    assert_eq!(linked_of(&bad, "1003").await, (200, Some(callee)));
}

#[tokio::test]
async fn dialing_faults() {
    let clean = Api::clean();
    let (caller, callee) = (clean.seg("1003").await, clean.seg("1004").await);
    let from = format!("{CORE}/callSegments/{callee}/dialingFromCallSegment");
    let to = format!("{CORE}/callSegments/{caller}/dialingToCallSegments");
    assert_eq!(clean.status(&from).await, 200);
    assert_eq!(fault("dialing-from-missing").status(&from).await, 404);
    assert_eq!(clean.get(&to).await.ids(), [callee]);
    assert_eq!(fault("dialing-to-empty").get(&to).await.json(), json!([]));
}

#[tokio::test]
async fn incoming_and_did_on_the_dialed_side() {
    let callee = |api| async move {
        let seg = Api::clean().seg("1002").await;
        Api::segment(&api, &seg).await
    };
    let (clean, bad) = both("incoming-inverted", callee).await;
    assert_eq!(
        (&clean["incoming"], &bad["incoming"]),
        (&json!(true), &json!(false))
    );
    let (clean, bad) = both("did-on-dialed-side", callee).await;
    assert_eq!(clean["did"], Value::Null);
    assert!(bad["did"].is_string());
}

#[tokio::test]
async fn external_typed_internal() {
    let (clean, bad) = both("external-typed-internal", |api| async move {
        let clean = Api::clean();
        let external = clean.linked(&clean.seg("1005").await).await;
        api.segment(&external).await["type"].clone()
    })
    .await;
    assert_eq!((clean, bad), (json!("EXTERNAL"), json!("INTERNAL")));
}

#[tokio::test(start_paused = true)]
async fn transfer_moves_given() {
    let (clean, bad) = both("transfer-moves-given", |api| async move {
        let (a, b) = (api.seg("1001").await, api.seg("1002").await);
        let body = r#"{"destinationNumber":"18005555555","attended":false}"#;
        let r = api
            .post(&format!("{CORE}/callSegments/{a}/transfer"), body)
            .await;
        assert_eq!(r.status, 204);
        (
            api.status(&format!("{CORE}/callSegments/{a}")).await,
            api.status(&format!("{CORE}/callSegments/{b}")).await,
        )
    })
    .await;
    assert_eq!(
        clean,
        (404, 200),
        "the named segment hangs up, the bound one moves"
    );
    assert_eq!(bad, (200, 404));
}

#[tokio::test]
async fn transfer_attended_validation() {
    for (name, body) in [
        (
            "transfer-attended-optional",
            r#"{"destinationNumber":"1007"}"#,
        ),
        (
            "transfer-attended-string",
            r#"{"destinationNumber":"1007","attended":"false"}"#,
        ),
    ] {
        let (clean, bad) = both(name, |api| async move {
            let a = api.seg("1001").await;
            api.post(&format!("{CORE}/callSegments/{a}/transfer"), body)
                .await
                .status
        })
        .await;
        assert_eq!((clean, bad), (422, 204), "{name}");
    }
}

#[tokio::test]
async fn originate_faults() {
    let path = format!("{CORE}/extensions/getByName/1006/originate");
    let (clean, bad) = both("originate-destination-optional", |api| {
        let path = path.clone();
        async move { api.post(&path, "{}").await.status }
    })
    .await;
    assert_eq!((clean, bad), (422, 204));
    let (clean, bad) = both("originate-no-call", |api| {
        let path = path.clone();
        async move {
            let r = api.post(&path, r#"{"destinationNumber":"1007"}"#).await;
            assert_eq!(r.status, 204);
            api.segs("1006").await.len()
        }
    })
    .await;
    assert_eq!((clean, bad), (1, 0));
}

#[tokio::test]
async fn non_json_body_500() {
    let path = format!("{CORE}/extensions/getByName/1006/originate");
    let (clean, bad) = both("non-json-body-500", |api| {
        let path = path.clone();
        async move { api.post(&path, "destinationNumber=1007").await.status }
    })
    .await;
    assert_eq!((clean, bad), (412, 500));
}

#[tokio::test]
async fn conference_actions_without_rooms() {
    let (clean, bad) = both("conference-actions-without-rooms", |api| async move {
        let r = api
            .get(&format!("{BRANCH}/extensions/getByName/3001/callSegments"))
            .await;
        let seg = r.ids()[0].clone();
        api.post_empty(&format!("{BRANCH}/callSegments/{seg}/mute"))
            .await
            .status
    })
    .await;
    assert_eq!((clean, bad), (500, 204));
}

#[tokio::test]
async fn auth_ignored() {
    let (clean, bad) = both("auth-ignored", |api| async move {
        api.send(Method::GET, &format!("{CORE}/extensions"), None, None)
            .await
            .status
    })
    .await;
    assert_eq!((clean, bad), (401, 200));
}

#[tokio::test]
async fn user_extensions_all() {
    let (clean, bad) = both("user-extensions-all", |api| async move {
        numbers(
            &api.get(&format!("{CORE}/users/getByName/alice/extensions"))
                .await,
        )
    })
    .await;
    assert_eq!(clean, ["1001", "1006"]);
    assert!(bad.contains(&"1002".to_owned()));
}

#[tokio::test]
async fn agent_faults() {
    let (clean, bad) = both("agents-of-disabled-queues", |api| async move {
        api.get(&format!("{CORE}/extensions/getByName/1001/agents"))
            .await
            .ids()
            .len()
    })
    .await;
    assert_eq!((clean, bad), (1, 2));

    let facts = Api::clean();
    let disabled = facts.fact("disabled_queue", "agent_id");
    let path = format!("{CORE}/queues/getByName/support/agents/{disabled}/extension");
    let (clean, bad) = both("disabled-queue-agent-extension", |api| {
        let path = path.clone();
        async move { api.status(&path).await }
    })
    .await;
    assert_eq!((clean, bad), (403, 200));

    let unlicensed = facts.fact("enabled_queue", "unlicensed_agent_id");
    let path = format!("{CORE}/queues/getByName/sales/agents/{unlicensed}/extension");
    let (clean, bad) = both("unlicensed-agent-extension", |api| {
        let path = path.clone();
        async move { api.status(&path).await }
    })
    .await;
    assert_eq!((clean, bad), (403, 200));
}

#[tokio::test]
async fn extension_segments_all() {
    let (clean, bad) = both("extension-segments-all", |api| async move {
        let path = format!("{CORE}/extensions/getByName/1001/callSegments");
        api.get(&path).await.ids().len()
    })
    .await;
    assert_eq!(clean, 1);
    assert!(bad > 1);
}

#[tokio::test]
async fn dnd_forbidden() {
    let (clean, bad) = both("dnd-forbidden", |api| async move {
        let path = format!("{CORE}/extensions/getByName/1006/enableDnd");
        api.post_empty(&path).await.status
    })
    .await;
    assert_eq!((clean, bad), (204, 403));
}

/// POST without a body on a clean and on a faulty server.
async fn post_both(name: &str, path: &str) -> (u16, u16) {
    both(name, |api| async move { api.post_empty(path).await.status }).await
}

/// GET on a clean and on a faulty server.
async fn get_both(name: &str, path: &str) -> (u16, u16) {
    both(name, |api| async move { api.status(path).await }).await
}

#[tokio::test]
async fn user_root_action_faults() {
    let alice = format!("{CORE}/users/getByName/alice/extensions/getByName/1006");
    let name = "user-root-actions-missing";
    assert_eq!(
        post_both(name, &format!("{alice}/disableDnd")).await,
        (204, 404)
    );
    let bad = fault(name);
    assert_eq!(bad.status(&alice).await, 200, "reads stay");
    let core_root = format!("{CORE}/extensions/getByName/1006/disableDnd");
    assert_eq!(bad.post_empty(&core_root).await.status, 204);

    let nobody = format!("{CORE}/users/getByName/nobody/extensions/getByName/1006/disableDnd");
    let name = "user-root-actions-ignore-user";
    assert_eq!(post_both(name, &nobody).await, (404, 204));
    let guest = format!("{CORE}/users/getByName/guest/extensions/getByName/2001/disableDnd");
    assert_eq!(fault(name).post_empty(&guest).await.status, 403);

    let name = "user-root-actions-skip-licence";
    assert_eq!(post_both(name, &guest).await, (403, 204));
    assert_eq!(fault(name).post_empty(&nobody).await.status, 404);
}

#[tokio::test]
async fn agent_path_faults() {
    let agent = Api::clean()
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await
        .ids()[0]
        .clone();
    let below = format!("{CORE}/queues/getByName/sales/agents/{agent}/extension");

    let name = "agent-path-sub-resources-missing";
    for child in ["agents", "callSegments"] {
        assert_eq!(
            get_both(name, &format!("{below}/{child}")).await,
            (200, 404)
        );
    }
    let bad = fault(name);
    assert_eq!(bad.status(&below).await, 200, "the path itself stays");
    assert_eq!(
        bad.post_empty(&format!("{below}/disableDnd")).await.status,
        204
    );

    let name = "agent-path-actions-missing";
    assert_eq!(
        post_both(name, &format!("{below}/disableDnd")).await,
        (204, 404)
    );
    let bad = fault(name);
    assert_eq!(bad.status(&format!("{below}/agents")).await, 200);

    let disabled = Api::clean().fact("disabled_queue", "agent_id");
    let through = format!("{CORE}/queues/getByName/support/agents/{disabled}/extension");
    let name = "disabled-queue-agent-children";
    assert_eq!(
        get_both(name, &format!("{through}/agents")).await,
        (403, 200)
    );
    assert_eq!(
        post_both(name, &format!("{through}/disableDnd")).await,
        (403, 204)
    );
    assert_eq!(
        fault(name).status(&through).await,
        403,
        "the path itself stays 403"
    );
}

#[tokio::test]
async fn room_actions_ignore_room() {
    let seg = Api::clean().seg("1008").await;
    let unknown = format!("{CORE}/conferences/getByName/nowhere/callSegments/{seg}/unmute");
    assert_eq!(
        post_both("room-actions-ignore-room", &unknown).await,
        (404, 204)
    );
    let bad = fault("room-actions-ignore-room");
    let read = format!("{CORE}/conferences/getByName/nowhere/callSegments/{seg}");
    assert_eq!(bad.status(&read).await, 404, "reads still need the room");
}

#[tokio::test]
async fn extension_field_faults() {
    let (clean, bad) = both("extension-id-renamed", extension_1001).await;
    assert!(clean["id"].is_string() && bad.get("id").is_none());
    assert_eq!(bad["extensionId"], clean["id"]);
    let (clean, bad) = both("extension-display-name-null", extension_1001).await;
    assert!(clean["displayName"].is_string());
    assert_eq!(bad["displayName"], Value::Null);
}

#[tokio::test]
async fn extension_by_number_faults() {
    let by_number = |api: Api| async move {
        api.get(&format!("{CORE}/extensions/getByName/1006"))
            .await
            .json()
    };
    let (clean, bad) = both("extension-by-number-first-of-user", by_number).await;
    assert_eq!(clean["extensionNumber"], "1006");
    assert_eq!(bad["extensionNumber"], "1001", "alice's first extension");

    let id = Api::clean().ext_id("1006").await;
    let bad = fault("extension-by-number-user-ids");
    let by_id = bad.get(&format!("{CORE}/extensions/{id}")).await.json();
    let named = by_number(fault("extension-by-number-user-ids")).await;
    assert_eq!(by_id, by_number(Api::clean()).await, "by id stays");
    assert_eq!(named["id"], by_id["id"]);
    assert_ne!(named["configurationId"], by_id["configurationId"]);

    let (clean, bad) = get_both(
        "unlicensed-extension-by-number",
        &format!("{CORE}/extensions/getByName/2001"),
    )
    .await;
    assert_eq!((clean, bad), (403, 200));
    let unlicensed = Api::clean().fact("unlicensed_extension", "id");
    let bad = fault("unlicensed-extension-by-number");
    assert_eq!(
        bad.status(&format!("{CORE}/extensions/{unlicensed}")).await,
        403
    );

    let unknown = format!("{CORE}/extensions/getByName/999999999");
    let (clean, bad) = get_both("unknown-extension-number-500", &unknown).await;
    assert_eq!((clean, bad), (404, 500));
    let bad = fault("unknown-extension-number-500");
    assert_eq!(
        bad.status(&format!("{CORE}/extensions/{UNKNOWN_ID}")).await,
        404
    );
}

#[tokio::test]
async fn extension_id_names_user() {
    let alice = Api::clean()
        .get(&format!("{CORE}/users/getByName/alice"))
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let path = format!("{CORE}/extensions/{alice}");
    assert_eq!(get_both("extension-id-names-user", &path).await, (404, 200));
}

#[tokio::test]
async fn extension_list_faults() {
    let core_list =
        |api: Api| async move { numbers(&api.get(&format!("{CORE}/extensions")).await) };
    let (clean, bad) = both("unbound-extension-listed", core_list).await;
    assert!(!clean.contains(&"2002".to_owned()));
    assert!(bad.contains(&"2002".to_owned()) && !bad.contains(&"2001".to_owned()));

    let alice = |api: Api| async move {
        numbers(
            &api.get(&format!("{CORE}/users/getByName/alice/extensions"))
                .await,
        )
    };
    let (clean, bad) = both("user-extensions-first-only", alice).await;
    assert_eq!(
        (clean, bad),
        (vec!["1001".into(), "1006".into()], vec!["1001".into()])
    );

    let guest = |api: Api| async move {
        numbers(
            &api.get(&format!("{CORE}/users/getByName/guest/extensions"))
                .await,
        )
    };
    let (clean, bad) = both("user-extensions-unlicensed-listed", guest).await;
    assert_eq!((clean, bad), (vec![], vec!["2001".to_owned()]));
    let bad = fault("user-extensions-unlicensed-listed");
    assert!(
        !core_list(bad).await.contains(&"2001".to_owned()),
        "the core list stays"
    );

    let nobody = format!("{CORE}/users/getByName/nobody/extensions");
    let (clean, bad) = both("unknown-user-extensions-empty", |api| {
        let nobody = nobody.clone();
        async move {
            let r = api.get(&nobody).await;
            (r.status, r.text())
        }
    })
    .await;
    assert_eq!(clean.0, 404);
    assert_eq!(bad, (200, "[]".to_owned()));
}

#[tokio::test]
async fn agent_extension_path_faults() {
    let facts = Api::clean();
    let agent = facts
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await
        .ids()[0]
        .clone();
    let path = format!("{CORE}/queues/getByName/sales/agents/{agent}/extension");
    let (clean, bad) = both("agent-extension-via-user", |api| {
        let path = path.clone();
        async move { api.get(&path).await.json()["extensionNumber"].clone() }
    })
    .await;
    assert_eq!((clean, bad), (json!("1001"), json!("1006")));

    let unknown_agent = format!("{CORE}/queues/getByName/sales/agents/{UNKNOWN_ID}/extension");
    let name = "agent-path-unknown-agent-403";
    assert_eq!(get_both(name, &unknown_agent).await, (404, 403));
    let unknown_queue = format!("{CORE}/queues/getByName/nowhere/agents/{agent}/extension");
    assert_eq!(fault(name).status(&unknown_queue).await, 404);
    assert_eq!(
        fault(name).status(&format!("{unknown_agent}/agents")).await,
        404,
        "only the path itself"
    );

    let name = "agent-path-unknown-queue-403";
    assert_eq!(get_both(name, &unknown_queue).await, (404, 403));
    assert_eq!(fault(name).status(&unknown_agent).await, 404);
    assert_eq!(
        fault(name)
            .status(&format!("{CORE}/queues/getByName/nowhere"))
            .await,
        404,
        "the queue itself stays 404"
    );
}

#[tokio::test]
async fn sub_resource_faults() {
    for child in ["agents", "callSegments"] {
        let name = match child {
            "agents" => "unlicensed-extension-agents",
            _ => "unlicensed-extension-segments",
        };
        let path = format!("{CORE}/extensions/getByName/2001/{child}");
        assert_eq!(get_both(name, &path).await, (403, 200), "{name}");
        let bad = fault(name);
        assert_eq!(
            bad.status(&format!("{CORE}/extensions/getByName/2001"))
                .await,
            403
        );

        let name = match child {
            "agents" => "agents-unknown-extension-empty",
            _ => "segments-unknown-extension-empty",
        };
        let path = format!("{CORE}/extensions/{UNKNOWN_ID}/{child}");
        assert_eq!(get_both(name, &path).await, (404, 200), "{name}");
        let unknown_core = format!("{LIVE}/getByName/nowhere/extensions/getByName/1001/{child}");
        assert_eq!(fault(name).status(&unknown_core).await, 404);
    }
}

#[tokio::test]
async fn originate_licence_and_unknown_faults() {
    let unlicensed = format!("{CORE}/extensions/getByName/2001/originate");
    let (clean, bad) = both("unlicensed-originate", |api| {
        let path = unlicensed.clone();
        async move {
            api.post(&path, r#"{"destinationNumber":"1007"}"#)
                .await
                .status
        }
    })
    .await;
    assert_eq!((clean, bad), (403, 204));

    let unknown = format!("{CORE}/extensions/{UNKNOWN_ID}/originate");
    let (clean, bad) = both("originate-unknown-extension-403", |api| {
        let path = unknown.clone();
        async move {
            api.post(&path, r#"{"destinationNumber":"1007"}"#)
                .await
                .status
        }
    })
    .await;
    assert_eq!((clean, bad), (404, 403));
}

#[tokio::test]
async fn dnd_faults() {
    let licensed = format!("{CORE}/extensions/getByName/1006");
    let name = "dnd-disable-forbidden";
    assert_eq!(
        post_both(name, &format!("{licensed}/disableDnd")).await,
        (204, 403)
    );
    assert_eq!(
        fault(name)
            .post_empty(&format!("{licensed}/enableDnd"))
            .await
            .status,
        204
    );

    let (clean, bad) = both("dnd-repeat-conflict", |api| {
        let path = format!("{licensed}/enableDnd");
        async move {
            let first = api.post_empty(&path).await.status;
            (first, api.post_empty(&path).await.status)
        }
    })
    .await;
    assert_eq!((clean, bad), ((204, 204), (204, 409)));

    let unlicensed = format!("{CORE}/extensions/getByName/2001");
    let name = "unlicensed-enable-dnd";
    assert_eq!(
        post_both(name, &format!("{unlicensed}/enableDnd")).await,
        (403, 204)
    );
    assert_eq!(
        fault(name)
            .post_empty(&format!("{unlicensed}/disableDnd"))
            .await
            .status,
        403
    );

    let name = "enable-dnd-unknown-extension-403";
    let unknown = format!("{CORE}/extensions/{UNKNOWN_ID}");
    assert_eq!(
        post_both(name, &format!("{unknown}/enableDnd")).await,
        (404, 403)
    );
    assert_eq!(
        fault(name)
            .post_empty(&format!("{unknown}/disableDnd"))
            .await
            .status,
        404
    );
}

/// GET a JSON document on a clean and on a faulty server.
async fn json_both(name: &str, path: &str) -> (Value, Value) {
    both(name, |api| async move { api.get(path).await.json() }).await
}

#[tokio::test]
async fn neighbour_field_faults() {
    let alice = format!("{CORE}/users/getByName/alice");
    let (clean, bad) = json_both("user-displayed-name-missing", &alice).await;
    assert!(clean["displayedName"].is_string() && bad.get("displayedName").is_none());
    let (clean, bad) = json_both(
        "queue-display-name-null",
        &format!("{CORE}/queues/getByName/sales"),
    )
    .await;
    assert!(clean["displayName"].is_string());
    assert_eq!(bad["displayName"], Value::Null);
    let agents = format!("{CORE}/extensions/getByName/1001/agents");
    let (clean, bad) = json_both("agent-paused-as-string", &agents).await;
    assert_eq!(
        (&clean[0]["paused"], &bad[0]["paused"]),
        (&json!(false), &json!("false"))
    );
    let room = format!("{CORE}/conferences/getByName/94868");
    let (clean, bad) = json_both("room-user-generated-as-string", &room).await;
    assert!(clean["userGenerated"].is_boolean() && bad["userGenerated"].is_string());
}

#[tokio::test]
async fn by_name_id_faults() {
    for (name, by_name) in [
        ("user-by-name-configuration-id", "users/getByName/alice"),
        (
            "queue-by-identifier-configuration-id",
            "queues/getByName/sales",
        ),
        (
            "room-by-identifier-configuration-id",
            "conferences/getByName/94868",
        ),
    ] {
        let (clean, bad) = json_both(name, &format!("{CORE}/{by_name}")).await;
        assert_ne!(clean["id"], clean["configurationId"], "{name}");
        assert_eq!(bad["id"], clean["configurationId"], "{name}");
        let id = clean["id"].as_str().expect("id");
        let collection = by_name.split('/').next().expect("collection");
        let by_id = fault(name)
            .get(&format!("{CORE}/{collection}/{id}"))
            .await
            .json();
        assert_eq!(by_id, clean, "{name}: by id stays");
    }
}

#[tokio::test]
async fn unknown_neighbour_faults() {
    for (name, path) in [
        ("unknown-user-403", "users/getByName/nobody"),
        ("unknown-queue-403", "queues/getByName/nowhere"),
        (
            "unknown-agent-403",
            &format!("queues/getByName/sales/agents/{UNKNOWN_ID}"),
        ),
        ("unknown-room-403", "conferences/getByName/nowhere"),
    ] {
        assert_eq!(
            get_both(name, &format!("{CORE}/{path}")).await,
            (404, 403),
            "{name}"
        );
    }
    let bad = fault("unknown-user-403");
    let list = format!("{CORE}/users/getByName/nobody/extensions");
    assert_eq!(bad.status(&list).await, 404, "only the user path itself");
    let bad = fault("unknown-room-403");
    let segments = format!("{CORE}/conferences/getByName/nowhere/callSegments");
    assert_eq!(
        bad.status(&segments).await,
        404,
        "only the room path itself"
    );

    let unknown = format!("{CORE}/conferences/getByName/94868/callSegments/{UNKNOWN_ID}");
    assert_eq!(
        get_both("room-unknown-segment-403", &unknown).await,
        (404, 403)
    );
    let bad = fault("room-unknown-segment-403");
    assert_eq!(
        bad.status(&format!("{CORE}/callSegments/{UNKNOWN_ID}"))
            .await,
        404
    );
}

#[tokio::test]
async fn queue_availability_faults() {
    let support = format!("{CORE}/queues/getByName/support");
    assert_eq!(
        get_both("disabled-queue-readable", &support).await,
        (403, 200)
    );
    let bad = fault("disabled-queue-readable");
    assert_eq!(bad.status(&format!("{support}/agents")).await, 403);

    let name = "disabled-queue-agents-listed";
    assert_eq!(
        get_both(name, &format!("{support}/agents")).await,
        (403, 200)
    );
    let agent = Api::clean().fact("disabled_queue", "agent_id");
    assert_eq!(
        get_both(name, &format!("{support}/agents/{agent}")).await,
        (403, 200)
    );
    assert_eq!(
        fault(name).status(&support).await,
        403,
        "the queue stays hidden"
    );

    let unlicensed = Api::clean().fact("enabled_queue", "unlicensed_agent_id");
    let sales = format!("{CORE}/queues/getByName/sales/agents");
    let name = "unlicensed-agent-listed";
    let (clean, bad) = both(name, |api| {
        let sales = sales.clone();
        async move { api.get(&sales).await.ids() }
    })
    .await;
    assert!(!clean.contains(&unlicensed) && bad.contains(&unlicensed));
    assert_eq!(
        get_both(name, &format!("{sales}/{unlicensed}")).await,
        (403, 200)
    );
}

#[tokio::test]
async fn room_segments_empty() {
    let path = format!("{CORE}/conferences/getByName/94868/callSegments");
    let (clean, bad) = both("room-segments-empty", |api| {
        let path = path.clone();
        async move { api.get(&path).await.ids().len() }
    })
    .await;
    assert!(clean >= 2);
    assert_eq!(bad, 0);
}

#[tokio::test]
async fn user_root_and_unknown_core_faults() {
    let alice = format!("{CORE}/users/getByName/alice/extensions");
    let name = "user-root-instance-missing";
    assert_eq!(
        get_both(name, &format!("{alice}/getByName/1006")).await,
        (200, 404)
    );
    let bad = fault(name);
    assert_eq!(bad.status(&alice).await, 200, "the list stays");
    assert_eq!(
        bad.post_empty(&format!("{alice}/getByName/1006/disableDnd"))
            .await
            .status,
        204
    );

    let nowhere = format!("{LIVE}/getByName/nowhere");
    let name = "user-extensions-unknown-core-empty";
    let list = format!("{nowhere}/users/getByName/alice/extensions");
    assert_eq!(get_both(name, &list).await, (404, 200));
    assert_eq!(
        fault(name).status(&format!("{nowhere}/extensions")).await,
        404
    );

    let agent = Api::clean().fact("disabled_queue", "agent_id");
    let path = format!("{nowhere}/queues/getByName/sales/agents/{agent}/extension");
    let name = "agent-path-unknown-core-403";
    assert_eq!(get_both(name, &path).await, (404, 403));
    assert_eq!(
        fault(name).status(&format!("{nowhere}/extensions")).await,
        404
    );
}

#[tokio::test]
async fn core_extensions_first_per_user() {
    let (clean, bad) = both("core-extensions-first-per-user", |api| async move {
        numbers(&api.get(&format!("{CORE}/extensions")).await)
    })
    .await;
    assert!(clean.contains(&"1006".to_owned()));
    assert!(!bad.contains(&"1006".to_owned()) && bad.contains(&"1001".to_owned()));
    let alice = fault("core-extensions-first-per-user")
        .get(&format!("{CORE}/users/getByName/alice/extensions"))
        .await;
    assert_eq!(numbers(&alice), ["1001", "1006"], "the user's list stays");
}

#[tokio::test]
async fn originate_answers_500() {
    let path = format!("{CORE}/extensions/getByName/1006/originate");
    let (clean, bad) = both("originate-answers-500", |api| {
        let path = path.clone();
        async move {
            let status = api
                .post(&path, r#"{"destinationNumber":"1007"}"#)
                .await
                .status;
            (status, api.segs("1006").await.len())
        }
    })
    .await;
    assert_eq!(clean, (204, 1));
    assert_eq!(bad, (500, 1), "the call is placed all the same");
    let dnd = format!("{CORE}/extensions/getByName/1006/enableDnd");
    assert_eq!(
        fault("originate-answers-500").post_empty(&dnd).await.status,
        204
    );
}

#[tokio::test]
async fn extension_list_unbound_crash() {
    let name = "extension-list-unbound-crash";
    assert_eq!(
        get_both(name, &format!("{CORE}/extensions")).await,
        (200, 500)
    );
    let alice = format!("{CORE}/users/getByName/alice/extensions");
    assert_eq!(fault(name).status(&alice).await, 200, "user lists stay");
}

#[tokio::test]
async fn unsupported_form_faults() {
    let clean = Api::clean();
    let id_of = |path: String| {
        let clean = &clean;
        async move {
            clean.get(&path).await.json()["id"]
                .as_str()
                .expect("id")
                .to_owned()
        }
    };
    let alice = id_of(format!("{CORE}/users/getByName/alice")).await;
    let ext = id_of(format!("{CORE}/extensions/getByName/1006")).await;
    let sales = id_of(format!("{CORE}/queues/getByName/sales")).await;
    let room = id_of(format!("{CORE}/conferences/getByName/94868")).await;
    for (name, unsupported, supported) in [
        (
            "user-extensions-by-id-unsupported",
            format!("{CORE}/users/{alice}/extensions"),
            format!("{CORE}/users/getByName/alice/extensions"),
        ),
        (
            "extension-get-by-id-unsupported",
            format!("{CORE}/extensions/{ext}"),
            format!("{CORE}/extensions/getByName/1006"),
        ),
        (
            "user-get-by-name-unsupported",
            format!("{CORE}/users/getByName/alice"),
            format!("{CORE}/users/{alice}"),
        ),
        (
            "queue-get-by-identifier-unsupported",
            format!("{CORE}/queues/getByName/sales"),
            format!("{CORE}/queues/{sales}"),
        ),
        (
            "room-get-by-identifier-unsupported",
            format!("{CORE}/conferences/getByName/94868"),
            format!("{CORE}/conferences/{room}"),
        ),
    ] {
        assert_eq!(get_both(name, &unsupported).await, (200, 404), "{name}");
        assert_eq!(fault(name).status(&supported).await, 200, "{name}");
    }
    let bad = fault("extension-get-by-id-unsupported");
    assert_eq!(
        bad.status(&format!("{CORE}/extensions/{ext}/agents")).await,
        200
    );
}

#[tokio::test]
async fn missing_neighbour_path_faults() {
    let agent = Api::clean()
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await
        .ids()[0]
        .clone();
    let agents = format!("{CORE}/queues/getByName/sales/agents");
    let name = "queue-agent-instance-missing";
    assert_eq!(
        get_both(name, &format!("{agents}/{agent}")).await,
        (200, 404)
    );
    assert_eq!(fault(name).status(&agents).await, 200);
    assert_eq!(
        fault(name)
            .status(&format!("{agents}/{agent}/extension"))
            .await,
        200
    );

    let room = format!("{CORE}/conferences/getByName/94868/callSegments");
    let name = "room-segments-list-missing";
    assert_eq!(get_both(name, &room).await, (200, 404));
    let seg = Api::clean().seg("1008").await;
    assert_eq!(fault(name).status(&format!("{room}/{seg}")).await, 200);
}

#[tokio::test]
async fn empty_sub_resource_faults() {
    let idle = format!("{CORE}/extensions/getByName/1006");
    let name = "agents-none-404";
    assert_eq!(get_both(name, &format!("{idle}/agents")).await, (200, 404));
    let busy = format!("{CORE}/extensions/getByName/1001");
    assert_eq!(fault(name).status(&format!("{busy}/agents")).await, 200);
    let name = "segments-none-404";
    assert_eq!(
        get_both(name, &format!("{idle}/callSegments")).await,
        (200, 404)
    );
    assert_eq!(
        fault(name).status(&format!("{busy}/callSegments")).await,
        200
    );
}

#[tokio::test]
async fn agent_extension_instance_missing() {
    let agent = Api::clean()
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await
        .ids()[0]
        .clone();
    let path = format!("{CORE}/queues/getByName/sales/agents/{agent}/extension");
    let name = "agent-extension-instance-missing";
    assert_eq!(get_both(name, &path).await, (200, 404));
    assert_eq!(fault(name).status(&format!("{path}/agents")).await, 200);
}

#[tokio::test]
async fn user_root_sub_resources_ignore_user() {
    let nobody = format!("{CORE}/users/getByName/nobody/extensions/getByName/1001");
    let alice = format!("{CORE}/users/getByName/alice/extensions/getByName/1001");
    for (name, child, other) in [
        ("user-root-agents-ignore-user", "agents", "callSegments"),
        ("user-root-segments-ignore-user", "callSegments", "agents"),
    ] {
        assert_eq!(
            get_both(name, &format!("{nobody}/{child}")).await,
            (404, 200),
            "{name}"
        );
        let bad = fault(name);
        assert_eq!(
            bad.status(&format!("{nobody}/{other}")).await,
            404,
            "{name}"
        );
        assert_eq!(bad.status(&nobody).await, 404, "{name}: the instance stays");
        assert_eq!(bad.status(&format!("{alice}/{child}")).await, 200, "{name}");
    }
}

#[tokio::test]
async fn agent_path_actions_ignore_queue() {
    let agent = Api::clean()
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await
        .ids()[0]
        .clone();
    let nowhere = format!("{CORE}/queues/getByName/nowhere/agents/{agent}/extension");
    let name = "agent-path-actions-ignore-queue";
    assert_eq!(
        post_both(name, &format!("{nowhere}/disableDnd")).await,
        (404, 204)
    );
    let bad = fault(name);
    assert_eq!(
        bad.status(&nowhere).await,
        404,
        "reads still need the queue"
    );
    let disabled = Api::clean().fact("disabled_queue", "agent_id");
    let through = format!("{CORE}/queues/getByName/sales/agents/{disabled}/extension/disableDnd");
    assert_eq!(
        bad.post_empty(&through).await.status,
        403,
        "the holding queue's own checks apply"
    );
}

#[tokio::test]
async fn extension_id_names_agent() {
    let agent = Api::clean()
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await
        .ids()[0]
        .clone();
    let path = format!("{CORE}/extensions/{agent}");
    let name = "extension-id-names-agent";
    assert_eq!(get_both(name, &path).await, (404, 200));
    let ext = fault(name).get(&path).await.json();
    assert_eq!(ext["extensionNumber"], "1001");
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

#[tokio::test]
async fn segment_id_renamed() {
    let (clean, bad) = both("segment-id-renamed", |api| async move {
        listed_segment(&api, "1001").await
    })
    .await;
    assert!(clean["id"].is_string() && clean.get("callSegmentId").is_none());
    assert!(bad.get("id").is_none());
    assert_eq!(bad["callSegmentId"], clean["id"]);
}

#[tokio::test]
async fn segment_type_ordinal() {
    let (clean, bad) = both("segment-type-ordinal", |api| async move {
        let external = listed_segment(&api, "18005550100").await;
        (
            listed_segment(&api, "1001").await["type"].clone(),
            external["type"].clone(),
        )
    })
    .await;
    assert_eq!(clean, (json!("INTERNAL"), json!("EXTERNAL")));
    assert_eq!(bad, (json!(0), json!(1)));
}

#[tokio::test]
async fn caller_id_name_null() {
    let (clean, bad) = both("caller-id-name-null", |api| async move {
        let external = listed_segment(&api, "18005550100").await;
        (listed_segment(&api, "1001").await, external)
    })
    .await;
    assert!(clean.1["callerId"]["name"].is_string());
    assert_eq!(bad.1["callerId"]["name"], Value::Null);
    assert_eq!(
        bad.0["callerId"], clean.0["callerId"],
        "internal names stay"
    );
}

#[tokio::test]
async fn did_omitted_when_null() {
    let (clean, bad) = both("did-omitted-when-null", |api| async move {
        let dialed = listed_segment(&api, "1004").await;
        (listed_segment(&api, "1003").await, dialed)
    })
    .await;
    assert_eq!(clean.1.get("did"), Some(&Value::Null));
    assert!(bad.1.get("did").is_none());
    assert_eq!(bad.0["did"], clean.0["did"], "a did that is there stays");
}

#[tokio::test]
async fn recording_as_number() {
    let (clean, bad) = both("recording-as-number", |api| async move {
        listed_segment(&api, "1001").await["recording"].clone()
    })
    .await;
    assert_eq!((clean, bad), (json!(false), json!(0)));
}

#[tokio::test]
async fn incoming_omitted_when_false() {
    let (clean, bad) = both("incoming-omitted-when-false", |api| async move {
        let dialed = listed_segment(&api, "1004").await;
        (listed_segment(&api, "1003").await, dialed)
    })
    .await;
    assert_eq!(clean.0.get("incoming"), Some(&json!(false)));
    assert!(bad.0.get("incoming").is_none());
    assert_eq!(bad.1["incoming"], true);
}

#[tokio::test]
async fn dialed_side_typed_external() {
    let (clean, bad) = both("dialed-side-typed-external", |api| async move {
        let mut types = Vec::new();
        for number in ["1001", "1002", "1004", "18005550100"] {
            types.push(listed_segment(&api, number).await["type"].clone());
        }
        types
    })
    .await;
    assert_eq!(
        clean,
        [
            json!("INTERNAL"),
            json!("INTERNAL"),
            json!("INTERNAL"),
            json!("EXTERNAL")
        ]
    );
    assert_eq!(
        bad,
        [
            json!("INTERNAL"),
            json!("EXTERNAL"),
            json!("EXTERNAL"),
            json!("EXTERNAL")
        ]
    );
}

#[tokio::test]
async fn incoming_while_ringing() {
    let (clean, bad) = both("incoming-while-ringing", |api| async move {
        let mut incoming = Vec::new();
        for number in ["1001", "1003", "1004"] {
            incoming.push(listed_segment(&api, number).await["incoming"].clone());
        }
        incoming
    })
    .await;
    assert_eq!(clean, [json!(false), json!(false), json!(true)]);
    assert_eq!(bad, [json!(false), json!(true), json!(true)]);
}

#[tokio::test]
async fn dialing_from_faults() {
    let clean = Api::clean();
    let (caller, callee) = (clean.seg("1003").await, clean.seg("1004").await);
    let from = |seg: &str| format!("{CORE}/callSegments/{seg}/dialingFromCallSegment");
    let id_of = |r: Resp| (r.status, (r.status == 200).then(|| r.json()["id"].clone()));
    assert_eq!(
        id_of(clean.get(&from(&callee)).await),
        (200, Some(json!(caller)))
    );
    assert_eq!(clean.status(&from(&caller)).await, 404);

    let bad = fault("dialing-from-returns-self");
    assert_eq!(
        id_of(bad.get(&from(&callee)).await),
        (200, Some(json!(callee)))
    );
    assert_eq!(bad.status(&from(&caller)).await, 404);

    let bad = fault("dialing-from-any-partner");
    assert_eq!(
        id_of(bad.get(&from(&caller)).await),
        (200, Some(json!(callee)))
    );
    assert_eq!(
        id_of(bad.get(&from(&callee)).await),
        (200, Some(json!(caller)))
    );
}

#[tokio::test]
async fn relations_skip_licence() {
    let hidden = Api::clean().fact("unlicensed_call", "segment_id");
    for (name, relation, status) in [
        ("linked-skips-licence", "linkedCallSegment", 200),
        ("dialing-to-skips-licence", "dialingToCallSegments", 200),
    ] {
        let path = format!("{CORE}/callSegments/{hidden}/{relation}");
        assert_eq!(get_both(name, &path).await, (403, status), "{name}");
        let bad = fault(name);
        assert_eq!(
            bad.status(&format!("{CORE}/callSegments/{hidden}")).await,
            403
        );
    }
}

#[tokio::test]
async fn extension_segments_skip_licence() {
    let name = "extension-segments-skip-licence";
    let list = format!("{CORE}/extensions/getByName/2001/callSegments");
    assert_eq!(get_both(name, &list).await, (403, 200));
    let bad = fault(name);
    assert_eq!(bad.get(&list).await.ids().len(), 1);
    assert_eq!(
        bad.status(&format!("{CORE}/extensions/getByName/2001"))
            .await,
        403,
        "the extension itself stays refused"
    );
}

#[tokio::test]
async fn restricted_parent_ignored() {
    let clean = Api::clean();
    let mixed = clean.linked(&clean.seg("1009").await).await;
    let name = "restricted-parent-ignored";
    let through = format!("{CORE}/extensions/getByName/2001/callSegments/{mixed}");
    assert_eq!(get_both(name, &through).await, (403, 200));
    let list = format!("{CORE}/extensions/getByName/2001/callSegments");
    assert_eq!(
        fault(name).status(&list).await,
        403,
        "the list stays refused"
    );
}

#[tokio::test]
async fn segment_by_extension_id() {
    let clean = Api::clean();
    let ext = clean.ext_id("1001").await;
    let seg = clean.seg("1001").await;
    let name = "segment-by-extension-id";
    let path = format!("{CORE}/callSegments/{ext}");
    assert_eq!(get_both(name, &path).await, (404, 200));
    assert_eq!(fault(name).get(&path).await.json()["id"], seg.as_str());
    let unknown = format!("{CORE}/callSegments/{UNKNOWN_ID}");
    assert_eq!(fault(name).status(&unknown).await, 404);
}

#[tokio::test]
async fn unknown_segment_statuses() {
    for (name, child, status) in [
        ("unknown-segment-403", "", 403),
        ("linked-unknown-500", "/linkedCallSegment", 500),
        ("dialing-to-unknown-empty", "/dialingToCallSegments", 200),
        ("dialing-from-unknown-403", "/dialingFromCallSegment", 403),
    ] {
        let path = format!("{CORE}/callSegments/{UNKNOWN_ID}{child}");
        assert_eq!(get_both(name, &path).await, (404, status), "{name}");
        let bad = fault(name);
        let seg = Api::clean().seg("1001").await;
        let real = format!("{CORE}/callSegments/{seg}");
        assert_eq!(bad.status(&real).await, 200, "{name}: real segments stay");
        let unknown_core = format!("{LIVE}/getByName/nowhere/callSegments/{UNKNOWN_ID}{child}");
        assert_eq!(
            bad.status(&unknown_core).await,
            404,
            "{name}: ancestors first"
        );
    }
    let bad = fault("dialing-to-unknown-empty");
    let path = format!("{CORE}/callSegments/{UNKNOWN_ID}/dialingToCallSegments");
    assert_eq!(bad.get(&path).await.json(), json!([]));
}

#[tokio::test]
async fn bound_segment_forbidden() {
    let clean = Api::clean();
    let external = clean.linked(&clean.seg("1005").await).await;
    let name = "bound-segment-forbidden";
    let path = format!("{CORE}/callSegments/{external}");
    assert_eq!(get_both(name, &path).await, (200, 403));
    let bad = fault(name);
    assert!(
        bad.core_segment_ids().await.contains(&external),
        "still listed"
    );
    let own = bad.seg("1005").await;
    assert_eq!(bad.status(&format!("{CORE}/callSegments/{own}")).await, 200);
}

#[tokio::test]
async fn ringing_segments_unlisted() {
    let clean = Api::clean();
    let (caller, linked) = (clean.seg("1003").await, clean.seg("1001").await);
    let bad = fault("ringing-segments-unlisted");
    let (clean_ids, bad_ids) = (clean.core_segment_ids().await, bad.core_segment_ids().await);
    assert!(clean_ids.contains(&caller) && !bad_ids.contains(&caller));
    assert!(bad_ids.contains(&linked));
    assert_eq!(
        bad.segs("1003").await,
        [caller],
        "the extension's list keeps it"
    );
}

/// POST a JSON body on a clean and on a faulty server.
async fn post_json_both(name: &str, path: &str, body: &str) -> (u16, u16) {
    both(name, |api| async move { api.post(path, body).await.status }).await
}

#[tokio::test]
async fn transfer_faults() {
    let clean = Api::clean();
    let seg = clean.seg("1005").await;
    let core_root = format!("{CORE}/callSegments/{seg}/transfer");
    let blind = r#"{"destinationNumber":"18005555555","attended":false}"#;

    let name = "transfer-destination-500";
    let no_destination = r#"{"attended":false}"#;
    assert_eq!(
        post_json_both(name, &core_root, no_destination).await,
        (422, 500)
    );
    let no_attended = r#"{"destinationNumber":"18005555555"}"#;
    assert_eq!(fault(name).post(&core_root, no_attended).await.status, 422);

    let hidden = clean.fact("unlicensed_call", "segment_id");
    let name = "transfer-skips-licence";
    let path = format!("{CORE}/callSegments/{hidden}/transfer");
    assert_eq!(post_json_both(name, &path, blind).await, (403, 204));
    let read = format!("{CORE}/callSegments/{hidden}");
    assert_eq!(fault(name).status(&read).await, 403, "reads stay refused");

    let name = "transfer-ignores-extension-root";
    let nowhere = format!("{CORE}/extensions/{UNKNOWN_ID}/callSegments/{seg}/transfer");
    assert_eq!(post_json_both(name, &nowhere, blind).await, (404, 204));
    let mute = format!("{CORE}/extensions/{UNKNOWN_ID}/callSegments/{seg}/mute");
    assert_eq!(fault(name).post_empty(&mute).await.status, 404);

    let name = "blind-transfer-fails";
    assert_eq!(post_json_both(name, &core_root, blind).await, (204, 500));
    let attended = r#"{"destinationNumber":"18005555555","attended":true}"#;
    assert_eq!(fault(name).post(&core_root, attended).await.status, 204);
}

async fn room_ids(api: &Api) -> Vec<String> {
    api.get(&format!("{CORE}/conferences/getByName/94868/callSegments"))
        .await
        .ids()
}

#[tokio::test]
async fn kick_faults() {
    let kicked = Api::clean().seg("1010").await;
    let kick = format!("{CORE}/callSegments/{kicked}/kick");
    let (clean, bad) = both("kick-no-op", |api| {
        let kick = kick.clone();
        async move {
            assert_eq!(api.post_empty(&kick).await.status, 204);
            room_ids(&api).await
        }
    })
    .await;
    assert!(!clean.contains(&kicked) && bad.contains(&kicked));

    assert_eq!(post_both("kick-forbidden", &kick).await, (204, 403));
    let mute = format!("{CORE}/callSegments/{kicked}/mute");
    assert_eq!(fault("kick-forbidden").post_empty(&mute).await.status, 204);
}

#[tokio::test]
async fn conference_actions_outside_a_room() {
    let caller = Api::clean().seg("1003").await;
    for (name, action) in [
        ("mute-outside-room-accepted", "mute"),
        ("unmute-outside-room-accepted", "unmute"),
        ("kick-outside-room-accepted", "kick"),
    ] {
        let path = format!("{CORE}/callSegments/{caller}/{action}");
        assert_eq!(post_both(name, &path).await, (500, 204), "{name}");
        let bad = fault(name);
        for other in ["mute", "unmute", "kick"]
            .into_iter()
            .filter(|a| *a != action)
        {
            let path = format!("{CORE}/callSegments/{caller}/{other}");
            assert_eq!(bad.post_empty(&path).await.status, 500, "{name}: {other}");
        }
        assert_eq!(
            bad.segs("1003").await,
            std::slice::from_ref(&caller),
            "{name}: the call stays up"
        );
    }
}

#[tokio::test]
async fn mute_and_unmute_faults() {
    let seg = Api::clean().seg("1008").await;
    let below_ext = format!("{CORE}/extensions/getByName/1008/callSegments/{seg}");
    let name = "mute-extension-root-unrouted";
    assert_eq!(
        post_both(name, &format!("{below_ext}/mute")).await,
        (204, 404)
    );
    let bad = fault(name);
    assert_eq!(
        bad.post_empty(&format!("{below_ext}/unmute")).await.status,
        204
    );
    let core_root = format!("{CORE}/callSegments/{seg}");
    assert_eq!(
        bad.post_empty(&format!("{core_root}/mute")).await.status,
        204
    );

    let name = "unmute-fails";
    assert_eq!(
        post_both(name, &format!("{core_root}/unmute")).await,
        (204, 500)
    );
    assert_eq!(
        fault(name)
            .post_empty(&format!("{core_root}/mute"))
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn actions_see_other() {
    let name = "actions-see-other";
    let ext = format!("{CORE}/extensions/getByName/1006");
    assert_eq!(
        post_both(name, &format!("{ext}/enableDnd")).await,
        (204, 303)
    );
    let bad = fault(name);
    let r = bad.post_empty(&format!("{ext}/disableDnd")).await;
    assert_eq!(r.headers["location"], ext.as_str());
    assert_eq!(
        bad.post(&format!("{ext}/originate"), "{}").await.status,
        422,
        "errors stay"
    );
}

#[tokio::test]
async fn dialing_to_404_when_idle() {
    let clean = Api::clean();
    let (caller, callee) = (clean.seg("1003").await, clean.seg("1004").await);
    let to = |seg: &str| format!("{CORE}/callSegments/{seg}/dialingToCallSegments");
    let name = "dialing-to-404-when-idle";
    assert_eq!(get_both(name, &to(&callee)).await, (200, 404));
    assert_eq!(clean.get(&to(&callee)).await.json(), json!([]));
    assert_eq!(fault(name).get(&to(&caller)).await.ids(), [callee]);
}

#[tokio::test]
async fn empty_lists_204() {
    let name = "empty-lists-204";
    let empty = format!("{CORE}/extensions/getByName/1006/agents");
    let (clean, bad) = both(name, |api| {
        let empty = empty.clone();
        async move {
            let r = api.get(&empty).await;
            (r.status, r.body.len())
        }
    })
    .await;
    assert_eq!((clean, bad), ((200, 2), (204, 0)));
    let full = format!("{CORE}/extensions/getByName/1001/agents");
    assert_eq!(fault(name).status(&full).await, 200);
}

#[tokio::test]
async fn segment_json_trailing_comma() {
    let name = "segment-json-trailing-comma";
    let seg = Api::clean().seg("1001").await;
    let bad = fault(name);
    let one = bad.get(&format!("{CORE}/callSegments/{seg}")).await;
    assert_eq!(one.status, 200);
    assert!(one.text().ends_with(",}"), "{}", one.text());
    assert!(serde_json::from_slice::<Value>(&one.body).is_err());
    let list = bad.get(&format!("{CORE}/callSegments")).await;
    assert!(list.text().contains(",},{") && list.text().ends_with(",}]"));
    let ext = bad.get(&format!("{CORE}/extensions/getByName/1001")).await;
    assert_eq!(
        ext.json()["extensionNumber"],
        "1001",
        "other objects stay JSON"
    );
    let clean = Api::clean()
        .get(&format!("{CORE}/callSegments/{seg}"))
        .await;
    assert_eq!(clean.json()["id"], seg.as_str());
}

#[tokio::test]
async fn segment_instance_routes() {
    let seg = Api::clean().seg("1001").await;
    let core_root = format!("{CORE}/callSegments/{seg}");
    let ext_root = format!("{CORE}/extensions/getByName/1001/callSegments/{seg}");

    let name = "core-root-segment-unrouted";
    assert_eq!(get_both(name, &core_root).await, (200, 404));
    let bad = fault(name);
    assert_eq!(bad.status(&ext_root).await, 200);
    assert_eq!(
        bad.status(&format!("{core_root}/linkedCallSegment")).await,
        200
    );

    let name = "extension-root-segment-unrouted";
    assert_eq!(get_both(name, &ext_root).await, (200, 404));
    let bad = fault(name);
    assert_eq!(bad.status(&core_root).await, 200);
    let list = format!("{CORE}/extensions/getByName/1001/callSegments");
    assert_eq!(bad.status(&list).await, 200);
}

#[tokio::test]
async fn segment_list_routes() {
    let name = "core-segment-list-by-slug-unrouted";
    assert_eq!(
        get_both(name, &format!("{CORE}/callSegments")).await,
        (200, 404)
    );
    let core_id = Api::clean()
        .get(&format!("{LIVE}/getByName/default"))
        .await
        .json()["id"]
        .as_str()
        .expect("core id")
        .to_owned();
    let bad = fault(name);
    assert_eq!(
        bad.status(&format!("{LIVE}/{core_id}/callSegments")).await,
        200
    );
    assert_eq!(bad.segs("1001").await.len(), 1, "extension lists stay");

    let name = "extension-segments-by-number-unrouted";
    let by_number = format!("{CORE}/extensions/getByName/1001/callSegments");
    assert_eq!(get_both(name, &by_number).await, (200, 404));
    let id = Api::clean().ext_id("1001").await;
    let by_id = format!("{CORE}/extensions/{id}/callSegments");
    assert_eq!(fault(name).get(&by_id).await.ids().len(), 1);
}

#[tokio::test]
async fn linked_as_list() {
    let clean = Api::clean();
    let (a, b) = (clean.seg("1001").await, clean.seg("1002").await);
    let (clean, bad) = both("linked-as-list", |api| {
        let a = a.clone();
        async move {
            api.get(&format!("{CORE}/callSegments/{a}/linkedCallSegment"))
                .await
                .json()
        }
    })
    .await;
    assert_eq!(clean["id"], b.as_str());
    assert_eq!(bad, json!([clean]));
}

#[tokio::test]
async fn room_participant_typed_external() {
    let (clean, bad) = both("room-participant-typed-external", |api| async move {
        let mut types = Vec::new();
        for number in ["1008", "1001"] {
            types.push(listed_segment(&api, number).await["type"].clone());
        }
        types
    })
    .await;
    assert_eq!(clean, [json!("INTERNAL"), json!("INTERNAL")]);
    assert_eq!(bad, [json!("EXTERNAL"), json!("INTERNAL")]);
}

#[tokio::test]
async fn dialing_from_unlicensed_500() {
    let hidden = Api::clean().fact("unlicensed_call", "segment_id");
    let name = "dialing-from-unlicensed-500";
    let path = format!("{CORE}/callSegments/{hidden}/dialingFromCallSegment");
    assert_eq!(get_both(name, &path).await, (403, 500));
    let linked = format!("{CORE}/callSegments/{hidden}/linkedCallSegment");
    assert_eq!(fault(name).status(&linked).await, 403);
    let callee = Api::clean().seg("1004").await;
    let from = format!("{CORE}/callSegments/{callee}/dialingFromCallSegment");
    assert_eq!(fault(name).status(&from).await, 200);
}

#[tokio::test(start_paused = true)]
async fn originated_calls_unlisted() {
    let (clean, bad) = both("originated-calls-unlisted", |api| async move {
        let originate = format!("{CORE}/extensions/getByName/1006/originate");
        let r = api
            .post(&originate, r#"{"destinationNumber":"1007"}"#)
            .await;
        assert_eq!(r.status, 204);
        let new = api.seg("1006").await;
        let listed = api.core_segment_ids().await;
        (
            listed.contains(&new),
            listed.contains(&api.seg("1001").await),
        )
    })
    .await;
    assert_eq!(clean, (true, true));
    assert_eq!(bad, (false, true), "standing calls stay listed");
}

#[tokio::test]
async fn transfer_unknown_number_ignored() {
    let seg = Api::clean().seg("1005").await;
    let blind = r#"{"destinationNumber":"18005555555","attended":false}"#;
    let name = "transfer-unknown-number-ignored";
    let by_number = format!("{CORE}/extensions/getByName/999999999/callSegments/{seg}/transfer");
    assert_eq!(post_json_both(name, &by_number, blind).await, (404, 204));
    let by_id = format!("{CORE}/extensions/{UNKNOWN_ID}/callSegments/{seg}/transfer");
    assert_eq!(fault(name).post(&by_id, blind).await.status, 404);
}

#[tokio::test]
async fn conference_actions_ignore_extension() {
    let seg = Api::clean().seg("1008").await;
    let name = "conference-actions-ignore-extension";
    for root in [
        format!("{CORE}/extensions/{UNKNOWN_ID}"),
        format!("{CORE}/extensions/getByName/999999999"),
    ] {
        let unmute = format!("{root}/callSegments/{seg}/unmute");
        assert_eq!(post_both(name, &unmute).await, (404, 204), "{root}");
    }
    let bad = fault(name);
    let read = format!("{CORE}/extensions/{UNKNOWN_ID}/callSegments/{seg}");
    assert_eq!(
        bad.status(&read).await,
        404,
        "reads still need the extension"
    );
    let transfer = format!("{CORE}/extensions/{UNKNOWN_ID}/callSegments/{seg}/transfer");
    let blind = r#"{"destinationNumber":"18005555555","attended":false}"#;
    assert_eq!(bad.post(&transfer, blind).await.status, 404);
}

#[tokio::test]
async fn unlicensed_extension_typed_external() {
    let (clean, bad) = both("unlicensed-extension-typed-external", |api| async move {
        let mut types = Vec::new();
        for number in ["2001", "1009"] {
            types.push(listed_segment(&api, number).await["type"].clone());
        }
        types
    })
    .await;
    assert_eq!(clean, [json!("INTERNAL"), json!("INTERNAL")]);
    assert_eq!(bad, [json!("EXTERNAL"), json!("INTERNAL")]);
}

#[tokio::test]
async fn unmute_unmuted_refused() {
    let seg = Api::clean().seg("1008").await;
    let path = |action: &str| format!("{CORE}/callSegments/{seg}/{action}");
    let name = "unmute-unmuted-refused";
    assert_eq!(post_both(name, &path("unmute")).await, (204, 409));
    let bad = fault(name);
    assert_eq!(bad.post_empty(&path("mute")).await.status, 204);
    assert_eq!(
        bad.post_empty(&path("unmute")).await.status,
        204,
        "a muted one unmutes"
    );
}

#[tokio::test]
async fn mute_muted_refused() {
    let seg = Api::clean().seg("1008").await;
    let path = |action: &str| format!("{CORE}/callSegments/{seg}/{action}");
    let name = "mute-muted-refused";
    let (clean, bad) = both(name, |api| {
        let (mute, unmute) = (path("mute"), path("unmute"));
        async move {
            let first = api.post_empty(&mute).await.status;
            let second = api.post_empty(&mute).await.status;
            let restore = api.post_empty(&unmute).await.status;
            (first, second, restore)
        }
    })
    .await;
    assert_eq!(clean, (204, 204, 204));
    assert_eq!(bad, (204, 409, 204));
}

#[tokio::test]
async fn roomless_core_segment_list_500() {
    let name = "roomless-core-segment-list-500";
    assert_eq!(
        get_both(name, &format!("{BRANCH}/callSegments")).await,
        (200, 500)
    );
    let bad = fault(name);
    assert_eq!(bad.status(&format!("{CORE}/callSegments")).await, 200);
    let own = format!("{BRANCH}/extensions/getByName/3001/callSegments");
    assert_eq!(bad.get(&own).await.ids().len(), 1);
}
