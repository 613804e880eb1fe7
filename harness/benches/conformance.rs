//! The harness benchmark (issue 7): prints figures as Markdown, asserts nothing.
//!
//! ```sh
//! cargo bench -p isym-conform --bench conformance
//! ISYM_BENCH_SCALES=100,1000 ISYM_BENCH_REPEAT=1 cargo bench -p isym-conform --bench conformance
//! ```
//!
//! Every measured run is a child process (this binary again, `--child harness|floor JOB`), so its
//! peak resident memory (`VmHWM` of `/proc/self/status`, read as it ends) is its own; the
//! reference server runs in the parent, started afresh for each child so every run sees the same
//! world. A harness child does what `isym-conform run` does minus the console (build the run
//! context: catalogue, schemas, discovery; run every case; write the reports) with the client's
//! journal on, and writes the journal. A floor child replays that journal, in the same order and
//! on as many threads, with the same reqwest client settings and no checks.
//!
//! Settings: `ISYM_BENCH_REPEAT` (runs per catalogue figure, median kept; default 3),
//! `ISYM_BENCH_SCALES` (comma-separated `--scale` values; default 100,1000,10000),
//! `ISYM_BENCH_STARTUP_RUNS` (runs of `isym-conform list`; default 15), `ISYM_BENCH_JOBS` (the
//! "default" job count; default: the available parallelism, as `isym-conform run` uses).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use isym_conform::context::{ProfileSource, RunContext, Settings, DEFAULT_TIMEOUT};
use isym_conform::embedded::Embedded;
use isym_conform::http::client::{self, AuthHeader};
use isym_conform::runner::{self, RunClock};
use isym_conform::schedule::Plan;
use isym_conform::schema::{SchemaStore, SchemaUse};
use isym_conform::trials::catalogue_root;
use isym_reference::Config;
use serde_json::{json, Value};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|a| a == "--child") {
        let kind = &args[position + 1];
        let job: Value =
            serde_json::from_str(&std::fs::read_to_string(&args[position + 2]).expect("job file"))
                .expect("job JSON");
        let figures = match kind.as_str() {
            "harness" => child_harness(&job),
            "floor" => child_floor(&job),
            other => panic!("unknown child kind {other}"),
        };
        println!("{figures}");
        return;
    }
    parent();
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn default_jobs() -> usize {
    std::env::var("ISYM_BENCH_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(4, |n| n.get()))
}

/// Peak resident set size of this process so far, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time (user + system, every thread) of this process so far, in ms (Linux, assuming the
/// usual 100 clock ticks per second; 0 elsewhere).
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // Fields after the command name, which is in parentheses and may hold spaces.
            let rest = &stat[stat.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ticks =
                fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
            Some(ticks * 10.0)
        })
        .unwrap_or(0.0)
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

// ---------------------------------------------------------------------------------------------
// Children

