//! The reference server through its router (`tower::ServiceExt::oneshot`): every path family,
//! every documented status, and every fault.

mod support;

mod call_segments;
mod extensions;
mod faults;
mod neighbours;
mod transport;
