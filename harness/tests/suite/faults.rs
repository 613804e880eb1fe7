//! The detection matrix: every fault of the reference server makes the catalogue non-conformant,
//! the failing cases carry the requirement the fault breaks (`Fault::requirement`, declared with
//! the fault in the reference's `faults!` table; with document sections), and the clean server
//! passes everything with no warning. After each run the fixtures are discovered again and
//! must be as before (the kick's own participant aside), whatever the fault made the server
//! accept. The matrix (fault -> failing cases and requirements) is written to
//! `reports/detection.md` at the workspace root (or `$ISYM_REPORT_DIR`).

use crate::support::catalogue;

use std::fmt::Write as _;

use catalogue::{failing, run_catalogue_keeping_fixtures, workspace_root};
use isym_conform::result::{Level, RunReport, Verdict};
use isym_reference::{Config, Fault, Surface};

/// The generated family's case ids start so (specs/generated.yaml).
const GENERATED: &str = "generated/";

/// Faults that only the generated family's inputs expose: no hand-written case may catch them.
const GENERATED_ONLY: &[&str] = &["originate-null-destination-500", "encoded-name-500"];

/// The stateful phase's case ids start so (`isym_conform::stateful`).
const STATEFUL: &str = "stateful/";

/// Faults that only a sequence of actions exposes: the stateful phase catches them, no
/// hand-written case (nor the generated family) does, and the shrunk sequence is short.
/// Held (shared) by the matrices' parallel batches; a run of a fault in [`STATEFUL_ONLY`] takes
/// it alone.
static BATCHES: std::sync::RwLock<()> = std::sync::RwLock::new(());

const STATEFUL_ONLY: &[&str] = &[
    "second-transfer-one-sided-link",
    "callee-side-transfer-moves-given",
];

/// Most steps a stateful-only fault's shrunk sequence may have.
const SHRUNK_AT_MOST: usize = 4;

struct Detection {
    fault: Fault,
    report: RunReport,
    /// `Err` names the fixture values the run changed (the kick's own participant aside).
    fixtures: Result<(), String>,
}

impl Detection {
    fn failing_ids(&self) -> Vec<&str> {
        failing(&self.report)
            .iter()
            .map(|c| c.id.as_str())
            .collect()
    }

