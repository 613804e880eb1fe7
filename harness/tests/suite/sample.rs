//! A hand-built run shared by the report tests: one case of every verdict,
//! a requirement no case covers, and text that needs escaping in every format.

use isym_conform::result::{
    CaseResult, CheckFailure, CheckKind, Counts, Exchange, HarnessInfo, Level, LevelCounts,
    RequestRecord, RequirementSummary, ResponseRecord, RunReport, TargetInfo, Verdict,
    SCHEMA_VERSION,
};
use serde_json::json;

/// Markup, quotes and Markdown/table syntax, planted in a title and a response body.
pub const HOSTILE: &str = "<script>alert(\"x\")</script> & | *bold* `tick`";

pub const FAILING_ID: &str = "extensions/instance/get/unknown-id";
pub const ERROR_ID: &str = "calls/originate/basic";

pub fn case(id: &str, verdict: Verdict, requirements: &[&str], tags: &[&str]) -> CaseResult {
    CaseResult {
        id: id.to_string(),
        scenario: None,
        title: format!("title of {id}"),
        file: format!("specs/{}.yaml", id.split('/').next().unwrap()),
        line: 10,
        requirements: requirements.iter().map(|s| s.to_string()).collect(),
        // The queue requirement stands for a neighbouring resource's fact.
        level: if requirements.iter().any(|r| r.starts_with("QUE-")) {
            Level::Extended
        } else {
            Level::Core
        },
        sections: requirements
            .iter()
            .map(|r| format!("doc.txt > Section of {r}"))
            .collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        method: "GET".to_string(),
        url: format!("http://127.0.0.1:58080/communication_manager/rest/live/{id}"),
        verdict,
        reason: None,
        duration_ms: 12,
        attempts: 1,
        failures: Vec::new(),
        warnings: Vec::new(),
        exchanges: Vec::new(),
    }
}

pub fn failure(check: CheckKind, message: &str) -> CheckFailure {
    CheckFailure::new("step 1", check, message)
}

pub fn exchange(url: &str, status: u16, body: &str) -> Exchange {
    Exchange {
        step: "step 1".to_string(),
        request: RequestRecord {
            method: "GET".to_string(),
            url: url.to_string(),
            headers: vec![
                ("Accept".to_string(), "application/json".to_string()),
                (
                    "Authorization".to_string(),
                    "Basic bWFuYWdlcjpzZWNyZXQ=".to_string(),
                ),
            ],
            body: None,
        },
        response: Some(ResponseRecord {
            status,
            headers: vec![("Content-Type".to_string(), "application/json".to_string())],
            body: body.to_string(),
            truncated: false,
        }),
        curl: format!("curl -sS -u \"manager:$ISYM_PASSWORD\" '{url}'"),
    }
}

/// A failing case with a status failure and a schema failure carrying pointers.
pub fn failing_case(id: &str) -> CaseResult {
    let mut c = case(id, Verdict::Fail, &["EXT-GET-2"], &["read", "errors"]);
    c.title = format!("unknown id is 404 {HOSTILE}");
    let mut status = failure(CheckKind::Status, "expected status 404, got 500");
    status.expected = Some(json!(404));
    status.actual = Some(json!(500));
    let mut schema = failure(CheckKind::Schema, "\"x\" is not of type \"integer\"");
    schema.instance_pointer = Some("/data/0/id".to_string());
    schema.schema_pointer = Some("/properties/data/items/properties/id/type".to_string());
    c.failures = vec![status, schema];
    c.exchanges = vec![exchange(
        &c.url,
        500,
        &format!("{{\"error\":\"boom {HOSTILE}\"}}"),
    )];
    c
}

/// Every verdict once (twice for pass), sorted by id, with a requirement no case covers.
pub fn report() -> RunReport {
    let mut error = case(ERROR_ID, Verdict::Error, &["CALL-1"], &["mutating"]);
    error.reason = Some("transport: connection refused".to_string());
    let mut na = case(
        "conferences/rooms/list",
        Verdict::NotApplicable,
        &["CONF-1"],
        &[],
    );
    na.reason = Some("fixture conference_room is absent from the profile".to_string());
    let pass = case(
        "extensions/instance/get/by-id",
        Verdict::Pass,
        &["EXT-GET-1"],
        &["read"],
    );
    let failing = failing_case(FAILING_ID);
    let mut warn = case("queues/list/all", Verdict::Warn, &["QUE-1"], &["read"]);
    warn.warnings = vec![failure(
        CheckKind::Assert,
        "ordering of queues is unspecified",
    )];
    warn.exchanges = vec![exchange(&warn.url, 200, "{\"data\":[]}")];
    let pass2 = case("queues/list/paged", Verdict::Pass, &["QUE-1"], &["read"]);
    let cases = vec![error, na, pass, failing, warn, pass2];
    report_of(cases)
}

