#!/usr/bin/env python3
"""One table of annals performance figures, measured in this run, next to fzf and less on the same text.

    scripts/bench.sh            # 1k, 10k, 100k events
    scripts/bench.sh --million  # also 1M events (about 700 MB; slow)

Builds release binaries, generates timelines with examples/generate.rs, then measures: load + validate time
and peak RSS (`annals check`, /usr/bin/time); start to first frame (embedded timeline, in a pty: until the
first end-of-synchronized-update marker); search per query length (`annals search`, whole process) next to
`fzf --filter` on the same text (one line per event from `annals list`); bytes written to an 80x24 pty per
selection move, page and query character, next to `less` and interactive fzf with and without --preview;
first and second load through `annals -f FILE list --from 2999` (prints nothing) with a fresh ANNALS_CACHE_DIR,
for the generated file (read by the YAML subset reader, never cached) and for a copy with a comment before each
event (read by serde_yaml, so the first load writes the parse cache and the second reads it); frame render time from `cargo bench --bench render` on the 100k file.
Fails if fzf or less cannot run (it installs fzf with apt-get when missing): no copied figures.
"""
import os, pty, select, shutil, signal, struct, subprocess, sys, termios, fcntl, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/annals")
GEN = os.path.join(ROOT, "target/release/examples/generate")
TMP = os.environ.get("BENCH_DIR", "/tmp/annals-bench")
QUERY = "merida"


def sh(*args, **kw):
    return subprocess.run(args, check=True, **kw)


def need_tools():
    if shutil.which("fzf") is None:
        subprocess.run(["apt-get", "install", "-y", "fzf"], stdout=subprocess.DEVNULL)
    for tool, arg in (("fzf", "--version"), ("less", "--version")):
        r = subprocess.run([tool, arg], capture_output=True)
        if r.returncode != 0:
            sys.exit(f"bench: {tool} cannot run; install it (apt-get install {tool})")


