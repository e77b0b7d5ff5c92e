//! Raw -> validated model: every check of the format, collecting every problem in one pass.
//!
//! Problems are recorded with the YAML path of the offending value; `load` turns paths into line and column
//! only when there is something to report.

mod event;
mod path;

use std::collections::HashMap;

use super::raw::{RawTimeline, Scalar};
use super::{
    Author, Date, End, Era, EraIx, Event, EventIx, Reliability, Source, SourceIx, Span, Tag, Theory, Timeline,
};
use crate::suggest::hint;
use path::At;

/// Longest quote allowed, in words: a quote is a finding aid, not a copy.
pub const MAX_QUOTE_WORDS: usize = 15;

/// One step of a path into the YAML document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum P {
    K(&'static str),
    I(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found in the model, located by path.
#[derive(Debug, Clone)]
pub struct Finding {
    pub path: Vec<P>,
    /// Point at the key rather than the value (unknown fields).
    pub at_key: bool,
    pub severity: Severity,
    pub message: String,
}

struct Checker {
    findings: Vec<Finding>,
    today: Date,
}

impl Checker {
    fn new(today: Date) -> Checker {
        Checker { findings: Vec::new(), today }
    }

    fn error(&mut self, at: At<'_>, message: impl Into<String>) {
        self.find(at, Severity::Error, message.into());
    }

    fn warn(&mut self, at: At<'_>, message: impl Into<String>) {
        self.find(at, Severity::Warning, message.into());
    }

    fn find(&mut self, at: At<'_>, severity: Severity, message: String) {
        self.findings.push(Finding { path: at.to_vec(), at_key: false, severity, message });
    }

    /// The text trimmed, reusing its allocation when there is nothing to trim; empty text is an error.
    fn text(&mut self, at: At<'_>, value: String, what: &str) -> String {
        let trimmed = trim(value);
        if trimmed.is_empty() {
            self.error(at, format!("{what} is empty"));
        }
        trimmed
    }

    fn slug(&mut self, at: At<'_>, id: &str) {
        let ok = !id.is_empty()
            && id.split('-').all(|part| {
                !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !ok {
            self.error(
                at,
                format!("{id:?} is not a valid id: use lower-case letters, digits and single '-'"),
            );
        }
    }

    fn date(&mut self, at: At<'_>, value: &Scalar) -> Option<Date> {
        match Date::parse(value.0.trim()) {
            Ok(d) => {
                if d.first_day() > self.today.first_day() {
                    self.error(at, format!("{:?} is in the future (today is {})", value.0, self.today));
                    return None;
                }
                Some(d)
            }
            Err(e) => {
                self.error(at, e.to_string());
                None
            }
        }
    }

    fn end(&mut self, at: At<'_>, value: &Scalar) -> Option<End> {
        if value.0.trim() == "present" { Some(End::Present) } else { self.date(at, value).map(End::Date) }
    }

    fn countries(&mut self, at: At<'_>, list: Vec<String>) -> Vec<String> {
        if list.is_empty() {
            self.error(at, "no country given: list ISO codes such as [US, MX]");
        }
        for (i, c) in list.iter().enumerate() {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                self.error(at.i(i), format!("{c:?} is not an ISO 3166 country code such as US, MX, CO"));
            }
        }
        list
    }

    /// Registers ids, reporting duplicates; returns id -> position.
    fn ids<'a>(
        &mut self,
        list: &'static str,
        ids: impl ExactSizeIterator<Item = &'a str>,
    ) -> HashMap<&'a str, u32> {
        let top = At::key(list);
        let mut seen: HashMap<&str, u32> = HashMap::with_capacity(ids.len());
        for (i, id) in ids.enumerate() {
            let item = top.i(i);
            self.slug(item.k("id"), id);
            if let Some(first) = seen.get(id) {
                self.error(item.k("id"), format!("duplicate id {id:?} (first used by {list}[{first}])"));
            } else {
                seen.insert(id, i as u32);
            }
        }
        seen
    }
}

/// `value` without surrounding white space, in the same allocation when there is none.
fn trim(value: String) -> String {
    if value.trim().len() == value.len() { value } else { value.trim().to_string() }
}

fn keys<'a, 'm>(map: &'m HashMap<&'a str, u32>) -> impl Iterator<Item = &'a str> + 'm {
    map.keys().copied()
}

/// Ids resolved to positions, shared by every thread that checks events.
struct Lookups<'a> {
    sources: HashMap<&'a str, u32>,
    theories: HashMap<&'a str, u32>,
    tags: HashMap<&'a str, u32>,
    reliability: Vec<Reliability>,
}

