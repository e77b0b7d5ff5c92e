//! Reading a timeline: bytes -> text -> raw serde types -> validated `Timeline`, with every problem reported as
//! `FILE:LINE:COL: field: message`.

use std::fmt;
use std::path::{Path, PathBuf};

use super::cache::{self, Cache};
use super::parse;
use super::raw::{self, RawTimeline};
use super::validate::{self, Finding, P};
use super::yaml::{self, PositionIndex, Seg};
use super::{Date, EMBEDDED, EMBEDDED_NAME, Timeline};
use crate::suggest::hint;

pub use super::validate::Severity;

/// Where a timeline came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded => f.write_str(EMBEDDED_NAME),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// One problem in a file, with the position of the offending value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The YAML path of the value: `events[3].sources[0].locator`.
    pub field: String,
    pub message: String,
    pub severity: SeverityName,
}

/// Severity as it appears in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Error,
    Warning,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == SeverityName::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = if self.is_error() { "" } else { "warning: " };
        if self.field.is_empty() {
            write!(f, "{}:{}:{}: {sev}{}", self.file, self.line, self.column, self.message)
        } else {
            write!(f, "{}:{}:{}: {}: {sev}{}", self.file, self.line, self.column, self.field, self.message)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read the timeline: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: is a directory; give the path of a timeline file")]
    Directory { path: String },
    #[error(
        "{path}: the file is {size_mb} MB, over the limit of {limit_mb} MB; set {} to read it anyway",
        MAX_FILE_MB_VAR
    )]
    TooLarge { path: String, size_mb: u64, limit_mb: u64 },
    #[error("{} problem(s) in the timeline", .problems.iter().filter(|p| p.is_error()).count())]
    Invalid { problems: Vec<Problem> },
}

/// A successfully loaded timeline and the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub timeline: Timeline,
    pub warnings: Vec<Problem>,
}

/// Reads and validates the file at `path`.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    load_path_with(path, &mut |_, _| {})
}

/// [`load_path`], calling `progress(done, total)` with the bytes parsed so far.
///
/// A file of [`cache::MIN_BYTES`] or more goes through the parse cache (see `cache`): an unchanged file is read
/// back from it instead of parsed, and a parsed one is stored in it.
pub fn load_path_with(path: &Path, progress: &mut dyn FnMut(usize, usize)) -> Result<Loaded, LoadError> {
    let cache = Cache::from_env(path);
    load_path_cached(path, cache.as_ref(), cache::MIN_BYTES, Date::today(), progress)
}

/// [`load_path_with`] with the cache given, used for files of `min_bytes` or more.
pub(crate) fn load_path_cached(
    path: &Path,
    cache: Option<&Cache>,
    min_bytes: usize,
    today: Date,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Loaded, LoadError> {
    let bytes = read_file(path)?;
    let name = path.display().to_string();
    let cache = cache.filter(|_| bytes.len() >= min_bytes);
    // Only files serde_yaml had to read have a cache (see `cache`), so hashing is paid only for those, and
    // once: a miss that is parsed and cached again keeps the key.
    let key = cache.filter(|c| c.exists()).map(|_| cache::Key::of(&bytes));
    if let (Some(c), Some(key)) = (cache, key)
        && let Some(raw) = c.read(key)
    {
        progress(bytes.len(), bytes.len());
        // The cache was written from these very bytes, so they are UTF-8; decode again only for positions.
        return finish(raw, decode(&bytes, &name)?, &name, today);
    }
    let text = decode(&bytes, &name)?;
    let parsed = parse_raw(text, &name, progress)?;
    if let Some(c) = cache
        && parsed.by_serde_yaml * 2 >= bytes.len()
    {
        c.write(key.unwrap_or_else(|| cache::Key::of(&bytes)), &parsed.raw);
    }
    finish(parsed.raw, text, &name, today)
}

/// The environment variable that sets the largest file annals reads, in megabytes.
pub const MAX_FILE_MB_VAR: &str = "ANNALS_MAX_FILE_MB";

/// The largest file read when [`MAX_FILE_MB_VAR`] is not set: a million events take about 700 MB.
pub const DEFAULT_MAX_FILE_MB: u64 = 2048;

/// The bytes of a timeline or tour file, refusing a directory or a file over the size limit with a message
/// that says so.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(LoadError::Directory { path: name });
    }
    let limit_mb = std::env::var(MAX_FILE_MB_VAR).ok().and_then(|v| v.trim().parse().ok());
    let limit_mb = limit_mb.unwrap_or(DEFAULT_MAX_FILE_MB);
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > limit_mb.saturating_mul(1 << 20)
    {
        return Err(LoadError::TooLarge { path: name, size_mb: meta.len() >> 20, limit_mb });
    }
    std::fs::read(path).map_err(|source| LoadError::Io { path: name, source })
}

