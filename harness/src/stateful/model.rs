//! The model of what a sequence expects: only the calls it originated, from what the target
//! showed (never an empty PBX: earlier runs, earlier sequences and shrinking leave calls up),
//! and only what the pages document for sure (ERRATA E27 to E31).

/// Where an originate dials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dest {
    /// `second_licensed_extension`: its segment is internal and listed under it.
    Second,
    /// `transfer_destination`: an outside number, whose segment is external and bound to the
    /// caller's.
    Outside,
}

impl Dest {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Dest::Second => "second_licensed_extension",
            Dest::Outside => "transfer_destination",
        }
    }
}

/// What the model knows of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallState {
    /// Originated, its caller's segment seen; ringing or answered, not yet seen linked.
    Placed,
    /// Seen linked: the caller's and the callee's segments are known.
    Linked,
    /// A transfer touched it, or which segment is the caller's was ambiguous: the pages leave the
    /// outcome open, so only the invariants of every state are checked on its segments.
    Unknown,
}

/// A call the sequence originated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    /// 1-based, in the order the sequence made them.
    pub number: usize,
    pub dest: Dest,
    /// The caller's segment (of `licensed_extension`).
    pub caller: String,
    /// The callee's segment, once the call was seen linked.
    pub callee: Option<String>,
    pub state: CallState,
    /// Segments reached through the relations of this call's segments once it is unknown
    /// (the parties a transfer brought in), checked for the invariants too.
    pub reached: Vec<String>,
    /// Segments of this call that the last check saw bound to another one (linked, or being
    /// dialed): the ones a transfer on an unknown call may name.
    pub bound: Vec<String>,
}

/// Most segments followed per call: a chain of transfers cannot make a check round unbounded.
pub(crate) const MAX_REACHED: usize = 6;

impl Call {
    /// Every segment of the call the checks look at: caller, callee, then the ones reached.
    pub(crate) fn segments(&self) -> Vec<String> {
        let mut all = vec![self.caller.clone()];
        all.extend(self.callee.iter().cloned());
        for s in &self.reached {
            if !all.contains(s) {
                all.push(s.clone());
            }
        }
        all
    }

    /// Records `segment` as reached from this call (unknown calls only, bounded).
    pub(crate) fn reach(&mut self, segment: &str) {
        if self.state == CallState::Unknown
            && self.reached.len() < MAX_REACHED
            && !self.segments().iter().any(|s| s == segment)
        {
            self.reached.push(segment.to_string());
        }
    }

    /// The call as seen linked to `callee`.
    pub(crate) fn answered(&mut self, callee: &str) {
        if self.state == CallState::Placed {
            self.callee = Some(callee.to_string());
            self.state = CallState::Linked;
        }
    }

    /// The call after a transfer: nothing but the invariants is certain any more (ERRATA E25, E30).
    pub(crate) fn transferred(&mut self) {
        self.state = CallState::Unknown;
    }
}

/// The model of one sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Model {
    pub calls: Vec<Call>,
    /// Do-not-disturb on `licensed_extension` as the sequence set it; `None` while untouched (the
    /// fixture's promise: an extension the cases originate from, left with DND off).
    pub dnd: Option<bool>,
    /// The conference participant's mute as the sequence set it; `None` while untouched.
    pub muted: Option<bool>,
}

impl Model {
    /// Every segment the model knows of, in call order.
    pub(crate) fn segments(&self) -> Vec<String> {
        self.calls.iter().flat_map(Call::segments).collect()
    }

    /// The `index`-th (modulo their number) call among those still placed (not yet seen answered).
    pub(crate) fn placed(&self, index: u8) -> Option<usize> {
        pick(&self.calls, index, |c| c.state == CallState::Placed)
    }

    /// The `index`-th (modulo their number) call a transfer can act on: a placed one (the
    /// transfer waits for its answer first), a linked one, or an unknown one with a segment the
    /// last check saw bound to another.
    pub(crate) fn transferable(&self, index: u8) -> Option<usize> {
        pick(&self.calls, index, |c| match c.state {
            CallState::Placed | CallState::Linked => true,
            CallState::Unknown => !c.bound.is_empty(),
        })
    }

    /// Whether an originate from `licensed_extension` has a certain outcome: not while the
    /// sequence has DND enabled on it (ERRATA E29).
    pub(crate) fn may_originate(&self) -> bool {
        self.dnd != Some(true)
    }
}

fn pick(calls: &[Call], index: u8, eligible: impl Fn(&Call) -> bool) -> Option<usize> {
    let candidates: Vec<usize> = (0..calls.len()).filter(|&i| eligible(&calls[i])).collect();
    (!candidates.is_empty()).then(|| candidates[usize::from(index) % candidates.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(number: usize, state: CallState) -> Call {
        Call {
            number,
            dest: Dest::Second,
            caller: format!("a{number}"),
            callee: (state != CallState::Placed).then(|| format!("b{number}")),
            state,
            reached: Vec::new(),
            bound: Vec::new(),
        }
    }

    #[test]
    fn known_calls_and_unknown_calls_with_a_bound_segment_are_transferable() {
        let mut unknown = call(3, CallState::Unknown);
        let mut model = Model {
            calls: vec![
                call(1, CallState::Placed),
                call(2, CallState::Linked),
                unknown.clone(),
            ],
            ..Model::default()
        };
        // With one candidate, any index picks it.
        let any = 3;
        assert_eq!(model.placed(any), Some(0));
        assert_eq!(model.transferable(0), Some(0));
        assert_eq!(model.transferable(1), Some(1));
        assert_eq!(model.transferable(2), Some(0), "modulo the candidates");
        model.calls[1].transferred();
        model.calls[0].transferred();
        assert_eq!(model.transferable(any), None);
        unknown.bound.push("b3".into());
        model.calls[2] = unknown;
        assert_eq!(model.transferable(any), Some(2));
    }

    #[test]
    fn an_unknown_call_follows_a_bounded_number_of_segments() {
        let mut c = call(1, CallState::Linked);
        c.reach("x");
        assert!(c.reached.is_empty(), "a known call follows nothing");
        c.transferred();
        for n in 0..20 {
            c.reach(&format!("x{n}"));
        }
        c.reach("a1");
        assert_eq!(c.reached.len(), MAX_REACHED);
        assert_eq!(c.segments()[..2], ["a1".to_string(), "b1".to_string()]);
    }

    #[test]
    fn dnd_enabled_makes_an_originate_open() {
        let mut model = Model::default();
        assert!(model.may_originate());
        model.dnd = Some(true);
        assert!(!model.may_originate());
        model.dnd = Some(false);
        assert!(model.may_originate());
    }
}
