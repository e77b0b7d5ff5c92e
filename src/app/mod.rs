//! The browser's state: an aggregate of small, plain states (selection, search, filters, focus, overlays, lens)
//! over one shared, read-only timeline. `update` changes it; the `ui` only reads it.

pub mod action;
mod batch;
pub mod brief;
pub mod facets;
pub mod filters;
pub mod follow;
mod jump;
mod overlays;
pub mod update;

use std::sync::Arc;

use crate::search::worker::{self, Batch, Job, Pace, Scope};
use crate::search::{Hit, Query, SearchIndex, ranked_events};
use crate::timeline::{Event, EventIx, SourceIx, TheoryIx, Timeline};
use facets::Facets;

pub use action::Action;
pub use brief::{Briefing, Role};
pub use filters::{Filter, Filters};
pub use update::{Effect, update};

/// The timeline and its search index, built once and shared by every view of it.
#[derive(Debug)]
pub struct Data {
    pub timeline: Timeline,
    pub index: SearchIndex,
    /// The most countries any event names (sizes the list's country column without a scan per frame).
    pub most_countries: usize,
    /// The year of each event, by `EventIx`: the ruler's counts read this small array, not every event.
    pub years: Vec<i32>,
    /// The filter picker's choices each event counts towards.
    pub facets: Facets,
}

impl Data {
    pub fn new(timeline: Timeline) -> Arc<Data> {
        let index = SearchIndex::new(&timeline);
        let most_countries = timeline.events.iter().map(|e| e.countries.len()).max().unwrap_or(0);
        let years = timeline.events.iter().map(|e| e.date.year()).collect();
        let facets = Facets::new(&timeline);
        Arc::new(Data { timeline, index, most_countries, years, facets })
    }
}

impl AsRef<SearchIndex> for Data {
    fn as_ref(&self) -> &SearchIndex {
        &self.index
    }
}

/// Timelines with fewer events are searched at once inside `update` (well under a frame); larger ones by the
/// search worker, off the UI thread.
pub const SEARCH_AT_ONCE_BELOW: usize = 5_000;

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
    /// The presenter's list of connected viewers (`annals serve`).
    Audience,
    Source,
    Bibliography,
    Compare,
    Event,
    /// The main screen while presenting a tour: browsing keys plus the stop keys.
    Brief,
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
    /// The presenter's list of connected viewers; Enter hands the presenter role to one.
    Audience { cursor: usize },
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
            Overlay::Audience { .. } => Mode::Audience,
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
    /// Hits of `query` over the whole timeline, in date order (all events when the query is empty); while
    /// the search runs, the hits found so far.
    pub hits: Vec<Hit>,
    /// Grows with every query; results of an older one are dropped.
    pub generation: u64,
    /// While the search runs: events scored so far, of how many.
    pub progress: Option<(usize, usize)>,
    /// A search for the loop to hand to the worker.
    pub job: Option<Job>,
    /// Whether a batch of the current generation has arrived (the first one replaces the old hits).
    pub received: bool,
    /// Timelines with fewer events are searched at once (`SEARCH_AT_ONCE_BELOW`; tests set 0).
    pub at_once_below: usize,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }

    /// Percent of the running search done, or `None` when its hits are complete.
    pub fn percent(&self) -> Option<usize> {
        self.progress.map(|(done, total)| done * 100 / total.max(1))
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
    /// The 256-colour palette (indexed colours, no RGB): `TERM=*256*` without COLORTERM, as over SSH.
    Ansi256,
    #[default]
    Full,
}

