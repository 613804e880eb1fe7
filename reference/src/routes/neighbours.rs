//! The resources around extensions and call segments that make their paths real: core
//! servers, users, queues and agents, conference rooms (API overview > Neighbouring resources).

use serde_json::Value;

use super::resolve;
use crate::error::ApiError;
use crate::faults::{Fault, FaultSet};
use crate::render;
use crate::world::{Core, Ref};

/// Under the by-name id faults, the by-name lookup answers from the configuration table and
/// takes the configurationId for the id.
fn by_name_ids(mut value: Value, r: Ref<'_>, fault: Fault, faults: FaultSet) -> Value {
    if matches!(r, Ref::Name(_)) && faults.has(fault) {
        value["id"] = value["configurationId"].clone();
    }
    value
}

/// A lookup's 404 turned into 403 by `fault`.
fn missing_as_403<T>(
    result: Result<T, ApiError>,
    fault: Fault,
    faults: FaultSet,
) -> Result<T, ApiError> {
    match result {
        Err(ApiError::NotFound(why)) if faults.has(fault) => Err(ApiError::Forbidden(why)),
        other => other,
    }
}

pub(crate) fn users(core: &Core, faults: FaultSet) -> Value {
    core.users.iter().map(|u| render::user(u, faults)).collect()
}

pub(crate) fn user(core: &Core, r: Ref<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    let user = missing_as_403(resolve::user(core, r), Fault::UnknownUser403, faults)?;
    let value = render::user(&core.users[user], faults);
    Ok(by_name_ids(
        value,
        r,
        Fault::UserByNameConfigurationId,
        faults,
    ))
}

/// Enabled queues only.
pub(crate) fn queues(core: &Core, faults: FaultSet) -> Value {
    core.queues
        .iter()
        .filter(|q| q.enabled)
        .map(|q| render::queue(q, faults))
        .collect()
}

pub(crate) fn queue(core: &Core, r: Ref<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    let queue = match resolve::enabled_queue(core, r) {
        Err(ApiError::Forbidden(_)) if faults.has(Fault::DisabledQueueReadable) => {
            core.find_queue(r).ok_or(ApiError::NotFound("no queue"))
        }
        other => missing_as_403(other, Fault::UnknownQueue403, faults),
    }?;
    let value = render::queue(&core.queues[queue], faults);
    Ok(by_name_ids(
        value,
        r,
        Fault::QueueByIdentifierConfigurationId,
        faults,
    ))
}

/// The queue of an agent path: enabled, or any under `disabled-queue-agents-listed`.
fn agents_queue(core: &Core, r: Ref<'_>, faults: FaultSet) -> Result<usize, ApiError> {
    match resolve::enabled_queue(core, r) {
        Err(ApiError::Forbidden(_)) if faults.has(Fault::DisabledQueueAgentsListed) => {
            core.find_queue(r).ok_or(ApiError::NotFound("no queue"))
        }
        other => other,
    }
}

/// Agents of an enabled queue, without those whose extension lacks a full licence.
pub(crate) fn queue_agents(core: &Core, r: Ref<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    let queue = &core.queues[agents_queue(core, r, faults)?];
    let everyone = faults.has(Fault::UnlicensedAgentListed);
    Ok(queue
        .agents
        .iter()
        .filter(|a| everyone || core.is_licensed(a.extension))
        .map(|a| render::agent(a, faults))
        .collect())
}

pub(crate) fn queue_agent(
    core: &Core,
    r: Ref<'_>,
    id: &str,
    faults: FaultSet,
) -> Result<Value, ApiError> {
    let queue = agents_queue(core, r, faults)?;
    let agent = missing_as_403(
        resolve::agent(core, queue, id),
        Fault::UnknownAgent403,
        faults,
    )?;
    let agent = &core.queues[queue].agents[agent];
    if !core.is_licensed(agent.extension) && !faults.has(Fault::UnlicensedAgentListed) {
        return Err(ApiError::Forbidden(
            "agent's extension is not bound to a user with a full licence",
        ));
    }
    Ok(render::agent(agent, faults))
}

pub(crate) fn rooms(core: &Core, faults: FaultSet) -> Value {
    core.rooms.iter().map(|r| render::room(r, faults)).collect()
}

pub(crate) fn room(core: &Core, r: Ref<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    let room = missing_as_403(resolve::room(core, r), Fault::UnknownRoom403, faults)?;
    let value = render::room(&core.rooms[room], faults);
    Ok(by_name_ids(
        value,
        r,
        Fault::RoomByIdentifierConfigurationId,
        faults,
    ))
}
