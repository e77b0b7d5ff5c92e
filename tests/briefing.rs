//! The briefing view as whole screens: tours/overview.yaml on the embedded timeline, drawn into a TestBackend
//! with a clock stepped by `Tick` data; insta snapshots of the presenter and audience views at 80x24 and
//! 120x40, and the over-budget warning written in words.

use std::sync::Arc;
use std::time::Duration;

use annals::app::{Action, App, Data, Role, brief, update};
use annals::input::{KeyParser, key_events};
use annals::timeline::{Date, EMBEDDED, load::load_str};
use annals::ui::{buffer_text, render};

const OVERVIEW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tours/overview.yaml");

fn briefing(role: Role, w: u16, h: u16) -> App {
    let loaded = load_str(EMBEDDED, "timeline.yaml", Date::ymd(2026, 11, 23)).expect("the timeline loads");
    let mut app = App::new(Data::new(loaded.timeline));
    update(&mut app, Action::Resize { width: w, height: h });
    let file = annals::tour::read(std::path::Path::new(OVERVIEW)).expect("the tour reads");
    let (tour, _) = file.resolve(app.timeline()).expect("the tour resolves");
    brief::start(&mut app, Arc::new(tour), role, 0);
    app
}

/// Plays a script: `@N` sets the clock to N seconds, anything else is keys.
fn play(app: &mut App, script: &[&str]) {
    let mut parser = KeyParser::default();
    for step in script {
        if let Some(secs) = step.strip_prefix('@') {
            update(app, Action::Tick(Duration::from_secs(secs.parse().unwrap())));
            continue;
        }
        for k in key_events(step) {
            if let Some(a) = parser.feed(app.mode(), &k) {
                update(app, a);
            }
        }
    }
}

fn screen(role: Role, script: &[&str], w: u16, h: u16) -> String {
    let mut app = briefing(role, w, h);
    play(&mut app, script);
    buffer_text(&render(&app, w, h))
}

/// 40 s on the first stop (an era), then 160 s on the second (budget 2 min): 00:40 over.
const OVER: &[&str] = &["@40", "<Space>", "@200"];

/// (name, role, script) for every size.
const SCENES: &[(&str, Role, &[&str])] = &[
    ("presenter_era", Role::Presenter, &["@25"]),
    ("presenter_over", Role::Presenter, OVER),
    ("presenter_off_tour", Role::Presenter, &["<Space><Space>", "@75", "jj"]),
    ("audience_era", Role::Audience, &["@25"]),
    ("audience_event", Role::Audience, OVER),
];

#[test]
fn snapshots_80x24() {
    for (name, role, script) in SCENES {
        insta::assert_snapshot!(format!("brief_80x24_{name}"), screen(*role, script, 80, 24));
    }
}

#[test]
fn snapshots_120x40() {
    for (name, role, script) in SCENES {
        insta::assert_snapshot!(format!("brief_120x40_{name}"), screen(*role, script, 120, 40));
    }
}

#[test]
fn the_presenter_sees_notes_next_stop_and_clock() {
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(Role::Presenter, &["@25"], w, h);
        assert!(s.contains("stop 1/16"), "the title bar counts stops:\n{s}");
        assert!(s.contains("Neighbours, not allies"), "the tour's title:\n{s}");
        assert!(s.contains("Stop 00:25 / 01:00"), "{s}");
        assert!(s.contains("Tour 00:25 / 20:00"), "{s}");
        assert!(s.contains("• Start with the map"), "talking points:\n{s}");
        assert!(s.contains("Next: United States declares war"), "{s}");
        assert!(s.contains("Era: Texas and the war of 1846–48"), "an era stop shows the era:\n{s}");
        assert!(!s.contains(" over"), "{s}");
    }
}

#[test]
fn over_budget_is_said_in_words() {
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(Role::Presenter, OVER, w, h);
        assert!(s.contains("Stop 02:40 / 02:00  +00:40 over"), "{s}");
        assert!(!s.contains("Tour 03:20 / 20:00  +"), "{s}");
        assert!(s.contains("Tour 03:20 / 20:00"), "the tour is within budget:\n{s}");
        let s = screen(Role::Presenter, &["@1290"], w, h);
        assert!(s.contains("Tour 21:30 / 20:00  +01:30 over"), "{s}");
    }
}

#[test]
fn the_audience_sees_neither_notes_nor_clock() {
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(Role::Audience, OVER, w, h);
        assert!(s.contains("stop 2/16"), "{s}");
        assert!(!s.contains("founding trauma"), "no talking points:\n{s}");
        assert!(!s.contains("02:40") && !s.contains("+00:40"), "no clock:\n{s}");
        assert!(!s.contains("Next:"), "{s}");
    }
    let s = screen(Role::Audience, &[], 80, 24);
    assert!(s.contains("Era: Texas and the war of 1846–48") && s.contains("1836 – 1848"), "{s}");
}

#[test]
fn off_the_tour_the_status_line_names_the_way_back() {
    let s = screen(Role::Presenter, &["<Space><Space>", "jj"], 80, 24);
    assert!(s.lines().nth(22).unwrap().contains("OFF TOUR: Backspace returns to stop 3"), "{s}");
    let s = screen(Role::Presenter, &["<Space><Space>", "jj<BS>"], 80, 24);
    assert!(!s.contains("OFF TOUR"), "{s}");
}

#[test]
fn no_size_panics_while_briefing() {
    for role in [Role::Presenter, Role::Audience] {
        let base = briefing(role, 80, 24);
        for w in (1..=130u16).step_by(3) {
            for h in (1..=45u16).step_by(2) {
                let mut app = base.clone();
                play(&mut app, &[&format!("@{}", w * 10), "<Space>"]);
                update(&mut app, Action::Resize { width: w, height: h });
                let _ = render(&app, w, h);
            }
        }
    }
}