/// How the view draws, besides the colour depth: `--ascii` and `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ViewStyle {
    /// Borders, marks and text in ASCII only.
    pub ascii: bool,
    /// The high-contrast theme (black and white, bold selection).
    pub high_contrast: bool,
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
    /// Set when this app views a presenter (`annals serve`); None for a local browser and the presenter.
    pub viewer: Option<follow::Viewer>,
    /// Set by the server on the presenter's app: who is connected and following.
    pub audience: Option<follow::Audience>,
    pub message: Option<Message>,
    pub mouse: bool,
    pub colors: ColorDepth,
    /// The tour being presented (`annals brief`), if any.
    pub briefing: Option<Briefing>,
    pub style: ViewStyle,
    /// How many listed events fall in each year, sorted by year: the ruler's density, kept up to date with
    /// `list` so a frame never counts the whole list.
    pub list_years: Vec<(i32, u32)>,
    /// The filter picker's rows and counts for `list`, computed when first drawn; cleared when the list is
    /// rebuilt, added to when a search's batch adds to it.
    pub picker_rows: filters::PickerCache,
    /// While the list is ranked: how many listed events have each score, best first (empty in date order).
    /// A later batch of a running search is merged in by these instead of re-ranking every hit.
    pub list_scores: Vec<(i64, u32)>,
}

/// Events per year (sorted by year) of a list: one run-length pass when the list is in date order (it
/// is, unless ranked), a counter per year otherwise.
fn count_years(years: &[i32], list: impl Iterator<Item = EventIx> + Clone) -> Vec<(i32, u32)> {
    let mut runs: Vec<(i32, u32)> = Vec::new();
    for ev in list.clone() {
        let year = years[ev.get()];
        match runs.last_mut() {
            Some((y, n)) if *y == year => *n += 1,
            Some((y, _)) if *y > year => return count_years_unordered(years, &list.collect::<Vec<_>>()),
            _ => runs.push((year, 1)),
        }
    }
    runs
}

/// `count_years` for a list in any order: a counter per year of the span the list covers (a map when the
/// span is implausibly wide).
fn count_years_unordered(years: &[i32], list: &[EventIx]) -> Vec<(i32, u32)> {
    let listed = || list.iter().map(|&ev| years[ev.get()]);
    let (Some(first), Some(last)) = (listed().min(), listed().max()) else { return Vec::new() };
    let span = i64::from(last) - i64::from(first);
    if span >= 1 << 20 {
        return count_years_map(years, list);
    }
    let mut counts = vec![0u32; span as usize + 1];
    for y in listed() {
        counts[(i64::from(y) - i64::from(first)) as usize] += 1;
    }
    (first..=last).zip(counts).filter(|&(_, n)| n > 0).collect()
}

fn count_years_map(years: &[i32], list: &[EventIx]) -> Vec<(i32, u32)> {
    let mut counts = std::collections::BTreeMap::new();
    for &ev in list {
        *counts.entry(years[ev.get()]).or_insert(0u32) += 1;
    }
    counts.into_iter().collect()
}

impl App {
    pub fn new(data: Arc<Data>) -> App {
        let hits = data.index.search(&Query::default());
        let list: Vec<EventIx> = hits.iter().map(|h| h.event).collect();
        let list_years = count_years(&data.years, list.iter().copied());
        App {
            data,
            viewport: (80, 24),
            list,
            cursor: 0,
            offset: 0,
            focus: Pane::Events,
            scroll: PaneScroll::default(),
            search: Search { hits, at_once_below: SEARCH_AT_ONCE_BELOW, ..Search::default() },
            filters: Filters::default(),
            lens: None,
            overlays: Vec::new(),
            viewer: None,
            audience: None,
            message: None,
            mouse: true,
            colors: ColorDepth::Full,
            briefing: None,
            style: ViewStyle::default(),
            list_years,
            picker_rows: filters::PickerCache::default(),
            list_scores: Vec::new(),
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
            None if self.briefing.is_some() => Mode::Brief,
            None => Mode::Normal,
        }
    }

