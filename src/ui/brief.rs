//! The briefing's own regions: the presenter's notes panel (clock, the stop, its talking points, the next
//! stop) and the audience's stop card (the stop's event or era, big and plain). Over-budget time is written
//! out (`+01:12 over`), never shown by colour alone.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{para, safe, truncate};
use crate::app::brief::{Briefing, mm_ss};
use crate::app::{Action, App, Role};
use crate::input;
use crate::timeline::Timeline;
use crate::tour::{Stop, Target};

/// Draws the notes panel or the stop card into `area` (with its border).
pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(b) = &app.briefing else { return };
    let t = app.timeline();
    let counter = format!(" Stop {}/{} ", b.stop + 1, b.tour.stops.len());
    let mut block = super::pane_frame(false, theme).title(Span::styled(
        if b.role == Role::Presenter { format!(" Notes ·{counter}") } else { counter },
        theme.pane_title(false),
    ));
    if b.role == Role::Presenter {
        let next = match b.next() {
            Some(s) => safe(&label(t, s)),
            None => "end of the tour".to_string(),
        };
        let room = usize::from(area.width.saturating_sub(10));
        block = block.title_bottom(Line::from(vec![
            Span::styled(" Next: ", theme.label()),
            Span::styled(format!("{} ", truncate(&next, room)), theme.base()),
        ]));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines = match b.role {
        Role::Presenter => notes(t, b, width, theme),
        Role::Audience => card(t, b.current(), width, theme),
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A stop in a few words: the event's title and year, or the era's name.
pub fn label(t: &Timeline, stop: &Stop) -> String {
    match stop.target {
        Target::Event(ev) => {
            let e = t.event(ev);
            format!("{} ({})", e.title, e.date.year())
        }
        Target::Era(era) => format!("Era: {}", t.era(era).name),
    }
}

fn notes(t: &Timeline, b: &Briefing, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = clock(b, width, theme);
    let stop = b.current();
    let (title, when, summary) = heading(t, stop);
    para(&mut out, &title, width, 0, theme.bold(), Some(vec![]));
    out.push(Line::styled(when, theme.date()));
    out.push(Line::default());
    if stop.notes.is_empty() {
        out.push(Line::styled("(no talking points)", theme.dim()));
    }
    for n in &stop.notes {
        para(&mut out, n, width, 2, theme.base(), Some(vec![Span::styled("• ", theme.label())]));
    }
    // An era's summary comes after the talking points, which matter more to the presenter.
    if let Target::Era(_) = stop.target {
        out.push(Line::default());
        para(&mut out, &summary, width, 0, theme.dim(), Some(vec![]));
    }
    out
}

/// `Stop 01:23 / 02:00   Tour 05:10 / 20:00`, with `+MM:SS over` after a budget that is exceeded; on two
/// lines when one is too narrow.
fn clock(b: &Briefing, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let part = |name: &str, elapsed: Duration, budget: Duration, over: Option<Duration>| {
        let mut spans = vec![Span::styled(format!("{name} "), theme.label())];
        let style = if over.is_some() { theme.unconfirmed() } else { theme.bold() };
        spans.push(Span::styled(format!("{} / {}", mm_ss(elapsed), mm_ss(budget)), style));
        if let Some(o) = over {
            spans.push(Span::raw("  "));
            let warn = theme.unconfirmed().add_modifier(Modifier::REVERSED);
            spans.push(Span::styled(format!("+{} over", mm_ss(o)), warn));
        }
        spans
    };
    let stop = part("Stop", b.stop_elapsed(), b.stop_budget(), b.stop_over());
    let tour = part("Tour", b.tour_elapsed(), b.tour_budget(), b.tour_over());
    let w = |spans: &[Span]| spans.iter().map(|s| super::text::width(&s.content)).sum::<usize>();
    if w(&stop) + 4 + w(&tour) <= width {
        let mut line = stop;
        line.push(Span::raw("    "));
        line.extend(tour);
        vec![Line::from(line)]
    } else {
        vec![Line::from(stop), Line::from(tour)]
    }
}

/// The stop as the audience sees it: the event's title, date and summary, or the era's name, span and
/// summary.
fn card(t: &Timeline, stop: &Stop, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let (title, when, summary) = heading(t, stop);
    para(&mut out, &title, width, 0, theme.bold().add_modifier(Modifier::UNDERLINED), Some(vec![]));
    out.push(Line::styled(when, theme.date().add_modifier(Modifier::BOLD)));
    out.push(Line::default());
    para(&mut out, &summary, width, 0, theme.base(), Some(vec![]));
    out
}

/// A stop's title, dates and summary: the event's, or the era's (`Era: name`, its span).
fn heading(t: &Timeline, stop: &Stop) -> (String, String, String) {
    match stop.target {
        Target::Event(ev) => {
            let e = t.event(ev);
            (e.title.clone(), e.when_human(), e.summary.clone())
        }
        Target::Era(era) => {
            let e = t.era(era);
            (
                format!("Era: {}", e.name),
                format!("{} – {}", e.start.human(), e.end.human()),
                e.summary.clone(),
            )
        }
    }
}

/// The title bar's right side while briefing: `stop 3/12`.
pub fn counter(b: &Briefing) -> String {
    format!(" stop {}/{} ", b.stop + 1, b.tour.stops.len())
}

/// The key that returns to the current stop, as the keymap names it.
pub fn return_key() -> String {
    input::BINDINGS
        .iter()
        .find(|b| b.action == Action::ReturnToStop)
        .map_or_else(String::new, input::keys_label)
}
