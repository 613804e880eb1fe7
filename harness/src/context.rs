//! The one resolved configuration of a run: raw CLI/environment/profile values become a
//! [`RunContext`] (catalogue loaded, schemas compiled, client built, fixtures discovered), built
//! once and shared by reference across cases.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use crate::discovery::{self, World};
use crate::error::{LoadError, RunError};
use crate::exec::snapshot::SnapshotSettings;
use crate::http::client::{self, AuthHeader};
use crate::http::tap::Tap;
use crate::profile::{self, LoadedProfile, Profile};
use crate::redact::Redactor;
use crate::result::{Level, TargetInfo};
use crate::schema::{SchemaStore, SchemaUse};
use crate::spec::{self, Catalogue};
use crate::stateful::StatefulSettings;

/// Default per-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where a profile comes from.
#[derive(Debug, Clone)]
pub enum ProfileSource {
    File(PathBuf),
    /// Profile text (the embedded reference server's), shown as `display` in messages.
    Text {
        display: String,
        text: String,
    },
}

/// Raw inputs of a run, before anything is resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub specs_dir: PathBuf,
    pub schemas_dir: PathBuf,
    pub profile: ProfileSource,
    /// Overrides the profile's `base_url`.
    pub target: Option<String>,
    /// Credentials given by the embedder (the embedded reference server's); else the profile's.
    pub credentials: Option<(String, String)>,
    pub timeout: Duration,
    /// How TLS servers are trusted: the platform's roots, `--cacert`, `--insecure`.
    pub tls: client::Tls,
    /// Record missing or changed snapshots (ignored under `CI` and in certification runs).
    pub update_snapshots: bool,
    /// A certification run: never writes snapshots.
    pub certification: bool,
    /// Overrides the profile's snapshot directory (the embedded reference uses `specs/snapshots`).
    pub snapshot_dir: Option<PathBuf>,
    /// Write `<name>.snap.new` beside a snapshot that differs, for `cargo insta review`.
    /// Default: true; never under `CI` or in certification runs.
    pub snapshot_review: bool,
    /// A snapshot never recorded fails instead of being not applicable. Default: false; the
    /// embedded reference target sets it (its snapshots are committed).
    pub missing_snapshot_fails: bool,
    /// Keep a journal of every request sent ([`client::Client::journal`]), for benchmarks.
    /// Default: false.
    pub journal: bool,
    /// The level the run is judged at. Default: `core` (the two pages alone).
    pub level: Level,
    /// At most this many requests per second (the profile's `rate` too: the lower wins).
    /// Default: none.
    pub rate: Option<u32>,
    /// Print every exchange on standard error as it happens, secrets masked (`-v`).
    /// Default: false.
    pub print_exchanges: bool,
    /// Keep every exchange for a HAR file ([`client::Client::recorded`], `--har`).
    /// Default: false.
    pub record_exchanges: bool,
    /// The stateful phase's seed and budget (`--stateful-*`). Default: [`StatefulSettings::default`].
    pub stateful: StatefulSettings,
}

impl Settings {
    /// Settings with the defaults for a catalogue at `root` (`root/specs`, `root/schemas`).
    pub fn new(root: &Path, profile: ProfileSource) -> Settings {
        Settings {
            specs_dir: root.join("specs"),
            schemas_dir: root.join("schemas"),
            profile,
            target: None,
            credentials: None,
            timeout: DEFAULT_TIMEOUT,
            tls: client::Tls::default(),
            update_snapshots: false,
            certification: false,
            snapshot_dir: None,
            snapshot_review: true,
            missing_snapshot_fails: false,
            journal: false,
            level: Level::Core,
            rate: None,
            print_exchanges: false,
            record_exchanges: false,
            stateful: StatefulSettings::default(),
        }
    }
}

/// The credentials a run sends, and the environment variables a curl line reads them from.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    pub username_env: String,
    pub password_env: String,
}

impl Credentials {
    /// A curl line reproducing `request` with these credentials' variables and the run's TLS
    /// settings.
    pub fn curl_line(&self, request: &client::HttpRequest, tls: &client::CurlTls) -> String {
        client::curl_line(request, &self.username_env, &self.password_env, tls)
    }
}

/// Everything a case needs, resolved once.
#[derive(Debug)]
pub struct RunContext {
    pub catalogue: Catalogue,
    pub profile: LoadedProfile,
    pub target: TargetInfo,
    /// `base_url` + `api_root`, without a trailing slash.
    pub api_base: String,
    pub client: client::Client,
    pub credentials: Credentials,
    /// The run's TLS settings as curl lines repeat them (`-k`, `--cacert`).
    pub curl_tls: client::CurlTls,
    pub schemas: SchemaStore,
    pub world: World,
    /// The level the run is judged at ([`Settings::level`]).
    pub level: Level,
    pub redactor: Redactor,
    pub snapshots: SnapshotSettings,
    /// The stateful phase's seed and budget.
    pub stateful: StatefulSettings,
    /// Snapshot checks that were not applicable (nothing recorded for this target).
    pub(crate) snapshots_not_recorded: AtomicUsize,
    /// Snapshot checks that wrote a `.snap.new` for review.
    pub(crate) snapshots_pending: AtomicUsize,
    /// Held by a case while its `exclusive` steps run (its call window).
    pub(crate) call_window: crate::schedule::CallWindow,
}

