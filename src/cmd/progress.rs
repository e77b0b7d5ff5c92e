//! A loading indicator on stderr while a large timeline file is parsed, before the browser or a command
//! starts. It shows only when stderr is a terminal, and erases itself when loading ends.

use std::io::{IsTerminal, Write};

use crate::text::inert;
use crate::timeline::load::load_with;
use crate::timeline::{LoadError, Loaded, Origin};

/// Files smaller than this load too fast to need an indicator.
const SHOW_ABOVE_BYTES: usize = 4 << 20;

/// Loads from `origin` with a percentage on stderr when stderr is a terminal and the file is large.
pub fn load(origin: &Origin) -> Result<Loaded, LoadError> {
    let stderr = std::io::stderr();
    let enabled = stderr.is_terminal();
    let mut indicator = Indicator::new(stderr.lock(), enabled, &origin.to_string());
    let result = load_with(origin, &mut |done, total| indicator.update(done, total));
    indicator.finish();
    result
}

/// Writes `NAME: loading 42%` over itself on one line.
pub struct Indicator<W: Write> {
    out: W,
    enabled: bool,
    name: String,
    last: Option<usize>,
}

impl<W: Write> Indicator<W> {
    /// An indicator for the file `name`, silent unless `enabled`.
    pub fn new(out: W, enabled: bool, name: &str) -> Self {
        Indicator { out, enabled, name: inert(name).into_owned(), last: None }
    }

    /// Shows `done` of `total` bytes, redrawing only when the percentage changes.
    pub fn update(&mut self, done: usize, total: usize) {
        if !self.enabled || total < SHOW_ABOVE_BYTES {
            return;
        }
        let percent = done.min(total) * 100 / total;
        if self.last == Some(percent) {
            return;
        }
        self.last = Some(percent);
        let what = if percent == 100 { "checking" } else { "loading" };
        // Errors writing to stderr are not worth failing a load for.
        let _ = write!(self.out, "\r\x1b[2K{}: {what} {percent}%", self.name);
        let _ = self.out.flush();
    }

    /// Erases the line, if anything was shown.
    pub fn finish(&mut self) {
        if self.last.take().is_some() {
            let _ = write!(self.out, "\r\x1b[2K");
            let _ = self.out.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_each_percentage_once_and_erases_itself() {
        let mut out = Vec::new();
        let mut ind = Indicator::new(&mut out, true, "big\x1b[31m.yaml");
        let total = 10 * SHOW_ABOVE_BYTES;
        for done in [0, total / 4, total / 4 + 1, total] {
            ind.update(done, total);
        }
        ind.finish();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("loading 25%").count(), 1, "{text:?}");
        assert!(text.contains("checking 100%"), "{text:?}");
        assert!(text.ends_with("\r\x1b[2K"), "{text:?}");
        assert!(!text.contains("\x1b[31m"), "the file name is made inert: {text:?}");
    }

    #[test]
    fn silent_when_disabled_or_small() {
        let mut out = Vec::new();
        let mut ind = Indicator::new(&mut out, false, "x");
        ind.update(1, 10 * SHOW_ABOVE_BYTES);
        ind.finish();
        let mut ind = Indicator::new(&mut out, true, "x");
        ind.update(1, 10);
        ind.finish();
        assert!(out.is_empty());
    }
}
