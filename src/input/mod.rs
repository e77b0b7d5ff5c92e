//! The keymap: one table from keys to actions per mode. The same table answers key presses, writes the footer
//! hints, the `?` help and `docs/KEYS.md`, so a hint can never disagree with a binding. Multi-key input (`gg`)
//! goes through `KeyParser`, and text prompts take every other printable key as typed text. Keys from a terminal
//! that is not this process's own (an SSH channel) arrive as raw bytes and become the same events in `bytes`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use crate::app::{Action, Mode};

pub mod bytes;
mod docs;
pub use bytes::ByteParser;
pub use docs::{SECTIONS, hints, keys_label, keys_markdown, section_rows};

/// A key as the table writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Ch(char),
    Ctrl(char),
    Code(KeyCode),
    /// Two keys in a row, such as `gg`.
    Seq(char, char),
    /// Any digit 1–9 (the theory lenses).
    Digits,
}

impl Key {
    pub fn name(self) -> String {
        match self {
            Key::Ch(' ') => "Space".into(),
            Key::Ch(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Seq(a, b) => format!("{a}{b}"),
            Key::Digits => "1-9".into(),
            Key::Code(code) => match code {
                KeyCode::Down => "↓".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Backspace => "Backspace".into(),
                other => format!("{other:?}"),
            },
        }
    }
}

/// One line of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    /// What the keys do (`Digits` give `ToggleLens(n)` whatever the number here).
    pub action: Action,
    /// A short label for the footer, for the bindings worth a hint there.
    pub hint: Option<&'static str>,
    /// The line in the help and in `docs/KEYS.md`.
    pub help: &'static str,
}

use KeyCode as C;
use Mode::*;

const MAIN: &[Mode] = &[Normal, Brief];
const LISTS: &[Mode] = &[Help, Picker, Source, Bibliography, Compare, Event];
const PROMPTS: &[Mode] = &[Search, Jump];
const ALL_BUT_PROMPTS: &[Mode] = &[Normal, Brief, Help, Picker, Source, Bibliography, Compare, Event];
const ALL: &[Mode] = &[Normal, Brief, Search, Jump, Help, Picker, Source, Bibliography, Compare, Event];

const fn b(
    modes: &'static [Mode],
    keys: &'static [Key],
    action: Action,
    hint: Option<&'static str>,
    help: &'static str,
) -> Binding {
    Binding { modes, keys, action, hint, help }
}

