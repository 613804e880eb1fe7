//! What one exchange is made of: a request ready to send, the response as received, why none
//! arrived, and the records reports keep of them (the `Authorization` header masked). Shared by
//! the client that sends and the tap that shows and keeps exchanges (`-v`, `--har`).

use crate::redact::MASK;
use crate::result::{RequestRecord, ResponseRecord, BODY_LIMIT};

/// How a request authenticates.
#[derive(Debug, Clone)]
pub enum AuthHeader {
    None,
    /// Basic auth with the run's credentials.
    Basic {
        username: String,
        password: String,
    },
    /// Basic auth with the run's username and a password that is certainly wrong.
    WrongPassword {
        username: String,
    },
}

/// The password sent by `auth: wrong-password`.
pub const WRONG_PASSWORD: &str = "isym-conform-wrong-password";

/// A request ready to send.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// Who sends it, as `-v` and the HAR file show it: `preflight`, `discovery` or
    /// `<case id> [<step>]`.
    pub label: String,
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub auth: AuthHeader,
}

/// A response as received.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    pub message: String,
    /// The connection was refused or the host is unknown: the target is not there at all.
    pub unreachable: bool,
    /// Not sent: the run had given the target up ([`Client::given_up`]).
    pub not_sent: bool,
    /// A status line arrived before the failure (the body was cut, too large or unreadable):
    /// the target is there, if broken.
    pub answered: bool,
}

/// The request as reports show it: the `Authorization` header present but masked.
pub fn request_record(request: &HttpRequest) -> RequestRecord {
    let mut headers = request.headers.clone();
    if !matches!(request.auth, AuthHeader::None) {
        headers.push(("Authorization".into(), format!("Basic {MASK}")));
    }
    RequestRecord {
        method: request.method.to_string(),
        url: request.url.clone(),
        headers,
        body: request.body.clone(),
    }
}

/// The response as reports show it: the body cut at [`BODY_LIMIT`] bytes.
pub fn response_record(response: &HttpResponse) -> ResponseRecord {
    response_record_cut(response, BODY_LIMIT)
}

/// The response with its body cut at `limit` bytes (on a character boundary).
pub fn response_record_cut(response: &HttpResponse, limit: usize) -> ResponseRecord {
    let truncated = response.body.len() > limit;
    let mut end = response.body.len().min(limit);
    // Cut on a character boundary.
    while end > 0 && end < response.body.len() && (response.body[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    ResponseRecord {
        status: response.status,
        headers: response.headers.clone(),
        body: String::from_utf8_lossy(&response.body[..end]).into_owned(),
        truncated,
    }
}
