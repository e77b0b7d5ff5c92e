//! Following a presenter: a presenter app and viewer apps over the same data, keys through the real keymap,
//! the server's part played by `receive` after each presenter key.

use super::*;
use crate::app::tests::{fixture_app, press};
use std::sync::Arc;

use crate::app::{Mode, update};
use crate::ui::layout;

/// A viewer of the presenter at its own size.
fn viewer_of(presenter: &App, w: u16, h: u16) -> App {
    let mut v = App::new(Arc::clone(&presenter.data));
    update(&mut v, Action::Resize { width: w, height: h });
    view(&mut v, Shared::of(presenter));
    v
}

/// The presenter presses keys; the server sends the new state to the viewers.
fn present_keys(presenter: &mut App, viewers: &mut [&mut App], keys: &str) {
    press(presenter, keys);
    for v in viewers {
        receive(v, Shared::of(presenter));
    }
}

fn following(app: &App) -> bool {
    app.viewer.as_ref().is_some_and(|v| v.follow == Follow::Following)
}

/// The list row of the cursor is on screen.
fn cursor_visible(app: &App) {
    let a = layout::areas(app.viewport.0, app.viewport.1, app.focus);
    let rows = layout::list_rows(&a);
    assert!(
        app.offset <= app.cursor && app.cursor < app.offset + rows,
        "cursor {} offset {}",
        app.cursor,
        app.offset
    );
}

#[test]
fn a_viewer_follows_position_search_filters_lens_and_pane() {
    let mut p = fixture_app();
    let mut v = viewer_of(&p, 80, 24);
    assert!(following(&v));
    for keys in [":war-1846<Enter>", "jj", "/mexico<Enter>", "2", "d", "<Tab>", "s", "<Esc>", "G"] {
        present_keys(&mut p, &mut [&mut v], keys);
        assert_eq!(v.selected(), p.selected(), "after {keys}");
        assert_eq!(v.list, p.list, "after {keys}");
        assert_eq!((v.lens, v.focus), (p.lens, p.focus), "after {keys}");
        assert_eq!(v.filters, p.filters, "after {keys}");
        assert_eq!(v.search.input, p.search.input, "after {keys}");
        assert_eq!(v.viewport, (80, 24), "the viewer keeps its size");
        assert!(following(&v), "after {keys}");
    }
}

#[test]
fn content_overlays_are_followed_and_the_presenters_tools_are_not() {
    let mut p = fixture_app();
    let mut v = viewer_of(&p, 80, 24);
    present_keys(&mut p, &mut [&mut v], ":merida-2007<Enter><Enter>");
    assert!(matches!(v.overlays.as_slice(), [Overlay::Event { .. }]), "{:?}", v.overlays);
    present_keys(&mut p, &mut [&mut v], "<Esc>c");
    assert!(matches!(v.overlays.as_slice(), [Overlay::Compare { .. }]), "{:?}", v.overlays);
    present_keys(&mut p, &mut [&mut v], "<Esc>?");
    assert_eq!(p.mode(), Mode::Help);
    assert!(v.overlays.is_empty(), "the presenter's help is not shown to viewers");
    present_keys(&mut p, &mut [&mut v], "<Esc>f");
    assert!(v.overlays.is_empty(), "nor the filter picker");
    present_keys(&mut p, &mut [&mut v], "<Space>");
    assert_eq!(v.filters, p.filters, "but its choices are");
    assert!(!v.filters.is_empty());
}

#[test]
fn a_viewers_own_navigation_detaches_it_and_f_follows_again() {
    let mut p = fixture_app();
    let mut v = viewer_of(&p, 80, 24);
    press(&mut v, "j");
    assert!(!following(&v));
    assert_ne!(v.selected(), p.selected());
    let mine = v.selected();
    present_keys(&mut p, &mut [&mut v], "Gk/war");
    assert_eq!(v.selected(), mine, "a detached viewer stays where it went");
    assert!(v.search.input.is_empty());
    let effects = press(&mut v, "F");
    assert!(effects.is_empty());
    assert!(following(&v));
    assert_eq!(v.selected(), p.selected());
    assert_eq!(v.search.input, "war");
    assert_eq!(v.message.as_ref().map(|m| m.text.as_str()), Some("Following the presenter"));
    cursor_visible(&v);
}

