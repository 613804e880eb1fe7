//! The checks after each step: every documented read path of the segments the model knows,
//! against the model where it is certain and against the invariants of every state elsewhere.
//!
//! One round reads, for each segment of each call: the instance (core root; the caller's also
//! below its extension), `linkedCallSegment`, `dialingToCallSegments` and
//! `dialingFromCallSegment`, and from each answer the other side of the relation (linked of
//! linked is self; dialingFrom of each dialingTo is self, and the reverse); then the core
//! server's list and the two extensions' lists. Relations are read before lists, so a segment
//! found through a relation is already in the lists that must hold it. A round reads each path
//! once ([`Round::get`] caches). [`crate::stateful::machine`] repeats a round until it finds
//! nothing or the settle time is over: a PBX answers and carries out actions asynchronously.

use std::collections::HashMap;

use serde_json::Value;

use super::io::{finding, Finding, Got, Io, Transport};
use super::model::{CallState, Dest, Model, MAX_REACHED};
use crate::result::CheckKind;

/// Every requirement the phase checks, for a case that passes (a failing case names those its
/// findings break).
pub(crate) const CHECKED: &[&str] = &[
    "EXT-ORIGINATE-2XX",
    "EXT-ORIGINATE-CREATES-CALL",
    "EXT-DND-ENABLE-2XX",
    "EXT-DND-DISABLE-2XX",
    "EXT-DND-REPEATABLE",
    "CS-TRANSFER-2XX",
    "CS-TRANSFER-MOVES-BOUND",
    "CS-MUTE-2XX",
    "CS-UNMUTE-2XX",
    "OV-ACTION-2XX",
    "CS-INSTANCE-200",
    "CS-INSTANCE-EXT-ROOT-200",
    "CS-INSTANCE-BOUND-AVAILABLE",
    "CS-TYPE-INTERNAL",
    "CS-TYPE-EXTERNAL",
    "CS-INCOMING-TRUE-WHEN-DIALED",
    "CS-LINKED-200",
    "CS-LINKED-SYMMETRIC",
    "CS-DIALINGTO-200",
    "CS-DIALINGTO-CONTAINS-CALLEE",
    "CS-DIALINGFROM-INVERSE",
    "CS-DIALINGFROM-404-NOT-DIALED",
    "CS-LIST-CORE-200",
    "CS-LIST-CORE-INCLUDES-LICENSED",
    "CS-LIST-CORE-INCLUDES-BOUND",
    "CS-LIST-CORE-EXCLUDES-UNLICENSED",
    "CS-LIST-EXT-200",
    "CS-LIST-EXT-OWN-SEGMENTS",
];

/// The fixture values a sequence uses, resolved by discovery.
#[derive(Debug, Clone)]
pub(crate) struct Fixtures {
    pub core_slug: String,
    /// `licensed_extension`'s number: the caller of every call.
    pub caller: String,
    /// `second_licensed_extension`'s number.
    pub second: String,
    /// `transfer_destination`.
    pub destination: Option<String>,
    /// The conference room participant's segment (mute and unmute act on it).
    pub participant: Option<String>,
    /// `unlicensed_call.segment`: never listed.
    pub unlicensed_segment: Option<String>,
}

impl Fixtures {
    pub(crate) fn core(&self) -> String {
        format!("/coreServers/getByName/{}", self.core_slug)
    }

    pub(crate) fn extension(&self, number: &str) -> String {
        format!("{}/extensions/getByName/{number}", self.core())
    }

    pub(crate) fn segment(&self, id: &str) -> String {
        format!("{}/callSegments/{id}", self.core())
    }
}

/// What a segment is to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The caller's segment of a placed or linked call.
    Caller { linked: bool },
    /// The callee's segment of a linked call.
    Callee(Dest),
    /// A segment of an unknown call.
    Unknown,
}

/// What a round saw, for the model: links of placed calls, segments reached and bound.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    /// (call index, callee) for placed calls whose caller was seen linked.
    pub answered: Vec<(usize, String)>,
    /// (call index, segment) reached from an unknown call's segments.
    pub reached: Vec<(usize, String)>,
    /// (call index, segment) seen bound to another (linked or being dialed).
    pub bound: Vec<(usize, String)>,
}

