//! JSON shapes for scripts. Field names are those of the YAML format, dates are the strings written in the
//! file; `eras` and `cited_by` are the computed extras. Scripts rely on these shapes: tests pin them.

use serde::Serialize;

use crate::timeline::{Author, Event, Source, Timeline};

#[derive(Serialize)]
pub struct EventJson<'a> {
    pub id: &'a str,
    pub date: String,
    pub end: Option<String>,
    pub title: &'a str,
    pub summary: &'a str,
    pub countries: &'a [String],
    pub tags: Vec<&'a str>,
    pub unconfirmed: bool,
    pub sources: Vec<CitationJson<'a>>,
    pub readings: Vec<ReadingJson<'a>>,
    pub disputed: Vec<DisputeJson<'a>>,
    pub eras: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct CitationJson<'a> {
    pub source: &'a str,
    pub locator: &'a str,
    pub quote: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ReadingJson<'a> {
    pub theory: &'a str,
    pub by: &'a str,
    pub locator: Option<&'a str>,
    pub quote: Option<&'a str>,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct DisputeJson<'a> {
    pub point: &'a str,
    pub sides: Vec<SideJson<'a>>,
    pub settled: Option<&'a str>,
    pub settled_by: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SideJson<'a> {
    pub claim: &'a str,
    pub sources: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct SourceJson<'a> {
    pub id: &'a str,
    pub author: &'a str,
    pub title: &'a str,
    pub kind: &'a str,
    pub publisher: Option<&'a str>,
    pub year: Option<i32>,
    pub url: Option<&'a str>,
    pub reliability: &'a str,
    pub file: Option<&'a str>,
    pub note: Option<&'a str>,
    pub cited_by: Vec<&'a str>,
}

pub fn event<'a>(t: &'a Timeline, e: &'a Event) -> EventJson<'a> {
    EventJson {
        id: &e.id,
        date: e.date.to_string(),
        end: e.end.map(|x| x.to_string()),
        title: &e.title,
        summary: &e.summary,
        countries: &e.countries,
        tags: e.tags.iter().map(|&g| t.tag(g).id.as_str()).collect(),
        unconfirmed: e.unconfirmed,
        sources: e
            .citations
            .iter()
            .map(|c| CitationJson {
                source: &t.source(c.source).id,
                locator: &c.locator,
                quote: c.quote.as_deref(),
            })
            .collect(),
        readings: e
            .readings
            .iter()
            .map(|r| {
                let (by, locator, quote) = match &r.by {
                    Author::Source { source, locator, quote } => {
                        (t.source(*source).id.as_str(), Some(locator.as_str()), quote.as_deref())
                    }
                    Author::Editorial => ("editorial", None, None),
                };
                ReadingJson { theory: &t.theory(r.theory).id, by, locator, quote, text: &r.text }
            })
            .collect(),
        disputed: e
            .disputes
            .iter()
            .map(|d| DisputeJson {
                point: &d.point,
                sides: d
                    .sides
                    .iter()
                    .map(|s| SideJson {
                        claim: &s.claim,
                        sources: s.sources.iter().map(|&x| t.source(x).id.as_str()).collect(),
                    })
                    .collect(),
                settled: d.settled.as_ref().map(|s| s.0.as_str()),
                settled_by: d.settled.as_ref().map(|s| t.source(s.1).id.as_str()),
            })
            .collect(),
        eras: e.eras.iter().map(|&x| t.era(x).id.as_str()).collect(),
    }
}

pub fn source<'a>(t: &'a Timeline, s: &'a Source) -> SourceJson<'a> {
    SourceJson {
        id: &s.id,
        author: &s.author,
        title: &s.title,
        kind: &s.kind,
        publisher: s.publisher.as_deref(),
        year: s.year,
        url: s.url.as_deref(),
        reliability: s.reliability.name(),
        file: s.file.as_deref(),
        note: s.note.as_deref(),
        cited_by: s.cited_by.iter().map(|&e| t.event(e).id.as_str()).collect(),
    }
}
