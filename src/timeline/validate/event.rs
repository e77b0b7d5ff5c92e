//! Raw events -> model events, with every check of an event, its citations, readings and disputes.
//!
//! Events are independent of each other once the ids they refer to are known, so a large timeline is checked
//! a slice at a time on a few threads, each with its own findings; raw events are dropped as they are
//! converted, so raw and model never both hold every event.

use super::path::At;
use super::{Checker, Lookups, MAX_QUOTE_WORDS, keys, trim};
use crate::suggest::hint;
use crate::timeline::raw::{RawCitation, RawDispute, RawEvent, RawReading};
use crate::timeline::{
    Author, Citation, Dispute, End, Event, Reading, Reliability, Side, SourceIx, Span, TagIx, TheoryIx,
};

/// Fewest events worth a thread of their own.
const PER_THREAD: usize = 20_000;

/// Every event converted, in file order; the findings of every thread are added to `ck`'s.
pub(super) fn all(ck: &mut Checker, lk: &Lookups<'_>, span: &Span, raw: Vec<RawEvent>) -> Vec<Event> {
    on_threads(crate::par::threads(raw.len(), PER_THREAD), ck, lk, span, raw)
}

/// [`all`] on `threads` threads.
fn on_threads(
    threads: usize,
    ck: &mut Checker,
    lk: &Lookups<'_>,
    span: &Span,
    raw: Vec<RawEvent>,
) -> Vec<Event> {
    let today = ck.today;
    let done = crate::par::chunks_on(threads, raw, |first, slice| {
        let mut ck = Checker::new(today);
        let mut out = Vec::with_capacity(slice.len());
        out.extend(slice.into_iter().enumerate().filter_map(|(k, e)| event(&mut ck, lk, span, first + k, e)));
        (out, ck.findings)
    });
    let mut events = Vec::with_capacity(done.iter().map(|(e, _)| e.len()).sum());
    for (e, f) in done {
        events.extend(e);
        ck.findings.extend(f);
    }
    events
}

fn event(ck: &mut Checker, lk: &Lookups<'_>, span: &Span, i: usize, e: RawEvent) -> Option<Event> {
    let events = At::key("events");
    let base = events.i(i);
    let date = ck.date(base.k("date"), &e.date);
    let end = e.end.as_ref().and_then(|s| ck.end(base.k("end"), s));
    if let (Some(d), Some(End::Date(x))) = (date, end)
        && x.last_day() < d.first_day()
    {
        ck.error(base.k("end"), format!("end ({x}) is before the date ({d})"));
    }
    if let Some(d) = date
        && (d.year() < span.start || span.end.is_some_and(|end| d.year() > end))
    {
        let end = span.end.map_or("present".to_string(), |y| y.to_string());
        ck.warn(base.k("date"), format!("{d} is outside the timeline's span ({}–{end})", span.start));
    }
    let title = ck.text(base.k("title"), e.title, "title");
    let summary = ck.text(base.k("summary"), e.summary, "summary");
    let countries = ck.countries(base.k("countries"), e.countries);
    let tags_at = base.k("tags");
    let tags = e
        .tags
        .iter()
        .enumerate()
        .filter_map(|(k, t)| match lk.tags.get(t.as_str()) {
            Some(ix) => Some(TagIx(*ix)),
            None => {
                ck.error(
                    tags_at.i(k),
                    format!("unknown tag {t:?}: declare it under `tags`{}", hint(t, keys(&lk.tags))),
                );
                None
            }
        })
        .collect();
    let sources_at = base.k("sources");
    if e.sources.is_empty() {
        ck.error(sources_at, "the event cites no source: every event needs at least one citation");
    }
    let citations: Vec<Citation> =
        e.sources.into_iter().enumerate().filter_map(|(k, c)| citation(ck, lk, sources_at.i(k), c)).collect();
    let readings_at = base.k("readings");
    let readings = e
        .readings
        .into_iter()
        .enumerate()
        .filter_map(|(k, r)| reading(ck, lk, readings_at.i(k), r))
        .collect();
    let disputed_at = base.k("disputed");
    let disputes = e
        .disputed
        .into_iter()
        .enumerate()
        .filter_map(|(k, d)| dispute(ck, lk, disputed_at.i(k), d))
        .collect();
    let weak_only = !citations.is_empty()
        && citations.iter().all(|c| lk.reliability[c.source.get()] == Reliability::Weak);
    if weak_only && !e.unconfirmed {
        ck.warn(sources_at, "the event rests only on a weak source but is not marked `unconfirmed: true`");
    }
    if e.unconfirmed && !weak_only && !citations.is_empty() {
        ck.warn(base.k("unconfirmed"), "marked unconfirmed, yet cited by a source that is not weak");
    }
    Some(Event {
        id: e.id,
        date: date?,
        end,
        title,
        summary,
        countries,
        tags,
        unconfirmed: e.unconfirmed,
        citations,
        readings,
        disputes,
        eras: Vec::new(),
        file_index: i,
    })
}

