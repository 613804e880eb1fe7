//! The pages-only surface: what the two pages leave out answers 404 exactly as a path the server
//! lacks; what they document answers as on the full surface (agents aside, which carry a field
//! set of their own).

use axum::http::Method;
use isym_reference::{AppState, Config, Fault, Quirk, Surface};
use serde_json::Value;

use crate::support::*;

fn pages_with(faults: Vec<Fault>, quirks: Vec<Quirk>) -> Api {
    Api::new(Config {
        surface: Surface::Pages,
        faults,
        quirks,
        ..Config::default()
    })
}

fn pages() -> Api {
    pages_with(Vec::new(), Vec::new())
}

/// `path` answers exactly what a path the server has never heard of answers to `method`:
/// status, headers and body.
async fn assert_unrouted(api: &Api, method: Method, path: &str) {
    let unknown = format!("{CORE}/nothing");
    let expected = api.send(method.clone(), &unknown, None, Some(AUTH)).await;
    let got = api.send(method.clone(), path, None, Some(AUTH)).await;
    assert_eq!(expected.status, 404);
    assert_eq!(
        got.status,
        expected.status,
        "{method} {path}: {}",
        got.text()
    );
    assert_eq!(got.headers, expected.headers, "{method} {path}");
    assert_eq!(got.body, expected.body, "{method} {path}");
}

/// Ids of objects the pages-only server will not show, read from a full server of the same seed.
struct Hidden {
    core: String,
    user: String,
    queue: String,
    agent: String,
    room: String,
}

async fn hidden_ids(full: &Api) -> Hidden {
    let id = |v: Value| v["id"].as_str().expect("id").to_owned();
    Hidden {
        core: id(full.get(CORE).await.json()),
        user: id(full
            .get(&format!("{CORE}/users/getByName/alice"))
            .await
            .json()),
        queue: id(full
            .get(&format!("{CORE}/queues/getByName/sales"))
            .await
            .json()),
        agent: full
            .get(&format!("{CORE}/queues/getByName/sales/agents"))
            .await
            .ids()[0]
            .clone(),
        room: id(full
            .get(&format!("{CORE}/conferences/getByName/94868"))
            .await
            .json()),
    }
}

#[tokio::test]
async fn the_neighbouring_resources_are_unrouted() {
    let (full, pages) = (Api::clean(), pages());
    let h = hidden_ids(&full).await;
    let (user, queue, agent, room) = (&h.user, &h.queue, &h.agent, &h.room);
    let listed_on_full = [
        LIVE.to_owned(),
        format!("{LIVE}/{}", h.core),
        CORE.to_owned(),
        format!("{CORE}/users"),
        format!("{CORE}/user"),
        format!("{CORE}/users/{user}"),
        format!("{CORE}/user/{user}"),
        format!("{CORE}/users/getByName/alice"),
        format!("{CORE}/queues"),
        format!("{CORE}/queues/{queue}"),
        format!("{CORE}/queues/getByName/sales"),
        format!("{CORE}/queues/getByName/sales/agents"),
        format!("{CORE}/queues/{queue}/agent"),
        format!("{CORE}/queues/getByName/sales/agents/{agent}"),
        format!("{CORE}/queues/{queue}/agent/{agent}"),
        format!("{CORE}/conferences"),
        format!("{CORE}/conferences/{room}"),
        format!("{CORE}/conferences/getByName/94868"),
        format!("{CORE}/conferences/getByName/94868/callSegments"),
    ];
    for path in &listed_on_full {
        assert_eq!(full.status(path).await, 200, "full: {path}");
        assert_unrouted(&pages, Method::GET, path).await;
        // A wrong method is no 405 either: the path is simply not there.
        assert_unrouted(&pages, Method::DELETE, path).await;
    }
    let (participant, peer) = (pages.seg("1008").await, pages.seg("1010").await);
    for root in [
        format!("{CORE}/conferences/getByName/94868/callSegments/{participant}"),
        format!("{CORE}/conferences/{room}/callSegments/{participant}"),
        format!(
            "{CORE}/conferences/{room}/callSegments/{participant}/dialingToCallSegments/{peer}"
        ),
    ] {
        assert_unrouted(&pages, Method::GET, &root).await;
        for relation in [
            "dialingToCallSegments",
            "dialingFromCallSegment",
            "linkedCallSegment",
        ] {
            assert_unrouted(&pages, Method::GET, &format!("{root}/{relation}")).await;
        }
        for action in ["kick", "kicks", "mute", "unmute", "transfer"] {
            assert_unrouted(&pages, Method::POST, &format!("{root}/{action}")).await;
        }
    }
    // Nothing was carried out: the kick participant is still in the room.
    assert_eq!(pages.segs("1010").await, [peer]);
}

