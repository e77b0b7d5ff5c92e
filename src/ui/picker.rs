//! The filter picker (`f`): every country, era, theory, tag and source, with how many listed events each
//! keeps; `[x]` marks the active ones (in words and brackets, not colour).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{safe, truncate, width};
use super::{Theme, layout};
use crate::app::App;
use crate::app::filters::{PickerRow, picker_choices};
use crate::app::update::picker;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, cursor: usize, theme: &Theme) {
    let rows = picker(app);
    let rect = layout::centered(area, 64, area.height.saturating_sub(2));
    let inner = super::overlay_frame(frame, rect, "Filters — Space/Enter on/off · all must hold", theme);
    if inner.height == 0 {
        return;
    }
    let choices = picker_choices(&rows);
    let sel_row = choices.get(cursor).copied().unwrap_or(0);
    let h = usize::from(inner.height);
    let offset = layout::follow(0, sel_row, rows.len(), h);
    let w = usize::from(inner.width);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, r)| match r {
            PickerRow::Heading(name) => Line::styled(name.to_string(), theme.pane_title(false)),
            PickerRow::Choice { label, count, active, .. } => {
                let sel = i == sel_row;
                let base = if sel { theme.selected() } else { theme.base() };
                let mark = if *active { "[x] " } else { "[ ] " };
                let empty = *count == 0;
                let count = format!(" {count:>4}");
                let room = w.saturating_sub(2 + 4 + width(&count));
                let label = truncate(&safe(label), room);
                let pad = room.saturating_sub(width(&label));
                let mark_style = if *active { base.patch(theme.key()) } else { base };
                let count_style = if empty { base.patch(theme.dim()) } else { base };
                Line::from(vec![
                    Span::styled(if sel { "▶ " } else { "  " }, base.patch(theme.cursor_mark())),
                    Span::styled(mark, mark_style),
                    Span::styled(format!("{label}{}", " ".repeat(pad)), base),
                    Span::styled(count, count_style),
                ])
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
