//! Where everything goes, as a pure function of the terminal size and the focus, so that drawing, paging
//! and mouse clicks agree on the geometry.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::{App, Pane, Role};

/// Below this the browser shows only a "terminal too small" notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this size on, every pane is on screen at once.
pub const WIDE_WIDTH: u16 = 110;
pub const WIDE_HEIGHT: u16 = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    TooSmall,
    /// The list and one pane (the focused one, or the event) below it.
    Narrow,
    /// Every pane at once.
    Wide,
}

/// The screen's regions; empty rectangles where a region is not shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Areas {
    pub kind: Kind,
    pub title: Rect,
    pub ruler: Rect,
    /// The events pane, with its border.
    pub list: Rect,
    /// The other panes on screen, with their borders.
    pub panes: Vec<(Pane, Rect)>,
    pub status: Rect,
    pub footer: Rect,
    /// While briefing: the presenter's notes or the audience's stop card (empty otherwise).
    pub notes: Rect,
}

impl Areas {
    /// The pane at a screen position.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let inside = |r: &Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        if inside(&self.list) {
            return Some(Pane::Events);
        }
        self.panes.iter().find(|(_, r)| inside(r)).map(|(p, _)| *p)
    }

    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        if pane == Pane::Events {
            return Some(self.list);
        }
        self.panes.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r)
    }
}

/// Rows of the list inside its border.
pub fn list_rows(a: &Areas) -> usize {
    usize::from(a.list.height.saturating_sub(2))
}

pub fn areas(width: u16, height: u16, focus: Pane) -> Areas {
    let full = Rect::new(0, 0, width, height);
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Areas {
            kind: Kind::TooSmall,
            title: Rect::default(),
            ruler: Rect::default(),
            list: Rect::default(),
            panes: Vec::new(),
            status: Rect::default(),
            footer: full,
            notes: Rect::default(),
        };
    }
    let wide = width >= WIDE_WIDTH && height >= WIDE_HEIGHT;
    let ruler_height = if height >= 20 { 3 } else { 1 };
    let [title, ruler, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(ruler_height),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(full);
    if wide {
        let [list, right] = Layout::horizontal([Constraint::Percentage(48), Constraint::Min(1)]).areas(body);
        let [detail, sources, theories] =
            Layout::vertical([Constraint::Percentage(42), Constraint::Percentage(30), Constraint::Min(3)])
                .areas(right);
        Areas {
            kind: Kind::Wide,
            title,
            ruler,
            list,
            panes: vec![(Pane::Detail, detail), (Pane::Sources, sources), (Pane::Theories, theories)],
            status,
            footer,
            notes: Rect::default(),
        }
    } else {
        let [list, pane] = Layout::vertical([Constraint::Percentage(42), Constraint::Min(3)]).areas(body);
        let shown = if focus == Pane::Events { Pane::Detail } else { focus };
        Areas {
            kind: Kind::Narrow,
            title,
            ruler,
            list,
            panes: vec![(shown, pane)],
            status,
            footer,
            notes: Rect::default(),
        }
    }
}

/// The regions for this app at a size: the browser's, or while briefing the same frame with a notes panel
/// (presenter) or stop card (audience). Narrow, it takes the place of the event pane while the list has the
/// focus (`Tab` still reaches the other panes); wide, it shares the right column with the panes the stop's
/// `view.panes` asks for (all three by default).
pub fn app_areas(app: &App, width: u16, height: u16) -> Areas {
    let mut a = areas(width, height, app.focus);
    let Some(b) = &app.briefing else { return a };
    match a.kind {
        Kind::TooSmall => {}
        Kind::Narrow => {
            if app.focus == Pane::Events {
                a.notes = a.panes[0].1;
                a.panes.clear();
            }
        }
        Kind::Wide => {
            let right = a.panes.iter().map(|(_, p)| *p).reduce(|r, p| r.union(p)).unwrap_or_default();
            let mut shown: Vec<Pane> = b.panes.iter().copied().filter(|&p| p != Pane::Events).collect();
            if shown.is_empty() {
                shown = vec![Pane::Detail, Pane::Sources, Pane::Theories];
            }
            let (notes, rest) = if b.role == Role::Presenter {
                let [rest, notes] =
                    Layout::vertical([Constraint::Min(3), Constraint::Percentage(42)]).areas(right);
                (notes, rest)
            } else {
                let [notes, rest] =
                    Layout::vertical([Constraint::Percentage(30), Constraint::Min(3)]).areas(right);
                (notes, rest)
            };
            let rows = Layout::vertical(shown.iter().map(|_| Constraint::Fill(1))).split(rest);
            a.panes = shown.into_iter().zip(rows.iter().copied()).collect();
            a.notes = notes;
        }
    }
    a
}

/// The first list row on screen, so that the cursor stays visible with a little context around it.
pub fn follow(offset: usize, cursor: usize, len: usize, rows: usize) -> usize {
    if rows == 0 {
        return cursor;
    }
    let margin = if rows > 6 { 2 } else { 0 };
    let mut offset = offset.min(len.saturating_sub(rows));
    if cursor < offset + margin {
        offset = cursor.saturating_sub(margin);
    } else if cursor + margin >= offset + rows {
        offset = (cursor + margin + 1).saturating_sub(rows);
    }
    offset.min(len.saturating_sub(rows))
}

/// A centred rectangle of at most the given size, inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

/// The rectangle of overlays that take most of the screen.
pub fn overlay(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).min(110);
    let h = area.height.saturating_sub(2);
    centered(area, w, h)
}