/// The keymap. Order matters for the footer (first hints first) and the help.
pub static BINDINGS: &[Binding] = &[
    // Prompts.
    b(PROMPTS, &[Key::Code(C::Enter)], Action::Submit, Some("accept"), "accept: keep the hits / jump"),
    b(PROMPTS, &[Key::Code(C::Esc)], Action::Back, Some("close"), "close the prompt (the search stays)"),
    b(&[Search], &[Key::Code(C::Down), Key::Ctrl('n')], Action::SelectNext, Some("next"), "next hit"),
    b(&[Search], &[Key::Code(C::Up), Key::Ctrl('p')], Action::SelectPrev, None, "previous hit"),
    b(&[Search], &[Key::Ctrl('r')], Action::ToggleRank, Some("rank"), "rank by score / date order"),
    b(PROMPTS, &[Key::Code(C::Backspace)], Action::DeleteChar, None, "delete a character"),
    b(PROMPTS, &[Key::Ctrl('w')], Action::DeleteWord, None, "delete a word"),
    b(PROMPTS, &[Key::Ctrl('u')], Action::ClearInput, None, "clear the prompt"),
    // Briefing (only while presenting a tour; Left/Right drive the comparison's columns there).
    b(
        &[Brief],
        &[Key::Ch(' '), Key::Code(C::Right)],
        Action::NextStop,
        Some("next stop"),
        "next stop of the tour",
    ),
    b(&[Brief], &[Key::Code(C::Left)], Action::PrevStop, Some("previous"), "previous stop of the tour"),
    b(
        &[Brief],
        &[Key::Code(C::Backspace)],
        Action::ReturnToStop,
        None,
        "back to the current stop after browsing away",
    ),
    // Moving.
    b(ALL_BUT_PROMPTS, &[Key::Ch('j'), Key::Code(C::Down)], Action::SelectNext, Some("move"), "down"),
    b(ALL_BUT_PROMPTS, &[Key::Ch('k'), Key::Code(C::Up)], Action::SelectPrev, None, "up"),
    b(ALL_BUT_PROMPTS, &[Key::Code(C::PageDown)], Action::PageDown, None, "page down"),
    b(ALL_BUT_PROMPTS, &[Key::Code(C::PageUp)], Action::PageUp, None, "page up"),
    b(ALL_BUT_PROMPTS, &[Key::Ctrl('d')], Action::HalfPageDown, None, "half a page down"),
    b(ALL_BUT_PROMPTS, &[Key::Ctrl('u')], Action::HalfPageUp, None, "half a page up"),
    b(ALL_BUT_PROMPTS, &[Key::Ch('g'), Key::Code(C::Home)], Action::SelectFirst, None, "first"),
    b(ALL_BUT_PROMPTS, &[Key::Ch('G'), Key::Code(C::End)], Action::SelectLast, None, "last"),
    b(
        MAIN,
        &[Key::Code(C::Tab)],
        Action::FocusNext,
        Some("pane"),
        "next pane (events, event, sources, readings)",
    ),
    b(MAIN, &[Key::Code(C::BackTab)], Action::FocusPrev, None, "previous pane"),
    b(MAIN, &[Key::Ch('['), Key::Ch(']')], Action::NextEra, Some("era"), "previous / next era"),
    b(MAIN, &[Key::Ch('{'), Key::Ch('}')], Action::NextDecade, None, "previous / next decade"),
    b(MAIN, &[Key::Ch(':')], Action::OpenJump, Some("jump"), "jump: :1917, :1846-05, :event-id, :era-id"),
    b(
        MAIN,
        &[Key::Code(C::Enter)],
        Action::Expand,
        Some("open"),
        "open: the event in full, a source, the readings",
    ),
    // Finding.
    b(
        MAIN,
        &[Key::Ch('/')],
        Action::OpenSearch,
        Some("search"),
        "search as you type ('exact !not tag: country: source: theory: 1910..1920)",
    ),
    b(MAIN, &[Key::Ch('n')], Action::NextHit, None, "next hit"),
    b(MAIN, &[Key::Ch('N')], Action::PrevHit, None, "previous hit"),
    b(MAIN, &[Key::Ch('s')], Action::ToggleRank, None, "rank hits by score / date order"),
    b(
        MAIN,
        &[Key::Ch('f')],
        Action::OpenFilters,
        Some("filter"),
        "filters: country, tag, era, theory, source, disputed",
    ),
    b(MAIN, &[Key::Ch('d')], Action::ToggleDisputed, None, "disputed events only (on/off)"),
    b(
        MAIN,
        &[Key::Digits],
        Action::ToggleLens(1),
        Some("lens"),
        "read through theory N: its events marked ◆, its readings first",
    ),
    b(
        &[Normal, Brief, Event],
        &[Key::Ch('c')],
        Action::OpenCompare,
        Some("compare"),
        "compare the event's readings side by side",
    ),
    b(MAIN, &[Key::Ch('b')], Action::OpenBibliography, Some("sources"), "bibliography: every source"),
    // Overlays.
    b(
        &[Picker, Bibliography, Source],
        &[Key::Ch(' '), Key::Code(C::Enter)],
        Action::Toggle,
        Some("choose"),
        "turn on/off, open, or go to the event",
    ),
    b(&[Event], &[Key::Code(C::Enter)], Action::Toggle, None, "close"),
    // Following a presenter (`annals serve`).
    b(
        ALL_BUT_PROMPTS,
        &[Key::Ch('F')],
        Action::Follow,
        None,
        "viewing a presenter: follow again after moving on your own",
    ),
    b(MAIN, &[Key::Ch('A')], Action::OpenAudience, None, "presenting: the viewers, to hand the role to one"),
    b(&[Audience], &[Key::Ch('j'), Key::Code(C::Down)], Action::SelectNext, Some("move"), "down"),
    b(&[Audience], &[Key::Ch('k'), Key::Code(C::Up)], Action::SelectPrev, None, "up"),
    b(
        &[Audience],
        &[Key::Code(C::Enter)],
        Action::Toggle,
        Some("hand over"),
        "hand the presenter role to this viewer",
    ),
    b(&[Audience], &[Key::Code(C::Esc)], Action::Back, Some("back"), "close"),
    b(&[Audience], &[Key::Ch('q'), Key::Ctrl('c')], Action::Quit, None, "quit"),
    b(&[Compare], &[Key::Ch('h'), Key::Code(C::Left)], Action::Left, Some("columns"), "previous reading"),
    b(&[Compare], &[Key::Ch('l'), Key::Code(C::Right)], Action::Right, None, "next reading"),
    // Everywhere.
    b(
        &[Normal, Brief, Event],
        &[Key::Ch('y')],
        Action::CopyEvent,
        Some("copy"),
        "copy the event as Markdown (OSC 52 clipboard)",
    ),
    b(
        ALL_BUT_PROMPTS,
        &[Key::Ch('m')],
        Action::ToggleMouse,
        None,
        "mouse capture on/off (off: select text with the terminal)",
    ),
    b(ALL_BUT_PROMPTS, &[Key::Ch('?')], Action::ToggleHelp, Some("help"), "this help"),
    b(LISTS, &[Key::Code(C::Esc)], Action::Back, Some("back"), "close"),
    b(
        MAIN,
        &[Key::Code(C::Esc)],
        Action::Back,
        None,
        "close, then clear the search and filters (never quits)",
    ),
    b(ALL_BUT_PROMPTS, &[Key::Ch('q')], Action::Quit, Some("quit"), "quit"),
    b(ALL, &[Key::Ctrl('c')], Action::Quit, None, "quit"),
];