fn child_harness(job: &Value) -> Value {
    let root = catalogue_root();
    let base_url = job["base_url"].as_str().expect("base_url");
    let config = Config::default();
    let started = Instant::now();
    let clock = RunClock::start();
    let mut settings = Settings::new(
        &root,
        ProfileSource::Text {
            display: "benchmark profile".into(),
            text: job["profile"].as_str().expect("profile").to_string(),
        },
    );
    settings.target = Some(base_url.to_string());
    settings.credentials = Some((config.username.clone(), config.password.clone()));
    settings.snapshot_dir = Some(root.join("specs").join("snapshots"));
    settings.journal = job["journal"].is_string();
    let ctx = RunContext::build(&settings).expect("the run context builds");
    let build_ms = ms(started);
    let discovery_end = ctx.client.journal().len();
    let cases: Vec<_> = ctx.catalogue.cases.iter().collect();
    let jobs = job["jobs"].as_u64().expect("jobs") as usize;
    // What `runner::run_cases` does, one phase at a time: the read-only cases, then the
    // state-changing ones (each after the cases it conflicts with).
    let plan = Plan::of(&cases);
    let (parallel, serial) = plan.order.split_at(plan.reads);
    let run_started = Instant::now();
    let mut results = runner::run_cases(&ctx, parallel, jobs, false);
    let parallel_ms = ms(run_started);
    let parallel_end = ctx.client.journal().len();
    results.extend(runner::run_cases(&ctx, serial, jobs, false));
    let run_ms = ms(run_started);
    // The critical path in requests: the preflight, discovery's longest chain, the longest
    // read-only case, then the longest chain of state-changing cases that wait for each other.
    let attempts: std::collections::HashMap<&str, u64> = results
        .iter()
        .map(|r| (r.id.as_str(), u64::from(r.attempts)))
        .collect();
    let longest_read = parallel
        .iter()
        .map(|c| attempts.get(c.id.as_str()).copied().unwrap_or(0))
        .max()
        .unwrap_or(0);
    // The call windows go one at a time: at least one request per `exclusive` step.
    let (serial_chain, _) = plan.longest_chain(
        |c| attempts.get(c.id.as_str()).copied().unwrap_or(0),
        |c| c.spec.steps.iter().filter(|s| s.exclusive).count() as u64,
    );
    let critical_requests = 1 + u64::from(ctx.world.chain) + longest_read + serial_chain;
    let report_started = Instant::now();
    let report = runner::build_report(&ctx, results, clock);
    let report_dir = PathBuf::from(job["report_dir"].as_str().expect("report_dir"));
    isym_conform::report::write_all(&report, &ctx.redactor, &report_dir).expect("reports");
    let report_ms = ms(report_started);
    let total_ms = ms(started);

    let journal = ctx.client.journal();
    if let Some(path) = job["journal"].as_str() {
        let phases = [("discovery", discovery_end), ("parallel", parallel_end)];
        write_journal(Path::new(path), &journal, base_url, &phases);
    }
    let c = &report.counts;
    json!({
        "build_ms": build_ms,
        "parallel_ms": parallel_ms,
        "serial_ms": run_ms - parallel_ms,
        "run_ms": run_ms,
        "report_ms": report_ms,
        "total_ms": total_ms,
        "cases": c.total,
        "counts": format!("{} pass, {} warn, {} fail, {} n/a, {} error", c.pass, c.warn, c.fail, c.not_applicable, c.error),
        "requests": journal.len(),
        "critical_requests": critical_requests,
        "send_ms": journal.iter().map(|s| s.elapsed.as_secs_f64() * 1000.0).sum::<f64>(),
        "response_bytes": journal.iter().map(|s| s.body_bytes).sum::<usize>(),
        "peak_rss_kib": peak_rss_kib(),
        "cpu_ms": cpu_ms(),
    })
}

/// One JSON line per request: what the floor replays (the URL without the server's base, which
/// changes between servers), the status the harness saw, and the phase of the run that sent it
/// (`phases`: names and the journal length at each phase's end; the rest is `serial`).
fn write_journal(path: &Path, journal: &[client::Sent], base_url: &str, phases: &[(&str, usize)]) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("journal file"));
    for (index, sent) in journal.iter().enumerate() {
        let phase = phases
            .iter()
            .find(|(_, end)| index < *end)
            .map_or("serial", |(name, _)| name);
        let r = &sent.request;
        let auth = match r.auth {
            AuthHeader::None => "none",
            AuthHeader::Basic { .. } => "basic",
            AuthHeader::WrongPassword { .. } => "wrong-password",
        };
        let line = json!({
            "method": r.method,
            "path": r.url.strip_prefix(base_url).unwrap_or(&r.url),
            "headers": r.headers,
            "body": r.body,
            "auth": auth,
            "status": sent.status,
            "phase": phase,
        });
        writeln!(out, "{line}").expect("journal write");
    }
    out.flush().expect("journal flush");
}

