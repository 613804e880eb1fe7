//! `report.html` in a real browser: headless Chromium opens a report with a failing case at
//! `#first-failure`, and the test checks that the summary renders, that the page's script ran
//! without error (it sets `<body data-js="ok">`, and Chromium logs no console error) and that
//! the first failure is expanded to its request and curl line. A screenshot is saved as
//! `report.png` next to the report (the path is printed).
//!
//! Chromium is looked up in `$ISYM_CHROMIUM`, then `/usr/bin/chromium`, then `chromium` on
//! `PATH`. Without it, the std test harness cannot mark a test ignored at run time, so:
//! - with `CI` set, the test fails: CI must install Chromium (`.ci/run` installs Debian's);
//! - otherwise it prints `chromium not found: skipped` and returns, so a developer without a
//!   browser can still run `cargo test`; the notice says the check did not happen.

#[path = "data/reports/sample.rs"]
mod sample;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use isym_conform::redact::Redactor;
use isym_conform::report;
use sample::{fresh_dir, FAILING_ID};

/// How long one Chromium run may take before the test gives up on it.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ISYM_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let standard = Path::new("/usr/bin/chromium");
    if standard.is_file() {
        return Some(standard.to_path_buf());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|candidate| candidate.is_file())
    })
}

/// Chromium, or `None` after saying why the browser check is skipped (panics on CI).
fn chromium_or_skip() -> Option<PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("chromium not found, and CI is set: install Debian's `chromium` (see .ci/run)");
        }
        eprintln!("chromium not found: skipped (the HTML report was NOT checked in a browser)");
    }
    found
}

struct BrowserRun {
    stdout: String,
    stderr: String,
}

impl BrowserRun {
    /// Console messages and uncaught errors Chromium logged on stderr.
    fn console_errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
            .collect()
    }
}

