package support;

import static org.assertj.core.api.Assertions.assertThat;
import days.DayFileAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import record.ScrapeRecord;
import scrape.Scraper;
import sim.SimulatedGateway;

/** Records for the export and retention tests: scraped from a simulated gateway, or made directly. */
public final class Generated {
    private Generated() {}

    /** {@code raw} compressed with gzip, as a target's gzip body or a closed day file holds it. */
    public static byte[] gzip(byte[] raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Scrapes a {@link SimulatedGateway} (with a busy workload) {@code n} times, {@code interval} apart, restarting it
     * halfway so that its counters reset, and appends every record to the day files under {@code data}.
     *
     * @return the records, in scrape order
     * @throws AssertionError when a first probe scrape of the gateway is not up (its error in the message)
     */
    public static List<ScrapeRecord> fromGateway(Path data, int n, Duration interval) throws IOException, InterruptedException {
        List<ScrapeRecord> records = new ArrayList<>();
        try (SimulatedGateway gateway = SimulatedGateway.start(0)) {
            gateway.startWorkload(Duration.ofMillis(20), 42);
            Scraper scraper = Scrapes.scraper(gateway.metricsUri().toString(), Duration.ofSeconds(5), 10_000_000);
            ScrapeRecord probe = scraper.scrape();
            assertThat(probe.up()).as("probe scrape of the simulated gateway: %s", probe.error()).isTrue();
            Thread.sleep(interval.toMillis());
            for (int i = 0; i < n; i++) {
                if (i == n / 2) gateway.restart();
                ScrapeRecord r = scraper.scrape();
                DayFileAppender.append(data, r);
                records.add(r);
                Thread.sleep(interval.toMillis());
            }
        }
        return records;
    }

    /** Reset-adjusted growth of a counter over records, as Prometheus counts it: a drop means it restarted from 0. */
    public static double increase(List<ScrapeRecord> records, String counter) {
        double total = 0, previous = Double.NaN;
        for (ScrapeRecord r : records) {
            Double v = r.series().get(counter);
            if (v == null) continue;
            if (!Double.isNaN(previous)) total += v >= previous ? v - previous : v;
            previous = v;
        }
        return total;
    }

    /**
     * {@code n} records of a coppice gateway in text 0.0.4, {@code interval} apart from {@code start}: its 13 metrics
     * (types as the real gateway declares them, {@code coppice_execute_ns_sum} a counter without {@code _total}) and
     * one cpu gauge for each of {@code sandboxes} sandboxes. Deterministic.
     */
    public static List<ScrapeRecord> coppiceDay(Instant start, int n, Duration interval, int sandboxes, String target) {
        Random random = new Random(start.toEpochMilli());
        Map<String, String> types = new LinkedHashMap<>();
        String[] counters = {"coppice_sandboxes_created_total", "coppice_sandboxes_killed_total", "coppice_sandboxes_paused_total",
                "coppice_sandboxes_resumed_total", "coppice_execute_requests_total", "coppice_execute_errors_total",
                "coppice_kernel_spawns_total", "coppice_kernel_exits_total", "coppice_sandbox_create_ns_sum", "coppice_execute_ns_sum"};
        for (String g : List.of("coppice_uptime_seconds", "coppice_sandboxes_alive", "coppice_kernels_alive", "coppice_sandbox_cpu_percent")) {
            types.put(g, "gauge");
        }
        for (String c : counters) types.put(c, "counter");
        double[] totals = new double[counters.length];
        String[] ids = new String[sandboxes];
        for (int s = 0; s < sandboxes; s++) ids[s] = String.format("%032x", new java.math.BigInteger(128, random));
        List<ScrapeRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Double> series = new LinkedHashMap<>();
            series.put("coppice_uptime_seconds", 1000.0 + i * interval.toMillis() / 1000.0);
            series.put("coppice_sandboxes_alive", (double) (sandboxes + random.nextInt(3)));
            series.put("coppice_kernels_alive", (double) sandboxes);
            for (int c = 0; c < counters.length; c++) {
                totals[c] += counters[c].endsWith("_ns_sum") ? 50_000_000L * random.nextInt(40) : random.nextInt(20);
                series.put(counters[c], totals[c]);
            }
            for (String id : ids) series.put("coppice_sandbox_cpu_percent{sandbox=\"" + id + "\"}", Math.round(random.nextDouble() * 10000) / 100.0);
            out.add(new ScrapeRecord(start.plus(interval.multipliedBy(i)), target, true, 3 + random.nextInt(20), "prometheus", 1500, null,
                    series, types, Map.of()));
        }
        return out;
    }
}