#[test]
fn every_kind_of_own_move_detaches() {
    for keys in ["j", "G", "<Tab>", "/x", "d", "2", ":1917<Enter>", "<Enter>", "c", "b", "]"] {
        let mut p = fixture_app();
        press(&mut p, ":war-1846<Enter>");
        let mut v = viewer_of(&p, 120, 40);
        press(&mut v, keys);
        assert!(!following(&v), "{keys} should detach");
    }
}

#[test]
fn looking_without_moving_does_not_detach() {
    let mut p = fixture_app();
    let mut v = viewer_of(&p, 80, 24);
    // k at the top, mouse capture, copy, the help and the : prompt (until it jumps) change nothing followed.
    let effects = press(&mut v, "kmy?");
    assert!(following(&v), "{:?}", v.viewer);
    assert!(effects.iter().any(|e| matches!(e, Effect::Copy(_))));
    assert_eq!(v.mode(), Mode::Help);
    present_keys(&mut p, &mut [&mut v], "jj");
    assert_eq!(v.selected(), p.selected(), "following under the help");
    assert_eq!(v.mode(), Mode::Help, "the viewer's own help stays open");
    press(&mut v, "F");
    assert_eq!(v.mode(), Mode::Normal, "F closes the viewer's own help");
    update(&mut v, Action::Resize { width: 100, height: 30 });
    assert!(following(&v), "a new size does not detach");
}

#[test]
fn at_a_smaller_size_the_cursor_stays_visible_and_scroll_is_clamped() {
    let mut p = fixture_app();
    let mut small = viewer_of(&p, 80, 24);
    let mut tiny = viewer_of(&p, 80, 12);
    present_keys(&mut p, &mut [&mut small, &mut tiny], "G");
    for v in [&small, &tiny] {
        assert_eq!(v.selected(), p.selected());
        cursor_visible(v);
    }
    assert!(tiny.offset > small.offset, "the smaller list scrolls further");

    // The presenter scrolls a long event as far as a small screen allows; a big viewer clamps it.
    let mut p = fixture_app();
    update(&mut p, Action::Resize { width: 80, height: 24 });
    press(&mut p, ":merida-2007<Enter><Tab>G");
    assert_eq!(p.focus, Pane::Detail);
    let deep = p.scroll.detail;
    let mut big = viewer_of(&p, 160, 50);
    let max = ui::max_scroll(&big, Pane::Detail);
    assert!(deep > max, "the fixture should scroll further at 80x24 ({deep}) than at 160x50 ({max})");
    assert_eq!(big.scroll.detail, max);
    // Resizing while following applies the presenter's scroll again at the new size.
    update(&mut big, Action::Resize { width: 80, height: 24 });
    assert_eq!(big.scroll.detail, deep);
    assert!(following(&big));
}

#[test]
fn nothing_a_viewer_does_changes_the_presenter() {
    let mut p = fixture_app();
    press(&mut p, ":treaty-1848<Enter>");
    let before = Shared::of(&p);
    let mut v = viewer_of(&p, 80, 24);
    let keys = "jjG<Tab>/war<Enter>d2sfj<Space><Esc>cl<Esc>b<Enter><Esc><Esc>:1917<Enter>yA<Enter>F<Esc>q";
    let effects = press(&mut v, keys);
    assert_eq!(Shared::of(&p), before);
    assert!(
        effects.iter().all(|e| !matches!(e, Effect::HandOver(_))),
        "a viewer has no audience to hand over to: {effects:?}"
    );
    assert!(v.overlays.iter().all(|o| !matches!(o, Overlay::Audience { .. })));
}

