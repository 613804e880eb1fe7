//! Turns the references of a parsed path into world objects, left to right, producing the
//! documented 404 (unknown ancestor or object) and 403 (restricted ancestor or object).

use crate::error::ApiError;
use crate::faults::{Fault, FaultSet};
use crate::path::{ExtLoc, SegLoc, SegRoot};
use crate::world::{Core, Ref, World};

pub(crate) fn core(world: &World, r: Ref<'_>, faults: FaultSet) -> Result<usize, ApiError> {
    world.cores.iter().position(|c| c.matches(r)).ok_or({
        if faults.has(Fault::UnknownCore500) {
            ApiError::Internal("core server lookup failed")
        } else if faults.has(Fault::UnknownCore403) {
            ApiError::Forbidden("access to core server denied")
        } else {
            ApiError::NotFound("no core server with that id or slug")
        }
    })
}

pub(crate) fn user(core: &Core, r: Ref<'_>) -> Result<usize, ApiError> {
    core.find_user(r)
        .ok_or(ApiError::NotFound("no user with that id or username"))
}

fn find_extension(core: &Core, r: Ref<'_>, faults: FaultSet) -> Result<usize, ApiError> {
    if faults.has(Fault::ExtensionGetByNameUnsupported) && matches!(r, Ref::Name(_)) {
        return Err(ApiError::NotFound("no such path"));
    }
    let found = core.find_extension(r).or_else(|| match r {
        // A shared id table: a user's id leads to that user's first extension.
        Ref::Id(id) if faults.has(Fault::ExtensionIdNamesUser) => core
            .find_user(Ref::Id(id))
            .and_then(|u| first_extension_of(core, u)),
        // Agents and extensions confused: an agent's id leads to the agent's extension.
        Ref::Id(id) if faults.has(Fault::ExtensionIdNamesAgent) => core
            .queues
            .iter()
            .flat_map(|q| &q.agents)
            .find(|a| a.id == id)
            .map(|a| a.extension),
        _ => None,
    });
    let found = match (found, r) {
        // The number is looked up through its user, who may have several extensions.
        (Some(ext), Ref::Name(_)) if faults.has(Fault::ExtensionByNumberFirstOfUser) => core
            .extensions[ext]
            .user
            .and_then(|u| first_extension_of(core, u))
            .or(Some(ext)),
        (None, Ref::Name(_)) if faults.has(Fault::UnknownExtensionNumber500) => {
            return Err(ApiError::Internal("extension number lookup failed"))
        }
        (found, _) => found,
    };
    found.ok_or({
        if faults.has(Fault::UnknownExtension403) {
            ApiError::Forbidden("extension access denied")
        } else {
            ApiError::NotFound("no extension with that id or number")
        }
    })
}

fn first_extension_of(core: &Core, user: usize) -> Option<usize> {
    core.extensions.iter().position(|e| e.user == Some(user))
}

fn licensed(core: &Core, ext: usize, faults: FaultSet) -> Result<usize, ApiError> {
    if core.is_licensed(ext) || faults.has(Fault::UnlicensedExtensionFetchable) {
        Ok(ext)
    } else {
        Err(ApiError::Forbidden(
            "extension is not bound to a user with a full licence",
        ))
    }
}

/// An enabled queue: unknown is 404, disabled is 403.
/// Why a disabled queue is refused.
pub(crate) const QUEUE_NOT_ENABLED: &str = "queue is not enabled";

pub(crate) fn enabled_queue(core: &Core, r: Ref<'_>) -> Result<usize, ApiError> {
    let q = core
        .find_queue(r)
        .ok_or(ApiError::NotFound("no queue with that id or identifier"))?;
    if core.queues[q].enabled {
        Ok(q)
    } else {
        Err(ApiError::Forbidden(QUEUE_NOT_ENABLED))
    }
}

pub(crate) fn agent(core: &Core, queue: usize, id: &str) -> Result<usize, ApiError> {
    core.queues[queue]
        .agents
        .iter()
        .position(|a| a.id == id)
        .ok_or(ApiError::NotFound("no agent with that id in this queue"))
}

