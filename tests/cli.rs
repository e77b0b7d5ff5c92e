//! The command line as a user meets it: exit codes, exact `FILE:LINE:COL` positions, JSON shapes.

use assert_cmd::Command;
use predicates::prelude::*;

fn annals() -> Command {
    let mut c = Command::cargo_bin("annals").unwrap();
    c.env_remove("ANNALS_FILE").env("NO_COLOR", "1");
    c
}

const SMALL: &str = "tests/fixtures/valid/small.yaml";

fn invalid(name: &str) -> String {
    format!("tests/fixtures/invalid/{name}.yaml")
}

/// Runs `annals check` on an invalid fixture and returns its stderr lines that name a position.
fn problems(name: &str) -> Vec<String> {
    let out = annals().args(["check", &invalid(name)]).assert().code(1).get_output().stderr.clone();
    String::from_utf8(out).unwrap().lines().filter(|l| l.starts_with("tests/")).map(str::to_string).collect()
}

#[test]
fn the_embedded_timeline_is_valid_without_warnings() {
    let out = annals().arg("check").assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("timeline.yaml (embedded): valid\n"), "no warnings: {out}");
    let err = annals().arg("check").assert().success().get_output().stderr.clone();
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
}

#[test]
fn a_valid_file_checks_with_documents() {
    annals()
        .args(["check", SMALL, "--documents", "tests/fixtures/documents"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 events (1846–1900), 2 sources, 3 citations, 2 eras"));
}

#[test]
fn missing_quotes_are_reported_with_their_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.txt"), "II. History\nNothing of the sort here.\n").unwrap();
    annals()
        .args(["check", SMALL, "--documents"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "small.yaml:57:16: events[0].sources[0].quote: quote not found in thesis.txt: \"the treaty ended the war\"",
        ))
        .stderr(predicate::str::contains("small.yaml:62:16: events[0].readings[0].quote: quote not found"));
}

#[test]
fn unknown_fields_are_all_listed_with_suggestions() {
    assert_eq!(
        problems("unknown-fields"),
        [
            "tests/fixtures/invalid/unknown-fields.yaml:17:5: events[0]: unknown field `titel` (did you mean `title`?)",
            "tests/fixtures/invalid/unknown-fields.yaml:21:53: events[0].sources[0]: unknown field `page`",
            "tests/fixtures/invalid/unknown-fields.yaml:29:5: events[1]: unknown field `reading` (did you mean `readings`?)",
        ]
    );
}

#[test]
fn duplicate_ids_point_at_the_second() {
    assert_eq!(
        problems("duplicate-id"),
        [
            "tests/fixtures/invalid/duplicate-id.yaml:21:9: events[1].id: duplicate id \"same-1846\" (first used by events[0])"
        ]
    );
}

#[test]
fn dangling_references_each_get_a_position() {
    let p = problems("unknown-references");
    let positions: Vec<&str> = p.iter().map(|l| l.split(": ").next().unwrap()).collect();
    assert_eq!(
        positions,
        [
            "tests/fixtures/invalid/unknown-references.yaml:20:12",
            "tests/fixtures/invalid/unknown-references.yaml:21:24",
            "tests/fixtures/invalid/unknown-references.yaml:23:18",
            "tests/fixtures/invalid/unknown-references.yaml:28:36",
        ]
    );
    assert!(p[0].ends_with("unknown tag \"wars\": declare it under `tags` (did you mean `war`?)"));
    assert!(p[1].ends_with("unknown source \"thesys\" (did you mean `thesis`?)"));
    assert!(p[2].ends_with("unknown theory \"realsm\" (did you mean `realism`?)"));
    assert!(p[3].contains("disputed[0].sides[1].sources[0]: unknown source \"nobody\""));
}

#[test]
fn bad_dates_point_at_the_value_not_an_earlier_mention() {
    // "1942-02-30" also appears in the event's title and summary (lines 17–18): a text search would find those.
    assert_eq!(
        problems("bad-dates"),
        [
            "tests/fixtures/invalid/bad-dates.yaml:16:11: events[0].date: \"1942-02-30\" is not a real date: Feb 1942 has 28 days",
            "tests/fixtures/invalid/bad-dates.yaml:23:10: events[1].end: end (1949) is before the date (1950-06)",
            &format!(
                "tests/fixtures/invalid/bad-dates.yaml:29:11: events[2].date: \"2999\" is in the future (today is {})",
                annals::timeline::Date::today()
            ),
            "tests/fixtures/invalid/bad-dates.yaml:35:11: events[3].date: expected YYYY, YYYY-MM or YYYY-MM-DD (with an optional ~ or ?), found \"19th century\"",
        ]
    );
}

#[test]
fn missing_titles_citations_and_locators() {
    assert_eq!(
        problems("missing-citations"),
        [
            "tests/fixtures/invalid/missing-citations.yaml:17:12: events[0].title: title is empty",
            "tests/fixtures/invalid/missing-citations.yaml:20:14: events[0].sources: the event cites no source: every event needs at least one citation",
            "tests/fixtures/invalid/missing-citations.yaml:27:15: events[1].sources[0].locator: citation has no locator: give the chapter, section heading or page as printed",
            "tests/fixtures/invalid/missing-citations.yaml:28:16: events[1].sources[0].quote: quote has 16 words; at most 15 are allowed",
        ]
    );
}

#[test]
fn header_values_errors_and_warnings_together() {
    let p = problems("bad-values");
    let errors: Vec<&String> = p.iter().filter(|l| !l.contains("warning:")).collect();
    assert_eq!(errors.len(), 7, "{p:#?}");
    for expected in [
        "bad-values.yaml:1:8: title: title is empty",
        "bad-values.yaml:5:26: span.end: span ends (1850) before it starts (1900)",
        "bad-values.yaml:7:10: theories[0].id: \"Realism\" is not a valid id",
        "bad-values.yaml:9:82: sources[0].reliability: \"scholary\" is not a reliability grade",
        "(did you mean `scholarly`?)",
        "bad-values.yaml:9:97: sources[0].url: \"www.example.org\" is not a web address",
        "bad-values.yaml:11:46: eras[0].end: era ends (1850) before it starts (1900)",
        "bad-values.yaml:11:66: eras[0].countries[0]: \"mexico\" is not an ISO 3166 country code",
        "bad-values.yaml:16:11: events[0].date: warning: 1846 is outside the timeline's span (1900–present)",
    ] {
        assert!(p.iter().any(|l| l.contains(expected)), "missing {expected:?} in {p:#?}");
    }
}

#[test]
fn syntax_and_type_errors_carry_serde_positions() {
    assert_eq!(
        problems("syntax-tab"),
        [
            "tests/fixtures/invalid/syntax-tab.yaml:11:1: found character that cannot start any token (a tab: YAML indents with spaces only)"
        ]
    );
    assert_eq!(
        problems("wrong-type"),
        [
            "tests/fixtures/invalid/wrong-type.yaml:19:16: events[0].countries: invalid type: string \"US\", expected a sequence"
        ]
    );
}

#[test]
fn unreadable_inputs_fail_cleanly() {
    assert_eq!(
        problems("empty"),
        [
            "tests/fixtures/invalid/empty.yaml:1:1: the file is empty; a timeline needs title, description, version, as_of, span, theories, sources, eras, tags and events (see docs/FORMAT.md)"
        ]
    );
    assert_eq!(
        problems("not-utf8"),
        [
            "tests/fixtures/invalid/not-utf8.yaml:1:12: the file is not valid UTF-8 (byte [e9]); save it as UTF-8"
        ]
    );
    annals()
        .args(["check", "tests/fixtures"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a directory"));
    annals()
        .args(["check", "tests/fixtures/nope.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("tests/fixtures/nope.yaml: cannot read the timeline"));
    for hostile in ["alias-bomb", "deep-nesting"] {
        annals()
            .args(["check", &invalid(hostile)])
            .timeout(std::time::Duration::from_secs(10))
            .assert()
            .code(1);
    }
}

#[test]
fn check_json_lists_problems_as_objects() {
    let out = annals()
        .args(["check", &invalid("duplicate-id"), "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["valid"], false);
    let p = &v["problems"][0];
    assert_eq!(p["file"], invalid("duplicate-id"));
    assert_eq!((p["line"].as_u64(), p["column"].as_u64()), (Some(21), Some(9)));
    assert_eq!(p["field"], "events[1].id");
    assert_eq!(p["severity"], "error");
    assert!(p["message"].as_str().unwrap().contains("duplicate id"));
}

#[test]
fn list_json_has_the_documented_shape() {
    let out = annals()
        .args(["--file", SMALL, "list", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let events = v.as_array().unwrap();
    assert_eq!(events.len(), 3);
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["war-1846", "treaty-1848", "rumour-1900"], "sorted by date");
    let war = &events[0];
    let mut keys: Vec<&str> = war.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "countries",
            "date",
            "disputed",
            "end",
            "eras",
            "id",
            "readings",
            "sources",
            "summary",
            "tags",
            "title",
            "unconfirmed"
        ]
    );
    assert_eq!(war["date"], "1846-04-25");
    assert_eq!(war["end"], "1848-02-02");
    assert_eq!(
        war["sources"][0],
        serde_json::json!({"source": "thesis", "locator": "II. History", "quote": "war broke out along the Rio Grande"})
    );
    assert_eq!(
        war["disputed"][0]["sides"][1],
        serde_json::json!({"claim": "25 April 1846", "sources": ["thesis"]})
    );
    assert_eq!(war["disputed"][0]["settled_by"], "thesis");
    let treaty = &events[1];
    assert_eq!(
        treaty["readings"][1],
        serde_json::json!({"theory": "realism", "by": "editorial", "locator": null, "quote": null, "text": "A stronger state imposes terms on a weaker one."})
    );
    assert_eq!(treaty["readings"][0]["by"], "thesis");
    assert_eq!(events[2]["date"], "1900~", "dates as written");
    assert_eq!(events[2]["unconfirmed"], true);
}

#[test]
fn sources_json_carries_cited_by() {
    let out = annals()
        .args(["sources", "--format", "json", "-f", SMALL])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v[0]["id"], "thesis");
    assert_eq!(v[0]["cited_by"], serde_json::json!(["war-1846", "treaty-1848"]));
    assert_eq!(v[1]["reliability"], "weak");
    assert_eq!(v[1]["url"], "https://example.org/article");
}

#[test]
fn list_filters_compose() {
    let run = |args: &[&str]| {
        let out = annals()
            .args(["-f", SMALL, "list", "--format", "csv"])
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(&["--from", "1847"]), ["treaty-1848", "rumour-1900"]);
    assert_eq!(run(&["--to", "1847"]), ["war-1846"]);
    assert_eq!(run(&["--tag", "treaty"]), ["treaty-1848"]);
    assert_eq!(run(&["--theory", "constructivism"]), ["treaty-1848"]);
    assert_eq!(run(&["--source", "blog"]), ["rumour-1900"]);
    assert_eq!(run(&["--era", "war-years"]), ["war-1846", "treaty-1848"]);
    assert_eq!(run(&["--country", "mx", "--from", "1848", "--to", "1848"]), ["treaty-1848"]);
    annals()
        .args(["-f", SMALL, "list", "--tag", "treatie"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `treaty`"));
}

#[test]
fn show_unknown_id_suggests_and_fails() {
    annals()
        .args(["-f", SMALL, "show", "war-1864"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no event with id \"war-1864\" (did you mean `war-1846`?)"));
}

#[test]
fn search_is_accent_and_case_insensitive_and_exits_1_on_nothing() {
    annals()
        .args(["-f", SMALL, "search", "MERIDA"])
        .assert()
        .success()
        .stdout(predicate::str::contains("war-1846"));
    annals().args(["-f", SMALL, "search", "zzqx"]).assert().code(1).stdout("");
    let out =
        annals().args(["-f", SMALL, "search", "treaty", "!guadalupe"]).assert().get_output().stdout.clone();
    assert!(!String::from_utf8(out).unwrap().contains("treaty-1848"));
}

#[test]
fn file_flag_works_after_the_subcommand_and_from_the_environment() {
    annals()
        .args(["list", "--file", SMALL])
        .assert()
        .success()
        .stdout(predicate::str::contains("rumour-1900"));
    annals()
        .env("ANNALS_FILE", SMALL)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("rumour-1900"));
}

#[test]
fn no_terminal_means_no_browser_and_exit_2() {
    annals()
        .timeout(std::time::Duration::from_secs(10))
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the browser needs a terminal"));
}

#[test]
fn bad_usage_exits_2() {
    annals().arg("--no-such-flag").assert().code(2);
    annals().args(["list", "--format", "yaml"]).assert().code(2);
}

#[test]
fn colour_only_on_request() {
    let out = annals().args(["-f", SMALL, "search", "merida"]).assert().get_output().stdout.clone();
    assert!(!out.contains(&0x1b));
    let out = annals()
        .args(["-f", SMALL, "--color", "always", "search", "merida"])
        .assert()
        .get_output()
        .stdout
        .clone();
    assert!(
        String::from_utf8(out).unwrap().contains("\u{1b}[1;4;33mM\u{1b}[0m"),
        "matched chars highlighted"
    );
}

#[test]
fn version_completions_and_man_page() {
    annals().arg("--version").assert().success().stdout(predicate::str::starts_with("annals "));
    annals().args(["completions", "bash"]).assert().success().stdout(predicate::str::contains("_annals()"));
    annals().arg("man").assert().success().stdout(predicate::str::contains(".TH annals"));
}

#[test]
fn control_characters_in_data_never_reach_the_output() {
    let hostile = "tests/fixtures/valid/hostile.yaml";
    for args in [
        vec!["list"],
        vec!["list", "--format", "csv"],
        vec!["list", "--format", "markdown"],
        vec!["show", "rumour-1900"],
        vec!["show", "rumour-1900", "--format", "markdown"],
        vec!["search", "rumoured"],
        vec!["sources"],
    ] {
        for color in ["never", "always"] {
            let out = annals()
                .args(["-f", hostile, "--color", color])
                .args(&args)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            let text = String::from_utf8(out).unwrap();
            let raw_controls: Vec<char> = text
                .chars()
                .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
                .filter(|&c| !(color == "always" && c == '\u{1b}'))
                .collect();
            assert!(raw_controls.is_empty(), "{args:?}: {raw_controls:?} in {text}");
            if color == "always" {
                // Our own styling may use ESC, but never the data's: its sequences are shown escaped.
                assert!(!text.contains("\u{1b}[31malliance") && !text.contains("\u{1b}]0;owned"), "{text}");
            }
            if args[0] != "sources" {
                // Markdown escapes the backslash and bracket too; it still renders as `\u{1b}[31m`.
                let shown = if args.contains(&"markdown") {
                    "\\\\u{1b}\\[31malliance"
                } else {
                    "\\u{1b}[31malliance"
                };
                assert!(text.contains(shown), "{args:?}: escape shown as text: {text}");
            }
        }
    }
}

#[test]
fn the_format_doc_example_is_the_valid_fixture() {
    let doc = std::fs::read_to_string("docs/FORMAT.md").unwrap();
    let fixture = std::fs::read_to_string(SMALL).unwrap();
    let example = doc.split("## A complete small example").nth(1).unwrap();
    let example = example.split("```yaml\n").nth(1).unwrap().split("```").next().unwrap();
    assert_eq!(example, fixture);
}

#[test]
fn search_ranks_best_first_unless_date_order() {
    let ids = |extra: &[&str]| {
        let out = annals()
            .args(["-f", SMALL, "search", "war"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| l.split_whitespace().last().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let ranked = ids(&[]);
    let dated = ids(&["--date-order"]);
    assert_eq!(dated, ["war-1846", "treaty-1848"]);
    assert_eq!(ranked.first().map(String::as_str), Some("war-1846"), "title match beats summary match");
    let mut a = ranked.clone();
    a.sort();
    let mut b = dated.clone();
    b.sort();
    assert_eq!(a, b, "same hits either way");
}

#[test]
fn a_50_megabyte_file_loads_without_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let mut text = std::fs::read_to_string(SMALL).unwrap();
    // One very long summary: 50 MB in a single folded scalar.
    let long = "lorem ipsum ".repeat(50 * 1024 * 1024 / 12);
    text = text
        .replace("summary: A claim that only the weak web article makes.", &format!("summary: \"{long}\""));
    std::fs::write(&path, &text).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 50_000_000);
    annals().args(["check"]).arg(&path).timeout(std::time::Duration::from_secs(120)).assert().success();
}
