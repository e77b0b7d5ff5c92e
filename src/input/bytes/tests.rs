//! The byte parser: known keys encoded as terminals send them and split anywhere decode to the same keys;
//! any bytes never panic and never grow the parser beyond its bounds.

use super::*;
use crate::app::{Action, Mode};
use crate::input::{KeyParser, mouse};
use proptest::prelude::*;
use proptest::sample::Index;

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALT: KeyModifiers = KeyModifiers::ALT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

fn k(code: KeyCode, mods: KeyModifiers) -> Event {
    key(code, mods)
}

fn ch(c: char) -> Event {
    k(KeyCode::Char(c), if c.is_uppercase() { SHIFT } else { NONE })
}

/// Feeds each packet in turn, then lets the Esc timeout pass.
fn decode(packets: &[&[u8]]) -> Vec<Event> {
    let mut p = ByteParser::new();
    let mut out: Vec<Event> = packets.iter().flat_map(|b| p.feed(b)).collect();
    out.extend(p.flush_timeout());
    out
}

/// xterm's modifier parameter.
fn param(m: KeyModifiers) -> u8 {
    1 + u8::from(m.contains(SHIFT)) + 2 * u8::from(m.contains(ALT)) + 4 * u8::from(m.contains(CTRL))
}

/// An event as a terminal sends it; `alt_form` picks the other encoding where there are two.
fn encode(ev: &Event, alt_form: bool) -> Vec<u8> {
    let ke = match ev {
        Event::Paste(t) => return [b"\x1b[200~", t.as_bytes(), b"\x1b[201~"].concat(),
        Event::Mouse(m) => return encode_mouse(m),
        Event::Key(ke) => ke,
        other => panic!("not an input event: {other:?}"),
    };
    let (code, mods) = (ke.code, ke.modifiers);
    let csi = |n: u8, fin: char| -> Vec<u8> {
        match (mods == NONE, n) {
            (true, 1) => format!("\x1b[{fin}").into_bytes(),
            (true, _) => format!("\x1b[{n}{fin}").into_bytes(),
            (false, _) => format!("\x1b[{n};{}{fin}", param(mods)).into_bytes(),
        }
    };
    let ss3_or_csi = |c: char| {
        if mods == NONE && alt_form { format!("\x1bO{c}").into_bytes() } else { csi(1, c) }
    };
    match code {
        KeyCode::Char(c) if mods.contains(CTRL) => vec![c as u8 - b'a' + 1],
        KeyCode::Char(c) if mods.contains(ALT) => [&[ESC][..], c.to_string().as_bytes()].concat(),
        KeyCode::Char(c) => c.to_string().into_bytes(),
        KeyCode::Enter => vec![b'\r'],
        KeyCode::Tab => vec![b'\t'],
        KeyCode::Backspace => vec![if alt_form { 0x08 } else { 0x7f }],
        KeyCode::BackTab => b"\x1b[Z".to_vec(),
        KeyCode::Esc => vec![ESC],
        KeyCode::Up => ss3_or_csi('A'),
        KeyCode::Down => ss3_or_csi('B'),
        KeyCode::Right => ss3_or_csi('C'),
        KeyCode::Left => ss3_or_csi('D'),
        KeyCode::Home => ss3_or_csi('H'),
        KeyCode::End => ss3_or_csi('F'),
        KeyCode::Insert => csi(2, '~'),
        KeyCode::Delete => csi(3, '~'),
        KeyCode::PageUp => csi(5, '~'),
        KeyCode::PageDown => csi(6, '~'),
        KeyCode::F(n @ 1..=4) => ss3_or_csi(char::from(b'P' + n - 1)),
        KeyCode::F(n) => csi([15, 17, 18, 19, 20, 21, 23, 24][usize::from(n - 5)], '~'),
        other => panic!("no encoding for {other:?}"),
    }
}

fn encode_mouse(m: &MouseEvent) -> Vec<u8> {
    let b = |b: MouseButton| match b {
        MouseButton::Left => 0,
        MouseButton::Middle => 1,
        MouseButton::Right => 2,
    };
    let (cb, fin) = match m.kind {
        MouseEventKind::Down(x) => (b(x), 'M'),
        MouseEventKind::Up(x) => (b(x), 'm'),
        MouseEventKind::Drag(x) => (32 + b(x), 'M'),
        MouseEventKind::Moved => (35, 'M'),
        MouseEventKind::ScrollUp => (64, 'M'),
        MouseEventKind::ScrollDown => (65, 'M'),
        MouseEventKind::ScrollLeft => (66, 'M'),
        MouseEventKind::ScrollRight => (67, 'M'),
    };
    let mods = 4 * u16::from(m.modifiers.contains(SHIFT))
        + 8 * u16::from(m.modifiers.contains(ALT))
        + 16 * u16::from(m.modifiers.contains(CTRL));
    format!("\x1b[<{};{};{}{fin}", cb + mods, m.column + 1, m.row + 1).into_bytes()
}

