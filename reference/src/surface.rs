//! How much of the API the server offers: everything it knows, or only what the two resource
//! pages (extensions.txt, call-segments.txt) document.
//!
//! The pages-only surface exists to prove the harness passes a server that implements the
//! pages and nothing around them: such a server conforms (see the overview facts), so the
//! harness must learn its ids from the documented paths alone.

use crate::path::{Route, SegLoc, SegRoot};

/// Which routes a reference server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Surface {
    /// Every route the reference knows: the two pages plus the core servers, users, queues,
    /// agents and conference rooms around them. The default.
    #[default]
    Full,
    /// Only the routes the two pages document; every other one answers 404 like a path the
    /// server lacks, and agents carry a field set of their own (the pages only say they have
    /// ids).
    Pages,
}

impl Surface {
    const ALL: [Surface; 2] = [Surface::Full, Surface::Pages];

    /// The name used by `--surface NAME`: `full` or `pages`.
    pub fn name(&self) -> &'static str {
        match self {
            Surface::Full => "full",
            Surface::Pages => "pages",
        }
    }

    /// The surface called `name` (see [`Surface::name`]); `None` for any other name.
    pub fn from_name(name: &str) -> Option<Surface> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether this surface answers `route`; one it does not answers 404 ("no such path").
    pub(crate) fn serves(self, route: &Route<'_>) -> bool {
        match self {
            Surface::Full => true,
            Surface::Pages => documented_by_pages(route),
        }
    }
}

/// The pages document extensions under the core and user roots and an agent's extension path,
/// and call segments under the core and extension roots. The core servers, users, queues,
/// agents and rooms themselves belong to other pages; so do the room-rooted segment paths,
/// which the pages only use in curl examples for the Conference Rooms resource.
fn documented_by_pages(route: &Route<'_>) -> bool {
    let room_rooted = |loc: &SegLoc<'_>| matches!(loc.root, SegRoot::Room(_));
    match route {
        Route::CoreList
        | Route::Core
        | Route::UserList
        | Route::User(_)
        | Route::QueueList
        | Route::Queue(_)
        | Route::QueueAgents(_)
        | Route::QueueAgent(..)
        | Route::RoomList
        | Route::Room(_)
        | Route::SegmentList(SegRoot::Room(_)) => false,
        Route::Segment(loc)
        | Route::DialingTo(loc)
        | Route::DialingFrom(loc)
        | Route::Linked(loc)
        | Route::SegmentAction(loc, _) => !room_rooted(loc),
        Route::ExtensionList(_)
        | Route::Extension(_)
        | Route::ExtensionAgents(_)
        | Route::ExtensionAction(..)
        | Route::SegmentList(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path;

    #[test]
    fn names_round_trip_and_unknown_names_are_none() {
        for surface in Surface::ALL {
            assert_eq!(Surface::from_name(surface.name()), Some(surface));
        }
        assert_eq!(Surface::from_name("Pages"), None);
        assert_eq!(Surface::from_name(""), None);
        assert_eq!(Surface::default(), Surface::Full);
    }

    fn pages_serve(below_core: &str) -> bool {
        let full = format!("{}/coreServers/c/{below_core}", path::API_ROOT);
        let parsed = path::parse(full.trim_end_matches('/')).expect("a known path");
        assert!(Surface::Full.serves(&parsed.route));
        Surface::Pages.serves(&parsed.route)
    }

    #[test]
    fn pages_keep_the_documented_roots_and_drop_the_neighbours() {
        for served in [
            "extensions/e",
            "users/u/extensions",
            "user/u/extensions/e/agents",
            "queues/q/agent/a/extension",
            "queues/q/agents/a/extension/callSegments/s/mute",
            "callSegments/s/dialingToCallSegments/t/kicks",
            "extensions/e/callSegments/s/linkedCallSegment",
        ] {
            assert!(pages_serve(served), "{served}");
        }
        for dropped in [
            "",
            "users",
            "user/u",
            "queues/q",
            "queues/q/agents/a",
            "conferences/r",
            "conferences/r/callSegments",
            "conferences/r/callSegments/s/dialingToCallSegments/t/unmute",
        ] {
            assert!(!pages_serve(dropped), "{dropped}");
        }
    }
}