    /// Rebuilds `list` from the search hits and the filters, keeping the selected event when it is still
    /// listed, else the nearest one after it in date order.
    pub fn refresh_list(&mut self) {
        let before = self.selected();
        let t = &self.data.timeline;
        // Unless ranked, the list keeps the hits' date order: built straight from them, searched by halves.
        let dated = !(self.search.ranked && self.search.is_active());
        let keep = |h: &&Hit| self.filters.is_empty() || self.filters.matches(t, t.event(h.event));
        if dated {
            self.list = self.search.hits.iter().filter(keep).map(|h| h.event).collect();
            self.list_scores = Vec::new();
            self.list_years = count_years(&self.data.years, self.list.iter().copied());
        } else {
            let kept: Vec<Hit>;
            let hits: &[Hit] = if self.filters.is_empty() {
                &self.search.hits
            } else {
                kept = self.search.hits.iter().filter(keep).copied().collect();
                &kept
            };
            // Counted in the hits' (date) order, where the years come in runs; then ranked without copying
            // the hits (`list_scores` says where each score's events end, for merging later batches in).
            self.list_years = count_years(&self.data.years, hits.iter().map(|h| h.event));
            (self.list, self.list_scores) = ranked_events(hits);
        }
        self.picker_rows.clear();
        self.cursor = match before {
            Some(ev) => {
                let found = if dated {
                    self.list.binary_search(&ev).ok()
                } else {
                    self.list.iter().position(|&e| e == ev)
                };
                found.unwrap_or_else(|| {
                    if self.search.ranked { 0 } else { self.list.partition_point(|&e| e < ev) }
                })
            }
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
        // A new generation: a search still running is dropped.
        let search = Search {
            hits: self.data.index.search(&Query::default()),
            generation: self.search.generation + 1,
            at_once_below: self.search.at_once_below,
            ..Search::default()
        };
        self.search = search;
        self.filters = Filters::default();
        self.refresh_list();
    }

    /// Sets the search text at once and starts the search: narrowing the previous hits when the query only
    /// grew and they are complete, else over every event. Small timelines are searched here and now; larger
    /// ones get a job for the worker (`search.job`), whose batches come back through `apply_search_batch`.
    pub fn set_search(&mut self, input: String) {
        let query = Query::parse(&input);
        let previous_complete = self.search.progress.is_none();
        let scope = if previous_complete && !self.search.query.is_empty() && query.narrows(&self.search.query)
        {
            Scope::Within(self.search.hits.iter().map(|h| h.event).collect())
        } else {
            Scope::All
        };
        self.search.input = input;
        self.search.query = query.clone();
        self.search.generation += 1;
        self.search.received = false;
        let job = Job { generation: self.search.generation, query, scope };
        if self.data.index.len() < self.search.at_once_below {
            self.search.job = None;
            let data = Arc::clone(&self.data);
            let pace = Pace { partial_after: None, ..Pace::default() };
            worker::run(&data.index, &job, &pace, &|| false, &mut |b| {
                self.apply_search_batch(b);
            });
        } else {
            let total = match &job.scope {
                Scope::All => self.data.index.len(),
                Scope::Within(v) => v.len(),
            };
            self.search.progress = Some((0, total));
            self.search.job = Some(job);
        }
    }

    /// Takes in a batch of search results: dropped when a newer query has been typed since; the first batch
    /// of a search replaces the old hits, later ones add to them (`take_in_batch`: at the cost of the batch,
    /// not of all the hits). Returns whether it was used.
    pub fn apply_search_batch(&mut self, batch: Batch) -> bool {
        if batch.generation != self.search.generation {
            return false;
        }
        let first = !std::mem::replace(&mut self.search.received, true);
        self.search.progress = (!batch.finished).then_some((batch.done, batch.total));
        if first {
            // Taken over, not copied.
            self.search.hits = batch.hits;
            self.refresh_list();
        } else {
            self.take_in_batch(batch.hits);
        }
        self.select_best_hit();
        true
    }

    /// Puts the cursor on the best-scoring listed hit (the earliest of equals), as a finder does while typing.
    pub fn select_best_hit(&mut self) {
        if !self.search.is_active() || self.list.is_empty() {
            return;
        }
        if self.search.ranked {
            // Ranked lists start with the best hit.
            self.cursor = 0;
        } else {
            // The list is the hits that pass the filters, in the same order: walk both together.
            let mut best = (i64::MIN, 0);
            let mut at = 0;
            for h in &self.search.hits {
                if self.list.get(at) == Some(&h.event) {
                    if h.score > best.0 {
                        best = (h.score, at);
                    }
                    at += 1;
                }
            }
            self.cursor = best.1;
        }
        self.scroll = PaneScroll::default();
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
