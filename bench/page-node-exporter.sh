#!/usr/bin/env bash
# A day of node_exporter at 30 s (2,880 records generated from tests/testdata/expositions/node_exporter-1.5.0.prom by
# bench/GenerateNodeExporterDay.java), rendered; prints the page's size, render's time, and in headless Chromium
# (driven over the DevTools protocol by node) the time until the first screen of charts is drawn and until a family
# typed into the filter is drawn, RUNS times (default 3; medians printed). Usage: [RUNS=3] bench/page-node-exporter.sh [RECORDS] [FAMILY]
# Needs: GNU time (apt-get install -y time), chromium, node 20+ (its WebSocket), build/plotly (launcher/install-plotly.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
records=${1:-2880}
family=${2:-node_disk_read_bytes_total}
runs=${RUNS:-3}
plotly=build/plotly/node_modules/plotly.js-dist-min/plotly.min.js
[ -x /usr/bin/time ] || { echo "page-node-exporter: /usr/bin/time missing: apt-get install -y time" >&2; exit 1; }
[ -f "$plotly" ] || { echo "page-node-exporter: $plotly missing: launcher/install-plotly.sh" >&2; exit 1; }
command -v chromium >/dev/null || { echo "page-node-exporter: chromium missing: apt-get install -y chromium" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/page-node-exporter.XXXXXX")
chrome_pid=
trap '[ -n "$chrome_pid" ] && kill "$chrome_pid" 2>/dev/null; rm -rf "$work"' EXIT

echo "generating $records records into $work/data ..." >&2
./jbang bench/GenerateNodeExporterDay.java "$work/data" "$records" >&2
lines=$(cat "$work"/data/*.jsonl | wc -l)
bytes=$(cat "$work"/data/*.jsonl | wc -c)
./jbang render.java --help >/dev/null   # warm JBang's build cache: the measured run is the render itself

JBANG_JAVA_OPTIONS= /usr/bin/time -v -o "$work/render.time" \
  ./jbang render.java --data-dir "$work/data" --out "$work/page.html" >/dev/null 2>"$work/render.err"
render_s=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/render.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
render_rss_kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$work/render.time")
html_bytes=$(wc -c < "$work/page.html")
./jbang render.java --data-dir "$work/data" --out "$work/page-local.html" --plotly "$plotly" >/dev/null 2>&1
local_bytes=$(wc -c < "$work/page-local.html")

profile="$work/profile"
mkdir -p "$profile"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --remote-debugging-port=0 --window-size=1280,900 \
  about:blank >/dev/null 2>&1 &
chrome_pid=$!
for _ in $(seq 1 300); do [ -s "$profile/DevToolsActivePort" ] && break; sleep 0.1; done
port=$(head -1 "$profile/DevToolsActivePort")

cat > "$work/measure.mjs" <<'JS'
// RUNS times, opens the page twice in one tab: once to time the first screen of charts, once to type FAMILY into the
// filter as soon as the page's script has run and time until that family's chart is drawn. Prints each run and the
// medians (one run on a busy machine says little).
const [port, url, family, repeat] = process.argv.slice(2);
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
async function until(expression, limitMs = 120000) {
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
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = [];
for (let run = 0; run < Number(repeat); run++) {
  // 1: the first screen.
  await send('Page.navigate', {url: 'about:blank'});
  await sleep(200);
  await send('Page.navigate', {url});
  const first = await until("document.body && document.body.getAttribute('data-first-screen-ms')");
  const drawn = await evaluate("document.body.getAttribute('data-drawn')");
  const error1 = await evaluate("document.body.getAttribute('data-render-error')");
  // 2: open again, type the family as soon as the page's script has run, wait for its chart.
  await send('Page.navigate', {url: 'about:blank'});
  await sleep(200);
  await send('Page.navigate', {url});
  await until("document.readyState !== 'loading' && !!document.getElementById('filter') && document.body.hasAttribute('data-filter') === false && typeof Plotly !== 'undefined'");
  const typed = `(() => { const i = document.getElementById('filter'); i.value = ${JSON.stringify(family)};
    i.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`;
  await evaluate(typed);
  const drawnAt = await until(`(() => { const f = Array.from(document.querySelectorAll('.family')).find((e) => e.querySelector('h3').textContent === ${JSON.stringify(family)});
    const c = f && f.querySelector('[data-chart]'); return c && c.hasAttribute('data-traces') ? Math.round(performance.now()) : null; })()`);
  const shown = await evaluate("Array.from(document.querySelectorAll('[data-chart]')).filter((e) => e.getClientRects().length > 0).length");
  const error2 = await evaluate("document.body.getAttribute('data-render-error')");
  runs.push({first: Number(first), drawnAtFirst: Number(drawn), filterDrawn: drawnAt, shownAfterFilter: shown, error: error1 || error2 || null});
}
console.log(JSON.stringify({runs, medianFirst: median(runs.map((r) => r.first)), medianFilterDrawn: median(runs.map((r) => r.filterDrawn))}));
ws.close();
JS
result=$(node --experimental-websocket --no-warnings "$work/measure.mjs" "$port" "file://$work/page-local.html" "$family" "$runs")
kill "$chrome_pid" 2>/dev/null || true
chrome_pid=

echo
echo "records:        $lines lines, $((bytes / 1000000)) MB"
echo "render summary: $(tail -1 "$work/render.err")"
printf 'render:         %s s whole process, peak RSS %d MB\n' "$render_s" $((render_rss_kb / 1024))
printf 'page:           %d bytes (%.2f MB) with Plotly from its CDN; %.2f MB with Plotly inlined\n' "$html_bytes" \
  "$(echo "$html_bytes / 1000000" | bc -l)" "$(echo "$local_bytes / 1000000" | bc -l)"
echo "chromium:       $result"
echo "                medians of $runs runs; first = ms from navigation start until the first screen's charts were drawn (page's data-first-screen-ms);"
echo "                filterDrawn = ms from navigation start until '$family', typed into the filter once the script ran, was drawn"
echo "machine:        $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
