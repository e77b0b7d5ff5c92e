//! Hostile files, each a test: alias bombs, deep nesting, files too large for memory, invalid UTF-8, a
//! byte-order mark, CRLF line ends, NUL bytes and 10 MB lines. Every one either loads or fails with exit 1 and a
//! message naming the file, line and column; none panics or runs out of memory.
//!
//! Peak memory is measured on the child process with python3 (`resource.getrusage`), which .ci/run installs.

use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;

const SMALL: &str = "tests/fixtures/valid/small.yaml";
const BIN: &str = env!("CARGO_BIN_EXE_annals");

fn annals() -> Command {
    let mut c = Command::cargo_bin("annals").unwrap();
    c.env_remove("ANNALS_FILE").env_remove("ANNALS_MAX_FILE_MB").env("NO_COLOR", "1");
    c
}

fn small() -> String {
    std::fs::read_to_string(SMALL).unwrap()
}

/// `annals check PATH`: the exit code and stderr.
fn check(path: &Path) -> (i32, String) {
    let out = annals().arg("check").arg(path).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Writes `bytes` to a fresh file and checks it.
fn check_bytes(bytes: &[u8]) -> (i32, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, bytes).unwrap();
    let (code, err) = check(&path);
    (code, err, dir)
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

/// Runs `annals check PATH` and returns its exit code and peak resident memory in bytes.
fn peak_rss(path: &Path) -> (i32, u64) {
    let script = "import resource, subprocess, sys\n\
                  r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
                  print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)\n";
    let out = Std::new("python3")
        .args(["-c", script, BIN, "check"])
        .arg(path)
        .env_remove("ANNALS_MAX_FILE_MB")
        .output()
        .expect("python3 is needed to measure peak memory (.ci/run installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parts = text.split_whitespace().map(|p| p.parse::<i64>().unwrap());
    (parts.next().unwrap() as i32, parts.next().unwrap() as u64)
}

#[test]
fn a_flat_alias_bomb_in_a_list_field_is_refused_at_the_alias() {
    // A 1 MB title aliased 10,000 times in a list of strings would be 10 GB; serde_yaml's repetition limit
    // (a multiple of the document's events) does not stop it, so the loader refuses aliases.
    let long = "x".repeat(1 << 20);
    let aliases = vec!["*t"; 10_000].join(", ");
    let text = small()
        .replacen(
            "summary: The treaty ends the war",
            &format!("summary: &t {long} The treaty ends the war"),
            1,
        )
        .replacen("countries: [US, MX]", &format!("countries: [{aliases}]"), 1);
    let (code, err, _dir) = check_bytes(text.as_bytes());
    assert_eq!(code, 1, "{err}");
    let line = line_of(&text, "countries: [*t");
    assert!(err.contains(&format!("t.yaml:{line}:17: an alias (`*name`)")), "{err}");
}

#[test]
fn the_nested_alias_bomb_fixture_is_refused_at_its_first_alias() {
    let (code, err) = check(Path::new("tests/fixtures/invalid/alias-bomb.yaml"));
    assert_eq!(code, 1);
    assert!(err.starts_with("tests/fixtures/invalid/alias-bomb.yaml:2:8: an alias"), "{err}");
}

/// libyaml spends time proportional to the flow depth on every token: 100,000 nested brackets took it 45 s
/// (release build) before the depth scan; now they are refused in one pass, at the bracket that goes too deep.
#[test]
fn deep_nesting_is_refused_at_the_bracket_that_goes_too_deep() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = small().replacen("countries: [US, MX]", &format!("countries: {deep}"), 1);
    let (code, err, _dir) = check_bytes(text.as_bytes());
    assert_eq!(code, 1);
    let line = line_of(&text, "countries: [[[");
    let column = text.lines().nth(line - 1).unwrap().find('[').unwrap() + 65;
    assert!(
        err.contains(&format!(
            "t.yaml:{line}:{column}: the file nests too deeply: brackets nested more than 64 deep"
        )),
        "{err}"
    );
}

