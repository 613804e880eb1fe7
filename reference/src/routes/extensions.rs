//! The extension resource (extensions.txt): lists, instances, agents, and the originate and
//! DND actions.

use serde_json::{json, Value};

use super::{body, resolve};
use crate::error::ApiError;
use crate::faults::{Fault, FaultSet};
use crate::path::{ExtAction, ExtLoc};
use crate::render;
use crate::surface::Surface;
use crate::world::{Core, Extension, Ref, World};

/// The core's extensions, or a user's: only those bound to a fully licensed user.
pub(crate) fn list(
    core: &Core,
    user: Option<Ref<'_>>,
    faults: FaultSet,
) -> Result<Value, ApiError> {
    let owner = match user.map(|u| resolve::user(core, u)).transpose() {
        Err(ApiError::NotFound(_)) if faults.has(Fault::UnknownUserExtensionsEmpty) => {
            return Ok(Value::Array(Vec::new()))
        }
        owner => owner?,
    };
    if owner.is_none()
        && faults.has(Fault::ExtensionListUnboundCrash)
        && core.extensions.iter().any(|e| e.user.is_none())
    {
        // Rendering the list dereferences every extension's user.
        return Err(ApiError::Internal("extension has no user"));
    }
    let everyone = owner.is_none() || faults.has(Fault::UserExtensionsAll);
    let shown = |i: usize, e: &Extension| {
        core.is_licensed(i)
            || faults.has(Fault::UnlicensedExtensionListed)
            || (faults.has(Fault::UnboundExtensionListed) && e.user.is_none())
            || (faults.has(Fault::UserExtensionsUnlicensedListed) && owner.is_some())
    };
    // The core list under `core-extensions-first-per-user`: one extension per user.
    let later_of_user = |i: usize, e: &Extension| {
        owner.is_none()
            && faults.has(Fault::CoreExtensionsFirstPerUser)
            && e.user
                .is_some_and(|u| core.extensions[..i].iter().any(|o| o.user == Some(u)))
    };
    let first_only = owner.is_some() && faults.has(Fault::UserExtensionsFirstOnly);
    let items: Vec<Value> = core
        .extensions
        .iter()
        .enumerate()
        .filter(|(i, e)| shown(*i, e) && !later_of_user(*i, e))
        .filter(|(_, e)| everyone || e.user == owner)
        .take(if first_only { 1 } else { usize::MAX })
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
    let mut value = render::extension(&core.extensions[ext], faults);
    let by_number = matches!(
        loc,
        ExtLoc::Core(Ref::Name(_)) | ExtLoc::User(_, Ref::Name(_))
    );
    let user = core.extensions[ext].user.map(|u| &core.users[u]);
    if let (true, true, Some(user)) = (by_number, faults.has(Fault::ExtensionByNumberUserIds), user)
    {
        // The by-number lookup goes through the user and takes its ids.
        value["configurationId"] = user.configuration_id.as_str().into();
        value["permissionId"] = user.permission_id.as_str().into();
    }
    Ok(value)
}

/// The extension's agents, leaving out agents of disabled queues.
pub(crate) fn agents(
    core: &Core,
    loc: &ExtLoc<'_>,
    faults: FaultSet,
    surface: Surface,
) -> Result<Value, ApiError> {
    if faults.has(Fault::AgentsUnknownExtensionEmpty) && resolve::names_no_extension(core, loc) {
        return Ok(Value::Array(Vec::new()));
    }
    let ext = match *loc {
        _ if faults.has(Fault::UnlicensedExtensionAgents) => {
            resolve::extension_ignoring_licence(core, loc, faults)?
        }
        ExtLoc::User(_, e) if faults.has(Fault::UserRootAgentsIgnoreUser) => {
            resolve::parent_extension(core, &ExtLoc::Core(e), faults)?
        }
        _ => resolve::parent_extension(core, loc, faults)?,
    };
    let agents: Vec<Value> = core
        .queues
        .iter()
        .filter(|q| q.enabled || faults.has(Fault::AgentsOfDisabledQueues))
        .flat_map(|q| {
            q.agents
                .iter()
                .filter(|a| a.extension == ext)
                .map(move |a| (q, a))
        })
        .map(|(q, a)| match surface {
            Surface::Full => render::agent(a, faults),
            Surface::Pages => render::pages_agent(a, q),
        })
        .collect();
    if agents.is_empty() && faults.has(Fault::AgentsNone404) {
        return Err(ApiError::NotFound("the extension has no agents"));
    }
    Ok(Value::Array(agents))
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
    let skip_licence = match action {
        ExtAction::Originate => faults.has(Fault::UnlicensedOriginate),
        ExtAction::EnableDnd => faults.has(Fault::UnlicensedEnableDnd),
        ExtAction::DisableDnd => false,
    };
    let unknown_403 = match action {
        ExtAction::Originate => faults.has(Fault::OriginateUnknownExtension403),
        ExtAction::EnableDnd => faults.has(Fault::EnableDndUnknownExtension403),
        ExtAction::DisableDnd => false,
    };
    if unknown_403 && resolve::names_no_extension(&world.cores[core], loc) {
        return Err(ApiError::Forbidden("no permission on that extension"));
    }
    let ext = if skip_licence {
        resolve::extension_ignoring_licence(&world.cores[core], loc, faults)?
    } else {
        action_extension(&world.cores[core], loc, faults)?
    };
    match action {
        ExtAction::Originate => {
            let body = body::json_object(request_body, faults)?;
            if faults.has(Fault::OriginateNullDestination500)
                && body
                    .get("destinationNumber")
                    .is_some_and(serde_json::Value::is_null)
            {
                return Err(ApiError::Internal("could not read the destination number"));
            }
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
        ExtAction::DisableDnd if faults.has(Fault::DndDisableForbidden) => Err(
            ApiError::Forbidden("do not disturb cannot be changed on this extension"),
        ),
        ExtAction::EnableDnd | ExtAction::DisableDnd => {
            let enable = action == ExtAction::EnableDnd;
            let dnd = &mut world.cores[core].extensions[ext].dnd;
            if *dnd == enable && faults.has(Fault::DndRepeatConflict) {
                return Err(ApiError::Conflict(
                    "do not disturb is already in that state",
                ));
            }
            *dnd = enable;
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
        ExtLoc::Agent(_, a) if faults.has(Fault::AgentPathActionsIgnoreQueue) => {
            // Agent ids are unique, so the queue that holds the agent is taken instead.
            let holder = core
                .queues
                .iter()
                .find(|q| q.agents.iter().any(|agent| agent.id == a))
                .ok_or(ApiError::NotFound("no agent with that id"))?;
            resolve::parent_extension(core, &ExtLoc::Agent(Ref::Id(&holder.id), a), faults)
        }
        _ => resolve::parent_extension(core, loc, faults),
    }
}
