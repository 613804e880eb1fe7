//! The single handler: auth, path, method, then the resource family.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{call_segments, extensions, neighbours, resolve};
use crate::error::ApiError;
use crate::faults::{Fault, FaultSet};
use crate::path::{self, ExtAction, ExtLoc, Parsed, Route, SegAction, SegRoot};
use crate::quirks::{self, Quirk};
use crate::render;
use crate::state::AppState;
use crate::world::{Ref, World};

/// A successful outcome: a JSON document (200) or nothing (204, for actions).
enum Reply {
    Json(Value),
    NoContent,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::NoContent => StatusCode::NO_CONTENT.into_response(),
            // Serialising a Value into a Vec cannot fail.
            Reply::Json(value) => json_response(serde_json::to_vec(&value).unwrap_or_default()),
        }
    }
}

pub(crate) async fn handle(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let quirks = state.shared.quirks;
    let faults = state.shared.faults;
    match respond(&state, &method, uri.path(), &headers, &body) {
        Ok(Reply::Json(value)) if is_empty_list(&value) && faults.has(Fault::EmptyLists204) => {
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(Reply::Json(value)) if faults.has(Fault::SegmentJsonTrailingComma) => {
            quirks::finish(json_response(trailing_commas(&value)), quirks, None)
        }
        Ok(Reply::Json(mut value)) => {
            quirks::shape_json(&mut value, quirks);
            quirks::finish(Reply::Json(value).into_response(), quirks, None)
        }
        Ok(Reply::NoContent) if faults.has(Fault::ActionsSeeOther) => see_other(uri.path()),
        Ok(Reply::NoContent) => quirks::action_response(quirks),
        Err(error) => {
            let message = error.to_string();
            quirks::finish(error.into_response(), quirks, Some(&message))
        }
    }
}

fn respond(
    state: &AppState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let faults = state.shared.faults;
    if !faults.has(Fault::AuthIgnored) && !state.shared.auth.accepts(headers) {
        return Err(ApiError::Unauthorized);
    }
    if faults.has(Fault::EncodedName500)
        && path.split("getByName/").skip(1).any(|rest| {
            rest.split('/')
                .next()
                .is_some_and(|name| name.contains('%'))
        })
    {
        return Err(ApiError::Internal("could not decode the name"));
    }
    let parsed = path::parse(path).ok_or(ApiError::NotFound("no such path"))?;
    if !state.shared.surface.serves(&parsed.route) || unrouted_by_fault(&parsed, faults) {
        return Err(ApiError::NotFound("no such path"));
    }
    if quirks::rejects_spelling(state.shared.quirks, &path::below_core_servers(path)) {
        return Err(ApiError::NotFound("no such path"));
    }
    let action = parsed.route.is_action();
    match (action, method) {
        (true, &Method::POST) | (false, &Method::GET) => {}
        (true, _) => return Err(ApiError::MethodNotAllowed("POST")),
        (false, _) => return Err(ApiError::MethodNotAllowed("GET")),
    }
    if faults.has(Fault::MixedFormsRejected) && parsed.mixed_forms {
        return Err(ApiError::NotFound("no such path"));
    }
    if action {
        perform(state, &parsed, path, body)
    } else {
        read(&state.read(), &parsed, state).map(Reply::Json)
    }
}

/// Paths the routing faults take away: they answer 404 like any path the server lacks.
fn unrouted_by_fault(parsed: &Parsed<'_>, faults: FaultSet) -> bool {
    let below_agent = |root: &SegRoot<'_>| {
        matches!(root, SegRoot::Extension(ExtLoc::Agent(..)))
            && faults.has(Fault::AgentPathSubResourcesMissing)
    };
    match &parsed.route {
        Route::SegmentList(SegRoot::Core) => {
            matches!(parsed.core, Some(Ref::Name(_)))
                && faults.has(Fault::CoreSegmentListBySlugUnrouted)
        }
        Route::SegmentList(SegRoot::Extension(
            ExtLoc::Core(Ref::Name(_)) | ExtLoc::User(_, Ref::Name(_)),
        )) if faults.has(Fault::ExtensionSegmentsByNumberUnrouted) => true,
        Route::Segment(loc) if loc.chain.len() == 1 => match loc.root {
            SegRoot::Core => faults.has(Fault::CoreRootSegmentUnrouted),
            SegRoot::Extension(_) if faults.has(Fault::ExtensionRootSegmentUnrouted) => true,
            _ => below_agent(&loc.root),
        },
        Route::ExtensionAction(ExtLoc::User(..), _) => faults.has(Fault::UserRootActionsMissing),
        Route::Extension(ExtLoc::User(..)) => faults.has(Fault::UserRootInstanceMissing),
        Route::Extension(ExtLoc::Core(Ref::Id(_))) => {
            faults.has(Fault::ExtensionGetByIdUnsupported)
        }
        Route::ExtensionList(Some(Ref::Id(_))) => faults.has(Fault::UserExtensionsByIdUnsupported),
        Route::User(Ref::Name(_)) => faults.has(Fault::UserGetByNameUnsupported),
        Route::Queue(Ref::Name(_)) => faults.has(Fault::QueueGetByIdentifierUnsupported),
        Route::QueueAgent(..) => faults.has(Fault::QueueAgentInstanceMissing),
        Route::Room(Ref::Name(_)) => faults.has(Fault::RoomGetByIdentifierUnsupported),
        Route::SegmentList(SegRoot::Room(_)) => faults.has(Fault::RoomSegmentsListMissing),
        Route::Extension(ExtLoc::Agent(..)) => faults.has(Fault::AgentExtensionInstanceMissing),
        Route::ExtensionAction(ExtLoc::Agent(..), _) => faults.has(Fault::AgentPathActionsMissing),
        Route::ExtensionAgents(ExtLoc::Agent(..)) => {
            faults.has(Fault::AgentPathSubResourcesMissing)
        }
        Route::SegmentList(root) => below_agent(root),
        Route::Segment(loc)
        | Route::DialingTo(loc)
        | Route::DialingFrom(loc)
        | Route::Linked(loc) => below_agent(&loc.root),
        Route::SegmentAction(loc, action) => {
            let mute_below_extension = *action == SegAction::Mute
                && matches!(loc.root, SegRoot::Extension(_))
                && faults.has(Fault::MuteExtensionRootUnrouted);
            below_agent(&loc.root) || mute_below_extension
        }
        _ => false,
    }
}