impl Seen {
    /// The model as this round saw it.
    pub(crate) fn apply(&self, model: &mut Model) {
        for (call, callee) in &self.answered {
            model.calls[*call].answered(callee);
        }
        for call in &mut model.calls {
            call.bound.clear();
        }
        for (call, segment) in &self.bound {
            let bound = &mut model.calls[*call].bound;
            if !bound.contains(segment) {
                bound.push(segment.clone());
            }
        }
        for (call, segment) in &self.reached {
            model.calls[*call].reach(segment);
        }
    }
}

/// One round of checks after the step named `step`.
pub(crate) struct Round<'i, 'a> {
    io: &'i mut Io<'a>,
    fixtures: &'i Fixtures,
    step: String,
    cache: HashMap<String, Got>,
    pub findings: Vec<Finding>,
}

impl<'i, 'a> Round<'i, 'a> {
    pub(crate) fn new(io: &'i mut Io<'a>, fixtures: &'i Fixtures, step: &str) -> Self {
        Round {
            io,
            fixtures,
            step: step.to_string(),
            cache: HashMap::new(),
            findings: Vec::new(),
        }
    }

    fn get(&mut self, path: &str) -> Result<Got, Transport> {
        if let Some(got) = self.cache.get(path) {
            return Ok(got.clone());
        }
        let got = self.io.send(&self.step, "GET", path, None)?;
        self.cache.insert(path.to_string(), got.clone());
        Ok(got)
    }

    /// A finding on the body as a whole (a list that holds or lacks a segment).
    fn fail(&mut self, requirement: &'static str, message: String, got: &Got) {
        let mut f = finding(requirement, &self.step, CheckKind::Assert, message, got);
        f.failure.instance_pointer = Some(String::new());
        self.findings.push(f);
    }

    fn fail_at(
        &mut self,
        requirement: &'static str,
        message: String,
        got: &Got,
        pointer: &str,
        expected: Value,
    ) {
        let mut f = finding(requirement, &self.step, CheckKind::Assert, message, got);
        f.failure.instance_pointer = Some(pointer.to_string());
        f.failure.actual = got.json.as_ref().and_then(|j| j.pointer(pointer)).cloned();
        f.failure.expected = Some(expected);
        self.findings.push(f);
    }

    /// Whether `got` has one of `allowed`; a finding under `requirement` when not.
    fn status(&mut self, requirement: &'static str, got: &Got, allowed: &[u16]) -> bool {
        if allowed.contains(&got.status) {
            return true;
        }
        let mut f = finding(
            requirement,
            &self.step,
            CheckKind::Status,
            format!("expected {}, got {}", list(allowed), got.status),
            got,
        );
        f.failure.expected = Some(Value::from(allowed.to_vec()));
        f.failure.actual = Some(Value::from(got.status));
        self.findings.push(f);
        false
    }

    /// The body against a schema of `schemas/`, through the run's compiled schemas; fields the
    /// schema does not declare are left to the hand-written cases, which warn about them.
    fn schema(&mut self, requirement: &'static str, got: &Got, schema: &str) {
        let Some(body) = got.json.clone() else {
            self.findings.push(finding(
                requirement,
                &self.step,
                CheckKind::ContentType,
                "the body is not JSON".into(),
                got,
            ));
            return;
        };
        let (errors, _extras) = self.io.ctx.schemas.validate(schema, &body);
        for error in errors {
            let mut f = finding(
                requirement,
                &self.step,
                CheckKind::Schema,
                error.message,
                got,
            );
            f.failure.instance_pointer = Some(error.instance_pointer);
            f.failure.schema_pointer = Some(error.schema_pointer);
            self.findings.push(f);
        }
    }

