//! Faults against extensions.txt: extension fields, lists, instance paths, sub-resources and
//! actions, and the users, queues and agents they are reached through.

use super::*;

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
    let (clean, bad) = both("originate-null-destination-500", |api| {
        let path = path.clone();
        async move {
            api.post(&path, r#"{"destinationNumber":null}"#)
                .await
                .status
        }
    })
    .await;
    assert_eq!((clean, bad), (422, 500));
}

#[tokio::test]
async fn encoded_name_fault() {
    let (clean, bad) = both("encoded-name-500", |api| async move {
        api.get(&format!("{CORE}/extensions/getByName/caf%C3%A9"))
            .await
            .status
    })
    .await;
    assert_eq!((clean, bad), (404, 500));
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
async fn dnd_forbidden() {
    let (clean, bad) = both("dnd-forbidden", |api| async move {
        let path = format!("{CORE}/extensions/getByName/1006/enableDnd");
        api.post_empty(&path).await.status
    })
    .await;
    assert_eq!((clean, bad), (204, 403));
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