fn child_floor(job: &Value) -> Value {
    let base_url = job["base_url"].as_str().expect("base_url").to_string();
    let threads = job["jobs"].as_u64().expect("jobs") as usize;
    let journal: Vec<Value> = std::io::BufReader::new(
        std::fs::File::open(job["journal"].as_str().expect("journal")).expect("journal file"),
    )
    .lines()
    .map(|l| serde_json::from_str(&l.expect("journal line")).expect("journal JSON"))
    .collect();
    let config = Config::default();
    let http = client::build_client(DEFAULT_TIMEOUT, &client::Tls::default())
        .expect("a client without --cacert builds");
    // Response bytes, statuses that differ from the run's.
    let totals = Mutex::new((0usize, 0usize));
    // The harness's schedule: discovery alone, the parallel cases on `threads`, then the
    // state-changing ones on `threads` too (without the waits between them: a lower bound).
    let phase =
        |name: &str| -> Vec<&Value> { journal.iter().filter(|e| e["phase"] == name).collect() };
    let started = Instant::now();
    let mut phase_ms = Vec::new();
    for (entries, threads) in [
        (phase("discovery"), 1),
        (phase("parallel"), threads),
        (phase("serial"), threads),
    ] {
        let phase_started = Instant::now();
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..threads.max(1) {
                scope.spawn(|| {
                    let (mut bytes, mut differ) = (0, 0);
                    while let Some(entry) = entries.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let method = reqwest::Method::from_bytes(
                            entry["method"].as_str().unwrap_or("GET").as_bytes(),
                        )
                        .unwrap_or(reqwest::Method::GET);
                        let url = format!("{base_url}{}", entry["path"].as_str().unwrap_or(""));
                        let mut request = http.request(method, url);
                        for pair in entry["headers"].as_array().into_iter().flatten() {
                            request = request.header(
                                pair[0].as_str().unwrap_or(""),
                                pair[1].as_str().unwrap_or(""),
                            );
                        }
                        request = match entry["auth"].as_str() {
                            Some("basic") => {
                                request.basic_auth(&config.username, Some(&config.password))
                            }
                            Some("wrong-password") => {
                                request.basic_auth(&config.username, Some(client::WRONG_PASSWORD))
                            }
                            _ => request,
                        };
                        if let Some(body) = entry["body"].as_str() {
                            request = request.body(body.to_string());
                        }
                        match request.send() {
                            Ok(response) => {
                                if entry["status"].as_u64()
                                    != Some(u64::from(response.status().as_u16()))
                                {
                                    differ += 1;
                                }
                                bytes += response.bytes().map_or(0, |b| b.len());
                            }
                            Err(_) => differ += usize::from(!entry["status"].is_null()),
                        }
                    }
                    let mut totals = totals.lock().unwrap();
                    totals.0 += bytes;
                    totals.1 += differ;
                });
            }
        });
        phase_ms.push(ms(phase_started));
    }
    let total_ms = ms(started);
    let (bytes, differ) = *totals.lock().unwrap();
    json!({
        "total_ms": total_ms,
        "discovery_ms": phase_ms[0],
        "parallel_ms": phase_ms[1],
        "serial_ms": phase_ms[2],
        "requests": journal.len(),
        "response_bytes": bytes,
        "statuses_differ": differ,
        "peak_rss_kib": peak_rss_kib(),
        "cpu_ms": cpu_ms(),
    })
}

// ---------------------------------------------------------------------------------------------
// Parent

struct Workdir(PathBuf);

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one measured run is made of.
#[derive(Clone, Copy)]
struct Setup {
    scale: usize,
    jobs: usize,
    /// Held back before each response by the reference server (`Config::latency`).
    latency_ms: u64,
}

