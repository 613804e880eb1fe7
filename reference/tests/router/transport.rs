use axum::http::Method;

use crate::support::*;

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405() {
    let api = Api::clean();
    for path in [
        "/".to_owned(),
        "/communication_manager/rest/live".to_owned(),
        format!("{CORE}/nothing"),
        format!("{CORE}/extensions/getByName/1001/nothing"),
        format!("{CORE}/callSegments/x/linkedCallSegment/more"),
    ] {
        assert_eq!(api.status(&path).await, 404, "{path}");
    }
    let r = api
        .send(
            Method::DELETE,
            &format!("{CORE}/extensions"),
            None,
            Some("Basic bWFuYWdlcjptYW5hZzNycGE1NXdvcmQ="),
        )
        .await;
    assert_eq!(r.status, 405);
}

#[tokio::test]
async fn credentials_are_required() {
    let api = Api::clean();
    let r = api
        .send(Method::GET, &format!("{CORE}/extensions"), None, None)
        .await;
    assert_eq!(r.status, 401);
    assert!(r.headers.contains_key("www-authenticate"));
    let wrong = api
        .send(
            Method::GET,
            &format!("{CORE}/extensions"),
            None,
            Some("Basic bWFuYWdlcjp4"),
        )
        .await;
    assert_eq!(wrong.status, 401);
}

#[tokio::test]
async fn configured_credentials_replace_the_default() {
    let api = Api::new(isym_reference::Config {
        username: "u".into(),
        password: "p".into(),
        ..Default::default()
    });
    assert_eq!(api.status(CORE).await, 401);
    let r = api.send(Method::GET, CORE, None, Some("Basic dTpw")).await;
    assert_eq!(r.status, 200);
}

#[test]
fn seeds_change_ids_but_not_names() {
    let a = isym_reference::AppState::new(&Default::default()).profile_yaml("http://x");
    let b = isym_reference::AppState::new(&isym_reference::Config {
        seed: 7,
        ..Default::default()
    })
    .profile_yaml("http://x");
    assert_ne!(a, b);
    let names = |p: &str| {
        p.lines()
            .filter(|l| !l.contains("id"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&a)[1..], names(&b)[1..]);
}

/// Under paused time the clock only moves when every task waits, so this is exact: two
/// requests overlapping their latency finish together, one latency after they start.
#[tokio::test(start_paused = true)]
async fn latency_delays_without_holding_up_other_requests() {
    let latency = std::time::Duration::from_millis(50);
    let api = Api::new(isym_reference::Config {
        latency,
        ..Default::default()
    });
    let started = tokio::time::Instant::now();
    let extensions = format!("{CORE}/extensions");
    let unknown = format!("{CORE}/nothing");
    let (a, b) = tokio::join!(api.get(&extensions), api.get(&unknown));
    assert_eq!((a.status, b.status), (200, 404));
    let took = started.elapsed();
    assert!(took >= latency && took < 2 * latency, "{took:?}");
}
