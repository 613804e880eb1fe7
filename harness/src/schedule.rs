//! The order cases run in, shared by both front ends (`isym-conform run` and `cargo test`).
//!
//! - Read-only cases run first, all in parallel, the longest (by their steps) started first.
//! - State-changing (serial) cases run after every read-only case has finished, so no read sees
//!   a call a mutating case is making. Among themselves they run in catalogue order (spec files
//!   by name, cases in file order, variants in expansion order), those that only claim (below)
//!   first and `destructive` cases last;
//!   a case waits only for the earlier cases it conflicts with: one of the two may change a
//!   fixture (a profile fixture such as `licensed_extension` or `conference_room`) whose state
//!   the other looks at. An action step that may succeed changes the fixtures it names; any
//!   step that may succeed looks at them; an action expected to be refused does neither (the
//!   core server and the `unknown` values are shared by every case and are no conflict).
//!   Disjoint cases overlap. A case that places a call of its own inside its call window
//!   ([`CallWindow`]) and then only looks at that call claims the fixtures involved: claims
//!   never conflict with each other, so those cases overlap except for their windows, which go
//!   one at a time; they come first among the state-changing cases, as one group. A `destructive` case also waits for every non-destructive
//!   state-changing case, so a kick still comes after every case that uses the room.
//!
//! [`Plan`] is computed from the cases alone; [`Gate`] makes a trial wait for its turn. Only
//! selected cases take part, so a filtered run never waits for a case that will not run, and
//! because cases are started in plan order a waiting case's predecessors have all started:
//! the earliest unfinished case never waits.

use std::sync::{Condvar, Mutex};

use crate::exec::gate::fixture_access;
use crate::spec::Case;

/// The cases of a run in the order they start, and what each waits for.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    /// Read-only cases (by id), then state-changing ones in their order.
    pub order: Vec<&'a Case>,
    /// How many of `order` are read-only (they come first).
    pub reads: usize,
    /// For each entry of `order`: the earlier entries (positions) it waits for, besides the
    /// read-only phase.
    pub waits_for: Vec<Vec<usize>>,
}

