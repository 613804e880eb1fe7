//! What a profile promises before anything is sent: the world discovery would resolve if the
//! target shows every object the profile names, for `coverage --profile` and `lint --profile`.
//!
//! Values discovery finds through the two pages' paths (ids of extensions and segments, an
//! agent's id) stand as placeholders. Values the API hides by design are there only when the
//! profile gives them, as in a run. Ids that only resources beyond the pages reveal (the core
//! server's, a user's, a queue's, a room's) are promised to the extended level, whose cases read
//! those resources anyway, and to the core level only when given: a server implementing just the
//! pages need not reveal them. Values that depend on the target's state at run time (a kick
//! participant still in its room) are promised.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::discovery::{World, UNKNOWN_NUMBER};
use crate::profile::{ExtensionRef, Profile};
use crate::result::Level;

/// Stands for a value discovery would find through a documented path.
const DISCOVERED: &str = "<discovered>";

/// The world a run against a target matching `profile` would discover, as the cases of `level`
/// may rely on it.
pub fn promised_world(profile: &Profile, level: Level) -> World {
    let mut missing = BTreeMap::new();
    // Returns the placeholder the extended level is promised, and notes why the core level is not.
    let mut undocumented = |name: &str, field: &str| -> Option<&'static str> {
        if level == Level::Extended {
            return Some(DISCOVERED);
        }
        missing.insert(
            name.to_string(),
            format!(
                "only resources beyond the two pages reveal it, so the prediction counts it only \
                 when given: give `{field}` in the profile"
            ),
        );
        None
    };
    let f = &profile.fixtures;
    let mut fixtures = Map::new();
    let found = |e: &ExtensionRef| json!({ "id": e.id.clone().unwrap_or_else(|| DISCOVERED.into()), "number": e.number });
    let with_segment = |e: &ExtensionRef| {
        let mut value = found(e);
        value["segment"] = json!(DISCOVERED);
        value
    };
    // As given: the API hides these objects, so discovery cannot find their ids.
    let given = |e: &ExtensionRef| json!({ "id": e.id, "number": e.number });
    if let Some(e) = &f.licensed_extension {
        fixtures.insert("licensed_extension".into(), found(e));
    }
    if let Some(e) = &f.second_licensed_extension {
        fixtures.insert("second_licensed_extension".into(), found(e));
    }
    if let Some(e) = &f.unlicensed_extension {
        fixtures.insert("unlicensed_extension".into(), given(e));
    }
    if let Some(e) = &f.unbound_extension {
        fixtures.insert("unbound_extension".into(), given(e));
    }
    if let Some(user) = &f.full_user {
        let mut value = json!({ "name": user.name, "extensions": user.extensions });
        let id = user.id.as_deref();
        value["id"] =
            json!(id.or_else(|| undocumented("fixtures.full_user.id", "fixtures.full_user.id")));
        fixtures.insert("full_user".into(), value);
    }
    if let Some(user) = &f.unlicensed_user {
        let value =
            json!({ "id": user.id, "name": user.name, "extension": given(&user.extension) });
        fixtures.insert("unlicensed_user".into(), value);
    }
    if let Some(q) = &f.enabled_queue {
        let agent_id = match (&q.agent_id, &q.agent_extension) {
            (Some(id), _) => Some(id.clone()),
            (None, Some(_)) => Some(DISCOVERED.to_string()),
            (None, None) => None,
        };
        let mut value = json!({
            "identifier": q.identifier, "agent_id": agent_id,
            "unlicensed_agent_id": q.unlicensed_agent_id,
        });
        let id = q.id.as_deref();
        value["id"] = json!(
            id.or_else(|| undocumented("fixtures.enabled_queue.id", "fixtures.enabled_queue.id"))
        );
        fixtures.insert("enabled_queue".into(), value);
    }
    if let Some(q) = &f.disabled_queue {
        let mut value = json!({ "id": q.id, "identifier": q.identifier, "agent_id": q.agent_id });
        if let Some(e) = &q.agent_extension {
            value["agent_extension"] = found(e);
        }
        fixtures.insert("disabled_queue".into(), value);
    }
    if let Some(room) = &f.conference_room {
        let mut value = json!({ "identifier": room.identifier });
        let id = room.id.as_deref();
        value["id"] = json!(id.or_else(|| {
            undocumented("fixtures.conference_room.id", "fixtures.conference_room.id")
        }));
        if let Some(e) = &room.participant_extension {
            value["participant"] = found(e);
            value["participant_segment"] = json!(DISCOVERED);
        }
        if let Some(e) = &room.kick_extension {
            value["kick_participant"] = found(e);
            value["kick_segment"] = json!(DISCOVERED);
        }
        fixtures.insert("conference_room".into(), value);
    }
    if let Some(other) = &f.no_conference_core {
        let mut value = json!({ "slug": other.slug });
        let id = other.id.as_deref();
        value["id"] = json!(id.or_else(|| {
            undocumented(
                "fixtures.no_conference_core.id",
                "fixtures.no_conference_core.id",
            )
        }));
        if let Some(e) = &other.extension {
            value["extension"] = found(e);
            value["segment"] = json!(DISCOVERED);
        }
        fixtures.insert("no_conference_core".into(), value);
    }
    if let Some(pair) = &f.linked_pair {
        let value = json!({ "a": with_segment(&pair.a), "b": with_segment(&pair.b) });
        fixtures.insert("linked_pair".into(), value);
    }
    if let Some(pair) = &f.dialing_pair {
        let value =
            json!({ "caller": with_segment(&pair.caller), "callee": with_segment(&pair.callee) });
        fixtures.insert("dialing_pair".into(), value);
    }
    if let Some(call) = &f.external_call {
        let value = json!({
            "extension": with_segment(&call.extension),
            "external_segment": call.external_segment.clone().unwrap_or_else(|| DISCOVERED.into()),
        });
        fixtures.insert("external_call".into(), value);
    }
    if let Some(call) = &f.mixed_call {
        let value = json!({
            "licensed": with_segment(&call.licensed),
            "unlicensed": given(&call.unlicensed),
            "unlicensed_segment": call.unlicensed_segment.clone().unwrap_or_else(|| DISCOVERED.into()),
        });
        fixtures.insert("mixed_call".into(), value);
    }
    if let Some(call) = &f.unlicensed_call {
        fixtures.insert(
            "unlicensed_call".into(),
            json!({ "segment": call.segment_id }),
        );
    }
    if let Some(number) = &f.transfer_destination {
        fixtures.insert("transfer_destination".into(), json!(number));
    }
    let core_id = profile.core_server.id.as_deref();
    let core = json!({
        "slug": profile.core_server.slug,
        "id": core_id.or_else(|| undocumented("core.id", "core_server.id")),
    });
    World {
        tree: json!({
            "core": core,
            "fixtures": Value::Object(fixtures),
            "unknown": { "number": UNKNOWN_NUMBER },
        }),
        present: profile.fixtures.present().into_iter().collect(),
        failed: BTreeMap::new(),
        missing,
        errored: BTreeMap::new(),
        requests: 0,
        chain: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names;

    fn profile(fixtures: &str) -> Profile {
        let text = format!(
            "name: t\nversion: \"3.3\"\ncore_server: {{ slug: default }}\nfixtures:\n{fixtures}"
        );
        crate::profile::parse_profile("t.yaml", &text).expect("profile parses")
    }

    fn lookup<'a>(world: &'a World, name: &str) -> Option<&'a Value> {
        let mut value = &world.tree;
        for part in name.split('.') {
            value = value.get(part)?;
        }
        (!value.is_null()).then_some(value)
    }

    #[test]
    fn promises_what_discovery_finds_through_the_pages_and_what_the_profile_gives() {
        let profile = profile(
            "  licensed_extension: \"1006\"\n  unlicensed_extension: \"2001\"\n  unbound_extension: { number: \"2002\", id: u }\n  linked_pair: { a: \"1001\", b: \"1002\" }\n  full_user: { name: alice }\n",
        );
        let world = promised_world(&profile, Level::Core);
        assert_eq!(
            lookup(&world, "fixtures.licensed_extension.id"),
            Some(&json!(DISCOVERED))
        );
        assert_eq!(
            lookup(&world, "fixtures.linked_pair.b.segment"),
            Some(&json!(DISCOVERED))
        );
        // Hidden by design: only a given id is there.
        assert_eq!(lookup(&world, "fixtures.unlicensed_extension.id"), None);
        assert_eq!(
            lookup(&world, "fixtures.unbound_extension.id"),
            Some(&json!("u"))
        );
        // Revealed only beyond the pages: never promised, and the reason names the field.
        assert_eq!(lookup(&world, "core.id"), None);
        assert!(world.missing["core.id"].contains("core_server.id"));
        assert_eq!(lookup(&world, "fixtures.full_user.id"), None);
        assert!(world.missing["fixtures.full_user.id"].contains("fixtures.full_user.id"));
        assert!(world.present.contains("linked_pair"));
        assert!(!world.present.contains("dialing_pair"));
        // The extended level reads those resources anyway: there the ids are promised.
        let extended = promised_world(&profile, Level::Extended);
        assert_eq!(lookup(&extended, "core.id"), Some(&json!(DISCOVERED)));
        assert_eq!(
            lookup(&extended, "fixtures.full_user.id"),
            Some(&json!(DISCOVERED))
        );
        assert!(extended.missing.is_empty());
    }

    /// Every value the names table lists is promised by a profile naming every fixture with every
    /// id: the promised world and discovery fill the same names.
    #[test]
    fn a_complete_profile_promises_every_name_of_the_table() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../targets/reference.yaml"),
        )
        .expect("targets/reference.yaml");
        let reference = crate::profile::parse_profile("reference.yaml", &text).unwrap();
        let world = promised_world(&reference, Level::Extended);
        for (base, fields) in names::FIXTURE_FIELDS {
            for field in *fields {
                let name = format!("fixtures.{base}.{field}");
                assert!(lookup(&world, &name).is_some(), "{name} is not promised");
            }
        }
        for name in names::SCALAR_FIXTURES {
            assert!(lookup(&world, &format!("fixtures.{name}")).is_some());
        }
    }
}
