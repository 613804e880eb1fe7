//! What a run's client shows and keeps of each exchange as it happens: `-v` prints it on
//! standard error through the run's [`Redactor`], `--har` keeps it for the HAR file written
//! after the run (`report::har`). Both are off by default, and cost nothing then.
//!
//! Kept exchanges never hold a credential: the request is kept as [`request_record`] makes it
//! (the `Authorization` header masked), and the HAR writer passes everything through the
//! redactor again.

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use super::exchange::{
    request_record, response_record_cut, HttpRequest, HttpResponse, TransportError,
};
use crate::redact::Redactor;
use crate::result::{RequestRecord, ResponseRecord, BODY_LIMIT};

/// How much of a response body a HAR entry keeps (its `content.size` is the whole size).
pub const HAR_BODY_LIMIT: usize = 1024 * 1024;

/// The observers of a client's exchanges.
#[derive(Debug, Default)]
pub struct Tap {
    /// `-v`: print each exchange, masked by this redactor.
    print: Option<Redactor>,
    /// `--har`: keep each exchange.
    record: Option<Mutex<Vec<Recorded>>>,
}

/// One exchange as `--har` keeps it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Who sent it: `preflight`, `discovery`, or `<case id> [<step>]`.
    pub label: String,
    pub started: SystemTime,
    /// From sending the request to the end of the response body.
    pub elapsed: Duration,
    /// The `Authorization` header masked.
    pub request: RequestRecord,
    /// The body cut at [`HAR_BODY_LIMIT`]; `None` when no response arrived.
    pub response: Option<ResponseRecord>,
    /// The whole response body's size in bytes.
    pub body_size: usize,
    /// Why no response arrived.
    pub error: Option<String>,
}

impl Tap {
    /// Prints exchanges when `print` is given, keeps them when `record`.
    pub fn new(print: Option<Redactor>, record: bool) -> Tap {
        Tap {
            print,
            record: record.then(|| Mutex::new(Vec::new())),
        }
    }

    /// Whether anything observes exchanges.
    pub fn is_on(&self) -> bool {
        self.print.is_some() || self.record.is_some()
    }

    /// Called by the client once per request sent, when [`Tap::is_on`].
    pub(crate) fn observe(
        &self,
        request: &HttpRequest,
        outcome: &Result<HttpResponse, TransportError>,
        started: SystemTime,
        elapsed: Duration,
    ) {
        if let Some(redactor) = &self.print {
            let text = exchange_text(request, outcome, elapsed);
            // One write per exchange, so parallel cases never interleave within one.
            let _ = std::io::stderr()
                .lock()
                .write_all(redactor.redact(&text).as_bytes());
        }
        if let Some(record) = &self.record {
            let (response, body_size, error) = match outcome {
                Ok(response) => (
                    Some(response_record_cut(response, HAR_BODY_LIMIT)),
                    response.body.len(),
                    None,
                ),
                Err(e) => (None, 0, Some(e.message.clone())),
            };
            record
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Recorded {
                    label: request.label.clone(),
                    started,
                    elapsed,
                    request: request_record(request),
                    response,
                    body_size,
                    error,
                });
        }
    }

    /// The exchanges kept so far, in the order they started (empty without `--har`).
    pub fn recorded(&self) -> Vec<Recorded> {
        let mut kept = self.record.as_ref().map_or_else(Vec::new, |record| {
            record.lock().unwrap_or_else(|e| e.into_inner()).clone()
        });
        kept.sort_by_key(|r| r.started);
        kept
    }
}

/// An exchange as `-v` prints it, curl-style: `>` request lines, `<` response lines, the
/// `Authorization` header masked, bodies cut at [`BODY_LIMIT`].
pub fn exchange_text(
    request: &HttpRequest,
    outcome: &Result<HttpResponse, TransportError>,
    elapsed: Duration,
) -> String {
    let record = request_record(request);
    let mut out = String::new();
    let _ = writeln!(out, "* {} ({} ms)", request.label, elapsed.as_millis());
    let _ = writeln!(out, "> {} {}", record.method, record.url);
    for (name, value) in &record.headers {
        let _ = writeln!(out, "> {name}: {value}");
    }
    if let Some(body) = &record.body {
        let _ = writeln!(out, ">");
        for line in body.lines() {
            let _ = writeln!(out, "> {line}");
        }
    }
    match outcome {
        Ok(response) => {
            let cut = response_record_cut(response, BODY_LIMIT);
            let _ = writeln!(out, "< {}", cut.status);
            for (name, value) in &cut.headers {
                let _ = writeln!(out, "< {name}: {value}");
            }
            if !cut.body.is_empty() {
                let _ = writeln!(out, "<");
                for line in cut.body.lines() {
                    let _ = writeln!(out, "< {line}");
                }
            }
            if cut.truncated {
                let _ = writeln!(out, "< … (cut at 4 KiB of {} bytes)", response.body.len());
            }
        }
        Err(e) => {
            let _ = writeln!(out, "! no response: {}", e.message);
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::client::AuthHeader;

    fn request() -> HttpRequest {
        HttpRequest {
            label: "family/case [step 1]".into(),
            method: "POST",
            url: "http://h/x".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some("{\"p\":\"s3cret\"}".into()),
            auth: AuthHeader::Basic {
                username: "u".into(),
                password: "s3cret".into(),
            },
        }
    }

    #[test]
    fn printed_exchanges_mask_the_authorization_header() {
        let response = HttpResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: b"{\"ok\":true}".to_vec(),
        };
        let text = exchange_text(&request(), &Ok(response), Duration::from_millis(3));
        assert!(text.starts_with("* family/case [step 1] (3 ms)\n> POST http://h/x\n"));
        assert!(text.contains("> Authorization: Basic ********\n"), "{text}");
        assert!(text.contains("< 200\n< content-type: application/json\n<\n< {\"ok\":true}\n"));
        // The body's secret is the redactor's, applied before printing.
        let masked = Redactor::for_basic_auth("u", "s3cret")
            .redact(&text)
            .into_owned();
        assert!(!masked.contains("s3cret"), "{masked}");
    }

    #[test]
    fn kept_exchanges_hold_no_credential_and_a_transport_error_has_no_response() {
        let tap = Tap::new(None, true);
        let error = TransportError {
            message: "timed out".into(),
            unreachable: false,
            not_sent: false,
            answered: false,
        };
        tap.observe(
            &request(),
            &Err(error),
            SystemTime::UNIX_EPOCH,
            Duration::from_millis(10),
        );
        let kept = tap.recorded();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].error.as_deref(), Some("timed out"));
        assert!(kept[0].response.is_none());
        let headers = format!("{:?}", kept[0].request.headers);
        assert!(headers.contains("Basic ********") && !headers.contains("dTpzM2NyZXQ="));
        assert!(Tap::default().recorded().is_empty() && !Tap::default().is_on());
    }
}
