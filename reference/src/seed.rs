//! The standard reference world (DESIGN.md section 4). Names and numbers are fixed; ids come
//! from the seed.

use crate::world::{Agent, Party, Queue, Room, World};

/// (username, displayed name, full licence) for core `default`.
const DEFAULT_USERS: &[(&str, &str, bool)] = &[
    ("alice", "Alice Archer", true),
    ("bob", "Bob Baker", true),
    ("carol", "Carol Chen", true),
    ("dave", "Dave Dunn", true),
    ("erin", "Erin Evans", true),
    ("grace", "Grace Gill", true),
    ("heidi", "Heidi Hall", true),
    ("ivan", "Ivan Ito", true),
    ("judy", "Judy Jones", true),
    ("guest", "Guest Desk", false),
];

/// (number, username) for core `default`; `None` is an extension bound to nobody.
const DEFAULT_EXTENSIONS: &[(&str, Option<&str>)] = &[
    ("1001", Some("alice")),
    ("1002", Some("bob")),
    ("1003", Some("carol")),
    ("1004", Some("dave")),
    ("1005", Some("erin")),
    ("1006", Some("alice")),
    ("1007", Some("grace")),
    ("1008", Some("heidi")),
    ("1009", Some("ivan")),
    ("1010", Some("judy")),
    ("2001", Some("guest")),
    ("2002", None),
];

/// The caller id numbers of the standing external parties.
pub(crate) const EXTERNAL_CALLER_1005: &str = "18005550100";
pub(crate) const EXTERNAL_CALLER_2002: &str = "18005550199";
const EXTERNAL_CALLEE_3001: &str = "18005550142";
const EXTERNAL_PARTICIPANT: &str = "18005550123";

/// The first number of the `--scale` extensions.
pub(crate) const SCALE_FIRST_NUMBER: usize = 10_000;

/// Builds the standard world of DESIGN.md section 4 for `seed`, plus `scale` extra licensed
/// extensions (numbers from 10000) with `scale / 5` linked calls among them.
pub fn build(seed: u64, scale: usize) -> World {
    let mut world = World::empty(seed);
    populate(&mut world, scale);
    world.mark_standing();
    world
}

fn populate(world: &mut World, scale: usize) {
    let default = world.add_core("Default", "default", true);
    let mut user_index = std::collections::HashMap::new();
    for (name, displayed, full) in DEFAULT_USERS {
        user_index.insert(*name, world.add_user(default, name, displayed, *full));
    }
    let mut ext = std::collections::HashMap::new();
    for (number, user) in DEFAULT_EXTENSIONS {
        let user = user.map(|u| user_index[u]);
        let display = match user {
            Some(u) => world.cores[default].users[u].displayed_name.clone(),
            None => "Lobby Phone".to_owned(),
        };
        ext.insert(
            *number,
            world.add_extension(default, number, &display, user),
        );
    }

    add_queues(world, default, ext["1001"], ext["2001"]);
    standing_calls(world, default, &|n| ext[n]);
    conference(world, default, &[ext["1008"], ext["1010"]]);

    let branch = world.add_core("Branch Office", "branch", false);
    let zoe = world.add_user(branch, "zoe", "Zoe Zimmer", true);
    let e3001 = world.add_extension(branch, "3001", "Zoe Zimmer", Some(zoe));
    let caller = world.new_segment(branch, Party::Extension(e3001), Some("s"), false);
    let callee = world.new_segment(
        branch,
        Party::External {
            number: EXTERNAL_CALLEE_3001,
            name: "",
        },
        None,
        true,
    );
    world.link(branch, caller, callee);

    add_scale(world, default, scale);
}

