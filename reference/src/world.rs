//! The live state of the reference PBX: core servers, users, extensions, queues, conference
//! rooms and call segments, plus the state changes the actions cause.

use std::collections::{BTreeMap, HashMap};

use crate::ids::IdGen;

/// An `[{id} | getByName/{name}]` path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ref<'a> {
    Id(&'a str),
    Name(&'a str),
}

/// Everything the reference server knows. Guarded by one lock in [`crate::AppState`].
#[derive(Debug, Clone)]
pub struct World {
    pub(crate) cores: Vec<Core>,
    ids: IdGen,
    next_key: u64,
    seed: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Core {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) conference_rooms: bool,
    /// Readings of the documents the quirks switch (the reference's own when false).
    pub(crate) readings: Readings,
    pub(crate) users: Vec<User>,
    pub(crate) extensions: Vec<Extension>,
    ext_by_id: HashMap<String, usize>,
    ext_by_number: HashMap<String, usize>,
    pub(crate) queues: Vec<Queue>,
    pub(crate) rooms: Vec<Room>,
    /// Keyed by creation order, so lists come out oldest first.
    pub(crate) segments: BTreeMap<u64, Segment>,
    seg_by_id: HashMap<String, u64>,
    /// Segments with a key below this were up when the world was built (the standing calls);
    /// later ones were made by actions. Only the `originated-calls-unlisted` fault looks.
    pub(crate) standing_keys: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) id: String,
    pub(crate) configuration_id: String,
    pub(crate) permission_id: String,
    pub(crate) user_name: String,
    pub(crate) displayed_name: String,
    pub(crate) full: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Extension {
    pub(crate) id: String,
    pub(crate) number: String,
    pub(crate) display_name: String,
    pub(crate) configuration_id: String,
    pub(crate) permission_id: String,
    pub(crate) user: Option<usize>,
    pub(crate) dnd: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Queue {
    pub(crate) id: String,
    pub(crate) identifier: String,
    pub(crate) display_name: String,
    pub(crate) configuration_id: String,
    pub(crate) permission_id: String,
    pub(crate) enabled: bool,
    pub(crate) agents: Vec<Agent>,
}

#[derive(Debug, Clone)]
pub(crate) struct Agent {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) extension: usize,
    pub(crate) paused: bool,
    pub(crate) state: &'static str,
    pub(crate) dynamic: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Room {
    pub(crate) id: String,
    pub(crate) configuration_id: String,
    pub(crate) permission_id: String,
    pub(crate) identifier: String,
    pub(crate) display_name: String,
    pub(crate) dial_string: String,
    pub(crate) user_generated: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct CallerId {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) number: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub(crate) key: u64,
    pub(crate) id: String,
    /// The extension the segment is bound to; `None` for an EXTERNAL segment.
    pub(crate) extension: Option<usize>,
    pub(crate) caller_id: CallerId,
    pub(crate) did: Option<String>,
    pub(crate) on_hold: bool,
    pub(crate) recording: bool,
    pub(crate) incoming: bool,
    pub(crate) linked: Option<u64>,
    pub(crate) dialing_from: Option<u64>,
    pub(crate) dialing_to: Vec<u64>,
    pub(crate) room: Option<usize>,
    pub(crate) muted: bool,
    /// A transfer moved it (only the `second-transfer-one-sided-link` fault looks).
    pub(crate) moved: bool,
}

/// Where the documents allow two readings and the reference takes the first (see `quirks.rs`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Readings {
    /// An answered segment is no longer "being dialed", so `incoming` turns false.
    pub(crate) incoming_ends_on_answer: bool,
    /// Segments in one conference room are bound to each other (for the licensing rule).
    pub(crate) room_peers_related: bool,
    /// A kicked segment stays up, in no room (the reference hangs it up).
    pub(crate) kick_keeps_call: bool,
}

/// Who a new segment belongs to.
pub(crate) enum Party<'a> {
    Extension(usize),
    External { number: &'a str, name: &'a str },
}

