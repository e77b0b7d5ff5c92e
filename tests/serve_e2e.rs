//! End to end: `annals serve --headless` on 127.0.0.1 (a free port, a temporary host key and presenter list),
//! with real OpenSSH clients (`ssh -tt`) in tmux sessions of different sizes, read back with capture-pane.
//! Every wait polls the screen or the log for the expected text with a deadline; nothing sleeps to synchronise.
//! Needs tmux and openssh-client (ssh, ssh-keygen) and fails without them: `.ci/run` installs them.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_annals");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/browser.yaml");
const DEADLINE: Duration = Duration::from_secs(15);

/// Polls `probe` until it returns Some, or fails with what it last saw.
fn poll<T>(what: &str, mut probe: impl FnMut() -> Result<T, String>) -> T {
    let start = Instant::now();
    loop {
        match probe() {
            Ok(v) => return v,
            Err(last) if start.elapsed() > DEADLINE => {
                panic!("timed out waiting for {what}; last seen:\n{last}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn tool(name: &str, arg: &str) {
    let ok = Command::new(name).arg(arg).output().is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    assert!(ok, "{name} is required for the serve tests (.ci/run installs tmux and openssh-client)");
}

/// A server of our own with its keys in a temporary directory; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Server {
    /// Starts `annals serve --headless` with `presenter` (a key name in the directory) on the allowlist.
    fn start() -> Server {
        Server::start_with(&[])
    }

    /// The same with more `serve` flags.
    fn start_with(flags: &[&str]) -> Server {
        Server::launch(Some(Path::new(FIXTURE)), flags)
    }

    /// The same over the timeline `file` (None: no --file, as a tour names its own).
    fn launch(file: Option<&Path>, flags: &[&str]) -> Server {
        tool("tmux", "-V");
        tool("ssh", "-V");
        let dir = tempfile::tempdir().unwrap();
        for name in ["presenter", "stranger"] {
            let key = dir.path().join(name);
            let st = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
                .arg(&key)
                .status()
                .expect("ssh-keygen runs (openssh-client)");
            assert!(st.success());
        }
        std::fs::copy(dir.path().join("presenter.pub"), dir.path().join("presenters")).unwrap();
        let file: Vec<&std::ffi::OsStr> =
            file.map(|f| vec!["--file".as_ref(), f.as_os_str()]).unwrap_or_default();
        let mut child = Command::new(BIN)
            .args(file)
            .args(["serve", "--headless", "--port", "0", "--host-key"])
            .arg(dir.path().join("keys/host"))
            .arg("--presenters")
            .arg(dir.path().join("presenters"))
            .arg("--log")
            .arg(dir.path().join("serve.log"))
            .args(flags)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("annals starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let port = first
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address printed: {first:?}"));
        Server { child, port, dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.path("serve.log")).unwrap_or_default()
    }

    fn wait_log(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        poll(what, || {
            let l = self.log();
            if pred(&l) { Ok(l) } else { Err(l) }
        })
    }

    /// The ssh command line for a client of this server with `key` (None: no key at all).
    fn ssh(&self, user: &str, key: Option<&str>, extra: &str) -> String {
        self.ssh_to(self.port, user, key, extra)
    }

    /// The same for another server on `port`.
    fn ssh_to(&self, port: u16, user: &str, key: Option<&str>, extra: &str) -> String {
        let id = match key {
            Some(k) => format!("-i {}", self.path(k).display()),
            None => "-o PubkeyAuthentication=no".into(),
        };
        format!(
            "ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
             -o IdentitiesOnly=yes {id} -p {port} {user}@127.0.0.1 {extra}"
        )
    }

    /// The largest kernel send queue of the server's connections (/proc/net/tcp `tx_queue`): how far a
    /// stalled client has backed up.
    fn largest_send_queue(&self) -> u64 {
        let port = format!(":{:04X}", self.port);
        let tcp = std::fs::read_to_string("/proc/net/tcp").unwrap();
        tcp.lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                let queues = f.get(4)?;
                f.get(1)?.ends_with(&port).then(|| u64::from_str_radix(queues.split(':').next()?, 16).ok())?
            })
            .max()
            .unwrap_or(0)
    }

    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("VmRSS")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One tmux server (own socket) holding one session per client; killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new() -> Tmux {
        static N: AtomicUsize = AtomicUsize::new(0);
        Tmux { socket: format!("annals-serve-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)) }
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.tmux(args);
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Opens a client: `ssh -tt` in a terminal of the given size.
    fn client(&self, name: &str, w: u16, h: u16, ssh: &str) {
        self.pane(name, w, h, &format!("{ssh} -tt"));
    }

    /// Runs a command in a new terminal of the given size; the pane prints EXIT:<status> after it.
    fn pane(&self, name: &str, w: u16, h: u16, command: &str) {
        let (w, h) = (w.to_string(), h.to_string());
        let cmd = format!("TERM=xterm-256color {command}; echo EXIT:$?; sleep 600");
        let mut args = vec!["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", &w, "-y", &h, &cmd];
        if self.tmux(&["has-session"]).status.success() {
            args.drain(..2);
        }
        self.run(&args);
        self.run(&["set-option", "-t", name, "status", "off"]);
        self.run(&["resize-window", "-t", name, "-x", &w, "-y", &h]);
    }

    fn keys(&self, name: &str, keys: &str) {
        self.run(&["send-keys", "-t", name, "-l", keys]);
    }

    fn screen(&self, name: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", name])
    }

    fn display(&self, name: &str, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", name, format]).trim().to_string()
    }

    fn wait(&self, name: &str, text: &str) -> String {
        self.wait_until(name, &format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until every one of `texts` is on the screen at once.
    fn wait_all(&self, name: &str, texts: &[&str]) -> String {
        self.wait_until(name, &format!("{texts:?}"), |s| texts.iter().all(|t| s.contains(t)))
    }

    fn wait_until(&self, name: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
        poll(&format!("{what} on {name}"), || {
            let s = self.screen(name);
            if pred(&s) { Ok(s) } else { Err(s) }
        })
    }

    /// The pid of the pane's shell's child (the ssh client).
    fn ssh_pid(&self, name: &str) -> String {
        let shell = self.display(name, "#{pane_pid}");
        poll("the ssh client's pid", || {
            let out = Command::new("pgrep").args(["-P", &shell, "ssh"]).output().expect("pgrep runs");
            let pid =
                String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().trim().to_string();
            if pid.is_empty() { Err(format!("no ssh under {shell}")) } else { Ok(pid) }
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn kill(signal: &str, pid: &str) {
    assert!(Command::new("kill").args([signal, pid]).status().unwrap().success(), "kill {signal} {pid}");
}

#[test]
fn viewers_follow_detach_reattach_and_resize() {
    let s = Server::start();
    let mode = std::fs::metadata(s.path("keys/host")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the host key is created private");
    let t = Tmux::new();
    t.client("presenter", 100, 30, &s.ssh("alice", Some("presenter"), ""));
    s.wait_log("the presenter", |l| l.contains("(alice) presents"));
    t.client("a", 80, 24, &s.ssh("bob", Some("stranger"), ""));
    t.client("b", 100, 30, &s.ssh("carol", None, ""));
    for name in ["presenter", "a", "b"] {
        t.wait(name, "Events 1/20");
    }
    assert_eq!(t.display("a", "#{alternate_on}"), "1", "the browser uses the alternate screen");

    t.keys("presenter", "jj");
    t.wait("a", "Events 3/20");
    t.wait("b", "Events 3/20");

    // A viewer's own navigation detaches it and changes nobody else.
    t.keys("a", "jj");
    let a = t.wait("a", "Events 5/20");
    assert!(a.contains("detached"), "{a}");
    t.keys("presenter", "k");
    t.wait("b", "Events 2/20");
    assert!(t.screen("presenter").contains("Events 2/20"), "a viewer's keys moved the presenter");
    assert!(t.screen("a").contains("Events 5/20"), "a detached viewer does not follow");

    // A search by the presenter reaches the followers; F brings the detached viewer back.
    t.keys("presenter", "/veracruz");
    t.wait("b", "U.S. forces occupy Veracruz");
    t.wait("b", "hits");
    t.keys("a", "F");
    let a = t.wait("a", "following the presenter");
    assert!(a.contains("U.S. forces occupy Veracruz") && a.contains("/veracruz"), "{a}");

    // The viewer's own size: a resize re-renders at once at the new size.
    t.run(&["resize-window", "-t", "b", "-x", "130", "-y", "40"]);
    let wide = poll("a 130-column frame on b", || {
        let scr = t.screen("b");
        let first = scr.lines().next().unwrap_or_default().trim_end().chars().count();
        if first > 120 && scr.contains("Readings") { Ok(scr) } else { Err(scr) }
    });
    assert!(wide.contains("U.S. forces occupy Veracruz"), "{wide}");
    assert!(t.screen("a").lines().next().unwrap_or_default().chars().count() <= 80);
}

#[test]
fn quitting_or_vanishing_frees_the_session_and_shutdown_restores_every_terminal() {
    let s = Server::start();
    let t = Tmux::new();
    for (name, user) in [("q", "quitter"), ("v", "vanisher"), ("w", "waiter")] {
        t.client(name, 80, 24, &s.ssh(user, None, ""));
        t.wait(name, "Events 1/20");
    }
    s.wait_log("three sessions", |l| l.contains("(3 connected"));

    t.keys("q", "q");
    t.wait("q", "EXIT:0");
    assert_eq!(t.display("q", "#{alternate_on}"), "0", "q leaves the alternate screen");
    s.wait_log("the quitter's session freed", |l| l.contains("left (2 connected"));

    kill("-KILL", &t.ssh_pid("v"));
    s.wait_log("the vanished session freed", |l| l.contains("left (1 connected"));

    let before = s.log().matches("disconnected").count();
    kill("-TERM", &s.child.id().to_string());
    t.wait("w", "EXIT:0");
    assert_eq!(t.display("w", "#{alternate_on}"), "0", "shutdown leaves the alternate screen");
    assert_eq!(t.display("w", "#{cursor_flag}"), "1", "shutdown shows the cursor again");
    s.wait_log("the shutdown logged", |l| l.contains("SIGTERM; shutting down") && l.contains("stopped"));
    assert!(s.log().matches("disconnected").count() > before);
}

#[test]
fn a_key_not_on_the_list_cannot_present() {
    let s = Server::start();
    let t = Tmux::new();
    t.client("stranger", 80, 24, &s.ssh("mallory", Some("stranger"), ""));
    t.client("viewer", 80, 24, &s.ssh("bob", None, ""));
    t.wait("stranger", "Events 1/20");
    t.wait("viewer", "Events 1/20");
    t.keys("stranger", "jjj");
    let st = t.wait("stranger", "Events 4/20");
    assert!(st.contains("detached"), "a stranger is a viewer:\n{st}");
    t.keys("viewer", "j");
    t.wait("viewer", "Events 2/20");
    let log = s.log();
    assert!(log.contains("\"mallory\" as a viewer"), "{log}");
    assert!(!log.contains("presents"), "nobody may present:\n{log}");
    // The presenter's key does present, and the viewers follow it from then on.
    t.keys("viewer", "F");
    t.client("presenter", 80, 24, &s.ssh("alice", Some("presenter"), ""));
    s.wait_log("alice presents", |l| l.contains("(alice) presents"));
    t.wait("presenter", "Events 1/20");
    t.keys("presenter", "G");
    t.wait("presenter", "Events 20/20");
    t.wait("viewer", "Events 20/20");
}

#[test]
fn a_stopped_viewer_neither_slows_the_others_nor_grows_memory() {
    let s = Server::start();
    let t = Tmux::new();
    t.client("presenter", 100, 30, &s.ssh("alice", Some("presenter"), ""));
    s.wait_log("the presenter", |l| l.contains("(alice) presents"));
    t.client("live", 80, 24, &s.ssh("bob", None, ""));
    // A big terminal, so that full-screen frames fill its SSH window and socket buffers while it is stopped.
    t.client("stopped", 250, 80, &s.ssh("zzz", None, ""));
    for name in ["presenter", "live", "stopped"] {
        t.wait(name, "Events 1/20");
    }
    let stopped = t.ssh_pid("stopped");
    kill("-STOP", &stopped);
    let rss_before = s.rss_kb();

    // 30 s of presenter activity: moving, searching, opening the full event, each followed by the live viewer.
    let start = Instant::now();
    let mut rounds = 0;
    while start.elapsed() < Duration::from_secs(30) {
        t.keys("presenter", "G");
        t.wait("live", "Events 20/20");
        t.keys("presenter", "g");
        t.wait("live", "Events 1/20");
        t.keys("presenter", "/veracruz");
        t.run(&["send-keys", "-t", "presenter", "Enter"]);
        t.wait("live", "hits");
        // Esc alone (a key after it within the parser's timeout would make it Alt).
        t.run(&["send-keys", "-t", "presenter", "Escape"]);
        // A positive sign too: a frame caught half drawn must not pass for the cleared screen.
        t.wait_until("live", "the search cleared", |s| s.contains("/20 ━") && !s.contains("/veracruz"));
        t.keys("presenter", "g");
        t.wait("live", "Events 1/20");
        t.keys("presenter", "b");
        t.wait("live", "Bibliography");
        t.run(&["send-keys", "-t", "presenter", "Escape"]);
        t.wait_until("live", "the bibliography closed", |s| {
            s.contains("Events 1/20") && !s.contains("Bibliography")
        });
        rounds += 1;
    }
    let rss_after = s.rss_kb();
    let stalled = s.largest_send_queue();
    eprintln!("stopped viewer: largest server send queue {stalled} bytes");
    assert!(
        stalled > 64 * 1024,
        "the stopped viewer never backed up ({stalled} bytes queued): too light a test"
    );
    assert!(rounds >= 5, "the live viewer kept up only {rounds} rounds in 30 s");
    let grown = rss_after.saturating_sub(rss_before);
    eprintln!("stopped viewer: {rounds} rounds in 30 s, server RSS {rss_before} kB -> {rss_after} kB");
    assert!(
        grown < 5 * 1024,
        "server RSS grew {grown} kB ({rss_before} -> {rss_after}) with a stopped viewer"
    );

    // Woken up, the stopped viewer shows the presenter's latest state, not a backlog.
    t.keys("presenter", "jjj");
    t.wait("live", "Events 4/20");
    kill("-CONT", &stopped);
    t.wait("stopped", "Events 4/20");
}

#[test]
fn commands_without_a_pty_print_plain_text() {
    let s = Server::start();
    let run = |cmd: &str| {
        let line = s.ssh("script", None, cmd);
        let out = Command::new("sh").arg("-c").arg(&line).stdin(Stdio::null()).output().unwrap();
        (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code())
    };
    let (text, code) = run("list");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("veracruz-1914") && text.contains("bicentennial-2020"), "{text}");
    assert!(!text.contains('\x1b'), "plain text, no escapes");
    let (text, code) = run("search veracruz");
    assert_eq!(code, Some(0));
    assert!(text.contains("U.S. forces occupy Veracruz"), "{text}");
    let (text, code) = run("show no-such-event");
    assert_eq!(code, Some(1), "{text}");
    let (text, code) = run("");
    assert_eq!(code, Some(2));
    assert!(text.contains("ssh -t"), "{text}");
    assert!(Path::new(&s.path("serve.log")).exists());
}

#[test]
fn the_presenter_hands_the_role_to_a_viewer() {
    let s = Server::start();
    let t = Tmux::new();
    t.client("alice", 100, 30, &s.ssh("alice", Some("presenter"), ""));
    s.wait_log("alice presents", |l| l.contains("(alice) presents"));
    t.client("bob", 80, 24, &s.ssh("bob", None, ""));
    t.wait("bob", "following the presenter");
    t.wait("alice", "1 connected, 1 following");
    t.keys("alice", "A");
    t.wait("alice", "bob@127.0.0.1");
    t.run(&["send-keys", "-t", "alice", "Enter"]);
    s.wait_log("the hand-over", |l| l.contains("handed the presenter role"));
    t.wait("bob", "You are presenting");
    t.keys("bob", "G");
    t.wait("bob", "Events 20/20");
    let alice = t.wait("alice", "Events 20/20");
    assert!(alice.contains("following the presenter"), "{alice}");
}

#[test]
fn on_a_terminal_the_local_user_presents() {
    // A headless server only for its temporary directory and keys; the one under test runs in tmux.
    let s = Server::start();
    let t = Tmux::new();
    let log = s.path("local.log");
    let cmd = format!(
        "{BIN} --file {FIXTURE} serve --port 0 --host-key {} --log {}",
        s.path("keys/host").display(),
        log.display()
    );
    t.pane("local", 100, 30, &cmd);
    t.wait("local", "Serving: ssh -p");
    let text = poll("the local server's address", || {
        let l = std::fs::read_to_string(&log).unwrap_or_default();
        if l.contains("listening on") { Ok(l) } else { Err(l) }
    });
    let port: u16 = text
        .split("listening on 127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|p| p.parse().ok())
        .expect("a port in the log");
    t.client("viewer", 80, 24, &s.ssh_to(port, "bob", None, ""));
    t.wait("viewer", "following the presenter");
    t.keys("local", "jj");
    t.wait("viewer", "Events 3/20");
    t.keys("local", "q");
    t.wait("viewer", "EXIT:0");
    t.wait("local", "EXIT:0");
    assert_eq!(t.display("local", "#{alternate_on}"), "0");
}

#[test]
fn connections_over_the_limit_are_refused_until_one_leaves() {
    let s = Server::start_with(&["--max-sessions", "1"]);
    let list = || {
        let line = s.ssh("script", None, "list");
        Command::new("sh").arg("-c").arg(&line).stdin(Stdio::null()).output().unwrap().status.code()
    };
    let t = Tmux::new();
    t.client("first", 80, 24, &s.ssh("first", None, ""));
    t.wait("first", "Events 1/20");
    assert_eq!(list(), Some(255), "a second connection is refused");
    s.wait_log("the refusal", |l| l.contains("refused") && l.contains("--max-sessions"));
    t.keys("first", "q");
    t.wait("first", "EXIT:0");
    s.wait_log("the slot freed", |l| l.contains("(0 connections open)"));
    assert_eq!(list(), Some(0), "the freed slot takes a new connection");
}

/// The number after `label ` on the screen (`Tour 00:07 / 20:00` gives 7 for "Tour"), in seconds.
fn clock_secs(screen: &str, label: &str) -> Option<u64> {
    let at = screen.find(&format!("{label} "))? + label.len() + 1;
    let (m, s) = screen.get(at..at + 5)?.split_once(':')?;
    Some(m.parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?)
}

#[test]
fn a_tour_gives_the_presenter_notes_and_clock_and_viewers_the_stop_cards() {
    let tour = concat!(env!("CARGO_MANIFEST_DIR"), "/tours/overview.yaml");
    // No --file: the tour's own timeline (the embedded one).
    let s = Server::launch(None, &["--tour", tour]);
    let t = Tmux::new();
    t.client("alice", 120, 36, &s.ssh("alice", Some("presenter"), ""));
    s.wait_log("alice presents", |l| l.contains("(alice) presents"));
    t.client("bob", 120, 36, &s.ssh("bob", None, ""));
    let p = t.wait_all("alice", &["Notes · Stop 1/16", "stop 1/16", "Start with the map", "Tour 00:"]);
    let v = t.wait_all("bob", &["stop 1/16", "Era: Texas and the war", "following"]);
    assert!(!v.contains("Notes") && !v.contains("Start with the map"), "the audience sees no notes:\n{v}");
    // The presenter's clock runs over SSH; the audience has none.
    let first = clock_secs(&p, "Tour").expect("the presenter's clock");
    t.wait_until("alice", "the clock ticking", |scr| clock_secs(scr, "Tour").is_some_and(|n| n > first));
    assert!(clock_secs(&v, "Tour").is_none() && clock_secs(&v, "Stop").is_none(), "{v}");

    // Space: the viewer's stop card follows, without the notes.
    t.keys("alice", " ");
    t.wait_all("alice", &["Notes · Stop 2/16", "The founding trauma"]);
    let v = t.wait_all("bob", &["stop 2/16", "United States declares war on Mexico", "following"]);
    assert!(!v.contains("founding trauma") && !v.contains("Notes"), "the audience sees no notes:\n{v}");

    // A viewer's Space takes it to a stop of its own and leaves the presenter where it is.
    t.keys("bob", " ");
    t.wait_all("bob", &["stop 3/16", "detached"]);
    t.keys("alice", "j");
    let p = t.wait("alice", "OFF TOUR");
    assert!(p.contains("stop 2/16"), "a viewer's Space moved the presenter:\n{p}");
    t.keys("alice", "\x7f");
    t.wait_until("alice", "back at the stop", |scr| scr.contains("Stop 2/16") && !scr.contains("OFF TOUR"));
    t.keys("bob", "F");
    t.wait_until("bob", "following at stop 2", |scr| scr.contains("stop 2/16") && !scr.contains("detached"));

    // Hand-over: bob gets the notes and the clock, alice the stop card.
    t.keys("alice", "A");
    t.wait("alice", "bob@127.0.0.1");
    t.run(&["send-keys", "-t", "alice", "Enter"]);
    t.wait_all("bob", &["Notes · Stop 2/16", "Tour 00:"]);
    t.keys("bob", " ");
    t.wait_until("alice", "the stop card of stop 3", |scr| {
        scr.contains("stop 3/16")
            && scr.contains("following")
            && !scr.contains("Notes")
            && !scr.contains("Tour 0")
    });
}

/// A timeline of `n` generated events (all searched by the worker above 5,000); one is called "Zanzibar".
fn large_timeline(dir: &Path, n: usize) -> PathBuf {
    let mut y = String::from(
        "title: Large\ndescription: Generated.\nversion: \"1\"\nas_of: \"2026-01-01\"\nspan: {start: 1836, end: present}\n\
         theories:\n  - {id: realism, name: Realism, summary: A lens.}\n\
         sources:\n  - {id: src, author: Someone, title: A book, kind: book, year: 1950, reliability: scholarly}\n\
         eras:\n  - {id: all, name: Everything, start: \"1836\", end: \"2025\", countries: [MX], summary: All.}\n\
         tags:\n  - {id: border, meaning: Border.}\nevents:\n",
    );
    for i in 0..n {
        let title =
            if i == n - 7 { "Zanzibar accord".to_string() } else { format!("Border meeting number {i}") };
        y += &format!(
            "  - id: e-{i}\n    date: \"{}-{:02}-{:02}\"\n    title: {title}\n    summary: A meeting on the border.\n    \
             countries: [US, MX]\n    tags: [border]\n    sources: [{{source: src, locator: \"p. 1\", quote: \"met\"}}]\n",
            1836 + i * 189 / n,
            1 + i % 12,
            1 + i % 28
        );
    }
    let path = dir.join("large.yaml");
    std::fs::write(&path, y).unwrap();
    path
}

#[test]
fn a_viewers_own_search_of_a_large_timeline_completes() {
    let dir = tempfile::tempdir().unwrap();
    let file = large_timeline(dir.path(), 6_000);
    let s = Server::launch(Some(&file), &[]);
    let t = Tmux::new();
    t.client("bob", 100, 30, &s.ssh("bob", None, ""));
    t.wait("bob", "Events 1/6000");
    t.keys("bob", "/zanzibar");
    let v =
        t.wait_until("bob", "the search's hits", |scr| scr.contains("1 hits") && !scr.contains("searching"));
    assert!(v.contains("Zanzibar accord"), "{v}");
    t.run(&["send-keys", "-t", "bob", "Enter"]);
    t.wait_all("bob", &["Events 1/1", "detached"]);
}

#[test]
fn a_bad_tour_is_refused_before_listening() {
    let dir = tempfile::tempdir().unwrap();
    let tour = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tours/bad-fields.yaml");
    let out = Command::new(BIN)
        .args(["serve", "--headless", "--port", "0", "--tour", tour, "--host-key"])
        .arg(dir.path().join("host"))
        .stdin(Stdio::null())
        .output()
        .expect("annals runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(!stdout.contains("listening"), "{stdout}");
    assert!(stderr.contains("bad-fields.yaml:7:5") && stderr.contains("`nots`"), "{stderr}");
}
