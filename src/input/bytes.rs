//! Raw terminal input bytes -> crossterm events, for a terminal that is not this process's own (an SSH
//! channel). crossterm's parser only reads the local terminal; the byte-level crates either only tokenise
//! (`vte`, `anstyle-parse`) or bring a whole terminal library (`termwiz`), so this is a small parser of what
//! terminals send: keys, CSI and SS3 sequences with xterm modifiers, SGR (1006) and X10 mouse reports,
//! bracketed paste and UTF-8. Its events go through the same keymap as local keys (`KeyParser::feed`).
//!
//! Bytes may arrive split anywhere: an unfinished key waits in the parser for the next packet. A lone `Esc`
//! cannot be told from the start of a sequence, so it waits too until the caller says that nothing followed
//! within a short time (`flush_timeout`); the parser keeps no clock. Memory is bounded: an escape sequence
//! longer than [`MAX_SEQUENCE`] is dropped whole, and a paste keeps at most [`MAX_PASTE`] bytes.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// The longest unfinished escape sequence kept while waiting for its end; a longer one is dropped whole.
pub const MAX_SEQUENCE: usize = 64;
/// The most bytes of one bracketed paste kept; the rest of it is dropped, up to the paste's end.
pub const MAX_PASTE: usize = 64 * 1024;

const ESC: u8 = 0x1b;
const PASTE_END: &[u8] = b"\x1b[201~";

/// Turns the bytes of one terminal's input, in order, into events.
#[derive(Debug, Default)]
pub struct ByteParser {
    /// The bytes of an unfinished key or sequence (at most `MAX_SEQUENCE`).
    pending: Vec<u8>,
    /// Inside a bracketed paste.
    paste: Option<Paste>,
    /// Dropping the rest of an over-long escape sequence, up to its final byte.
    discarding: bool,
}

#[derive(Debug, Default)]
struct Paste {
    /// The text so far (at most `MAX_PASTE` bytes).
    text: Vec<u8>,
    /// How many bytes of `PASTE_END` the input has matched so far.
    matched: usize,
}

/// What the start of a buffer holds.
enum Step {
    Event(Event, usize),
    /// Bytes that are no event (unknown sequence, invalid UTF-8).
    Skip(usize),
    PasteStart(usize),
    Incomplete,
}

impl ByteParser {
    pub fn new() -> ByteParser {
        ByteParser::default()
    }

    /// Takes the next bytes of input; returns the events they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        let mut buf = std::mem::take(&mut self.pending);
        buf.extend_from_slice(bytes);
        let mut i = 0;
        while i < buf.len() {
            if let Some(paste) = &mut self.paste {
                let (used, done) = paste.take(&buf[i..]);
                i += used;
                if done {
                    out.push(Event::Paste(utf8_lossless(&paste.text)));
                    self.paste = None;
                }
                continue;
            }
            if self.discarding {
                self.discarding = !(0x40..=0x7e).contains(&buf[i]);
                i += 1;
                continue;
            }
            match step(&buf[i..]) {
                Step::Event(ev, n) => {
                    out.push(ev);
                    i += n;
                }
                Step::Skip(n) => i += n,
                Step::PasteStart(n) => {
                    self.paste = Some(Paste::default());
                    i += n;
                }
                Step::Incomplete => {
                    let rest = &buf[i..];
                    if rest.len() > MAX_SEQUENCE {
                        self.discarding = true;
                    } else {
                        self.pending = rest.to_vec();
                    }
                    break;
                }
            }
        }
        out
    }

    /// Nothing followed the last bytes for a while (~50 ms): a waiting `Esc` is the Esc key, `Esc [` and
    /// `Esc O` are Alt-`[` and Alt-`O`, any other unfinished escape sequence is dropped. Half a UTF-8
    /// character and an open paste keep waiting.
    pub fn flush_timeout(&mut self) -> Vec<Event> {
        self.discarding = false;
        if self.paste.is_some() {
            return Vec::new();
        }
        let pending = std::mem::take(&mut self.pending);
        match pending.as_slice() {
            [ESC] => vec![key(KeyCode::Esc, KeyModifiers::NONE)],
            [ESC, c @ (b'[' | b'O')] => vec![key(KeyCode::Char(char::from(*c)), KeyModifiers::ALT)],
            [ESC, c, ..] if *c < 0x80 => Vec::new(),
            [] => Vec::new(),
            _ => {
                self.pending = pending;
                Vec::new()
            }
        }
    }

    /// Whether bytes are waiting: the caller should call `flush_timeout` if nothing follows soon.
    pub fn is_waiting(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Bytes held: an unfinished sequence and an unfinished paste (bounded by `MAX_SEQUENCE + MAX_PASTE`).
    pub fn buffered(&self) -> usize {
        self.pending.len() + self.paste.as_ref().map_or(0, |p| p.text.len())
    }
}

