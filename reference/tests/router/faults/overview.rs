//! Faults against the API overview: transport, authentication, JSON, the neighbouring
//! resources and conference rooms.

use super::*;

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
