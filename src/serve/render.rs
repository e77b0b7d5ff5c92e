//! One SSH terminal's task: its own `App` and `Tui` at the client's size, its keys, and the frame pump.
//!
//! Frames are never queued. The task draws only when the previous frame's bytes have been taken by the
//! session (the channel's `data()` future completed); meanwhile changes only mark the screen dirty, and a
//! viewer reads the presenter's state from a `watch` channel that holds just the newest value. A stalled client
//! therefore costs one pending frame, however long it sleeps. `Tui` keeps ratatui's previous buffer, so each
//! frame is a diff, wrapped in a synchronized update.

use std::future::Future;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEventKind};
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc;

// Never hold `state.borrow()` across a call into the screen: publishing takes the same lock (a deadlock).
use tokio::time::{Instant, sleep_until, timeout};

use super::bytes::InputParser;
use super::follow::{Shared, apply};
use super::hub::{Hub, SessionId};
use crate::app::{Action, App, Effect, Mode, update};
use crate::input::{self, KeyParser};
use crate::term::Tui;

/// What the session handler passes to its terminal's task.
#[derive(Debug)]
pub enum Input {
    Bytes(Vec<u8>),
    Resize(u16, u16),
}

/// How long a lone Esc waits for the rest of an escape sequence.
const ESC_TIMEOUT: Duration = Duration::from_millis(50);
/// How long the goodbye (leaving the alternate screen) may take before a stalled client is given up.
const GOODBYE_TIMEOUT: Duration = Duration::from_secs(2);

/// Collects what `Tui` writes, to be sent as one channel message per frame.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Sink {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A terminal session's state apart from the link: the app and whether it follows or presents.
pub struct Screen {
    pub id: SessionId,
    pub hub: Arc<Hub>,
    pub app: App,
    keys: KeyParser,
    pub following: bool,
    pub presenting: bool,
}

impl Screen {
    pub fn new(id: SessionId, hub: Arc<Hub>, width: u16, height: u16) -> Screen {
        let mut app = App::new(Arc::clone(&hub.data));
        app.colors = hub.colors;
        update(&mut app, Action::Resize { width, height });
        let presenting = hub.presenter() == Some(id);
        let mut s = Screen { id, hub, app, keys: KeyParser::default(), following: !presenting, presenting };
        if s.following {
            let latest = s.hub.watch_state().borrow().clone();
            apply(&mut s.app, &latest);
        }
        s
    }

    /// The role may have changed: take it up or give it back (then follow at once).
    pub fn role_changed(&mut self, latest: &Shared) {
        let now = self.hub.presenter() == Some(self.id);
        if now == self.presenting {
            return;
        }
        self.presenting = now;
        if now {
            self.following = false;
            self.app.set_message("You are presenting: viewers follow you", false);
            self.hub.publish(self.id, Shared::of(&self.app));
        } else {
            self.follow(latest);
            self.app.set_message("Someone else presents now; you follow", false);
        }
        self.hub.set_following(self.id, self.following);
    }

    pub fn follow(&mut self, latest: &Shared) {
        self.following = true;
        self.hub.set_following(self.id, true);
        apply(&mut self.app, latest);
    }

    /// One input event; returns an effect for the link (quit, copy, mouse).
    pub fn event(&mut self, ev: Event, latest: &Shared) -> Option<Effect> {
        let action = match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                // Stand-in for `Action::Follow` (branch `follow`): F snaps a viewer back to the presenter.
                if !self.presenting && k.code == KeyCode::Char('F') && self.app.mode() == Mode::Normal {
                    self.follow(latest);
                    self.app.set_message("Following the presenter", false);
                    return None;
                }
                self.keys.feed(self.app.mode(), &k)
            }
            Event::Mouse(m) if self.app.mouse => input::mouse(&m),
            _ => None,
        }?;
        let effect = update(&mut self.app, action);
        if self.presenting {
            self.hub.publish(self.id, Shared::of(&self.app));
        } else if !matches!(action, Action::Quit | Action::Resize { .. }) {
            if self.following {
                self.following = false;
                self.hub.set_following(self.id, false);
            }
            if self.app.message.is_none() {
                self.app.set_message("detached: F follows the presenter again", false);
            }
        }
        effect
    }
}

