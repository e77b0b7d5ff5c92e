//! Search: a query over a timeline, giving hits with scores, and highlight positions for the rows on screen.
//!
//! Work is avoided rather than parallelised: all text is folded once into a `SearchIndex`; short fields (titles,
//! tags, source names) are matched fuzzily, long ones (summaries, readings) by word prefix, which is both faster
//! and more useful than fuzzy-matching long text, where nearly every event matches a short query.

mod fuzzy;
mod mask;
pub mod query;
mod score;
mod short;
pub mod worker;

pub use query::{Kind, Query, Term};

use crate::text::{Folded, fold};
use crate::timeline::{Author, Event, EventIx, Timeline, country_name};
use fuzzy::Fuzzy;
use mask::{Masks, Prepared};
pub use score::Scratch;

/// Folded search text for one event.
#[derive(Debug, Clone)]
struct Entry {
    /// Which bytes occur in each text field: a query letter missing from a field rules that field out
    /// before any matching.
    masks: Masks,
    title: Folded,
    /// id, tags, country codes and names, cited source ids and authors: matched fuzzily.
    short: String,
    /// summary, readings, quotes, disputes: matched by word prefix. Starts with a space so every word follows
    /// a non-word byte.
    long: String,
    date: String,
    year: i32,
    tags: Vec<String>,
    countries: Vec<String>,
    /// Cited source ids, authors and titles, folded.
    sources: String,
    /// Theories reading the event: ids and folded names.
    theories: Vec<String>,
}

/// Everything search needs, built once per timeline.
#[derive(Debug)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    fuzzy: Fuzzy,
}

/// One matching event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub event: EventIx,
    pub score: i64,
}

/// The folded search text of one event.
fn entry(t: &Timeline, e: &Event) -> Entry {
    let tags: Vec<String> = e.tags.iter().map(|&g| fold(&t.tag(g).id)).collect();
    let countries: Vec<String> =
        e.countries.iter().map(|c| format!("{} {}", fold(c), fold(country_name(c)))).collect();
    let mut source_ids: Vec<_> = e.citations.iter().map(|c| c.source).collect();
    source_ids.dedup();
    let sources = source_ids
        .iter()
        .map(|&s| {
            let s = t.source(s);
            fold(&format!("{} {} {}", s.id, s.author, s.title))
        })
        .collect::<Vec<_>>()
        .join(" | ");
    let short = format!("{} {} {} {}", e.id, tags.join(" "), countries.join(" "), sources);
    let mut long = String::from(" ");
    long.push_str(&fold(&e.summary));
    for r in &e.readings {
        long.push(' ');
        long.push_str(&fold(&r.text));
        if let Author::Source { quote: Some(q), .. } = &r.by {
            long.push(' ');
            long.push_str(&fold(q));
        }
    }
    for c in &e.citations {
        if let Some(q) = &c.quote {
            long.push(' ');
            long.push_str(&fold(q));
        }
    }
    for d in &e.disputes {
        long.push(' ');
        long.push_str(&fold(&d.point));
        for s in &d.sides {
            long.push(' ');
            long.push_str(&fold(&s.claim));
        }
    }
    let theories = e
        .readings
        .iter()
        .map(|r| {
            let th = t.theory(r.theory);
            format!("{} {}", th.id, fold(&th.name))
        })
        .collect();
    let title = Folded::new(&e.title);
    let short = fold(&short);
    Entry {
        masks: Masks::new(&title.text, &short, &long),
        title,
        short,
        long,
        date: e.date.to_string(),
        year: e.date.year(),
        tags,
        countries,
        sources,
        theories,
    }
}