fn modifiers_strategy() -> impl Strategy<Value = KeyModifiers> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(s, a, c)| {
        let mut m = NONE;
        m.set(SHIFT, s);
        m.set(ALT, a);
        m.set(CTRL, c);
        m
    })
}

fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select("QuerétaroNiños Héroes jkgG/:?[]{}~".chars().collect::<Vec<_>>()),
        (0x20u8..0x7f).prop_map(char::from),
        any::<char>().prop_filter("a control byte", |&c| c >= ' ' && c != '\x7f'),
    ]
}

/// Every key this parser knows, as a terminal would produce it.
fn key_strategy() -> impl Strategy<Value = Event> {
    use KeyCode as C;
    let named = prop::sample::select(vec![
        C::Up,
        C::Down,
        C::Left,
        C::Right,
        C::Home,
        C::End,
        C::Insert,
        C::Delete,
        C::PageUp,
        C::PageDown,
        C::F(1),
        C::F(4),
        C::F(5),
        C::F(9),
        C::F(12),
    ]);
    prop_oneof![
        4 => text_char().prop_map(ch),
        1 => prop::sample::select(b"abcdefgklnopqrstuvwxyz".to_vec())
            .prop_map(|c| k(C::Char(char::from(c)), CTRL)),
        1 => text_char().prop_filter("a sequence opener", |&c| c != '[' && c != 'O').prop_map(|c| {
            let Event::Key(mut ke) = ch(c) else { unreachable!() };
            ke.modifiers |= ALT;
            Event::Key(ke)
        }),
        1 => prop::sample::select(vec![C::Enter, C::Tab, C::Backspace, C::Esc]).prop_map(|c| k(c, NONE)),
        1 => Just(k(C::BackTab, SHIFT)),
        2 => (named, modifiers_strategy()).prop_map(|(c, m)| k(c, m)),
        1 => (0u8..11, 0u16..300, 0u16..120, modifiers_strategy()).prop_map(|(kind, column, row, m)| {
            let b = [MouseButton::Left, MouseButton::Middle, MouseButton::Right][usize::from(kind % 3)];
            let kind = match kind {
                0..=2 => MouseEventKind::Down(b),
                3..=5 => MouseEventKind::Up(b),
                6 => MouseEventKind::Drag(b),
                7 => MouseEventKind::Moved,
                8 => MouseEventKind::ScrollUp,
                9 => MouseEventKind::ScrollDown,
                _ => MouseEventKind::ScrollLeft,
            };
            Event::Mouse(MouseEvent { kind, column, row, modifiers: m })
        }),
        1 => paste_text().prop_map(Event::Paste),
    ]
}

/// Paste contents, with the pieces of escape sequences that make the end marker hard to find.
fn paste_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::collection::vec(text_char(), 0..12).prop_map(|v| v.into_iter().collect::<String>()),
        1 => prop::sample::select(vec!["\x1b", "\x1b[", "\x1b[20", "\x1b[201", "\x1b[200~", "\r\n", "\t"])
            .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..8)
        .prop_map(|v| v.concat())
        .prop_filter("the end marker itself", |s| !s.contains("\x1b[201~"))
}

