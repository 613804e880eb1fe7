//! Target profiles (`targets/*.yaml`, DESIGN §2): what a vendor writes about their server.
//! Names and numbers only; ids only for what the API cannot reveal.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::LoadError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_api_root")]
    pub api_root: String,
    pub version: String,
    #[serde(default)]
    pub features: Features,
    #[serde(default)]
    pub allow_state_changes: bool,
    /// At most this many requests per second to this target (`--rate` too: the lower wins).
    #[serde(default)]
    pub rate: Option<std::num::NonZeroU32>,
    #[serde(default)]
    pub credentials: CredentialsSpec,
    /// This target's snapshot directory, relative to the profile file.
    #[serde(default)]
    pub snapshots: Option<PathBuf>,
    pub core_server: CoreServer,
    #[serde(default)]
    pub fixtures: Fixtures,
}

/// A version of the Live API: the versions the two pages apply to, in order. Written
/// `"3.2"` or `"3.3"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum ApiVersion {
    V3_2,
    V3_3,
}

impl ApiVersion {
    /// `"3.2"` or `"3.3"`.
    pub fn parse(text: &str) -> Option<ApiVersion> {
        match text {
            "3.2" => Some(ApiVersion::V3_2),
            "3.3" => Some(ApiVersion::V3_3),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V3_2 => "3.2",
            ApiVersion::V3_3 => "3.3",
        }
    }
}

impl TryFrom<String> for ApiVersion {
    type Error = String;

    fn try_from(text: String) -> Result<ApiVersion, String> {
        ApiVersion::parse(&text)
            .ok_or_else(|| format!("version `{text}` is not \"3.2\" or \"3.3\" (quote it)"))
    }
}

impl std::fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An optional part of the API a target may have (`features:` in a profile, `requires.features`
/// in a scenario).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Conference rooms and the call segment actions on them (3.3).
    ConferenceRooms,
}

impl Feature {
    /// The name profiles and scenarios spell it with.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::ConferenceRooms => "conference_rooms",
        }
    }
}

impl std::fmt::Display for Feature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Profile {
    /// The profile's version (checked when the profile loads).
    pub fn api_version(&self) -> ApiVersion {
        ApiVersion::parse(&self.version).unwrap_or(ApiVersion::V3_2)
    }
}

fn default_api_root() -> String {
    "/communication_manager/rest/live".to_string()
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Features {
    #[serde(default)]
    pub conference_rooms: bool,
}

impl Fixtures {
    /// The fixtures the profile gives (top-level names, as written in the profile), read off
    /// the profile's own structure: a field added to [`Fixtures`] is listed without a second
    /// list to keep.
    pub fn present(&self) -> Vec<String> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(fields)) => fields
                .into_iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(name, _)| name)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every fixture a profile may give.
    pub fn names() -> Vec<String> {
        match serde_json::to_value(Fixtures::default()) {
            Ok(serde_json::Value::Object(fields)) => fields.into_iter().map(|(n, _)| n).collect(),
            _ => Vec::new(),
        }
    }
}