impl SearchIndex {
    pub fn new(t: &Timeline) -> SearchIndex {
        // Folding every text of a million events takes seconds: the events are shared out over a few threads.
        let entries = crate::par::map(&t.events, 20_000, |e| entry(t, e));
        SearchIndex { entries, fuzzy: Fuzzy::default() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The score of one event for a query, or `None` when it does not match every term.
    pub fn score(&self, event: EventIx, query: &Query) -> Option<i64> {
        self.score_prepared(event, &Prepared::new(query), &mut Scratch::default())
    }

    /// `score` for a query prepared once per search, with buffers reused from event to event.
    fn score_prepared(&self, event: EventIx, query: &Prepared, s: &mut Scratch) -> Option<i64> {
        let e = &self.entries[event.get()];
        if !e.masks.any.contains(query.required) {
            return None;
        }
        let mut total = 0;
        for (term, m) in query.terms() {
            let score = self.term_score(e, &term.kind, m, s);
            match (score, term.negated) {
                (Some(score), false) => total += score,
                (None, true) => {}
                _ => return None,
            }
        }
        Some(total)
    }

    fn term_score(&self, e: &Entry, kind: &Kind, m: mask::Mask, s: &mut Scratch) -> Option<i64> {
        match kind {
            Kind::Fuzzy(t) if t.bytes().all(|b| b.is_ascii_digit()) => {
                e.date.starts_with(t.as_str()).then_some(100)
            }
            Kind::Fuzzy(t) => {
                // Fuzzy, but compact: the matched letters may spread over at most twice the query's length,
                // so typos and abbreviations match while letters scattered across a long title do not.
                let title = e
                    .masks
                    .title
                    .contains(m)
                    .then(|| self.fuzzy.score_compact(&e.title.text, t, t.len(), s).map(|x| x * 2))
                    .flatten();
                // The score is the best of the three fields: a field that cannot beat the best so far is not
                // matched at all (a skim score never exceeds `score::max_score`).
                let short = (e.masks.short.contains(m) && title.is_none_or(|x| x < score::max_score(t)))
                    .then(|| self.fuzzy.score_compact(&e.short, t, 2, s))
                    .flatten();
                let best = title.max(short);
                let word = 10 + t.len() as i64;
                let long = (best.is_none_or(|x| x < word)
                    && e.masks.long.contains(m)
                    && has_word_prefix(&e.long, t))
                .then_some(word);
                best.max(long)
            }
            Kind::Exact(t) => {
                let hit = (e.masks.title.contains(m) && e.title.text.contains(t.as_str()))
                    || (e.masks.short.contains(m) && e.short.contains(t.as_str()))
                    || (e.masks.long.contains(m) && e.long.contains(t.as_str()));
                hit.then_some(50 + t.len() as i64)
            }
            Kind::Tag(t) => e.tags.iter().any(|g| g.starts_with(t.as_str())).then_some(0),
            Kind::Country(c) => {
                e.countries.iter().any(|k| k.split(' ').any(|w| w.starts_with(c.as_str()))).then_some(0)
            }
            Kind::Source(src) => e.sources.contains(src.as_str()).then_some(0),
            Kind::Theory(th) => {
                e.theories.iter().any(|x| x.split(' ').any(|w| w.starts_with(th.as_str()))).then_some(0)
            }
            Kind::Years(from, to) => {
                let ok = from.is_none_or(|f| e.year >= f) && to.is_none_or(|t| e.year <= t);
                ok.then_some(0)
            }
        }
    }

    /// All events matching `query`, in date order. An empty query matches everything with score 0.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        self.search_within(query, (0..self.entries.len()).map(|i| EventIx(i as u32)))
    }

    /// Like `search`, over a subset of events (the previous hits when the query narrows).
    pub fn search_within(&self, query: &Query, events: impl Iterator<Item = EventIx>) -> Vec<Hit> {
        let mut matcher = self.matcher(query);
        events.filter_map(|ev| matcher.hit(ev)).collect()
    }

    /// A matcher for one query: scores events one at a time (the search worker checks for cancellation
    /// between them).
    pub fn matcher(&self, query: &Query) -> Matcher<'_> {
        Matcher { index: self, query: Prepared::new(query), scratch: Scratch::default() }
    }

