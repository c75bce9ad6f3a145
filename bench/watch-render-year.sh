#!/usr/bin/env bash
# watch --render on a year of coppice history: generates a synthetic year of 30-second scrapes (bench/GenerateYear.java,
# ending at today's UTC midnight), starts the simulated gateway, runs watch --render --interval 1s with -Xmx512m for
# TICKS samples and prints: the time to build the page's state at start (history read + first page), the same
# history through one render, CPU ms per tick spent on the page (state update + snapshot + write, measured on the
# page's thread), bytes written per tick, peak heap and peak RSS.
# Usage: bench/watch-render-year.sh [DAYS] [TICKS] (defaults 365 and 300, i.e. 5 minutes).
# Needs: python3, GNU time (apt-get install -y time). DATA=DIR reuses a copy of GenerateYear's day files (the run appends
# to a copy, never to DIR).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
days=${1:-365}
ticks=${2:-300}
[ -x /usr/bin/time ] || { echo "watch-render-year: /usr/bin/time missing: apt-get install -y time" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/watch-render-year.XXXXXX")
gateway_pid=
cleanup() { [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

if [ -n "${DATA:-}" ]; then
  cp -r "$DATA" "$work/data"
else
  start=$(date -u -d "-$days days" +%Y-%m-%dT00:00:00Z)
  echo "generating $days days of records from $start into $work/data ..." >&2
  ./jbang bench/GenerateYear.java --out "$work/data" --days "$days" --start "$start" >&2
fi
lines=$(cat "$work"/data/*.jsonl | wc -l)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
./jbang gateway --port "$port" > "$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 600); do grep -q Serving "$work/gateway.log" && break; sleep 0.2; done

# Warm JBang's build cache so the measured runs are the programs themselves.
./jbang -R-Xmx512m render.java --help >/dev/null 2>&1; ./jbang -R-Xmx512m watch.java --help >/dev/null 2>&1

# Plotly as by default: the local copy inlined when launcher/install-plotly.sh installed it, else the CDN URL.
/usr/bin/time -v -o "$work/render.time" ./jbang -R-Xmx512m render.java --data-dir "$work/data" --out "$work/render.html" \
  >/dev/null 2>"$work/render.err"
/usr/bin/time -v -o "$work/watch.time" ./jbang -R-Xmx512m watch.java --url "http://127.0.0.1:$port/metrics" --interval 1s \
  --count "$ticks" --data-dir "$work/data" --render "$work/page.html" >/dev/null 2>"$work/watch.err"

rss() { sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$1"; }
page_line=$(grep '^watch: page .*rewrites' "$work/watch.err" || echo "watch: page: no figures (see $work/watch.err)")
history_line=$(grep '^watch: page .* live' "$work/watch.err" | sed 's/^watch: page [^ ]* //')
echo
echo "records:      $lines lines of history in $(ls "$work"/data | wc -l) day files; $ticks ticks at 1s against the simulated gateway"
echo "render:       $(tail -1 "$work/render.err"); peak RSS $(( $(rss "$work/render.time") / 1024 )) MB (-Xmx512m)"
echo "watch start:  $history_line"
echo "per tick:     ${page_line#watch: }"
echo "watch:        $(grep '^watch: [0-9]* samples' "$work/watch.err" || true); peak RSS $(( $(rss "$work/watch.time") / 1024 )) MB (-Xmx512m)"
echo "machine:      $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
