//! Request handling: one fallback handler parses the path (both `[{id} | getByName/{name}]`
//! forms, mixed freely), checks auth and method, then dispatches by resource family.

mod body;
mod call_segments;
mod dispatch;
mod extensions;
mod neighbours;
mod resolve;

pub(crate) use dispatch::handle;
