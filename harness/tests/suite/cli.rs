//! The `isym-conform` binary end to end: exit codes, listing, coverage, transport behaviour and
//! secrets, against the real reference server or a misbehaving one on loopback.

use crate::support::bin;
use crate::support::hostile;
use crate::support::tls;

use std::path::{Path, PathBuf};
use std::time::Instant;

use bin::{bin, data, temp_dir, text};
use hostile::{Behaviour, HostileServer};
use isym_reference::{Config, Fault, RunningServer};

/// A profile for a server that is not the reference: the core id given, no fixtures.
fn plain_profile(dir: &Path) -> PathBuf {
    profile_allowing(dir, false)
}

fn profile_allowing(dir: &Path, state_changes: bool) -> PathBuf {
    let path = dir.join("target.yaml");
    std::fs::write(
        &path,
        format!("name: plain\nversion: \"3.3\"\nallow_state_changes: {state_changes}\ncredentials: {{ username: u }}\ncore_server: {{ slug: default, id: \"6f1f8a8e-4b0e-4d3c-9d5b-2a0c7b1e9f00\" }}\n"),
    )
    .unwrap();
    path
}

#[test]
fn run_against_the_embedded_reference_is_conformant() {
    let reports = temp_dir("embedded");
    let output = bin()
        .args(["run", "--report-dir"])
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("CONFORMANT"), "{}", text(&output));
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("results.json")).unwrap()).unwrap();
    assert_eq!(results["schema_version"], 2);
    assert_eq!(results["level"], "core");
    assert!(results["cases"].as_array().unwrap().len() > 100);
    let by_level = &results["counts_by_level"];
    assert!(
        by_level["core"]["pass"].as_u64().unwrap() > 100,
        "{by_level}"
    );
    assert!(
        by_level["extended"]["pass"].as_u64().unwrap() > 10,
        "{by_level}"
    );
    std::fs::remove_dir_all(&reports).unwrap();
}

