//! The one module that uses fuzzy-matcher (unmaintained upstream): swapping the matcher touches only this file.
//! Scores come from `score.rs` (the same algorithm without an allocation per call, checked against
//! fuzzy-matcher by a property test here); highlight positions, needed only for the rows on screen, still come
//! from fuzzy-matcher.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::score::{Scratch, score};

/// A fuzzy matcher over pre-folded (lower-case, accent-free) text.
pub struct Fuzzy {
    inner: SkimMatcherV2,
}

impl Default for Fuzzy {
    fn default() -> Self {
        Fuzzy { inner: SkimMatcherV2::default().respect_case() }
    }
}

impl std::fmt::Debug for Fuzzy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fuzzy")
    }
}

impl Fuzzy {
    /// The score of `needle` in `haystack` when it matches compactly: the matched chars span at most the needle's length plus
    /// `slack`. Used on fields made of many names, where a match scattered across several words is noise.
    pub fn score_compact(&self, haystack: &str, needle: &str, slack: usize, s: &mut Scratch) -> Option<i64> {
        let span = needle.len() + slack;
        if !s.matrix_only
            && let Some(r) = super::short::score(haystack.as_bytes(), needle.as_bytes(), span)
        {
            return r;
        }
        if !compact(haystack.as_bytes(), needle.as_bytes(), span) {
            return None;
        }
        score(haystack, needle, s)
    }

    /// The char positions in `haystack` that `needle` matched, for highlighting.
    pub fn positions(&self, haystack: &str, needle: &str) -> Option<Vec<usize>> {
        self.inner.fuzzy_indices(haystack, needle).map(|(_, v)| v)
    }
}

/// True when the needle's bytes occur in order within some window of at most `max_span` bytes: a greedy
/// match from each occurrence of the first byte, which finds the shortest window starting there.
fn compact(haystack: &[u8], needle: &[u8], max_span: usize) -> bool {
    let Some((&first, rest)) = needle.split_first() else { return true };
    haystack.iter().enumerate().filter(|&(_, &b)| b == first).any(|(start, _)| {
        let window = &haystack[start + 1..haystack.len().min(start + max_span)];
        let mut it = window.iter();
        rest.iter().all(|n| it.any(|h| h == n))
    })
}

#[cfg(test)]
mod tests {
    use super::super::score::score_matrix;
    use super::*;

    fn sc(f: &Fuzzy, h: &str, n: &str, slack: usize) -> Option<i64> {
        f.score_compact(h, n, slack, &mut Scratch::default())
    }

    #[test]
    fn matches_in_order_and_reports_positions() {
        let f = Fuzzy::default();
        assert!(sc(&f, "merida initiative", "mrda", 4).is_some());
        assert!(sc(&f, "merida initiative", "adrm", 4).is_none());
        assert_eq!(f.positions("merida", "mda"), Some(vec![0, 4, 5]));
    }

    #[test]
    fn compact_matches_only() {
        let f = Fuzzy::default();
        assert!(sc(&f, "an undated web article", "war", 2).is_none());
        assert!(sc(&f, "the war of 1846", "war", 2).is_some());
        assert!(sc(&f, "merida", "mrda", 2).is_some());
        assert!(compact(b"xx abc", b"abc", 3));
        assert!(!compact(b"a-b-c", b"abc", 4));
        assert!(compact(b"a-b-c a-bc", b"abc", 4), "a later, tighter window counts");
    }

    use proptest::prelude::*;

    /// Text drawn from few letters, separators of every class, digits, upper case and non-ASCII, so that
    /// needles match often and every bonus is exercised.
    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(vec!['a', 'b', 'm', 'e', 'r']),
                1 => proptest::sample::select(vec![' ', '-', '.', '/', '(', '_', '\'', ':', '|']),
                1 => proptest::sample::select(vec!['1', '9', 'A', 'M', 'é', 'ł', '中']),
            ],
            0..max,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Our scorer gives fuzzy-matcher's own score (from a fresh matcher) for every text and needle.
        #[test]
        fn scores_equal_fuzzy_matchers(pairs in proptest::collection::vec((text(40), text(6)), 1..6)) {
            // One scratch for all pairs: leftovers of a longer text must not change a later score.
            let mut scratch = Scratch::default();
            for (haystack, needle) in &pairs {
                let ours = score(haystack, needle, &mut scratch);
                prop_assert_eq!(score_matrix(haystack, needle, &mut scratch), ours);
                // A new matcher each time: a fresh matrix (its `use_cache(false)` panics in 0.3.7).
                let reference = SkimMatcherV2::default().respect_case().fuzzy_match(haystack, needle);
                prop_assert_eq!(ours, reference, "{:?} in {:?}", needle, haystack);
                prop_assert!(ours.is_none_or(|x| x <= super::super::score::max_score(needle)));
            }
        }

        /// The one-scan path for one- and two-char needles, compactness included, agrees with the check
        /// and matrix it replaces.
        #[test]
        fn short_needles_score_as_the_matrix(haystack in text(40), needle in text(3), slack in 0usize..4) {
            let f = Fuzzy::default();
            let fast = f.score_compact(&haystack, &needle, slack, &mut Scratch::default());
            let matrix = f.score_compact(&haystack, &needle, slack, &mut Scratch::matrix_only());
            prop_assert_eq!(fast, matrix, "{:?} in {:?}", needle, haystack);
        }
    }
}
