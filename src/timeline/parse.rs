//! Text -> raw types. When the text splits cleanly (see `split`), the header is parsed alone and the events a
//! slice at a time on a few threads, so memory stays near the size of the result. Otherwise, or when a slice
//! of a file of up to [`WHOLE_PARSE_BYTES`] fails, the whole document is parsed at once, which gives every
//! message exactly the wording and position of a plain parse. A slice that fails in a larger file is reported
//! from the slice, its line and path moved to where the slice sits in the file.
//!
//! Time and memory are bounded for hostile text too: flow collections nested past a fixed depth are refused
//! before serde_yaml sees them (`yaml::from_str`, with `nesting`), and any text handed to serde_yaml that is larger than
//! [`COUNT_ABOVE_BYTES`] has its values counted first by a streaming parser, and more than [`MAX_VALUES`] in one
//! piece is refused (serde_yaml would hold about a hundred bytes per value).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::de::DeserializeOwned;

use super::raw::{RawEvent, RawTimeline};
use super::split::{Split, split};
use super::subset;
use super::yaml::{self, SyntaxError};

/// Events per slice: a slice's parser events then take a few hundred kilobytes.
const PER_CHUNK: usize = 256;

/// Files up to this size are parsed whole when a slice fails, for the exact message of a whole parse.
pub const WHOLE_PARSE_BYTES: usize = 8 << 20;

/// Pieces of text larger than this have their values counted before serde_yaml reads them.
pub const COUNT_ABOVE_BYTES: usize = 8 << 20;

/// Most values serde_yaml is given in one piece (the header, a slice of events, or a whole document).
pub const MAX_VALUES: usize = 1_000_000;

/// A parsed text and how much of it serde_yaml had to read.
#[derive(Debug)]
pub struct Parsed {
    pub raw: RawTimeline,
    /// Bytes read by serde_yaml; the rest was read by the subset reader, several times faster.
    pub by_serde_yaml: usize,
}

/// Parses `text`, calling `progress(done, total)` with the bytes parsed so far, from the calling thread.
pub fn parse(text: &str, progress: &mut dyn FnMut(usize, usize)) -> Result<Parsed, SyntaxError> {
    if let Some(result) = split(text, PER_CHUNK).and_then(|s| parse_split(text, &s, progress)) {
        return result;
    }
    Ok(Parsed { raw: bounded(text)?, by_serde_yaml: text.len() })
}

/// serde_yaml on `text`, unless it holds more values than memory should be spent on (`yaml::from_str`
/// refuses deep nesting itself).
fn bounded<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    if text.len() > COUNT_ABOVE_BYTES && yaml::count_values(text, MAX_VALUES) > MAX_VALUES {
        return Err(SyntaxError {
            line: 1,
            column: 1,
            path: String::new(),
            message: format!(
                "more than {MAX_VALUES} YAML values in one piece of {} MB; annals reads large timelines an event \
                 at a time: write `events:` on a line of its own, one `- ` item per event (see docs/FORMAT.md)",
                text.len() >> 20
            ),
        });
    }
    yaml::from_str(text)
}

/// The header and every slice parsed; `None` when the whole document should be parsed instead.
fn parse_split(
    text: &str,
    s: &Split,
    progress: &mut dyn FnMut(usize, usize),
) -> Option<Result<Parsed, SyntaxError>> {
    let total = text.len();
    let mut raw: RawTimeline = bounded(&s.header).ok()?;
    if !raw.events.is_empty() {
        return None;
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(s.header.len());
    let by_serde_yaml = AtomicUsize::new(s.header.len());
    let failed = AtomicBool::new(false);
    let first_error: Mutex<Option<(usize, SyntaxError)>> = Mutex::new(None);
    // Takes slices until none are left, calling `on_slice` after each.
    let work = |on_slice: &mut dyn FnMut(usize)| {
        let mut out = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(chunk) = s.chunks.get(i) else { break };
            // The subset reader first; serde_yaml for whatever it gives up on.
            let read = subset::from_str::<Vec<RawEvent>>(chunk, MAX_VALUES).map_or_else(
                || {
                    by_serde_yaml.fetch_add(chunk.len(), Ordering::Relaxed);
                    bounded(chunk)
                },
                Ok,
            );
            match read {
                Ok(events) => out.push((i, events)),
                Err(e) => {
                    failed.store(true, Ordering::Relaxed);
                    if let Ok(mut first) = first_error.lock()
                        && first.as_ref().is_none_or(|(j, _)| i < *j)
                    {
                        *first = Some((i, e));
                    }
                }
            }
            on_slice(done.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len());
        }
        out
    };
    // At least four slices a thread: fewer are not worth a thread.
    let threads = crate::par::threads(s.chunks.len(), 4);
    let mut parts = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(|| work(&mut |_| {}))).collect();
        let mut parts = work(&mut |d| progress(d.min(total), total));
        for helper in helpers {
            parts.extend(helper.join().ok()?);
        }
        Some(parts)
    })?;
    if let Some((i, e)) = first_error.into_inner().ok().flatten() {
        if total <= WHOLE_PARSE_BYTES {
            return None;
        }
        return Some(Err(moved(text, s.chunks[i], i * PER_CHUNK, e)));
    }
    parts.sort_unstable_by_key(|(i, _)| *i);
    raw.events.reserve_exact(parts.iter().map(|(_, e)| e.len()).sum());
    raw.events.extend(parts.into_iter().flat_map(|(_, e)| e));
    progress(total, total);
    Some(Ok(Parsed { raw, by_serde_yaml: by_serde_yaml.into_inner() }))
}