    /// Runs every check on `model`; returns what it saw.
    pub(crate) fn run(&mut self, model: &Model) -> Result<Seen, Transport> {
        let mut seen = Seen::default();
        let mut roles: Vec<(usize, String, Role)> = Vec::new();
        for (index, call) in model.calls.iter().enumerate() {
            let mut callee = call.callee.clone();
            // A placed call seen linked is checked as linked from this round on.
            if call.state == CallState::Placed {
                let got = self.get(&self.linked_path(&call.caller))?;
                if got.status == 200 {
                    if let Some(partner) = got.str_at("/id") {
                        seen.answered.push((index, partner.to_string()));
                        callee = Some(partner.to_string());
                    }
                }
            }
            match (call.state, &callee) {
                (CallState::Unknown, _) => {
                    for segment in call.segments() {
                        roles.push((index, segment, Role::Unknown));
                    }
                }
                (_, Some(callee)) => {
                    roles.push((index, call.caller.clone(), Role::Caller { linked: true }));
                    roles.push((index, callee.clone(), Role::Callee(call.dest)));
                }
                (_, None) => {
                    roles.push((index, call.caller.clone(), Role::Caller { linked: false }))
                }
            }
        }
        // An unknown call's segments lead to the parties a transfer brought in: those are
        // checked in the same round (a bounded number per call).
        let mut next = 0;
        while next < roles.len() {
            let (index, segment, role) = roles[next].clone();
            next += 1;
            let partner = roles
                .iter()
                .find(|(i, s, r)| *i == index && *s != segment && *r != Role::Unknown)
                .map(|(_, s, _)| s.clone());
            let reached_before = seen.reached.len();
            self.segment(index, &segment, role, partner.as_deref(), &mut seen)?;
            if role != Role::Unknown {
                continue;
            }
            for (call, found) in seen.reached[reached_before..].iter().cloned() {
                let of_call = roles.iter().filter(|(i, _, _)| *i == call).count();
                let known = roles.iter().any(|(i, s, _)| *i == call && *s == found);
                if !known && !found.is_empty() && of_call < MAX_REACHED + 2 {
                    roles.push((call, found, Role::Unknown));
                }
            }
        }
        self.lists(&roles)?;
        if let Some(participant) = self
            .fixtures
            .participant
            .clone()
            .filter(|_| model.muted.is_some())
        {
            // Mute and unmute leave the participant in its call: still served (ERRATA E31).
            let got = self.get(&self.fixtures.segment(&participant))?;
            self.status("CS-INSTANCE-200", &got, &[200]);
        }
        Ok(seen)
    }

    fn linked_path(&self, segment: &str) -> String {
        format!("{}/linkedCallSegment", self.fixtures.segment(segment))
    }

