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

/// Standard base64 with padding; a few lines instead of a dependency.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
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
