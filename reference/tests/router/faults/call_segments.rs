//! Faults against call-segments.txt: segment fields, relations, licensing and actions.

use super::*;

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
    first_typed_external("room-participant-typed-external", ["1008", "1001"]).await;
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
    first_typed_external("unlicensed-extension-typed-external", ["2001", "1009"]).await;
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

/// With `fault`, the listed segment of the first extension is typed EXTERNAL and the second's
/// (the control) stays INTERNAL; on a clean server both are INTERNAL.
async fn first_typed_external(fault: &str, numbers: [&'static str; 2]) {
    let (clean, bad) = both(fault, |api| async move {
        let mut types = Vec::new();
        for number in numbers {
            types.push(listed_segment(&api, number).await["type"].clone());
        }
        types
    })
    .await;
    assert_eq!(clean, [json!("INTERNAL"), json!("INTERNAL")]);
    assert_eq!(bad, [json!("EXTERNAL"), json!("INTERNAL")]);
}

/// Two transfers of one call: the second moves the segment the first moved. The clean server
/// hangs up the segment each transfer leaves behind; the fault keeps the second one up, linked to
/// a segment that is no longer linked to it.
#[tokio::test(start_paused = true)]
async fn second_transfer_one_sided_link() {
    let (clean, bad) = both("second-transfer-one-sided-link", |api| async move {
        let (a, b) = (api.seg("1001").await, api.seg("1002").await);
        let body = r#"{"destinationNumber":"18005555555","attended":false}"#;
        let first = api
            .post(&format!("{CORE}/callSegments/{a}/transfer"), body)
            .await;
        assert_eq!(first.status, 204);
        // The outside number answers the moved segment.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let outside = api.linked(&b).await;
        let second = api
            .post(&format!("{CORE}/callSegments/{outside}/transfer"), body)
            .await;
        assert_eq!(second.status, 204, "the second transfer moves {b} again");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let left = api
            .get(&format!("{CORE}/callSegments/{outside}/linkedCallSegment"))
            .await;
        let back = api.linked(&b).await;
        let still_linked = left.status == 200 && left.json()["id"] == b.as_str();
        (left.status, still_linked, back != outside)
    })
    .await;
    assert_eq!(clean, (404, false, true), "the segment left behind is gone");
    assert_eq!(bad, (200, true, true), "left behind, still linked one way");
}

/// A transfer on the callee's segment of 1001's call with 1002 moves the caller (1001's); the
/// fault moves the named callee instead, and only from that side: on the caller's segment it
/// still moves the callee.
#[tokio::test(start_paused = true)]
async fn callee_side_transfer_moves_given() {
    let (clean, bad) = both("callee-side-transfer-moves-given", |api| async move {
        let (a, b) = (api.seg("1001").await, api.seg("1002").await);
        let body = r#"{"destinationNumber":"18005555555","attended":false}"#;
        let r = api
            .post(&format!("{CORE}/callSegments/{b}/transfer"), body)
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
        (200, 404),
        "the caller moves, the named callee hangs up"
    );
    assert_eq!(bad, (404, 200));
    let (_, from_caller) = both("callee-side-transfer-moves-given", |api| async move {
        let (a, b) = (api.seg("1001").await, api.seg("1002").await);
        let body = r#"{"destinationNumber":"18005555555","attended":false}"#;
        api.post(&format!("{CORE}/callSegments/{a}/transfer"), body)
            .await;
        (
            api.status(&format!("{CORE}/callSegments/{a}")).await,
            api.status(&format!("{CORE}/callSegments/{b}")).await,
        )
    })
    .await;
    assert_eq!(
        from_caller,
        (404, 200),
        "from the caller's side it moves the callee"
    );
}
