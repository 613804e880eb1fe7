//! Command-line arguments of `isym-conform`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::result::Level;
use crate::runner::Selection;

/// Conformance harness for the iSymphony Live REST API.
#[derive(Debug, Parser)]
#[command(name = "isym-conform", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the catalogue against a target (default: the embedded reference server).
    Run(RunArgs),
    /// List the expanded cases and their request paths; nothing is sent.
    List(ListArgs),
    /// Check the specs, schemas and profiles without contacting a target; say how many
    /// requirements each profile can exercise.
    Lint(LintArgs),
    /// Show which cases cover each requirement, and the uncovered ones; with --profile, which
    /// requirements that profile can exercise (nothing is sent).
    Coverage(CoverageArgs),
    /// Print (or write) the generated family, specs/generated.yaml: negative inputs made from
    /// the request schemas and the path forms.
    Generate(GenerateArgs),
    /// Run the whole catalogue and write a certification bundle (reports + manifest.json).
    Certify(CertifyArgs),
    /// Check a certification bundle against this suite; reject one that was altered.
    Verify(VerifyArgs),
    /// Write a baseline (the known failures of a target) from a results.json.
    Baseline(BaselineArgs),
    /// List the cases newly failing, newly passing and otherwise changed between two runs.
    Compare(CompareArgs),
    /// Describe the API the catalogue checks in another format; nothing is sent.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// An OpenAPI 3.1 document (JSON) of every path, method, status code and schema the
    /// catalogue uses.
    Openapi(OpenapiArgs),
}

#[derive(Debug, Clone, Args)]
pub struct OpenapiArgs {
    /// Where to write the document. Default: standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub catalogue: CatalogueArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CatalogueArgs {
    /// Directory of the scenario files and requirements.yaml. Default: specs
    #[arg(long, default_value = "specs")]
    pub specs: PathBuf,
    /// Directory of the JSON Schemas. Default: schemas
    #[arg(long, default_value = "schemas")]
    pub schemas: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct SelectArgs {
    /// Run only cases whose id contains this text (repeatable; any matches).
    #[arg(long)]
    pub filter: Vec<String>,
    /// Run only cases carrying one of these tags (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Leave out cases whose id contains this text (repeatable; after --filter and --tags).
    #[arg(long, value_name = "PATTERN")]
    pub skip: Vec<String>,
    /// Leave out cases carrying any of these tags (comma-separated), e.g. `mutating`.
    #[arg(long, value_delimiter = ',', value_name = "TAGS")]
    pub exclude_tags: Vec<String>,
}

impl SelectArgs {
    pub(crate) fn selection(&self) -> Selection {
        Selection {
            filters: self.filter.clone(),
            tags: self.tags.clone(),
            skips: self.skip.clone(),
            exclude_tags: self.exclude_tags.clone(),
        }
    }
}

/// Which target a run talks to, and how.
#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// Base URL of the target, e.g. http://pbx:58080. Default: the profile's base_url; with
    /// neither a target nor a profile, the embedded reference server is started.
    #[arg(long, env = "ISYM_TARGET")]
    pub target: Option<String>,
    /// Target profile (YAML). Default with --target: targets/reference.yaml.
    #[arg(long, env = "ISYM_PROFILE")]
    pub profile: Option<PathBuf>,
    /// Start the embedded reference server with this fault (repeatable; see
    /// `isym-reference --list-faults`). Only without --target and --profile.
    #[arg(long = "reference-fault", value_name = "FAULT")]
    pub reference_faults: Vec<String>,
    /// The embedded reference server's surface: `full`, or `pages` (only what the two pages
    /// document: no core server, user, queue or conference room resources). Only without
    /// --target and --profile. Default: full
    #[arg(
        long = "reference-surface",
        value_name = "SURFACE",
        default_value = "full"
    )]
    pub reference_surface: String,
    /// Cases run at once (1 to 256). The work waits on the network, not the CPU, so the
    /// default is well above the CPU count; --rate caps the requests per second. Default: 32
    #[arg(long, default_value_t = crate::runner::DEFAULT_JOBS, value_parser = parse_jobs)]
    pub jobs: usize,
    /// At most this many requests per second (also the profile's `rate`; the lower wins), for
    /// production systems. Default: no limit
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate: Option<u32>,
    #[command(flatten)]
    pub catalogue: CatalogueArgs,
    /// Per-request timeout in seconds. Default: 10
    #[arg(long, default_value_t = 10)]
    pub timeout_secs: u64,
    /// Accept invalid TLS certificates (self-signed targets); curl lines get `-k`.
    #[arg(long)]
    pub insecure: bool,
    /// Also trust the certificates of this PEM file (a private CA or a self-signed target), on
    /// top of the platform's root certificates; curl lines get `--cacert FILE`.
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// The level that decides the verdict and the exit code: `core` (the rules of the two
    /// documentation pages) or `extended` (also the facts of the API overview and the
    /// neighbouring resources). Cases of both levels run and are reported either way.
    /// Default: core
    #[arg(long, default_value = "core", value_parser = parse_level, env = "ISYM_LEVEL")]
    pub level: Level,
    #[command(flatten)]
    pub stateful: StatefulArgs,
}

