//! Discovery (DESIGN §2): the profile's names and numbers resolved into ids through the API, once
//! per run, into the tree templates read (`core.*`, `fixtures.*`).
//!
//! Only the paths of the two pages are relied on. Every lookup tries them in order (getByName,
//! then the list searched by field), so one broken path fails the cases that use it, not the
//! whole run. A fixture that a documented path cannot resolve is recorded as failed with the
//! request that failed; the cases that need it fail. Ids that only undocumented paths reveal
//! (the core server's, a user's, a queue's, a room's: the Users, Queues, Conference rooms and
//! core server resources are not on the two pages) are tried there and, when those paths do not
//! answer, left unknown with the profile field that would give them: the cases that need them
//! are not applicable, while the name forms of the same paths still run. A transport error is
//! no verdict on the target: the cases that need the fixture end in `error`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::error::RunError;
use crate::exec::client::{self, AuthHeader, HttpRequest};
use crate::profile::{ConferenceRoom, ExtensionRef, Profile};

/// The resolved world.
#[derive(Debug, Clone)]
pub struct World {
    /// `{ core: {id, slug}, fixtures: {...}, unknown: {number} }`.
    pub tree: Value,
    /// Top-level fixtures the profile names.
    pub present: BTreeSet<String>,
    /// Top-level fixtures whose discovery failed, with the reason.
    pub failed: BTreeMap<String, String>,
    /// Values of a fixture that discovery did resolve but left empty, by template name, with why:
    /// the target does not (or no longer) show the state they stand for. The cases that need
    /// them are not applicable with that reason (e.g. a kick participant an earlier run kicked).
    pub missing: BTreeMap<String, String>,
    /// Top-level fixtures (or `core`) whose discovery met a transport error, with the reason:
    /// the cases that need them end in `error`, not `fail`.
    pub errored: BTreeMap<String, String>,
    /// Requests discovery made.
    pub requests: u32,
    /// The longest chain of them that had to be sent one after another (fixtures resolve in
    /// parallel), for benchmarks' critical path.
    pub chain: u32,
}

/// The value `unknown.number` resolves to.
pub const UNKNOWN_NUMBER: &str = "999999999";

struct Prober<'a> {
    client: &'a client::Client,
    api_base: &'a str,
    auth: AuthHeader,
    requests: std::sync::atomic::AtomicU32,
    /// Of `requests`, those its forks sent, and the most one fork sent.
    forked: std::sync::atomic::AtomicU32,
    longest: std::sync::atomic::AtomicU32,
}

