//! The events pane: one row per listed event — date (approximate dates as `c.1877`, uncertain as `1900?`),
//! marks (≠ disputed, ! unconfirmed, ◆ read by the lens theory), countries, and the title with the search's
//! matched characters highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{safe, truncate, width};
use super::{Theme, layout};
use crate::app::{App, Pane};
use crate::timeline::{Date, Event};

/// The date column: `1846-04-25`, `c.1877`, `1900?`, `c.1942?`.
pub fn date_label(d: &Date) -> String {
    let mut core = d.to_string();
    if d.approximate || d.uncertain {
        core.pop();
    }
    match (d.approximate, d.uncertain) {
        (true, true) => format!("c.{core}?"),
        (true, false) => format!("c.{core}"),
        (false, true) => format!("{core}?"),
        (false, false) => core,
    }
}

/// Wide enough for an approximate full date, `c.1846-05-13`.
pub const DATE_WIDTH: usize = 12;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let focused = app.focus == Pane::Events;
    let n = app.list.len();
    let mut title = vec![Span::styled(" Events ", theme.pane_title(focused))];
    let pos = if n == 0 { "0/0".to_string() } else { format!("{}/{} ", app.cursor + 1, n) };
    title.push(Span::styled(pos, theme.dim()));
    if app.search.is_active() {
        let order = if app.search.ranked { "by score" } else { "by date" };
        title.push(Span::styled(format!("· hits {order} "), theme.dim()));
    }
    let block = super::pane_frame(focused, theme).title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if n == 0 {
        let msg = if app.search.is_active() || !app.filters.is_empty() {
            "No events match. Esc clears the search and filters."
        } else {
            "The timeline has no events."
        };
        frame.render_widget(Paragraph::new(Line::styled(msg, theme.dim())).wrap(Default::default()), inner);
        return;
    }
    let rows = usize::from(inner.height);
    let offset = layout::follow(app.offset, app.cursor, n, rows);
    let t = app.timeline();
    let cw = app.data.country_width;
    let lines: Vec<Line> = app.list[offset..(offset + rows).min(n)]
        .iter()
        .enumerate()
        .map(|(i, &ev)| {
            let selected = offset + i == app.cursor;
            row(app, ev, t.event(ev), selected, usize::from(inner.width), cw, theme)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The width of the country column: the longest list of codes, between 2 and 8 cells.
pub fn country_width(events: &[Event]) -> usize {
    events.iter().map(|e| (e.countries.len() * 3).saturating_sub(1)).max().unwrap_or(0).clamp(2, 8)
}

#[allow(clippy::too_many_arguments)]
fn row<'a>(
    app: &App,
    ix: crate::timeline::EventIx,
    e: &'a Event,
    selected: bool,
    width_cells: usize,
    cw: usize,
    theme: &Theme,
) -> Line<'a> {
    let focused = app.focus == Pane::Events;
    let base = if !selected {
        Style::default()
    } else if focused {
        theme.selected()
    } else {
        theme.selected_unfocused()
    };
    let mut spans = vec![Span::styled(if selected { "▶" } else { " " }, base.patch(theme.cursor_mark()))];
    let date = truncate(&date_label(&e.date), DATE_WIDTH);
    spans.push(Span::styled(format!("{date:<DATE_WIDTH$} "), base.patch(theme.date())));
    let lens = app.in_lens(ix);
    let mark = |on: bool, c: &'static str, st: Style| Span::styled(if on { c } else { " " }, base.patch(st));
    spans.push(mark(lens, "◆", theme.lens()));
    spans.push(mark(!e.disputes.is_empty(), "≠", theme.disputed()));
    spans.push(mark(e.unconfirmed, "!", theme.unconfirmed()));
    let countries = e.countries.iter().map(|c| safe(c)).collect::<Vec<_>>().join(" ");
    spans.push(Span::styled(format!(" {:<cw$}  ", truncate(&countries, cw)), base.patch(theme.country())));
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let room = width_cells.saturating_sub(used);
    let title_style = if app.lens.is_some() && !lens { base.patch(theme.dim()) } else { base };
    let title = safe(&e.title);
    let shown = truncate(&title, room);
    let highlights = if app.search.is_active() && title == e.title {
        app.data.index.title_highlights(ix, &app.search.query)
    } else {
        Vec::new()
    };
    push_highlighted(&mut spans, &shown, &highlights, title_style, title_style.patch(theme.highlight()));
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if selected && used < width_cells {
        spans.push(Span::styled(" ".repeat(width_cells - used), base));
    }
    Line::from(spans)
}

/// Splits `text` into spans, styling the chars at `positions` (char indices) with `hi`.
pub fn push_highlighted(spans: &mut Vec<Span<'_>>, text: &str, positions: &[usize], style: Style, hi: Style) {
    if positions.is_empty() {
        spans.push(Span::styled(text.to_string(), style));
        return;
    }
    let mut run = String::new();
    let mut run_hi = false;
    for (i, c) in text.chars().enumerate() {
        let h = positions.binary_search(&i).is_ok() && c != '…';
        if h != run_hi && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), if run_hi { hi } else { style }));
        }
        run_hi = h;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hi { hi } else { style }));
    }
}
