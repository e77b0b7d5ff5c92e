//! `annals serve`: the timeline browser over SSH (russh, ring backend). Each connection gets its own `App` and
//! terminal at its own size (`render`); viewers follow the presenter's view, which lives in the `hub`. The
//! presenter is the local terminal user, or an SSH user whose key is on `--presenters` (`auth`). Limits and
//! defaults are in `config`, the host key in `hostkey`, the log in `log`, commands without a pty in `exec`.
//! What following means (the shared state, detaching, `F`, the audience list) is pure and lives in
//! `app::follow`; raw input bytes become key events in `input::bytes`.

mod auth;
pub mod config;
mod exec;
pub mod hostkey;
mod hub;
mod log;
mod render;
mod session;

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::net::TcpListener;

use crate::app::follow::{self, Shared, ViewerId};
use crate::app::{App, Data, Effect, Role, brief};
use crate::cli::{Cli, ServeArgs};
use crate::cmd::{self, CmdError, Out};
use auth::Presenters;
use config::{Limits, RateLimiter};
use hub::{Hub, LOCAL};
use session::{Conn, Slot};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("host key {}: {reason}", path.display())]
    HostKey { path: PathBuf, reason: String },
    #[error("presenters file {}, line {line}: {reason}", path.display())]
    Presenters { path: PathBuf, line: usize, reason: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("{0}")]
    Usage(String),
}

impl From<ServeError> for CmdError {
    fn from(e: ServeError) -> CmdError {
        match e {
            ServeError::Usage(m) => CmdError::Usage(m),
            other => CmdError::NotFound(other.to_string()),
        }
    }
}

/// How long shutdown waits for sessions to restore their clients' terminals.
const DRAIN: Duration = Duration::from_secs(3);

/// Runs the server until the local presenter quits or a signal (SIGINT, SIGTERM, SIGHUP) arrives.
pub fn run(cli: &Cli, args: &ServeArgs, out: &mut Out) -> Result<u8, CmdError> {
    let limits = Limits {
        max_sessions: args.max_sessions.max(1),
        rate_per_minute: args.rate.max(1),
        max_auth_attempts: args.max_auth_attempts.max(1),
        idle_timeout: config::parse_duration(&args.link_timeout)
            .map_err(|e| ServeError::Usage(format!("--link-timeout: {e}")))?,
    };
    let local = !args.headless && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let tour_file = args.tour.as_deref().map(crate::tour::read).transpose()?;
    // As for `annals brief`: --file, else the timeline the tour names.
    let origin = match (&cli.file, &tour_file) {
        (None, Some(f)) => f.timeline.clone(),
        (file, _) => cmd::origin(file.as_ref()),
    };
    let timeline = cmd::load(&origin)?.timeline;
    let (tour, tour_warnings) = match tour_file {
        Some(f) => {
            let (tour, warnings) = f.resolve(&timeline)?;
            (Some(Arc::new(tour)), warnings)
        }
        None => (None, Vec::new()),
    };
    let key_path = match &args.host_key {
        Some(p) => p.clone(),
        None => hostkey::default_path()
            .ok_or_else(|| ServeError::Usage("no data directory (set HOME or use --host-key)".into()))?,
    };
    let (key, created) = hostkey::load_or_create(&key_path)?;
    let fingerprint = hostkey::fingerprint(&key);
    let presenters = match &args.presenters {
        Some(p) => Presenters::read(p)?,
        None => Presenters::default(),
    };
    let log = match (&args.log, local) {
        (Some(p), _) => log::Log::file(p),
        (None, false) => Ok(log::Log::stderr()),
        (None, true) => hostkey::data_dir()
            .map_or_else(|| Ok(log::Log::stderr()), |d| log::Log::file(&d.join("serve.log"))),
    }
    .map_err(CmdError::Io)?;

    let data = Data::new(timeline);
    let colors = crate::ui::theme::depth_from_env(cli.color);
    let hub = Hub::new(Arc::clone(&data), colors, log.clone(), tour.clone());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(CmdError::Io)?;
    let addr = format!("{}:{}", args.bind, args.port);
    let listener = rt
        .block_on(TcpListener::bind(&addr))
        .map_err(|source| ServeError::Bind { addr: addr.clone(), source })?;
    let bound = listener.local_addr().map_err(CmdError::Io)?;

    let made = if created { " (new)" } else { "" };
    let host = match bound {
        SocketAddr::V6(a) => format!("{}", a.ip()),
        SocketAddr::V4(a) => format!("{}", a.ip()),
    };
    writeln!(out, "annals serve: listening on {bound}")?;
    writeln!(out, "  connect:  ssh -p {} {host}", bound.port())?;
    writeln!(out, "  host key: {fingerprint}{made} ({})", key_path.display())?;
    writeln!(out, "  presenters: {} key(s) allowed; everyone else views", presenters.len())?;
    if let Some(t) = &tour {
        let title = crate::text::inert(&t.title);
        writeln!(
            out,
            "  tour:     {title} ({} stops): the presenter sees the notes, viewers the stops",
            t.stops.len()
        )?;
        log.line(&format!("tour {title:?}, {} stops", t.stops.len()));
    }
    for w in &tour_warnings {
        let w = crate::text::inert(&w.to_string()).into_owned();
        writeln!(out, "  tour warning: {w}")?;
        log.line(&format!("tour warning: {w}"));
    }
    out.flush()?;
    log.line(&format!(
        "listening on {bound}, host key {fingerprint}, {} presenter key(s), limits {limits:?}",
        presenters.len()
    ));

    let ssh_config = Arc::new(russh::server::Config {
        server_id: russh::SshId::Standard(format!("SSH-2.0-annals_{}", env!("CARGO_PKG_VERSION")).into()),
        keys: vec![key],
        max_auth_attempts: limits.max_auth_attempts,
        inactivity_timeout: Some(limits.idle_timeout),
        keepalive_interval: Some(config::KEEPALIVE_INTERVAL),
        keepalive_max: 3,
        auth_rejection_time: Duration::from_millis(20),
        auth_rejection_time_initial: Some(Duration::ZERO),
        // Few handle messages in flight per session: a stalled client holds back at most these frames.
        channel_buffer_size: 4,
        nodelay: true,
        ..Default::default()
    });
    let open = Arc::new(AtomicUsize::new(0));
    rt.spawn(accept(listener, ssh_config, Arc::clone(&hub), Arc::new(presenters), limits, Arc::clone(&open)));

    if local {
        hub.present_locally();
        let mut app = crate::term::local_app(data, cli);
        if let Some(tour) = &tour {
            brief::start(&mut app, Arc::clone(tour), Role::Presenter, 0);
        }
        follow::present(&mut app, hub.audience(LOCAL));
        app.set_message(format!("Serving: ssh -p {} {host} · host key {fingerprint}", bound.port()), false);
        let result = crate::term::run_observed(app, cli, &mut local_observer(Arc::clone(&hub)));
        log.line("the local presenter quit; shutting down");
        stop(&rt, &hub, &open);
        result.map_err(CmdError::Io)?;
    } else {
        let signal = rt.block_on(wait_for_signal());
        log.line(&format!("{signal}; shutting down"));
        stop(&rt, &hub, &open);
    }
    Ok(cmd::exit::OK)
}