impl Paste {
    /// Takes paste bytes up to and including the end marker; returns (bytes used, whether the paste ended).
    fn take(&mut self, bytes: &[u8]) -> (usize, bool) {
        for (i, &b) in bytes.iter().enumerate() {
            if b == PASTE_END[self.matched] {
                self.matched += 1;
                if self.matched == PASTE_END.len() {
                    return (i + 1, true);
                }
                continue;
            }
            // The marker's bytes matched so far were text after all (ESC only starts the marker).
            let partial = self.matched;
            self.matched = 0;
            self.push(&PASTE_END[..partial]);
            if b == ESC {
                self.matched = 1;
            } else {
                self.push(&[b]);
            }
        }
        (bytes.len(), false)
    }

    fn push(&mut self, bytes: &[u8]) {
        let room = MAX_PASTE - self.text.len();
        self.text.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
}

/// Text from bytes, leaving out what is not UTF-8.
fn utf8_lossless(bytes: &[u8]) -> String {
    bytes.utf8_chunks().map(|c| c.valid()).collect()
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn step(b: &[u8]) -> Step {
    if b[0] != ESC {
        return plain(b);
    }
    let Some(&next) = b.get(1) else { return Step::Incomplete };
    match next {
        b'[' => csi(b),
        b'O' => ss3(b),
        ESC => Step::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        _ => match plain(&b[1..]) {
            Step::Event(Event::Key(mut k), n) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Event(Event::Key(k), n + 1)
            }
            Step::Skip(n) => Step::Skip(n + 1),
            other => other,
        },
    }
}

/// A key that is not an escape sequence: a control byte or a UTF-8 character.
fn plain(b: &[u8]) -> Step {
    let c = b[0];
    let (code, mods) = match c {
        b'\r' | b'\n' => (KeyCode::Enter, KeyModifiers::NONE),
        b'\t' => (KeyCode::Tab, KeyModifiers::NONE),
        0x7f | 0x08 => (KeyCode::Backspace, KeyModifiers::NONE),
        0 => (KeyCode::Char(' '), KeyModifiers::CONTROL),
        0x01..=0x1a => (KeyCode::Char(char::from(c - 1 + b'a')), KeyModifiers::CONTROL),
        0x1c..=0x1f => (KeyCode::Char(char::from(c - 0x1c + b'4')), KeyModifiers::CONTROL),
        ESC => (KeyCode::Esc, KeyModifiers::NONE),
        _ => return character(b),
    };
    Step::Event(key(code, mods), 1)
}

fn character(b: &[u8]) -> Step {
    let need = match b[0] {
        0x20..=0x7e => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Skip(1),
    };
    let have = &b[..need.min(b.len())];
    match std::str::from_utf8(have) {
        Ok(s) if have.len() == need => {
            let ch = s.chars().next().unwrap_or(' ');
            let mods = if ch.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            Step::Event(key(KeyCode::Char(ch), mods), need)
        }
        Err(e) if e.error_len().is_some() => Step::Skip(e.error_len().unwrap_or(1)),
        _ => Step::Incomplete,
    }
}

/// `ESC O x`: arrows, Home/End and F1–F4 as terminals send them in application mode (old xterms put a
/// modifier digit before the final byte: `ESC O 5 P`).
fn ss3(b: &[u8]) -> Step {
    let digits = b.iter().skip(2).take_while(|c| c.is_ascii_digit()).count();
    let Some(&c) = b.get(2 + digits) else {
        return if digits > 8 { Step::Skip(b.len()) } else { Step::Incomplete };
    };
    let len = 3 + digits;
    let mods = std::str::from_utf8(&b[2..2 + digits])
        .ok()
        .and_then(|d| d.parse().ok())
        .map_or(KeyModifiers::NONE, modifiers);
    let code = match cursor_key(c) {
        Some(code) => code,
        None if c == b'M' => KeyCode::Enter,
        None if (0x40..=0x7e).contains(&c) => return Step::Skip(len),
        // Not a sequence after all: Alt-O, then whatever follows.
        None => return Step::Event(key(KeyCode::Char('O'), KeyModifiers::ALT), 2),
    };
    Step::Event(key(code, mods), len)
}

/// The final bytes SS3 and CSI share: arrows, Home/End and F1–F4.
fn cursor_key(fin: u8) -> Option<KeyCode> {
    Some(match fin {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(fin - b'P' + 1),
        _ => return None,
    })
}

/// `ESC [ ...`: parameters and intermediates, then a final byte.
fn csi(b: &[u8]) -> Step {
    match b.get(2) {
        None => return Step::Incomplete,
        // The Linux console's F1–F5: ESC [ [ A..E.
        Some(b'[') => {
            return match b.get(3) {
                None => Step::Incomplete,
                Some(&c @ b'A'..=b'E') => Step::Event(key(KeyCode::F(c - b'A' + 1), KeyModifiers::NONE), 4),
                Some(_) => Step::Skip(4),
            };
        }
        // X10 mouse: ESC [ M and three bytes.
        Some(b'M') => {
            return match b.get(3..6) {
                None => Step::Incomplete,
                Some(&[cb, x, y]) => mouse_event(
                    u16::from(cb.saturating_sub(32)),
                    u16::from(x.saturating_sub(33)),
                    u16::from(y.saturating_sub(33)),
                    false,
                    6,
                ),
                Some(_) => Step::Skip(6),
            };
        }
        Some(_) => {}
    }
    for (j, &c) in b.iter().enumerate().skip(2) {
        match c {
            0x20..=0x3f => {}
            0x40..=0x7e => return csi_final(&b[2..j], c, j + 1),
            // Not a sequence: drop what came so far and read this byte afresh.
            _ => return Step::Skip(j),
        }
    }
    Step::Incomplete
}

fn csi_final(params: &[u8], fin: u8, len: usize) -> Step {
    let params = std::str::from_utf8(params).unwrap_or("?");
    if let Some(sgr) = params.strip_prefix('<') {
        return sgr_mouse(sgr, fin, len);
    }
    let Some(nums) = numbers(params) else { return Step::Skip(len) };
    let mods = nums.get(1).map_or(KeyModifiers::NONE, |&m| modifiers(m));
    let code = if let Some(code) = cursor_key(fin) {
        code
    } else {
        match fin {
            b'Z' => return Step::Event(key(KeyCode::BackTab, mods | KeyModifiers::SHIFT), len),
            b'~' => match nums.first().copied().unwrap_or(0) {
                200 => return Step::PasteStart(len),
                1 | 7 => KeyCode::Home,
                2 => KeyCode::Insert,
                3 => KeyCode::Delete,
                4 | 8 => KeyCode::End,
                5 => KeyCode::PageUp,
                6 => KeyCode::PageDown,
                n @ 11..=15 => KeyCode::F(n as u8 - 10),
                n @ 17..=21 => KeyCode::F(n as u8 - 11),
                n @ 23..=24 => KeyCode::F(n as u8 - 12),
                _ => return Step::Skip(len),
            },
            _ => return Step::Skip(len),
        }
    };
    Step::Event(key(code, mods), len)
}

/// `1;5` -> [1, 5]; an empty parameter counts as 0; None if any is not a number.
fn numbers(params: &str) -> Option<Vec<u16>> {
    if params.is_empty() {
        return Some(Vec::new());
    }
    params.split(';').map(|p| if p.is_empty() { Some(0) } else { p.parse().ok() }).collect()
}

/// xterm's modifier parameter: 1 + (1 Shift, 2 Alt, 4 Ctrl, 8 Super).
fn modifiers(m: u16) -> KeyModifiers {
    let bits = m.saturating_sub(1);
    let mut mods = KeyModifiers::NONE;
    for (bit, m) in [(1, KeyModifiers::SHIFT), (2, KeyModifiers::ALT), (4, KeyModifiers::CONTROL)] {
        if bits & bit != 0 {
            mods |= m;
        }
    }
    if bits & 8 != 0 {
        mods |= KeyModifiers::SUPER;
    }
    mods
}

/// SGR (1006) mouse: `ESC [ < button ; column ; row M` (press) or `m` (release), 1-based.
fn sgr_mouse(params: &str, fin: u8, len: usize) -> Step {
    match (numbers(params).as_deref(), fin) {
        (Some(&[cb, x, y]), b'M' | b'm') if x > 0 && y > 0 => mouse_event(cb, x - 1, y - 1, fin == b'm', len),
        _ => Step::Skip(len),
    }
}

fn mouse_event(cb: u16, column: u16, row: u16, release: bool, len: usize) -> Step {
    let button = match cb & 0b11 {
        0 => Some(MouseButton::Left),
        1 => Some(MouseButton::Middle),
        2 => Some(MouseButton::Right),
        _ => None,
    };
    let kind = if cb & 64 != 0 {
        match cb & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if cb & 32 != 0 {
        button.map_or(MouseEventKind::Moved, MouseEventKind::Drag)
    } else if release || button.is_none() {
        MouseEventKind::Up(button.unwrap_or(MouseButton::Left))
    } else {
        MouseEventKind::Down(button.unwrap_or(MouseButton::Left))
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, m) in [(4, KeyModifiers::SHIFT), (8, KeyModifiers::ALT), (16, KeyModifiers::CONTROL)] {
        if cb & bit != 0 {
            modifiers |= m;
        }
    }
    Step::Event(Event::Mouse(MouseEvent { kind, column, row, modifiers }), len)
}

#[cfg(test)]
mod tests;
