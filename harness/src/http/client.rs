//! The HTTP layer: one pooled blocking client, no redirects, a per-request timeout; requests and
//! responses recorded for reports with secrets masked, and a curl line that reproduces them.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub use super::exchange::{
    request_record, response_record, response_record_cut, AuthHeader, HttpRequest, HttpResponse,
    TransportError, WRONG_PASSWORD,
};
use super::tap::Tap;

/// Largest body the harness reads: a larger one is a transport error (the case's verdict is
/// `error`), never a silent truncation that a JSON check would misreport.
pub const READ_LIMIT: u64 = 64 * 1024 * 1024;

/// The one client a run uses: pooled connections, and optionally a journal of every request
/// sent (the benchmark replays it without checks to measure the floor of a run).
#[derive(Debug)]
pub struct Client {
    http: reqwest::blocking::Client,
    journal: Option<Mutex<Vec<Sent>>>,
    tap: Tap,
    pace: Option<Pace>,
    health: Health,
}

/// Requests in a row that got no response before a run gives the target up: later requests are
/// not sent, and the cases that would send them end in `error` with one shared reason.
pub const GIVE_UP_AFTER: u32 = 3;

/// Spaces requests so that no second holds more than the rate allows.
#[derive(Debug)]
struct Pace {
    interval: Duration,
    next: Mutex<Instant>,
}

impl Pace {
    fn new(per_second: u32) -> Pace {
        Pace {
            // 3 % over 1/N: N + 1 starts then span more than a second, with room for the
            // network to bunch a few of them up before they reach the target (a new
            // connection's handshake delays one request more than the next).
            interval: Duration::from_nanos(1_030_000_000u64.div_ceil(u64::from(per_second.max(1)))),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Waits for this request's slot.
    fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval;
            slot
        };
        let now = Instant::now();
        if slot > now {
            std::thread::sleep(slot - now);
        }
    }
}

/// Whether the target still answers: [`GIVE_UP_AFTER`] transport errors in a row give it up.
#[derive(Debug, Default)]
struct Health {
    in_a_row: AtomicU32,
    given_up: OnceLock<String>,
}

/// One request a [`Client`] sent, as its journal keeps it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub request: HttpRequest,
    /// None when no response arrived.
    pub status: Option<u16>,
    pub body_bytes: usize,
    /// From sending the request to the end of the response body.
    pub elapsed: Duration,
}

impl Client {
    /// A client as [`build_client`] makes it; with `journal`, every request sent is kept.
    pub fn new(timeout: Duration, tls: &Tls, journal: bool) -> Result<Client, TlsError> {
        Ok(Client {
            http: build_client(timeout, tls)?,
            journal: journal.then(|| Mutex::new(Vec::new())),
            tap: Tap::default(),
            pace: None,
            health: Health::default(),
        })
    }

    /// This client, showing or keeping every exchange as `tap` says (`-v`, `--har`).
    pub fn with_tap(mut self, tap: Tap) -> Client {
        self.tap = tap;
        self
    }

    /// The exchanges kept for `--har` so far, in the order they started.
    pub fn recorded(&self) -> Vec<super::tap::Recorded> {
        self.tap.recorded()
    }

    /// This client, sending at most `per_second` requests in any second.
    pub fn with_rate(mut self, per_second: Option<u32>) -> Client {
        self.pace = per_second.map(Pace::new);
        self
    }

    /// Why the run gave the target up ([`GIVE_UP_AFTER`] requests in a row got no response),
    /// if it did.
    pub fn given_up(&self) -> Option<&str> {
        self.health.given_up.get().map(String::as_str)
    }

    fn note_health(&self, outcome: &Result<HttpResponse, TransportError>) {
        match outcome {
            Ok(_) => self.health.in_a_row.store(0, Ordering::Relaxed),
            Err(e) if e.not_sent => {}
            Err(e) => {
                let in_a_row = self.health.in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
                if in_a_row >= GIVE_UP_AFTER {
                    let _ = self.health.given_up.set(format!(
                        "the target stopped answering: {in_a_row} requests in a row got no \
                         response (the last: {})",
                        e.message
                    ));
                }
            }
        }
    }

    /// The requests sent so far, in the order they were sent (empty without a journal).
    pub fn journal(&self) -> Vec<Sent> {
        self.journal.as_ref().map_or_else(Vec::new, |journal| {
            journal.lock().unwrap_or_else(|e| e.into_inner()).clone()
        })
    }