/// Nesting a timeline really uses, a few levels deep in flow style, loads.
#[test]
fn shallow_flow_nesting_still_loads() {
    let text = small().replacen("countries: [US, MX]", "countries: [\"US\", 'MX'] # [[[ not counted", 1);
    let (code, err, _dir) = check_bytes(text.as_bytes());
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    // 200 MB, sparse: nothing is written, and nothing should be read.
    std::fs::File::create(&path).unwrap().set_len(200 << 20).unwrap();
    let out = annals().arg("check").arg(&path).env("ANNALS_MAX_FILE_MB", "100").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("huge.yaml: the file is 200 MB, over the limit of 100 MB; set ANNALS_MAX_FILE_MB"),
        "{err}"
    );
}

#[test]
fn a_200_megabyte_list_of_tiny_values_is_refused_in_bounded_memory() {
    // 200 MB of two-byte list items in one event: serde_yaml would hold about 100 bytes per item (10 GB).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.yaml");
    let items = "US,".repeat((200 << 20) / 3);
    let text = small().replacen("countries: [US, MX]", &format!("countries: [{items}MX]"), 1);
    std::fs::write(&path, &text).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 200 << 20);
    let err =
        String::from_utf8_lossy(&annals().arg("check").arg(&path).output().unwrap().stderr).into_owned();
    assert!(err.contains("more than 1000000 YAML values in one piece"), "{err}");
    let (code, peak) = peak_rss(&path);
    assert_eq!(code, 1);
    assert!(peak < 3 * size, "peak memory {} MB for a {} MB file", peak >> 20, size >> 20);
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let mut bytes = small().into_bytes();
    let at = small().find("Mexico cedes").unwrap();
    bytes.splice(at..at + 1, [0xff]);
    let (code, err, _dir) = check_bytes(&bytes);
    assert_eq!(code, 1);
    let line = line_of(&small(), "Mexico cedes");
    let col = small().lines().nth(line - 1).unwrap().find("Mexico cedes").unwrap() + 1;
    assert!(err.contains(&format!("t.yaml:{line}:{col}: the file is not valid UTF-8 (byte [ff])")), "{err}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", small());
    let (code, err, _dir) = check_bytes(text.as_bytes());
    assert_eq!(code, 0, "{err}");
}

#[test]
fn crlf_line_ends_load_and_keep_positions() {
    let (code, err, _dir) = check_bytes(small().replace('\n', "\r\n").as_bytes());
    assert_eq!(code, 0, "{err}");
    // The same error in LF and CRLF files is reported at the same place.
    let bad = small().replacen("source: ", "source: nope-", 1);
    let (_, lf, _d1) = check_bytes(bad.as_bytes());
    let (code, crlf, _d2) = check_bytes(bad.replace('\n', "\r\n").as_bytes());
    assert_eq!(code, 1);
    let line = line_of(&bad, "source: nope-");
    let after_name =
        |s: &str| s.lines().next().and_then(|l| l.split_once("t.yaml:")).map(|p| p.1.to_string());
    assert_eq!(
        after_name(&lf),
        Some(format!("{line}:17: events[0].sources[0].source: unknown source \"nope-thesis\""))
    );
    assert_eq!(after_name(&lf), after_name(&crlf));
}

#[test]
fn a_nul_byte_is_reported_at_its_line_and_column() {
    let text = small().replacen("Mexico cedes", "Mexico\0cedes", 1);
    let (code, err, _dir) = check_bytes(text.as_bytes());
    assert_eq!(code, 1);
    let line = line_of(&text, "Mexico\0cedes");
    let col = text.lines().nth(line - 1).unwrap().find('\0').unwrap() + 1;
    assert!(
        err.contains(&format!("t.yaml:{line}:{col}: a control character (U+0000) is not allowed")),
        "{err}"
    );
    assert!(!err.contains('\0'), "the NUL itself is not echoed");
}

#[test]
fn ten_megabyte_lines_load_or_fail_with_a_position() {
    let long = "lorem ipsum ".repeat((10 << 20) / 12);
    let good = small().replacen("The treaty ends the war", &long, 1);
    let (code, err, _dir) = check_bytes(good.as_bytes());
    assert_eq!(code, 0, "{err}");
    // The same line with an unclosed quote: a syntax error, reported where the scalar starts.
    let bad = small().replacen("summary: The treaty ends the war", &format!("summary: \"{long}"), 1);
    let (code, err, _dir) = check_bytes(bad.as_bytes());
    assert_eq!(code, 1);
    assert!(err.lines().next().unwrap_or_default().contains("t.yaml:"), "{err}");
    assert!(err.len() < 10_000, "the long line is not echoed back: {} bytes", err.len());
}