pub fn report_of(mut cases: Vec<CaseResult>) -> RunReport {
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    let requirement = |id: &str, summary: &str| RequirementSummary {
        id: id.to_string(),
        level: if id.starts_with("QUE-") {
            Level::Extended
        } else {
            Level::Core
        },
        keyword: "MUST".to_string(),
        section: format!("doc.txt > Section of {id}"),
        summary: summary.to_string(),
    };
    RunReport {
        schema_version: SCHEMA_VERSION,
        harness: HarnessInfo::current(),
        target: TargetInfo {
            name: "reference".to_string(),
            base_url: "http://127.0.0.1:58080".to_string(),
            version: "3.3".to_string(),
            features: vec!["conference_rooms".to_string()],
            allow_state_changes: true,
        },
        started_at: "2025-03-01T10:00:00Z".to_string(),
        finished_at: "2025-03-01T10:00:07Z".to_string(),
        duration_ms: 7_250,
        counts: Counts::of(&cases),
        level: Level::Core,
        counts_by_level: LevelCounts::of(&cases),
        requirements: vec![
            requirement("CALL-1", "originate places a call"),
            requirement("CONF-1", "conference rooms are listed"),
            requirement("EXT-GET-1", "an extension is found by id"),
            requirement("EXT-GET-2", "an unknown extension id is 404"),
            requirement("QUE-1", "queues are listed"),
            requirement("UNCOVERED-1", "a requirement no case covers"),
        ],
        cases,
    }
}

/// A fresh, empty directory for one test under Cargo's per-target temporary directory.
pub fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("report-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The failing scenario of [`variants_report`]: three of its four variants fail alike.
pub const VARIANT_SCENARIO: &str = "extensions/instance/get";

/// A variant of `scenario` named `variant`, its URL using the variant's form of the extension.
pub fn variant(
    scenario: &str,
    variant: &str,
    verdict: Verdict,
    requirements: &[&str],
) -> CaseResult {
    let mut c = case(
        &format!("{scenario}/{variant}"),
        verdict,
        requirements,
        &["read"],
    );
    c.scenario = Some(scenario.to_string());
    let reference = if variant.ends_with("ext-by-id") {
        "6f1f8a8e-4b0e-4d3c-9d5b-2a0c7b1e9f00".to_string()
    } else {
        "getByName/1006".to_string()
    };
    c.url =
        format!("http://127.0.0.1:58080/communication_manager/rest/live/extensions/{reference}");
    c
}

/// A run with variants: a scenario whose four variants fail, three alike (their messages differ
/// only in the form of the id) and one differently; a scenario whose two variants pass; one
/// whose two variants are not applicable for one reason; and one without variants that warns.
pub fn variants_report() -> RunReport {
    let mut cases = Vec::new();
    for (name, differs) in [
        ("core-by-id/ext-by-id", false),
        ("core-by-id/ext-by-number", false),
        ("core-by-slug/ext-by-id", false),
        ("core-by-slug/ext-by-number", true),
    ] {
        let mut c = variant(VARIANT_SCENARIO, name, Verdict::Fail, &["EXT-GET-1"]);
        let message = if differs {
            "expected a JSON object, got an empty body".to_string()
        } else {
            let path = c.url.rsplit("extensions/").next().unwrap().to_string();
            format!("GET extensions/{path} answered 500, expected 200")
        };
        c.failures = vec![failure(CheckKind::Status, &message)];
        c.exchanges = vec![exchange(&c.url, 500, "{\"error\":\"boom\"}")];
        cases.push(c);
    }
    for name in ["core-by-id", "core-by-slug"] {
        cases.push(variant(
            "extensions/list",
            name,
            Verdict::Pass,
            &["EXT-GET-1"],
        ));
        let mut na = variant(
            "conferences/rooms/list",
            name,
            Verdict::NotApplicable,
            &["CONF-1"],
        );
        na.reason = Some("fixture conference_room is absent from the profile".to_string());
        cases.push(na);
    }
    let mut warn = case("queues/list/all", Verdict::Warn, &["QUE-1"], &["read"]);
    warn.warnings = vec![failure(
        CheckKind::Assert,
        "ordering of queues is unspecified",
    )];
    cases.push(warn);
    report_of(cases)
}