impl Core {
    fn new(ids: &mut IdGen, name: &str, slug: &str, conference_rooms: bool) -> Self {
        Core {
            id: ids.uuid(),
            name: name.to_owned(),
            slug: slug.to_owned(),
            conference_rooms,
            readings: Readings::default(),
            users: Vec::new(),
            extensions: Vec::new(),
            ext_by_id: HashMap::new(),
            ext_by_number: HashMap::new(),
            queues: Vec::new(),
            rooms: Vec::new(),
            segments: BTreeMap::new(),
            seg_by_id: HashMap::new(),
            standing_keys: 0,
        }
    }

    pub(crate) fn matches(&self, r: Ref<'_>) -> bool {
        match r {
            Ref::Id(id) => self.id == id,
            Ref::Name(slug) => self.slug == slug,
        }
    }

    pub(crate) fn find_user(&self, r: Ref<'_>) -> Option<usize> {
        self.users.iter().position(|u| match r {
            Ref::Id(id) => u.id == id,
            Ref::Name(name) => u.user_name == name,
        })
    }

    pub(crate) fn find_extension(&self, r: Ref<'_>) -> Option<usize> {
        match r {
            Ref::Id(id) => self.ext_by_id.get(id).copied(),
            Ref::Name(number) => self.ext_by_number.get(number).copied(),
        }
    }

    pub(crate) fn find_queue(&self, r: Ref<'_>) -> Option<usize> {
        self.queues.iter().position(|q| match r {
            Ref::Id(id) => q.id == id,
            Ref::Name(name) => q.identifier == name,
        })
    }

    pub(crate) fn find_room(&self, r: Ref<'_>) -> Option<usize> {
        self.rooms.iter().position(|room| match r {
            Ref::Id(id) => room.id == id,
            Ref::Name(name) => room.identifier == name,
        })
    }

    pub(crate) fn segment_key(&self, id: &str) -> Option<u64> {
        self.seg_by_id.get(id).copied()
    }

    pub(crate) fn segment(&self, key: u64) -> &Segment {
        &self.segments[&key]
    }

    /// Bound to a user holding a full licence (the pages' "licensed/full user").
    pub(crate) fn is_licensed(&self, ext: usize) -> bool {
        self.extensions[ext]
            .user
            .is_some_and(|u| self.users[u].full)
    }

    fn bound_to_licensed(&self, seg: &Segment) -> bool {
        seg.extension.is_some_and(|e| self.is_licensed(e))
    }

    fn related<'a>(&'a self, seg: &'a Segment) -> impl Iterator<Item = &'a Segment> + 'a {
        let room_peers = self.segments.values().filter(move |other| {
            self.readings.room_peers_related && seg.room.is_some() && other.room == seg.room
        });
        seg.linked
            .iter()
            .chain(seg.dialing_from.iter())
            .chain(seg.dialing_to.iter())
            .filter_map(|k| self.segments.get(k))
            .chain(room_peers)
    }

    /// The licensing rule of call-segments.txt: a segment is visible when it is bound to a
    /// licensed extension, or linked to / dialing / dialed by a segment that is.
    /// `hide_unlicensed_bound` is the over-exclusion fault: segments bound to an unlicensed
    /// extension are hidden even when related to a licensed one.
    pub(crate) fn segment_visible(&self, seg: &Segment, hide_unlicensed_bound: bool) -> bool {
        if self.bound_to_licensed(seg) {
            return true;
        }
        if hide_unlicensed_bound && seg.extension.is_some() {
            return false;
        }
        self.related(seg).any(|other| self.bound_to_licensed(other))
    }

    fn add_extension(&mut self, ext: Extension) -> usize {
        let index = self.extensions.len();
        self.ext_by_id.insert(ext.id.clone(), index);
        self.ext_by_number.insert(ext.number.clone(), index);
        self.extensions.push(ext);
        index
    }
}

impl World {
    /// A world with no core server, whose ids come from `seed` (`crate::seed::build` fills it).
    pub(crate) fn empty(seed: u64) -> World {
        World {
            cores: Vec::new(),
            ids: IdGen::new(seed),
            next_key: 0,
            seed,
        }
    }

    /// Marks every call made so far as a standing call of the seeded world.
    pub(crate) fn mark_standing(&mut self) {
        for core in &mut self.cores {
            core.standing_keys = self.next_key;
        }
    }

