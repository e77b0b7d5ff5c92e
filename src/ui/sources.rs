//! The sources pane: each citation of the selected event — the source's author, title and year, its
//! reliability grade in words, the locator and the quote. With the pane focused, `Enter` opens the source.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{para, safe};
use crate::app::{App, Pane};
use crate::timeline::{Event, Timeline};

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(e) = app.selected_event() else { return };
    let focused = app.focus == Pane::Sources;
    let sel = focused.then_some(app.scroll.source);
    let (lines, starts) = lines(app.timeline(), e, usize::from(area.width), sel, theme);
    let scroll = block_scroll(&starts, app.scroll.source, lines.len(), usize::from(area.height));
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), area);
    super::more_marks(frame, area, scroll, total, theme);
}

/// The first line to show so that block `sel` (starting at `starts[sel]`) is on screen.
pub fn block_scroll(starts: &[usize], sel: usize, total: usize, height: usize) -> usize {
    let Some(&start) = starts.get(sel) else { return 0 };
    let end = starts.get(sel + 1).copied().unwrap_or(total);
    let max = total.saturating_sub(height);
    if end <= height { 0 } else { end.saturating_sub(height).min(start).min(max) }
}

/// The citations as lines, and the first line of each.
pub fn lines(
    t: &Timeline,
    e: &Event,
    width: usize,
    selected: Option<usize>,
    theme: &Theme,
) -> (Vec<Line<'static>>, Vec<usize>) {
    let mut out = Vec::new();
    let mut starts = Vec::new();
    for (i, c) in e.citations.iter().enumerate() {
        starts.push(out.len());
        let s = t.source(c.source);
        let is_sel = selected == Some(i);
        let marker = if is_sel { Span::styled("▶ ", theme.cursor_mark()) } else { Span::raw("  ") };
        let year = s.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let grade = Span::styled(format!("[{}] ", s.reliability.name()), theme.grade(s.reliability));
        let author_style = if is_sel { theme.selected() } else { theme.bold() };
        para(&mut out, &format!("{}{year}", s.author), width, 2, author_style, Some(vec![marker, grade]));
        para(&mut out, &s.title, width, 2, theme.source_title(), None);
        para(&mut out, &c.locator, width, 4, theme.dim(), Some(vec![Span::styled("  § ", theme.dim())]));
        if let Some(q) = &c.quote {
            para(&mut out, &format!("“{}”", safe(q)), width, 4, theme.quote(), Some(vec![Span::raw("    ")]));
        }
    }
    if out.is_empty() {
        out.push(Line::styled("No citations.", theme.dim()));
    }
    (out, starts)
}
