#!/usr/bin/env bash
# Renders a synthetic year of 30-second coppice scrapes and prints, side by side: render's whole-process time and
# peak RSS with -Xmx512m, a bare python3 json.loads pass over the same files, their ratio, the page's size, and the
# time headless Chromium needs to draw it. Usage: [DATA=DIR] [RUNS=1] bench/render-year.sh [DAYS] (default 365).
# DATA=DIR renders day files generated before (generated there when DIR is empty or missing, and kept); RUNS=N renders
# N times, as users run it (render's own JVM options), each run's wall, CPU and peak RSS printed with the load average.
# Needs: python3, GNU time (apt-get install -y time), chromium and build/plotly (see README) for the draw time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
days=${1:-365}
[ -x /usr/bin/time ] || { echo "render-year: /usr/bin/time missing: apt-get install -y time" >&2; exit 1; }
runs=${RUNS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/render-year.XXXXXX")
trap 'rm -rf "$work"' EXIT
data=${DATA:-$work/data}

if [ -z "$(ls "$data"/*.jsonl 2>/dev/null | head -1)" ]; then
  echo "generating $days days of records into $data ..." >&2
  ./jbang bench/GenerateYear.java --out "$data" --days "$days" >&2
fi
lines=$(cat "$data"/*.jsonl | wc -l)
bytes=$(cat "$data"/*.jsonl | wc -c)

# Warm JBang's build cache so the measured run is the render itself.
./jbang render.java --help >/dev/null 2>&1; ./jbang render.java --help >/dev/null

seconds() { awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: > "$work/runs"
for run in $(seq 1 "$runs"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  JBANG_JAVA_OPTIONS= /usr/bin/time -v -o "$work/render.time" \
    ./jbang render.java --data-dir "$data" --out "$work/page.html" >/dev/null 2>"$work/render.err"
  wall=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/render.time" | seconds)
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$work/render.time")
  rss_kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$work/render.time")
  echo "$wall $cpu $rss_kb" >> "$work/runs"
  printf 'render run %d:   %s s wall, cpu %s s (user+sys), peak RSS %d MB, load before %s, %s\n' "$run" "$wall" "$cpu" \
    $((rss_kb / 1024)) "$load" "$(date -u +%H:%M:%S)" >&2
done
render_s=$(cut -d' ' -f1 "$work/runs" | median)
render_cpu=$(cut -d' ' -f2 "$work/runs" | median)
render_rss_kb=$(cut -d' ' -f3 "$work/runs" | median)

cat > "$work/baseline.py" <<'PY'
import glob, json, sys, time
start = time.perf_counter()
n = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    with open(path, "rb") as f:
        for line in f:
            json.loads(line)
            n += 1
print(f"{time.perf_counter() - start:.2f} {n}")
PY
/usr/bin/time -v -o "$work/python.time" python3 "$work/baseline.py" "$data" > "$work/python.out"
python_s=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/python.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')

html_bytes=$(wc -c < "$work/page.html")
draw="skipped (no chromium or build/plotly)"
plotly=build/plotly/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js
if command -v chromium >/dev/null && [ -f "$plotly" ]; then
  ./jbang render.java --data-dir "$data" --out "$work/page-local.html" --plotly "$plotly" >/dev/null 2>&1
  profile=$(mktemp -d "$work/profile.XXXXXX")
  start=$(date +%s.%N)
  timeout 300 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --virtual-time-budget=60000 \
    --dump-dom "file://$work/page-local.html" > "$work/dom.html" 2>/dev/null
  end=$(date +%s.%N)
  drawn=$(grep -o 'data-draw-ms="[0-9]*"' "$work/dom.html" | grep -o '[0-9]*' || echo "?")
  error=$(grep -o 'data-render-error="[^"]*"' "$work/dom.html" || true)
  draw=$(printf '%s ms inside the page (Plotly.newPlot of every chart); %.1f s for the whole chromium run%s' \
    "$drawn" "$(echo "$end - $start" | bc)" "${error:+; ERROR $error}")
fi

echo
echo "records:        $lines lines, $((bytes / 1000000)) MB in $(ls "$data" | wc -l) day files in $data"
echo "render summary: $(tail -1 "$work/render.err")"
printf 'render:         %s s whole process, cpu %s s, peak RSS %d MB (medians of %d runs; render'"'"'s JVM options, -Xmx512m)\n' \
  "$render_s" "$render_cpu" $((render_rss_kb / 1024)) "$runs"
printf 'python json:    %s s (json.loads of every line, nothing else)\n' "$python_s"
printf 'ratio:          render takes %.2f x the python pass\n' "$(echo "$render_s / $python_s" | bc -l)"
plotly_from=inlined; grep -q 'src="https://cdn.plot.ly/' "$work/page.html" && plotly_from="from its CDN"
printf 'page:           %d bytes (%.2f MB), Plotly %s\n' "$html_bytes" "$(echo "$html_bytes / 1000000" | bc -l)" "$plotly_from"
echo "draw:           $draw"
echo "machine:        $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