fn source_ref(ck: &mut Checker, lk: &Lookups<'_>, at: At<'_>, id: &str) -> Option<SourceIx> {
    match lk.sources.get(id) {
        Some(ix) => Some(SourceIx(*ix)),
        None => {
            ck.error(at, format!("unknown source {id:?}{}", hint(id, keys(&lk.sources))));
            None
        }
    }
}

fn quote(ck: &mut Checker, at: At<'_>, q: Option<String>) -> Option<String> {
    let q = trim(q?);
    let words = q.split_whitespace().count();
    if words == 0 {
        ck.error(at, "quote is empty: copy a short phrase from the passage, or leave the field out");
        return None;
    }
    if words > MAX_QUOTE_WORDS {
        ck.error(at, format!("quote has {words} words; at most {MAX_QUOTE_WORDS} are allowed"));
    }
    Some(q)
}

fn locator(ck: &mut Checker, at: At<'_>, l: Option<String>) -> String {
    match l.map(trim) {
        Some(l) if !l.is_empty() => l,
        _ => {
            ck.error(at, "citation has no locator: give the chapter, section heading or page as printed");
            String::new()
        }
    }
}

fn citation(ck: &mut Checker, lk: &Lookups<'_>, at: At<'_>, c: RawCitation) -> Option<Citation> {
    let source = source_ref(ck, lk, at.k("source"), &c.source);
    let locator = locator(ck, at.k("locator"), c.locator);
    if c.quote.is_none() {
        ck.warn(at, "citation has no quote: a reader cannot find the passage");
    }
    let quote = quote(ck, at.k("quote"), c.quote);
    Some(Citation { source: source?, locator, quote })
}

fn reading(ck: &mut Checker, lk: &Lookups<'_>, at: At<'_>, r: RawReading) -> Option<Reading> {
    let theory = match lk.theories.get(r.theory.as_str()) {
        Some(ix) => Some(TheoryIx(*ix)),
        None => {
            let msg = format!("unknown theory {:?}{}", r.theory, hint(&r.theory, keys(&lk.theories)));
            ck.error(at.k("theory"), msg);
            None
        }
    };
    let by = if r.by == "editorial" {
        if r.locator.is_some() || r.quote.is_some() {
            ck.error(at.k("by"), "an editorial reading has no locator or quote: name the source instead");
        }
        Some(Author::Editorial)
    } else {
        let source = source_ref(ck, lk, at.k("by"), &r.by);
        let locator = locator(ck, at.k("locator"), r.locator);
        if r.quote.is_none() {
            ck.warn(at, "reading has no quote: a reader cannot find where the source argues it");
        }
        let quote = quote(ck, at.k("quote"), r.quote);
        source.map(|source| Author::Source { source, locator, quote })
    };
    let text = ck.text(at.k("text"), r.text, "text");
    Some(Reading { theory: theory?, by: by?, text })
}

