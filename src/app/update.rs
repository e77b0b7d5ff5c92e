//! `update`: the only place state changes. Pure: no I/O, no terminal; what needs the outside world comes back
//! as an `Effect` for the loop to carry out.

use super::jump::{self, Target};
pub use super::overlays::picker;
use super::overlays::{overlay, prompt};
use super::{Action, App, Filter, Mode, Overlay, Pane, PaneScroll};
use crate::timeline::EventIx;
use crate::ui::{self, layout};

/// What `update` asks of the outside world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Turn mouse capture on or off.
    Mouse(bool),
    /// Presenting (`annals serve`): make this viewer the presenter, and this app a viewer.
    HandOver(super::follow::ViewerId),
}

pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    if let Action::Tick(now) = action {
        super::brief::tick(app, now);
        return None;
    }
    if let Action::SearchResults(batch) = action {
        app.apply_search_batch(batch);
        follow(app);
        return None;
    }
    if app.viewer.is_some() {
        return super::follow::viewer_update(app, action);
    }
    act(app, action)
}

/// `update` itself; a viewer's actions come here through `follow::viewer_update`, which detaches it.
pub(super) fn act(app: &mut App, action: Action) -> Option<Effect> {
    if !matches!(action, Action::Resize { .. } | Action::ScrollDown { .. } | Action::ScrollUp { .. }) {
        app.message = None;
    }
    let effect = match app.mode() {
        Mode::Search | Mode::Jump => prompt(app, action),
        Mode::Normal => normal(app, action),
        Mode::Brief => super::brief::update(app, action),
        _ => overlay(app, action),
    };
    follow(app);
    effect
}

/// Keeps the list scrolled so the cursor is visible.
pub(super) fn follow(app: &mut App) {
    app.clamp_cursor();
    let a = layout::app_areas(app, app.viewport.0, app.viewport.1);
    app.offset = layout::follow(app.offset, app.cursor, app.list.len(), layout::list_rows(&a));
}

/// Actions that mean the same in every mode.
pub(super) fn common(app: &mut App, action: Action) -> Option<Effect> {
    match action {
        Action::Quit => return Some(Effect::Quit),
        Action::Resize { width, height } => app.viewport = (width, height),
        Action::ToggleMouse => {
            app.mouse = !app.mouse;
            let note = if app.mouse { "Mouse on" } else { "Mouse off: select text with the terminal" };
            app.set_message(note, false);
            return Some(Effect::Mouse(app.mouse));
        }
        Action::ToggleHelp => {
            if app.mode() == Mode::Help {
                app.overlays.pop();
            } else {
                app.overlays.push(Overlay::Help { scroll: 0 });
            }
        }
        Action::Back => back(app),
        Action::Follow => super::follow::nothing_to_follow(app),
        _ => {}
    }
    None
}

fn back(app: &mut App) {
    if app.overlays.pop().is_some() {
        return;
    }
    if app.search.editing {
        app.search.editing = false;
    } else if app.search.is_active() || !app.filters.is_empty() {
        app.clear_search_and_filters();
        app.set_message("Search and filters cleared", false);
    } else {
        app.set_message("Nothing to close (q quits)", false);
    }
}

fn page(app: &App) -> usize {
    let a = layout::app_areas(app, app.viewport.0, app.viewport.1);
    match a.pane(app.focus) {
        Some(r) => usize::from(r.height.saturating_sub(2)).max(1),
        None => 10,
    }
}

