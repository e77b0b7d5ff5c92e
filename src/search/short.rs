//! The skim V2 score of a one- or two-letter needle in one scan of the text, without the alignment matrix.
//!
//! These are the queries where nearly every event matches and every match is scored, so they cost the most.
//! For them the matrix of `score.rs` reduces to closed forms (derived from that code, quirks included):
//!
//! - one char: each occurrence `x` scores `16 + (-1 + bonus(x))`, so the score is `15 + ` the best bonus of
//!   an occurrence (the first char of the text has its bonus doubled);
//! - two chars `p0 p1`: an occurrence `j` of `p1` after an occurrence `x` of `p0` scores
//!   `16 + 15 + bonus(x) + max(bonus(j), 3)` when adjacent (`x = j - 1`, the consecutive bonus), else
//!   `16 + 13 + bonus(x) - (j - x) + bonus(j)` (a gap: -3 to open, -1 per further char); the score is the best
//!   pair. Distances count chars, not bytes, as the scorer does on non-ASCII text.
//!
//! The fuzzy compactness check (the needle within a window of `max_span` bytes) is done in the same scan.
//! `fuzzy.rs` checks `score`, which takes this path, against fuzzy-matcher itself; `mod.rs` checks that
//! searches give the same hits in the same order with and without it.

use super::score::{
    BONUS_CONSECUTIVE, Class, FIRST_CHAR_MULTIPLIER, SCORE_MATCH, class_of_ascii, in_place_bonus,
};

/// Texts longer than this take the matrix: its "no match" value (`i16::MIN`) stays below every real score
/// only while gaps are shorter than about 32,000 chars.
const MAX_LEN: usize = 16_000;

/// The score of `needle` in `haystack` when it is one or two ASCII chars: `Some(None)` when it does not match
/// (in order, within `max_span` bytes), `Some(Some(score))` when it does. `None` when this path does not apply
/// (longer or non-ASCII needles, very long texts): the caller uses the matrix.
pub fn score(haystack: &[u8], needle: &[u8], max_span: usize) -> Option<Option<i64>> {
    if haystack.len() > MAX_LEN || !needle.is_ascii() {
        return None;
    }
    match *needle {
        [p] => Some(one(haystack, p)),
        [p0, p1] => Some(two(haystack, p0, p1, max_span)),
        _ => None,
    }
}

/// The bonus of a char of class `class` after one of class `prev`, doubled for the text's first char.
#[inline]
fn bonus(prev: Class, class: Class, at_start: bool) -> i32 {
    let b = in_place_bonus(prev, class);
    if at_start { b * FIRST_CHAR_MULTIPLIER } else { b }
}

fn one(h: &[u8], p: u8) -> Option<i64> {
    let class = class_of_ascii(p);
    // No occurrence after the first char can have a bonus above a word start's.
    let best_inside = bonus(Class::HardSep, class, false);
    let mut best: Option<i32> = None;
    for (k, _) in h.iter().enumerate().filter(|&(_, &c)| c == p) {
        // A byte of a multi-byte char is classed as the scorer classes the char: lower case.
        let prev = if k == 0 { Class::Empty } else { class_of_ascii(h[k - 1]) };
        let b = bonus(prev, class, k == 0);
        best = best.max(Some(b));
        if k == 0 || b >= best_inside {
            // The first char's bonus is the highest there is; a word start's is the highest after it.
            break;
        }
    }
    best.map(|b| i64::from(SCORE_MATCH - 1 + b))
}

fn two(h: &[u8], p0: u8, p1: u8, max_span: usize) -> Option<i64> {
    // Char index of the byte being read (bytes continuing a multi-byte char are not chars).
    let mut at: i32 = -1;
    // The latest occurrence of p0 before this char: (byte index, char index, bonus).
    let mut last0: Option<(usize, i32, i32)> = None;
    // Best `bonus(x) + x` over the occurrences of p0 before `last0`.
    let mut gap_best: Option<i32> = None;
    let mut best: Option<i32> = None;
    let mut compact = false;
    for (k, &c) in h.iter().enumerate() {
        at += i32::from(c & 0xC0 != 0x80);
        if c != p0 && c != p1 {
            continue;
        }
        // The char before: a byte of a multi-byte char is classed as the scorer classes the char.
        let prev = if k == 0 { Class::Empty } else { class_of_ascii(h[k - 1]) };
        let b = bonus(prev, class_of_ascii(c), k == 0);
        if c == p1
            && let Some((xk, x, xb)) = last0
        {
            compact |= k - xk < max_span;
            let latest = if x == at - 1 {
                SCORE_MATCH - 1 + xb + b.max(BONUS_CONSECUTIVE)
            } else {
                SCORE_MATCH - 3 + xb + x - at + b
            };
            let earlier = gap_best.map(|g| SCORE_MATCH - 3 + g - at + b);
            best = best.max(Some(latest)).max(earlier);
        }
        if c == p0 {
            if let Some((_, x, xb)) = last0 {
                gap_best = gap_best.max(Some(xb + x));
            }
            last0 = Some((k, at, b));
        }
    }
    best.filter(|_| compact).map(|b| i64::from(SCORE_MATCH + b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::score::{Scratch, score_matrix};

    fn both(h: &str, n: &str) -> (Option<i64>, Option<i64>) {
        let fast = score(h.as_bytes(), n.as_bytes(), usize::MAX).expect("a short ASCII needle");
        (fast, score_matrix(h, n, &mut Scratch::default()))
    }

    #[test]
    fn equals_the_matrix_on_hand_picked_texts() {
        for (h, n) in [
            ("merida", "m"),
            ("the merida", "m"),
            ("x-m", "m"),
            ("ém", "m"),
            ("mm", "mm"),
            ("merida", "me"),
            ("m e", "me"),
            ("m  é e", "me"),
            ("amxe me", "me"),
            ("emm", "me"),
            ("", "m"),
            ("abc", "x"),
            ("ab", "ba"),
        ] {
            let (fast, matrix) = both(h, n);
            assert_eq!(fast, matrix, "{n:?} in {h:?}");
        }
    }

    #[test]
    fn compactness_is_checked_in_the_same_scan() {
        assert_eq!(score(b"m...e", b"me", 4), Some(None), "four bytes apart: outside a span of 4");
        assert!(matches!(score(b"m..e", b"me", 4), Some(Some(_))));
        assert!(matches!(score(b"m...e me", b"me", 4), Some(Some(_))), "a later, tight pair counts");
    }

    #[test]
    fn other_needles_take_the_matrix() {
        assert_eq!(score(b"merida", b"mer", 9), None);
        assert_eq!(score("łab".as_bytes(), "ł".as_bytes(), 9), None);
        assert_eq!(score(&vec![b'm'; MAX_LEN + 1], b"m", 9), None);
    }
}
