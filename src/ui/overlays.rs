//! The full-screen overlays: one source with every event citing it, the bibliography, the side-by-side
//! comparison of an event's readings, and the event in full.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::events::date_label;
use super::text::{para, safe, truncate, width};
use super::{Theme, detail, layout, sources, theories};
use crate::app::App;
use crate::timeline::SourceIx;

pub fn source(app: &App, frame: &mut Frame, area: Rect, ix: SourceIx, cursor: usize, theme: &Theme) {
    let t = app.timeline();
    let s = t.source(ix);
    let rect = layout::overlay(area);
    let inner = super::overlay_frame(frame, rect, &format!("Source {}", safe(&s.id)), theme);
    let w = usize::from(inner.width);
    let mut out = Vec::new();
    para(&mut out, &s.author, w, 0, theme.bold(), Some(vec![]));
    para(&mut out, &s.title, w, 0, theme.source_title(), Some(vec![]));
    let field = |out: &mut Vec<Line<'static>>, name: &str, value: &str| {
        para(out, value, w, 13, theme.base(), Some(vec![Span::styled(format!("{name:<13}"), theme.label())]));
    };
    out.push(Line::default());
    out.push(Line::from(vec![
        Span::styled(format!("{:<13}", "Reliability"), theme.label()),
        Span::styled(s.reliability.name().to_string(), theme.grade(s.reliability)),
    ]));
    field(&mut out, "Kind", &s.kind);
    if let Some(p) = &s.publisher {
        field(&mut out, "Publisher", p);
    }
    if let Some(y) = s.year {
        field(&mut out, "Year", &y.to_string());
    }
    if let Some(u) = &s.url {
        field(&mut out, "URL", u);
    }
    if let Some(f) = &s.file {
        field(&mut out, "Document", f);
    }
    if let Some(n) = &s.note {
        field(&mut out, "Note", n);
    }
    out.push(Line::default());
    out.push(Line::styled(
        format!(
            "Cited by {} event{} — Enter goes to one",
            s.cited_by.len(),
            if s.cited_by.len() == 1 { "" } else { "s" }
        ),
        theme.pane_title(true),
    ));
    let head = out.len();
    for (i, &ev) in s.cited_by.iter().enumerate() {
        let e = t.event(ev);
        let sel = i == cursor;
        let base = if sel { theme.selected() } else { theme.base() };
        let date = format!("{:<11} ", date_label(&e.date));
        let room = w.saturating_sub(2 + width(&date));
        out.push(Line::from(vec![
            Span::styled(if sel { "▶ " } else { "  " }, base.patch(theme.cursor_mark())),
            Span::styled(date, base.patch(theme.date())),
            Span::styled(truncate(&safe(&e.title), room), base),
        ]));
    }
    let h = usize::from(inner.height);
    let scroll = (head + cursor + 1).saturating_sub(h);
    frame.render_widget(Paragraph::new(out).scroll((scroll as u16, 0)), inner);
}