/// The extension `e` below the user root of `u`, before the licence check: an unknown user,
/// and an extension bound to another user, are 404.
pub(crate) fn user_extension(
    core: &Core,
    u: Ref<'_>,
    e: Ref<'_>,
    faults: FaultSet,
) -> Result<usize, ApiError> {
    let user = user(core, u)?;
    let ext = find_extension(core, e, faults)?;
    if core.extensions[ext].user != Some(user) {
        return Err(ApiError::NotFound("no such extension bound to this user"));
    }
    Ok(ext)
}

/// The extension an instance path names, after every ancestor and licence check.
pub(crate) fn extension(
    core: &Core,
    loc: &ExtLoc<'_>,
    faults: FaultSet,
) -> Result<usize, ApiError> {
    let disabled_queue_ok = faults.has(Fault::DisabledQueueAgentExtension);
    if faults.has(Fault::UnlicensedExtensionByNumber) {
        match *loc {
            ExtLoc::Core(e @ Ref::Name(_)) => return find_extension(core, e, faults),
            ExtLoc::User(u, e @ Ref::Name(_)) => return user_extension(core, u, e, faults),
            _ => {}
        }
    }
    let result = extension_checked(core, loc, faults, disabled_queue_ok);
    match (result, loc) {
        // Only on the agent's extension path itself: a missing queue or agent is taken for
        // an unavailable one.
        (Err(ApiError::NotFound(why)), ExtLoc::Agent(q, _)) => {
            let (fault, denied) = if core.find_queue(*q).is_none() {
                (Fault::AgentPathUnknownQueue403, QUEUE_NOT_ENABLED)
            } else {
                (
                    Fault::AgentPathUnknownAgent403,
                    "access to the agent denied",
                )
            };
            Err(if faults.has(fault) {
                ApiError::Forbidden(denied)
            } else {
                ApiError::NotFound(why)
            })
        }
        (result, _) => result,
    }
}

/// The extension a path names, without the licence check of the core and user roots (the
/// licence faults of the sub-resources and actions).
pub(crate) fn extension_ignoring_licence(
    core: &Core,
    loc: &ExtLoc<'_>,
    faults: FaultSet,
) -> Result<usize, ApiError> {
    match *loc {
        ExtLoc::Core(e) => find_extension(core, e, faults),
        ExtLoc::User(u, e) => user_extension(core, u, e, faults),
        ExtLoc::Agent(..) => parent_extension(core, loc, faults),
    }
}

/// Whether the path's last part is an extension below the core root that does not exist.
pub(crate) fn names_no_extension(core: &Core, loc: &ExtLoc<'_>) -> bool {
    matches!(*loc, ExtLoc::Core(e) if core.find_extension(e).is_none())
}

/// The extension whose sub-resource or action a path names: the same checks as
/// [`extension`] (a child of an unavailable instance is unavailable too).
pub(crate) fn parent_extension(
    core: &Core,
    loc: &ExtLoc<'_>,
    faults: FaultSet,
) -> Result<usize, ApiError> {
    let disabled_queue_ok = faults.has(Fault::DisabledQueueAgentExtension)
        || faults.has(Fault::DisabledQueueAgentChildren);
    extension_checked(core, loc, faults, disabled_queue_ok)
}

fn extension_checked(
    core: &Core,
    loc: &ExtLoc<'_>,
    faults: FaultSet,
    disabled_queue_ok: bool,
) -> Result<usize, ApiError> {
    match *loc {
        ExtLoc::Core(e) => licensed(core, find_extension(core, e, faults)?, faults),
        ExtLoc::User(u, e) => licensed(core, user_extension(core, u, e, faults)?, faults),
        ExtLoc::Agent(q, a) => {
            let queue = match core.find_queue(q) {
                Some(queue) if disabled_queue_ok => queue,
                _ => enabled_queue(core, q)?,
            };
            let mut ext = core.queues[queue].agents[agent(core, queue, a)?].extension;
            if faults.has(Fault::AgentExtensionViaUser) {
                // The agent is mapped to its user, and the user to its last extension.
                if let Some(user) = core.extensions[ext].user {
                    let last = core.extensions.iter().rposition(|e| e.user == Some(user));
                    ext = last.unwrap_or(ext);
                }
            }
            if core.is_licensed(ext) || faults.has(Fault::UnlicensedAgentExtension) {
                Ok(ext)
            } else {
                Err(ApiError::Forbidden(
                    "agent's extension is not bound to a user with a full licence",
                ))
            }
        }
    }
}