    /// The checks on one segment and on the other side of each of its relations.
    fn segment(
        &mut self,
        call: usize,
        segment: &str,
        role: Role,
        partner: Option<&str>,
        seen: &mut Seen,
    ) -> Result<(), Transport> {
        let known = role != Role::Unknown;
        let served: &[u16] = if known { &[200] } else { &[200, 403, 404] };
        let path = self.fixtures.segment(segment);

        let got = self.get(&path)?;
        let requirement = match role {
            Role::Callee(Dest::Outside) => "CS-INSTANCE-BOUND-AVAILABLE",
            _ => "CS-INSTANCE-200",
        };
        if self.status(requirement, &got, served) && got.status == 200 {
            self.schema(requirement, &got, "call-segment.json");
            if got.str_at("/id") != Some(segment) {
                self.fail_at(
                    requirement,
                    format!("the segment read by id {segment} has another id"),
                    &got,
                    "/id",
                    Value::from(segment),
                );
            }
            let (expected, requirement): (&[&str], _) = match role {
                Role::Caller { .. } | Role::Callee(Dest::Second) => {
                    (&["INTERNAL", "Internal"], "CS-TYPE-INTERNAL")
                }
                Role::Callee(Dest::Outside) => (&["EXTERNAL", "External"], "CS-TYPE-EXTERNAL"),
                Role::Unknown => (&[], ""),
            };
            let kind = got.str_at("/type").unwrap_or_default().to_string();
            if !expected.is_empty() && !expected.contains(&kind.as_str()) {
                self.fail_at(
                    requirement,
                    format!("the segment's type is {kind:?}"),
                    &got,
                    "/type",
                    Value::from(expected.to_vec()),
                );
            }
        }
        if let Role::Caller { .. } = role {
            let below = format!(
                "{}/callSegments/{segment}",
                self.fixtures.extension(&self.fixtures.caller)
            );
            let got = self.get(&below)?;
            if self.status("CS-INSTANCE-EXT-ROOT-200", &got, &[200])
                && got.str_at("/id") != Some(segment)
            {
                self.fail_at(
                    "CS-INSTANCE-EXT-ROOT-200",
                    "the caller's segment read below its extension has another id".into(),
                    &got,
                    "/id",
                    Value::from(segment),
                );
            }
        }

        // linkedCallSegment, then linked of linked.
        let got = self.get(&self.linked_path(segment))?;
        let allowed: &[u16] = match role {
            Role::Caller { linked: true } | Role::Callee(_) => &[200],
            Role::Caller { linked: false } => &[200, 404],
            Role::Unknown => &[200, 403, 404],
        };
        let requirement = if known {
            "CS-LINKED-200"
        } else {
            "CS-LINKED-SYMMETRIC"
        };
        if self.status(requirement, &got, allowed) && got.status == 200 {
            let other = got.str_at("/id").unwrap_or_default().to_string();
            if let (true, Some(partner)) = (
                matches!(role, Role::Caller { linked: true } | Role::Callee(_)),
                partner,
            ) {
                if other != partner {
                    self.fail_at("CS-LINKED-SYMMETRIC", format!("{segment} is linked to {other}, not to the other party of the call the sequence made ({partner})"), &got, "/id", Value::from(partner));
                }
            }
            seen.bound.push((call, segment.to_string()));
            seen.reached.push((call, other.clone()));
            let back = self.get(&self.linked_path(&other))?;
            if back.status != 200 || back.str_at("/id") != Some(segment) {
                self.fail_at(
                    "CS-LINKED-SYMMETRIC",
                    format!("{segment} is linked to {other}, but {other}'s linkedCallSegment answers {} with id {:?}: linked of linked must be self", back.status, back.str_at("/id")),
                    &back,
                    "/id",
                    Value::from(segment),
                );
            }
        }

        // dialingToCallSegments, then dialingFrom of each.
        let got = self.get(&format!("{path}/dialingToCallSegments"))?;
        let requirement = "CS-DIALINGTO-200";
        if self.status(requirement, &got, served) && got.status == 200 {
            self.schema(requirement, &got, "call-segment-list.json");
            let items = got
                .json
                .as_ref()
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for (i, item) in items.iter().enumerate() {
                let Some(dialed) = item.get("id").and_then(Value::as_str) else {
                    continue;
                };
                seen.reached.push((call, dialed.to_string()));
                // Each listed segment is being dialed in this very response (ERRATA E28).
                if item.get("incoming") != Some(&Value::Bool(true)) {
                    self.fail_at(
                        "CS-INCOMING-TRUE-WHEN-DIALED",
                        format!(
                            "{segment} is dialing {dialed}, which does not report incoming true"
                        ),
                        &got,
                        &format!("/{i}/incoming"),
                        Value::Bool(true),
                    );
                }
                let back = self.get(&format!(
                    "{}/dialingFromCallSegment",
                    self.fixtures.segment(dialed)
                ))?;
                // Answered meanwhile: the next round sees it linked.
                if back.status == 404 {
                    continue;
                }
                if back.status != 200 || back.str_at("/id") != Some(segment) {
                    self.fail_at("CS-DIALINGFROM-INVERSE", format!("{segment} is dialing {dialed}, but {dialed}'s dialingFromCallSegment answers {} with id {:?}", back.status, back.str_at("/id")), &back, "/id", Value::from(segment));
                }
            }
        }

        // dialingFromCallSegment, then dialingTo of the dialer.
        let got = self.get(&format!("{path}/dialingFromCallSegment"))?;
        let allowed: &[u16] = match role {
            // The caller of an originated call is dialing, never dialed (ERRATA E19, E28).
            Role::Caller { .. } => &[404],
            Role::Callee(_) => &[200, 404],
            Role::Unknown => &[200, 403, 404],
        };
        let requirement = if matches!(role, Role::Caller { .. }) {
            "CS-DIALINGFROM-404-NOT-DIALED"
        } else {
            "CS-DIALINGFROM-INVERSE"
        };
        if self.status(requirement, &got, allowed) && got.status == 200 {
            let dialer = got.str_at("/id").unwrap_or_default().to_string();
            seen.bound.push((call, segment.to_string()));
            seen.reached.push((call, dialer.clone()));
            let back = self.get(&format!(
                "{}/dialingToCallSegments",
                self.fixtures.segment(&dialer)
            ))?;
            // Answered meanwhile: the dialer dials nobody any more, and this one is linked.
            let answered = back.status == 200 && back.ids().is_empty();
            let listed = back.status == 200 && back.ids().iter().any(|id| id == segment);
            if !(answered || listed) {
                self.fail("CS-DIALINGTO-CONTAINS-CALLEE", format!("{dialer} is dialing {segment}, but {dialer}'s dialingToCallSegments ({}) leaves {segment} out", back.status), &back);
            }
        }
        Ok(())
    }

