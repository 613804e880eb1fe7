//! Running the router on a socket: embedded (on a background thread) or from the binary.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tokio::sync::oneshot;

use crate::{router, AppState, Config};

/// A reference server on its own tokio runtime and thread. Dropping it shuts the server down.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    state: AppState,
    /// When each request arrived (for tests of a client's pacing), from `started`.
    arrivals: std::sync::Arc<std::sync::Mutex<Vec<Instant>>>,
    started: Instant,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    /// Binds `bind` (port 0 picks a free port) and serves the world `config` describes.
    ///
    /// # Errors
    /// When the address cannot be bound or the runtime or thread cannot be created.
    pub fn start(config: Config, bind: SocketAddr) -> std::io::Result<RunningServer> {
        let listener = std::net::TcpListener::bind(bind)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let state = AppState::new(&config);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("isym-reference")
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let arrivals = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let app = router(state.clone()).layer(middleware::from_fn_with_state(
            (arrivals.clone(), config.hang_after),
            note_arrival,
        ));
        let (shutdown, stop) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("isym-reference".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::select! {
                        _ = async { axum::serve(listener, app).await } => {}
                        _ = stop => {}
                    }
                });
                // Open keep-alive connections must not hold up the embedding process.
                runtime.shutdown_background();
            })?;
        Ok(RunningServer {
            addr,
            state,
            arrivals,
            started: Instant::now(),
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// When each request so far arrived, as offsets from the server's start, in arrival order.
    pub fn arrivals(&self) -> Vec<Duration> {
        let arrivals = self.arrivals.lock().unwrap_or_else(|e| e.into_inner());
        arrivals
            .iter()
            .map(|at| at.saturating_duration_since(self.started))
            .collect()
    }

    /// The target profile (DESIGN.md section 2) for this server's world.
    pub fn profile_yaml(&self) -> String {
        self.state.profile_yaml(&self.base_url())
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

type Arrivals = std::sync::Arc<std::sync::Mutex<Vec<Instant>>>;

async fn note_arrival(
    State((arrivals, hang_after)): State<(Arrivals, Option<usize>)>,
    request: Request,
    next: Next,
) -> Response {
    let count = {
        let mut arrivals = arrivals.lock().unwrap_or_else(|e| e.into_inner());
        arrivals.push(Instant::now());
        arrivals.len()
    };
    if hang_after.is_some_and(|limit| count > limit) {
        // A target that stopped answering: the connection stays open, nothing comes back.
        std::future::pending::<()>().await;
    }
    next.run(request).await
}

/// Adds a one-line log per request on stderr: method, path, status, microseconds.
pub fn with_request_log(router: Router) -> Router {
    router.layer(middleware::from_fn(log_request))
}

async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    eprintln!(
        "{method} {path} {} {}",
        response.status().as_u16(),
        started.elapsed().as_micros()
    );
    response
}

/// Holds every response back by `latency` before it is sent, as a network between client and
/// server would. The wait is a timer, so other requests are served meanwhile.
pub(crate) fn with_latency(router: Router, latency: Duration) -> Router {
    if latency.is_zero() {
        // No layer at all: the default costs the benchmarks nothing.
        return router;
    }
    router.layer(middleware::from_fn_with_state(latency, delay_response))
}

async fn delay_response(State(latency): State<Duration>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    tokio::time::sleep(latency).await;
    response
}
