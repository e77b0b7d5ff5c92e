//! The filter picker's choices each event counts towards, worked out once per timeline: counting a list for
//! the picker is then a pass over small integers, not over every event's countries, readings and citations
//! (opening the picker over half of a million events: 4 ms instead of 684 ms, docs/PERFORMANCE.md), and the
//! whole timeline's counts are known at once.

use std::collections::BTreeSet;

use crate::timeline::{Author, Event, EventIx, Timeline};

/// Events per piece when facets are built or counted on several threads.
const PER_PIECE: usize = 1 << 16;

/// For every event, the picker choices it counts towards, as positions in the picker's row order: disputed
/// (0), then the countries (as in `countries`), eras, theories, tags and sources, as `filters::picker_rows`
/// lists them.
#[derive(Debug)]
pub struct Facets {
    /// Every country code of the timeline, sorted.
    pub countries: Vec<String>,
    /// Where each event's choices start in `choices`, by `EventIx`, and where the last one ends.
    starts: Vec<u32>,
    /// Each event's choices, each once, in ascending order.
    choices: Vec<u32>,
    /// How many choices there are.
    rows: usize,
    /// How many of the timeline's events count towards each choice.
    totals: Vec<usize>,
}

/// Where each section's choices start in the row order.
#[derive(Debug, Clone, Copy)]
struct Bases {
    countries: u32,
    eras: u32,
    theories: u32,
    tags: u32,
    sources: u32,
    end: u32,
}

impl Bases {
    fn of(t: &Timeline, countries: usize) -> Bases {
        let countries_at = 1;
        let eras = countries_at + countries as u32;
        let theories = eras + t.eras.len() as u32;
        let tags = theories + t.theories.len() as u32;
        let sources = tags + t.tags.len() as u32;
        let end = sources + t.sources.len() as u32;
        Bases { countries: countries_at, eras, theories, tags, sources, end }
    }
}

impl Facets {
    pub fn new(t: &Timeline) -> Facets {
        let countries: BTreeSet<&str> =
            t.events.iter().flat_map(|e| e.countries.iter().map(String::as_str)).collect();
        let countries: Vec<String> = countries.into_iter().map(str::to_string).collect();
        let bases = Bases::of(t, countries.len());
        let pieces: Vec<&[Event]> = t.events.chunks(PER_PIECE).collect();
        let built = crate::par::map(&pieces, 1, |events| {
            let mut lens = Vec::with_capacity(events.len());
            let mut choices = Vec::with_capacity(events.len() * 8);
            let mut one = Vec::new();
            for e in events.iter() {
                one.clear();
                event_choices(e, &countries, bases, &mut one);
                one.sort_unstable();
                one.dedup();
                choices.extend_from_slice(&one);
                lens.push(one.len() as u32);
            }
            (lens, choices)
        });
        let mut starts = Vec::with_capacity(t.events.len() + 1);
        let mut choices = Vec::with_capacity(built.iter().map(|(_, c)| c.len()).sum());
        let mut end = 0;
        starts.push(end);
        for (lens, part) in built {
            for len in lens {
                end += len;
                starts.push(end);
            }
            choices.extend(part);
        }
        // Every event together is the whole array: each entry counts once towards its choice.
        let mut totals = vec![0; bases.end as usize];
        for &c in &choices {
            totals[c as usize] += 1;
        }
        Facets { countries, starts, choices, rows: bases.end as usize, totals }
    }

    /// How many choices the picker lists (the length of every count vector).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The choices `ev` counts towards.
    fn of(&self, ev: EventIx) -> &[u32] {
        let i = ev.get();
        &self.choices[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// How many of `events` (each listed once) count towards each choice, in row order.
    pub fn count(&self, events: &[EventIx]) -> Vec<usize> {
        if events.len() + 1 == self.starts.len() {
            // Every event of the timeline: known already.
            return self.totals.clone();
        }
        self.tally(events)
    }

    fn tally(&self, events: &[EventIx]) -> Vec<usize> {
        let pieces: Vec<&[EventIx]> = events.chunks(PER_PIECE).collect();
        let parts = crate::par::map(&pieces, 1, |piece| {
            let mut counts = vec![0; self.rows];
            for &ev in piece.iter() {
                for &c in self.of(ev) {
                    counts[c as usize] += 1;
                }
            }
            counts
        });
        let mut counts = vec![0; self.rows];
        for part in parts {
            counts.iter_mut().zip(part).for_each(|(c, n)| *c += n);
        }
        counts
    }
}

/// Pushes every choice `e` counts towards (with repeats; the caller removes them).
fn event_choices(e: &Event, countries: &[String], b: Bases, out: &mut Vec<u32>) {
    if !e.disputes.is_empty() {
        out.push(0);
    }
    for c in &e.countries {
        if let Ok(k) = countries.binary_search_by(|x| x.as_str().cmp(c)) {
            out.push(b.countries + k as u32);
        }
    }
    out.extend(e.eras.iter().map(|x| b.eras + x.get() as u32));
    out.extend(e.tags.iter().map(|g| b.tags + g.get() as u32));
    for r in &e.readings {
        out.push(b.theories + r.theory.get() as u32);
        if let Author::Source { source, .. } = r.by {
            out.push(b.sources + source.get() as u32);
        }
    }
    // The sources `filters::mentions` finds: citations, readings (above), sides and settlements of disputes.
    out.extend(e.citations.iter().map(|c| b.sources + c.source.get() as u32));
    for d in &e.disputes {
        out.extend(d.sides.iter().flat_map(|side| &side.sources).map(|s| b.sources + s.get() as u32));
        if let Some((_, s)) = &d.settled {
            out.push(b.sources + s.get() as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::filters::{Filters, PickerRow, picker_rows};
    use crate::timeline::load::load_embedded;

    /// Every choice's count is how many of the listed events its filter keeps.
    fn counts_match_the_filters(t: &Timeline, facets: &Facets, list: &[EventIx]) {
        let rows = picker_rows(t, facets, &facets.count(list), &Filters::default());
        let mut choices = 0;
        for row in rows {
            if let PickerRow::Choice { filter, label, count, .. } = row {
                let kept = list.iter().filter(|&&ev| filter.matches(t, t.event(ev))).count();
                assert_eq!(count, kept, "{label}");
                choices += 1;
            }
        }
        assert_eq!(choices, facets.rows());
    }

    #[test]
    fn counts_are_what_each_filter_keeps_for_the_whole_timeline_and_for_parts_of_it() {
        let t = load_embedded().unwrap().timeline;
        let facets = Facets::new(&t);
        let all: Vec<EventIx> = (0..t.events.len() as u32).map(EventIx).collect();
        counts_match_the_filters(&t, &facets, &all);
        for step in [2, 3, 7] {
            let part: Vec<EventIx> = all.iter().copied().step_by(step).rev().collect();
            counts_match_the_filters(&t, &facets, &part);
        }
        counts_match_the_filters(&t, &facets, &[]);
    }

    #[test]
    fn an_event_counts_once_towards_a_source_it_cites_twice() {
        let t = load_embedded().unwrap().timeline;
        let facets = Facets::new(&t);
        let twice = (0..t.events.len())
            .map(|i| EventIx(i as u32))
            .find(|&ev| {
                let e = t.event(ev);
                e.citations.iter().any(|c| {
                    e.readings
                        .iter()
                        .any(|r| matches!(r.by, Author::Source { source, .. } if source == c.source))
                })
            })
            .expect("the shipped timeline has a reading by a source the event also cites");
        let of = facets.of(twice);
        assert!(of.windows(2).all(|w| w[0] < w[1]), "{of:?}");
    }
}
