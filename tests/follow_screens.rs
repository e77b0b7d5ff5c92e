//! Screens of `annals serve`'s follow mode, drawn into a TestBackend from the fixture timeline: a viewer
//! following and detached, and the presenter's status line and audience list, at 80x24.

use annals::input::press;
use std::sync::Arc;

use annals::app::follow::{self, Audience, AudienceMember, Shared, ViewerId};
use annals::app::{Action, App, update};
use annals::ui::{buffer_text, render};

mod support;
use support::fixture;

/// A presenter at 120x40 with three viewers, one detached, and a viewer of it at 80x24.
fn session() -> (App, App) {
    let mut presenter = fixture::app(120, 40);
    let viewers = [("ana@10.0.0.5", true), ("ben@10.0.0.7", false), ("carla@10.0.0.9", true)]
        .iter()
        .enumerate()
        .map(|(i, &(name, following))| AudienceMember {
            id: ViewerId(i as u64),
            name: name.into(),
            following,
        })
        .collect();
    follow::present(&mut presenter, Audience { viewers });
    let mut viewer = App::new(Arc::clone(&presenter.data));
    update(&mut viewer, Action::Resize { width: 80, height: 24 });
    follow::view(&mut viewer, Shared::of(&presenter));
    press(&mut presenter, ":merida-2007<Enter>2");
    follow::receive(&mut viewer, Shared::of(&presenter));
    (presenter, viewer)
}

#[test]
fn a_viewer_following_at_80x24() {
    let (_, viewer) = session();
    let s = buffer_text(&render(&viewer, 80, 24));
    assert!(s.contains("following the presenter"), "{s}");
    insta::assert_snapshot!("follow_viewer_following_80x24", s);
}

#[test]
fn a_viewer_detached_at_80x24() {
    let (mut presenter, mut viewer) = session();
    press(&mut viewer, "k");
    press(&mut presenter, "j");
    follow::receive(&mut viewer, Shared::of(&presenter));
    let s = buffer_text(&render(&viewer, 80, 24));
    assert!(s.contains("detached — F to follow"), "{s}");
    insta::assert_snapshot!("follow_viewer_detached_80x24", s);
}

#[test]
fn the_presenter_status_and_audience_at_80x24() {
    let (mut presenter, _) = session();
    update(&mut presenter, Action::Resize { width: 80, height: 24 });
    let s = buffer_text(&render(&presenter, 80, 24));
    assert!(s.contains("3 connected, 2 following"), "{s}");
    insta::assert_snapshot!("follow_presenter_80x24", s);
    press(&mut presenter, "Aj");
    let s = buffer_text(&render(&presenter, 80, 24));
    assert!(s.contains("▶ ben@10.0.0.7"), "{s}");
    insta::assert_snapshot!("follow_audience_80x24", s);
}
