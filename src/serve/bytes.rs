//! STAND-IN until branch `follow` lands `input::bytes`: raw bytes from an SSH channel to crossterm events.
//! Handles printable UTF-8 (also split across packets), Enter, Tab, Backspace, Ctrl keys, arrows, Home/End,
//! PgUp/PgDn, Shift-Tab, and a lone Esc after a timeout; other escape sequences are dropped whole.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Input parser state: the bytes of an unfinished sequence or character.
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
}

const MAX_PENDING: usize = 64;

impl InputParser {
    /// Parses what can be parsed; an unfinished tail waits for more bytes (or `flush_timeout`).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.pending.len() {
            match parse(&self.pending[i..]) {
                Some((n, ev)) => {
                    out.extend(ev);
                    i += n;
                }
                None => break,
            }
        }
        self.pending.drain(..i);
        if self.pending.len() > MAX_PENDING {
            self.pending.clear();
        }
        out
    }

    /// No byte followed in time: a pending lone Esc is the Esc key; anything else unfinished is dropped.
    pub fn flush_timeout(&mut self) -> Vec<Event> {
        let out = if self.pending == [0x1b] { vec![key(KeyCode::Esc, KeyModifiers::NONE)] } else { vec![] };
        self.pending.clear();
        out
    }
}

fn key(code: KeyCode, m: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, m))
}

/// One event from the start of `b`: (bytes used, event or none for a dropped sequence), or None if unfinished.
fn parse(b: &[u8]) -> Option<(usize, Option<Event>)> {
    let none = KeyModifiers::NONE;
    let k = |c| Some(key(c, none));
    match b[0] {
        0x1b => escape(b),
        b'\r' | b'\n' => Some((1, k(KeyCode::Enter))),
        b'\t' => Some((1, k(KeyCode::Tab))),
        0x7f | 0x08 => Some((1, k(KeyCode::Backspace))),
        c @ 0x01..=0x1a => Some((1, Some(key(KeyCode::Char((c - 1 + b'a') as char), KeyModifiers::CONTROL)))),
        c if c < 0x20 => Some((1, None)),
        c => {
            let len = match c {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => return Some((1, None)),
            };
            if b.len() < len {
                return None;
            }
            match std::str::from_utf8(&b[..len]) {
                Ok(s) => Some((len, s.chars().next().map(|ch| key(KeyCode::Char(ch), none)))),
                Err(_) => Some((1, None)),
            }
        }
    }
}

fn escape(b: &[u8]) -> Option<(usize, Option<Event>)> {
    let none = KeyModifiers::NONE;
    match b.get(1) {
        None => None,
        Some(b'[') | Some(b'O') => {
            let end = b[2..].iter().position(|&c| (0x40..=0x7e).contains(&c))? + 2;
            let params = &b[2..end];
            let code = match (b[end], params) {
                (b'A', _) => Some(KeyCode::Up),
                (b'B', _) => Some(KeyCode::Down),
                (b'C', _) => Some(KeyCode::Right),
                (b'D', _) => Some(KeyCode::Left),
                (b'H', _) => Some(KeyCode::Home),
                (b'F', _) => Some(KeyCode::End),
                (b'Z', _) => Some(KeyCode::BackTab),
                (b'~', b"1" | b"7") => Some(KeyCode::Home),
                (b'~', b"4" | b"8") => Some(KeyCode::End),
                (b'~', b"5") => Some(KeyCode::PageUp),
                (b'~', b"6") => Some(KeyCode::PageDown),
                (b'~', b"3") => Some(KeyCode::Delete),
                _ => None,
            };
            let m = if b[end] == b'Z' { KeyModifiers::SHIFT } else { none };
            Some((end + 1, code.map(|c| key(c, m))))
        }
        Some(0x1b) => Some((1, Some(key(KeyCode::Esc, none)))),
        Some(_) => Some((1, Some(key(KeyCode::Esc, none)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(evs: Vec<Event>) -> Vec<KeyCode> {
        evs.into_iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some(k.code),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn split_sequences_and_utf8() {
        let mut p = InputParser::default();
        assert!(p.feed(b"\x1b[").is_empty());
        assert_eq!(codes(p.feed(b"Aj")), vec![KeyCode::Up, KeyCode::Char('j')]);
        let q = "Querétaro".as_bytes();
        let mut got = codes(p.feed(&q[..5]));
        got.extend(codes(p.feed(&q[5..])));
        assert_eq!(got, "Querétaro".chars().map(KeyCode::Char).collect::<Vec<_>>());
    }

    #[test]
    fn lone_esc_after_timeout() {
        let mut p = InputParser::default();
        assert!(p.feed(b"\x1b").is_empty());
        assert_eq!(codes(p.flush_timeout()), vec![KeyCode::Esc]);
        assert_eq!(codes(p.feed(b"\x1b[200~x")), vec![KeyCode::Char('x')]);
    }
}
