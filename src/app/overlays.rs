//! `update` for the prompts (`/`, `:`) and the overlays (help, picker, source, bibliography, comparison,
//! event in full): text editing, moving inside an overlay, and choosing.

use super::update::{Effect, common, jump_to, normal, open_compare, toggle_rank};
use super::{Action, App, Mode, Overlay, Pane};
use crate::app::filters::{Filters, PickerRow, picker_choices, picker_rows};
use crate::ui;

fn edit(input: &mut String, action: &Action) -> bool {
    match *action {
        Action::Insert(c) if !c.is_control() => input.push(c),
        Action::DeleteChar => {
            input.pop();
        }
        Action::DeleteWord => {
            let trimmed = input.trim_end().len();
            input.truncate(trimmed);
            let cut = input.rfind(' ').map_or(0, |i| i + 1);
            input.truncate(cut);
        }
        Action::ClearInput => input.clear(),
        _ => return false,
    }
    true
}

pub(super) fn prompt(app: &mut App, action: Action) -> Option<Effect> {
    if app.mode() == Mode::Jump {
        let Some(Overlay::Jump { input }) = app.overlays.last_mut() else { return None };
        if edit(input, &action) {
            return None;
        }
        if action == Action::Submit {
            let text = input.clone();
            app.overlays.pop();
            let _ = jump_to(app, &text);
            return None;
        }
        return common(app, action);
    }
    let mut input = app.search.input.clone();
    if edit(&mut input, &action) {
        app.set_search(input);
        return None;
    }
    match action {
        Action::Submit => {
            app.search.editing = false;
            if app.search.is_active() {
                app.set_message(format!("{} hits · n/N next/previous · Esc clears", app.list.len()), false);
            }
        }
        Action::SelectNext | Action::SelectPrev | Action::PageDown | Action::PageUp => {
            return normal(app, action);
        }
        Action::ToggleRank => toggle_rank(app),
        other => return common(app, other),
    }
    None
}

/// Keys in the overlays (help, picker, source, bibliography, comparison, event).
pub(super) fn overlay(app: &mut App, action: Action) -> Option<Effect> {
    let t = app.data.clone();
    let t = &t.timeline;
    let page = usize::from(app.viewport.1.saturating_sub(8)).max(1);
    let by: isize = match action {
        Action::SelectNext | Action::ScrollDown { .. } => 1,
        Action::SelectPrev | Action::ScrollUp { .. } => -1,
        Action::PageDown => page as isize,
        Action::PageUp => -(page as isize),
        Action::HalfPageDown => (page / 2) as isize,
        Action::HalfPageUp => -((page / 2) as isize),
        Action::SelectFirst => isize::MIN / 2,
        Action::SelectLast => isize::MAX / 2,
        _ => 0,
    };
    let mode = app.mode();
    let max_scroll = ui::max_scroll_overlay(app);
    let picker_len = if mode == Mode::Picker { picker_choices(&picker(app)).len() } else { 0 };
    let audience_len = app.audience.as_ref().map_or(0, |a| a.viewers.len());
    let top = app.overlays.last_mut()?;
    let moved =
        |at: usize, len: usize| (at as isize).saturating_add(by).clamp(0, len.max(1) as isize - 1) as usize;
    if by != 0 {
        match top {
            Overlay::Help { scroll } | Overlay::Compare { scroll, .. } | Overlay::Event { scroll } => {
                *scroll = moved(usize::from(*scroll), usize::from(max_scroll) + 1) as u16;
            }
            Overlay::Picker { cursor } => *cursor = moved(*cursor, picker_len),
            Overlay::Audience { cursor } => *cursor = moved(*cursor, audience_len),
            Overlay::Source { source, cursor } => *cursor = moved(*cursor, t.source(*source).cited_by.len()),
            Overlay::Bibliography { cursor } => *cursor = moved(*cursor, t.sources.len()),
            Overlay::Jump { .. } => {}
        }
        return None;
    }
    match (action, top) {
        (Action::Left, Overlay::Compare { first, scroll }) => {
            *first = first.saturating_sub(1);
            *scroll = 0;
        }
        (Action::Right, Overlay::Compare { first, scroll }) => {
            let n = app.list.get(app.cursor).map_or(0, |&ev| t.event(ev).readings.len());
            *first = (*first + 1).min(n.saturating_sub(1));
            *scroll = 0;
        }
        (Action::Toggle, Overlay::Picker { cursor }) => {
            let cursor = *cursor;
            let rows = picker(app);
            let choices = picker_choices(&rows);
            if let Some(PickerRow::Choice { filter, .. }) = choices.get(cursor).map(|&i| &rows[i]) {
                app.filters.toggle(filter.clone());
                app.refresh_list();
            }
        }
        (Action::Toggle, Overlay::Source { source, cursor }) => {
            if let Some(&ev) = t.source(*source).cited_by.get(*cursor) {
                app.overlays.clear();
                if app.select_event(ev) {
                    app.set_message("Search and filters cleared to show it", false);
                }
                app.focus = Pane::Events;
            }
        }
        (Action::Toggle, Overlay::Bibliography { cursor }) => {
            let source = crate::timeline::SourceIx(*cursor as u32);
            if (*cursor) < t.sources.len() {
                app.overlays.push(Overlay::Source { source, cursor: 0 });
            }
        }
        (Action::Toggle, Overlay::Audience { cursor }) => {
            let cursor = *cursor;
            return super::follow::hand_over(app, cursor);
        }
        (Action::Toggle, Overlay::Event { .. }) => {
            app.overlays.pop();
        }
        (Action::OpenCompare, Overlay::Event { .. }) => {
            app.overlays.pop();
            open_compare(app);
        }
        (Action::CopyEvent, _) => return normal(app, Action::CopyEvent),
        (other, _) => return common(app, other),
    }
    None
}

/// The picker's rows for the current list and filters: the counts are computed once per list, not per
/// frame or key.
pub fn picker(app: &App) -> Vec<PickerRow> {
    let rows = app.picker_rows.get_or(|| {
        let facets = &app.data.facets;
        picker_rows(app.timeline(), facets, &facets.count(&app.list), &Filters::default())
    });
    rows.iter()
        .map(|r| match r {
            PickerRow::Choice { filter, label, count, .. } => PickerRow::Choice {
                filter: filter.clone(),
                label: label.clone(),
                count: *count,
                active: app.filters.contains(filter),
            },
            heading => heading.clone(),
        })
        .collect()
}
