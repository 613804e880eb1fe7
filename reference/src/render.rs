//! JSON representations of the world's objects, as the pages document them (or as a fault
//! deliberately gets them wrong).

use serde_json::{json, Map, Value};

use crate::faults::{Fault, FaultSet};
use crate::world::{Agent, Core, Extension, Queue, Room, Segment, User};

pub(crate) fn core(core: &Core) -> Value {
    json!({ "id": core.id, "name": core.name, "slug": core.slug })
}

pub(crate) fn user(user: &User, faults: FaultSet) -> Value {
    let mut value = json!({
        "id": user.id,
        "configurationId": user.configuration_id,
        "userName": user.user_name,
        "displayedName": user.displayed_name,
        "permissionId": user.permission_id,
    });
    if faults.has(Fault::UserDisplayedNameMissing) {
        value.as_object_mut().map(|m| m.remove("displayedName"));
    }
    value
}

pub(crate) fn extension(ext: &Extension, faults: FaultSet) -> Value {
    let mut m = Map::new();
    let id_key = if faults.has(Fault::ExtensionIdRenamed) {
        "extensionId"
    } else {
        "id"
    };
    m.insert(id_key.into(), ext.id.as_str().into());
    let number = match ext.number.parse::<u64>() {
        Ok(n) if faults.has(Fault::ExtensionNumberAsNumber) => Value::from(n),
        _ => ext.number.as_str().into(),
    };
    m.insert("extensionNumber".into(), number);
    let display_name = if faults.has(Fault::ExtensionDisplayNameNull) {
        Value::Null
    } else {
        ext.display_name.as_str().into()
    };
    m.insert("displayName".into(), display_name);
    if !faults.has(Fault::ExtensionMissingConfigurationId) {
        m.insert(
            "configurationId".into(),
            ext.configuration_id.as_str().into(),
        );
    }
    if !faults.has(Fault::ExtensionMissingPermissionId) {
        m.insert("permissionId".into(), ext.permission_id.as_str().into());
    }
    Value::Object(m)
}

pub(crate) fn queue(queue: &Queue, faults: FaultSet) -> Value {
    let display_name = if faults.has(Fault::QueueDisplayNameNull) {
        Value::Null
    } else {
        queue.display_name.as_str().into()
    };
    json!({
        "id": queue.id,
        "displayName": display_name,
        "identifier": queue.identifier,
        "configurationId": queue.configuration_id,
        "permissionId": queue.permission_id,
    })
}

pub(crate) fn agent(agent: &Agent, faults: FaultSet) -> Value {
    let paused = if faults.has(Fault::AgentPausedAsString) {
        Value::from(agent.paused.to_string())
    } else {
        agent.paused.into()
    };
    json!({
        "id": agent.id,
        "paused": paused,
        "state": agent.state,
        "name": agent.name,
        "dynamic": agent.dynamic,
    })
}

/// An agent as a pages-only server shows it. The pages say no more than that agents have ids,
/// so this deliberately shares nothing else with the overview's agent: a harness that expects
/// `paused`, `state`, `name` or `dynamic` from such a server assumes too much.
pub(crate) fn pages_agent(agent: &Agent, queue: &Queue) -> Value {
    json!({
        "id": agent.id,
        "displayName": agent.name,
        "queueIdentifier": queue.identifier,
        "status": if agent.paused { "paused" } else { "available" },
    })
}

pub(crate) fn room(room: &Room, faults: FaultSet) -> Value {
    let user_generated = if faults.has(Fault::RoomUserGeneratedAsString) {
        Value::from(room.user_generated.to_string())
    } else {
        room.user_generated.into()
    };
    json!({
        "id": room.id,
        "configurationId": room.configuration_id,
        "displayName": room.display_name,
        "identifier": room.identifier,
        "dialString": room.dial_string,
        "userGenerated": user_generated,
        "permissionId": room.permission_id,
    })
}

pub(crate) fn segment(seg: &Segment, faults: FaultSet) -> Value {
    let mut m = Map::new();
    let id_key = if faults.has(Fault::SegmentIdRenamed) {
        "callSegmentId"
    } else {
        "id"
    };
    m.insert(id_key.into(), seg.id.as_str().into());
    let dialed_external = (faults.has(Fault::DialedSideTypedExternal) && seg.incoming)
        || (faults.has(Fault::RoomParticipantTypedExternal) && seg.room.is_some());
    let internal =
        (seg.extension.is_some() && !dialed_external) || faults.has(Fault::ExternalTypedInternal);
    let kind = match (internal, faults.has(Fault::SegmentTypeOrdinal)) {
        (true, false) => Value::from("INTERNAL"),
        (false, false) => Value::from("EXTERNAL"),
        (true, true) => Value::from(0),
        (false, true) => Value::from(1),
    };
    m.insert("type".into(), kind);
    let caller = &seg.caller_id;
    if faults.has(Fault::CallerIdFlattened) {
        m.insert("callerIdId".into(), caller.id.as_str().into());
        m.insert("callerIdName".into(), caller.name.as_str().into());
        m.insert("callerIdNumber".into(), caller.number.as_str().into());
    } else {
        let mut c = Map::new();
        c.insert("id".into(), caller.id.as_str().into());
        let name = if faults.has(Fault::CallerIdNameNull) && seg.extension.is_none() {
            Value::Null
        } else {
            caller.name.as_str().into()
        };
        c.insert("name".into(), name);
        if !faults.has(Fault::CallerIdNumberMissing) {
            c.insert("number".into(), caller.number.as_str().into());
        }
        m.insert("callerId".into(), Value::Object(c));
    }
    let did = match &seg.did {
        Some(did) => Value::from(did.as_str()),
        None if faults.has(Fault::DidOnDialedSide) && seg.incoming => "s".into(),
        None => Value::Null,
    };
    if !(did.is_null() && faults.has(Fault::DidOmittedWhenNull)) {
        m.insert("did".into(), did);
    }
    let on_hold = if faults.has(Fault::OnHoldAsString) {
        Value::from(seg.on_hold.to_string())
    } else {
        seg.on_hold.into()
    };
    m.insert("onHold".into(), on_hold);
    let recording = if faults.has(Fault::RecordingAsNumber) {
        Value::from(u8::from(seg.recording))
    } else {
        seg.recording.into()
    };
    m.insert("recording".into(), recording);
    let ringing_out = faults.has(Fault::IncomingWhileRinging) && !seg.dialing_to.is_empty();
    let incoming = (seg.incoming != faults.has(Fault::IncomingInverted)) || ringing_out;
    if incoming || !faults.has(Fault::IncomingOmittedWhenFalse) {
        m.insert("incoming".into(), incoming.into());
    }
    Value::Object(m)
}
