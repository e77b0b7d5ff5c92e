//! The view: `view(&App, &mut Frame)` draws the whole screen from the state and never changes it. One module
//! per pane or overlay; `layout` says where they go, `theme` how they look, `text` wraps data text (always made
//! inert first: nothing from the data reaches the terminal as a control sequence).

pub mod ascii;
pub mod brief;
pub mod detail;
pub mod events;
pub mod follow;
pub mod footer;
pub mod help;
pub mod layout;
pub mod overlays;
pub mod picker;
pub mod ruler;
pub mod sources;
pub mod status;
pub mod text;
pub mod theme;
pub mod theories;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::app::{App, Overlay, Pane};
use layout::Kind;
pub use theme::Theme;

/// Draws the whole screen (in ASCII only with `--ascii`).
pub fn view(app: &App, frame: &mut Frame) {
    screen(app, frame);
    if app.style.ascii {
        ascii::fold(frame.buffer_mut());
    }
}

fn screen(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::of(app);
    frame.render_widget(Block::default().style(theme.base()), area);
    let a = layout::app_areas(app, area.width, area.height);
    if a.kind == Kind::TooSmall {
        too_small(frame, area, &theme);
        return;
    }
    title_bar(app, frame, a.title, &theme);
    ruler::draw(app, frame, a.ruler, &theme);
    events::draw(app, frame, a.list, &theme);
    for &(pane, rect) in &a.panes {
        let focused = app.focus == pane;
        let block = pane_block(app, pane, focused, &theme, a.kind);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        match pane {
            Pane::Detail => detail::draw(app, frame, inner, &theme),
            Pane::Sources => sources::draw(app, frame, inner, &theme),
            Pane::Theories => theories::draw(app, frame, inner, &theme),
            Pane::Events => {}
        }
    }
    if a.notes.area() > 0 {
        brief::draw(app, frame, a.notes, &theme);
    }
    status::draw(app, frame, a.status, &theme);
    footer::draw(app, frame, a.footer, &theme);
    for o in &app.overlays {
        match o {
            Overlay::Help { scroll } => help::draw(frame, area, *scroll, &theme),
            Overlay::Picker { cursor } => picker::draw(app, frame, area, *cursor, &theme),
            Overlay::Audience { cursor } => follow::audience(app, frame, area, *cursor, &theme),
            Overlay::Jump { .. } => {}
            Overlay::Source { source, cursor } => {
                overlays::source(app, frame, area, *source, *cursor, &theme)
            }
            Overlay::Bibliography { cursor } => overlays::bibliography(app, frame, area, *cursor, &theme),
            Overlay::Compare { first, scroll } => {
                overlays::compare(app, frame, area, *first, *scroll, &theme)
            }
            Overlay::Event { scroll } => overlays::event(app, frame, area, *scroll, &theme),
        }
    }
}

/// The title of a pane's border, with the keys that reach the panes kept off screen at small sizes.
fn pane_block<'a>(app: &App, pane: Pane, focused: bool, theme: &Theme, kind: Kind) -> Block<'a> {
    let mut title = vec![Span::styled(format!(" {} ", pane.title()), theme.pane_title(focused))];
    if pane == Pane::Sources
        && let Some(e) = app.selected_event()
    {
        title.push(Span::styled(format!("{} ", e.citations.len()), theme.dim()));
    }
    if pane == Pane::Theories
        && let Some(e) = app.selected_event()
    {
        title.push(Span::styled(format!("{} ", e.readings.len()), theme.dim()));
    }
    let mut block = pane_frame(focused, theme).title(Line::from(title));
    if kind == Kind::Narrow {
        let others: Vec<&str> =
            Pane::ALL.iter().filter(|&&p| p != pane && p != Pane::Events).map(|p| p.title()).collect();
        block = block.title_bottom(
            Line::from(vec![
                Span::styled(" Tab ", theme.key()),
                Span::styled(format!("{} ", others.join(" · ")), theme.dim()),
            ])
            .right_aligned(),
        );
    }
    block
}

