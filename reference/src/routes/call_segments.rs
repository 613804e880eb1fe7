//! The call segment resource (call-segments.txt): lists, instances, the dialing and linked
//! relations, and the transfer and conference actions.

use serde_json::Value;

use super::{body, resolve};
use crate::error::ApiError;
use crate::faults::{Fault, FaultSet};
use crate::path::{ExtLoc, SegAction, SegLoc, SegRoot};
use crate::render;
use crate::world::{Core, Ref, Segment, World};

/// A segment's JSON; under `unlicensed-extension-typed-external` the server only recognises
/// extensions of fully licensed users as internal.
fn render_segment(core: &Core, seg: &Segment, faults: FaultSet) -> Value {
    let mut value = render::segment(seg, faults);
    let unlicensed = seg.extension.is_some_and(|e| !core.is_licensed(e));
    if unlicensed && faults.has(Fault::UnlicensedExtensionTypedExternal) {
        value["type"] = "EXTERNAL".into();
    }
    value
}

fn render_all<'a>(
    core: &Core,
    segments: impl Iterator<Item = &'a Segment>,
    faults: FaultSet,
) -> Value {
    let everything = faults.has(Fault::UnlicensedSegmentsListed);
    segments
        .filter(|s| everything || resolve::visible(core, s.key, faults))
        .map(|s| render_segment(core, s, faults))
        .collect()
}

/// The segments of a core, an extension or a conference room, without those unrelated to a
/// fully licensed user's extension.
pub(crate) fn list(core: &Core, root: &SegRoot<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    let (ext, room) = match root {
        SegRoot::Core
            if !core.conference_rooms && faults.has(Fault::RoomlessCoreSegmentList500) =>
        {
            return Err(ApiError::Internal("conference rooms are not enabled"));
        }
        SegRoot::Core => (None, None),
        SegRoot::Extension(loc) => {
            if faults.has(Fault::SegmentsUnknownExtensionEmpty)
                && resolve::names_no_extension(core, loc)
            {
                return Ok(Value::Array(Vec::new()));
            }
            let parent_faults = if faults.has(Fault::ExtensionSegmentsSkipLicence) {
                faults.with(Fault::UnlicensedExtensionFetchable)
            } else {
                faults
            };
            let ext = match *loc {
                _ if faults.has(Fault::UnlicensedExtensionSegments) => {
                    resolve::extension_ignoring_licence(core, loc, faults)?
                }
                ExtLoc::User(_, e) if faults.has(Fault::UserRootSegmentsIgnoreUser) => {
                    resolve::parent_extension(core, &ExtLoc::Core(e), faults)?
                }
                _ => resolve::parent_extension(core, loc, parent_faults)?,
            };
            let everything = faults.has(Fault::ExtensionSegmentsAll);
            ((!everything).then_some(ext), None)
        }
        SegRoot::Room(r) => {
            let room = resolve::room(core, *r)?;
            if faults.has(Fault::RoomSegmentsEmpty) {
                return Ok(Value::Array(Vec::new()));
            }
            (None, Some(room))
        }
    };
    // A list of answered calls only, as a query on established channels would give.
    let hide_ringing = matches!(root, SegRoot::Core) && faults.has(Fault::RingingSegmentsUnlisted);
    let hide_new = matches!(root, SegRoot::Core) && faults.has(Fault::OriginatedCallsUnlisted);
    let belongs = |s: &&Segment| {
        let ringing = s.dialing_from.is_some() || !s.dialing_to.is_empty();
        let new = s.key >= core.standing_keys;
        ext.is_none_or(|e| s.extension == Some(e))
            && room.is_none_or(|r| s.room == Some(r))
            && !(hide_ringing && ringing)
            && !(hide_new && new)
    };
    let listed = render_all(core, core.segments.values().filter(belongs), faults);
    if ext.is_some() && listed == Value::Array(Vec::new()) && faults.has(Fault::SegmentsNone404) {
        return Err(ApiError::NotFound("the extension has no call segments"));
    }
    Ok(listed)
}