/// The stateful phase: random sequences of originate, answer, transfer, DND and mute steps,
/// checked after each step against a model of the calls (case ids `stateful/seed-<N>`). It
/// runs after every other case, only with `allow_state_changes`.
#[derive(Debug, Clone, Args)]
pub struct StatefulArgs {
    /// Seed of the first sequence; sequence i takes seed + i, and a failure names the seed that
    /// reproduces it (with --stateful-cases 1). Default: 1
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1,
        env = "ISYM_STATEFUL_SEED"
    )]
    pub stateful_seed: u64,
    /// Sequences to run; 0 leaves the phase out. Default: 4
    #[arg(
        long,
        value_name = "N",
        default_value_t = 4,
        env = "ISYM_STATEFUL_CASES"
    )]
    pub stateful_cases: u32,
    /// Most steps in one sequence (1 to 64). Default: 8
    #[arg(long, value_name = "N", default_value_t = 8, env = "ISYM_STATEFUL_STEPS",
          value_parser = clap::value_parser!(u32).range(1..=64))]
    pub stateful_steps: u32,
    /// Time for the whole phase in seconds: sequences not started by then are not applicable
    /// (shrinking a failure may take up to 30 s more). Default: 20
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 20,
        env = "ISYM_STATEFUL_BUDGET_SECS"
    )]
    pub stateful_budget_secs: u64,
}

impl StatefulArgs {
    /// These options over `base` (which keeps its settle time: the embedded server's is shorter).
    pub(crate) fn apply(
        &self,
        base: &crate::stateful::StatefulSettings,
    ) -> crate::stateful::StatefulSettings {
        crate::stateful::StatefulSettings {
            seed: self.stateful_seed,
            cases: self.stateful_cases,
            steps: self.stateful_steps,
            budget: std::time::Duration::from_secs(self.stateful_budget_secs),
            settle: base.settle,
        }
    }
}

fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=256).contains(&n) => Ok(n),
        _ => Err(format!("{text:?} is not a number of jobs from 1 to 256")),
    }
}

fn parse_level(text: &str) -> Result<Level, String> {
    Level::from_name(text).ok_or_else(|| format!("{text:?} is not a level: use core or extended"))
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Where reports are written. Default: reports
    #[arg(long, default_value = "reports", env = "ISYM_REPORT_DIR")]
    pub report_dir: PathBuf,
    /// Record missing and changed snapshots for this target (also ISYM_UPDATE_SNAPSHOTS=1).
    /// Never done when CI is set.
    #[arg(long, env = "ISYM_UPDATE_SNAPSHOTS")]
    pub update_snapshots: bool,
    #[command(flatten)]
    pub console: ConsoleArgs,
    /// Also write every exchange of the run (discovery and every case's requests, passing or
    /// not) to this file as HAR 1.2 JSON, secrets masked.
    #[arg(long, value_name = "FILE")]
    pub har: Option<PathBuf>,
    /// Gate on a baseline of known failures (YAML): only failures it does not list, and
    /// expired entries, make the run fail.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: also fail when a listed case now passes, did not run or does not exist,
    /// so the baseline stays exact.
    #[arg(long, requires = "baseline")]
    pub strict_baseline: bool,
}

/// How much the console shows.
#[derive(Debug, Clone, Args)]
pub struct ConsoleArgs {
    /// Print each request and response as it is exchanged (on standard error, secrets masked;
    /// bodies cut at 4 KiB), instead of the progress line.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print only the verdict line (and the baseline gate's with --baseline); errors still go
    /// to standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

impl ConsoleArgs {
    pub(crate) fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

/// What the console prints during and after a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// The verdict line only.
    Quiet,
    /// Failures grouped by requirement, the summary table, the progress line.
    Normal,
    /// Normal, plus every request and response as it happens (no progress line).
    Verbose,
}

#[derive(Debug, Clone, Args)]
pub struct CertifyArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub console: ConsoleArgs,
    /// Directory of the bundle (created; must be empty or absent).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// The bundle directory.
    pub dir: PathBuf,
    /// Root of the suite to verify against (holding specs/ and schemas/). Default: .
    #[arg(long, default_value = ".")]
    pub suite: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct BaselineArgs {
    /// The results.json of the run whose failures become the baseline.
    #[arg(long)]
    pub from: PathBuf,
    /// Where to write the baseline. Default: standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// The earlier run's results.json.
    pub before: PathBuf,
    /// The later run's results.json.
    pub after: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub catalogue: CatalogueArgs,
}

#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// Profiles to check (repeatable). Default: every targets/*.yaml.
    #[arg(long)]
    pub profile: Vec<PathBuf>,
    #[command(flatten)]
    pub catalogue: CatalogueArgs,
}

#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// Directory of the JSON Schemas. Default: schemas
    #[arg(long, default_value = "schemas")]
    pub schemas: PathBuf,
    /// Write the file here (e.g. specs/generated.yaml). Default: standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct CoverageArgs {
    /// Print {"requirements": N, "covered": N, "uncovered": [ids]} as JSON (with --profile: the
    /// profile's figures, see `coverage --help`).
    #[arg(long)]
    pub json: bool,
    /// Work out, without contacting the target, which requirements a run with this profile can
    /// exercise per level, and which profile settings would unlock the others.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Exit 1 when a requirement is uncovered: no case cites it, or (for a core requirement)
    /// no core case does. CI runs it.
    #[arg(long, conflicts_with = "profile")]
    pub check: bool,
    /// Directory of the scenario files and requirements.yaml. Default: specs
    #[arg(long, default_value = "specs")]
    pub specs: PathBuf,
}
