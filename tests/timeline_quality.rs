//! Quality checks over the shipped timeline: the data people brief from.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use annals::timeline::{Author, Date, End, Reliability, Timeline, check_documents, load::load_embedded};

fn timeline() -> Timeline {
    let loaded = load_embedded().expect("the embedded timeline must validate");
    assert!(loaded.warnings.is_empty(), "warnings: {:#?}", loaded.warnings);
    loaded.timeline
}

#[test]
fn spans_1836_to_the_present_year() {
    let t = timeline();
    assert_eq!(t.span.start, 1836);
    assert_eq!(t.span.end, None, "span ends at `present`");
    assert_eq!(t.events.first().unwrap().date.year(), 1836);
    let last = t.events.last().unwrap().date.year();
    assert!(last >= t.as_of.year(), "the last event ({last}) is in the as-of year {}", t.as_of.year());
}

#[test]
fn every_event_is_cited_with_locator_and_quote() {
    let t = timeline();
    let mut ids = HashSet::new();
    for e in &t.events {
        assert!(ids.insert(&e.id), "duplicate id {}", e.id);
        assert!(!e.citations.is_empty(), "{} has no citation", e.id);
        for c in &e.citations {
            assert!(!c.locator.is_empty(), "{}: citation without locator", e.id);
            let q = c.quote.as_deref().unwrap_or_else(|| panic!("{}: citation without quote", e.id));
            assert!(q.split_whitespace().count() <= 15, "{}: quote too long", e.id);
        }
        for r in &e.readings {
            if let Author::Source { locator, quote, .. } = &r.by {
                assert!(!locator.is_empty() && quote.is_some(), "{}: reading without locator/quote", e.id);
            }
        }
    }
}

#[test]
fn weak_sources_never_stand_alone_unmarked() {
    let t = timeline();
    for e in &t.events {
        let weak_only = e.citations.iter().all(|c| t.source(c.source).reliability == Reliability::Weak);
        assert_eq!(weak_only, e.unconfirmed, "{}: unconfirmed must mark exactly the weak-only events", e.id);
    }
}

#[test]
fn enough_events_in_every_decade() {
    let t = timeline();
    assert!(t.events.len() >= 250, "{} events", t.events.len());
    let mut per_decade: BTreeMap<i32, usize> = BTreeMap::new();
    for e in &t.events {
        *per_decade.entry(e.date.year() / 10 * 10).or_default() += 1;
    }
    for decade in (1830..=t.as_of.year() / 10 * 10).step_by(10) {
        let n = per_decade.get(&decade).copied().unwrap_or(0);
        assert!(n >= 3, "only {n} events in the {decade}s");
    }
    for country in ["MX", "CO"] {
        let n = t.events.iter().filter(|e| e.countries.iter().any(|c| c == country)).count();
        assert!(n >= 60, "only {n} events for {country}");
    }
}

#[test]
fn eras_cover_1836_to_present_without_gaps_for_each_country() {
    let t = timeline();
    for country in ["MX", "CO"] {
        let mut eras: Vec<_> = t.eras.iter().filter(|e| e.countries.iter().any(|c| c == country)).collect();
        eras.sort_by_key(|e| e.start);
        assert_eq!(eras.first().unwrap().start.year(), 1836, "{country} eras start in 1836");
        for pair in eras.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let End::Date(end) = a.end else { panic!("{}: only the last era may end at present", a.id) };
            let next_day_year = end.last_day().0 + 1;
            assert!(b.start.year() <= next_day_year, "gap between {} and {}", a.id, b.id);
        }
        assert_eq!(eras.last().unwrap().end, End::Present, "{country} eras reach the present");
        for era in &eras {
            assert!(!era.events.is_empty(), "era {} is empty", era.id);
            assert!(!era.summary.is_empty(), "era {} has no summary", era.id);
        }
    }
}

#[test]
fn readings_are_attributed_on_enough_events_and_pivots_have_several_lenses() {
    let t = timeline();
    let attributed =
        t.events.iter().filter(|e| e.readings.iter().any(|r| matches!(r.by, Author::Source { .. }))).count();
    assert!(
        attributed * 100 >= t.events.len() * 40,
        "{attributed} of {} events have attributed readings",
        t.events.len()
    );
    // Pivotal episodes: at least one event in each must be read by two or more theories.
    let pivots: [(&str, i32, i32); 9] = [
        ("the 1846–48 war", 1846, 1848),
        ("the 1914 Veracruz occupation", 1914, 1914),
        ("the 1916 Punitive Expedition", 1916, 1917),
        ("the Second World War alliance", 1941, 1945),
        ("the Cold War distance", 1946, 1981),
        ("NAFTA", 1992, 1994),
        ("Plan Colombia", 1999, 2001),
        ("NORTHCOM", 2002, 2002),
        ("Mérida", 2007, 2008),
    ];
    for (name, from, to) in pivots {
        let best = t
            .events
            .iter()
            .filter(|e| (from..=to).contains(&e.date.year()))
            .map(|e| {
                let theories: HashSet<_> = e
                    .readings
                    .iter()
                    .filter(|r| matches!(r.by, Author::Source { .. }))
                    .map(|r| r.theory)
                    .collect();
                theories.len()
            })
            .max()
            .unwrap_or(0);
        assert!(best >= 2, "{name}: no event read by two theories (best {best})");
    }
}

#[test]
fn every_seed_quote_is_found_in_its_document() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("../shared/seeds is absent: quote check not run");
        return;
    }
    let t = timeline();
    let problems = check_documents(&t, annals::timeline::EMBEDDED, "timeline.yaml", &seeds);
    assert!(problems.is_empty(), "{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"));
}

#[test]
fn as_of_is_not_in_the_future() {
    let t = timeline();
    assert!(t.as_of.first_day() <= Date::today().first_day());
}