/// Feeds the encoded events split at the given points; lets the Esc timeout pass after each lone Esc (as a
/// person pausing after Esc would), and nowhere else.
fn roundtrip(events: &[(Event, bool)], cuts: &[Index]) -> Vec<Event> {
    let mut segments: Vec<Vec<u8>> = vec![Vec::new()];
    for (ev, alt_form) in events {
        segments.last_mut().unwrap().extend(encode(ev, *alt_form));
        if *ev == k(KeyCode::Esc, NONE) {
            segments.push(Vec::new());
        }
    }
    let mut p = ByteParser::new();
    let mut out = Vec::new();
    for seg in &segments {
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(seg.len() + 1)).collect();
        points.extend([0, seg.len()]);
        points.sort_unstable();
        for w in points.windows(2) {
            out.extend(p.feed(&seg[w[0]..w[1]]));
        }
        out.extend(p.flush_timeout());
        assert!(!p.is_waiting(), "bytes left after {seg:?}");
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn known_keys_split_anywhere_decode_to_the_same_keys(
        events in prop::collection::vec((key_strategy(), any::<bool>()), 0..40),
        cuts in prop::collection::vec(any::<Index>(), 0..12),
    ) {
        let want: Vec<Event> = events.iter().map(|(e, _)| e.clone()).collect();
        prop_assert_eq!(roundtrip(&events, &cuts), want);
    }

    #[test]
    fn a_paste_split_anywhere_is_one_paste_event(text in paste_text(), cuts in prop::collection::vec(any::<Index>(), 0..12)) {
        let events = vec![(ch('j'), false), (Event::Paste(text.clone()), false), (ch('k'), false)];
        prop_assert_eq!(roundtrip(&events, &cuts), vec![ch('j'), Event::Paste(text), ch('k')]);
    }

    #[test]
    fn any_bytes_never_panic_and_stay_bounded(
        bytes in prop::collection::vec(any::<u8>(), 0..2000).prop_map(|v| {
            // Half the bytes from those escape sequences are made of, so sequences start and nearly end.
            const PARTS: &[u8] = b"\x1b[O<;0123456789~Mm\xc3\xa9\x1b[2~";
            v.into_iter().map(|b| if b % 2 == 0 { PARTS[usize::from(b / 2) % PARTS.len()] } else { b }).collect::<Vec<u8>>()
        }),
        cuts in prop::collection::vec(any::<Index>(), 0..20),
        flush in any::<bool>(),
    ) {
        let mut p = ByteParser::new();
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        points.extend([0, bytes.len()]);
        points.sort_unstable();
        for w in points.windows(2) {
            p.feed(&bytes[w[0]..w[1]]);
            prop_assert!(p.pending.len() <= MAX_SEQUENCE);
            prop_assert!(p.buffered() <= MAX_SEQUENCE + MAX_PASTE);
            if flush {
                p.flush_timeout();
            }
        }
        // Whatever came before, the parser still reads keys once the paste (if any) is closed.
        p.flush_timeout();
        let tail = p.feed(b"\x1b[201~");
        prop_assert!(tail.iter().all(|e| matches!(e, Event::Paste(_))), "{:?}", tail);
        p.flush_timeout();
        prop_assert_eq!(p.feed(b"q"), vec![ch('q')]);
    }
}

#[test]
fn a_lone_esc_is_the_esc_key_only_after_the_timeout() {
    let mut p = ByteParser::new();
    assert_eq!(p.feed(b"\x1b"), vec![]);
    assert!(p.is_waiting());
    assert_eq!(p.flush_timeout(), vec![k(KeyCode::Esc, NONE)]);
    assert!(!p.is_waiting());
    assert_eq!(p.flush_timeout(), vec![]);
}

#[test]
fn esc_then_the_rest_of_a_sequence_in_a_later_packet_is_that_key() {
    let mut p = ByteParser::new();
    assert_eq!(p.feed(b"\x1b"), vec![]);
    assert_eq!(p.feed(b"[A"), vec![k(KeyCode::Up, NONE)]);
    assert_eq!(p.feed(b"\x1b["), vec![]);
    assert_eq!(p.feed(b"1;5"), vec![]);
    assert_eq!(p.feed(b"B"), vec![k(KeyCode::Down, CTRL)]);
}

#[test]
fn a_timeout_resolves_esc_bracket_as_alt_bracket_and_drops_unfinished_sequences() {
    let mut p = ByteParser::new();
    p.feed(b"\x1b[");
    assert_eq!(p.flush_timeout(), vec![k(KeyCode::Char('['), ALT)]);
    p.feed(b"\x1b[1;");
    assert_eq!(p.flush_timeout(), vec![]);
    assert_eq!(p.feed(b"A"), vec![ch('A')]);
}

#[test]
fn several_keys_in_one_packet() {
    let got = decode(&[b"jk\x1b[B\x1bOA\x1b[5~G\r\t\x1b[Z\x7f\x08\x01"]);
    let want = vec![
        ch('j'),
        ch('k'),
        k(KeyCode::Down, NONE),
        k(KeyCode::Up, NONE),
        k(KeyCode::PageUp, NONE),
        ch('G'),
        k(KeyCode::Enter, NONE),
        k(KeyCode::Tab, NONE),
        k(KeyCode::BackTab, SHIFT),
        k(KeyCode::Backspace, NONE),
        k(KeyCode::Backspace, NONE),
        k(KeyCode::Char('a'), CTRL),
    ];
    assert_eq!(got, want);
}

#[test]
fn modifiers_function_keys_and_alt() {
    let got = decode(&[b"\x1b[1;5A\x1b[1;2D\x1b[3;3~\x1b[15~\x1b[24;5~\x1bOP\x1b[[A\x1bx\x1b\x7f"]);
    let want = vec![
        k(KeyCode::Up, CTRL),
        k(KeyCode::Left, SHIFT),
        k(KeyCode::Delete, ALT),
        k(KeyCode::F(5), NONE),
        k(KeyCode::F(12), CTRL),
        k(KeyCode::F(1), NONE),
        k(KeyCode::F(1), NONE),
        k(KeyCode::Char('x'), ALT),
        k(KeyCode::Backspace, ALT),
    ];
    assert_eq!(got, want);
}

