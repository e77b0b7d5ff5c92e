//! Property test of the loader: mutated timelines (deleted, duplicated and swapped lines, cut files, injected
//! control characters, swapped types) never panic, and every reported problem names a real position.

use annals::timeline::{Date, LoadError, load::load_bytes};
use proptest::prelude::*;

const SMALL: &str = include_str!("fixtures/valid/small.yaml");

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Cut(usize),
    Inject(usize, char),
    /// Replace a value by one of another type: `key: value` -> `key: [value]`, `{}`, `42`, `~`.
    Retype(usize, u8),
    Indent(usize, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let controls = prop::sample::select(vec![
        '\0', '\x1b', '\t', '\r', '\u{7f}', '\u{202e}', '\u{feff}', ':', '&', '*', '[', '{', '"',
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), controls).prop_map(|(a, c)| Mutation::Inject(a, c)),
        (any::<usize>(), 0u8..4).prop_map(|(a, k)| Mutation::Retype(a, k)),
        (any::<usize>(), any::<bool>()).prop_map(|(a, b)| Mutation::Indent(a, b)),
    ]
}

fn apply(text: &str, muts: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for m in muts {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *m {
            Mutation::Delete(i) => {
                lines.remove(i % n);
            }
            Mutation::Duplicate(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Cut(i) => lines.truncate(i % n),
            Mutation::Inject(i, c) => {
                let l = &mut lines[i % n];
                let at = l.char_indices().map(|(k, _)| k).nth(i % (l.chars().count() + 1)).unwrap_or(l.len());
                l.insert(at, c);
            }
            Mutation::Retype(i, k) => {
                let l = &mut lines[i % n];
                if let Some((key, value)) = l.split_once(": ") {
                    *l = match k {
                        0 => format!("{key}: [{value}]"),
                        1 => format!("{key}: {{}}"),
                        2 => format!("{key}: 42"),
                        _ => format!("{key}: ~"),
                    };
                }
            }
            Mutation::Indent(i, deeper) => {
                let l = &mut lines[i % n];
                if deeper {
                    l.insert_str(0, "  ");
                } else if l.starts_with("  ") {
                    l.drain(..2);
                }
            }
        }
    }
    lines.join("\n").into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_never_panic_and_problems_have_positions(muts in prop::collection::vec(mutation(), 1..6)) {
        let bytes = apply(SMALL, &muts);
        // Lines as YAML counts them: `\n`, `\r\n` and a lone `\r` each end a line.
        let line_count = bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .count()
            + 1;
        match load_bytes(&bytes, "mutated.yaml", Date::ymd(2026, 11, 23)) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    prop_assert!(!w.is_error());
                }
            }
            Err(LoadError::Invalid { problems }) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    prop_assert_eq!(&p.file, "mutated.yaml");
                    prop_assert!(p.line >= 1 && p.line <= line_count + 1, "line {} of {}", p.line, line_count);
                    prop_assert!(p.column >= 1);
                    prop_assert!(!p.message.is_empty());
                }
                prop_assert!(problems.iter().any(|p| p.is_error()));
            }
            Err(other) => prop_assert!(false, "unexpected error kind: {other}"),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = load_bytes(&bytes, "random.yaml", Date::ymd(2026, 11, 23));
    }
}

/// The case proptest found: a lone carriage return ends a line for YAML, and positions count it.
#[test]
fn a_lone_carriage_return_counts_as_a_line_break() {
    let text = "title: x\rdescription: y\rbogus: 1\n";
    let Err(LoadError::Invalid { problems }) =
        load_bytes(text.as_bytes(), "cr.yaml", Date::ymd(2026, 11, 23))
    else {
        panic!("expected problems");
    };
    assert!(
        problems.iter().any(|p| p.line == 3 && p.message.contains("unknown field `bogus`")),
        "{problems:#?}"
    );
}
