//! Following a presenter (`annals serve`). A viewer's `App` follows the presenter's [`Shared`] state at the
//! viewer's own size; its own navigation detaches it and `F` snaps it back. The presenter's `App` carries an
//! [`Audience`] (set by the server) for the status line and for handing the presenter role over.
//!
//! Shared: the tour stop (`annals serve --tour`), the selected event, the search text and its order, the
//! filters, the lens, the focused pane, the panes' scroll (clamped to the viewer's size) and the overlays that
//! show content (the event in full, the comparison of readings, a source, the bibliography). With a tour the
//! presenter's `App` briefs as `Role::Presenter` (notes, clock) and every viewer's as `Role::Audience` (the stop
//! card). Not shared: the viewer's size and list scroll, the
//! help, the filter picker and the `:` prompt (the presenter's tools; their results are shared), the audience
//! list, mouse capture and messages.
//!
//! Everything here is pure, like `update`: the server calls [`view`] when a viewer connects, [`receive`]
//! whenever the presenter's state changes, and carries out [`Effect::HandOver`](super::Effect::HandOver).

use super::update::{Effect, act, follow as follow_list};
use super::{Action, App, Filters, Overlay, Pane, PaneScroll, Role, brief};
use std::sync::Arc;

use crate::search::{Hit, Query};
use crate::timeline::{EventIx, TheoryIx};
use crate::ui;

/// What viewers follow of the presenter's state. Plain data, cheap to clone and compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub selected: Option<EventIx>,
    /// The search text as typed.
    pub search: String,
    /// The presenter's hits for it, so that no viewer searches again (at 50 viewers that was most of the
    /// cost of a keystroke).
    pub hits: Arc<[Hit]>,
    pub ranked: bool,
    pub filters: Filters,
    pub lens: Option<TheoryIx>,
    pub focus: Pane,
    pub scroll: PaneScroll,
    /// The overlays that show content, bottom first (see `is_shared`).
    pub overlays: Vec<Overlay>,
    /// The tour stop (counting from 0) when presenting a tour.
    pub stop: Option<usize>,
}

/// Overlays worth following: content the presenter shows, not the presenter's own tools.
fn is_shared(o: &Overlay) -> bool {
    matches!(
        o,
        Overlay::Event { .. }
            | Overlay::Compare { .. }
            | Overlay::Source { .. }
            | Overlay::Bibliography { .. }
    )
}

impl Shared {
    /// The followed part of an app's state.
    pub fn of(app: &App) -> Shared {
        Shared {
            selected: app.selected(),
            search: app.search.input.clone(),
            hits: Arc::from(app.search.hits.as_slice()),
            ranked: app.search.ranked,
            filters: app.filters.clone(),
            lens: app.lens,
            focus: app.focus,
            scroll: app.scroll,
            overlays: app.overlays.iter().filter(|o| is_shared(o)).cloned().collect(),
            stop: app.briefing.as_ref().map(|b| b.stop),
        }
    }
}

/// Makes the app show the shared state at its own size: scrolls are clamped to what fits, the list is scrolled
/// so the selected event is on screen, and the app's own tool overlays (help, picker, prompt) stay on top.
/// With a tour, the app first goes to the presenter's stop (its card and `stop N/M`).
pub fn apply(app: &mut App, s: &Shared) {
    if let (Some(stop), Some(b)) = (s.stop, app.briefing.as_ref())
        && b.stop != stop
    {
        brief::go_to_stop(app, stop);
    }
    // A search of the app's own still running (its own, or a stop's on a large timeline) is dropped: the
    // presenter's hits stand.
    let running = app.search.job.is_some() || app.search.progress.is_some();
    let new_search = running || app.search.input != s.search || app.search.hits[..] != s.hits[..];
    if new_search {
        app.search.input.clone_from(&s.search);
        app.search.query = Query::parse(&s.search);
        app.search.hits = s.hits.to_vec();
        app.search.job = None;
        app.search.progress = None;
        app.search.received = true;
        app.search.generation += 1;
    }
    if new_search || app.search.ranked != s.ranked || app.filters != s.filters {
        app.search.ranked = s.ranked;
        app.filters = s.filters.clone();
        app.refresh_list();
    }
    app.lens = s.lens;
    app.focus = focus(app, s.focus);
    app.cursor = s.selected.and_then(|ev| app.list.iter().position(|&e| e == ev)).unwrap_or(0);
    let (citations, readings) =
        app.selected_event().map_or((0, 0), |e| (e.citations.len(), e.readings.len()));
    app.scroll = PaneScroll {
        detail: 0,
        source: s.scroll.source.min(citations.saturating_sub(1)),
        reading: s.scroll.reading.min(readings.saturating_sub(1)),
    };
    app.scroll.detail = s.scroll.detail.min(ui::max_scroll(app, Pane::Detail));
    let own: Vec<Overlay> = app.overlays.drain(..).filter(|o| !is_shared(o)).collect();
    app.overlays = s.overlays.clone();
    let max = ui::max_scroll_overlay(app);
    if let Some(Overlay::Event { scroll } | Overlay::Compare { scroll, .. }) = app.overlays.last_mut() {
        *scroll = (*scroll).min(max);
    }
    app.overlays.extend(own);
    follow_list(app);
}

