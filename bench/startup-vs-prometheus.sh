#!/usr/bin/env bash
# Issue 12's benchmark, one command: start-up and footprint of the scripts next to Prometheus's own tools, in one run.
# Prints medians of paired runs (each round runs every contender once, in turn) and ratios:
#   1. ./jbang scrape.java --url file:F --stdout (fast path with AppCDS as users get it; fast path without AppCDS;
#      plain JBang, COPPICE_FAST_PATH=0) vs promtool check metrics < F vs Python's prometheus_client parser,
#      on the coppice sample and node_exporter 1.5.0's exposition (tests/testdata/expositions);
#   2. the same on the 24 MB exposition (bench/GenerateExposition.java);
#   3. ./jbang scrape.java --help;
#   4. watch.java vs Debian's Prometheus, both scraping the simulated gateway (sim/SimulateGateway.java) every 1 s:
#      RSS from /proc (median and peak of 5 s samples) and CPU ms per scrape, after a warm-up; beside them a second
#      watch with --watch-opts added to its JVM options (default "-Xmx160m", the smallest heap the heap rule accepts);
#   5. render.java of 30 days vs a python3 json.loads pass over the same files, with peak RSS; then a year
#      (bench/render-year.sh).
# Wall times are medians; "cpu" is user+sys of the process tree (GNU time), which a busy machine disturbs less.
#
# Usage: bench/startup-vs-prometheus.sh [--runs N] [--big-runs N] [--warmup SECONDS] [--duration SECONDS]
#                                       [--year-days N] [--watch-opts 'JVM OPTIONS'] [--quick]
#   defaults: --runs 7 --big-runs 3 --warmup 60 --duration 300 --year-days 365 (15 to 30 minutes on 2 cores);
#   --quick: --runs 3 --big-runs 1 --warmup 5 --duration 20 --year-days 30.
# Needs: a JDK 17+, GNU time and bc, promtool and prometheus (Debian package prometheus), python3 with
# prometheus_client (Debian package python3-prometheus-client), curl. Prints figures only, no pass/fail.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

runs=7 big_runs=3 warmup=60 duration=300 year_days=365
# A second watch runs beside the first with these JVM options added (JBang's -R), to compare settings in one window.
# Default: the smallest heap watch's heap rule accepts at the default --max-bytes (48 MiB + 6 x 16 MiB).
watch_opts="-Xmx160m"
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --big-runs) big_runs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --year-days) year_days=$2; shift 2 ;;
    --watch-opts) watch_opts=$2; shift 2 ;;
    --quick) runs=3 big_runs=1 warmup=5 duration=20 year_days=30; shift ;;
    *) echo "usage: bench/startup-vs-prometheus.sh [--runs N] [--big-runs N] [--warmup S] [--duration S] [--year-days N] [--quick]" >&2; exit 2 ;;
  esac
done