/// Runs a child of `kind` against a fresh reference server; a harness child writes its journal
/// to `journal` when given, a floor child replays it.
fn child(work: &Path, kind: &str, setup: Setup, journal: Option<&Path>) -> Value {
    let server = Embedded::start_with(Config {
        scale: setup.scale,
        latency: std::time::Duration::from_millis(setup.latency_ms),
        // A call rings for 5 round trips at least (a PBX rings for seconds): with the default 3 ms a
        // harness 20 ms away never sees a call ringing.
        answer_delay: Config::default()
            .answer_delay
            .max(std::time::Duration::from_millis(setup.latency_ms * 5)),
        ..Config::default()
    })
    .expect("the reference server starts");
    let job = json!({
        "base_url": server.base_url(),
        "profile": server.profile_yaml(),
        "jobs": setup.jobs,
        "journal": journal,
        "report_dir": work.join("reports"),
    });
    let job_path = work.join("job.json");
    std::fs::write(&job_path, job.to_string()).expect("job file");
    let output = Command::new(std::env::current_exe().expect("own path"))
        .arg("--child")
        .arg(kind)
        .arg(&job_path)
        .env_remove("CI")
        .output()
        .expect("the child starts");
    if !output.status.success() {
        panic!(
            "{kind} child failed: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    drop(server);
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or("{}")).expect("child figures")
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn f(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or(0.0)
}

fn mib(kib: f64) -> String {
    format!("{:.1} MiB", kib / 1024.0)
}

/// `repeat` rounds of: a harness run as shipped (journal off: its time and memory are reported),
/// a harness run with the journal on, and the floor replaying that journal. Returns the shipped
/// run with the median total time, the journaled run of the same round (request count, bytes,
/// time inside `client::send`) and the median floor.
fn measure(work: &Path, setup: Setup, repeat: usize) -> (Value, Value, Value) {
    let journal = work.join("journal.jsonl");
    let mut rounds: Vec<(Value, Value, Value)> = (0..repeat.max(1))
        .map(|_| {
            let shipped = child(work, "harness", setup, None);
            let journaled = child(work, "harness", setup, Some(&journal));
            let floor = child(work, "floor", setup, Some(&journal));
            (shipped, journaled, floor)
        })
        .collect();
    let floor = median(rounds.iter().map(|r| f(&r.2, "total_ms")).collect());
    rounds.sort_by(|a, b| f(&a.0, "total_ms").total_cmp(&f(&b.0, "total_ms")));
    let (shipped, journaled, mut floor_run) = rounds.swap_remove(rounds.len() / 2);
    floor_run["total_ms"] = json!(floor);
    (shipped, journaled, floor_run)
}

fn parent() {
    let root = catalogue_root();
    let work = Workdir(std::env::temp_dir().join(format!("isym-bench-{}", std::process::id())));
    std::fs::create_dir_all(&work.0).expect("work dir");
    let repeat = env_number("ISYM_BENCH_REPEAT", 3);
    let scales: Vec<usize> = std::env::var("ISYM_BENCH_SCALES")
        .unwrap_or_else(|_| "100,1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let jobs = default_jobs();
    println!("# isym-conform benchmark\n");
    println!(
        "{jobs} CPU(s) available; catalogue {}; {repeat} run(s) per catalogue row (median)\n",
        root.display()
    );

    startup(&root);

    println!("\n## Whole catalogue against the reference server (seed 0, standard world)\n");
    println!("Harness: build the run context (load, compile, discover), run every case, write the reports; journal off. Floor: the same requests replayed with the same client and the same schedule (discovery, then the read-only cases on as many threads, then the state-changing ones on as many threads, without the waits between them), no checks.\n");
    println!("| jobs | cases | requests | harness wall | build / parallel / serial / reports | cases/s | peak RSS | floor wall | harness / floor | cases only / floor |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut threads = vec![1];
    if jobs > 1 {
        threads.push(jobs);
    }
    let mut details = Vec::new();
    for &j in &threads {
        let setup = Setup {
            scale: 0,
            jobs: j,
            latency_ms: 0,
        };
        let (h, journaled, fl) = measure(&work.0, setup, repeat);
        println!(
                "| {j} | {} | {} | {:.0} ms | {:.0} / {:.0} / {:.0} / {:.0} ms | {:.0} | {} | {:.0} ms | {:.2}× | {:.2}× |",
                h["cases"],
                journaled["requests"],
                f(&h, "total_ms"),
                f(&h, "build_ms"),
                f(&h, "parallel_ms"),
                f(&h, "serial_ms"),
                f(&h, "report_ms"),
                f(&h, "cases") / (f(&h, "total_ms") / 1000.0),
                mib(f(&h, "peak_rss_kib")),
                f(&fl, "total_ms"),
                f(&h, "total_ms") / f(&fl, "total_ms"),
                f(&h, "run_ms") / f(&fl, "total_ms"),
            );
        details.push(format!(
                "- {j} job(s): {}; floor discovery / parallel / serial {:.0} / {:.0} / {:.0} ms; CPU {:.0} ms (floor {:.0} ms); journaled run: {:.0} ms inside `client::send`, {} B of bodies; floor statuses that differ from the run's: {}",
                h["counts"].as_str().unwrap_or(""),
                f(&fl, "discovery_ms"),
                f(&fl, "parallel_ms"),
                f(&fl, "serial_ms"),
                f(&h, "cpu_ms"),
                f(&fl, "cpu_ms"),
                f(&journaled, "send_ms"),
                journaled["response_bytes"],
                fl["statuses_differ"]
            ));
    }
    println!();
    for line in details {
        println!("{line}");
    }
    at_latency(&work.0, repeat);

    if scales.is_empty() {
        return;
    }
    if let Some(&largest) = scales.iter().max() {
        every_item_is_validated(&root, largest);
    }
    println!("\n## Scale: `--scale N` (N more extensions, N/5 more calls), {jobs} jobs, one round each\n");
    println!("Cost = harness wall − floor wall: the harness's own work (parsing, schema validation of every item, assertions, reports).\n");
    println!("| N | requests | response bodies | harness wall | floor wall | harness cost | cost per MiB of body | peak RSS | CPU (floor) | verdicts |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for &scale in &scales {
        let setup = Setup {
            scale,
            jobs,
            latency_ms: 0,
        };
        let (h, journaled, fl) = measure(&work.0, setup, 1);
        let body_mib = f(&journaled, "response_bytes") / (1024.0 * 1024.0);
        let cost = f(&h, "total_ms") - f(&fl, "total_ms");
        println!(
            "| {scale} | {} | {:.2} MiB | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms | {} | {:.0} ms ({:.0} ms) | {} |",
            journaled["requests"],
            body_mib,
            f(&h, "total_ms"),
            f(&fl, "total_ms"),
            cost,
            cost / body_mib,
            mib(f(&h, "peak_rss_kib")),
            f(&h, "cpu_ms"),
            f(&fl, "cpu_ms"),
            h["counts"].as_str().unwrap_or(""),
        );
    }
}

/// The whole catalogue with the reference holding each response back 20 ms (a round trip to a
/// target 20 ms away), default settings, against its critical path: the longest chain of
/// requests that must go one after another, times the round trip.
fn at_latency(work: &Path, repeat: usize) {
    const LATENCY_MS: u64 = 20;
    let setup = Setup {
        scale: 0,
        jobs: runner::DEFAULT_JOBS,
        latency_ms: LATENCY_MS,
    };
    let runs: Vec<Value> = (0..repeat.max(1))
        .map(|_| child(work, "harness", setup, None))
        .collect();
    let wall = median(runs.iter().map(|r| f(r, "total_ms")).collect());
    let critical = median(runs.iter().map(|r| f(r, "critical_requests")).collect());
    let floor = critical * LATENCY_MS as f64;
    let h = &runs[0];
    println!(
        "\n## At {LATENCY_MS} ms per round trip (`Config::latency`), default settings ({} jobs)\n",
        runner::DEFAULT_JOBS
    );
    println!("Floor: the critical path, the longest chain of requests that must run one after another (the preflight, discovery's longest chain, the longest read-only case, the longest chain of state-changing cases that wait for each other, a case starting no sooner than the call windows of those it waits for, one after another), times the round trip.\n");
    println!("The reference answers a call {} ms after it is placed (5 round trips), so that a call can be seen ringing.\n", LATENCY_MS * 5);
    println!("| cases | verdicts (first run) | harness wall (median) | build / reads / state changes / reports | critical path | floor | harness / floor |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| {} | {} | {wall:.0} ms | {:.0} / {:.0} / {:.0} / {:.0} ms | {critical:.0} requests | {floor:.0} ms | {:.2}× |",
        h["cases"],
        h["counts"].as_str().unwrap_or(""),
        f(h, "build_ms"),
        f(h, "parallel_ms"),
        f(h, "serial_ms"),
        f(h, "report_ms"),
        wall / floor
    );
}

/// Shows the schema check reads a whole list, not a sample: the extension list of a world with
/// `scale` more extensions, its last item broken, validated as the list cases validate it.
fn every_item_is_validated(root: &Path, scale: usize) {
    let server = Embedded::start_with(Config {
        scale,
        ..Config::default()
    })
    .expect("the reference server starts");
    let config = Config::default();
    let url = format!(
        "{}/communication_manager/rest/live/coreServers/getByName/default/extensions",
        server.base_url()
    );
    let body = client::build_client(DEFAULT_TIMEOUT, &client::Tls::default())
        .expect("a client without --cacert builds")
        .get(url)
        .basic_auth(&config.username, Some(&config.password))
        .send()
        .and_then(|r| r.bytes())
        .expect("the extension list");
    let mut list: Value = serde_json::from_slice(&body).expect("a JSON list");
    let items = list.as_array_mut().expect("a list");
    let count = items.len();
    items[count - 1]["id"] = json!(17);
    let reference = "extension-list.json";
    let uses = [SchemaUse {
        reference,
        file: "benchmark",
        line: 0,
    }];
    let schemas = SchemaStore::load(&root.join("schemas"), uses).expect("schemas compile");
    let started = Instant::now();
    let (errors, _) = schemas.validate(reference, &list);
    let pointers: Vec<&str> = errors.iter().map(|e| e.instance_pointer.as_str()).collect();
    println!(
        "\nSchema check of a {count}-item extension list whose last item has a numeric id: {:.1} ms, errors at {pointers:?}.",
        ms(started)
    );
}

/// Wall time of `isym-conform list` and `isym-conform lint` (the release binary), median of runs.
fn startup(root: &Path) {
    let runs = env_number("ISYM_BENCH_STARTUP_RUNS", 15).max(1);
    let binary = env!("CARGO_BIN_EXE_isym-conform");
    println!("## Start-up (`{runs}` runs each, after one warm-up)\n");
    println!("| command | median | min | max |");
    println!("|---|---|---|---|");
    for command in ["list", "lint"] {
        let time = || {
            let started = Instant::now();
            let output = Command::new(binary)
                .arg(command)
                .current_dir(root)
                .output()
                .expect("isym-conform starts");
            assert!(output.status.success(), "isym-conform {command} failed");
            ms(started)
        };
        time();
        let mut times: Vec<f64> = (0..runs).map(|_| time()).collect();
        times.sort_by(f64::total_cmp);
        println!(
            "| `isym-conform {command}` | {:.1} ms | {:.1} ms | {:.1} ms |",
            median(times.clone()),
            times[0],
            times[times.len() - 1]
        );
    }
}
