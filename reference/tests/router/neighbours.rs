use crate::support::*;

#[tokio::test]
async fn core_servers_by_list_id_and_slug() {
    let api = Api::clean();
    let r = api.get(LIVE).await;
    assert_eq!(r.status, 200);
    let slugs: Vec<_> = r.pluck("slug");
    assert_eq!(slugs, ["default", "branch"]);
    let id = r.json()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        api.get(&format!("{LIVE}/{id}")).await.json()["slug"],
        "default"
    );
    assert_eq!(api.get(CORE).await.json()["id"], id.as_str());
    assert_eq!(api.status(&format!("{LIVE}/{UNKNOWN_ID}")).await, 404);
    assert_eq!(api.status(&format!("{LIVE}/getByName/nowhere")).await, 404);
    assert_eq!(
        api.status(&format!("{LIVE}/getByName/nowhere/extensions"))
            .await,
        404
    );
}

#[tokio::test]
async fn users_by_list_id_and_name() {
    let api = Api::clean();
    let r = api.get(&format!("{CORE}/users")).await;
    assert_eq!(r.status, 200);
    assert!(r.pluck("userName").contains(&"guest".into()));
    let alice = api
        .get(&format!("{CORE}/users/getByName/alice"))
        .await
        .json();
    for field in [
        "id",
        "configurationId",
        "userName",
        "displayedName",
        "permissionId",
    ] {
        assert!(alice[field].is_string(), "{field}");
    }
    let id = alice["id"].as_str().unwrap();
    assert_eq!(api.get(&format!("{CORE}/users/{id}")).await.json(), alice);
    assert_eq!(
        api.status(&format!("{CORE}/users/getByName/mallory")).await,
        404
    );
}

#[tokio::test]
async fn queues_list_only_enabled_ones() {
    let api = Api::clean();
    let r = api.get(&format!("{CORE}/queues")).await;
    assert_eq!(r.pluck("identifier"), ["sales"]);
    let sales = api
        .get(&format!("{CORE}/queues/getByName/sales"))
        .await
        .json();
    for field in [
        "id",
        "displayName",
        "identifier",
        "configurationId",
        "permissionId",
    ] {
        assert!(sales[field].is_string(), "{field}");
    }
    let id = sales["id"].as_str().unwrap();
    assert_eq!(api.status(&format!("{CORE}/queues/{id}")).await, 200);
    assert_eq!(
        api.status(&format!("{CORE}/queues/getByName/support"))
            .await,
        403
    );
    let support = api.fact("disabled_queue", "id");
    assert_eq!(api.status(&format!("{CORE}/queues/{support}")).await, 403);
    assert_eq!(
        api.status(&format!("{CORE}/queues/getByName/nope")).await,
        404
    );
    assert_eq!(
        api.status(&format!("{BRANCH}/queues/getByName/sales"))
            .await,
        404
    );
}

#[tokio::test]
async fn queue_agents_exclude_unlicensed_extensions() {
    let api = Api::clean();
    let r = api
        .get(&format!("{CORE}/queues/getByName/sales/agents"))
        .await;
    assert_eq!(r.status, 200);
    let agents = r.json();
    assert_eq!(agents.as_array().unwrap().len(), 1);
    let agent = &agents[0];
    assert!(agent["paused"].is_boolean() && agent["dynamic"].is_boolean());
    assert_eq!(agent["state"], "INUSE");
    let id = agent["id"].as_str().unwrap();
    assert_eq!(
        api.status(&format!("{CORE}/queues/getByName/sales/agents/{id}"))
            .await,
        200
    );
    let unlicensed = api.fact("enabled_queue", "unlicensed_agent_id");
    assert_eq!(
        api.status(&format!(
            "{CORE}/queues/getByName/sales/agents/{unlicensed}"
        ))
        .await,
        403
    );
    assert_eq!(
        api.status(&format!(
            "{CORE}/queues/getByName/sales/agents/{UNKNOWN_ID}"
        ))
        .await,
        404
    );
    assert_eq!(
        api.status(&format!("{CORE}/queues/getByName/support/agents"))
            .await,
        403
    );
}

#[tokio::test]
async fn conference_rooms_and_their_participants() {
    let api = Api::clean();
    let rooms = api.get(&format!("{CORE}/conferences")).await;
    assert_eq!(rooms.pluck("identifier"), ["94868"]);
    let room = api
        .get(&format!("{CORE}/conferences/getByName/94868"))
        .await
        .json();
    assert_eq!(room["displayName"], "Main bridge");
    assert!(room["userGenerated"].is_boolean() && room["dialString"].is_string());
    let id = room["id"].as_str().unwrap();
    let participants = api
        .get(&format!("{CORE}/conferences/{id}/callSegments"))
        .await;
    // The external participant relates to no licensed extension: excluded.
    assert_eq!(
        participants.ids(),
        [api.seg("1008").await, api.seg("1010").await]
    );
    assert_eq!(
        api.status(&format!("{CORE}/conferences/getByName/1")).await,
        404
    );
    assert_eq!(
        api.get(&format!("{BRANCH}/conferences")).await.json(),
        serde_json::json!([])
    );
}