/// Validates and resolves `raw`. Returns the model (built from what was valid) and every finding; the caller
/// refuses the model when any finding is an error.
pub fn validate(mut raw: RawTimeline, today: Date) -> (Timeline, Vec<Finding>) {
    let raw_events = std::mem::take(&mut raw.events);
    let mut ck = Checker::new(today);
    let title = ck.text(At::key("title"), std::mem::take(&mut raw.title), "title");
    let description = trim(std::mem::take(&mut raw.description));
    let version = ck.text(At::key("version"), std::mem::take(&mut raw.version.0), "version");
    let as_of = ck.date(At::key("as_of"), &raw.as_of).unwrap_or(today);
    let span = span(&mut ck, &raw);
    let raw = &raw;

    let theories_ix = ck.ids("theories", raw.theories.iter().map(|t| t.id.as_str()));
    let sources_ix = ck.ids("sources", raw.sources.iter().map(|s| s.id.as_str()));
    let tags_ix = ck.ids("tags", raw.tags.iter().map(|t| t.id.as_str()));
    ck.ids("eras", raw.eras.iter().map(|e| e.id.as_str()));

    let theories = raw
        .theories
        .iter()
        .enumerate()
        .map(|(i, t)| Theory {
            id: t.id.clone(),
            name: ck.text(At::key("theories").i(i).k("name"), t.name.clone(), "name"),
            summary: t.summary.trim().to_string(),
        })
        .collect();
    let tags =
        raw.tags.iter().map(|t| Tag { id: t.id.clone(), meaning: t.meaning.trim().to_string() }).collect();
    let sources_at = At::key("sources");
    let mut sources: Vec<Source> = Vec::with_capacity(raw.sources.len());
    for (i, s) in raw.sources.iter().enumerate() {
        let item = sources_at.i(i);
        let reliability = Reliability::parse(&s.reliability).unwrap_or_else(|| {
            ck.error(
                item.k("reliability"),
                format!(
                    "{:?} is not a reliability grade: use primary, scholarly, official, journalistic or weak{}",
                    s.reliability,
                    hint(&s.reliability, Reliability::ALL.iter().map(|r| r.name()))
                ),
            );
            Reliability::Weak
        });
        let year = s.year.as_ref().and_then(|y| match y.0.trim().parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                ck.error(item.k("year"), format!("{:?} is not a year", y.0));
                None
            }
        });
        if let Some(url) = &s.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            ck.error(item.k("url"), format!("{url:?} is not a web address (http:// or https://)"));
        }
        sources.push(Source {
            id: s.id.clone(),
            author: ck.text(item.k("author"), s.author.clone(), "author"),
            title: ck.text(item.k("title"), s.title.clone(), "title"),
            kind: s.kind.trim().to_string(),
            publisher: s.publisher.as_ref().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            year,
            url: s.url.clone(),
            reliability,
            file: s.file.clone(),
            note: s.note.as_ref().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
            cited_by: Vec::new(),
        });
    }

    let eras_at = At::key("eras");
    let mut eras: Vec<Era> = Vec::with_capacity(raw.eras.len());
    for (i, e) in raw.eras.iter().enumerate() {
        let item = eras_at.i(i);
        let start = ck.date(item.k("start"), &e.start);
        let end = ck.end(item.k("end"), &e.end);
        if let (Some(s), Some(End::Date(d))) = (start, end)
            && d.last_day() < s.first_day()
        {
            ck.error(item.k("end"), format!("era ends ({d}) before it starts ({s})"));
        }
        eras.push(Era {
            id: e.id.clone(),
            name: ck.text(item.k("name"), e.name.clone(), "name"),
            start: start.unwrap_or(Date::year_only(span.start)),
            end: end.unwrap_or(End::Present),
            countries: ck.countries(item.k("countries"), e.countries.clone()),
            summary: ck.text(item.k("summary"), e.summary.clone(), "summary"),
            events: Vec::new(),
        });
    }

    let lookups = Lookups {
        sources: sources_ix,
        theories: theories_ix,
        tags: tags_ix,
        reliability: sources.iter().map(|s| s.reliability).collect(),
    };
    ck.ids("events", raw_events.iter().map(|e| e.id.as_str()));
    let events = event::all(&mut ck, &lookups, &span, raw_events);
    let mut events = by_date(events);
    link(&mut events, &mut eras, &mut sources, today);

    for (k, era) in eras.iter().enumerate() {
        if era.events.is_empty() {
            ck.warn(eras_at.i(k).k("id"), format!("era {:?} contains no events", era.id));
        }
    }
    let timeline =
        Timeline { title, description, version, as_of, span, theories, sources, eras, tags, events };
    (timeline, ck.findings)
}

