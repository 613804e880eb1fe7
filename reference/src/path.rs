//! Parses a request path below the API root into a [`Route`], purely syntactically: whether
//! the named objects exist is decided later, so an unknown path (404) and a wrong method (405)
//! are told apart before any lookup.

use crate::world::Ref;

pub(crate) const API_ROOT: &str = "/communication_manager/rest/live";

/// Where an extension instance path starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExtLoc<'a> {
    /// `extensions/{e}`
    Core(Ref<'a>),
    /// `user(s)/{u}/extensions/{e}`
    User(Ref<'a>, Ref<'a>),
    /// `queues/{q}/agent(s)/{a}/extension`
    Agent(Ref<'a>, &'a str),
}

/// Where a call segment collection starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SegRoot<'a> {
    Core,
    Extension(ExtLoc<'a>),
    Room(Ref<'a>),
}

/// A call segment instance: the first id is looked up under `root`, each later one in the
/// previous segment's `dialingToCallSegments`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SegLoc<'a> {
    pub(crate) root: SegRoot<'a>,
    pub(crate) chain: Vec<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExtAction {
    Originate,
    EnableDnd,
    DisableDnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SegAction {
    Transfer,
    Kick,
    Mute,
    Unmute,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    CoreList,
    Core,
    UserList,
    User(Ref<'a>),
    ExtensionList(Option<Ref<'a>>),
    Extension(ExtLoc<'a>),
    ExtensionAgents(ExtLoc<'a>),
    ExtensionAction(ExtLoc<'a>, ExtAction),
    QueueList,
    Queue(Ref<'a>),
    QueueAgents(Ref<'a>),
    QueueAgent(Ref<'a>, &'a str),
    RoomList,
    Room(Ref<'a>),
    SegmentList(SegRoot<'a>),
    Segment(SegLoc<'a>),
    DialingTo(SegLoc<'a>),
    DialingFrom(SegLoc<'a>),
    Linked(SegLoc<'a>),
    SegmentAction(SegLoc<'a>, SegAction),
}

impl Route<'_> {
    /// Actions are POST; everything else is GET.
    pub(crate) fn is_action(&self) -> bool {
        matches!(self, Route::ExtensionAction(..) | Route::SegmentAction(..))
    }
}

/// A parsed path: the core server reference (absent for the core list) and the route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed<'a> {
    pub(crate) core: Option<Ref<'a>>,
    pub(crate) route: Route<'a>,
    /// Whether `[{id} | getByName/{name}]` segments used both forms.
    pub(crate) mixed_forms: bool,
}

struct Cursor<'a> {
    segments: std::str::Split<'a, char>,
    ids: bool,
    names: bool,
}

impl<'a> Cursor<'a> {
    fn next(&mut self) -> Option<&'a str> {
        self.segments.next().filter(|s| !s.is_empty())
    }

    fn at_end(&mut self) -> bool {
        self.segments.clone().next().is_none()
    }

    fn expect(&mut self, words: &[&str]) -> Option<()> {
        self.next().filter(|s| words.contains(s)).map(|_| ())
    }

    fn reference(&mut self) -> Option<Ref<'a>> {
        match self.next()? {
            "getByName" => {
                self.names = true;
                self.next().map(Ref::Name)
            }
            id => {
                self.ids = true;
                Some(Ref::Id(id))
            }
        }
    }

    /// The route is complete only if nothing follows.
    fn end<'r>(&mut self, route: Route<'r>) -> Option<Route<'r>> {
        self.at_end().then_some(route)
    }
}

/// The segments of `path` below `{API_ROOT}/coreServers/` (none for other paths).
pub(crate) fn below_core_servers(path: &str) -> Vec<&str> {
    path.strip_prefix(API_ROOT)
        .and_then(|rest| rest.strip_prefix("/coreServers/"))
        .map(|rest| rest.split('/').collect())
        .unwrap_or_default()
}

/// Parses `path` (the full request path). `None` means no such path: 404.
pub(crate) fn parse(path: &str) -> Option<Parsed<'_>> {
    let rest = path.strip_prefix(API_ROOT)?.strip_prefix('/')?;
    let mut c = Cursor {
        segments: rest.split('/'),
        ids: false,
        names: false,
    };
    c.expect(&["coreServers"])?;
    if c.at_end() {
        return Some(Parsed {
            core: None,
            route: Route::CoreList,
            mixed_forms: false,
        });
    }
    let core = c.reference()?;
    let route = below_core(&mut c)?;
    Some(Parsed {
        core: Some(core),
        route,
        mixed_forms: c.ids && c.names,
    })
}

fn below_core<'a>(c: &mut Cursor<'a>) -> Option<Route<'a>> {
    if c.at_end() {
        return Some(Route::Core);
    }
    match c.next()? {
        "extensions" => extension_collection(c, None),
        "user" | "users" => {
            if c.at_end() {
                return Some(Route::UserList);
            }
            let user = c.reference()?;
            if c.at_end() {
                return Some(Route::User(user));
            }
            c.expect(&["extensions"])?;
            extension_collection(c, Some(user))
        }
        "queues" => {
            if c.at_end() {
                return Some(Route::QueueList);
            }
            let queue = c.reference()?;
            if c.at_end() {
                return Some(Route::Queue(queue));
            }
            c.expect(&["agent", "agents"])?;
            if c.at_end() {
                return Some(Route::QueueAgents(queue));
            }
            let agent = c.next()?;
            if c.at_end() {
                return Some(Route::QueueAgent(queue, agent));
            }
            c.expect(&["extension"])?;
            extension_tail(c, ExtLoc::Agent(queue, agent))
        }
        "conferences" => {
            if c.at_end() {
                return Some(Route::RoomList);
            }
            let room = c.reference()?;
            if c.at_end() {
                return Some(Route::Room(room));
            }
            c.expect(&["callSegments"])?;
            segment_collection(c, SegRoot::Room(room))
        }
        "callSegments" => segment_collection(c, SegRoot::Core),
        _ => None,
    }
}

fn extension_collection<'a>(c: &mut Cursor<'a>, user: Option<Ref<'a>>) -> Option<Route<'a>> {
    if c.at_end() {
        return Some(Route::ExtensionList(user));
    }
    let ext = c.reference()?;
    let loc = match user {
        Some(user) => ExtLoc::User(user, ext),
        None => ExtLoc::Core(ext),
    };
    extension_tail(c, loc)
}

fn extension_tail<'a>(c: &mut Cursor<'a>, loc: ExtLoc<'a>) -> Option<Route<'a>> {
    if c.at_end() {
        return Some(Route::Extension(loc));
    }
    let action = match c.next()? {
        "agents" => return c.end(Route::ExtensionAgents(loc)),
        "callSegments" => return segment_collection(c, SegRoot::Extension(loc)),
        "originate" => ExtAction::Originate,
        "enableDnd" => ExtAction::EnableDnd,
        "disableDnd" => ExtAction::DisableDnd,
        _ => return None,
    };
    c.end(Route::ExtensionAction(loc, action))
}

fn segment_collection<'a>(c: &mut Cursor<'a>, root: SegRoot<'a>) -> Option<Route<'a>> {
    if c.at_end() {
        return Some(Route::SegmentList(root));
    }
    let first = c.next()?;
    let mut loc = SegLoc {
        root,
        chain: vec![first],
    };
    loop {
        if c.at_end() {
            return Some(Route::Segment(loc));
        }
        let action = match c.next()? {
            "dialingToCallSegments" => {
                if c.at_end() {
                    return Some(Route::DialingTo(loc));
                }
                loc.chain.push(c.next()?);
                continue;
            }
            "dialingFromCallSegment" => return c.end(Route::DialingFrom(loc)),
            "linkedCallSegment" => return c.end(Route::Linked(loc)),
            "transfer" => SegAction::Transfer,
            "kick" | "kicks" => SegAction::Kick,
            "mute" => SegAction::Mute,
            "unmute" => SegAction::Unmute,
            _ => return None,
        };
        return c.end(Route::SegmentAction(loc, action));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(p: &str) -> Option<Route<'_>> {
        parse(p).map(|p| p.route)
    }

    #[test]
    fn both_forms_mix_freely() {
        let p =
            parse("/communication_manager/rest/live/coreServers/getByName/default/extensions/abc")
                .unwrap();
        assert_eq!(p.core, Some(Ref::Name("default")));
        assert_eq!(p.route, Route::Extension(ExtLoc::Core(Ref::Id("abc"))));
        assert!(p.mixed_forms);
    }

    #[test]
    fn page_spelling_variants_are_accepted() {
        let root = "/communication_manager/rest/live/coreServers/c";
        for (a, b) in [
            ("user/u/extensions", "users/u/extensions"),
            ("queues/q/agent/a/extension", "queues/q/agents/a/extension"),
            ("callSegments/s/kick", "callSegments/s/kicks"),
        ] {
            assert_eq!(route(&format!("{root}/{a}")), route(&format!("{root}/{b}")));
            assert!(route(&format!("{root}/{a}")).is_some());
        }
    }

    #[test]
    fn nested_dialing_paths_chain_ids() {
        let p = route("/communication_manager/rest/live/coreServers/c/callSegments/a/dialingToCallSegments/b/linkedCallSegment");
        assert_eq!(
            p,
            Some(Route::Linked(SegLoc {
                root: SegRoot::Core,
                chain: vec!["a", "b"]
            }))
        );
    }

    #[test]
    fn unknown_and_trailing_segments_are_rejected() {
        for p in [
            "/communication_manager/rest/live",
            "/communication_manager/rest/live/coreServers/c/nothing",
            "/communication_manager/rest/live/coreServers/c/extensions/e/originate/x",
            "/communication_manager/rest/live/coreServers/c/extensions/getByName",
            "/communication_manager/rest/live/coreServers/c/extensions/",
            "/other/coreServers",
        ] {
            assert_eq!(route(p), None, "{p}");
        }
    }
}
