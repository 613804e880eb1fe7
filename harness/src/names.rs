//! The names templates and path placeholders may use (DESIGN §2, "Resolved names").
//!
//! One table, read both by the loader (to reject unknown names with file and line) and by
//! discovery (which fills exactly these values).

const EXT: &[&str] = &["id", "number"];
const EXT_SEG: &[&str] = &["id", "number", "segment"];

/// Every fixture of a profile and the leaf values discovery resolves for it, as
/// `(dotted path below "fixtures", fields)`.
pub const FIXTURE_FIELDS: &[(&str, &[&str])] = &[
    ("licensed_extension", EXT),
    ("second_licensed_extension", EXT),
    ("unlicensed_extension", EXT),
    ("unbound_extension", EXT),
    ("full_user", &["id", "name", "extensions"]),
    ("unlicensed_user", &["id", "name"]),
    ("unlicensed_user.extension", EXT),
    (
        "enabled_queue",
        &["id", "identifier", "agent_id", "unlicensed_agent_id"],
    ),
    ("disabled_queue", &["id", "identifier", "agent_id"]),
    ("disabled_queue.agent_extension", EXT),
    (
        "conference_room",
        &["id", "identifier", "participant_segment", "kick_segment"],
    ),
    ("conference_room.participant", EXT),
    ("conference_room.kick_participant", EXT),
    ("no_conference_core", &["id", "slug", "segment"]),
    ("no_conference_core.extension", EXT),
    ("linked_pair.a", EXT_SEG),
    ("linked_pair.b", EXT_SEG),
    ("dialing_pair.caller", EXT_SEG),
    ("dialing_pair.callee", EXT_SEG),
    ("external_call", &["external_segment"]),
    ("external_call.extension", EXT_SEG),
    ("mixed_call", &["unlicensed_segment"]),
    ("mixed_call.licensed", EXT_SEG),
    ("mixed_call.unlicensed", EXT),
    ("unlicensed_call", &["segment"]),
];

/// Fixtures that are a single value rather than an object.
pub const SCALAR_FIXTURES: &[&str] = &["transfer_destination"];

/// A path placeholder kind: `{core}`, `{ext:F}`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Core,
    Ext,
    User,
    Queue,
    Room,
}

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        Some(match text {
            "core" => Kind::Core,
            "ext" => Kind::Ext,
            "user" => Kind::User,
            "queue" => Kind::Queue,
            "room" => Kind::Room,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Core => "core",
            Kind::Ext => "ext",
            Kind::User => "user",
            Kind::Queue => "queue",
            Kind::Room => "room",
        }
    }

    /// The field holding the name form (`getByName/<field>`).
    pub fn name_field(self) -> &'static str {
        match self {
            Kind::Core => "slug",
            Kind::Ext => "number",
            Kind::User => "name",
            Kind::Queue | Kind::Room => "identifier",
        }
    }

    /// The form names as written in `forms:` and in variant names (`ext-by-number`).
    pub fn form_names(self) -> [&'static str; 2] {
        ["id", self.name_field()]
    }
}

/// Whether `name` (`core.id`, `fixtures.linked_pair.a.segment`, `unknown.uuid`) is resolved by
/// discovery.
pub fn is_world_name(name: &str) -> bool {
    match name {
        "core.id" | "core.slug" | "unknown.uuid" | "unknown.number" => return true,
        _ => {}
    }
    let Some(rest) = name.strip_prefix("fixtures.") else {
        return false;
    };
    if SCALAR_FIXTURES.contains(&rest) {
        return true;
    }
    FIXTURE_FIELDS.iter().any(|(base, fields)| {
        rest.strip_prefix(base)
            .and_then(|r| r.strip_prefix('.'))
            .is_some_and(|field| fields.contains(&field))
    })
}

/// Whether `fixture` (`licensed_extension`, `linked_pair.a`, `core`-style `no_conference_core`)
/// has both forms of `kind`.
pub fn placeholder_fixture_is_known(kind: Kind, fixture: &str) -> bool {
    if fixture == "unknown" {
        return true;
    }
    is_world_name(&format!("fixtures.{fixture}.id"))
        && is_world_name(&format!("fixtures.{fixture}.{}", kind.name_field()))
}

/// The top-level fixture a world name depends on (`linked_pair` for
/// `fixtures.linked_pair.a.id`), if any.
pub fn fixture_root(name: &str) -> Option<&str> {
    name.strip_prefix("fixtures.")
        .map(|rest| rest.split('.').next().unwrap_or(rest))
}

