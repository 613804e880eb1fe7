//! Every quirk is observable: some request is answered differently with it than without it (the
//! harness's `quirks` test then proves the catalogue still passes).

use std::time::Duration;

use axum::http::Method;
use isym_reference::{Config, Quirk};

use crate::support::*;

fn with_quirk(quirk: Quirk) -> Api {
    Api::new(Config {
        quirks: vec![quirk],
        ..Config::default()
    })
}

fn describe(r: &Resp) -> String {
    format!(
        "{} {:?} {:?} {}",
        r.status,
        r.content_type(),
        r.headers.get("www-authenticate"),
        r.text()
    )
}

/// What `api` answers to the requests that `quirk` changes.
async fn observe(api: &Api, quirk: Quirk) -> String {
    use Quirk::*;
    let ext = |n: &str| format!("{CORE}/extensions/getByName/{n}");
    match quirk {
        Actions200 | Actions202 => {
            describe(&api.post_empty(&format!("{}/enableDnd", ext("1006"))).await)
        }
        JsonErrorBodies => describe(&api.get(&format!("{CORE}/nothing")).await),
        ListsReversed | ListsShuffled | NoContentType | JsonCharset => {
            describe(&api.get(&format!("{CORE}/extensions")).await)
        }
        ExtraFields | TypeMixedCase | DidReal | DidNullInternal => {
            describe(&api.get(&format!("{CORE}/callSegments")).await)
        }
        InvalidJson400 | InvalidJson422 => {
            describe(&api.post(&format!("{}/originate", ext("1006")), "{").await)
        }
        BadCredentials403 => describe(
            &api.send(Method::GET, &format!("{CORE}/extensions"), None, None)
                .await,
        ),
        SingularPathsOnly => describe(
            &api.get(&format!("{CORE}/users/getByName/alice/extensions"))
                .await,
        ),
        PluralPathsOnly => describe(
            &api.get(&format!("{CORE}/user/getByName/alice/extensions"))
                .await,
        ),
        KicksOnly | KickOnly => {
            let segment = api.get(&format!("{BRANCH}/callSegments")).await.ids()[0].clone();
            let kick = api
                .post_empty(&format!("{BRANCH}/callSegments/{segment}/kick"))
                .await;
            let kicks = api
                .post_empty(&format!("{BRANCH}/callSegments/{segment}/kicks"))
                .await;
            format!("{} {}", kick.status, kicks.status)
        }
        OtherIds => describe(&api.get(LIVE).await),
        SlowAnswer | AsyncActions => {
            let before = api.segs("1006").await;
            let r = api
                .post(
                    &format!("{}/originate", ext("1007")),
                    r#"{"destinationNumber": "1006"}"#,
                )
                .await;
            assert!((200..300).contains(&r.status), "{}", describe(&r));
            let right_away = api.segs("1006").await.len() - before.len();
            tokio::time::sleep(Duration::from_millis(120)).await;
            let mut linked = 0;
            for segment in api.segs("1006").await {
                let r = api
                    .get(&format!("{CORE}/callSegments/{segment}/linkedCallSegment"))
                    .await;
                linked += usize::from(r.status == 200);
            }
            format!("new {right_away}, linked after 120 ms {linked}")
        }
        DialingFrom404First => {
            let segment = api.fact("unlicensed_call", "segment_id");
            describe(
                &api.get(&format!(
                    "{CORE}/callSegments/{segment}/dialingFromCallSegment"
                ))
                .await,
            )
        }
        NotInRoom409 => {
            let segment = api.seg("1003").await;
            describe(
                &api.post_empty(&format!("{CORE}/callSegments/{segment}/mute"))
                    .await,
            )
        }
        HiddenAs404 => describe(&api.get(&format!("{CORE}/queues/getByName/support")).await),
        ForeignSegmentReadable => {
            let peer = api.seg("1002").await;
            describe(
                &api.get(&format!("{}/callSegments/{peer}", ext("1001")))
                    .await,
            )
        }
        IncomingEndsOnAnswer => {
            let segment = api.seg("1002").await;
            api.segment(&segment).await["incoming"].to_string()
        }
        RoomPeersVisible => {
            let room = format!("{CORE}/conferences/getByName/94868/callSegments");
            api.get(&room).await.ids().len().to_string()
        }
        KickKeepsCall => {
            let kicked = api.seg("1010").await;
            let plain = format!("{CORE}/callSegments/{kicked}");
            api.post_empty(&format!("{plain}/kick")).await;
            describe(&api.get(&plain).await)
        }
        ConnectionClose => {
            describe(&api.get(LIVE).await)
                + &format!("{:?}", api.get(LIVE).await.headers.get("connection"))
        }
        other => panic!("no observation for quirk {}", other.name()),
    }
}

#[tokio::test]
async fn every_quirk_changes_some_answer() {
    for quirk in Quirk::all() {
        let clean = observe(&Api::clean(), *quirk).await;
        let quirky = observe(&with_quirk(*quirk), *quirk).await;
        assert_ne!(clean, quirky, "{} changes nothing", quirk.name());
    }
}

#[tokio::test]
async fn errors_keep_their_status_under_json_bodies() {
    let api = with_quirk(Quirk::JsonErrorBodies);
    let r = api.get(&format!("{CORE}/extensions/getByName/2001")).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.content_type(), Some("application/json"));
    assert_eq!(r.json()["error"]["code"], 403);
}

#[test]
#[should_panic(expected = "cannot be combined")]
fn alternatives_cannot_be_combined() {
    let _ = Api::new(Config {
        quirks: vec![Quirk::KickOnly, Quirk::KicksOnly],
        ..Config::default()
    });
}

/// `hidden-as-404` hides a disabled queue: its agent's extension path keeps the 403 it documents,
/// and everything below it treats the queue as a missing ancestor (ERRATA E22).
#[tokio::test]
async fn hidden_disabled_queue_is_a_missing_ancestor_below_its_agents_extension() {
    let agent = Api::clean().fact("disabled_queue", "agent_id");
    let path = format!("{CORE}/queues/getByName/support/agents/{agent}/extension");
    for (api, children) in [(Api::clean(), 403), (with_quirk(Quirk::HiddenAs404), 404)] {
        assert_eq!(api.status(&path).await, 403, "the agent path itself");
        for child in ["agents", "callSegments"] {
            assert_eq!(
                api.status(&format!("{path}/{child}")).await,
                children,
                "{child}"
            );
        }
        for action in ["enableDnd", "disableDnd"] {
            let r = api.post_empty(&format!("{path}/{action}")).await;
            assert_eq!(r.status, children, "{action}");
        }
    }
}
