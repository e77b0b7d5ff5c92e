//! The one module that knows which YAML crates annals uses: serde_yaml reads the file into the raw types, and
//! yaml-rust2's event parser builds a position index (line and column of every key and value) for messages.
//!
//! serde_yaml reports positions only for syntax and type errors. The semantic checks (an unknown source id, an
//! impossible date) need the position of the offending value too, so a second, event-level parse records the
//! marker of every node. It runs only when there is something to report, so a valid file pays nothing for it.
//! Both parses are safe against alias bombs (serde_yaml limits alias expansion; the index never expands
//! aliases) and deep nesting (both stop at a fixed depth).

use serde::de::DeserializeOwned;

use super::nesting::{MAX_FLOW_DEPTH, too_deep};
use yaml_rust2::parser::{Event, Parser};

/// Nesting deeper than this is refused by the position index; no timeline needs more than six levels.
const MAX_DEPTH: usize = 64;

/// A failure of the first parse: the text is not YAML, or not of the expected shape.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    /// The YAML path where serde stopped (`events[3].sources[0]`), or empty at the top.
    pub path: String,
    pub message: String,
}

/// Parses YAML text into `T` with serde_yaml, refusing first flow collections nested deeper than
/// [`MAX_FLOW_DEPTH`], which libyaml would take quadratic time over.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    if let Some((line, column)) = too_deep(text, MAX_FLOW_DEPTH) {
        return Err(SyntaxError {
            line,
            column,
            path: String::new(),
            message: format!(
                "the file nests too deeply: brackets nested more than {MAX_FLOW_DEPTH} deep (timelines and tours \
                 nest a few levels; see docs/FORMAT.md)"
            ),
        });
    }
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        let full = e.to_string();
        // serde_yaml writes "path: message at line L column C"; keep the path and message apart.
        let without_loc = match full.rfind(" at line ") {
            Some(i) => &full[..i],
            None => full.as_str(),
        };
        let (path, message) = match without_loc.split_once(": ") {
            Some((p, m)) if looks_like_path(p) => (p.to_string(), m.to_string()),
            _ => (String::new(), without_loc.to_string()),
        };
        SyntaxError { line, column, path, message }
    })
}

/// The number of values (scalars, sequences, mappings, aliases) in `text`, counted by the streaming parser
/// without keeping any of them, stopping once past `limit`. serde_yaml keeps every parser event of a document
/// in memory (about a hundred bytes each), so a document with too many values is refused before it is read.
/// Text the parser rejects counts up to the error; serde_yaml then reports the error itself.
pub fn count_values(text: &str, limit: usize) -> usize {
    let mut parser = Parser::new_from_str(text);
    let mut count = 0;
    while count <= limit {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) | Err(_) => break,
            Ok((
                Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) | Event::Alias(_),
                _,
            )) => count += 1,
            Ok(_) => {}
        }
    }
    count
}

/// Where the first alias (`*name`) is written, if any. Timelines refuse aliases: one alias of a long string
/// repeated in a list expands to gigabytes (serde_yaml limits how often aliases are followed, not how much
/// they copy), and a timeline has nothing to share. A cheap look at the text comes first, so only a text
/// with a `*` where an alias could start pays for the streaming parse.
pub fn first_alias(text: &str) -> Option<Pos> {
    let bytes = text.as_bytes();
    let could_be =
        memchr::memchr_iter(b'*', bytes).any(|i| i == 0 || b" \t\r\n[{,:-?".contains(&bytes[i - 1]));
    if !could_be {
        return None;
    }
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::Alias(_), marker)) => {
                return Some(Pos { line: marker.line(), column: marker.col() + 1 });
            }
            Ok((Event::StreamEnd, _)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

fn looks_like_path(p: &str) -> bool {
    !p.is_empty() && !p.contains(' ') && p.chars().all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c))
}

/// One step of a path into the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A line and column, both counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug)]
enum Kind {
    Scalar,
    Alias,
    Seq(Vec<Node>),
    Map(Vec<(String, Pos, Node)>),
}

#[derive(Debug)]
struct Node {
    pos: Pos,
    kind: Kind,
}

/// Line and column of every node of a YAML document, addressed by path.
#[derive(Debug)]
pub struct PositionIndex {
    root: Option<Node>,
}

impl PositionIndex {
    /// Builds the index from the text. A text the parser rejects gives an empty index: its error has already
    /// been reported by `from_str`, and positions then fall back to line 1.
    pub fn build(text: &str) -> PositionIndex {
        PositionIndex { root: build_tree(text).ok() }
    }

