//! Filters: composable conditions on events (all must hold), and the picker's list of choices with counts.

use std::sync::Arc;

use super::facets::Facets;
use crate::timeline::{Author, EraIx, Event, EventIx, SourceIx, TagIx, TheoryIx, Timeline, country_name};

/// One condition on events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Country(String),
    Tag(TagIx),
    Era(EraIx),
    /// Events the theory reads.
    Theory(TheoryIx),
    /// Events citing the source.
    Source(SourceIx),
    /// Events with at least one recorded disagreement.
    Disputed,
}

impl Filter {
    pub fn matches(&self, _t: &Timeline, e: &Event) -> bool {
        match self {
            Filter::Country(c) => e.countries.iter().any(|x| x == c),
            Filter::Tag(g) => e.tags.contains(g),
            Filter::Era(x) => e.eras.contains(x),
            Filter::Theory(th) => e.read_by(*th),
            Filter::Source(s) => mentions(e, *s),
            Filter::Disputed => !e.disputes.is_empty(),
        }
    }

    /// Short form for the status line: `country:MX`, `tag:war`, `disputed`.
    pub fn label(&self, t: &Timeline) -> String {
        match self {
            Filter::Country(c) => format!("country:{c}"),
            Filter::Tag(g) => format!("tag:{}", t.tag(*g).id),
            Filter::Era(x) => format!("era:{}", t.era(*x).id),
            Filter::Theory(th) => format!("theory:{}", t.theory(*th).id),
            Filter::Source(s) => format!("source:{}", t.source(*s).id),
            Filter::Disputed => "disputed".to_string(),
        }
    }
}

/// The active filters; an event must pass all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters(pub Vec<Filter>);

impl Filters {
    pub fn matches(&self, t: &Timeline, e: &Event) -> bool {
        self.0.iter().all(|f| f.matches(t, e))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, f: &Filter) -> bool {
        self.0.contains(f)
    }

    /// Adds the filter, or removes it when present.
    pub fn toggle(&mut self, f: Filter) {
        match self.0.iter().position(|x| *x == f) {
            Some(i) => {
                self.0.remove(i);
            }
            None => self.0.push(f),
        }
    }
}

/// One row of the picker: a section heading or a choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerRow {
    Heading(&'static str),
    Choice { filter: Filter, label: String, count: usize, active: bool },
}

/// Every choice of the picker, by section, with how many listed events each would keep: `counts`, in row
/// order, from [`Facets::count`].
pub fn picker_rows(t: &Timeline, facets: &Facets, counts: &[usize], active: &Filters) -> Vec<PickerRow> {
    let mut counts = counts.iter().copied();
    let mut rows = Vec::new();
    let mut section = |name: &'static str, choices: Vec<(Filter, String)>| {
        rows.push(PickerRow::Heading(name));
        for (filter, label) in choices {
            let active = active.contains(&filter);
            let count = counts.next().unwrap_or(0);
            rows.push(PickerRow::Choice { filter, label, count, active });
        }
    };
    section("Disagreement", vec![(Filter::Disputed, "disputed events only".to_string())]);
    section(
        "Country",
        facets
            .countries
            .iter()
            .map(|c| (Filter::Country(c.clone()), format!("{c}  {}", country_name(c))))
            .collect(),
    );
    section(
        "Era",
        (0..t.eras.len()).map(|i| (Filter::Era(EraIx(i as u32)), t.eras[i].name.clone())).collect(),
    );
    section(
        "Theory (events it reads)",
        (0..t.theories.len())
            .map(|i| (Filter::Theory(TheoryIx(i as u32)), t.theories[i].name.clone()))
            .collect(),
    );
    section("Tag", (0..t.tags.len()).map(|i| (Filter::Tag(TagIx(i as u32)), t.tags[i].id.clone())).collect());
    section(
        "Source (events citing it)",
        (0..t.sources.len())
            .map(|i| {
                let s = &t.sources[i];
                (Filter::Source(SourceIx(i as u32)), format!("{} — {}", s.id, s.author))
            })
            .collect(),
    );
    rows
}

/// The picker's rows for the listed events (counts; the active marks are the caller's), computed the first
/// time a frame or key needs them after the list changed (`App` clears it with the list), not once per frame.
#[derive(Debug, Clone, Default)]
pub struct PickerCache(std::sync::OnceLock<Arc<Vec<PickerRow>>>);

impl PickerCache {
    /// The rows, computed by `make` unless already known.
    pub fn get_or(&self, make: impl FnOnce() -> Vec<PickerRow>) -> Arc<Vec<PickerRow>> {
        Arc::clone(self.0.get_or_init(|| Arc::new(make())))
    }

    /// Forgets the rows: the list or the filters changed.
    pub fn clear(&mut self) {
        self.0.take();
    }

    /// Counts `events`, just added to the list, into the rows if they are known (else they are counted
    /// with the rest when first needed): a running search's batch costs its own events, not the list's.
    pub fn add(&mut self, facets: &Facets, events: &[EventIx]) {
        let Some(rows) = self.0.get_mut() else { return };
        if events.is_empty() {
            return;
        }
        let added = facets.count(events);
        let choices = Arc::make_mut(rows).iter_mut().filter_map(|r| match r {
            PickerRow::Choice { count, .. } => Some(count),
            PickerRow::Heading(_) => None,
        });
        for (count, n) in choices.zip(added) {
            *count += n;
        }
    }
}

/// The choices only (the rows the picker's cursor moves over).
pub fn picker_choices(rows: &[PickerRow]) -> Vec<usize> {
    rows.iter().enumerate().filter(|(_, r)| matches!(r, PickerRow::Choice { .. })).map(|(i, _)| i).collect()
}

/// Whether the event rests on the source anywhere: a citation, a reading or a side of a disagreement.
pub fn mentions(e: &Event, s: SourceIx) -> bool {
    e.cites(s)
        || e.readings.iter().any(|r| matches!(r.by, Author::Source { source, .. } if source == s))
        || e.disputes.iter().any(|d| {
            d.sides.iter().any(|side| side.sources.contains(&s))
                || d.settled.as_ref().is_some_and(|(_, b)| *b == s)
        })
}
