//! HTTP Basic authentication against the one configured account.

use axum::http::{header, HeaderMap};

/// The credentials a request must carry, kept pre-encoded so checking costs one comparison.
#[derive(Debug, Clone)]
pub(crate) struct BasicAuth {
    token: String,
}

impl BasicAuth {
    pub(crate) fn new(username: &str, password: &str) -> Self {
        Self {
            token: base64(format!("{username}:{password}").as_bytes()),
        }
    }

    pub(crate) fn accepts(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return false;
        };
        let Ok(value) = value.to_str() else {
            return false;
        };
        match value.split_once(' ') {
            Some((scheme, token)) => {
                scheme.eq_ignore_ascii_case("basic") && token.trim() == self.token
            }
            None => false,
        }
    }
}

/// Standard base64 with padding, as HTTP Basic authentication sends it.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
            (
                "manager:manag3rpa55word",
                "bWFuYWdlcjptYW5hZzNycGE1NXdvcmQ=",
            ),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn only_the_configured_account_is_accepted() {
        let auth = BasicAuth::new("manager", "manag3rpa55word");
        let mut headers = HeaderMap::new();
        assert!(!auth.accepts(&headers));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("basic bWFuYWdlcjptYW5hZzNycGE1NXdvcmQ="),
        );
        assert!(auth.accepts(&headers));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic Zm9v"),
        );
        assert!(!auth.accepts(&headers));
    }
}
