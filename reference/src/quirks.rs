//! Conformant behaviour that differs from ours, used to prove the harness never blames a server
//! for what the documents leave open.
//!
//! Faults (see [`crate::Fault`]) each break one documented rule; quirks break none. Each quirk
//! takes one of the readings the documents allow where the reference server took another: a
//! different success status for actions, JSON error bodies, another list order, extra fields, the
//! other spelling of a contradicted path, and so on. A conformant server independent of ours may
//! do any of these, so the whole catalogue must pass (warnings allowed) with any of them.
//!
//! Some quirks are alternatives of each other (a server answers actions with 200 or with 202, not
//! both): they share a [`Quirk::group`] and cannot be combined.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

macro_rules! quirks {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $group:expr, $note:literal; )+) => {
        /// One conformant deviation from the reference server's own reading of the documents.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Quirk {
            $( $(#[$doc])* $variant, )+
        }

        impl Quirk {
            const ALL: &'static [Quirk] = &[$(Quirk::$variant),+];

            /// Every quirk, in a stable order.
            pub fn all() -> &'static [Quirk] {
                Self::ALL
            }

            /// The kebab-case name used by `--quirk NAME`.
            pub fn name(&self) -> &'static str {
                match self { $(Quirk::$variant => $name,)+ }
            }

            /// Why the documents allow it (paraphrased, with page and section or ERRATA entry).
            pub fn note(&self) -> &'static str {
                match self { $(Quirk::$variant => $note,)+ }
            }

            /// Quirks of one group are alternatives: at most one of them can be active.
            pub fn group(&self) -> Option<&'static str> {
                match self { $(Quirk::$variant => $group,)+ }
            }
        }
    };
}