fn load_profile(settings: &Settings) -> Result<LoadedProfile, LoadError> {
    match &settings.profile {
        ProfileSource::File(path) => profile::load_profile(path),
        ProfileSource::Text { display, text } => Ok(LoadedProfile {
            profile: profile::parse_profile(display, text)?,
            path: None,
            display: display.clone(),
        }),
    }
}

/// Compiles the schemas of `schemas_dir`, checking each reference the catalogue makes.
pub fn compile_schemas(
    schemas_dir: &Path,
    catalogue: &Catalogue,
) -> Result<SchemaStore, LoadError> {
    let uses = catalogue.cases.iter().flat_map(|case| {
        case.spec.steps.iter().filter_map(move |step| {
            step.expect.schema.as_deref().map(|reference| SchemaUse {
                reference,
                file: &case.file,
                line: case.line,
            })
        })
    });
    // The stateful phase checks bodies against these two, whatever the scenarios use (a
    // catalogue without them leaves those checks to report the schema as not compiled).
    let stateful = crate::stateful::SCHEMAS
        .iter()
        .filter(|reference| schemas_dir.join(reference).is_file())
        .map(|reference| SchemaUse {
            reference,
            file: "harness/src/stateful/check.rs",
            line: 1,
        });
    let uses = uses.chain(stateful);
    SchemaStore::load(schemas_dir, uses)
}

/// What [`RunContext::build`] learns from the profile and the target.
struct Reached {
    profile: LoadedProfile,
    base_url: String,
    api_base: String,
    credentials: Credentials,
    redactor: Redactor,
    client: client::Client,
    world: World,
}

/// Loads the profile, resolves the target and the credentials, builds the client and discovers
/// the fixtures.
fn reach_target(settings: &Settings) -> Result<Reached, RunError> {
    let profile = load_profile(settings)?;
    let p = &profile.profile;
    let base_url = settings
        .target
        .clone()
        .or_else(|| p.base_url.clone())
        .ok_or_else(|| {
            RunError::Usage(format!(
                "no target: {} has no base_url; pass --target URL or set ISYM_TARGET",
                profile.display
            ))
        })?;
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        return Err(RunError::Usage(format!(
            "target {base_url:?} is not an http(s) URL"
        )));
    }
    let api_base = format!(
        "{}{}",
        base_url.trim_end_matches('/'),
        p.api_root.trim_end_matches('/')
    );
    let credentials = resolve_credentials(&profile, settings.credentials.clone())?;
    let rate = [settings.rate, p.rate.map(std::num::NonZeroU32::get)]
        .into_iter()
        .flatten()
        .min();
    let redactor = Redactor::for_basic_auth(&credentials.username, &credentials.password);
    let tap = Tap::new(
        settings.print_exchanges.then(|| redactor.clone()),
        settings.record_exchanges,
    );
    let client = client::Client::new(settings.timeout, &settings.tls, settings.journal)?
        .with_rate(rate)
        .with_tap(tap);
    let auth = AuthHeader::Basic {
        username: credentials.username.clone(),
        password: credentials.password.clone(),
    };
    preflight(
        &client,
        &api_base,
        &p.core_server.slug,
        &auth,
        settings.timeout,
    )?;
    let world = discovery::discover(p, &client, &api_base, auth)?;
    Ok(Reached {
        profile,
        base_url,
        api_base,
        credentials,
        redactor,
        client,
        world,
    })
}

/// One request before anything else: a target that does not answer it within the timeout (or
/// refuses the connection) ends the run as unreachable (exit 3), instead of every case waiting
/// for its own timeouts. Any HTTP answer, whatever its status, lets the run go on.
fn preflight(
    client: &client::Client,
    api_base: &str,
    slug: &str,
    auth: &AuthHeader,
    timeout: Duration,
) -> Result<(), RunError> {
    let request = client::HttpRequest {
        label: "preflight".into(),
        method: "GET",
        url: format!("{api_base}/coreServers/getByName/{slug}/extensions"),
        headers: vec![("Accept".into(), "application/json".into())],
        body: None,
        auth: auth.clone(),
    };
    match client::send(client, &request) {
        Ok(_) => Ok(()),
        Err(e) if e.answered => Ok(()),
        Err(e) => Err(RunError::Unreachable {
            url: api_base.to_string(),
            message: format!(
                "the first request (GET {}) got no answer within {} s: {}",
                request.url,
                timeout.as_secs(),
                e.message
            ),
        }),
    }
}

