#!/usr/bin/env bash
# PromQL over the day files: wall time and peak RSS of ten typical range queries of the coppice metrics over 1 h,
# 1 d and 30 d of a 30-day folder of 30-second scrapes and over a year, each at the page's step (the range over its
# 2,000 points, in whole 30 s scrape intervals); beside them the other way a user has to the same 30-day answers
# (export + promtool backfill + start Prometheus + the ten queries) and one render of the same 30 days.
# Each query is one `query` process, as a user runs it. Usage: bench/query-bench.sh [YEAR_DAYS] (default 365; 0 skips
# the year; ONLY_YEAR=1 skips the 30-day part; PROMETHEUS_ROUTE=0 skips the Prometheus route, which takes most of an
# hour on 2 cores). Needs GNU time (apt-get install -y time), prometheus and promtool 2.42, curl.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
year_days=${1:-365}
[ -x /usr/bin/time ] || { echo "query-bench: /usr/bin/time missing: apt-get install -y time" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/query-bench.XXXXXX")
prom_pid=
trap '[ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null; rm -rf "$work"' EXIT

queries=(
  'sum by (sandbox) (avg_over_time(coppice_sandbox_cpu_percent[5m]))'
  'rate(coppice_sandboxes_created_total[5m]) * 60'
  'histogram_quantile(0.99, sum by (le) (rate(coppice_execute_duration_seconds_bucket[5m])))'
  'histogram_quantile(0.5, sum by (le) (rate(coppice_execute_duration_seconds_bucket[5m])))'
  'sum(rate(coppice_execute_errors_total[5m])) / sum(rate(coppice_execute_requests_total[5m]))'
  'rate(coppice_execute_ns_sum[5m]) / rate(coppice_execute_requests_total[5m]) / 1e6'
  'sum by (le) (rate(coppice_execute_duration_seconds_bucket[5m]))'
  'max_over_time(coppice_kernels_alive[1h])'
  'resets(coppice_uptime_seconds[1h])'
  'avg_over_time(up[1h])'
)

seconds() { sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }
cpu() { awk '/User time/ {u=$4} /System time/ {s=$4} END {printf "%.1f", u+s}' "$1"; }
rss_mb() { echo $(( $(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$1") / 1024 )); }
step_for() { local s=$(( ($1 + 2000 * 30 - 1) / (2000 * 30) * 30 )); echo $(( s < 30 ? 30 : s )); }

# Runs the ten queries over [END - RANGE_S, END] on DIR; prints one line per query and the sum.
run_range() {
  local dir=$1 end=$2 range_s=$3 label=$4 total=0 total_cpu=0 max_rss=0 i=0
  local step; step=$(step_for "$range_s")
  local start=$(( end - range_s ))
  for q in "${queries[@]}"; do
    i=$((i + 1))
    /usr/bin/time -v -o "$work/q.time" ./jbang query.java --data-dir "$dir" --start "$start" --end "$end" --step "$step" -o csv "$q" \
      > "$work/q.csv" 2> "$work/q.err" || { echo "query $i failed: $(head -1 "$work/q.err")"; continue; }
    local s c r rows
    s=$(seconds "$work/q.time"); c=$(cpu "$work/q.time"); r=$(rss_mb "$work/q.time"); rows=$(( $(wc -l < "$work/q.csv") - 1 ))
    printf '  %-5s q%-2d %7.2f s wall %6.1f s cpu %5d MB RSS %7d points  %s\n' "$label" "$i" "$s" "$c" "$r" "$rows" "$q"
    total=$(echo "$total + $s" | bc); total_cpu=$(echo "$total_cpu + $c" | bc); max_rss=$(( r > max_rss ? r : max_rss ))
  done
  printf '  %-5s all %7.2f s wall %6.1f s cpu, peak RSS %d MB (step %d s)\n' "$label" "$total" "$total_cpu" "$max_rss" "$step"
}

if [ "${ONLY_YEAR:-0}" != 1 ]; then
echo "generating 30 days of 30 s records ..." >&2
./jbang bench/GenerateYear.java --out "$work/d30" --days 30 --histogram >&2
end30=$(date -u -d 2025-01-31T00:00:00Z +%s)
./jbang query.java --help >/dev/null 2>&1; ./jbang query.java --help > /dev/null
echo "query over 30 days of files ($(du -sm "$work/d30" | cut -f1) MB, $(cat "$work"/d30/*.jsonl | wc -l) records):"
run_range "$work/d30" "$end30" 3600 "1 h"
run_range "$work/d30" "$end30" 86400 "1 d"
run_range "$work/d30" "$end30" $((30 * 86400)) "30 d"

if [ "${PROMETHEUS_ROUTE:-1}" != 0 ]; then
echo "the Prometheus route for the 30-day answers:"
./jbang export.java --help >/dev/null 2>&1 || true
t0=$(date +%s.%N)
./jbang export.java --data-dir "$work/d30" --out "$work/d30.om" 2>/dev/null
t1=$(date +%s.%N)
promtool tsdb create-blocks-from openmetrics "$work/d30.om" "$work/tsdb" >/dev/null
t2=$(date +%s.%N)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'global:\n  scrape_interval: 1h\n' > "$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" --storage.tsdb.retention.time=100y \
  --web.listen-address="127.0.0.1:$port" > "$work/prometheus.log" 2>&1 &
prom_pid=$!
until curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null; do sleep 0.2; done
t3=$(date +%s.%N)
step=$(step_for $((30 * 86400)))
for q in "${queries[@]}"; do
  curl -sf "http://127.0.0.1:$port/api/v1/query_range" --data-urlencode "query=$q" -d "start=$((end30 - 30 * 86400))" \
    -d "end=$end30" -d "step=$step" > /dev/null
done
t4=$(date +%s.%N)
prom_rss=$(( $(awk '/VmHWM/ {print $2}' "/proc/$prom_pid/status") / 1024 ))
kill "$prom_pid"; wait "$prom_pid" 2>/dev/null || true; prom_pid=
printf '  export %.1f s + promtool backfill %.1f s + Prometheus ready %.1f s + ten queries %.2f s = %.1f s (Prometheus peak RSS %d MB)\n' \
  "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - $t2" | bc)" "$(echo "$t4 - $t3" | bc)" "$(echo "$t4 - $t0" | bc)" "$prom_rss"

fi

./jbang render.java --help >/dev/null 2>&1 || true
/usr/bin/time -v -o "$work/render.time" ./jbang render.java --data-dir "$work/d30" --out "$work/page.html" >/dev/null 2>&1
printf 'render of the same 30 days: %.2f s wall, %.1f s cpu, peak RSS %d MB\n' "$(seconds "$work/render.time")" "$(cpu "$work/render.time")" "$(rss_mb "$work/render.time")"
fi

if [ "$year_days" -gt 0 ]; then
  echo "generating $year_days days of 30 s records ..." >&2
  ./jbang bench/GenerateYear.java --out "$work/year" --days "$year_days" --histogram >&2
  end_year=$(( $(date -u -d 2025-01-01T00:00:00Z +%s) + year_days * 86400 ))
  ./jbang query.java --help >/dev/null 2>&1 || true
  echo "query over $year_days days of files ($(du -sm "$work/year" | cut -f1) MB), default heap:"
  run_range "$work/year" "$end_year" $((year_days * 86400)) "year"
fi
echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
