//! The local loop: raw mode and the alternate screen on entry; draw (inside a synchronized update), read an
//! event, map it through the keymap, `update`, carry out the effect; and restore the terminal on every way out:
//! quit, error, panic (a panic hook), Ctrl-C, SIGTERM and SIGHUP. `Tui` is generic over its writer, so the
//! same app can draw into an SSH channel; nothing here is global state.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

use crate::app::{Action, App, Data, Effect, update, update::jump_to};
use crate::cli::Cli;
use crate::input::{self, KeyParser};
use crate::search::worker::{Pace, Worker};
use crate::timeline::{Origin, Timeline};
use crate::ui;

/// A terminal the browser draws on, over any writer (stdout here; an SSH channel later).
pub struct Tui<W: Write> {
    terminal: Terminal<CrosstermBackend<W>>,
    active: bool,
}

impl<W: Write> Tui<W> {
    /// Takes over the terminal: alternate screen, hidden cursor, mouse capture. `size` is the terminal's size
    /// (the writer cannot be asked for it).
    pub fn enter(mut writer: W, width: u16, height: u16, mouse: bool) -> io::Result<Tui<W>> {
        execute!(writer, EnterAlternateScreen, cursor::Hide)?;
        if mouse {
            execute!(writer, EnableMouseCapture)?;
        }
        let backend = CrosstermBackend::new(writer);
        let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, width, height)) };
        let terminal = Terminal::with_options(backend, options)?;
        Ok(Tui { terminal, active: true })
    }

    /// Draws a frame as one synchronized update, so a slow link never shows half a frame.
    pub fn draw(&mut self, app: &App) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(|f| ui::view(app, f))?;
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)
    }

    /// The terminal has a new size: the next frame is drawn whole at that size.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        self.terminal.resize(Rect::new(0, 0, width, height))
    }

    pub fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        if on {
            execute!(self.terminal.backend_mut(), EnableMouseCapture)
        } else {
            execute!(self.terminal.backend_mut(), DisableMouseCapture)
        }
    }

    /// Puts text on the clipboard of the terminal (and of the machine it runs on, over SSH) with OSC 52.
    pub fn copy(&mut self, text: &str) -> io::Result<()> {
        let b64 = base64::engine::general_purpose::STANDARD.encode(text);
        let w = self.terminal.backend_mut();
        write!(w, "\x1b]52;c;{b64}\x07")?;
        w.flush()
    }

    /// Gives the terminal back: mouse off, main screen, cursor shown. Safe to call twice.
    pub fn restore(&mut self) -> io::Result<()> {
        if !self.active {
            return Ok(());
        }
        self.active = false;
        execute!(self.terminal.backend_mut(), DisableMouseCapture, LeaveAlternateScreen, cursor::Show)
    }

    /// Carries out an effect; returns false for `Quit`.
    pub fn apply(&mut self, effect: Effect) -> io::Result<bool> {
        match effect {
            Effect::Quit => return Ok(false),
            Effect::Copy(text) => self.copy(&text)?,
            Effect::Mouse(on) => self.set_mouse(on)?,
            // Only `annals serve` has an audience to hand over to.
            Effect::HandOver(_) => {}
        }
        Ok(true)
    }
}

impl<W: Write> Drop for Tui<W> {
    fn drop(&mut self) {
        let _ = self.restore();
    }
}

/// Restores stdout's terminal without any state: for the panic hook and the last way out.
fn restore_stdout() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
}

/// Ends the process when a signal asked the loop to stop and the loop cannot. crossterm 0.29 reads a hung-up
/// terminal in a loop that never returns (end of file and EIO are neither "would block" nor an event), so
/// after the SIGHUP of a dropped SSH link the loop would spin forever, holding a CPU. On SIGTERM, SIGHUP or
/// SIGINT the watchdog gives the loop a moment to end by itself and restore the terminal; past that it
/// restores what it can and exits.
struct Watchdog {
    handle: signal_hook::iterator::Handle,
    /// Dropped when the loop has ended: the watchdog then has nothing to do.
    _done: std::sync::mpsc::Sender<()>,
}