quirks! {
    /// Actions answer 200 with an empty body.
    Actions200 => "actions-200", Some("action-status"),
        "The pages give no success status for actions; 200 is a success like the overview's 204 (ERRATA E7)";
    /// Actions answer 202 with a small JSON body.
    Actions202 => "actions-202", Some("action-status"),
        "The pages give no success status for actions; 202 Accepted suits a PBX that acts later (ERRATA E7)";
    /// Error responses carry a JSON object instead of plain text.
    JsonErrorBodies => "json-error-bodies", None,
        "No error body format is documented (API overview > Transport; ERRATA E18)";
    /// Every list comes in reverse order.
    ListsReversed => "lists-reversed", None,
        "List order is not documented (ERRATA E18)";
    /// Every list comes in a fixed pseudo-random order.
    ListsShuffled => "lists-shuffled", None,
        "List order is not documented (ERRATA E18)";
    /// Every object, nested ones included, carries undocumented fields.
    ExtraFields => "extra-fields", None,
        "Extra fields are not forbidden, and may change from one response to the next; the JSON Representation sections list what is there, not what is absent (ERRATA E18)";
    /// Call segment types are spelt `Internal` / `External`.
    TypeMixedCase => "type-mixed-case", None,
        "call-segments.txt > JSON Representation > type spells the values Internal and External in its prose (ERRATA E1)";
    /// A request body that is not JSON answers 400.
    InvalidJson400 => "invalid-json-400", Some("invalid-json"),
        "The overview's 412 for invalid JSON is tolerated as 400, as many frameworks answer (ERRATA E11)";
    /// A request body that is not JSON answers 422.
    InvalidJson422 => "invalid-json-422", Some("invalid-json"),
        "The overview's 412 for invalid JSON is tolerated as 422 (ERRATA E11)";
    /// Bad or missing credentials answer 403, without a WWW-Authenticate challenge.
    BadCredentials403 => "bad-credentials-403", None,
        "The overview documents 403 for invalid credentials; the vendor's client also knows 401 (ERRATA E12)";
    /// Only the path text's `user/` and `agent/` spellings reach the user root and the agent's extension.
    SingularPathsOnly => "singular-paths-only", Some("path-spelling"),
        "extensions.txt's path text writes user/{user}/extensions and agent/{agent_id}/extension (ERRATA E3, E4)";
    /// Only the curl examples' `users/` and `agents/` spellings exist.
    PluralPathsOnly => "plural-paths-only", Some("path-spelling"),
        "extensions.txt's curl examples and the Users and Agents resources write users/ and agents/ (ERRATA E3, E4)";
    /// The kick action is only reachable as `/kicks`.
    KicksOnly => "kicks-only", Some("kick-spelling"),
        "call-segments.txt > Curl Examples posts the kick to /kicks (ERRATA E5)";
    /// The kick action is only reachable as `/kick`.
    KickOnly => "kick-only", Some("kick-spelling"),
        "call-segments.txt > Action Paths names the action /kick (ERRATA E5)";
    /// JSON responses carry no Content-Type header.
    NoContentType => "no-content-type", Some("content-type"),
        "The Content-Type header is not documented (API overview > Transport; ERRATA E18)";
    /// JSON responses are `application/json; charset=utf-8`.
    JsonCharset => "json-charset", Some("content-type"),
        "The Content-Type header is not documented; a charset parameter is ordinary (ERRATA E18)";
    /// Outside callers carry a real DID number instead of "s".
    DidReal => "did-real", None,
        "did is the number the caller used to enter the system: any string (call-segments.txt > JSON Representation > did)";
    /// Internal callers carry a null DID.
    DidNullInternal => "did-null-internal", None,
        "did may be null when no DID could be determined, as for a call placed from an extension (call-segments.txt > JSON Representation > did)";
    /// Different UUIDs for every object (another seed); nothing else changes.
    OtherIds => "other-ids", None,
        "Ids are opaque and do not survive a restart (API overview > Identity)";
    /// A dialled party takes at least 400 ms to answer.
    SlowAnswer => "slow-answer", None,
        "How long a call rings is up to the callee; originate documents no timing (extensions.txt > Action Paths > originate)";
    /// Actions are accepted at once and take effect about 150 ms later.
    AsyncActions => "async-actions", None,
        "A PBX carries actions out asynchronously; the pages promise no ordering between the answer and the state change (extensions.txt, call-segments.txt > Action Paths)";
    /// dialingFromCallSegment of an unlicensed segment that nobody dials answers 404.
    DialingFrom404First => "dialing-from-404-first", None,
        "call-segments.txt > dialingFromCallSegment lists a 403 and a 404 rule that both match such a segment, unordered (ERRATA E9)";
    /// kick/mute/unmute on a segment in no room answer 409.
    NotInRoom409 => "not-in-room-409", None,
        "call-segments.txt > kick/mute/unmute warn that a room is needed but document no status for a segment in none (ERRATA E8)";
    /// A disabled queue, and an agent whose extension is unlicensed, answer 404 on the queue
    /// paths; below a disabled queue's agent's extension, the children and actions answer 404.
    HiddenAs404 => "hidden-as-404", None,
        "The overview calls them not available without a status; only the agent's-extension path documents 403 (ERRATA E10, E22)";
    /// An answered (linked) segment no longer reports `incoming`.
    IncomingEndsOnAnswer => "incoming-ends-on-answer", None,
        "incoming means being dialed by another segment; once answered a segment is linked, not dialed (call-segments.txt > JSON Representation > incoming; ERRATA E19)";
    /// Segments in one conference room count as bound to each other for licensing.
    RoomPeersVisible => "room-peers-visible", None,
        "The licensing rule's being bound to another segment may cover sharing a conference room (call-segments.txt > Root Resource Paths; ERRATA E20)";
    /// Every response closes the connection (no keep-alive).
    ConnectionClose => "connection-close", None,
        "Connection reuse is not documented (API overview > Transport)";
    /// A segment read through an extension's or room's root need not belong to it.
    ForeignSegmentReadable => "foreign-segment-readable", None,
        "The pages do not say whether a segment outside that extension or room is found under its root (ERRATA E17)";
    /// A kicked segment stays up, outside any room, instead of being hung up.
    KickKeepsCall => "kick-keeps-call", None,
        "call-segments.txt > Action Paths > kick takes the segment out of its room and says nothing of its call (ERRATA E23)";
}

impl Quirk {
    /// Looks a quirk up by its kebab-case name.
    pub fn from_name(s: &str) -> Option<Quirk> {
        Self::ALL.iter().copied().find(|q| q.name() == s)
    }

    /// Whether `self` and `other` are alternatives that cannot both be active.
    pub fn conflicts_with(self, other: Quirk) -> bool {
        self != other && self.group().is_some() && self.group() == other.group()
    }

