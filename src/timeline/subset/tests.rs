//! The subset reader against serde_yaml: what it accepts it must read exactly as serde_yaml does.

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::from_str;
use crate::timeline::raw::RawEvent;
use crate::timeline::split::split;
use crate::timeline::yaml;

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

/// Whether the subset reads `text` (`false` when it gives up); when it does, its result must be serde_yaml's.
fn agrees<T: DeserializeOwned + Serialize>(text: &str) -> bool {
    let Some(ours) = from_str::<T>(text, usize::MAX) else { return false };
    match yaml::from_str::<T>(text) {
        Ok(theirs) => {
            let (ours, theirs) = (json(&ours), json(&theirs));
            if let Some(at) = ours.bytes().zip(theirs.bytes()).position(|(a, b)| a != b) {
                let from = ours.floor_char_boundary(at.saturating_sub(80));
                let (a, b) = (
                    &ours[from..ours.ceil_char_boundary(at + 40)],
                    &theirs[from..theirs.ceil_char_boundary(at + 40).min(theirs.len())],
                );
                panic!("read differently:\n{text}\nsubset:     {a}\nserde_yaml: {b}");
            }
            assert_eq!(ours, theirs, "read differently:\n{text}");
        }
        Err(e) => panic!("the subset read text serde_yaml refuses ({}):\n{text}", e.message),
    }
    true
}

fn events(text: &str) -> bool {
    agrees::<Vec<RawEvent>>(text)
}

const EVENT: &str = r#"  - id: e-1
    date: '1846-05-13'
    end: "1848"
    title: War with Mexico; Polk's message ("American blood")
    summary: >-
      First line of a folded summary, with commas, [brackets] and {braces}.
      Second line: a colon inside # and a hash after no space#.
    countries: [US, MX]
    tags:
    - war
    - border
    unconfirmed: true
    sources:
      - {source: src-1, locator: "p. 12, note 3", quote: 'it''s a quote'}
      - source: src-2
        locator: null
    readings:
    - theory: realism
      by: src-1
      text: |-
        Line one.
        Line two.
    disputed:
    - point: Whether it was provoked
      sides:
      - claim: >
          Yes.
        sources: [src-1]
      - claim: No
        sources:
        - src-2
      - {claim: 1837, sources: [src-1, "src-2"]}
      - {claim: 'x', sources: []}
      settled: Neither
"#;

#[test]
fn every_construct_of_the_subset_reads_as_serde_yaml_reads_it() {
    assert!(events(EVENT));
    assert!(events(&EVENT.replace('\n', "\r\n")), "CRLF line ends");
    assert!(events(&format!("{EVENT}{}", EVENT.replace("e-1", "e-2"))), "two events");
    let plain_dates = "- id: a\n  date: 1846\n  title: T\n  summary: S\n  countries: []\n\
                       - id: b\n  date: 1846-05-13\n  end: 0\n  title: 1846\n  summary: null\n  countries: [US]\n";
    assert!(events(plain_dates));
    let clip = "- id: a\n  date: '1'\n  title: T\n  summary: |\n    one\n    two\n  countries: {}\n";
    assert!(!events(clip), "a mapping where a sequence is wanted does not fit");
    assert!(events(&clip.replace("{}", "[ ]")));
}