pub(crate) fn instance(core: &Core, loc: &SegLoc<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    let key = unknown_as(
        core,
        loc,
        resolve::segment(core, loc, faults),
        faults.has(Fault::UnknownSegment403),
        ApiError::Forbidden("call segment is not related to an extension of a fully licensed user"),
    )?;
    let seg = core.segment(key);
    // Licensed by its own extension only: the binding to a licensed segment is forgotten.
    let own_licence = seg.extension.is_some_and(|e| core.is_licensed(e));
    if faults.has(Fault::BoundSegmentForbidden) && !own_licence {
        return Err(ApiError::Forbidden(
            "call segment is not bound to an extension of a fully licensed user",
        ));
    }
    Ok(render_segment(core, seg, faults))
}

/// Under a fault, a path whose segment id names nothing answers `error` instead of 404.
fn unknown_as(
    core: &Core,
    loc: &SegLoc<'_>,
    result: Result<u64, ApiError>,
    fault: bool,
    error: ApiError,
) -> Result<u64, ApiError> {
    match result {
        Err(ApiError::NotFound(why))
            if fault
                && why == resolve::SEGMENT_NOT_FOUND
                && resolve::unknown_segment(core, loc) =>
        {
            Err(error)
        }
        other => other,
    }
}

/// The faults a relation resolves its segment with: `skip` drops the licence check.
fn relation_faults(faults: FaultSet, skip: Fault) -> FaultSet {
    if faults.has(skip) {
        faults.with(Fault::UnlicensedSegmentFetchable)
    } else {
        faults
    }
}

/// Like [`instance`], but a segment outside the extension or room of the root is found too
/// (the `foreign-segment-readable` quirk); the root itself must still exist and be allowed.
pub(crate) fn instance_anywhere(
    core: &Core,
    loc: &SegLoc<'_>,
    faults: FaultSet,
) -> Result<Value, ApiError> {
    match &loc.root {
        SegRoot::Core => {}
        SegRoot::Extension(e) => {
            resolve::parent_extension(core, e, faults)?;
        }
        SegRoot::Room(r) => {
            resolve::room(core, *r)?;
        }
    }
    let from_core = SegLoc {
        root: SegRoot::Core,
        chain: loc.chain.clone(),
    };
    instance(core, &from_core, faults)
}

/// Whether the segment a path names exists and nobody dials it (whatever its licensing).
pub(crate) fn undialled(core: &Core, loc: &SegLoc<'_>) -> bool {
    loc.chain
        .last()
        .and_then(|id| core.segment_key(id))
        .is_some_and(|key| core.segment(key).dialing_from.is_none())
}

pub(crate) fn dialing_to(
    core: &Core,
    loc: &SegLoc<'_>,
    faults: FaultSet,
) -> Result<Value, ApiError> {
    let found = resolve::segment(
        core,
        loc,
        relation_faults(faults, Fault::DialingToSkipsLicence),
    );
    let seg = match found {
        // A list query on an id that matches nothing finds nothing instead of failing.
        Err(ApiError::NotFound(why))
            if faults.has(Fault::DialingToUnknownEmpty)
                && why == resolve::SEGMENT_NOT_FOUND
                && resolve::unknown_segment(core, loc) =>
        {
            return Ok(Value::Array(Vec::new()));
        }
        found => core.segment(found?),
    };
    if faults.has(Fault::DialingToEmpty) {
        return Ok(Value::Array(Vec::new()));
    }
    if faults.has(Fault::DialingTo404WhenIdle) && seg.dialing_to.is_empty() {
        return Err(ApiError::NotFound(
            "the call segment is not dialing another call segment",
        ));
    }
    let callees = seg.dialing_to.iter().map(|k| core.segment(*k));
    Ok(render_all(core, callees, faults))
}

pub(crate) fn dialing_from(
    core: &Core,
    loc: &SegLoc<'_>,
    faults: FaultSet,
) -> Result<Value, ApiError> {
    let found = match resolve::segment(core, loc, faults) {
        // The licence filter trips over the hidden segment instead of refusing it.
        Err(ApiError::Forbidden(_)) if faults.has(Fault::DialingFromUnlicensed500) => Err(
            ApiError::Internal("could not look up the dialing call segment"),
        ),
        other => other,
    };
    let seg = core.segment(unknown_as(
        core,
        loc,
        found,
        faults.has(Fault::DialingFromUnknown403),
        ApiError::Forbidden("call segment is not related to an extension of a fully licensed user"),
    )?);
    match seg.dialing_from {
        Some(_) if faults.has(Fault::DialingFromReturnsSelf) => {
            Ok(render_segment(core, seg, faults))
        }
        Some(caller) if !faults.has(Fault::DialingFromMissing) => {
            Ok(render_segment(core, core.segment(caller), faults))
        }
        // A common slip: any partner of the call is taken for the one dialing.
        None if faults.has(Fault::DialingFromAnyPartner) => {
            match seg.linked.or(seg.dialing_to.first().copied()) {
                Some(partner) => Ok(render_segment(core, core.segment(partner), faults)),
                None => Err(ApiError::NotFound(
                    "the call segment is not being dialed by another call segment",
                )),
            }
        }
        _ => Err(ApiError::NotFound(
            "the call segment is not being dialed by another call segment",
        )),
    }
}

