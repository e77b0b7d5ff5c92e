//! The prefilter: a 64-bit set of the bytes present in each text field, built once at load. A query term
//! can only match a field holding every byte of the term, so one AND rules out most fields (and most events)
//! before any matching. Bits are shared by some punctuation and all non-ASCII bytes: a shared bit can only
//! let a field through to the real match, never rule a matching one out.

use super::query::{Kind, Query, Term};

/// A set of byte classes: letters and digits have a bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mask(u64);

impl Mask {
    pub fn of(text: &str) -> Mask {
        Mask(text.bytes().fold(0, |m, b| m | bit(b)))
    }

    /// True when every byte class of `other` is in `self`.
    #[inline]
    pub fn contains(self, other: Mask) -> bool {
        self.0 & other.0 == other.0
    }
}

#[inline]
fn bit(b: u8) -> u64 {
    let i = match b {
        b'a'..=b'z' => b - b'a',
        b'A'..=b'Z' => b - b'A',
        b'0'..=b'9' => 26 + b - b'0',
        0..=127 => 36 + b % 27,
        _ => 63,
    };
    1 << i
}

/// The masks of one event's fields.
#[derive(Debug, Clone, Copy)]
pub struct Masks {
    pub title: Mask,
    pub short: Mask,
    pub long: Mask,
    /// All three together.
    pub any: Mask,
}

impl Masks {
    pub fn new(title: &str, short: &str, long: &str) -> Masks {
        let (title, short, long) = (Mask::of(title), Mask::of(short), Mask::of(long));
        Masks { title, short, long, any: Mask(title.0 | short.0 | long.0) }
    }
}

/// A query with the mask of each term, and the bytes every matching event must hold somewhere.
#[derive(Debug, Clone)]
pub struct Prepared {
    terms: Vec<(Term, Mask)>,
    pub required: Mask,
}

impl Prepared {
    pub fn new(query: &Query) -> Prepared {
        let terms: Vec<(Term, Mask)> = query
            .terms
            .iter()
            .map(|t| {
                let m = match &t.kind {
                    Kind::Fuzzy(s) | Kind::Exact(s) => Mask::of(s),
                    _ => Mask::default(),
                };
                (t.clone(), m)
            })
            .collect();
        // A fuzzy term of digits matches dates, which are in no field's mask.
        let required = terms
            .iter()
            .filter(|(t, _)| !t.negated)
            .filter(|(t, _)| match &t.kind {
                Kind::Fuzzy(s) => !s.bytes().all(|b| b.is_ascii_digit()),
                Kind::Exact(_) => true,
                _ => false,
            })
            .fold(Mask::default(), |acc, (_, m)| Mask(acc.0 | m.0));
        Prepared { terms, required }
    }

    pub fn terms(&self) -> impl Iterator<Item = (&Term, Mask)> {
        self.terms.iter().map(|(t, m)| (t, *m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_lacking_a_letter_is_ruled_out() {
        let field = Mask::of("merida initiative");
        assert!(field.contains(Mask::of("mer")));
        assert!(field.contains(Mask::of("")));
        assert!(!field.contains(Mask::of("merx")));
        assert!(Mask::of("é").contains(Mask::of("中")), "non-ASCII shares a bit: it never rules out");
    }

    #[test]
    fn only_positive_text_terms_are_required() {
        let p = Prepared::new(&Query::parse("mer !x 1914 tag:war 'pl"));
        assert_eq!(p.required, Mask::of("merpl"));
    }
}
