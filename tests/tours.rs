//! Tours: validation with positions against the toured timeline, and the Markdown handout.

use assert_cmd::Command;
use predicates::prelude::*;

fn annals() -> Command {
    let mut c = Command::cargo_bin("annals").unwrap();
    c.env_remove("ANNALS_FILE").env("NO_COLOR", "1");
    c
}

fn stderr_lines(args: &[&str]) -> Vec<String> {
    let out = annals().args(args).assert().code(1).get_output().stderr.clone();
    String::from_utf8(out).unwrap().lines().filter(|l| l.starts_with("tests/")).map(str::to_string).collect()
}

#[test]
fn every_bad_stop_is_reported_with_its_position() {
    assert_eq!(
        stderr_lines(&["brief", "tests/fixtures/tours/bad-tour.yaml", "--handout"]),
        [
            "tests/fixtures/tours/bad-tour.yaml:3:10: minutes: warning: the stops plan 7 minutes, more than the tour's 5",
            "tests/fixtures/tours/bad-tour.yaml:6:12: stops[0].event: no event with id \"war-1864\" in the timeline (did you mean `war-1846`?)",
            "tests/fixtures/tours/bad-tour.yaml:8:10: stops[1].era: no era with id \"war-year\" (did you mean `war-years`?)",
            "tests/fixtures/tours/bad-tour.yaml:10:10: stops[2].era: a stop shows an event or an era, not both",
            "tests/fixtures/tours/bad-tour.yaml:11:10: stops[3]: a stop needs `event` or `era`",
            "tests/fixtures/tours/bad-tour.yaml:14:18: stops[4].view.lens: unknown theory \"realsm\" (did you mean `realism`?)",
            "tests/fixtures/tours/bad-tour.yaml:14:34: stops[4].view.panes[0]: unknown pane \"detial\": use events, detail, sources, theories (did you mean `detail`?)",
        ]
    );
}

#[test]
fn unknown_tour_fields_are_all_listed() {
    assert_eq!(
        stderr_lines(&["brief", "tests/fixtures/tours/bad-fields.yaml", "--handout"]),
        [
            "tests/fixtures/tours/bad-fields.yaml:7:5: stops[0]: unknown field `nots` (did you mean `notes`?)",
            "tests/fixtures/tours/bad-fields.yaml:8:12: stops[0].view: unknown field `lense` (did you mean `lens`?)",
        ]
    );
}

#[test]
fn handout_snapshot() {
    let out = annals()
        .args(["brief", "tests/fixtures/tours/small-tour.yaml", "--handout"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("Half the territory is lost"), "talking points stay out of the handout");
    insta::assert_snapshot!(text);
}

#[test]
fn handout_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("handout.md");
    annals()
        .args(["brief", "tests/fixtures/tours/small-tour.yaml", "--handout", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# The war and its treaty\n"));
    assert!(text.contains("## Bibliography"));
}

#[test]
fn the_tour_timeline_can_be_overridden_and_missing_files_fail() {
    annals()
        .args([
            "brief",
            "tests/fixtures/tours/small-tour.yaml",
            "--handout",
            "--file",
            "tests/fixtures/valid/hostile.yaml",
        ])
        .assert()
        .success();
    annals()
        .args(["brief", "tests/fixtures/tours/nope.yaml", "--handout"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn the_shipped_tours_validate_against_the_embedded_timeline() {
    let mut count = 0;
    for entry in std::fs::read_dir("tours").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let out =
                annals().arg("brief").arg(&path).arg("--handout").assert().success().get_output().clone();
            assert!(out.stderr.is_empty(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
            assert!(String::from_utf8(out.stdout).unwrap().contains("## Bibliography"));
            count += 1;
        }
    }
    assert!(count >= 2, "at least two example tours ship");
}

#[test]
fn the_briefing_view_needs_a_terminal() {
    annals()
        .args(["brief", "tours/overview.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the briefing view needs a terminal"))
        .stderr(predicate::str::contains("--handout"));
}

#[test]
fn tour_stop_out_of_range_is_a_usage_error() {
    for n in ["99", "0"] {
        annals().args(["brief", "tours/overview.yaml", "--tour-stop", n]).assert().code(2).stderr(
            predicate::str::contains(format!(
                "--tour-stop {n}: tours/overview.yaml has 16 stops (use 1 to 16)"
            )),
        );
    }
    annals()
        .args(["brief", "tours/overview.yaml", "--tour-stop", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'x'"));
    annals()
        .args(["brief", "tours/overview.yaml", "--handout", "--audience"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn a_bad_tour_fails_before_the_terminal_is_asked_for() {
    annals().args(["brief", "tests/fixtures/tours/bad-tour.yaml"]).assert().code(1).stderr(
        predicate::str::contains("no event with id \"war-1864\"")
            .and(predicate::str::contains("terminal").not()),
    );
}

#[test]
fn aliases_in_a_tour_are_refused_where_they_are_written() {
    let out = annals().args(["brief", "tests/fixtures/tours/alias-bomb.yaml", "--handout"]).assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("tests/fixtures/tours/alias-bomb.yaml:6:13: an alias (`*name`)"), "{err}");
}

#[test]
fn deep_nesting_in_a_tour_is_refused_where_it_goes_too_deep() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.yaml");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(&path, format!("title: t\nstops:\n  - event: {deep}\n")).unwrap();
    let out = annals().arg("brief").arg(&path).arg("--handout").assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let column = "  - event: ".len() + 65;
    assert!(err.contains(&format!("deep.yaml:3:{column}: the file nests too deeply")), "{err}");
}
