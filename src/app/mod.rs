//! The browser's state: an aggregate of small, plain states (selection, search, filters, focus, overlays, lens)
//! over one shared, read-only timeline. `update` changes it; the `ui` only reads it.

pub mod action;
pub mod filters;
mod jump;
mod overlays;
pub mod update;

use std::sync::Arc;

use crate::search::{Hit, Query, SearchIndex, rank};
use crate::timeline::{Event, EventIx, SourceIx, TheoryIx, Timeline};

pub use action::Action;
pub use filters::{Filter, Filters};
pub use update::{Effect, update};

/// The timeline and its search index, built once and shared by every view of it.
#[derive(Debug)]
pub struct Data {
    pub timeline: Timeline,
    pub index: SearchIndex,
    /// The year of each event, by `EventIx`: the ruler's density pass reads these instead of whole events.
    pub years: Vec<i32>,
    /// The widest list of country codes in the list's column, computed once rather than every frame.
    pub country_width: usize,
}

impl Data {
    pub fn new(timeline: Timeline) -> Arc<Data> {
        let index = SearchIndex::new(&timeline);
        let years = timeline.events.iter().map(|e| e.date.year()).collect();
        let country_width = crate::ui::events::country_width(&timeline.events);
        Arc::new(Data { timeline, index, years, country_width })
    }
}

/// The panes of the main screen, in `Tab` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Events,
    Detail,
    Sources,
    Theories,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Events, Pane::Detail, Pane::Sources, Pane::Theories];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Events => "Events",
            Pane::Detail => "Event",
            Pane::Sources => "Sources",
            Pane::Theories => "Readings",
        }
    }
}

/// What the keys currently drive: the topmost overlay or prompt, else the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Normal,
    Search,
    Jump,
    Help,
    Picker,
    Source,
    Bibliography,
    Compare,
    Event,
}

/// Windows drawn over the main screen; the last one is on top and gets the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key reference, scrolled.
    Help { scroll: u16 },
    /// The `:` prompt.
    Jump { input: String },
    /// The filter picker; `cursor` counts selectable rows only.
    Picker { cursor: usize },
    /// One source in full with the events citing it; `cursor` is in `cited_by`.
    Source { source: SourceIx, cursor: usize },
    /// Every source.
    Bibliography { cursor: usize },
    /// The readings of the selected event side by side; `first` is the leftmost reading shown.
    Compare { first: usize, scroll: u16 },
    /// The selected event in full, on the whole screen.
    Event { scroll: u16 },
}

impl Overlay {
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Help { .. } => Mode::Help,
            Overlay::Jump { .. } => Mode::Jump,
            Overlay::Picker { .. } => Mode::Picker,
            Overlay::Source { .. } => Mode::Source,
            Overlay::Bibliography { .. } => Mode::Bibliography,
            Overlay::Compare { .. } => Mode::Compare,
            Overlay::Event { .. } => Mode::Event,
        }
    }
}

/// The search prompt and its results.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// What was typed.
    pub input: String,
    pub query: Query,
    /// The prompt has the keys.
    pub editing: bool,
    /// Hits best first instead of in date order.
    pub ranked: bool,
    /// Hits of `query` over the whole timeline, in date order (all events when the query is empty).
    pub hits: Vec<Hit>,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }
}

/// Cursor and scroll of the panes beside the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaneScroll {
    pub detail: u16,
    /// The selected citation in the sources pane.
    pub source: usize,
    /// The selected reading in the readings pane.
    pub reading: usize,
}

/// A one-line note in the status bar ("Copied", "No event or era called x").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// How many colours the terminal shows; decided once at start (see `ui::theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorDepth {
    /// NO_COLOR or `--color never`: bold, reverse, underline and glyphs only.
    None,
    /// The 16 ANSI colours, as the terminal's own theme draws them.
    Ansi16,
    #[default]
    Full,
}

/// The whole state of one browser.
#[derive(Debug, Clone)]
pub struct App {
    pub data: Arc<Data>,
    /// Terminal size (columns, rows).
    pub viewport: (u16, u16),
    /// The events listed: the hits of the search that pass the filters, in date (or score) order.
    pub list: Vec<EventIx>,
    /// Position of the selected event in `list`.
    pub cursor: usize,
    /// The first list row on screen.
    pub offset: usize,
    pub focus: Pane,
    pub scroll: PaneScroll,
    pub search: Search,
    pub filters: Filters,
    /// The theory the timeline is read through.
    pub lens: Option<TheoryIx>,
    pub overlays: Vec<Overlay>,
    pub message: Option<Message>,
    pub mouse: bool,
    pub colors: ColorDepth,
}