    /// The first two quirks of `quirks` that cannot be combined, if any.
    pub fn first_conflict(quirks: &[Quirk]) -> Option<(Quirk, Quirk)> {
        quirks.iter().enumerate().find_map(|(i, a)| {
            quirks[i + 1..]
                .iter()
                .find(|b| a.conflicts_with(**b))
                .map(|b| (*a, *b))
        })
    }

    /// Sets of compatible quirks that together hold every quirk: every ungrouped quirk in each,
    /// and the n-th member of each group in the n-th set (`--quirk all` is the first set).
    pub fn combinations() -> Vec<Vec<Quirk>> {
        let mut groups: Vec<(&str, Vec<Quirk>)> = Vec::new();
        for quirk in Self::ALL {
            if let Some(g) = quirk.group() {
                match groups.iter_mut().find(|(name, _)| *name == g) {
                    Some((_, members)) => members.push(*quirk),
                    None => groups.push((g, vec![*quirk])),
                }
            }
        }
        let sets = groups.iter().map(|(_, m)| m.len()).max().unwrap_or(1);
        (0..sets)
            .map(|n| {
                Self::ALL
                    .iter()
                    .copied()
                    .filter(|q| match q.group() {
                        None => true,
                        Some(g) => groups
                            .iter()
                            .find(|(name, _)| *name == g)
                            .is_some_and(|(_, members)| members[n % members.len()] == *q),
                    })
                    .collect()
            })
            .collect()
    }

    fn bit(self) -> u64 {
        1 << (self as u32)
    }
}

/// A set of active quirks, cheap to test on the request path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct QuirkSet(u64);

impl QuirkSet {
    pub(crate) fn new(quirks: &[Quirk]) -> Self {
        Self(quirks.iter().fold(0, |acc, q| acc | q.bit()))
    }

    pub(crate) fn has(self, quirk: Quirk) -> bool {
        self.0 & quirk.bit() != 0
    }
}

/// How long after its answer an action takes effect under `async-actions`.
pub(crate) const ASYNC_ACTION_DELAY: std::time::Duration = std::time::Duration::from_millis(150);

/// The slowest answer delay under `slow-answer`.
pub(crate) const SLOW_ANSWER_DELAY: std::time::Duration = std::time::Duration::from_millis(400);

/// XORed into the seed under `other-ids`.
pub(crate) const OTHER_IDS_SEED: u64 = 0x5eed_0f1d;

/// The DID an outside caller dialled under `did-real` (a toll-free number of the PBX).
const REAL_DID: &str = "18005551000";

/// Whether the path is refused because this server only knows the other spelling of a
/// contradicted segment (`user`/`users`, `agent`/`agents`, `kick`/`kicks`). `segments` are the
/// path segments below `coreServers`.
pub(crate) fn rejects_spelling(quirks: QuirkSet, segments: &[&str]) -> bool {
    let singular = quirks.has(Quirk::SingularPathsOnly);
    let plural = quirks.has(Quirk::PluralPathsOnly);
    let at = |i: usize| segments.get(i).copied();
    // Skips an `[{id} | getByName/{name}]` reference starting at `i`.
    let after_ref = |i: usize| {
        if at(i) == Some("getByName") {
            i + 2
        } else {
            i + 1
        }
    };
    let below_core = after_ref(0);
    match at(below_core) {
        Some(word @ ("user" | "users")) => {
            let user_root = at(after_ref(below_core + 1)).is_some();
            // The Users resource itself is `users/` (API overview); only the user root of
            // extensions.txt is spelt two ways.
            (plural && word == "user") || (singular && (word == "user") != user_root)
        }
        Some("queues") => {
            let agents = after_ref(below_core + 1);
            let word = at(agents);
            let agent_extension = at(agents + 2).is_some();
            (plural && word == Some("agent"))
                || (singular && word == Some("agent") && !agent_extension)
                || (singular && word == Some("agents") && agent_extension)
        }
        _ => match segments.last().copied() {
            Some("kick") => quirks.has(Quirk::KicksOnly),
            Some("kicks") => quirks.has(Quirk::KickOnly),
            _ => false,
        },
    }
}

