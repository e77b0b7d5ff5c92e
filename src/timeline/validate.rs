//! Raw -> validated model: every check of the format, collecting every problem in one pass.
//!
//! Problems are recorded with the YAML path of the offending value; `load` turns paths into line and column
//! only when there is something to report.

use std::collections::HashMap;

use super::raw::{RawCitation, RawDispute, RawEvent, RawReading, RawTimeline, Scalar};
use super::{
    Author, Citation, Date, Dispute, End, Era, EraIx, Event, EventIx, Reading, Reliability, Side, Source,
    SourceIx, Span, Tag, TagIx, Theory, TheoryIx, Timeline,
};
use crate::suggest::hint;

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
    fn error(&mut self, path: Vec<P>, message: impl Into<String>) {
        self.findings.push(Finding {
            path,
            at_key: false,
            severity: Severity::Error,
            message: message.into(),
        });
    }
    fn warn(&mut self, path: Vec<P>, message: impl Into<String>) {
        self.findings.push(Finding {
            path,
            at_key: false,
            severity: Severity::Warning,
            message: message.into(),
        });
    }

    fn text(&mut self, path: Vec<P>, value: &str, what: &str) -> String {
        if value.trim().is_empty() {
            self.error(path, format!("{what} is empty"));
        }
        value.trim().to_string()
    }

    fn slug(&mut self, path: Vec<P>, id: &str) {
        let ok = !id.is_empty()
            && id.split('-').all(|part| {
                !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !ok {
            self.error(
                path,
                format!("{id:?} is not a valid id: use lower-case letters, digits and single '-'"),
            );
        }
    }

    fn date(&mut self, path: Vec<P>, value: &Scalar) -> Option<Date> {
        match Date::parse(value.0.trim()) {
            Ok(d) => {
                if d.first_day() > self.today.first_day() {
                    self.error(path, format!("{:?} is in the future (today is {})", value.0, self.today));
                    return None;
                }
                Some(d)
            }
            Err(e) => {
                self.error(path, e.to_string());
                None
            }
        }
    }

    fn end(&mut self, path: Vec<P>, value: &Scalar) -> Option<End> {
        if value.0.trim() == "present" { Some(End::Present) } else { self.date(path, value).map(End::Date) }
    }

    fn countries(&mut self, path: Vec<P>, list: &[String]) -> Vec<String> {
        if list.is_empty() {
            self.error(path.clone(), "no country given: list ISO codes such as [US, MX]");
        }
        for (i, c) in list.iter().enumerate() {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                self.error(
                    with(&path, P::I(i)),
                    format!("{c:?} is not an ISO 3166 country code such as US, MX, CO"),
                );
            }
        }
        list.to_vec()
    }

    /// Registers ids, reporting duplicates; returns id -> position.
    fn ids<'a>(&mut self, list: &'static str, ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u32> {
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for (i, id) in ids.enumerate() {
            self.slug(vec![P::K(list), P::I(i), P::K("id")], id);
            if let Some(first) = seen.get(id) {
                self.error(
                    vec![P::K(list), P::I(i), P::K("id")],
                    format!("duplicate id {id:?} (first used by {list}[{first}])"),
                );
            } else {
                seen.insert(id, i as u32);
            }
        }
        seen
    }
}

fn with(path: &[P], more: P) -> Vec<P> {
    let mut v = path.to_vec();
    v.push(more);
    v
}