/// A slice's error with the line and path it has in the whole file.
fn moved(text: &str, chunk: &str, first_event: usize, mut e: SyntaxError) -> SyntaxError {
    // `chunk` is a slice of `text`, so the difference of their addresses is its offset.
    let offset = chunk.as_ptr() as usize - text.as_ptr() as usize;
    e.line += text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count();
    if let Some(rest) = e.path.strip_prefix('[')
        && let Some((index, tail)) = rest.split_once(']')
        && let Ok(k) = index.parse::<usize>()
    {
        e.path = format!("events[{}]{tail}", first_event + k);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "title: t\ndescription: d\nversion: '1'\nas_of: '2026-01-01'\nspan: {start: 1836, end: present}\n\
                        theories: []\nsources: []\neras: []\n";

    fn event(i: usize) -> String {
        format!(
            "  - id: e-{i}\n    date: '1900'\n    title: T {i}\n    summary: >-\n      S {i}\n    countries: [US]\n"
        )
    }

    #[test]
    fn slices_give_the_events_in_order_with_progress_to_the_end() {
        let events: String = (0..1000).map(event).collect();
        let text = format!("{HEAD}events:\n{events}tags: []\n");
        let mut seen = Vec::new();
        let parsed = parse(&text, &mut |d, t| seen.push((d, t))).unwrap();
        assert!(parsed.by_serde_yaml < text.len() / 10, "the subset reader read the events");
        let raw = parsed.raw;
        let ids: Vec<String> = raw.events.iter().map(|e| e.id.clone()).collect();
        let want: Vec<String> = (0..1000).map(|i| format!("e-{i}")).collect();
        assert_eq!(ids, want);
        assert_eq!(seen.last(), Some(&(text.len(), text.len())));
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    }

    #[test]
    fn slices_the_subset_reader_gives_up_on_are_counted_as_read_by_serde_yaml() {
        // A comment in each event puts every slice outside the subset.
        let events: String = (0..1000).map(|i| format!("{}    # note\n", event(i))).collect();
        let text = format!("{HEAD}events:\n{events}tags: []\n");
        let parsed = parse(&text, &mut |_, _| {}).unwrap();
        assert_eq!(parsed.raw.events.len(), 1000);
        assert!(parsed.by_serde_yaml > text.len() * 9 / 10, "{} of {}", parsed.by_serde_yaml, text.len());
    }

    #[test]
    fn a_failing_slice_gives_the_whole_parse_error_with_its_real_position() {
        let mut events: String = (0..600).map(event).collect();
        events.push_str("  - id: e-bad\n    date: '1900'\n    title: [not, text]\n");
        let text = format!("{HEAD}events:\n{events}tags: []\n");
        let e = parse(&text, &mut |_, _| {}).unwrap_err();
        assert_eq!(e.path, "events[600].title");
        assert_eq!(e.line, text.lines().position(|l| l.contains("[not, text]")).unwrap() + 1);
    }

    #[test]
    fn errors_from_a_slice_carry_the_file_line_and_event_index() {
        let text = "a: 1\nevents:\n  - x\n  - y\n";
        let e = SyntaxError { line: 2, column: 5, path: "[1].title".into(), message: "bad".into() };
        let e = moved(text, &text[13..], 512, e);
        assert_eq!((e.line, e.column, e.path.as_str()), (4, 5, "events[513].title"));
    }

    #[test]
    fn too_many_values_in_one_piece_are_refused_before_serde_reads_them() {
        let text = format!("title: [{}]\n", "a,".repeat(COUNT_ABOVE_BYTES / 2));
        let e = bounded::<RawTimeline>(&text).unwrap_err();
        assert!(e.message.starts_with(&format!("more than {MAX_VALUES} YAML values")), "{}", e.message);
    }
}
