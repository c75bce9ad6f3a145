#!/usr/bin/env bash
# Issue 12's "cron and watch at once": a loop of N one-shot scrapes (./jbang scrape.java --url file:SAMPLE, the fast
# path as cron would run it) appends to the same data directory as a watch of the simulated gateway at 1 s. Then
# every line of the day files must be one whole JSON record, the loop's records must number the scrapes that
# succeeded, and the watch's the samples its summary reports. A bench script rather than a test: 100 JVM starts take
# minutes on 2 cores. Prints the counts and "no line lost or torn" or what went wrong (exit status 1).
# Usage: bench/cron-and-watch.sh [N] (default 100). Needs: a JDK 17+, python3, curl.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
n=${1:-100}
work=$(mktemp -d "${TMPDIR:-/tmp}/cron-and-watch.XXXXXX")
gateway=
watch=
cleanup() {
  [ -n "$watch" ] && kill "$watch" 2>/dev/null
  [ -n "$gateway" ] && kill "$gateway" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
data=$work/data
sample=$root/tests/testdata/expositions/coppice-gateway-sample.prom

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
./jbang gateway --port "$port" >/dev/null 2>"$work/gateway.err" &
gateway=$!
for i in $(seq 120); do curl -fsS "http://127.0.0.1:$port/metrics" >/dev/null 2>&1 && break; sleep 0.5; done
./jbang watch.java --url "http://127.0.0.1:$port/metrics" --interval 1s --data-dir "$data" >/dev/null 2>"$work/watch.err" &
watch=$!
sleep 3

ok=0 failed=0 start=$SECONDS
for ((i = 0; i < n; i++)); do
  if ./jbang scrape.java --url "file:$sample" --data-dir "$data" >/dev/null 2>>"$work/scrape.err"; then
    ok=$((ok + 1))
  else
    failed=$((failed + 1))
  fi
done
loop_s=$((SECONDS - start))
sleep 2
kill -TERM "$watch"
wait "$watch" 2>/dev/null || true
watch=
summary=$(grep -o 'watch: [0-9]* samples.*' "$work/watch.err" | tail -1)
watched=$(echo "$summary" | grep -o '[0-9]* samples' | grep -o '[0-9]*')

python3 - "$data" "file:$sample" "$ok" "${watched:-0}" <<'PY'
import glob, gzip, json, sys
data, scrape_target, scrapes, samples = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lines = torn = from_loop = from_watch = 0
for path in sorted(glob.glob(data + "/*.jsonl")) + sorted(glob.glob(data + "/*.jsonl.gz")):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        content = f.read()
    if content and not content.endswith(b"\n"):
        torn += 1
    for line in content.splitlines():
        lines += 1
        try:
            record = json.loads(line)
        except ValueError:
            torn += 1
            continue
        if record.get("target") == scrape_target:
            from_loop += 1
        else:
            from_watch += 1
print(f"lines: {lines} ({from_loop} from the loop, {from_watch} from watch), torn: {torn}")
print(f"expected: {scrapes} from the loop (scrapes that exited 0), {samples} from watch (its summary)")
good = torn == 0 and from_loop == scrapes and from_watch == samples
print("no line lost or torn" if good else "LINES LOST OR TORN")
sys.exit(0 if good else 1)
PY
status=$?
echo "loop: $ok scrapes exited 0, $failed failed, in $loop_s s ($(awk -v s="$loop_s" -v n="$n" 'BEGIN { printf "%.2f", s / n }') s each)"
echo "watch: ${summary:-no summary}"
[ $failed -eq 0 ] || { echo "first scrape errors:"; head -5 "$work/scrape.err"; }
exit $status
