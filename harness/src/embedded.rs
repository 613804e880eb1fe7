//! The reference server started in-process, for runs without a target.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use isym_reference::{Config, RunningServer};

use crate::context::{ProfileSource, Settings};
use crate::error::RunError;

/// A reference server on loopback, and the settings that point a run at it.
pub struct Embedded {
    server: RunningServer,
    config: Config,
}

impl Embedded {
    /// Starts the reference server (seed 0, default credentials) on `127.0.0.1:0`.
    pub fn start() -> Result<Embedded, RunError> {
        Self::start_with(Config::default())
    }

    /// Starts the reference server with `config` on `127.0.0.1:0`.
    pub fn start_with(config: Config) -> Result<Embedded, RunError> {
        let bind = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let server = RunningServer::start(config.clone(), bind).map_err(RunError::Embedded)?;
        Ok(Embedded { server, config })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// The server: e.g. when each request arrived ([`RunningServer::arrivals`]).
    pub fn server(&self) -> &RunningServer {
        &self.server
    }

    /// The target profile of this server's world.
    pub fn profile_yaml(&self) -> String {
        self.server.profile_yaml()
    }

    /// Settings for a run against this server with the catalogue at `specs_dir`/`schemas_dir`:
    /// its own profile, its credentials, and the reference snapshots committed in
    /// `specs_dir/snapshots`, where a missing snapshot fails (the catalogue's own defect).
    pub fn settings(&self, specs_dir: &Path, schemas_dir: &Path) -> Settings {
        let mut settings = Settings::new(
            Path::new("."),
            ProfileSource::Text {
                display: "embedded reference profile".into(),
                text: self.server.profile_yaml(),
            },
        );
        settings.specs_dir = specs_dir.to_path_buf();
        settings.schemas_dir = schemas_dir.to_path_buf();
        settings.target = Some(self.server.base_url());
        settings.credentials = Some((self.config.username.clone(), self.config.password.clone()));
        settings.snapshot_dir = Some(specs_dir.join("snapshots"));
        settings.missing_snapshot_fails = true;
        // Answers come within 3 ms here, asynchronous actions within 150 ms (quirks).
        settings.stateful.settle = std::time::Duration::from_secs(1);
        settings
    }
}
