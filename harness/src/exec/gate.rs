//! Whether a case can run against a target, decided before any request: version, features,
//! state changes, and the discovered values its requests and checks read.
//!
//! One walk over a case's needs serves both the run ([`gate`], against the discovered world)
//! and the offline prediction of `coverage --profile` ([`blockers`], against the world a profile
//! promises: [`crate::offline::promised_world`]), so the two cannot disagree about what a case
//! needs.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use serde_json::{json, Value};

use crate::discovery::{World, UNKNOWN_NUMBER};
use crate::names;
use crate::profile::{ApiVersion, Feature, Profile};
use crate::result::{CheckFailure, CheckKind};
use crate::spec::model::Step;
use crate::spec::template::{self, Scope};
use crate::spec::Case;

/// What the gate decided.
#[derive(Debug)]
pub enum Gate {
    Run,
    NotApplicable(Blocker),
    Fail(Box<CheckFailure>),
    /// The harness cannot decide (discovery met a transport error).
    Error(String),
}

/// Something the profile lacks for a case to run: the case is not applicable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Blocker {
    /// The case needs a later API version than the profile's.
    Version { needs: ApiVersion, has: ApiVersion },
    /// The case needs a feature the profile does not enable.
    Feature(Feature),
    /// The case changes state and the profile does not allow it.
    StateChanges,
    /// A top-level fixture the profile does not name.
    Fixture(String),
    /// A template value discovery cannot provide; `why` when discovery said why (a state of
    /// the target), else the API does not reveal it and the profile must give it.
    Value { name: String, why: Option<String> },
}

impl Blocker {
    /// The not-applicable reason shown in reports.
    pub fn reason(&self) -> String {
        match self {
            Blocker::Version { needs, has } => {
                format!("needs API version {needs}; the profile says {has}")
            }
            Blocker::Feature(feature) => {
                format!("needs feature `{feature}`, which the profile does not enable")
            }
            Blocker::StateChanges => "changes state on the target; the profile does not allow \
                                      state changes (allow_state_changes)"
                .to_string(),
            Blocker::Fixture(root) => {
                format!("fixture `{root}` is not in the profile (add `fixtures.{root}`)")
            }
            Blocker::Value {
                name,
                why: Some(why),
            } => format!("needs `{name}`: {why}"),
            Blocker::Value { name, why: None } => format!(
                "needs `{name}`, which the API does not reveal: give `{}` in the profile",
                names::profile_field(name)
            ),
        }
    }

    /// The profile setting that removes this blocker, as written in a profile.
    pub fn unlock(&self) -> String {
        match self {
            Blocker::Version { needs, .. } => format!("version: \"{needs}\""),
            Blocker::Feature(feature) => format!("features.{feature}"),
            Blocker::StateChanges => "allow_state_changes: true".to_string(),
            Blocker::Fixture(root) => format!("fixtures.{root}"),
            Blocker::Value { name, .. } => names::profile_field(name),
        }
    }
}

/// Whether `case` can run against the target `world` was discovered on, per `profile`.
pub fn gate(profile: &Profile, world: &World, case: &Case) -> Gate {
    let mut decided = Gate::Run;
    walk(profile, world, case, &mut |gate| {
        decided = gate;
        ControlFlow::Break(())
    });
    decided
}

/// Every blocker of `case` under `profile` and `world`, in the order the gate meets them (a
/// fixture absent from the profile is named once, not with each value below it). Gates that
/// fail or err (a discovery that went wrong) are not blockers and are left out.
pub fn blockers(profile: &Profile, world: &World, case: &Case) -> Vec<Blocker> {
    let mut found = Vec::new();
    walk(profile, world, case, &mut |gate| {
        if let Gate::NotApplicable(blocker) = gate {
            if !found.contains(&blocker) {
                found.push(blocker);
            }
        }
        ControlFlow::Continue(())
    });
    found
}

/// Meets each obstacle of `case` in order and hands it to `visit`, which stops the walk or lets
/// it go on to the next.
fn walk(
    profile: &Profile,
    world: &World,
    case: &Case,
    visit: &mut dyn FnMut(Gate) -> ControlFlow<()>,
) {
    let requires = &case.spec.requires;
    if let Some(needs) = requires.version {
        let has = profile.api_version();
        if has < needs {
            let blocker = Blocker::Version { needs, has };
            if visit(Gate::NotApplicable(blocker)).is_break() {
                return;
            }
        }
    }
    for &feature in &requires.features {
        if !profile.features.enabled(feature)
            && visit(Gate::NotApplicable(Blocker::Feature(feature))).is_break()
        {
            return;
        }
    }
    if case.mutating
        && !profile.allow_state_changes
        && visit(Gate::NotApplicable(Blocker::StateChanges)).is_break()
    {
        return;
    }
    let scope = Scope {
        world: &world.tree,
        locals: BTreeMap::from([(
            "unknown".to_string(),
            json!({"uuid": "x", "number": UNKNOWN_NUMBER}),
        )]),
    };
    for name in world_names(case) {
        if let Some(gate) = obstacle_of(world, &scope, &name) {
            if visit(gate).is_break() {
                return;
            }
        }
    }
}

