//! The shared state behind the router: the world under one lock, plus the fixed settings.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use crate::auth::BasicAuth;
use crate::config::Config;
use crate::faults::FaultSet;
use crate::quirks::{self, Quirk, QuirkSet};
use crate::surface::Surface;
use crate::world::World;

/// Everything a request handler needs. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub(crate) shared: Arc<Shared>,
}

#[derive(Debug)]
pub(crate) struct Shared {
    world: RwLock<World>,
    pub(crate) faults: FaultSet,
    pub(crate) quirks: QuirkSet,
    pub(crate) auth: BasicAuth,
    pub(crate) answer_delay: Duration,
    /// The profile's world-dependent part, taken before any request could change the world.
    pub(crate) profile: crate::profile::WorldFacts,
    pub(crate) username: String,
    pub(crate) surface: Surface,
    /// Added to every response by the router (see [`crate::router`]).
    pub(crate) latency: Duration,
}

impl AppState {
    /// Builds the world described by `config`.
    ///
    /// # Panics
    /// If `config.quirks` holds two quirks of one group (see [`Quirk::first_conflict`]).
    pub fn new(config: &Config) -> AppState {
        if let Some((a, b)) = Quirk::first_conflict(&config.quirks) {
            panic!("quirks {} and {} cannot be combined", a.name(), b.name());
        }
        let quirk_set = QuirkSet::new(&config.quirks);
        let seed = if quirk_set.has(Quirk::OtherIds) {
            config.seed ^ quirks::OTHER_IDS_SEED
        } else {
            config.seed
        };
        let answer_delay = if quirk_set.has(Quirk::SlowAnswer) {
            config.answer_delay.max(quirks::SLOW_ANSWER_DELAY)
        } else {
            config.answer_delay
        };
        let mut world = crate::seed::build(seed, config.scale);
        for core in &mut world.cores {
            core.readings.room_peers_related = quirk_set.has(Quirk::RoomPeersVisible);
            core.readings.incoming_ends_on_answer = quirk_set.has(Quirk::IncomingEndsOnAnswer);
            core.readings.kick_keeps_call = quirk_set.has(Quirk::KickKeepsCall);
            if core.readings.incoming_ends_on_answer {
                for segment in core.segments.values_mut() {
                    segment.incoming &= segment.linked.is_none();
                }
            }
        }
        let profile = crate::profile::WorldFacts::collect(&world);
        AppState {
            shared: Arc::new(Shared {
                world: RwLock::new(world),
                faults: FaultSet::new(&config.faults),
                quirks: quirk_set,
                auth: BasicAuth::new(&config.username, &config.password),
                answer_delay,
                profile,
                username: config.username.clone(),
                surface: config.surface,
                latency: config.latency,
            }),
        }
    }

    /// The target profile (DESIGN.md section 2) describing this world, for a harness that
    /// embeds the server: no `password_file`, no `snapshots`. Under [`Surface::Pages`] the
    /// core server is given by slug only.
    pub fn profile_yaml(&self, base_url: &str) -> String {
        crate::profile::render(
            &self.shared.profile,
            &crate::profile::ProfileOptions {
                base_url,
                username: &self.shared.username,
                password_file: None,
                snapshots: None,
                surface: self.shared.surface,
            },
        )
    }

    /// The profile as committed in `targets/reference.yaml`: like [`AppState::profile_yaml`]
    /// plus the password file and the snapshot directory, both relative to `targets/`.
    pub fn target_file_yaml(&self, base_url: &str) -> String {
        crate::profile::render(
            &self.shared.profile,
            &crate::profile::ProfileOptions {
                base_url,
                username: &self.shared.username,
                password_file: Some("reference.password"),
                snapshots: Some("../specs/snapshots"),
                surface: self.shared.surface,
            },
        )
    }

    // A panic while holding the lock cannot leave the world half-changed in a way that
    // matters more than refusing every later request would, so poisoning is ignored.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, World> {
        self.shared
            .world
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, World> {
        self.shared
            .world
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The dialled party answers after the configured delay (if the call still rings then).
    pub(crate) fn schedule_answer(&self, core: usize, caller: u64, callee: u64) {
        let state = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(state.shared.answer_delay).await;
            state.write().answer(core, caller, callee);
        });
    }
}
