//! What the keymap says about itself: footer hints, the help's sections and `docs/KEYS.md`, all read from
//! `BINDINGS`, so none of them can disagree with what the keys do.

use crossterm::event::KeyCode as C;

use super::{BINDINGS, Binding, Key, bindings};
use crate::app::Mode;

/// The keys of a binding as one label: `j ↓`, `[ ]`.
pub fn keys_label(b: &Binding) -> String {
    b.keys.iter().map(|k| k.name()).collect::<Vec<_>>().join(" ")
}

/// Footer hints of a mode: (keys, label), most useful first.
pub fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    bindings(mode)
        .filter_map(|b| {
            let keys = match b.keys {
                [Key::Ch('j'), ..] => "j/k".to_string(),
                [Key::Code(C::Down), Key::Ctrl('n')] => "↓/↑".to_string(),
                [Key::Ch('h'), ..] => "h/l".to_string(),
                [first, ..] => first.name(),
                [] => return None,
            };
            b.hint.map(|h| (if b.keys == [Key::Ch('['), Key::Ch(']')] { "[ ]".to_string() } else { keys }, h))
        })
        .collect()
}

/// The help's sections: a title and the modes it covers.
pub const SECTIONS: &[(&str, &[Mode])] = &[
    ("Main screen", &[Mode::Normal]),
    ("Briefing (annals brief TOUR)", &[Mode::Brief]),
    ("Search prompt (/)", &[Mode::Search]),
    ("Jump prompt (:)", &[Mode::Jump]),
    ("Filter picker (f)", &[Mode::Picker]),
    ("Source and bibliography (Enter on a source, b)", &[Mode::Source, Mode::Bibliography]),
    ("Compare readings (c)", &[Mode::Compare]),
    ("Audience (A, presenting with annals serve)", &[Mode::Audience]),
    ("Event in full (Enter)", &[Mode::Event]),
    ("Help (?)", &[Mode::Help]),
];

/// Rows of one help section: (keys, what they do).
pub fn section_rows(modes: &[Mode]) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    // The briefing section lists only what briefing adds to the main screen.
    let adds = |b: &&Binding| modes != [Mode::Brief] || !b.modes.contains(&Mode::Normal);
    for b in BINDINGS.iter().filter(|b| modes.iter().any(|m| b.modes.contains(m))).filter(adds) {
        let row = (keys_label(b), b.help);
        if !rows.contains(&row) {
            rows.push(row);
        }
    }
    rows
}

/// `docs/KEYS.md`, generated from the keymap (a test keeps the file equal to this).
pub fn keys_markdown() -> String {
    let mut s = String::from(
        "# Keys\n\n<!-- Generated from src/input.rs by `UPDATE_KEYS=1 cargo test keys_doc`; do not edit. -->\n\n\
         `annals` with no command opens the browser. Every key below comes from the same table that draws the \
         footer hints and the `?` help.\n",
    );
    for (title, modes) in SECTIONS {
        s.push_str(&format!("\n## {title}\n\n| keys | action |\n|---|---|\n"));
        for (keys, help) in section_rows(modes) {
            let keys: Vec<String> =
                keys.split(' ').map(|k| if k == "|" { "`\\|`".into() } else { format!("`{k}`") }).collect();
            s.push_str(&format!("| {} | {} |\n", keys.join(" "), help.replace('|', "\\|")));
        }
    }
    s.push_str(
        "\nThe mouse wheel scrolls the pane under it; a click selects an event or focuses a pane; a click on \
         the time ruler jumps to that year.\n",
    );
    s
}
