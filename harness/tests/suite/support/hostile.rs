//! A small misbehaving HTTP server on loopback, for testing how the harness copes with targets that
//! break HTTP itself rather than the API. Each connection gets the scripted [`Behaviour`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the server does with each request.
#[derive(Clone)]
pub enum Behaviour {
    /// Answers with this raw HTTP response (status line, headers and body as given).
    Raw(Vec<u8>),
    /// Answers 302 with this `Location`.
    Redirect(String),
    /// Reads the request and never answers (until the server is dropped).
    Silent,
    /// Sends headers announcing `announced` bytes, writes `sent` bytes of JSON-ish text, then closes.
    ShortBody { announced: usize, sent: usize },
    /// A 200 JSON array of `bytes` bytes.
    Huge { bytes: usize },
    /// 200 with each JSON body in turn, one per request; the last one again once all are sent.
    Sequence(Arc<Sequence>),
}

/// The bodies a [`Behaviour::Sequence`] server answers with, in order.
pub struct Sequence {
    bodies: Vec<String>,
    next: AtomicUsize,
}

impl Behaviour {
    /// A server answering 200 with `bodies` in turn (the last one repeated).
    pub fn sequence(bodies: &[&str]) -> Behaviour {
        assert!(!bodies.is_empty(), "a sequence needs a body");
        Behaviour::Sequence(Arc::new(Sequence {
            bodies: bodies.iter().map(|b| (*b).to_string()).collect(),
            next: AtomicUsize::new(0),
        }))
    }
}

/// A running hostile server; it records every request head it receives.
pub struct HostileServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl HostileServer {
    pub fn start(behaviour: Behaviour) -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, halt) = (Arc::clone(&requests), Arc::clone(&stop));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (behaviour, log, halt) =
                    (behaviour.clone(), Arc::clone(&log), Arc::clone(&halt));
                thread::spawn(move || serve(stream, &behaviour, &log, &halt));
            }
        });
        HostileServer {
            addr,
            requests,
            stop,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The request heads received so far (request line and headers).
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("request log").clone()
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(stream: TcpStream, behaviour: &Behaviour, log: &Mutex<Vec<String>>, halt: &AtomicBool) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut head = String::new();
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            content_length = value.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" || line == "\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut body = vec![0; content_length];
    let _ = reader.read_exact(&mut body);
    log.lock().expect("request log").push(head);
    let mut stream = stream;
    match behaviour {
        Behaviour::Raw(bytes) => {
            let _ = stream.write_all(bytes);
        }
        Behaviour::Redirect(location) => {
            let response = format!(
                "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(response.as_bytes());
        }
        Behaviour::Silent => {
            while !halt.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(20));
            }
        }
        Behaviour::ShortBody { announced, sent } => {
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {announced}\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(response.as_bytes());
            let _ = stream.write_all(&vec![b' '; *sent]);
        }
        Behaviour::Huge { bytes } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
            let mut remaining = *bytes;
            let _ = stream.write_all(b"[");
            remaining = remaining.saturating_sub(2);
            let chunk = vec![b' '; 64 * 1024];
            while remaining > 0 {
                let n = remaining.min(chunk.len());
                if stream.write_all(&chunk[..n]).is_err() {
                    return;
                }
                remaining -= n;
            }
            let _ = stream.write_all(b"]");
        }
        Behaviour::Sequence(sequence) => {
            let index = sequence.next.fetch_add(1, Ordering::SeqCst);
            let body = &sequence.bodies[index.min(sequence.bodies.len() - 1)];
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    }
    let _ = stream.flush();
}
