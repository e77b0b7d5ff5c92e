//! Whole screens of the browser, drawn into a TestBackend from the fixture timeline: insta snapshots at 80x24
//! and 120x40, a sweep of sizes that must never panic, and data text that must never reach the terminal raw.

use annals::app::{Action, App, Data, update};
use annals::input::press;
use annals::timeline::{Date, load::load_str};
use annals::ui::{buffer_text, render};

mod support;
use support::fixture::{self, TEXT as FIXTURE};

fn screen(keys: &str, w: u16, h: u16) -> String {
    let mut app = fixture::app(w, h);
    press(&mut app, keys);
    buffer_text(&render(&app, w, h))
}

/// The scenes every size is snapshotted in: (name, keys).
const SCENES: &[(&str, &str)] = &[
    ("start", ""),
    ("search", "/mexico 'war<Enter>"),
    ("search_typing", "/meri"),
    ("filter", "d"),
    ("picker", "fjj<Space>"),
    ("sources", ":merida-2007<Enter><Tab><Tab>j"),
    ("source_entry", ":merida-2007<Enter><Tab><Tab><Enter>"),
    ("bibliography", "b"),
    ("lens", ":war-1846<Enter>2"),
    ("compare", ":merida-2007<Enter>c"),
    ("event", ":war-1846<Enter><Enter>"),
    ("unconfirmed", ":alliance-rumour-1900<Enter>"),
    ("help", "?"),
    ("jump_prompt", ":18"),
];

#[test]
fn snapshots_80x24() {
    for (name, keys) in SCENES {
        insta::assert_snapshot!(format!("80x24_{name}"), screen(keys, 80, 24));
    }
}

#[test]
fn snapshots_120x40() {
    for (name, keys) in SCENES {
        insta::assert_snapshot!(format!("120x40_{name}"), screen(keys, 120, 40));
    }
}

#[test]
fn too_small() {
    let s = screen("", 30, 10);
    assert!(s.contains("too small"), "{s}");
    insta::assert_snapshot!("30x10_too_small", s);
    insta::assert_snapshot!("79x11_too_small", screen("", 79, 11));
}

#[test]
fn the_wide_layout_shows_every_pane_and_the_narrow_one_the_list_and_event() {
    let wide = screen(":war-1846<Enter>", 120, 40);
    for title in ["Events", "Event ", "Sources", "Readings", "War and the new border"] {
        assert!(wide.contains(title), "{title} missing:\n{wide}");
    }
    let narrow = screen(":war-1846<Enter>", 80, 24);
    assert!(narrow.contains("Events") && narrow.contains("The Mexican–American War begins"));
    assert!(narrow.contains("Tab Sources · Readings"), "the other panes are one key away:\n{narrow}");
    let sources = screen(":war-1846<Enter><Tab><Tab>", 80, 24);
    assert!(sources.contains("[official] Office of the Historian"), "{sources}");
}

#[test]
fn no_size_panics() {
    let scenes =
        ["", "?", "fj", ":war-1846<Enter>c", ":war-1846<Enter><Enter>", "b<Enter>", "/zzz", "<Tab><Tab>"];
    // The fixture is loaded once: the sweep is about rendering, and reloading per size made it take minutes.
    let fresh = fixture::app(80, 24);
    for keys in scenes {
        // Every size for the main screen; every third width and fourth height with an overlay open.
        let step = if keys.is_empty() { 1 } else { 3 };
        for w in (1..=130u16).step_by(step) {
            for h in (1..=45u16).step_by(step + usize::from(!keys.is_empty())) {
                let mut app = fresh.clone();
                update(&mut app, Action::Resize { width: w, height: h });
                press(&mut app, keys);
                let _ = render(&app, w, h);
            }
        }
    }
}

#[test]
fn status_line_shows_search_filters_and_lens() {
    let s = screen("/'war<Enter>d1", 120, 40);
    let status = s.lines().nth(38).unwrap();
    assert!(status.contains("/'war"), "{status}");
    assert!(status.contains("filters disputed"), "{status}");
    assert!(status.contains("lens ◆ Realism"), "{status}");
}

