//! The extension resource (extensions.txt): lists, instances, agents, and the originate and
//! DND actions.

use serde_json::{json, Value};

use super::{body, resolve};
use crate::error::ApiError;
use crate::faults::{Fault, FaultSet};
use crate::path::{ExtAction, ExtLoc};
use crate::render;
use crate::world::{Core, Ref, World};

/// The core's extensions, or a user's: only those bound to a fully licensed user.
pub(crate) fn list(
    core: &Core,
    user: Option<Ref<'_>>,
    faults: FaultSet,
) -> Result<Value, ApiError> {
    let owner = user.map(|u| resolve::user(core, u)).transpose()?;
    let everyone = owner.is_none() || faults.has(Fault::UserExtensionsAll);
    let items: Vec<Value> = core
        .extensions
        .iter()
        .enumerate()
        .filter(|(i, _)| faults.has(Fault::UnlicensedExtensionListed) || core.is_licensed(*i))
        .filter(|(_, e)| everyone || e.user == owner)
        .map(|(_, e)| render::extension(e, faults))
        .collect();
    Ok(if faults.has(Fault::ExtensionListWrapped) {
        json!({ "extensions": items })
    } else {
        Value::Array(items)
    })
}

pub(crate) fn instance(core: &Core, loc: &ExtLoc<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    let ext = resolve::extension(core, loc, faults)?;
    Ok(render::extension(&core.extensions[ext], faults))
}

/// The extension's agents, leaving out agents of disabled queues.
pub(crate) fn agents(core: &Core, loc: &ExtLoc<'_>, faults: FaultSet) -> Result<Value, ApiError> {
    let ext = resolve::parent_extension(core, loc, faults)?;
    Ok(core
        .queues
        .iter()
        .filter(|q| q.enabled || faults.has(Fault::AgentsOfDisabledQueues))
        .flat_map(|q| q.agents.iter().filter(|a| a.extension == ext))
        .map(render::agent)
        .collect())
}

/// Performs an action; returns the (caller, callee) of a call that is now ringing.
pub(crate) fn act(
    world: &mut World,
    core: usize,
    loc: &ExtLoc<'_>,
    action: ExtAction,
    request_body: &[u8],
    faults: FaultSet,
) -> Result<Option<(u64, u64)>, ApiError> {
    let ext = action_extension(&world.cores[core], loc, faults)?;
    match action {
        ExtAction::Originate => {
            let body = body::json_object(request_body, faults)?;
            let Some(destination) = body::string(&body, "destinationNumber") else {
                if faults.has(Fault::OriginateDestinationOptional) {
                    return Ok(None);
                }
                return Err(ApiError::Unprocessable("a destinationNumber is required"));
            };
            if faults.has(Fault::OriginateNoCall) {
                return Ok(None);
            }
            Ok(Some(world.originate(core, ext, destination)))
        }
        ExtAction::EnableDnd if faults.has(Fault::DndForbidden) => Err(ApiError::Forbidden(
            "do not disturb cannot be changed on this extension",
        )),
        ExtAction::EnableDnd | ExtAction::DisableDnd => {
            world.cores[core].extensions[ext].dnd = action == ExtAction::EnableDnd;
            Ok(None)
        }
    }
}

/// The extension an action applies to; the user-root faults take shortcuts here.
fn action_extension(core: &Core, loc: &ExtLoc<'_>, faults: FaultSet) -> Result<usize, ApiError> {
    match *loc {
        ExtLoc::User(_, e) if faults.has(Fault::UserRootActionsIgnoreUser) => {
            resolve::parent_extension(core, &ExtLoc::Core(e), faults)
        }
        ExtLoc::User(u, e) if faults.has(Fault::UserRootActionsSkipLicence) => {
            resolve::user_extension(core, u, e, faults)
        }
        _ => resolve::parent_extension(core, loc, faults),
    }
}