impl<'a> Plan<'a> {
    /// Plans `cases` (any order, any subset of the catalogue).
    pub fn of(cases: &[&'a Case]) -> Plan<'a> {
        let (mut serial, mut parallel): (Vec<&Case>, Vec<&Case>) =
            cases.iter().partition(|c| c.serial);
        // The longest first (by steps, a loop or a poll counting as several), so that the phase
        // does not end waiting for one long case started last; then by id.
        parallel.sort_by(|a, b| weight(b).cmp(&weight(a)).then_with(|| a.id.cmp(&b.id)));
        // The cases that only place calls of their own and look at them come first, so that
        // they overlap as one group instead of being split by the cases that conflict with them.
        serial.sort_by_cached_key(|c| {
            let (destructive, ordinal) = c.serial_key();
            (destructive, !fixture_access(c).only_claims(), ordinal)
        });
        let reads = parallel.len();
        let access: Vec<_> = serial.iter().map(|c| fixture_access(c)).collect();
        let destructive: Vec<bool> = serial.iter().map(|c| is_destructive(c)).collect();
        let mut waits_for = vec![Vec::new(); reads];
        for j in 0..serial.len() {
            let deps = (0..j)
                .filter(|&i| (destructive[j] && !destructive[i]) || access[i].conflicts(&access[j]))
                .map(|i| reads + i)
                .collect();
            waits_for.push(deps);
        }
        let mut order = parallel;
        order.extend(serial);
        Plan {
            order,
            reads,
            waits_for,
        }
    }

    /// The longest chain of state-changing cases that must run one after another (positions),
    /// for benchmarks: with unlimited threads the serial phase lasts at least this long. `cost`
    /// is a case's requests; `window` the part of them sent in its call window. A case starts
    /// after every case it waits for has finished, and no sooner than all their call windows
    /// one after another (windows never overlap); every window of the run goes one after
    /// another too.
    pub fn longest_chain(
        &self,
        cost: impl Fn(&Case) -> u64,
        window: impl Fn(&Case) -> u64,
    ) -> (u64, Vec<usize>) {
        let mut best: Vec<(u64, Option<usize>)> = vec![(0, None); self.order.len()];
        for position in self.reads..self.order.len() {
            let (after, from) = self.waits_for[position]
                .iter()
                .map(|&d| (best[d].0, Some(d)))
                .max()
                .unwrap_or((0, None));
            let windows: u64 = self.waits_for[position]
                .iter()
                .map(|&d| window(self.order[d]))
                .sum();
            best[position] = (after.max(windows) + cost(self.order[position]), from);
        }
        let all_windows: u64 = self.order[self.reads..].iter().map(|c| window(c)).sum();
        let Some((end, &(total, _))) = best
            .iter()
            .enumerate()
            .skip(self.reads)
            .max_by_key(|(_, (total, _))| *total)
        else {
            return (0, Vec::new());
        };
        let mut chain = vec![end];
        let mut at = end;
        while let Some(previous) = best[at].1 {
            chain.push(previous);
            at = previous;
        }
        chain.reverse();
        (total.max(all_windows), chain)
    }
}

/// A rough count of the requests a case sends one after another.
fn weight(case: &Case) -> usize {
    case.spec
        .steps
        .iter()
        .map(|step| {
            if step.for_each.is_some() {
                8
            } else if step.eventually.is_some() {
                3
            } else {
                1
            }
        })
        .sum()
}

fn is_destructive(case: &Case) -> bool {
    case.spec.tags.iter().any(|t| t == "destructive")
}

/// Makes each case of a [`Plan`] wait for its turn; shared by the threads that run the cases.
#[derive(Debug)]
pub struct Gate {
    /// For each plan position: the selected positions it waits for.
    waits_for: Vec<Vec<usize>>,
    /// Which plan positions take part.
    selected: Vec<bool>,
    reads: usize,
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Debug)]
struct GateState {
    reads_left: usize,
    done: Vec<bool>,
    /// Positions handed out by [`Gate::take`].
    taken: Vec<bool>,
}

/// Held while a case runs; marks it done when dropped (a panicking case included).
#[derive(Debug)]
pub struct Turn<'a> {
    gate: &'a Gate,
    position: usize,
}

impl Turn<'_> {
    /// The plan position of the case this turn is for.
    pub fn position(&self) -> usize {
        self.position
    }
}

impl Gate {
    /// A gate for `plan` in which only the positions `selected` says yes to take part.
    pub fn new(plan: &Plan<'_>, selected: impl Fn(usize) -> bool) -> Gate {
        let selected: Vec<bool> = (0..plan.order.len()).map(selected).collect();
        let waits_for = plan
            .waits_for
            .iter()
            .map(|deps| deps.iter().copied().filter(|&d| selected[d]).collect())
            .collect();
        let reads_left = (0..plan.reads).filter(|&p| selected[p]).count();
        Gate {
            waits_for,
            reads: plan.reads,
            state: Mutex::new(GateState {
                reads_left,
                done: vec![false; selected.len()],
                taken: vec![false; selected.len()],
            }),
            selected,
            changed: Condvar::new(),
        }
    }

    /// The earliest selected case not handed out yet that may start now, waiting while every
    /// case left waits for another; `None` once every selected case has been handed out. A
    /// pool of threads taking cases this way never holds a thread for a case that must wait,
    /// so a long chain of conflicting cases does not keep disjoint ones from starting.
    pub fn take(&self) -> Option<Turn<'_>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let mut left = false;
            for position in (0..self.selected.len()).filter(|&p| self.selected[p]) {
                if state.taken[position] {
                    continue;
                }
                left = true;
                let ready = position < self.reads
                    || (state.reads_left == 0
                        && self.waits_for[position].iter().all(|&d| state.done[d]));
                if ready {
                    state.taken[position] = true;
                    return Some(Turn {
                        gate: self,
                        position,
                    });
                }
            }
            if !left {
                return None;
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Waits until the case at plan `position` may start.
    pub fn enter(&self, position: usize) -> Turn<'_> {
        if position >= self.reads && self.selected[position] {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            while state.reads_left > 0 || self.waits_for[position].iter().any(|&d| !state.done[d]) {
                state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
            }
        }
        Turn {
            gate: self,
            position,
        }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let gate = self.gate;
        if !gate.selected[self.position] {
            return;
        }
        let mut state = gate.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.done[self.position] {
            state.done[self.position] = true;
            if self.position < gate.reads {
                state.reads_left = state.reads_left.saturating_sub(1);
            }
        }
        gate.changed.notify_all();
    }
}

