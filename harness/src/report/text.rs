//! Text pieces every writer shares: escaping for XML/HTML and Markdown, and the plain-text
//! failure block (failed checks with pointers, request, response, curl line).

use std::fmt::Write as _;

use crate::result::{CaseResult, CheckFailure};

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