type Write_ = Pin<Box<dyn Future<Output = bool> + Send>>;

/// Sends bytes on the channel; true when the session took them.
fn send(handle: &Handle, channel: ChannelId, bytes: Vec<u8>) -> Write_ {
    let handle = handle.clone();
    Box::pin(async move { handle.data(channel, bytes).await.is_ok() })
}

/// Runs one terminal until the client quits or vanishes, or the server shuts down; the client's terminal is
/// left as it was (main screen, cursor shown) on every way out that still has a link.
pub async fn run(
    screen: Screen,
    handle: Handle,
    channel: ChannelId,
    mut input: mpsc::Receiver<Input>,
    size: (u16, u16),
) {
    let mut screen = screen;
    let hub = Arc::clone(&screen.hub);
    let sink = Sink::default();
    let Ok(mut tui) = Tui::enter(sink.clone(), size.0, size.1, screen.app.mouse) else { return };
    let mut state = hub.watch_state();
    let mut role = hub.watch_presenter();
    let mut shutdown = hub.watch_shutdown();
    let mut parser = InputParser::default();
    let mut esc_at: Option<Instant> = None;
    let mut dirty = true;
    let mut inflight: Option<Write_> = None;
    let mut sent: u64 = 0;
    let mut quit = false;
    while !quit {
        if inflight.is_none() {
            if dirty {
                dirty = false;
                if tui.draw(&screen.app).is_err() {
                    break;
                }
            }
            let bytes = sink.take();
            if !bytes.is_empty() {
                sent += bytes.len() as u64;
                inflight = Some(send(&handle, channel, bytes));
            }
        }
        let following = screen.following && !screen.presenting;
        tokio::select! {
            ok = async { inflight.as_mut().expect("guarded").await }, if inflight.is_some() => {
                inflight = None;
                if !ok {
                    break;
                }
            }
            msg = input.recv() => {
                let events = match msg {
                    None => break,
                    Some(Input::Resize(w, h)) => {
                        let _ = tui.resize(w, h);
                        vec![Event::Resize(w, h)]
                    }
                    Some(Input::Bytes(b)) => {
                        esc_at = Some(Instant::now() + ESC_TIMEOUT);
                        parser.feed(&b)
                    }
                };
                let latest = state.borrow().clone();
                quit = handle_events(&mut screen, &mut tui, events, &latest);
                dirty = true;
            }
            () = async { sleep_until(esc_at.expect("guarded")).await }, if esc_at.is_some() => {
                esc_at = None;
                let events = parser.flush_timeout();
                if !events.is_empty() {
                    let latest = state.borrow().clone();
                quit = handle_events(&mut screen, &mut tui, events, &latest);
                    dirty = true;
                }
            }
            changed = state.changed(), if following => {
                if changed.is_err() {
                    break;
                }
                let latest = state.borrow_and_update().clone();
                apply(&mut screen.app, &latest);
                dirty = true;
            }
            changed = role.changed() => {
                if changed.is_err() {
                    break;
                }
                role.borrow_and_update();
                let latest = state.borrow_and_update().clone();
                screen.role_changed(&latest);
                dirty = true;
            }
            _ = shutdown.changed() => break,
        }
    }
    drop(inflight);
    let _ = tui.restore();
    drop(tui);
    let bye = sink.take();
    sent += bye.len() as u64;
    let goodbye = async {
        let _ = handle.data(channel, bye).await;
        let _ = handle.exit_status_request(channel, 0).await;
        let _ = handle.eof(channel).await;
        let _ = handle.close(channel).await;
    };
    let _ = timeout(GOODBYE_TIMEOUT, goodbye).await;
    hub.leave(screen.id);
    hub.log.line(&format!("session {} terminal closed ({sent} bytes sent)", screen.id));
}

/// Feeds events to the screen and carries out effects on the terminal; true to quit.
fn handle_events(screen: &mut Screen, tui: &mut Tui<Sink>, events: Vec<Event>, latest: &Shared) -> bool {
    for ev in events {
        if let Event::Resize(width, height) = ev {
            update(&mut screen.app, Action::Resize { width, height });
            continue;
        }
        if let Some(effect) = screen.event(ev, latest)
            && !tui.apply(effect).unwrap_or(false)
        {
            return true;
        }
    }
    false
}