    pub(crate) fn seed(&self) -> u64 {
        self.seed
    }

    pub(crate) fn ids(&mut self) -> &mut IdGen {
        &mut self.ids
    }

    pub(crate) fn add_core(&mut self, name: &str, slug: &str, conference_rooms: bool) -> usize {
        let core = Core::new(&mut self.ids, name, slug, conference_rooms);
        self.cores.push(core);
        self.cores.len() - 1
    }

    pub(crate) fn add_user(
        &mut self,
        core: usize,
        name: &str,
        displayed: &str,
        full: bool,
    ) -> usize {
        let user = User {
            id: self.ids.uuid(),
            configuration_id: self.ids.uuid(),
            permission_id: self.ids.uuid(),
            user_name: name.to_owned(),
            displayed_name: displayed.to_owned(),
            full,
        };
        let users = &mut self.cores[core].users;
        users.push(user);
        users.len() - 1
    }

    pub(crate) fn add_extension(
        &mut self,
        core: usize,
        number: &str,
        display_name: &str,
        user: Option<usize>,
    ) -> usize {
        let ext = Extension {
            id: self.ids.uuid(),
            number: number.to_owned(),
            display_name: display_name.to_owned(),
            configuration_id: self.ids.uuid(),
            permission_id: self.ids.uuid(),
            user,
            dnd: false,
        };
        self.cores[core].add_extension(ext)
    }

    /// Creates an unrelated segment for `party` and returns its key.
    pub(crate) fn new_segment(
        &mut self,
        core: usize,
        party: Party<'_>,
        did: Option<&str>,
        incoming: bool,
    ) -> u64 {
        let (extension, name, number) = match party {
            Party::Extension(e) => {
                let ext = &self.cores[core].extensions[e];
                (Some(e), ext.display_name.clone(), ext.number.clone())
            }
            Party::External { number, name } => (None, name.to_owned(), number.to_owned()),
        };
        let key = self.next_key;
        self.next_key += 1;
        let seg = Segment {
            key,
            id: self.ids.uuid(),
            extension,
            caller_id: CallerId {
                id: self.ids.uuid(),
                name,
                number,
            },
            did: did.map(str::to_owned),
            on_hold: false,
            recording: false,
            incoming,
            linked: None,
            dialing_from: None,
            dialing_to: Vec::new(),
            room: None,
            muted: false,
            moved: false,
        };
        let core = &mut self.cores[core];
        core.seg_by_id.insert(seg.id.clone(), key);
        core.segments.insert(key, seg);
        key
    }

    pub(crate) fn seg_mut(&mut self, core: usize, key: u64) -> Option<&mut Segment> {
        self.cores[core].segments.get_mut(&key)
    }

    pub(crate) fn link(&mut self, core: usize, a: u64, b: u64) {
        if let Some(s) = self.seg_mut(core, a) {
            s.linked = Some(b);
        }
        if let Some(s) = self.seg_mut(core, b) {
            s.linked = Some(a);
        }
    }

    pub(crate) fn dial(&mut self, core: usize, caller: u64, callee: u64) {
        if let Some(s) = self.seg_mut(core, caller) {
            s.dialing_to.push(callee);
        }
        if let Some(s) = self.seg_mut(core, callee) {
            s.dialing_from = Some(caller);
        }
    }

    /// The party a dialled number reaches: an extension of the core, or the outside world.
    fn party_for(&self, core: usize, number: &str) -> Option<usize> {
        self.cores[core].find_extension(Ref::Name(number))
    }

    /// Creates a segment dialled by `caller` for `destination` and returns its key.
    pub(crate) fn dial_out(&mut self, core: usize, caller: u64, destination: &str) -> u64 {
        let party = match self.party_for(core, destination) {
            Some(e) => Party::Extension(e),
            None => Party::External {
                number: destination,
                name: "",
            },
        };
        let callee = self.new_segment(core, party, None, true);
        self.dial(core, caller, callee);
        callee
    }

    /// Starts a call from `ext` to `destination`: both legs exist at once, the caller's dialing
    /// the callee's. Returns (caller, callee); the callee answers via [`World::answer`].
    pub(crate) fn originate(&mut self, core: usize, ext: usize, destination: &str) -> (u64, u64) {
        let caller = self.new_segment(core, Party::Extension(ext), None, false);
        let callee = self.dial_out(core, caller, destination);
        (caller, callee)
    }

