//! The readings pane: each theory reading of the selected event — the theory, who argues it (a source with its
//! locator, or EDITORIAL: the project's own reading, marked in words) and the text. Under a lens, that
//! theory's reading comes first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::sources::block_scroll;
use super::text::{para, safe};
use crate::app::{App, Pane};
use crate::timeline::{Author, Reading, Timeline};

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(e) = app.selected_event() else { return };
    let focused = app.focus == Pane::Theories;
    let order = app.readings_order(e);
    let mut out = Vec::new();
    let mut starts = Vec::new();
    for (pos, &i) in order.iter().enumerate() {
        starts.push(out.len());
        let sel = focused && pos == app.scroll.reading;
        let lens = app.lens == Some(e.readings[i].theory);
        reading(&mut out, app.timeline(), &e.readings[i], usize::from(area.width), sel, lens, theme);
    }
    if out.is_empty() {
        out.push(Line::styled("No theory readings of this event.", theme.dim()));
        if !app.timeline().theories.is_empty() {
            out.push(Line::styled("Theories: press 1-9 for a lens on the whole timeline.", theme.dim()));
        }
    }
    let scroll = block_scroll(&starts, app.scroll.reading, out.len(), usize::from(area.height));
    let total = out.len();
    frame.render_widget(Paragraph::new(out).scroll((scroll as u16, 0)), area);
    super::more_marks(frame, area, scroll, total, theme);
}

/// The lines of one reading.
pub fn reading(
    out: &mut Vec<Line<'static>>,
    t: &Timeline,
    r: &Reading,
    width: usize,
    sel: bool,
    lens: bool,
    theme: &Theme,
) {
    let th = t.theory(r.theory);
    let marker = if sel {
        Span::styled("▶ ", theme.cursor_mark())
    } else if lens {
        Span::styled("◆ ", theme.lens())
    } else {
        Span::raw("  ")
    };
    let name_style = if sel { theme.selected().patch(theme.theory()) } else { theme.theory() };
    let mut head = vec![marker, Span::styled(safe(&th.name), name_style)];
    match &r.by {
        Author::Source { source, locator, .. } => {
            let s = t.source(*source);
            head.push(Span::styled(format!(" — {}, {}", safe(&s.author), safe(locator)), theme.dim()));
        }
        Author::Editorial => {
            head.push(Span::raw(" "));
            head.push(Span::styled(" EDITORIAL ", theme.editorial()));
            head.push(Span::styled(
                " the project's reading, not a source's",
                theme.dim().add_modifier(Modifier::ITALIC),
            ));
        }
    }
    let joined: String = head.iter().map(|s| s.content.as_ref()).collect();
    if super::text::width(&joined) <= width {
        out.push(Line::from(head));
    } else {
        // Too long for one line: the marker and theory, then the attribution wrapped below.
        let rest: String = head[2..].iter().map(|s| s.content.as_ref()).collect::<String>();
        out.push(Line::from(head[..2].to_vec()));
        para(
            out,
            rest.trim(),
            width,
            4,
            if matches!(r.by, Author::Editorial) { theme.editorial() } else { theme.dim() },
            Some(vec![Span::raw("    ")]),
        );
    }
    para(out, &r.text, width, 4, theme.base(), Some(vec![Span::raw("    ")]));
    if let Author::Source { quote: Some(q), .. } = &r.by {
        para(out, &format!("“{}”", safe(q)), width, 4, theme.quote(), Some(vec![Span::raw("    ")]));
    }
}
