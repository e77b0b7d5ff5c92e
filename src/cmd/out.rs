//! Buffered stdout that treats a closed pipe (`annals list | head`) as a normal end, and minimal ANSI styling
//! that is off unless colour was decided on.

use std::io::{self, BufWriter, Write};

/// ANSI styles, or nothing when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    on: bool,
}

impl Paint {
    pub fn new(on: bool) -> Paint {
        Paint { on }
    }

    pub fn enabled(&self) -> bool {
        self.on
    }

    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }

    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    pub fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    pub fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    pub fn cyan(&self, s: &str) -> String {
        self.wrap("36", s)
    }
    /// Matched characters in search results: bold and underlined, so the mark survives without colour too.
    pub fn matched(&self, s: &str) -> String {
        self.wrap("1;4;33", s)
    }
}

/// Output to stdout. After the reader closes the pipe, further writes are dropped silently.
pub struct Out {
    inner: Box<dyn Write>,
    closed: bool,
    pub paint: Paint,
}

impl Out {
    pub fn stdout(paint: Paint) -> Out {
        // Not `stdout().lock()`: a command that opens the browser (`brief`) must not hold the lock while the
        // browser's signal watchdog may need stdout to restore the terminal.
        Out { inner: Box::new(BufWriter::new(io::stdout())), closed: false, paint }
    }

    /// Output into any writer (tests).
    pub fn to(writer: Box<dyn Write>, paint: Paint) -> Out {
        Out { inner: writer, closed: false, paint }
    }

    pub fn finish(&mut self) -> io::Result<()> {
        self.flush()
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}
