//! The one module that uses fuzzy-matcher (unmaintained upstream): swapping the matcher touches only this file.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

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
    pub fn score_compact(&self, haystack: &str, needle: &str, slack: usize) -> Option<i64> {
        if !compact(haystack.as_bytes(), needle.as_bytes(), needle.len() + slack) {
            return None;
        }
        self.inner.fuzzy_match(haystack, needle)
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
    use super::*;

    #[test]
    fn matches_in_order_and_reports_positions() {
        let f = Fuzzy::default();
        assert!(f.score_compact("merida initiative", "mrda", 4).is_some());
        assert!(f.score_compact("merida initiative", "adrm", 4).is_none());
        assert_eq!(f.positions("merida", "mda"), Some(vec![0, 4, 5]));
    }

    #[test]
    fn compact_matches_only() {
        let f = Fuzzy::default();
        assert!(f.score_compact("an undated web article", "war", 2).is_none());
        assert!(f.score_compact("the war of 1846", "war", 2).is_some());
        assert!(f.score_compact("merida", "mrda", 2).is_some());
        assert!(compact(b"xx abc", b"abc", 3));
        assert!(!compact(b"a-b-c", b"abc", 4));
        assert!(compact(b"a-b-c a-bc", b"abc", 4), "a later, tighter window counts");
    }
}