fn dispute(ck: &mut Checker, lk: &Lookups<'_>, at: At<'_>, d: RawDispute) -> Option<Dispute> {
    let point = ck.text(at.k("point"), d.point, "point");
    if d.sides.len() < 2 {
        ck.error(at.k("sides"), "a disagreement needs at least two sides");
    }
    let sides_at = at.k("sides");
    let mut sides = Vec::with_capacity(d.sides.len());
    for (k, s) in d.sides.into_iter().enumerate() {
        let side = sides_at.i(k);
        let claim = ck.text(side.k("claim"), s.claim, "claim");
        let list = side.k("sources");
        if s.sources.is_empty() {
            ck.error(list, "each side needs the sources that take it");
        }
        let sources =
            s.sources.iter().enumerate().filter_map(|(j, id)| source_ref(ck, lk, list.i(j), id)).collect();
        sides.push(Side { claim, sources });
    }
    let settled = match (d.settled, &d.settled_by) {
        (Some(fact), Some(by)) => source_ref(ck, lk, at.k("settled_by"), by).map(|s| (trim(fact), s)),
        (Some(_), None) => {
            ck.error(at.k("settled"), "a settled fact needs `settled_by`: the source that settles it");
            None
        }
        (None, Some(_)) => {
            ck.error(at.k("settled_by"), "`settled_by` without `settled`: say what the settled fact is");
            None
        }
        (None, None) => None,
    };
    Some(Dispute { point, sides, settled })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::timeline::Date;
    use crate::timeline::raw::Scalar;
    use crate::timeline::validate::{P, Severity};

    fn raw(i: usize) -> RawEvent {
        let date = if i % 7 == 3 { "1900-13".to_string() } else { format!("{}", 1850 + i % 100) };
        RawEvent {
            id: format!("e-{i}"),
            date: Scalar(date),
            end: None,
            title: format!(" Title {i} "),
            summary: format!("Summary {i}"),
            countries: vec!["US".into()],
            tags: if i % 11 == 5 { vec!["nope".into()] } else { Vec::new() },
            unconfirmed: false,
            sources: vec![RawCitation {
                source: "s".into(),
                locator: Some("p. 1".into()),
                quote: Some("q".into()),
            }],
            readings: Vec::new(),
            disputed: Vec::new(),
        }
    }

    /// Each event's place in the file and title; each finding's path and severity.
    type Outcome = (Vec<(usize, String)>, Vec<(Vec<P>, Severity)>);

    fn run(threads: usize, n: usize) -> Outcome {
        let lk = Lookups {
            sources: HashMap::from([("s", 0)]),
            theories: HashMap::new(),
            tags: HashMap::new(),
            reliability: vec![Reliability::Scholarly],
        };
        let mut ck = Checker::new(Date::ymd(2026, 11, 23));
        let span = Span { start: 1836, end: None };
        let events = on_threads(threads, &mut ck, &lk, &span, (0..n).map(raw).collect());
        let events = events.into_iter().map(|e| (e.file_index, e.title)).collect();
        let mut findings: Vec<_> = ck.findings.into_iter().map(|f| (f.path, f.severity)).collect();
        findings.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        (events, findings)
    }

    #[test]
    fn threads_give_the_events_and_findings_of_one_thread() {
        let one = run(1, 1000);
        let bad_dates = (0..1000).filter(|i| i % 7 == 3).count();
        assert_eq!(one.0.len(), 1000 - bad_dates, "an event with a bad date is left out");
        assert!(one.0.windows(2).all(|w| w[0].0 < w[1].0), "file order");
        assert_eq!(one.0[0], (0, "Title 0".to_string()), "titles trimmed");
        assert!(one.1.contains(&(vec![P::K("events"), P::I(995), P::K("tags"), P::I(0)], Severity::Error)));
        for threads in [2, 3, 4] {
            assert_eq!(run(threads, 1000), one, "{threads} threads");
        }
        assert_eq!(run(3, 2), run(1, 2), "more threads than events");
    }
}
