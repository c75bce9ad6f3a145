///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Wall time of typical PromQL range queries in the engine alone, over 30 days and a year of 30 s series held in memory.
//SOURCES ../lib/query/*.java
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import query.LabelMatcher;
import query.PromQL;
import query.QueryOptions;
import query.QueryResult;
import query.SeriesSource;
import query.StoredSeries;

/**
 * Builds coppice-like series at a 30 s interval in memory (five sandboxes with a created-sandboxes counter and a CPU
 * counter, a request-duration histogram of 12 buckets on two routes, request and error counters with counter resets),
 * then times ten typical range queries over 1 h, 1 d, 30 d and a year, each at a step giving about 720 points, as the
 * page draws. The storage side (reading day files) is not measured here. Usage: {@code ./jbang bench/PromqlEngineBench.java}.
 */
public class PromqlEngineBench {
    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    static final long INTERVAL = 30_000L;
    static final String[] QUERIES = {
        "sum by (sandbox) (rate(coppice_sandbox_cpu_seconds_total[5m]))",
        "rate(coppice_sandboxes_created_total[5m]) * 60",
        "histogram_quantile(0.99, sum by (le) (rate(coppice_request_duration_seconds_bucket[5m])))",
        "histogram_quantile(0.5, sum by (le, route) (rate(coppice_request_duration_seconds_bucket[5m])))",
        "sum(rate(coppice_requests_errors_total{route=\"/execute\"}[5m])) / sum(rate(coppice_requests_total{route=\"/execute\"}[5m]))",
        "topk(3, rate(coppice_sandbox_cpu_seconds_total[5m]))",
        "avg_over_time(coppice_sandbox_cpu_seconds_total[1h])",
        "increase(coppice_requests_total[1h])",
        "max by (route) (rate(coppice_request_duration_seconds_sum[5m]) / rate(coppice_request_duration_seconds_count[5m]))",
        "count(coppice_sandbox_cpu_seconds_total)",
    };

    public static void main(String[] args) {
        long year = 365L * 86_400_000L;
        ArraySource source = build(year, new Random(2026));
        System.out.printf(Locale.ROOT, "%d series, %d samples each (a year at 30 s); %d cores, max heap %d MiB%n",
                source.series.size(), year / INTERVAL, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        long[] ranges = {3_600_000L, 86_400_000L, 30 * 86_400_000L, year};
        String[] names = {"1 h", "1 d", "30 d", "1 y"};
        for (int warm = 0; warm < 2; warm++) {
            for (int r = 0; r < ranges.length; r++) {
                long total = 0;
                long cpuTotal = 0;
                StringBuilder line = new StringBuilder();
                for (String q : QUERIES) {
                    long end = year;
                    long step = Math.max(INTERVAL, ranges[r] / 720);
                    long t0 = System.nanoTime();
                    long c0 = CPU.getCurrentThreadCpuTime();
                    QueryResult res = PromQL.range(source, q, end - ranges[r], end, step, QueryOptions.DEFAULT);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    cpuTotal += (CPU.getCurrentThreadCpuTime() - c0) / 1_000_000;
                    total += ms;
                    line.append(String.format(Locale.ROOT, " %5d", ms));
                    if (((QueryResult.Matrix) res).series().isEmpty()) {
                        throw new IllegalStateException("no answer for " + q);
                    }
                }
                if (warm == 1) {
                    System.out.printf(Locale.ROOT, "%-5s ten queries %6d ms wall, %6d ms CPU (each, wall:%s ms)%n", names[r],
                            total, cpuTotal, line);
                }
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "heap in use after the runs: %d MiB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    static ArraySource build(long span, Random random) {
        int n = (int) (span / INTERVAL);
        ArraySource s = new ArraySource();
        for (int i = 0; i < 5; i++) {
            s.counter(n, random, 0.3, "coppice_sandbox_cpu_seconds_total", "sandbox", "sb-" + i);
            s.counter(n, random, 0.01, "coppice_sandboxes_created_total", "sandbox", "sb-" + i);
        }
        String[] les = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
        for (String route : new String[] {"/execute", "/health"}) {
            double[] base = new double[n];
            for (int i = 1; i < n; i++) {
                base[i] = base[i - 1] + random.nextInt(20);
            }
            for (int b = 0; b < les.length; b++) {
                double share = (b + 1.0) / les.length;
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Math.floor(base[i] * share);
                }
                s.add(v, "coppice_request_duration_seconds_bucket", "route", route, "le", les[b]);
            }
            s.add(base.clone(), "coppice_request_duration_seconds_count", "route", route);
            s.counter(n, random, 2.0, "coppice_request_duration_seconds_sum", "route", route);
            s.add(base.clone(), "coppice_requests_total", "route", route);
            s.counter(n, random, 0.05, "coppice_requests_errors_total", "route", route);
        }
        return s;
    }

    /** Series in plain arrays, selected by binary search on time. */
    static final class ArraySource implements SeriesSource {
        final List<StoredSeries> series = new ArrayList<>();

        void counter(int n, Random random, double rate, String name, String... labels) {
            double[] v = new double[n];
            for (int i = 1; i < n; i++) {
                v[i] = (i % 20_000 == 0) ? 0 : v[i - 1] + random.nextDouble() * rate * 60;
            }
            add(v, name, labels);
        }

        void add(double[] values, String name, String... labels) {
            TreeMap<String, String> l = new TreeMap<>();
            l.put("__name__", name);
            for (int i = 0; i < labels.length; i += 2) {
                l.put(labels[i], labels[i + 1]);
            }
            long[] t = new long[values.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = (i + 1) * INTERVAL;
            }
            series.add(new StoredSeries(l, t, values));
        }

        @Override
        public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
            List<StoredSeries> out = new ArrayList<>();
            for (StoredSeries s : series) {
                if (matchers.stream().allMatch(m -> m.matches(s.labels().get(m.name())))) {
                    int from = lowerBound(s.timestampsMs(), minTimeMs);
                    int to = lowerBound(s.timestampsMs(), maxTimeMs + 1);
                    out.add(new StoredSeries(s.labels(), java.util.Arrays.copyOfRange(s.timestampsMs(), from, to),
                            java.util.Arrays.copyOfRange(s.values(), from, to)));
                }
            }
            return out;
        }

        static int lowerBound(long[] a, long key) {
            int lo = 0;
            int hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
