use std::time::Duration;

use isym_reference::Config;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn list_holds_exactly_the_licensed_extensions() {
    let api = Api::clean();
    let r = api.get(&format!("{CORE}/extensions")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type(), Some("application/json"));
    let expected: Vec<String> = (1001..=1010).map(|n| n.to_string()).collect();
    assert_eq!(numbers(&r), expected);
    assert_eq!(
        numbers(&api.get(&format!("{BRANCH}/extensions")).await),
        ["3001"]
    );
}

#[tokio::test]
async fn instance_by_id_by_number_and_mixed() {
    let api = Api::clean();
    let by_number = api
        .get(&format!("{CORE}/extensions/getByName/1001"))
        .await
        .json();
    for field in [
        "id",
        "extensionNumber",
        "displayName",
        "configurationId",
        "permissionId",
    ] {
        assert!(by_number[field].is_string(), "{field}");
    }
    let id = by_number["id"].as_str().unwrap();
    let core_id = api.get(CORE).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in [
        format!("{LIVE}/{core_id}/extensions/{id}"),
        format!("{LIVE}/{core_id}/extensions/getByName/1001"),
        format!("{CORE}/extensions/{id}"),
    ] {
        assert_eq!(api.get(&path).await.json(), by_number, "{path}");
    }
}

#[tokio::test]
async fn restricted_and_unknown_extensions() {
    let api = Api::clean();
    let unlicensed = api.fact("unlicensed_extension", "id");
    let unbound = api.fact("unbound_extension", "id");
    for path in [
        "extensions/getByName/2001".to_owned(),
        format!("extensions/{unlicensed}"),
        "extensions/getByName/2002".to_owned(),
        format!("extensions/{unbound}"),
        "extensions/getByName/2001/agents".to_owned(),
        "extensions/getByName/2001/callSegments".to_owned(),
    ] {
        assert_eq!(api.status(&format!("{CORE}/{path}")).await, 403, "{path}");
    }
    for path in [
        "extensions/getByName/999999999".to_owned(),
        format!("extensions/{UNKNOWN_ID}"),
        "extensions/getByName/3001".to_owned(),
        format!("extensions/{UNKNOWN_ID}/callSegments"),
    ] {
        assert_eq!(api.status(&format!("{CORE}/{path}")).await, 404, "{path}");
    }
    assert_eq!(
        api.status(&format!("{LIVE}/{UNKNOWN_ID}/extensions/getByName/1001"))
            .await,
        404
    );
}

#[tokio::test]
async fn user_extensions_under_both_spellings() {
    let api = Api::clean();
    for users in ["user", "users"] {
        let r = api
            .get(&format!("{CORE}/{users}/getByName/alice/extensions"))
            .await;
        assert_eq!(numbers(&r), ["1001", "1006"], "{users}");
        let id = api.ext_id("1006").await;
        let one = api
            .get(&format!("{CORE}/{users}/getByName/alice/extensions/{id}"))
            .await;
        assert_eq!(one.json()["extensionNumber"], "1006");
        assert_eq!(
            api.status(&format!(
                "{CORE}/{users}/getByName/alice/extensions/getByName/1002"
            ))
            .await,
            404
        );
        assert_eq!(
            api.status(&format!(
                "{CORE}/{users}/getByName/guest/extensions/getByName/2001"
            ))
            .await,
            403
        );
        assert_eq!(
            api.status(&format!("{CORE}/{users}/getByName/nobody/extensions"))
                .await,
            404
        );
    }
    assert_eq!(
        api.get(&format!("{CORE}/users/getByName/guest/extensions"))
            .await
            .json(),
        json!([])
    );
}

#[tokio::test]
async fn agent_extension_under_both_spellings() {
    let api = Api::clean();
    let agent = api
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await;
    assert_eq!(agent.status, 200);
    let agent = agent.ids();
    assert_eq!(agent.len(), 1, "only the enabled queue's agent");
    let agent = &agent[0];
    for spelling in ["agent", "agents"] {
        let r = api
            .get(&format!(
                "{CORE}/queues/getByName/sales/{spelling}/{agent}/extension"
            ))
            .await;
        assert_eq!(r.json()["extensionNumber"], "1001");
        let unlicensed = api.fact("enabled_queue", "unlicensed_agent_id");
        let path = format!("{CORE}/queues/getByName/sales/{spelling}/{unlicensed}/extension");
        assert_eq!(api.status(&path).await, 403);
        let disabled = api.fact("disabled_queue", "agent_id");
        let path = format!("{CORE}/queues/getByName/support/{spelling}/{disabled}/extension");
        assert_eq!(api.status(&path).await, 403);
        let path = format!("{CORE}/queues/getByName/sales/{spelling}/{UNKNOWN_ID}/extension");
        assert_eq!(api.status(&path).await, 404);
        let path = format!("{CORE}/queues/getByName/nope/{spelling}/{agent}/extension");
        assert_eq!(api.status(&path).await, 404);
    }
}

