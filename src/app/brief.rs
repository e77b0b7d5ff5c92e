//! Briefing: the browser walking a tour. `Briefing` holds the tour, the current stop, the presenter's or
//! audience's role and a clock fed as data (`Action::Tick` carries the monotonic time since the briefing
//! started), so every step is pure and testable without waiting. `go_to_stop` is the one way the view moves to
//! a stop; it is public so a viewer's `App` can follow a presenter's stop index.

use std::sync::Arc;
use std::time::Duration;

use super::{Action, App, Effect, Filters, Pane, PaneScroll};
use crate::timeline::{EventIx, TheoryIx};
use crate::tour::{Stop, Target, Tour};

/// Who is looking at the briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// The briefer: talking points, the next stop and the clock.
    #[default]
    Presenter,
    /// The room: the stop shown big and clear, without notes or clock.
    Audience,
}

/// Time spent per stop and in the whole briefing. All times are offsets from the briefing's start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clock {
    /// The latest time reported by `Action::Tick`.
    pub now: Duration,
    /// When the current stop was (last) entered.
    entered: Duration,
    /// Time spent on each stop on earlier visits.
    spent: Vec<Duration>,
}

impl Clock {
    fn new(stops: usize) -> Clock {
        Clock { now: Duration::ZERO, entered: Duration::ZERO, spent: vec![Duration::ZERO; stops] }
    }

    /// Books the time since the current stop was entered to it, and starts timing the next one.
    fn switch(&mut self, current: usize) {
        if let Some(s) = self.spent.get_mut(current) {
            *s += self.now.saturating_sub(self.entered);
        }
        self.entered = self.now;
    }

    /// Time on a stop, counting the current visit when it is the current stop.
    pub fn on_stop(&self, stop: usize, current: usize) -> Duration {
        let before = self.spent.get(stop).copied().unwrap_or_default();
        if stop == current { before + self.now.saturating_sub(self.entered) } else { before }
    }
}

/// What the screen looked like on arrival at the stop: leaving it (another event, search, filter or lens)
/// is leaving the tour.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Anchor {
    event: Option<EventIx>,
    search: String,
    filters: Filters,
    lens: Option<TheoryIx>,
}

/// A tour being presented.
#[derive(Debug, Clone)]
pub struct Briefing {
    pub tour: Arc<Tour>,
    /// The current stop, counting from 0.
    pub stop: usize,
    pub role: Role,
    pub clock: Clock,
    /// The panes the stop's `view.panes` asks for, besides the list (empty: the usual panes).
    pub panes: Vec<Pane>,
    anchor: Option<Anchor>,
}

impl Briefing {
    pub fn new(tour: Arc<Tour>, role: Role) -> Briefing {
        let clock = Clock::new(tour.stops.len());
        Briefing { tour, stop: 0, role, clock, panes: Vec::new(), anchor: None }
    }

    pub fn current(&self) -> &Stop {
        &self.tour.stops[self.stop]
    }

    /// The stop after the current one, if any.
    pub fn next(&self) -> Option<&Stop> {
        self.tour.stops.get(self.stop + 1)
    }

    /// Time on the current stop (all visits).
    pub fn stop_elapsed(&self) -> Duration {
        self.clock.on_stop(self.stop, self.stop)
    }

    /// The current stop's budget.
    pub fn stop_budget(&self) -> Duration {
        minutes(self.tour.stop_budget(self.stop))
    }

    /// Time since the briefing started.
    pub fn tour_elapsed(&self) -> Duration {
        self.clock.now
    }

    pub fn tour_budget(&self) -> Duration {
        minutes(self.tour.minutes)
    }

    /// How far the current stop is over its budget (`None` within it).
    pub fn stop_over(&self) -> Option<Duration> {
        over(self.stop_elapsed(), self.stop_budget())
    }

    /// How far the whole briefing is over its budget.
    pub fn tour_over(&self) -> Option<Duration> {
        over(self.tour_elapsed(), self.tour_budget())
    }
}

fn minutes(m: u32) -> Duration {
    Duration::from_secs(u64::from(m) * 60)
}

fn over(elapsed: Duration, budget: Duration) -> Option<Duration> {
    (elapsed > budget).then(|| elapsed - budget)
}

