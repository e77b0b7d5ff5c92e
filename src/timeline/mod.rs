//! The domain: a validated, fully resolved timeline. Imports neither ratatui nor crossterm.
//!
//! Everything here has been checked by `load`: every id resolves, every date parses, events are sorted by date.
//! References between items are indices into the timeline's vectors (`SourceIx`, `TheoryIx`, ...), so the rest
//! of the program can never hold an unknown id.

pub(crate) mod cache;
pub mod date;
mod documents;
pub mod load;
mod nesting;
mod parse;
mod raw;
mod split;
mod subset;
pub(crate) mod validate;
pub(crate) mod yaml;

pub use date::{Date, DateError, End, Precision};
pub use documents::check_documents;
pub use load::{LoadError, Loaded, Origin, Problem, Severity};

macro_rules! index_type {
    ($($(#[$m:meta])* $name:ident),*) => {$(
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn get(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

index_type!(
    /// Position of an event in `Timeline::events` (date order).
    EventIx,
    /// Position of a source in `Timeline::sources`.
    SourceIx,
    /// Position of a theory in `Timeline::theories`.
    TheoryIx,
    /// Position of an era in `Timeline::eras`.
    EraIx,
    /// Position of a tag in `Timeline::tags`.
    TagIx
);

#[derive(Debug, Clone)]
pub struct Timeline {
    pub title: String,
    pub description: String,
    pub version: String,
    /// When the data was last reviewed.
    pub as_of: Date,
    pub span: Span,
    pub theories: Vec<Theory>,
    pub sources: Vec<Source>,
    pub eras: Vec<Era>,
    pub tags: Vec<Tag>,
    /// Sorted by date, stably (file order breaks ties).
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: i32,
    /// `None` means `present`.
    pub end: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct Theory {
    pub id: String,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reliability {
    Primary,
    Official,
    Scholarly,
    Journalistic,
    Weak,
}

impl Reliability {
    pub const ALL: [Reliability; 5] = [
        Reliability::Primary,
        Reliability::Official,
        Reliability::Scholarly,
        Reliability::Journalistic,
        Reliability::Weak,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Reliability::Primary => "primary",
            Reliability::Official => "official",
            Reliability::Scholarly => "scholarly",
            Reliability::Journalistic => "journalistic",
            Reliability::Weak => "weak",
        }
    }

    pub fn parse(s: &str) -> Option<Reliability> {
        Reliability::ALL.into_iter().find(|r| r.name() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub author: String,
    pub title: String,
    pub kind: String,
    pub publisher: Option<String>,
    pub year: Option<i32>,
    pub url: Option<String>,
    pub reliability: Reliability,
    /// The text file the source was read from, for `check --documents`.
    pub file: Option<String>,
    pub note: Option<String>,
    /// Events citing this source (in a citation, a reading or a dispute), in date order.
    pub cited_by: Vec<EventIx>,
}

impl Source {
    /// "Author, Title (Publisher, Year)" for one-line displays.
    pub fn reference(&self) -> String {
        let mut s = format!("{}, {}", self.author, self.title);
        match (&self.publisher, self.year) {
            (Some(p), Some(y)) => s.push_str(&format!(" ({p}, {y})")),
            (Some(p), None) => s.push_str(&format!(" ({p})")),
            (None, Some(y)) => s.push_str(&format!(" ({y})")),
            (None, None) => {}
        }
        s
    }
}

#[derive(Debug, Clone)]
pub struct Era {
    pub id: String,
    pub name: String,
    pub start: Date,
    pub end: End,
    pub countries: Vec<String>,
    pub summary: String,
    /// Events in this era, in date order (computed from dates and countries).
    pub events: Vec<EventIx>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub id: String,
    pub meaning: String,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub date: Date,
    pub end: Option<End>,
    pub title: String,
    pub summary: String,
    pub countries: Vec<String>,
    pub tags: Vec<TagIx>,
    /// Its only support is a weak source.
    pub unconfirmed: bool,
    pub citations: Vec<Citation>,
    pub readings: Vec<Reading>,
    pub disputes: Vec<Dispute>,
    /// Computed: the eras whose dates and countries contain this event.
    pub eras: Vec<EraIx>,
    /// Position in the file's `events` list, before sorting (for messages).
    pub file_index: usize,
}

#[derive(Debug, Clone)]
pub struct Citation {
    pub source: SourceIx,
    pub locator: String,
    pub quote: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Author {
    /// A source's own argument, with where it makes it.
    Source { source: SourceIx, locator: String, quote: Option<String> },
    /// The project's reading, not any source's.
    Editorial,
}

#[derive(Debug, Clone)]
pub struct Reading {
    pub theory: TheoryIx,
    pub by: Author,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Dispute {
    pub point: String,
    pub sides: Vec<Side>,
    pub settled: Option<(String, SourceIx)>,
}

#[derive(Debug, Clone)]
pub struct Side {
    pub claim: String,
    pub sources: Vec<SourceIx>,
}

/// The timeline shipped with annals, compiled into the binary.
pub const EMBEDDED: &str = include_str!("../../timeline.yaml");
/// The name the embedded timeline goes by in messages.
pub const EMBEDDED_NAME: &str = "timeline.yaml (embedded)";

impl Timeline {
    pub fn event(&self, ix: EventIx) -> &Event {
        &self.events[ix.get()]
    }
    pub fn source(&self, ix: SourceIx) -> &Source {
        &self.sources[ix.get()]
    }
    pub fn theory(&self, ix: TheoryIx) -> &Theory {
        &self.theories[ix.get()]
    }
    pub fn era(&self, ix: EraIx) -> &Era {
        &self.eras[ix.get()]
    }
    pub fn tag(&self, ix: TagIx) -> &Tag {
        &self.tags[ix.get()]
    }

    pub fn event_by_id(&self, id: &str) -> Option<EventIx> {
        self.events.iter().position(|e| e.id == id).map(|i| EventIx(i as u32))
    }
    pub fn source_by_id(&self, id: &str) -> Option<SourceIx> {
        self.sources.iter().position(|s| s.id == id).map(|i| SourceIx(i as u32))
    }
    pub fn theory_by_id(&self, id: &str) -> Option<TheoryIx> {
        self.theories.iter().position(|t| t.id == id).map(|i| TheoryIx(i as u32))
    }
    pub fn era_by_id(&self, id: &str) -> Option<EraIx> {
        self.eras.iter().position(|e| e.id == id).map(|i| EraIx(i as u32))
    }
    pub fn tag_by_id(&self, id: &str) -> Option<TagIx> {
        self.tags.iter().position(|t| t.id == id).map(|i| TagIx(i as u32))
    }

    /// The first event dated in or after `year` (or the last event when none is).
    pub fn first_at_or_after(&self, year: i32, month: Option<u8>) -> Option<EventIx> {
        let key = (year, month.unwrap_or(1), 1);
        let i = self.events.partition_point(|e| e.date.first_day() < key);
        let i = i.min(self.events.len().checked_sub(1)?);
        Some(EventIx(i as u32))
    }

    /// All countries that occur on events, in order of first appearance of US, then alphabetical.
    pub fn countries(&self) -> Vec<String> {
        let mut v: Vec<String> = self.events.iter().flat_map(|e| e.countries.iter().cloned()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// The last year the timeline covers: the span's end, or the as-of year for `present`.
    pub fn last_year(&self) -> i32 {
        self.span.end.unwrap_or(self.as_of.year())
    }
}

impl Event {
    /// Whether the theory has a reading of this event.
    pub fn read_by(&self, theory: TheoryIx) -> bool {
        self.readings.iter().any(|r| r.theory == theory)
    }

    /// Every source the event rests on: its citations (not readings or disputes).
    pub fn cites(&self, source: SourceIx) -> bool {
        self.citations.iter().any(|c| c.source == source)
    }

    /// "1846-04-25 – 1848-02-02" style, as written.
    pub fn when(&self) -> String {
        match &self.end {
            Some(end) => format!("{} – {}", self.date, end),
            None => self.date.to_string(),
        }
    }

    /// "25 Apr 1846 – 2 Feb 1848" style, for people.
    pub fn when_human(&self) -> String {
        match &self.end {
            Some(end) => format!("{} – {}", self.date.human(), end.human()),
            None => self.date.human(),
        }
    }
}

/// A country's name for display; unknown codes are shown as they are.
pub fn country_name(code: &str) -> &str {
    match code {
        "US" => "United States",
        "MX" => "Mexico",
        "CO" => "Colombia",
        "PA" => "Panama",
        "GT" => "Guatemala",
        "VE" => "Venezuela",
        "CA" => "Canada",
        other => other,
    }
}
