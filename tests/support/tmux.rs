//! A tmux server of our own for end-to-end tests: start the real binary in a real terminal, type keys, read
//! the screen back, and check the terminal is restored afterwards. Shared by e2e_tmux.rs and e2e_sshd.rs.
//! Tests using it need tmux and fail (not skip) without it: `.ci/run` installs it.

#![allow(dead_code)] // each test crate uses a different part of it

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_annals");
pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/browser.yaml");

/// One tmux server of our own (its own socket), killed when dropped.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(width: u16, height: u16) -> Tmux {
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

    pub fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = self.tmux(args);
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }

    /// Sends one named key (Enter, Escape, Tab, C-c).
    pub fn key(&self, key: &str) {
        self.run(&["send-keys", "-t", "e2e", key]);
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    pub fn display(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "e2e", format]).trim().to_string()
    }

    /// Polls the screen until `pred` holds (bounded: 10 s), returning the screen.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
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

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Starts annals from the pane's shell, which prints EXITED:<code> when it ends.
    pub fn launch(&self, args: &str) {
        self.launch_line(&format!("{BIN} --file {FIXTURE} {args}"), "Events 1/20");
    }

    /// Runs a command line (with `VAR=value` prefixes if wanted) from the pane's shell with TERM set, and
    /// waits for `ready` on the screen; the shell prints EXITED:<code> when it ends.
    pub fn launch_line(&self, line: &str, ready: &str) {
        self.type_text(&format!("TERM=xterm-256color {line}; echo EXITED:$?"));
        self.key("Enter");
        self.wait_text(ready);
    }

    /// Checks the terminal is back to normal after annals exited with status 0.
    pub fn assert_restored(&self) {
        self.assert_restored_after("EXITED:0");
    }

    /// Checks the terminal is back to normal once the shell has printed `exited` (`EXITED:<code>`).
    pub fn assert_restored_after(&self, exited: &str) {
        self.wait_text(exited);
        assert_eq!(self.display("#{alternate_on}"), "0", "still on the alternate screen");
        assert_eq!(self.display("#{cursor_flag}"), "1", "cursor hidden");
        assert_eq!(self.display("#{mouse_any_flag}"), "0", "mouse reporting left on");
        self.run(&[
            "send-keys",
            "-t",
            "e2e",
            "clear; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$'; echo STTY-DONE",
            "Enter",
        ]);
        // Wait for the marker printed after all of stty's output, not for its first line: a capture between
        // two lines of the grep saw `icanon` without `echo`.
        let s = self.wait_for("stty output", |s| s.lines().any(|l| l.trim_end() == "STTY-DONE"));
        let flags: Vec<&str> = s
            .lines()
            .map(str::trim)
            .filter(|l| l.ends_with("icanon") || *l == "echo" || *l == "-echo")
            .collect();
        assert!(flags.contains(&"icanon") && flags.contains(&"echo"), "raw mode left on: {flags:?}\n{s}");
    }

    /// The pid of annals, the child of the pane's shell.
    pub fn annals_pid(&self) -> String {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep").args(["-P", &shell]).output().expect("pgrep runs");
        let pid = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().trim().to_string();
        assert!(!pid.is_empty(), "annals is not running under the pane's shell {shell}");
        pid
    }
}

/// A process's state letter from /proc (R running, S sleeping, T stopped, Z zombie), or None once it is gone.
pub fn process_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: the state follows the last `)`.
    stat.rsplit_once(')').and_then(|(_, rest)| rest.trim_start().chars().next())
}

/// Polls until `done` holds (bounded: 10 s); panics with `what` on time-out.
pub fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(40));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}