    /// The core server's list and the two extensions' lists against the known segments.
    fn lists(&mut self, roles: &[(usize, String, Role)]) -> Result<(), Transport> {
        let fixtures = self.fixtures;
        let callers: Vec<&str> = ids(roles, |r| matches!(r, Role::Caller { .. }));
        let seconds: Vec<&str> = ids(roles, |r| r == Role::Callee(Dest::Second));
        let outsides: Vec<&str> = ids(roles, |r| r == Role::Callee(Dest::Outside));

        let core = self.get(&format!("{}/callSegments", fixtures.core()))?;
        if self.status("CS-LIST-CORE-200", &core, &[200]) {
            self.schema("CS-LIST-CORE-200", &core, "call-segment-list.json");
            let listed = core.ids();
            for (segments, requirement) in [
                (&callers, "CS-LIST-CORE-INCLUDES-LICENSED"),
                (&seconds, "CS-LIST-CORE-INCLUDES-LICENSED"),
                (&outsides, "CS-LIST-CORE-INCLUDES-BOUND"),
            ] {
                for s in segments.iter().filter(|s| !listed.iter().any(|l| l == *s)) {
                    self.fail(requirement, format!("the core server's list leaves out {s}, a segment of a call the sequence made"), &core);
                }
            }
            if let Some(hidden) = fixtures
                .unlicensed_segment
                .as_deref()
                .filter(|h| listed.iter().any(|l| l == h))
            {
                self.fail("CS-LIST-CORE-EXCLUDES-UNLICENSED", format!("the core server's list holds {hidden}, the segment of a call without a licensed party"), &core);
            }
        }
        let lists = [
            (fixtures.caller.as_str(), &callers, [&seconds, &outsides]),
            (fixtures.second.as_str(), &seconds, [&callers, &outsides]),
        ];
        for (number, own, [others_a, others_b]) in lists {
            let got = self.get(&format!("{}/callSegments", fixtures.extension(number)))?;
            if !self.status("CS-LIST-EXT-200", &got, &[200]) {
                continue;
            }
            self.schema("CS-LIST-EXT-200", &got, "call-segment-list.json");
            let listed = got.ids();
            for s in own.iter().filter(|s| !listed.iter().any(|l| l == *s)) {
                self.fail(
                    "CS-LIST-EXT-OWN-SEGMENTS",
                    format!("extension {number}'s list leaves out its own segment {s}"),
                    &got,
                );
            }
            for s in others_a
                .iter()
                .chain(others_b.iter())
                .filter(|s| listed.iter().any(|l| l == *s))
            {
                self.fail(
                    "CS-LIST-EXT-OWN-SEGMENTS",
                    format!("extension {number}'s list holds {s}, the other party's segment"),
                    &got,
                );
            }
        }
        Ok(())
    }
}

fn ids(roles: &[(usize, String, Role)], keep: impl Fn(Role) -> bool) -> Vec<&str> {
    roles
        .iter()
        .filter(|(_, _, r)| keep(*r))
        .map(|(_, s, _)| s.as_str())
        .collect()
}

fn list(codes: &[u16]) -> String {
    let codes: Vec<String> = codes.iter().map(u16::to_string).collect();
    codes.join(" or ")
}