/// The run's one call window ([`crate::spec::Step::exclusive`]): while a case holds it, no
/// other case places a call, so the case can find the call it placed as a list's new item.
/// Cases that place calls this way overlap everywhere else (their claims never conflict, see
/// [`Plan::of`]).
#[derive(Debug, Default)]
pub struct CallWindow {
    held: Mutex<bool>,
    freed: Condvar,
}

/// Held while a case's `exclusive` steps run; frees the window when dropped.
#[derive(Debug)]
pub struct WindowHold<'a> {
    window: &'a CallWindow,
}

impl CallWindow {
    /// Waits until no other case holds the window, then holds it.
    pub fn enter(&self) -> WindowHold<'_> {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        while *held {
            held = self.freed.wait(held).unwrap_or_else(|e| e.into_inner());
        }
        *held = true;
        WindowHold { window: self }
    }
}

impl Drop for WindowHold<'_> {
    fn drop(&mut self) {
        *self.window.held.lock().unwrap_or_else(|e| e.into_inner()) = false;
        self.window.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load_spec_text;

    const SPEC: &str = r#"cases:
  - id: read
    title: t
    requirements: [R-1]
    tags: [read-only]
    steps:
      - request: { method: GET, path: "/x/{{fixtures.licensed_extension.id}}" }
  - id: dnd-a
    title: t
    requirements: [R-1]
    tags: [mutating]
    steps:
      - request: { method: POST, path: "/a/{{fixtures.licensed_extension.id}}" }
  - id: dnd-b
    title: t
    requirements: [R-1]
    tags: [mutating]
    steps:
      - request: { method: POST, path: "/b/{{fixtures.second_licensed_extension.id}}" }
  - id: kick
    title: t
    requirements: [R-1]
    tags: [mutating, destructive]
    steps:
      - request: { method: POST, path: "/k/{{fixtures.conference_room.kick_segment}}" }
  - id: again-a
    title: t
    requirements: [R-1]
    tags: [mutating]
    steps:
      - request: { method: POST, path: "/a2/{{fixtures.licensed_extension.id}}/{{unknown.uuid}}" }
  - id: refused-a
    title: t
    requirements: [R-1]
    tags: [mutating, negative]
    steps:
      - request: { method: POST, path: "/a3/{{unknown.uuid}}/{{fixtures.licensed_extension.id}}" }
        expect: { status: 404 }
"#;

    fn plan_of(cases: &[Case]) -> Plan<'_> {
        let refs: Vec<&Case> = cases.iter().collect();
        Plan::of(&refs)
    }

    fn cases() -> Vec<Case> {
        load_spec_text("specs/t.yaml", "t", SPEC, None).expect("spec loads")
    }

    #[test]
    fn conflicting_cases_wait_disjoint_ones_overlap_destructive_ones_come_last() {
        let cases = cases();
        let plan = plan_of(&cases);
        let ids: Vec<&str> = plan.order.iter().map(|c| c.spec.id.as_str()).collect();
        assert_eq!(
            ids,
            ["read", "dnd-a", "dnd-b", "again-a", "refused-a", "kick"]
        );
        assert_eq!(plan.reads, 1);
        assert_eq!(
            plan.waits_for[1],
            Vec::<usize>::new(),
            "dnd-a waits for no one"
        );
        assert_eq!(
            plan.waits_for[2],
            Vec::<usize>::new(),
            "dnd-b touches another fixture"
        );
        assert_eq!(
            plan.waits_for[3],
            vec![1],
            "again-a waits for dnd-a (licensed_extension)"
        );
        assert_eq!(
            plan.waits_for[4],
            Vec::<usize>::new(),
            "an action expected to be refused changes and sees nothing"
        );
        assert_eq!(
            plan.waits_for[5],
            vec![1, 2, 3, 4],
            "kick waits for every mutating case"
        );
        let (length, chain) = plan.longest_chain(|_| 1, |_| 0);
        assert_eq!((length, chain), (3, vec![1, 3, 5]));
    }

    #[test]
    fn the_gate_holds_a_case_until_its_predecessors_and_the_reads_are_done() {
        let cases = cases();
        let plan = plan_of(&cases);
        let gate = Gate::new(&plan, |_| true);
        let log = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            // Start them in reverse: each must still wait for its turn.
            for position in (0..plan.order.len()).rev() {
                let (gate, log, plan) = (&gate, &log, &plan);
                scope.spawn(move || {
                    let _turn = gate.enter(position);
                    log.lock()
                        .unwrap()
                        .push(plan.order[position].spec.id.clone());
                    std::thread::sleep(std::time::Duration::from_millis(5));
                });
            }
        });
        let log = log.into_inner().unwrap();
        let at = |id: &str| log.iter().position(|x| x == id).unwrap();
        assert!(
            at("read") < at("dnd-a") && at("read") < at("dnd-b"),
            "{log:?}"
        );
        assert!(at("dnd-a") < at("again-a"), "{log:?}");
        assert_eq!(log.last().map(String::as_str), Some("kick"), "{log:?}");
    }

    #[test]
    #[ignore]
    fn debug_plan_of_the_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let catalogue = crate::spec::load_catalogue(&root).unwrap();
        let cases: Vec<&Case> = catalogue.cases.iter().filter(|c| c.serial).collect();
        let plan = Plan::of(&cases);
        for (i, c) in plan.order.iter().enumerate() {
            eprintln!(
                "{i} {} {:?} {:?}",
                c.id,
                plan.waits_for[i],
                fixture_access(c)
            );
        }
    }

    const CALLS: &str = r#"cases:
  - id: own-call-a
    title: t
    requirements: [R-1]
    tags: [mutating, negative]
    steps:
      - exclusive: true
        request: { method: GET, path: "/e/{{fixtures.licensed_extension.id}}/calls" }
        capture: { before: { pointer: "", pluck: /id } }
      - exclusive: true
        request: { method: POST, path: "/e/{{fixtures.licensed_extension.id}}/originate", json: { to: "{{fixtures.second_licensed_extension.number}}" } }
      - exclusive: true
        request: { method: GET, path: "/e/{{fixtures.licensed_extension.id}}/calls" }
        capture: { call: { pointer: "", pluck: /id, exclude: "{{before}}", first: true } }
      - request: { method: GET, path: "/e/{{fixtures.licensed_extension.id}}/calls/{{call}}" }
      - request: { method: POST, path: "/c/{{call}}/transfer" }
        expect: { status: 422 }
  - id: own-call-b
    title: t
    requirements: [R-1]
    tags: [mutating, negative]
    steps:
      - exclusive: true
        request: { method: POST, path: "/e/{{fixtures.licensed_extension.id}}/originate" }
      - request: { method: GET, path: "/e/{{fixtures.licensed_extension.id}}/calls" }
  - id: watches-the-list
    title: t
    requirements: [R-1]
    tags: [mutating, negative]
    steps:
      - request: { method: GET, path: "/e/{{fixtures.licensed_extension.id}}/calls" }
      - request: { method: POST, path: "/e/{{fixtures.licensed_extension.id}}/originate" }
        expect: { status: 422 }
  - id: own-call-transferred
    title: t
    requirements: [R-1]
    tags: [mutating]
    steps:
      - exclusive: true
        request: { method: POST, path: "/e/{{fixtures.licensed_extension.id}}/originate" }
      - request: { method: POST, path: "/c/{{unknown.uuid}}/transfer" }
        expect: { status: 204 }
  - { id: own-call-c, title: t, requirements: [R-1], tags: [mutating, negative], steps: [
      { exclusive: true, request: { method: POST, path: "/e/{{fixtures.licensed_extension.id}}/originate" } } ] }