    /// Char positions of the event's title to highlight for `query` (computed only for rows on screen).
    pub fn title_highlights(&self, event: EventIx, query: &Query) -> Vec<usize> {
        let title = &self.entries[event.get()].title;
        let mut folded_positions = Vec::new();
        for term in query.terms.iter().filter(|t| !t.negated) {
            match &term.kind {
                Kind::Fuzzy(t) => {
                    if let Some(p) = self.fuzzy.positions(&title.text, t) {
                        folded_positions.extend(p);
                    } else {
                        // A word-prefix hit in the title is highlighted too.
                        folded_positions.extend(substring_positions(&title.text, t));
                    }
                }
                Kind::Exact(t) => folded_positions.extend(substring_positions(&title.text, t)),
                _ => {}
            }
        }
        folded_positions.sort_unstable();
        folded_positions.dedup();
        title.to_original(&folded_positions)
    }
}

/// Scores events for one query, reusing its buffers from one event to the next.
#[derive(Debug)]
pub struct Matcher<'a> {
    index: &'a SearchIndex,
    query: Prepared,
    scratch: Scratch,
}

impl Matcher<'_> {
    /// The event as a hit, or `None` when it does not match.
    pub fn hit(&mut self, event: EventIx) -> Option<Hit> {
        let score = self.index.score_prepared(event, &self.query, &mut self.scratch)?;
        Some(Hit { event, score })
    }
}

/// Ranks hits best first (stable: equal scores keep date order).
///
/// Scores span a few hundred values, so a stable counting sort by score does it in two passes; an unusually
/// wide span (or a handful of hits) falls back to a comparison sort.
pub fn rank(hits: &mut [Hit]) {
    let Some((max, span)) = counting_span(hits) else {
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        return;
    };
    let mut starts = bucket_starts(hits, max, span);
    let by_date = hits.to_vec();
    for h in by_date {
        let b = (max - h.score) as usize;
        hits[starts[b]] = h;
        starts[b] += 1;
    }
}

/// The events of `hits` in the order `rank` gives, and how many have each score, best first (see
/// `score_runs`): placed straight from the hits, which are neither copied nor moved.
pub fn ranked_events(hits: &[Hit]) -> (Vec<EventIx>, Vec<(i64, u32)>) {
    let Some((max, span)) = counting_span(hits) else {
        let mut ranked = hits.to_vec();
        rank(&mut ranked);
        return (ranked.iter().map(|h| h.event).collect(), score_runs(&ranked));
    };
    let mut starts = bucket_starts(hits, max, span);
    let runs = starts
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[1] > w[0])
        .map(|(b, w)| (max - b as i64, (w[1] - w[0]) as u32))
        .collect();
    let mut events = vec![EventIx(0); hits.len()];
    for h in hits {
        let b = (max - h.score) as usize;
        events[starts[b]] = h.event;
        starts[b] += 1;
    }
    (events, runs)
}

/// How many hits of a ranked list have each score, best first.
pub fn score_runs(ranked: &[Hit]) -> Vec<(i64, u32)> {
    let mut runs: Vec<(i64, u32)> = Vec::new();
    for h in ranked {
        match runs.last_mut() {
            Some((s, n)) if *s == h.score => *n += 1,
            _ => runs.push((h.score, 1)),
        }
    }
    runs
}

/// The best score and the span of the scores, when a counting sort pays: more than 64 hits whose scores
/// span fewer than 65,536 values.
fn counting_span(hits: &[Hit]) -> Option<(i64, usize)> {
    if hits.len() <= 64 {
        return None;
    }
    let (min, max) = hits.iter().fold((i64::MAX, i64::MIN), |(lo, hi), h| (lo.min(h.score), hi.max(h.score)));
    let span = max.checked_sub(min).and_then(|d| usize::try_from(d).ok()).filter(|&d| d < 1 << 16)?;
    Some((max, span))
}