    fn node(&self, path: &[Seg]) -> (Option<&Node>, Option<&Node>) {
        let mut node = match &self.root {
            Some(n) => n,
            None => return (None, None),
        };
        for seg in path {
            let next = match (&node.kind, seg) {
                (Kind::Map(entries), Seg::Key(k)) => {
                    entries.iter().find(|(key, _, _)| key == k).map(|e| &e.2)
                }
                (Kind::Seq(items), Seg::Index(i)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return (None, Some(node)),
            }
        }
        (Some(node), Some(node))
    }

    /// Where the value at `path` starts; for a missing value, where its nearest present ancestor starts.
    pub fn value(&self, path: &[Seg]) -> Pos {
        match self.node(path) {
            (Some(n), _) | (None, Some(n)) => n.pos,
            (None, None) => Pos { line: 1, column: 1 },
        }
    }

    /// Where the key at the end of `path` is written (for "unknown field" messages).
    pub fn key(&self, path: &[Seg]) -> Pos {
        if let Some((Seg::Key(k), parent)) = path.split_last()
            && let (Some(Node { kind: Kind::Map(entries), .. }), _) = self.node(parent)
            && let Some((_, pos, _)) = entries.iter().find(|(key, _, _)| key == k)
        {
            return *pos;
        }
        self.value(path)
    }

    /// The keys of the mapping at `path`, with their positions, in file order.
    pub fn keys(&self, path: &[Seg]) -> Vec<(&str, Pos)> {
        match self.node(path) {
            (Some(Node { kind: Kind::Map(entries), .. }), _) => {
                entries.iter().map(|(k, p, _)| (k.as_str(), *p)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The number of items of the sequence at `path` (0 when it is not a sequence).
    pub fn len(&self, path: &[Seg]) -> usize {
        match self.node(path) {
            (Some(Node { kind: Kind::Seq(items), .. }), _) => items.len(),
            _ => 0,
        }
    }
}

enum Open {
    Seq(Pos, Vec<Node>),
    /// Entries so far, and a key waiting for its value.
    Map(Pos, Vec<(String, Pos, Node)>, Option<(String, Pos)>),
}

/// Builds the node tree with an explicit stack, so nesting depth costs heap, not call stack.
fn build_tree(text: &str) -> Result<Node, String> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    loop {
        let (event, marker) = parser.next_token().map_err(|e| e.to_string())?;
        let pos = Pos { line: marker.line(), column: marker.col() + 1 };
        let done = match event {
            Event::StreamEnd => break,
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(pos, Vec::new()));
                None
            }
            Event::MappingStart(..) => {
                stack.push(Open::Map(pos, Vec::new(), None));
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(p, items)) => Some(Node { pos: p, kind: Kind::Seq(items) }),
                _ => return Err("unbalanced sequence".into()),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(p, entries, _)) => Some(Node { pos: p, kind: Kind::Map(entries) }),
                _ => return Err("unbalanced mapping".into()),
            },
            Event::Scalar(value, ..) => {
                if let Some(Open::Map(_, _, pending @ None)) = stack.last_mut() {
                    *pending = Some((value, pos));
                    None
                } else {
                    Some(Node { pos, kind: Kind::Scalar })
                }
            }
            Event::Alias(_) => Some(Node { pos, kind: Kind::Alias }),
            _ => None,
        };
        if stack.len() > MAX_DEPTH {
            return Err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        if let Some(node) = done {
            match stack.last_mut() {
                Some(Open::Seq(_, items)) => items.push(node),
                Some(Open::Map(_, entries, pending)) => match pending.take() {
                    Some((k, kp)) => entries.push((k, kp, node)),
                    // A complex (non-scalar) key: keep its place so positions of later keys stay right.
                    None => *pending = Some((String::new(), node.pos)),
                },
                None => root = Some(node),
            }
        }
    }
    root.ok_or_else(|| "empty document".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "a: 1\nlist:\n  - id: x\n    v: [1, 2]\n  - id: y\n";

    #[test]
    fn finds_values_and_keys_by_path() {
        let ix = PositionIndex::build(DOC);
        assert_eq!(ix.value(&[Seg::Key("a")]), Pos { line: 1, column: 4 });
        assert_eq!(ix.value(&[Seg::Key("list"), Seg::Index(1), Seg::Key("id")]), Pos { line: 5, column: 9 });
        assert_eq!(ix.key(&[Seg::Key("list"), Seg::Index(0), Seg::Key("v")]), Pos { line: 4, column: 5 });
        assert_eq!(
            ix.value(&[Seg::Key("list"), Seg::Index(0), Seg::Key("v"), Seg::Index(1)]),
            Pos { line: 4, column: 12 }
        );
        assert_eq!(ix.len(&[Seg::Key("list")]), 2);
        let keys: Vec<&str> = ix.keys(&[Seg::Key("list"), Seg::Index(0)]).into_iter().map(|k| k.0).collect();
        assert_eq!(keys, ["id", "v"]);
    }

    #[test]
    fn missing_values_point_at_the_nearest_ancestor() {
        let ix = PositionIndex::build(DOC);
        assert_eq!(ix.value(&[Seg::Key("list"), Seg::Index(1), Seg::Key("nope")]).line, 5);
    }

    #[test]
    fn deep_nesting_gives_an_empty_index_not_a_crash() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let ix = PositionIndex::build(&deep);
        assert_eq!(ix.value(&[Seg::Index(0)]), Pos { line: 1, column: 1 });
    }

    #[test]
    fn serde_errors_keep_path_and_position_apart() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            list: Vec<u32>,
        }
        let e = from_str::<T>("list:\n  - 1\n  - nope\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 5));
        assert_eq!(e.path, "list[1]");
        assert!(e.message.starts_with("invalid type"), "{}", e.message);
    }
}
