#!/usr/bin/env bash
# Node_exporter at 30 s (records generated from tests/testdata/expositions/node_exporter-1.5.0.prom by
# bench/GenerateNodeExporterDay.java, counters growing on across days), rendered with the built-in panel sets (the
# node_exporter set opens the page); prints the records' size, render's wall, CPU and peak RSS, the page's size and
# the size of its chart and panel data, and, in headless Chromium (driven over the DevTools protocol by node; a fresh
# browser and profile per run), the time until the first screen is drawn (the panel section at the top included) and
# until a family typed into the filter is drawn, RUNS times, with the medians.
# Usage: [DAYS=1] [RUNS=3] [DATA=DIR] [HEAP=2g] [PLOTLY=FILE] bench/page-node-exporter.sh [RECORDS] [FAMILY]
#   DAYS: days of records (2,880 a day) when RECORDS is not given. DATA=DIR: the day files are generated there when it
#   holds none, else read as they are, and kept. HEAP: render's heap instead of its own -Xmx512m (say so with a figure).
#   PLOTLY: another Plotly bundle to inline (default: the pinned basic bundle under build/plotly; the full plotly.min.js works too).
# Needs: GNU time (apt-get install -y time), chromium, node 20+ (its WebSocket), build/plotly (launcher/install-plotly.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
days=${DAYS:-1}
records=${1:-$((days * 2880))}
family=${2:-node_disk_read_bytes_total}
runs=${RUNS:-3}
plotly=${PLOTLY:-build/plotly/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js}
[ -x /usr/bin/time ] || { echo "page-node-exporter: /usr/bin/time missing: apt-get install -y time" >&2; exit 1; }
[ -f "$plotly" ] || { echo "page-node-exporter: $plotly missing: launcher/install-plotly.sh" >&2; exit 1; }
command -v chromium >/dev/null || { echo "page-node-exporter: chromium missing: apt-get install -y chromium" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/page-node-exporter.XXXXXX")
data=${DATA:-$work/data}
chrome_pid=
trap '[ -n "$chrome_pid" ] && kill "$chrome_pid" 2>/dev/null; rm -rf "$work"' EXIT

if [ -z "$(ls "$data"/*.jsonl 2>/dev/null | head -1)" ]; then
  echo "generating $records records into $data ..." >&2
  /usr/bin/time -v -o "$work/generate.time" ./jbang bench/GenerateNodeExporterDay.java "$data" "$records" >&2
  echo "generated in $(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/generate.time"), peak RSS" \
    "$(( $(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$work/generate.time") / 1024 )) MB" >&2
fi
lines=$(cat "$data"/*.jsonl | wc -l)
bytes=$(cat "$data"/*.jsonl | wc -c)
./jbang render.java --help >/dev/null   # warm JBang's build cache: the measured run is the render itself

heap=()
[ -n "${HEAP:-}" ] && heap=("-R-Xmx$HEAP")
load=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
JBANG_JAVA_OPTIONS= /usr/bin/time -v -o "$work/render.time" ./jbang "${heap[@]}" render.java --data-dir "$data" \
  --out "$work/page.html" --plotly "$plotly" >/dev/null 2>"$work/render.err" || status=$?
render_s=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/render.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
render_cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$work/render.time")
render_rss_kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$work/render.time")
render_line=$(printf '%s s whole process, cpu %s s (user+sys), peak RSS %d MB, heap %s, load before %s' "$render_s" \
  "$render_cpu" $((render_rss_kb / 1024)) "${HEAP:-512m, as render sets it}" "$load")
if [ "$status" -ne 0 ]; then
  echo "records:        $lines lines, $((bytes / 1000000)) MB"
  echo "render FAILED:  exit $status after $render_line"
  grep -m3 -i 'OutOfMemory\|error' "$work/render.err" | sed 's/^/                /' || tail -3 "$work/render.err"
  echo "machine:        $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB RAM, $(date -u '+%Y-%m-%d %H:%M UTC')"
  exit 1
fi
html_bytes=$(wc -c < "$work/page.html")
plotly_bytes=$(wc -c < "$plotly")

cat > "$work/measure.mjs" <<'JS'
// One run in a fresh browser: opens the page to time the first screen, then again to type FAMILY into the filter as
// soon as the page's script has run and time until that family's chart is drawn. Prints one JSON line.
const [port, url, family] = process.argv.slice(2);
const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(list.find((t) => t.type === 'page').webSocketDebuggerUrl);
await new Promise((ok) => ws.addEventListener('open', ok));
let id = 0;
const waiting = new Map();
ws.addEventListener('message', (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); }
});
const send = (method, params = {}) => new Promise((ok) => { const n = ++id; waiting.set(n, ok); ws.send(JSON.stringify({id: n, method, params})); });
const evaluate = async (expression) => (await send('Runtime.evaluate', {expression, returnByValue: true})).result?.result?.value;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
async function until(expression, limitMs = 300000) {
  const start = Date.now();
  for (;;) {
    const v = await evaluate(expression);
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() - start > limitMs) throw new Error('timed out waiting for ' + expression);
    await sleep(5);
  }
}
await send('Page.enable');
await send('Runtime.enable');
await send('Emulation.setDeviceMetricsOverride', {width: 1280, height: 900, deviceScaleFactor: 1, mobile: false});
// 1: the first screen. The page sets data-first-screen-ms once the first batch of the metric families' charts near
// the screen is drawn; the panel section sits above them and is drawn before. Both are waited for: every panel chart
// on the first screen has its plot (Plotly's SVG with its traces), and the time taken is the later of the two.
await send('Performance.enable', {timeDomain: 'timeTicks'});
await send('Page.navigate', {url});
const panelsOnScreen = `(() => { const d = Array.from(document.querySelectorAll('[data-panel-chart]'))
    .filter((e) => e.getBoundingClientRect().top < innerHeight);
  return d.every((e) => e.querySelector('.main-svg .scatterlayer') || e.parentNode.querySelector('.empty'))
    ? {at: Math.round(performance.now()), count: d.length} : null; })()`;
const first = Number(await until("document.body && document.body.getAttribute('data-first-screen-ms')"));
const panels = await until(panelsOnScreen);
// CPU the page's renderer spent until then (its main thread, and the whole process): on a busy machine the wall time
// above grows with the load, these much less.
const metrics = Object.fromEntries((await send('Performance.getMetrics')).result.metrics.map((m) => [m.name, m.value]));
const cpu = {mainThreadCpuMs: Math.round(metrics.ThreadTime * 1000), rendererCpuMs: Math.round(metrics.ProcessTime * 1000)};
const facts = await evaluate(`({drawn: Number(document.body.getAttribute('data-drawn')),
  error: document.body.getAttribute('data-render-error'),
  firstHeading: (document.querySelector('#panels h3') || {}).textContent || null,
  panelCharts: document.querySelectorAll('[data-panel-chart]').length,
  panelPoints: Array.from(document.querySelectorAll('[data-panel-chart]')).reduce((n, d) => n + (d.data || []).reduce((m, t) => m + t.x.length, 0), 0),
  panelDataBytes: (document.getElementById('panel-data') || {textContent: ''}).textContent.length,
  chartDataBytes: (document.getElementById('chart-data') || {textContent: ''}).textContent.length,
  step: (JSON.parse((document.querySelector('[data-panel-chart]') || {getAttribute: () => '[{}]'}).getAttribute('data-queries'))[0] || {}).step})`);
const timing = await evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0];
  return {responseEnd: Math.round(n.responseEnd), domInteractive: Math.round(n.domInteractive)}; })()`);
// 2: open again, type the family as soon as the page's script has run, wait for its chart.
await send('Page.navigate', {url: 'about:blank'});
await sleep(200);
await send('Page.navigate', {url});
await until("document.readyState !== 'loading' && !!document.getElementById('filter') && typeof Plotly !== 'undefined'");
await evaluate(`(() => { const i = document.getElementById('filter'); i.value = ${JSON.stringify(family)};
  i.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`);
const filterDrawn = await until(`(() => { const f = Array.from(document.querySelectorAll('.family')).find((e) => e.querySelector('h3').textContent === ${JSON.stringify(family)});
  const c = f && f.querySelector('[data-chart]'); return c && c.hasAttribute('data-traces') ? Math.round(performance.now()) : null; })()`);
console.log(JSON.stringify({firstScreen: Math.max(first, panels.at), dataFirstScreenMs: first, panelsOnScreenDrawnAt: panels.at,
  panelsOnScreen: panels.count, ...cpu, ...timing, ...facts, filterDrawn}));
ws.close();
JS

: > "$work/runs.jsonl"
for run in $(seq 1 "$runs"); do
  profile="$work/profile-$run"
  mkdir -p "$profile"
  run_load=$(cut -d' ' -f1-3 /proc/loadavg)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --remote-debugging-port=0 --window-size=1280,900 \
    about:blank >/dev/null 2>&1 &
  chrome_pid=$!
  for _ in $(seq 1 300); do [ -s "$profile/DevToolsActivePort" ] && break; sleep 0.1; done
  port=$(head -1 "$profile/DevToolsActivePort")
  result=$(node --experimental-websocket --no-warnings "$work/measure.mjs" "$port" "file://$work/page.html" "$family")
  kill "$chrome_pid" 2>/dev/null || true
  wait "$chrome_pid" 2>/dev/null || true
  chrome_pid=
  echo "$result" >> "$work/runs.jsonl"
  echo "chromium run $run (load before $run_load): $result"
done
medians=$(node -e '
  const runs = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  console.log(`first screen ${median("firstScreen")} ms (runs: ${runs.map((r) => r.firstScreen).join(", ")}), main-thread CPU until then`
    + ` ${median("mainThreadCpuMs")} ms (renderer process ${median("rendererCpuMs")} ms), filter drawn ${median("filterDrawn")} ms`);
' "$work/runs.jsonl")

echo
echo "records:        $lines lines, $((bytes / 1000000)) MB in $(ls "$data"/*.jsonl | wc -l) day files"
echo "render summary: $(tail -1 "$work/render.err")"
echo "render:         $render_line"
printf 'page:           %d bytes (%.2f MB) with Plotly inlined (%d bytes of it %s)\n' "$html_bytes" \
  "$(echo "$html_bytes / 1000000" | bc -l)" "$plotly_bytes" "$(basename "$plotly")"
echo "chromium:       medians of $runs runs: $medians"
echo "                first screen = ms from navigation start until the page's data-first-screen-ms was set and every"
echo "                panel chart on the first screen (1280 x 900) had its plot, whichever came later;"
echo "                main-thread CPU = CPU time of the page's renderer main thread from its start until the first screen;"
echo "                filter drawn = ms from navigation start until '$family', typed into the filter once the script ran, was drawn"
echo "machine:        $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