def load(path):
    r = subprocess.run(["/usr/bin/time", "-f", "%e %U %M", BIN, "check", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    wall, user, kb = r.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user), int(kb) * 1024


def commented(path):
    """A copy of `path` with a comment line before each event, which leaves every slice to serde_yaml."""
    out = path.replace(".yaml", ".commented.yaml")
    if not os.path.exists(out):
        with open(path) as src, open(out, "w") as dst:
            for line in src:
                if line.startswith("  - id: event-"):
                    dst.write("  # a comment, outside the subset the fast reader takes\n")
                dst.write(line)
    return out


def cached_loads(path):
    """(first, second) load of `path` with a fresh cache directory: (wall s, user s, peak RSS bytes) each."""
    cache = f"{TMP}/cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, ANNALS_CACHE_DIR=cache)
    runs = []
    for _ in range(2):
        r = subprocess.run(["/usr/bin/time", "-f", "%e %U %M", BIN, "-f", path, "list", "--from", "2999"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True, env=env)
        wall, user, kb = r.stderr.strip().splitlines()[-1].split()
        runs.append((float(wall), float(user), int(kb) * 1024))
    return runs


def render_bench(path):
    env = dict(os.environ, ANNALS_BENCH_FILE=path, ANNALS_CACHE="off")
    r = subprocess.run(["cargo", "bench", "--quiet", "--bench", "render"], cwd=ROOT, env=env,
                       capture_output=True, text=True, check=True)
    return [l for l in r.stdout.splitlines() if l.startswith("|")]


def timed(args, stdin=None):
    t = time.perf_counter()
    subprocess.run(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


class Pty:
    """A program in an 80x24 pseudo-terminal; counts the bytes it writes after each key."""

    def __init__(self, argv, cols=80, rows=24, env=None):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            e = dict(os.environ, TERM="xterm-256color", **(env or {}))
            os.execvpe(argv[0], argv, e)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.start = time.perf_counter()

    def read_until_quiet(self, quiet=0.3, limit=10.0, marker=None):
        got = b""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            r, _, _ = select.select([self.fd], [], [], quiet)
            if not r:
                if got:
                    break
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            got += chunk
            if marker and marker in got:
                return got, time.perf_counter()
        return got, time.perf_counter()

    def key(self, k):
        os.write(self.fd, k)
        return len(self.read_until_quiet()[0])

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


END_SYNC = b"\x1b[?2026l"
DOWN, PGDN = b"\x1b[B", b"\x1b[6~"


def first_frame():
    best = []
    for _ in range(5):
        p = Pty([BIN])
        _, t = p.read_until_quiet(marker=END_SYNC)
        best.append((t - p.start) * 1000)
        p.close()
    return min(best), sorted(best)[len(best) // 2]


def first_frame_file(path, limit=120.0):
    """Seconds from start to the browser's first frame on `path`: load, validation, search index, picker."""
    p = Pty([BIN, "--file", path], env={"ANNALS_FILE": "", "ANNALS_CACHE": "off"})
    got = b""
    end = time.perf_counter() + limit
    while END_SYNC not in got and time.perf_counter() < end:
        r, _, _ = select.select([p.fd], [], [], 1.0)
        if r:
            try:
                got += os.read(p.fd, 65536)
            except OSError:
                break
    t = time.perf_counter() - p.start
    p.close()
    if END_SYNC not in got:
        sys.exit(f"bench: the browser drew no frame on {path} within {limit:.0f} s")
    return t


def bytes_annals(path):
    p = Pty([BIN, "--file", path], env={"ANNALS_FILE": ""})
    p.read_until_quiet(marker=END_SYNC)
    p.read_until_quiet()
    move = p.key(b"j")
    page = p.key(PGDN)
    p.key(b"/")
    chars = [p.key(c.encode()) for c in QUERY]
    p.close()
    return move, page, sum(chars) / len(chars)


def bytes_less(lines):
    p = Pty(["less", lines])
    p.read_until_quiet()
    move = p.key(b"j")
    page = p.key(b" ")
    p.close()
    return move, page


def bytes_fzf(lines, preview):
    opts = "--preview 'echo {}'" if preview else ""
    argv = ["sh", "-c", f"fzf {opts} < {lines}"]
    p = Pty(argv)
    p.read_until_quiet(quiet=0.6)
    # fzf's default layout lists from the bottom up with the first item selected: "next" is Up (Ctrl-P).
    move = p.key(b"\x10")
    chars = [p.key(c.encode()) for c in QUERY]
    p.close()
    return move, sum(chars) / len(chars)


def main():
    sizes = [1000, 10_000, 100_000] + ([1_000_000] if "--million" in sys.argv else [])
    need_tools()
    sh("cargo", "build", "--quiet", "--release", "--bin", "annals", "--example", "generate", cwd=ROOT)
    os.makedirs(TMP, exist_ok=True)
    rows = []
    for n in sizes:
        path = f"{TMP}/t{n}.yaml"
        lines = f"{TMP}/t{n}.txt"
        if not os.path.exists(path):
            with open(path, "wb") as f:
                sh(GEN, str(n), stdout=f)
        size = os.path.getsize(path)
        wall, user, rss = load(path)
        row = {"n": n, "mb": size / 1e6, "wall": wall, "user": user, "rss_x": rss / size, "rss": rss / 1e6}
        if n >= 100_000:
            row["cached"] = cached_loads(path)
            row["commented"] = cached_loads(commented(path))
        if n <= 100_000:
            with open(lines, "wb") as f:
                sh(BIN, "--file", path, "list", stdout=f)
            row["search"] = {q: timed([BIN, "--file", path, "search", QUERY[:q]]) * 1000 for q in (1, 3, 6)}
            with open(lines) as f:
                row["fzf"] = {q: (f.seek(0), timed(["fzf", "--filter", QUERY[:q]], stdin=f))[1] * 1000
                              for q in (1, 3, 6)}
        rows.append(row)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"commit {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()}")
    print()
    print("| events | file MB | load+validate wall s | user s | peak RSS MB | RSS/file | "
          "annals search q=1/3/6 ms (whole process, incl. load) | fzf --filter q=1/3/6 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        s = "/".join(f"{v:.0f}" for v in r.get("search", {}).values()) or "—"
        z = "/".join(f"{v:.0f}" for v in r.get("fzf", {}).values()) or "—"
        print(f"| {r['n']} | {r['mb']:.1f} | {r['wall']:.2f} | {r['user']:.2f} | {r['rss']:.0f} | "
              f"{r['rss_x']:.1f}x | {s} | {z} |")
    cached = [r for r in rows if "cached" in r]
    if cached:
        print("\nbrowser load (`annals -f FILE list --from 2999`, fresh ANNALS_CACHE_DIR, loaded twice): the "
              "generated file (subset reader, no cache) and a copy with a comment per event (serde_yaml; the first "
              "load writes the parse cache, the second reads it)")
        print("| events | file | first wall s | first user s | first peak MB | second wall s | second user s | "
              "second peak MB |")
        print("|---|---|---|---|---|---|---|---|")
        for r in cached:
            for name in ("cached", "commented"):
                (w1, u1, m1), (w2, u2, m2) = r[name]
                label = "generated" if name == "cached" else "commented"
                print(f"| {r['n']} | {label} | {w1:.2f} | {u1:.2f} | {m1 / 1e6:.0f} | {w2:.2f} | {u2:.2f} | "
                      f"{m2 / 1e6:.0f} |")
    print("\nframe render time (`cargo bench --bench render`, TestBackend)")
    for line in render_bench(f"{TMP}/t100000.yaml"):
        print(line)
    lo, med = first_frame()
    print(f"\nstart to first frame, embedded timeline, 80x24 pty: best {lo:.1f} ms, median {med:.1f} ms")
    for n in [s for s in sizes if s >= 100_000]:
        t = first_frame_file(f"{TMP}/t{n}.yaml")
        print(f"start to first frame, {n} events (`annals --file`, no cache; load, validation, search index, "
              f"picker counts): {t:.2f} s")
    lines = f"{TMP}/t1000.txt"
    a = bytes_annals(f"{TMP}/t1000.yaml")
    l = bytes_less(lines)
    f0 = bytes_fzf(lines, False)
    f1 = bytes_fzf(lines, True)
    print("\nbytes written to an 80x24 terminal (1k events; query characters of `merida`, mean)")
    print("| program | selection move / line down | page down | query character |")
    print("|---|---|---|---|")
    print(f"| annals | {a[0]} | {a[1]} | {a[2]:.0f} |")
    print(f"| less | {l[0]} | {l[1]} | — |")
    print(f"| fzf | {f0[0]} | — | {f0[1]:.0f} |")
    print(f"| fzf --preview | {f1[0]} | — | {f1[1]:.0f} |")


if __name__ == "__main__":
    main()
