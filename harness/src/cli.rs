//! The `isym-conform` command line: `run`, `list`, `lint`, `coverage`.
//!
//! Room is left for `certify`, `verify`, `baseline`, `compare` and `run --baseline`, which wire
//! to the bundle and baseline modules.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::context::{self, ProfileSource, RunContext, Settings};
use crate::coverage;
use crate::embedded::Embedded;
use crate::error::RunError;
use crate::exec::case::blank_result;
use crate::profile;
use crate::render;
use crate::result::Verdict;
use crate::runner::{self, RunClock, Selection};
use crate::spec;

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
    /// Check the specs, schemas and profiles without contacting a target.
    Lint(LintArgs),
    /// Show which cases cover each requirement, and the uncovered ones.
    Coverage(CoverageArgs),
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
}

impl SelectArgs {
    fn selection(&self) -> Selection {
        Selection {
            filters: self.filter.clone(),
            tags: self.tags.clone(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Base URL of the target, e.g. http://pbx:58080. Default: the profile's base_url; with
    /// neither a target nor a profile, the embedded reference server is started.
    #[arg(long)]
    pub target: Option<String>,
    /// Target profile (YAML). Default with --target: targets/reference.yaml.
    #[arg(long)]
    pub profile: Option<PathBuf>,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Cases run in parallel. Default: the number of CPUs.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Where reports are written. Default: reports
    #[arg(long, default_value = "reports")]
    pub report_dir: PathBuf,
    #[command(flatten)]
    pub catalogue: CatalogueArgs,
    /// Per-request timeout in seconds. Default: 10
    #[arg(long, default_value_t = 10)]
    pub timeout_secs: u64,
    /// Accept invalid TLS certificates (self-signed targets).
    #[arg(long)]
    pub insecure: bool,
    /// Record missing and changed snapshots for this target (also ISYM_UPDATE_SNAPSHOTS=1).
    /// Never done when CI is set.
    #[arg(long)]
    pub update_snapshots: bool,
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
pub struct CoverageArgs {
    /// Print {"requirements": N, "covered": N, "uncovered": [ids]} as JSON.
    #[arg(long)]
    pub json: bool,
    /// Directory of the scenario files and requirements.yaml. Default: specs
    #[arg(long, default_value = "specs")]
    pub specs: PathBuf,
}

/// Runs a parsed command line; returns the documented exit code.
pub fn execute(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Run(args) => run(&args),
        Command::List(args) => list(&args),
        Command::Lint(args) => lint(&args),
        Command::Coverage(args) => coverage_cmd(&args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("isym-conform: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// The settings of `run`, and the embedded server when there is no target.
pub fn run_settings(args: &RunArgs) -> Result<(Option<Embedded>, Settings), RunError> {
    let specs = &args.catalogue.specs;
    let schemas = &args.catalogue.schemas;
    let (embedded, mut settings) = match (&args.target, &args.profile) {
        (None, None) => {
            let embedded = Embedded::start()?;
            let settings = embedded.settings(specs, schemas);
            (Some(embedded), settings)
        }
        (target, profile) => {
            let profile = profile.clone().unwrap_or_else(|| {
                let default = Path::new("targets").join("reference.yaml");
                eprintln!("isym-conform: no --profile; using {}", default.display());
                default
            });
            let mut settings = Settings::new(Path::new("."), ProfileSource::File(profile));
            settings.specs_dir = specs.clone();
            settings.schemas_dir = schemas.clone();
            settings.target = target.clone();
            (None, settings)
        }
    };
    settings.timeout = Duration::from_secs(args.timeout_secs.max(1));
    settings.insecure = args.insecure;
    settings.update_snapshots =
        args.update_snapshots || std::env::var("ISYM_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    Ok((embedded, settings))
}

fn run(args: &RunArgs) -> Result<u8, RunError> {
    let (embedded, settings) = run_settings(args)?;
    if let Some(embedded) = &embedded {
        eprintln!(
            "isym-conform: started the embedded reference server at {}",
            embedded.base_url()
        );
    }
    let clock = RunClock::start();
    let ctx = RunContext::build(&settings)?;
    let selection = args.select.selection();
    let cases: Vec<_> = ctx
        .catalogue
        .cases
        .iter()
        .filter(|c| selection.matches(c))
        .collect();
    if cases.is_empty() {
        return Err(RunError::Usage("no case matches --filter/--tags".into()));
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(4, |n| n.get()));
    let results = runner::run_cases(&ctx, &cases, jobs, true);
    let report = runner::build_report(&ctx, results, clock);
    let mut out = std::io::stdout().lock();
    for case in &report.cases {
        if matches!(case.verdict, Verdict::Fail | Verdict::Error) {
            let _ = writeln!(out, "{}", render::failure_block(case, &ctx.redactor));
        }
    }
    let _ = write!(
        out,
        "{}",
        ctx.redactor.redact(&render::summary_table(&report))
    );
    let not_recorded = ctx.snapshots_not_recorded();
    if not_recorded > 0 {
        let _ = writeln!(out, "{not_recorded} snapshot check(s) not applicable: no snapshots recorded for this target");
    }
    let written = crate::report::write_all(&report, &ctx.redactor, &args.report_dir)?;
    let _ = writeln!(
        out,
        "reports: {}",
        written
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    drop(embedded);
    Ok(if report.is_conformant() { 0 } else { 1 })
}

fn list(args: &ListArgs) -> Result<u8, RunError> {
    let catalogue = spec::load_catalogue(&args.catalogue.specs)?;
    let selection = args.select.selection();
    let mut out = std::io::stdout().lock();
    for case in catalogue.cases.iter().filter(|c| selection.matches(c)) {
        let result = blank_result(case, Vec::new());
        let _ = writeln!(out, "{}  {} {}", case.id, result.method, result.url);
    }
    Ok(0)
}

fn lint(args: &LintArgs) -> Result<u8, RunError> {
    let catalogue = spec::load_catalogue(&args.catalogue.specs)?;
    let mut profiles = args.profile.clone();
    if profiles.is_empty() {
        if let Ok(entries) = std::fs::read_dir("targets") {
            profiles = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            profiles.sort();
        }
    }
    let mut errors = Vec::new();
    for path in &profiles {
        if let Err(e) = profile::load_profile(path) {
            errors.push(e);
        }
    }
    // Schemas compile against every reference the specs make.
    let settings = Settings {
        specs_dir: args.catalogue.specs.clone(),
        schemas_dir: args.catalogue.schemas.clone(),
        ..Settings::new(
            Path::new("."),
            ProfileSource::Text {
                display: "lint".into(),
                text: "name: lint\nversion: \"3.3\"\ncore_server: { slug: x }\n".into(),
            },
        )
    };
    if let Err(e) = context::load_static(&settings) {
        errors.push(e);
    }
    crate::error::LoadError::collect(errors)?;
    let scenarios: std::collections::BTreeSet<_> = catalogue
        .cases
        .iter()
        .map(|c| (c.file.clone(), c.spec.id.clone()))
        .collect();
    println!(
        "ok: {} scenarios expanding to {} cases, {} requirements, {} profile(s)",
        scenarios.len(),
        catalogue.cases.len(),
        catalogue.requirements.len(),
        profiles.len()
    );
    Ok(0)
}

fn coverage_cmd(args: &CoverageArgs) -> Result<u8, RunError> {
    let catalogue = spec::load_catalogue(&args.specs)?;
    let summary = coverage::summary(&catalogue);
    if args.json {
        println!("{}", serde_json::to_string(&summary).unwrap_or_default());
        return Ok(0);
    }
    let map = coverage::coverage(&catalogue);
    let mut out = std::io::stdout().lock();
    for requirement in &catalogue.requirements {
        let cases = &map[&requirement.id];
        let _ = writeln!(
            out,
            "{} ({}): {}",
            requirement.id,
            requirement.level,
            if cases.is_empty() {
                "UNCOVERED".to_string()
            } else {
                cases.join(", ")
            }
        );
    }
    let _ = writeln!(
        out,
        "{} of {} requirements covered; uncovered: {}",
        summary.covered,
        summary.requirements,
        if summary.uncovered.is_empty() {
            "none".to_string()
        } else {
            summary.uncovered.join(", ")
        }
    );
    Ok(0)
}
