//! Finding the events of a block-style timeline in its text, so they can be parsed a slice at a time.
//!
//! serde_yaml reads a whole document into a list of parser events (about ten times the file size) before it
//! deserialises anything. Parsing the header alone and then the events a few hundred at a time keeps only one
//! slice's parser events in memory, and lets the slices be parsed on several threads.
//!
//! The split is a fast path and nothing more. It looks only at line starts: the top-level `events:` line, then
//! the lines that start a sequence item at the indentation of the first item. When the text is unusual (flow
//! style events, a cut inside a multi-line quoted string, an alias to an anchor in another slice, a lone CR as
//! a line break) either [`split`] gives `None` or a slice fails to parse, and the loader parses the whole
//! document instead, so results and messages are always exactly those of a whole parse.

/// A timeline text cut into its header and slices of whole events.
#[derive(Debug)]
pub struct Split<'a> {
    /// The document with the body of the events sequence replaced by `events: []`.
    pub header: String,
    /// Slices of the events sequence, in order; each is a block sequence of whole items.
    pub chunks: Vec<&'a str>,
}

/// Cuts `text` into a header and slices of at most `per_chunk` events, or `None` when the text does not have
/// the plain block layout this needs.
pub fn split(text: &str, per_chunk: usize) -> Option<Split<'_>> {
    if has_lone_cr(text) {
        return None;
    }
    let (line_start, body_start) = events_line(text)?;
    let mut indent = None;
    let mut starts = Vec::new();
    let mut body_end = text.len();
    let mut offset = body_start;
    for line in lines(&text[body_start..]) {
        let here = offset;
        offset += line.len();
        let rest = line.trim_start_matches(' ');
        let content = rest.trim_end();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let width = line.len() - rest.len();
        let item = content == "-" || rest.starts_with("- ");
        match indent {
            None if item => {
                indent = Some(width);
                starts.push(here);
            }
            None => return None,
            Some(i) if width == i && item => starts.push(here),
            Some(i) if width > i => {}
            Some(_) => {
                body_end = here;
                break;
            }
        }
    }
    if starts.is_empty() {
        return None;
    }
    let newline = if text[..body_start].ends_with("\r\n") { "\r\n" } else { "\n" };
    let header = format!("{}events: []{newline}{}", &text[..line_start], &text[body_end..]);
    let per_chunk = per_chunk.max(1);
    let chunks = (0..starts.len())
        .step_by(per_chunk)
        .map(|k| &text[starts[k]..starts.get(k + per_chunk).copied().unwrap_or(body_end)])
        .collect();
    Some(Split { header, chunks })
}

/// The start and end of the only line that is `events:` (with nothing but white space after it), if exactly
/// one is.
fn events_line(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = None;
    for at in memchr::memmem::find_iter(bytes, b"events:") {
        if at > 0 && bytes[at - 1] != b'\n' {
            continue;
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |n| at + n + 1);
        if text[at + "events:".len()..end].trim_end().is_empty() {
            if found.is_some() {
                return None;
            }
            found = Some((at, end));
        }
    }
    found
}

/// The lines of `text`, each with its line break (like `split_inclusive('\n')`, found with memchr).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = breaks.next().map_or(text.len(), |n| n + 1);
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

/// YAML also ends a line at a CR that no LF follows; line-start scanning would miss those.
fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_between_items_and_keeps_the_rest_of_the_header() {
        let text = "title: t\nevents:\n  - id: a\n    x: |\n      - not an item\n  # note\n  - id: b\n  - id: c\ntags: []\n";
        let s = split(text, 2).unwrap();
        assert_eq!(s.header, "title: t\nevents: []\ntags: []\n");
        assert_eq!(
            s.chunks,
            ["  - id: a\n    x: |\n      - not an item\n  # note\n  - id: b\n", "  - id: c\n"]
        );
    }

    #[test]
    fn items_at_column_zero_and_crlf() {
        let text = "events:\r\n- id: a\r\n  t: 1\r\n- id: b\r\nend: 2\r\n";
        let s = split(text, 1).unwrap();
        assert_eq!(s.header, "events: []\r\nend: 2\r\n");
        assert_eq!(s.chunks, ["- id: a\r\n  t: 1\r\n", "- id: b\r\n"]);
    }

    #[test]
    fn unusual_layouts_are_left_to_the_whole_parse() {
        assert!(split("events: [a, b]\n", 10).is_none());
        assert!(split("events:\n  x: 1\n", 10).is_none());
        assert!(split("events:\n", 10).is_none());
        assert!(split("events:\n- a\nevents:\n- b\n", 10).is_none());
        assert!(split("events:\n- a\r- b\n", 10).is_none());
        assert!(split("events: \n- a\n  events:\n- b\n", 10).is_some(), "an indented key is not the list");
        assert!(split("x: 1\nevents:  \n- a\n", 10).is_some(), "white space after the key");
        assert!(split("xevents:\n- a\n", 10).is_none());
    }

    #[test]
    fn lines_keep_their_breaks_like_split_inclusive() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\n\n", "\n\n"] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.split_inclusive('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }
}