/// Reshapes a successful JSON document: DIDs, type spelling, extra fields, list order.
pub(crate) fn shape_json(value: &mut Value, quirks: QuirkSet) {
    if quirks.has(Quirk::DidReal) || quirks.has(Quirk::DidNullInternal) {
        each_object(value, &mut |m| {
            let external = m.get("type").and_then(Value::as_str) == Some("EXTERNAL");
            if m.get("did").and_then(Value::as_str) == Some("s") {
                if external && quirks.has(Quirk::DidReal) {
                    m.insert("did".into(), REAL_DID.into());
                } else if !external && quirks.has(Quirk::DidNullInternal) {
                    m.insert("did".into(), Value::Null);
                }
            }
        });
    }
    if quirks.has(Quirk::TypeMixedCase) {
        each_object(value, &mut |m| {
            let spelt = match m.get("type").and_then(Value::as_str) {
                Some("INTERNAL") => "Internal",
                Some("EXTERNAL") => "External",
                _ => return,
            };
            m.insert("type".into(), spelt.into());
        });
    }
    if quirks.has(Quirk::ExtraFields) {
        // `revision` changes with every object served, as a live counter or timestamp would.
        static REVISION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        each_object(value, &mut |m| {
            let revision = REVISION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            m.insert("revision".into(), revision.into());
            m.insert(
                "vendorAttributes".into(),
                json!({ "source": "pbx", "tags": [] }),
            );
        });
    }
    if let Value::Array(items) = value {
        if quirks.has(Quirk::ListsShuffled) {
            items.sort_by_cached_key(|item| {
                use std::hash::{DefaultHasher, Hash, Hasher};
                let mut hasher = DefaultHasher::new();
                item.get("id").map(Value::to_string).hash(&mut hasher);
                hasher.finish()
            });
        }
        if quirks.has(Quirk::ListsReversed) {
            items.reverse();
        }
    }
}

/// Calls `f` on every object of `value`, outer objects before the objects inside them (so the
/// extras added to a call segment do not get extras of their own, but its callerId does).
fn each_object(value: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            let originals: Vec<String> = map.keys().cloned().collect();
            f(map);
            for key in originals {
                if let Some(inner) = map.get_mut(&key) {
                    each_object(inner, f);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| each_object(item, f)),
        _ => {}
    }
}