#[tokio::test]
async fn extension_call_segments_are_its_own() {
    let api = Api::clean();
    let segs = api.segs("1001").await;
    assert_eq!(segs.len(), 1);
    let seg = api.segment(&segs[0]).await;
    assert_eq!(seg["callerId"]["number"], "1001");
    let other = api.seg("1002").await;
    let path = format!("{CORE}/extensions/getByName/1001/callSegments/{other}");
    assert_eq!(api.status(&path).await, 404);
    let path = format!("{CORE}/extensions/getByName/1001/callSegments/{}", segs[0]);
    assert_eq!(api.status(&path).await, 200);
    assert_eq!(api.segs("1006").await, Vec::<String>::new());
}

#[tokio::test(start_paused = true)]
async fn originate_rings_then_links() {
    let api = Api::clean();
    let r = api
        .post(
            &format!("{CORE}/extensions/getByName/1006/originate"),
            r#"{"destinationNumber":"1007"}"#,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let caller = api.seg("1006").await;
    let callee = api.seg("1007").await;
    let dialing = api
        .get(&format!(
            "{CORE}/callSegments/{caller}/dialingToCallSegments"
        ))
        .await;
    assert_eq!(dialing.ids(), std::slice::from_ref(&callee));
    let callee_json = api.segment(&callee).await;
    assert_eq!(callee_json["incoming"], true);
    assert_eq!(callee_json["did"], serde_json::Value::Null);
    assert_eq!(api.segment(&caller).await["incoming"], false);
    let ringing = format!("{CORE}/callSegments/{caller}/linkedCallSegment");
    assert_eq!(api.status(&ringing).await, 404);

    tokio::time::sleep(Config::default().answer_delay + Duration::from_millis(1)).await;
    assert_eq!(api.linked(&caller).await, callee);
    assert_eq!(api.linked(&callee).await, caller);
    let path = format!("{CORE}/callSegments/{callee}/dialingFromCallSegment");
    assert_eq!(api.status(&path).await, 404);
}

#[tokio::test(start_paused = true)]
async fn originate_to_an_outside_number_dials_an_external_segment() {
    let api = Api::clean();
    let r = api
        .post(
            &format!("{CORE}/extensions/getByName/1006/originate"),
            r#"{"destinationNumber":"18005555555"}"#,
        )
        .await;
    assert_eq!(r.status, 204);
    let caller = api.seg("1006").await;
    let dialing = api
        .get(&format!(
            "{CORE}/callSegments/{caller}/dialingToCallSegments"
        ))
        .await;
    let external = &dialing.json()[0];
    assert_eq!(external["type"], "EXTERNAL");
    assert_eq!(external["callerId"]["number"], "18005555555");
    tokio::time::sleep(Config::default().answer_delay + Duration::from_millis(1)).await;
    assert_eq!(api.linked(&caller).await, external["id"].as_str().unwrap());
}

#[tokio::test]
async fn originate_errors() {
    let api = Api::clean();
    let path = format!("{CORE}/extensions/getByName/1006/originate");
    assert_eq!(api.post(&path, "{}").await.status, 422);
    assert_eq!(
        api.post(&path, r#"{"destinationNumber":""}"#).await.status,
        422
    );
    assert_eq!(api.post_empty(&path).await.status, 422);
    assert_eq!(api.post(&path, "not json").await.status, 412);
    assert_eq!(api.get(&path).await.status, 405);
    let body = r#"{"destinationNumber":"1007"}"#;
    let unlicensed = format!("{CORE}/extensions/getByName/2001/originate");
    assert_eq!(api.post(&unlicensed, body).await.status, 403);
    let unknown = format!("{CORE}/extensions/getByName/999999999/originate");
    assert_eq!(api.post(&unknown, body).await.status, 404);
    assert_eq!(
        api.segs("1006").await,
        Vec::<String>::new(),
        "no call placed"
    );
}

#[tokio::test]
async fn dnd_toggles() {
    let api = Api::clean();
    for action in ["enableDnd", "disableDnd"] {
        let path = format!("{CORE}/extensions/getByName/1006/{action}");
        assert_eq!(api.post_empty(&path).await.status, 204);
        assert_eq!(api.get(&path).await.status, 405);
        let path = format!("{CORE}/extensions/getByName/2002/{action}");
        assert_eq!(api.post_empty(&path).await.status, 403);
        let path = format!("{LIVE}/getByName/nowhere/extensions/getByName/1006/{action}");
        assert_eq!(api.post_empty(&path).await.status, 404);
    }
    let path = format!("{CORE}/extensions/getByName/1006");
    assert_eq!(api.post_empty(&path).await.status, 405);
}

/// The sub-resources and actions hang off each instance path: the core root, the user root and
/// the agent's extension path, with the ancestors' and the licence's errors on each.
#[tokio::test]
async fn children_hang_off_every_instance_path() {
    let api = Api::clean();
    let agent = api
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await
        .ids()[0]
        .clone();
    let unlicensed_agent = api.fact("enabled_queue", "unlicensed_agent_id");
    let disabled_agent = api.fact("disabled_queue", "agent_id");
    let guest = api.fact("unlicensed_user", "id");
    let cases = [
        (
            format!("{CORE}/users/getByName/alice/extensions/getByName/1001"),
            204,
            200,
        ),
        (
            format!("{CORE}/user/getByName/alice/extensions/getByName/1001"),
            204,
            200,
        ),
        (
            format!("{CORE}/queues/getByName/sales/agents/{agent}/extension"),
            204,
            200,
        ),
        (
            format!("{CORE}/queues/getByName/sales/agent/{agent}/extension"),
            204,
            200,
        ),
        (
            format!("{CORE}/users/{guest}/extensions/getByName/2001"),
            403,
            403,
        ),
        (
            format!("{CORE}/queues/getByName/sales/agents/{unlicensed_agent}/extension"),
            403,
            403,
        ),
        (
            format!("{CORE}/queues/getByName/support/agents/{disabled_agent}/extension"),
            403,
            403,
        ),
        (
            format!("{CORE}/users/getByName/nobody/extensions/getByName/1001"),
            404,
            404,
        ),
        (
            format!("{CORE}/queues/getByName/sales/agents/{UNKNOWN_ID}/extension"),
            404,
            404,
        ),
        (
            format!("{CORE}/queues/getByName/nope/agents/{agent}/extension"),
            404,
            404,
        ),
    ];
    for (instance, action, read) in &cases {
        for child in ["agents", "callSegments"] {
            let status = api.status(&format!("{instance}/{child}")).await;
            assert_eq!(status, *read, "GET {instance}/{child}");
        }
        for action_name in ["disableDnd", "enableDnd", "disableDnd"] {
            let status = api
                .post_empty(&format!("{instance}/{action_name}"))
                .await
                .status;
            assert_eq!(status, *action, "POST {instance}/{action_name}");
        }
        let originate = format!("{instance}/originate");
        let expected = if *action == 204 { 422 } else { *action };
        assert_eq!(
            api.post(&originate, "{}").await.status,
            expected,
            "POST {originate}"
        );
    }
    let below_agent = format!("{CORE}/queues/getByName/sales/agents/{agent}/extension");
    let agents = api.get(&format!("{below_agent}/agents")).await.ids();
    assert_eq!(agents, [agent]);
    let segments = api.get(&format!("{below_agent}/callSegments")).await.ids();
    assert_eq!(segments, api.segs("1001").await);
}

/// Kick, mute and unmute below a room that does not exist: 404 before anything happens.
#[tokio::test]
async fn conference_actions_below_an_unknown_room() {
    let api = Api::clean();
    let seg = api.seg("1008").await;
    for action in ["unmute", "mute", "kick", "kicks"] {
        let path = format!("{CORE}/conferences/getByName/nowhere/callSegments/{seg}/{action}");
        assert_eq!(api.post_empty(&path).await.status, 404, "{action}");
    }
    let room = api
        .get(&format!("{CORE}/conferences/getByName/94868/callSegments"))
        .await
        .ids();
    assert!(room.contains(&seg), "still in the room");
}

#[tokio::test]
async fn scale_adds_licensed_extensions_and_calls() {
    let api = Api::new(isym_reference::Config {
        scale: 10,
        ..Default::default()
    });
    let listed = numbers(&api.get(&format!("{CORE}/extensions")).await);
    assert_eq!(listed.len(), 10 + 10);
    assert!(listed.contains(&"10009".to_owned()));
    assert_eq!(api.core_segment_ids().await.len(), 10 + 2 * 2);
    let a = api.seg("10000").await;
    assert_eq!(api.linked(&a).await, api.seg("10001").await);
}
