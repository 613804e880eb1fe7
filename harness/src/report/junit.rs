//! `junit.xml`: one `<testsuite>` per resource (first segment of the case id), one `<testcase>`
//! per case, in the dialect Jenkins, GitLab and GitHub test reporters read.
//!
//! - `classname` is the resource, `name` the rest of the id;
//! - the case's level, requirement ids and tags are `<properties>` of the test case; each
//!   suite's properties give the run's level and the counts of each level;
//! - `fail` carries a `<failure>` whose text is the failure block, `error` an `<error>`;
//! - `not_applicable` is `<skipped message="reason"/>`;
//! - `warn` passes, with its notes in `<system-out>`.

use std::fmt::Write as _;

use super::text::{escape_xml, first_problem, name_within_resource, resource_of};
use crate::result::{CaseResult, Counts, Level, RunReport, Verdict};

pub(crate) fn render(report: &RunReport) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts = Counts::of(&report.cases);
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\" timestamp=\"{}\">",
        escape_xml(&format!("{} {}", report.harness.name, report.target.name)),
        counts.total,
        counts.fail,
        counts.error,
        counts.not_applicable,
        seconds(report.duration_ms),
        escape_xml(&report.started_at),
    );
    for (resource, cases) in group_by_resource(&report.cases) {
        suite(&mut out, report, resource, &cases);
    }
    out.push_str("</testsuites>\n");
    out
}

/// Cases are sorted by id, so a resource's cases are contiguous; grouping keeps that order.
/// The console's failure block; the run was redacted before any writer sees it.
fn failure_block(case: &crate::result::CaseResult) -> String {
    crate::render::failure_block(case, &crate::redact::Redactor::default())
}

fn group_by_resource(cases: &[CaseResult]) -> Vec<(&str, Vec<&CaseResult>)> {
    let mut groups: Vec<(&str, Vec<&CaseResult>)> = Vec::new();
    for case in cases {
        let resource = resource_of(&case.id);
        match groups.iter_mut().find(|(name, _)| *name == resource) {
            Some((_, members)) => members.push(case),
            None => groups.push((resource, vec![case])),
        }
    }
    groups
}

fn suite(out: &mut String, report: &RunReport, resource: &str, cases: &[&CaseResult]) {
    let counts = Counts::of(cases.iter().copied());
    let time: u64 = cases.iter().map(|c| c.duration_ms).sum();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\" timestamp=\"{}\">",
        escape_xml(resource),
        counts.total,
        counts.fail,
        counts.error,
        counts.not_applicable,
        seconds(time),
        escape_xml(&report.started_at),
    );
    out.push_str("    <properties>\n");
    property(out, 6, "target", &report.target.name);
    property(out, 6, "target.base_url", &report.target.base_url);
    property(out, 6, "target.version", &report.target.version);
    property(out, 6, "harness.version", &report.harness.version);
    // The level the run is judged at, and the counts of each level (the suite's own counts
    // above are of all its cases).
    property(out, 6, "level", report.level.as_str());
    for level in [Level::Core, Level::Extended] {
        let c = report.counts_by_level.get(level);
        property(
            out,
            6,
            &format!("counts.{}", level.as_str()),
            &format!(
                "total {}, pass {}, fail {}, warn {}, not_applicable {}, error {}",
                c.total, c.pass, c.fail, c.warn, c.not_applicable, c.error
            ),
        );
    }
    out.push_str("    </properties>\n");
    for case in cases {
        testcase(out, case);
    }
    out.push_str("  </testsuite>\n");
}

fn testcase(out: &mut String, case: &CaseResult) {
    let _ = writeln!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\" time=\"{}\">",
        escape_xml(resource_of(&case.id)),
        escape_xml(name_within_resource(&case.id)),
        escape_xml(&case.file),
        case.line,
        seconds(case.duration_ms),
    );
    {
        out.push_str("      <properties>\n");
        property(out, 8, "level", case.level.as_str());
        for requirement in &case.requirements {
            property(out, 8, "requirement", requirement);
        }
        for tag in &case.tags {
            property(out, 8, "tag", tag);
        }
        out.push_str("      </properties>\n");
    }
    let headline = first_problem(case).unwrap_or_default();
    match case.verdict {
        Verdict::Pass => {}
        Verdict::Fail => {
            let kind = case.failures.first().map_or("fail", |f| f.check.as_str());
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape_xml(&headline),
                escape_xml(kind),
                escape_xml(&failure_block(case)),
            );
        }
        Verdict::Error => {
            let _ = writeln!(
                out,
                "      <error message=\"{}\" type=\"error\">{}</error>",
                escape_xml(&headline),
                escape_xml(&failure_block(case)),
            );
        }
        Verdict::NotApplicable => {
            let reason = case.reason.as_deref().unwrap_or("not applicable");
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", escape_xml(reason));
        }
        Verdict::Warn => {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape_xml(&failure_block(case)),
            );
        }
    }
    out.push_str("    </testcase>\n");
}

fn property(out: &mut String, indent: usize, name: &str, value: &str) {
    let _ = writeln!(
        out,
        "{:indent$}<property name=\"{}\" value=\"{}\"/>",
        "",
        escape_xml(name),
        escape_xml(value),
    );
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}