/// The embedded timeline. It is validated by the test suite, so failure here is a build defect.
pub fn load_embedded() -> Result<Loaded, LoadError> {
    load_str(EMBEDDED, EMBEDDED_NAME, Date::today())
}

/// Loads from `origin`: the embedded timeline or a file.
pub fn load(origin: &Origin) -> Result<Loaded, LoadError> {
    load_with(origin, &mut |_, _| {})
}

/// [`load`], calling `progress(done, total)` with the bytes of a file parsed so far.
pub fn load_with(origin: &Origin, progress: &mut dyn FnMut(usize, usize)) -> Result<Loaded, LoadError> {
    match origin {
        Origin::Embedded => load_embedded(),
        Origin::File(p) => load_path_with(p, progress),
    }
}

/// Validates raw bytes: they must be UTF-8 (a leading byte-order mark is allowed).
pub fn load_bytes(bytes: &[u8], name: &str, today: Date) -> Result<Loaded, LoadError> {
    load_str(decode(bytes, name)?, name, today)
}

/// The bytes as UTF-8 text, or a problem at the first invalid byte.
pub(crate) fn decode<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let bad =
                &bytes[e.valid_up_to()..(e.valid_up_to() + e.error_len().unwrap_or(1)).min(bytes.len())];
            let problem = Problem {
                file: name.to_string(),
                line,
                column,
                field: String::new(),
                message: format!("the file is not valid UTF-8 (byte {bad:02x?}); save it as UTF-8"),
                severity: SeverityName::Error,
            };
            Err(LoadError::Invalid { problems: vec![problem] })
        }
    }
}

/// Validates YAML text, with `today` as the limit for dates.
pub fn load_str(text: &str, name: &str, today: Date) -> Result<Loaded, LoadError> {
    load_str_with(text, name, today, &mut |_, _| {})
}

/// [`load_str`], calling `progress(done, total)` with the bytes parsed so far (for a progress indicator).
pub fn load_str_with(
    text: &str,
    name: &str,
    today: Date,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Loaded, LoadError> {
    let parsed = parse_raw(text, name, progress)?;
    finish(parsed.raw, text, name, today)
}

/// Text -> raw types, refusing empty text, aliases and syntax or type errors.
fn parse_raw(
    text: &str,
    name: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<parse::Parsed, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let problem = |line, column, field: String, message: String| Problem {
        file: name.to_string(),
        line,
        column,
        field,
        message,
        severity: SeverityName::Error,
    };
    if text.trim().is_empty() {
        let msg = "the file is empty; a timeline needs title, description, version, as_of, span, theories, \
                   sources, eras, tags and events (see docs/FORMAT.md)";
        return Err(LoadError::Invalid { problems: vec![problem(1, 1, String::new(), msg.to_string())] });
    }
    if let Some(at) = yaml::first_alias(text) {
        let message = "an alias (`*name`): timelines refuse YAML anchors and aliases, since an alias repeated in \
                       a list can expand to gigabytes; write the value out";
        return Err(LoadError::Invalid {
            problems: vec![problem(at.line, at.column, String::new(), message.into())],
        });
    }
    let parsed = match parse::parse(text, progress) {
        Ok(parsed) => parsed,
        Err(e) => {
            // Unknown fields: list all of them (serde stops at the first), each with a "did you mean".
            // Listing every unknown field needs a position index of the whole file: small files only.
            let mut problems = Vec::new();
            if text.len() <= parse::WHOLE_PARSE_BYTES {
                problems = unknown_fields(&PositionIndex::build(text), name);
            }
            if problems.is_empty() {
                problems.push(syntax_problem(text, name, e));
            }
            return Err(LoadError::Invalid { problems });
        }
    };
    Ok(parsed)
}

/// Raw types -> a validated timeline, or every problem found with its position in `text`.
fn finish(raw: RawTimeline, text: &str, name: &str, today: Date) -> Result<Loaded, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (timeline, findings) = validate::validate(raw, today);
    let problems = locate(text, name, findings);
    if problems.iter().any(Problem::is_error) {
        return Err(LoadError::Invalid { problems });
    }
    Ok(Loaded { timeline, warnings: problems })
}

