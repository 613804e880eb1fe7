//! `report.html`: one self-contained page, rendered server-side (it reads well without
//! JavaScript; the inline script only adds tabs, filters and `#hash` routing).
//!
//! A Content-Security-Policy forbids every network load, so the page works offline and
//! cannot leak; the inline style and script are allowed by their SHA-256 hashes, computed when
//! the page is rendered (no `'unsafe-inline'`). The page shows one row per scenario and outcome
//! (`report::group`): variants that ended alike share a row. Views: the failures (fail,
//! error) by requirement, each row expandable to its variants, failed checks, request, response
//! and curl lines; every row by resource (the failing ones linking to their details); rows by
//! requirement and by tag (linking to the details); a coverage matrix of every catalogue
//! requirement against verdict counts of its cases. A row's details are rendered once.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::group::{self, FailureGroup, Row};
use super::html_row::{self, verdict_label, Placed};
use super::text::{escape_xml as esc, resource_of};
use crate::result::{Counts, Level, RunReport, Verdict};

const CSS: &str = include_str!("assets/report.css");
const JS: &str = include_str!("assets/report.js");

const VERDICTS: [Verdict; 5] = [
    Verdict::Pass,
    Verdict::Fail,
    Verdict::Warn,
    Verdict::NotApplicable,
    Verdict::Error,
];

/// The text of the page's `<style>` element, exactly as its CSP hash covers it.
fn style_text() -> String {
    format!("\n{CSS}")
}

/// The text of the page's `<script>` element, exactly as its CSP hash covers it.
fn script_text() -> String {
    format!("\n{JS}")
}

/// Run in `<head>`: the views the page does not show are then never laid out while the page
/// loads (the page script, at the end, picks the view to show; without scripts every view is
/// shown, and if the page script fails they all are again).
const EARLY_SCRIPT: &str = "document.documentElement.classList.add(\"js\");";

/// A CSP source allowing one inline element with this text: `'sha256-<base64>'`.
fn hash_source(text: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The page's Content-Security-Policy: nothing from the network, and only the page's own style
/// and script inline. (A secret the redactor masks inside them would break a hash: the script
/// then does not run, and the page still reads without it.)
pub(crate) fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {} {}; img-src data:",
        hash_source(&style_text()),
        hash_source(EARLY_SCRIPT),
        hash_source(&script_text())
    )
}

/// The page, in parts to be written one after another (the views are rendered on two threads,
/// and are not copied into one string).
pub(crate) fn render_parts(report: &RunReport) -> Vec<String> {
    let counts = Counts::of(&report.cases);
    let conformant = report.is_conformant();
    let rows = group::rows(&report.cases);
    let placed = html_row::place(&rows);
    let failing = group::failures_by_requirement(report, &rows);
    let mut head = String::with_capacity(64 * 1024);
    let title = format!(
        "{}: {} — {}",
        report.harness.name,
        report.target.name,
        if conformant {
            "conformant"
        } else {
            "not conformant"
        }
    );
    let _ = write!(
        head,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <title>{}</title>\n<style>{}</style>\n<script>{EARLY_SCRIPT}</script>\n</head>\n\
         <body data-js=\"off\">\n",
        content_security_policy(),
        esc(&title),
        style_text()
    );
    header(&mut head, report, conformant);
    counts_section(&mut head, &counts, &rows);
    head.push_str(
        "<nav class=\"toolbar\">\n\
         <input id=\"filter\" type=\"search\" placeholder=\"Filter cases: id, variant, title, requirement, tag, message\" aria-label=\"Filter cases\">\n\
         <div class=\"tabs\">\
         <a href=\"#view-failures\" data-view=\"failures\">Failures</a>\
         <a href=\"#view-resource\" data-view=\"resource\">By resource</a>\
         <a href=\"#view-requirement\" data-view=\"requirement\">By requirement</a>\
         <a href=\"#view-tag\" data-view=\"tag\">By tag</a>\
         <a href=\"#view-coverage\" data-view=\"coverage\">Coverage</a></div>\n\
         <span id=\"shown\"></span>\n</nav>\n<main>\n",
    );
    // The failures and the resource view hold every row's details: built meanwhile on another
    // thread.
    let (details, others) = crate::par::both(
        || {
            let mut part = String::with_capacity(rows.len() * 2048);
            failures_view(&mut part, &failing, &placed);
            resource_view(&mut part, &placed);
            part
        },
        || {
            let requirements = requirement_rows(report, &placed);
            let mut part = String::with_capacity(rows.len() * 1024);
            requirement_view(&mut part, &requirements);
            tag_view(&mut part, &placed);
            coverage_view(&mut part, &requirements);
            part
        },
    );
    let mut foot = String::new();
    let _ = write!(
        foot,
        "</main>\n<footer>Generated by {} {} from results.json data. \
         This file is self-contained: it loads nothing from the network.</footer>\n\
         <script>{}</script>\n</body>\n</html>\n",
        esc(&report.harness.name),
        esc(&report.harness.version),
        script_text()
    );
    vec![head, details, others, foot]
}

