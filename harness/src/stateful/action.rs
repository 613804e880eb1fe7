//! The actions a sequence is made of, and the proptest strategy that generates and shrinks them.
//!
//! An action names a call by a small number, taken modulo the calls the sequence has made so
//! far that the action can act on, when the step runs (a small range shrinks in a few
//! attempts, where a `proptest::sample::Index` takes sixty-four): a step with nothing to act on does nothing (and shrinking
//! drops it). Shrinking goes towards fewer steps, the first call, the caller's side, blind
//! transfers and calls to `second_licensed_extension`.

use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};

/// One generated step.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Action {
    /// Originate from `licensed_extension` to `second_licensed_extension`, or to
    /// `transfer_destination` (an outside number) when `outside`.
    Originate { outside: bool },
    /// Wait until a call that may still ring is answered (linked).
    AwaitAnswer { call: u8 },
    /// Transfer a call to `transfer_destination`: on the caller's segment (which moves the callee)
    /// or, with `on_callee`, on the callee's (which moves the caller).
    Transfer {
        call: u8,
        on_callee: bool,
        attended: bool,
    },
    /// enableDnd (`enable`) or disableDnd on `licensed_extension`.
    Dnd { enable: bool },
    /// mute (`mute`) or unmute the conference room participant's segment.
    Mute { mute: bool },
}

/// What the profile lets a sequence do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Caps {
    /// `transfer_destination` is given: outside calls and transfers.
    pub outside: bool,
    /// A conference room participant's segment is known, on API 3.3 with conference rooms.
    pub mute: bool,
}

/// The call an action names: one of the first four it can act on.
const CALL: std::ops::Range<u8> = 0..4;

/// One action, weighted so that calls are made, answered and transferred more often than the
/// rest: the sequences that find the most need a call up before anything else acts on it.
fn action(caps: Caps) -> BoxedStrategy<Action> {
    let outside = caps.outside;
    let mut arms: Vec<(u32, BoxedStrategy<Action>)> = vec![
        (
            3,
            any::<bool>()
                .prop_map(move |o| Action::Originate {
                    outside: o && outside,
                })
                .boxed(),
        ),
        (
            2,
            CALL.prop_map(|call| Action::AwaitAnswer { call }).boxed(),
        ),
        (
            1,
            any::<bool>()
                .prop_map(|enable| Action::Dnd { enable })
                .boxed(),
        ),
    ];
    if caps.outside {
        arms.push((
            3,
            (CALL, any::<bool>(), any::<bool>())
                .prop_map(|(call, on_callee, attended)| Action::Transfer {
                    call,
                    on_callee,
                    attended,
                })
                .boxed(),
        ));
    }
    if caps.mute {
        arms.push((
            1,
            any::<bool>().prop_map(|mute| Action::Mute { mute }).boxed(),
        ));
    }
    Union::new_weighted(arms).boxed()
}

/// Sequences of `steps` slots, nine in ten holding an action: runs are as long as the budget
/// allows, and shrinking empties slots (an empty slot is no step), so a shrunk sequence holds
/// only the actions its failure needs.
pub(crate) fn sequence(caps: Caps, steps: u32) -> BoxedStrategy<Vec<Option<Action>>> {
    proptest::collection::vec(
        proptest::option::weighted(0.9, action(caps)),
        steps.max(1) as usize,
    )
    .boxed()
}

/// The actions of a sequence's filled slots.
pub(crate) fn actions(slots: &[Option<Action>]) -> Vec<Action> {
    slots.iter().flatten().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{
        Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner,
    };

    fn runner(seed: u8) -> TestRunner {
        TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
        )
    }

    #[test]
    fn a_seed_gives_the_same_sequence_every_time() {
        let caps = Caps {
            outside: true,
            mute: true,
        };
        let one = sequence(caps, 8)
            .new_tree(&mut runner(7))
            .unwrap()
            .current();
        let two = sequence(caps, 8)
            .new_tree(&mut runner(7))
            .unwrap()
            .current();
        assert_eq!(format!("{one:?}"), format!("{two:?}"));
        assert_eq!(one.len(), 8);
    }

    /// Shrinking a failure that needs two transfers keeps only what it needs.
    #[test]
    fn shrinking_empties_the_slots_a_failure_does_not_need() {
        let caps = Caps {
            outside: true,
            mute: true,
        };
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 256,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[3; 32]),
        );
        let outcome = runner.run(&sequence(caps, 8), |slots| {
            let transfers = actions(&slots)
                .iter()
                .filter(|a| matches!(a, Action::Transfer { .. }))
                .count();
            if transfers >= 2 {
                Err(TestCaseError::fail("two transfers"))
            } else {
                Ok(())
            }
        });
        let Err(TestError::Fail(_, minimal)) = outcome else {
            panic!("some sequence has two transfers: {outcome:?}");
        };
        let minimal = actions(&minimal);
        assert_eq!(minimal.len(), 2, "{minimal:?}");
    }

    #[test]
    fn a_profile_without_destination_or_room_gets_neither_transfers_nor_mutes() {
        let caps = Caps {
            outside: false,
            mute: false,
        };
        for seed in 0..40 {
            let actions = actions(
                &sequence(caps, 8)
                    .new_tree(&mut runner(seed))
                    .unwrap()
                    .current(),
            );
            assert!(actions.iter().all(|a| !matches!(
                a,
                Action::Transfer { .. } | Action::Mute { .. } | Action::Originate { outside: true }
            )));
        }
    }
}
