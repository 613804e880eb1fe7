//! `--har FILE`: every exchange of a run as HAR 1.2 (the HTTP Archive format browsers' network
//! panels and HAR viewers read), written after the run from what the client kept
//! ([`Recorded`]), through the [`Redactor`].
//!
//! - one entry per request sent, in the order they started: the preflight, discovery, every
//!   step of every case (each `eventually` poll and each path spelling tried), passing or not;
//!   `comment` names the sender (`discovery`, `<case id> [<step>]`);
//! - `Authorization` is masked (`Basic ********`), and every string is redacted again after
//!   the entries are built, so no field carries the password or the Basic token;
//! - response bodies are kept up to [`HAR_BODY_LIMIT`] (`content.size` is the whole size;
//!   `content.comment` says when the text was cut);
//! - a request that got no response has `response.status` 0 and its error in `_error` (as
//!   browsers record a failed request);
//! - `httpVersion` is `HTTP/1.1` (the harness's client speaks HTTP/1 only), `headersSize` -1
//!   (not known), `timings.wait` the whole time (send and receive are not measured apart).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::ReportError;
use crate::clock::rfc3339_millis;
use crate::http::tap::{Recorded, HAR_BODY_LIMIT};
use crate::redact::Redactor;
use crate::result::HarnessInfo;

/// The HAR document of `entries`, redacted.
pub fn document(entries: &[Recorded], harness: &HarnessInfo, redactor: &Redactor) -> Value {
    let entries: Vec<Value> = entries.iter().map(|e| entry(e, redactor)).collect();
    let mut document = json!({
        "log": {
            "version": "1.2",
            "creator": { "name": harness.name, "version": harness.version },
            "pages": [],
            "entries": entries,
        }
    });
    redactor.redact_json_strings(&mut document);
    document
}

/// Writes the HAR document of `entries` to `path`; returns the path.
pub fn write(
    entries: &[Recorded],
    harness: &HarnessInfo,
    redactor: &Redactor,
    path: &Path,
) -> Result<PathBuf, ReportError> {
    let mut text = serde_json::to_string_pretty(&document(entries, harness, redactor))
        .expect("a HAR document always serialises");
    text.push('\n');
    let io = |source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, redactor.redact(&text).as_bytes()).map_err(io)?;
    Ok(path.to_path_buf())
}

fn entry(recorded: &Recorded, redactor: &Redactor) -> Value {
    let mut request = recorded.request.clone();
    redactor.redact_request(&mut request);
    let header_of = |headers: &[(String, String)], name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut har_request = json!({
        "method": request.method,
        "url": request.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": headers(&request.headers),
        "queryString": query_string(&request.url),
        "headersSize": -1,
        "bodySize": request.body.as_ref().map_or(0, String::len),
    });
    if let Some(body) = &request.body {
        har_request["postData"] = json!({
            "mimeType": header_of(&request.headers, "content-type").unwrap_or_default(),
            "text": body,
        });
    }
    let response = match &recorded.response {
        Some(response) => {
            let mut response = response.clone();
            redactor.redact_response(&mut response);
            let mut content = json!({
                "size": recorded.body_size,
                "mimeType": header_of(&response.headers, "content-type").unwrap_or_default(),
                "text": response.body,
            });
            if response.truncated {
                content["comment"] = json!(format!(
                    "cut at {} KiB of {} bytes",
                    HAR_BODY_LIMIT / 1024,
                    recorded.body_size
                ));
            }
            json!({
                "status": response.status,
                "statusText": reqwest::StatusCode::from_u16(response.status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or(""),
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": headers(&response.headers),
                "content": content,
                "redirectURL": header_of(&response.headers, "location").unwrap_or_default(),
                "headersSize": -1,
                "bodySize": recorded.body_size,
            })
        }
        None => json!({
            "status": 0,
            "statusText": "",
            "httpVersion": "",
            "cookies": [],
            "headers": [],
            "content": { "size": 0, "mimeType": "" },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_error": recorded.error.clone().unwrap_or_default(),
        }),
    };
    let time = recorded.elapsed.as_secs_f64() * 1000.0;
    json!({
        "startedDateTime": rfc3339_millis(recorded.started),
        "time": time,
        "request": har_request,
        "response": response,
        "cache": {},
        "timings": { "send": 0, "wait": time, "receive": 0 },
        "comment": recorded.label,
    })
}

fn headers(headers: &[(String, String)]) -> Vec<Value> {
    headers
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect()
}

/// The query of `url` as HAR's name/value pairs, as written (not percent-decoded).
fn query_string(url: &str) -> Vec<Value> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    let query = query.split('#').next().unwrap_or("");
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            json!({ "name": name, "value": value })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::{RequestRecord, ResponseRecord};
    use std::time::{Duration, SystemTime};

    #[test]
    fn entries_have_the_har_fields_and_no_secret() {
        let redactor = Redactor::for_basic_auth("manager", "s3cret");
        let token = crate::redact::basic_token("manager", "s3cret");
        let answered = Recorded {
            label: "extensions/get [step 1]".into(),
            started: SystemTime::UNIX_EPOCH + Duration::from_millis(1_500),
            elapsed: Duration::from_millis(12),
            request: RequestRecord {
                method: "POST".into(),
                url: "http://h/x?a=1&b".into(),
                headers: vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("Authorization".into(), format!("Basic {token}")),
                ],
                body: Some("{\"password\":\"s3cret\"}".into()),
            },
            response: Some(ResponseRecord {
                status: 404,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: "{\"echo\":\"s3cret\"}".into(),
                truncated: false,
            }),
            body_size: 17,
            error: None,
        };
        let unanswered = Recorded {
            response: None,
            body_size: 0,
            error: Some("timed out".into()),
            ..answered.clone()
        };
        let har = document(&[answered, unanswered], &HarnessInfo::current(), &redactor);
        let text = har.to_string();
        assert!(!text.contains("s3cret") && !text.contains(&token), "{text}");
        let log = &har["log"];
        assert_eq!(log["version"], "1.2");
        assert_eq!(log["creator"]["name"], "isym-conform");
        let first = &log["entries"][0];
        assert_eq!(first["startedDateTime"], "1970-01-01T00:00:01.500Z");
        assert_eq!(first["time"], 12.0);
        assert_eq!(first["comment"], "extensions/get [step 1]");
        assert_eq!(
            first["request"]["queryString"],
            json!([{"name": "a", "value": "1"}, {"name": "b", "value": ""}])
        );
        assert_eq!(first["request"]["postData"]["mimeType"], "application/json");
        assert_eq!(first["request"]["headers"][1]["value"], "Basic ********");
        assert_eq!(first["response"]["statusText"], "Not Found");
        assert_eq!(first["response"]["content"]["size"], 17);
        let second = &log["entries"][1];
        assert_eq!(second["response"]["status"], 0);
        assert_eq!(second["response"]["_error"], "timed out");
        for field in ["cache", "timings"] {
            assert!(first[field].is_object(), "{field}");
        }
    }
}