/// The pane a follower focuses: the presenter's, except that an audience's screen keeps the stop's first pane
/// (`view.panes`, what a narrow screen shows) while the presenter has the list focused, as it does at a stop.
fn focus(app: &App, presenter: Pane) -> Pane {
    match &app.briefing {
        Some(b) if b.role == Role::Audience && presenter == Pane::Events => {
            b.panes.first().copied().unwrap_or(Pane::Events)
        }
        _ => presenter,
    }
}

/// Whether a viewer shows the presenter's state or its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    Following,
    /// The viewer moved on its own; `F` follows again.
    Detached,
}

/// A viewer's tie to the presenter: whether it follows, and the presenter's latest state (so `F` can snap back
/// without asking the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub follow: Follow,
    pub presenter: Shared,
}

/// A connected viewer, as the server names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ViewerId(pub u64);

/// One connected viewer, for the presenter's audience list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudienceMember {
    pub id: ViewerId,
    /// Who it is, as the server knows it (`user@address`); made inert before drawing.
    pub name: String,
    pub following: bool,
}

/// Who is watching the presenter; the server keeps it up to date on the presenter's `App`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    pub viewers: Vec<AudienceMember>,
}

impl Audience {
    pub fn following(&self) -> usize {
        self.viewers.iter().filter(|v| v.following).count()
    }

    /// "3 connected, 2 following".
    pub fn summary(&self) -> String {
        format!("{} connected, {} following", self.viewers.len(), self.following())
    }
}

/// Makes the app a viewer following the presenter (a new connection, or a presenter who handed over).
pub fn view(app: &mut App, presenter: Shared) {
    app.audience = None;
    if let Some(b) = app.briefing.as_mut() {
        b.role = Role::Audience;
    }
    app.overlays.retain(is_shared);
    app.search.editing = false;
    apply(app, &presenter);
    app.viewer = Some(Viewer { follow: Follow::Following, presenter });
}

/// Makes the app the presenter: it drives, with the audience the server sets (and a tour's notes and clock).
pub fn present(app: &mut App, audience: Audience) {
    app.viewer = None;
    if let Some(b) = app.briefing.as_mut() {
        b.role = Role::Presenter;
        // As at every stop, the presenter's list has the focus, so that the notes stay on a narrow screen.
        app.focus = Pane::Events;
        follow_list(app);
    }
    app.audience = Some(audience);
    app.set_message("You are presenting: viewers follow you", false);
}

/// The presenter's state changed: a following viewer shows it. Returns whether the viewer's screen changed.
pub fn receive(app: &mut App, presenter: Shared) -> bool {
    let Some(v) = app.viewer.as_mut() else { return false };
    if v.presenter == presenter {
        return false;
    }
    v.presenter = presenter;
    if v.follow == Follow::Detached {
        return false;
    }
    let p = v.presenter.clone();
    apply(app, &p);
    true
}

/// `update` for a viewer: `F` follows again (closing the viewer's own help or prompt); any other action that
/// changes what is followed detaches. A new size is applied to the presenter's state again while following.
pub(super) fn viewer_update(app: &mut App, action: Action) -> Option<Effect> {
    let Some(v) = app.viewer.as_ref() else { return act(app, action) };
    let following = v.follow == Follow::Following;
    if action == Action::Follow {
        let presenter = v.presenter.clone();
        app.overlays.retain(is_shared);
        app.search.editing = false;
        apply(app, &presenter);
        let note = if following { "Already following the presenter" } else { "Following the presenter" };
        app.set_message(note, false);
        if let Some(v) = app.viewer.as_mut() {
            v.follow = Follow::Following;
        }
        return None;
    }
    let before = following.then(|| Shared::of(app));
    let resize = matches!(action, Action::Resize { .. });
    let effect = act(app, action);
    if resize && let Some(v) = app.viewer.as_ref().filter(|_| following) {
        let p = v.presenter.clone();
        apply(app, &p);
    } else if let Some(before) = before
        && Shared::of(app) != before
        && let Some(v) = app.viewer.as_mut()
    {
        v.follow = Follow::Detached;
    }
    effect
}

/// `F` outside a viewer.
pub(super) fn nothing_to_follow(app: &mut App) {
    app.set_message("Nothing to follow: F follows the presenter when viewing annals serve", false);
}

/// `A`: the list of connected viewers, to hand the presenter role to one.
pub(super) fn open_audience(app: &mut App) {
    if app.audience.is_some() {
        app.overlays.push(Overlay::Audience { cursor: 0 });
    } else {
        app.set_message("No audience: A lists the viewers when presenting with annals serve", false);
    }
}

/// Enter in the audience list: ask the server to hand the presenter role to that viewer.
pub(super) fn hand_over(app: &mut App, cursor: usize) -> Option<Effect> {
    let member = app.audience.as_ref()?.viewers.get(cursor)?.clone();
    app.overlays.pop();
    let name = crate::text::inert(&member.name).into_owned();
    app.set_message(format!("Handing the presenter role to {name}"), false);
    Some(Effect::HandOver(member.id))
}

#[cfg(test)]
mod tests;
