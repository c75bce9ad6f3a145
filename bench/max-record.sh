#!/usr/bin/env bash
# The largest record each tool handles, by shape: for each worst shape of a body within --max-bytes (default 16 MiB),
# writes the exposition, runs `watch --count 1` on it, then `render` and `export` on the day file watch wrote, and
# prints per tool: ok or what failed (OutOfMemoryError, the scrape's refusal, ...), wall time, peak RSS and, with
# HEAPS set, the smallest of those heaps (-Xmx) with which the tool still succeeds. Figures only, no pass/fail.
#
# Shapes (each as large as --max-bytes and the scrape's bounds allow: one series per 32 bytes, one metric name per
# 1024 bytes, i.e. 524,288 series and 16,384 names at 16 MiB; the next series or name would be refused at scrape time):
#   tiny        a{i="1"} 1, a{i="2"} 1, ...: the most series per byte
#   families    f1 1, f2 1, ... each with its # TYPE line: the most metric families (each a chart)
#   labels      series of 30 labels each: the longest series keys
#   histograms  histograms of 12 buckets with _sum and _count: the most histogram families
#
# Usage: bench/max-record.sh [SHAPE ...] (default: all four); MIB=16 sets the body size, HEAPS="128m 256m 512m 1g 2g"
# the heaps tried. Needs python3 and GNU time (apt-get install -y time).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
[ -x /usr/bin/time ] || { echo "max-record: /usr/bin/time missing: apt-get install -y time" >&2; exit 1; }
shapes=("$@"); [ ${#shapes[@]} -gt 0 ] || shapes=(tiny families labels histograms)
mib=${MIB:-16}
heaps=(${HEAPS:-})
work=$(mktemp -d "${TMPDIR:-/tmp}/max-record.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One tool run: sets $status to "ok" or the first error line; prints nothing.
run_tool() {
  status=ok
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || status=failed
  if grep -q "OutOfMemoryError" "$work/err"; then status="OutOfMemoryError"
  elif grep -qi "is down\|NOT WRITTEN\|malformed" "$work/err"; then status="refused: $(grep -im1 'is down\|NOT WRITTEN\|malformed' "$work/err" | cut -c1-110)"
  elif [ "$status" = failed ]; then status="failed: $(grep -v '^\s*at ' "$work/err" | tail -1 | cut -c1-110)"; fi
}

# A tool at its default heap, then (with HEAPS) the smallest heap that still succeeds.
measure() {
  local name=$1 script=$2; shift 2
  run_tool ./jbang "$script" "$@"
  read -r secs rss_kb < <(tail -1 "$work/time")
  local needs=""
  if [ ${#heaps[@]} -gt 0 ] && [ "$status" = ok ]; then
    needs="needs more than ${heaps[-1]}"
    for heap in "${heaps[@]}"; do
      local saved=$status
      run_tool ./jbang "-R-Xmx$heap" "$script" "$@"
      if [ "$status" = ok ]; then needs="needs -Xmx$heap"; status=$saved; break; fi
      status=$saved
    done
  fi
  printf '  %-7s %-70s %6.1f s  peak RSS %5d MB  %s\n' "$name" "$status" "$secs" $((rss_kb / 1024)) "$needs"
}

./jbang watch.java --help >/dev/null; ./jbang render.java --help >/dev/null; ./jbang export.java --help >/dev/null
echo "max-record: $(date -u +%F), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);" \
     "body ${mib} MiB (--max-bytes), default heaps: watch 2g, render 512m, export 2g"
for shape in "${shapes[@]}"; do
  python3 - "$work/body.prom" "$mib" "$shape" <<'PY'
import sys
path, mib, shape = sys.argv[1], float(sys.argv[2]), sys.argv[3]
limit = int(mib * 1048576) - 64
max_series = int(mib * 1048576) // 32
max_names = int(mib * 1048576) // 1024
out, size, series, names = [], 0, 0, 0
def add(text, n, new_names):
    global size, series, names
    if size + len(text) > limit or series + n > max_series or names + new_names > max_names: return False
    out.append(text); size += len(text); series += n; names += new_names; return True
i = 0
while True:
    if shape == "tiny":
        ok = add('a{i="%d"} 1\n' % i, 1, 1 if i == 0 else 0)
    elif shape == "families":
        ok = add("# TYPE f%d gauge\nf%d 1\n" % (i, i), 1, 1)
    elif shape == "labels":
        labels = ",".join('l%02d="v%d_%02d"' % (k, i, k) for k in range(30))
        ok = add("m{%s} %d\n" % (labels, i), 1, 1 if i == 0 else 0)
    elif shape == "histograms":
        text = "# TYPE h%d histogram\n" % i
        for le in ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]:
            text += 'h%d_bucket{le="%s"} %d\n' % (i, le, i)
        text += "h%d_sum %d\nh%d_count %d\n" % (i, i, i, i)
        ok = add(text, 14, 3)
    else:
        sys.exit("unknown shape " + shape)
    if not ok: break
    i += 1
open(path, "w").write("".join(out))
print(f"{shape}: body of {size:,} bytes, {series:,} series, {names:,} metric names", file=sys.stderr)
PY
  rm -rf "$work/data" "$work/probe"
  echo "$shape ($(wc -c <"$work/body.prom") bytes):"
  measure watch watch.java --url "file:$work/body.prom" --count 1 --data-dir "$work/probe"
  ./jbang watch.java --url "file:$work/body.prom" --count 1 --data-dir "$work/data" >/dev/null 2>&1 || true
  line_mb=$(cat "$work"/data/*.jsonl 2>/dev/null | wc -c | awk '{printf "%.1f", $1/1048576}')
  echo "  (record line: ${line_mb} MiB)"
  measure render render.java --data-dir "$work/data" --out "$work/page.html"
  measure export export.java --data-dir "$work/data" --out "$work/export.txt"
done
