//! The server's log: one line per connection, authentication, role change and disconnect, with a UTC time.
//! It goes to stderr when the server runs headless, else to `--log FILE` or `serve.log` in the data directory,
//! so it never writes over the local presenter's screen.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// A shared, line-oriented log.
#[derive(Clone)]
pub struct Log {
    sink: Arc<Mutex<Box<dyn Write + Send>>>,
}

impl Log {
    pub fn stderr() -> Log {
        Log { sink: Arc::new(Mutex::new(Box::new(io::stderr()))) }
    }

    /// Appends to a file, creating it (and its folder) when absent.
    pub fn file(path: &Path) -> io::Result<Log> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let f: File = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Log { sink: Arc::new(Mutex::new(Box::new(f))) })
    }

    /// A log that drops everything (unit tests).
    #[cfg(test)]
    pub fn sink_for_tests() -> Log {
        Log { sink: Arc::new(Mutex::new(Box::new(io::sink()))) }
    }

    /// Writes one line; text from clients (user names) must already be inert.
    pub fn line(&self, text: &str) {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if let Ok(mut w) = self.sink.lock() {
            let _ = writeln!(w, "{} {text}", utc(now));
            let _ = w.flush();
        }
    }
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (days to civil date: Howard Hinnant's algorithm).
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
