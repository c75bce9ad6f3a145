import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import days.DayFiles;
import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import prom.OpenMetricsExport;
import prom.RemoteWriter;
import query.PromQL;
import query.QueryException;
import query.QueryOptions;
import queryio.DayFileStorage;
import queryio.PrometheusJson;
import record.RecordCodec;
import record.ScrapeRecord;
import support.PromServer;

/**
 * The query engine over the day files against a running Prometheus 2.42 fed the same records the two ways the project
 * feeds engines: {@code export} then {@code promtool tsdb create-blocks-from openmetrics} (compared with
 * {@code --staleness off}: backfilled data has no stale markers), and remote write into its receiver (compared with
 * staleness on). The records hold counter resets (a target restart), failed scrapes, a gap longer than the lookback,
 * a series that leaves and one that joins, a histogram, NaN and +Inf. Every expression is asked as an instant query at
 * several times and as a range query, through Prometheus's HTTP API and through the engine's JSON answer: same result
 * type, same series, same timestamps, values equal within 1e-12 relative (NaN equal to NaN).
 */
class QueryCrossCheckTest {
    static final Duration INTERVAL = Duration.ofSeconds(15);
    static final int RECORDS = 120;
    static final double RELATIVE = 1e-12;

    /** Expressions over the generated records: selectors, rates, aggregations, functions, operators, subqueries. */
    static final List<String> EXPRESSIONS = List.of(
            "up", "up == 0", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_series_added",
            "requests_total", "requests_total{code=\"500\"}", "requests_total{code=~\"5..\"}", "requests_total{code!=\"200\"}",
            "rate(requests_total[1m])", "rate(requests_total[5m])", "irate(requests_total[1m])", "increase(requests_total[2m])",
            "sum by (code) (rate(requests_total[5m]))",
            "sum(rate(requests_total{code=\"500\"}[5m])) / sum(rate(requests_total[5m]))",
            "sum by (instance) (rate(requests_total{code=\"500\"}[5m])) / sum by (instance) (rate(requests_total[5m]))",
            "resets(requests_total[10m])", "changes(temperature[5m])", "delta(temperature[5m])", "idelta(temperature[2m])",
            "deriv(temperature[5m])", "predict_linear(temperature[5m], 60)", "temperature", "temperature > 20",
            "temperature > bool 20", "avg_over_time(temperature[5m])", "max_over_time(temperature[5m])",
            "min_over_time(temperature[5m])", "sum_over_time(temperature[5m])", "count_over_time(temperature[5m])",
            "last_over_time(temperature[5m])", "stddev_over_time(temperature[5m])", "quantile_over_time(0.9, temperature[5m])",
            "holt_winters(temperature[5m], 0.5, 0.5)",
            "histogram_quantile(0.99, sum by (le) (rate(latency_seconds_bucket[5m])))",
            "histogram_quantile(0.5, sum by (le, instance) (rate(latency_seconds_bucket[5m])))",
            "histogram_quantile(0.9, rate(latency_seconds_bucket[5m]))",
            "rate(latency_seconds_sum[5m]) / rate(latency_seconds_count[5m])",
            "cpu", "sum by (instance) (cpu)", "avg by (sandbox) (cpu)", "count(cpu)", "max(cpu)", "sum without (sandbox) (cpu)",
            "stdvar(cpu)", "topk(2, cpu)", "bottomk(1, cpu)", "quantile(0.5, cpu)", "count_values(\"v\", up)",
            "absent(nonexistent)", "absent(up)", "absent_over_time(cpu{sandbox=\"c\"}[1m])",
            "cpu * on(instance) group_left up", "cpu and on(instance) (up == 1)", "cpu unless cpu{sandbox=\"a\"}",
            "requests_total or cpu", "timestamp(cpu)", "time()", "vector(1)", "scalar(count(up))",
            "label_replace(cpu, \"s\", \"$1\", \"sandbox\", \"(.)\")", "label_join(cpu, \"both\", \"-\", \"instance\", \"sandbox\")",
            "clamp_max(cpu, 50)", "round(cpu, 0.5)", "abs(-cpu)", "ln(cpu + 1)", "sort(cpu)", "sort_desc(sum by (instance) (cpu))",
            "max_over_time(rate(requests_total[1m])[5m:30s])", "rate(requests_total[5m] offset 2m)");

