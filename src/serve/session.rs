//! One SSH connection (russh `Handler`): who it is (anyone may view; a key on the presenter allowlist may
//! present), its channels, and what each channel runs: the browser on a pty, or a plain-text command.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};
use tokio::sync::mpsc;

use super::auth::{Presenters, fingerprint};
use super::exec;
use super::hub::{Hub, Member, SessionId};
use super::render::{self, Input, Screen};
use crate::text::inert;

/// Size used when a client asks for a pty of size 0 (no local terminal).
const FALLBACK_SIZE: (u16, u16) = (80, 24);

/// Keeps the count of open connections; one less when dropped.
pub struct Slot(pub Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[derive(Default)]
struct Chan {
    size: Option<(u16, u16)>,
    input: Option<mpsc::Sender<Input>>,
}

/// The handler of one connection.
pub struct Conn {
    pub hub: Arc<Hub>,
    pub presenters: Arc<Presenters>,
    pub id: SessionId,
    pub addr: Option<SocketAddr>,
    pub slot: Slot,
    user: String,
    may_present: bool,
    chans: HashMap<ChannelId, Chan>,
    terminal: bool,
}

impl Conn {
    pub fn new(
        hub: Arc<Hub>,
        presenters: Arc<Presenters>,
        id: SessionId,
        addr: Option<SocketAddr>,
        slot: Slot,
    ) -> Conn {
        Conn {
            hub,
            presenters,
            id,
            addr,
            slot,
            user: String::new(),
            may_present: false,
            chans: HashMap::new(),
            terminal: false,
        }
    }

    fn note_user(&mut self, user: &str) {
        self.user = inert(user).chars().take(64).collect();
    }

    fn viewer(&mut self, user: &str, how: &str) -> Auth {
        self.note_user(user);
        self.hub.log.line(&format!("session {} authenticated {:?} as a viewer ({how})", self.id, self.user));
        Auth::Accept
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if self.terminal {
            self.hub.leave(self.id);
        }
        let open = self.slot.0.load(Ordering::SeqCst).saturating_sub(1);
        self.hub.log.line(&format!("session {} disconnected ({open} connections open)", self.id));
    }
}

fn size(cols: u32, rows: u32) -> (u16, u16) {
    match (u16::try_from(cols), u16::try_from(rows)) {
        (Ok(w), Ok(h)) if w > 0 && h > 0 => (w, h),
        _ => FALLBACK_SIZE,
    }
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    /// "none" is refused only to learn the client's keys: publickey (for presenters) or keyboard-interactive
    /// (anyone) follow.
    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        let methods = MethodSet::from(&[MethodKind::PublicKey, MethodKind::KeyboardInteractive][..]);
        Ok(Auth::Reject { proceed_with_methods: Some(methods), partial_success: false })
    }

    /// Keys not on the allowlist are declined before any signature, so the client tries its next key and
    /// then keyboard-interactive, which lets anyone in as a viewer.
    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.presenters.allows(offer.public_key) { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_publickey(&mut self, user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        let pk: &PublicKey = key.public_key;
        if !self.presenters.allows(pk) {
            return Ok(self.viewer(user, "key not on the presenter list"));
        }
        self.note_user(user);
        self.may_present = true;
        self.hub.log.line(&format!(
            "session {} authenticated {:?} with presenter key {}",
            self.id,
            self.user,
            fingerprint(pk)
        ));
        Ok(Auth::Accept)
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.viewer(user, "no key"))
    }

    async fn auth_password(&mut self, user: &str, _password: &str) -> Result<Auth, Self::Error> {
        Ok(self.viewer(user, "password ignored"))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.chans.insert(channel.id(), Chan::default());
        reply.accept().await;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(c) = self.chans.get_mut(&channel) {
            c.size = Some(size(cols, rows));
        }
        session.channel_success(channel)
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        let Some(chan) = self.chans.get_mut(&channel) else { return session.channel_failure(channel) };
        session.channel_success(channel)?;
        let Some(size) = chan.size else {
            let handle = session.handle();
            tokio::spawn(exec::reply(handle, channel, exec::no_pty_message(), 2));
            return Ok(());
        };
        if self.terminal || chan.input.is_some() {
            return session.close(channel);
        }
        let (tx, rx) = mpsc::channel(64);
        chan.input = Some(tx);
        self.terminal = true;
        self.hub.join(
            self.id,
            Member {
                user: self.user.clone(),
                addr: self.addr,
                may_present: self.may_present,
                following: true,
            },
        );
        self.hub.log.line(&format!("session {} terminal {}x{}", self.id, size.0, size.1));
        let screen = Screen::new(self.id, Arc::clone(&self.hub), size.0, size.1);
        tokio::spawn(render::run(screen, session.handle(), channel, rx, size));
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        let line = String::from_utf8_lossy(data).into_owned();
        self.hub.log.line(&format!("session {} runs {:?}", self.id, inert(&line)));
        let pty = self.chans.get(&channel).is_some_and(|c| c.size.is_some());
        let hub = Arc::clone(&self.hub);
        let handle = session.handle();
        tokio::spawn(async move {
            let (text, code) = tokio::task::spawn_blocking(move || exec::run(&hub.data.timeline, &line))
                .await
                .unwrap_or_else(|_| ("annals: the command failed\n".into(), 1));
            let text = if pty { text.replace('\n', "\r\n") } else { text };
            exec::reply(handle, channel, text, code).await;
        });
        Ok(())
    }

    async fn data(&mut self, channel: ChannelId, data: &[u8], _: &mut Session) -> Result<(), Self::Error> {
        if let Some(tx) = self.chans.get(&channel).and_then(|c| c.input.as_ref()) {
            let _ = tx.send(Input::Bytes(data.to_vec())).await;
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        let (w, h) = size(cols, rows);
        if let Some(c) = self.chans.get_mut(&channel) {
            c.size = Some((w, h));
            if let Some(tx) = &c.input {
                let _ = tx.send(Input::Resize(w, h)).await;
            }
        }
        Ok(())
    }

    async fn channel_close(&mut self, channel: ChannelId, _: &mut Session) -> Result<(), Self::Error> {
        self.chans.remove(&channel);
        Ok(())
    }
}
