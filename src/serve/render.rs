//! One SSH terminal's task: its own `App` and `Tui` at the client's size, its keys, and the frame pump.
//!
//! Frames are never queued. The task draws only when the previous frame's bytes have been taken by the
//! session (the channel's `data()` future completed); meanwhile changes only mark the screen dirty, and a
//! viewer reads the presenter's state from a `watch` channel that holds just the newest value. A stalled client
//! therefore costs one pending frame, however long it sleeps. `Tui` keeps ratatui's previous buffer, so each
//! frame is a diff, wrapped in a synchronized update.
//!
//! Like the local loop, a session feeds its `App` the time (`Action::Tick`, from the hub's start, so that a
//! tour's clock runs on the presenter's screen and carries on after a hand-over) and has a search worker,
//! started on its first search of a timeline too large to search at once.

use std::future::Future;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc;

// Never hold a `watch` borrow across a call into the screen: publishing takes the same lock (a deadlock).
use tokio::time::{Instant, sleep_until, timeout};

use super::hub::{Hub, SessionId};
use crate::app::follow::{self, Shared, ViewerId};
use crate::app::{Action, App, Effect, Mode, Role, brief, update};
use crate::input::{self, ByteParser, KeyParser};
use crate::search::worker::{Pace, Worker};
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
/// How often a briefing's clock is fed (as in the local loop).
const CLOCK_TICK: Duration = Duration::from_millis(200);
/// How often a running search's results are looked at (a frame).
const SEARCH_POLL: Duration = Duration::from_millis(16);

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

/// A terminal session's state apart from the link: the app, presenting or viewing (`app::follow`).
pub struct Screen {
    pub id: SessionId,
    pub hub: Arc<Hub>,
    pub app: App,
    keys: KeyParser,
    /// The search thread, from the first search `update` leaves to it (most viewers never search).
    worker: Option<Worker>,
}

impl Screen {
    pub fn new(id: SessionId, hub: Arc<Hub>, width: u16, height: u16) -> Screen {
        let mut app = App::new(Arc::clone(&hub.data));
        app.colors = hub.colors;
        update(&mut app, Action::Resize { width, height });
        if let Some(tour) = &hub.tour {
            let role = if hub.presenter() == Some(id) { Role::Presenter } else { Role::Audience };
            brief::start(&mut app, Arc::clone(tour), role, 0);
            // Where the briefing is now: a presenter who (re)connects carries on from there too.
            let now = hub.watch_state().borrow().clone();
            follow::apply(&mut app, &now);
        }
        let mut s = Screen { id, hub, app, keys: KeyParser::default(), worker: None };
        s.take_role();
        s.submit_search();
        s
    }

    /// Feeds the briefing's clock the time since the server started (the loop passes it, so tests need not
    /// wait); whether the screen must be redrawn: the presenter's clock shows another second.
    pub fn tick(&mut self, elapsed: Duration) -> bool {
        let Some(shown) = self.app.briefing.as_ref().map(|b| b.clock.now.as_secs()) else { return false };
        update(&mut self.app, Action::Tick(elapsed));
        self.app
            .briefing
            .as_ref()
            .is_some_and(|b| b.role == Role::Presenter && b.clock.now.as_secs() != shown)
    }

    /// Hands the search `update` asked for to the worker (started now if need be), or cancels one the app
    /// has moved on from.
    fn submit_search(&mut self) {
        if self.app.search.job.is_some() && self.worker.is_none() {
            self.worker = Some(Worker::spawn(Arc::clone(&self.app.data), Pace::default()));
        }
        if let Some(w) = &self.worker {
            crate::term::submit_search(w, &mut self.app);
        }
    }

    /// A search of this session's is running on its worker.
    pub fn searching(&self) -> bool {
        self.worker.is_some() && self.app.search.progress.is_some()
    }

    /// Takes in the search results that have arrived; whether there were any. A presenter's are published.
    pub fn collect_search(&mut self) -> bool {
        let Some(w) = &self.worker else { return false };
        if !crate::term::take_search_results(w, &mut self.app) {
            return false;
        }
        if self.presenting() {
            self.hub.publish(self.id, Shared::of(&self.app));
        }
        true
    }

    /// The presenter's state changed; whether this screen did.
    pub fn receive(&mut self, latest: Shared) -> bool {
        let changed = follow::receive(&mut self.app, latest);
        // Following drops a search of the viewer's own: the worker stops it.
        self.submit_search();
        changed
    }

    fn presenting(&self) -> bool {
        self.app.viewer.is_none()
    }

