//! Text handling shared by search and every output: folding for matching, and making data text inert.
//!
//! Folding (lower case, accents removed) is done once at load so that "merida" finds "Mérida" and every matcher
//! stays on its ASCII fast path. Making text inert replaces control characters, escape sequences, bidirectional
//! overrides and zero-width characters with visible escapes, so text from a timeline file can never drive the
//! terminal it is shown on.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case without accents: "Mérida, NIÑOS Héroes" -> "merida, ninos heroes".
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        '–' | '—' | '‐' | '‑' => out.push('-'),
        '‘' | '’' => out.push('\''),
        '“' | '”' => out.push('"'),
        _ => {
            for d in std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)) {
                out.extend(d.to_lowercase());
            }
        }
    }
}

/// A folded copy of a short text that remembers, for each folded char, the original char it came from, so
/// match positions found in the folded text can be highlighted in the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// `origin[i]` is the index (in chars) in the original of folded char `i`.
    pub origin: Vec<u32>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
        let mut text = String::with_capacity(s.len());
        let mut origin = Vec::with_capacity(s.len());
        let mut buf = String::new();
        for (i, c) in s.chars().enumerate() {
            buf.clear();
            fold_char(c, &mut buf);
            for _ in buf.chars() {
                origin.push(i as u32);
            }
            text.push_str(&buf);
        }
        Folded { text, origin }
    }

    /// Maps folded char positions to original char positions (sorted, without duplicates).
    pub fn to_original(&self, positions: &[usize]) -> Vec<usize> {
        let mut v: Vec<usize> =
            positions.iter().filter_map(|&p| self.origin.get(p).map(|&o| o as usize)).collect();
        v.dedup();
        v
    }
}

/// True for characters that must never reach a terminal as themselves.
pub fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width space/joiners, LRM, RLM
            | '\u{2028}'..='\u{202E}' // line/paragraph separators, bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{061C}'              // Arabic letter mark
            | '\u{FEFF}'              // zero-width no-break space
            | '\u{FFF9}'..='\u{FFFB}')
}

/// The text with every dangerous character replaced by a visible escape (`\u{1b}`), on one line: newlines and
/// tabs become spaces. Plain text is returned without copying.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' | '\r' => out.push(' '),
            c if is_dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Mérida Initiative"), "merida initiative");
        assert_eq!(fold("NIÑOS HÉROES, Querétaro"), "ninos heroes, queretaro");
        assert_eq!(fold("U.S.–Mexico"), "u.s.-mexico");
        assert_eq!(fold("plain ascii"), "plain ascii");
    }

    #[test]
    fn folded_positions_map_back_to_the_original() {
        let f = Folded::new("Mérida");
        assert_eq!(f.text, "merida");
        assert_eq!(f.to_original(&[0, 1, 5]), vec![0, 1, 5]);
        // A ligature-like expansion keeps mapping to its one source char.
        let f = Folded::new("İx");
        assert!(f.text.ends_with('x'));
        assert_eq!(*f.to_original(&[f.text.chars().count() - 1]).last().unwrap(), 1);
    }

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(inert("plain"), "plain");
        assert!(matches!(inert("plain"), Cow::Borrowed(_)));
        assert_eq!(inert("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(inert("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(inert("l1\nl2\tt"), "l1 l2 t");
        assert_eq!(inert("bell\x07 osc\x1b]0;t\x07"), "bell\\u{7} osc\\u{1b}]0;t\\u{7}");
        assert_eq!(inert("c1\u{9b}"), "c1\\u{9b}");
        assert_eq!(inert("zw\u{200b}"), "zw\\u{200b}");
    }
}
