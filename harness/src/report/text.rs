//! Text pieces every writer shares: escaping for XML/HTML and Markdown, and the plain-text
//! failure block (failed checks with pointers, request, response, curl line).

use std::fmt::Write as _;

use crate::result::{CaseResult, CheckFailure, Exchange};

/// `text` escaped for XML/HTML text and attribute values (double or single quoted).
///
/// Characters XML 1.0 cannot carry at all, even escaped (most C0 controls), become U+FFFD so a
/// response body with stray control bytes cannot make `junit.xml` unparseable.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Runs that need no escape are copied whole. Every character needing one is ASCII or starts
    // with the byte 0xEF (U+FFFE, U+FFFF), so a byte scan finds them all.
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0..=0x1F => ("\u{FFFD}", 1),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("\u{FFFD}", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        i += width;
        copied = i;
    }
    out.push_str(&text[copied..]);
    out
}

/// `text` made safe for one Markdown table cell: one line, no cell separators, no HTML, no
/// emphasis or links sneaking in.
pub(crate) fn escape_markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `text`, with an ellipsis when cut.
pub(crate) fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The resource of a case: the first `/`-separated segment of its id.
pub(crate) fn resource_of(id: &str) -> &str {
    id.split_once('/').map_or(id, |(first, _)| first)
}

/// The rest of a case id after its resource (the whole id when it has no `/`).
pub(crate) fn name_within_resource(id: &str) -> &str {
    id.split_once('/').map_or(id, |(_, rest)| rest)
}

/// One line for a failed check: `[step] check at pointer: message`.
pub(crate) fn check_line(failure: &CheckFailure) -> String {
    let mut line = format!("[{}] {}", failure.step, failure.check);
    if let Some(pointer) = &failure.instance_pointer {
        let _ = write!(line, " at {}", display_pointer(pointer));
    }
    let _ = write!(line, ": {}", failure.message);
    line
}

/// The headline of a case that did not pass: its first failure, or the reason of an error.
pub(crate) fn first_problem(case: &CaseResult) -> Option<String> {
    case.failures
        .first()
        .map(check_line)
        .or_else(|| case.reason.clone())
        .or_else(|| case.warnings.first().map(check_line))
}

/// A JSON pointer as shown to people: the empty pointer (the whole document) as `(root)`.
pub(crate) fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// A check failure with its pointers and expected/actual values, as indented lines.
pub(crate) fn check_block(out: &mut String, failure: &CheckFailure) {
    let _ = writeln!(out, "  ✗ {}", check_line(failure));
    if let Some(pointer) = &failure.schema_pointer {
        let _ = writeln!(out, "      schema: {}", display_pointer(pointer));
    }
    if let Some(expected) = &failure.expected {
        let _ = writeln!(out, "      expected: {expected}");
    }
    if let Some(actual) = &failure.actual {
        let _ = writeln!(out, "      actual:   {actual}");
    }
}

/// A request and its response, then the curl line reproducing it.
pub(crate) fn exchange_block(out: &mut String, exchange: &Exchange) {
    let request = &exchange.request;
    let _ = writeln!(out, "request ({}):", exchange.step);
    let _ = writeln!(out, "  {} {}", request.method, request.url);
    for (name, value) in &request.headers {
        let _ = writeln!(out, "  {name}: {value}");
    }
    if let Some(body) = &request.body {
        let _ = writeln!(out);
        indent_into(out, body);
    }
    match &exchange.response {
        Some(response) => {
            let _ = writeln!(out, "response: {}", response.status);
            for (name, value) in &response.headers {
                let _ = writeln!(out, "  {name}: {value}");
            }
            if !response.body.is_empty() {
                let _ = writeln!(out);
                indent_into(out, &response.body);
            }
            if response.truncated {
                let _ = writeln!(out, "  … (body truncated)");
            }
        }
        None => {
            let _ = writeln!(out, "response: none");
        }
    }
    let _ = writeln!(out, "reproduce:");
    let _ = writeln!(out, "  {}", exchange.curl);
}

/// The whole failure block of a case: what failed and how to reproduce it.
pub(crate) fn failure_block(case: &CaseResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} [{}]",
        case.id,
        case.title,
        case.verdict.as_str()
    );
    let _ = writeln!(out, "  {}:{}", case.file, case.line);
    for (i, requirement) in case.requirements.iter().enumerate() {
        match case.sections.get(i) {
            Some(section) => {
                let _ = writeln!(out, "  requirement {requirement} ({section})");
            }
            None => {
                let _ = writeln!(out, "  requirement {requirement}");
            }
        }
    }
    let _ = writeln!(out, "  {} {}", case.method, case.url);
    if let Some(reason) = &case.reason {
        let _ = writeln!(out, "  reason: {reason}");
    }
    if !case.failures.is_empty() {
        let _ = writeln!(out, "failed checks:");
        for failure in &case.failures {
            check_block(&mut out, failure);
        }
    }
    if !case.warnings.is_empty() {
        let _ = writeln!(out, "warnings:");
        for warning in &case.warnings {
            check_block(&mut out, warning);
        }
    }
    for exchange in &case.exchanges {
        exchange_block(&mut out, exchange);
    }
    out
}

fn indent_into(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "    {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_covers_markup_quotes_and_forbidden_controls() {
        assert_eq!(
            escape_xml("a<b>&\"c'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;c&#39;\u{FFFD}\n"
        );
        assert_eq!(
            escape_xml("é\u{FFFE}x\u{FFFF}\u{FFFD}\u{EFFF}"),
            "é\u{FFFD}x\u{FFFD}\u{FFFD}\u{EFFF}"
        );
    }

    #[test]
    fn markdown_cells_stay_on_one_line_and_inert() {
        assert_eq!(
            escape_markdown_cell("a|b\n<script>*x*"),
            "a\\|b &lt;script&gt;\\*x\\*"
        );
    }

    #[test]
    fn truncation_is_by_character() {
        assert_eq!(truncate_chars("héllo", 2), "hé…");
        assert_eq!(truncate_chars("hé", 2), "hé");
    }

    #[test]
    fn ids_split_into_resource_and_name() {
        assert_eq!(resource_of("extensions/instance/get"), "extensions");
        assert_eq!(
            name_within_resource("extensions/instance/get"),
            "instance/get"
        );
        assert_eq!(resource_of("lonely"), "lonely");
        assert_eq!(name_within_resource("lonely"), "lonely");
    }
}