#[test]
fn text_outside_the_subset_is_left_to_serde_yaml() {
    let base = "- id: a\n  date: '1'\n  title: T\n  summary: S\n  countries: [US]\n";
    assert!(events(base), "the base case reads");
    let outside = [
        ("a comment", "  title: T\n", "  title: T # note\n"),
        ("a comment line", "  title: T\n", "  # note\n  title: T\n"),
        ("a blank line", "  title: T\n", "\n  title: T\n"),
        ("a tab", "  title: T\n", "  title:\tT\n"),
        ("an anchor", "  title: T\n", "  title: &x T\n"),
        ("an alias", "  title: T\n", "  title: *x\n"),
        ("a tag", "  title: T\n", "  title: !!str T\n"),
        ("an escape", "  title: T\n", "  title: \"a\\tb\"\n"),
        ("a multi-line plain scalar", "  title: T\n", "  title: T\n    more\n"),
        ("a multi-line quoted scalar", "  title: T\n", "  title: \"T\n    more\"\n"),
        ("flow nested past the limit", "[US]", "[[[[[US]]]]]"),
        ("an unclosed flow sequence", "[US]", "[US"),
        ("text after a flow sequence", "[US]", "[US] x"),
        ("a null", "  title: T\n", "  title:\n"),
        ("a float", "date: '1'", "date: 1.5"),
        ("a leading zero", "date: '1'", "date: 0123"),
        ("a negative number", "date: '1'", "date: -5"),
        ("a more indented folded line", "  summary: S\n", "  summary: >-\n    a\n      b\n"),
        ("a keep chomping indicator", "  summary: S\n", "  summary: |+\n    a\n"),
        ("a control character", "title: T", "title: T\u{7}"),
        ("a line separator", "title: T", "title: a\u{2028}b"),
        ("a next line", "title: T", "title: a\u{85}b"),
        ("a byte-order mark", "title: T", "title: \u{feff}T"),
        ("a lone CR", "title: T", "title: a\rb"),
        ("trailing spaces", "title: T", "title: T  "),
        ("a document marker", "- id: a\n", "---\n- id: a\n"),
        ("a wrong type", "  summary: S\n", "  summary: [S]\n"),
        ("an unknown field", "  summary: S\n", "  summary: S\n  colour: red\n"),
        ("a duplicate field", "  summary: S\n", "  summary: S\n  summary: S\n"),
    ];
    for (what, from, to) in outside {
        let text = base.replacen(from, to, 1);
        assert_ne!(text, base, "{what}: the case changes the text");
        assert!(
            from_str::<Vec<RawEvent>>(&text, usize::MAX).is_none(),
            "{what} should be left to serde_yaml:\n{text}"
        );
    }
}

#[test]
fn nesting_past_the_limit_is_left_to_serde_yaml() {
    let mut text = String::new();
    for depth in 0..40 {
        text.push_str(&" ".repeat(depth * 2));
        text.push_str("a:\n");
    }
    text.push_str(&" ".repeat(80));
    text.push_str("b: c\n");
    assert!(from_str::<serde_json::Value>(&text, usize::MAX).is_none());
}

#[test]
fn text_with_more_values_than_allowed_is_left_to_serde_yaml() {
    let text = "- id: a\n  date: '1'\n  title: T\n  summary: S\n  countries: [US, MX, CO]\n";
    // The event, its five entries, the flow sequence and its three items: 10 values.
    assert!(from_str::<Vec<RawEvent>>(text, 10).is_some());
    assert!(from_str::<Vec<RawEvent>>(text, 9).is_none());
    let block = text.replace(" [US, MX, CO]", "\n  - US\n  - MX\n  - CO");
    assert!(from_str::<Vec<RawEvent>>(&block, 9).is_some());
    assert!(from_str::<Vec<RawEvent>>(&block, 8).is_none());
}

#[test]
fn the_shipped_timeline_reads_the_same_through_the_subset() {
    let s = split(crate::timeline::EMBEDDED, 16).expect("the shipped timeline splits");
    let read = s.chunks.iter().filter(|c| events(c)).count();
    // Anything it gives up on is read by serde_yaml; most of the shipped file is in the subset.
    assert!(read * 10 >= s.chunks.len() * 9, "read {read} of {} slices", s.chunks.len());
}

/// Text the subset must read: no character that could end or retype a plain scalar.
fn clean() -> impl Strategy<Value = String> {
    "[A-Za-zé][A-Za-zé0-9 .;()'-]{0,18}[A-Za-zé0-9.)]"
}

/// Any text, with the characters that matter to YAML.
fn tricky() -> impl Strategy<Value = String> {
    "[A-Za-z0-9é \\-:#,'\"\\[\\]{}&*!|>%@`~?\\\\.\u{a0}\u{2028}]{0,14}"
}

