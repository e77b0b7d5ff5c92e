//! A fast reader for the plain subset of YAML that generated and formatted timelines are written in, tried on
//! each slice of events before serde_yaml (`parse`). serde_yaml stays the authority: this reader gives up
//! (`None`) on anything outside the subset, and the slice is then parsed by serde_yaml exactly as before, with
//! its messages. What it accepts, it must read exactly as serde_yaml would; tests compare the two on fixed
//! cases, on the shipped timeline and on random and mutated text.
//!
//! The subset: block mappings and block sequences (a sequence may sit at its key's indentation); on one line,
//! plain scalars, single- and double-quoted scalars without escapes, and flow sequences and flow mappings of
//! those scalars and of each other; block scalars `>-`, `>`, `|-` and `|` whose lines all share one
//! indentation. Given up on: comments, blank lines, tabs, anchors, aliases, tags, escapes, multi-line plain or
//! quoted scalars, flow collections nested more than four deep, keys that are not plain words, document markers, control characters and Unicode line breaks,
//! and plain scalars whose type YAML would resolve to anything but a string, except `true`/`false` and
//! plain integers.
//!
//! serde_yaml spends most of a large load in libyaml's scanner, at about 30 MB/s a core; this reader does the
//! same slices several times faster (docs/PERFORMANCE.md).

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

/// Levels of block nesting read here; deeper text is left to serde_yaml.
const MAX_DEPTH: usize = 16;

/// `text` read as `T`, or `None` when it is outside the subset, holds more than `max_values` values, or does
/// not fit `T` (serde_yaml then reads it, refuses it if it is too large, and reports what is wrong).
pub fn from_str<T: DeserializeOwned>(text: &str, max_values: usize) -> Option<T> {
    let lines = lines(text)?;
    let mut p =
        Parser { lines: &lines, at: 0, depth: 0, ends_in_newline: text.ends_with('\n'), budget: max_values };
    let first = lines.first()?;
    let node = if first.text.starts_with("- ") { p.seq(first.indent)? } else { p.map(first.indent, None)? };
    if p.at != lines.len() {
        return None;
    }
    T::deserialize(node).ok()
}

/// A line: its indentation and the text after it.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// The lines of `text`, or `None` if any of them is outside the subset as a line: blank, a comment, a document
/// marker, or holding a character other than printable ones and spaces.
fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    if !printable(text.as_bytes()) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 40);
    for line in text.split_terminator('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if body.is_empty() || body.starts_with('#') || body.ends_with(' ') {
            return None;
        }
        if indent == 0 && (body.starts_with("---") || body.starts_with("...")) {
            return None;
        }
        out.push(Line { indent, text: body });
    }
    Some(out)
}

/// Whether `bytes` hold only line feeds, CR before a line feed, and characters YAML calls printable, without
/// the byte-order mark or the Unicode line breaks (NEL, LS, PS), which YAML treats specially.
fn printable(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' | 0x20..=0x7e => {}
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            0xc2 if bytes.get(i + 1).is_some_and(|c| (0x80..0xa0).contains(c)) => return false,
            0xe2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) => {
                return false;
            }
            0xef if matches!(bytes.get(i + 1..i + 3), Some([0xbb, 0xbf] | [0xbf, 0xbe] | [0xbf, 0xbf])) => {
                return false;
            }
            0x80.. => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// A value read from the text.
