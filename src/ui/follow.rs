//! What following a presenter looks like (`annals serve`): the viewer's "following" / "detached" note and
//! the presenter's audience count in the status line, and the presenter's list of viewers to hand over to.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{safe, truncate, width};
use crate::app::App;
use crate::app::follow::Follow;

/// The status line's part for a viewer or a presenter; empty for a local browser. Said in words, not colour.
pub fn status_parts(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let text = if let Some(v) = &app.viewer {
        match v.follow {
            Follow::Following => "following the presenter ".to_string(),
            Follow::Detached => "detached — F to follow ".to_string(),
        }
    } else if let Some(a) = &app.audience {
        format!("{} ", a.summary())
    } else {
        return Vec::new();
    };
    vec![Span::styled("│ ", theme.status()), Span::styled(text, theme.status_item())]
}

/// The presenter's list of connected viewers; Enter hands the presenter role to the one under the cursor.
pub fn audience(app: &App, frame: &mut Frame, area: Rect, cursor: usize, theme: &Theme) {
    let rect = super::layout::overlay(area);
    let inner = super::overlay_frame(frame, rect, "Audience", theme);
    let w = usize::from(inner.width);
    let viewers = app.audience.as_ref().map_or(&[][..], |a| &a.viewers[..]);
    let mut out = vec![
        Line::styled(
            truncate(&app.audience.as_ref().map(|a| a.summary()).unwrap_or_default(), w),
            theme.pane_title(true),
        ),
        Line::styled(
            truncate("Enter hands the presenter role to the viewer under the cursor", w),
            theme.dim(),
        ),
        Line::default(),
    ];
    if viewers.is_empty() {
        out.push(Line::styled("No one is connected yet", theme.dim()));
    }
    let head = out.len();
    for (i, v) in viewers.iter().enumerate() {
        let sel = i == cursor;
        let base = if sel { theme.selected() } else { theme.base() };
        let state = if v.following { "following" } else { "detached" };
        let room = w.saturating_sub(2 + 11);
        let name = truncate(&safe(&v.name), room);
        let pad = room.saturating_sub(width(&name));
        out.push(Line::from(vec![
            Span::styled(if sel { "▶ " } else { "  " }, base.patch(theme.cursor_mark())),
            Span::styled(format!("{name}{} ", " ".repeat(pad)), base),
            Span::styled(format!("{state:<10}"), base.patch(theme.dim())),
        ]));
    }
    let scroll = (head + cursor + 1).saturating_sub(usize::from(inner.height));
    frame.render_widget(Paragraph::new(out).scroll((scroll as u16, 0)), inner);
}