/// Starts presenting `tour` at stop `first` (counting from 0).
pub fn start(app: &mut App, tour: Arc<Tour>, role: Role, first: usize) {
    app.briefing = Some(Briefing::new(tour, role));
    go_to_stop(app, first);
}

/// Moves the view to stop `i` (counting from 0; out of range does nothing): the stop's event is selected
/// (its era's first event for an era stop), search and filters are reset to the stop's `view`, the lens set
/// to its lens (or off), overlays closed, and for the audience the first pane of `view.panes` focused. Pure:
/// a viewer's `App`
/// given the same index shows the same thing.
pub fn go_to_stop(app: &mut App, i: usize) {
    let Some(b) = app.briefing.as_mut() else { return };
    if i >= b.tour.stops.len() {
        return;
    }
    let current = b.stop;
    b.clock.switch(current);
    b.stop = i;
    let stop = b.tour.stops[i].clone();
    b.panes = stop.view.panes.iter().filter_map(|p| pane(p)).collect();

    app.overlays.clear();
    app.search.editing = false;
    app.filters = Filters::default();
    app.set_search(stop.view.search.clone().unwrap_or_default());
    app.lens = stop.view.lens;
    let t = app.timeline();
    let event = match stop.target {
        Target::Event(ev) => Some(ev),
        Target::Era(era) => t.era(era).events.first().copied().or_else(|| {
            let d = t.era(era).start;
            t.first_at_or_after(d.year(), d.month())
        }),
    };
    app.message = None;
    if let Some(ev) = event
        && app.select_event(ev)
        && stop.view.search.is_some()
    {
        app.set_message("The stop's search hides its event: search cleared", true);
    }
    app.scroll = PaneScroll::default();
    // The presenter keeps the list focused so that, narrow, the notes stay on screen; the audience's screen
    // focuses the first pane the stop asks for (narrow, that pane is the one shown).
    app.focus = match app.briefing.as_ref() {
        Some(b) if b.role == Role::Audience => b.panes.first().copied().unwrap_or(Pane::Events),
        _ => Pane::Events,
    };
    let anchor = anchor(app);
    if let Some(b) = app.briefing.as_mut() {
        b.anchor = Some(anchor);
    }
    super::update::follow(app);
}

fn pane(name: &str) -> Option<Pane> {
    match name {
        "events" => Some(Pane::Events),
        "detail" => Some(Pane::Detail),
        "sources" => Some(Pane::Sources),
        "theories" => Some(Pane::Theories),
        _ => None,
    }
}

fn anchor(app: &App) -> Anchor {
    Anchor {
        event: app.selected(),
        search: app.search.input.clone(),
        filters: app.filters.clone(),
        lens: app.lens,
    }
}

/// Whether the briefer has browsed away from the current stop (another event, search, filter or lens).
pub fn off_tour(app: &App) -> bool {
    app.briefing.as_ref().and_then(|b| b.anchor.as_ref()).is_some_and(|a| *a != anchor(app))
}

/// The briefing's own actions; everything else is browsing and goes to the main screen's `update`.
pub(super) fn update(app: &mut App, action: Action) -> Option<Effect> {
    let Some(b) = app.briefing.as_ref() else { return super::update::normal(app, action) };
    let (stop, n) = (b.stop, b.tour.stops.len());
    match action {
        Action::NextStop if stop + 1 < n => go_to_stop(app, stop + 1),
        Action::NextStop => {
            go_to_stop(app, stop);
            app.set_message(format!("Last stop ({n}/{n})"), false);
        }
        Action::PrevStop if stop > 0 => go_to_stop(app, stop - 1),
        Action::PrevStop => {
            go_to_stop(app, stop);
            app.set_message(format!("First stop (1/{n})"), false);
        }
        Action::ReturnToStop => go_to_stop(app, stop),
        other => return super::update::normal(app, other),
    }
    None
}

/// Advances the clock to `now` (time since the briefing started; never goes back).
pub(super) fn tick(app: &mut App, now: Duration) {
    if let Some(b) = app.briefing.as_mut() {
        b.clock.now = b.clock.now.max(now);
    }
}

/// `MM:SS` (minutes grow past 59: `75:00`).
pub fn mm_ss(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests;