/// What stands between a case and world value `name`, if anything.
fn obstacle_of(world: &World, scope: &Scope, name: &str) -> Option<Gate> {
    let touches_core = name.starts_with("core.") || name.starts_with("fixtures.");
    if let Some(reason) = world.errored.get("core").filter(|_| touches_core) {
        return Some(Gate::Error(format!(
            "discovery of the core server met a transport error: {reason}"
        )));
    }
    if let Some(reason) = world.failed.get("core").filter(|_| touches_core) {
        return Some(Gate::Fail(fixture_failure(format!(
            "discovery failed: {reason}"
        ))));
    }
    if let Some(root) = names::fixture_root(name) {
        if !world.present.contains(root) {
            return Some(Gate::NotApplicable(Blocker::Fixture(root.to_string())));
        }
        if let Some(reason) = world.errored.get(root) {
            return Some(Gate::Error(format!(
                "discovery of fixture `{root}` met a transport error: {reason}"
            )));
        }
        if let Some(reason) = world.failed.get(root) {
            return Some(Gate::Fail(fixture_failure(format!(
                "discovery of fixture `{root}` failed: {reason}"
            ))));
        }
    }
    if scope.lookup(name).is_none() {
        return Some(Gate::NotApplicable(Blocker::Value {
            name: name.to_string(),
            why: world.missing.get(name).cloned(),
        }));
    }
    None
}

fn fixture_failure(message: String) -> Box<CheckFailure> {
    Box::new(CheckFailure::new("discovery", CheckKind::Fixture, message))
}

/// Every discovered (non-capture) name a case reads, its variant's placeholders included.
fn world_names(case: &Case) -> Vec<String> {
    let mut found: Vec<String> = case
        .spec
        .steps
        .iter()
        .flat_map(|step| step_world_names(case, step))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The discovered names one step of `case` reads.
fn step_world_names(case: &Case, step: &Step) -> Vec<String> {
    let mut found = Vec::new();
    let r = &step.request;
    let mut values = vec![Value::String(case.step_path(step).to_string())];
    values.extend(
        r.headers
            .iter()
            .flat_map(|(k, v)| [Value::String(k.clone()), Value::String(v.clone())]),
    );
    values.extend(r.json.clone());
    values.extend(r.body.clone().map(Value::String));
    values.extend(
        step.for_each
            .as_ref()
            .map(|f| Value::String(f.items.clone())),
    );
    let preconditions = step.precondition.iter().flat_map(|p| &p.assert);
    for a in step.expect.assert.iter().chain(preconditions) {
        values.extend(
            crate::spec::validate::assertion_values(a)
                .into_iter()
                .cloned(),
        );
    }
    for capture in step.capture.values() {
        values.extend(capture.spec().exclude);
    }
    for value in &values {
        let _ = template::names_in_value(value, &mut found);
    }
    found.retain(|n| names::is_world_name(n));
    found
}

/// The profile fixtures (top-level names, e.g. `licensed_extension`) a case may change and the
/// ones whose state it looks at: what the scheduler keeps conflicting cases apart by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FixtureAccess {
    /// Named by an action step that may succeed (a 2xx expected or tolerated, or no status
    /// given): the action may change them.
    pub(crate) changes: BTreeSet<String>,
    /// Named by any step that may succeed, reads included: the case sees their state. In a
    /// core case, an action expected to be refused (a 4xx or 5xx only) reads nothing and changes
    /// nothing, so a negative case conflicts with no one; in an extended case every action may
    /// change what it names.
    pub(crate) observes: BTreeSet<String>,
    /// Named inside the case's call window ([`Step::exclusive`]), and by the case's later reads
    /// and refused actions: the case adds a call to them and looks only at that call. Two
    /// cases' claims never conflict (the window keeps their calls apart); a claim conflicts with
    /// another case's change or observation of the same fixture.
    pub(crate) claims: BTreeSet<String>,
}

impl FixtureAccess {
    /// Whether two cases must not overlap: one may change what the other sees.
    pub(crate) fn conflicts(&self, other: &FixtureAccess) -> bool {
        let touches = |a: &FixtureAccess, b: &FixtureAccess| {
            !a.changes.is_disjoint(&b.observes)
                || !a.changes.is_disjoint(&b.claims)
                || !a.claims.is_disjoint(&b.observes)
        };
        touches(self, other) || touches(other, self)
    }

    /// Whether the case only places calls of its own and looks at them.
    pub(crate) fn only_claims(&self) -> bool {
        !self.claims.is_empty() && self.changes.is_empty() && self.observes.is_empty()
    }
}

pub(crate) fn fixture_access(case: &Case) -> FixtureAccess {
    let mut access = FixtureAccess::default();
    // An extended case's expectations are a reading the pages do not impose: a server that
    // conforms to the pages may act on any of its actions.
    let extended = case.level == crate::result::Level::Extended;
    let roots_of = |step: &Step| -> BTreeSet<String> {
        step_world_names(case, step)
            .iter()
            .filter_map(|name| names::fixture_root(name))
            .map(str::to_string)
            .collect()
    };
    for step in case.spec.steps.iter().filter(|s| s.exclusive) {
        access.claims.extend(roots_of(step));
    }
    for step in case.spec.steps.iter().filter(|s| !s.exclusive) {
        let is_action = step.request.method != crate::spec::model::Method::Get;
        let expected_success = step
            .expect
            .status
            .as_ref()
            .is_none_or(|set| set.has_success())
            || step
                .expect
                .tolerate
                .as_ref()
                .is_some_and(|set| set.has_success());
        let may_succeed = (extended && is_action) || expected_success;
        if !may_succeed {
            continue;
        }
        let roots = roots_of(step);
        if is_action {
            // An action that may succeed changes what it names and, in a case with a call
            // window, the call the case placed: the fixtures that call belongs to.
            access.changes.extend(roots.iter().cloned());
            access.changes.extend(access.claims.iter().cloned());
            access.observes.extend(roots);
        } else {
            let (own, shared): (BTreeSet<String>, BTreeSet<String>) =
                roots.into_iter().partition(|r| access.claims.contains(r));
            access.claims.extend(own);
            access.observes.extend(shared);
        }
    }
    access
}