/// Turns findings (paths) into problems (positions), sorted by position.
pub(crate) fn locate(text: &str, name: &str, findings: Vec<Finding>) -> Vec<Problem> {
    if findings.is_empty() {
        return Vec::new();
    }
    let index = PositionIndex::build(text);
    let mut problems: Vec<Problem> = findings
        .into_iter()
        .map(|f| {
            let segs = to_segs(&f.path);
            let pos = if f.at_key { index.key(&segs) } else { index.value(&segs) };
            Problem {
                file: name.to_string(),
                line: pos.line,
                column: pos.column,
                field: path_string(&f.path),
                message: f.message,
                severity: match f.severity {
                    Severity::Error => SeverityName::Error,
                    Severity::Warning => SeverityName::Warning,
                },
            }
        })
        .collect();
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

fn to_segs(path: &[P]) -> Vec<Seg<'static>> {
    path.iter()
        .map(|p| match p {
            P::K(k) => Seg::Key(k),
            P::I(i) => Seg::Index(*i),
        })
        .collect()
}

/// `events[3].sources[0].locator`
pub(crate) fn path_string(path: &[P]) -> String {
    let mut s = String::new();
    for p in path {
        match p {
            P::K(k) if s.is_empty() => s.push_str(k),
            P::K(k) => {
                s.push('.');
                s.push_str(k);
            }
            P::I(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Makes serde's wording read like advice.
fn friendlier(message: &str) -> String {
    if message.starts_with("missing field") {
        return format!("{message}: add it (see docs/FORMAT.md)");
    }
    if message.contains("recursion limit exceeded") {
        return "the file nests too deeply to be a timeline".to_string();
    }
    if message.contains("repetition limit exceeded") {
        return "the file repeats aliases too often (an alias bomb?); timelines need no aliases".to_string();
    }
    message.to_string()
}

/// Problems for the keys of the mapping at `path` that are not in `allowed`, each with a "did you mean".
pub(crate) fn unknown_keys(index: &PositionIndex, name: &str, path: &[P], allowed: &[&str]) -> Vec<Problem> {
    index
        .keys(&to_segs(path))
        .into_iter()
        .filter(|(key, _)| !allowed.contains(key))
        .map(|(key, pos)| Problem {
            file: name.to_string(),
            line: pos.line,
            column: pos.column,
            field: path_string(path),
            message: format!("unknown field `{key}`{}", hint(key, allowed.iter().copied())),
            severity: SeverityName::Error,
        })
        .collect()
}

/// A problem at a position serde reported (syntax and type errors), in the wording people read.
pub(crate) fn syntax_problem(text: &str, name: &str, mut e: yaml::SyntaxError) -> Problem {
    // libyaml names a byte offset for a control character; give its line and column and say what it is.
    if e.message.starts_with("control characters are not allowed")
        && let Some((line, column, c)) = first_control(text)
    {
        e = yaml::SyntaxError {
            line,
            column,
            path: String::new(),
            message: format!(
                "a control character (U+{:04X}) is not allowed in YAML text; inside double quotes write it as \
                 an escape such as \"\\u{:04X}\"",
                c as u32, c as u32
            ),
        };
    }
    let mut message = friendlier(&e.message);
    if text.lines().nth(e.line.saturating_sub(1)).is_some_and(|l| l.contains('\t')) {
        message.push_str(" (a tab: YAML indents with spaces only)");
    }
    Problem {
        file: name.to_string(),
        line: e.line,
        column: e.column,
        field: e.path,
        message,
        severity: SeverityName::Error,
    }
}

/// The first character YAML does not allow in a file (C0 and C1 controls other than tab, LF, CR and NEL), with
/// its line and column counted from 1.
fn first_control(text: &str) -> Option<(usize, usize, char)> {
    let (at, c) = text.char_indices().find(|&(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    })?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    Some((line, column, c))
}

/// Every key not in the format, with where it is written and the closest known key.
fn unknown_fields(index: &PositionIndex, name: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut check = |path: Vec<P>, allowed: &[&str]| out.extend(unknown_keys(index, name, &path, allowed));
    check(vec![], raw::TOP_FIELDS);
    check(vec![P::K("span")], raw::SPAN_FIELDS);
    for (list, fields) in [
        ("theories", raw::THEORY_FIELDS),
        ("sources", raw::SOURCE_FIELDS),
        ("eras", raw::ERA_FIELDS),
        ("tags", raw::TAG_FIELDS),
    ] {
        for i in 0..index.len(&[Seg::Key(list)]) {
            check(vec![P::K(list), P::I(i)], fields);
        }
    }
    for i in 0..index.len(&[Seg::Key("events")]) {
        let ev = vec![P::K("events"), P::I(i)];
        check(ev.clone(), raw::EVENT_FIELDS);
        for (list, fields) in [
            ("sources", raw::CITATION_FIELDS),
            ("readings", raw::READING_FIELDS),
            ("disputed", raw::DISPUTE_FIELDS),
        ] {
            let at: Vec<P> = ev.iter().copied().chain([P::K(list)]).collect();
            for k in 0..index.len(&to_segs(&at)) {
                let item: Vec<P> = at.iter().copied().chain([P::I(k)]).collect();
                check(item.clone(), fields);
                if list == "disputed" {
                    let sides: Vec<P> = item.iter().copied().chain([P::K("sides")]).collect();
                    for s in 0..index.len(&to_segs(&sides)) {
                        check(sides.iter().copied().chain([P::I(s)]).collect(), raw::SIDE_FIELDS);
                    }
                }
            }
        }
    }
    out.sort_by_key(|p| (p.line, p.column));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../tests/fixtures/valid/browser.yaml");

    /// The fixture with a comment before each event, which leaves it to serde_yaml: only such files are cached.
    fn commented() -> String {
        FIXTURE.replace("\n  - id: ", "\n  # note\n  - id: ")
    }

    fn cached(path: &Path, cache: &Cache) -> Result<Loaded, LoadError> {
        load_path_cached(path, Some(cache), 0, Date::ymd(2026, 11, 23), &mut |_, _| {})
    }

    fn dump(loaded: &Loaded) -> String {
        format!("{:?} {:?}", loaded.timeline, loaded.warnings)
    }

    #[test]
    fn a_cache_hit_gives_the_timeline_of_a_parse_and_a_changed_file_is_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        let fixture = commented();
        std::fs::write(&path, &fixture).unwrap();
        let cache = Cache::in_dir(&dir.path().join("cache"), &path);
        let parsed = cached(&path, &cache).unwrap();
        assert!(cache.path().is_file(), "the first load writes the cache");
        let hit = cached(&path, &cache).unwrap();
        assert_eq!(dump(&hit), dump(&parsed));
        let changed = fixture.replacen("title: \"", "title: \"Changed ", 1);
        std::fs::write(&path, &changed).unwrap();
        let reparsed = cached(&path, &cache).unwrap();
        assert!(reparsed.timeline.title.starts_with("Changed"), "{}", reparsed.timeline.title);
        let plain = load_str(&changed, &path.display().to_string(), Date::ymd(2026, 11, 23)).unwrap();
        assert_eq!(dump(&reparsed), dump(&plain));
        assert_eq!(dump(&cached(&path, &cache).unwrap()), dump(&plain), "the new cache is a hit");
    }

    #[test]
    fn a_corrupt_cache_falls_back_to_the_parse_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        std::fs::write(&path, commented()).unwrap();
        let cache = Cache::in_dir(dir.path(), &path);
        let want = dump(&cached(&path, &cache).unwrap());
        for junk in [&b""[..], b"annals-cache 1\n{", b"\xff\xfe garbage\n\n", b"{\"title\": 1}"] {
            std::fs::write(cache.path(), junk).unwrap();
            assert_eq!(dump(&cached(&path, &cache).unwrap()), want);
        }
        let mut data = std::fs::read(cache.path()).unwrap();
        assert!(data.starts_with(b"annals-cache "), "rewritten after the fallback");
        // A valid header over a payload altered to another timeline is refused by the payload hash.
        let at = data.windows(5).position(|w| w == b"Tampi").expect("a word of the fixture");
        data[at] = b'X';
        std::fs::write(cache.path(), &data).unwrap();
        assert_eq!(dump(&cached(&path, &cache).unwrap()), want);
    }

    #[test]
    fn a_file_the_subset_reader_reads_gets_no_cache_and_a_stale_one_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        std::fs::write(&path, commented()).unwrap();
        let cache = Cache::in_dir(dir.path(), &path);
        let want = dump(&cached(&path, &cache).unwrap());
        assert!(cache.path().is_file(), "a file serde_yaml read is cached");
        std::fs::write(&path, FIXTURE).unwrap();
        let plain = dump(&load_str(FIXTURE, &path.display().to_string(), Date::ymd(2026, 11, 23)).unwrap());
        assert_eq!(want, plain, "the comments change nothing");
        assert_eq!(dump(&cached(&path, &cache).unwrap()), plain);
        assert!(!cache.path().exists(), "the stale cache is removed and not rewritten");
        assert_eq!(dump(&cached(&path, &cache).unwrap()), plain);
        assert!(!cache.path().exists());
    }

    #[test]
    fn an_unwritable_cache_directory_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        std::fs::write(&path, FIXTURE).unwrap();
        // A directory below a regular file cannot be created, whoever runs the test.
        let cache = Cache::in_dir(&path.join("cache"), &path);
        let loaded = cached(&path, &cache).unwrap();
        assert!(!loaded.timeline.events.is_empty());
        assert!(!cache.path().exists());
    }

    #[test]
    fn a_cached_file_with_problems_reports_them_at_their_positions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        let bad = commented().replacen("date: ", "date: 18x7-", 1);
        std::fs::write(&path, &bad).unwrap();
        let cache = Cache::in_dir(dir.path(), &path);
        let problems = |r: Result<Loaded, LoadError>| match r {
            Err(LoadError::Invalid { problems }) => problems,
            other => panic!("{other:?}"),
        };
        let first = problems(cached(&path, &cache));
        assert!(cache.path().is_file());
        assert_eq!(problems(cached(&path, &cache)), first);
        assert!(first[0].line > 1, "{first:?}");
    }

    #[test]
    fn aliases_are_refused_where_they_are_written_even_with_other_problems() {
        let text = "a: &t x\nb: [1, *t]\n";
        let Err(LoadError::Invalid { problems }) = load_str(text, "f", Date::today()) else { panic!() };
        let p = &problems[0];
        assert_eq!((p.line, p.column), (2, 8));
        assert!(p.message.starts_with("an alias"), "{}", p.message);
        // A star inside text is not an alias.
        assert!(yaml::first_alias("a: x*y\nb: '*z'\nc: 2 * 3\n").is_none());
    }
}
