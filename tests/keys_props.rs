//! Keys: random sequences of actions and key presses, with resizes to any size (0x0, 1x1, no height, huge),
//! drive the state machine; no panic, and the state stays consistent after every step: the cursor inside the
//! list, the list scrolled to show it, every overlay's cursor inside what it lists, and the screen drawn into
//! a terminal of the current size.

use annals::app::update::picker;
use annals::app::{Action, App, Overlay, update};
use annals::input::{KeyParser, key_events};
use annals::ui::render;
use proptest::prelude::*;

/// A fresh browser over the fixture, loaded once for all cases (the cases are about keys, not loading).
mod support;

fn app() -> App {
    App::new(support::fixture::data())
}

/// One step: an action as it is, or a key as the keymap reads it in the current mode.
#[derive(Debug, Clone)]
enum Step {
    Act(Action),
    Keys(&'static str),
}

fn size() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => 0u16..=3,
        3 => 4u16..=130,
        1 => 131u16..=400,
        1 => Just(u16::MAX),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    let plain = proptest::sample::select(vec![
        Action::SelectNext,
        Action::SelectPrev,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::SelectFirst,
        Action::SelectLast,
        Action::FocusNext,
        Action::FocusPrev,
        Action::PrevEra,
        Action::NextEra,
        Action::PrevDecade,
        Action::NextDecade,
        Action::Left,
        Action::Right,
        Action::Expand,
        Action::OpenJump,
        Action::OpenSearch,
        Action::NextHit,
        Action::PrevHit,
        Action::ToggleRank,
        Action::OpenFilters,
        Action::ToggleDisputed,
        Action::OpenCompare,
        Action::OpenBibliography,
        Action::ToggleHelp,
        Action::CopyEvent,
        Action::ToggleMouse,
        Action::Back,
        Action::DeleteChar,
        Action::DeleteWord,
        Action::ClearInput,
        Action::Submit,
        Action::Toggle,
    ]);
    prop_oneof![
        8 => plain,
        3 => proptest::sample::select(vec!['m', 'e', 'r', 'x', ' ', '!', '\'', ':', '1', '9', 'é', '\u{1b}', '中'])
            .prop_map(Action::Insert),
        1 => (0u8..=12).prop_map(Action::ToggleLens),
        1 => (size(), size()).prop_map(|(column, row)| Action::Click { column, row }),
        1 => (size(), size()).prop_map(|(column, row)| Action::ScrollDown { column, row }),
        1 => (size(), size()).prop_map(|(column, row)| Action::ScrollUp { column, row }),
        2 => (size(), size()).prop_map(|(width, height)| Action::Resize { width, height }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => action().prop_map(Step::Act),
        1 => proptest::sample::select(vec![
            "gg", "G", "/", "<Esc>", "<Enter>", ":1914<Enter>", ":zz<Enter>", "<Tab>", "?", "f", "<Space>", "b",
            "c", "[", "]", "{", "}", "n", "N", "s", "<C-d>", "<C-u>", "<C-w>", "<BS>", "q",
        ])
        .prop_map(Step::Keys),
    ]
}

/// What must hold after every step.
fn check(app: &App) -> Result<(), TestCaseError> {
    let t = app.timeline();
    if app.list.is_empty() {
        prop_assert_eq!(app.cursor, 0);
    } else {
        prop_assert!(app.cursor < app.list.len(), "cursor {} of {}", app.cursor, app.list.len());
        prop_assert!(app.offset <= app.cursor, "offset {} past cursor {}", app.offset, app.cursor);
    }
    prop_assert!(app.list.iter().all(|e| e.get() < t.events.len()));
    let listed: u32 = app.list_years.iter().map(|&(_, n)| n).sum();
    prop_assert_eq!(listed as usize, app.list.len(), "ruler counts match the list");
    prop_assert!(app.search.progress.is_none(), "small timelines finish their search at once");
    for o in &app.overlays {
        match o {
            Overlay::Source { source, cursor } => {
                prop_assert!(source.get() < t.sources.len());
                let n = t.source(*source).cited_by.len();
                prop_assert!(*cursor < n.max(1));
            }
            Overlay::Bibliography { cursor } => prop_assert!(*cursor < t.sources.len().max(1)),
            Overlay::Picker { cursor } => {
                let rows = picker(app);
                prop_assert!(*cursor <= rows.len());
            }
            Overlay::Compare { first, .. } => {
                let n = app.selected_event().map_or(0, |e| e.readings.len());
                prop_assert!(*first < n.max(1), "compare column {} of {}", first, n);
            }
            Overlay::Help { .. }
            | Overlay::Jump { .. }
            | Overlay::Event { .. }
            | Overlay::Audience { .. } => {}
        }
    }
    // Only the top overlay takes keys; a second jump prompt or help under another is a leak.
    let prompts = app.overlays.iter().filter(|o| matches!(o, Overlay::Jump { .. })).count();
    prop_assert!(prompts <= 1);
    Ok(())
}

/// Draws at the app's size when that is small enough to allocate (huge sizes are drawn at 300x100: the
/// layout of larger screens is the same, only slower to fill in a debug build).
fn draw(app: &App) {
    let (w, h) = app.viewport;
    let (w, h) = if u32::from(w) * u32::from(h) > 30_000 { (w.min(300), h.min(100)) } else { (w, h) };
    let _ = render(app, w, h);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(1000)
    ))]

    #[test]
    fn any_keys_at_any_size_keep_the_state_consistent(
        start in (size(), size()),
        steps in proptest::collection::vec(step(), 1..40),
    ) {
        let mut app = app();
        update(&mut app, Action::Resize { width: start.0, height: start.1 });
        check(&app)?;
        draw(&app);
        let mut parser = KeyParser::default();
        for s in steps {
            let actions: Vec<Action> = match s {
                Step::Act(a) => vec![a],
                Step::Keys(k) => key_events(k).iter().filter_map(|e| parser.feed(app.mode(), e)).collect(),
            };
            for a in actions {
                let _ = update(&mut app, a);
                check(&app)?;
            }
            let (w, h) = app.viewport;
            if u32::from(w) * u32::from(h) <= 2_000 {
                draw(&app);
            }
        }
        draw(&app);
    }
}