impl Watchdog {
    /// How long a stopping loop may take before the watchdog ends the process.
    const GRACE: Duration = Duration::from_secs(1);

    fn start() -> io::Result<Watchdog> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let handle = signals.handle();
        let (done, ended) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            // None: the handle was closed because the loop ended first.
            if signals.forever().next().is_some()
                && ended.recv_timeout(Watchdog::GRACE) == Err(std::sync::mpsc::RecvTimeoutError::Timeout)
            {
                // Restoring writes to stdout, whose lock a wedged loop may hold: give it a moment, then go.
                let (restored, wait) = std::sync::mpsc::channel::<()>();
                std::thread::spawn(move || {
                    restore_stdout();
                    let _ = restored.send(());
                });
                let _ = wait.recv_timeout(Watchdog::GRACE);
                std::process::exit(0);
            }
        });
        Ok(Watchdog { handle, _done: done })
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.handle.close();
    }
}

/// Raw mode for as long as it lives.
struct RawMode;

impl RawMode {
    fn on() -> io::Result<RawMode> {
        enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = disable_raw_mode();
    }
}

/// Runs the browser on this process's terminal until the user quits or a signal arrives.
pub fn run(timeline: Timeline, origin: &Origin, cli: &Cli) -> io::Result<()> {
    run_with(timeline, origin, cli, |_| {})
}

/// `run`, with `setup` applied to the app once it knows its size and before `--at` (`annals brief` starts
/// its tour there).
pub fn run_with(
    timeline: Timeline,
    _origin: &Origin,
    cli: &Cli,
    setup: impl FnOnce(&mut App),
) -> io::Result<()> {
    let mut app = local_app(Data::new(timeline), cli);
    let (w, h) = crossterm::terminal::size()?;
    update(&mut app, Action::Resize { width: w, height: h });
    setup(&mut app);
    if let Some(at) = &cli.at {
        jump_to(&mut app, at).map_err(|e| io::Error::other(format!("--at {at:?}: {e}")))?;
    }
    run_observed(app, cli, &mut |_, _| false)
}

/// A browser for this process's terminal: colours from the environment and `--color`, `--ascii`, `--theme`.
pub fn local_app(data: Arc<Data>, cli: &Cli) -> App {
    let mut app = App::new(data);
    app.colors = ui::theme::depth_from_env(cli.color);
    app.style = crate::app::ViewStyle {
        ascii: cli.ascii,
        high_contrast: cli.theme == crate::cli::ThemeChoice::HighContrast,
    };
    app
}

/// Runs `app` on this process's terminal like `run`. `observe` sees the state (and the effect, if any) after
/// every change and every 200 ms while idle, and may change it (the SSH server publishes the presenter's view
/// and its audience through it); it returns whether the screen must be redrawn.
pub fn run_observed(
    mut app: App,
    cli: &Cli,
    observe: &mut dyn FnMut(&mut App, Option<&Effect>) -> bool,
) -> io::Result<()> {
    let (w, h) = crossterm::terminal::size()?;
    update(&mut app, Action::Resize { width: w, height: h });

    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    if cli.kiosk {
        // Raw mode already turns Ctrl-Z and Ctrl-\ into plain keys; stop and quit signals sent some other way
        // are caught and ignored too, so a kiosk never stops, dumps core, or leaves the terminal raw.
        use signal_hook::consts::{SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
        let ignored = Arc::new(AtomicBool::new(false));
        for sig in [SIGTSTP, SIGQUIT, SIGTTIN, SIGTTOU] {
            signal_hook::flag::register(sig, Arc::clone(&ignored))?;
        }
    }
    let idle = crate::kiosk::idle_timeout(cli);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_stdout();
        previous(info);
    }));

    let watchdog = Watchdog::start()?;
    let raw = RawMode::on()?;
    let mut tui = Tui::enter(io::stdout(), w, h, app.mouse)?;
    let worker = Worker::spawn(Arc::clone(&app.data), Pace::default());
    // A tour's first stop or `--at` may have asked for a search already.
    submit_search(&worker, &mut app);
    let result = event_loop(&mut tui, &mut app, &stop, idle, &worker, observe);
    drop(worker);
    let restored = tui.restore();
    drop(tui);
    drop(raw);
    drop(watchdog);
    let _ = std::panic::take_hook();
    let result = result.map(|end| {
        if let End::Idle(d) = end {
            eprintln!("annals: idle for {}, goodbye", crate::kiosk::human(d));
        }
    });
    result.and(restored)
}

