//! How the browser looks on terminals that cannot do everything: colour tiers from TERM/COLORTERM/NO_COLOR
//! (what an SSH client sends), `--ascii` (every cell ASCII, at 80x24 and 120x40, with snapshots) and the
//! high-contrast theme (black and white only, at every colour depth).

use annals::app::{App, ColorDepth, Data, ViewStyle};
use annals::cli::ColorChoice;
use annals::input::press;
use annals::timeline::{Origin, load::load};
use annals::ui::theme::depth;
use annals::ui::{buffer_text, render};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

mod support;
use support::fixture;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Scenes that between them draw every pane, overlay and mark: (name, keys).
const SCENES: &[(&str, &str)] = &[
    ("start", ""),
    ("search", "/meri"),
    ("picker", "fjj<Space>"),
    ("sources", ":merida-2007<Enter><Tab><Tab>j"),
    ("source_entry", ":merida-2007<Enter><Tab><Tab><Enter>"),
    ("bibliography", "b"),
    ("lens", ":war-1846<Enter>2"),
    ("compare", ":merida-2007<Enter>c"),
    ("event", ":war-1846<Enter><Enter>"),
    ("disputed", ":war-1846<Enter><Tab>"),
    ("unconfirmed", ":alliance-rumour-1900<Enter>"),
    ("help", "?"),
    ("help_end", "?G"),
    ("jump_prompt", ":18"),
];

fn embedded_app(w: u16, h: u16) -> App {
    let loaded = load(&Origin::Embedded).expect("the embedded timeline loads");
    fixture::sized(App::new(Data::new(loaded.timeline)), w, h)
}

fn scene(mut app: App, style: ViewStyle, colors: ColorDepth, keys: &str) -> Buffer {
    app.style = style;
    app.colors = colors;
    press(&mut app, keys);
    let (w, h) = app.viewport;
    render(&app, w, h)
}

const ASCII: ViewStyle = ViewStyle { ascii: true, high_contrast: false };
const HIGH_CONTRAST: ViewStyle = ViewStyle { ascii: false, high_contrast: true };

#[test]
fn colour_tiers_follow_term_colorterm_and_no_color() {
    use ColorDepth as D;
    // (NO_COLOR set, COLORTERM, TERM) -> depth with --color auto.
    let table: &[(bool, Option<&str>, Option<&str>, ColorDepth)] = &[
        // What an SSH client sends by default: TERM only.
        (false, None, Some("xterm"), D::Ansi16),
        (false, None, Some("xterm-256color"), D::Ansi256),
        (false, None, Some("screen"), D::Ansi16),
        (false, None, Some("screen-256color"), D::Ansi256),
        (false, None, Some("tmux-256color"), D::Ansi256),
        (false, None, Some("linux"), D::Ansi16),
        (false, None, Some("ansi"), D::Ansi16),
        (false, None, Some("xterm-direct"), D::Full),
        (false, None, Some("dumb"), D::None),
        (false, None, Some("vt100"), D::None),
        (false, None, Some("vt220"), D::None),
        (false, None, None, D::None),
        (false, None, Some(""), D::None),
        // A local terminal that says more.
        (false, Some("truecolor"), Some("xterm-256color"), D::Full),
        (false, Some("24bit"), Some("xterm"), D::Full),
        (false, Some("truecolor"), None, D::Full),
        (false, Some("yes"), Some("xterm-256color"), D::Ansi256),
        (false, Some("truecolor"), Some("dumb"), D::None),
        // NO_COLOR wins over everything the terminal says.
        (true, Some("truecolor"), Some("xterm-256color"), D::None),
        (true, None, Some("xterm"), D::None),
    ];
    for &(no_color, colorterm, term, want) in table {
        assert_eq!(
            depth(ColorChoice::Auto, no_color, colorterm, term),
            want,
            "{no_color} {colorterm:?} {term:?}"
        );
    }
    // --color names a depth outright, or forces colour at what the terminal can do (at least 16).
    for (no_color, colorterm, term) in [(true, None, Some("dumb")), (false, Some("truecolor"), Some("xterm"))]
    {
        assert_eq!(depth(ColorChoice::Never, no_color, colorterm, term), D::None);
        assert_eq!(depth(ColorChoice::Ansi16, no_color, colorterm, term), D::Ansi16);
        assert_eq!(depth(ColorChoice::Ansi256, no_color, colorterm, term), D::Ansi256);
        assert_eq!(depth(ColorChoice::Truecolor, no_color, colorterm, term), D::Full);
    }
    assert_eq!(depth(ColorChoice::Always, true, None, Some("dumb")), D::Ansi16);
    assert_eq!(depth(ColorChoice::Always, true, None, Some("xterm-256color")), D::Ansi256);
    assert_eq!(depth(ColorChoice::Always, false, Some("truecolor"), Some("xterm")), D::Full);
}