#[tokio::test]
async fn unrouted_is_unrouted_under_faults_quirks_and_without_credentials() {
    let api = pages_with(vec![Fault::AuthIgnored], vec![Quirk::JsonErrorBodies]);
    assert_unrouted(&api, Method::GET, LIVE).await;
    assert_unrouted(&api, Method::GET, &format!("{CORE}/users")).await;
    let api = pages();
    for path in [LIVE.to_owned(), format!("{CORE}/nothing")] {
        assert_eq!(api.send(Method::GET, &path, None, None).await.status, 401);
    }
}

/// Reads `path` from both servers and requires the same answer.
async fn assert_as_on_full(full: &Api, pages: &Api, path: &str) -> u16 {
    let (a, b) = (full.get(path).await, pages.get(path).await);
    assert_eq!(b.status, a.status, "{path}: {}", b.text());
    assert_eq!(b.headers, a.headers, "{path}");
    assert_eq!(b.body, a.body, "{path}");
    a.status
}

#[tokio::test]
async fn documented_reads_answer_as_on_the_full_surface() {
    let (full, pages) = (Api::clean(), pages());
    let h = hidden_ids(&full).await;
    let (user, queue, agent) = (&h.user, &h.queue, &h.agent);
    let ext = pages.ext_id("1001").await;
    let linked = pages.seg("1001").await;
    let (caller, callee) = (pages.seg("1003").await, pages.seg("1004").await);
    let agent_ext = format!("{CORE}/queues/getByName/sales/agents/{agent}/extension");
    for (path, status) in [
        (format!("{CORE}/extensions"), 200),
        (format!("{CORE}/extensions/{ext}"), 200),
        (format!("{CORE}/extensions/getByName/1001"), 200),
        (format!("{LIVE}/{}/extensions/getByName/1001", h.core), 200),
        (format!("{CORE}/extensions/getByName/2001"), 403),
        (format!("{CORE}/extensions/getByName/9999"), 404),
        (format!("{CORE}/users/getByName/alice/extensions"), 200),
        (format!("{CORE}/user/{user}/extensions"), 200),
        (
            format!("{CORE}/users/{user}/extensions/getByName/1006"),
            200,
        ),
        (
            format!("{CORE}/users/getByName/alice/extensions/{ext}"),
            200,
        ),
        (agent_ext.clone(), 200),
        (
            format!("{CORE}/queues/{queue}/agent/{agent}/extension"),
            200,
        ),
        (format!("{agent_ext}/callSegments"), 200),
        (
            format!("{CORE}/queues/getByName/support/agents/{agent}/extension"),
            403,
        ),
        (format!("{CORE}/callSegments"), 200),
        (format!("{CORE}/callSegments/{linked}"), 200),
        (
            format!("{CORE}/callSegments/{linked}/linkedCallSegment"),
            200,
        ),
        (
            format!("{CORE}/extensions/getByName/1001/callSegments"),
            200,
        ),
        (
            format!("{CORE}/extensions/{ext}/callSegments/{linked}"),
            200,
        ),
        (
            format!("{CORE}/callSegments/{caller}/dialingToCallSegments"),
            200,
        ),
        (
            format!("{CORE}/callSegments/{caller}/dialingToCallSegments/{callee}"),
            200,
        ),
        (
            format!("{CORE}/callSegments/{callee}/dialingFromCallSegment"),
            200,
        ),
        (
            format!("{CORE}/callSegments/{caller}/dialingFromCallSegment"),
            404,
        ),
        (format!("{BRANCH}/callSegments"), 200),
    ] {
        assert_eq!(
            assert_as_on_full(&full, &pages, &path).await,
            status,
            "{path}"
        );
    }
}

#[tokio::test]
async fn extension_agents_carry_their_own_field_set() {
    let (full, pages) = (Api::clean(), pages());
    for number in ["1001", "1006"] {
        let path = format!("{CORE}/extensions/getByName/{number}/agents");
        let (a, b) = (full.get(&path).await, pages.get(&path).await);
        assert_eq!((a.status, b.status), (200, 200), "{path}");
        assert_eq!(b.ids(), a.ids(), "{path}");
        for agent in b.json().as_array().expect("a list") {
            let fields = agent.as_object().expect("an object");
            for gone in ["paused", "state", "name", "dynamic"] {
                assert!(!fields.contains_key(gone), "{gone} in {agent}");
            }
            assert!(agent["displayName"].is_string(), "{agent}");
            assert_eq!(agent["status"], "available");
        }
    }
    // 1001 is an agent of sales (enabled) and support (disabled): only sales is listed.
    let agents = pages
        .get(&format!("{CORE}/extensions/getByName/1001/agents"))
        .await;
    assert_eq!(agents.pluck("queueIdentifier"), ["sales"]);
    let agent = &agents.ids()[0];
    let extension = pages
        .get(&format!(
            "{CORE}/queues/getByName/sales/agents/{agent}/extension"
        ))
        .await;
    assert_eq!(extension.json()["extensionNumber"], "1001");
}

