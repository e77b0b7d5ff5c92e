//! STAND-IN until branch `follow` lands `app::follow`: what a viewer follows (the presenter's selection,
//! search, filters, lens, focus and shared overlays) and applying it to a viewer's own `App` at its own size.
//! Same names as the planned module (`Shared::of`, `apply`), so the swap is an import change.

use crate::app::{Action, App, Filters, Overlay, Pane, update};
use crate::timeline::{EventIx, TheoryIx};

/// A snapshot of the presenter's view, as plain data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shared {
    pub selected: Option<EventIx>,
    pub search: String,
    pub ranked: bool,
    pub filters: Filters,
    pub lens: Option<TheoryIx>,
    pub focus: Option<Pane>,
    /// The overlays worth following (an opened event, a comparison, a source, the bibliography).
    pub overlays: Vec<Overlay>,
}

impl Shared {
    pub fn of(app: &App) -> Shared {
        Shared {
            selected: app.selected(),
            search: app.search.input.clone(),
            ranked: app.search.ranked,
            filters: app.filters.clone(),
            lens: app.lens,
            focus: Some(app.focus),
            overlays: app
                .overlays
                .iter()
                .filter(|o| {
                    !matches!(o, Overlay::Help { .. } | Overlay::Jump { .. } | Overlay::Picker { .. })
                })
                .cloned()
                .collect(),
        }
    }
}

/// Makes the viewer's app show what the presenter shows, keeping the viewer's own size.
pub fn apply(app: &mut App, s: &Shared) {
    if app.search.input != s.search {
        app.set_search(s.search.clone());
    }
    app.search.editing = false;
    app.search.ranked = s.ranked;
    app.filters = s.filters.clone();
    app.refresh_list();
    if let Some(ev) = s.selected {
        app.select_event(ev);
    }
    app.lens = s.lens;
    if let Some(focus) = s.focus {
        app.focus = focus;
    }
    app.overlays = s.overlays.clone();
    let (width, height) = app.viewport;
    update(app, Action::Resize { width, height });
}