fn header(out: &mut String, report: &RunReport, conformant: bool) {
    let target = &report.target;
    let _ = writeln!(
        out,
        "<header>\n<h1>{} — {}</h1>\n<p class=\"meta\">Target <code>{}</code> · API {} · \
         features: {} · state changes {} · harness {} {} · {} → {} ({:.1} s)</p>",
        esc(&report.harness.name),
        esc(&target.name),
        esc(&target.base_url),
        esc(&target.version),
        if target.features.is_empty() {
            "none".to_string()
        } else {
            esc(&target.features.join(", "))
        },
        if target.allow_state_changes {
            "allowed"
        } else {
            "not allowed"
        },
        esc(&report.harness.name),
        esc(&report.harness.version),
        esc(&report.started_at),
        esc(&report.finished_at),
        report.duration_ms as f64 / 1000.0,
    );
    let (class, text) = if conformant {
        ("ok", "conformant")
    } else {
        ("bad", "not conformant")
    };
    let _ = writeln!(
        out,
        "<div id=\"status\" class=\"status {class}\">{text} <span class=\"judged\">(judged at \
         level {})</span></div>",
        report.level.as_str()
    );
    out.push_str("<table class=\"levels\" id=\"levels\">\n<thead><tr><th>level</th>");
    for verdict in VERDICTS {
        let _ = write!(out, "<th>{}</th>", verdict_label(verdict));
    }
    out.push_str("<th>total</th><th></th></tr></thead>\n<tbody>\n");
    for level in [Level::Core, Level::Extended] {
        let counts = report.counts_by_level.get(level);
        let _ = write!(
            out,
            "<tr data-level=\"{l}\"><td>{l}</td>",
            l = level.as_str()
        );
        for verdict in VERDICTS {
            let _ = write!(out, "<td class=\"n\">{}</td>", count_of(counts, verdict));
        }
        let _ = writeln!(
            out,
            "<td class=\"n\">{}</td><td>{}</td></tr>",
            counts.total,
            if report.level.counts(level) {
                "counted"
            } else {
                "reported, not counted"
            }
        );
    }
    out.push_str("</tbody>\n</table>\n</header>\n");
}