pub(crate) fn visible(core: &Core, key: u64, faults: FaultSet) -> bool {
    core.segment_visible(core.segment(key), faults.has(Fault::MixedCallHidden))
}

fn visible_or_403(core: &Core, key: u64, faults: FaultSet) -> Result<u64, ApiError> {
    if visible(core, key, faults) || faults.has(Fault::UnlicensedSegmentFetchable) {
        Ok(key)
    } else {
        Err(ApiError::Forbidden(
            "call segment is not related to an extension of a fully licensed user",
        ))
    }
}

/// The room a conference path names. Rooms only exist where conference rooms are enabled.
pub(crate) fn room(core: &Core, r: Ref<'_>) -> Result<usize, ApiError> {
    core.find_room(r).ok_or(ApiError::NotFound(
        "no conference room with that id or identifier",
    ))
}

/// Why a call segment path names nothing.
pub(crate) const SEGMENT_NOT_FOUND: &str = "no call segment with that id here";

/// Whether the last id of a call segment path names no segment at all.
pub(crate) fn unknown_segment(core: &Core, loc: &SegLoc<'_>) -> bool {
    loc.chain
        .last()
        .is_none_or(|id| core.segment_key(id).is_none())
}

/// The call segment an instance path names.
pub(crate) fn segment(core: &Core, loc: &SegLoc<'_>, faults: FaultSet) -> Result<u64, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound(SEGMENT_NOT_FOUND);
    // Ancestors first: an unknown or restricted ancestor wins over an unknown segment.
    let (ext, room) = match &loc.root {
        SegRoot::Core => (None, None),
        SegRoot::Extension(e) => {
            let parent_faults = if faults.has(Fault::RestrictedParentIgnored) {
                faults.with(Fault::UnlicensedExtensionFetchable)
            } else {
                faults
            };
            (Some(parent_extension(core, e, parent_faults)?), None)
        }
        SegRoot::Room(r) => (None, Some(room(core, *r)?)),
    };
    let (first, rest) = loc.chain.split_first().ok_or(NOT_FOUND)?;
    let key = match core
        .segment_key(first)
        .or_else(|| segment_of_extension_id(core, first, faults))
    {
        None if room.is_some() && faults.has(Fault::RoomUnknownSegment403) => {
            return Err(ApiError::Forbidden(
                "no access to that call segment in this room",
            ))
        }
        key => key.ok_or(NOT_FOUND)?,
    };
    let seg = core.segment(key);
    let outside_ext = ext.is_some_and(|e| seg.extension != Some(e));
    let outside_room = room.is_some_and(|r| seg.room != Some(r));
    if outside_ext || outside_room {
        return Err(NOT_FOUND);
    }
    let mut key = visible_or_403(core, key, faults)?;
    for id in rest {
        let next = core.segment_key(id).ok_or(NOT_FOUND)?;
        if !core.segment(key).dialing_to.contains(&next) {
            return Err(NOT_FOUND);
        }
        key = visible_or_403(core, next, faults)?;
    }
    Ok(key)
}

/// Under `segment-by-extension-id`: an extension id in the call segment position finds the
/// extension's first segment, as a lookup over every kind of id would.
fn segment_of_extension_id(core: &Core, id: &str, faults: FaultSet) -> Option<u64> {
    if !faults.has(Fault::SegmentByExtensionId) {
        return None;
    }
    let ext = core.find_extension(Ref::Id(id))?;
    core.segments
        .values()
        .filter(|s| s.extension == Some(ext))
        .map(|s| s.key)
        .min()
}
