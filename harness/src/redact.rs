//! The one redaction step between results and every writer (console, reports, snapshots, curl).

use std::borrow::Cow;

use crate::result::{CheckFailure, Exchange, RequestRecord, ResponseRecord, RunReport};

/// What a redacted secret is replaced with.
pub const MASK: &str = "********";

/// Masks a run's secrets (passwords, basic-auth tokens) wherever they appear in text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// A redactor for these secrets; empty strings are ignored.
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut secrets: Vec<String> = secrets.into_iter().filter(|s| !s.is_empty()).collect();
        // Longest first, so a secret that contains another is masked whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor { secrets }
    }

    /// Also masks `username:password` as sent in an `Authorization: Basic` header.
    pub fn for_basic_auth(username: &str, password: &str) -> Self {
        let token = basic_token(username, password);
        Redactor::new([password.to_string(), token])
    }

    /// `text` with every secret masked.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if !self.secrets.iter().any(|s| text.contains(s.as_str())) {
            return Cow::Borrowed(text);
        }
        let mut out = text.to_string();
        for secret in &self.secrets {
            out = out.replace(secret.as_str(), MASK);
        }
        Cow::Owned(out)
    }

    /// Whether a secret appears in JSON text, inside a string (where it is escaped as JSON
    /// escapes it) or outside.
    pub fn appears_in_json(&self, json: &str) -> bool {
        self.secrets.iter().any(|secret| {
            let quoted = serde_json::to_string(secret).expect("a string always serialises");
            json.contains(&quoted[1..quoted.len() - 1]) || json.contains(secret.as_str())
        })
    }

    /// A copy of `report` with every string that may carry a secret masked.
    pub fn redact_report(&self, report: &RunReport) -> RunReport {
        let mut report = report.clone();
        report.target.base_url = self.redact(&report.target.base_url).into_owned();
        for case in &mut report.cases {
            case.url = self.redact(&case.url).into_owned();
            if let Some(reason) = &case.reason {
                case.reason = Some(self.redact(reason).into_owned());
            }
            for failure in case.failures.iter_mut().chain(case.warnings.iter_mut()) {
                self.redact_failure(failure);
            }
            for exchange in &mut case.exchanges {
                self.redact_exchange(exchange);
            }
        }
        report
    }

    fn redact_failure(&self, failure: &mut CheckFailure) {
        failure.message = self.redact(&failure.message).into_owned();
        for value in [&mut failure.expected, &mut failure.actual]
            .into_iter()
            .flatten()
        {
            let text = value.to_string();
            if let Cow::Owned(masked) = self.redact(&text) {
                *value = serde_json::from_str(&masked).unwrap_or(serde_json::Value::String(masked));
            }
        }
    }

    fn redact_exchange(&self, exchange: &mut Exchange) {
        self.redact_request(&mut exchange.request);
        if let Some(response) = &mut exchange.response {
            self.redact_response(response);
        }
        exchange.curl = self.redact(&exchange.curl).into_owned();
    }

    /// Masks a request record: its `Authorization` header whole, secrets elsewhere.
    pub fn redact_request(&self, request: &mut RequestRecord) {
        request.url = self.redact(&request.url).into_owned();
        for (name, value) in &mut request.headers {
            *value = if name.eq_ignore_ascii_case("authorization") {
                mask_authorization(value)
            } else {
                self.redact(value).into_owned()
            };
        }
        if let Some(body) = &request.body {
            request.body = Some(self.redact(body).into_owned());
        }
    }

    /// Masks the secrets of a response record's headers and body.
    pub fn redact_response(&self, response: &mut ResponseRecord) {
        for (_, value) in &mut response.headers {
            *value = self.redact(value).into_owned();
        }
        response.body = self.redact(&response.body).into_owned();
    }

    /// Masks every string in `value`, whatever its field (escaping in a writer would hide a
    /// secret from a pass over the rendered text).
    pub fn redact_json_strings(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) => {
                if let Cow::Owned(masked) = self.redact(text) {
                    *text = masked;
                }
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|v| self.redact_json_strings(v))
            }
            serde_json::Value::Object(map) => {
                map.values_mut().for_each(|v| self.redact_json_strings(v))
            }
            _ => {}
        }
    }
}

/// An `Authorization` header value with its credentials masked, its scheme kept.
pub fn mask_authorization(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} {MASK}"),
        None => MASK.to_string(),
    }
}

/// The base64 token of HTTP Basic authentication.
pub fn basic_token(username: &str, password: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_token_is_padded_standard_base64() {
        assert_eq!(basic_token("", ""), "Og==");
        assert_eq!(basic_token("f", ""), "Zjo=");
        assert_eq!(basic_token("fo", "o"), "Zm86bw==");
        assert_eq!(
            basic_token("manager", "manag3rpa55word"),
            "bWFuYWdlcjptYW5hZzNycGE1NXdvcmQ="
        );
    }

    #[test]
    fn masks_password_and_token_but_not_other_text() {
        let r = Redactor::for_basic_auth("manager", "s3cret");
        assert_eq!(r.redact("pw=s3cret!"), format!("pw={MASK}!"));
        assert_eq!(
            r.redact(&format!("Basic {}", basic_token("manager", "s3cret"))),
            format!("Basic {MASK}")
        );
        assert!(matches!(r.redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn finds_secrets_in_json_text_escaped_or_not() {
        let r = Redactor::for_basic_auth("manager", "pa\"ss\\word\n");
        let json = serde_json::json!({ "message": "sent pa\"ss\\word\n here" }).to_string();
        assert!(r.appears_in_json(&json), "escaped: {json}");
        assert!(r.appears_in_json(&format!("[{}]", basic_token("manager", "pa\"ss\\word\n"))));
        assert!(!r.appears_in_json(r#"{"message": "pa ss word"}"#));
        let plain = Redactor::for_basic_auth("manager", "s3cret");
        assert!(plain.appears_in_json(r#"{"a": ["s3cret"]}"#));
        assert!(!plain.appears_in_json(r#"{"a": ["s3cre"]}"#));
    }

    #[test]
    fn masks_authorization_header_whatever_its_value() {
        assert_eq!(mask_authorization("Basic abc"), format!("Basic {MASK}"));
        assert_eq!(mask_authorization("abc"), MASK);
    }
}
