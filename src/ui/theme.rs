//! Semantic styles. Panes ask for `theme.selected` or `theme.citation`, never a colour; the colour depth
//! (NO_COLOR, 16 colours, 256, true colour) is decided here and only here. Without colour, meaning is still
//! carried by glyphs, words, bold, underline and reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::app::ColorDepth;
use crate::cli::ColorChoice;
use crate::timeline::Reliability;

/// The depth to draw with, from `--color` and the environment (`NO_COLOR`, `COLORTERM`, `TERM`). Over SSH
/// only `TERM` arrives by default, so `TERM` alone must give a sensible answer.
pub fn depth(choice: ColorChoice, no_color: bool, colorterm: Option<&str>, term: Option<&str>) -> ColorDepth {
    match choice {
        ColorChoice::Never => ColorDepth::None,
        ColorChoice::Ansi16 => ColorDepth::Ansi16,
        ColorChoice::Ansi256 => ColorDepth::Ansi256,
        ColorChoice::Truecolor => ColorDepth::Full,
        ColorChoice::Always => match detect(colorterm, term) {
            ColorDepth::None => ColorDepth::Ansi16,
            d => d,
        },
        ColorChoice::Auto if no_color => ColorDepth::None,
        ColorChoice::Auto => detect(colorterm, term),
    }
}

/// What the terminal says it can show: `dumb` has no colour; COLORTERM=truecolor/24bit and `*-direct` have
/// true colour; no TERM and the old DEC terminals (`vt100`, `vt220`) no colour; `*256*` has the 256-colour palette;
/// anything else (`xterm`, `screen`, `linux`, `ansi`) the 16 ANSI colours.
fn detect(colorterm: Option<&str>, term: Option<&str>) -> ColorDepth {
    let term = term.unwrap_or("").trim();
    let truecolor = colorterm.is_some_and(|c| c.contains("truecolor") || c.contains("24bit"));
    if term == "dumb" {
        ColorDepth::None
    } else if truecolor || term.contains("direct") {
        ColorDepth::Full
    } else if term.is_empty() || term.starts_with("vt") {
        ColorDepth::None
    } else if term.contains("256") {
        ColorDepth::Ansi256
    } else {
        ColorDepth::Ansi16
    }
}

/// The depth for this process, from `--color` and its environment.
pub fn depth_from_env(choice: ColorChoice) -> ColorDepth {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colorterm = std::env::var("COLORTERM").ok();
    let term = std::env::var("TERM").ok();
    depth(choice, no_color, colorterm.as_deref(), term.as_deref())
}

/// The semantic styles at one colour depth, in the default or the high-contrast theme.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub depth: ColorDepth,
    /// `--theme high-contrast`: pure black and white, meaning carried by bold, underline and reverse video (the
    /// styles of the no-colour theme), bold selection, no grey text. For projectors.
    pub high_contrast: bool,
}

const S: Style = Style::new();

impl Theme {
    /// The default theme at a depth.
    pub fn new(depth: ColorDepth) -> Theme {
        Theme { depth, high_contrast: false }
    }

    /// The theme the app asks for (`--theme`, `--color`).
    pub fn of(app: &crate::app::App) -> Theme {
        Theme { depth: app.colors, high_contrast: app.style.high_contrast }
    }

    /// Picks by depth: (true colour, 16 colours); 256 colours get the true-colour style on the nearest
    /// palette entries; no colour gives `mono`. The high-contrast theme is `mono` in black and white.
    fn pick(&self, full: Style, ansi: Style, mono: Style) -> Style {
        if self.high_contrast {
            return self.contrast(mono);
        }
        match self.depth {
            ColorDepth::Full => full,
            ColorDepth::Ansi256 => indexed_style(full),
            ColorDepth::Ansi16 => ansi,
            ColorDepth::None => mono,
        }
    }

    /// A style in white on black at this depth (unchanged without colour).
    fn contrast(&self, style: Style) -> Style {
        let (white, black) = match self.depth {
            ColorDepth::Full => (Color::Rgb(255, 255, 255), Color::Rgb(0, 0, 0)),
            ColorDepth::Ansi256 => (Color::Indexed(231), Color::Indexed(16)),
            ColorDepth::Ansi16 => (Color::White, Color::Black),
            ColorDepth::None => return style,
        };
        style.fg(white).bg(black)
    }