/// The local presenter's link to the hub, called by the terminal loop after every change and while idle:
/// publishes the presenter's view, keeps its audience current, carries out a hand-over, and makes the local
/// user a viewer (or the presenter again) when the role moves.
fn local_observer(hub: Arc<Hub>) -> impl FnMut(&mut App, Option<&Effect>) -> bool {
    let mut presenting = true;
    move |app, effect| {
        let mut redraw = false;
        if let Some(Effect::HandOver(ViewerId(to))) = effect
            && let Err(e) = hub.hand_over(LOCAL, *to)
        {
            app.set_message(format!("Cannot hand over: {e}"), true);
            redraw = true;
        }
        let now = hub.presenter() == Some(LOCAL);
        if now != presenting {
            presenting = now;
            if now {
                follow::present(app, hub.audience(LOCAL));
            } else {
                follow::view(app, hub.watch_state().borrow().clone());
            }
            redraw = true;
        }
        if presenting {
            hub.publish(LOCAL, Shared::of(app));
            redraw |= hub.refresh_audience(LOCAL, app);
        } else {
            let latest = hub.watch_state().borrow().clone();
            redraw |= follow::receive(app, latest);
        }
        redraw
    }
}

/// Asks every session to restore its client's terminal and close, and waits for them (bounded).
fn stop(rt: &tokio::runtime::Runtime, hub: &Arc<Hub>, open: &Arc<AtomicUsize>) {
    hub.shut_down();
    let deadline = Instant::now() + DRAIN;
    rt.block_on(async {
        while open.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    hub.log.line(&format!("stopped ({} connections left open)", open.load(Ordering::SeqCst)));
}

async fn wait_for_signal() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term), Ok(mut hup)) =
        (signal(SignalKind::interrupt()), signal(SignalKind::terminate()), signal(SignalKind::hangup()))
    else {
        return "no signal handlers";
    };
    tokio::select! {
        _ = int.recv() => "SIGINT",
        _ = term.recv() => "SIGTERM",
        _ = hup.recv() => "SIGHUP",
    }
}

/// Accepts connections within the limits and runs each as its own task.
async fn accept(
    listener: TcpListener,
    config: Arc<russh::server::Config>,
    hub: Arc<Hub>,
    presenters: Arc<Presenters>,
    limits: Limits,
    open: Arc<AtomicUsize>,
) {
    let mut rate = RateLimiter::new(limits.rate_per_minute);
    let mut shutdown = hub.watch_shutdown();
    loop {
        let (socket, addr) = tokio::select! {
            _ = shutdown.changed() => return,
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    hub.log.line(&format!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        if !rate.allow(addr.ip(), Instant::now()) {
            hub.log.line(&format!("refused {addr}: over {} connections a minute", limits.rate_per_minute));
            continue;
        }
        let n = open.fetch_add(1, Ordering::SeqCst) + 1;
        let slot = Slot(Arc::clone(&open));
        if n > limits.max_sessions {
            hub.log
                .line(&format!("refused {addr}: {} connections open (--max-sessions)", limits.max_sessions));
            continue;
        }
        let id = hub.next_id();
        hub.log.line(&format!("session {id} connected from {addr} ({n} connections open)"));
        let conn = Conn::new(Arc::clone(&hub), Arc::clone(&presenters), id, Some(addr), slot);
        let config = Arc::clone(&config);
        let log = hub.log.clone();
        tokio::spawn(async move {
            match russh::server::run_stream(config, socket, conn).await {
                Ok(session) => {
                    if let Err(e) = session.await {
                        log.line(&format!("session {id} ended: {e}"));
                    }
                }
                Err(e) => log.line(&format!("session {id} handshake failed: {e}")),
            }
        });
    }
}