fn read(world: &World, parsed: &Parsed<'_>, state: &AppState) -> Result<Value, ApiError> {
    let faults = state.shared.faults;
    let quirks = state.shared.quirks;
    let Some(core_ref) = parsed.core else {
        return Ok(world.cores.iter().map(render::core).collect());
    };
    let core = match resolve::core(world, core_ref, faults) {
        Ok(core) => &world.cores[core],
        // A list filtered by core and user, read without checking the core exists.
        Err(ApiError::NotFound(_))
            if matches!(parsed.route, Route::ExtensionList(Some(_)))
                && faults.has(Fault::UserExtensionsUnknownCoreEmpty) =>
        {
            return Ok(Value::Array(Vec::new()));
        }
        Err(ApiError::NotFound(why))
            if matches!(parsed.route, Route::Extension(ExtLoc::Agent(..)))
                && faults.has(Fault::AgentPathUnknownCore403) =>
        {
            return Err(ApiError::Forbidden(why));
        }
        Err(error) => return Err(error),
    };
    let result = match &parsed.route {
        Route::CoreList | Route::Core => Ok(render::core(core)),
        Route::UserList => Ok(neighbours::users(core, faults)),
        Route::User(u) => neighbours::user(core, *u, faults),
        Route::QueueList => Ok(neighbours::queues(core, faults)),
        Route::Queue(q) => hidden_as_404(neighbours::queue(core, *q, faults), quirks),
        Route::QueueAgents(q) => hidden_as_404(neighbours::queue_agents(core, *q, faults), quirks),
        Route::QueueAgent(q, a) => {
            hidden_as_404(neighbours::queue_agent(core, *q, a, faults), quirks)
        }
        Route::RoomList => Ok(neighbours::rooms(core, faults)),
        Route::Room(r) => neighbours::room(core, *r, faults),
        Route::ExtensionList(user) => extensions::list(core, *user, faults),
        Route::Extension(loc) => extensions::instance(core, loc, faults),
        Route::ExtensionAgents(loc) => extensions::agents(core, loc, faults, state.shared.surface),
        Route::SegmentList(root) => call_segments::list(core, root, faults),
        Route::Segment(loc) if quirks.has(Quirk::ForeignSegmentReadable) => {
            call_segments::instance_anywhere(core, loc, faults)
        }
        Route::Segment(loc) => call_segments::instance(core, loc, faults),
        Route::DialingTo(loc) => call_segments::dialing_to(core, loc, faults),
        Route::DialingFrom(loc) => match call_segments::dialing_from(core, loc, faults) {
            Err(ApiError::Forbidden(_))
                if quirks.has(Quirk::DialingFrom404First)
                    && call_segments::undialled(core, loc) =>
            {
                Err(ApiError::NotFound(
                    "the call segment is not being dialed by another call segment",
                ))
            }
            other => other,
        },
        Route::Linked(loc) => call_segments::linked(core, loc, faults),
        Route::ExtensionAction(..) | Route::SegmentAction(..) => {
            Err(ApiError::MethodNotAllowed("POST"))
        }
    };
    hidden_queue_as_missing_ancestor(&parsed.route, result, quirks)
}

/// Queue paths under `hidden-as-404`: a disabled queue or an unlicensed agent is simply absent.
fn hidden_as_404(
    result: Result<Value, ApiError>,
    quirks: quirks::QuirkSet,
) -> Result<Value, ApiError> {
    match result {
        Err(ApiError::Forbidden(why)) if quirks.has(Quirk::HiddenAs404) => {
            Err(ApiError::NotFound(why))
        }
        other => other,
    }
}