/// Set to 1, the first key panics: the end-to-end test that a panic restores the terminal uses it.
pub const TEST_PANIC_VAR: &str = "ANNALS_TEST_PANIC";

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The user quit, or a signal asked to.
    Quit,
    /// No input for this long (`--idle-timeout`).
    Idle(Duration),
}

/// Hands the search `update` asked for to the worker, and cancels any search it has moved on from.
pub fn submit_search(worker: &Worker, app: &mut App) {
    match app.search.job.take() {
        Some(job) => worker.submit(job),
        None => worker.supersede(app.search.generation),
    }
}

/// Takes in the search results that have arrived from the worker; whether there were any.
pub fn take_search_results(worker: &Worker, app: &mut App) -> bool {
    let mut any = false;
    while let Ok(batch) = worker.results().try_recv() {
        update(app, Action::SearchResults(batch));
        any = true;
    }
    any
}

fn event_loop<W: Write>(
    tui: &mut Tui<W>,
    app: &mut App,
    stop: &AtomicBool,
    idle: Option<Duration>,
    worker: &Worker,
    observe: &mut dyn FnMut(&mut App, Option<&Effect>) -> bool,
) -> io::Result<End> {
    let mut keys = KeyParser::default();
    observe(app, None);
    let mut dirty = true;
    let started = Instant::now();
    let mut last_input = Instant::now();
    let test_panic = std::env::var_os(TEST_PANIC_VAR).is_some_and(|v| v == "1");
    while !stop.load(Ordering::Relaxed) {
        // A briefing's clock: time enters `update` as data; redraw when the shown second changes.
        if let Some(b) = &app.briefing {
            let shown = b.clock.now.as_secs();
            update(app, Action::Tick(started.elapsed()));
            dirty |= app.briefing.as_ref().is_some_and(|b| b.clock.now.as_secs() != shown);
        }
        if dirty {
            tui.draw(app)?;
            dirty = false;
        }
        // While a search runs, look at its results every frame; keys are read as soon as they come either way.
        let tick = Duration::from_millis(if app.search.progress.is_some() { 16 } else { 200 });
        let wait = idle.map_or(tick, |d| d.saturating_sub(last_input.elapsed()).min(tick));
        let ready = event::poll(wait)?;
        dirty |= take_search_results(worker, app);
        if !ready {
            dirty |= observe(app, None);
            if let Some(d) = idle
                && last_input.elapsed() >= d
            {
                return Ok(End::Idle(d));
            }
            continue;
        }
        last_input = Instant::now();
        let event = event::read()?;
        if test_panic && matches!(event, Event::Key(_)) {
            panic!("{TEST_PANIC_VAR}=1: a deliberate panic on the first key");
        }
        let action = match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => keys.feed(app.mode(), &k),
            Event::Mouse(m) if app.mouse => input::mouse(&m),
            Event::Resize(width, height) => {
                tui.resize(width, height)?;
                Some(Action::Resize { width, height })
            }
            _ => None,
        };
        let Some(action) = action else { continue };
        dirty = true;
        let effect = update(app, action);
        submit_search(worker, app);
        observe(app, effect.as_ref());
        if let Some(effect) = effect
            && !tui.apply(effect)?
        {
            break;
        }
    }
    Ok(End::Quit)
}