"#;

    #[test]
    fn cases_with_call_windows_overlap_unless_one_acts_on_its_call_or_watches_a_list() {
        let cases = load_spec_text("specs/t.yaml", "t", CALLS, None).expect("spec loads");
        let plan = plan_of(&cases);
        let ids: Vec<&str> = plan.order.iter().map(|c| c.spec.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "own-call-a",
                "own-call-b",
                "own-call-c",
                "watches-the-list",
                "own-call-transferred"
            ],
            "the cases that only claim come first"
        );
        let access = fixture_access(plan.order[0]);
        assert_eq!(
            access.claims.iter().map(String::as_str).collect::<Vec<_>>(),
            ["licensed_extension", "second_licensed_extension"],
            "{access:?}"
        );
        assert!(access.only_claims(), "{access:?}");
        // b reads the caller's list after its window: it looks at its own call there, a claim.
        assert_eq!(
            plan.waits_for[1],
            Vec::<usize>::new(),
            "two windows overlap"
        );
        assert_eq!(plan.waits_for[2], Vec::<usize>::new(), "so do three");
        assert_eq!(
            plan.waits_for[3],
            vec![0, 1, 2],
            "a case watching the caller's list waits for the calls placed before it"
        );
        assert_eq!(
            plan.waits_for[4],
            vec![0, 1, 2, 3],
            "acting on its own call changes the caller: it waits for the other windows"
        );
        assert!(!fixture_access(plan.order[4]).only_claims());
        // One request a case: without windows the chain is a case, the watcher, the transfer.
        let (length, chain) = plan.longest_chain(|_| 1, |_| 0);
        assert_eq!((length, chain), (3, vec![2, 3, 4]));
        // With each exclusive step a request of the window: the watcher starts only after the
        // windows of a, b and c (3 + 1 + 1 requests one after another), then the transfer.
        let window = |c: &Case| c.spec.steps.iter().filter(|s| s.exclusive).count() as u64;
        let (length, _) = plan.longest_chain(|_| 1, window);
        assert_eq!(length, 5 + 1 + 1);
    }

    #[test]
    fn the_call_window_is_held_by_one_case_at_a_time() {
        let window = CallWindow::default();
        let inside = std::sync::atomic::AtomicUsize::new(0);
        let most = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..20 {
                        let _hold = window.enter();
                        let now = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                        most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_micros(200));
                        inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(most.into_inner(), 1);
    }

    #[test]
    fn a_free_thread_takes_the_earliest_case_that_may_start() {
        let cases = cases();
        let plan = plan_of(&cases);
        let gate = Gate::new(&plan, |_| true);
        let read = gate.take().expect("the read");
        assert_eq!(read.position(), 0);
        drop(read);
        let dnd_a = gate.take().expect("dnd-a");
        assert_eq!(dnd_a.position(), 1);
        let dnd_b = gate.take().expect("dnd-b, disjoint");
        assert_eq!(dnd_b.position(), 2);
        // again-a (3) waits for dnd-a: the refused action (4) is handed out before it.
        let refused = gate.take().expect("refused-a");
        assert_eq!(refused.position(), 4);
        drop(dnd_a);
        let again = gate.take().expect("again-a, now that dnd-a is done");
        assert_eq!(again.position(), 3);
        drop((dnd_b, refused, again));
        let kick = gate.take().expect("the kick, last");
        assert_eq!(kick.position(), 5);
        drop(kick);
        assert!(gate.take().is_none(), "every case was handed out");
    }

    #[test]
    fn unselected_cases_are_not_waited_for() {
        let cases = cases();
        let plan = plan_of(&cases);
        // Only again-a is selected: it must not wait for the read or dnd-a.
        let gate = Gate::new(&plan, |p| p == 3);
        drop(gate.enter(3));
        let ids: Vec<&str> = plan.order.iter().map(|c| c.spec.id.as_str()).collect();
        assert_eq!(ids[3], "again-a");
    }
}