pub(crate) fn linked(core: &Core, loc: &SegLoc<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    const NOT_LINKED: ApiError =
        ApiError::NotFound("the call segment is not linked to another call segment");
    let found = unknown_as(
        core,
        loc,
        resolve::segment(
            core,
            loc,
            relation_faults(faults, Fault::LinkedSkipsLicence),
        ),
        faults.has(Fault::LinkedUnknown500),
        ApiError::Internal("call segment lookup failed"),
    );
    let seg = core.segment(found?);
    let other = match seg.linked {
        Some(_) if faults.has(Fault::LinkedReturnsSelf) => Some(seg.key),
        Some(_) if faults.has(Fault::LinkedOneWay) && seg.incoming => None,
        Some(other) => Some(other),
        // A common slip: treating any partner (ringing included) as the linked one.
        None if faults.has(Fault::LinkedWhenUnlinked) => {
            seg.dialing_from.or(seg.dialing_to.first().copied())
        }
        None => None,
    };
    let other = render_segment(core, core.segment(other.ok_or(NOT_LINKED)?), faults);
    if faults.has(Fault::LinkedAsList) {
        return Ok(Value::Array(vec![other]));
    }
    Ok(other)
}

/// Why kick, mute or unmute failed on a segment in no room.
pub(crate) const NOT_IN_ROOM: &str = "the call segment is not in a conference room";

/// Performs an action; returns the (caller, callee) of a call that is now ringing.
pub(crate) fn act(
    world: &mut World,
    core: usize,
    loc: &SegLoc<'_>,
    action: SegAction,
    request_body: &[u8],
    faults: FaultSet,
) -> Result<Option<(u64, u64)>, ApiError> {
    let conference = matches!(
        action,
        SegAction::Kick | SegAction::Mute | SegAction::Unmute
    );
    let key = match &loc.root {
        // The fault looks the segment up as if the path had no room in it.
        SegRoot::Room(_) if conference && faults.has(Fault::RoomActionsIgnoreRoom) => {
            let from_core = SegLoc {
                root: SegRoot::Core,
                chain: loc.chain.clone(),
            };
            resolve::segment(&world.cores[core], &from_core, faults)?
        }
        // The faults look the segment up as if the path had no extension in it.
        SegRoot::Extension(ext)
            if (action == SegAction::Transfer
                && (faults.has(Fault::TransferIgnoresExtensionRoot)
                    || (faults.has(Fault::TransferUnknownNumberIgnored)
                        && unknown_number(&world.cores[core], ext))))
                || (conference && faults.has(Fault::ConferenceActionsIgnoreExtension)) =>
        {
            let from_core = SegLoc {
                root: SegRoot::Core,
                chain: loc.chain.clone(),
            };
            resolve::segment(&world.cores[core], &from_core, faults)?
        }
        _ if action == SegAction::Transfer && faults.has(Fault::TransferSkipsLicence) => {
            let skip = faults.with(Fault::UnlicensedSegmentFetchable);
            resolve::segment(&world.cores[core], loc, skip)?
        }
        _ => resolve::segment(&world.cores[core], loc, faults)?,
    };
    match action {
        SegAction::Transfer => transfer(world, core, key, request_body, faults),
        SegAction::Kick | SegAction::Mute | SegAction::Unmute => {
            let left_room = conference_action(&mut world.cores[core], key, action, faults)?;
            // A PBX hangs up the channel it kicks out of a bridge; the page only says the segment
            // leaves its room, so `kick-keeps-call` leaves it up, in no room (ERRATA E23).
            if left_room && !world.cores[core].readings.kick_keeps_call {
                world.hang_up(core, key);
            }
            Ok(None)
        }
    }
}

