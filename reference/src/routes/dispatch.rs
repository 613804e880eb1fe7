//! The single handler: auth, path, method, then the resource family.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{call_segments, extensions, neighbours, resolve};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::path::{self, Parsed, Route};
use crate::render;
use crate::state::AppState;
use crate::world::World;

/// A successful outcome: a JSON document (200) or nothing (204, for actions).
enum Reply {
    Json(Value),
    NoContent,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::NoContent => StatusCode::NO_CONTENT.into_response(),
            Reply::Json(value) => {
                // Serialising a Value into a Vec cannot fail.
                let bytes = serde_json::to_vec(&value).unwrap_or_default();
                let mut response = bytes.into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                response
            }
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
    match respond(&state, &method, uri.path(), &headers, &body) {
        Ok(reply) => reply.into_response(),
        Err(error) => error.into_response(),
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
    let parsed = path::parse(path).ok_or(ApiError::NotFound("no such path"))?;
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
        perform(state, &parsed, body)
    } else {
        read(&state.read(), &parsed, state).map(Reply::Json)
    }
}

fn read(world: &World, parsed: &Parsed<'_>, state: &AppState) -> Result<Value, ApiError> {
    let faults = state.shared.faults;
    let Some(core_ref) = parsed.core else {
        return Ok(world.cores.iter().map(render::core).collect());
    };
    let core = &world.cores[resolve::core(world, core_ref, faults)?];
    match &parsed.route {
        Route::CoreList | Route::Core => Ok(render::core(core)),
        Route::UserList => Ok(neighbours::users(core)),
        Route::User(u) => neighbours::user(core, *u),
        Route::QueueList => Ok(neighbours::queues(core)),
        Route::Queue(q) => neighbours::queue(core, *q),
        Route::QueueAgents(q) => neighbours::queue_agents(core, *q),
        Route::QueueAgent(q, a) => neighbours::queue_agent(core, *q, a),
        Route::RoomList => Ok(neighbours::rooms(core)),
        Route::Room(r) => neighbours::room(core, *r),
        Route::ExtensionList(user) => extensions::list(core, *user, faults),
        Route::Extension(loc) => extensions::instance(core, loc, faults),
        Route::ExtensionAgents(loc) => extensions::agents(core, loc, faults),
        Route::SegmentList(root) => call_segments::list(core, root, faults),
        Route::Segment(loc) => call_segments::instance(core, loc, faults),
        Route::DialingTo(loc) => call_segments::dialing_to(core, loc, faults),
        Route::DialingFrom(loc) => call_segments::dialing_from(core, loc, faults),
        Route::Linked(loc) => call_segments::linked(core, loc, faults),
        Route::ExtensionAction(..) | Route::SegmentAction(..) => {
            Err(ApiError::MethodNotAllowed("POST"))
        }
    }
}

fn perform(state: &AppState, parsed: &Parsed<'_>, body: &[u8]) -> Result<Reply, ApiError> {
    let faults = state.shared.faults;
    let mut world = state.write();
    let core_ref = parsed.core.ok_or(ApiError::MethodNotAllowed("GET"))?;
    let core = resolve::core(&world, core_ref, faults)?;
    let ringing = match &parsed.route {
        Route::ExtensionAction(loc, action) => {
            extensions::act(&mut world, core, loc, *action, body, faults)?
        }
        Route::SegmentAction(loc, action) => {
            call_segments::act(&mut world, core, loc, *action, body, faults)?
        }
        _ => return Err(ApiError::MethodNotAllowed("GET")),
    };
    drop(world);
    if let Some((caller, callee)) = ringing {
        state.schedule_answer(core, caller, callee);
    }
    Ok(Reply::NoContent)
}
