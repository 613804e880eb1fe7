//! Requests of the stateful phase: sent through the run's client, kept as exchanges with their
//! curl lines for the report, findings tied to the requirement they break.

use serde_json::Value;

use crate::context::RunContext;
use crate::http::client::{self, AuthHeader, HttpRequest};
use crate::result::{CheckFailure, CheckKind, Exchange};

/// A response: status, the body as JSON when it is JSON, and the exchange for the report.
#[derive(Debug, Clone)]
pub(crate) struct Got {
    pub status: u16,
    pub json: Option<Value>,
    pub exchange: Exchange,
}

impl Got {
    /// The string at `pointer` of the body.
    pub(crate) fn str_at(&self, pointer: &str) -> Option<&str> {
        self.json.as_ref()?.pointer(pointer)?.as_str()
    }

    /// The `/id` of each item when the body is an array.
    pub(crate) fn ids(&self) -> Vec<String> {
        self.json
            .as_ref()
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.get("id").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// No response: the verdict is `error`, never `fail`.
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    pub message: String,
    /// Boxed: a `Result` carrying it stays small.
    pub exchange: Box<Exchange>,
}

/// A failed check: the requirement it breaks and the exchange that shows it.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub requirement: &'static str,
    pub failure: CheckFailure,
    pub exchange: Exchange,
}

/// Sends the requests of one sequence run.
pub(crate) struct Io<'a> {
    pub ctx: &'a RunContext,
    /// `stateful/seed-N`, for `-v` and the HAR file.
    pub label: String,
    /// HTTP attempts so far.
    pub attempts: u32,
}

impl<'a> Io<'a> {
    pub(crate) fn new(ctx: &'a RunContext, label: String) -> Io<'a> {
        Io {
            ctx,
            label,
            attempts: 0,
        }
    }

    /// `method` on `path` (below the API root), with a JSON body when given.
    pub(crate) fn send(
        &mut self,
        step: &str,
        method: &'static str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Got, Transport> {
        let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
        if body.is_some() {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        let request = HttpRequest {
            label: format!("{} [{step}]", self.label),
            method,
            url: format!("{}{path}", self.ctx.api_base),
            headers,
            body: body.map(Value::to_string),
            auth: AuthHeader::Basic {
                username: self.ctx.credentials.username.clone(),
                password: self.ctx.credentials.password.clone(),
            },
        };
        self.attempts += 1;
        let outcome = client::send(&self.ctx.client, &request);
        let exchange = Exchange {
            step: step.to_string(),
            request: client::request_record(&request),
            response: outcome.as_ref().ok().map(client::response_record),
            curl: self.ctx.credentials.curl_line(&request, &self.ctx.curl_tls),
        };
        match outcome {
            Ok(response) => Ok(Got {
                status: response.status,
                json: serde_json::from_slice(&response.body).ok(),
                exchange,
            }),
            Err(e) => Err(Transport {
                message: e.message,
                exchange: Box::new(exchange),
            }),
        }
    }
}

/// A finding named `check` on `got`'s exchange.
pub(crate) fn finding(
    requirement: &'static str,
    step: &str,
    check: CheckKind,
    message: String,
    got: &Got,
) -> Finding {
    Finding {
        requirement,
        failure: CheckFailure::new(step, check, format!("{requirement}: {message}")),
        exchange: got.exchange.clone(),
    }
}

/// How an action's status is judged (ERRATA E7): 204 passes; 200, 201 and 202 warn
/// (OV-ACTION-2XX); anything else fails `requirement`.
pub(crate) fn judge_action(requirement: &'static str, step: &str, got: &Got) -> ActionStatus {
    match got.status {
        204 => ActionStatus::Done,
        200..=202 => {
            let mut warning = finding(
                "OV-ACTION-2XX",
                step,
                CheckKind::Status,
                format!(
                    "the action answered {}; the overview documents 204 for a POST (ERRATA E7)",
                    got.status
                ),
                got,
            );
            warning.failure.expected = Some(Value::from(204));
            warning.failure.actual = Some(Value::from(got.status));
            ActionStatus::Warned(warning)
        }
        status => {
            let mut failed = finding(
                requirement,
                step,
                CheckKind::Status,
                format!("the action must succeed here; it answered {status}"),
                got,
            );
            failed.failure.expected = Some(Value::from(vec![200, 201, 202, 204]));
            failed.failure.actual = Some(Value::from(status));
            ActionStatus::Failed(failed)
        }
    }
}

/// The verdict on an action's status.
pub(crate) enum ActionStatus {
    Done,
    Warned(Finding),
    Failed(Finding),
}