/// Marks a pane whose content goes on below (or above) what is shown, on its bottom border.
pub fn more_marks(frame: &mut Frame, inner: Rect, scroll: usize, total: usize, theme: &Theme) {
    let h = usize::from(inner.height);
    if inner.width < 12 || inner.height == 0 || total <= h {
        return;
    }
    let below = total.saturating_sub(scroll + h);
    let text = match (scroll > 0, below > 0) {
        (_, true) => format!(" ↓ {below} more "),
        (true, false) => " ↑ top ".to_string(),
        _ => return,
    };
    let y = inner.bottom();
    if y < frame.area().bottom() {
        frame.buffer_mut().set_string(
            inner.x + 1,
            y,
            text,
            theme.dim().add_modifier(ratatui::style::Modifier::BOLD),
        );
    }
}

/// A bordered block; the focused pane gets a heavy, highlighted border (not only a colour).
pub fn pane_frame<'a>(focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Rounded })
        .border_style(theme.border(focused))
}

/// A framed overlay window: cleared, titled, with a background of its own.
pub fn overlay_frame(frame: &mut Frame, area: Rect, title: &str, theme: &Theme) -> Rect {
    frame.render_widget(Clear, area);
    let block = pane_frame(true, theme)
        .title(Span::styled(format!(" {title} "), theme.pane_title(true)))
        .title_bottom(
            Line::from(vec![Span::styled(" Esc ", theme.key()), Span::styled("close ", theme.dim())])
                .right_aligned(),
        )
        .style(theme.overlay_bg());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

fn title_bar(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let t = app.timeline();
    let n = t.events.len();
    let (title, right) = match &app.briefing {
        Some(b) => (&b.tour.title, brief::counter(b)),
        None => (
            &t.title,
            format!(" {n} event{} · data as of {} ", if n == 1 { "" } else { "s" }, t.as_of.human()),
        ),
    };
    let name = " annals ";
    let room = usize::from(area.width).saturating_sub(name.len() + right.chars().count() + 1);
    let title = text::truncate(&crate::text::inert(title), room);
    let pad = room.saturating_sub(text::width(&title));
    let line = Line::from(vec![
        Span::styled(name, theme.app_name()),
        Span::styled(format!(" {title}{}", " ".repeat(pad)), theme.title_bar()),
        Span::styled(right, theme.title_bar()),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.title_bar()), area);
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::styled("Terminal too small", theme.unconfirmed()),
        Line::from(format!(
            "{}x{} — annals needs {}x{}",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        )),
        Line::styled("Enlarge the window, or press q to quit", theme.dim()),
    ];
    let h = (lines.len() as u16).min(area.height);
    let y = area.y + (area.height - h) / 2;
    let rect = Rect::new(area.x, y, area.width, h);
    frame.render_widget(Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center), rect);
}

/// How far a pane can scroll at the current size (the content's height less the pane's).
pub fn max_scroll(app: &App, pane: Pane) -> u16 {
    let a = layout::app_areas(app, app.viewport.0, app.viewport.1);
    let Some(r) = a.pane(pane) else { return 0 };
    let (w, h) = (r.width.saturating_sub(2), r.height.saturating_sub(2));
    let n = match pane {
        Pane::Detail => detail::lines(app, usize::from(w), &Theme::new(app.colors)).len(),
        _ => 0,
    };
    (n as u16).saturating_sub(h)
}

/// How far the topmost scrolling overlay can scroll.
pub fn max_scroll_overlay(app: &App) -> u16 {
    let area = Rect::new(0, 0, app.viewport.0, app.viewport.1);
    let theme = Theme::new(app.colors);
    match app.overlays.last() {
        Some(Overlay::Help { .. }) => help::max_scroll(area),
        Some(Overlay::Event { .. }) => overlays::event_max_scroll(app, area, &theme),
        Some(Overlay::Compare { first, .. }) => overlays::compare_max_scroll(app, area, *first, &theme),
        _ => 0,
    }
}

/// Draws the app into an off-screen buffer of the given size (tests, snapshots, screenshots).
pub fn render(app: &App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).expect("a test backend never fails");
    terminal.draw(|f| view(app, f)).expect("a test backend never fails");
    terminal.backend().buffer().clone()
}

/// A buffer as plain text, one line per row, trailing spaces trimmed.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
