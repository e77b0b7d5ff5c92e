//! Semantic styles. Panes ask for `theme.selected` or `theme.citation`, never a colour; the colour depth
//! (NO_COLOR, 16 colours, 256, true colour) is decided here and only here. Without colour, meaning is still
//! carried by glyphs, words, bold, underline and reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::app::ColorDepth;
use crate::cli::ColorChoice;
use crate::timeline::Reliability;

/// The depth to draw with, from `--color` and the environment (`NO_COLOR`, `COLORTERM`, `TERM`).
pub fn depth(choice: ColorChoice, no_color: bool, colorterm: Option<&str>, term: Option<&str>) -> ColorDepth {
    match choice {
        ColorChoice::Never => ColorDepth::None,
        ColorChoice::Ansi16 => ColorDepth::Ansi16,
        ColorChoice::Ansi256 | ColorChoice::Truecolor | ColorChoice::Always => ColorDepth::Full,
        ColorChoice::Auto if no_color => ColorDepth::None,
        ColorChoice::Auto => {
            let truecolor = colorterm.is_some_and(|c| c.contains("truecolor") || c.contains("24bit"));
            let term = term.unwrap_or("");
            if truecolor || term.contains("256") || term.contains("direct") {
                ColorDepth::Full
            } else if term == "dumb" {
                ColorDepth::None
            } else {
                ColorDepth::Ansi16
            }
        }
    }
}

/// The depth for this process, from `--color` and its environment.
pub fn depth_from_env(choice: ColorChoice) -> ColorDepth {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colorterm = std::env::var("COLORTERM").ok();
    let term = std::env::var("TERM").ok();
    depth(choice, no_color, colorterm.as_deref(), term.as_deref())
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub depth: ColorDepth,
}

const S: Style = Style::new();

impl Theme {
    pub fn new(depth: ColorDepth) -> Theme {
        Theme { depth }
    }

    /// Picks by depth: (true colour, 16 colours); no colour gives `mono`.
    fn pick(&self, full: Style, ansi: Style, mono: Style) -> Style {
        match self.depth {
            ColorDepth::Full => full,
            ColorDepth::Ansi16 => ansi,
            ColorDepth::None => mono,
        }
    }

    pub fn base(&self) -> Style {
        S
    }
    pub fn dim(&self) -> Style {
        self.pick(S.fg(Color::Rgb(128, 136, 150)), S.fg(Color::DarkGray), S)
    }
    pub fn label(&self) -> Style {
        self.pick(S.fg(Color::Rgb(120, 160, 200)), S.fg(Color::Blue), S.add_modifier(Modifier::BOLD))
    }
    pub fn bold(&self) -> Style {
        S.add_modifier(Modifier::BOLD)
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
        match (focused, self.depth) {
            (true, ColorDepth::Full) => S.fg(Color::Rgb(255, 200, 90)),
            (true, ColorDepth::Ansi16) => S.fg(Color::Yellow),
            (true, ColorDepth::None) => S.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (false, ColorDepth::Full) => S.fg(Color::Rgb(70, 80, 100)),
            (false, ColorDepth::Ansi16) => S.fg(Color::DarkGray),
            (false, ColorDepth::None) => S,
        }
    }
    pub fn pane_title(&self, focused: bool) -> Style {
        if focused { self.border(true).add_modifier(Modifier::BOLD) } else { self.label() }
    }
    /// The selected row.
    pub fn selected(&self) -> Style {
        self.pick(
            S.bg(Color::Rgb(52, 62, 88)).add_modifier(Modifier::BOLD),
            S.bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD),
            S.add_modifier(Modifier::REVERSED),
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
        S.add_modifier(Modifier::ITALIC)
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
        match (in_view, self.depth) {
            (true, ColorDepth::None) => S.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (true, ColorDepth::Ansi16) => S.fg(Color::Cyan).bg(Color::Black).add_modifier(Modifier::BOLD),
            (true, ColorDepth::Full) => S.fg(Color::Rgb(150, 215, 245)).bg(Color::Rgb(38, 46, 62)),
            (false, ColorDepth::Full) => S.fg(Color::Rgb(80, 96, 120)),
            (false, ColorDepth::Ansi16) => S.fg(Color::DarkGray),
            (false, ColorDepth::None) => S,
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