impl App {
    pub fn new(data: Arc<Data>) -> App {
        let hits = data.index.search(&Query::default());
        let list = hits.iter().map(|h| h.event).collect();
        App {
            data,
            viewport: (80, 24),
            list,
            cursor: 0,
            offset: 0,
            focus: Pane::Events,
            scroll: PaneScroll::default(),
            search: Search { hits, ..Search::default() },
            filters: Filters::default(),
            lens: None,
            overlays: Vec::new(),
            message: None,
            mouse: true,
            colors: ColorDepth::Full,
        }
    }

    pub fn timeline(&self) -> &Timeline {
        &self.data.timeline
    }

    /// The selected event, if the list is not empty.
    pub fn selected(&self) -> Option<EventIx> {
        self.list.get(self.cursor).copied()
    }

    pub fn selected_event(&self) -> Option<&Event> {
        self.selected().map(|ix| self.timeline().event(ix))
    }

    pub fn mode(&self) -> Mode {
        match self.overlays.last() {
            Some(o) => o.mode(),
            None if self.search.editing => Mode::Search,
            None => Mode::Normal,
        }
    }

    /// Rebuilds `list` from the search hits and the filters, keeping the selected event when it is still
    /// listed, else the nearest one after it in date order.
    pub fn refresh_list(&mut self) {
        let before = self.selected();
        let t = &self.data.timeline;
        let mut hits: Vec<Hit> =
            self.search.hits.iter().copied().filter(|h| self.filters.matches(t, t.event(h.event))).collect();
        if self.search.ranked && self.search.is_active() {
            rank(&mut hits);
        }
        self.list = hits.into_iter().map(|h| h.event).collect();
        self.cursor = match before {
            Some(ev) => self.list.iter().position(|&e| e == ev).unwrap_or_else(|| {
                if self.search.ranked { 0 } else { self.list.partition_point(|&e| e < ev) }
            }),
            None => 0,
        };
        self.clamp_cursor();
    }

    pub fn clamp_cursor(&mut self) {
        self.cursor = self.cursor.min(self.list.len().saturating_sub(1));
    }

    /// Selects an event, clearing search and filters first when they hide it. Returns whether they were cleared.
    pub fn select_event(&mut self, ev: EventIx) -> bool {
        let mut cleared = false;
        if !self.list.contains(&ev) {
            self.clear_search_and_filters();
            cleared = true;
        }
        if let Some(p) = self.list.iter().position(|&e| e == ev) {
            self.cursor = p;
        }
        self.scroll = PaneScroll::default();
        cleared
    }

    pub fn clear_search_and_filters(&mut self) {
        self.search = Search { hits: self.data.index.search(&Query::default()), ..Search::default() };
        self.filters = Filters::default();
        self.refresh_list();
    }

    /// Sets the search text and recomputes the hits, narrowing the previous hits when the query only grew.
    pub fn set_search(&mut self, input: String) {
        let query = Query::parse(&input);
        let index = &self.data.index;
        let hits = if !self.search.query.is_empty() && query.narrows(&self.search.query) {
            index.search_within(&query, self.search.hits.iter().map(|h| h.event))
        } else {
            index.search(&query)
        };
        self.search.input = input;
        self.search.query = query;
        self.search.hits = hits;
        self.refresh_list();
        self.select_best_hit();
    }

    /// Puts the cursor on the best-scoring listed hit (the earliest of equals), as a finder does while typing.
    pub fn select_best_hit(&mut self) {
        if !self.search.is_active() {
            return;
        }
        let score =
            |ev: EventIx| self.search.hits.iter().find(|h| h.event == ev).map_or(i64::MIN, |h| h.score);
        let best = self.list.iter().enumerate().max_by_key(|&(i, &ev)| (score(ev), std::cmp::Reverse(i)));
        if let Some((i, _)) = best {
            self.cursor = i;
            self.scroll = PaneScroll::default();
        }
    }

    /// Whether the event is read by the lens theory (false without a lens).
    pub fn in_lens(&self, ev: EventIx) -> bool {
        self.lens.is_some_and(|th| self.timeline().event(ev).read_by(th))
    }

    /// Readings of the selected event in display order: the lens theory's first.
    pub fn readings_order(&self, ev: &Event) -> Vec<usize> {
        let mut order: Vec<usize> = (0..ev.readings.len()).collect();
        if let Some(th) = self.lens {
            order.sort_by_key(|&i| ev.readings[i].theory != th);
        }
        order
    }

    pub fn set_message(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message { text: text.into(), error });
    }
}

#[cfg(test)]
mod tests;