#[test]
fn utf8_split_at_every_byte() {
    for word in ["Querétaro", "Niños Héroes", "𝄞 €"] {
        let bytes = word.as_bytes();
        let want: Vec<Event> = word.chars().map(ch).collect();
        for cut in 0..=bytes.len() {
            assert_eq!(decode(&[&bytes[..cut], &bytes[cut..]]), want, "{word} cut at {cut}");
        }
        let one_by_one: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(decode(&one_by_one), want, "{word} byte by byte");
    }
}

#[test]
fn half_a_character_waits_through_a_timeout() {
    let mut p = ByteParser::new();
    assert_eq!(p.feed(&[0xc3]), vec![]);
    assert_eq!(p.flush_timeout(), vec![]);
    assert_eq!(p.feed(&[0xa9]), vec![ch('é')]);
}

#[test]
fn invalid_utf8_is_skipped() {
    let got = decode(&[b"a\xffb\xc3(\xe2\x82z\x80\xed\xa0\x80c"]);
    assert_eq!(got, vec![ch('a'), ch('b'), ch('('), ch('z'), ch('c')]);
}

#[test]
fn unknown_sequences_are_dropped_whole() {
    // Device attributes, focus in/out, a kitty key, a private mode report, OSC-like junk inside CSI.
    let got = decode(&[b"\x1b[?1;2cj\x1b[I\x1b[O\x1b[97;5uk\x1b[?2004;1$yl\x1b[99~m\x1bO5Xn"]);
    assert_eq!(got, vec![ch('j'), ch('k'), ch('l'), ch('m'), ch('n')]);
}

#[test]
fn an_over_long_sequence_is_dropped_and_memory_stays_bounded() {
    let mut p = ByteParser::new();
    p.feed(b"\x1b[");
    for _ in 0..1000 {
        assert_eq!(p.feed(b"1234567890;"), vec![]);
        assert!(p.buffered() <= MAX_SEQUENCE);
    }
    assert_eq!(p.feed(b"Aj"), vec![ch('j')]);
}

#[test]
fn a_paste_is_one_event_and_capped() {
    assert_eq!(
        decode(&[b"x\x1b[200~Quer\xc3", b"\xa9taro\r\nq\x1b[2", b"01~y"]),
        vec![ch('x'), Event::Paste("Querétaro\r\nq".into()), ch('y')]
    );
    let mut p = ByteParser::new();
    p.feed(b"\x1b[200~");
    for _ in 0..(MAX_PASTE / 1000 + 10) {
        assert_eq!(p.feed(&[b'a'; 1000]), vec![]);
        assert!(p.buffered() <= MAX_PASTE);
    }
    let Some(Event::Paste(text)) = p.feed(b"\x1b[201~").pop() else { panic!("no paste") };
    assert_eq!(text.len(), MAX_PASTE);
    assert_eq!(p.feed(b"q"), vec![ch('q')]);
}

#[test]
fn mouse_reports_sgr_and_x10() {
    let got = decode(&[b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<65;1;1M\x1b[<20;3;4M\x1b[M !!"]);
    let m = |kind, column, row, modifiers| Event::Mouse(MouseEvent { kind, column, row, modifiers });
    let want = vec![
        m(MouseEventKind::Down(MouseButton::Left), 9, 4, NONE),
        m(MouseEventKind::Up(MouseButton::Left), 9, 4, NONE),
        m(MouseEventKind::ScrollDown, 0, 0, NONE),
        m(MouseEventKind::Down(MouseButton::Left), 2, 3, SHIFT | CTRL),
        m(MouseEventKind::Down(MouseButton::Left), 0, 0, NONE),
    ];
    assert_eq!(got, want);
}

#[test]
fn bytes_drive_the_keymap_as_local_keys_do() {
    let mut keys = KeyParser::default();
    let mut actions = Vec::new();
    for ev in decode(&[b"\x1b[BG", b"/\xc3", b"\xa9\x1b[<0;3;7M"]) {
        let mode = if actions.contains(&Action::OpenSearch) { Mode::Search } else { Mode::Normal };
        let action = match &ev {
            Event::Key(ke) => keys.feed(mode, ke),
            Event::Mouse(me) => mouse(me),
            _ => None,
        };
        actions.extend(action);
    }
    assert_eq!(
        actions,
        vec![
            Action::SelectNext,
            Action::SelectLast,
            Action::OpenSearch,
            Action::Insert('é'),
            Action::Click { column: 2, row: 6 }
        ]
    );
}