    /// Presents or views, as the hub says; called at start and whenever the role moves.
    pub fn take_role(&mut self) {
        if self.hub.presenter() == Some(self.id) {
            follow::present(&mut self.app, self.hub.audience(self.id));
            self.hub.publish(self.id, Shared::of(&self.app));
        } else {
            let was_presenting = self.app.viewer.is_none() && self.app.audience.is_some();
            follow::view(&mut self.app, self.hub.watch_state().borrow().clone());
            if was_presenting {
                self.app.set_message("The presenter role moved on; you follow", false);
            }
        }
        self.submit_search();
        self.hub.set_following(self.id, self.following());
    }

    fn following(&self) -> bool {
        self.app.viewer.as_ref().is_some_and(|v| v.follow == follow::Follow::Following)
    }

    /// One input event; returns an effect for the link (quit, copy, mouse).
    pub fn event(&mut self, ev: Event) -> Option<Effect> {
        let actions: Vec<Action> = match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                self.keys.feed(self.app.mode(), &k).into_iter().collect()
            }
            Event::Mouse(m) if self.app.mouse => input::mouse(&m).into_iter().collect(),
            // Pasted text is typed into an open prompt, and ignored elsewhere.
            Event::Paste(text) if matches!(self.app.mode(), Mode::Search | Mode::Jump) => text
                .chars()
                .filter(|c| !c.is_control())
                .filter_map(|c| self.keys.feed(self.app.mode(), &KeyEvent::from(KeyCode::Char(c))))
                .collect(),
            _ => Vec::new(),
        };
        let mut effect = None;
        for action in actions {
            effect = update(&mut self.app, action).or(effect);
        }
        self.submit_search();
        if self.presenting() {
            self.hub.publish(self.id, Shared::of(&self.app));
        } else {
            self.hub.set_following(self.id, self.following());
        }
        match effect {
            Some(Effect::HandOver(ViewerId(to))) => {
                if let Err(e) = self.hub.hand_over(self.id, to) {
                    self.app.set_message(format!("Cannot hand over: {e}"), true);
                }
                None
            }
            other => other,
        }
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
    let mut roster = hub.watch_roster();
    let mut shutdown = hub.watch_shutdown();
    let mut parser = ByteParser::new();
    let mut esc_at: Option<Instant> = None;
    let mut dirty = true;
    let mut inflight: Option<Write_> = None;
    let mut sent: u64 = 0;
    let mut quit = false;
    let mut clock = tokio::time::interval(CLOCK_TICK);
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut search_poll = tokio::time::interval(SEARCH_POLL);
    search_poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
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
        let viewing = !screen.presenting();
        let briefing = screen.app.briefing.is_some();
        let searching = screen.searching();
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
                    Some(Input::Bytes(b)) => parser.feed(&b),
                };
                esc_at = parser.is_waiting().then(|| Instant::now() + ESC_TIMEOUT);
                quit = handle_events(&mut screen, &mut tui, events);
                dirty = true;
            }
            () = async { sleep_until(esc_at.expect("guarded")).await }, if esc_at.is_some() => {
                esc_at = None;
                quit = handle_events(&mut screen, &mut tui, parser.flush_timeout());
                dirty = true;
            }
            changed = state.changed(), if viewing => {
                if changed.is_err() {
                    break;
                }
                let latest = state.borrow_and_update().clone();
                dirty |= screen.receive(latest);
            }
            _ = clock.tick(), if briefing => dirty |= screen.tick(hub.started.elapsed()),
            _ = search_poll.tick(), if searching => dirty |= screen.collect_search(),
            changed = role.changed() => {
                if changed.is_err() {
                    break;
                }
                role.borrow_and_update();
                screen.take_role();
                dirty = true;
            }
            changed = roster.changed(), if !viewing => {
                if changed.is_err() {
                    break;
                }
                roster.borrow_and_update();
                dirty |= hub.refresh_audience(screen.id, &mut screen.app);
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
    // Stopping the search thread joins it: not on the runtime's threads.
    if let Some(worker) = screen.worker.take() {
        tokio::task::spawn_blocking(move || drop(worker));
    }
    hub.leave(screen.id);
    hub.log.line(&format!("session {} terminal closed ({sent} bytes sent)", screen.id));
}

/// Feeds events to the screen and carries out effects on the terminal; true to quit.
fn handle_events(screen: &mut Screen, tui: &mut Tui<Sink>, events: Vec<Event>) -> bool {
    for ev in events {
        if let Event::Resize(width, height) = ev {
            update(&mut screen.app, Action::Resize { width, height });
            continue;
        }
        if let Some(effect) = screen.event(ev)
            && !tui.apply(effect).unwrap_or(false)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests;
