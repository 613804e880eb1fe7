//! `isym-reference`: serve the reference world on a port, or print its faults or profile.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context as _};
use clap::Parser;
use isym_reference::{router, with_request_log, AppState, Config, Fault, Quirk, Surface};

/// A reference iSymphony Live REST API server with injectable faults and conformant quirks.
#[derive(Debug, Parser)]
#[command(name = "isym-reference", version)]
struct Cli {
    /// Port to listen on. Default 58080.
    #[arg(long, default_value_t = 58080)]
    port: u16,
    /// Address to listen on. Default 127.0.0.1.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Seed for every id in the world. Default 0.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Inject a fault (repeatable); see --list-faults.
    #[arg(long = "fault", value_name = "NAME")]
    faults: Vec<String>,
    /// Print every fault with the documented rule it breaks, then exit.
    #[arg(long)]
    list_faults: bool,
    /// Behave differently where the documents leave it open (repeatable); `all` takes every
    /// quirk that combines (the first of each group); see --list-quirks. Default none.
    #[arg(long = "quirk", value_name = "NAME")]
    quirks: Vec<String>,
    /// Print every quirk with why the documents allow it, then exit.
    #[arg(long)]
    list_quirks: bool,
    /// Print the target profile describing this world, then exit.
    #[arg(long)]
    print_profile: bool,
    /// Milliseconds before a dialled party answers. Default 3.
    #[arg(long, default_value_t = 3)]
    answer_delay_ms: u64,
    /// Extra licensed extensions (and N/5 calls among them) for benchmarks. Default 0.
    #[arg(long, default_value_t = 0)]
    scale: usize,
    /// Which routes to answer: `full` (everything the reference knows) or `pages` (only what
    /// extensions.txt and call-segments.txt document). Default full.
    #[arg(long, value_name = "full|pages", default_value = "full")]
    surface: String,
    /// Milliseconds every response waits before it is sent, to imitate network latency.
    /// Default 0.
    #[arg(long, value_name = "N", default_value_t = 0)]
    latency_ms: u64,
    /// Basic-auth user name. Default manager.
    #[arg(long, default_value = "manager")]
    username: String,
    /// Read the Basic-auth password from this environment variable.
    /// Default: the vendor's example password, manag3rpa55word.
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
    /// Do not log requests (for benchmarks).
    #[arg(long)]
    quiet: bool,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("isym-reference: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if cli.list_faults {
        for fault in Fault::all() {
            println!("{:<36} {}", fault.name(), fault.rule());
        }
        return Ok(());
    }
    if cli.list_quirks {
        for quirk in Quirk::all() {
            let group = quirk.group().map_or(String::new(), |g| format!(" [{g}]"));
            println!("{:<26} {}{group}", quirk.name(), quirk.note());
        }
        return Ok(());
    }
    let config = config(&cli)?;
    let addr = SocketAddr::new(cli.bind, cli.port);
    let state = AppState::new(&config);
    if cli.print_profile {
        print!("{}", state.target_file_yaml(&format!("http://{addr}")));
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        eprintln!(
            "isym-reference: serving http://{addr} (seed {}, surface {})",
            cli.seed, cli.surface
        );
        let app = router(state);
        let app = if cli.quiet {
            app
        } else {
            with_request_log(app)
        };
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving")
    })
}

fn config(cli: &Cli) -> anyhow::Result<Config> {
    let mut faults = Vec::new();
    for name in &cli.faults {
        match Fault::from_name(name) {
            Some(fault) => faults.push(fault),
            None => bail!("unknown fault {name:?}; --list-faults shows the names"),
        }
    }
    let mut quirks: Vec<Quirk> = Vec::new();
    for name in &cli.quirks {
        let named = match name.as_str() {
            "all" => Quirk::combinations().swap_remove(0),
            _ => match Quirk::from_name(name) {
                Some(quirk) => vec![quirk],
                None => bail!("unknown quirk {name:?}; --list-quirks shows the names"),
            },
        };
        for quirk in named {
            if !quirks.contains(&quirk) {
                quirks.push(quirk);
            }
        }
    }
    if let Some((a, b)) = Quirk::first_conflict(&quirks) {
        bail!(
            "quirks {} and {} are alternatives and cannot be combined",
            a.name(),
            b.name()
        );
    }
    let Some(surface) = Surface::from_name(&cli.surface) else {
        bail!("unknown surface {:?}; use full or pages", cli.surface);
    };
    let mut config = Config {
        seed: cli.seed,
        username: cli.username.clone(),
        answer_delay: Duration::from_millis(cli.answer_delay_ms),
        faults,
        quirks,
        scale: cli.scale,
        surface,
        latency: Duration::from_millis(cli.latency_ms),
        ..Config::default()
    };
    if let Some(var) = &cli.password_env {
        config.password =
            std::env::var(var).with_context(|| format!("reading the password from ${var}"))?;
    }
    Ok(config)
}
