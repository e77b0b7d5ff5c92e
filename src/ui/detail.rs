//! The event pane: title, date or range, era, countries, tags, the summary and every recorded disagreement;
//! an event resting only on a weak source is marked UNCONFIRMED in words, not only in colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{para, safe};
use crate::app::App;
use crate::timeline::{Event, Timeline, country_name};

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = lines(app, usize::from(area.width), theme);
    let max = lines.len().saturating_sub(usize::from(area.height));
    let scroll = usize::from(app.scroll.detail).min(max);
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), area);
    super::more_marks(frame, area, scroll, total, theme);
}

/// The pane's content at a width (also used to bound scrolling).
pub fn lines(app: &App, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    match app.selected_event() {
        Some(e) => event_lines(app.timeline(), e, width, theme),
        None => vec![Line::styled("No event selected.", theme.dim())],
    }
}

pub fn event_lines(t: &Timeline, e: &Event, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    para(&mut out, &e.title, width, 0, theme.bold(), Some(vec![]));
    let mut when = vec![Span::styled(e.when_human(), theme.date())];
    if e.date.approximate {
        when.push(Span::styled("  (approximate date)", theme.dim()));
    } else if e.date.uncertain {
        when.push(Span::styled("  (uncertain date)", theme.dim()));
    }
    out.push(Line::from(when));
    if e.unconfirmed {
        out.push(Line::from(vec![
            Span::styled(
                " ! UNCONFIRMED ",
                theme.unconfirmed().add_modifier(ratatui::style::Modifier::REVERSED),
            ),
            Span::styled(" rests only on a weak source", theme.unconfirmed()),
        ]));
    }
    out.push(Line::default());
    let field = |out: &mut Vec<Line<'static>>, name: &str, value: String| {
        para(
            out,
            &value,
            width,
            10,
            theme.base(),
            Some(vec![Span::styled(format!("{name:<10}"), theme.label())]),
        );
    };
    if !e.eras.is_empty() {
        let eras: Vec<String> = e.eras.iter().map(|&x| t.era(x).name.clone()).collect();
        field(&mut out, "Era", eras.join(" · "));
    }
    let countries: Vec<&str> = e.countries.iter().map(|c| country_name(c)).collect();
    field(&mut out, "Countries", countries.join(", "));
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|&g| t.tag(g).id.clone()).collect();
        field(&mut out, "Tags", tags.join(" · "));
    }
    field(&mut out, "Id", e.id.clone());
    out.push(Line::default());
    para(&mut out, &e.summary, width, 0, theme.base(), Some(vec![]));
    for d in &e.disputes {
        out.push(Line::default());
        para(
            &mut out,
            &d.point,
            width,
            2,
            theme.disputed(),
            Some(vec![Span::styled(
                "≠ DISPUTED: ",
                theme.disputed().add_modifier(ratatui::style::Modifier::BOLD),
            )]),
        );
        for side in &d.sides {
            let who: Vec<String> = side
                .sources
                .iter()
                .map(|&s| {
                    let s = t.source(s);
                    format!("{} [{}]", safe(&s.author), s.reliability.name())
                })
                .collect();
            para(
                &mut out,
                &format!("{} — {}", side.claim, who.join("; ")),
                width,
                4,
                theme.base(),
                Some(vec![Span::raw("  • ")]),
            );
        }
        if let Some((fact, by)) = &d.settled {
            let text = format!("{fact} — {}", t.source(*by).author);
            para(
                &mut out,
                &text,
                width,
                4,
                theme.settled(),
                Some(vec![Span::styled("  ✓ Settled: ", theme.settled())]),
            );
        }
    }
    out
}