pub(super) fn normal(app: &mut App, action: Action) -> Option<Effect> {
    let page = page(app);
    match action {
        Action::SelectNext => step(app, 1),
        Action::SelectPrev => step(app, -1),
        Action::PageDown => step(app, page as isize),
        Action::PageUp => step(app, -(page as isize)),
        Action::HalfPageDown => step(app, (page / 2).max(1) as isize),
        Action::HalfPageUp => step(app, -((page / 2).max(1) as isize)),
        Action::SelectFirst => step(app, isize::MIN / 2),
        Action::SelectLast => step(app, isize::MAX / 2),
        Action::FocusNext | Action::FocusPrev => {
            let i = Pane::ALL.iter().position(|&p| p == app.focus).unwrap_or(0);
            let n = Pane::ALL.len();
            let i = if action == Action::FocusNext { (i + 1) % n } else { (i + n - 1) % n };
            app.focus = Pane::ALL[i];
        }
        Action::NextEra | Action::PrevEra => {
            let t = app.timeline();
            let bounds: Vec<_> = t.eras.iter().map(|e| e.start.first_day()).collect();
            if let Some(ev) = boundary(app, bounds, action == Action::NextEra) {
                select(app, ev);
                let era = app.selected_event().and_then(|e| e.eras.last().copied());
                if let Some(era) = era {
                    let name = crate::text::inert(&app.timeline().era(era).name).into_owned();
                    app.set_message(format!("Era: {name}"), false);
                }
            }
        }
        Action::NextDecade | Action::PrevDecade => {
            let t = app.timeline();
            let first = t.span.start.min(t.events.first().map_or(t.span.start, |e| e.date.year())) / 10 * 10;
            let bounds = (first..=t.last_year()).step_by(10).map(|y| (y, 1, 1)).collect();
            if let Some(ev) = boundary(app, bounds, action == Action::NextDecade) {
                select(app, ev);
            }
        }
        Action::Expand => match app.focus {
            Pane::Events | Pane::Detail => {
                if app.selected().is_some() {
                    app.overlays.push(Overlay::Event { scroll: 0 });
                }
            }
            Pane::Sources => {
                let source =
                    app.selected_event().and_then(|e| e.citations.get(app.scroll.source)).map(|c| c.source);
                if let Some(source) = source {
                    app.overlays.push(Overlay::Source { source, cursor: 0 });
                }
            }
            Pane::Theories => open_compare(app),
        },
        Action::OpenJump => app.overlays.push(Overlay::Jump { input: String::new() }),
        Action::OpenSearch => {
            app.search.editing = true;
            app.focus = Pane::Events;
        }
        Action::NextHit | Action::PrevHit => {
            if !app.search.is_active() {
                app.set_message("No search: press / to search", false);
            } else if !app.list.is_empty() {
                let n = app.list.len();
                app.cursor =
                    if action == Action::NextHit { (app.cursor + 1) % n } else { (app.cursor + n - 1) % n };
                app.scroll = PaneScroll::default();
                app.set_message(format!("Hit {}/{}", app.cursor + 1, n), false);
            }
        }
        Action::ToggleRank => toggle_rank(app),
        Action::OpenFilters => app.overlays.push(Overlay::Picker { cursor: 0 }),
        Action::ToggleDisputed => {
            app.filters.toggle(Filter::Disputed);
            app.refresh_list();
        }
        Action::ToggleLens(n) => {
            let ix = usize::from(n).wrapping_sub(1);
            match app.timeline().theories.get(ix) {
                None => app.set_message(
                    format!("No theory {n} (there are {})", app.timeline().theories.len()),
                    true,
                ),
                Some(th) => {
                    let th_ix = crate::timeline::TheoryIx(ix as u32);
                    if app.lens == Some(th_ix) {
                        app.lens = None;
                        app.set_message("Lens off", false);
                    } else {
                        let name = crate::text::inert(&th.name).into_owned();
                        app.lens = Some(th_ix);
                        let count = app.list.iter().filter(|&&e| app.in_lens(e)).count();
                        app.set_message(format!("Lens: {name} reads {count} of these events (◆)"), false);
                    }
                    app.scroll.reading = 0;
                }
            }
        }
        Action::OpenCompare => open_compare(app),
        Action::OpenBibliography => app.overlays.push(Overlay::Bibliography { cursor: 0 }),
        Action::OpenAudience => super::follow::open_audience(app),
        Action::CopyEvent => {
            if let Some(e) = app.selected_event() {
                let md = crate::export::markdown::event(app.timeline(), e, 2);
                let title = crate::text::inert(&e.title).into_owned();
                app.set_message(format!("Copied “{title}” as Markdown"), false);
                return Some(Effect::Copy(md));
            }
        }
        Action::ScrollDown { column, row } | Action::ScrollUp { column, row } => {
            let a = layout::app_areas(app, app.viewport.0, app.viewport.1);
            if let Some(pane) = a.pane_at(column, row) {
                let focus = std::mem::replace(&mut app.focus, pane);
                step(app, if matches!(action, Action::ScrollDown { .. }) { 3 } else { -3 });
                app.focus = focus;
            }
        }
        Action::Click { column, row } => click(app, column, row),
        other => return common(app, other),
    }
    None
}

/// Moves the cursor of the focused pane.
fn step(app: &mut App, by: isize) {
    let move_by = |at: usize, len: usize| -> usize {
        if len == 0 {
            return 0;
        }
        (at as isize).saturating_add(by).clamp(0, len as isize - 1) as usize
    };
    match app.focus {
        Pane::Events => {
            let to = move_by(app.cursor, app.list.len());
            if to != app.cursor {
                app.cursor = to;
                app.scroll = PaneScroll::default();
            }
        }
        Pane::Detail => {
            let max = ui::max_scroll(app, Pane::Detail);
            app.scroll.detail = move_by(usize::from(app.scroll.detail), usize::from(max) + 1) as u16;
        }
        Pane::Sources => {
            let n = app.selected_event().map_or(0, |e| e.citations.len());
            app.scroll.source = move_by(app.scroll.source, n);
        }
        Pane::Theories => {
            let n = app.selected_event().map_or(0, |e| e.readings.len());
            app.scroll.reading = move_by(app.scroll.reading, n);
        }
    }
}

