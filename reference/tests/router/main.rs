//! The reference server through its router (`tower::ServiceExt::oneshot`): every path family,
//! every documented status, every fault and every quirk.

mod support;

mod call_segments;
mod extensions;
mod faults;
mod neighbours;
mod pages;
mod quirks;
mod transport;
