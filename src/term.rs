//! The local loop: raw mode and the alternate screen on entry; draw (inside a synchronized update), read an
//! event, map it through the keymap, `update`, carry out the effect; and restore the terminal on every way out:
//! quit, error, panic (a panic hook), Ctrl-C, SIGTERM and SIGHUP. `Tui` is generic over its writer, so the
//! same app can draw into an SSH channel; nothing here is global state.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

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
pub fn run(timeline: Timeline, _origin: &Origin, cli: &Cli) -> io::Result<()> {
    let mut app = App::new(Data::new(timeline));
    app.colors = ui::theme::depth_from_env(cli.color);
    let (w, h) = crossterm::terminal::size()?;
    update(&mut app, Action::Resize { width: w, height: h });
    if let Some(at) = &cli.at {
        jump_to(&mut app, at).map_err(|e| io::Error::other(format!("--at {at:?}: {e}")))?;
    }

    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_stdout();
        previous(info);
    }));

    let raw = RawMode::on()?;
    let mut tui = Tui::enter(io::stdout(), w, h, app.mouse)?;
    let result = event_loop(&mut tui, &mut app, &stop);
    let restored = tui.restore();
    drop(tui);
    drop(raw);
    let _ = std::panic::take_hook();
    result.and(restored)
}

/// Set to 1, the first key panics: the end-to-end test that a panic restores the terminal uses it.
pub const TEST_PANIC_VAR: &str = "ANNALS_TEST_PANIC";

fn event_loop<W: Write>(tui: &mut Tui<W>, app: &mut App, stop: &AtomicBool) -> io::Result<()> {
    let mut keys = KeyParser::default();
    let mut dirty = true;
    let test_panic = std::env::var_os(TEST_PANIC_VAR).is_some_and(|v| v == "1");
    while !stop.load(Ordering::Relaxed) {
        if dirty {
            tui.draw(app)?;
            dirty = false;
        }
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
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
        if let Some(effect) = update(app, action)
            && !tui.apply(effect)?
        {
            break;
        }
    }
    Ok(())
}