fn keys<'a, 'm>(map: &'m HashMap<&'a str, u32>) -> impl Iterator<Item = &'a str> + 'm {
    map.keys().copied()
}

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
    let raw = &raw;
    let mut ck = Checker { findings: Vec::new(), today };
    let title = ck.text(vec![P::K("title")], &raw.title, "title");
    let description = raw.description.trim().to_string();
    let version = ck.text(vec![P::K("version")], &raw.version.0, "version");
    let as_of = ck.date(vec![P::K("as_of")], &raw.as_of).unwrap_or(today);
    let span = span(&mut ck, raw);

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
            name: ck.text(vec![P::K("theories"), P::I(i), P::K("name")], &t.name, "name"),
            summary: t.summary.trim().to_string(),
        })
        .collect();
    let tags =
        raw.tags.iter().map(|t| Tag { id: t.id.clone(), meaning: t.meaning.trim().to_string() }).collect();
    let mut sources: Vec<Source> = Vec::with_capacity(raw.sources.len());
    for (i, s) in raw.sources.iter().enumerate() {
        let at = |f| vec![P::K("sources"), P::I(i), P::K(f)];
        let reliability = Reliability::parse(&s.reliability).unwrap_or_else(|| {
            ck.error(
                at("reliability"),
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
                ck.error(at("year"), format!("{:?} is not a year", y.0));
                None
            }
        });
        if let Some(url) = &s.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            ck.error(at("url"), format!("{url:?} is not a web address (http:// or https://)"));
        }
        sources.push(Source {
            id: s.id.clone(),
            author: ck.text(at("author"), &s.author, "author"),
            title: ck.text(at("title"), &s.title, "title"),
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

    let mut eras: Vec<Era> = Vec::with_capacity(raw.eras.len());
    for (i, e) in raw.eras.iter().enumerate() {
        let at = |f| vec![P::K("eras"), P::I(i), P::K(f)];
        let start = ck.date(at("start"), &e.start);
        let end = ck.end(at("end"), &e.end);
        if let (Some(s), Some(End::Date(d))) = (start, end)
            && d.last_day() < s.first_day()
        {
            ck.error(at("end"), format!("era ends ({d}) before it starts ({s})"));
        }
        eras.push(Era {
            id: e.id.clone(),
            name: ck.text(at("name"), &e.name, "name"),
            start: start.unwrap_or(Date::year_only(span.start)),
            end: end.unwrap_or(End::Present),
            countries: ck.countries(at("countries"), &e.countries),
            summary: ck.text(at("summary"), &e.summary, "summary"),
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
    // Each raw event is dropped as soon as it is converted, so raw and model never both hold every event.
    let mut events: Vec<Event> = Vec::with_capacity(raw_events.len());
    events.extend(
        raw_events.into_iter().enumerate().filter_map(|(i, e)| event(&mut ck, &lookups, &span, i, &e)),
    );
    events.sort_by_key(|e| e.date);

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
        let mut cited: Vec<SourceIx> = ev.citations.iter().map(|c| c.source).collect();
        cited.extend(ev.readings.iter().filter_map(|r| match r.by {
            Author::Source { source, .. } => Some(source),
            Author::Editorial => None,
        }));
        cited.extend(ev.disputes.iter().flat_map(|d| d.sides.iter().flat_map(|s| s.sources.iter().copied())));
        cited.extend(ev.disputes.iter().filter_map(|d| d.settled.as_ref().map(|s| s.1)));
        cited.sort();
        cited.dedup();
        for s in cited {
            sources[s.get()].cited_by.push(EventIx(i as u32));
        }
    }
    for (k, era) in eras.iter().enumerate() {
        if era.events.is_empty() {
            ck.warn(vec![P::K("eras"), P::I(k), P::K("id")], format!("era {:?} contains no events", era.id));
        }
    }
    let timeline =
        Timeline { title, description, version, as_of, span, theories, sources, eras, tags, events };
    (timeline, ck.findings)
}

fn span(ck: &mut Checker, raw: &RawTimeline) -> Span {
    let start = raw.span.start.0.trim().parse::<i32>().unwrap_or_else(|_| {
        ck.error(vec![P::K("span"), P::K("start")], format!("{:?} is not a year", raw.span.start.0));
        0
    });
    let end = match raw.span.end.0.trim() {
        "present" => None,
        y => match y.parse::<i32>() {
            Ok(n) if n >= start => Some(n),
            Ok(n) => {
                ck.error(
                    vec![P::K("span"), P::K("end")],
                    format!("span ends ({n}) before it starts ({start})"),
                );
                None
            }
            Err(_) => {
                ck.error(vec![P::K("span"), P::K("end")], format!("{y:?} is neither a year nor `present`"));
                None
            }
        },
    };
    Span { start, end }
}

fn event(ck: &mut Checker, lk: &Lookups, span: &Span, i: usize, e: &RawEvent) -> Option<Event> {
    let base = vec![P::K("events"), P::I(i)];
    let at = |f| with(&base, P::K(f));
    let date = ck.date(at("date"), &e.date);
    let end = e.end.as_ref().and_then(|s| ck.end(at("end"), s));
    if let (Some(d), Some(End::Date(x))) = (date, end)
        && x.last_day() < d.first_day()
    {
        ck.error(at("end"), format!("end ({x}) is before the date ({d})"));
    }
    if let Some(d) = date
        && (d.year() < span.start || span.end.is_some_and(|end| d.year() > end))
    {
        let end = span.end.map_or("present".to_string(), |y| y.to_string());
        ck.warn(at("date"), format!("{d} is outside the timeline's span ({}–{end})", span.start));
    }
    let title = ck.text(at("title"), &e.title, "title");
    let summary = ck.text(at("summary"), &e.summary, "summary");
    let countries = ck.countries(at("countries"), &e.countries);
    let tags = e
        .tags
        .iter()
        .enumerate()
        .filter_map(|(k, t)| match lk.tags.get(t.as_str()) {
            Some(ix) => Some(TagIx(*ix)),
            None => {
                ck.error(
                    with(&at("tags"), P::I(k)),
                    format!("unknown tag {t:?}: declare it under `tags`{}", hint(t, keys(&lk.tags))),
                );
                None
            }
        })
        .collect();
    if e.sources.is_empty() {
        ck.error(at("sources"), "the event cites no source: every event needs at least one citation");
    }
    let citations: Vec<Citation> = e
        .sources
        .iter()
        .enumerate()
        .filter_map(|(k, c)| citation(ck, lk, with(&at("sources"), P::I(k)), c))
        .collect();
    let readings = e
        .readings
        .iter()
        .enumerate()
        .filter_map(|(k, r)| reading(ck, lk, with(&at("readings"), P::I(k)), r))
        .collect();
    let disputes = e
        .disputed
        .iter()
        .enumerate()
        .filter_map(|(k, d)| dispute(ck, lk, with(&at("disputed"), P::I(k)), d))
        .collect();
    let weak_only = !citations.is_empty()
        && citations.iter().all(|c| lk.reliability[c.source.get()] == Reliability::Weak);
    if weak_only && !e.unconfirmed {
        ck.warn(at("sources"), "the event rests only on a weak source but is not marked `unconfirmed: true`");
    }
    if e.unconfirmed && !weak_only && !citations.is_empty() {
        ck.warn(at("unconfirmed"), "marked unconfirmed, yet cited by a source that is not weak");
    }
    Some(Event {
        id: e.id.clone(),
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

fn source_ref(ck: &mut Checker, lk: &Lookups, path: Vec<P>, id: &str) -> Option<SourceIx> {
    match lk.sources.get(id) {
        Some(ix) => Some(SourceIx(*ix)),
        None => {
            ck.error(path, format!("unknown source {id:?}{}", hint(id, keys(&lk.sources))));
            None
        }
    }
}

fn quote(ck: &mut Checker, path: Vec<P>, q: &Option<String>) -> Option<String> {
    let q = q.as_ref()?.trim();
    let words = q.split_whitespace().count();
    if words == 0 {
        ck.error(path, "quote is empty: copy a short phrase from the passage, or leave the field out");
        return None;
    }
    if words > MAX_QUOTE_WORDS {
        ck.error(path, format!("quote has {words} words; at most {MAX_QUOTE_WORDS} are allowed"));
    }
    Some(q.to_string())
}

fn locator(ck: &mut Checker, path: Vec<P>, l: &Option<String>) -> String {
    match l.as_deref().map(str::trim) {
        Some(l) if !l.is_empty() => l.to_string(),
        _ => {
            ck.error(path, "citation has no locator: give the chapter, section heading or page as printed");
            String::new()
        }
    }
}

fn citation(ck: &mut Checker, lk: &Lookups, path: Vec<P>, c: &RawCitation) -> Option<Citation> {
    let source = source_ref(ck, lk, with(&path, P::K("source")), &c.source);
    let locator = locator(ck, with(&path, P::K("locator")), &c.locator);
    let quote = quote(ck, with(&path, P::K("quote")), &c.quote);
    if c.quote.is_none() {
        ck.warn(path.clone(), "citation has no quote: a reader cannot find the passage");
    }
    Some(Citation { source: source?, locator, quote })
}

fn reading(ck: &mut Checker, lk: &Lookups, path: Vec<P>, r: &RawReading) -> Option<Reading> {
    let theory = match lk.theories.get(r.theory.as_str()) {
        Some(ix) => Some(TheoryIx(*ix)),
        None => {
            let msg = format!("unknown theory {:?}{}", r.theory, hint(&r.theory, keys(&lk.theories)));
            ck.error(with(&path, P::K("theory")), msg);
            None
        }
    };
    let by = if r.by == "editorial" {
        if r.locator.is_some() || r.quote.is_some() {
            ck.error(
                with(&path, P::K("by")),
                "an editorial reading has no locator or quote: name the source instead",
            );
        }
        Some(Author::Editorial)
    } else {
        let source = source_ref(ck, lk, with(&path, P::K("by")), &r.by);
        let locator = locator(ck, with(&path, P::K("locator")), &r.locator);
        let quote = quote(ck, with(&path, P::K("quote")), &r.quote);
        if r.quote.is_none() {
            ck.warn(path.clone(), "reading has no quote: a reader cannot find where the source argues it");
        }
        source.map(|source| Author::Source { source, locator, quote })
    };
    let text = ck.text(with(&path, P::K("text")), &r.text, "text");
    Some(Reading { theory: theory?, by: by?, text })
}

fn dispute(ck: &mut Checker, lk: &Lookups, path: Vec<P>, d: &RawDispute) -> Option<Dispute> {
    let point = ck.text(with(&path, P::K("point")), &d.point, "point");
    if d.sides.len() < 2 {
        ck.error(with(&path, P::K("sides")), "a disagreement needs at least two sides");
    }
    let mut sides = Vec::new();
    for (k, s) in d.sides.iter().enumerate() {
        let at = with(&with(&path, P::K("sides")), P::I(k));
        let claim = ck.text(with(&at, P::K("claim")), &s.claim, "claim");
        if s.sources.is_empty() {
            ck.error(with(&at, P::K("sources")), "each side needs the sources that take it");
        }
        let sources = s
            .sources
            .iter()
            .enumerate()
            .filter_map(|(j, id)| source_ref(ck, lk, with(&with(&at, P::K("sources")), P::I(j)), id))
            .collect();
        sides.push(Side { claim, sources });
    }
    let settled = match (&d.settled, &d.settled_by) {
        (Some(fact), Some(by)) => {
            source_ref(ck, lk, with(&path, P::K("settled_by")), by).map(|s| (fact.trim().to_string(), s))
        }
        (Some(_), None) => {
            ck.error(
                with(&path, P::K("settled")),
                "a settled fact needs `settled_by`: the source that settles it",
            );
            None
        }
        (None, Some(_)) => {
            ck.error(
                with(&path, P::K("settled_by")),
                "`settled_by` without `settled`: say what the settled fact is",
            );
            None
        }
        (None, None) => None,
    };
    Some(Dispute { point, sides, settled })
}
