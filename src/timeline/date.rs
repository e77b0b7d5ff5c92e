//! Historical dates: a year, month or day, possibly approximate (`~`) or uncertain (`?`), as in EDTF level 1.
//!
//! Dates order by their earliest possible day, then by precision (a year before its months), so that
//! `1846` sorts before `1846-05` and `1846-05` before `1846-05-13`.

use std::cmp::Ordering;
use std::fmt;

/// How much of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date at year, month or day precision, with EDTF qualifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
    precision: Precision,
    /// `~`: the date is approximate ("about May 1846").
    pub approximate: bool,
    /// `?`: the date is uncertain ("1942, probably").
    pub uncertain: bool,
}

/// The end of a span: a date, or `present` for something still running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum End {
    Date(Date),
    Present,
}

/// Why a date string was refused; the text is shown to the person who wrote it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected YYYY, YYYY-MM or YYYY-MM-DD (with an optional ~ or ?), found {0:?}")]
    Malformed(String),
    #[error("{0:?}: write `%` for a date both approximate and uncertain (EDTF), e.g. 1988%")]
    BothQualifiers(String),
    #[error("{0:?} is not a real date: {1}")]
    Impossible(String, String),
}

impl Date {
    /// A day-precision date, for computing "today" and for tests. Panics on an impossible date.
    pub fn ymd(year: i32, month: u8, day: u8) -> Date {
        assert!((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month));
        Date { year, month, day, precision: Precision::Day, approximate: false, uncertain: false }
    }

    /// A year-precision date.
    pub fn year_only(year: i32) -> Date {
        Date { year, month: 1, day: 1, precision: Precision::Year, approximate: false, uncertain: false }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with an optional trailing `~` (approximate), `?` (uncertain)
    /// or `%` (both).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let malformed = || DateError::Malformed(text.to_string());
        if text.ends_with("?~") || text.ends_with("~?") {
            return Err(DateError::BothQualifiers(text.to_string()));
        }
        let (body, approximate, uncertain) = match text.as_bytes().last() {
            Some(b'~') => (&text[..text.len() - 1], true, false),
            Some(b'?') => (&text[..text.len() - 1], false, true),
            Some(b'%') => (&text[..text.len() - 1], true, true),
            _ => (text, false, false),
        };
        let mut parts = body.split('-');
        let year = parts.next().filter(|y| y.len() == 4).ok_or_else(malformed)?;
        let year = digits(year).ok_or_else(malformed)? as i32;
        let month = parts.next().map(|m| two_digits(m).ok_or_else(malformed)).transpose()?;
        let day = parts.next().map(|d| two_digits(d).ok_or_else(malformed)).transpose()?;
        if parts.next().is_some() {
            return Err(malformed());
        }
        let impossible = |why: String| DateError::Impossible(text.to_string(), why);
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(impossible(format!("there is no month {m}")));
        }
        if let (Some(m), Some(d)) = (month, day)
            && (d == 0 || d > days_in_month(year, m))
        {
            return Err(impossible(format!("{} {year} has {} days", month_name(m), days_in_month(year, m))));
        }
        let precision = match (month, day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        };
        Ok(Date { year, month: month.unwrap_or(1), day: day.unwrap_or(1), precision, approximate, uncertain })
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12) when the date is at least month-precise.
    pub fn month(&self) -> Option<u8> {
        (self.precision >= Precision::Month).then_some(self.month)
    }

    /// The day of the month when the date is day-precise.
    pub fn day(&self) -> Option<u8> {
        (self.precision == Precision::Day).then_some(self.day)
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// True when the date is qualified as approximate or uncertain.
    pub fn is_fuzzy(&self) -> bool {
        self.approximate || self.uncertain
    }

    /// The earliest day the date can mean, as (year, month, day).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month, self.day)
    }

    /// The latest day the date can mean: 1846 ends on 1846-12-31, 1846-02 on 1846-02-28.
    pub fn last_day(&self) -> (i32, u8, u8) {
        match self.precision {
            Precision::Year => (self.year, 12, 31),
            Precision::Month => (self.year, self.month, days_in_month(self.year, self.month)),
            Precision::Day => (self.year, self.month, self.day),
        }
    }

    /// Today's date in UTC, from the system clock (no time-zone database needed for a day's precision).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let (y, m, d) = civil_from_days((secs / 86_400) as i64);
        Date::ymd(y, m, d)
    }

    /// A human reading of the date: `13 May 1846`, `May 1846`, `c. 1846`, `1942?`.
    pub fn human(&self) -> String {
        let core = match self.precision {
            Precision::Year => self.year.to_string(),
            Precision::Month => format!("{} {}", month_name(self.month), self.year),
            Precision::Day => format!("{} {} {}", self.day, month_name(self.month), self.year),
        };
        match (self.approximate, self.uncertain) {
            (true, true) => format!("c. {core}?"),
            (true, false) => format!("c. {core}"),
            (false, true) => format!("{core}?"),
            (false, false) => core,
        }
    }
}