    fn note(&self, request: &HttpRequest, response: Option<&HttpResponse>, elapsed: Duration) {
        if let Some(journal) = &self.journal {
            journal
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Sent {
                    request: request.clone(),
                    status: response.map(|r| r.status),
                    body_bytes: response.map_or(0, |r| r.body.len()),
                    elapsed,
                });
        }
    }
}

/// How the run's client trusts a TLS server: the platform's root certificates, the
/// certificates of `--cacert` too, or anything with `--insecure`.
#[derive(Debug, Clone, Default)]
pub struct Tls {
    /// Accept invalid certificates (`--insecure`). Default: false.
    pub insecure: bool,
    /// A PEM file whose certificates are trusted besides the platform's roots (`--cacert`).
    pub cacert: Option<PathBuf>,
}

impl Tls {
    /// The same settings, as a curl line takes them.
    pub fn curl(&self) -> CurlTls {
        CurlTls {
            insecure: self.insecure,
            cacert: self.cacert.as_ref().map(|p| p.display().to_string()),
        }
    }
}

/// Why the `--cacert` file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("--cacert {}: {problem}", path.display())]
pub struct TlsError {
    pub path: PathBuf,
    pub problem: String,
}

/// The certificates of a PEM file; a file without one is an error, not an empty trust list.
fn load_cacert(path: &Path) -> Result<Vec<reqwest::Certificate>, TlsError> {
    let error = |problem: String| TlsError {
        path: path.to_path_buf(),
        problem,
    };
    let pem = std::fs::read(path).map_err(|e| error(format!("cannot read it: {e}")))?;
    let certificates = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| error(format!("not a PEM certificate bundle: {e}")))?;
    if certificates.is_empty() {
        return Err(error(
            "holds no certificate (expected `-----BEGIN CERTIFICATE-----` blocks)".into(),
        ));
    }
    Ok(certificates)
}