fn audience(n: u64) -> Audience {
    let viewers = (1..=n)
        .map(|i| AudienceMember { id: ViewerId(i), name: format!("viewer{i}@127.0.0.1"), following: i != 2 })
        .collect();
    Audience { viewers }
}

#[test]
fn the_presenter_hands_the_role_to_a_chosen_viewer() {
    let mut p = fixture_app();
    present(&mut p, audience(3));
    assert_eq!(p.audience.as_ref().map(Audience::summary).as_deref(), Some("3 connected, 2 following"));
    let effects = press(&mut p, "Aj<Enter>");
    assert_eq!(effects, vec![Effect::HandOver(ViewerId(2))]);
    assert!(p.overlays.is_empty());
    assert!(p.message.as_ref().is_some_and(|m| m.text.contains("viewer2@127.0.0.1")));
    // Past the end of the list, Enter hands over to the last one.
    let effects = press(&mut p, "AGjj<Enter>");
    assert_eq!(effects, vec![Effect::HandOver(ViewerId(3))]);
    // No one connected: the list opens, Enter does nothing.
    present(&mut p, Audience::default());
    assert!(press(&mut p, "A<Enter>").is_empty());
    assert_eq!(p.mode(), Mode::Audience);
}

#[test]
fn roles_swap_after_a_hand_over() {
    let mut p = fixture_app();
    present(&mut p, audience(1));
    press(&mut p, ":war-1846<Enter>");
    let mut v = viewer_of(&p, 80, 24);
    press(&mut v, "jj");
    // The server carries out HandOver: the viewer presents, the presenter follows it.
    present(&mut v, audience(1));
    view(&mut p, Shared::of(&v));
    assert!(v.viewer.is_none() && v.audience.is_some());
    assert!(following(&p) && p.audience.is_none());
    assert_eq!(p.selected(), v.selected());
    present_keys(&mut v, &mut [&mut p], "j");
    assert_eq!(p.selected(), v.selected());
}