/// The events in date order, keeping file order between events of the same date. A sort that moved the
/// events themselves took most of a second at a million events: their dates are sorted instead, and each
/// event is then swapped straight to its place.
fn by_date(mut events: Vec<Event>) -> Vec<Event> {
    if events.is_sorted_by_key(|e| e.date) {
        return events;
    }
    let mut order: Vec<(Date, u32)> = events.iter().zip(0..).map(|(e, i)| (e.date, i)).collect();
    order.sort_by_key(|&(date, _)| date);
    let mut place = vec![0u32; order.len()];
    for (k, &(_, i)) in order.iter().enumerate() {
        place[i as usize] = k as u32;
    }
    permute(&mut events, place);
    events
}

/// Moves `items[i]` to `place[i]` (a permutation), in place: each swap puts one item where it belongs.
fn permute<T>(items: &mut [T], mut place: Vec<u32>) {
    for i in 0..items.len() {
        while place[i] as usize != i {
            let j = place[i] as usize;
            items.swap(i, j);
            place.swap(i, j);
        }
    }
}

/// Puts each event in its eras, and lists under each source the events that cite it.
fn link(events: &mut [Event], eras: &mut [Era], sources: &mut [Source], today: Date) {
    let mut cited: Vec<SourceIx> = Vec::new();
    for (i, ev) in events.iter_mut().enumerate() {
        for (k, era) in eras.iter_mut().enumerate() {
            let inside = ev.date.first_day() >= era.start.first_day()
                && ev.date.first_day() <= era.end.last_day(&today)
                && ev.countries.iter().any(|c| era.countries.contains(c));
            if inside {
                ev.eras.push(EraIx(k as u32));
                era.events.push(EventIx(i as u32));
            }
        }
        cited.clear();
        cited.extend(ev.citations.iter().map(|c| c.source));
        cited.extend(ev.readings.iter().filter_map(|r| match r.by {
            Author::Source { source, .. } => Some(source),
            Author::Editorial => None,
        }));
        cited.extend(ev.disputes.iter().flat_map(|d| d.sides.iter().flat_map(|s| s.sources.iter().copied())));
        cited.extend(ev.disputes.iter().filter_map(|d| d.settled.as_ref().map(|s| s.1)));
        cited.sort_unstable();
        cited.dedup();
        for s in &cited {
            sources[s.get()].cited_by.push(EventIx(i as u32));
        }
    }
}

fn span(ck: &mut Checker, raw: &RawTimeline) -> Span {
    let at = At::key("span");
    let start = raw.span.start.0.trim().parse::<i32>().unwrap_or_else(|_| {
        ck.error(at.k("start"), format!("{:?} is not a year", raw.span.start.0));
        0
    });
    let end = match raw.span.end.0.trim() {
        "present" => None,
        y => match y.parse::<i32>() {
            Ok(n) if n >= start => Some(n),
            Ok(n) => {
                ck.error(at.k("end"), format!("span ends ({n}) before it starts ({start})"));
                None
            }
            Err(_) => {
                ck.error(at.k("end"), format!("{y:?} is neither a year nor `present`"));
                None
            }
        },
    };
    Span { start, end }
}

#[cfg(test)]
mod tests {
    use super::permute;
    use crate::timeline::Date;
    use crate::timeline::load::load_str;

    #[test]
    fn events_come_in_date_order_with_file_order_between_equal_dates() {
        let head = "title: t\ndescription: d\nversion: '1'\nas_of: '2026-01-01'\nspan: {start: 1836, end: present}\n\
                    theories: []\nsources:\n  - {id: s, author: A, title: T, kind: book, reliability: scholarly}\n\
                    eras: []\ntags: []\nevents:\n";
        let dates = ["1900", "1850", "1900", "1846-05", "1850", "1846"];
        let events: String = dates
            .iter()
            .enumerate()
            .map(|(i, d)| {
                format!(
                    "  - {{id: e-{i}, date: '{d}', title: T, summary: S, countries: [US], \
                     sources: [{{source: s, locator: p. 1, quote: q}}]}}\n"
                )
            })
            .collect();
        let loaded = load_str(&format!("{head}{events}"), "t.yaml", Date::ymd(2026, 11, 23)).unwrap();
        let ids: Vec<&str> = loaded.timeline.events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["e-5", "e-3", "e-1", "e-4", "e-0", "e-2"]);
    }

    #[test]
    fn permute_moves_each_item_to_its_place() {
        let items: Vec<u32> = (0..50).map(|i| (i * 37) % 50).collect();
        let mut moved = items.clone();
        permute(&mut moved, items.clone());
        // Item i held value v = place[i]; after the move, position v holds it.
        for (i, &v) in items.iter().enumerate() {
            assert_eq!(moved[v as usize], items[i]);
        }
        let mut same = vec!['a', 'b', 'c'];
        permute(&mut same, vec![0, 1, 2]);
        assert_eq!(same, ['a', 'b', 'c']);
        let mut turned = vec!['a', 'b', 'c'];
        permute(&mut turned, vec![1, 2, 0]);
        assert_eq!(turned, ['c', 'a', 'b']);
    }
}