fn select(app: &mut App, ev: EventIx) {
    let dated = !(app.search.ranked && app.search.is_active());
    let at = if dated { app.list.binary_search(&ev).ok() } else { app.list.iter().position(|&e| e == ev) };
    if let Some(p) = at {
        app.cursor = p;
        app.scroll = PaneScroll::default();
    }
}

/// The listed event to go to across boundaries (era or decade starts): forward, the first event at or after
/// the next boundary; backward, the first event of the current stretch, or of the previous one when already
/// there.
fn boundary(app: &App, mut bounds: Vec<(i32, u8, u8)>, forward: bool) -> Option<EventIx> {
    let t = app.timeline();
    let cur = t.event(app.selected()?).date;
    let day = |ev: EventIx| t.event(ev).date;
    // A list in date order (not ranked) is searched by halves; a ranked one is scanned.
    let dated = !(app.search.ranked && app.search.is_active());
    let first_from = |b: (i32, u8, u8)| {
        if dated {
            app.list.get(app.list.partition_point(|&ev| day(ev).first_day() < b)).copied()
        } else {
            app.list.iter().copied().filter(|&ev| day(ev).first_day() >= b).min_by_key(|&ev| (day(ev), ev))
        }
    };
    bounds.sort_unstable();
    bounds.dedup();
    if forward {
        for &b in bounds.iter().filter(|&&b| b > cur.first_day()) {
            match first_from(b) {
                Some(ev) if day(ev) > cur => return Some(ev),
                Some(_) => {}
                // Nothing listed from this boundary on: nor from any later one.
                None => return None,
            }
        }
        None
    } else {
        bounds
            .iter()
            .rev()
            .filter(|&&b| b <= cur.first_day())
            .find_map(|&b| first_from(b).filter(|&ev| day(ev) < cur))
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    let a = layout::app_areas(app, app.viewport.0, app.viewport.1);
    if row >= a.ruler.y && row < a.ruler.bottom() && a.ruler.width > 1 {
        let t = app.timeline();
        let (first, last) = (t.span.start, t.last_year());
        let year = first + i32::from(column) * (last - first) / i32::from(a.ruler.width - 1);
        goto(app, Target::Date { year, month: None });
        return;
    }
    let Some(pane) = a.pane_at(column, row) else { return };
    app.focus = pane;
    if pane == Pane::Events && row > a.list.y && row + 1 < a.list.bottom() {
        let i = app.offset + usize::from(row - a.list.y - 1);
        if i < app.list.len() && i != app.cursor {
            app.cursor = i;
            app.scroll = PaneScroll::default();
        }
    }
}

pub(super) fn toggle_rank(app: &mut App) {
    app.search.ranked = !app.search.ranked;
    app.refresh_list();
    let note = if app.search.ranked { "Hits ranked by score" } else { "Hits in date order" };
    app.set_message(note, false);
}

pub(super) fn open_compare(app: &mut App) {
    match app.selected_event() {
        Some(e) if !e.readings.is_empty() => app.overlays.push(Overlay::Compare { first: 0, scroll: 0 }),
        Some(_) => app.set_message("This event has no theory readings to compare", false),
        None => {}
    }
}

/// Carries out a jump.
fn goto(app: &mut App, target: Target) {
    let t = app.timeline();
    let ev = match target {
        Target::Event(ev) => Some(ev),
        Target::Era(era) => t.era(era).events.first().copied().or_else(|| {
            let d = t.era(era).start;
            t.first_at_or_after(d.year(), d.month())
        }),
        Target::Date { year, month } => {
            let key = (year, month.unwrap_or(1), 1);
            let listed = app.list.iter().copied().filter(|&ev| t.event(ev).date.first_day() >= key);
            match listed.min_by_key(|&ev| (t.event(ev).date, ev)) {
                Some(ev) => Some(ev),
                // Past the last listed event: the last one.
                None => app.list.iter().copied().max_by_key(|&ev| (t.event(ev).date, ev)),
            }
        }
    };
    let Some(ev) = ev else {
        app.set_message("Nothing to jump to", true);
        return;
    };
    if app.select_event(ev) {
        app.set_message("Search and filters cleared to show it", false);
    }
    if let Target::Era(era) = target {
        let name = crate::text::inert(&app.timeline().era(era).name).into_owned();
        app.set_message(format!("Era: {name}"), false);
    }
    app.focus = Pane::Events;
}

/// Jumps to a target written as for `:` or `--at`; the error is also shown in the status line.
pub fn jump_to(app: &mut App, text: &str) -> Result<(), String> {
    match jump::parse(app.timeline(), text) {
        Ok(target) => {
            goto(app, target);
            follow(app);
            Ok(())
        }
        Err(e) => {
            app.set_message(e.clone(), true);
            Err(e)
        }
    }
}