/// The action the `[`/`{` keys stand for, which share a table line with `]`/`}`.
fn pair(key: Key, action: Action) -> Action {
    match (key, &action) {
        (Key::Ch('['), Action::NextEra) => Action::PrevEra,
        (Key::Ch('{'), Action::NextDecade) => Action::PrevDecade,
        _ => action,
    }
}

/// The bindings of one mode.
pub fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.modes.contains(&mode))
}

fn matches(key: Key, ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    match (key, ev.code) {
        (Key::Ch(c), KeyCode::Char(x)) => !ctrl && c == x,
        (Key::Ctrl(c), KeyCode::Char(x)) => ctrl && c == x.to_ascii_lowercase(),
        (Key::Code(c), code) => c == code && !(ctrl && matches!(code, KeyCode::Char(_))),
        (Key::Digits, KeyCode::Char(x)) => !ctrl && ('1'..='9').contains(&x),
        _ => false,
    }
}

/// Turns key presses into actions, holding the first key of a sequence (`g` of `gg`).
#[derive(Debug, Clone, Default)]
pub struct KeyParser {
    pending: Option<char>,
}

impl KeyParser {
    /// The first key of an unfinished sequence, for display.
    pub fn pending(&self) -> Option<char> {
        self.pending
    }

    pub fn feed(&mut self, mode: Mode, ev: &KeyEvent) -> Option<Action> {
        let plain = match ev.code {
            KeyCode::Char(c) if !ev.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
            _ => None,
        };
        if let Some(first) = self.pending.take()
            && let Some(second) = plain
            && let Some(b) = bindings(mode).find(|b| b.keys.contains(&Key::Seq(first, second)))
        {
            return Some(b.action.clone());
        }
        for b in bindings(mode) {
            if let Some(&key) = b.keys.iter().find(|&&k| matches(k, ev)) {
                return Some(match (key, ev.code) {
                    (Key::Digits, KeyCode::Char(x)) => Action::ToggleLens(x as u8 - b'0'),
                    _ => pair(key, b.action.clone()),
                });
            }
        }
        if matches!(mode, Mode::Search | Mode::Jump) {
            return plain.map(Action::Insert);
        }
        if let Some(c) = plain
            && bindings(mode).any(|b| b.keys.iter().any(|k| matches!(k, Key::Seq(a, _) if *a == c)))
        {
            self.pending = Some(c);
        }
        None
    }
}

