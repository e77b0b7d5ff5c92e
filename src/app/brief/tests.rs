//! Stepping through a tour in the state machine: keys through the real keymap, time as `Tick` data.

use crate::input::press;
use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::app::tests::fixture_app;
use crate::app::{Mode, Overlay, update};

const TOUR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tours/browser-tour.yaml");

fn briefing(role: Role) -> App {
    let mut app = fixture_app();
    let file = crate::tour::read(std::path::Path::new(TOUR)).expect("the tour reads");
    let (tour, warnings) = file.resolve(app.timeline()).expect("the tour resolves");
    assert!(warnings.is_empty(), "{warnings:?}");
    start(&mut app, Arc::new(tour), role, 0);
    app
}

fn at(app: &mut App, secs: u64) {
    update(app, Action::Tick(Duration::from_secs(secs)));
}

fn id(app: &App) -> &str {
    app.selected_event().map_or("", |e| e.id.as_str())
}

fn stop(app: &App) -> usize {
    app.briefing.as_ref().expect("briefing").stop
}

fn message(app: &App) -> String {
    app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

#[test]
fn space_and_right_go_forward_left_back_and_the_ends_hold() {
    let mut app = briefing(Role::Presenter);
    assert_eq!(app.mode(), Mode::Brief);
    assert_eq!((stop(&app), id(&app)), (0, "war-1846"));
    press(&mut app, "<Left>");
    assert_eq!(stop(&app), 0);
    assert_eq!(message(&app), "First stop (1/4)");
    press(&mut app, "<Space>");
    assert_eq!((stop(&app), id(&app)), (1, "raids-1877"), "an era stop selects the era's first event");
    press(&mut app, "<Right><Space>");
    assert_eq!((stop(&app), id(&app)), (3, "bicentennial-2020"));
    press(&mut app, "<Space>");
    assert_eq!(stop(&app), 3);
    assert_eq!(message(&app), "Last stop (4/4)");
    press(&mut app, "<Left>");
    assert_eq!((stop(&app), id(&app)), (2, "merida-2007"));
}

#[test]
fn a_stop_applies_its_view_and_the_next_one_resets_it() {
    let mut app = briefing(Role::Presenter);
    assert_eq!(app.search.input, "war");
    assert_eq!(app.lens, app.timeline().theory_by_id("realism"));
    assert_eq!(app.focus, Pane::Events, "the presenter keeps the list (and the notes) on screen");
    let b = app.briefing.as_ref().unwrap();
    assert_eq!(b.panes, [Pane::Theories, Pane::Detail]);
    press(&mut app, "<Space>");
    assert_eq!(app.search.input, "");
    assert_eq!(app.lens, None);
    assert!(app.briefing.as_ref().unwrap().panes.is_empty());

    let audience = briefing(Role::Audience);
    assert_eq!(audience.focus, Pane::Theories, "the audience sees the pane the stop asks for");
}

#[test]
fn browsing_leaves_the_tour_and_backspace_returns() {
    let mut app = briefing(Role::Presenter);
    assert!(!off_tour(&app));
    press(&mut app, "j");
    assert!(off_tour(&app), "another event is off the tour");
    assert_eq!(stop(&app), 0, "browsing keeps the current stop");
    press(&mut app, "<BS>");
    assert!(!off_tour(&app));
    assert_eq!(id(&app), "war-1846");
    assert_eq!(app.search.input, "war");

    press(&mut app, "<Esc>");
    assert!(off_tour(&app), "clearing the stop's search is off the tour");
    press(&mut app, "<BS>3");
    assert!(off_tour(&app), "another lens is off the tour");
    press(&mut app, "<BS>/<C-u>mexico");
    assert_eq!(app.mode(), Mode::Search, "typing in the prompt");
    press(&mut app, "<BS>");
    assert_eq!(app.search.input, "mexic", "Backspace edits the prompt, it does not return");
    press(&mut app, "<Enter><BS>");
    assert!(!off_tour(&app));

    // The stop keys still work from off the tour: Space goes on from the current stop.
    press(&mut app, ":1985<Enter>");
    assert!(off_tour(&app));
    press(&mut app, "<Space>");
    assert_eq!((stop(&app), id(&app)), (1, "raids-1877"));
}

#[test]
fn left_and_right_keep_driving_the_comparison_columns() {
    let mut app = briefing(Role::Presenter);
    press(&mut app, "c");
    assert_eq!(app.mode(), Mode::Compare);
    press(&mut app, "<Right>");
    assert_eq!(app.overlays.last(), Some(&Overlay::Compare { first: 1, scroll: 0 }));
    assert_eq!(stop(&app), 0);
    press(&mut app, "<Esc><Right>");
    assert_eq!(stop(&app), 1);
}

#[test]
fn the_clock_accumulates_per_stop_across_visits() {
    let mut app = briefing(Role::Presenter);
    at(&mut app, 30);
    press(&mut app, "<Space>");
    at(&mut app, 50);
    press(&mut app, "<Left>");
    at(&mut app, 80);
    let b = app.briefing.as_ref().unwrap();
    assert_eq!(b.stop_elapsed(), Duration::from_secs(60), "30 s, then 30 s more on coming back");
    assert_eq!(b.clock.on_stop(1, b.stop), Duration::from_secs(20));
    assert_eq!(b.tour_elapsed(), Duration::from_secs(80));
    // Time off the tour counts to the current stop; the clock never runs backwards.
    press(&mut app, "jj");
    at(&mut app, 70);
    at(&mut app, 90);
    let b = app.briefing.as_ref().unwrap();
    assert_eq!(b.stop_elapsed(), Duration::from_secs(70));
}

#[test]
fn over_budget_is_detected_for_the_stop_and_the_tour() {
    let mut app = briefing(Role::Presenter);
    let b = app.briefing.as_ref().unwrap();
    assert_eq!(b.stop_budget(), Duration::from_secs(120));
    at(&mut app, 120);
    assert_eq!(app.briefing.as_ref().unwrap().stop_over(), None, "exactly on budget is not over");
    at(&mut app, 192);
    let b = app.briefing.as_ref().unwrap();
    assert_eq!(b.stop_over(), Some(Duration::from_secs(72)));
    assert_eq!(mm_ss(b.stop_over().unwrap()), "01:12");
    assert_eq!(b.tour_over(), None);
    // Stops without minutes share what is left: (10 - 2 - 3) / 2 = 2 minutes (integer minutes).
    press(&mut app, "<Space>");
    assert_eq!(app.briefing.as_ref().unwrap().stop_budget(), Duration::from_secs(120));
    at(&mut app, 601);
    let b = app.briefing.as_ref().unwrap();
    assert_eq!(b.tour_over(), Some(Duration::from_secs(1)));
    assert_eq!(mm_ss(Duration::from_secs(75 * 60 + 5)), "75:05");
}

#[test]
fn ticks_leave_the_status_message_alone() {
    let mut app = briefing(Role::Presenter);
    press(&mut app, "<Left>");
    at(&mut app, 1);
    assert_eq!(message(&app), "First stop (1/4)");
}

#[test]
fn a_search_that_hides_the_stop_is_cleared_with_a_note() {
    let mut app = fixture_app();
    let file = crate::tour::read(std::path::Path::new(TOUR)).unwrap();
    let (mut tour, _) = file.resolve(app.timeline()).unwrap();
    tour.stops[2].view.search = Some("texas".into());
    start(&mut app, Arc::new(tour), Role::Presenter, 2);
    assert_eq!(id(&app), "merida-2007");
    assert_eq!(app.search.input, "");
    assert!(message(&app).contains("search cleared"), "{}", message(&app));
}

#[test]
fn go_to_stop_puts_a_viewer_where_the_presenter_is() {
    let mut presenter = briefing(Role::Presenter);
    let mut viewer = briefing(Role::Audience);
    press(&mut presenter, "<Space><Space>");
    press(&mut viewer, "jjj/x<Enter>f");
    go_to_stop(&mut viewer, stop(&presenter));
    assert_eq!(stop(&viewer), 2);
    assert_eq!(id(&viewer), id(&presenter));
    assert_eq!(viewer.search.input, presenter.search.input);
    assert_eq!(viewer.mode(), Mode::Brief, "overlays and prompts closed");
    go_to_stop(&mut viewer, 99);
    assert_eq!(stop(&viewer), 2, "out of range does nothing");
}
