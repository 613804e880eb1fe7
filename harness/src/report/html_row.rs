//! The rows of `report.html`: one per scenario and outcome (`report::group`), rendered in full
//! once (expandable to its variants, failed checks, request, response and curl lines) and as
//! a short link row wherever else it is listed.

use std::fmt::Write as _;

use super::group::Row;
use super::text::{display_pointer, escape_xml as esc, first_problem};
use crate::result::{CheckFailure, Exchange, Verdict};

/// A row and the anchor of its details.
pub(crate) struct Placed<'r> {
    pub(crate) row: &'r Row<'r>,
    /// Element id of the row's details, also its URL fragment.
    pub(crate) anchor: String,
    /// The short row, linking to the details (rendered once, listed in several views).
    pub(crate) link: String,
}

/// Every row with its anchor: `case-<scenario>` for a scenario's first row, `case-<scenario>~N`
/// (percent-encoded) for its N-th.
pub(crate) fn place<'r>(rows: &'r [Row<'r>]) -> Vec<Placed<'r>> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    rows.iter()
        .map(|row| {
            let n = seen.entry(row.scenario).or_insert(0);
            *n += 1;
            let anchor = if *n == 1 {
                case_anchor(row.scenario)
            } else {
                case_anchor(&format!("{}~{n}", row.scenario))
            };
            let link = link_row(row, &anchor);
            Placed { row, anchor, link }
        })
        .collect()
}

/// Anchor of a case: `case-` and its id, with anything but `[A-Za-z0-9/._-]` percent-encoded so
/// the same string works as an element id and a URL fragment.
pub(crate) fn case_anchor(id: &str) -> String {
    let mut anchor = String::from("case-");
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"/._-".contains(&byte) {
            anchor.push(byte as char);
        } else {
            let _ = write!(anchor, "%{byte:02X}");
        }
    }
    anchor
}

fn link_row(row: &Row, anchor: &str) -> String {
    let case = row.first();
    let v = case.verdict.as_str();
    let anchor = esc(anchor);
    let mut out = String::with_capacity(256);
    // The filter reads a link row's text from its details (`data-case`) in the script.
    let _ = write!(
        out,
        "<div class=\"case row v-{v}\" data-verdict=\"{v}\" data-n=\"{}\"{} data-case=\"{anchor}\">\
         <span class=\"badge v-{v}\">{}</span> <a href=\"#{anchor}\"><code>{}</code></a>",
        row.variants.len(),
        index_attributes(row),
        verdict_label(case.verdict),
        esc(row.scenario)
    );
    variant_chip(&mut out, row);
    let _ = write!(out, " <span class=\"title\">{}</span>", esc(&case.title));
    if case.verdict != Verdict::Pass {
        if let Some(problem) = first_problem(case) {
            let _ = write!(out, "<span class=\"problem\">{}</span>", esc(&problem));
        }
    }
    out.push_str("</div>\n");
    out
}

fn variant_chip(out: &mut String, row: &Row) {
    let n = row.variants.len();
    if n > 1 {
        let _ = write!(out, " <span class=\"nv\" title=\"variants\">×{n}</span>");
    }
}

/// ` data-r="<requirements>" data-t="<tags>"`, space-separated: the script files the row under
/// each in the requirement and tag views.
fn index_attributes(row: &Row) -> String {
    let case = row.first();
    format!(
        " data-r=\"{}\" data-t=\"{}\"",
        esc(&case.requirements.join(" ")),
        esc(&case.tags.join(" "))
    )
}

/// A row in full: expandable to everything the report knows about it.
pub(crate) fn details(out: &mut String, placed: &Placed) {
    let row = placed.row;
    let case = row.first();
    let v = case.verdict.as_str();
    // The filter matches a row's summary, facts, variants and checks, read from the page by the
    // script (not repeated in an attribute).
    let _ = write!(
        out,
        "<div class=\"case v-{v}\" id=\"{}\" data-verdict=\"{v}\" data-n=\"{}\"{}><details><summary>",
        esc(&placed.anchor),
        row.variants.len(),
        index_attributes(row)
    );
    let _ = write!(
        out,
        "<span class=\"badge v-{v}\">{}</span> <code>{}</code>",
        verdict_label(case.verdict),
        esc(row.scenario)
    );
    variant_chip(out, row);
    let _ = write!(
        out,
        " <span class=\"title\">{}</span> <span class=\"badge-level level-{l}\" title=\"level\">{l}</span>",
        esc(&case.title),
        l = case.level.as_str()
    );
    if !case.requirements.is_empty() {
        let _ = write!(
            out,
            " <span class=\"reqs\">{}</span>",
            esc(&case.requirements.join(", "))
        );
    }
    if case.verdict != Verdict::Pass {
        if let Some(problem) = first_problem(case) {
            let _ = write!(out, "<span class=\"problem\">{}</span>", esc(&problem));
        }
    }
    out.push_str("</summary>\n<div class=\"detail\">\n<dl>");
    let _ = write!(
        out,
        "<dt>spec</dt><dd><code>{}:{}</code></dd><dt>request</dt><dd><code>{} {}</code></dd>",
        esc(&case.file),
        case.line,
        esc(&case.method),
        esc(&case.url)
    );
    for (i, requirement) in case.requirements.iter().enumerate() {
        let section = case.sections.get(i).map(String::as_str).unwrap_or("");
        let _ = write!(
            out,
            "<dt>requirement</dt><dd><code>{}</code> {}</dd>",
            esc(requirement),
            esc(section)
        );
    }
    if !case.tags.is_empty() {
        let _ = write!(out, "<dt>tags</dt><dd>{}</dd>", esc(&case.tags.join(", ")));
    }
    if let Some(reason) = &case.reason {
        let _ = write!(out, "<dt>reason</dt><dd>{}</dd>", esc(reason));
    }
    let _ = writeln!(
        out,
        "<dt>time</dt><dd>{} ms, {} HTTP attempt(s)</dd></dl>",
        case.duration_ms, case.attempts
    );
    variants(out, placed);
    checks(out, "Failed checks", &case.failures);
    checks(out, "Warnings", &case.warnings);
    for exchange in &case.exchanges {
        exchange_html(out, exchange);
    }
    other_curls(out, row);
    out.push_str("</div>\n</details></div>\n");
}

