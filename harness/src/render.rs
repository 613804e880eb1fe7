//! Console output: the failures of a run by requirement (one block per scenario and outcome,
//! its variants collapsed: see `report::group`), the failure block of one case, and the summary
//! table. Everything shown goes through the run's [`Redactor`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::redact::Redactor;
use crate::report::group::{self, Row};
use crate::result::{CaseResult, CheckFailure, Counts, Level, RunReport};

/// What failed in a case and how to reproduce it, secrets masked.
pub fn failure_block(case: &CaseResult, redactor: &Redactor) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} [{}, {} level]",
        case.id,
        case.verdict.as_str(),
        case.level.as_str()
    );
    block_body(&mut out, case);
    redactor.redact(&out).into_owned()
}

/// The failing cases of a run (fail, error), by requirement: a heading per requirement, then one
/// block per scenario and outcome, naming its variants and a curl line for each; secrets
/// masked. Empty when nothing failed.
pub fn failures(report: &RunReport, redactor: &Redactor) -> String {
    let rows = group::rows(&report.cases);
    let mut out = String::new();
    for failing in group::failures_by_requirement(report, &rows) {
        let cases: usize = failing.rows.iter().map(|&i| rows[i].variants.len()).sum();
        let (heading, summary) = match failing.described {
            Some(r) => (
                format!("{} ({}, {})", r.id, r.level.as_str(), r.section),
                format!("   {}\n", r.summary),
            ),
            None if failing.requirement.is_empty() => {
                ("(no requirement)".to_string(), String::new())
            }
            None => (
                format!("{} (not in the catalogue)", failing.requirement),
                String::new(),
            ),
        };
        let _ = writeln!(
            out,
            "== {heading}: {} failing row(s), {cases} case(s)\n{summary}",
            failing.rows.len()
        );
        for &i in &failing.rows {
            row_block(&mut out, &rows[i]);
            out.push('\n');
        }
    }
    redactor.redact(&out).into_owned()
}

/// One row: the scenario, its variants, the first variant's details, the other variants' curl
/// lines.
fn row_block(out: &mut String, row: &Row) {
    let case = row.first();
    let _ = writeln!(
        out,
        "{} [{}, {} level]",
        row.scenario,
        case.verdict.as_str(),
        case.level.as_str()
    );
    let names = row.variant_names();
    if !names.is_empty() {
        let _ = writeln!(out, "  variants ({}, alike): {names}", row.variants.len());
    }
    block_body(out, case);
    for other in &row.variants[1..] {
        if let Some(exchange) = other.exchanges.first() {
            let _ = writeln!(
                out,
                "  reproduce {}: {}",
                row.variant_name(other),
                exchange.curl
            );
        }
    }
}

/// Everything below a block's headline.
fn block_body(out: &mut String, case: &CaseResult) {
    let _ = writeln!(out, "  {}", case.title);
    let _ = writeln!(out, "  spec: {}:{}", case.file, case.line);
    for (i, requirement) in case.requirements.iter().enumerate() {
        match case.sections.get(i).filter(|s| !s.is_empty()) {
            Some(section) => {
                let _ = writeln!(out, "  requirement: {requirement} ({section})");
            }
            None => {
                let _ = writeln!(out, "  requirement: {requirement}");
            }
        }
    }
    if let Some(reason) = &case.reason {
        let _ = writeln!(out, "  reason: {reason}");
    }
    if !case.failures.is_empty() {
        let _ = writeln!(out, "  failed checks:");
        for f in &case.failures {
            check_lines(out, f);
        }
    }
    if !case.warnings.is_empty() {
        let _ = writeln!(out, "  warnings:");
        for f in &case.warnings {
            check_lines(out, f);
        }
    }
    for exchange in &case.exchanges {
        let r = &exchange.request;
        let _ = writeln!(out, "  request ({}): {} {}", exchange.step, r.method, r.url);
        for (name, value) in &r.headers {
            let value = if name.eq_ignore_ascii_case("authorization") {
                crate::redact::mask_authorization(value)
            } else {
                value.clone()
            };
            let _ = writeln!(out, "    {name}: {value}");
        }
        if let Some(body) = &r.body {
            let _ = writeln!(out, "    body: {body}");
        }
        match &exchange.response {
            Some(response) => {
                let _ = writeln!(out, "  response: {}", response.status);
                for (name, value) in &response.headers {
                    let _ = writeln!(out, "    {name}: {value}");
                }
                if !response.body.is_empty() {
                    let _ = writeln!(
                        out,
                        "    body{}:",
                        if response.truncated {
                            " (cut at 4 KiB)"
                        } else {
                            ""
                        }
                    );
                    for line in response.body.lines() {
                        let _ = writeln!(out, "      {line}");
                    }
                }
            }
            None => {
                let _ = writeln!(out, "  response: none");
            }
        }
        let _ = writeln!(out, "  reproduce: {}", exchange.curl);
    }
}

