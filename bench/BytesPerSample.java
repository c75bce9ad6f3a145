///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Bytes per sample on disk for one closed coppice day (30 s records, five sandboxes), plain and gzipped by Retention.
//SOURCES ../lib/units/*.java
//SOURCES ../lib/files/*.java
//SOURCES ../lib/version/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/days/*.java
import days.DayFileAppender;
import days.DayFiles;
import days.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import record.ScrapeRecord;

/**
 * Writes one UTC day of records as {@code watch --interval 30s} would against a busy coppice gateway (the 13 metrics
 * in text 0.0.4 with their TYPEs, five live sandboxes with a cpu gauge each, one sandbox replaced about every hour),
 * compresses the day with {@link Retention}, and prints bytes per sample for the plain and the gzipped file.
 * Usage: {@code ./jbang bench/BytesPerSample.java [DIR]} (default: a temp folder, removed afterwards).
 */
public class BytesPerSample {
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("coppice-bench");
        Instant day = Instant.parse("2026-11-28T00:00:00Z");
        Random random = new Random(2026);
        String target = "http://127.0.0.1:9464/metrics";
        Map<String, String> types = new LinkedHashMap<>();
        String[] counters = {"coppice_sandboxes_created_total", "coppice_sandboxes_killed_total", "coppice_sandboxes_paused_total",
                "coppice_sandboxes_resumed_total", "coppice_execute_requests_total", "coppice_execute_errors_total",
                "coppice_kernel_spawns_total", "coppice_kernel_exits_total"};
        for (String g : new String[] {"coppice_uptime_seconds", "coppice_sandboxes_alive", "coppice_kernels_alive", "coppice_sandbox_cpu_percent"}) {
            types.put(g, "gauge");
        }
        for (String c : counters) types.put(c, "counter");
        types.put("coppice_sandbox_create_ns_sum", "untyped");
        types.put("coppice_execute_ns_sum", "untyped");
        double[] totals = new double[counters.length];
        double createNs = 0, executeNs = 0;
        String[] sandboxes = new String[5];
        double[] cpu = new double[5];
        for (int s = 0; s < 5; s++) sandboxes[s] = hex(random);
        long records = 0, samples = 0;
        for (Instant ts = day; ts.isBefore(day.plus(Duration.ofDays(1))); ts = ts.plusSeconds(30).plusMillis(random.nextInt(3) - 1)) {
            if (random.nextInt(120) == 0) sandboxes[random.nextInt(5)] = hex(random);
            Map<String, Double> series = new LinkedHashMap<>();
            series.put("coppice_uptime_seconds", (ts.toEpochMilli() - day.toEpochMilli()) / 1000.0 + 86_400 * 3 + random.nextInt(1000) / 1000.0);
            series.put("coppice_sandboxes_alive", 5.0);
            series.put("coppice_kernels_alive", 4.0 + random.nextInt(2));
            for (int c = 0; c < counters.length; c++) {
                totals[c] += random.nextInt(c == 4 ? 200 : 4);
                series.put(counters[c], totals[c]);
            }
            createNs += random.nextInt(3) * (50_000_000L + random.nextInt(350_000_000));
            executeNs += 150L * random.nextInt(2_000_000_000);
            series.put("coppice_sandbox_create_ns_sum", createNs);
            series.put("coppice_execute_ns_sum", executeNs);
            for (int s = 0; s < 5; s++) {
                cpu[s] = Math.max(0, Math.min(400, cpu[s] + (random.nextGaussian() * 8) + (20 - cpu[s]) * 0.1));
                series.put("coppice_sandbox_cpu_percent{sandbox=\"" + sandboxes[s] + "\"}", Math.round(cpu[s] * 100) / 100.0);
            }
            DayFileAppender.append(dir, new ScrapeRecord(ts, target, true, 4 + random.nextInt(30), "prometheus", 2400 + random.nextInt(100), null,
                    series, types, Map.of()));
            records++;
            samples += series.size();
        }
        Path plain = DayFiles.fileFor(dir, day);
        long plainBytes = Files.size(plain);
        Retention.Result result = Retention.apply(dir, null, Duration.ZERO, day.plus(Duration.ofDays(2)), null);
        long gzBytes = Files.size(result.compressed().get(0));
        System.out.printf(Locale.ROOT, "records %d, samples %d (%d per record)%n", records, samples, samples / records);
        System.out.printf(Locale.ROOT, "plain   %,d bytes  %.1f B/sample%n", plainBytes, (double) plainBytes / samples);
        System.out.printf(Locale.ROOT, "gzipped %,d bytes  %.1f B/sample (goal <= 60)%n", gzBytes, (double) gzBytes / samples);
        if (args.length == 0) {
            Files.deleteIfExists(result.compressed().get(0));
            Files.deleteIfExists(dir.resolve(".retention.lock"));
            Files.deleteIfExists(dir);
        }
    }

    private static String hex(Random random) {
        StringBuilder out = new StringBuilder(32);
        for (int i = 0; i < 16; i++) out.append(String.format("%02x", random.nextInt(256)));
        return out.toString();
    }
}
