///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DESCRIPTION Writes a synthetic year of coppice gateway scrapes (day files of ScrapeRecord lines) for the render benchmark
//SOURCES ../lib/units/*.java
//SOURCES ../lib/files/*.java
//SOURCES ../lib/version/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/days/*.java
import days.DayFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;

/**
 * A year (or --days) of 30-second scrapes of a busy coppice gateway: five live sandboxes, each replaced every couple
 * of hours, a gateway restart every three days (counters and uptime start again from zero) and a 10-minute outage
 * every two days (failed scrapes). Deterministic for a given --seed. Prints the number of lines and bytes written.
 */
@Command(name = "GenerateYear", mixinStandardHelpOptions = true, version = "GenerateYear 1.0",
        description = "Write synthetic coppice scrape records, one day file per UTC date.")
public class GenerateYear implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the YYYY-MM-DD.jsonl files.")
    Path out;

    @Option(names = "--days", defaultValue = "365", description = "Days to generate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--interval", defaultValue = "30", description = "Seconds between scrapes (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    @Option(names = "--start", defaultValue = "2025-01-01T00:00:00Z", description = "First scrape (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    static final String TARGET = "http://127.0.0.1:49982/metrics";
    static final String[] COUNTERS = {"coppice_sandboxes_created_total", "coppice_sandboxes_killed_total",
        "coppice_sandboxes_paused_total", "coppice_sandboxes_resumed_total", "coppice_execute_requests_total",
        "coppice_execute_errors_total", "coppice_kernel_spawns_total", "coppice_kernel_exits_total",
        "coppice_sandbox_create_ns_sum", "coppice_execute_ns_sum"};

    public static void main(String[] args) {
        System.exit(new CommandLine(new GenerateYear()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        Random random = new Random(seed);
        Map<String, String> types = new LinkedHashMap<>();
        types.put("coppice_uptime_seconds", "gauge");
        types.put("coppice_sandboxes_alive", "gauge");
        types.put("coppice_kernels_alive", "gauge");
        for (String c : COUNTERS) types.put(c, "counter");
        types.put("coppice_sandbox_cpu_percent", "gauge");

        long intervalMs = intervalSeconds * 1000L;
        long startMs = start.toEpochMilli();
        long endMs = startMs + days * 86_400_000L;
        long restartEvery = 3 * 86_400_000L, outageEvery = 2 * 86_400_000L, outageLength = 10 * 60_000L;
        long rotation = 2 * 3_600_000L;
        String[] sandbox = new String[5];
        long[] sandboxSince = new long[5];
        double[] cpu = new double[5];
        double[] counter = new double[COUNTERS.length];
        long processStart = startMs - 3_600_000L;
        long lines = 0, bytes = 0;
        String day = null;
        BufferedWriter w = null;
        try {
            for (long ts = startMs; ts < endMs; ts += intervalMs + random.nextInt(200) - 100) {
                Path dayFile = DayFiles.fileFor(out, Instant.ofEpochMilli(ts));
                String today = dayFile.getFileName().toString();
                if (!today.equals(day)) {
                    if (w != null) w.close();
                    w = Files.newBufferedWriter(dayFile, StandardCharsets.UTF_8);
                    day = today;
                }
                long sinceStart = ts - startMs;
                if (sinceStart > 0 && sinceStart / restartEvery != (sinceStart - intervalMs) / restartEvery) {
                    processStart = ts - random.nextInt(20_000);
                    java.util.Arrays.fill(counter, 0);
                    java.util.Arrays.fill(sandbox, null);
                }
                String line;
                if (sinceStart % outageEvery < outageLength && sinceStart >= outageEvery) {
                    line = RecordCodec.json(ScrapeRecord.failed(Instant.ofEpochMilli(ts), TARGET, 1000, null, -1,
                            "connect to 127.0.0.1:49982 failed: Connection refused"));
                } else {
                    Map<String, Double> series = new LinkedHashMap<>();
                    series.put("coppice_uptime_seconds", (ts - processStart) / 1000.0);
                    for (int s = 0; s < 5; s++) {
                        long slotPhase = s * rotation / 5;
                        if (sandbox[s] == null || (ts - slotPhase) / rotation != (sandboxSince[s] - slotPhase) / rotation) {
                            if (sandbox[s] != null) counter[1]++;
                            sandbox[s] = String.format("%016x%016x", random.nextLong(), random.nextLong());
                            sandboxSince[s] = ts;
                            cpu[s] = random.nextDouble() * 50;
                            counter[0]++;
                            counter[6]++;
                            if (sandbox[s] != null && counter[1] > 0) counter[7]++;
                            counter[8] += 150e6 + random.nextInt(100_000_000);
                        }
                        cpu[s] = Math.max(0, Math.min(400, cpu[s] + random.nextGaussian() * 8));
                    }
                    int paused = random.nextInt(100) < 3 ? 1 : 0;
                    counter[2] += paused;
                    counter[3] += paused;
                    int executes = random.nextInt(60);
                    counter[4] += executes;
                    counter[5] += random.nextInt(100) < 5 ? 1 : 0;
                    counter[9] += executes * (20e6 + random.nextInt(40_000_000));
                    series.put("coppice_sandboxes_alive", 5.0);
                    series.put("coppice_kernels_alive", 4.0 + random.nextInt(2));
                    for (int c = 0; c < COUNTERS.length; c++) series.put(COUNTERS[c], counter[c]);
                    for (int s = 0; s < 5; s++) {
                        series.put(SeriesKey.of("coppice_sandbox_cpu_percent", List.of("sandbox", sandbox[s])),
                                Math.round(cpu[s] * 100) / 100.0);
                    }
                    line = RecordCodec.json(new ScrapeRecord(Instant.ofEpochMilli(ts), TARGET, true, 3 + random.nextInt(10), "prometheus",
                            2400 + random.nextInt(50), null, series, types, Map.of()));
                }
                w.write(line);
                w.write('\n');
                lines++;
                bytes += line.length() + 1;
            }
        } finally {
            if (w != null) w.close();
        }
        System.out.printf("%d lines, %d bytes in %s%n", lines, bytes, out);
        return 0;
    }
}