impl Prober<'_> {
    fn requests(&self) -> u32 {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A prober for one thread, counting its own requests.
    fn fork(&self) -> Self {
        Prober {
            client: self.client,
            api_base: self.api_base,
            auth: self.auth.clone(),
            requests: std::sync::atomic::AtomicU32::new(0),
            forked: std::sync::atomic::AtomicU32::new(0),
            longest: std::sync::atomic::AtomicU32::new(0),
        }
    }

    /// Counts the requests of a fork, and keeps the longest fork's count.
    fn absorb(&self, fork: &Self) {
        let n = fork.requests();
        self.requests
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        self.forked
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        self.longest
            .fetch_max(n, std::sync::atomic::Ordering::Relaxed);
    }

    /// The requests sent one after another: this prober's own, then the longest fork's.
    fn chain(&self) -> u32 {
        let forks = self.longest.load(std::sync::atomic::Ordering::Relaxed);
        let total = self.requests();
        // Own requests are the total less the forks'; the forks ran side by side.
        total.saturating_sub(self.forked.load(std::sync::atomic::Ordering::Relaxed)) + forks
    }

    /// GET `path` (below the API root) expecting 200 and JSON.
    fn get(&self, path: &str) -> Result<Value, Probe> {
        let request = HttpRequest {
            label: "discovery".into(),
            method: "GET",
            url: format!("{}{path}", self.api_base),
            headers: vec![("Accept".into(), "application/json".into())],
            body: None,
            auth: self.auth.clone(),
        };
        self.requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let response = client::send(self.client, &request).map_err(|e| Probe {
            message: format!("GET {}: {}", request.url, e.message),
            unreachable: e.unreachable,
            transport: true,
        })?;
        if response.status != 200 {
            return Err(Probe::failed(format!(
                "GET {} answered {}",
                request.url, response.status
            )));
        }
        serde_json::from_slice(&response.body)
            .map_err(|e| Probe::failed(format!("GET {} did not answer JSON: {e}", request.url)))
    }

    /// The id of an object: `getByName/<name>` under `collection`, else the list searched by
    /// `field`.
    fn id_by_name(&self, collection: &str, name: &str, field: &str) -> Result<String, Probe> {
        let by_name = self.get(&format!("{collection}/getByName/{name}"));
        match by_name {
            Ok(value) => {
                if let Some(id) = value.get("id").and_then(Value::as_str) {
                    return Ok(id.to_string());
                }
            }
            Err(e) if !e.answered() => return Err(e),
            Err(_) => {}
        }
        let list = self.get(collection)?;
        list.as_array()
            .into_iter()
            .flatten()
            .find(|item| item.get(field).and_then(Value::as_str) == Some(name))
            .and_then(|item| item.get("id").and_then(Value::as_str))
            .map(str::to_string)
            .ok_or_else(|| {
                let name_result = by_name_failure(self.api_base, collection, name);
                Probe::failed(format!(
                    "{name_result}, and no item of GET {}{collection} has {field} {name:?}",
                    self.api_base
                ))
            })
    }

    /// The ids of an extension's call segments.
    fn segments_of(&self, core: &str, ext: &str) -> Result<Vec<String>, Probe> {
        let list = self.get(&format!(
            "/coreServers/{core}/extensions/{ext}/callSegments"
        ))?;
        Ok(ids_of(&list))
    }

    /// The id of the segment linked to `segment` (none when it is not linked).
    fn linked(&self, core: &str, segment: &str) -> Result<Option<String>, Probe> {
        let value = self.get(&format!(
            "/coreServers/{core}/callSegments/{segment}/linkedCallSegment"
        ));
        match value {
            Ok(v) => Ok(v.get("id").and_then(Value::as_str).map(str::to_string)),
            Err(e) if !e.answered() => Err(e),
            Err(_) => Ok(None),
        }
    }
}

fn by_name_failure(api_base: &str, collection: &str, name: &str) -> String {
    format!("GET {api_base}{collection}/getByName/{name} did not give an id")
}

