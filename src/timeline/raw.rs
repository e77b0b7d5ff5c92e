//! Serde mirrors of the YAML exactly as it is written: strings stay strings, ids stay unresolved.
//!
//! `load` turns these into the validated model in `timeline::mod`; nothing outside the loader sees them.
//! Every struct refuses unknown fields, so a misspelt key is an error rather than silently lost data.
//! They serialize too, for the parse cache (`cache`), which stores them as JSON.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTimeline {
    pub title: String,
    pub description: String,
    pub version: Scalar,
    pub as_of: Scalar,
    pub span: RawSpan,
    pub theories: Vec<RawTheory>,
    pub sources: Vec<RawSource>,
    pub eras: Vec<RawEra>,
    pub tags: Vec<RawTag>,
    pub events: Vec<RawEvent>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpan {
    pub start: Scalar,
    pub end: Scalar,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTheory {
    pub id: String,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub author: String,
    pub title: String,
    pub kind: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub year: Option<Scalar>,
    #[serde(default)]
    pub url: Option<String>,
    pub reliability: String,
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEra {
    pub id: String,
    pub name: String,
    pub start: Scalar,
    pub end: Scalar,
    pub countries: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTag {
    pub id: String,
    pub meaning: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: String,
    pub date: Scalar,
    #[serde(default)]
    pub end: Option<Scalar>,
    pub title: String,
    pub summary: String,
    pub countries: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub sources: Vec<RawCitation>,
    #[serde(default)]
    pub readings: Vec<RawReading>,
    #[serde(default)]
    pub disputed: Vec<RawDispute>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCitation {
    pub source: String,
    #[serde(default)]
    pub locator: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawReading {
    pub theory: String,
    pub by: String,
    #[serde(default)]
    pub locator: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
    pub text: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDispute {
    pub point: String,
    pub sides: Vec<RawSide>,
    #[serde(default)]
    pub settled: Option<String>,
    #[serde(default)]
    pub settled_by: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSide {
    pub claim: String,
    pub sources: Vec<String>,
}

/// A scalar read as its text whether YAML typed it as a string or a number: `date: 1846` and
/// `date: "1846"` mean the same thing to a person, so they mean the same thing here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

// The fields each mapping accepts, for listing every unknown field at once (serde stops at the first).
// A test below checks each list against its struct, so they cannot drift apart.
pub const TOP_FIELDS: &[&str] =
    &["title", "description", "version", "as_of", "span", "theories", "sources", "eras", "tags", "events"];
pub const SPAN_FIELDS: &[&str] = &["start", "end"];
pub const THEORY_FIELDS: &[&str] = &["id", "name", "summary"];
pub const SOURCE_FIELDS: &[&str] =
    &["id", "author", "title", "kind", "publisher", "year", "url", "reliability", "file", "note"];
pub const ERA_FIELDS: &[&str] = &["id", "name", "start", "end", "countries", "summary"];
pub const TAG_FIELDS: &[&str] = &["id", "meaning"];
pub const EVENT_FIELDS: &[&str] = &[
    "id",
    "date",
    "end",
    "title",
    "summary",
    "countries",
    "tags",
    "unconfirmed",
    "sources",
    "readings",
    "disputed",
];
pub const CITATION_FIELDS: &[&str] = &["source", "locator", "quote"];
pub const READING_FIELDS: &[&str] = &["theory", "by", "locator", "quote", "text"];
pub const DISPUTE_FIELDS: &[&str] = &["point", "sides", "settled", "settled_by"];
pub const SIDE_FIELDS: &[&str] = &["claim", "sources"];

#[cfg(test)]
mod tests {
    use super::*;

    /// serde's own "expected one of" list names every field a struct accepts.
    fn serde_fields<T: serde::de::DeserializeOwned + std::fmt::Debug>(yaml: &str) -> Vec<String> {
        let err = super::super::yaml::from_str::<T>(yaml).unwrap_err().message;
        let list = err.split("expected ").nth(1).expect(&err);
        let list = list.trim_start_matches("one of ").split(" at line").next().unwrap();
        list.split([',', ' '])
            .filter(|f| !f.is_empty() && *f != "or")
            .map(|f| f.trim_matches('`').to_string())
            .collect()
    }

    #[test]
    fn field_lists_match_the_structs() {
        let cases: [(Vec<String>, &[&str]); 11] = [
            (serde_fields::<RawTimeline>("zz: 1"), TOP_FIELDS),
            (serde_fields::<RawSpan>("zz: 1"), SPAN_FIELDS),
            (serde_fields::<RawTheory>("zz: 1"), THEORY_FIELDS),
            (serde_fields::<RawSource>("zz: 1"), SOURCE_FIELDS),
            (serde_fields::<RawEra>("zz: 1"), ERA_FIELDS),
            (serde_fields::<RawTag>("zz: 1"), TAG_FIELDS),
            (serde_fields::<RawEvent>("zz: 1"), EVENT_FIELDS),
            (serde_fields::<RawCitation>("zz: 1"), CITATION_FIELDS),
            (serde_fields::<RawReading>("zz: 1"), READING_FIELDS),
            (serde_fields::<RawDispute>("zz: 1"), DISPUTE_FIELDS),
            (serde_fields::<RawSide>("zz: 1"), SIDE_FIELDS),
        ];
        for (from_serde, ours) in cases {
            assert_eq!(from_serde, ours);
        }
    }
}