/// Whether an extension root names its extension by a number that names nothing.
fn unknown_number(core: &Core, ext: &ExtLoc<'_>) -> bool {
    matches!(ext, ExtLoc::Core(r @ Ref::Name(_)) if core.find_extension(*r).is_none())
}

/// Transfers the segment bound to `key` (its linked segment, else the one dialing it) and
/// hangs `key` up, as the transfer warning on call-segments.txt describes.
fn transfer(
    world: &mut World,
    core: usize,
    key: u64,
    request_body: &[u8],
    faults: FaultSet,
) -> Result<Option<(u64, u64)>, ApiError> {
    let body = body::json_object(request_body, faults)?;
    let destination = body::string(&body, "destinationNumber").ok_or(
        if faults.has(Fault::TransferDestination500) {
            ApiError::Internal("could not transfer the call segment")
        } else {
            ApiError::Unprocessable("a destinationNumber is required")
        },
    )?;
    match body.get("attended") {
        Some(Value::Bool(_)) => {}
        None if faults.has(Fault::TransferAttendedOptional) => {}
        Some(Value::String(_)) if faults.has(Fault::TransferAttendedString) => {}
        None => return Err(ApiError::Unprocessable("an attended value is required")),
        Some(_) => return Err(ApiError::Unprocessable("attended must be a boolean")),
    }
    if faults.has(Fault::BlindTransferFails) && body.get("attended") == Some(&Value::Bool(false)) {
        return Err(ApiError::Internal("could not transfer the call segment"));
    }
    let bound = world.bound_segment(core, key).ok_or(ApiError::NotFound(
        "the call segment is not bound to another call segment",
    ))?;
    let named_dialed = world.cores[core]
        .segments
        .get(&key)
        .is_some_and(|s| s.incoming);
    let (mover, hung_up) = if faults.has(Fault::TransferMovesGiven)
        || (faults.has(Fault::CalleeSideTransferMovesGiven) && named_dialed)
    {
        (key, bound)
    } else {
        (bound, key)
    };
    let one_sided_again = faults.has(Fault::SecondTransferOneSidedLink);
    Ok(Some(world.transfer(
        core,
        mover,
        hung_up,
        destination,
        one_sided_again,
    )))
}

/// Kicks, mutes or unmutes `key`; true when a kick took it out of its room.
fn conference_action(
    core: &mut Core,
    key: u64,
    action: SegAction,
    faults: FaultSet,
) -> Result<bool, ApiError> {
    if !core.conference_rooms {
        if faults.has(Fault::ConferenceActionsWithoutRooms) {
            return Ok(false);
        }
        return Err(ApiError::Internal(
            "conference rooms are not enabled on this core server",
        ));
    }
    let seg = core
        .segments
        .get_mut(&key)
        .ok_or(ApiError::NotFound("no call segment with that id here"))?;
    if seg.room.is_none() {
        let accepted = match action {
            SegAction::Kick => faults.has(Fault::KickOutsideRoomAccepted),
            SegAction::Mute => faults.has(Fault::MuteOutsideRoomAccepted),
            SegAction::Unmute => faults.has(Fault::UnmuteOutsideRoomAccepted),
            SegAction::Transfer => false,
        };
        if accepted {
            return Ok(false);
        }
        return Err(ApiError::Internal(NOT_IN_ROOM));
    }
    match action {
        SegAction::Kick if faults.has(Fault::KickForbidden) => {
            return Err(ApiError::Forbidden(
                "kicking conference participants is not allowed",
            ));
        }
        SegAction::Kick if faults.has(Fault::KickNoOp) => return Ok(false),
        SegAction::Unmute if faults.has(Fault::UnmuteFails) => {
            return Err(ApiError::Internal("could not unmute the call segment"));
        }
        SegAction::Unmute if !seg.muted && faults.has(Fault::UnmuteUnmutedRefused) => {
            return Err(ApiError::Conflict("the call segment is not muted"));
        }
        SegAction::Mute if seg.muted && faults.has(Fault::MuteMutedRefused) => {
            return Err(ApiError::Conflict("the call segment is already muted"));
        }
        SegAction::Kick => {
            seg.room = None;
            seg.muted = false;
            return Ok(true);
        }
        SegAction::Mute => seg.muted = true,
        SegAction::Unmute => seg.muted = false,
        SegAction::Transfer => {}
    }
    Ok(false)
}
