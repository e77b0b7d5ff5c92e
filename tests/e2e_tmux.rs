//! End to end: the real binary in a real terminal (tmux), driven by keys, read back from the screen; and after
//! `q`, SIGTERM or SIGHUP the terminal must be as it was: main screen, cursor visible, cooked mode with echo,
//! mouse reporting off. These tests need tmux and fail (not skip) without it: `.ci/run` installs it.

use std::process::Command;

mod support;
use support::tmux::{BIN, FIXTURE, Tmux, process_state};

#[test]
fn browse_search_jump_help_and_quit() {
    let t = Tmux::start(100, 30);
    t.launch("");
    assert_eq!(t.display("#{alternate_on}"), "1", "the browser uses the alternate screen");
    // The footer is drawn last: waiting for it means the first frame is whole.
    t.wait_for("the first frame", |s| s.contains("Texas declares independence") && s.contains("j/k move"));

    t.type_text("jj");
    t.wait_text("Events 3/20");

    t.type_text("/merida");
    let s = t.wait_text("/merida");
    assert!(s.contains("The Mérida Initiative announced"), "{s}");
    t.key("Enter");
    t.wait_text("n/N next/previous");

    t.key("Escape");
    t.wait_text("Search and filters cleared");

    t.type_text(":1917");
    t.wait_text(":1917");
    t.key("Enter");
    t.wait_text("▲1917");
    t.wait_text("The Zimmermann telegram");

    t.type_text("?");
    t.wait_text("Help — keys");
    t.key("Escape");
    t.wait_for("help closed", |s| !s.contains("Help — keys"));

    t.type_text("q");
    t.assert_restored();
}