impl fmt::Display for Date {
    /// The date as written in the file: `1846-05~`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.precision >= Precision::Month {
            write!(f, "-{:02}", self.month)?;
        }
        if self.precision == Precision::Day {
            write!(f, "-{:02}", self.day)?;
        }
        match (self.approximate, self.uncertain) {
            (true, true) => f.write_str("%"),
            (true, false) => f.write_str("~"),
            (false, true) => f.write_str("?"),
            (false, false) => Ok(()),
        }
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day().cmp(&other.first_day()).then(self.precision.cmp(&other.precision))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl End {
    pub fn parse(text: &str) -> Result<End, DateError> {
        if text == "present" { Ok(End::Present) } else { Date::parse(text).map(End::Date) }
    }

    /// The last day covered; `present` is `today`.
    pub fn last_day(&self, today: &Date) -> (i32, u8, u8) {
        match self {
            End::Date(d) => d.last_day(),
            End::Present => today.last_day(),
        }
    }

    pub fn human(&self) -> String {
        match self {
            End::Date(d) => d.human(),
            End::Present => "present".to_string(),
        }
    }
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            End::Date(d) => d.fmt(f),
            End::Present => f.write_str("present"),
        }
    }
}

pub fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    NAMES.get(usize::from(month).wrapping_sub(1)).copied().unwrap_or("?")
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn two_digits(s: &str) -> Option<u8> {
    if s.len() != 2 {
        return None;
    }
    digits(s).map(|n| n as u8)
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision_and_qualifier() {
        let d = Date::parse("1846-05-13").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (1846, Some(5), Some(13)));
        let d = Date::parse("1846-05~").unwrap();
        assert_eq!((d.month(), d.day(), d.approximate, d.uncertain), (Some(5), None, true, false));
        let d = Date::parse("1942?").unwrap();
        assert_eq!((d.precision(), d.uncertain, d.approximate), (Precision::Year, true, false));
        assert!(Date::parse("1942%").unwrap().approximate);
    }

    #[test]
    fn round_trips_as_written() {
        for s in ["1836", "1846-05", "1846-05-13", "1846-05~", "1942?", "1910%", "2001-09-11"] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        assert!(matches!(Date::parse("1942-02-30"), Err(DateError::Impossible(..))));
        assert!(matches!(Date::parse("1900-02-29"), Err(DateError::Impossible(..))));
        assert!(Date::parse("2000-02-29").is_ok());
        assert!(matches!(Date::parse("1942-13"), Err(DateError::Impossible(..))));
        assert!(matches!(Date::parse("1942-00-10"), Err(DateError::Impossible(..))));
        assert!(matches!(Date::parse("1988?~"), Err(DateError::BothQualifiers(_))));
        for bad in ["", "42", "1942-1", "1942-01-1", "1942/01", "1942-01-01-01", "abcd", "1942~~", "+1942"] {
            assert!(matches!(Date::parse(bad), Err(DateError::Malformed(_))), "{bad}");
        }
    }

    #[test]
    fn orders_by_earliest_day_then_precision() {
        let mut v: Vec<Date> = ["1846-05-13", "1846", "1846-05", "1845-12-31", "1846-04~"]
            .iter()
            .map(|s| Date::parse(s).unwrap())
            .collect();
        v.sort();
        let s: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(s, ["1845-12-31", "1846", "1846-04~", "1846-05", "1846-05-13"]);
    }

    #[test]
    fn last_day_covers_the_whole_period() {
        assert_eq!(Date::parse("1846").unwrap().last_day(), (1846, 12, 31));
        assert_eq!(Date::parse("1900-02").unwrap().last_day(), (1900, 2, 28));
        assert_eq!(Date::parse("2024-02").unwrap().last_day(), (2024, 2, 29));
    }

    #[test]
    fn human_forms() {
        assert_eq!(Date::parse("1846-05-13").unwrap().human(), "13 May 1846");
        assert_eq!(Date::parse("1846-05~").unwrap().human(), "c. May 1846");
        assert_eq!(Date::parse("1942?").unwrap().human(), "1942?");
    }

    #[test]
    fn civil_calendar_conversion() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_780), (2026, 11, 23));
        assert!(Date::today().year() >= 2024);
    }
}
