use std::time::Duration;

use isym_reference::Config;
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn core_list_applies_the_licensing_rule() {
    let api = Api::clean();
    let listed = api.core_segment_ids().await;
    let unlicensed_only = api.fact("unlicensed_call", "segment_id");
    assert!(!listed.contains(&unlicensed_only));
    // 1001+1002, 1003+1004, 1005+external, 1009+2001, 1008 and 1010 (their room's external
    // participant is excluded).
    assert_eq!(listed.len(), 10);
    let mixed = api.linked(&api.seg("1009").await).await;
    assert!(listed.contains(&mixed), "related to a licensed extension");
    assert_eq!(api.segment(&mixed).await["callerId"]["number"], "2001");
    let r = api.get(&format!("{BRANCH}/callSegments")).await;
    assert_eq!(r.pluck("type"), ["INTERNAL", "EXTERNAL"]);
}

#[tokio::test]
async fn segment_json_has_the_documented_shape() {
    let api = Api::clean();
    let seg = api.segment(&api.seg("1001").await).await;
    assert!(seg["id"].is_string());
    assert_eq!(seg["type"], "INTERNAL");
    for field in ["id", "name", "number"] {
        assert!(seg["callerId"][field].is_string(), "callerId.{field}");
    }
    assert_eq!(seg["did"], "s");
    for field in ["onHold", "recording", "incoming"] {
        assert!(seg[field].is_boolean(), "{field}");
    }
    assert_eq!(seg["incoming"], false);
    let callee = api.segment(&api.seg("1002").await).await;
    assert_eq!(callee["incoming"], true);
    assert_eq!(callee["did"], Value::Null);
}

#[tokio::test]
async fn restricted_and_unknown_segments() {
    let api = Api::clean();
    let hidden = api.fact("unlicensed_call", "segment_id");
    for path in [
        format!("{CORE}/callSegments/{hidden}"),
        format!("{CORE}/callSegments/{hidden}/linkedCallSegment"),
        format!("{CORE}/callSegments/{hidden}/dialingToCallSegments"),
    ] {
        assert_eq!(api.status(&path).await, 403, "{path}");
    }
    let body = r#"{"destinationNumber":"1007","attended":false}"#;
    let r = api
        .post(&format!("{CORE}/callSegments/{hidden}/transfer"), body)
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        api.status(&format!("{CORE}/callSegments/{UNKNOWN_ID}"))
            .await,
        404
    );
    assert_eq!(
        api.status(&format!("{BRANCH}/callSegments/{}", api.seg("1001").await))
            .await,
        404
    );
    // The mixed call's unlicensed side: fine under the core, restricted under its extension.
    let mixed = api.linked(&api.seg("1009").await).await;
    assert_eq!(
        api.status(&format!("{CORE}/callSegments/{mixed}")).await,
        200
    );
    let path = format!("{CORE}/extensions/getByName/2001/callSegments/{mixed}");
    assert_eq!(api.status(&path).await, 403);
    let path = format!("{CORE}/extensions/getByName/2001/callSegments/{UNKNOWN_ID}");
    assert_eq!(api.status(&path).await, 403, "restricted ancestor wins");
}

#[tokio::test]
async fn linked_is_mutual_and_404_when_absent() {
    let api = Api::clean();
    let (a, b) = (api.seg("1001").await, api.seg("1002").await);
    assert_eq!(api.linked(&a).await, b);
    assert_eq!(api.linked(&b).await, a);
    let ext = api.seg("1005").await;
    let external = api.segment(&api.linked(&ext).await).await;
    assert_eq!(external["type"], "EXTERNAL");
    assert_eq!(external["callerId"]["number"], "18005550100");
    assert_eq!(external["did"], "s");
    let caller = api.seg("1003").await;
    let path = format!("{CORE}/callSegments/{caller}/linkedCallSegment");
    assert_eq!(api.status(&path).await, 404);
}

