//! The server's limits and where it listens: defaults (documented in docs/BRIEFING.md), the `--idle-timeout`
//! duration syntax, and the per-address connection rate limiter.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Default address: loopback only, so nothing is exposed until `--bind` says so.
pub const DEFAULT_BIND: &str = "127.0.0.1";
pub const DEFAULT_PORT: u16 = 2222;
/// Connections open at once (presenter and viewers together).
pub const DEFAULT_MAX_SESSIONS: usize = 64;
/// New connections one address may open per minute (loopback is exempt).
pub const DEFAULT_RATE_PER_MINUTE: usize = 20;
/// Authentication attempts per connection.
pub const DEFAULT_MAX_AUTH_ATTEMPTS: usize = 6;
/// A link silent this long (no key, no keepalive reply) is closed.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// The server asks a silent client for a keepalive reply this often.
pub const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(30);

/// Limits in force for one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_sessions: usize,
    pub rate_per_minute: usize,
    pub max_auth_attempts: usize,
    pub idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_sessions: DEFAULT_MAX_SESSIONS,
            rate_per_minute: DEFAULT_RATE_PER_MINUTE,
            max_auth_attempts: DEFAULT_MAX_AUTH_ATTEMPTS,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

/// Parses a duration as `90`, `90s`, `15m` or `2h` (a bare number is seconds).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (digits, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = digits.parse().map_err(|_| format!("{s:?} is not a duration (try 90s, 15m or 2h)"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use s, m or h)")),
    };
    if secs == 0 {
        return Err("the idle timeout must be longer than 0 s".into());
    }
    Ok(Duration::from_secs(secs))
}

/// Counts new connections per address over the last minute; loopback addresses are never limited.
#[derive(Debug, Default)]
pub struct RateLimiter {
    per_minute: usize,
    seen: HashMap<IpAddr, VecDeque<Instant>>,
}

impl RateLimiter {
    pub fn new(per_minute: usize) -> RateLimiter {
        RateLimiter { per_minute, seen: HashMap::new() }
    }

    /// Records a connection from `ip` at `now`; false when the address is over its rate.
    pub fn allow(&mut self, ip: IpAddr, now: Instant) -> bool {
        if ip.is_loopback() {
            return true;
        }
        let window = Duration::from_secs(60);
        self.seen.retain(|_, times| times.back().is_some_and(|&t| now.duration_since(t) < window));
        let times = self.seen.entry(ip).or_default();
        while times.front().is_some_and(|&t| now.duration_since(t) >= window) {
            times.pop_front();
        }
        if times.len() >= self.per_minute {
            return false;
        }
        times.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("5d").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn rate_limits_remote_addresses_not_loopback() {
        let mut r = RateLimiter::new(2);
        let t0 = Instant::now();
        let remote: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "192.0.2.8".parse().unwrap();
        assert!(r.allow(remote, t0));
        assert!(r.allow(remote, t0 + Duration::from_secs(1)));
        assert!(!r.allow(remote, t0 + Duration::from_secs(2)), "third within a minute");
        assert!(r.allow(other, t0 + Duration::from_secs(2)), "another address has its own count");
        assert!(r.allow(remote, t0 + Duration::from_secs(61)), "the first has aged out");
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        assert!((0..10).all(|i| r.allow(lo, t0 + Duration::from_millis(i))));
    }
}