#[test]
fn the_256_colour_tier_uses_indexed_colours_only() {
    let mut seen_indexed = false;
    for (w, h) in SIZES {
        for (name, keys) in SCENES {
            let buf = scene(fixture::app(w, h), ViewStyle::default(), ColorDepth::Ansi256, keys);
            for c in buf.content() {
                assert!(
                    !matches!(c.fg, Color::Rgb(..)) && !matches!(c.bg, Color::Rgb(..)),
                    "{name} at {w}x{h}: RGB colour in {c:?}"
                );
                seen_indexed |= matches!(c.fg, Color::Indexed(_)) || matches!(c.bg, Color::Indexed(_));
            }
        }
    }
    assert!(seen_indexed, "the 256 tier draws with palette colours");
}

/// Every cell's symbol, with its position, that is not ASCII.
fn non_ascii(buf: &Buffer) -> Vec<(u16, u16, String)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            if !s.is_ascii() {
                out.push((x, y, s.to_string()));
            }
        }
    }
    out
}

#[test]
fn ascii_draws_every_cell_in_ascii() {
    for (w, h) in SIZES {
        for (name, keys) in SCENES {
            // The control: without --ascii the same scene does draw line drawing and marks.
            if *name == "start" {
                let plain = scene(fixture::app(w, h), ViewStyle::default(), ColorDepth::Full, keys);
                assert!(!non_ascii(&plain).is_empty());
            }
            for app in [fixture::app(w, h), embedded_app(w, h)] {
                for colors in [ColorDepth::None, ColorDepth::Full] {
                    let buf = scene(app.clone(), ASCII, colors, keys);
                    let bad = non_ascii(&buf);
                    assert!(bad.is_empty(), "{name} at {w}x{h}: {bad:?}\n{}", buffer_text(&buf));
                }
            }
        }
    }
    // Too small for the layout: the notice is folded too.
    let buf = scene(fixture::app(30, 10), ASCII, ColorDepth::None, "");
    assert!(non_ascii(&buf).is_empty(), "{}", buffer_text(&buf));
}

#[test]
fn ascii_snapshots() {
    for (w, h) in SIZES {
        for (name, keys) in [("start", ""), ("sources", SCENES[3].1), ("help", "?")] {
            let buf = scene(fixture::app(w, h), ASCII, ColorDepth::None, keys);
            insta::assert_snapshot!(format!("ascii_{w}x{h}_{name}"), buffer_text(&buf));
        }
    }
}

#[test]
fn ascii_keeps_the_marks_apart() {
    let text = buffer_text(&scene(fixture::app(120, 40), ASCII, ColorDepth::None, ":war-1846<Enter>2"));
    assert!(text.contains(">"), "selection mark:\n{text}");
    assert!(text.contains("~ DISPUTED"), "disputed mark:\n{text}");
    assert!(
        text.contains("+ Events 2/20 ====="),
        "the focused pane's border differs from the others:\n{text}"
    );
    assert!(text.contains("+ Sources 2 -----"), "{text}");
    assert!(text.contains("^1846"), "the ruler's cursor:\n{text}");
}

#[test]
fn high_contrast_is_black_and_white_at_every_depth() {
    let allowed = |depth: ColorDepth, c: Color| match depth {
        ColorDepth::Full => matches!(c, Color::Rgb(0, 0, 0) | Color::Rgb(255, 255, 255)),
        ColorDepth::Ansi256 => matches!(c, Color::Indexed(16) | Color::Indexed(231)),
        ColorDepth::Ansi16 => matches!(c, Color::Black | Color::White),
        ColorDepth::None => c == Color::Reset,
    };
    for depth in [ColorDepth::Full, ColorDepth::Ansi256, ColorDepth::Ansi16, ColorDepth::None] {
        for (w, h) in SIZES {
            for (name, keys) in SCENES {
                let buf = scene(fixture::app(w, h), HIGH_CONTRAST, depth, keys);
                for (i, c) in buf.content().iter().enumerate() {
                    assert!(
                        allowed(depth, c.fg) && allowed(depth, c.bg),
                        "{name} at {w}x{h}, {depth:?}, cell {i}: {c:?}"
                    );
                    assert!(!c.modifier.contains(Modifier::DIM), "{name}: dim text");
                }
            }
        }
    }
}

#[test]
fn high_contrast_selection_is_bold_and_reversed() {
    for depth in [ColorDepth::Full, ColorDepth::Ansi16, ColorDepth::None] {
        let app = fixture::app(120, 40);
        let a = annals::ui::layout::areas(120, 40, app.focus);
        let buf = scene(app, HIGH_CONTRAST, depth, "j");
        let row = (a.list.y + 1..a.list.bottom()).find(|&y| buf[(a.list.x + 1, y)].symbol() == "▶").unwrap();
        let cell = &buf[(a.list.x + 5, row)];
        assert!(cell.modifier.contains(Modifier::BOLD | Modifier::REVERSED), "{depth:?}: {cell:?}");
        // The rows around it are neither.
        let other = &buf[(a.list.x + 5, row + 1)];
        assert!(!other.modifier.contains(Modifier::REVERSED), "{depth:?}: {other:?}");
    }
}
