//! The time ruler across the top, from the timeline's first year to its last: eras as bands with their names
//! where they fit (boundaries marked `│`, so colour is not needed to tell them apart), event density as bars
//! (the stretch of years on screen in the list drawn brighter), and the cursor's year marked `▲`.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::text::{safe, truncate, width};
use super::{Theme, layout};
use crate::app::App;

/// Maps years to columns of a ruler `cols` wide.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub first: i32,
    pub last: i32,
    pub cols: u16,
}

impl Scale {
    pub fn new(app: &App, cols: u16) -> Scale {
        let t = app.timeline();
        let first = t.span.start.min(t.events.first().map_or(t.span.start, |e| e.date.year()));
        let last = t.last_year().max(t.events.last().map_or(first, |e| e.date.year())).max(first + 1);
        Scale { first, last, cols }
    }

    pub fn col(&self, year: i32) -> u16 {
        if self.cols <= 1 {
            return 0;
        }
        let y = i64::from(year.clamp(self.first, self.last) - self.first);
        let span = i64::from(self.last - self.first);
        (y * i64::from(self.cols - 1) / span) as u16
    }

    pub fn year(&self, col: u16) -> i32 {
        if self.cols <= 1 {
            return self.first;
        }
        self.first + (i64::from(col) * i64::from(self.last - self.first) / i64::from(self.cols - 1)) as i32
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    if area.width < 2 || area.height == 0 {
        return;
    }
    let scale = Scale::new(app, area.width);
    let buf = frame.buffer_mut();
    let mut rows = area.rows();
    if area.height >= 3
        && let Some(r) = rows.next()
    {
        eras(app, buf, r, scale, theme);
    }
    if let Some(r) = rows.next() {
        density(app, buf, r, scale, theme);
    }
    if let Some(r) = rows.next() {
        axis(app, buf, r, scale, theme);
    }
}

fn eras(app: &App, buf: &mut Buffer, r: Rect, scale: Scale, theme: &Theme) {
    let t = app.timeline();
    let today = t.as_of;
    for x in r.left()..r.right() {
        buf[(x, r.y)].set_symbol(" ").set_style(theme.dim());
    }
    let mut eras: Vec<usize> = (0..t.eras.len()).collect();
    eras.sort_by_key(|&i| t.eras[i].start);
    for (n, &i) in eras.iter().enumerate() {
        let era = &t.eras[i];
        let from = scale.col(era.start.year());
        let to = scale.col(era.end.last_day(&today).0).max(from);
        let style = theme.era(n);
        for c in from..=to.min(r.width - 1) {
            buf[(r.x + c, r.y)].set_symbol(" ").set_style(style);
        }
        buf[(r.x + from, r.y)].set_symbol("│").set_style(style);
        let room = usize::from(to - from);
        let name = safe(&era.name);
        let label = if width(&name) < room {
            name
        } else if room >= 5 {
            truncate(&name, room - 1)
        } else {
            String::new()
        };
        buf.set_stringn(r.x + from + 1, r.y, &label, room, style);
    }
}

/// The years of the events on screen in the list.
fn visible_years(app: &App) -> Option<(i32, i32)> {
    let a = layout::areas(app.viewport.0, app.viewport.1, app.focus);
    let rows = layout::list_rows(&a).max(1);
    let t = app.timeline();
    let offset = layout::follow(app.offset, app.cursor, app.list.len(), rows);
    let shown = app.list.get(offset..(offset + rows).min(app.list.len()))?;
    let years = shown.iter().map(|&e| t.event(e).date.year());
    Some((years.clone().min()?, years.max()?))
}

fn density(app: &App, buf: &mut Buffer, r: Rect, scale: Scale, theme: &Theme) {
    const BARS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
    let mut counts = vec![0usize; usize::from(r.width)];
    for &ev in &app.list {
        counts[usize::from(scale.col(app.data.years[ev.get()]))] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let (lo, hi) = visible_years(app).map_or((1, 0), |(a, b)| (scale.col(a), scale.col(b)));
    for (i, &n) in counts.iter().enumerate() {
        let level = if n == 0 { 0 } else { 1 + (n * 7).div_ceil(max).min(7) };
        let in_view = (lo..=hi).contains(&(i as u16));
        let sym = BARS[level.min(8)];
        buf[(r.x + i as u16, r.y)].set_symbol(sym).set_style(theme.density(in_view));
    }
}

fn axis(app: &App, buf: &mut Buffer, r: Rect, scale: Scale, theme: &Theme) {
    for x in r.left()..r.right() {
        buf[(x, r.y)].set_symbol(" ").set_style(theme.dim());
    }
    let span = scale.last - scale.first;
    let step =
        [10, 20, 25, 50, 100].into_iter().find(|s| span / s * 6 <= i32::from(r.width) / 2).unwrap_or(100);
    let mut free_from = 0u16;
    let cursor = app.selected_event().map(|e| e.date.year());
    let cursor_label = cursor.map(|y| (scale.col(y), format!("▲{y}")));
    let mut y = (scale.first + step - 1) / step * step;
    while y <= scale.last {
        let c = scale.col(y);
        let label = format!("╵{y}");
        let clashes =
            cursor_label.as_ref().is_some_and(|(cc, l)| c + 6 > *cc && c < cc + l.chars().count() as u16 + 1);
        if c >= free_from && c + 5 <= r.width && !clashes {
            buf.set_string(r.x + c, r.y, &label, theme.dim());
            free_from = c + 6;
        }
        y += step;
    }
    if let (Some((c, label)), Some(y)) = (cursor_label, cursor) {
        let w = label.chars().count() as u16;
        if c + w <= r.width {
            buf.set_string(r.x + c, r.y, &label, theme.cursor_mark());
        } else {
            let start = (c + 1).saturating_sub(w);
            buf.set_stringn(
                r.x + start,
                r.y,
                format!("{y}▲"),
                usize::from(r.width - start),
                theme.cursor_mark(),
            );
        }
    }
}
