//! A session's screen without a link: its role in a tour, the clock it is fed, and its search worker. Time is
//! passed in as data; the one wait (for the worker's results) polls with a deadline.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent};

use super::Screen;
use crate::app::follow::Shared;
use crate::app::{ColorDepth, Data, Role};
use crate::search::Query;
use crate::serve::hub::{Hub, Member};
use crate::serve::log::Log;
use crate::timeline::{Date, load::load_str};

const TOUR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tours/browser-tour.yaml");

/// A hub over the browser fixture, touring its tour or not.
fn hub(tour: bool) -> Arc<Hub> {
    let text = include_str!("../../../tests/fixtures/valid/browser.yaml");
    let t = load_str(text, "browser.yaml", Date::ymd(2026, 11, 23)).expect("fixture loads").timeline;
    let tour = tour.then(|| {
        let (tour, _) = crate::tour::read(std::path::Path::new(TOUR)).unwrap().resolve(&t).unwrap();
        Arc::new(tour)
    });
    Hub::new(Data::new(t), ColorDepth::None, Log::sink_for_tests(), tour)
}

/// A session joins (a presenter when it may present and nobody does) and opens its screen.
fn screen(hub: &Arc<Hub>, id: u64, may_present: bool) -> Screen {
    hub.join(id, Member { user: format!("u{id}"), addr: None, may_present, following: true });
    Screen::new(id, Arc::clone(hub), 100, 30)
}

fn keys(s: &mut Screen, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) };
        s.event(Event::Key(KeyEvent::from(code)));
    }
}

fn role(s: &Screen) -> Role {
    s.app.briefing.as_ref().expect("a briefing").role
}

fn clock(s: &Screen) -> Duration {
    s.app.briefing.as_ref().expect("a briefing").clock.now
}

fn text(s: &Screen) -> String {
    crate::ui::buffer_text(&crate::ui::render(&s.app, 100, 30))
}

#[test]
fn the_presenters_clock_ticks_and_redraws_once_a_second() {
    let h = hub(true);
    let mut p = screen(&h, 1, true);
    assert_eq!(role(&p), Role::Presenter);
    assert!(p.tick(Duration::from_millis(5_100)), "a new second on the presenter's clock");
    assert_eq!(clock(&p), Duration::from_millis(5_100));
    assert!(!p.tick(Duration::from_millis(5_900)), "the same second shown: no redraw");
    assert!(p.tick(Duration::from_secs(6)));
    assert!(text(&p).contains("Stop 00:06 / 02:00"), "{}", text(&p));
    assert!(!p.tick(Duration::from_secs(3)), "the clock never goes back");
    assert_eq!(clock(&p), Duration::from_secs(6));
}

#[test]
fn a_viewers_clock_runs_without_redraws_so_a_hand_over_carries_on() {
    let h = hub(true);
    let mut p = screen(&h, 1, true);
    let mut v = screen(&h, 2, false);
    assert_eq!(role(&v), Role::Audience);
    assert!(!v.tick(Duration::from_secs(70)), "the audience shows no clock");
    assert_eq!(clock(&v), Duration::from_secs(70));
    assert!(!text(&v).contains("Stop 01:10"));
    // The presenter hands over: the viewer presents, with the notes and the clock it kept.
    h.hand_over(1, 2).unwrap();
    v.take_role();
    p.take_role();
    assert_eq!((role(&v), role(&p)), (Role::Presenter, Role::Audience));
    assert!(v.tick(Duration::from_secs(71)));
    assert!(text(&v).contains("Tour 01:11 / 10:00"), "{}", text(&v));
}

#[test]
fn sessions_brief_the_tour_and_viewers_follow_its_stops() {
    let h = hub(true);
    let mut p = screen(&h, 1, true);
    let mut v = screen(&h, 2, false);
    assert!(text(&p).contains("Notes · Stop 1/4"), "{}", text(&p));
    assert!(text(&v).contains("stop 1/4") && !text(&v).contains("Notes"), "{}", text(&v));
    keys(&mut p, "  ");
    assert!(v.receive(h.watch_state().borrow().clone()));
    assert_eq!(v.app.briefing.as_ref().unwrap().stop, 2);
    // Someone joining now starts where the briefing is.
    let late = screen(&h, 3, false);
    assert_eq!(late.app.briefing.as_ref().unwrap().stop, 2);
    assert_eq!(late.app.selected(), p.app.selected());
    // Without a tour, no briefing and no clock.
    let mut plain = screen(&hub(false), 1, true);
    assert!(plain.app.briefing.is_none() && !plain.tick(Duration::from_secs(1)));
}

#[test]
fn a_viewers_search_runs_on_the_sessions_worker_and_completes() {
    let h = hub(false);
    let mut v = screen(&h, 2, false);
    // As above 5,000 events: every search goes to the worker.
    v.app.search.at_once_below = 0;
    keys(&mut v, "/mexico\n");
    assert!(v.searching(), "the search was handed to the worker");
    let deadline = Instant::now() + Duration::from_secs(20);
    while v.searching() {
        assert!(Instant::now() < deadline, "the search never completed");
        v.collect_search();
        std::thread::yield_now();
    }
    let expected = h.data.index.search(&Query::parse("mexico"));
    assert!(!expected.is_empty());
    assert_eq!(v.app.search.hits, expected);
    assert_eq!(v.app.list.len(), expected.len());
    assert_ne!(Shared::of(&v.app), *h.watch_state().borrow(), "a viewer's search is its own");
}