python=python3
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null && python=/usr/bin/python3
for tool in promtool prometheus curl bc; do
  command -v $tool >/dev/null || { echo "startup-vs-prometheus: $tool not found (apt-get install prometheus curl bc)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "startup-vs-prometheus: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
$python -c 'import prometheus_client' 2>/dev/null \
  || { echo "startup-vs-prometheus: python3 lacks prometheus_client (apt-get install python3-prometheus-client)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/startup-vs-prometheus.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
unset COPPICE_FAST_PATH COPPICE_APPCDS

coppice=tests/testdata/expositions/coppice-gateway-sample.prom
node=tests/testdata/expositions/node_exporter-1.5.0.prom
big=$work/big.prom
parse_py='import sys
from prometheus_client.parser import text_string_to_metric_families
n = sum(len(f.samples) for f in text_string_to_metric_families(sys.stdin.read()))'

# Runs "$@" once; appends "wall-seconds cpu-seconds peak-RSS-KB exit" to $work/$label.
sample() {
  local label=$1 start end
  shift
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M %x' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
  end=$EPOCHREALTIME
  local u s m x
  read -r u s m x < <(tail -1 "$work/time")
  # promtool check metrics exits 3 for lint findings (the coppice sample has some): it did parse.
  [ "$x" = 0 ] || { [ "$x" = 3 ] && [[ $label == *promtool ]]; } || echo "warning: $label exited $x: $(head -c 300 "$work/stderr")" >&2
  echo "$(echo "$end - $start" | bc) $(echo "$u + $s" | bc) $m $x" >> "$work/$label"
}
# Median of column $2 of file $1.
median() { awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# Prints a table row: label, median wall, ratio to the reference label's median wall, median cpu, median peak RSS.
row() {
  local label=$1 ref=$2
  awk -v l="$3" -v t="$(median "$work/$label" 1)" -v r="$(median "$work/$ref" 1)" -v c="$(median "$work/$label" 2)" \
      -v m="$(median "$work/$label" 3)" \
      'BEGIN { printf "  %-44s %7.3f s  %6.2f x  cpu %6.3f s  peak RSS %6.1f MB\n", l, t, t / r, c, m / 1024 }'
}

# Paired rounds: each contender once per round, the order rotating so none always runs on a warmer machine.
compare() { # prefix rounds file [scrape options...]
  local prefix=$1 rounds=$2 file=$3 i j
  local extra=("${@:4}")
  local labels=(promtool python fast nocds jbang)
  for ((i = 0; i < rounds; i++)); do
    for ((j = 0; j < ${#labels[@]}; j++)); do
      local k=$(((i + j) % ${#labels[@]}))
      case ${labels[k]} in
        promtool) sample "$prefix.promtool" bash -c 'exec promtool check metrics <"$1"' _ "$file" ;;
        python) sample "$prefix.python" bash -c 'exec "$1" -c "$2" <"$3"' _ "$python" "$parse_py" "$file" ;;
        fast) sample "$prefix.fast" ./jbang scrape.java --url "file:$file" --stdout "${extra[@]}" ;;
        nocds) sample "$prefix.nocds" env COPPICE_APPCDS=0 ./jbang scrape.java --url "file:$file" --stdout "${extra[@]}" ;;
        jbang) sample "$prefix.jbang" env COPPICE_FAST_PATH=0 ./jbang scrape.java --url "file:$file" --stdout "${extra[@]}" ;;
      esac
    done
  done
  row "$prefix.promtool" "$prefix.promtool" "promtool check metrics"
  row "$prefix.python" "$prefix.promtool" "python prometheus_client parser"
  row "$prefix.fast" "$prefix.promtool" "./jbang scrape.java (fast path + AppCDS)"
  row "$prefix.nocds" "$prefix.promtool" "  same, COPPICE_APPCDS=0"
  row "$prefix.jbang" "$prefix.promtool" "  same, COPPICE_FAST_PATH=0 (JBang each run)"
}

echo "== issue 12 benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MB RAM"
echo "== $(java -version 2>&1 | head -1); $(promtool --version 2>&1 | head -1 | cut -d' ' -f1-3); python $($python -c 'import sys, prometheus_client; print(sys.version.split()[0], "prometheus_client", getattr(prometheus_client, "__version__", "0.16"))' 2>/dev/null || echo ?)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); ratios are to promtool's median wall time"

# Warm-up: JBang builds, fast-path entries and AppCDS archives exist before anything is timed (two runs: the first
# run of an entry writes the archive, the next call puts it in place).
./jbang bench/GenerateExposition.java "$big" >&2
for i in 1 2; do
  ./jbang scrape.java --url "file:$coppice" --stdout >/dev/null
  ./jbang scrape.java --help >/dev/null
  ./jbang watch.java --help >/dev/null
  ./jbang gateway --help >/dev/null
  ./jbang render.java --help >/dev/null
  COPPICE_FAST_PATH=0 ./jbang scrape.java --help >/dev/null
done

echo
echo "-- 1. one-shot scrape of a small exposition, median of $runs paired runs"
echo " coppice gateway sample ($(stat -c %s "$coppice") bytes)"
compare small "$runs" "$coppice"
echo " node_exporter 1.5.0 ($(stat -c %s "$node") bytes)"
compare node "$runs" "$node"

echo
echo "-- 2. the 24 MB exposition ($(stat -c %s "$big") bytes, $(grep -vc '^#' "$big") series), median of $big_runs paired runs"
compare big "$big_runs" "$big" --max-bytes 64MiB  # over the default 16 MiB limit

echo
echo "-- 3. ./jbang scrape.java --help, median of $runs runs"
for ((i = 0; i < runs; i++)); do
  sample help ./jbang scrape.java --help
  sample help.jbang env COPPICE_FAST_PATH=0 ./jbang scrape.java --help
done
row help help "./jbang scrape.java --help (fast path)"
row help.jbang help "  same, COPPICE_FAST_PATH=0"

echo
echo "-- 4. watch vs Prometheus, both scraping the simulated gateway every 1 s: ${warmup} s warm-up, ${duration} s measured"
free_port() { $python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
gw_port=$(free_port)
./jbang gateway --port "$gw_port" >/dev/null 2>"$work/gateway.err" &
pids+=($!)
for i in $(seq 120); do curl -fsS "http://127.0.0.1:$gw_port/metrics" >/dev/null 2>&1 && break; sleep 0.5; done
./jbang watch.java --url "http://127.0.0.1:$gw_port/metrics" --interval 1s --data-dir "$work/watch-data" \
  >/dev/null 2>"$work/watch.err" &
watch_pid=$!
pids+=($watch_pid)
watch_R=()
for opt in $watch_opts; do watch_R+=("-R$opt"); done
./jbang "${watch_R[@]}" watch.java --url "http://127.0.0.1:$gw_port/metrics" --interval 1s --data-dir "$work/watch2-data" \
  >/dev/null 2>"$work/watch2.err" &
watch2_pid=$!
pids+=($watch2_pid)
prom_port=$(free_port)
cat > "$work/prometheus.yml" <<EOF
global: {scrape_interval: 1s, scrape_timeout: 1s}
scrape_configs:
  - job_name: coppice
    static_configs: [{targets: ['127.0.0.1:$gw_port']}]
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom-data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=error >/dev/null 2>"$work/prometheus.err" &
prom_pid=$!
pids+=($prom_pid)
sleep "$warmup"
# CPU seconds (user+sys, clock ticks) of a process and its threads; RSS in KB.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# Scrapes done so far: watch's records (one line per sample), Prometheus's own counter of scrapes of the target.
watch_scrapes() { cat "$work/$1"/*.jsonl 2>/dev/null | wc -l; }
prom_scrapes() {
  curl -fsS "http://127.0.0.1:$prom_port/metrics" \
    | awk 'index($0, "prometheus_target_interval_length_seconds_count{interval=\"1s\"} ") == 1 {n = $2} END {print n + 0}'
}
w_cpu0=$(cpu_ticks $watch_pid) p_cpu0=$(cpu_ticks $prom_pid) w_n0=$(watch_scrapes watch-data) p_n0=$(prom_scrapes)
v_cpu0=$(cpu_ticks $watch2_pid) v_n0=$(watch_scrapes watch2-data)
: > "$work/rss.watch"; : > "$work/rss.prom"; : > "$work/rss.watch2"
end=$((SECONDS + duration))
while [ $SECONDS -lt $end ]; do
  rss_kb $watch_pid >> "$work/rss.watch"; rss_kb $prom_pid >> "$work/rss.prom"; rss_kb $watch2_pid >> "$work/rss.watch2"
  sleep 5
done
w_cpu1=$(cpu_ticks $watch_pid) p_cpu1=$(cpu_ticks $prom_pid) w_n1=$(watch_scrapes watch-data) p_n1=$(prom_scrapes)
v_cpu1=$(cpu_ticks $watch2_pid) v_n1=$(watch_scrapes watch2-data)
tick=$(getconf CLK_TCK)
awk -v wc=$((w_cpu1 - w_cpu0)) -v pc=$((p_cpu1 - p_cpu0)) -v wn=$((w_n1 - w_n0)) -v pn="$(echo "$p_n1 - $p_n0" | bc)" -v hz="$tick" \
    -v wm="$(sort -n "$work/rss.watch" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')" -v wx="$(sort -n "$work/rss.watch" | tail -1)" \
    -v vc=$((v_cpu1 - v_cpu0)) -v vn=$((v_n1 - v_n0)) \
    -v vm="$(sort -n "$work/rss.watch2" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')" -v vx="$(sort -n "$work/rss.watch2" | tail -1)" \
    -v pm="$(sort -n "$work/rss.prom" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')" -v px="$(sort -n "$work/rss.prom" | tail -1)" '
  BEGIN {
    wms = wn ? wc * 1000 / hz / wn : 0; pms = pn ? pc * 1000 / hz / pn : 0
    printf "  %-12s RSS median %6.1f MB, peak %6.1f MB; %5d scrapes, CPU %6.2f ms per scrape\n", "watch", wm / 1024, wx / 1024, wn, wms
    printf "  %-12s RSS median %6.1f MB, peak %6.1f MB; %5d scrapes, CPU %6.2f ms per scrape\n", "prometheus", pm / 1024, px / 1024, pn, pms
    printf "  ratios (watch / prometheus): RSS median %.2f x, peak %.2f x, CPU per scrape %.2f x\n", wm / pm, wx / px, pms ? wms / pms : 0
    vms = vn ? vc * 1000 / hz / vn : 0
    printf "  %-12s RSS median %6.1f MB, peak %6.1f MB; %5d scrapes, CPU %6.2f ms per scrape\n", "watch + opts", vm / 1024, vx / 1024, vn, vms
    printf "  ratios (watch + opts / prometheus): RSS median %.2f x, peak %.2f x, CPU per scrape %.2f x\n", vm / pm, vx / px, pms ? vms / pms : 0
  }'
echo "  watch's JVM options:$(tr '\0' ' ' < /proc/$watch_pid/cmdline | grep -o -- ' -X[^ ]*' | tr -d '\n')"
echo "  watch + opts:$(tr '\0' ' ' < /proc/$watch2_pid/cmdline | grep -o -- ' -X[^ ]*' | tr -d '\n')"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()

echo
echo "-- 5. render: 30 days vs a python3 json.loads pass over the same files, median of $big_runs paired runs"
./jbang bench/GenerateYear.java --out "$work/days30" --days 30 >&2
cat > "$work/baseline.py" <<'PY'
import glob, json, sys
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    with open(path, "rb") as f:
        for line in f:
            json.loads(line)
PY
./jbang render.java --data-dir "$work/days30" --out "$work/page30.html" >/dev/null 2>&1
for ((i = 0; i < big_runs; i++)); do
  sample render30 ./jbang render.java --data-dir "$work/days30" --out "$work/page30.html"
  sample json30 "$python" "$work/baseline.py" "$work/days30"
done
echo " $(cat "$work"/days30/*.jsonl | wc -l) records, $(($(cat "$work"/days30/*.jsonl | wc -c) / 1000000)) MB; ratios to the python pass"
row json30 json30 "python3 json.loads pass"
row render30 json30 "./jbang render.java (as users run it)"
echo " a year: bench/render-year.sh $year_days"
bench/render-year.sh "$year_days" 2>/dev/null | sed -n '/^records:/,$p' | sed 's/^/  /'
echo
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
