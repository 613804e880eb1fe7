//! Report writers, certification bundles and the baseline gate, on hand-built runs (no server).

use crate::sample;

use std::path::{Path, PathBuf};

use isym_conform::bundle::{self, BundleError, ManifestInput};
use isym_conform::redact::{basic_token, Redactor};
use isym_conform::report::{self, ARTIFACTS};
use isym_conform::result::{Counts, RunReport};
use sample::{failing_case, fresh_dir, report, report_of, ERROR_ID, FAILING_ID, VARIANT_SCENARIO};

fn write(report: &RunReport, name: &str) -> PathBuf {
    let dir = fresh_dir(name);
    report::write_all(report, &Redactor::default(), &dir).unwrap();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Checks that every tag of an XML document is closed in order: a small well-formedness check
/// that holds because writers escape every `<` in text.
fn assert_balanced_xml(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
        if tag.starts_with('?') {
        } else if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
}

#[test]
fn write_all_writes_the_four_reports() {
    let dir = write(&report(), "four");
    let written = report::write_all(&report(), &Redactor::default(), &dir).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ARTIFACTS);
    let results: RunReport = serde_json::from_str(&read(&dir, "results.json")).unwrap();
    // The data as given, but for `Authorization` headers, which are masked whatever they hold.
    assert_ne!(results, report());
    assert_eq!(results, Redactor::default().redact_report(&report()));
}

