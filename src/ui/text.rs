//! Text for the screen: every piece of data text is made inert, then measured in terminal cells and wrapped
//! here, so panes know their exact height (for scrolling) and no control sequence from the data is drawn.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Data text made safe to draw.
pub fn safe(s: &str) -> String {
    crate::text::inert(s).into_owned()
}

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// At most `max` cells, with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Word-wraps to `max` cells per line (long words are cut).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let ww = width(word);
        if w > 0 && w + 1 + ww > max {
            lines.push(std::mem::take(&mut line));
            w = 0;
        }
        if ww > max {
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if w + cw > max {
                    lines.push(std::mem::take(&mut line));
                    w = 0;
                }
                line.push(c);
                w += cw;
            }
            continue;
        }
        if w > 0 {
            line.push(' ');
            w += 1;
        }
        line.push_str(word);
        w += ww;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A paragraph of data text, wrapped to `width` with an indent, as lines in one style; the first line may
/// start with a styled prefix instead of the indent.
pub fn para(
    out: &mut Vec<Line<'static>>,
    text: &str,
    width: usize,
    indent: usize,
    style: Style,
    first: Option<Vec<Span<'static>>>,
) {
    let text = safe(text);
    let first_w = first.as_ref().map_or(indent, |f| f.iter().map(|s| width_of(s)).sum());
    let body = width.saturating_sub(indent).max(8);
    let mut wrapped = wrap(&text, width.saturating_sub(first_w).max(8)).into_iter();
    let head = wrapped.next().unwrap_or_default();
    let rest: String = wrapped.collect::<Vec<_>>().join(" ");
    let mut spans = first.unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
    spans.push(Span::styled(head, style));
    out.push(Line::from(spans));
    if !rest.is_empty() {
        for l in wrap(&rest, body) {
            out.push(Line::from(vec![Span::raw(" ".repeat(indent)), Span::styled(l, style)]));
        }
    }
}

fn width_of(s: &Span) -> usize {
    width(&s.content)
}