fn counts_section(out: &mut String, counts: &Counts, rows: &[Row]) {
    out.push_str("<section id=\"summary\" class=\"counts\">\n");
    for verdict in VERDICTS {
        let _ = writeln!(
            out,
            "<button type=\"button\" class=\"count v-{v}\" data-verdict=\"{v}\" title=\"Show only {label}\">\
             <span class=\"n\">{n}</span>{label}</button>",
            v = verdict.as_str(),
            label = verdict_label(verdict),
            n = count_of(counts, verdict),
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"count v-total\"><span class=\"n\">{}</span>total</div>\n\
         <div class=\"count v-rows\" title=\"variants of a scenario that ended alike share a row\">\
         <span class=\"n\">{}</span>rows</div>\n</section>",
        counts.total,
        rows.len()
    );
}

/// The failing rows by requirement, in full.
fn failures_view(out: &mut String, failing: &[FailureGroup], placed: &[Placed]) {
    out.push_str(
        "<section class=\"view\" id=\"view-failures\">\n<h2>Failures by requirement</h2>\n",
    );
    if failing.is_empty() {
        out.push_str("<p class=\"empty\">No case failed or ended in error.</p>\n");
    }
    for group in failing {
        let heading = match group.described {
            Some(r) => format!(
                "<code>{}</code> <span class=\"badge-level\">{}</span> {} <span class=\"reqs\">{}</span>",
                esc(&r.id),
                r.level.as_str(),
                esc(&r.summary),
                esc(&r.section)
            ),
            None if group.requirement.is_empty() => "(no requirement)".to_string(),
            None => format!(
                "<code>{}</code> <span class=\"reqs\">(not in the catalogue)</span>",
                esc(group.requirement)
            ),
        };
        let rows: Vec<&Placed> = group.rows.iter().map(|&i| &placed[i]).collect();
        group_heading(out, &heading, &rows);
        for row in rows {
            html_row::details(out, row);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

/// Every row by resource: failing rows link to their details in the failures view.
fn resource_view(out: &mut String, placed: &[Placed]) {
    out.push_str("<section class=\"view\" id=\"view-resource\">\n<h2>By resource</h2>\n");
    let mut groups: BTreeMap<&str, Vec<&Placed>> = BTreeMap::new();
    for row in placed {
        groups
            .entry(resource_of(row.row.scenario))
            .or_default()
            .push(row);
    }
    if groups.is_empty() {
        out.push_str("<p class=\"empty\">No cases ran.</p>\n");
    }
    for (resource, rows) in groups {
        group_heading(out, &esc(resource), &rows);
        for row in rows {
            if row.row.is_failing() {
                out.push_str(&row.link);
            } else {
                html_row::details(out, row);
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

/// The requirement view: a heading per requirement (its level, summary, section and counts)
/// and a slot the script fills with the rows citing it (`data-r`), linking to their details.
fn requirement_view(out: &mut String, requirements: &[RequirementRow]) {
    out.push_str("<section class=\"view\" id=\"view-requirement\">\n<h2>By requirement</h2>\n");
    out.push_str(NEEDS_SCRIPT);
    for (id, described, rows) in requirements {
        let heading = match described {
            Some((level, section, summary)) => format!(
                "<code>{}</code> <span class=\"badge-level\">{}</span> {} <span class=\"reqs\">{}</span>",
                esc(id),
                esc(level),
                esc(summary),
                esc(section)
            ),
            None => format!(
                "<code>{}</code> <span class=\"reqs\">(not in the catalogue)</span>",
                esc(id)
            ),
        };
        group_heading(out, &heading, rows);
        if rows.is_empty() {
            out.push_str("<p class=\"empty\">No case covers this requirement.</p>\n");
        } else {
            let _ = writeln!(
                out,
                "<div class=\"slot\" data-slot=\"r {}\"></div>",
                esc(id)
            );
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

/// The tag view: a heading per tag and a slot the script fills with the rows carrying it
/// (`data-t`; `(untagged)` for none).
fn tag_view(out: &mut String, placed: &[Placed]) {
    out.push_str("<section class=\"view\" id=\"view-tag\">\n<h2>By tag</h2>\n");
    out.push_str(NEEDS_SCRIPT);
    let mut groups: BTreeMap<&str, Vec<&Placed>> = BTreeMap::new();
    for row in placed {
        let tags = &row.row.first().tags;
        if tags.is_empty() {
            groups.entry("").or_default().push(row);
        }
        for tag in tags {
            groups.entry(tag.as_str()).or_default().push(row);
        }
    }
    for (tag, rows) in groups {
        let name = if tag.is_empty() { "(untagged)" } else { tag };
        group_heading(out, &esc(name), &rows);
        let _ = writeln!(
            out,
            "<div class=\"slot\" data-slot=\"t {}\"></div>",
            esc(tag)
        );
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

/// Shown where the script files rows, when it did not run.
const NEEDS_SCRIPT: &str = "<p class=\"empty needs-js\">The rows of this view are filed by the \
     page's script; without it, every row is in the failures and resource views.</p>\n";

fn coverage_view(out: &mut String, rows: &[RequirementRow]) {
    let covered = rows
        .iter()
        .filter(|(_, _, placed)| !placed.is_empty())
        .count();
    let failing = rows
        .iter()
        .filter(|(_, _, placed)| placed.iter().any(|p| !p.row.verdict().is_passing()))
        .count();
    let _ = writeln!(
        out,
        "<section class=\"view\" id=\"view-coverage\">\n<h2>Coverage</h2>\n\
         <p>{covered} of {} requirements covered by at least one case; {failing} with failing cases.</p>\n\
         <table class=\"coverage\">\n<thead><tr><th>Requirement</th><th>Level</th><th>Section / summary</th>\
         <th>pass</th><th>fail</th><th>warn</th><th>n/a</th><th>error</th><th>total</th></tr></thead>\n<tbody>",
        rows.len()
    );
    for (id, described, placed) in rows {
        let counts = counts_of(placed);
        let (level, text) = match described {
            Some((level, section, summary)) => (
                esc(level),
                format!(
                    "{}<br><span class=\"reqs\">{}</span>",
                    esc(summary),
                    esc(section)
                ),
            ),
            None => (String::new(), "(not in the catalogue)".to_string()),
        };
        let row_class = if placed.is_empty() {
            " class=\"uncovered\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr{row_class} data-requirement=\"{}\"><td><code>{}</code></td><td>{level}</td><td>{text}</td>",
            esc(id),
            esc(id)
        );
        for verdict in VERDICTS {
            let n = count_of(&counts, verdict);
            let class = match (n, verdict) {
                (0, _) => "n zero",
                (_, Verdict::Fail | Verdict::Error) => "n hot",
                _ => "n",
            };
            let _ = write!(out, "<td class=\"{class}\">{n}</td>");
        }
        let _ = writeln!(out, "<td class=\"n\">{}</td></tr>", counts.total);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

type Described<'a> = Option<(&'a str, &'a str, &'a str)>;

/// A requirement, its level, section and summary when the catalogue has it, and its rows.
type RequirementRow<'a> = (&'a str, Described<'a>, Vec<&'a Placed<'a>>);

/// Every catalogue requirement in catalogue order, then requirements cases cite that the
/// catalogue lacks, each with the rows citing it.
fn requirement_rows<'a>(
    report: &'a RunReport,
    placed: &'a [Placed<'a>],
) -> Vec<RequirementRow<'a>> {
    let mut rows: Vec<RequirementRow<'a>> = report
        .requirements
        .iter()
        .map(|r| {
            let described = Some((r.level.as_str(), r.section.as_str(), r.summary.as_str()));
            (r.id.as_str(), described, Vec::new())
        })
        .collect();
    let index: std::collections::HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (id, _, _))| (*id, i))
        .collect();
    let mut unknown: BTreeMap<&str, Vec<&Placed>> = BTreeMap::new();
    for row in placed {
        for requirement in &row.row.first().requirements {
            match index.get(requirement.as_str()) {
                Some(&i) => rows[i].2.push(row),
                None => unknown.entry(requirement).or_default().push(row),
            }
        }
    }
    rows.extend(unknown.into_iter().map(|(id, placed)| (id, None, placed)));
    rows
}

/// The verdict counts of the cases (variants) of `placed`.
fn counts_of(placed: &[&Placed]) -> Counts {
    Counts::of(placed.iter().flat_map(|p| p.row.variants.iter().copied()))
}

fn group_heading(out: &mut String, heading_html: &str, placed: &[&Placed]) {
    let counts = counts_of(placed);
    let mut chips = Vec::new();
    for verdict in VERDICTS {
        let n = count_of(&counts, verdict);
        if n > 0 {
            chips.push(format!("{n} {}", verdict_label(verdict)));
        }
    }
    let _ = writeln!(
        out,
        "<section class=\"group\">\n<h3>{heading_html} <span class=\"chips\">{}</span></h3>",
        esc(&chips.join(" · "))
    );
}

fn count_of(counts: &Counts, verdict: Verdict) -> usize {
    match verdict {
        Verdict::Pass => counts.pass,
        Verdict::Fail => counts.fail,
        Verdict::Warn => counts.warn,
        Verdict::NotApplicable => counts.not_applicable,
        Verdict::Error => counts.error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_assets_cannot_close_their_element() {
        assert!(!CSS.contains("</"), "report.css must not contain `</`");
        assert!(!JS.contains("</"), "report.js must not contain `</`");
        assert!(!EARLY_SCRIPT.contains("</"));
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_style_and_script() {
        let policy = content_security_policy();
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(
            policy.starts_with("default-src 'none'; style-src 'sha256-"),
            "{policy}"
        );
        // Any change to the script changes its hash.
        assert_ne!(hash_source(&script_text()), hash_source(JS));
        assert_eq!(
            hash_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