#[tokio::test]
async fn dialing_relations_both_ways() {
    let api = Api::clean();
    let (caller, callee) = (api.seg("1003").await, api.seg("1004").await);
    let r = api
        .get(&format!(
            "{CORE}/callSegments/{caller}/dialingToCallSegments"
        ))
        .await;
    assert_eq!(r.ids(), std::slice::from_ref(&callee));
    let r = api
        .get(&format!(
            "{CORE}/callSegments/{callee}/dialingFromCallSegment"
        ))
        .await;
    assert_eq!(r.json()["id"], caller.as_str());
    let nested = format!("{CORE}/callSegments/{caller}/dialingToCallSegments/{callee}");
    assert_eq!(api.get(&nested).await.json()["id"], callee.as_str());
    let back = api.get(&format!("{nested}/dialingFromCallSegment")).await;
    assert_eq!(back.json()["id"], caller.as_str());
    let wrong = format!("{CORE}/callSegments/{caller}/dialingToCallSegments/{caller}");
    assert_eq!(api.status(&wrong).await, 404);
    let path = format!("{CORE}/callSegments/{caller}/dialingFromCallSegment");
    assert_eq!(api.status(&path).await, 404);
    let path = format!("{CORE}/callSegments/{callee}/dialingToCallSegments");
    assert_eq!(api.get(&path).await.json(), json!([]));
    let under_ext =
        format!("{CORE}/extensions/getByName/1003/callSegments/{caller}/dialingToCallSegments");
    assert_eq!(api.get(&under_ext).await.ids(), [callee]);
}

#[tokio::test(start_paused = true)]
async fn transfer_moves_the_bound_segment() {
    let api = Api::clean();
    let (a, b) = (api.seg("1001").await, api.seg("1002").await);
    let body = r#"{"destinationNumber":"18005555555","attended":false}"#;
    let r = api
        .post(&format!("{CORE}/callSegments/{a}/transfer"), body)
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(
        api.status(&format!("{CORE}/callSegments/{a}")).await,
        404,
        "named one hung up"
    );
    let dialing = api
        .get(&format!("{CORE}/callSegments/{b}/dialingToCallSegments"))
        .await;
    let new = dialing.ids();
    assert_eq!(new.len(), 1);
    assert_eq!(dialing.json()[0]["callerId"]["number"], "18005555555");
    tokio::time::sleep(Config::default().answer_delay + Duration::from_millis(1)).await;
    assert_eq!(api.linked(&b).await, new[0]);
}

#[tokio::test(start_paused = true)]
async fn transfer_of_a_dialed_segment_moves_its_caller() {
    let api = Api::clean();
    let (caller, callee) = (api.seg("1003").await, api.seg("1004").await);
    let body = r#"{"destinationNumber":"1007","attended":true}"#;
    let r = api
        .post(&format!("{CORE}/callSegments/{callee}/transfer"), body)
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(api.segs("1004").await, Vec::<String>::new());
    let ringing = api.seg("1007").await;
    let dialing = api
        .get(&format!(
            "{CORE}/callSegments/{caller}/dialingToCallSegments"
        ))
        .await;
    assert_eq!(dialing.ids(), [ringing]);
}

