//! HTTP: the client that sends every request of a run (timeouts, rate, giving a silent target
//! up, the journal), what an exchange is made of, and the tap that shows (`-v`) and keeps
//! (`--har`) exchanges. Used by discovery, the cases and the preflight alike.

pub mod client;
pub mod exchange;
pub mod tap;
