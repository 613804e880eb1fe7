//! A stateful reference implementation of the iSymphony Live REST API (extensions and call
//! segments, with the users, queues, agents and conference rooms around them), with
//! injectable faults and conformant quirks.
//!
//! The harness runs against it by default and against its faulty variants to prove it can
//! fail; integrators can develop clients against it.
//!
//! # Usage
//!
//! Embedded, on a free loopback port:
//!
//! ```no_run
//! use isym_reference::{Config, Fault, RunningServer};
//!
//! let config = Config { faults: vec![Fault::AuthIgnored], ..Config::default() };
//! let server = RunningServer::start(config, "127.0.0.1:0".parse().unwrap()).unwrap();
//! println!("{}", server.base_url());
//! println!("{}", server.profile_yaml());
//! // Dropping `server` shuts it down.
//! ```
//!
//! In process, without a socket (as the crate's own tests do):
//!
//! ```
//! let app = isym_reference::router(isym_reference::AppState::new(&Default::default()));
//! # drop(app);
//! ```
//!
//! From the command line: `isym-reference --port 58080 [--seed N] [--fault NAME]...`
//! (`--help` lists every option; `--list-faults`, `--list-quirks`, `--print-profile`).
#![forbid(unsafe_code)]

mod auth;
mod config;
mod error;
mod faults;
mod ids;
mod path;
mod profile;
mod quirks;
mod render;
mod routes;
mod seed;
mod server;
mod state;
mod surface;
mod world;

pub use config::Config;
pub use faults::Fault;
pub use quirks::Quirk;
pub use server::{with_request_log, RunningServer};
pub use state::AppState;
pub use surface::Surface;
pub use world::World;

/// The API router for `state`. Every path is handled by one fallback that understands both
/// `[{id} | getByName/{name}]` forms; it holds each response back by [`Config::latency`]; it
/// does not log (see [`with_request_log`]).
pub fn router(state: AppState) -> axum::Router {
    let latency = state.shared.latency;
    let api = axum::Router::new()
        .fallback(routes::handle)
        .with_state(state);
    server::with_latency(api, latency)
}
