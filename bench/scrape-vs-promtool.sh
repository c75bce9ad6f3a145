#!/usr/bin/env bash
# Compares, in one run, on one generated text exposition (~24 MB, ~200,000 series, bench/GenerateExposition.java):
#   1. the parser's in-process throughput after warm-up (bench/ParserBench.java, MB/s);
#   2. whole-process wall time and peak RSS of
#        a. ./jbang scrape.java --url file:BIG --stdout   (what users run; includes JBang's own JVM), once as the
#           environment has it and once with JBANG_JAVA_OPTIONS=-XX:TieredStopAtLevel=1 (JBang's own JVM on C1 only)
#        b. the plain `java ... scrape ...` command line that JBang executes for (a)
#        c. promtool check metrics < BIG                   (Prometheus's reference parser, Debian package)
#      each run RUNS times (default 5), reporting the median time, the median peak RSS and the ratio to promtool.
#
# Usage: bench/scrape-vs-promtool.sh [RUNS]
# Needs: a JDK 17+, /usr/bin/time (Debian package "time"), promtool (Debian package "prometheus").
# Prints figures only (no pass/fail). Targets from the issue: >= 150 MB/s in-process, whole process faster than
# promtool (ratio < 1.0), peak RSS under 3 x body size + 128 MB.
set -euo pipefail

runs=${1:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
command -v promtool >/dev/null || { echo "scrape-vs-promtool: promtool not found (apt-get install prometheus)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "scrape-vs-promtool: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/scrape-vs-promtool.XXXXXX")
trap 'rm -rf "$work"' EXIT
big="$work/big.prom"

./jbang bench/GenerateExposition.java "$big" >&2
size=$(stat -c %s "$big")

# Warm-up: compiles scrape.java and ParserBench.java into JBang's cache, so no run below pays for a build.
./jbang scrape.java --url "file:$big" --stdout >/dev/null
./jbang bench/ParserBench.java --help >/dev/null

# The plain command line JBang runs for scrape.java: JBang prints it and exits 255 (see ./jbang).
version=$(sed -n 's/^dev\.jbang:jbang-cli:\([^ ]*\) .*/\1/p' launcher/jbang-jars.txt)
set +e
plain=$(JBANG_RUNTIME_SHELL=bash JBANG_LAUNCH_CMD="$root/jbang" java -classpath ".jbang-dist/$version/*" dev.jbang.Main \
    scrape.java --url "file:$big" --stdout </dev/null)
status=$?
set -e
[ $status -eq 255 ] || { echo "scrape-vs-promtool: JBang did not print a command line (status $status): $plain" >&2; exit 1; }

# Runs "$@" RUNS times under /usr/bin/time; prints "median-seconds median-peak-RSS-KB".
measure() {
    local times=() rss=() i
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
        # On failure /usr/bin/time writes "Command exited with non-zero status N" before the figures.
        if grep -q 'non-zero status' "$work/time"; then
            echo "scrape-vs-promtool: warning: $(head -1 "$work/time"): $* ($(head -c 300 "$work/stderr"))" >&2
        fi
        read -r t m < <(tail -1 "$work/time")
        times+=("$t")
        rss+=("$m")
    done
    printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$((runs / 2 + 1))p")" \
        "$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "$((runs / 2 + 1))p")"
}

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MB RAM," \
    "$(java -version 2>&1 | head -1), $(promtool --version 2>&1 | head -1 | cut -d' ' -f1-3)"
echo "== JBANG_JAVA_OPTIONS=${JBANG_JAVA_OPTIONS:-(unset)}"
echo "== exposition: $size bytes, $(grep -vc '^#' "$big") series; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "-- in-process parser (bench/ParserBench.java, after warm-up)"
./jbang bench/ParserBench.java "$big"
echo
read -r t_promtool m_promtool < <(measure bash -c 'exec promtool check metrics <"$1"' _ "$big")
read -r t_plain m_plain < <(measure bash -c "exec $plain")
read -r t_jbang m_jbang < <(measure ./jbang scrape.java --url "file:$big" --stdout)
read -r t_jbang_c1 m_jbang_c1 < <(JBANG_JAVA_OPTIONS=-XX:TieredStopAtLevel=1 measure ./jbang scrape.java --url "file:$big" --stdout)

# Sizes in MB of 10^6 bytes; /usr/bin/time reports KiB.
limit_kb=$(( (3 * size + 128 * 1000 * 1000) / 1024 ))
row() { # label seconds rss-kb
    awk -v l="$1" -v t="$2" -v m="$3" -v p="$t_promtool" -v lim="$limit_kb" \
        'BEGIN { printf "%-34s %6.2f s  ratio %5.2f  peak RSS %5.0f MB (%s)\n", l, t, t / p, m * 1.024 / 1000, m <= lim ? "under limit" : "OVER limit" }'
}
echo "-- whole process, median of $runs runs; ratio = time / promtool's time; peak RSS limit 3 x body + 128 MB = $(( (3 * size) / 1000000 + 128 )) MB"
row "promtool check metrics" "$t_promtool" "$m_promtool"
row "java ... scrape (JBang's command)" "$t_plain" "$m_plain"
row "./jbang scrape.java" "$t_jbang" "$m_jbang"
row "  same, JBang's JVM on C1 only" "$t_jbang_c1" "$m_jbang_c1"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