/// Feeds key presses written as text (see `key_events`) through the keymap into `update`, as a terminal would;
/// returns the effects asked for. For tests, examples and screenshots.
pub fn press(app: &mut crate::app::App, keys: &str) -> Vec<crate::app::Effect> {
    let mut parser = KeyParser::default();
    let mut effects = Vec::new();
    for k in key_events(keys) {
        if let Some(a) = parser.feed(app.mode(), &k)
            && let Some(e) = crate::app::update(app, a)
        {
            effects.push(e);
        }
    }
    effects
}

/// Mouse: the wheel scrolls the pane under it, a left click selects.
pub fn mouse(ev: &MouseEvent) -> Option<Action> {
    let (column, row) = (ev.column, ev.row);
    match ev.kind {
        MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => Some(Action::Click { column, row }),
        _ => None,
    }
}

/// Key presses written as text, for tests and scripted tours: plain characters, and `<Esc>`, `<Enter>`,
/// `<Tab>`, `<S-Tab>`, `<BS>`, `<Space>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<PgUp>`, `<PgDn>`, `<Home>`,
/// `<End>`, `<C-x>` (Ctrl-x), `<lt>` (a literal `<`).
pub fn key_events(spec: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            continue;
        }
        let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
        let code = |c| KeyEvent::new(c, KeyModifiers::NONE);
        out.push(match name.as_str() {
            "Esc" => code(KeyCode::Esc),
            "Enter" => code(KeyCode::Enter),
            "Tab" => code(KeyCode::Tab),
            "S-Tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            "BS" => code(KeyCode::Backspace),
            "Space" => code(KeyCode::Char(' ')),
            "Up" => code(KeyCode::Up),
            "Down" => code(KeyCode::Down),
            "Left" => code(KeyCode::Left),
            "Right" => code(KeyCode::Right),
            "PgUp" => code(KeyCode::PageUp),
            "PgDn" => code(KeyCode::PageDown),
            "Home" => code(KeyCode::Home),
            "End" => code(KeyCode::End),
            "lt" => code(KeyCode::Char('<')),
            n if n.starts_with("C-") && n.chars().count() == 3 => {
                KeyEvent::new(KeyCode::Char(n.chars().nth(2).unwrap_or(' ')), KeyModifiers::CONTROL)
            }
            other => panic!("unknown key <{other}> in {spec:?}"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/KEYS.md is generated from the keymap; `UPDATE_KEYS=1 cargo test keys_doc` rewrites it.
    #[test]
    fn keys_doc_matches_the_keymap() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/KEYS.md");
        let want = keys_markdown();
        if std::env::var_os("UPDATE_KEYS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(have == want, "docs/KEYS.md is out of date: run `UPDATE_KEYS=1 cargo test keys_doc`");
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for (_, modes) in SECTIONS {
            for &mode in *modes {
                let mut seen = Vec::new();
                for b in bindings(mode) {
                    for k in b.keys {
                        assert!(!seen.contains(k), "{k:?} bound twice in {mode:?}");
                        seen.push(*k);
                    }
                }
            }
        }
    }

    #[test]
    fn every_hint_in_the_footer_is_a_real_binding() {
        let hints = hints(Mode::Normal);
        assert!(hints.iter().any(|(k, l)| k == "/" && *l == "search"));
        assert!(hints.iter().any(|(k, l)| k == "q" && *l == "quit"));
        let mut p = KeyParser::default();
        let slash = key_events("/");
        assert_eq!(p.feed(Mode::Normal, &slash[0]), Some(Action::OpenSearch));
        let open = key_events("[");
        assert_eq!(p.feed(Mode::Normal, &open[0]), Some(Action::PrevEra));
        let digit = key_events("2");
        assert_eq!(p.feed(Mode::Normal, &digit[0]), Some(Action::ToggleLens(2)));
        assert_eq!(p.feed(Mode::Search, &digit[0]), Some(Action::Insert('2')));
    }
}