#[test]
fn data_text_never_reaches_the_terminal_as_control_sequences() {
    let evil = FIXTURE
        .replace(
            "title: Texas declares independence",
            "title: \"Texas \\e[31mdeclares\\a independence\\u202e\"",
        )
        .replace("Texas declares independence from Mexico;", "Texas \\x1b]0;pwned\\x07 from Mexico;");
    let evil = evil.replace(
        "summary: \"Texas \\x1b]0;pwned\\x07 from Mexico; the border question is opened.\"",
        "summary: \"Texas \\x1b]0;pwned\\x07 from Mexico\"",
    );
    let loaded = load_str(&evil, "evil.yaml", Date::ymd(2026, 11, 23));
    let Ok(loaded) = loaded else { panic!("the evil fixture must load: {:?}", loaded.err()) };
    let t = &loaded.timeline;
    assert!(t.events[0].title.contains('\u{1b}'), "the fixture really carries an escape");
    let mut app = fixture::sized(App::new(Data::new(loaded.timeline)), 120, 40);
    for keys in ["", "<Enter>", "/texas"] {
        press(&mut app, keys);
        let buf = render(&app, 120, 40);
        for cell in buf.content() {
            assert!(!cell.symbol().chars().any(|c| c.is_control() || c == '\u{202e}'), "{:?}", cell.symbol());
        }
        let text = buffer_text(&buf);
        assert!(text.contains("Texas \\u{1b}[31mdeclares"), "{text}");
    }
}

#[test]
fn without_colour_only_modifiers_and_glyphs_carry_meaning() {
    use annals::app::ColorDepth;
    use ratatui::style::{Color, Modifier};
    let mut app = fixture::app(120, 40);
    app.colors = ColorDepth::None;
    press(&mut app, ":alliance-rumour-1900<Enter>1");
    let buf = render(&app, 120, 40);
    assert!(
        buf.content().iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR: no colour at all"
    );
    let text = buffer_text(&buf);
    assert!(text.contains("! UNCONFIRMED"), "unconfirmed in words:\n{text}");
    assert!(text.contains("▶"), "the selection has a marker, not only reverse video");
    // The selected row is still told apart, by reverse video.
    let a = annals::ui::layout::areas(120, 40, app.focus);
    let row = (a.list.y + 1..a.list.bottom()).find(|&y| buf[(a.list.x + 1, y)].symbol() == "▶").unwrap();
    assert!(buf[(a.list.x + 5, row)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn sixteen_colours_use_only_the_ansi_palette() {
    use annals::app::ColorDepth;
    use ratatui::style::Color;
    let mut app = fixture::app(120, 40);
    app.colors = ColorDepth::Ansi16;
    press(&mut app, ":merida-2007<Enter>2");
    let buf = render(&app, 120, 40);
    let ansi = |c: Color| !matches!(c, Color::Rgb(..) | Color::Indexed(_));
    assert!(buf.content().iter().all(|c| ansi(c.fg) && ansi(c.bg)));
    let mut app = fixture::app(120, 40);
    app.colors = ColorDepth::Ansi16;
    press(&mut app, "?");
    let _ = render(&app, 120, 40);
}

#[test]
fn colour_depth_follows_the_flag_and_the_environment() {
    use annals::app::ColorDepth;
    use annals::cli::ColorChoice;
    use annals::ui::theme::depth;
    assert_eq!(depth(ColorChoice::Auto, true, Some("truecolor"), Some("xterm-256color")), ColorDepth::None);
    assert_eq!(depth(ColorChoice::Auto, false, Some("truecolor"), None), ColorDepth::Full);
    assert_eq!(depth(ColorChoice::Auto, false, None, Some("xterm-256color")), ColorDepth::Ansi256);
    assert_eq!(depth(ColorChoice::Auto, false, None, Some("xterm")), ColorDepth::Ansi16);
    assert_eq!(depth(ColorChoice::Auto, false, None, Some("dumb")), ColorDepth::None);
    assert_eq!(depth(ColorChoice::Never, false, Some("truecolor"), None), ColorDepth::None);
    assert_eq!(depth(ColorChoice::Ansi16, true, None, None), ColorDepth::Ansi16);
}

#[test]
fn search_highlights_the_matched_characters_of_titles() {
    use ratatui::style::Modifier;
    let mut app = fixture::app(120, 40);
    press(&mut app, "/zimmer");
    let buf = render(&app, 120, 40);
    let text = buffer_text(&buf);
    let list_w = usize::from(annals::ui::layout::areas(120, 40, app.focus).list.right());
    let rows: Vec<String> = text.lines().map(|l| l.chars().take(list_w).collect()).collect();
    let (y, line) =
        rows.iter().enumerate().find(|(_, l)| l.contains("The Zimmermann")).expect("the hit is listed");
    let start = line.find("Zimmer").map(|b| line[..b].chars().count()).unwrap() as u16;
    for dx in 0..6 {
        let cell = &buf[(start + dx, y as u16)];
        assert!(
            cell.modifier.contains(Modifier::UNDERLINED),
            "{:?} at {dx} is not highlighted: {cell:?}\n{line}",
            cell.symbol()
        );
    }
    let after = &buf[(start + 7, y as u16)];
    assert!(!after.modifier.contains(Modifier::UNDERLINED), "only the match is highlighted");
}