fn ids_of(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item.get("id").and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

#[derive(Debug)]
struct Probe {
    message: String,
    /// The connection was refused: nothing listens at the target.
    unreachable: bool,
    /// A transport error (timeout, broken connection): the target gave no answer to judge.
    transport: bool,
}

impl Probe {
    fn failed(message: String) -> Probe {
        Probe {
            message,
            unreachable: false,
            transport: false,
        }
    }

    /// Whether the target answered (with the wrong thing): only then may a fixture fail.
    fn answered(&self) -> bool {
        !self.unreachable && !self.transport
    }
}

/// What a lookup through an undocumented path learned: the id, or why it is unknown (naming
/// the profile field that would give it).
fn undocumented_id(
    result: Result<String, Probe>,
    field: &str,
) -> Result<Result<String, String>, Probe> {
    match result {
        Ok(id) => Ok(Ok(id)),
        Err(p) if !p.answered() => Err(p),
        Err(p) => Ok(Err(format!(
            "the two pages document no path that reveals this id ({}); give `{field}` in the \
             profile to run the id form",
            p.message
        ))),
    }
}

/// The id the profile gives, else what `collection`'s undocumented lookup by `name` finds, else
/// why it stays unknown (naming `field`, the profile field that gives it).
fn given_or_found(
    p: &Prober,
    given: &Option<String>,
    collection: &str,
    name: &str,
    by: &str,
    field: &str,
) -> Result<Result<String, String>, Probe> {
    match given {
        Some(id) => Ok(Ok(id.clone())),
        None => undocumented_id(p.id_by_name(collection, name, by), field),
    }
}

/// Puts a fixture's id into its value, or notes (as `name`) why it is unknown.
fn set_id(value: &mut Value, id: Result<String, String>, unknown: &mut Unknown, name: &str) {
    match id {
        Ok(id) => value["id"] = json!(id),
        Err(why) => unknown.note(name, why),
    }
}

/// Collects the fixtures as they resolve.
struct Recorder {
    fixtures: Map<String, Value>,
    present: BTreeSet<String>,
    failed: BTreeMap<String, String>,
    missing: BTreeMap<String, String>,
    errored: BTreeMap<String, String>,
}

impl Recorder {
    /// Records fixture `name`; a refused connection ends discovery (the target is unreachable).
    fn record(&mut self, name: &str, result: Result<Value, Probe>) -> Result<(), Probe> {
        self.present.insert(name.to_string());
        match result {
            Ok(value) => {
                self.fixtures.insert(name.to_string(), value);
            }
            Err(p) if p.unreachable => return Err(p),
            Err(p) if p.transport => {
                self.errored.insert(name.to_string(), p.message);
            }
            Err(p) => {
                self.failed.insert(name.to_string(), p.message);
            }
        }
        Ok(())
    }

    /// Notes that template value `name` is unknown, and why.
    fn unknown(&mut self, name: &str, why: String) {
        self.missing.insert(name.to_string(), why);
    }
}

/// Resolves `profile` against the target. Fails only when the target cannot be reached at all.
pub fn discover(
    profile: &Profile,
    client: &client::Client,
    api_base: &str,
    auth: AuthHeader,
) -> Result<World, RunError> {
    let prober = Prober {
        client,
        api_base,
        auth,
        requests: std::sync::atomic::AtomicU32::new(0),
        forked: std::sync::atomic::AtomicU32::new(0),
        longest: std::sync::atomic::AtomicU32::new(0),
    };
    let unreachable = |p: Probe| RunError::Unreachable {
        url: api_base.to_string(),
        message: p.message,
    };
    let mut r = Recorder {
        fixtures: Map::new(),
        present: BTreeSet::new(),
        failed: BTreeMap::new(),
        missing: BTreeMap::new(),
        errored: BTreeMap::new(),
    };
    let slug = &profile.core_server.slug;
    // The core server's id: the profile's, else the core server resource's (not on the pages).
    let core_id = match &profile.core_server.id {
        Some(id) => Ok(id.clone()),
        None => match undocumented_id(
            prober.id_by_name("/coreServers", slug, "slug"),
            "core_server.id",
        ) {
            Ok(found) => found,
            Err(p) if p.unreachable => return Err(unreachable(p)),
            Err(p) => {
                let why = p.message;
                return Ok(World::without_core(
                    profile,
                    slug,
                    prober.requests(),
                    None,
                    Some(why),
                ));
            }
        },
    };
    // Every other lookup goes through a documented path: the id form when the id is known (so a
    // broken getByName form fails only the cases using it), else the slug form.
    let core = match &core_id {
        Ok(id) => id.clone(),
        Err(why) => {
            r.unknown("core.id", why.clone());
            format!("getByName/{slug}")
        }
    };
    if core_id.is_err() {
        // The core server must still answer through a documented path, or nothing can be found.
        if let Err(p) = prober.get(&format!("/coreServers/{core}/extensions")) {
            if p.unreachable {
                return Err(unreachable(p));
            }
            let requests = prober.requests();
            let message = format!(
                "the core server {slug:?} could not be resolved: {}",
                p.message
            );
            return Ok(if p.transport {
                World::without_core(profile, slug, requests, None, Some(message))
            } else {
                World::without_core(profile, slug, requests, Some(message), None)
            });
        }
    }
    let result = resolve_fixtures(&prober, profile, &core, &mut r);
    if let Err(p) = result {
        return Err(unreachable(p));
    }
    let mut core_value = json!({ "slug": slug });
    if let Ok(id) = &core_id {
        core_value["id"] = json!(id);
    }
    Ok(World {
        tree: json!({
            "core": core_value,
            "fixtures": Value::Object(r.fixtures),
            "unknown": { "number": UNKNOWN_NUMBER },
        }),
        present: r.present,
        failed: r.failed,
        missing: r.missing,
        errored: r.errored,
        requests: prober.requests(),
        chain: prober.chain(),
    })
}

impl World {
    /// The world of a target whose core server could not be resolved: every fixture shares the
    /// reason, as a failure (`failed`: the target answered wrongly) or an error (`errored`).
    fn without_core(
        profile: &Profile,
        slug: &str,
        requests: u32,
        failed: Option<String>,
        errored: Option<String>,
    ) -> World {
        let mut world = World {
            tree: json!({
                "core": { "slug": slug },
                "fixtures": {},
                "unknown": { "number": UNKNOWN_NUMBER },
            }),
            present: BTreeSet::new(),
            failed: BTreeMap::new(),
            missing: BTreeMap::new(),
            errored: BTreeMap::new(),
            requests,
            chain: requests,
        };
        let (map, why) = match (failed, errored) {
            (Some(why), _) => (&mut world.failed, why),
            (None, Some(why)) => (&mut world.errored, why),
            (None, None) => return world,
        };
        for name in present_fixtures(profile) {
            map.insert(name.clone(), why.clone());
            world.present.insert(name);
        }
        map.insert("core".into(), why);
        world
    }
}

/// Resolves every fixture of the profile below core server reference `core` (an id or
/// `getByName/<slug>`). Errs only when the target refuses connections.
fn resolve_fixtures(
    p: &Prober,
    profile: &Profile,
    core: &str,
    r: &mut Recorder,
) -> Result<(), Probe> {
    let f = &profile.fixtures;
    let extensions = format!("/coreServers/{core}/extensions");
    let extensions = extensions.as_str();
    // Each fixture is resolved on its own thread (they are independent: a run waits on the
    // network, not the CPU) and recorded in profile order.
    let mut jobs: Vec<Job<'_>> = Vec::new();

    if let Some(e) = &f.licensed_extension {
        jobs.push(Job::new("licensed_extension", move |p, _| {
            extension(p, extensions, e)
        }));
    }
    if let Some(e) = &f.second_licensed_extension {
        jobs.push(Job::new("second_licensed_extension", move |p, _| {
            extension(p, extensions, e)
        }));
    }
    // Excluded objects cannot be found through the API: their ids come from the profile or stay
    // unknown (variants that need them are not applicable).
    if let Some(e) = &f.unlicensed_extension {
        jobs.push(Job::new("unlicensed_extension", move |_, _| {
            Ok(given_extension(e))
        }));
    }
    if let Some(e) = &f.unbound_extension {
        jobs.push(Job::new("unbound_extension", move |_, _| {
            Ok(given_extension(e))
        }));
    }
    if let Some(user) = &f.full_user {
        jobs.push(Job::new("full_user", move |p, unknown| {
            let users = format!("/coreServers/{core}/users");
            let field = "fixtures.full_user.id";
            let id = given_or_found(p, &user.id, &users, &user.name, "userName", field)?;
            let mut value = json!({ "name": user.name, "extensions": user.extensions });
            set_id(&mut value, id, unknown, field);
            Ok(value)
        }));
    }
    if let Some(user) = &f.unlicensed_user {
        let value = json!({
            "id": user.id, "name": user.name, "extension": given_extension(&user.extension),
        });
        jobs.push(Job::new("unlicensed_user", move |_, _| Ok(value)));
    }
    if let Some(q) = &f.enabled_queue {
        jobs.push(Job::new("enabled_queue", move |p, unknown| {
            let queues = format!("/coreServers/{core}/queues");
            let field = "fixtures.enabled_queue.id";
            let id = given_or_found(p, &q.id, &queues, &q.identifier, "identifier", field)?;
            let agent_id = match (&q.agent_id, &q.agent_extension) {
                (Some(a), _) => Some(a.clone()),
                (None, Some(number)) => {
                    let ext = p.id_by_name(extensions, number, "extensionNumber")?;
                    Some(agent_of(p, core, &q.identifier, &ext)?)
                }
                (None, None) => None,
            };
            let mut value = json!({
                "identifier": q.identifier, "agent_id": agent_id,
                "unlicensed_agent_id": q.unlicensed_agent_id,
            });
            set_id(&mut value, id, unknown, field);
            Ok(value)
        }));
    }
    if let Some(q) = &f.disabled_queue {
        jobs.push(Job::new("disabled_queue", move |p, _| {
            let mut value =
                json!({ "id": q.id, "identifier": q.identifier, "agent_id": q.agent_id });
            // The agent is hidden, its extension is not: it is bound to a full user.
            if let Some(e) = &q.agent_extension {
                value["agent_extension"] = extension(p, extensions, e)?;
            }
            Ok(value)
        }));
    }
    if let Some(room) = &f.conference_room {
        jobs.push(Job::new("conference_room", move |p, unknown| {
            let mut empty = Vec::new();
            let result = conference_room(p, core, extensions, room, &mut empty);
            for (value, why) in empty {
                unknown.note(&format!("fixtures.conference_room.{value}"), why);
            }
            result
        }));
    }
    if let Some(other) = &f.no_conference_core {
        jobs.push(Job::new("no_conference_core", move |p, unknown| {
            let field = "fixtures.no_conference_core.id";
            let id = given_or_found(p, &other.id, "/coreServers", &other.slug, "slug", field)?;
            let reference = match &id {
                Ok(id) => id.clone(),
                Err(_) => format!("getByName/{}", other.slug),
            };
            let mut value = json!({ "slug": other.slug });
            set_id(&mut value, id, unknown, field);
            if let Some(e) = &other.extension {
                let ext = extension(p, &format!("/coreServers/{reference}/extensions"), e)?;
                let ext_id = ext["id"].as_str().unwrap_or_default().to_string();
                value["segment"] = json!(p.segments_of(&reference, &ext_id)?.into_iter().next());
                value["extension"] = ext;
            }
            Ok(value)
        }));
    }
    if let Some(pair) = &f.linked_pair {
        jobs.push(Job::new("linked_pair", move |p, _| {
            let (mut a, mut b) = (
                extension(p, extensions, &pair.a)?,
                extension(p, extensions, &pair.b)?,
            );
            let a_segments = p.segments_of(core, a["id"].as_str().unwrap_or_default())?;
            let b_segments = p.segments_of(core, b["id"].as_str().unwrap_or_default())?;
            for segment in &a_segments {
                if let Some(linked) = p.linked(core, segment)? {
                    if b_segments.contains(&linked) {
                        a["segment"] = json!(segment);
                        b["segment"] = json!(linked);
                        return Ok(json!({ "a": a, "b": b }));
                    }
                }
            }
            Err(Probe::failed(format!(
                "no call segment of extension {} has a linkedCallSegment among extension {}'s segments",
                pair.a.number, pair.b.number
            )))
        }));
    }
    if let Some(pair) = &f.dialing_pair {
        jobs.push(Job::new("dialing_pair", move |p, _| {
            let mut caller = extension(p, extensions, &pair.caller)?;
            let mut callee = extension(p, extensions, &pair.callee)?;
            let caller_segments = p.segments_of(core, caller["id"].as_str().unwrap_or_default())?;
            let callee_segments = p.segments_of(core, callee["id"].as_str().unwrap_or_default())?;
            for segment in &caller_segments {
                let dialing = p.get(&format!(
                    "/coreServers/{core}/callSegments/{segment}/dialingToCallSegments"
                ));
                let dialing = match dialing {
                    Ok(list) => ids_of(&list),
                    Err(e) if !e.answered() => return Err(e),
                    Err(_) => continue,
                };
                if let Some(target) = dialing.iter().find(|d| callee_segments.contains(d)) {
                    caller["segment"] = json!(segment);
                    callee["segment"] = json!(target);
                    return Ok(json!({ "caller": caller, "callee": callee }));
                }
            }
            Err(Probe::failed(format!(
                "no call segment of extension {} lists one of extension {}'s segments in dialingToCallSegments",
                pair.caller.number, pair.callee.number
            )))
        }));
    }
    if let Some(call) = &f.external_call {
        jobs.push(Job::new("external_call", move |p, _| {
            let mut ext = extension(p, extensions, &call.extension)?;
            let (segment, external) = match &call.external_segment {
                Some(s) => (
                    first_segment(p, core, &ext, &call.extension.number)?,
                    s.clone(),
                ),
                None => linked_segment(p, core, &ext, &call.extension.number)?,
            };
            ext["segment"] = json!(segment);
            Ok(json!({ "extension": ext, "external_segment": external }))
        }));
    }
    if let Some(call) = &f.mixed_call {
        jobs.push(Job::new("mixed_call", move |p, _| {
            let mut licensed = extension(p, extensions, &call.licensed)?;
            let (segment, unlicensed_segment) = match &call.unlicensed_segment {
                Some(s) => (
                    first_segment(p, core, &licensed, &call.licensed.number)?,
                    s.clone(),
                ),
                None => linked_segment(p, core, &licensed, &call.licensed.number)?,
            };
            licensed["segment"] = json!(segment);
            Ok(json!({
                "licensed": licensed,
                "unlicensed": given_extension(&call.unlicensed),
                "unlicensed_segment": unlicensed_segment,
            }))
        }));
    }
    if let Some(call) = &f.unlicensed_call {
        jobs.push(Job::new("unlicensed_call", move |_, _| {
            Ok(json!({ "segment": call.segment_id }))
        }));
    }
    if let Some(number) = &f.transfer_destination {
        jobs.push(Job::new("transfer_destination", move |_, _| {
            Ok(json!(number))
        }));
    }
    let outcomes: Vec<(&str, Result<Value, Probe>, Unknown)> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|job| {
                scope.spawn(move || {
                    let mut unknown = Unknown::default();
                    let own = p.fork();
                    let result = (job.resolve)(&own, &mut unknown);
                    p.absorb(&own);
                    (job.name, result, unknown)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    for (name, result, unknown) in outcomes {
        r.record(name, result)?;
        for (value, why) in unknown.0 {
            r.unknown(&value, why);
        }
    }
    Ok(())
}

/// The values a fixture's resolution left unknown, with why.
#[derive(Default)]
struct Unknown(Vec<(String, String)>);

impl Unknown {
    fn note(&mut self, name: &str, why: String) {
        self.0.push((name.to_string(), why));
    }
}

/// The resolution of one fixture, run on its own thread.
struct Job<'a> {
    name: &'static str,
    #[allow(clippy::type_complexity)]
    resolve: Box<dyn FnOnce(&Prober, &mut Unknown) -> Result<Value, Probe> + Send + 'a>,
}

impl<'a> Job<'a> {
    fn new(
        name: &'static str,
        resolve: impl FnOnce(&Prober, &mut Unknown) -> Result<Value, Probe> + Send + 'a,
    ) -> Job<'a> {
        Job {
            name,
            resolve: Box::new(resolve),
        }
    }
}

/// The room, its participant and its kick participant. Values left empty are pushed on `empty`
/// with the reason a case needing them is not applicable.
fn conference_room(
    p: &Prober,
    core: &str,
    extensions: &str,
    room: &ConferenceRoom,
    empty: &mut Vec<(&'static str, String)>,
) -> Result<Value, Probe> {
    // The room's id only the Conference rooms resource (not on the pages) reveals.
    let rooms = format!("/coreServers/{core}/conferences");
    let field = "fixtures.conference_room.id";
    let id = match given_or_found(p, &room.id, &rooms, &room.identifier, "identifier", field)? {
        Ok(id) => Some(id),
        Err(why) => {
            empty.push(("id", why));
            None
        }
    };
    let mut value = json!({ "identifier": room.identifier });
    if let Some(id) = &id {
        value["id"] = json!(id);
    }
    let room_ref = id.unwrap_or_else(|| format!("getByName/{}", room.identifier));
    if let Some(participant) = &room.participant_extension {
        let ext = extension(p, extensions, participant)?;
        let ext_id = ext["id"].as_str().unwrap_or_default().to_string();
        let segment = p.segments_of(core, &ext_id)?.into_iter().next();
        if segment.is_none() {
            empty.push((
                "participant_segment",
                format!(
                    "extension {} (conference_room.participant_extension) has no call segment: \
                     the conference cases need a call of it in room {}",
                    participant.number, room.identifier
                ),
            ));
        }
        value["participant"] = ext;
        value["participant_segment"] = json!(segment);
    }
    // The kick consumes its participant, and nothing in the API brings a segment back into a
    // room: only a segment the room still lists is offered to the kick cases.
    let Some(kick) = &room.kick_extension else {
        empty.push((
            "kick_segment",
            "the profile names no kick participant (conference_room.kick_extension: a second \
             extension in the room, which the kick consumes)"
                .to_string(),
        ));
        return Ok(value);
    };
    let ext = extension(p, extensions, kick)?;
    let ext_id = ext["id"].as_str().unwrap_or_default().to_string();
    let segment = segment_in_room(p, core, &room_ref, &ext_id)?;
    if segment.is_none() {
        empty.push((
            "kick_segment",
            format!(
                "conference room {} lists no call segment of the kick participant, extension {} \
                 (conference_room.kick_extension): an earlier run may have kicked it; put a call \
                 of that extension back into the room to run the kick again",
                room.identifier, kick.number
            ),
        ));
    }
    value["kick_participant"] = ext;
    value["kick_segment"] = json!(segment);
    Ok(value)
}

fn given_extension(e: &ExtensionRef) -> Value {
    json!({ "id": e.id, "number": e.number })
}

fn extension(p: &Prober, extensions: &str, e: &ExtensionRef) -> Result<Value, Probe> {
    let id = match &e.id {
        Some(id) => id.clone(),
        None => p.id_by_name(extensions, &e.number, "extensionNumber")?,
    };
    Ok(json!({ "id": id, "number": e.number }))
}

/// A segment of `ext` that is linked, and the segment it is linked to. The other party is bound to
/// a segment of a licensed extension, so the API must reveal it: not finding it fails the fixture.
fn linked_segment(
    p: &Prober,
    core: &str,
    ext: &Value,
    number: &str,
) -> Result<(String, String), Probe> {
    for segment in p.segments_of(core, ext["id"].as_str().unwrap_or_default())? {
        if let Some(other) = p.linked(core, &segment)? {
            return Ok((segment, other));
        }
    }
    Err(Probe::failed(format!(
        "no call segment of extension {number} has a linkedCallSegment"
    )))
}

/// The segment of extension `ext` that `room`'s `callSegments` list holds; `None` when it lists
/// none of them. When that list (of the Conference rooms resource, not on the pages) cannot be
/// read, the extension's first segment: the kick then tells whether it is in a room.
fn segment_in_room(p: &Prober, core: &str, room: &str, ext: &str) -> Result<Option<String>, Probe> {
    let own = p.segments_of(core, ext)?;
    let listed = match p.get(&format!(
        "/coreServers/{core}/conferences/{room}/callSegments"
    )) {
        Ok(list) => ids_of(&list),
        Err(e) if !e.answered() => return Err(e),
        Err(_) => return Ok(own.into_iter().next()),
    };
    Ok(own.into_iter().find(|segment| listed.contains(segment)))
}

fn first_segment(p: &Prober, core: &str, ext: &Value, number: &str) -> Result<String, Probe> {
    p.segments_of(core, ext["id"].as_str().unwrap_or_default())?
        .into_iter()
        .next()
        .ok_or_else(|| Probe::failed(format!("extension {number} has no call segment")))
}

/// The agent of `ext` in the queue with identifier `queue`: the single agent of the extension's
/// `/agents` list, else the one whose extension the queue's agent path (extensions.txt) returns.
fn agent_of(p: &Prober, core: &str, queue: &str, ext: &str) -> Result<String, Probe> {
    let agents = ids_of(&p.get(&format!("/coreServers/{core}/extensions/{ext}/agents"))?);
    if agents.len() == 1 {
        return Ok(agents[0].clone());
    }
    for agent in &agents {
        for spelling in ["agents", "agent"] {
            match p.get(&format!(
                "/coreServers/{core}/queues/getByName/{queue}/{spelling}/{agent}/extension"
            )) {
                Ok(found) if found.get("id").and_then(Value::as_str) == Some(ext) => {
                    return Ok(agent.clone())
                }
                Err(e) if !e.answered() => return Err(e),
                _ => {}
            }
        }
    }
    Err(Probe::failed(format!(
        "none of the {} agents of extension {ext} is an agent of queue {queue} (its agent path \
         returns another extension, or none)",
        agents.len()
    )))
}

/// The top-level fixtures a profile names.
pub fn present_fixtures(profile: &Profile) -> Vec<String> {
    let f = &profile.fixtures;
    [
        ("licensed_extension", f.licensed_extension.is_some()),
        (
            "second_licensed_extension",
            f.second_licensed_extension.is_some(),
        ),
        ("unlicensed_extension", f.unlicensed_extension.is_some()),
        ("unbound_extension", f.unbound_extension.is_some()),
        ("full_user", f.full_user.is_some()),
        ("unlicensed_user", f.unlicensed_user.is_some()),
        ("enabled_queue", f.enabled_queue.is_some()),
        ("disabled_queue", f.disabled_queue.is_some()),
        ("conference_room", f.conference_room.is_some()),
        ("no_conference_core", f.no_conference_core.is_some()),
        ("linked_pair", f.linked_pair.is_some()),
        ("dialing_pair", f.dialing_pair.is_some()),
        ("external_call", f.external_call.is_some()),
        ("mixed_call", f.mixed_call.is_some()),
        ("unlicensed_call", f.unlicensed_call.is_some()),
        ("transfer_destination", f.transfer_destination.is_some()),
    ]
    .into_iter()
    .filter(|(_, present)| *present)
    .map(|(name, _)| name.to_string())
    .collect()
}
