//! A second run against the same server passes too: every case restores what it changes or works
//! on fresh state, except the kick, which cannot be undone through the API. It has its own
//! participant (`conference_room.kick_extension`), so the participant the other conference cases
//! use is still in the room; the second run reports the kick as not applicable, saying why,
//! instead of failing a conformant server (a vendor running `cargo test` and then `certify`).
//! The cases that make calls of their own make new ones on the second run; the calls of the
//! first stay up beside them.

use crate::support::catalogue;

use catalogue::{problems, run_catalogue_on, Snapshots};
use isym_conform::embedded::Embedded;
use isym_conform::result::Verdict;
use isym_reference::{Config, Quirk};

/// The trials of the successful kick (`call-segment-actions.yaml`, `conference/kick`).
/// The kick, and the extended case that reads the room after it: both need the kick segment.
const KICK: &[&str] = &[
    "call-segment-actions/conference/kick/",
    "conferences/kicked-participant-left/",
];

fn is_kick(id: &str) -> bool {
    KICK.iter().any(|prefix| id.starts_with(prefix))
}

/// A case that must see its own call ringing and saw it answered first (the reference answers
/// after 3 ms): not applicable, saying so, on either run.
fn missed_the_ringing(case: &isym_conform::result::CaseResult) -> bool {
    case.id.contains("/originated/ringing/")
        && case.verdict == Verdict::NotApplicable
        && case
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("the destination answered before"))
}

#[test]
fn a_second_run_passes_and_only_the_kick_is_not_applicable() {
    rerun(Config::default());
}

/// The same when a kicked call stays up outside the room: the kick participant still has a
/// segment, but the room no longer lists it.
#[test]
fn a_second_run_passes_when_a_kicked_call_stays_up() {
    rerun(Config {
        quirks: vec![Quirk::KickKeepsCall],
        ..Config::default()
    });
}

fn rerun(config: Config) {
    let server = Embedded::start_with(config).expect("reference server starts");
    let first = run_catalogue_on(&server, Snapshots::Reference);
    let second = run_catalogue_on(&server, Snapshots::Reference);

    let c = &first.counts;
    assert_eq!(
        (c.fail, c.error, c.warn),
        (0, 0, 0),
        "first run: {:#?}",
        problems(&first)
    );
    let kicked: Vec<&str> = first
        .cases
        .iter()
        .filter(|case| is_kick(&case.id))
        .map(|case| {
            assert_eq!(case.verdict, Verdict::Pass, "first run: {}", case.id);
            case.id.as_str()
        })
        .collect();
    for prefix in KICK {
        assert!(
            kicked.iter().any(|id| id.starts_with(prefix)),
            "no trial of {prefix}"
        );
    }

    let c = &second.counts;
    assert_eq!(
        (c.fail, c.error),
        (0, 0),
        "second run: {:#?}",
        problems(&second)
    );
    let not_applicable: Vec<&str> = second
        .cases
        .iter()
        .filter(|case| case.verdict == Verdict::NotApplicable && !missed_the_ringing(case))
        .map(|case| case.id.as_str())
        .collect();
    assert_eq!(
        not_applicable, kicked,
        "second run: only the kick is skipped"
    );
    for case in second.cases.iter().filter(|case| is_kick(&case.id)) {
        let reason = case.reason.as_deref().unwrap_or_default();
        for words in [
            "lists no call segment of the kick participant",
            "conference_room.kick_extension",
            "an earlier run may have kicked it",
        ] {
            assert!(reason.contains(words), "{}: {reason}", case.id);
        }
    }
}
