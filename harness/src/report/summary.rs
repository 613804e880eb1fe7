//! `summary.md`: a short Markdown summary that fits a CI job summary (`$GITHUB_STEP_SUMMARY`) or a
//! pull-request comment: the verdict counts, then the failing cases by requirement, one row per
//! scenario and outcome with its variants collapsed (`report::group`), each with its first
//! failure. Details live in `report.html` and `junit.xml`.

use std::fmt::Write as _;

use super::group::{self, Row};
use super::text::{escape_markdown_cell, first_problem, truncate_chars};
use crate::result::{Counts, Level, RunReport, Verdict};

/// Failing rows listed before the list is cut, keeping the summary well under the 1 MiB a
/// GitHub job summary may hold.
const MAX_LISTED: usize = 100;
/// Characters of a first failure shown in the table.
const MAX_PROBLEM_CHARS: usize = 240;
/// Characters of a row's variant names shown in the table.
const MAX_VARIANT_CHARS: usize = 120;

pub(crate) fn render(report: &RunReport) -> String {
    let counts = Counts::of(&report.cases);
    let mut out = String::new();
    let status = if report.is_conformant() {
        "✅ conformant"
    } else {
        "❌ not conformant"
    };
    let _ = writeln!(
        out,
        "## {}: {} — {status}\n",
        escape_markdown_cell(&report.harness.name),
        escape_markdown_cell(&report.target.name),
    );
    let _ = writeln!(
        out,
        "Target {} (API {}) · harness {} · {} → {} ({} s)\n",
        escape_markdown_cell(&report.target.base_url),
        escape_markdown_cell(&report.target.version),
        escape_markdown_cell(&report.harness.version),
        escape_markdown_cell(&report.started_at),
        escape_markdown_cell(&report.finished_at),
        report.duration_ms / 1000,
    );
    let _ = writeln!(
        out,
        "Judged at level **{}**: {}\n",
        report.level.as_str(),
        match report.level {
            Level::Core => "the rules of the two documentation pages; extended cases are reported, not counted.",
            Level::Extended => "the two pages and the API overview's facts.",
        }
    );
    let by_level = &report.counts_by_level;
    out.push_str("| Verdict | Cases | core | extended |\n|---|---:|---:|---:|\n");
    let row = |c: &Counts| {
        [
            ("pass", c.pass),
            ("fail", c.fail),
            ("warn", c.warn),
            ("not applicable", c.not_applicable),
            ("error", c.error),
            ("**total**", c.total),
        ]
    };
    for ((label, n), ((_, core), (_, extended))) in row(&counts)
        .into_iter()
        .zip(row(&by_level.core).into_iter().zip(row(&by_level.extended)))
    {
        let _ = writeln!(out, "| {label} | {n} | {core} | {extended} |");
    }
    out.push('\n');

    let rows = group::rows(&report.cases);
    let failing: Vec<&Row> = group::failures_by_requirement(report, &rows)
        .into_iter()
        .flat_map(|g| g.rows)
        .map(|i| &rows[i])
        .collect();
    if failing.is_empty() {
        out.push_str("No failing cases.\n");
    } else {
        let cases: usize = failing.iter().map(|row| row.variants.len()).sum();
        let _ = writeln!(
            out,
            "### Failing cases ({cases} in {} rows, by requirement)\n",
            failing.len()
        );
        out.push_str(
            "| Requirements | Case | Variants | Verdict | Level | First failure |\n|---|---|---|---|---|---|\n",
        );
        for row in failing.iter().take(MAX_LISTED) {
            failing_row(&mut out, row);
        }
        if failing.len() > MAX_LISTED {
            let _ = writeln!(
                out,
                "\n… and {} more rows: see `report.html` or `junit.xml`.",
                failing.len() - MAX_LISTED
            );
        }
    }

    let warned = report
        .cases
        .iter()
        .filter(|c| c.verdict == Verdict::Warn)
        .count();
    if warned > 0 {
        let _ = writeln!(
            out,
            "\n{warned} case(s) passed with warnings on behaviour the documents leave open: see `report.html`."
        );
    }
    out
}

fn failing_row(out: &mut String, row: &Row) {
    let case = row.first();
    let problem = first_problem(case).unwrap_or_default();
    let names = row.variant_names();
    let variants = if names.is_empty() {
        "—".to_string()
    } else {
        format!("{}: {names}", row.variants.len())
    };
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        escape_markdown_cell(&case.requirements.join(", ")),
        escape_markdown_cell(row.scenario),
        escape_markdown_cell(&truncate_chars(&variants, MAX_VARIANT_CHARS)),
        case.verdict.as_str(),
        case.level.as_str(),
        escape_markdown_cell(&truncate_chars(&problem, MAX_PROBLEM_CHARS)),
    );
}