/// Below the agent's extension path under `hidden-as-404`: a server hiding disabled queues calls
/// such a queue a missing ancestor of the agent's extension's children and actions (ERRATA E22).
/// The agent path itself keeps its documented 403.
fn hidden_queue_as_missing_ancestor<T>(
    route: &Route<'_>,
    result: Result<T, ApiError>,
    quirks: quirks::QuirkSet,
) -> Result<T, ApiError> {
    let below_agent = matches!(
        route,
        Route::ExtensionAgents(ExtLoc::Agent(..))
            | Route::ExtensionAction(ExtLoc::Agent(..), _)
            | Route::SegmentList(SegRoot::Extension(ExtLoc::Agent(..)))
    );
    match result {
        Err(ApiError::Forbidden(why))
            if below_agent
                && why == resolve::QUEUE_NOT_ENABLED
                && quirks.has(Quirk::HiddenAs404) =>
        {
            Err(ApiError::NotFound(why))
        }
        other => other,
    }
}

fn perform(
    state: &AppState,
    parsed: &Parsed<'_>,
    path: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let quirks = state.shared.quirks;
    let core_ref = parsed.core.ok_or(ApiError::MethodNotAllowed("GET"))?;
    let mut world = state.write();
    let core = resolve::core(&world, core_ref, state.shared.faults)?;
    if !quirks.has(Quirk::AsyncActions) {
        let ringing = act(state, &mut world, core, parsed, body);
        drop(world);
        let reply = finish_action(state, core, ringing)?;
        if matches!(
            parsed.route,
            Route::ExtensionAction(_, ExtAction::Originate)
        ) && state.shared.faults.has(Fault::OriginateAnswers500)
        {
            // The call is placed; the server gave up waiting for it to be answered.
            return Err(ApiError::Internal("originate timed out"));
        }
        return Ok(reply);
    }
    // Validated now, on a copy of the world; carried out a little later on the real one.
    act(state, &mut world.clone(), core, parsed, body)?;
    drop(world);
    let (state, path, body) = (state.clone(), path.to_owned(), body.to_vec());
    tokio::spawn(async move {
        tokio::time::sleep(quirks::ASYNC_ACTION_DELAY).await;
        if let Some(parsed) = path::parse(&path) {
            let ringing = act(&state, &mut state.write(), core, &parsed, &body);
            // Whatever changed meanwhile, a failure now has nobody left to tell.
            let _ = finish_action(&state, core, ringing);
        }
    });
    Ok(Reply::NoContent)
}

fn act(
    state: &AppState,
    world: &mut World,
    core: usize,
    parsed: &Parsed<'_>,
    body: &[u8],
) -> Result<Option<(u64, u64)>, ApiError> {
    let faults = state.shared.faults;
    let outcome = match &parsed.route {
        Route::ExtensionAction(loc, action) => {
            extensions::act(world, core, loc, *action, body, faults)
        }
        Route::SegmentAction(loc, action) => {
            call_segments::act(world, core, loc, *action, body, faults)
        }
        _ => Err(ApiError::MethodNotAllowed("GET")),
    };
    let outcome = hidden_queue_as_missing_ancestor(&parsed.route, outcome, state.shared.quirks);
    match outcome {
        Err(ApiError::Internal(why))
            if why == call_segments::NOT_IN_ROOM
                && state.shared.quirks.has(Quirk::NotInRoom409) =>
        {
            Err(ApiError::Conflict(why))
        }
        other => other,
    }
}

fn finish_action(
    state: &AppState,
    core: usize,
    ringing: Result<Option<(u64, u64)>, ApiError>,
) -> Result<Reply, ApiError> {
    if let Some((caller, callee)) = ringing? {
        state.schedule_answer(core, caller, callee);
    }
    Ok(Reply::NoContent)
}

/// Under `actions-see-other`: POST-redirect-GET, pointing at the object the action was on.
fn see_other(path: &str) -> Response {
    let object = path.rsplit_once('/').map_or(path, |(object, _)| object);
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(object) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

fn json_response(bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn is_empty_list(value: &Value) -> bool {
    value.as_array().is_some_and(Vec::is_empty)
}

/// Under `segment-json-trailing-comma`: each call segment object ends `,}`, as the page's
/// example does, which no JSON parser accepts.
fn trailing_commas(value: &Value) -> Vec<u8> {
    match value {
        Value::Array(items) => {
            let items: Vec<Vec<u8>> = items.iter().map(trailing_commas).collect();
            [b"[".as_slice(), &items.join(b",".as_slice()), b"]"].concat()
        }
        Value::Object(fields) if fields.contains_key("callerId") => {
            let mut bytes = serde_json::to_vec(value).unwrap_or_default();
            bytes.insert(bytes.len().saturating_sub(1), b',');
            bytes
        }
        other => serde_json::to_vec(other).unwrap_or_default(),
    }
}
