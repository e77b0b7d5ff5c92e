//! The jump prompt's language: `1917` (a year), `1846-05` (a month), an event id or an era id. The same
//! targets open the browser with `--at`.

use crate::timeline::{EraIx, EventIx, Timeline};

/// Where a jump goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The first event in or after the year (and month).
    Date {
        year: i32,
        month: Option<u8>,
    },
    Event(EventIx),
    Era(EraIx),
}

/// Reads a jump target; `Err` carries a message for the status line.
pub fn parse(t: &Timeline, text: &str) -> Result<Target, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Type a year (1917), a month (1846-05), an event id or an era id".to_string());
    }
    let year = |s: &str| {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i32>().ok()).flatten()
    };
    if let Some(y) = year(text) {
        return Ok(Target::Date { year: y, month: None });
    }
    if let Some((y, m)) = text.split_once('-')
        && let Some(y) = year(y)
        && let Ok(m) = m.parse::<u8>()
        && (1..=12).contains(&m)
        && m.to_string().len() <= 2
    {
        return Ok(Target::Date { year: y, month: Some(m) });
    }
    if let Some(ev) = t.event_by_id(text) {
        return Ok(Target::Event(ev));
    }
    if let Some(era) = t.era_by_id(text) {
        return Ok(Target::Era(era));
    }
    let ids = t.events.iter().map(|e| e.id.as_str()).chain(t.eras.iter().map(|e| e.id.as_str()));
    let hint = crate::suggest::hint(text, ids);
    Err(format!("No year, event or era called {:?}{hint}", crate::text::inert(text)))
}
