#!/usr/bin/env bash
# Issue 14 section 4: the largest record each tool handles with its default JVM options (the scripts' //JAVA_OPTIONS).
# For each body size (MiB), writes a worst-case exposition (short series, ~26 bytes each: the most series per byte),
# runs `watch --count 1` on it, then `render` and `export` on the day file watch wrote, and prints per tool: ok or
# what failed (OutOfMemoryError, a refused line, ...), wall time and peak RSS. Figures only, no pass/fail.
# Usage: bench/max-record.sh [SIZE_MIB ...] (default: 4 16 32 64). Needs python3 and GNU time (apt-get install -y time).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
[ -x /usr/bin/time ] || { echo "max-record: /usr/bin/time missing: apt-get install -y time" >&2; exit 1; }
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(4 16 32 64)
work=$(mktemp -d "${TMPDIR:-/tmp}/max-record.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One tool run: prints "ok" or the first error line, then seconds and peak RSS.
measure() {
  local name=$1; shift
  local status=ok
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || status=failed
  if grep -q "OutOfMemoryError" "$work/err"; then status="OutOfMemoryError"
  elif grep -qi "malformed\|NOT WRITTEN\|up=0" "$work/err"; then status="refused: $(grep -im1 'malformed\|NOT WRITTEN\|up=0' "$work/err" | cut -c1-120)"
  elif [ "$status" = failed ]; then status="failed: $(grep -v '^\s*at ' "$work/err" | tail -1 | cut -c1-120)"; fi
  read -r secs rss_kb < <(tail -1 "$work/time")
  printf '  %-7s %-60s %6.1f s  peak RSS %5d MB\n' "$name" "$status" "$secs" $((rss_kb / 1024))
}

./jbang watch.java --help >/dev/null; ./jbang render.java --help >/dev/null; ./jbang export.java --help >/dev/null
echo "max-record: $(date -u +%F), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); default --max-bytes 64MiB"
for mib in "${sizes[@]}"; do
  python3 - "$work/body.prom" "$mib" <<'PY'
import sys
path, limit = sys.argv[1], int(float(sys.argv[2]) * 1048576) - 64
with open(path, "w") as f:
    size = i = 0
    while True:
        line = 'req{p="/p%d"} %d\n' % (i, i)
        if size + len(line) > limit: break
        f.write(line); size += len(line); i += 1
print(f"body of {size} bytes, {i} series", file=sys.stderr)
PY
  rm -rf "$work/data"
  echo "${mib} MiB body ($(wc -l <"$work/body.prom") series):"
  measure watch ./jbang watch.java --url "file:$work/body.prom" --count 1 --data-dir "$work/data"
  line_mb=$(cat "$work"/data/*.jsonl 2>/dev/null | wc -c | awk '{printf "%.1f", $1/1048576}')
  echo "  (record line: ${line_mb} MiB)"
  measure render ./jbang render.java --data-dir "$work/data" --out "$work/page.html"
  measure export ./jbang export.java --data-dir "$work/data" --out "$work/export.txt"
done