/// The pages-only surface fails every extended case that reads a neighbouring resource: the
/// default run stays conformant (core level), `--level extended` does not, and both report the
/// same cases with their levels.
#[test]
fn extended_failures_count_only_at_the_extended_level() {
    let run = |level: &str| {
        let reports = temp_dir(&format!("pages-{level}"));
        let output = bin()
            .args([
                "run",
                "--reference-surface",
                "pages",
                "--level",
                level,
                "--report-dir",
            ])
            .arg(&reports)
            .output()
            .unwrap();
        let results: serde_json::Value =
            serde_json::from_slice(&std::fs::read(reports.join("results.json")).unwrap()).unwrap();
        std::fs::remove_dir_all(&reports).unwrap();
        (output, results)
    };
    let (core, core_results) = run("core");
    assert_eq!(core.status.code(), Some(0), "{}", text(&core));
    assert!(
        text(&core).contains("CONFORMANT at level core"),
        "{}",
        text(&core)
    );
    let extended_fail = core_results["counts_by_level"]["extended"]["fail"]
        .as_u64()
        .unwrap();
    assert!(extended_fail > 0, "{}", core_results["counts_by_level"]);
    assert_eq!(core_results["counts_by_level"]["core"]["fail"], 0);
    let (extended, extended_results) = run("extended");
    assert_eq!(extended.status.code(), Some(1), "{}", text(&extended));
    assert!(
        text(&extended).contains("NOT CONFORMANT at level extended"),
        "{}",
        text(&extended)
    );
    assert_eq!(extended_results["level"], "extended");
    assert_eq!(
        extended_results["counts_by_level"]["extended"]["fail"].as_u64(),
        Some(extended_fail)
    );
    let unknown = bin().args(["run", "--level", "strict"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    assert!(
        text(&unknown).contains("use core or extended"),
        "{}",
        text(&unknown)
    );
}

#[test]
fn unreachable_target_exits_3() {
    let dir = temp_dir("unreachable");
    let profile = plain_profile(&dir);
    // Core id given: the first request is a case's; discovery has nothing to ask. Use a profile
    // without the id so discovery is the first contact.
    std::fs::write(&profile, "name: plain\nversion: \"3.3\"\ncredentials: { username: u }\ncore_server: { slug: default }\n").unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let output = bin()
        .args([
            "run",
            "--target",
            &format!("http://127.0.0.1:{port}"),
            "--profile",
        ])
        .arg(&profile)
        .env("ISYM_PASSWORD", "test-password")
        .arg("--report-dir")
        .arg(dir.join("reports"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
    assert!(
        text(&output).contains("target unreachable"),
        "{}",
        text(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_spec_exits_2_and_names_file_and_line() {
    let dir = temp_dir("badspec");
    std::fs::copy(
        data("bad-specs/unknown-field.yaml"),
        dir.join("broken.yaml"),
    )
    .unwrap();
    let output = bin().arg("lint").arg("--specs").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        text(&output).contains(&format!("{name}/broken.yaml:3: ")),
        "{}",
        text(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn coverage_json_has_exactly_the_documented_shape() {
    let output = bin()
        .args(["coverage", "--json", "--specs"])
        .arg(data("specs-ok"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        r#"{"requirements":2,"covered":1,"uncovered":["R-2"],"levels":{"core":{"requirements":1,"covered":1,"uncovered":[]},"extended":{"requirements":1,"covered":0,"uncovered":["R-2"]}}}"#
    );
}

/// `coverage --profile` works out offline what a profile can exercise. The one-case catalogue
/// reads `{core}` in its id form only: a profile without `core_server.id` cannot run it at the
/// core level (only resources beyond the pages reveal that id), one with it can.
#[test]
fn coverage_with_a_profile_has_exactly_the_documented_shape() {
    let dir = temp_dir("coverage-profile");
    let without_id = dir.join("slug.yaml");
    std::fs::write(
        &without_id,
        "name: slug-only\nversion: \"3.3\"\ncore_server: { slug: default }\n",
    )
    .unwrap();
    let coverage = |profile: &Path| {
        let output = bin()
            .args(["coverage", "--json", "--specs"])
            .arg(data("specs-ok"))
            .arg("--profile")
            .arg(profile)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    assert_eq!(
        coverage(&without_id),
        r#"{"profile":"slug-only","cases":1,"runnable":0,"levels":{"core":{"requirements":1,"exercisable":0,"percent":0.0,"blocked":[{"id":"R-1","unlock":[["core_server.id"]]}]},"extended":{"requirements":1,"exercisable":0,"percent":0.0,"blocked":[{"id":"R-2","unlock":[]}]}},"unlocks":[{"setting":"core_server.id","core":1,"extended":0}]}"#
    );
    assert_eq!(
        coverage(&plain_profile(&dir)),
        r#"{"profile":"plain","cases":1,"runnable":1,"levels":{"core":{"requirements":1,"exercisable":1,"percent":100.0,"blocked":[]},"extended":{"requirements":1,"exercisable":0,"percent":0.0,"blocked":[{"id":"R-2","unlock":[]}]}},"unlocks":[]}"#
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The profile of issue 12 (two licensed extensions, a transfer destination, state changes
/// allowed) against the whole catalogue: at least 70 % of the core level, every transfer body
/// rule among them, and for the rest the settings that would run them. Its base_url names
/// nothing: the figures are worked out without a request. `lint` prints the same figures.
#[test]
fn coverage_with_the_two_extension_profile_reaches_most_of_the_core_level() {
    let dir = temp_dir("two-extensions");
    let profile = dir.join("two.yaml");
    std::fs::write(
        &profile,
        "name: two-extensions\nbase_url: http://127.0.0.1:9\nversion: \"3.3\"\nallow_state_changes: true\ncore_server: { slug: default }\nfixtures:\n  licensed_extension: \"1006\"\n  second_licensed_extension: \"1007\"\n  transfer_destination: \"18005555555\"\n",
    )
    .unwrap();
    let output = bin()
        .args(["coverage", "--json", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let figures: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let core = &figures["levels"]["core"];
    assert!(core["percent"].as_f64().unwrap() >= 70.0, "{core}");
    let blocked: Vec<&str> = core["blocked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    for rule in [
        "CS-TRANSFER-422-NO-DESTINATION",
        "CS-TRANSFER-422-NO-ATTENDED",
        "CS-TRANSFER-422-ATTENDED-NOT-BOOLEAN",
    ] {
        assert!(!blocked.contains(&rule), "{rule} is blocked: {core}");
    }
    let kick = core["blocked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "CS-KICK-2XX")
        .expect("the kick needs a room");
    assert_eq!(
        kick["unlock"],
        serde_json::json!([["features.conference_rooms", "fixtures.conference_room"]])
    );

    let output = bin()
        .args(["coverage", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    let out = text(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    let line = format!(
        "core: {} of {} requirements exercisable ({:.1}%)",
        core["exercisable"],
        core["requirements"],
        core["percent"].as_f64().unwrap()
    );
    assert!(out.contains(&line), "{out}");
    assert!(
        out.contains("core CS-KICK-2XX: features.conference_rooms + fixtures.conference_room"),
        "{out}"
    );
    assert!(out.contains("nothing was sent"), "{out}");

    // Without state changes the cases that make their own calls cannot run.
    let read_only = dir.join("read-only.yaml");
    std::fs::write(
        &read_only,
        std::fs::read_to_string(&profile)
            .unwrap()
            .replace("allow_state_changes: true", "allow_state_changes: false"),
    )
    .unwrap();
    let output = bin()
        .args(["coverage", "--profile"])
        .arg(&read_only)
        .output()
        .unwrap();
    let out = text(&output);
    assert!(
        out.contains("core CS-TRANSFER-422-NO-ATTENDED: allow_state_changes: true"),
        "{out}"
    );

    let output = bin()
        .args(["lint", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    let out = text(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains(&format!(
            "can exercise core {}/{} ({:.1}%)",
            core["exercisable"],
            core["requirements"],
            core["percent"].as_f64().unwrap()
        )),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn coverage_check_fails_on_an_uncovered_requirement_and_passes_the_catalogue() {
    let output = bin()
        .args(["coverage", "--check", "--specs"])
        .arg(data("specs-ok"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("uncovered: R-2"),
        "{}",
        text(&output)
    );
    let output = bin().args(["coverage", "--check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}

#[test]
fn list_shows_expanded_cases_with_placeholders_and_sends_nothing() {
    let output = bin().arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("/core-by-slug") && l.contains("getByName/<core.slug>")),
        "{stdout}"
    );
    let ids: Vec<&str> = stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    // The stateful phase's cases are listed too, at their default seeds.
    assert!(ids.contains(&"stateful/seed-1"), "{stdout}");
}

#[test]
fn redirects_are_not_followed_and_credentials_never_reach_the_other_host() {
    // The other host would answer 200, so following the redirect would turn the case green.
    let elsewhere = HostileServer::start(Behaviour::Raw(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]".to_vec(),
    ));
    let server = HostileServer::start(Behaviour::Redirect(format!(
        "{}/communication_manager/rest/live/coreServers",
        elsewhere.base_url()
    )));
    let (code, _, out) = run_against(&server, "specs-ok", false, 2);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("status 302, expected 200"), "{out}");
    // The preflight and the case's request, both with credentials; the other host saw no
    // request at all.
    assert_eq!(server.requests().len(), 2, "{:?}", server.requests());
    for request in server.requests() {
        assert!(request
            .to_ascii_lowercase()
            .contains("authorization: basic"));
    }
    assert!(
        elsewhere.requests().is_empty(),
        "{:?}",
        elsewhere.requests()
    );
}

#[test]
fn a_silent_target_ends_the_run_at_the_preflight_with_exit_3() {
    let server = HostileServer::start(Behaviour::Silent);
    let dir = temp_dir("silent");
    let started = Instant::now();
    let output = bin()
        .args(["run", "--timeout-secs", "1", "--target"])
        .arg(server.base_url())
        .arg("--profile")
        .arg(plain_profile(&dir))
        .arg("--report-dir")
        .arg(dir.join("reports"))
        .env("ISYM_PASSWORD", "test-password")
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
    assert!(
        text(&output).contains("got no answer within 1 s"),
        "{}",
        text(&output)
    );
    // One request, one timeout: not one timeout per case.
    assert_eq!(server.requests().len(), 1, "{:?}", server.requests());
    assert!(elapsed.as_secs_f64() < 2.0 * 1.0 + 1.0, "{elapsed:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The whole catalogue against a target that cuts every body short: the preflight got a status,
/// so the run goes on, gives the target up after a few requests in a row without an answer, and
/// ends every case in error, none in fail.
#[test]
fn a_target_closing_mid_body_ends_the_whole_catalogue_in_errors() {
    let server = HostileServer::start(Behaviour::ShortBody {
        announced: 100,
        sent: 10,
    });
    let dir = temp_dir("mid-body");
    let output = bin()
        .args(["run", "--timeout-secs", "1", "--target"])
        .arg(server.base_url())
        .arg("--profile")
        .arg(profile_allowing(&dir, true))
        .arg("--report-dir")
        .arg(dir.join("reports"))
        .env("ISYM_PASSWORD", "test-password")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("reports/results.json")).unwrap()).unwrap();
    let counts = &results["counts"];
    assert_eq!(counts["fail"], 0, "{counts}");
    assert!(counts["error"].as_u64().unwrap() > 100, "{counts}");
    assert!(
        text(&output).contains("the target stopped answering"),
        "{}",
        text(&output)
    );
    // Given up after a few requests (those in flight at the time included), not one per case.
    assert!(
        server.requests().len() < 60,
        "{} requests",
        server.requests().len()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_planted_password_appears_in_no_output_and_no_artifact() {
    const PLANTED: &str = "Pl4nted-S3cret-7c1e";
    let config = Config {
        password: PLANTED.into(),
        // A fault, so failure blocks with requests, responses and curl lines are printed.
        faults: vec![Fault::all()[2]],
        ..Config::default()
    };
    let server = RunningServer::start(config, "127.0.0.1:0".parse().unwrap()).unwrap();
    let dir = temp_dir("secret");
    let profile = dir.join("reference.yaml");
    std::fs::write(&profile, server.profile_yaml()).unwrap();
    // -v prints every exchange, --har keeps every exchange: neither may show the secret.
    let har = dir.join("exchanges.har");
    let output = bin()
        .args(["run", "-v", "--profile"])
        .arg(&profile)
        .arg("--report-dir")
        .arg(dir.join("reports"))
        .arg("--har")
        .arg(&har)
        .env("ISYM_PASSWORD", PLANTED)
        .output()
        .unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("reproduce: curl"), "{all}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\n> GET http://"), "-v printed no request");
    assert!(
        stderr.contains("\n> Authorization: Basic ********\n"),
        "{stderr}"
    );
    assert!(stderr.contains("\n< 200\n"), "-v printed no response");
    let token = isym_conform::redact::basic_token("manager", PLANTED);
    assert!(
        !all.contains(PLANTED) && !all.contains(&token),
        "secret in console output"
    );
    let har_text = std::fs::read_to_string(&har).unwrap();
    assert!(
        !har_text.contains(PLANTED) && !har_text.contains(&token),
        "secret in the HAR file"
    );
    let har: serde_json::Value = serde_json::from_str(&har_text).unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    // Every exchange: discovery and the passing cases' too, not only the failing ones.
    assert!(entries.len() > 400, "{} entries", entries.len());
    assert_eq!(har["log"]["version"], "1.2");
    for entry in entries {
        for field in [
            "startedDateTime",
            "time",
            "request",
            "response",
            "cache",
            "timings",
        ] {
            assert!(!entry[field].is_null(), "{field} missing: {entry}");
        }
        let authorization = entry["request"]["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == "Authorization");
        if let Some(header) = authorization {
            assert_eq!(header["value"], "Basic ********", "{entry}");
        }
    }
    assert!(entries.iter().any(|e| e["comment"] == "discovery"));
    assert!(entries.iter().any(|e| e["response"]["status"] == 200
        && e["response"]["content"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with('['))));
    let mut files = 0;
    for entry in std::fs::read_dir(dir.join("reports")).unwrap() {
        let path = entry.unwrap().path();
        let contents = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert!(!contents.contains(PLANTED), "secret in {}", path.display());
        assert!(
            !contents.contains(&token),
            "basic token in {}",
            path.display()
        );
        files += 1;
    }
    assert!(files >= 1);
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs the one-case catalogue against a hostile server; returns (exit code, results.json).
fn run_hostile(behaviour: Behaviour) -> (Option<i32>, serde_json::Value, String) {
    run_catalogue_against(behaviour, "specs-ok", false)
}

/// Runs a test catalogue (under `tests/data`) against a hostile server; returns (exit code,
/// results.json, output).
fn run_catalogue_against(
    behaviour: Behaviour,
    specs: &str,
    state_changes: bool,
) -> (Option<i32>, serde_json::Value, String) {
    let server = HostileServer::start(behaviour);
    run_against(&server, specs, state_changes, 2)
}

/// Runs a test catalogue against `server` with a per-request timeout of `timeout_secs`.
fn run_against(
    server: &HostileServer,
    specs: &str,
    state_changes: bool,
    timeout_secs: u32,
) -> (Option<i32>, serde_json::Value, String) {
    let dir = temp_dir("hostile");
    let output = bin()
        .arg("run")
        .arg("--timeout-secs")
        .arg(timeout_secs.to_string())
        .arg("--target")
        .arg(server.base_url())
        .arg("--specs")
        .arg(data(specs))
        .arg("--profile")
        .arg(profile_allowing(&dir, state_changes))
        .arg("--report-dir")
        .arg(dir.join("reports"))
        // The test catalogue's cases alone: the stateful phase has tests of its own.
        .arg("--stateful-cases")
        .arg("0")
        .env("ISYM_PASSWORD", "test-password")
        .output()
        .unwrap();
    let results =
        serde_json::from_slice(&std::fs::read(dir.join("reports/results.json")).unwrap()).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    (output.status.code(), results, text(&output))
}

#[test]
fn a_2xx_body_that_is_not_json_fails() {
    let raw = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\nConnection: close\r\n\r\n<html>".to_vec();
    let (code, results, out) = run_hostile(Behaviour::Raw(raw));
    assert_eq!(code, Some(1), "{out}");
    let failure = &results["cases"][0]["failures"][0];
    assert_eq!(failure["check"], "content-type", "{results}");
    assert!(failure["message"].as_str().unwrap().contains("not JSON"));
}

#[test]
fn an_action_answering_200_with_a_text_body_only_warns() {
    // The pages describe no success body for actions: a plain-text "OK" is noted, not failed.
    let ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK";
    let (code, results, out) =
        run_catalogue_against(Behaviour::Raw(ok.to_vec()), "specs-action", true);
    assert_eq!(code, Some(0), "{out}");
    let case = &results["cases"][0];
    assert_eq!(case["verdict"], "warn", "{results}");
    let checks: Vec<&str> = case["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["check"].as_str().unwrap())
        .collect();
    assert_eq!(checks, ["status", "content-type"], "{results}");
}

#[test]
fn a_tolerated_status_warns_and_skips_the_checks_of_the_expected_body() {
    let forbidden = b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nforbidden";
    let (code, results, out) =
        run_catalogue_against(Behaviour::Raw(forbidden.to_vec()), "specs-tolerate", false);
    assert_eq!(code, Some(0), "{out}");
    let case = &results["cases"][0];
    assert_eq!(case["verdict"], "warn", "{results}");
    assert_eq!(case["failures"], serde_json::json!([]), "{results}");
    assert_eq!(case["warnings"][0]["check"], "status", "{results}");
}

#[test]
fn a_short_body_is_a_transport_error() {
    let (code, results, out) = run_hostile(Behaviour::ShortBody {
        announced: 100,
        sent: 10,
    });
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(results["cases"][0]["verdict"], "error", "{results}");
}

#[test]
fn a_body_over_the_read_limit_is_an_error_not_a_hang() {
    let (code, results, out) = run_hostile(Behaviour::Huge {
        bytes: isym_conform::http::client::READ_LIMIT as usize + 1024,
    });
    assert_eq!(code, Some(1), "{out}");
    let case = &results["cases"][0];
    assert_eq!(case["verdict"], "error", "{results}");
    assert!(case["failures"][0]["message"]
        .as_str()
        .unwrap()
        .contains("larger than 64 MiB"));
}

#[test]
fn a_huge_json_body_is_read_whole() {
    let (code, results, out) = run_hostile(Behaviour::Huge {
        bytes: 5 * 1024 * 1024,
    });
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(results["cases"][0]["verdict"], "pass", "{results}");
}

/// A step's precondition (specs/README.md, "Preconditions") against a server whose answers
/// change from one poll to the next: the first response showing the state is judged; a state
/// never shown makes the case not applicable with the reason; a state that showed with a failed
/// check and then moved on leaves that failure standing.
#[test]
fn a_precondition_judges_the_state_it_saw_or_makes_the_case_not_applicable() {
    let run = |bodies: &[&str]| {
        // The run's preflight request takes the first answer.
        let with_preflight: Vec<&str> = std::iter::once("[]")
            .chain(bodies.iter().copied())
            .collect();
        run_catalogue_against(
            Behaviour::sequence(&with_preflight),
            "specs-precondition",
            false,
        )
    };

    let (code, results, out) = run(&["[]", r#"[{"incoming": true}]"#]);
    assert_eq!(code, Some(0), "{out}");
    let case = &results["cases"][0];
    assert_eq!(case["verdict"], "pass", "{results}");
    assert_eq!(case["attempts"], 2, "{results}");

    let (code, results, out) = run(&["[]"]);
    assert_eq!(code, Some(0), "{out}");
    let case = &results["cases"][0];
    assert_eq!(case["verdict"], "not_applicable", "{results}");
    let reason = case["reason"].as_str().unwrap();
    assert!(
        reason.contains("the call was answered before it could be seen ringing"),
        "{reason}"
    );
    assert!(reason.contains("min_length"), "{reason}");

    let (code, results, out) = run(&[r#"[{"incoming": false}]"#, "[]"]);
    assert_eq!(code, Some(1), "{out}");
    let case = &results["cases"][0];
    assert_eq!(case["verdict"], "fail", "{results}");
    assert_eq!(case["failures"][0]["check"], "assert", "{results}");
    assert_eq!(
        case["exchanges"][0]["response"]["body"], r#"[{"incoming": false}]"#,
        "the report shows the response that failed: {results}"
    );
}

/// A precondition's `restarts`: a state missed at the second look starts the case over from
/// its first step, and the case is not applicable only when every try missed it.
#[test]
fn a_missed_precondition_starts_the_case_over_as_often_as_it_says() {
    let run = |bodies: &[&str]| {
        run_catalogue_against(Behaviour::sequence(bodies), "specs-restart", false)
    };

    // Missed on the first try (second body), seen on the second (fourth body).
    let ringing = r#"[{"incoming": true}]"#;
    let (code, results, out) = run(&["[]", "[]", "[]", ringing]);
    assert_eq!(code, Some(0), "{out}");
    let case = &results["cases"][0];
    assert_eq!(case["verdict"], "pass", "{results}");
    assert_eq!(
        case["attempts"], 4,
        "every request of both tries counts: {results}"
    );

    let (code, results, out) = run(&["[]"]);
    assert_eq!(code, Some(0), "{out}");
    let case = &results["cases"][0];
    assert_eq!(case["verdict"], "not_applicable", "{results}");
    let reason = case["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("the second look: the call was answered"),
        "{reason}"
    );
    assert!(reason.ends_with("the case was tried 2 times"), "{reason}");
}

#[test]
fn quiet_prints_the_verdict_only() {
    let reports = temp_dir("quiet");
    let output = bin()
        .args(["run", "-q", "--filter", "extensions/", "--report-dir"])
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("CONFORMANT at level core"), "{stdout}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(
        reports.join("report.html").is_file(),
        "reports are still written"
    );
    std::fs::remove_dir_all(&reports).unwrap();
}

#[test]
fn skip_and_exclude_tags_remove_cases() {
    let ids = |args: &[&str]| -> Vec<String> {
        let output = bin().arg("list").args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    let all = ids(&[]);
    let mutating = ids(&["--tags", "mutating"]);
    assert!(!mutating.is_empty());
    let kept = ids(&["--exclude-tags", "mutating,destructive"]);
    assert!(!kept.is_empty() && kept.iter().all(|id| !mutating.contains(id)));
    assert_eq!(
        kept.len() + mutating.len(),
        all.len(),
        "only mutating cases are destructive"
    );
    let unskipped = ids(&["--filter", "extensions/"]);
    let skipped = ids(&[
        "--filter",
        "extensions/",
        "--skip",
        "by-id",
        "--skip",
        "agents",
    ]);
    assert!(skipped.len() < unskipped.len());
    assert!(skipped.iter().all(|id| id.starts_with("extensions/")
        && !id.contains("by-id")
        && !id.contains("agents")));
}

/// `run` reads ISYM_TARGET, ISYM_PROFILE and ISYM_REPORT_DIR, as `cargo test` does.
#[test]
fn run_reads_the_target_profile_and_report_dir_from_the_environment() {
    let server = RunningServer::start(Config::default(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let dir = temp_dir("env");
    let profile = dir.join("reference.yaml");
    std::fs::write(
        &profile,
        server.profile_yaml().replace("base_url:", "# base_url:"),
    )
    .unwrap();
    let output = bin()
        .args(["run", "--filter", "extensions/instance"])
        .env("ISYM_TARGET", server.base_url())
        .env("ISYM_PROFILE", &profile)
        .env("ISYM_REPORT_DIR", dir.join("from-env"))
        .env("ISYM_PASSWORD", Config::default().password)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let results: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("from-env/results.json")).expect("reports in ISYM_REPORT_DIR"),
    )
    .unwrap();
    assert_eq!(results["target"]["base_url"], server.base_url());
    assert!(
        !text(&output).contains("embedded reference server"),
        "{}",
        text(&output)
    );
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs the one-case catalogue against the HTTPS server with `tls_args`; returns (exit code,
/// output, the failing case's curl line if the run got that far).
fn run_tls(server: &tls::TlsServer, tls_args: &[&str]) -> (Option<i32>, String, Option<String>) {
    let dir = temp_dir("tls");
    let output = bin()
        .args(["run", "--timeout-secs", "5", "--target"])
        .arg(server.base_url())
        .arg("--specs")
        .arg(data("specs-ok"))
        .arg("--profile")
        .arg(plain_profile(&dir))
        .arg("--report-dir")
        .arg(dir.join("reports"))
        .args(tls_args)
        .env("ISYM_PASSWORD", "test-password")
        .output()
        .unwrap();
    let curl = std::fs::read(dir.join("reports/results.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|results| {
            results["cases"][0]["exchanges"][0]["curl"]
                .as_str()
                .map(String::from)
        });
    std::fs::remove_dir_all(&dir).unwrap();
    (output.status.code(), text(&output), curl)
}

/// TLS: a self-signed target is refused by the platform's roots, trusted with `--cacert` or
/// `--insecure`, and the curl lines carry the same setting (and, where curl is installed, do
/// reach the target).
#[test]
fn cacert_and_insecure_reach_a_self_signed_target_and_their_curl_lines_replay() {
    let server = tls::TlsServer::start();
    let (code, out, _) = run_tls(&server, &[]);
    assert_eq!(code, Some(3), "{out}");
    assert!(out.to_lowercase().contains("certificate"), "{out}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());

    let cacert = tls::certificate().canonicalize().unwrap();
    let (code, out, curl) = run_tls(&server, &["--cacert", cacert.to_str().unwrap()]);
    assert_eq!(code, Some(1), "the case gets 500: {out}");
    let curl = curl.expect("a curl line for the failing case");
    assert!(
        curl.starts_with(&format!("curl -i --cacert '{}' ", cacert.display())),
        "{curl}"
    );
    let (code, out, insecure_curl) = run_tls(&server, &["--insecure"]);
    assert_eq!(code, Some(1), "{out}");
    let insecure_curl = insecure_curl.expect("a curl line");
    assert!(insecure_curl.starts_with("curl -i -k "), "{insecure_curl}");

    // The lines replay: curl reaches the server with each (it answers the case 500).
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("curl not found: the curl lines were not replayed");
        return;
    }
    for line in [&curl, &insecure_curl] {
        let replay = std::process::Command::new("sh")
            .args(["-c", line])
            .env("ISYM_USERNAME", "u")
            .env("ISYM_PASSWORD", "test-password")
            .output()
            .unwrap();
        let answer = String::from_utf8_lossy(&replay.stdout);
        assert!(
            answer.starts_with("HTTP/1.1 500"),
            "{line}: {answer}{}",
            String::from_utf8_lossy(&replay.stderr)
        );
    }
}

#[test]
fn a_missing_or_empty_cacert_file_is_a_usage_error() {
    let dir = temp_dir("cacert");
    let not_pem = dir.join("not.pem");
    std::fs::write(&not_pem, "just text\n").unwrap();
    for (file, problem) in [
        (dir.join("absent.pem"), "cannot read it"),
        (not_pem, "holds no certificate"),
    ] {
        let output = bin()
            .args(["run", "--cacert"])
            .arg(&file)
            .args(["--target", "https://127.0.0.1:9", "--profile"])
            .arg(plain_profile(&dir))
            .env("ISYM_PASSWORD", "test-password")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        let out = text(&output);
        assert!(
            out.contains(&format!("--cacert {}: {problem}", file.display())),
            "{out}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_standard_output_ends_the_command_quietly() {
    use std::process::Stdio;
    let mut child = bin()
        .args(["lint"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before lint, which loads the catalogue first, prints a line.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(141), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