    /// Which phases caught the fault: the hand-written scenarios, the generated family and/or
    /// the stateful phase.
    fn phases(&self) -> Vec<&'static str> {
        let ids = self.failing_ids();
        let of = |id: &&str| {
            if id.starts_with(GENERATED) {
                "generated"
            } else if id.starts_with(STATEFUL) {
                "stateful"
            } else {
                "hand-written"
            }
        };
        ["hand-written", "generated", "stateful"]
            .into_iter()
            .filter(|phase| ids.iter().any(|id| of(id) == *phase))
            .collect()
    }

    fn requirements(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = failing(&self.report)
            .iter()
            .flat_map(|c| c.requirements.iter().map(String::as_str))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// The whole catalogue against the clean server and against each fault, each with its own
/// server, side by side; computed once per surface and shared by the tests.
type Matrix = (RunReport, Vec<Detection>);

fn matrix(surface: Surface) -> std::sync::Arc<Matrix> {
    static FULL: std::sync::OnceLock<std::sync::Arc<Matrix>> = std::sync::OnceLock::new();
    static PAGES: std::sync::OnceLock<std::sync::Arc<Matrix>> = std::sync::OnceLock::new();
    let cell = match surface {
        Surface::Full => &FULL,
        Surface::Pages => &PAGES,
    };
    cell.get_or_init(|| {
        let config = |faults: Vec<Fault>| Config {
            faults,
            surface,
            ..Config::default()
        };
        // A bounded number of runs at once: each has its own server, connections and threads,
        // and all of them at once would exhaust file descriptors on a small machine.
        const AT_ONCE: usize = 24;
        let faults = Fault::all();
        // The faults only a sequence exposes run after the others, one at a time and with no
        // other matrix's batch running: the stateful phase times the target's answers, and a
        // starved machine is no verdict on the harness.
        let solo = |f: &Fault| STATEFUL_ONLY.contains(&f.name());
        let order: Vec<usize> = (0..faults.len())
            .filter(|&i| !solo(&faults[i]))
            .chain((0..faults.len()).filter(|&i| solo(&faults[i])))
            .collect();
        let batch = order.iter().filter(|&&i| !solo(&faults[i])).count();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let batch_done = std::sync::Barrier::new(AT_ONCE);
        let done = std::sync::Mutex::new(Vec::with_capacity(faults.len()));
        // Runs the catalogue against the fault at `index` and keeps what it caught.
        let record = |index: usize| {
            let fault = faults[index];
            let (report, fixtures) = run_catalogue_keeping_fixtures(config(vec![fault]));
            done.lock().unwrap_or_else(|e| e.into_inner()).push((
                index,
                Detection {
                    fault,
                    report,
                    fixtures,
                },
            ));
        };
        let clean = std::thread::scope(|scope| {
            let clean = scope.spawn(|| run_catalogue_keeping_fixtures(config(Vec::new())));
            for worker in 0..AT_ONCE {
                let (order, next, batch_done, record) = (&order, &next, &batch_done, &record);
                scope.spawn(move || {
                    let busy = BATCHES.read().unwrap_or_else(|e| e.into_inner());
                    loop {
                        let position = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if position >= batch {
                            break;
                        }
                        record(order[position]);
                    }
                    drop(busy);
                    batch_done.wait();
                    if worker != 0 {
                        return;
                    }
                    for &index in &order[batch..] {
                        let _alone = BATCHES.write().unwrap_or_else(|e| e.into_inner());
                        record(index);
                    }
                });
            }
            let (clean, fixtures) = clean.join().expect("clean run");
            assert_eq!(fixtures, Ok(()), "the clean run changed fixtures");
            clean
        });
        let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
        assert_eq!(done.len(), faults.len(), "a fault run panicked");
        done.sort_by_key(|(index, _)| *index);
        std::sync::Arc::new((clean, done.into_iter().map(|(_, d)| d).collect()))
    })
    .clone()
}

#[test]
fn every_fault_is_caught_and_the_clean_server_passes() {
    let _turn = crate::support::family("faults");
    let full = matrix(Surface::Full);
    let (clean, detections) = (&full.0, &full.1);
    write_matrix(clean, detections);

    let counts = &clean.counts;
    assert_eq!(
        (counts.fail, counts.error, counts.warn),
        (0, 0, 0),
        "the clean reference server must pass everything without a warning"
    );
    assert_eq!(counts.pass + counts.not_applicable, counts.total);

    let core_rules: Vec<&str> = clean
        .requirements
        .iter()
        .filter(|r| r.level == Level::Core)
        .map(|r| r.id.as_str())
        .collect();
    let mut missed = Vec::new();
    let mut misnamed = Vec::new();
    for detection in detections {
        let name = detection.fault.name();
        for case in failing(&detection.report) {
            assert_eq!(case.requirements.len(), case.sections.len(), "{}", case.id);
            assert!(case.sections.iter().all(|s| !s.is_empty()), "{}", case.id);
        }
        // A fault of an extended rule is caught by an extended case, which a core-level run
        // reports without counting: caught means some case failed, at either level.
        if failing(&detection.report).is_empty() {
            missed.push(name);
            continue;
        }
        let rule = detection.fault.requirement();
        if core_rules.contains(&rule) && detection.report.is_conformant() {
            misnamed.push(format!(
                "{name}: breaks core rule {rule}, but the core level stays conformant"
            ));
        }
        if !clean.requirements.iter().any(|r| r.id == rule) {
            misnamed.push(format!(
                "{name}: its requirement {rule} is not in the catalogue"
            ));
        } else if !detection.requirements().contains(&rule) {
            misnamed.push(format!("{name}: no failing case names {rule}"));
        }
    }
    assert!(
        missed.is_empty(),
        "faults the catalogue did not catch: {missed:?}"
    );
    for (names, phase) in [(GENERATED_ONLY, "generated"), (STATEFUL_ONLY, "stateful")] {
        for name in names {
            let detection = detections
                .iter()
                .find(|d| d.fault.name() == *name)
                .unwrap_or_else(|| panic!("{name}: no such fault"));
            assert_eq!(
                detection.phases(),
                [phase],
                "{name} must be caught by the {phase} phase alone: {:?}",
                detection.failing_ids()
            );
        }
    }
    for name in STATEFUL_ONLY {
        let detection = detections
            .iter()
            .find(|d| d.fault.name() == *name)
            .expect("a stateful-only fault exists");
        for case in failing(&detection.report) {
            let steps = shrunk_steps(case);
            assert!(
                steps <= SHRUNK_AT_MOST,
                "{name}: {} shrunk to {steps} steps: {:?}",
                case.id,
                case.reason
            );
        }
    }
    assert!(misnamed.is_empty(), "{misnamed:#?}");
    assert_fixtures_intact(detections);
}

/// The number of steps a failing stateful case's sequence was shrunk to ("shrunk from N to M
/// step(s)" in its reason).
fn shrunk_steps(case: &isym_conform::result::CaseResult) -> usize {
    let reason = case.reason.as_deref().unwrap_or_default();
    reason
        .split_once(" to ")
        .and_then(|(_, after)| after.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}: no shrunk length in {reason:?}", case.id))
}

/// Whatever a fault makes the server accept, the run leaves the standing fixtures as discovery
/// found them: the negative cases act on calls they made themselves (issue 12).
fn assert_fixtures_intact(detections: &[Detection]) {
    let damaged: Vec<String> = detections
        .iter()
        .filter_map(|d| {
            d.fixtures
                .as_ref()
                .err()
                .map(|why| format!("{}: {why}", d.fault.name()))
        })
        .collect();
    assert!(
        damaged.is_empty(),
        "runs that changed the fixtures later cases read: {damaged:#?}"
    );
}

fn write_matrix(clean: &RunReport, detections: &[Detection]) {
    let mut md = String::new();
    let _ = writeln!(md, "# Detection matrix\n");
    let _ = writeln!(
        md,
        "Written by `cargo test -p isym-conform --test suite faults::`: the whole catalogue and \
         the stateful phase (`stateful/seed-<N>`, default seeds and budget) run against the \
         reference server once clean and once per fault (`isym-reference --list-faults`). \
         \"caught by\" names the phases with a failing case: hand-written scenarios, the \
         generated family, the stateful phase.\n"
    );
    let _ = writeln!(
        md,
        "Clean server: {} cases, {} pass, {} warn, {} not applicable, {} fail, {} error.\n",
        clean.counts.total,
        clean.counts.pass,
        clean.counts.warn,
        clean.counts.not_applicable,
        clean.counts.fail,
        clean.counts.error
    );
    let caught = detections
        .iter()
        .filter(|d| !failing(&d.report).is_empty())
        .count();
    let _ = writeln!(md, "Faults caught: {caught} of {}.\n", detections.len());
    for phase in ["hand-written", "generated", "stateful"] {
        let by: Vec<&str> = detections
            .iter()
            .filter(|d| d.phases().contains(&phase))
            .map(|d| d.fault.name())
            .collect();
        let alone: Vec<String> = detections
            .iter()
            .filter(|d| d.phases() == [phase])
            .map(|d| format!("`{}`", d.fault.name()))
            .collect();
        let _ = writeln!(
            md,
            "- {phase}: catches {}; alone: {}",
            by.len(),
            if alone.is_empty() {
                "none".to_string()
            } else {
                alone.join(", ")
            }
        );
    }
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "| fault | rule it breaks | failing cases | caught by | requirements of the failing cases |"
    );
    let _ = writeln!(md, "|---|---|---:|---|---|");
    for d in detections {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} |",
            d.fault.name(),
            d.fault.rule(),
            d.failing_ids().len(),
            d.phases().join(", "),
            d.requirements().join(", ")
        );
    }
    let _ = writeln!(md, "\n## Failing cases per fault\n");
    for d in detections {
        let _ = writeln!(md, "### `{}`\n", d.fault.name());
        for case in failing(&d.report) {
            let verdict = if case.verdict == Verdict::Error {
                " (error)"
            } else {
                ""
            };
            let _ = writeln!(
                md,
                "- `{}`{verdict}: {}",
                case.id,
                case.requirements.join(", ")
            );
        }
        let _ = writeln!(md);
    }
    let dir = std::env::var_os("ISYM_REPORT_DIR")
        .map_or_else(|| workspace_root().join("reports"), Into::into);
    std::fs::create_dir_all(&dir).expect("report dir");
    std::fs::write(std::path::Path::new(&dir).join("detection.md"), md).expect("detection.md");
}

