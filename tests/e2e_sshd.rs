//! End to end through OpenSSH: a real sshd on a free loopback port, configured with the `Match` block that
//! docs/BRIEFING.md documents (read from that file, so the documented block is the tested one), its
//! `ForceCommand` running this build with `--kiosk`. A real `ssh -tt` client inside tmux asks to run a command;
//! the kiosk must come up instead, give no shell, and end when the client is killed (a dropped connection).
//! Needs /usr/sbin/sshd, ssh, ssh-keygen and tmux, and fails (not skips) without them: `.ci/run` installs them.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

mod support;
use support::tmux::{BIN, FIXTURE, Tmux, process_state, wait_until};

const SSHD: &str = "/usr/sbin/sshd";
const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/BRIEFING.md");
const TOUR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tours/browser-tour.yaml");

/// The `Match` block of docs/BRIEFING.md, for `user`, with `force` as its ForceCommand.
fn documented_block(user: &str, force: &str) -> String {
    let doc = std::fs::read_to_string(DOC).expect("docs/BRIEFING.md");
    let section = doc.split("## Kiosk over SSH").nth(1).expect("a `## Kiosk over SSH` section");
    let block = section.split("```sshd_config\n").nth(1).and_then(|b| b.split("```").next());
    let block = block.expect("an ```sshd_config block in the kiosk section");
    assert!(block.starts_with("Match User briefing\n"), "{block}");
    let mut out = String::new();
    for line in block.lines() {
        let t = line.trim_start();
        if t.starts_with("Match User ") {
            out.push_str(&format!("Match User {user}\n"));
        } else if t.starts_with("ForceCommand ") {
            assert!(t.contains("--kiosk"), "the documented ForceCommand runs a kiosk: {t}");
            out.push_str(&format!("    ForceCommand {force}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    for needed in ["PermitTTY yes", "DisableForwarding yes", "PermitUserRC no", "AllowAgentForwarding no"] {
        assert!(out.contains(needed), "the documented block lacks {needed:?}");
    }
    out
}

fn tool(path: &str) {
    let found = if path.contains('/') {
        Path::new(path).is_file()
    } else {
        Command::new("sh")
            .args(["-c", &format!("command -v {path}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    assert!(found, "{path} is required for this test (apt-get install openssh-server openssh-client tmux)");
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// sshd in the foreground, killed when dropped.
struct Sshd {
    child: Child,
    log: PathBuf,
}

impl Sshd {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts sshd with a temporary host key and an authorized key, and waits until it accepts connections.
fn start_sshd(dir: &Path, user: &str, force: &str) -> (Sshd, u16) {
    run(Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(dir.join("host_key")));
    run(Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(dir.join("client_key")));
    std::fs::copy(dir.join("client_key.pub"), dir.join("authorized_keys")).unwrap();
    // sshd's privilege separation directory; a fresh container may not have it.
    std::fs::create_dir_all("/run/sshd").expect("create /run/sshd (run the tests as root, as CI does)");

    let port = free_port();
    let d = dir.display();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
         AuthorizedKeysFile {d}/authorized_keys\nPubkeyAuthentication yes\nPasswordAuthentication no\n\
         KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nPermitRootLogin prohibit-password\n\
         LogLevel VERBOSE\n\n{}",
        documented_block(user, force)
    );
    let config_path = dir.join("sshd_config");
    std::fs::write(&config_path, config).unwrap();
    run(Command::new(SSHD).arg("-t").arg("-f").arg(&config_path));

    let log = dir.join("sshd.log");
    let child = Command::new(SSHD)
        .args(["-D", "-e", "-f"])
        .arg(&config_path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("sshd starts");
    let sshd = Sshd { child, log };
    wait_until("sshd to listen", || TcpStream::connect(("127.0.0.1", port)).is_ok());
    (sshd, port)
}

/// Pids of the processes whose command line contains `needle`.
fn pids_with(needle: &str) -> Vec<String> {
    let out = Command::new("pgrep").args(["-f", needle]).output().expect("pgrep runs");
    String::from_utf8_lossy(&out.stdout).lines().map(|l| l.trim().to_string()).collect()
}

#[test]
fn the_kiosk_over_sshd_runs_nothing_else_and_ends_on_hang_up() {
    for t in [SSHD, "ssh", "ssh-keygen", "tmux", "pgrep"] {
        tool(t);
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    // A tour of its own (over a copy of the fixture), so this kiosk's process is found by its command line and
    // no other; the ForceCommand presents it as the documented one does.
    let timeline = dir.join("kiosk-timeline.yaml");
    std::fs::copy(FIXTURE, &timeline).unwrap();
    let tour_text =
        std::fs::read_to_string(TOUR).unwrap().replace("../valid/browser.yaml", "kiosk-timeline.yaml");
    assert!(tour_text.contains("timeline: kiosk-timeline.yaml"), "the tour fixture names its timeline");
    let tour = dir.join("kiosk-tour.yaml");
    std::fs::write(&tour, tour_text).unwrap();
    let user = run(Command::new("id").arg("-un"));
    let force = format!("{BIN} --kiosk brief {}", tour.display());
    let (sshd, port) = start_sshd(dir, &user, &force);

    let mark = dir.join("command-ran");
    let t = Tmux::start(100, 30);
    let ssh = format!(
        "ssh -F /dev/null -tt -p {port} -i {d}/client_key -o StrictHostKeyChecking=no \
         -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR {user}@127.0.0.1 \
         'sh -c \"touch {m}; id\"'",
        d = dir.display(),
        m = mark.display()
    );
    t.type_text(&format!("TERM=xterm-256color {ssh}; echo EXITED:$?"));
    t.key("Enter");
    let s = t.wait_for("the kiosk over ssh", |s| {
        s.contains("stop 1/") || s.lines().any(|l| l.starts_with("EXITED:"))
    });
    assert!(
        s.contains("Border, war and aid") && s.contains("stop 1/"),
        "no kiosk:\n{s}\nsshd log:\n{}",
        sshd.log()
    );
    assert!(!s.contains("uid="), "the requested command ran:\n{s}");
    assert!(!mark.exists(), "the requested command ran");

    let kiosk = pids_with(&tour.display().to_string());
    assert!(!kiosk.is_empty(), "no annals process for {}", timeline.display());

    // No way out to a shell.
    t.key("C-z");
    t.key("C-\\");
    t.type_text("!sh");
    t.key("Enter");
    t.type_text(":!sh");
    t.key("Enter");
    t.key("Escape");
    t.type_text("echo SHELL-$((6*7))");
    t.key("Enter");
    for _ in 0..4 {
        t.key("Escape");
    }
    t.type_text("?");
    let s = t.wait_text("Help — keys");
    assert!(!s.contains("SHELL-42") && !s.contains("EXITED:"), "a shell was reached:\n{s}");
    assert!(!mark.exists(), "the requested command ran");

    // Hang up: kill the client outright, as a dropped link would. sshd closes the terminal; annals must go.
    let shell = t.display("#{pane_pid}");
    let client = run(Command::new("pgrep").args(["-P", &shell, "-x", "ssh"]));
    run(Command::new("kill").args(["-KILL", &client]));
    wait_until("the kiosk to exit after the hang-up", || {
        kiosk.iter().all(|pid| matches!(process_state(pid), None | Some('Z')))
    });
    assert!(pids_with(&tour.display().to_string()).is_empty());
    assert!(!mark.exists(), "the requested command ran");
}
