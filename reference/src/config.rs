//! The one resolved configuration of a reference server.

use std::time::Duration;

use crate::faults::Fault;
use crate::quirks::Quirk;
use crate::surface::Surface;

/// How to build and run a reference server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Seeds every id in the world. Default 0.
    pub seed: u64,
    /// The Basic-auth user name. Default `manager`.
    pub username: String,
    /// The Basic-auth password. Default `manag3rpa55word` (the vendor's example credential).
    pub password: String,
    /// How long a dialled party takes to answer an originated or transferred call. Default 3 ms.
    pub answer_delay: Duration,
    /// Deliberate deviations to inject. Default none.
    pub faults: Vec<Fault>,
    /// Conformant behaviour that differs from the reference's own reading of the documents.
    /// Default none. Quirks of one [`Quirk::group`] cannot be combined.
    pub quirks: Vec<Quirk>,
    /// Extra licensed extensions (numbers from 10000) and `scale / 5` live calls among them,
    /// for benchmarks. Default 0: the standard world only.
    pub scale: usize,
    /// Which routes the server answers: all it knows, or only those the two resource pages
    /// document. Default [`Surface::Full`].
    pub surface: Surface,
    /// How long every response (errors included) waits before it is sent, to benchmark a
    /// client at network latency. Other requests are not held up meanwhile. Default 0.
    pub latency: Duration,
    /// After this many requests the server (a [`crate::RunningServer`]) still accepts requests
    /// but never answers them: a target that dies in the middle of a run, for tests of a
    /// client. Default `None`: it always answers.
    pub hang_after: Option<usize>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 0,
            username: "manager".to_owned(),
            password: "manag3rpa55word".to_owned(),
            answer_delay: Duration::from_millis(3),
            faults: Vec::new(),
            quirks: Vec::new(),
            scale: 0,
            surface: Surface::Full,
            latency: Duration::ZERO,
            hang_after: None,
        }
    }
}
