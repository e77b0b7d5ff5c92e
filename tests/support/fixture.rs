//! The browser fixture (tests/fixtures/valid/browser.yaml) loaded once per test crate, and apps over it at a
//! size: what every screen, key and search test starts from.

#![allow(dead_code)] // each test crate uses a different part of it

use std::sync::{Arc, OnceLock};

use annals::app::{Action, App, Data, update};
use annals::timeline::{Date, load::load_str};

/// The fixture's text, for tests that alter it.
pub const TEXT: &str = include_str!("../fixtures/valid/browser.yaml");

/// The fixture, loaded and indexed once (a `Data` is never changed, so tests can share it).
pub fn data() -> Arc<Data> {
    static DATA: OnceLock<Arc<Data>> = OnceLock::new();
    Arc::clone(DATA.get_or_init(|| {
        let loaded = load_str(TEXT, "browser.yaml", Date::ymd(2026, 11, 23)).expect("fixture loads");
        Data::new(loaded.timeline)
    }))
}

/// A browser on the fixture, `w` x `h` cells.
pub fn app(w: u16, h: u16) -> App {
    sized(App::new(data()), w, h)
}

/// `app` told its terminal is `w` x `h`.
pub fn sized(mut app: App, w: u16, h: u16) -> App {
    update(&mut app, Action::Resize { width: w, height: h });
    app
}
