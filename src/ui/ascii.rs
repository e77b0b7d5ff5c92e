//! `--ascii`: the finished frame redrawn in ASCII only, for terminals and fonts without line drawing or UTF-8.
//! One table maps every glyph the panes draw (borders, ruler bars and ticks, selection and lens marks,
//! arrows, dots, ellipsis, quotes) to an ASCII character of the same width; letters with accents in the data
//! lose them (Mérida -> Merida); anything else becomes `?`. Working on the whole frame means every pane and
//! overlay, including ones added later, is covered without each knowing about ASCII.

use ratatui::buffer::Buffer;
use unicode_normalization::UnicodeNormalization;

/// Redraws every cell of the buffer with ASCII only. A truncating `…` becomes `...` over the two cells
/// before it when they hold text.
pub fn fold(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buf[(x, y)].symbol();
            if symbol.is_ascii() {
                continue;
            }
            if symbol == "…" {
                ellipsis(buf, x, y);
                continue;
            }
            let ascii = glyph(symbol);
            buf[(x, y)].set_symbol(ascii);
        }
    }
}

/// `…` as three dots, over the text before it where there is text (else one dot).
fn ellipsis(buf: &mut Buffer, x: u16, y: u16) {
    buf[(x, y)].set_symbol(".");
    let left = buf.area.left();
    for back in 1..=2 {
        let Some(bx) = x.checked_sub(back).filter(|&bx| bx >= left) else { return };
        let cell = &mut buf[(bx, y)];
        if cell.symbol().trim().is_empty() {
            return;
        }
        cell.set_symbol(".");
    }
}

/// The ASCII stand-in for one cell's symbol.
pub fn glyph(symbol: &str) -> &'static str {
    match symbol {
        // Borders: plain and rounded, and the focused pane's thick border (= across, | down).
        "─" | "╌" | "┄" => "-",
        "━" | "═" => "=",
        "│" | "┃" | "║" | "╎" | "┆" => "|",
        "╭" | "╮" | "╰" | "╯" | "┌" | "┐" | "└" | "┘" | "┏" | "┓" | "┗" | "┛" | "├" | "┤" | "┬" | "┴"
        | "┼" | "╔" | "╗" | "╚" | "╝" => "+",
        // The ruler: density bars from low to high, year ticks, the cursor.
        "▁" => ".",
        "▂" => ":",
        "▃" => "-",
        "▄" => "=",
        "▅" => "+",
        "▆" => "*",
        "▇" => "#",
        "█" => "@",
        "╵" => "'",
        "▲" => "^",
        // Marks.
        "▶" | "►" | "→" => ">",
        "◀" | "←" => "<",
        "↑" => "^",
        "↓" => "v",
        "◆" => "*",
        "≠" => "~",
        "✓" => "+",
        "•" => "*",
        "·" => "|",
        "§" => "@",
        "▏" => "_",
        // Punctuation in data and labels.
        "—" | "–" | "‐" | "−" => "-",
        "“" | "”" | "„" => "\"",
        "‘" | "’" | "‚" => "'",
        "«" => "<",
        "»" => ">",
        "\u{a0}" => " ",
        other => letter(other),
    }
}

/// A letter without its accents (é -> e, Ñ -> N); `?` when nothing ASCII is left.
fn letter(symbol: &str) -> &'static str {
    /// Printable ASCII from `!` (33) to `~` (126), to hand out `'static` one-character strings.
    const GRAPHIC: &str =
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    match symbol.nfd().find(char::is_ascii_graphic) {
        Some(c) => {
            let i = c as usize - 33;
            &GRAPHIC[i..=i]
        }
        None => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn glyphs_and_letters_become_ascii() {
        assert_eq!(glyph("╭"), "+");
        assert_eq!(glyph("━"), "=");
        assert_eq!(glyph("▶"), ">");
        assert_eq!(glyph("é"), "e");
        assert_eq!(glyph("Ñ"), "N");
        assert_eq!(glyph("ü"), "u");
        assert_eq!(glyph("中"), "?");
        assert_eq!(glyph("\u{1F600}"), "?");
    }

    #[test]
    fn a_truncated_line_ends_in_three_dots() {
        let mut buf = Buffer::with_lines(["Plan Colomb…", "  …"]);
        fold(&mut buf);
        assert_eq!(buf, Buffer::with_lines(["Plan Colo...", "  ."]));
        assert_eq!(buf.area, Rect::new(0, 0, 12, 2));
    }
}
