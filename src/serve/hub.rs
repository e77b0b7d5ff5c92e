//! What all sessions share: the timeline, the presenter's latest view (a `watch` channel, so a viewer only
//! ever sees the newest state and nothing queues), who presents, who is connected, the log and the shutdown
//! signal. Every role change goes through here and is logged. With `--tour`, the tour and the time the
//! briefing started, so that every session briefs the same tour on the same clock.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::watch;

use super::log::Log;
use crate::app::follow::{Audience, AudienceMember, Shared, ViewerId};
use crate::app::{App, ColorDepth, Data, Role, brief};
use crate::tour::Tour;

/// A connection's number in the log; `LOCAL` is the presenter at the server's own terminal.
pub type SessionId = u64;
pub const LOCAL: SessionId = 0;

/// One connected terminal session.
#[derive(Debug, Clone)]
pub struct Member {
    /// User name as the client gave it, made inert.
    pub user: String,
    pub addr: Option<SocketAddr>,
    /// Its key is on the presenter allowlist.
    pub may_present: bool,
    pub following: bool,
}

/// Why a hand-over was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandOverError {
    #[error("only the presenter can hand over the role")]
    NotPresenter,
    #[error("no session {0} is connected")]
    NoSuchSession(SessionId),
}

/// State shared by every session of one server.
pub struct Hub {
    pub data: Arc<Data>,
    pub colors: ColorDepth,
    pub log: Log,
    /// The tour being presented (`--tour`): the presenter's session briefs it with notes, viewers as the
    /// audience.
    pub tour: Option<Arc<Tour>>,
    /// When the server started: the briefing's clock counts from here in every session.
    pub started: Instant,
    state: watch::Sender<Shared>,
    presenter: watch::Sender<Option<SessionId>>,
    members: Mutex<BTreeMap<SessionId, Member>>,
    /// Bumped whenever someone joins, leaves, detaches or follows again (the presenter's audience list).
    roster: watch::Sender<u64>,
    /// The server's own terminal has a user (who can present, view, or be handed the role back).
    local: AtomicBool,
    next: AtomicU64,
    shutdown: watch::Sender<bool>,
}

impl Hub {
    /// A hub for `data`; with a tour, viewers start at its first stop.
    pub fn new(data: Arc<Data>, colors: ColorDepth, log: Log, tour: Option<Arc<Tour>>) -> Arc<Hub> {
        let mut first = App::new(Arc::clone(&data));
        if let Some(tour) = &tour {
            // The first stop's search, if any, is run here and now: its hits are what viewers are sent.
            first.search.at_once_below = usize::MAX;
            brief::start(&mut first, Arc::clone(tour), Role::Presenter, 0);
        }
        let start = Shared::of(&first);
        Arc::new(Hub {
            data,
            colors,
            log,
            tour,
            started: Instant::now(),
            state: watch::channel(start).0,
            presenter: watch::channel(None).0,
            members: Mutex::new(BTreeMap::new()),
            roster: watch::channel(0).0,
            local: AtomicBool::new(false),
            next: AtomicU64::new(1),
            shutdown: watch::channel(false).0,
        })
    }

