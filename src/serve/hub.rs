//! What all sessions share: the timeline, the presenter's latest view (a `watch` channel, so a viewer only
//! ever sees the newest state and nothing queues), who presents, who is connected, the log and the shutdown
//! signal. Every role change goes through here and is logged.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use super::follow::Shared;
use super::log::Log;
use crate::app::{ColorDepth, Data};

/// A connection's number in the log; `LOCAL` is the presenter at the server's own terminal.
pub type SessionId = u64;
pub const LOCAL: SessionId = 0;

/// One connected terminal session. (`addr`, `list` and `hand_over` serve the hand-over overlay that branch
/// `follow` adds; until it lands only the tests use them.)
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub struct Member {
    /// User name as the client gave it, made inert.
    pub user: String,
    pub addr: Option<SocketAddr>,
    /// Its key is on the presenter allowlist.
    pub may_present: bool,
    pub following: bool,
}

/// Why a hand-over was refused.
#[allow(dead_code)]
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
    state: watch::Sender<Shared>,
    presenter: watch::Sender<Option<SessionId>>,
    members: Mutex<BTreeMap<SessionId, Member>>,
    next: AtomicU64,
    shutdown: watch::Sender<bool>,
}

impl Hub {
    pub fn new(data: Arc<Data>, colors: ColorDepth, log: Log) -> Arc<Hub> {
        Arc::new(Hub {
            data,
            colors,
            log,
            state: watch::channel(Shared::default()).0,
            presenter: watch::channel(None).0,
            members: Mutex::new(BTreeMap::new()),
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
        let (n, following) = self.counts();
        self.log.line(&format!("session {id} joined as {name:?} ({n} connected, {following} following)"));
        if may_present && self.presenter.send_if_modified(|p| claim(p, None, Some(id))) {
            self.log.line(&format!("role: session {id} ({name}) presents"));
        }
    }

    /// The local terminal user presents from the start.
    pub fn present_locally(&self) {
        self.presenter.send_replace(Some(LOCAL));
        self.log.line("role: the local terminal presents");
    }

    /// A terminal session ends; if it presented, the role is free again.
    pub fn leave(&self, id: SessionId) {
        let gone = self.members().remove(&id);
        if self.presenter.send_if_modified(|p| claim(p, Some(id), None)) {
            self.log.line(&format!("role: session {id} stopped presenting (disconnected)"));
        }
        if gone.is_some() {
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
        if let Some(m) = self.members().get_mut(&id) {
            m.following = following;
        }
    }

    /// The connected sessions, for a hand-over list.
    #[allow(dead_code)]
    pub fn list(&self) -> Vec<(SessionId, Member)> {
        self.members().iter().map(|(&id, m)| (id, m.clone())).collect()
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

    /// Sets where viewers start before anyone presents (a tour's first stop).
    pub fn seed(&self, shared: Shared) {
        self.state.send_replace(shared);
    }

    /// The presenter gives the role to another connected session.
    #[allow(dead_code)]
    pub fn hand_over(&self, from: SessionId, to: SessionId) -> Result<(), HandOverError> {
        if self.presenter() != Some(from) {
            return Err(HandOverError::NotPresenter);
        }
        if to != LOCAL && !self.members().contains_key(&to) {
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
        Hub::new(Data::new(t), ColorDepth::None, Log::sink_for_tests())
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
        h.leave(2);
        assert_eq!(h.presenter(), None);
        assert_eq!(h.counts(), (2, 2));
    }

    #[test]
    fn only_the_presenter_publishes_and_hands_over() {
        let h = hub();
        h.join(1, member(true));
        h.join(2, member(false));
        let mut rx = h.watch_state();
        let s = Shared { search: "veracruz".into(), ..Shared::default() };
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