/// The variants of a row, each with its own anchor (`#case-<variant id>` opens the row).
fn variants(out: &mut String, placed: &Placed) {
    let row = placed.row;
    if row.variant_names().is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h4>Variants ({}, alike: same verdict and findings, ids and names aside)</h4>\n<ul class=\"variants\">",
        row.variants.len()
    );
    for case in &row.variants {
        let anchor = case_anchor(&case.id);
        let id = if anchor == placed.anchor {
            String::new()
        } else {
            format!(" id=\"{}\"", esc(&anchor))
        };
        let _ = write!(out, "<li{id}><code>{}</code>", esc(row.variant_name(case)));
        // The URL of each failing variant (a passing one's form is its name).
        if row.is_failing() {
            let _ = write!(out, " <code class=\"url\">{}</code>", esc(&case.url));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// The curl lines of the variants after the first (whose exchange is shown in full).
fn other_curls(out: &mut String, row: &Row) {
    let lines: Vec<(&str, &str)> = row.variants[1..]
        .iter()
        .filter_map(|case| {
            case.exchanges
                .first()
                .map(|e| (row.variant_name(case), e.curl.as_str()))
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    out.push_str("<h5>Reproduce the other variants</h5>");
    for (name, curl) in lines {
        let _ = write!(
            out,
            "<p class=\"reqs\"><code>{}</code></p><pre class=\"curl\">{}</pre>",
            esc(name),
            esc(curl)
        );
    }
    out.push('\n');
}

fn checks(out: &mut String, title: &str, failures: &[CheckFailure]) {
    if failures.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h4>{title}</h4>\n<ul class=\"checks\">");
    for failure in failures {
        let _ = write!(
            out,
            "<li><strong>[{}] {}</strong>",
            esc(&failure.step),
            esc(failure.check.as_str())
        );
        if let Some(pointer) = &failure.instance_pointer {
            let _ = write!(
                out,
                " at <code class=\"pointer\">{}</code>",
                esc(display_pointer(pointer))
            );
        }
        if let Some(pointer) = &failure.schema_pointer {
            let _ = write!(
                out,
                " (schema <code class=\"pointer\">{}</code>)",
                esc(display_pointer(pointer))
            );
        }
        let _ = write!(out, ": {}", esc(&failure.message));
        if let Some(expected) = &failure.expected {
            let _ = write!(
                out,
                "<h5>expected</h5><pre>{}</pre>",
                esc(&pretty(expected))
            );
        }
        if let Some(actual) = &failure.actual {
            let _ = write!(out, "<h5>actual</h5><pre>{}</pre>", esc(&pretty(actual)));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn exchange_html(out: &mut String, exchange: &Exchange) {
    let request = &exchange.request;
    let mut request_text = format!("{} {}\n", request.method, request.url);
    for (name, value) in &request.headers {
        let _ = writeln!(request_text, "{name}: {value}");
    }
    if let Some(body) = &request.body {
        let _ = write!(request_text, "\n{body}");
    }
    let _ = write!(
        out,
        "<div class=\"exchange\"><h4>{}</h4><h5>Request</h5><pre class=\"request\">{}</pre>",
        esc(&exchange.step),
        esc(&request_text)
    );
    match &exchange.response {
        Some(response) => {
            let mut text = String::new();
            for (name, value) in &response.headers {
                let _ = writeln!(text, "{name}: {value}");
            }
            let _ = write!(text, "\n{}", response.body);
            if response.truncated {
                text.push_str("\n… (body truncated)");
            }
            let _ = write!(
                out,
                "<h5>Response {}</h5><pre class=\"response\">{}</pre>",
                response.status,
                esc(&text)
            );
        }
        None => out.push_str("<h5>Response</h5><p class=\"empty\">No response.</p>"),
    }
    let _ = writeln!(
        out,
        "<h5>Reproduce</h5><pre class=\"curl\">{}</pre></div>",
        esc(&exchange.curl)
    );
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

pub(crate) fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::NotApplicable => "n/a",
        other => other.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_fragment_safe() {
        assert_eq!(case_anchor("ext/get a\"b"), "case-ext/get%20a%22b");
        assert_eq!(case_anchor("ext/get~2"), "case-ext/get%7E2");
    }
}
