//! What the test modules share: the binary and data paths, runs of the catalogue against
//! embedded reference servers, misbehaving servers, TLS material.

pub mod bin;
pub mod catalogue;
pub mod hostile;
pub mod tls;
