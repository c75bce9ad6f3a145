#!/usr/bin/env bash
# Bytes written to disk per tick and CPU per tick by `watch --render` (the live page), from watch's closing figures
# (its "page ...: N rewrites, X ms CPU each ..., B bytes each" line), against two targets on loopback: the simulated
# coppice gateway (./jbang gateway) and node_exporter (prometheus-node-exporter, ~500 series). Each run starts from an
# empty data folder and takes TICKS samples (default 20) at a 1 s interval. Also prints what the page's files on disk
# hold at the end. Usage: [TICKS=20] bench/live-page-bytes.sh
# Needs: build/plotly (launcher/install-plotly.sh), /usr/bin/prometheus-node-exporter, python3 (a free port).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
ticks=${TICKS:-20}
exporter=/usr/bin/prometheus-node-exporter
[ -x "$exporter" ] || { echo "live-page-bytes: $exporter missing: apt-get install -y prometheus-node-exporter" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/live-page-bytes.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 1500); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; echo "live-page-bytes: $1 never answered" >&2; exit 1; }

gateway_port=$(free_port)
./jbang gateway --port "$gateway_port" >/dev/null 2>&1 &
pids+=($!)
exporter_port=$(free_port)
"$exporter" --web.listen-address="127.0.0.1:$exporter_port" >/dev/null 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$gateway_port/metrics"
wait_for "http://127.0.0.1:$exporter_port/metrics"
./jbang watch.java --help >/dev/null   # warm JBang's build cache

for target in "gateway http://127.0.0.1:$gateway_port/metrics" "node_exporter http://127.0.0.1:$exporter_port/metrics"; do
  name=${target%% *}
  url=${target#* }
  ./jbang watch.java --url "$url" --interval 1s --count "$ticks" --data-dir "$work/$name" --render "$work/$name.html" \
    2>"$work/$name.err" >/dev/null
  figures=$(grep -o 'page .*: [0-9,]* rewrites.*' "$work/$name.err" | head -1)
  rewrites=$(sed -E 's/.*: ([0-9,]+) rewrites.*/\1/' <<< "$figures")
  cpu=$(sed -E 's/.*rewrites, ([0-9.]+) ms CPU each on average.*/\1/' <<< "$figures")
  bytes=$(sed -E 's/.* ([0-9,]+) bytes each.*/\1/' <<< "$figures")
  on_disk=$( (du -cb "$work/$name.html" "$work/${name}_files" 2>/dev/null || true) | tail -1 | cut -f1)
  printf '%-14s %s ticks: %s bytes written per tick, %s ms CPU per tick (page thread); page files at the end: %s bytes\n' \
    "$name" "$rewrites" "$bytes" "$cpu" "$on_disk"
done
