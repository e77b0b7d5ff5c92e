//! `--kiosk` at the command line: which commands it refuses (exit 2, with a message), that settings from the
//! environment are ignored, and that `SSH_ORIGINAL_COMMAND` is never read. The kiosk in a real terminal is
//! tested in e2e_tmux.rs, and behind a real sshd in e2e_sshd.rs.

use assert_cmd::Command;
use clap::CommandFactory;
use predicates::prelude::*;

use annals::cli::Cli;

const TOUR: &str = "tests/fixtures/tours/small-tour.yaml";

fn annals() -> Command {
    let mut c = Command::cargo_bin("annals").unwrap();
    c.env_remove("ANNALS_FILE").env_remove("SSH_ORIGINAL_COMMAND").env("NO_COLOR", "1");
    c
}

#[test]
fn every_command_but_brief_is_refused() {
    let commands: &[&[&str]] = &[
        &["list"],
        &["show", "war-1846"],
        &["search", "war"],
        &["sources"],
        &["check", "/etc/passwd"],
        &["completions", "bash"],
        &["man"],
    ];
    for args in commands {
        for kiosk_first in [true, false] {
            let mut c = annals();
            if kiosk_first {
                c.arg("--kiosk").args(*args);
            } else {
                c.args(*args).arg("--kiosk");
            }
            let out = c.assert().code(2).get_output().clone();
            assert!(out.stdout.is_empty(), "{args:?} printed: {}", String::from_utf8_lossy(&out.stdout));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains(&format!(
                    "--kiosk: only the browser and `brief TOUR` run in a kiosk; `{}` is refused",
                    args[0]
                )),
                "{args:?}: {err}"
            );
        }
    }
}

#[test]
fn a_handout_is_refused_because_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("handout.md");
    for extra in [vec!["--handout"], vec!["--handout", "-o", target.to_str().unwrap()]] {
        annals()
            .args(["--kiosk", "brief", TOUR])
            .args(&extra)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("--kiosk: `brief --handout` and `-o` write files"));
    }
    assert!(!target.exists());
}

#[test]
fn annals_file_from_the_environment_is_ignored() {
    // Without --kiosk the variable is honoured (and fails): the control.
    annals()
        .env("ANNALS_FILE", "/nonexistent/kiosk-secret.yaml")
        .args(["brief", TOUR])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent/kiosk-secret.yaml"));
    // With it, the tour's own timeline is used and the variable is never looked at.
    let out = annals()
        .env("ANNALS_FILE", "/nonexistent/kiosk-secret.yaml")
        .args(["--kiosk", "brief", TOUR])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("kiosk-secret"), "{err}");
}

#[test]
fn a_file_given_on_the_command_line_still_counts() {
    annals()
        .env("ANNALS_FILE", "tests/fixtures/valid/small.yaml")
        .args(["--kiosk", "--file", "/nonexistent/given.yaml", "brief", TOUR])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent/given.yaml"));
}

#[test]
fn ssh_original_command_is_never_parsed() {
    // sshd puts what the client asked for here; the kiosk must not run it (nor anything else it names).
    for asked in ["sources", "list --format json", "--help", "check /etc/passwd", "sh -c id"] {
        annals()
            .env("SSH_ORIGINAL_COMMAND", asked)
            .arg("--kiosk")
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("the browser needs a terminal"));
    }
}

/// A new argument read from the environment must be looked at for the kiosk (see `kiosk::lock_down`): this
/// fails until it is.
#[test]
fn the_only_setting_read_from_the_environment_is_file() {
    let mut from_env = Vec::new();
    let cmd = Cli::command();
    let mut all: Vec<&clap::Command> = vec![&cmd];
    all.extend(cmd.get_subcommands());
    for c in all {
        for a in c.get_arguments() {
            if let Some(var) = a.get_env() {
                from_env.push((a.get_id().to_string(), var.to_string_lossy().into_owned()));
            }
        }
    }
    from_env.sort();
    from_env.dedup();
    assert_eq!(from_env, [("file".to_string(), "ANNALS_FILE".to_string())]);
}

#[test]
fn bad_idle_timeouts_are_usage_errors() {
    annals()
        .args(["--kiosk", "--idle-timeout", "soon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"soon\" is not a duration"));
}