impl Features {
    /// Whether the profile enables `feature`.
    pub fn enabled(&self, feature: Feature) -> bool {
        match feature {
            Feature::ConferenceRooms => self.conference_rooms,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialsSpec {
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub username_env: Option<String>,
    #[serde(default)]
    pub password_env: Option<String>,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoreServer {
    pub slug: String,
    #[serde(default)]
    pub id: Option<String>,
}

/// An extension: its number, and its id where only the vendor can know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtensionRef {
    pub number: String,
    pub id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtensionRefLong {
    number: String,
    #[serde(default)]
    id: Option<String>,
}

// A number string or `{ number, id }`; hand-written so a typo in the long form keeps serde's
// precise message.
impl<'de> Deserialize<'de> for ExtensionRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ExtensionRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an extension number string or { number, id }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ExtensionRef, E> {
                Ok(ExtensionRef {
                    number: v.to_string(),
                    id: None,
                })
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ExtensionRef, E> {
                Err(E::custom(format!(
                    "extension number {v} must be quoted (\"{v}\"): numbers are strings"
                )))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ExtensionRef, A::Error> {
                let long = ExtensionRefLong::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(ExtensionRef {
                    number: long.number,
                    id: long.id,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fixtures {
    #[serde(default)]
    pub licensed_extension: Option<ExtensionRef>,
    #[serde(default)]
    pub second_licensed_extension: Option<ExtensionRef>,
    #[serde(default)]
    pub unlicensed_extension: Option<ExtensionRef>,
    #[serde(default)]
    pub unbound_extension: Option<ExtensionRef>,
    #[serde(default)]
    pub full_user: Option<FullUser>,
    #[serde(default)]
    pub unlicensed_user: Option<UnlicensedUser>,
    #[serde(default)]
    pub enabled_queue: Option<EnabledQueue>,
    #[serde(default)]
    pub disabled_queue: Option<DisabledQueue>,
    #[serde(default)]
    pub conference_room: Option<ConferenceRoom>,
    #[serde(default)]
    pub no_conference_core: Option<NoConferenceCore>,
    #[serde(default)]
    pub linked_pair: Option<LinkedPair>,
    #[serde(default)]
    pub dialing_pair: Option<DialingPair>,
    #[serde(default)]
    pub external_call: Option<ExternalCall>,
    #[serde(default)]
    pub mixed_call: Option<MixedCall>,
    #[serde(default)]
    pub unlicensed_call: Option<UnlicensedCall>,
    #[serde(default)]
    pub transfer_destination: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FullUser {
    pub name: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub extensions: Vec<String>,
}

/// A user without a full licence and one extension bound to it. The API may hide the user, so
/// its id is given or stays unknown (the id forms of its cases are then not applicable).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnlicensedUser {
    pub name: String,
    #[serde(default)]
    pub id: Option<String>,
    pub extension: ExtensionRef,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnabledQueue {
    pub identifier: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub agent_extension: Option<String>,
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub unlicensed_agent_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DisabledQueue {
    pub identifier: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub agent_id: Option<String>,
    /// The licensed extension `agent_id` belongs to.
    #[serde(default)]
    pub agent_extension: Option<ExtensionRef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConferenceRoom {
    pub identifier: String,
    #[serde(default)]
    pub id: Option<String>,
    /// An extension in the room that most conference cases act on and leave there (mute, then
    /// unmute).
    #[serde(default)]
    pub participant_extension: Option<ExtensionRef>,
    /// A second extension in the room, for the kick: the kick consumes it, so it must not be
    /// `participant_extension`.
    #[serde(default)]
    pub kick_extension: Option<ExtensionRef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NoConferenceCore {
    pub slug: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub extension: Option<ExtensionRef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkedPair {
    pub a: ExtensionRef,
    pub b: ExtensionRef,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DialingPair {
    pub caller: ExtensionRef,
    pub callee: ExtensionRef,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalCall {
    pub extension: ExtensionRef,
    #[serde(default)]
    pub external_segment: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MixedCall {
    pub licensed: ExtensionRef,
    pub unlicensed: ExtensionRef,
    #[serde(default)]
    pub unlicensed_segment: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnlicensedCall {
    pub segment_id: String,
}

/// A profile with where it came from (to resolve relative paths).
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    pub profile: Profile,
    /// The file, or `None` for a profile given as text (the embedded reference server's).
    pub path: Option<PathBuf>,
    /// As shown in messages.
    pub display: String,
}

impl LoadedProfile {
    /// `relative` resolved against the profile file's directory.
    pub fn resolve(&self, relative: &Path) -> PathBuf {
        match self.path.as_deref().and_then(Path::parent) {
            Some(dir) => dir.join(relative),
            None => relative.to_path_buf(),
        }
    }
}

/// Loads a profile file.
pub fn load_profile(path: &Path) -> Result<LoadedProfile, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::io(path, e))?;
    let display = path.display().to_string();
    let profile = parse_profile(&display, &text)?;
    Ok(LoadedProfile {
        profile,
        path: Some(path.to_path_buf()),
        display,
    })
}

/// Parses and checks profile text; `display` names it in errors.
pub fn parse_profile(display: &str, text: &str) -> Result<Profile, LoadError> {
    let help = "see targets/README.md for the profile format";
    let profile: Profile = serde_yaml::from_str(text).map_err(|e| {
        let secret = e.to_string().contains("unknown field `password`");
        let help = if secret {
            "secrets never appear in a profile: set ISYM_PASSWORD (or the variable named by \
             credentials.password_env), or name a password_file"
        } else {
            help
        };
        LoadError::yaml(display, &e, help)
    })?;
    let line_of = |key: &str| -> u32 {
        text.lines()
            .position(|l| l.trim_start().starts_with(&format!("{key}:")))
            .map_or(1, |i| i as u32 + 1)
    };
    if ApiVersion::parse(&profile.version).is_none() {
        return Err(LoadError::invalid(
            display,
            line_of("version"),
            format!("version {:?} is not supported", profile.version),
            "write version: \"3.2\" or version: \"3.3\" (quoted)",
        ));
    }
    if let Some(url) = &profile.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(LoadError::invalid(
                display,
                line_of("base_url"),
                format!("base_url {url:?} is not an http(s) URL"),
                "write base_url: http://host:58080 (without the API root)",
            ));
        }
    }
    if !profile.api_root.starts_with('/') {
        return Err(LoadError::invalid(
            display,
            line_of("api_root"),
            format!("api_root {:?} must start with `/`", profile.api_root),
            "the default is /communication_manager/rest/live",
        ));
    }
    if let Some(room) = &profile.fixtures.conference_room {
        if let (Some(kick), Some(participant)) = (&room.kick_extension, &room.participant_extension)
        {
            if kick.number == participant.number {
                // The fixtures are often written in flow style, one room per line.
                let line = text
                    .lines()
                    .position(|l| l.contains("kick_extension"))
                    .map_or(1, |i| i as u32 + 1);
                return Err(LoadError::invalid(
                    display,
                    line,
                    format!(
                        "conference_room.kick_extension is the participant_extension ({:?}): the \
                         kick would take the participant the other conference cases need",
                        kick.number
                    ),
                    "name a second extension that is in the room, or leave kick_extension out \
                     (the kick cases are then not applicable)",
                ));
            }
        }
    }
    if profile.features.conference_rooms && profile.api_version() < ApiVersion::V3_3 {
        return Err(LoadError::invalid(
            display,
            line_of("conference_rooms"),
            "conference rooms are a 3.3 feature but the profile says version \"3.2\"",
            "set version: \"3.3\" or conference_rooms: false",
        ));
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_fixture_takes_both_forms() {
        let text = "name: t\nversion: \"3.3\"\ncore_server: { slug: default }\nfixtures:\n  licensed_extension: \"1006\"\n  unbound_extension: { number: \"2002\", id: abc }\n";
        let p = parse_profile("t.yaml", text).unwrap();
        assert_eq!(p.fixtures.licensed_extension.unwrap().number, "1006");
        assert_eq!(
            p.fixtures.unbound_extension.unwrap().id.as_deref(),
            Some("abc")
        );
    }

    #[test]
    fn unlicensed_user_and_disabled_queue_agent_extension() {
        let text = "name: t\nversion: \"3.3\"\ncore_server: { slug: default }\nfixtures:\n  unlicensed_user: { name: guest, extension: { number: \"2001\", id: e } }\n  disabled_queue: { identifier: support, agent_id: a, agent_extension: \"1001\" }\n";
        let p = parse_profile("t.yaml", text).unwrap();
        let user = p.fixtures.unlicensed_user.unwrap();
        assert_eq!((user.name.as_str(), user.id), ("guest", None));
        assert_eq!(user.extension.id.as_deref(), Some("e"));
        let queue = p.fixtures.disabled_queue.unwrap();
        assert_eq!(queue.agent_extension.unwrap().number, "1001");
        let missing = "name: t\nversion: \"3.3\"\ncore_server: { slug: default }\nfixtures:\n  unlicensed_user: { name: guest }\n";
        assert!(
            parse_profile("t.yaml", missing).is_err(),
            "the extension is required"
        );
    }

    #[test]
    fn conference_room_kick_extension_is_optional() {
        let text = "name: t\nversion: \"3.3\"\ncore_server: { slug: default }\nfixtures:\n  conference_room: { identifier: \"94868\", participant_extension: \"1008\", kick_extension: \"1010\" }\n";
        let room = parse_profile("t.yaml", text)
            .unwrap()
            .fixtures
            .conference_room
            .unwrap();
        assert_eq!(room.kick_extension.unwrap().number, "1010");
        let without = "name: t\nversion: \"3.3\"\ncore_server: { slug: default }\nfixtures:\n  conference_room: { identifier: \"94868\" }\n";
        let room = parse_profile("t.yaml", without)
            .unwrap()
            .fixtures
            .conference_room
            .unwrap();
        assert!(room.kick_extension.is_none());
        let same = "name: t\nversion: \"3.3\"\ncore_server: { slug: default }\nfixtures:\n  conference_room:\n    identifier: \"94868\"\n    participant_extension: \"1008\"\n    kick_extension: \"1008\"\n";
        let error = parse_profile("t.yaml", same).unwrap_err().to_string();
        assert!(error.contains("t.yaml:8"), "{error}");
        assert!(error.contains("kick_extension"), "{error}");
    }
}
