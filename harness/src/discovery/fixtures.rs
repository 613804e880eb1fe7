//! The resolution of one fixture at a time: the room, extensions, segments and agents.

use serde_json::{json, Value};

use crate::profile::{ConferenceRoom, ExtensionRef};

use super::probe::{given_or_found, ids_of, Probe, Prober, Unknown};

/// The resolution of one fixture, run on its own thread.
pub(super) struct Job<'a> {
    pub(super) name: &'static str,
    #[allow(clippy::type_complexity)]
    pub(super) resolve: Box<dyn FnOnce(&Prober, &mut Unknown) -> Result<Value, Probe> + Send + 'a>,
}

impl<'a> Job<'a> {
    pub(super) fn new(
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
pub(super) fn conference_room(
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

pub(super) fn given_extension(e: &ExtensionRef) -> Value {
    json!({ "id": e.id, "number": e.number })
}

pub(super) fn extension(p: &Prober, extensions: &str, e: &ExtensionRef) -> Result<Value, Probe> {
    let id = match &e.id {
        Some(id) => id.clone(),
        None => p.id_by_name(extensions, &e.number, "extensionNumber")?,
    };
    Ok(json!({ "id": id, "number": e.number }))
}

/// A segment of `ext` that is linked, and the segment it is linked to. The other party is bound to
/// a segment of a licensed extension, so the API must reveal it: not finding it fails the fixture.
pub(super) fn linked_segment(
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

pub(super) fn first_segment(
    p: &Prober,
    core: &str,
    ext: &Value,
    number: &str,
) -> Result<String, Probe> {
    p.segments_of(core, ext["id"].as_str().unwrap_or_default())?
        .into_iter()
        .next()
        .ok_or_else(|| Probe::failed(format!("extension {number} has no call segment")))
}

/// The agent of `ext` in the queue with identifier `queue`: the single agent of the extension's
/// `/agents` list, else the one whose extension the queue's agent path (extensions.txt) returns.
pub(super) fn agent_of(p: &Prober, core: &str, queue: &str, ext: &str) -> Result<String, Probe> {
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