fn check_lines(out: &mut String, f: &CheckFailure) {
    let mut line = format!("    - [{}] {}", f.step, f.check);
    if let Some(pointer) = &f.instance_pointer {
        let _ = write!(
            line,
            " at {}",
            if pointer.is_empty() {
                "(root)"
            } else {
                pointer
            }
        );
    }
    let mut lines = f.message.lines();
    let _ = write!(line, ": {}", lines.next().unwrap_or(""));
    let _ = writeln!(out, "{line}");
    for rest in lines {
        let _ = writeln!(out, "        {rest}");
    }
    if let Some(pointer) = &f.schema_pointer {
        let _ = writeln!(out, "        schema: {pointer}");
    }
    if let Some(expected) = &f.expected {
        let _ = writeln!(out, "        expected: {expected}");
    }
    if let Some(actual) = &f.actual {
        let _ = writeln!(out, "        actual:   {actual}");
    }
}

/// The end-of-run table: verdicts per family and in total.
pub fn summary_table(report: &RunReport) -> String {
    let mut families: BTreeMap<&str, Counts> = BTreeMap::new();
    for case in &report.cases {
        let family = case.id.split('/').next().unwrap_or("");
        families.entry(family).or_default().record(case.verdict);
    }
    let width = families.keys().map(|f| f.len()).max().unwrap_or(5).max(10);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}",
        "family", "total", "pass", "warn", "fail", "n/a", "error"
    );
    let row = |out: &mut String, name: &str, c: &Counts| {
        let _ = writeln!(
            out,
            "{name:<width$}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}",
            c.total, c.pass, c.warn, c.fail, c.not_applicable, c.error
        );
    };
    for (family, counts) in &families {
        row(&mut out, family, counts);
    }
    row(&mut out, "total", &report.counts);
    for level in [Level::Core, Level::Extended] {
        row(
            &mut out,
            &format!("({})", level.as_str()),
            report.counts_by_level.get(level),
        );
    }
    let rows = group::rows(&report.cases);
    let failing = rows.iter().filter(|r| r.is_failing()).count();
    let _ = writeln!(
        out,
        "{} case(s) in {} row(s) of alike variants; {failing} failing row(s)",
        report.cases.len(),
        rows.len()
    );
    out.push_str(&verdict_line(report));
    out
}

/// The run's verdict in one line: what `-q` prints.
pub fn verdict_line(report: &RunReport) -> String {
    let verdict = if report.is_conformant() {
        "CONFORMANT"
    } else {
        "NOT CONFORMANT"
    };
    let extended = &report.counts_by_level.extended;
    let aside = match report.level {
        Level::Core if extended.fail + extended.error > 0 => format!(
            "; extended level (reported, not counted): {} fail, {} error",
            extended.fail, extended.error
        ),
        Level::Core => "; extended level reported, not counted".to_string(),
        Level::Extended => String::new(),
    };
    format!(
        "{verdict} at level {}{aside}: target {} ({}) in {} ms\n",
        report.level.as_str(),
        report.target.name,
        report.target.base_url,
        report.duration_ms
    )
}