/// A scalar written in one of the styles, as a `key: value` value, at an entry indented `indent`.
fn styled(text: &str, style: u8, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    match style % 6 {
        0 => text.to_string(),
        1 => format!("\"{text}\""),
        2 => format!("'{}'", text.replace('\'', "''")),
        3 => format!(">-\n{pad}{text}\n{pad}{text}"),
        4 => format!("|\n{pad}{text}"),
        _ => format!(">\n{pad}{text}"),
    }
}

/// A scalar as an item of a flow collection: plain (without the characters that would end it) or quoted.
fn in_flow(text: &str, style: u8) -> String {
    match style % 3 {
        0 => text.replace([',', '\''], ""),
        _ => styled(text, style % 3, 0),
    }
}

/// Events in varied layouts, built from `words`.
fn written(words: &[String], styles: &[u8], indentless: bool) -> String {
    let word = |i: usize| words[i % words.len()].as_str();
    let style = |i: usize| styles[i % styles.len()];
    let mut out = String::new();
    for e in 0..2 {
        let list_pad = if indentless { "  " } else { "    " };
        out.push_str(&format!("- id: {}\n", styled(word(e), style(e) % 3, 2)));
        out.push_str(&format!("  date: '18{e}6'\n"));
        out.push_str(&format!("  title: {}\n", styled(word(e + 1), style(e + 1), 2)));
        out.push_str(&format!("  summary: {}\n", styled(word(e + 2), style(e + 2), 2)));
        if style(e + 3) % 2 == 0 {
            out.push_str(&format!("  countries: [{}, \"{}\"]\n", word(e + 3).replace([',', '\''], ""), "MX"));
        } else {
            out.push_str(&format!(
                "  countries:\n{list_pad}- {}\n{list_pad}- MX\n",
                styled(word(e + 3), 1, 2)
            ));
        }
        out.push_str("  sources:\n");
        out.push_str(&format!(
            "{list_pad}- {{source: s-1, quote: {}}}\n",
            styled(word(e + 4), 1 + style(e + 4) % 2, 0)
        ));
        out.push_str(&format!(
            "{list_pad}- source: s-2\n{list_pad}  locator: {}\n",
            styled(word(e + 5), style(e + 5), list_pad.len() + 2)
        ));
        out.push_str(&format!(
            "  disputed:\n{list_pad}- point: {}\n{list_pad}  sides:\n{list_pad}  - {{claim: {}, sources: [s-1, {}]}}\n",
            styled(word(e + 7), 1, 2),
            in_flow(word(e + 8), style(e + 8)),
            in_flow(word(e + 9), style(e + 9)),
        ));
        out.push_str("  readings:\n");
        out.push_str(&format!(
            "{list_pad}- theory: realism\n{list_pad}  by: s-1\n{list_pad}  text: {}\n",
            styled(word(e + 6), style(e + 6), list_pad.len() + 2)
        ));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Clean text in every layout is read, and read as serde_yaml reads it.
    #[test]
    fn clean_events_are_read_as_serde_yaml_reads_them(
        words in prop::collection::vec(clean(), 1..8),
        styles in prop::collection::vec(any::<u8>(), 1..8),
        indentless: bool,
    ) {
        let text = written(&words, &styles, indentless);
        prop_assert!(events(&text), "the subset gave up on:\n{}", text);
    }

    /// Any text, mutated: whatever the subset reads, serde_yaml reads the same.
    #[test]
    fn mutated_events_read_by_the_subset_read_the_same_in_serde_yaml(
        words in prop::collection::vec(tricky(), 1..8),
        styles in prop::collection::vec(any::<u8>(), 1..8),
        indentless: bool,
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0u8..5, tricky()), 0..3),
    ) {
        let mut text = written(&words, &styles, indentless);
        for (at, kind, insert) in cuts {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
            let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n + 1);
            match kind {
                0 => text.insert_str(i, &insert),
                1 => text.replace_range(i..line_end.max(i).min(text.len()), ""),
                2 => {
                    let line = text[line_start..line_end].to_string();
                    text.insert_str(line_start, &line);
                }
                3 => text.insert(line_start, ' '),
                _ => text.truncate(i),
            }
        }
        events(&text);
    }
}