/// The success response of an action.
pub(crate) fn action_response(quirks: QuirkSet) -> Response {
    let mut response = if quirks.has(Quirk::Actions202) {
        let mut response = Response::new(Body::from(r#"{"accepted":true}"#));
        *response.status_mut() = StatusCode::ACCEPTED;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    } else {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = if quirks.has(Quirk::Actions200) {
            StatusCode::OK
        } else {
            StatusCode::NO_CONTENT
        };
        response
    };
    content_type(&mut response, quirks);
    response
}

/// Adjusts a finished response: error statuses, error bodies (`error` is the message of an
/// error response), then the JSON content type.
pub(crate) fn finish(mut response: Response, quirks: QuirkSet, error: Option<&str>) -> Response {
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED && quirks.has(Quirk::BadCredentials403) {
        *response.status_mut() = StatusCode::FORBIDDEN;
        response.headers_mut().remove(header::WWW_AUTHENTICATE);
    }
    if status == StatusCode::PRECONDITION_FAILED {
        if quirks.has(Quirk::InvalidJson400) {
            *response.status_mut() = StatusCode::BAD_REQUEST;
        } else if quirks.has(Quirk::InvalidJson422) {
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        }
    }
    if let Some(message) = error.filter(|_| quirks.has(Quirk::JsonErrorBodies)) {
        let body = json!({ "error": { "code": response.status().as_u16(), "message": message } });
        *response.body_mut() = Body::from(body.to_string());
        response.headers_mut().remove(header::CONTENT_LENGTH);
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    content_type(&mut response, quirks);
    response
}

fn content_type(response: &mut Response, quirks: QuirkSet) {
    let headers = response.headers_mut();
    if quirks.has(Quirk::ConnectionClose) {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    if headers.get(header::CONTENT_TYPE) != Some(&HeaderValue::from_static("application/json")) {
        return;
    }
    if quirks.has(Quirk::NoContentType) {
        headers.remove(header::CONTENT_TYPE);
    } else if quirks.has(Quirk::JsonCharset) {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_round_trip_and_have_notes() {
        let mut seen = std::collections::HashSet::new();
        assert!(Quirk::all().len() < 64);
        for q in Quirk::all() {
            assert!(seen.insert(q.name()), "duplicate {}", q.name());
            assert!(q
                .name()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()));
            assert_eq!(Quirk::from_name(q.name()), Some(*q));
            assert!(!q.note().is_empty());
            assert!(crate::Fault::from_name(q.name()).is_none());
        }
        assert_eq!(Quirk::from_name("all"), None);
    }

    #[test]
    fn combinations_are_compatible_and_cover_every_quirk() {
        let sets = Quirk::combinations();
        assert_eq!(sets.len(), 2);
        for set in &sets {
            assert_eq!(Quirk::first_conflict(set), None, "{set:?}");
        }
        for q in Quirk::all() {
            assert!(sets.iter().any(|s| s.contains(q)), "{q:?} in no set");
        }
        assert_eq!(
            Quirk::first_conflict(&[Quirk::KickOnly, Quirk::ExtraFields, Quirk::KicksOnly]),
            Some((Quirk::KickOnly, Quirk::KicksOnly))
        );
    }

    fn rejects(quirk: Quirk, path: &str) -> bool {
        let segments: Vec<&str> = path.split('/').collect();
        rejects_spelling(QuirkSet::new(&[quirk]), &segments)
    }

    #[test]
    fn spelling_quirks_reject_only_the_other_spelling() {
        use Quirk::{KickOnly, KicksOnly, PluralPathsOnly, SingularPathsOnly};
        let user_root = "c/user/getByName/alice/extensions";
        let users_root = "c/users/u/extensions/e";
        assert!(!rejects(SingularPathsOnly, user_root));
        assert!(rejects(SingularPathsOnly, users_root));
        assert!(rejects(PluralPathsOnly, user_root));
        assert!(!rejects(PluralPathsOnly, users_root));
        // The Users and Agents resources keep their own spelling either way.
        for quirk in [SingularPathsOnly, PluralPathsOnly] {
            assert!(!rejects(quirk, "getByName/default/users/u"));
            assert!(!rejects(quirk, "c/users"));
            assert!(!rejects(quirk, "c/queues/q/agents"));
            assert!(!rejects(quirk, "c/queues/getByName/sales/agents/a"));
        }
        assert!(!rejects(SingularPathsOnly, "c/queues/q/agent/a/extension"));
        assert!(rejects(SingularPathsOnly, "c/queues/q/agents/a/extension"));
        assert!(rejects(PluralPathsOnly, "c/queues/q/agent/a/extension"));
        assert!(!rejects(PluralPathsOnly, "c/queues/q/agents/a/extension"));
        assert!(rejects(KicksOnly, "c/callSegments/s/kick"));
        assert!(!rejects(KicksOnly, "c/callSegments/s/kicks"));
        assert!(rejects(KickOnly, "c/callSegments/s/kicks"));
        assert!(!rejects(KickOnly, "c/callSegments/s/mute"));
    }

    #[test]
    fn json_is_reshaped() {
        let quirks = QuirkSet::new(&[
            Quirk::DidReal,
            Quirk::DidNullInternal,
            Quirk::TypeMixedCase,
            Quirk::ExtraFields,
            Quirk::ListsReversed,
        ]);
        let mut list = json!([
            { "id": "a", "type": "INTERNAL", "did": "s", "callerId": { "id": "x" } },
            { "id": "b", "type": "EXTERNAL", "did": "s" },
            { "id": "c", "type": "EXTERNAL", "did": null },
        ]);
        shape_json(&mut list, quirks);
        assert_eq!(list[0]["id"], "c");
        assert_eq!(list[0]["did"], Value::Null);
        assert_eq!(list[1]["did"], REAL_DID);
        assert_eq!(list[1]["type"], "External");
        assert_eq!(list[2]["did"], Value::Null);
        assert_eq!(list[2]["type"], "Internal");
        assert!(list[2]["callerId"]["revision"].is_u64());
        assert!(list[2]["vendorAttributes"].get("revision").is_none());
    }
}
