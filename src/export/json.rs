//! JSON shapes for scripts. Field names are those of the YAML format, dates are the strings written in the
//! file; `eras` and `cited_by` are the computed extras. Scripts rely on these shapes: tests pin them.

use std::io::{self, Write};

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

/// Writes `value` as pretty JSON in which every character [`crate::text::is_dangerous`] (C1 controls, DEL, bidi
/// and zero-width characters, besides the C0 controls serde_json escapes itself) is written as a `\uXXXX`
/// escape: the same data for a JSON reader, inert when the output is read in a terminal.
pub fn write_inert<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Inert(serde_json::ser::PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// serde_json's pretty formatter, with dangerous characters in strings escaped.
struct Inert<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for Inert<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| crate::text::is_dangerous(c)) {
            w.write_all(&rest.as_bytes()[..at])?;
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                write!(w, "\\u{u:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dangerous_characters_are_escaped_and_read_back_the_same() {
        let data = vec!["a\u{1b}[31m\u{9b}\u{202e}\u{2066}\u{200b}\u{feff}\u{7f}z 漢字🎉", "plain"];
        let mut out = Vec::new();
        super::write_inert(&mut out, &data).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| c != '\n' && crate::text::is_dangerous(c)), "{text}");
        assert!(text.contains("\\u009b\\u202e") && text.contains("漢字🎉"), "{text}");
        assert_eq!(serde_json::from_str::<Vec<String>>(&text).unwrap(), data);
    }
}
