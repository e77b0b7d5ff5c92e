//! End to end: the real binary in a real terminal (tmux), driven by keys, read back from the screen; and after
//! `q`, SIGTERM or SIGHUP the terminal must be as it was: main screen, cursor visible, cooked mode with echo,
//! mouse reporting off. These tests need tmux and fail (not skip) without it: `.ci/run` installs it.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_annals");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/browser.yaml");

/// One tmux server of our own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(width: u16, height: u16) -> Tmux {
        static N: AtomicUsize = AtomicUsize::new(0);
        let version = Command::new("tmux").arg("-V").output();
        assert!(
            version.as_ref().is_ok_and(|o| o.status.success()),
            "tmux is required for the end-to-end tests (apt-get install tmux; .ci/run installs it): {version:?}"
        );
        let socket = format!("annals-e2e-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
        let t = Tmux { socket };
        let (w, h) = (width.to_string(), height.to_string());
        t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &w,
            "-y",
            &h,
            "env",
            "PS1=$ ",
            "sh",
        ]);
        t.run(&["set-option", "-g", "status", "off"]);
        t.run(&["resize-window", "-t", "e2e", "-x", &w, "-y", &h]);
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.tmux(args);
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types text literally.
    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }

    /// Sends one named key (Enter, Escape, Tab, C-c).
    fn key(&self, key: &str) {
        self.run(&["send-keys", "-t", "e2e", key]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    fn display(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "e2e", format]).trim().to_string()
    }

    /// Polls the screen until `pred` holds (bounded: 10 s), returning the screen.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Starts annals from the pane's shell, which prints EXITED:<code> when it ends.
    fn launch(&self, args: &str) {
        self.type_text(&format!("TERM=xterm-256color {BIN} --file {FIXTURE} {args}; echo EXITED:$?"));
        self.key("Enter");
        self.wait_text("Events 1/20");
    }

    /// Checks the terminal is back to normal after annals exited with status 0.
    fn assert_restored(&self) {
        self.assert_restored_after("EXITED:0");
    }

    /// Checks the terminal is back to normal once the shell has printed `exited` (`EXITED:<code>`).
    fn assert_restored_after(&self, exited: &str) {
        self.wait_text(exited);
        assert_eq!(self.display("#{alternate_on}"), "0", "still on the alternate screen");
        assert_eq!(self.display("#{cursor_flag}"), "1", "cursor hidden");
        assert_eq!(self.display("#{mouse_any_flag}"), "0", "mouse reporting left on");
        self.run(&[
            "send-keys",
            "-t",
            "e2e",
            "clear; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$'",
            "Enter",
        ]);
        let s = self.wait_for("stty output", |s| s.lines().any(|l| l.trim_end().ends_with("icanon")));
        let flags: Vec<&str> = s
            .lines()
            .map(str::trim)
            .filter(|l| l.ends_with("icanon") || *l == "echo" || *l == "-echo")
            .collect();
        assert!(flags.contains(&"icanon") && flags.contains(&"echo"), "raw mode left on: {flags:?}\n{s}");
    }

    /// The pid of annals, the child of the pane's shell.
    fn annals_pid(&self) -> String {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep").args(["-P", &shell]).output().expect("pgrep runs");
        let pid = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().trim().to_string();
        assert!(!pid.is_empty(), "annals is not running under the pane's shell {shell}");
        pid
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

#[test]
fn browse_search_jump_help_and_quit() {
    let t = Tmux::start(100, 30);
    t.launch("");
    assert_eq!(t.display("#{alternate_on}"), "1", "the browser uses the alternate screen");
    let s = t.screen();
    assert!(s.contains("Texas declares independence") && s.contains("j/k move"), "{s}");

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
    for signal in ["-TERM", "-HUP"] {
        let t = Tmux::start(100, 30);
        t.launch("");
        let pid = t.annals_pid();
        let status = Command::new("kill").args([signal, &pid]).status().expect("kill runs");
        assert!(status.success());
        t.assert_restored();
    }
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

#[test]
fn refuses_to_run_without_a_terminal() {
    let out = Command::new(BIN).args(["--file", FIXTURE]).output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}
