//! The `?` help: every binding of every mode, generated from the keymap (`input::SECTIONS`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{truncate, width};
use super::{Theme, layout};
use crate::input;

fn lines(theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (title, modes) in input::SECTIONS {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(title.to_string(), theme.pane_title(true)));
        for (keys, help) in input::section_rows(modes) {
            let keys = format!("  {keys:<16}");
            let room = w.saturating_sub(width(&keys));
            out.push(Line::from(vec![Span::styled(keys, theme.key()), Span::raw(truncate(help, room))]));
        }
    }
    out.push(Line::default());
    out.push(Line::styled(
        "Mouse: the wheel scrolls, a click selects; a click on the ruler jumps to that year.",
        theme.dim(),
    ));
    out.push(Line::styled("Marks: ≠ disputed · ! unconfirmed · ◆ read by the lens theory · c.1877 approximate · 1900? uncertain", theme.dim()));
    out
}

fn area_of(area: Rect) -> Rect {
    layout::centered(area, 96, area.height.saturating_sub(2))
}

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let rect = area_of(area);
    let inner = super::overlay_frame(frame, rect, "Help — keys", theme);
    let lines = lines(theme, usize::from(inner.width));
    let max = (lines.len() as u16).saturating_sub(inner.height);
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
    super::more_marks(frame, inner, usize::from(scroll.min(max)), total, theme);
}

pub fn max_scroll(area: Rect) -> u16 {
    let inner = area_of(area);
    let h = inner.height.saturating_sub(2);
    (lines(&Theme::new(Default::default()), usize::from(inner.width.saturating_sub(2))).len() as u16)
        .saturating_sub(h)
}