impl RunContext {
    /// Loads everything, builds the client and discovers the fixtures. Discovery (requests to
    /// the target) runs while another thread loads the catalogue and compiles the schemas; a
    /// load error is reported before a profile or target error.
    pub fn build(settings: &Settings) -> Result<RunContext, RunError> {
        let (loaded, reached) = crate::par::both(
            || {
                let catalogue = spec::load_catalogue(&settings.specs_dir)?;
                let schemas = compile_schemas(&settings.schemas_dir, &catalogue)?;
                Ok::<_, LoadError>((catalogue, schemas))
            },
            || reach_target(settings),
        );
        let (catalogue, schemas) = loaded?;
        let Reached {
            profile,
            base_url,
            api_base,
            credentials,
            redactor,
            client,
            world,
        } = reached?;
        let p = &profile.profile;
        let snapshot_dir = settings
            .snapshot_dir
            .clone()
            .or_else(|| p.snapshots.as_deref().map(|dir| profile.resolve(dir)));
        // Nothing is written under CI or in a certification run.
        let may_write = !settings.certification && !under_ci();
        let update = settings.update_snapshots && may_write;
        Ok(RunContext {
            target: target_info(p, &base_url),
            catalogue,
            profile,
            api_base,
            client,
            credentials,
            curl_tls: settings.tls.curl(),
            schemas,
            world,
            level: settings.level,
            redactor,
            snapshots: SnapshotSettings {
                dir: snapshot_dir,
                update,
                review: settings.snapshot_review && may_write,
                missing_fails: settings.missing_snapshot_fails,
            },
            stateful: settings.stateful.clone(),
            snapshots_not_recorded: AtomicUsize::new(0),
            snapshots_pending: AtomicUsize::new(0),
            call_window: Default::default(),
        })
    }

    /// Snapshot checks skipped so far because nothing is recorded for this target.
    pub fn snapshots_not_recorded(&self) -> usize {
        self.snapshots_not_recorded
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// What the console says about snapshots after a run: how many checks were not applicable,
    /// and how to review the `.snap.new` files written. Empty when there is nothing to say.
    pub fn snapshot_notes(&self) -> String {
        let mut notes = String::new();
        let not_recorded = self.snapshots_not_recorded();
        if not_recorded > 0 {
            notes.push_str(&format!(
                "{not_recorded} snapshot check(s) not applicable: no snapshots recorded for this target\n"
            ));
        }
        let pending = self
            .snapshots_pending
            .load(std::sync::atomic::Ordering::Relaxed);
        if let (true, Some(dir)) = (pending > 0, &self.snapshots.dir) {
            notes.push_str(&format!(
                "{pending} snapshot check(s) received something else: review with \
                 `cargo insta review --workspace-root {}` (accept: `cargo insta accept`)\n",
                dir.display()
            ));
        }
        notes
    }
}

/// Whether `CI` is set to something other than empty, `0` or `false`.
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !(v.is_empty() || v == "0" || v == "false"))
}

/// What reports say about the target.
pub fn target_info(p: &Profile, base_url: &str) -> TargetInfo {
    let mut features = Vec::new();
    if p.features.conference_rooms {
        features.push("conference_rooms".to_string());
    }
    TargetInfo {
        name: p.name.clone(),
        base_url: base_url.to_string(),
        version: p.version.clone(),
        features,
        allow_state_changes: p.allow_state_changes,
    }
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Credentials per DESIGN §2: `ISYM_USERNAME` wins, then `username_env`, then `username`; the
/// password from `password_env` (default `ISYM_PASSWORD`), else `password_file`.
fn resolve_credentials(
    profile: &LoadedProfile,
    given: Option<(String, String)>,
) -> Result<Credentials, RunError> {
    let spec = &profile.profile.credentials;
    let username_env = spec
        .username_env
        .clone()
        .unwrap_or_else(|| "ISYM_USERNAME".to_string());
    let password_env = spec
        .password_env
        .clone()
        .unwrap_or_else(|| "ISYM_PASSWORD".to_string());
    if let Some((username, password)) = given {
        return Ok(Credentials {
            username: env_nonempty("ISYM_USERNAME").unwrap_or(username),
            password: env_nonempty(&password_env).unwrap_or(password),
            username_env,
            password_env,
        });
    }
    let username = env_nonempty("ISYM_USERNAME")
        .or_else(|| env_nonempty(&username_env))
        .or_else(|| spec.username.clone())
        .ok_or_else(|| {
            RunError::Usage(format!(
                "no username: set ISYM_USERNAME or give credentials.username in {}",
                profile.display
            ))
        })?;
    let password = match env_nonempty(&password_env) {
        Some(password) => password,
        None => match &spec.password_file {
            Some(file) => {
                let path = profile.resolve(file);
                std::fs::read_to_string(&path)
                    .map(|text| text.trim_end_matches(['\r', '\n']).to_string())
                    .map_err(|e| {
                        RunError::Usage(format!(
                            "{password_env} is unset and the password file {} cannot be read: {e}",
                            path.display()
                        ))
                    })?
            }
            None => {
                return Err(RunError::Usage(format!(
                    "no password: set {password_env} (or give credentials.password_file in {})",
                    profile.display
                )))
            }
        },
    };
    Ok(Credentials {
        username,
        password,
        username_env: if env_nonempty("ISYM_USERNAME").is_some() {
            "ISYM_USERNAME".into()
        } else {
            username_env
        },
        password_env,
    })
}