    /// The whole screen's ground: the terminal's own colours, or black in the high-contrast theme.
    pub fn base(&self) -> Style {
        self.pick(S, S, S)
    }
    pub fn dim(&self) -> Style {
        self.pick(S.fg(Color::Rgb(128, 136, 150)), S.fg(Color::DarkGray), S)
    }
    pub fn label(&self) -> Style {
        self.pick(S.fg(Color::Rgb(120, 160, 200)), S.fg(Color::Blue), S.add_modifier(Modifier::BOLD))
    }
    pub fn bold(&self) -> Style {
        let b = S.add_modifier(Modifier::BOLD);
        self.pick(b, b, b)
    }
    pub fn title_bar(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(230, 232, 240)).bg(Color::Rgb(40, 48, 66)),
            S.fg(Color::White).bg(Color::Blue),
            S.add_modifier(Modifier::REVERSED),
        )
    }
    pub fn app_name(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(255, 200, 90)).bg(Color::Rgb(40, 48, 66)).add_modifier(Modifier::BOLD),
            S.fg(Color::Yellow).bg(Color::Blue).add_modifier(Modifier::BOLD),
            S.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.pick(
                S.fg(Color::Rgb(255, 200, 90)),
                S.fg(Color::Yellow),
                S.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )
        } else {
            self.pick(S.fg(Color::Rgb(70, 80, 100)), S.fg(Color::DarkGray), S)
        }
    }
    pub fn pane_title(&self, focused: bool) -> Style {
        if focused { self.border(true).add_modifier(Modifier::BOLD) } else { self.label() }
    }
    /// The selected row (bold and reversed in the high-contrast theme).
    pub fn selected(&self) -> Style {
        let mono = if self.high_contrast { Modifier::REVERSED | Modifier::BOLD } else { Modifier::REVERSED };
        self.pick(
            S.bg(Color::Rgb(52, 62, 88)).add_modifier(Modifier::BOLD),
            S.bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD),
            S.add_modifier(mono),
        )
    }
    /// The selected row when its pane is not focused.
    pub fn selected_unfocused(&self) -> Style {
        self.pick(
            S.bg(Color::Rgb(40, 46, 60)),
            S.add_modifier(Modifier::BOLD),
            S.add_modifier(Modifier::UNDERLINED),
        )
    }
    pub fn date(&self) -> Style {
        self.pick(S.fg(Color::Rgb(140, 200, 230)), S.fg(Color::Cyan), S)
    }
    pub fn country(&self) -> Style {
        self.pick(S.fg(Color::Rgb(150, 160, 180)), S.fg(Color::DarkGray), S)
    }
    /// Matched characters of a search.
    pub fn highlight(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(255, 210, 80)).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            S.fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            S.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn unconfirmed(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(255, 120, 110)).add_modifier(Modifier::BOLD),
            S.fg(Color::Red).add_modifier(Modifier::BOLD),
            S.add_modifier(Modifier::BOLD),
        )
    }
    pub fn disputed(&self) -> Style {
        self.pick(S.fg(Color::Rgb(240, 160, 90)), S.fg(Color::Yellow), S.add_modifier(Modifier::BOLD))
    }
    pub fn settled(&self) -> Style {
        self.pick(S.fg(Color::Rgb(130, 200, 130)), S.fg(Color::Green), S)
    }
    /// Events the lens theory reads.
    pub fn lens(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(200, 150, 255)).add_modifier(Modifier::BOLD),
            S.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            S.add_modifier(Modifier::BOLD),
        )
    }
    pub fn citation(&self) -> Style {
        self.pick(S.fg(Color::Rgb(210, 214, 224)), S, S)
    }
    pub fn source_title(&self) -> Style {
        let i = S.add_modifier(Modifier::ITALIC);
        self.pick(i, i, i)
    }
    pub fn quote(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(170, 200, 160)).add_modifier(Modifier::ITALIC),
            S.fg(Color::Green),
            S.add_modifier(Modifier::ITALIC),
        )
    }
    pub fn editorial(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(30, 30, 30)).bg(Color::Rgb(230, 190, 90)).add_modifier(Modifier::BOLD),
            S.fg(Color::Black).bg(Color::Yellow),
            S.add_modifier(Modifier::REVERSED),
        )
    }
    pub fn theory(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(200, 150, 255)).add_modifier(Modifier::BOLD),
            S.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            S.add_modifier(Modifier::BOLD),
        )
    }
    pub fn grade(&self, r: Reliability) -> Style {
        let (rgb, ansi) = match r {
            Reliability::Primary => (Color::Rgb(120, 210, 140), Color::Green),
            Reliability::Official => (Color::Rgb(120, 180, 240), Color::Blue),
            Reliability::Scholarly => (Color::Rgb(140, 200, 230), Color::Cyan),
            Reliability::Journalistic => (Color::Rgb(220, 200, 120), Color::Yellow),
            Reliability::Weak => (Color::Rgb(255, 120, 110), Color::Red),
        };
        let mono = if r == Reliability::Weak { S.add_modifier(Modifier::BOLD) } else { S };
        self.pick(S.fg(rgb), S.fg(ansi), mono)
    }
    pub fn status(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(210, 214, 224)).bg(Color::Rgb(32, 36, 48)),
            S.add_modifier(Modifier::REVERSED),
            S.add_modifier(Modifier::REVERSED),
        )
    }
    pub fn status_item(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(255, 200, 90)).bg(Color::Rgb(32, 36, 48)).add_modifier(Modifier::BOLD),
            S.fg(Color::Yellow).add_modifier(Modifier::REVERSED | Modifier::BOLD),
            S.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }
    pub fn error(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(255, 130, 120)).bg(Color::Rgb(32, 36, 48)).add_modifier(Modifier::BOLD),
            S.fg(Color::Red).add_modifier(Modifier::REVERSED | Modifier::BOLD),
            S.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }
    pub fn key(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(255, 200, 90)).add_modifier(Modifier::BOLD),
            S.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            S.add_modifier(Modifier::BOLD),
        )
    }
    pub fn prompt(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(255, 255, 255)).bg(Color::Rgb(32, 36, 48)),
            S.add_modifier(Modifier::REVERSED),
            S.add_modifier(Modifier::REVERSED),
        )
    }
    /// An era's band on the ruler; eras alternate through a small palette (and through reverse video without
    /// colour, with the names and `│` boundaries carrying the meaning).
    pub fn era(&self, i: usize) -> Style {
        const RGB: [(u8, u8, u8); 6] =
            [(58, 80, 124), (96, 64, 116), (44, 100, 86), (118, 80, 48), (76, 96, 44), (112, 52, 68)];
        const ANSI: [Color; 6] =
            [Color::Blue, Color::Magenta, Color::Cyan, Color::Yellow, Color::Green, Color::Red];
        let (r, g, b) = RGB[i % RGB.len()];
        self.pick(
            S.fg(Color::Rgb(236, 238, 244)).bg(Color::Rgb(r, g, b)),
            S.fg(Color::Black).bg(ANSI[i % ANSI.len()]),
            if i.is_multiple_of(2) {
                S.add_modifier(Modifier::REVERSED)
            } else {
                S.add_modifier(Modifier::UNDERLINED)
            },
        )
    }
    pub fn density(&self, in_view: bool) -> Style {
        if in_view {
            self.pick(
                S.fg(Color::Rgb(150, 215, 245)).bg(Color::Rgb(38, 46, 62)),
                S.fg(Color::Cyan).bg(Color::Black).add_modifier(Modifier::BOLD),
                S.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )
        } else {
            self.pick(S.fg(Color::Rgb(80, 96, 120)), S.fg(Color::DarkGray), S)
        }
    }
    pub fn cursor_mark(&self) -> Style {
        self.pick(
            S.fg(Color::Rgb(255, 200, 90)).add_modifier(Modifier::BOLD),
            S.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            S.add_modifier(Modifier::BOLD),
        )
    }
    pub fn overlay_bg(&self) -> Style {
        self.pick(S.bg(Color::Rgb(24, 28, 38)), S, S)
    }
}