    @TempDir
    Path temp;

    @Test
    @Timeout(900)
    void backfilledPrometheusAnswersAsQueryWithStalenessOff() throws Exception {
        PromServer.toolOrSkip("promtool");
        List<ScrapeRecord> records = records(start());
        Path data = writeDays(records);
        Path exposition = temp.resolve("export.om");
        try (OutputStream out = Files.newOutputStream(exposition)) {
            OpenMetricsExport.write(DayFiles.days(data, null, null), null, null, "coppice", out, temp, new PrintStream(OutputStream.nullOutputStream()));
        }
        Path tsdb = temp.resolve("tsdb-backfill");
        PromServer.run(List.of(PromServer.toolOrSkip("promtool").toString(), "tsdb", "create-blocks-from", "openmetrics",
                exposition.toString(), tsdb.toString()), 300);
        try (PromServer prometheus = PromServer.start(tsdb, false, PromServer.freePort())) {
            compareAll(prometheus, data, records, false);
        }
    }

    @Test
    @Timeout(900)
    void prometheusFedByRemoteWriteAnswersAsQueryWithStalenessOn() throws Exception {
        PromServer.toolOrSkip("prometheus");
        List<ScrapeRecord> records = records(start());
        Path data = writeDays(records);
        int port = PromServer.freePort();
        try (PromServer prometheus = PromServer.start(temp.resolve("tsdb-remote"), true, port)) {
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            RemoteWriter writer = new RemoteWriter(URI.create("http://127.0.0.1:" + port + "/api/v1/write"), "coppice", Map.of(),
                    new PrintStream(status, true, StandardCharsets.UTF_8));
            for (ScrapeRecord r : records) writer.offer(r);
            assertThat(writer.close(Duration.ofSeconds(60))).as(status.toString(StandardCharsets.UTF_8)).isTrue();
            compareAll(prometheus, data, records, true);
            // The comparison above depends on the stale markers: without them sandbox c lingers after it left at scrape 60.
            long t = at(records.get(0).ts(), 62, 0);
            assertThat(prometheus.instant("count(cpu)", Instant.ofEpochMilli(t))).isEqualTo(4.0);
            DayFileStorage backfilled = new DayFileStorage(data, "coppice", false, RecordTimes.system(), new PrintStream(OutputStream.nullOutputStream()));
            assertThat(answer(() -> PromQL.instant(backfilled, "count(cpu)", t, QueryOptions.DEFAULT.withStaleness(false)))).contains("\"6\"");
        }
    }