/// The pages-only surface (`Surface::Pages`): no core server, user, queue or conference room
/// resources, agents with another field set, and a profile of names and numbers (plus the ids
/// the API hides by design). The clean server must be conformant at the core level with no
/// failure and no error at that level, every not-applicable case must name the profile field
/// that would run it, and every fault whose rule the clean run exercised at the core level must
/// still make a core case fail under that rule.
#[test]
fn on_the_pages_only_surface_the_core_level_passes_and_catches_what_applies() {
    let _turn = crate::support::family("faults");
    let pages = matrix(Surface::Pages);
    let (clean, detections) = (&pages.0, &pages.1);
    let full = matrix(Surface::Full);
    let core = &clean.counts_by_level.core;
    assert_eq!(
        (core.fail, core.error),
        (0, 0),
        "the pages-only server must pass the core level: {:#?}",
        failing(clean)
            .iter()
            .filter(|c| c.level == Level::Core)
            .map(|c| (&c.id, &c.failures, &c.reason))
            .collect::<Vec<_>>()
    );
    assert!(clean.is_conformant());
    assert!(
        core.pass > core.total / 3,
        "most of the core level must run on names and numbers: {core:?}"
    );
    // A case that missed a passing state of its own call (a precondition, such as a call seen
    // ringing) says so instead: no profile field would have helped.
    for case in clean
        .cases
        .iter()
        .filter(|c| c.verdict == Verdict::NotApplicable)
        .filter(|c| {
            !c.reason
                .as_deref()
                .is_some_and(|r| r.contains("precondition not met"))
        })
    {
        let reason = case.reason.as_deref().unwrap_or_default();
        assert!(
            [
                "core_server.",
                "fixtures.",
                "conference_room.kick_extension",
                "allow_state_changes",
                "features."
            ]
            .iter()
            .any(|field| reason.contains(field)),
            "{}: the reason names no profile field: {reason}",
            case.id
        );
    }
    // A fault applies here when a core case that catches it on the full surface ran here too,
    // through a path this surface keeps: a fault acting on room-rooted paths (gone here) or on a
    // variant that needs an id the pages do not reveal (not applicable here) has nothing to act on.
    let ran: std::collections::BTreeSet<&str> = clean
        .cases
        .iter()
        .filter(|c| c.verdict != Verdict::NotApplicable)
        .map(|c| c.id.as_str())
        .collect();
    let mut applicable = 0;
    let mut missed = Vec::new();
    for (detection, on_full) in detections.iter().zip(&full.1) {
        assert_eq!(detection.fault, on_full.fault);
        let name = detection.fault.name();
        let rule = detection.fault.requirement();
        let applies = failing(&on_full.report).iter().any(|c| {
            c.level == Level::Core
                && ran.contains(c.id.as_str())
                && c.exchanges
                    .iter()
                    .all(|e| !e.request.url.contains("/conferences/"))
        });
        if !applies {
            continue;
        }
        applicable += 1;
        let caught = failing(&detection.report)
            .iter()
            .any(|c| c.level == Level::Core && c.requirements.iter().any(|r| r == rule));
        if !caught {
            missed.push(format!("{name} ({rule})"));
        }
    }
    assert!(
        applicable > Fault::all().len() / 2,
        "only {applicable} faults apply on the pages-only surface"
    );
    assert!(
        missed.is_empty(),
        "faults that apply on the pages-only surface but no core case caught under their rule: {missed:#?}"
    );
    assert_fixtures_intact(detections);
}