fn add_queues(world: &mut World, core: usize, e1001: usize, e2001: usize) {
    let queue = |world: &mut World, identifier: &str, display: &str, enabled: bool| {
        let ids = world.ids();
        Queue {
            id: ids.uuid(),
            identifier: identifier.to_owned(),
            display_name: display.to_owned(),
            configuration_id: ids.uuid(),
            permission_id: ids.uuid(),
            enabled,
            agents: Vec::new(),
        }
    };
    let agent = |world: &mut World, name: &str, extension: usize, state: &'static str| Agent {
        id: world.ids().uuid(),
        name: name.to_owned(),
        extension,
        paused: false,
        state,
        dynamic: false,
    };
    let mut sales = queue(world, "sales", "Sales", true);
    sales
        .agents
        .push(agent(world, "Alice Archer", e1001, "INUSE"));
    sales
        .agents
        .push(agent(world, "Guest Desk", e2001, "INUSE"));
    let mut support = queue(world, "support", "Support", false);
    support
        .agents
        .push(agent(world, "Alice Archer", e1001, "INUSE"));
    world.cores[core].queues.extend([sales, support]);
}

fn standing_calls(world: &mut World, core: usize, ext: &dyn Fn(&str) -> usize) {
    let internal = |world: &mut World, n: &str, did: Option<&str>, incoming: bool| {
        world.new_segment(core, Party::Extension(ext(n)), did, incoming)
    };
    // 1001 called 1002, who answered.
    let a = internal(world, "1001", Some("s"), false);
    let b = internal(world, "1002", None, true);
    world.link(core, a, b);
    // 1003 is calling 1004, who never answers.
    let a = internal(world, "1003", Some("s"), false);
    let b = internal(world, "1004", None, true);
    world.dial(core, a, b);
    // An outside caller reached 1005.
    let outside = world.new_segment(
        core,
        Party::External {
            number: EXTERNAL_CALLER_1005,
            name: "Outside Caller",
        },
        Some("s"),
        false,
    );
    let b = internal(world, "1005", None, true);
    world.link(core, outside, b);
    // 1009 (licensed) called 2001 (unlicensed), who answered.
    let a = internal(world, "1009", Some("s"), false);
    let b = internal(world, "2001", None, true);
    world.link(core, a, b);
    // An outside caller reached the unbound 2002: nobody licensed is involved.
    let outside = world.new_segment(
        core,
        Party::External {
            number: EXTERNAL_CALLER_2002,
            name: "Lobby Visitor",
        },
        Some("s"),
        false,
    );
    let b = internal(world, "2002", None, true);
    world.link(core, outside, b);
}

/// Room 94868 with a call of each of `participants` and an outside caller. 1008 is the
/// participant the conference cases mute and unmute; 1010 is the one the kick takes.
fn conference(world: &mut World, core: usize, participants: &[usize]) {
    let ids = world.ids();
    let room = Room {
        id: ids.uuid(),
        configuration_id: ids.uuid(),
        permission_id: ids.uuid(),
        identifier: "94868".to_owned(),
        display_name: "Main bridge".to_owned(),
        dial_string: "94868".to_owned(),
        user_generated: false,
    };
    world.cores[core].rooms.push(room);
    let mut members: Vec<u64> = participants
        .iter()
        .map(|e| world.new_segment(core, Party::Extension(*e), Some("s"), false))
        .collect();
    members.push(world.new_segment(
        core,
        Party::External {
            number: EXTERNAL_PARTICIPANT,
            name: "Dial-in Guest",
        },
        Some("s"),
        false,
    ));
    for key in members {
        if let Some(seg) = world.seg_mut(core, key) {
            seg.room = Some(0);
        }
    }
}

fn add_scale(world: &mut World, core: usize, scale: usize) {
    if scale == 0 {
        return;
    }
    let user = world.add_user(core, "bench", "Bench User", true);
    let exts: Vec<usize> = (0..scale)
        .map(|i| {
            let number = (SCALE_FIRST_NUMBER + i).to_string();
            world.add_extension(core, &number, &format!("Bench {number}"), Some(user))
        })
        .collect();
    for pair in exts.chunks_exact(2).take(scale / 5) {
        let a = world.new_segment(core, Party::Extension(pair[0]), Some("s"), false);
        let b = world.new_segment(core, Party::Extension(pair[1]), None, true);
        world.link(core, a, b);
    }
}