pub fn bibliography(app: &App, frame: &mut Frame, area: Rect, cursor: usize, theme: &Theme) {
    let t = app.timeline();
    let rect = layout::overlay(area);
    let inner = super::overlay_frame(
        frame,
        rect,
        &format!("Bibliography — {} sources · Enter opens one", t.sources.len()),
        theme,
    );
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let offset = layout::follow(0, cursor, t.sources.len(), h);
    let lines: Vec<Line> = t
        .sources
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, s)| {
            let sel = i == cursor;
            let base = if sel { theme.selected() } else { theme.base() };
            let grade = format!("{:<13}", format!("[{}]", s.reliability.name()));
            let n = format!(" {:>3} ev", s.cited_by.len());
            let year = s.year.map(|y| format!(" ({y})")).unwrap_or_default();
            let room = w.saturating_sub(2 + width(&grade) + width(&n));
            let text = truncate(&format!("{} — {}{year}", safe(&s.author), safe(&s.title)), room);
            let pad = room.saturating_sub(width(&text));
            Line::from(vec![
                Span::styled(if sel { "▶ " } else { "  " }, base.patch(theme.cursor_mark())),
                Span::styled(grade, base.patch(theme.grade(s.reliability))),
                Span::styled(format!("{text}{}", " ".repeat(pad)), base),
                Span::styled(n, base.patch(theme.dim())),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Columns of the comparison at a width: how many readings fit side by side.
fn columns(w: u16, n: usize) -> usize {
    (usize::from(w) / 30).clamp(1, n.max(1)).min(n.max(1))
}

fn compare_lines(app: &App, i: usize, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(e) = app.selected_event() {
        let order = app.readings_order(e);
        if let Some(&r) = order.get(i) {
            let lens = app.lens == Some(e.readings[r].theory);
            theories::reading(&mut out, app.timeline(), &e.readings[r], w, false, lens, theme);
        }
    }
    out
}

fn compare_geometry(area: Rect) -> Rect {
    layout::overlay(area)
}

pub fn compare(app: &App, frame: &mut Frame, area: Rect, first: usize, scroll: u16, theme: &Theme) {
    let Some(e) = app.selected_event() else { return };
    let rect = compare_geometry(area);
    let inner = super::overlay_frame(frame, rect, "Compare readings — h/l columns · j/k scroll", theme);
    if inner.height < 2 {
        return;
    }
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let mut top = Vec::new();
    para(
        &mut top,
        &e.title,
        usize::from(head.width),
        0,
        theme.bold(),
        Some(vec![Span::styled(format!("{}  ", e.when_human()), theme.date())]),
    );
    top.truncate(1);
    frame.render_widget(Paragraph::new(top), head);
    let n = e.readings.len();
    let cols = columns(body.width, n);
    let first = first.min(n.saturating_sub(cols));
    let areas = Layout::horizontal(vec![Constraint::Ratio(1, cols as u32); cols]).split(body);
    for (k, col) in areas.iter().enumerate() {
        let block = Block::default()
            .borders(if k + 1 < cols { Borders::RIGHT } else { Borders::NONE })
            .border_style(theme.border(false));
        let cin = block.inner(*col);
        frame.render_widget(block, *col);
        let lines = compare_lines(app, first + k, usize::from(cin.width.saturating_sub(1)), theme);
        let max = (lines.len() as u16).saturating_sub(cin.height);
        frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), cin);
    }
    if n > cols {
        let note = format!(" readings {}–{} of {n} ", first + 1, first + cols);
        let x = rect.x + 2;
        frame.buffer_mut().set_stringn(
            x,
            rect.bottom().saturating_sub(1),
            note,
            usize::from(rect.width.saturating_sub(4)),
            theme.key(),
        );
    }
}

pub fn compare_max_scroll(app: &App, area: Rect, first: usize, theme: &Theme) -> u16 {
    let Some(e) = app.selected_event() else { return 0 };
    let inner = compare_geometry(area);
    let (w, h) = (inner.width.saturating_sub(2), inner.height.saturating_sub(4));
    let cols = columns(w, e.readings.len());
    let cw = (usize::from(w) / cols).saturating_sub(2);
    (0..cols)
        .map(|k| compare_lines(app, first + k, cw, theme).len() as u16)
        .max()
        .unwrap_or(0)
        .saturating_sub(h)
}

fn event_all_lines(app: &App, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let Some(e) = app.selected_event() else { return Vec::new() };
    let t = app.timeline();
    let mut out = detail::event_lines(t, e, w, theme);
    out.push(Line::default());
    out.push(Line::styled(format!("Sources ({})", e.citations.len()), theme.pane_title(true)));
    out.extend(sources::lines(t, e, w, None, theme).0);
    if !e.readings.is_empty() {
        out.push(Line::default());
        out.push(Line::styled(format!("Readings ({})", e.readings.len()), theme.pane_title(true)));
        for i in app.readings_order(e) {
            let lens = app.lens == Some(e.readings[i].theory);
            theories::reading(&mut out, t, &e.readings[i], w, false, lens, theme);
        }
    }
    out
}

pub fn event(app: &App, frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let rect = layout::overlay(area);
    let inner = super::overlay_frame(frame, rect, "Event in full — j/k scroll · c compare · y copy", theme);
    let lines = event_all_lines(app, usize::from(inner.width), theme);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
    super::more_marks(frame, inner, usize::from(scroll.min(max)), total, theme);
}

pub fn event_max_scroll(app: &App, area: Rect, theme: &Theme) -> u16 {
    let r = layout::overlay(area);
    let lines = event_all_lines(app, usize::from(r.width.saturating_sub(2)), theme);
    (lines.len() as u16).saturating_sub(r.height.saturating_sub(2))
}