/// Where each score's hits start when ranked: bucket `max - score`, the best score first (`span + 2`
/// entries; the last is the number of hits).
fn bucket_starts(hits: &[Hit], max: i64, span: usize) -> Vec<usize> {
    let mut starts = vec![0usize; span + 2];
    for h in hits {
        starts[(max - h.score) as usize + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    starts
}

/// True when `needle` starts a word of `haystack` (a word begins after a non-alphanumeric byte).
fn has_word_prefix(haystack: &str, needle: &str) -> bool {
    let bytes = haystack.as_bytes();
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        let at = from + i;
        if at == 0 || !bytes[at - 1].is_ascii_alphanumeric() {
            return true;
        }
        from = at + 1;
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Char positions of the first occurrence of `needle` in `haystack`.
fn substring_positions(haystack: &str, needle: &str) -> Vec<usize> {
    match haystack.find(needle) {
        Some(byte) => {
            let start = haystack[..byte].chars().count();
            (start..start + needle.chars().count()).collect()
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One- and two-letter queries, scored by one scan instead of the matrix, give the same hits with the
    /// same scores, so the same ranking, over the embedded timeline.
    #[test]
    fn short_queries_rank_as_the_matrix_ranks() {
        let t = crate::timeline::load::load_embedded().expect("the embedded timeline is valid").timeline;
        let index = SearchIndex::new(&t);
        let letters: Vec<char> = ('a'..='z').chain('0'..='9').chain(['-', '.', ' ']).collect();
        let mut queries: Vec<String> = letters.iter().map(|c| c.to_string()).collect();
        for &a in &letters {
            queries.extend(letters.iter().map(|&b| format!("{a}{b}")));
        }
        queries.extend(["m e", "'me", "!m", "me tag:a"].map(String::from));
        let mut matched = 0;
        for q in &queries {
            let query = Query::parse(q);
            let mut fast = index.search(&query);
            let mut matrix =
                Matcher { index: &index, query: Prepared::new(&query), scratch: Scratch::matrix_only() };
            let mut slow: Vec<Hit> = (0..index.len()).filter_map(|i| matrix.hit(EventIx(i as u32))).collect();
            assert_eq!(fast, slow, "hits of {q:?}");
            rank(&mut fast);
            rank(&mut slow);
            assert_eq!(fast, slow, "ranking of {q:?}");
            matched += usize::from(!fast.is_empty());
        }
        assert!(matched > queries.len() / 4, "most short queries match something: {matched}");
    }

    use proptest::prelude::*;

    proptest! {
        /// The counting sort ranks exactly as a stable comparison sort by score, best first, whether it moves
        /// the hits or places their events.
        #[test]
        fn rank_is_a_stable_sort_by_score(
            scores in prop_oneof![
                4 => proptest::collection::vec(-50i64..400, 0..300),
                1 => proptest::collection::vec(any::<i64>(), 0..100),
            ],
        ) {
            let hits: Vec<Hit> =
                scores.iter().enumerate().map(|(i, &score)| Hit { event: EventIx(i as u32), score }).collect();
            let mut counted = hits.clone();
            rank(&mut counted);
            let mut sorted = hits.clone();
            sorted.sort_by_key(|h| std::cmp::Reverse(h.score));
            prop_assert_eq!(&counted, &sorted);
            // Placed straight from the hits: the same order, and the runs of the same scores.
            let (events, runs) = ranked_events(&hits);
            prop_assert_eq!(events, sorted.iter().map(|h| h.event).collect::<Vec<_>>());
            prop_assert_eq!(runs, score_runs(&sorted));
        }
    }

    #[test]
    fn word_prefixes() {
        assert!(has_word_prefix(" the merida initiative", "meri"));
        assert!(has_word_prefix(" the merida initiative", "init"));
        assert!(!has_word_prefix(" the merida initiative", "rida"));
        assert!(has_word_prefix(" x-ray", "ray"));
    }

    #[test]
    fn substring_positions_count_chars() {
        assert_eq!(substring_positions("ab plan", "plan"), vec![3, 4, 5, 6]);
        assert_eq!(substring_positions("é plan", "plan"), vec![2, 3, 4, 5]);
        assert!(substring_positions("abc", "x").is_empty());
    }
}