#[test]
fn junit_has_one_testcase_per_case_with_properties_and_outcomes() {
    let dir = write(&report(), "junit");
    let xml = read(&dir, "junit.xml");
    assert_balanced_xml(&xml);
    assert_eq!(xml.matches("<testcase ").count(), 6);
    assert!(xml.contains(
        "<testsuites name=\"isym-conform reference\" tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"1\""
    ));
    assert!(xml.contains(
        "<testcase classname=\"extensions\" name=\"instance/get/unknown-id\" file=\"specs/extensions.yaml\""
    ));
    assert!(xml.contains("<property name=\"requirement\" value=\"EXT-GET-2\"/>"));
    assert!(xml.contains("<property name=\"tag\" value=\"errors\"/>"));
    let failure = &xml[xml.find("<failure ").unwrap()..xml.find("</failure>").unwrap()];
    assert!(failure.starts_with(
        "<failure message=\"[step 1] status: expected status 404, got 500\" type=\"status\">"
    ));
    assert!(failure.contains("[step 1] schema at /data/0/id: &quot;x&quot; is not of type"));
    assert!(failure.contains("schema: /properties/data/items/properties/id/type"));
    assert!(failure.contains("response: 500"));
    assert!(failure.contains("curl -sS -u &quot;manager:$ISYM_PASSWORD&quot;"));
    assert!(failure.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;"));
    assert!(xml.contains("<error message=\"transport: connection refused\" type=\"error\">"));
    assert!(
        xml.contains("<skipped message=\"fixture conference_room is absent from the profile\"/>")
    );
    let warn_case = &xml[xml.find("name=\"list/all\"").unwrap()..];
    let warn_case = &warn_case[..warn_case.find("</testcase>").unwrap()];
    assert!(warn_case.contains("<system-out>"), "{warn_case}");
    assert!(warn_case.contains("ordering of queues is unspecified"));
    assert!(!warn_case.contains("<failure"));
    assert!(!xml.contains("<script>"));
}

#[test]
fn summary_lists_counts_and_failing_cases_with_first_failure() {
    let dir = write(&report(), "summary");
    let md = read(&dir, "summary.md");
    assert!(md.starts_with("## isym-conform: reference — ❌ not conformant"));
    for row in [
        "| pass | 2 |",
        "| fail | 1 |",
        "| warn | 1 |",
        "| not applicable | 1 |",
        "| error | 1 |",
        "| **total** | 6 |",
    ] {
        assert!(md.contains(row), "missing {row} in\n{md}");
    }
    assert!(
        md.contains("### Failing cases (2 in 2 rows, by requirement)"),
        "{md}"
    );
    assert!(md.contains("| Requirements | Case | Variants | Verdict | Level | First failure |"));
    let error_row =
        "| CALL-1 | calls/originate/basic | — | error | core | transport: connection refused |";
    let fail_row = "| EXT-GET-2 | extensions/instance/get/unknown-id | — | fail | core | \\[step 1\\] status: expected status 404, got 500 |";
    // By requirement, in catalogue order.
    let (error_at, fail_at) = (md.find(error_row), md.find(fail_row));
    assert!(error_at.is_some() && fail_at.is_some(), "{md}");
    assert!(error_at < fail_at, "{md}");
    assert!(!md.contains("queues/list/all |"), "warn is not failing");
    assert!(md.contains("1 case(s) passed with warnings"));
    // Counts per level: the queue cases stand for the extended level.
    assert!(md.contains("Judged at level **core**"), "{md}");
    assert!(md.contains("| Verdict | Cases | core | extended |"), "{md}");
    assert!(md.contains("| **total** | 6 | 4 | 2 |"), "{md}");

    let mut clean = report();
    clean.cases.retain(|c| c.verdict.is_passing());
    clean.counts = Counts::of(&clean.cases);
    let md = read(&write(&clean, "summary-clean"), "summary.md");
    assert!(md.contains("✅ conformant") && md.contains("No failing cases."));
}

#[test]
fn summary_cells_cannot_break_the_table() {
    let mut failing = failing_case("a/b");
    failing.failures[0].message = "x | y\nz <b>bold</b>".to_string();
    let md = read(
        &write(&report_of(vec![failing]), "summary-escape"),
        "summary.md",
    );
    let row = md.lines().find(|l| l.contains("| a/b |")).unwrap();
    assert_eq!(row.matches(" | ").count(), 5, "{row}");
    assert!(row.contains("x \\| y z &lt;b&gt;bold&lt;/b&gt;"), "{row}");
}

#[test]
fn html_is_self_contained_escaped_and_grouped() {
    let dir = write(&report(), "html");
    let html = read(&dir, "report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    // Inline style and script are allowed by their hashes only.
    assert!(
        !html.contains("unsafe-inline"),
        "the policy allows any inline code"
    );
    let policy = &html[html.find("Content-Security-Policy").unwrap()..];
    let policy = &policy[..policy.find('>').unwrap()];
    let mut inline = 0;
    for (element, source) in [("style", "style-src"), ("script", "script-src")] {
        let open = format!("<{element}>");
        let directive = &policy[policy.find(source).unwrap()..];
        let directive = &directive[..directive.find(';').unwrap_or(directive.len())];
        for (at, _) in html.match_indices(&open) {
            let text = &html[at + open.len()..];
            let text = &text[..text.find(&format!("</{element}>")).unwrap()];
            let hash = format!("'sha256-{}'", sha256_base64(text));
            assert!(directive.contains(&hash), "{hash} not in {directive}");
            inline += 1;
        }
    }
    assert_eq!(inline, 3, "one style and two scripts");
    for external in ["src=", "<link", "@import", "url("] {
        assert!(
            !html.contains(external),
            "page may load something: {external}"
        );
    }
    assert_eq!(
        html.matches("<script").count(),
        2,
        "only the two inline scripts"
    );
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; | *bold*"));
    assert!(html.contains("<input id=\"filter\" type=\"search\""));
    for view in [
        "view-resource",
        "view-requirement",
        "view-tag",
        "view-coverage",
    ] {
        assert!(html.contains(&format!("id=\"{view}\"")), "{view}");
    }
    // The failing case is expandable to its checks, request, response and curl line.
    let anchor = format!("id=\"case-{FAILING_ID}\"");
    let case = &html[html.find(&anchor).unwrap()..];
    let case = &case[..case.find("</details>").unwrap()];
    assert!(case.contains("<details><summary>"));
    assert!(case.contains("at <code class=\"pointer\">/data/0/id</code>"));
    assert!(case.contains("<pre class=\"request\">GET http://127.0.0.1:58080/"));
    assert!(case.contains("<h5>Response 500</h5>"));
    assert!(case.contains("<pre class=\"curl\">curl -sS -u &quot;manager:$ISYM_PASSWORD&quot;"));
    // Requirement and tag views link to cases; the tag view has one group per tag.
    assert!(html.contains(&format!("<a href=\"#case-{FAILING_ID}\">")));
    let tags =
        &html[html.find("id=\"view-tag\"").unwrap()..html.find("id=\"view-coverage\"").unwrap()];
    for tag in ["errors", "mutating", "read", "(untagged)"] {
        assert!(
            tags.contains(&format!("<h3>{tag} <span")),
            "tag group {tag}"
        );
    }
    // The coverage matrix has every requirement, the uncovered one highlighted.
    let coverage = &html[html.find("id=\"view-coverage\"").unwrap()..];
    assert!(coverage
        .contains("5 of 6 requirements covered by at least one case; 2 with failing cases."));
    assert!(coverage.contains("<tr class=\"uncovered\" data-requirement=\"UNCOVERED-1\">"));
    let que = &coverage[coverage.find("data-requirement=\"QUE-1\"").unwrap()..];
    let que = &que[..que.find("</tr>").unwrap()];
    assert!(que.ends_with(
        "<td class=\"n\">1</td><td class=\"n zero\">0</td><td class=\"n\">1</td><td class=\"n zero\">0</td><td class=\"n zero\">0</td><td class=\"n\">2</td>"
    ), "{que}");
}

/// A password planted in every field that can carry one appears in no artifact, in any
/// escaping: the test looks for the alphanumeric runs around its special characters.
#[test]
fn a_planted_password_appears_in_no_artifact() {
    const PASSWORD: &str = "Zq9Wv&<\"Xk7Ty'>Mn4Rb";
    const FRAGMENTS: [&str; 3] = ["Zq9Wv", "Xk7Ty", "Mn4Rb"];
    let token = basic_token("manager", PASSWORD);
    let mut run = report();
    run.target.base_url = format!("http://manager:{PASSWORD}@127.0.0.1:58080");
    let failing = run.cases.iter_mut().find(|c| c.id == FAILING_ID).unwrap();
    failing.title = format!("title {PASSWORD}");
    failing.url = format!("http://127.0.0.1:58080/x?password={PASSWORD}");
    failing.failures[0].message = format!("server echoed {PASSWORD}");
    failing.failures[0].actual = Some(serde_json::json!({ "password": PASSWORD }));
    let exchange = &mut failing.exchanges[0];
    exchange.request.url = format!("http://127.0.0.1:58080/x?password={PASSWORD}");
    exchange
        .request
        .headers
        .push(("Authorization".into(), format!("Basic {token}")));
    exchange
        .request
        .headers
        .push(("X-Echo".into(), PASSWORD.into()));
    exchange.request.body = Some(format!("{{\"password\":\"{PASSWORD}\"}}"));
    exchange.response.as_mut().unwrap().body = format!("{{\"you sent\":\"{PASSWORD}\"}}");
    exchange.curl = format!("curl -u 'manager:{PASSWORD}' 'http://127.0.0.1:58080/x'");
    let errored = run.cases.iter_mut().find(|c| c.id == ERROR_ID).unwrap();
    errored.reason = Some(format!("login with {PASSWORD} refused"));

    let redactor = Redactor::for_basic_auth("manager", PASSWORD);
    let dir = fresh_dir("secrets");
    let suite = fresh_suite("secrets-suite");
    report::write_all(&run, &redactor, &dir).unwrap();
    let profile = format!(
        "name: reference\nbase_url: http://manager:{PASSWORD}@127.0.0.1:58080\ncredentials:\n  username: manager\n  password: \"{}\"\n",
        PASSWORD.replace('"', "\\\"")
    );
    bundle::write_manifest(
        &dir,
        &ManifestInput {
            report: &run,
            suite_root: &suite,
            profile_yaml: Some(&profile),
            redactor: &redactor,
        },
    )
    .unwrap();

    let mut checked = 0;
    for name in ARTIFACTS.iter().chain(&["manifest.json"]) {
        let text = read(&dir, name);
        for fragment in FRAGMENTS.iter().chain(&[token.as_str()]) {
            assert!(!text.contains(fragment), "{name} leaks {fragment}");
        }
        let mask = if *name == "summary.md" {
            r"\*\*\*\*\*\*\*\*"
        } else {
            "********"
        };
        assert!(
            text.contains(mask),
            "{name} shows no mask: was anything planted?"
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
}

fn sha256_base64(text: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
}

/// Variants that ended alike share one row in every report for people: the failing scenario
/// shows once per outcome, by requirement, with its variants named; results.json and junit.xml
/// keep one case per variant.
#[test]
fn alike_variants_share_a_row_in_the_console_summary_and_page() {
    let run = sample::variants_report();
    let dir = write(&run, "variants");
    let results: RunReport = serde_json::from_str(&read(&dir, "results.json")).unwrap();
    assert_eq!(results.cases.len(), 9);
    assert_eq!(
        results.cases[3].scenario.as_deref(),
        Some(VARIANT_SCENARIO),
        "{:?}",
        results.cases[3].id
    );
    assert_eq!(read(&dir, "junit.xml").matches("<testcase ").count(), 9);

    // Console: one heading for the requirement, two blocks for the scenario's two outcomes.
    let console = isym_conform::render::failures(&run, &Redactor::default());
    assert_eq!(
        console.matches("== EXT-GET-1 (core, ").count(),
        1,
        "{console}"
    );
    assert!(
        console.contains(": 2 failing row(s), 4 case(s)"),
        "{console}"
    );
    assert_eq!(
        console
            .matches(&format!("{VARIANT_SCENARIO} [fail, core level]"))
            .count(),
        2,
        "{console}"
    );
    assert!(console.contains(
        "  variants (3, alike): core-by-id/ext-by-id, core-by-id/ext-by-number, core-by-slug/ext-by-id\n"
    ), "{console}");
    // The first variant's exchange in full, a curl line for each of the others.
    assert_eq!(console.matches("  reproduce: curl").count(), 2, "{console}");
    assert!(
        console.contains("  reproduce core-by-id/ext-by-number: curl"),
        "{console}"
    );
    assert!(
        console.contains("  reproduce core-by-slug/ext-by-id: curl"),
        "{console}"
    );
    let table = isym_conform::render::summary_table(&run);
    assert!(
        table.contains("9 case(s) in 5 row(s) of alike variants; 2 failing row(s)"),
        "{table}"
    );

    let md = read(&dir, "summary.md");
    assert!(
        md.contains("### Failing cases (4 in 2 rows, by requirement)"),
        "{md}"
    );
    assert!(md.contains(&format!(
        "| EXT-GET-1 | {VARIANT_SCENARIO} | 3: core-by-id/ext-by-id, core-by-id/ext-by-number, core-by-slug/ext-by-id | fail | core | \\[step 1\\] status: GET extensions/6f1f8a8e-4b0e-4d3c-9d5b-2a0c7b1e9f00 answered 500, expected 200 |"
    )), "{md}");
    assert!(
        md.contains(&format!(
            "| EXT-GET-1 | {VARIANT_SCENARIO} | 1: core-by-slug/ext-by-number | fail |"
        )),
        "{md}"
    );

    let html = read(&dir, "report.html");
    let failures = &html
        [html.find("id=\"view-failures\"").unwrap()..html.find("id=\"view-resource\"").unwrap()];
    // The failing rule once (its two outcomes), with its variants.
    assert_eq!(
        failures.matches("<h3><code>EXT-GET-1</code>").count(),
        1,
        "{failures}"
    );
    assert_eq!(failures.matches("<details>").count(), 2, "{failures}");
    let anchor = format!("id=\"case-{VARIANT_SCENARIO}\"");
    let row = &failures[failures.find(&anchor).expect("the row's anchor")..];
    let row = &row[..row.find("</details>").unwrap()];
    assert!(
        row.contains("<span class=\"nv\" title=\"variants\">×3</span>"),
        "{row}"
    );
    for variant in [
        "core-by-id/ext-by-id",
        "core-by-id/ext-by-number",
        "core-by-slug/ext-by-id",
    ] {
        assert!(
            row.contains(&format!(
                "<li id=\"case-{VARIANT_SCENARIO}/{variant}\"><code>{variant}</code>"
            )),
            "{variant}: {row}"
        );
    }
    assert!(!row.contains("core-by-slug/ext-by-number"), "{row}");
    assert!(
        row.contains("<h5>Reproduce the other variants</h5>"),
        "{row}"
    );
    assert!(
        failures.contains(&format!("id=\"case-{VARIANT_SCENARIO}%7E2\"")),
        "{failures}"
    );
    // Elsewhere the failing rows are links to those details; passing rows are listed once.
    let resource = &html
        [html.find("id=\"view-resource\"").unwrap()..html.find("id=\"view-requirement\"").unwrap()];
    assert!(!resource.contains(&anchor), "details twice");
    assert!(resource.contains(&format!("<a href=\"#case-{VARIANT_SCENARIO}\"><code>{VARIANT_SCENARIO}</code></a> <span class=\"nv\"")));
    assert_eq!(
        resource.matches("id=\"case-extensions/list\"").count(),
        1,
        "{resource}"
    );
    assert!(html.contains("<span class=\"n\">5</span>rows</div>"));
}

fn fresh_suite(name: &str) -> PathBuf {
    let root = fresh_dir(name);
    std::fs::create_dir_all(root.join("specs/snapshots")).unwrap();
    std::fs::create_dir_all(root.join("schemas")).unwrap();
    std::fs::write(root.join("specs/extensions.yaml"), "cases: []\n").unwrap();
    std::fs::write(root.join("specs/snapshots/a.snap"), "snap\n").unwrap();
    std::fs::write(root.join("schemas/extension.json"), "{}\n").unwrap();
    root
}

fn bundle_of(report: &RunReport, name: &str) -> (PathBuf, PathBuf) {
    let suite = fresh_suite(&format!("{name}-suite"));
    let dir = fresh_dir(name);
    let redactor = Redactor::default();
    report::write_all(report, &redactor, &dir).unwrap();
    bundle::write_manifest(
        &dir,
        &ManifestInput {
            report,
            suite_root: &suite,
            profile_yaml: Some("name: reference\ncredentials:\n  password_env: ISYM_PASSWORD\n"),
            redactor: &redactor,
        },
    )
    .unwrap();
    (dir, suite)
}

fn rejection(result: Result<bundle::VerifyOutcome, BundleError>) -> Vec<String> {
    match result {
        Err(BundleError::Rejected { problems, .. }) => problems,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn a_fresh_bundle_verifies() {
    let (dir, suite) = bundle_of(&report(), "bundle-ok");
    let manifest: serde_json::Value = serde_json::from_str(&read(&dir, "manifest.json")).unwrap();
    let files = manifest["suite"]["files"].as_object().unwrap();
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "schemas/extension.json",
            "specs/extensions.yaml",
            "specs/snapshots/a.snap"
        ]
    );
    assert_eq!(
        files["specs/extensions.yaml"],
        bundle::sha256_hex(b"cases: []\n")
    );
    let artifacts: Vec<&String> = manifest["artifacts"].as_object().unwrap().keys().collect();
    assert_eq!(
        artifacts,
        ["junit.xml", "report.html", "results.json", "summary.md"]
    );
    assert_eq!(manifest["target_url"], "http://127.0.0.1:58080");
    assert_eq!(manifest["started_at"], "2025-03-01T10:00:00Z");
    assert_eq!(
        manifest["profile"],
        "name: reference\ncredentials:\n  password_env: ISYM_PASSWORD\n"
    );

    let outcome = bundle::verify(&dir, &suite).unwrap();
    assert_eq!(outcome.counts.total, 6);
    assert!(!outcome.conformant);
    assert!(outcome
        .render()
        .starts_with("bundle verified: isym-conform"));
}

#[test]
fn an_altered_missing_or_extra_artifact_is_rejected() {
    let (dir, suite) = bundle_of(&report(), "bundle-tampered");
    let html = read(&dir, "report.html").replace("not conformant", "conformant");
    std::fs::write(dir.join("report.html"), html).unwrap();
    std::fs::remove_file(dir.join("junit.xml")).unwrap();
    std::fs::write(dir.join("extra.txt"), "hi").unwrap();
    let problems = rejection(bundle::verify(&dir, &suite));
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].starts_with("artifact junit.xml is missing"),
        "{problems:#?}"
    );
    assert!(problems[1].starts_with("artifact report.html was altered: sha256 "));
    assert_eq!(
        problems[2],
        "unexpected file extra.txt: not in the manifest"
    );
}

#[test]
fn a_bundle_from_another_suite_is_rejected_naming_the_files() {
    let (dir, suite) = bundle_of(&report(), "bundle-other-suite");
    std::fs::write(suite.join("specs/extensions.yaml"), "cases: [changed]\n").unwrap();
    std::fs::write(suite.join("schemas/new.json"), "{}\n").unwrap();
    std::fs::remove_file(suite.join("specs/snapshots/a.snap")).unwrap();
    let problems = rejection(bundle::verify(&dir, &suite));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("made by a different suite"),
        "{}",
        problems[0]
    );
    assert!(problems[0].ends_with(
        "schemas/new.json (not in the bundle's suite), specs/extensions.yaml (content differs), specs/snapshots/a.snap (missing from this suite)"
    ), "{}", problems[0]);
}

#[test]
fn inconsistent_results_are_rejected_even_with_matching_hashes() {
    let (dir, suite) = bundle_of(&report(), "bundle-inconsistent");
    let mut results: RunReport = serde_json::from_str(&read(&dir, "results.json")).unwrap();
    results.counts.fail = 0;
    results.counts.pass += 1;
    std::fs::write(
        dir.join("results.json"),
        serde_json::to_string(&results).unwrap(),
    )
    .unwrap();
    // Re-hash, as a forger would: the hashes now agree, the content does not.
    bundle::write_manifest(
        &dir,
        &ManifestInput {
            report: &results,
            suite_root: &suite,
            profile_yaml: None,
            redactor: &Redactor::default(),
        },
    )
    .unwrap();
    let problems = rejection(bundle::verify(&dir, &suite));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("results.json counts"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_manifest_with_unknown_fields_is_an_error() {
    let (dir, suite) = bundle_of(&report(), "bundle-unknown-field");
    let text = read(&dir, "manifest.json").replacen('{', "{\n  \"signed\": true,", 1);
    std::fs::write(dir.join("manifest.json"), text).unwrap();
    let error = bundle::verify(&dir, &suite).unwrap_err().to_string();
    assert!(error.contains("unknown field `signed`"), "{error}");
}

#[test]
fn writing_a_manifest_needs_the_reports_and_a_suite() {
    let dir = fresh_dir("bundle-incomplete");
    let input = ManifestInput {
        report: &report(),
        suite_root: &dir,
        profile_yaml: None,
        redactor: &Redactor::default(),
    };
    let error = bundle::write_manifest(&dir, &input)
        .unwrap_err()
        .to_string();
    assert!(
        error.ends_with("results.json is missing; write the reports first"),
        "{error}"
    );
    report::write_all(&report(), &Redactor::default(), &dir).unwrap();
    let error = bundle::write_manifest(&dir, &input)
        .unwrap_err()
        .to_string();
    assert!(error.contains("has no specs/ directory"), "{error}");
}

#[path = "reports/baseline.rs"]
mod baseline_gate;