    /// A fresh number for a connection.
    pub fn next_id(&self) -> SessionId {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    fn members(&self) -> std::sync::MutexGuard<'_, BTreeMap<SessionId, Member>> {
        self.members.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A terminal session starts; a session allowed to present takes the role when nobody has it.
    pub fn join(&self, id: SessionId, member: Member) {
        let may_present = member.may_present;
        let name = member.user.clone();
        self.members().insert(id, member);
        self.roster.send_modify(|v| *v += 1);
        let (n, following) = self.counts();
        self.log.line(&format!("session {id} joined as {name:?} ({n} connected, {following} following)"));
        if may_present && self.presenter.send_if_modified(|p| claim(p, None, Some(id))) {
            self.log.line(&format!("role: session {id} ({name}) presents"));
        }
    }

    /// The local terminal user presents from the start.
    pub fn present_locally(&self) {
        self.local.store(true, Ordering::SeqCst);
        self.presenter.send_replace(Some(LOCAL));
        self.log.line("role: the local terminal presents");
    }

    /// A terminal session ends; if it presented, the role goes back to the local user or to another session
    /// allowed to present, else it is free.
    pub fn leave(&self, id: SessionId) {
        let gone = self.members().remove(&id);
        let next = if self.local.load(Ordering::SeqCst) {
            Some(LOCAL)
        } else {
            self.members().iter().find(|(_, m)| m.may_present).map(|(&k, _)| k)
        };
        if self.presenter.send_if_modified(|p| claim(p, Some(id), next)) {
            let who = next.map_or("nobody".to_string(), |n| format!("session {n}"));
            self.log.line(&format!("role: session {id} stopped presenting (disconnected); {who} presents"));
        }
        if gone.is_some() {
            self.roster.send_modify(|v| *v += 1);
            let (n, following) = self.counts();
            self.log.line(&format!("session {id} left ({n} connected, {following} following)"));
        }
    }

    /// (connected, following) terminal sessions.
    pub fn counts(&self) -> (usize, usize) {
        let presenter = self.presenter();
        let m = self.members();
        (m.len(), m.iter().filter(|&(&id, v)| v.following && Some(id) != presenter).count())
    }

    pub fn set_following(&self, id: SessionId, following: bool) {
        let changed = self
            .members()
            .get_mut(&id)
            .is_some_and(|m| std::mem::replace(&mut m.following, following) != following);
        if changed {
            self.roster.send_modify(|v| *v += 1);
        }
    }

    /// Changes whenever the audience does.
    pub fn watch_roster(&self) -> watch::Receiver<u64> {
        self.roster.subscribe()
    }

    /// Who watches `presenter`: every other session, and the local user when there is one.
    pub fn audience(&self, presenter: SessionId) -> Audience {
        let mut viewers: Vec<AudienceMember> = Vec::new();
        if presenter != LOCAL && self.local.load(Ordering::SeqCst) {
            viewers.push(AudienceMember {
                id: ViewerId(LOCAL),
                name: "the server's terminal".into(),
                following: true,
            });
        }
        viewers.extend(self.members().iter().filter(|&(&id, _)| id != presenter).map(|(&id, m)| {
            let at = m.addr.map_or(String::new(), |a| format!("@{}", a.ip()));
            AudienceMember {
                id: ViewerId(id),
                name: format!("{}{at} (session {id})", m.user),
                following: m.following,
            }
        }));
        Audience { viewers }
    }

    /// Keeps a presenter's audience list current; whether it changed.
    pub fn refresh_audience(&self, id: SessionId, app: &mut App) -> bool {
        if self.presenter() != Some(id) {
            return false;
        }
        let audience = Some(self.audience(id));
        if app.audience == audience {
            return false;
        }
        app.audience = audience;
        true
    }

    pub fn presenter(&self) -> Option<SessionId> {
        *self.presenter.borrow()
    }

    pub fn watch_presenter(&self) -> watch::Receiver<Option<SessionId>> {
        self.presenter.subscribe()
    }

    /// The presenter's latest view; a viewer reads only the newest.
    pub fn watch_state(&self) -> watch::Receiver<Shared> {
        self.state.subscribe()
    }

    /// The presenter shows something new (ignored from anyone else, and when nothing changed).
    pub fn publish(&self, from: SessionId, shared: Shared) {
        if self.presenter() == Some(from) {
            self.state.send_if_modified(|s| {
                let changed = *s != shared;
                *s = shared;
                changed
            });
        }
    }

    /// The presenter gives the role to another connected session.
    pub fn hand_over(&self, from: SessionId, to: SessionId) -> Result<(), HandOverError> {
        if self.presenter() != Some(from) {
            return Err(HandOverError::NotPresenter);
        }
        let known =
            if to == LOCAL { self.local.load(Ordering::SeqCst) } else { self.members().contains_key(&to) };
        if !known {
            return Err(HandOverError::NoSuchSession(to));
        }
        self.presenter.send_replace(Some(to));
        self.log.line(&format!("role: session {from} handed the presenter role to session {to}"));
        Ok(())
    }

    pub fn watch_shutdown(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Asks every session to leave its client's alternate screen and close.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }
}

/// Sets the presenter to `to` if it is `from`; whether it did.
fn claim(p: &mut Option<SessionId>, from: Option<SessionId>, to: Option<SessionId>) -> bool {
    if *p == from {
        *p = to;
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hub() -> Arc<Hub> {
        let t = crate::timeline::load::load(&crate::timeline::Origin::Embedded).unwrap().timeline;
        Hub::new(Data::new(t), ColorDepth::None, Log::sink_for_tests(), None)
    }

    fn member(may_present: bool) -> Member {
        Member { user: "u".into(), addr: None, may_present, following: true }
    }

    #[test]
    fn the_first_allowed_session_presents_and_the_role_frees_on_leave() {
        let h = hub();
        h.join(1, member(false));
        assert_eq!(h.presenter(), None);
        h.join(2, member(true));
        h.join(3, member(true));
        assert_eq!(h.presenter(), Some(2));
        assert_eq!(h.counts(), (3, 2), "the presenter does not count as following");
        h.leave(2);
        assert_eq!(h.presenter(), Some(3), "the next session allowed to present takes over");
        h.leave(3);
        assert_eq!(h.presenter(), None);
        assert_eq!(h.counts(), (1, 1));
    }

    #[test]
    fn only_the_presenter_publishes_and_hands_over() {
        let h = hub();
        h.join(1, member(true));
        h.join(2, member(false));
        let mut rx = h.watch_state();
        let s = Shared { search: "veracruz".into(), ..Shared::of(&App::new(Arc::clone(&h.data))) };
        h.publish(2, s.clone());
        assert!(!rx.has_changed().unwrap(), "a viewer cannot publish");
        h.publish(1, s.clone());
        assert_eq!(rx.borrow_and_update().search, "veracruz");
        assert_eq!(h.hand_over(2, 1), Err(HandOverError::NotPresenter));
        assert_eq!(h.hand_over(1, 9), Err(HandOverError::NoSuchSession(9)));
        assert_eq!(h.hand_over(1, 2), Ok(()));
        assert_eq!(h.presenter(), Some(2));
    }
}
