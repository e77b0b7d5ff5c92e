//! Snapshots of what people read: text and Markdown output of every subcommand on the small fixture.

use assert_cmd::Command;

const SMALL: &str = "tests/fixtures/valid/small.yaml";

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("annals")
        .unwrap()
        .env("NO_COLOR", "1")
        .env_remove("ANNALS_FILE")
        .args(["--file", SMALL])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn show_text() {
    insta::assert_snapshot!(run(&["show", "war-1846"]));
}

#[test]
fn show_text_with_readings_and_editorial() {
    insta::assert_snapshot!(run(&["show", "treaty-1848"]));
}

#[test]
fn show_markdown() {
    insta::assert_snapshot!(run(&["show", "treaty-1848", "--format", "markdown"]));
}

#[test]
fn list_text() {
    insta::assert_snapshot!(run(&["list"]));
}

#[test]
fn list_markdown() {
    insta::assert_snapshot!(run(&["list", "--format", "markdown"]));
}

#[test]
fn list_csv() {
    insta::assert_snapshot!(run(&["list", "--format", "csv"]));
}

#[test]
fn sources_text() {
    insta::assert_snapshot!(run(&["sources"]));
}

#[test]
fn sources_markdown() {
    insta::assert_snapshot!(run(&["sources", "--format", "markdown"]));
}

#[test]
fn check_text() {
    insta::assert_snapshot!(run(&["check", "--documents", "tests/fixtures/documents"]));
}

#[test]
fn check_markdown() {
    insta::assert_snapshot!(run(&["check", "--format", "markdown"]));
}

#[test]
fn search_text() {
    insta::assert_snapshot!(run(&["search", "war"]));
}
