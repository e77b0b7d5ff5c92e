//! The footer: key hints for the current mode, straight from the keymap (`input::hints`), as many as fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::width;
use crate::app::App;
use crate::input;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (keys, label) in input::hints(app.mode()) {
        let w = width(&keys) + width(label) + 3;
        if used + w > usize::from(area.width) {
            break;
        }
        spans.push(Span::styled(format!(" {keys}"), theme.key()));
        spans.push(Span::styled(format!(" {label} "), theme.dim()));
        used += w;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