/// Runs headless Chromium with a fresh profile on `url`, plus `extra` arguments.
fn chromium(browser: &Path, name: &str, extra: &[String], url: &str) -> BrowserRun {
    let profile = fresh_dir(&format!("{name}-chromium-profile"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // Drain both pipes on threads so a chatty browser cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {CHROMIUM_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let run = BrowserRun {
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    assert!(
        status.success(),
        "chromium failed ({status}):\n{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&profile);
    run
}

fn file_url(path: &Path, fragment: &str) -> String {
    format!(
        "file://{}#{fragment}",
        path.canonicalize().unwrap().display()
    )
}

#[test]
fn report_renders_in_chromium_with_the_first_failure_expanded() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = fresh_dir("html-in-chromium");
    report::write_all(&sample::report(), &Redactor::default(), &dir).unwrap();
    let page = dir.join("report.html");
    let url = file_url(&page, "first-failure");

    let run = chromium(&browser, "dom", &["--dump-dom".to_string()], &url);
    let dom = &run.stdout;
    assert!(
        dom.contains("<body data-js=\"ok\""),
        "the script did not finish:\n{dom}"
    );
    assert_eq!(run.console_errors(), Vec::<&str>::new(), "console output");
    assert!(
        dom.contains(
            "class=\"status bad\">not conformant <span class=\"judged\">(judged at level core)</span></div>"
        ),
        "{dom}"
    );
    // The counts of each level, and which one decides.
    let levels = &dom[dom.find("id=\"levels\"").expect("levels table")..];
    let levels = &levels[..levels.find("</table>").unwrap()];
    assert!(
        levels.contains("<tr data-level=\"core\"><td>core</td>"),
        "{levels}"
    );
    assert!(levels.contains("reported, not counted"), "{levels}");
    assert!(
        dom.contains("class=\"badge-level level-extended\""),
        "no level badge"
    );
    assert!(dom.contains("<span class=\"n\">1</span>fail</button>"));
    assert!(dom.contains("<span class=\"n\">6</span>total</div>"));
    assert!(dom.contains("<a href=\"#view-resource\" data-view=\"resource\" class=\"active\">"));
    assert!(dom.contains("6 of 6 cases shown"));

    // The first failing case is the one expanded, and shows its request and curl line.
    let anchor = format!("id=\"case-{FAILING_ID}\"");
    let start = dom.find(&anchor).expect("failing case in the DOM");
    let case = &dom[dom[..start].rfind("<div").unwrap()..];
    let case = &case[..case.find("</details>").unwrap()];
    assert!(case.contains("class=\"case v-fail target\""), "{case}");
    assert!(case.contains("<details open=\"\">"), "not expanded: {case}");
    assert!(case.contains("<pre class=\"request\">GET http://127.0.0.1:58080/"));
    assert!(case.contains("<pre class=\"curl\">curl -sS -u \"manager:$ISYM_PASSWORD\""));
    assert_eq!(
        dom.matches("<details open=\"\">").count(),
        1,
        "only one case expanded"
    );

    let screenshot = dir.join("report.png");
    let shot = chromium(
        &browser,
        "screenshot",
        &[
            format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,1800".to_string(),
            "--hide-scrollbars".to_string(),
        ],
        &url,
    );
    assert_eq!(shot.console_errors(), Vec::<&str>::new(), "console output");
    let png = std::fs::read(&screenshot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        png.len() > 20_000,
        "suspiciously small screenshot: {} bytes",
        png.len()
    );
    println!("screenshot: {}", screenshot.display());
}

/// The filter box hides cases that do not match, and groups left empty (`#filter=` fills it).
#[test]
fn the_filter_box_filters_cases_by_text() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = fresh_dir("html-filter");
    report::write_all(&sample::report(), &Redactor::default(), &dir).unwrap();
    let url = file_url(&dir.join("report.html"), "filter=QUEUES%20list");
    let run = chromium(&browser, "filter", &["--dump-dom".to_string()], &url);
    let dom = &run.stdout;
    assert!(dom.contains("<body data-js=\"ok\""), "{dom}");
    assert!(dom.contains("2 of 6 cases shown"), "{dom}");
    let class_of = |id: &str| {
        let at = dom.find(&format!("id=\"case-{id}\"")).unwrap();
        let div = &dom[dom[..at].rfind("<div").unwrap()..at];
        div.to_string()
    };
    assert!(
        class_of(FAILING_ID).contains("hidden"),
        "{}",
        class_of(FAILING_ID)
    );
    assert!(!class_of("queues/list/all").contains("hidden"));
    assert!(!class_of("queues/list/paged").contains("hidden"));
    // Rows of the requirement and tag views follow their case's text.
    let row_classes = |id: &str| -> Vec<String> {
        let marker = format!("data-case=\"case-{id}\"");
        let rows: Vec<String> = dom
            .match_indices(&marker)
            .map(|(at, _)| dom[dom[..at].rfind("<div").unwrap()..at].to_string())
            .collect();
        assert!(!rows.is_empty(), "no rows of {id}");
        rows
    };
    assert!(row_classes(FAILING_ID).iter().all(|r| r.contains("hidden")));
    assert!(row_classes("queues/list/all")
        .iter()
        .all(|r| !r.contains("hidden")));
}

/// The error detection above must be able to fail: a page whose script throws is caught both
/// by the console log and by the missing `data-js="ok"` marker.
#[test]
fn a_script_error_is_detected() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = fresh_dir("html-broken-script");
    let page = dir.join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body data-js=\"off\"><script>\
         window.addEventListener('error', function () { document.body.setAttribute('data-js', 'error'); });\
         undefinedFunction();\
         document.body.setAttribute('data-js', 'ok');</script></body></html>",
    )
    .unwrap();
    let run = chromium(
        &browser,
        "broken",
        &["--dump-dom".to_string()],
        &file_url(&page, "x"),
    );
    assert!(run.stdout.contains("data-js=\"error\""), "{}", run.stdout);
    let errors = run.console_errors();
    assert!(
        errors.iter().any(|l| l.contains("undefinedFunction")),
        "no console error logged:\n{}",
        run.stderr
    );
}