#[derive(Debug)]
enum Node<'a> {
    /// A plain scalar, whose type YAML resolves from its text.
    Plain(&'a str),
    /// A quoted or block scalar: always a string.
    Text(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

struct Parser<'a, 'l> {
    lines: &'l [Line<'a>],
    /// The next line to read.
    at: usize,
    depth: usize,
    /// Whether the last line has a line break after it (a clipped block scalar keeps only a break it has).
    ends_in_newline: bool,
    /// How many more values may be read.
    budget: usize,
}

impl<'a> Parser<'a, '_> {
    fn line(&self) -> Option<Line<'a>> {
        self.lines.get(self.at).copied()
    }

    /// A block sequence whose `- ` marks are at `indent`, starting at the current line.
    fn seq(&mut self, indent: usize) -> Option<Node<'a>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.line().filter(|l| l.indent == indent && l.text.starts_with("- ")) {
            let rest = &line.text[2..];
            if rest.starts_with(' ') {
                return None;
            }
            self.at += 1;
            self.budget = self.budget.checked_sub(1)?;
            let item = if key(rest).is_some() {
                self.map(indent + 2, Some(rest))?
            } else if rest.starts_with(['>', '|', '-']) {
                return None;
            } else {
                self.inline(indent, rest)?
            };
            items.push(item);
        }
        self.depth -= 1;
        Some(Node::Seq(items))
    }

    /// A block mapping whose keys are at `indent`. `first` is the text of its first entry when that sits on a
    /// line already read (after a sequence's `- `); otherwise it starts at the current line.
    fn map(&mut self, indent: usize, mut first: Option<&'a str>) -> Option<Node<'a>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut entries = Vec::new();
        loop {
            let text = match first.take() {
                Some(text) => text,
                None => match self.line() {
                    Some(l) if l.indent == indent && !l.text.starts_with("- ") => {
                        self.at += 1;
                        l.text
                    }
                    _ => break,
                },
            };
            let (k, rest) = key(text)?;
            self.budget = self.budget.checked_sub(1)?;
            let value = if rest.is_empty() { self.below(indent)? } else { self.inline(indent, rest)? };
            entries.push((k, value));
        }
        self.depth -= 1;
        Some(Node::Map(entries))
    }

    /// The value of a key at `indent` written on the lines below it: a sequence (which may sit at the key's
    /// indentation) or a mapping. Nothing there is a null, left to serde_yaml.
    fn below(&mut self, indent: usize) -> Option<Node<'a>> {
        let line = self.line()?;
        let item = line.text.starts_with("- ");
        if item && line.indent >= indent {
            self.seq(line.indent)
        } else if line.indent > indent && key(line.text).is_some() {
            self.map(line.indent, None)
        } else {
            None
        }
    }

    /// A value written on its key's or item's line, `rest`, where that key or `- ` is at `indent`.
    fn inline(&mut self, indent: usize, rest: &'a str) -> Option<Node<'a>> {
        let node = match rest.as_bytes()[0] {
            b'>' | b'|' => return self.block_scalar(indent, rest),
            b'[' | b'{' => flow(rest, &mut self.budget)?,
            b'"' | b'\'' => match quoted(rest)? {
                (text, "") => Node::Text(text),
                _ => return None,
            },
            _ => Node::Plain(plain(rest, false)?),
        };
        // A more indented line would continue a plain scalar, or be an error.
        if self.line().is_some_and(|l| l.indent > indent) {
            return None;
        }
        Some(node)
    }

    /// A block scalar with header `header` for a key at `indent`: its lines all at one deeper indentation.
    fn block_scalar(&mut self, indent: usize, header: &str) -> Option<Node<'a>> {
        let (folded, keep_newline) = match header {
            ">-" => (true, false),
            ">" => (true, true),
            "|-" => (false, false),
            "|" => (false, true),
            _ => return None,
        };
        let first = self.line().filter(|l| l.indent > indent)?;
        let start = self.at;
        while self.line().is_some_and(|l| l.indent >= first.indent) {
            if self.lines[self.at].indent != first.indent {
                return None;
            }
            self.at += 1;
        }
        let body = &self.lines[start..self.at];
        let sep = if folded { " " } else { "\n" };
        let mut text = String::with_capacity(body.iter().map(|l| l.text.len() + 1).sum());
        for (i, l) in body.iter().enumerate() {
            if i > 0 {
                text.push_str(sep);
            }
            text.push_str(l.text);
        }
        if keep_newline && (self.at < self.lines.len() || self.ends_in_newline) {
            text.push('\n');
        }
        Some(Node::Text(Cow::Owned(text)))
    }
}

