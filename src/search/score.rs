//! The fuzzy score of a needle in a haystack, computed as fuzzy-matcher's `SkimMatcherV2` computes it
//! (case-sensitive, default weights, a fresh score matrix per call), but over bytes when the text is ASCII and
//! with buffers reused across calls: no allocation per event. `fuzzy.rs` checks it against the real matcher.
//!
//! The algorithm is the skim V2 alignment with an affine gap penalty, kept line for line (including the way it
//! reuses two rows of its matrix) so scores, and so rankings, stay what they were.

/// A character class for the bonuses: start of text, upper, lower (and non-ASCII), digit, hard and soft
/// separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

/// Characters the scorer can work on: bytes of ASCII text, or chars.
trait Unit: Copy + PartialEq {
    fn class(self) -> Class;
}

impl Unit for u8 {
    #[inline]
    fn class(self) -> Class {
        class_of_ascii(self)
    }
}

impl Unit for char {
    #[inline]
    fn class(self) -> Class {
        if self == '\0' {
            Class::Empty
        } else if self.is_ascii() {
            class_of_ascii(self as u8)
        } else {
            Class::Lower
        }
    }
}

#[inline]
pub(super) fn class_of_ascii(b: u8) -> Class {
    match b {
        0 => Class::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => Class::SoftSep,
        b'0'..=b'9' => Class::Number,
        b'A'..=b'Z' => Class::Upper,
        _ => Class::Lower,
    }
}

pub(super) const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
pub(super) const FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
pub(super) const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const NEG_INFINITY: i32 = i16::MIN as i32;

#[inline]
pub(super) fn in_place_bonus(prev: Class, cur: Class) -> i32 {
    match (prev, cur) {
        (Class::Empty | Class::HardSep, _) => BONUS_HEAD,
        (Class::SoftSep, _) => BONUS_BREAK,
        (Class::Lower | Class::Number, Class::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

const FRESH: Cell = Cell { m: NEG_INFINITY, p: NEG_INFINITY, bonus: 0 };

/// Buffers reused from one call to the next; one per searching thread.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Always use the matrix, never the one-scan path of `short.rs` (tests compare the two).
    pub(super) matrix_only: bool,
    rows: Vec<Cell>,
    bonus: Vec<i32>,
    first: Vec<usize>,
    chars: Vec<char>,
    needle: Vec<char>,
}

/// No score of `needle` can exceed this: each matched char adds at most the match score plus the largest
/// bonus (a head bonus doubled for the first char), and the alignment starts from a gap score below zero.
pub fn max_score(needle: &str) -> i64 {
    let bonus = (BONUS_HEAD * FIRST_CHAR_MULTIPLIER).max(BONUS_BREAK).max(BONUS_CAMEL).max(BONUS_CONSECUTIVE);
    needle.chars().count() as i64 * i64::from(SCORE_MATCH + bonus)
}

impl Scratch {
    /// Buffers for a search that scores every needle with the matrix, even one- and two-char ones (tests
    /// compare it with the one-scan path).
    pub fn matrix_only() -> Scratch {
        Scratch { matrix_only: true, ..Scratch::default() }
    }
}

/// The skim V2 score of `needle` in `haystack`, or `None` when its characters do not occur in order.
/// One- and two-char needles take the one-scan path of `short.rs` (same score, no matrix).
pub fn score(haystack: &str, needle: &str, s: &mut Scratch) -> Option<i64> {
    if !s.matrix_only
        && let Some(r) = super::short::score(haystack.as_bytes(), needle.as_bytes(), usize::MAX)
    {
        return r;
    }
    score_matrix(haystack, needle, s)
}

/// `score` by the alignment matrix, for any needle.
pub fn score_matrix(haystack: &str, needle: &str, s: &mut Scratch) -> Option<i64> {
    if needle.is_empty() {
        return Some(0);
    }
    if haystack.is_ascii() && needle.is_ascii() {
        return score_units(haystack.as_bytes(), needle.as_bytes(), s);
    }
    let mut chars = std::mem::take(&mut s.chars);
    let mut pattern = std::mem::take(&mut s.needle);
    chars.clear();
    chars.extend(haystack.chars());
    pattern.clear();
    pattern.extend(needle.chars());
    let r = score_units(&chars, &pattern, s);
    s.chars = chars;
    s.needle = pattern;
    r
}

fn score_units<T: Unit>(choice: &[T], pattern: &[T], s: &mut Scratch) -> Option<i64> {
    // The first match of each pattern char, greedily; none means no match at all.
    s.first.clear();
    let mut it = pattern.iter().peekable();
    for (j, c) in choice.iter().enumerate() {
        match it.peek() {
            Some(&p) if p == c => {
                s.first.push(j);
                it.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    if it.peek().is_some() {
        return None;
    }
    let cols = choice.len() + 1;
    s.bonus.clear();
    s.bonus.push(0);
    let mut prev = Class::Empty;
    for &c in choice {
        let class = c.class();
        s.bonus.push(in_place_bonus(prev, class));
        prev = class;
    }
    if s.bonus.len() > 1 {
        s.bonus[1] *= FIRST_CHAR_MULTIPLIER;
    }
    s.rows.clear();
    s.rows.resize(2 * cols, FRESH);
    for cell in &mut s.rows[..cols] {
        cell.p = GAP_EXTENSION;
    }
    let rows = &mut s.rows;
    for (i, p) in pattern.iter().enumerate() {
        let row = ((i + 1) & 1) * cols;
        let row_prev = (i & 1) * cols;
        let to_skip = s.first[i];
        for (j, c) in choice.iter().enumerate().skip(to_skip) {
            let col = j + 1;
            let (cur, last, prev) = (row + col, row + col - 1, row_prev + col - 1);
            if c == p {
                let in_place = s.bonus[col];
                let consecutive = rows[last].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                rows[last].bonus = consecutive;
                let by_match = rows[prev].m + consecutive;
                let by_skip = rows[prev].p + in_place;
                rows[cur].m = by_match.max(by_skip) + SCORE_MATCH;
            } else {
                rows[cur].m = NEG_INFINITY;
                rows[cur].bonus = 0;
            }
            let from_match = GAP_START + GAP_EXTENSION + rows[last].m;
            let from_skip = GAP_EXTENSION + rows[last].p;
            rows[cur].p = from_match.max(from_skip);
        }
    }
    let last_row = (pattern.len() & 1) * cols;
    let from = s.first[s.first.len() - 1];
    rows[last_row + from..last_row + cols].iter().map(|c| i64::from(c.m)).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_prefer_word_starts_and_runs() {
        let mut s = Scratch::default();
        let at_start = score("merida initiative", "mer", &mut s).unwrap();
        let inside = score("the camerida", "mer", &mut s).unwrap();
        let scattered = score("mxxexxr", "mer", &mut s).unwrap();
        assert!(at_start > inside, "{at_start} > {inside}");
        assert!(inside > scattered, "{inside} > {scattered}");
        assert_eq!(score("abc", "abd", &mut s), None);
        assert_eq!(score("abc", "", &mut s), Some(0));
        assert_eq!(score("", "a", &mut s), None);
    }

    #[test]
    fn non_ascii_text_is_scored_by_chars() {
        let mut s = Scratch::default();
        assert!(score("ł merida", "merida", &mut s).is_some());
        assert!(score("merida", "ł", &mut s).is_none());
        assert_eq!(score("łab", "ab", &mut s), score("xab", "ab", &mut s));
    }
}
