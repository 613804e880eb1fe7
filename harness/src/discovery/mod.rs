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

mod fixtures;
mod probe;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::error::RunError;
use crate::http::client::{self, AuthHeader};
use crate::profile::Profile;

use fixtures::{
    agent_of, conference_room, extension, first_segment, given_extension, linked_segment, Job,
};
use probe::{given_or_found, ids_of, set_id, undocumented_id, Probe, Prober, Unknown};

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
        for name in profile.fixtures.present() {
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