    /** Recent enough for a fresh TSDB head and the default retention; on a whole second, as real scrapes are not. */
    static Instant start() {
        return Instant.now().minus(Duration.ofMinutes(45)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    /**
     * Two named targets, {@link #RECORDS} scrapes {@link #INTERVAL} apart (with a few ms of jitter): counters by code
     * with a restart at scrape 40, a histogram, a gauge with NaN and +Inf, cpu by sandbox where sandbox c leaves at 60
     * and d joins at 70, failed scrapes at 20, 21 and 50, and no records from 80 to 99 (a gap beyond the lookback).
     */
    static List<ScrapeRecord> records(Instant start) {
        List<ScrapeRecord> out = new ArrayList<>();
        Random random = new Random(42);
        double[][] counters = new double[2][2];
        double[][] buckets = new double[2][5];
        double[] sums = new double[2];
        for (int i = 0; i < RECORDS; i++) {
            if (i >= 80 && i < 100) continue;
            for (int t = 0; t < 2; t++) {
                Instant ts = start.plus(INTERVAL.multipliedBy(i)).plusMillis((i * 37L + t * 101) % 250);
                String target = t == 0 ? "gw-a" : "gw-b";
                if (i == 20 || i == 21 || (i == 50 && t == 0)) {
                    out.add(ScrapeRecord.failed(ts, "http://127.0.0.1:9464/metrics", 10_000, null, -1, "timeout").withInstance(target));
                    continue;
                }
                if (i == 40 && t == 1) {
                    counters[t] = new double[2];
                    buckets[t] = new double[5];
                    sums[t] = 0;
                }
                Map<String, Double> series = new LinkedHashMap<>();
                counters[t][0] += random.nextInt(50);
                counters[t][1] += random.nextInt(5);
                series.put("requests_total{code=\"200\",path=\"/execute\"}", counters[t][0]);
                series.put("requests_total{code=\"500\",path=\"/execute\"}", counters[t][1]);
                double[] bounds = {0.05, 0.1, 0.5, 1};
                for (int n = random.nextInt(20); n > 0; n--) {
                    double latency = random.nextDouble() * 1.5;
                    sums[t] += latency;
                    for (int b = 0; b < 5; b++) if (b == 4 || latency <= bounds[b]) buckets[t][b]++;
                }
                for (int b = 0; b < 5; b++) series.put("latency_seconds_bucket{le=\"" + (b == 4 ? "+Inf" : String.valueOf(bounds[b])) + "\"}", buckets[t][b]);
                series.put("latency_seconds_sum", sums[t]);
                series.put("latency_seconds_count", buckets[t][4]);
                series.put("temperature", i % 17 == 5 ? Double.NaN : i == 33 ? Double.POSITIVE_INFINITY : 15 + random.nextInt(100) / 10.0);
                for (String sandbox : new String[] {"a", "b", "c", "d"}) {
                    if (sandbox.equals("c") && i >= 60 || sandbox.equals("d") && i < 70) continue;
                    series.put("cpu{sandbox=\"" + sandbox + "\"}", Math.round(random.nextDouble() * 10000) / 100.0);
                }
                out.add(new ScrapeRecord(ts, "http://127.0.0.1:9464/metrics", true, 5 + random.nextInt(20), "prometheus", 900, null,
                        series, Map.of("requests_total", "counter", "latency_seconds", "histogram", "temperature", "gauge", "cpu", "gauge"),
                        Map.of(), target));
            }
        }
        return out;
    }

    Path writeDays(List<ScrapeRecord> records) throws Exception {
        Path data = Files.createDirectories(temp.resolve("metrics"));
        for (ScrapeRecord r : records) {
            Files.write(DayFiles.fileFor(data, r.ts()), RecordCodec.line(r), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return data;
    }

    /** Asks every expression both ways; fails with every difference found, listed. */
    void compareAll(PromServer prometheus, Path data, List<ScrapeRecord> records, boolean staleness) throws Exception {
        DayFileStorage storage = new DayFileStorage(data, "coppice", staleness, RecordTimes.system(), new PrintStream(OutputStream.nullOutputStream()));
        QueryOptions options = QueryOptions.DEFAULT.withStaleness(staleness);
        Instant first = records.get(0).ts();
        long[] instants = {at(first, 10, 5), at(first, 20, 3), at(first, 22, 1), at(first, 40, 7), at(first, 50, 2),
                at(first, 62, 0), at(first, 85, 0), at(first, 101, 4), at(first, RECORDS + 10, 0)};
        long rangeStart = at(first, 4, 0), rangeEnd = at(first, RECORDS + 20, 0), step = 30_000;
        List<String> differences = new ArrayList<>();
        int compared = 0, withData = 0;
        for (String expr : EXPRESSIONS) {
            for (long t : instants) {
                String ours = answer(() -> PromQL.instant(storage, expr, t, options));
                String theirs = prometheus.api("/api/v1/query", "query", expr, "time", PrometheusJson.time(t));
                compared++;
                if (hasData(theirs)) withData++;
                String why = difference(ours, theirs, expr.startsWith("sort"));
                if (why != null) differences.add("instant " + expr + " @" + PrometheusJson.time(t) + ": " + why);
            }
            String ours = answer(() -> PromQL.range(storage, expr, rangeStart, rangeEnd, step, options));
            String theirs = prometheus.api("/api/v1/query_range", "query", expr, "start", PrometheusJson.time(rangeStart),
                    "end", PrometheusJson.time(rangeEnd), "step", "30");
            compared++;
            if (hasData(theirs)) withData++;
            String why = difference(ours, theirs, false);
            if (why != null) differences.add("range " + expr + ": " + why);
        }
        assertThat(differences).as(differences.size() + " of " + compared + " answers differ (staleness "
                + (staleness ? "on" : "off") + "):\n" + String.join("\n", differences)).isEmpty();
        // Agreement on empty answers proves little: most answers must hold data (those that do not are at the gap).
        assertThat(withData).as("answers with data").isGreaterThan(compared * 3 / 4);
    }

    /** Whether an API answer succeeded with at least one sample. */
    static boolean hasData(String answer) throws Exception {
        JsonNode a = new ObjectMapper().readTree(answer);
        return a.path("status").asText().equals("success") && a.at("/data/result").size() > 0;
    }

    static long at(Instant first, int scrape, int extraSeconds) {
        return first.plus(INTERVAL.multipliedBy(scrape)).plusSeconds(extraSeconds).toEpochMilli();
    }

    interface Evaluation {
        query.QueryResult run();
    }

    /** The engine's answer as the API's JSON, or an error answer naming the failure (never a stack trace). */
    static String answer(Evaluation evaluation) {
        try {
            return PrometheusJson.answer(evaluation.run());
        } catch (QueryException e) {
            return "{\"status\":\"error\",\"error\":" + new ObjectMapper().valueToTree(e.getMessage()) + "}";
        } catch (RuntimeException e) {
            return "{\"status\":\"error\",\"error\":\"" + e.getClass().getSimpleName() + "\"}";
        }
    }

    /** Null when the two answers agree; else what differs first. */
    static String difference(String ours, String theirs, boolean ordered) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(ours), b = json.readTree(theirs);
        if (!a.path("status").asText().equals(b.path("status").asText())) {
            return "status " + a.path("status").asText() + " (" + a.path("error").asText("") + ") vs Prometheus "
                    + b.path("status").asText() + " (" + b.path("error").asText("") + ")";
        }
        if (a.path("status").asText().equals("error")) return null;
        String type = b.at("/data/resultType").asText();
        if (!a.at("/data/resultType").asText().equals(type)) return "resultType " + a.at("/data/resultType").asText() + " vs " + type;
        if (type.equals("scalar") || type.equals("string")) return points("", a.at("/data/result"), b.at("/data/result"));
        Map<String, JsonNode> ourSeries = bySeries(a.at("/data/result")), theirSeries = bySeries(b.at("/data/result"));
        if (!ourSeries.keySet().equals(theirSeries.keySet())) return "series " + ourSeries.keySet() + " vs " + theirSeries.keySet();
        if (ordered && !new ArrayList<>(ourSeries.keySet()).equals(new ArrayList<>(theirSeries.keySet()))) return "order differs";
        for (String series : theirSeries.keySet()) {
            JsonNode x = ourSeries.get(series), y = theirSeries.get(series);
            String why = type.equals("vector") ? points(series, x.get("value"), y.get("value")) : pointLists(series, x.get("values"), y.get("values"));
            if (why != null) return why;
        }
        return null;
    }

    static Map<String, JsonNode> bySeries(JsonNode result) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : result) out.put(new ObjectMapper().convertValue(r.get("metric"), new TypeReference<TreeMap<String, String>>() {}).toString(), r);
        return out;
    }

    static String pointLists(String series, JsonNode ours, JsonNode theirs) {
        if (ours.size() != theirs.size()) return series + ": " + ours.size() + " points vs " + theirs.size() + " (ours " + ours + ")";
        for (int i = 0; i < ours.size(); i++) {
            String why = points(series, ours.get(i), theirs.get(i));
            if (why != null) return why;
        }
        return null;
    }

    static String points(String series, JsonNode ours, JsonNode theirs) {
        if (ours.get(0).decimalValue().compareTo(theirs.get(0).decimalValue()) != 0) return series + ": time " + ours.get(0) + " vs " + theirs.get(0);
        String x = ours.get(1).asText(), y = theirs.get(1).asText();
        if (x.equals(y)) return null;
        try {
            double a = Double.parseDouble(x.replace("Inf", "Infinity")), b = Double.parseDouble(y.replace("Inf", "Infinity"));
            if (Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b))) return null;
        } catch (NumberFormatException notANumber) {
            // a string result: only equal text agrees
        }
        return series + " @" + theirs.get(0) + ": " + x + " vs " + y;
    }
}