/// Values discovery derives from an optional field of their fixture (below `fixtures.`), and that
/// field: without it the values are not there.
const DERIVED: &[(&str, &str)] = &[
    (
        "conference_room.participant_segment",
        "conference_room.participant_extension",
    ),
    (
        "conference_room.participant",
        "conference_room.participant_extension",
    ),
    (
        "conference_room.kick_segment",
        "conference_room.kick_extension",
    ),
    (
        "conference_room.kick_participant",
        "conference_room.kick_extension",
    ),
    ("no_conference_core.segment", "no_conference_core.extension"),
    (
        "no_conference_core.extension",
        "no_conference_core.extension",
    ),
    ("enabled_queue.agent_id", "enabled_queue.agent_extension"),
    (
        "disabled_queue.agent_extension",
        "disabled_queue.agent_extension",
    ),
];

/// The profile field that gives template value `name` when discovery cannot (named in the
/// reasons of not-applicable cases): `core.id` is `core_server.id`; an extension's id is given by
/// writing the extension fixture as `{ number, id }`.
pub fn profile_field(name: &str) -> String {
    match name {
        "core.id" => return "core_server.id".to_string(),
        "core.slug" => return "core_server.slug".to_string(),
        _ => {}
    }
    let rest = name.strip_prefix("fixtures.").unwrap_or(name);
    let derived = DERIVED.iter().find(|(value, _)| {
        rest.strip_prefix(value)
            .is_some_and(|r| r.is_empty() || r.starts_with('.'))
    });
    if let Some((_, field)) = derived {
        return format!("fixtures.{field}");
    }
    if let Some(owner) = rest.strip_suffix(".id") {
        let is_extension = FIXTURE_FIELDS
            .iter()
            .any(|(fixture, fields)| *fixture == owner && fields.contains(&"number"));
        if is_extension {
            return format!("fixtures.{owner} as {{ number, id }}");
        }
    }
    format!("fixtures.{rest}")
}

/// A one-line list of the names a template may use, for error hints.
pub fn hint() -> String {
    "core.id, core.slug, unknown.uuid, unknown.number, fixtures.<fixture>.<field> (see DESIGN.md §2), \
     or a capture of an earlier step"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_profile_field_of_a_value() {
        assert_eq!(profile_field("core.id"), "core_server.id");
        assert_eq!(
            profile_field("fixtures.full_user.id"),
            "fixtures.full_user.id"
        );
        assert_eq!(
            profile_field("fixtures.unlicensed_extension.id"),
            "fixtures.unlicensed_extension as { number, id }"
        );
        assert_eq!(
            profile_field("fixtures.conference_room.id"),
            "fixtures.conference_room.id"
        );
        // Values that exist only when an optional field of their fixture is given.
        assert_eq!(
            profile_field("fixtures.conference_room.kick_segment"),
            "fixtures.conference_room.kick_extension"
        );
        assert_eq!(
            profile_field("fixtures.conference_room.participant.id"),
            "fixtures.conference_room.participant_extension"
        );
        assert_eq!(
            profile_field("fixtures.enabled_queue.agent_id"),
            "fixtures.enabled_queue.agent_extension"
        );
    }

    #[test]
    fn the_names_table_and_the_profile_have_the_same_fixtures() {
        let mut in_names: Vec<String> = FIXTURE_FIELDS
            .iter()
            .map(|(path, _)| path.split('.').next().unwrap_or(path).to_string())
            .chain(SCALAR_FIXTURES.iter().map(|s| s.to_string()))
            .collect();
        in_names.sort();
        in_names.dedup();
        let mut in_profile = crate::profile::Fixtures::names();
        in_profile.sort();
        assert_eq!(in_names, in_profile);
    }

    #[test]
    fn knows_the_design_table() {
        assert!(is_world_name("fixtures.linked_pair.a.segment"));
        assert!(is_world_name("fixtures.conference_room.participant.number"));
        assert!(is_world_name("fixtures.conference_room.kick_segment"));
        assert!(placeholder_fixture_is_known(
            Kind::Ext,
            "conference_room.kick_participant"
        ));
        assert!(is_world_name("fixtures.transfer_destination"));
        assert!(!is_world_name("fixtures.linked_pair.c.id"));
        assert!(!is_world_name("core.name"));
        assert!(placeholder_fixture_is_known(Kind::Ext, "linked_pair.a"));
        assert!(placeholder_fixture_is_known(
            Kind::Core,
            "no_conference_core"
        ));
        assert!(placeholder_fixture_is_known(Kind::Room, "conference_room"));
        assert!(placeholder_fixture_is_known(Kind::User, "unlicensed_user"));
        assert!(placeholder_fixture_is_known(
            Kind::Ext,
            "unlicensed_user.extension"
        ));
        assert!(placeholder_fixture_is_known(
            Kind::Ext,
            "disabled_queue.agent_extension"
        ));
        assert!(!is_world_name("fixtures.disabled_queue.agent_extension"));
        assert!(!placeholder_fixture_is_known(
            Kind::Room,
            "licensed_extension"
        ));
        assert_eq!(
            fixture_root("fixtures.linked_pair.a.id"),
            Some("linked_pair")
        );
    }
}
