//! `results.json`: the machine-readable result of a run (format version in `result::SCHEMA_VERSION`).

use crate::result::RunReport;

pub(crate) fn render(report: &RunReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a RunReport always serialises");
    text.push('\n');
    text
}
