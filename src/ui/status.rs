//! The status line: position N/M, the search, the filters, the lens and mouse state, and the last message;
//! while a prompt is open (`/` or `:`), the prompt itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{safe, truncate, width};
use crate::app::{App, Mode, Overlay};

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let w = usize::from(area.width);
    let line = match app.mode() {
        Mode::Search => prompt('/', &app.search.input, &hits_note(app), w, theme),
        Mode::Jump => {
            let input = match app.overlays.last() {
                Some(Overlay::Jump { input }) => input.as_str(),
                _ => "",
            };
            prompt(':', input, "year · 1846-05 · event-id · era-id", w, theme)
        }
        _ => status(app, w, theme),
    };
    frame.render_widget(Paragraph::new(line).style(theme.status()), area);
}

/// "12 hits", or while the search runs, "searching… 40% · 12 hits".
fn hits_note(app: &App) -> String {
    match app.search.percent() {
        Some(p) => format!("searching… {p}% · {} hits", app.list.len()),
        None => format!("{} hits", app.list.len()),
    }
}

fn prompt(sigil: char, input: &str, note: &str, w: usize, theme: &Theme) -> Line<'static> {
    let input = safe(input);
    let note = format!("  {note} ");
    let room = w.saturating_sub(3 + width(&note));
    // Keep the end of a long input in view.
    let shown: String = if width(&input) > room {
        let skip = input.chars().count().saturating_sub(room.saturating_sub(1));
        format!("…{}", input.chars().skip(skip + 1).collect::<String>())
    } else {
        input
    };
    Line::from(vec![
        Span::styled(format!(" {sigil}"), theme.status_item()),
        Span::styled(shown, theme.prompt()),
        Span::styled("▏", theme.status_item()),
        Span::styled(note, theme.status()),
    ])
}

fn status(app: &App, w: usize, theme: &Theme) -> Line<'static> {
    let t = app.timeline();
    let mut parts: Vec<Span<'static>> = Vec::new();
    let pos =
        if app.list.is_empty() { "0/0".into() } else { format!("{}/{}", app.cursor + 1, app.list.len()) };
    parts.push(Span::styled(format!(" {pos} "), theme.status_item()));
    if app.list.len() != t.events.len() {
        parts.push(Span::styled(format!("of {} ", t.events.len()), theme.status()));
    }
    let sep = || Span::styled("│ ", theme.status());
    parts.extend(super::follow::status_parts(app, theme));
    if app.search.is_active() {
        parts.push(sep());
        let order = if app.search.ranked { ", ranked" } else { "" };
        parts.push(Span::styled(format!("/{}", safe(&app.search.input).trim()), theme.status_item()));
        let note = match app.search.percent() {
            Some(p) => format!(" (searching… {p}% · {} hits{order}) ", app.search.hits.len()),
            None => format!(" ({} hits{order}) ", app.search.hits.len()),
        };
        parts.push(Span::styled(note, theme.status()));
    }
    if !app.filters.is_empty() {
        parts.push(sep());
        parts.push(Span::styled("filters ", theme.status()));
        let labels: Vec<String> = app.filters.0.iter().map(|f| safe(&f.label(t))).collect();
        parts.push(Span::styled(format!("{} ", labels.join(" ")), theme.status_item()));
    }
    if let Some(th) = app.lens {
        parts.push(sep());
        parts.push(Span::styled("lens ◆ ", theme.status()));
        parts.push(Span::styled(format!("{} ", safe(&t.theory(th).name)), theme.status_item()));
    }
    if !app.mouse {
        parts.push(sep());
        parts.push(Span::styled("mouse off ", theme.status()));
    }
    if let Some(b) = &app.briefing
        && crate::app::brief::off_tour(app)
    {
        parts.push(sep());
        let note = format!("OFF TOUR: {} returns to stop {} ", super::brief::return_key(), b.stop + 1);
        parts.push(Span::styled(note, theme.status_item()));
    }
    let used: usize = parts.iter().map(|s| width(&s.content)).sum();
    let era = app.selected_event().and_then(|e| e.eras.last()).map(|&x| safe(&t.era(x).name));
    if app.message.is_none()
        && let Some(era) = era
    {
        let room = w.saturating_sub(used + 2);
        let text = truncate(&era, room);
        let pad = room.saturating_sub(width(&text));
        parts.push(Span::styled(" ".repeat(pad + 1), theme.status()));
        parts.push(Span::styled(format!("{text} "), theme.status()));
    }
    if let Some(m) = &app.message {
        let room = w.saturating_sub(used + 2);
        let text = truncate(&safe(&m.text), room);
        let pad = room.saturating_sub(width(&text));
        parts.push(Span::styled(" ".repeat(pad + 1), theme.status()));
        let style = if m.error { theme.error() } else { theme.status() };
        parts.push(Span::styled(format!("{text} "), style));
    }
    Line::from(parts)
}