/// The key of a mapping entry `key: value` or `key:`, and the value's text ("" when it is on the lines below).
fn key(text: &str) -> Option<(&str, &str)> {
    let end = text.find(':')?;
    let (k, rest) = (&text[..end], &text[end + 1..]);
    let word = k.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !word {
        return None;
    }
    match rest.strip_prefix(' ') {
        Some(value) if !value.is_empty() && !value.starts_with(' ') => Some((k, value)),
        None if rest.is_empty() => Some((k, "")),
        _ => None,
    }
}

/// A plain scalar's text, if it is one the subset reads: it does not start with a YAML indicator or a space,
/// and holds nothing that would end it early (`: `, ` #`, a final `:`; in flow, any of `,[]{}:#'"`).
fn plain(text: &str, flow: bool) -> Option<&str> {
    let first = *text.as_bytes().first()?;
    if b" -?:,[]{}#&*!|>'\"%@`".contains(&first) || text.ends_with([' ', ':']) {
        return None;
    }
    let stops = if flow {
        text.contains([',', '[', ']', '{', '}', ':', '#', '"', '\''])
    } else {
        text.contains(": ") || text.contains(" #")
    };
    (!stops).then_some(text)
}

/// A quoted scalar at the start of `text` and what follows it. Double quotes with an escape in them, and
/// quotes that do not close on this line, are left to serde_yaml.
fn quoted(text: &str) -> Option<(Cow<'_, str>, &str)> {
    if let Some(body) = text.strip_prefix('"') {
        let end = body.find('"')?;
        let inner = &body[..end];
        if inner.contains('\\') {
            return None;
        }
        return Some((Cow::Borrowed(inner), &body[end + 1..]));
    }
    let body = text.strip_prefix('\'')?;
    let mut owned: Option<String> = None;
    let mut from = 0;
    loop {
        let end = from + body[from..].find('\'')?;
        if body[end + 1..].starts_with('\'') {
            owned.get_or_insert_with(String::new).push_str(&body[from..=end]);
            from = end + 2;
            continue;
        }
        let text = match owned {
            Some(mut s) => {
                s.push_str(&body[from..end]);
                Cow::Owned(s)
            }
            None => Cow::Borrowed(&body[..end]),
        };
        return Some((text, &body[end + 1..]));
    }
}

/// Levels of flow nesting read here, as in `{claim: x, sources: [a, b]}`.
const MAX_FLOW_DEPTH: usize = 4;

/// A flow collection written whole on one line, `[...]` or `{...}`, with nothing after it.
fn flow<'a>(text: &'a str, budget: &mut usize) -> Option<Node<'a>> {
    match flow_node(text, 0, budget)? {
        (node @ (Node::Seq(_) | Node::Map(_)), "") => Some(node),
        _ => None,
    }
}

/// The flow value at the start of `text` (after any spaces), and the text after it and any spaces.
fn flow_node<'a>(text: &'a str, depth: usize, budget: &mut usize) -> Option<(Node<'a>, &'a str)> {
    *budget = budget.checked_sub(1)?;
    let text = text.trim_start_matches(' ');
    let (node, rest) = match text.as_bytes().first()? {
        b'[' | b'{' if depth < MAX_FLOW_DEPTH => flow_collection(text, depth + 1, budget)?,
        b'"' | b'\'' => {
            let (s, rest) = quoted(text)?;
            (Node::Text(s), rest)
        }
        _ => {
            let end = text.find([',', ']', '}']).unwrap_or(text.len());
            (Node::Plain(plain(text[..end].trim_end_matches(' '), true)?), &text[end..])
        }
    };
    Some((node, rest.trim_start_matches(' ')))
}