/// A style with every true colour replaced by the nearest entry of the 256-colour palette.
fn indexed_style(style: Style) -> Style {
    Style { fg: style.fg.map(indexed), bg: style.bg.map(indexed), ..style }
}

/// The nearest 256-palette entry to a true colour: the 6x6x6 cube (16–231) or the grey ramp (232–255), by
/// squared distance. Other colours are kept.
pub fn indexed(color: Color) -> Color {
    let Color::Rgb(r, g, b) = color else { return color };
    const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let near = |v: u8| (0..6).min_by_key(|&i| (i32::from(CUBE[i]) - i32::from(v)).abs()).unwrap_or(0);
    let dist = |(x, y, z): (u8, u8, u8)| {
        let d = |p: u8, q: u8| (i32::from(p) - i32::from(q)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    let (ri, gi, bi) = (near(r), near(g), near(b));
    let cube = (CUBE[ri], CUBE[gi], CUBE[bi]);
    let cube_ix = 16 + 36 * ri + 6 * gi + bi;
    let avg = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let k = ((avg.saturating_sub(3)) / 10).min(23) as u8;
    let level = 8 + 10 * k;
    let grey_ix = 232 + usize::from(k);
    let ix = if dist((level, level, level)) < dist(cube) { grey_ix } else { cube_ix };
    Color::Indexed(ix as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_colours_map_to_the_nearest_palette_entry() {
        assert_eq!(indexed(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(indexed(Color::Rgb(255, 255, 255)), Color::Indexed(231));
        assert_eq!(indexed(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(indexed(Color::Rgb(255, 200, 90)), Color::Indexed(16 + 36 * 5 + 6 * 4 + 1));
        // A dark grey is nearer the grey ramp than the cube's (95, 95, 95).
        assert_eq!(indexed(Color::Rgb(40, 40, 40)), Color::Indexed(232 + 3));
        assert_eq!(indexed(Color::Yellow), Color::Yellow);
    }
}