#[test]
fn without_serve_f_and_a_only_explain_themselves() {
    let mut app = fixture_app();
    let before = Shared::of(&app);
    assert!(press(&mut app, "F").is_empty());
    assert!(app.message.as_ref().is_some_and(|m| m.text.starts_with("Nothing to follow")));
    assert!(press(&mut app, "A").is_empty());
    assert!(app.message.as_ref().is_some_and(|m| m.text.starts_with("No audience")));
    assert_eq!(Shared::of(&app), before);
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn a_viewer_takes_the_presenters_hits_instead_of_searching_again() {
    let mut p = fixture_app();
    let mut v = viewer_of(&p, 80, 24);
    press(&mut p, "/mexico<Enter>");
    assert!(p.list.len() > 2);
    let mut s = Shared::of(&p);
    s.hits = s.hits[..2].into();
    receive(&mut v, s);
    assert_eq!(v.search.input, "mexico");
    assert_eq!(v.search.hits.len(), 2, "the hits sent, not a search of the viewer's own");
    assert_eq!(v.list.len(), 2);
    assert!(v.search.is_active());
}

const TOUR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tours/browser-tour.yaml");

/// The fixture app briefing the browser fixture's tour (stop 1 asks for the theories and detail panes).
fn toured(role: crate::app::Role) -> App {
    let mut app = fixture_app();
    let (tour, _) = crate::tour::read(std::path::Path::new(TOUR)).unwrap().resolve(app.timeline()).unwrap();
    crate::app::brief::start(&mut app, Arc::new(tour), role, 0);
    app
}

/// A viewer of a touring presenter: the same tour, as the server gives it to every session.
fn tour_viewer_of(presenter: &App) -> App {
    let mut v = toured(crate::app::Role::Presenter);
    update(&mut v, Action::Resize { width: 80, height: 24 });
    view(&mut v, Shared::of(presenter));
    v
}

fn stop_of(app: &App) -> usize {
    app.briefing.as_ref().expect("a briefing").stop
}

fn role_of(app: &App) -> crate::app::Role {
    app.briefing.as_ref().expect("a briefing").role
}

#[test]
fn the_tour_stop_is_shared_and_a_viewer_sees_the_audience_view() {
    use crate::app::Role;
    let mut p = toured(Role::Presenter);
    present(&mut p, Audience::default());
    assert_eq!(Shared::of(&p).stop, Some(0));
    assert_eq!(Shared::of(&fixture_app()).stop, None, "no tour, no stop");
    let mut v = tour_viewer_of(&p);
    assert_eq!(role_of(&v), Role::Audience, "a viewer gets the stop card, not the notes");
    assert_eq!(role_of(&p), Role::Presenter);
    assert_eq!(p.focus, Pane::Events, "the presenter keeps the list (and notes) in view");
    assert_eq!(v.focus, Pane::Theories, "the audience sees the stop's first pane");
    for keys in ["<Space>", "<Space>", "<Left>", "<Right><Right>"] {
        present_keys(&mut p, &mut [&mut v], keys);
        assert_eq!(stop_of(&v), stop_of(&p), "after {keys}");
        assert_eq!(v.selected(), p.selected(), "after {keys}");
        assert_eq!(v.search.input, p.search.input, "after {keys}");
        assert!(following(&v), "after {keys}");
    }
    assert_eq!(stop_of(&v), 3);
    // A pane the presenter focuses on purpose is followed.
    present_keys(&mut p, &mut [&mut v], "<Tab>");
    assert_eq!(v.focus, Pane::Detail);
}

#[test]
fn a_detached_viewer_keeps_its_own_stop_until_f() {
    let mut p = toured(crate::app::Role::Presenter);
    present(&mut p, Audience::default());
    let mut v = tour_viewer_of(&p);
    press(&mut v, "<Space>");
    assert_eq!(stop_of(&v), 1);
    assert!(!following(&v), "moving to another stop of one's own detaches");
    assert_eq!(stop_of(&p), 0, "a viewer's Space does not move the presenter");
    present_keys(&mut p, &mut [&mut v], "<Space><Space>");
    assert_eq!((stop_of(&p), stop_of(&v)), (2, 1), "detached: the viewer keeps its own stop");
    press(&mut v, "F");
    assert!(following(&v));
    assert_eq!(stop_of(&v), 2, "F goes to the presenter's stop");
    assert_eq!(v.selected(), p.selected());
}

#[test]
fn a_hand_over_swaps_the_notes_and_the_stop_card() {
    use crate::app::Role;
    let mut p = toured(Role::Presenter);
    present(&mut p, audience(1));
    let mut v = tour_viewer_of(&p);
    present(&mut v, audience(1));
    view(&mut p, Shared::of(&v));
    assert_eq!((role_of(&v), role_of(&p)), (Role::Presenter, Role::Audience));
    assert_eq!((v.focus, p.focus), (Pane::Events, Pane::Theories), "the notes' focus, and the stop's");
    present_keys(&mut v, &mut [&mut p], "<Space>");
    assert_eq!((stop_of(&v), stop_of(&p)), (1, 1), "the old presenter follows the new one's stops");
}

#[test]
fn following_drops_a_search_of_the_viewers_own_still_running() {
    let mut p = fixture_app();
    let mut v = viewer_of(&p, 80, 24);
    v.search.at_once_below = 0;
    press(&mut v, "/mexico<Enter>");
    assert!(v.search.job.is_some() && v.search.progress.is_some(), "a job for the worker");
    let generation = v.search.generation;
    press(&mut p, "j");
    press(&mut v, "F");
    assert!(v.search.job.is_none() && v.search.progress.is_none(), "the presenter's hits stand");
    assert!(v.search.generation > generation, "late results of the dropped search are ignored");
    assert_eq!(v.search.input, "");
}