/// Builds the reqwest client of a run: no redirects, the timeout, the harness's user agent, the
/// platform's root certificates and those of [`Tls::cacert`].
pub fn build_client(timeout: Duration, tls: &Tls) -> Result<reqwest::blocking::Client, TlsError> {
    let mut builder = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .danger_accept_invalid_certs(tls.insecure)
        .user_agent(concat!("isym-conform/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &tls.cacert {
        for certificate in load_cacert(path)? {
            builder = builder.add_root_certificate(certificate);
        }
    }
    builder.build().map_err(|e| TlsError {
        path: tls.cacert.clone().unwrap_or_default(),
        problem: format!("the TLS client cannot be built with it: {}", chain(&e)),
    })
}

/// An error and its sources, `: `-separated.
fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

/// Sends `request` and reads the whole response; waits for its slot first when the client has
/// a rate, and sends nothing once the run has given the target up.
pub fn send(client: &Client, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
    if let Some(reason) = client.given_up() {
        return Err(TransportError {
            message: format!("not sent: {reason}"),
            unreachable: false,
            not_sent: true,
            answered: false,
        });
    }
    if let Some(pace) = &client.pace {
        pace.wait();
    }
    let observed = client.journal.is_some() || client.tap.is_on();
    let started = observed.then(|| (Instant::now(), std::time::SystemTime::now()));
    let response = send_with(&client.http, request);
    if let Some((started, wall)) = started {
        let elapsed = started.elapsed();
        client.note(request, response.as_ref().ok(), elapsed);
        if client.tap.is_on() {
            client.tap.observe(request, &response, wall, elapsed);
        }
    }
    client.note_health(&response);
    response
}

fn send_with(
    client: &reqwest::blocking::Client,
    request: &HttpRequest,
) -> Result<HttpResponse, TransportError> {
    let method =
        reqwest::Method::from_bytes(request.method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut builder = client.request(method, &request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    builder = match &request.auth {
        AuthHeader::None => builder,
        AuthHeader::Basic { username, password } => builder.basic_auth(username, Some(password)),
        AuthHeader::WrongPassword { username } => {
            builder.basic_auth(username, Some(WRONG_PASSWORD))
        }
    };
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let response = builder.send().map_err(transport_error)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let too_large = || TransportError {
        message: format!(
            "the response body is larger than {} MiB; the harness stopped reading it",
            READ_LIMIT / (1024 * 1024)
        ),
        unreachable: false,
        not_sent: false,
        answered: true,
    };
    let read_failed = |e: &dyn std::fmt::Display| TransportError {
        message: format!("reading the response body failed: {e}"),
        unreachable: false,
        not_sent: false,
        answered: true,
    };
    let body = match response.content_length() {
        // An announced length within the limit: the whole body in one wait (a body shorter
        // than announced is an error from the HTTP layer).
        Some(length) if length <= READ_LIMIT => Vec::from(
            response
                .bytes()
                .map_err(|e| read_failed(&transport_error(e).message))?,
        ),
        Some(_) => return Err(too_large()),
        None => {
            let mut body = Vec::new();
            use std::io::Read;
            response
                .take(READ_LIMIT + 1)
                .read_to_end(&mut body)
                .map_err(|e| read_failed(&e))?;
            if body.len() as u64 > READ_LIMIT {
                return Err(too_large());
            }
            body
        }
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn transport_error(error: reqwest::Error) -> TransportError {
    let message = chain(&error);
    TransportError {
        unreachable: error.is_connect(),
        not_sent: false,
        answered: false,
        message: if error.is_timeout() {
            format!("timed out: {message}")
        } else {
            message
        },
    }
}

/// How a curl line reaches the target over TLS, as the run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurlTls {
    /// `-k`: the run accepted invalid certificates (`--insecure`).
    pub insecure: bool,
    /// `--cacert FILE`: the run trusted this PEM file's certificates too.
    pub cacert: Option<String>,
}

/// A curl command reproducing `request`; credentials come from the environment variables named.
///
/// The body goes with `--data-raw` (a body starting with `@` is not a file name), a URL with
/// `[`, `]`, `{` or `}` gets `-g` (no globbing), and the run's TLS settings come along (`-k`,
/// `--cacert`), so the line sends what the run sent.
pub fn curl_line(
    request: &HttpRequest,
    username_env: &str,
    password_env: &str,
    tls: &CurlTls,
) -> String {
    let mut parts = vec!["curl -i".to_string()];
    if tls.insecure {
        parts.push("-k".to_string());
    }
    if let Some(cacert) = &tls.cacert {
        parts.push(format!("--cacert {}", shell_quote(cacert)));
    }
    if request.url.contains(['[', ']', '{', '}']) {
        parts.push("-g".to_string());
    }
    if request.method != "GET" {
        parts.push(format!("-X {}", request.method));
    }
    match &request.auth {
        AuthHeader::None => {}
        AuthHeader::Basic { .. } => {
            parts.push(format!("--user \"${username_env}:${password_env}\""));
        }
        AuthHeader::WrongPassword { .. } => {
            parts.push(format!("--user \"${username_env}:{WRONG_PASSWORD}\""));
        }
    }
    for (name, value) in &request.headers {
        parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
    }
    if let Some(body) = &request.body {
        parts.push(format!("--data-raw {}", shell_quote(body)));
    }
    parts.push(shell_quote(&request.url));
    parts.join(" ")
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_takes_credentials_from_the_environment() {
        let request = HttpRequest {
            label: "test".into(),
            method: "POST",
            url: "http://h/x".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some("{\"a\":\"it's\"}".into()),
            auth: AuthHeader::Basic {
                username: "u".into(),
                password: "secret".into(),
            },
        };
        let line = curl_line(
            &request,
            "ISYM_USERNAME",
            "ISYM_PASSWORD",
            &CurlTls::default(),
        );
        assert_eq!(
            line,
            r#"curl -i -X POST --user "$ISYM_USERNAME:$ISYM_PASSWORD" -H 'Content-Type: application/json' --data-raw '{"a":"it'\''s"}' 'http://h/x'"#
        );
        assert!(!line.contains("secret"));
        let record = request_record(&request);
        assert!(!format!("{record:?}").contains("secret"));
    }

    #[test]
    fn curl_follows_the_runs_tls_settings_and_never_globs() {
        let request = HttpRequest {
            label: "test".into(),
            method: "GET",
            url: "https://h/x/[a]{b}".into(),
            headers: Vec::new(),
            body: Some("@/etc/passwd".into()),
            auth: AuthHeader::None,
        };
        let tls = CurlTls {
            insecure: true,
            cacert: Some("/certs/it's.pem".into()),
        };
        assert_eq!(
            curl_line(&request, "U", "P", &tls),
            r#"curl -i -k --cacert '/certs/it'\''s.pem' -g --data-raw '@/etc/passwd' 'https://h/x/[a]{b}'"#
        );
    }
}
