//! Text from the data is inert everywhere it is shown: `tests/fixtures/valid/inert.yaml` carries, in every field a
//! person reads (titles, summaries, sources, citations, readings, disputes, theories, eras, tags), CSI and C1
//! CSI sequences, OSC 52 (clipboard) and OSC 8 (hyperlink), BEL, BS and DEL, bidi overrides and isolates
//! (U+202E, U+2066..U+2069), zero-width characters (U+200B, U+FEFF) and wide characters (CJK, emoji); the tour
//! `tests/fixtures/tours/inert-tour.yaml` carries them in its title, audience and notes. The file loads, and
//! none of those code points reaches the terminal: not from the browser's buffer, and not from any output of
//! list, show, search, sources, check or brief, in every format, piped, with and without colour.

use annals::app::{Action, App, Data, update};
use annals::input::{KeyParser, key_events};
use annals::timeline::{Date, load::load_str};
use annals::ui::render;
use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;

const FILE: &str = "tests/fixtures/valid/inert.yaml";

/// A code point that must never be written raw: C0 controls but newline, DEL, C1 controls, bidi controls,
/// zero-width and invisible format characters.
fn dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

fn annals() -> Command {
    let mut c = Command::cargo_bin("annals").unwrap();
    c.env_remove("ANNALS_FILE").env("ANNALS_CACHE", "off");
    c
}

/// The raw code points in `text` (ESC is allowed with colour, for our own styling, but never the data's).
fn raw_in(text: &str, colour: bool) -> Vec<char> {
    let mut bad: Vec<char> = text.chars().filter(|&c| dangerous(c) && !(colour && c == '\u{1b}')).collect();
    for data_seq in ["\u{1b}[31mred", "\u{1b}]52;", "\u{1b}]8;"] {
        if text.contains(data_seq) {
            bad.push('\u{1b}');
        }
    }
    bad
}

#[test]
fn the_hostile_fixture_loads_and_keeps_its_text_as_data() {
    let loaded = load_str(&std::fs::read_to_string(FILE).unwrap(), FILE, Date::ymd(2026, 11, 23)).unwrap();
    let ev = loaded.timeline.events.iter().find(|e| e.id == "rumour-1900").unwrap();
    for c in ['\u{1b}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{200b}', '\u{feff}', '\u{7f}', '漢', '🎉'] {
        assert!(ev.title.contains(c), "{c:?} kept in the title: {:?}", ev.title);
    }
}

#[test]
fn every_command_output_is_inert_in_every_format() {
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for f in ["text", "json", "markdown", "csv"] {
        runs.push(vec!["list", "--format", f]);
    }
    for f in ["text", "json", "markdown"] {
        runs.push(vec!["show", "rumour-1900", "--format", f]);
        runs.push(vec!["show", "war-1846", "--format", f]);
        runs.push(vec!["search", "rumoured", "--format", f]);
        runs.push(vec!["sources", "--format", f]);
        runs.push(vec!["check", FILE, "--format", f]);
    }
    for args in runs {
        for colour in ["never", "always"] {
            let out = annals().args(["-f", FILE, "--color", colour]).args(&args).output().unwrap();
            assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
            for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                let text = String::from_utf8(bytes.clone()).unwrap();
                let raw = raw_in(&text, colour == "always");
                assert!(raw.is_empty(), "{args:?} {colour} {stream}: {raw:?} in {text}");
            }
            let text = String::from_utf8(out.stdout).unwrap();
            if args[0] == "show" && args[1] == "rumour-1900" || args[0] == "list" || args[0] == "search" {
                assert!(text.contains("漢字🎉"), "{args:?}: wide characters are shown: {text}");
                assert!(text.contains("u{1b}") || text.contains("u001b"), "{args:?}: escapes shown: {text}");
            }
        }
    }
}

#[test]
fn problems_quoting_hostile_text_are_inert() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    let text = std::fs::read_to_string(FILE).unwrap().replacen(
        "tags: [treaty]",
        "tags: [\"tr\\e]52;c;eA==\\a\\u202e\\x9b\\u200beaty\", \"漢字🎉\"]",
        1,
    );
    std::fs::write(&path, text).unwrap();
    for f in ["text", "json", "markdown"] {
        let out = annals().args(["check"]).arg(&path).args(["--format", f]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{f}");
        let all = String::from_utf8([out.stdout, out.stderr].concat()).unwrap();
        assert!(all.contains("tr"), "{f}: the problem is reported: {all}");
        let raw = raw_in(&all, false);
        assert!(raw.is_empty(), "{f}: {raw:?} in {all}");
    }
}

#[test]
fn the_tour_handout_is_inert() {
    let out = annals().args(["brief", "tests/fixtures/tours/inert-tour.yaml", "--handout"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("A hostile tour") && text.contains("漢字🎉"), "{text}");
    let raw = raw_in(&text, false);
    assert!(raw.is_empty(), "{raw:?} in {text}");
    assert!(!text.contains("Say "), "presenter notes stay out of the handout: {text}");
}

#[test]
fn the_browser_buffer_never_holds_a_control_or_breaks_the_layout() {
    let loaded = load_str(&std::fs::read_to_string(FILE).unwrap(), FILE, Date::ymd(2026, 11, 23)).unwrap();
    let data = Data::new(loaded.timeline);
    let scenes = [
        "",
        ":rumour-1900<Enter>",
        ":rumour-1900<Enter><Enter>",
        ":rumour-1900<Enter><Tab><Tab>",
        ":rumour-1900<Enter><Tab><Tab><Enter>",
        ":war-1846<Enter><Enter>",
        ":war-1846<Enter>c",
        "/rumoured",
        "b",
        "f",
        "1",
        "?",
    ];
    for (w, h) in [(80, 24), (120, 40), (40, 12)] {
        for keys in scenes {
            let mut app = App::new(data.clone());
            update(&mut app, Action::Resize { width: w, height: h });
            let mut parser = KeyParser::default();
            for k in key_events(keys) {
                if let Some(a) = parser.feed(app.mode(), &k) {
                    update(&mut app, a);
                }
            }
            let buf = render(&app, w, h);
            for cell in buf.content() {
                let raw: Vec<char> = cell.symbol().chars().filter(|&c| dangerous(c)).collect();
                assert!(raw.is_empty(), "{keys:?} at {w}x{h}: {raw:?}");
            }
            for y in 0..h {
                // A wide character covers its cell and the next one: walking the row by display width must
                // land exactly on the right edge, never past it.
                let mut x = 0;
                while x < w {
                    x += (buf[(x, y)].symbol().width() as u16).max(1);
                }
                let row: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
                assert_eq!(x, w, "{keys:?} at {w}x{h}, row {y}: {row:?}");
            }
        }
    }
}
