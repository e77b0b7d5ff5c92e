//! Kiosk mode (`--kiosk`), for an OpenSSH `ForceCommand`: what a kiosk may run, which settings it takes (the
//! command line only, never `ANNALS_FILE`), and the idle timeout that ends a forgotten session.
//!
//! What makes the kiosk safe lives in three places: here (refuse every command but the browser and
//! `brief TOUR`, drop settings that came from the environment), `term` (raw mode without signal keys, SIGTSTP
//! and SIGQUIT ignored, the idle timeout), and the rest of the program, which never reads
//! `SSH_ORIGINAL_COMMAND` and never starts a process (no `$EDITOR`, `$SHELL` or pager).

use std::time::Duration;

use clap::ArgMatches;
use clap::parser::ValueSource;

use crate::cli::{Cli, Command};

/// The idle timeout of a kiosk when `--idle-timeout` is not given.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(15 * 60);

/// `--idle-timeout`: how long the browser waits for input before it quits; `None` never quits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimeout(pub Option<Duration>);

/// Parses `--idle-timeout`: `90s`, `15m`, `1h`, `1h30m`, bare seconds (`600`); `0` or `off` disables it.
pub fn parse_idle(text: &str) -> Result<IdleTimeout, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("off") || t.eq_ignore_ascii_case("never") {
        return Ok(IdleTimeout(None));
    }
    let bad = || format!("{text:?} is not a duration: write 90s, 15m, 1h, 1h30m, or 0/off to disable");
    let mut secs: u64 = 0;
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        secs = n.checked_mul(unit).and_then(|v| secs.checked_add(v)).ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() {
        let n: u64 = digits.parse().map_err(|_| bad())?;
        secs = secs.checked_add(n).ok_or_else(bad)?;
    } else if t.is_empty() || !t.ends_with(['s', 'm', 'h']) {
        return Err(bad());
    }
    Ok(IdleTimeout((secs > 0).then(|| Duration::from_secs(secs))))
}

/// A duration as `--idle-timeout` writes it: `15m`, `1h30m`, `90s` -> `1m30s`.
pub fn human(d: Duration) -> String {
    let s = d.as_secs();
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::new();
    for (n, unit) in [(h, 'h'), (m, 'm'), (s, 's')] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    if out.is_empty() { "0s".to_string() } else { out }
}

/// The idle timeout in force: `--idle-timeout` if given, else 15 minutes in a kiosk and none otherwise.
pub fn idle_timeout(cli: &Cli) -> Option<Duration> {
    match cli.idle_timeout {
        Some(IdleTimeout(d)) => d,
        None if cli.kiosk => Some(DEFAULT_IDLE),
        None => None,
    }
}

/// Applies the kiosk rules to a parsed command line (nothing happens without `--kiosk`): settings taken from
/// the environment are dropped, so only what the `ForceCommand` line says counts; and every command but the
/// browser and `brief TOUR` is refused. The `Err` is the message for the user (exit status 2).
pub fn lock_down(cli: &mut Cli, matches: &ArgMatches) -> Result<(), String> {
    if !cli.kiosk {
        return Ok(());
    }
    if from_env(matches, "file") {
        cli.file = None;
    }
    match &cli.command {
        None => Ok(()),
        Some(Command::Brief(b)) if !b.handout && b.output.is_none() => Ok(()),
        Some(Command::Brief(_)) => {
            Err("--kiosk: `brief --handout` and `-o` write files, which a kiosk does not do".to_string())
        }
        Some(other) => Err(format!(
            "--kiosk: only the browser and `brief TOUR` run in a kiosk; `{}` is refused",
            command_name(other)
        )),
    }
}

/// Whether an argument's value came from an environment variable, at the top level or in the subcommand
/// (a global argument is recorded in both).
fn from_env(matches: &ArgMatches, id: &str) -> bool {
    let here =
        matches.try_contains_id(id).is_ok() && matches.value_source(id) == Some(ValueSource::EnvVariable);
    here || matches.subcommand().is_some_and(|(_, sub)| from_env(sub, id))
}

fn command_name(c: &Command) -> &'static str {
    match c {
        Command::Check(_) => "check",
        Command::List(_) => "list",
        Command::Show(_) => "show",
        Command::Search(_) => "search",
        Command::Sources(_) => "sources",
        Command::Brief(_) => "brief",
        Command::Serve(_) => "serve",
        Command::Completions { .. } => "completions",
        Command::Man => "man",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> Option<u64> {
        parse_idle(s).unwrap().0.map(|d| d.as_secs())
    }

    #[test]
    fn durations_parse() {
        assert_eq!(secs("90s"), Some(90));
        assert_eq!(secs("15m"), Some(900));
        assert_eq!(secs("1h30m"), Some(5400));
        assert_eq!(secs("600"), Some(600));
        assert_eq!(secs("1m30"), Some(90));
        assert_eq!(secs("0"), None);
        assert_eq!(secs("0m"), None);
        assert_eq!(secs("off"), None);
        assert_eq!(secs("OFF"), None);
        for bad in ["", "m", "15x", "-5m", "1.5m", "h1", "99999999999999999999h"] {
            let err = parse_idle(bad).unwrap_err();
            assert!(err.contains("is not a duration"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn durations_print_as_written() {
        assert_eq!(human(Duration::from_secs(900)), "15m");
        assert_eq!(human(Duration::from_secs(5400)), "1h30m");
        assert_eq!(human(Duration::from_secs(90)), "1m30s");
        assert_eq!(human(Duration::from_secs(1)), "1s");
        assert_eq!(human(Duration::ZERO), "0s");
    }
}
