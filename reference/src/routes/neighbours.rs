//! The resources around extensions and call segments that make their paths real: core
//! servers, users, queues and agents, conference rooms (API overview > Neighbouring resources).

use serde_json::Value;

use super::resolve;
use crate::error::ApiError;
use crate::render;
use crate::world::{Core, Ref};

pub(crate) fn users(core: &Core) -> Value {
    core.users.iter().map(render::user).collect()
}

pub(crate) fn user(core: &Core, r: Ref<'_>) -> Result<Value, ApiError> {
    Ok(render::user(&core.users[resolve::user(core, r)?]))
}

/// Enabled queues only.
pub(crate) fn queues(core: &Core) -> Value {
    core.queues
        .iter()
        .filter(|q| q.enabled)
        .map(render::queue)
        .collect()
}

pub(crate) fn queue(core: &Core, r: Ref<'_>) -> Result<Value, ApiError> {
    Ok(render::queue(
        &core.queues[resolve::enabled_queue(core, r)?],
    ))
}

/// Agents of an enabled queue, without those whose extension lacks a full licence.
pub(crate) fn queue_agents(core: &Core, r: Ref<'_>) -> Result<Value, ApiError> {
    let queue = &core.queues[resolve::enabled_queue(core, r)?];
    Ok(queue
        .agents
        .iter()
        .filter(|a| core.is_licensed(a.extension))
        .map(render::agent)
        .collect())
}

pub(crate) fn queue_agent(core: &Core, r: Ref<'_>, id: &str) -> Result<Value, ApiError> {
    let queue = resolve::enabled_queue(core, r)?;
    let agent = &core.queues[queue].agents[resolve::agent(core, queue, id)?];
    if !core.is_licensed(agent.extension) {
        return Err(ApiError::Forbidden(
            "agent's extension is not bound to a user with a full licence",
        ));
    }
    Ok(render::agent(agent))
}

pub(crate) fn rooms(core: &Core) -> Value {
    core.rooms.iter().map(render::room).collect()
}

pub(crate) fn room(core: &Core, r: Ref<'_>) -> Result<Value, ApiError> {
    Ok(render::room(&core.rooms[resolve::room(core, r)?]))
}
