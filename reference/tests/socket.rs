//! The reference server over a real loopback socket: auth challenge, content types, the
//! pages-only profile, latency.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use isym_reference::{Config, RunningServer, Surface};

const CORE: &str = "/communication_manager/rest/live/coreServers/getByName/default";

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// One HTTP/1.1 request on a fresh connection, read to the end (`Connection: close`).
fn request(server: &RunningServer, method: &str, path: &str, auth: bool, body: &str) -> Reply {
    let mut stream = TcpStream::connect(server.addr()).expect("connect");
    let auth = if auth {
        "Authorization: Basic bWFuYWdlcjptYW5hZzNycGE1NXdvcmQ=\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete response");
    let status = head[9..12].parse().expect("status code");
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

#[test]
fn auth_challenge_and_content_types_over_a_socket() {
    let server = RunningServer::start(Config::default(), "127.0.0.1:0".parse().unwrap())
        .expect("server starts");
    assert!(server.base_url().starts_with("http://127.0.0.1:"));

    let denied = request(&server, "GET", &format!("{CORE}/extensions"), false, "");
    assert_eq!(denied.status, 401);
    assert_eq!(
        denied.header("www-authenticate"),
        Some("Basic realm=\"iSymphony\"")
    );

    let listed = request(&server, "GET", &format!("{CORE}/extensions"), true, "");
    assert_eq!(listed.status, 200);
    assert_eq!(listed.header("content-type"), Some("application/json"));
    assert!(listed.body.starts_with('['), "{}", listed.body);

    let missing = request(
        &server,
        "GET",
        &format!("{CORE}/extensions/getByName/9"),
        true,
        "",
    );
    assert_eq!(missing.status, 404);
    assert!(missing
        .header("content-type")
        .unwrap_or("")
        .starts_with("text/plain"));

    let path = format!("{CORE}/extensions/getByName/1006/originate");
    let placed = request(
        &server,
        "POST",
        &path,
        true,
        r#"{"destinationNumber":"1007"}"#,
    );
    assert_eq!(placed.status, 204);
    let invalid = request(&server, "POST", &path, true, "nope");
    assert_eq!(invalid.status, 412);
}

#[test]
fn profile_names_the_bound_address_and_drop_stops_the_server() {
    let server = RunningServer::start(Config::default(), "127.0.0.1:0".parse().unwrap())
        .expect("server starts");
    let profile = server.profile_yaml();
    assert!(profile.contains(&format!("base_url: {}\n", server.base_url())));
    assert!(profile.contains("  username: manager\n"));
    assert!(!profile.contains("password_file") && !profile.contains("snapshots"));
    let addr = server.addr();
    drop(server);
    assert!(TcpStream::connect(addr).is_err(), "listener closed on drop");
}

#[test]
fn latency_holds_back_every_response_errors_included() {
    let latency = Duration::from_millis(50);
    let config = Config {
        latency,
        ..Config::default()
    };
    let server = RunningServer::start(config, "127.0.0.1:0".parse().unwrap()).expect("starts");
    let extensions = format!("{CORE}/extensions");
    for (path, auth, status) in [
        (extensions.as_str(), true, 200),
        (extensions.as_str(), false, 401),
        ("/nowhere", true, 404),
    ] {
        let started = Instant::now();
        let reply = request(&server, "GET", path, auth, "");
        let took = started.elapsed();
        assert_eq!(reply.status, status, "{path}");
        // A lower bound only: a loaded machine may take any longer.
        assert!(took >= latency, "{path} answered after {took:?}");
    }
}

#[test]
fn a_pages_only_server_gives_its_core_server_by_slug_alone() {
    let config = Config {
        surface: Surface::Pages,
        ..Config::default()
    };
    let server = RunningServer::start(config, "127.0.0.1:0".parse().unwrap()).expect("starts");
    let profile = server.profile_yaml();
    assert!(
        profile.contains("core_server:\n  slug: default\nfixtures:\n"),
        "{profile}"
    );
    let core = request(&server, "GET", CORE, true, "");
    assert_eq!(core.status, 404);
}
