//! Parsing a search query in the fzf style: space-separated terms, all of which must match.
//!
//! | term | meaning |
//! |---|---|
//! | `merida` | fuzzy over titles, tags, source names; word prefix over summaries and readings |
//! | `'exact` | the exact text, anywhere |
//! | `!word` | events that do not contain the text |
//! | `tag:drugs`, `country:co`, `source:nps`, `theory:realism` | field filters (prefixes) |
//! | `1910..1920`, `1910..`, `..1920` | years, inclusive |
//! | `1914` | events dated in that year (a bare number matches dates by prefix) |

use crate::text::fold;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Fuzzy(String),
    Exact(String),
    Tag(String),
    Country(String),
    Source(String),
    Theory(String),
    Years(Option<i32>, Option<i32>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: Kind,
    /// `!term`: the event must not match.
    pub negated: bool,
}

/// A parsed query; the text is folded, so matching is case- and accent-insensitive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let terms = input.split_whitespace().filter_map(term).collect();
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when every event that matches `self` would also match `wider`'s terms: `self` only adds terms or
    /// lengthens them. Lets a growing query narrow the previous hits instead of scanning everything.
    pub fn narrows(&self, wider: &Query) -> bool {
        wider.terms.len() <= self.terms.len()
            && wider.terms.iter().zip(&self.terms).all(|(w, s)| {
                w == s
                    || (w.negated == s.negated
                        && !w.negated
                        && match (&w.kind, &s.kind) {
                            (Kind::Exact(a), Kind::Exact(b)) => b.contains(a.as_str()),
                            (Kind::Fuzzy(a), Kind::Fuzzy(b)) => b.starts_with(a.as_str()),
                            _ => false,
                        })
            })
    }
}

fn term(token: &str) -> Option<Term> {
    let (negated, rest) = match token.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, token),
    };
    let rest = fold(rest);
    let field = |prefix: &str| rest.strip_prefix(prefix).filter(|v| !v.is_empty()).map(str::to_string);
    let kind = if let Some(v) = rest.strip_prefix('\'') {
        if v.is_empty() {
            return None;
        }
        Kind::Exact(v.to_string())
    } else if let Some(v) = field("tag:") {
        Kind::Tag(v)
    } else if let Some(v) = field("country:") {
        Kind::Country(v)
    } else if let Some(v) = field("source:") {
        Kind::Source(v)
    } else if let Some(v) = field("theory:") {
        Kind::Theory(v)
    } else if let Some((a, b)) = rest.split_once("..") {
        let year = |s: &str| if s.is_empty() { Some(None) } else { s.parse::<i32>().ok().map(Some) };
        match (year(a), year(b)) {
            (Some(from), Some(to)) if from.is_some() || to.is_some() => Kind::Years(from, to),
            _ => Kind::Fuzzy(rest),
        }
    } else if rest.is_empty() || rest.ends_with(':') {
        // Still being typed: `!` alone, or `tag:` before its value.
        return None;
    } else {
        Kind::Fuzzy(rest)
    };
    Some(Term { kind, negated })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<(Kind, bool)> {
        Query::parse(q).terms.into_iter().map(|t| (t.kind, t.negated)).collect()
    }

    #[test]
    fn parses_every_operator() {
        assert_eq!(
            kinds(
                "Mérida 'plan !veracruz tag:drugs country:CO source:nps theory:real 1910..1920 ..1850 2001.."
            ),
            vec![
                (Kind::Fuzzy("merida".into()), false),
                (Kind::Exact("plan".into()), false),
                (Kind::Fuzzy("veracruz".into()), true),
                (Kind::Tag("drugs".into()), false),
                (Kind::Country("co".into()), false),
                (Kind::Source("nps".into()), false),
                (Kind::Theory("real".into()), false),
                (Kind::Years(Some(1910), Some(1920)), false),
                (Kind::Years(None, Some(1850)), false),
                (Kind::Years(Some(2001), None), false),
            ]
        );
    }

    #[test]
    fn half_typed_terms_are_ignored() {
        assert!(Query::parse("! tag: ' ").is_empty());
        assert_eq!(kinds("a..b"), vec![(Kind::Fuzzy("a..b".into()), false)]);
        assert_eq!(kinds("!'x"), vec![(Kind::Exact("x".into()), true)]);
    }

    #[test]
    fn narrowing_is_detected_only_when_safe() {
        let q = Query::parse;
        assert!(q("meri").narrows(&q("mer")));
        assert!(q("mer tag:drugs").narrows(&q("mer")));
        assert!(q("'plan c").narrows(&q("'plan")));
        assert!(!q("mer").narrows(&q("meri")));
        assert!(!q("!meri").narrows(&q("!mer")));
        assert!(!q("tag:drugsx").narrows(&q("tag:drugs")));
    }
}