#[test]
fn opens_at_a_year_and_resizes_at_once() {
    let t = Tmux::start(120, 40);
    t.type_text(&format!("{BIN} --file {FIXTURE} --at 2000; echo EXITED:$?"));
    t.key("Enter");
    let s = t.wait_text("Plan Colombia funded");
    assert!(s.contains("Readings"), "120x40 shows every pane:\n{s}");
    t.run(&["resize-window", "-t", "e2e", "-x", "30", "-y", "10"]);
    t.wait_text("too small");
    t.run(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    t.wait_for("the narrow layout", |s| s.contains("Tab Sources · Readings"));
    t.key("C-c");
    t.assert_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (signal, args) in [("-TERM", ""), ("-HUP", ""), ("-HUP", "--kiosk")] {
        let t = Tmux::start(100, 30);
        t.launch(args);
        let pid = t.annals_pid();
        let status = Command::new("kill").args([signal, &pid]).status().expect("kill runs");
        assert!(status.success());
        t.assert_restored();
    }
}

#[test]
fn refuses_to_run_without_a_terminal() {
    let out = Command::new(BIN).args(["--file", FIXTURE]).output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

/// The kiosk gives no way out: Ctrl-Z, Ctrl-\\, `!`, `:!sh`, typing a shell command, and stop or quit signals
/// sent from outside leave it running and drawing, and the programs named by SHELL, EDITOR, VISUAL and PAGER
/// never run. Only `q` ends it.
#[test]
fn the_kiosk_keys_lead_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("marker.sh");
    let ran = dir.path().join("ran");
    std::fs::write(&marker, format!("#!/bin/sh\necho \"$0 $*\" >> {}\n", ran.display())).unwrap();
    let status = Command::new("chmod").arg("+x").arg(&marker).status().unwrap();
    assert!(status.success());
    let m = marker.display();

    let t = Tmux::start(100, 30);
    t.launch_line(
        &format!("SHELL={m} EDITOR={m} VISUAL={m} PAGER={m} {BIN} --kiosk --file {FIXTURE}"),
        "Events 1/20",
    );
    let pid = t.annals_pid();
    for key in ["C-z", "C-\\", "C-y"] {
        t.key(key);
    }
    t.type_text("!");
    t.type_text(":!sh");
    t.key("Enter");
    t.key("Escape");
    t.type_text("v|e!");
    t.type_text("echo SHELL-$((6*7))");
    t.key("Enter");
    for _ in 0..4 {
        t.key("Escape");
    }
    for signal in ["-TSTP", "-QUIT", "-TTIN", "-TTOU"] {
        let status = Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(status.success());
    }
    // Every key and signal above was handled before this key is drawn: a stopped process draws nothing.
    t.type_text("?");
    let s = t.wait_text("Help — keys");
    assert!(!s.contains("SHELL-42") && !s.contains("EXITED"), "a shell was reached:\n{s}");
    assert!(matches!(process_state(&pid), Some('R' | 'S')), "annals is {:?}", process_state(&pid));
    assert!(!ran.exists(), "a program from the environment ran: {:?}", std::fs::read_to_string(&ran));

    t.key("Escape");
    t.type_text("q");
    t.assert_restored();
    assert!(!ran.exists(), "a program from the environment ran: {:?}", std::fs::read_to_string(&ran));
}

/// In a kiosk, ANNALS_FILE does not choose the timeline: the embedded one opens instead of the fixture.
#[test]
fn the_kiosk_ignores_annals_file() {
    let t = Tmux::start(100, 30);
    // The control: without --kiosk the variable is honoured and the fixture's 20 events are listed.
    t.launch_line(&format!("ANNALS_FILE={FIXTURE} {BIN}"), "Events 1/20");
    t.type_text("q");
    t.assert_restored();
    t.launch_line(&format!("ANNALS_FILE={FIXTURE} {BIN} --kiosk"), "Events 1/");
    let s = t.screen();
    assert!(!s.contains("Events 1/20") && !s.contains(" 20 events"), "the fixture was read:\n{s}");
    t.type_text("q");
    t.assert_restored();
}

/// After `--idle-timeout` without input the browser quits, restores the terminal and says so on one line.
#[test]
fn an_idle_browser_quits() {
    let t = Tmux::start(100, 30);
    t.launch("--kiosk --idle-timeout 2s");
    let s = t.wait_text("EXITED:0");
    let lines: Vec<&str> = s.lines().map(str::trim_end).filter(|l| !l.is_empty() && *l != "$").collect();
    assert!(lines.ends_with(&["annals: idle for 2s, goodbye", "EXITED:0"]), "{s}");
    t.assert_restored();
}

#[test]
fn presents_a_tour_steps_with_space_and_restores_the_terminal() {
    let t = Tmux::start(100, 30);
    let tour = concat!(env!("CARGO_MANIFEST_DIR"), "/tours/overview.yaml");
    t.type_text(&format!("TERM=xterm-256color {BIN} brief {tour}; echo EXITED:$?"));
    t.key("Enter");
    // Wait for the whole first frame (a capture can land mid-frame on a loaded machine).
    t.wait_for("the presenter's first frame", |s| {
        s.contains("stop 1/16") && s.contains("Notes · Stop 1/16") && s.contains("Start with the map")
    });
    t.wait_for("the clock running", |s| s.contains("Stop 00:01 /"));
    t.key("Space");
    t.wait_text("stop 2/16");
    t.key("Space");
    t.wait_for("stop 3", |s| s.contains("stop 3/16") && s.contains("Treaty of Guadalupe Hidalgo"));
    t.type_text("j");
    t.wait_text("OFF TOUR: Backspace returns to stop 3");
    t.key("BSpace");
    t.wait_for("back on the tour", |s| !s.contains("OFF TOUR"));
    t.type_text("q");
    t.assert_restored();
}

#[test]
fn the_audience_view_starts_at_the_stop_asked_for() {
    let t = Tmux::start(80, 24);
    let tour = concat!(env!("CARGO_MANIFEST_DIR"), "/tours/overview.yaml");
    t.type_text(&format!("TERM=xterm-256color {BIN} brief {tour} --audience --tour-stop 5; echo EXITED:$?"));
    t.key("Enter");
    // The footer is the frame's last line: once it shows, the frame is whole and absences mean something.
    let s = t
        .wait_for("the audience's first frame", |s| s.contains("stop 5/16") && s.contains("Space next stop"));
    assert!(!s.contains("Notes") && !s.contains("Tour 00:"), "no notes or clock for the audience:\n{s}");
    t.key("Left");
    t.wait_text("stop 4/16");
    t.key("C-c");
    t.assert_restored();
}

#[test]
fn a_panic_restores_the_terminal_and_fails() {
    let t = Tmux::start(100, 30);
    t.type_text("export ANNALS_TEST_PANIC=1");
    t.key("Enter");
    t.launch("2>/tmp/annals-e2e-panic-$$.txt");
    t.type_text("j");
    // Rust exits with 101 after a panic; the message goes to stderr after the terminal is restored.
    t.assert_restored_after("EXITED:101");
    t.run(&[
        "send-keys",
        "-t",
        "e2e",
        "clear; grep -c 'deliberate panic' /tmp/annals-e2e-panic-$$.txt; rm -f /tmp/annals-e2e-panic-$$.txt",
        "Enter",
    ]);
    t.wait_for("the panic message", |s| s.lines().any(|l| l.trim() == "1"));
}