#[tokio::test]
async fn transfer_errors() {
    let api = Api::clean();
    let a = api.seg("1001").await;
    let path = format!("{CORE}/callSegments/{a}/transfer");
    for (body, status) in [
        (r#"{"attended":false}"#, 422),
        (r#"{"destinationNumber":"1007"}"#, 422),
        (r#"{"destinationNumber":"1007","attended":"false"}"#, 422),
        (r#"{"destinationNumber":"1007","attended":0}"#, 422),
        ("{destinationNumber:", 412),
    ] {
        assert_eq!(api.post(&path, body).await.status, status, "{body}");
    }
    assert_eq!(api.get(&path).await.status, 405);
    let body = r#"{"destinationNumber":"1007","attended":false}"#;
    let unknown = format!("{CORE}/callSegments/{UNKNOWN_ID}/transfer");
    assert_eq!(api.post(&unknown, body).await.status, 404);
    let alone = api.seg("1008").await;
    let r = api
        .post(&format!("{CORE}/callSegments/{alone}/transfer"), body)
        .await;
    assert_eq!(
        r.status, 404,
        "nothing bound to a lone conference participant"
    );
    assert_eq!(api.linked(&a).await, api.seg("1002").await, "unchanged");
}

#[tokio::test]
async fn conference_actions_on_both_paths() {
    let api = Api::clean();
    let seg = api.seg("1008").await;
    let room = format!("{CORE}/conferences/getByName/94868/callSegments/{seg}");
    let plain = format!("{CORE}/callSegments/{seg}");
    for base in [&room, &plain] {
        for action in ["mute", "unmute"] {
            let r = api.post_empty(&format!("{base}/{action}")).await;
            assert_eq!(r.status, 204, "{base}/{action}");
            assert_eq!(api.get(&format!("{base}/{action}")).await.status, 405);
        }
    }
    let kicked = api.seg("1010").await;
    let in_room = format!("{CORE}/conferences/getByName/94868/callSegments/{kicked}");
    assert_eq!(api.status(&in_room).await, 200);
    assert_eq!(
        api.post_empty(&format!("{in_room}/kicks")).await.status,
        204
    );
    assert_eq!(api.status(&in_room).await, 404, "no longer in the room");
    let list = api
        .get(&format!("{CORE}/conferences/getByName/94868/callSegments"))
        .await;
    assert_eq!(list.ids(), [seg], "the other participant stays");
    // The kicked call is hung up, as a PBX drops the channel it kicks out of a bridge.
    let plain = format!("{CORE}/callSegments/{kicked}");
    assert_eq!(api.status(&plain).await, 404);
    assert!(api.segs("1010").await.is_empty());
    for action in ["kick", "mute", "unmute"] {
        assert_eq!(
            api.post_empty(&format!("{plain}/{action}")).await.status,
            404
        );
    }
}

/// Under `kick-keeps-call` the kicked segment stays up in no room, where the actions meet the
/// page's warning: 500.
#[tokio::test]
async fn a_kicked_call_may_stay_up() {
    let api = Api::new(Config {
        quirks: vec![isym_reference::Quirk::KickKeepsCall],
        ..Config::default()
    });
    let kicked = api.seg("1010").await;
    let plain = format!("{CORE}/callSegments/{kicked}");
    assert_eq!(api.post_empty(&format!("{plain}/kick")).await.status, 204);
    let room = api
        .get(&format!("{CORE}/conferences/getByName/94868/callSegments"))
        .await;
    assert!(!room.ids().contains(&kicked), "no longer in the room");
    assert_eq!(api.segs("1010").await, [kicked], "still up");
    for action in ["kick", "mute", "unmute"] {
        assert_eq!(
            api.post_empty(&format!("{plain}/{action}")).await.status,
            500
        );
    }
}

#[tokio::test]
async fn conference_action_errors() {
    let api = Api::clean();
    let branch = api
        .get(&format!("{BRANCH}/extensions/getByName/3001/callSegments"))
        .await;
    let seg = &branch.ids()[0];
    for action in ["kick", "kicks", "mute", "unmute"] {
        let r = api
            .post_empty(&format!("{BRANCH}/callSegments/{seg}/{action}"))
            .await;
        assert_eq!(r.status, 500, "{action}");
    }
    let linked = api.seg("1001").await;
    for action in ["kick", "mute", "unmute"] {
        let r = api
            .post_empty(&format!("{CORE}/callSegments/{linked}/{action}"))
            .await;
        assert_eq!(r.status, 500, "not in a room: {action}");
        let path = format!("{CORE}/conferences/getByName/94868/callSegments/{linked}/{action}");
        assert_eq!(api.post_empty(&path).await.status, 404, "not in that room");
        let path = format!("{CORE}/conferences/getByName/1/callSegments/{linked}/{action}");
        assert_eq!(api.post_empty(&path).await.status, 404, "unknown room");
        let path = format!("{CORE}/callSegments/{UNKNOWN_ID}/{action}");
        assert_eq!(api.post_empty(&path).await.status, 404);
    }
}

/// Many concurrent originates and transfers leave every relation consistent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_actions_keep_relations_consistent() {
    let api = std::sync::Arc::new(Api::new(isym_reference::Config {
        // Nobody answers during the test, so the final checks see a settled world.
        answer_delay: Duration::from_secs(3600),
        ..Default::default()
    }));
    let mut tasks = Vec::new();
    for i in 0..40 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            let from = ["1006", "1007", "1008"][i % 3];
            let path = format!("{CORE}/extensions/getByName/{from}/originate");
            let body = format!(r#"{{"destinationNumber":"1800555{i:04}"}}"#);
            assert_eq!(api.post(&path, &body).await.status, 204);
            for seg in api.core_segment_ids().await {
                let body = r#"{"destinationNumber":"1007","attended":false}"#;
                let status = api
                    .post(&format!("{CORE}/callSegments/{seg}/transfer"), body)
                    .await
                    .status;
                // Another task may have hung it up, or it may be bound to nothing.
                assert!([204, 404].contains(&status), "{status}");
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    for seg in api.core_segment_ids().await {
        let r = api
            .get(&format!("{CORE}/callSegments/{seg}/linkedCallSegment"))
            .await;
        if r.status == 200 {
            let other = r.json()["id"].as_str().unwrap().to_owned();
            assert_eq!(api.linked(&other).await, seg, "links are mutual");
        }
        let r = api
            .get(&format!("{CORE}/callSegments/{seg}/dialingToCallSegments"))
            .await;
        for callee in r.ids() {
            let back = api
                .get(&format!(
                    "{CORE}/callSegments/{callee}/dialingFromCallSegment"
                ))
                .await;
            assert_eq!(back.json()["id"], seg.as_str(), "dialing is mirrored");
        }
    }
}
