#!/usr/bin/env bash
# Load figures for `annals serve`: starts a headless server on 127.0.0.1, connects N real OpenSSH viewers
# (default 50), drives the presenter with K keystrokes (default 60, one every 100 ms), and reports the
# server's CPU time and memory and the bytes each viewer received per presenter keystroke (counted from what
# each viewer's ssh client wrote to its stdout). Only loopback traffic; everything it starts is stopped at exit.
#
#   scripts/serve-viewers.sh [N] [K]          ANNALS=target/release/annals to measure a release build
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50}
K=${2:-60}
BIN=${ANNALS:-target/debug/annals}
[ -x "$BIN" ] || cargo build --quiet
for tool in ssh ssh-keygen tmux; do
  command -v "$tool" >/dev/null || { echo "serve-viewers: $tool is required" >&2; exit 2; }
done

tmp=$(mktemp -d)
sock="annals-load-$$"
pids=()
server=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  tmux -L "$sock" kill-server 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -C presenter -f "$tmp/presenter"
cp "$tmp/presenter.pub" "$tmp/presenters"
"$BIN" serve --headless --port 0 --host-key "$tmp/host" --presenters "$tmp/presenters" \
  --max-sessions $((N + 5)) --log "$tmp/log" >"$tmp/out" 2>&1 &
server=$!

wait_for() { # wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds
  local what=$1 limit=$2 start=$SECONDS
  shift 2
  until "$@"; do
    if ((SECONDS - start > limit)); then echo "serve-viewers: timed out waiting for $what" >&2; exit 1; fi
    sleep 0.1
  done
}
wait_for "the server's address" 20 grep -q 'listening on' "$tmp/out"
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/out" | head -1)
opts=(-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
  -o IdentitiesOnly=yes -p "$port")

tmux -L "$sock" -f /dev/null new-session -d -s presenter -x 100 -y 30 \
  "ssh -tt ${opts[*]} -i $tmp/presenter presenter@127.0.0.1"
wait_for "the presenter" 30 grep -q '(presenter) presents' "$tmp/log"

# Viewers: ssh -tt with a stdin that never ends (a FIFO held open here), stdout counted.
mkfifo "$tmp/in"
exec 3<>"$tmp/in"
for i in $(seq 1 "$N"); do
  ssh -tt "${opts[@]}" -o PubkeyAuthentication=no "viewer$i@127.0.0.1" <&3 >"$tmp/v$i.out" 2>/dev/null &
  pids+=($!)
done
joined() { [ "$(grep -c 'joined as "viewer' "$tmp/log")" -ge "$N" ]; }
wait_for "$N viewers" 120 joined

total() { cat "$tmp"/v*.out | wc -c; }
settled() { # the viewers' byte count has not changed for 0.5 s
  local a b
  a=$(total); sleep 0.5; b=$(total)
  [ "$a" = "$b" ]
}
wait_for "the first frames" 60 settled

cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; } # utime + stime, in clock ticks
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
hz=$(getconf CLK_TCK)
bytes0=$(total); cpu0=$(cpu); rss0=$(rss); t0=$(date +%s.%N)
for i in $(seq 1 "$K"); do
  if ((i % 10 == 0)); then key=k; else key=j; fi
  tmux -L "$sock" send-keys -t presenter "$key"
  sleep 0.1
done
wait_for "the last frames" 60 settled
bytes1=$(total); cpu1=$(cpu); rss1=$(rss); t1=$(date +%s.%N)
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
following=$(grep -o '[0-9]* following' "$tmp/log" | tail -1)

awk -v n="$N" -v k="$K" -v b0="$bytes0" -v b1="$bytes1" -v c0="$cpu0" -v c1="$cpu1" -v hz="$hz" \
  -v t0="$t0" -v t1="$t1" -v r0="$rss0" -v r1="$rss1" -v hwm="$hwm" -v f="$following" -v bin="$BIN" 'BEGIN {
  wall = t1 - t0; cpu = (c1 - c0) / hz
  printf "serve-viewers: %d viewers, %d presenter keystrokes over %.1f s (%s; %s)\n", n, k, wall, bin, f
  printf "  bytes to viewers: %d total, %.0f per keystroke per viewer\n", b1 - b0, (b1 - b0) / (n * k)
  printf "  server CPU: %.2f s (%.1f%% of one core while driven)\n", cpu, 100 * cpu / wall
  printf "  server memory: VmRSS %d kB -> %d kB, peak %d kB\n", r0, r1, hwm
}'