/// A flow sequence or mapping at the start of `text`, and the text after its closing bracket.
fn flow_collection<'a>(text: &'a str, depth: usize, budget: &mut usize) -> Option<(Node<'a>, &'a str)> {
    let map = text.starts_with('{');
    let close = if map { '}' } else { ']' };
    let mut rest = text[1..].trim_start_matches(' ');
    let mut items = Vec::new();
    let mut entries = Vec::new();
    if let Some(after) = rest.strip_prefix(close) {
        return Some((if map { Node::Map(entries) } else { Node::Seq(items) }, after));
    }
    loop {
        if map {
            let colon = rest.find(": ")?;
            let (k, _) = key(&rest[..=colon])?;
            let (value, after) = flow_node(&rest[colon + 2..], depth, budget)?;
            entries.push((k, value));
            rest = after;
        } else {
            let (item, after) = flow_node(rest, depth, budget)?;
            items.push(item);
            rest = after;
        }
        if let Some(after) = rest.strip_prefix(close) {
            return Some((if map { Node::Map(entries) } else { Node::Seq(items) }, after));
        }
        rest = rest.strip_prefix(',')?.trim_start_matches(' ');
    }
}

/// The error of a value that does not fit: never shown, since serde_yaml then reads the slice.
#[derive(Debug)]
struct Unfit;

impl fmt::Display for Unfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the YAML subset")
    }
}

impl std::error::Error for Unfit {}

impl de::Error for Unfit {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unfit
    }
}

/// serde_yaml's nulls and booleans (YAML 1.2 core schema).
fn is_null(s: &str) -> bool {
    matches!(s, "null" | "Null" | "NULL" | "~")
}

fn as_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// What serde_yaml's untyped read of a plain scalar gives, when it is one this reader is sure of.
enum Resolved<'a> {
    Str(&'a str),
    Int(u64),
}

fn resolve(s: &str) -> Option<Resolved<'_>> {
    let first = s.as_bytes()[0];
    if first.is_ascii_alphabetic() || first >= 0x80 {
        // Letters first: a string unless a null or a boolean (`inf`, `nan` and the like are not floats in YAML).
        return (!is_null(s) && as_bool(s).is_none()).then_some(Resolved::Str(s));
    }
    if !first.is_ascii_digit() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        // A decimal integer, unless a leading zero makes YAML 1.2 call it a string; both are left to serde_yaml.
        return (s == "0" || !s.starts_with('0')).then(|| s.parse().ok().map(Resolved::Int))?;
    }
    // Digits then something no number has (a space, `~`, `?`, `/`), or digits with dashes inside, as a date.
    let unlike_a_number = s.bytes().any(|b| !(b.is_ascii_alphanumeric() || b"+-._".contains(&b)));
    let date = s.bytes().all(|b| b.is_ascii_digit() || b == b'-') && !s.ends_with('-');
    (unlike_a_number || date).then_some(Resolved::Str(s))
}

impl<'de> IntoDeserializer<'de, Unfit> for Node<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = Unfit;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unfit> {
        match self {
            Node::Plain(s) => match resolve(s).ok_or(Unfit)? {
                Resolved::Str(s) => v.visit_borrowed_str(s),
                Resolved::Int(n) => v.visit_u64(n),
            },
            Node::Text(Cow::Borrowed(s)) => v.visit_borrowed_str(s),
            Node::Text(Cow::Owned(s)) => v.visit_string(s),
            Node::Seq(items) => v.visit_seq(SeqDeserializer::new(items.into_iter())),
            Node::Map(entries) => v.visit_map(MapDeserializer::new(entries.into_iter())),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unfit> {
        // serde_yaml reads any scalar as a string when a string is wanted.
        match self {
            Node::Plain(s) | Node::Text(Cow::Borrowed(s)) => v.visit_borrowed_str(s),
            Node::Text(Cow::Owned(s)) => v.visit_string(s),
            _ => Err(Unfit),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unfit> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unfit> {
        self.deserialize_str(v)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unfit> {
        match self {
            Node::Plain(s) => v.visit_bool(as_bool(s).ok_or(Unfit)?),
            _ => Err(Unfit),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unfit> {
        match self {
            Node::Plain(s) if is_null(s) => v.visit_none(),
            node => v.visit_some(node),
        }
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct newtype_struct seq
        tuple tuple_struct map struct enum ignored_any
    }
}

#[cfg(test)]
mod tests;