    /// The callee picks up: the dialing relation becomes a link. A no-op when either segment
    /// is gone or the relation changed meanwhile.
    pub(crate) fn answer(&mut self, core: usize, caller: u64, callee: u64) {
        let segments = &self.cores[core].segments;
        let still_ringing = segments
            .get(&caller)
            .is_some_and(|s| s.dialing_to.contains(&callee))
            && segments
                .get(&callee)
                .is_some_and(|s| s.dialing_from == Some(caller));
        if !still_ringing {
            return;
        }
        if let Some(s) = self.seg_mut(core, caller) {
            s.dialing_to.retain(|k| *k != callee);
        }
        if let Some(s) = self.seg_mut(core, callee) {
            s.dialing_from = None;
        }
        self.link(core, caller, callee);
        if self.cores[core].readings.incoming_ends_on_answer {
            if let Some(s) = self.seg_mut(core, callee) {
                s.incoming = false;
            }
        }
    }

    /// The segment a transfer on `key` moves: its linked segment, else the one dialing it.
    pub(crate) fn bound_segment(&self, core: usize, key: u64) -> Option<u64> {
        let seg = self.cores[core].segments.get(&key)?;
        seg.linked.or(seg.dialing_from)
    }

    /// Moves `mover` to `destination`, hanging up `hung_up` (the party it leaves behind).
    /// Returns (mover, new callee) so the caller can schedule the answer. With `one_sided_again`
    /// (a fault), moving a segment moved before keeps `hung_up` up and linked to it.
    pub(crate) fn transfer(
        &mut self,
        core: usize,
        mover: u64,
        hung_up: u64,
        destination: &str,
        one_sided_again: bool,
    ) -> (u64, u64) {
        let moved_before = self.cores[core]
            .segments
            .get(&mover)
            .is_some_and(|s| s.moved);
        if let Some(s) = self.seg_mut(core, mover) {
            s.moved = true;
        }
        if one_sided_again && moved_before {
            if let Some(s) = self.seg_mut(core, mover) {
                s.linked = s.linked.filter(|k| *k != hung_up);
                s.dialing_from = s.dialing_from.filter(|k| *k != hung_up);
                s.incoming = false;
            }
            let callee = self.dial_out(core, mover, destination);
            return (mover, callee);
        }
        // Detach the two first, so hanging one up cannot take the other with it.
        if let Some(s) = self.seg_mut(core, mover) {
            s.linked = s.linked.filter(|k| *k != hung_up);
            s.dialing_from = s.dialing_from.filter(|k| *k != hung_up);
            s.dialing_to.retain(|k| *k != hung_up);
            // The mover now places the call to the destination.
            s.incoming = false;
        }
        if let Some(s) = self.seg_mut(core, hung_up) {
            s.linked = s.linked.filter(|k| *k != mover);
            s.dialing_from = s.dialing_from.filter(|k| *k != mover);
            s.dialing_to.retain(|k| *k != mover);
        }
        self.hang_up(core, hung_up);
        let callee = self.dial_out(core, mover, destination);
        (mover, callee)
    }

    /// Removes a segment and every reference to it. Segments it was still dialing go too.
    pub(crate) fn hang_up(&mut self, core: usize, key: u64) {
        let c = &mut self.cores[core];
        let Some(seg) = c.segments.remove(&key) else {
            return;
        };
        c.seg_by_id.remove(&seg.id);
        if let Some(other) = seg.linked.and_then(|k| c.segments.get_mut(&k)) {
            other.linked = None;
        }
        if let Some(other) = seg.dialing_from.and_then(|k| c.segments.get_mut(&k)) {
            other.dialing_to.retain(|k| *k != key);
        }
        let abandoned: Vec<u64> = seg
            .dialing_to
            .into_iter()
            .filter(|callee| {
                c.segments
                    .get(callee)
                    .is_some_and(|s| s.dialing_from == Some(key))
            })
            .collect();
        for callee in abandoned {
            self.hang_up(core, callee);
        }
    }
}
