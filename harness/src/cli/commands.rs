//! `run`, `list`, `lint`, `coverage` and `export`.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use isym_reference::{Config, Fault, Surface};

use super::args::*;
use crate::context::{self, ProfileSource, RunContext, Settings};
use crate::coverage;
use crate::embedded::Embedded;
use crate::error::RunError;
use crate::exec::case::blank_result;
use crate::profile;
use crate::render;
use crate::result::RunReport;
use crate::runner::{self, RunClock, Selection};
use crate::spec;

/// The settings of a run, and the embedded server when there is no target.
pub fn run_settings(args: &TargetArgs) -> Result<(Option<Embedded>, Settings), RunError> {
    let specs = &args.catalogue.specs;
    let schemas = &args.catalogue.schemas;
    let (embedded, mut settings) = match (&args.target, &args.profile) {
        (None, None) => {
            let mut faults = Vec::new();
            for name in &args.reference_faults {
                faults.push(Fault::from_name(name).ok_or_else(|| {
                    RunError::Usage(format!(
                        "unknown --reference-fault {name:?}: `isym-reference --list-faults` lists them"
                    ))
                })?);
            }
            let surface = Surface::from_name(&args.reference_surface).ok_or_else(|| {
                RunError::Usage(format!(
                    "unknown --reference-surface {:?}: use full or pages",
                    args.reference_surface
                ))
            })?;
            // A server broken on purpose must not leave `.snap.new` files in the committed
            // snapshots.
            let broken = !faults.is_empty();
            let embedded = Embedded::start_with(Config {
                faults,
                surface,
                ..Config::default()
            })?;
            let mut settings = embedded.settings(specs, schemas);
            settings.snapshot_review = !broken;
            (Some(embedded), settings)
        }
        _ if !args.reference_faults.is_empty() || args.reference_surface != "full" => {
            return Err(RunError::Usage(
                "--reference-fault and --reference-surface apply to the embedded reference server: drop --target and --profile".into(),
            ));
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
    settings.tls = crate::http::client::Tls {
        insecure: args.insecure,
        // Absolute, so the curl lines of the reports work from any directory.
        cacert: args
            .cacert
            .as_ref()
            .map(|path| std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())),
    };
    settings.level = args.level;
    settings.rate = args.rate;
    settings.stateful = args.stateful.apply(&settings.stateful);
    Ok((embedded, settings))
}

/// A finished run: its context (for redaction and notes) and its report.
pub(super) struct Finished {
    pub ctx: RunContext,
    pub report: RunReport,
}

/// Builds the context, runs the selected cases, prints failures and the summary table (only
/// the verdict line when quiet).
pub(super) fn run_suite(
    settings: &Settings,
    embedded: Option<&Embedded>,
    selection: &Selection,
    jobs: usize,
    verbosity: Verbosity,
) -> Result<Finished, RunError> {
    let quiet = verbosity == Verbosity::Quiet;
    if let Some(embedded) = embedded.filter(|_| !quiet) {
        eprintln!(
            "isym-conform: started the embedded reference server at {}",
            embedded.base_url()
        );
    }
    let clock = RunClock::start();
    let ctx = RunContext::build(settings)?;
    let cases: Vec<_> = ctx
        .catalogue
        .cases
        .iter()
        .filter(|c| selection.matches(c))
        .collect();
    let stateful_selected = crate::stateful::case_ids(&ctx.stateful)
        .iter()
        .any(|id| selection.matches_parts(id, &crate::stateful::tags()));
    if cases.is_empty() && !stateful_selected {
        return Err(RunError::Usage(
            "no case matches --filter/--tags/--skip/--exclude-tags".into(),
        ));
    }
    // The progress line would tear through the exchanges -v prints.
    let progress = verbosity == Verbosity::Normal;
    let mut results = if cases.is_empty() {
        Vec::new()
    } else {
        runner::run_cases(&ctx, &cases, jobs, progress)
    };
    // After every other case: the sequences change the fixtures those cases read.
    results.extend(crate::stateful::run_phase(&ctx, selection));
    let report = runner::build_report(&ctx, results, clock);
    let mut out = std::io::stdout().lock();
    if quiet {
        let _ = write!(
            out,
            "{}",
            ctx.redactor.redact(&render::verdict_line(&report))
        );
        return Ok(Finished { ctx, report });
    }
    let _ = write!(out, "{}", render::failures(&report, &ctx.redactor));
    let _ = write!(
        out,
        "{}",
        ctx.redactor.redact(&render::summary_table(&report))
    );
    let _ = write!(out, "{}", ctx.snapshot_notes());
    Ok(Finished { ctx, report })
}

/// Writes every report of a finished run into `dir` and names them (unless quiet).
pub(super) fn write_reports(
    finished: &Finished,
    dir: &Path,
    verbosity: Verbosity,
) -> Result<(), RunError> {
    let written = crate::report::write_all(&finished.report, &finished.ctx.redactor, dir)?;
    if verbosity == Verbosity::Quiet {
        return Ok(());
    }
    println!(
        "reports: {}",
        written
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

pub(super) fn run(args: &RunArgs) -> Result<u8, RunError> {
    let verbosity = args.console.verbosity();
    let (embedded, mut settings) = run_settings(&args.target)?;
    settings.update_snapshots = args.update_snapshots;
    settings.print_exchanges = verbosity == Verbosity::Verbose;
    settings.record_exchanges = args.har.is_some();
    // Read the baseline before running, so a bad file is a usage error, not a wasted run.
    let baseline = args
        .baseline
        .as_deref()
        .map(crate::baseline::Baseline::load)
        .transpose()?;
    let finished = run_suite(
        &settings,
        embedded.as_ref(),
        &args.select.selection(),
        args.target.jobs,
        verbosity,
    )?;
    write_reports(&finished, &args.report_dir, verbosity)?;
    if let Some(path) = &args.har {
        let recorded = finished.ctx.client.recorded();
        let path = crate::report::har::write(
            &recorded,
            &finished.report.harness,
            &finished.ctx.redactor,
            path,
        )?;
        if verbosity != Verbosity::Quiet {
            println!("har: {} ({} entries)", path.display(), recorded.len());
        }
    }
    drop(embedded);
    let Some(baseline) = baseline else {
        return Ok(if finished.report.is_conformant() {
            0
        } else {
            1
        });
    };
    let today = crate::baseline::today_utc();
    let outcome = crate::baseline::gate(&finished.report, &baseline, &today, args.strict_baseline)?;
    let rendered = finished.ctx.redactor.redact(&outcome.render()).into_owned();
    if verbosity == Verbosity::Quiet {
        // The gate decides the exit code: its headline is the verdict too.
        println!("{}", rendered.lines().next().unwrap_or(""));
    } else {
        print!("{rendered}");
    }
    Ok(if outcome.passed { 0 } else { 1 })
}

pub(super) fn list(args: &ListArgs) -> Result<u8, RunError> {
    let catalogue = spec::load_catalogue(&args.catalogue.specs)?;
    let selection = args.select.selection();
    let mut out = std::io::stdout().lock();
    let mut lines: Vec<(String, String)> = catalogue
        .cases
        .iter()
        .filter(|c| selection.matches(c))
        .map(|case| {
            let result = blank_result(case, Vec::new());
            (case.id.clone(), format!("{} {}", result.method, result.url))
        })
        .collect();
    // The stateful phase's cases at their default seeds (`--stateful-seed` and
    // `--stateful-cases` of `run` choose others), with a sequence's first request.
    let tags = crate::stateful::tags();
    let defaults = crate::stateful::StatefulSettings::default();
    for id in crate::stateful::case_ids(&defaults) {
        if selection.matches_parts(&id, &tags) {
            lines.push((id, format!("POST {}", crate::stateful::FIRST_PATH)));
        }
    }
    lines.sort();
    for (id, what) in lines {
        let _ = writeln!(out, "{id}  {what}");
    }
    Ok(0)
}

pub(super) fn export_openapi(args: &OpenapiArgs) -> Result<u8, RunError> {
    let catalogue = spec::load_catalogue(&args.catalogue.specs)?;
    let document = crate::export::openapi::document(&catalogue, &args.catalogue.schemas)?;
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).map_err(|source| crate::report::ReportError::Io {
                path: path.clone(),
                source,
            })?;
            eprintln!(
                "isym-conform: OpenAPI document written to {}",
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(0)
}

/// `coverage --profile` as text: the figures per level, each blocked requirement with what would
/// run one of its cases, and the settings that would each unlock requirements alone.
fn render_profile_coverage(figures: &coverage::ProfileCoverage, display: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "profile {} ({display}): {} of {} cases can run (worked out offline; nothing was sent)",
        figures.profile, figures.runnable, figures.cases
    );
    for (level, l) in &figures.levels {
        let _ = writeln!(
            out,
            "{level}: {} of {} requirements exercisable ({:.1}%)",
            l.exercisable, l.requirements, l.percent
        );
    }
    let blocked: Vec<_> = figures
        .levels
        .iter()
        .flat_map(|(level, l)| l.blocked.iter().map(move |b| (level, b)))
        .collect();
    if !blocked.is_empty() {
        let _ = writeln!(out, "not exercisable, and what would run a case of each:");
        for (level, b) in blocked {
            let unlock = if b.unlock.is_empty() {
                "no case of its level cites it".to_string()
            } else {
                b.unlock
                    .iter()
                    .map(|set| set.join(" + "))
                    .collect::<Vec<_>>()
                    .join(", or ")
            };
            let _ = writeln!(out, "  {level} {}: {unlock}", b.id);
        }
    }
    if !figures.unlocks.is_empty() {
        let _ = writeln!(
            out,
            "settings that would each unlock requirements on their own:"
        );
        for u in &figures.unlocks {
            let _ = writeln!(
                out,
                "  {}: {} core, {} extended",
                u.setting, u.core, u.extended
            );
        }
    }
    out
}

pub(super) fn lint(args: &LintArgs) -> Result<u8, RunError> {
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
    let mut loaded = Vec::new();
    for path in &profiles {
        match profile::load_profile(path) {
            Ok(profile) => loaded.push(profile),
            Err(e) => errors.push(e),
        }
    }
    // Schemas compile against every reference the specs make.
    if let Err(e) = context::compile_schemas(&args.catalogue.schemas, &catalogue) {
        errors.push(e);
    }
    if let Err(e) = crate::schema::check_meta_schemas(&args.catalogue.schemas) {
        errors.push(e);
    }
    if let Err(e) = spec::format::check_formats(&args.catalogue.specs) {
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
    for profile in &loaded {
        let figures = coverage::profile_coverage(&catalogue, &profile.profile);
        let levels: Vec<String> = figures
            .levels
            .iter()
            .map(|(level, l)| {
                format!(
                    "{level} {}/{} ({:.1}%)",
                    l.exercisable, l.requirements, l.percent
                )
            })
            .collect();
        println!(
            "{}: can exercise {} requirements; `isym-conform coverage --profile {}` says what \
             would unlock the rest",
            profile.display,
            levels.join(", "),
            profile.display
        );
    }
    Ok(0)
}

pub(super) fn generate(args: &GenerateArgs) -> Result<u8, RunError> {
    let text = spec::generate::generated_spec(&args.schemas)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| crate::error::LoadError::io(path, e))?;
            eprintln!("isym-conform: wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(0)
}

pub(super) fn coverage_cmd(args: &CoverageArgs) -> Result<u8, RunError> {
    let catalogue = spec::load_catalogue(&args.specs)?;
    if let Some(path) = &args.profile {
        let loaded = profile::load_profile(path)?;
        let figures = coverage::profile_coverage(&catalogue, &loaded.profile);
        if args.json {
            println!("{}", serde_json::to_string(&figures).unwrap_or_default());
        } else {
            print!("{}", render_profile_coverage(&figures, &loaded.display));
        }
        return Ok(0);
    }
    let summary = coverage::summary(&catalogue);
    // Covered at its own level: a core requirement only a case relying on an extended fact
    // cites is not covered.
    let uncovered = summary
        .levels
        .values()
        .map(|level| level.uncovered.len())
        .sum::<usize>()
        + summary.uncovered.len();
    let code = if args.check && uncovered > 0 { 1 } else { 0 };
    if args.json {
        println!("{}", serde_json::to_string(&summary).unwrap_or_default());
        return Ok(code);
    }
    let map = coverage::coverage(&catalogue);
    let mut out = std::io::stdout().lock();
    for requirement in &catalogue.requirements {
        let cases = &map[&requirement.id];
        let _ = writeln!(
            out,
            "{} ({}, {}): {}",
            requirement.id,
            requirement.level,
            requirement.keyword,
            if cases.is_empty() {
                "UNCOVERED".to_string()
            } else {
                cases.join(", ")
            }
        );
    }
    let listed = |ids: &[String]| match ids {
        [] => "none".to_string(),
        ids => ids.join(", "),
    };
    let _ = writeln!(
        out,
        "{} of {} requirements covered; uncovered: {}",
        summary.covered,
        summary.requirements,
        listed(&summary.uncovered)
    );
    for (level, figures) in &summary.levels {
        let _ = writeln!(
            out,
            "{level}: {} of {} requirements covered by {level} cases; uncovered: {}",
            figures.covered,
            figures.requirements,
            listed(&figures.uncovered)
        );
    }
    Ok(code)
}