/// Posts to the path `path` builds from the segments of `numbers` on a fresh full and a fresh
/// pages-only server: the action succeeds on both (204) and leaves the same segments.
async fn assert_action_as_on_full(
    numbers: &[&str],
    path: impl Fn(&[String]) -> String,
    body: &str,
) {
    let (full, pages) = (Api::clean(), pages());
    let mut segs = Vec::new();
    for number in numbers {
        let seg = pages.seg(number).await;
        assert_eq!(full.seg(number).await, seg, "one seed, one world");
        segs.push(seg);
    }
    let path = path(&segs);
    let (a, b) = (full.post(&path, body).await, pages.post(&path, body).await);
    assert_eq!(a.status, 204, "full: {path}: {}", a.text());
    assert_eq!(b.status, a.status, "{path}: {}", b.text());
    assert_eq!(b.body, a.body, "{path}");
    assert_eq!(
        pages.core_segment_ids().await,
        full.core_segment_ids().await,
        "{path}"
    );
}

#[tokio::test]
async fn documented_actions_answer_as_on_the_full_surface() {
    for action in ["kick", "kicks", "mute", "unmute"] {
        assert_action_as_on_full(
            &["1010"],
            |s| format!("{CORE}/callSegments/{}/{action}", s[0]),
            "",
        )
        .await;
        assert_action_as_on_full(
            &["1008"],
            |s| {
                format!(
                    "{CORE}/extensions/getByName/1008/callSegments/{}/{action}",
                    s[0]
                )
            },
            "",
        )
        .await;
    }
    assert_action_as_on_full(
        &["1001"],
        |s| format!("{CORE}/callSegments/{}/transfer", s[0]),
        r#"{"destinationNumber":"18005555555","attended":false}"#,
    )
    .await;
    assert_action_as_on_full(
        &["1003", "1004"],
        |s| {
            format!(
                "{CORE}/callSegments/{}/dialingToCallSegments/{}/transfer",
                s[0], s[1]
            )
        },
        r#"{"destinationNumber":"18005555555","attended":true}"#,
    )
    .await;
    for action in ["enableDnd", "disableDnd"] {
        assert_action_as_on_full(
            &[],
            |_| format!("{CORE}/users/getByName/alice/extensions/getByName/1006/{action}"),
            "",
        )
        .await;
        assert_action_as_on_full(
            &[],
            |_| format!("{CORE}/extensions/getByName/1006/{action}"),
            "",
        )
        .await;
    }
    // The core without conference rooms: 500 on both.
    for api in [Api::clean(), pages()] {
        let path = format!("{BRANCH}/extensions/getByName/3001/callSegments");
        let seg = api.get(&path).await.ids()[0].clone();
        for action in ["kick", "mute", "unmute"] {
            let path = format!("{BRANCH}/callSegments/{seg}/{action}");
            assert_eq!(api.post_empty(&path).await.status, 500, "{path}");
        }
    }
    let pages = pages();
    let placed = pages
        .post(
            &format!("{CORE}/extensions/getByName/1006/originate"),
            r#"{"destinationNumber":"1007"}"#,
        )
        .await;
    assert_eq!(placed.status, 204, "{}", placed.text());
    assert_eq!(pages.segs("1006").await.len(), 1);
}

#[tokio::test]
async fn faults_still_break_their_rules() {
    let api = pages_with(vec![Fault::LinkedReturnsSelf], Vec::new());
    let seg = api.seg("1001").await;
    assert_eq!(api.linked(&seg).await, seg);
}

#[test]
fn the_profile_leaves_out_only_the_core_id() {
    let full = AppState::new(&Config::default());
    let pages = AppState::new(&Config {
        surface: Surface::Pages,
        ..Config::default()
    });
    let core_block = |profile: &str| -> Vec<String> {
        let lines = profile.lines().skip_while(|l| *l != "core_server:").skip(1);
        lines
            .take_while(|l| l.starts_with(' '))
            .map(str::to_owned)
            .collect()
    };
    for (full, pages) in [
        (
            full.profile_yaml("http://x"),
            pages.profile_yaml("http://x"),
        ),
        (
            full.target_file_yaml("http://x"),
            pages.target_file_yaml("http://x"),
        ),
    ] {
        assert_eq!(core_block(&pages), ["  slug: default"]);
        let full_block = core_block(&full);
        assert_eq!(full_block.len(), 2, "{full}");
        assert!(full_block[1].starts_with("  id: \""), "{full}");
        let without_id: String = full
            .lines()
            .filter(|l| *l != full_block[1])
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(pages, without_id);
    }
}

#[test]
fn the_full_profile_is_still_the_committed_target() {
    let committed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../targets/reference.yaml");
    let committed = std::fs::read_to_string(committed).expect("targets/reference.yaml");
    let generated = AppState::new(&Config::default()).target_file_yaml("http://127.0.0.1:58080");
    assert_eq!(generated, committed);
}
