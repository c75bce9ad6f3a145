import static org.assertj.core.api.Assertions.assertThat;
import days.DayFileReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import page.Chart;
import page.ChartBuilder;
import page.Downsampler;
import page.SeriesMath;
import page.Trace;
import record.CompactRecord;
import record.RecordCodec;
import record.ScrapeRecord;
import scrape.Scraper;
import scrape.Watcher;
import sim.SimulatedGateway;
import support.PromServer;
import support.Scrapes;

/**
 * Cross-check of the page's counter rates against a real Prometheus (Debian's 2.42) scraping the same simulated
 * gateway at the same time as {@code watch}.
 *
 * <p>Design. Two independent scrapers sample at different instants, so with a gateway whose counters move all the
 * time their rates differ by whatever happened between the two scrape instants, and no tolerance would be both
 * honest and tight. Here the counters move only at known moments, placed so that every interval of either scraper
 * holds exactly one move, and the same one:
 * <ul>
 *   <li>Prometheus scrapes every 1 s at a fixed phase of the wall clock (its scrape offset, a hash of the target);
 *       the test reads that phase from the timestamps of {@code up}.</li>
 *   <li>The project's {@link Watcher} (in-process, interval 1 s) is started half a second out of phase with
 *       Prometheus: ours at {@code T0 + 0.5 s + k s}, Prometheus's at {@code T0 + k s}.</li>
 *   <li>There is no background workload: the test itself moves the gateway by {@link #TICKS_PER_MOVE} workload
 *       ticks ({@link SimulatedGateway#step}, seeded) in slot j at {@code T0 + 0.75 s + j s}, a quarter second after
 *       our scrape j and a quarter second before Prometheus's scrape j+1, and only once both scrapes before it have
 *       finished (our record written, Prometheus's sample stored) with time to spare; on a machine too busy for that
 *       the slot stays without a move, which both scrapers then see as no increase. Once, the move is preceded by
 *       {@link SimulatedGateway#restart()}, so every counter that had grown is reset.</li>
 * </ul>
 * Then our interval {@code (t[k-1], t[k]]} and Prometheus's last two samples before {@code t[k]} both span the move of
 * slot k-1 and no other, so {@code irate(x[3s])} evaluated at our sample instant {@code t[k]} and the page's rate at {@code t[k]}
 * divide the same increase (resets included) by the two scrapers' interval lengths. Those lengths are 1 s each only
 * nominally: on a busy machine a scrape starts some ms late (Prometheus's were seen 19 ms late, 1.9 % of the interval),
 * so a plain "within 1 %" would be a timed assertion. The test therefore puts irate on our interval,
 * {@code irate × (Prometheus's interval) / (our interval)}, with Prometheus's interval read from its own sample
 * timestamps, and then asks for equality up to floating-point rounding ({@link #TOLERANCE}), which is stricter than
 * 1 % and independent of timing. A move seen by one
 * scraper and not the other changes a rate by a whole move, which no tolerance hides. Before comparing, every move's
 * start and end are checked against both scrapers' scrape start and end (duration included), so a thread stalled in
 * the middle of a move on a busy machine is reported as such, not as a rate disagreement.
 *
 * <p>Our side is the page's own code: {@link DayFileReader} over the watch's data folder feeding {@link ChartBuilder},
 * whose traces give the 8 {@code _total} counters' rates (the families' charts under Other metrics); the two
 * {@code _ns_sum} series (served untyped) are rated with {@link SeriesMath#ratePerSecond} over the same records. (The
 * coppice panels, the Latency panel's means included, are PromQL: PanelsCrossCheckTest compares them with
 * Prometheus.) The test cannot pass by comparing nothing: every interval must be compared,
 * at most 3 slots may lack a move, every counter must be non-zero in a third of the intervals, and the restart must
 * show as a counter reset to both sides.
 */
class PrometheusCrossCheckTest {
    private static final int SAMPLES = 30;
    private static final long INTERVAL_MS = 1000;
    /** Our scrapes lie this far after Prometheus's; the counters move this far after ours. */
    private static final long WATCH_OFFSET_MS = 500, MOVE_OFFSET_MS = 750;
    /** Workload ticks per move: about 3 s of gateway life, so even the rare counters (errors, pauses) move often. */
    private static final int TICKS_PER_MOVE = 30;
    /** The gateway restarts with the first move made at or after this slot (slot j lies between our samples j and j+1). */
    private static final int RESTART_SLOT = SAMPLES / 2 - 1;
    /** A move is made only if at least this long is left before Prometheus's next scrape is due. */
    private static final long MOVE_GUARD_MS = 150;
    /**
     * Relative tolerance once Prometheus's rate is put on our interval: both sides then divide the same integer increase
     * by the same seconds, so only floating-point rounding may differ (far inside the 1 % the render issue asks for).
     */
    private static final double TOLERANCE = 1e-9;
    /**
     * Slack, in ms, around each scrape when checking that a move fell between two scrapes: our timestamps and
     * durations are cut to the millisecond, and Prometheus moves a sample's timestamp by up to 2 ms onto its schedule.
     */
    private static final long SLACK_MS = 3;
    private static final String JOB = "coppice_crosscheck";
    private static final List<String> TOTALS = List.of("coppice_sandboxes_created_total", "coppice_sandboxes_killed_total",
            "coppice_sandboxes_paused_total", "coppice_sandboxes_resumed_total", "coppice_execute_requests_total",
            "coppice_execute_errors_total", "coppice_kernel_spawns_total", "coppice_kernel_exits_total");
    private static final List<String> NS_SUMS = List.of("coppice_sandbox_create_ns_sum", "coppice_execute_ns_sum");

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void pageRatesAgreeWithPrometheusIrateForEveryCounterAcrossARestart() throws Exception {
        PromServer.toolOrSkip("prometheus");
        Path data = temp.resolve("data");
        ByteArrayOutputStream watchStatus = new ByteArrayOutputStream();
        String selector = "{job=\"" + JOB + "\"}";
        try (SimulatedGateway gateway = SimulatedGateway.start(0);
             PromServer prometheus = PromServer.start(temp.resolve("tsdb"), scrapeConfig(gateway), List.of(), PromServer.freePort())) {
            long phase = prometheusPhase(prometheus, selector);

            Scraper scraper = Scrapes.scraper(gateway.metricsUri().toString(), Duration.ofMillis(900), 10_000_000);
            // The first scrapes load classes and open the connection; a slow scrape could see a later move.
            for (int i = 0; i < 3; i++) assertThat(scraper.scrape().up()).as("warm-up scrape of the gateway").isTrue();

            long now = System.currentTimeMillis();
            long t0 = now + 2000 + Math.floorMod(phase - (now + 2000), INTERVAL_MS);
            List<Move> moves = watchWhileMoving(gateway, scraper, prometheus, selector, t0, data, watchStatus);

            // Our side: the page's code over the watch's data folder.
            DayFileReader reader = new DayFileReader(null, null, null);
            ChartBuilder charts = new ChartBuilder(10_000, 100, reader.types());
            List<CompactRecord> samples = new ArrayList<>();
            reader.read(data, sample -> {
                charts.accept(sample);
                samples.add(sample);
            });
            charts.finish();
            String status = watchStatus.toString(StandardCharsets.UTF_8);
            assertThat(samples).as("watch's records; its status lines:\n" + status).hasSize(SAMPLES);
            assertThat(samples).as("every scrape up; watch's status lines:\n" + status).allMatch(CompactRecord::up);
            long[] ts = samples.stream().mapToLong(CompactRecord::tsMillis).toArray();
            Map<String, Map<Long, Double>> ours = new LinkedHashMap<>();
            for (String counter : TOTALS) ours.put(counter, tracePoints(charts, counter));
            for (String sum : NS_SUMS) ours.put(sum, seriesMathRates(samples, sum));

            // Prometheus's side: irate at our sample instants, once it has stored the sample before our last one.
            Instant end = Instant.ofEpochMilli(ts[SAMPLES - 1]);
            waitForSample(prometheus, "up" + selector, end);
            Map<Long, Double> promUp = prometheus.raw("up" + selector + "[" + (ts[SAMPLES - 1] - ts[0] + 2000) + "ms]", end);
            Map<String, Map<Long, Double>> theirs = prometheusRates(prometheus, selector, ts);

            Map<Long, Double> promDurations = prometheus.raw("scrape_duration_seconds" + selector + "["
                    + (ts[SAMPLES - 1] - ts[0] + 2000) + "ms]", end);
            List<long[]> ourScrapes = ourScrapes(data);
            List<long[]> promScrapes = new ArrayList<>();
            promDurations.forEach((t, seconds) -> promScrapes.add(new long[] {t, t + (long) Math.ceil(seconds * 1000)}));
            String timing = timing(ourScrapes, promScrapes, moves, phase, t0, status);
            assertThat(promUp.values()).as("Prometheus's scrapes of the gateway (up)\n" + timing).containsOnly(1.0);

            // Prometheus's last two samples at or before each of our sample instants: the pair its irate divides by.
            long[] promBefore = new long[SAMPLES], promAfter = new long[SAMPLES];
            for (int k = 1; k < SAMPLES; k++) {
                int last = -1;
                for (int i = 0; i < promScrapes.size(); i++) if (promScrapes.get(i)[0] <= ts[k]) last = i;
                assertThat(last).as("Prometheus samples before our sample " + k + "\n" + timing).isGreaterThanOrEqualTo(1);
                promBefore[k] = promScrapes.get(last - 1)[0];
                promAfter[k] = promScrapes.get(last)[0];
            }
            // Precondition (about the machine, not the rates): each move fell between the two scrapes of each scraper that
            // the comparison pairs: between our samples j and j+1, and between Prometheus's last two before our sample j+1.
            assertThat(moves).as("moves made\n" + timing).hasSizeGreaterThanOrEqualTo(SAMPLES - 4);
            for (Move move : moves) {
                int k = move.slot() + 1;
                String busy = " (else the machine was too busy to keep the schedule; this is not a rate disagreement)\n" + timing;
                assertThat(gapHolding(move, ourScrapes)).as("move in slot %d lies between our samples %d and %d%s", move.slot(),
                        k - 1, k, busy).isEqualTo(k - 1);
                int promGap = gapHolding(move, promScrapes);
                assertThat(promGap >= 0 && promScrapes.get(promGap)[0] == promBefore[k] && promScrapes.get(promGap + 1)[0] == promAfter[k])
                        .as("move in slot %d lies between Prometheus's last two samples before our sample %d%s", move.slot(), k, busy).isTrue();
            }

            // The comparison. irate divides by Prometheus's interval, the page by ours; put irate on our interval first.
            List<String> disagreements = new ArrayList<>();
            Map<String, Integer> nonZero = new LinkedHashMap<>();
            for (Map.Entry<String, Map<Long, Double>> e : theirs.entrySet()) {
                String what = e.getKey();
                for (int k = 1; k < SAMPLES; k++) {
                    Double page = ours.get(what).get(ts[k]);
                    double irate = e.getValue().get(ts[k]);
                    double expected = irate * (promAfter[k] - promBefore[k]) / (double) (ts[k] - ts[k - 1]);
                    String where = what + " at sample " + k + " (" + Instant.ofEpochMilli(ts[k]) + "): page " + page
                            + ", Prometheus " + irate + " per its " + (promAfter[k] - promBefore[k]) + " ms = "
                            + expected + " per our " + (ts[k] - ts[k - 1]) + " ms";
                    if (page == null || !agree(page, expected)) {
                        disagreements.add(where);
                        continue;
                    }
                    if (expected != 0) nonZero.merge(what, 1, Integer::sum);
                }
            }
            assertThat(disagreements).as("page vs Prometheus\n" + timing).isEmpty();
            for (String what : theirs.keySet()) {
                assertThat(nonZero.getOrDefault(what, 0)).as("intervals where " + what + " is not zero").isGreaterThanOrEqualTo(SAMPLES / 3);
            }

            // The restart: a counter reset to both sides, at the same sample, and rated by both from the new value.
            Move restart = moves.stream().filter(Move::restart).findFirst().orElseThrow(() -> new AssertionError("no restart\n" + timing));
            int k = restart.slot() + 1;
            List<String> dropped = new ArrayList<>();
            for (String counter : concat(TOTALS, NS_SUMS)) {
                if (valueOf(samples.get(k), counter) < valueOf(samples.get(k - 1), counter)) dropped.add(counter);
            }
            assertThat(dropped).as("counters that went down at sample " + k).contains("coppice_execute_requests_total",
                    "coppice_sandboxes_created_total", "coppice_execute_ns_sum", "coppice_sandbox_create_ns_sum");
            for (String counter : dropped) {
                assertThat(ours.get(counter).get(ts[k])).as(counter + " after the reset, page").isEqualTo(valueOf(samples.get(k), counter)
                        / ((ts[k] - ts[k - 1]) / 1000.0));
                assertThat(prometheus.instant("resets(" + counter + selector + "[" + (ts[k] - promBefore[k]) + "ms])",
                        Instant.ofEpochMilli(ts[k]))).as(counter + " resets, Prometheus").isEqualTo(1.0);
            }
            assertThat(charts.restarts()).as("restarts the page marks").hasSize(1);
        }
    }

    /** One move of the gateway: its slot (between our samples slot and slot+1), start and end in epoch ms, and whether it restarted the gateway first. */
    private record Move(int slot, long start, long end, boolean restart) {}

    /**
     * Runs the watch (in-process, {@link #SAMPLES} samples, the first at {@code t0 + WATCH_OFFSET_MS}) while moving the
     * gateway in slot j at {@code t0 + MOVE_OFFSET_MS + j s}, once restarting it first. A slot's move is made only once
     * both scrapers have finished the scrape before it (our record written, Prometheus's sample stored) and still
     * {@link #MOVE_GUARD_MS} before Prometheus's next scrape; else the slot is left without a move (both then see no
     * increase), so a busy machine costs a move, not a wrong pairing.
     */
    private static List<Move> watchWhileMoving(SimulatedGateway gateway, Scraper scraper, PromServer prometheus, String selector,
            long t0, Path data, ByteArrayOutputStream status) throws Exception {
        Watcher watcher = Scrapes.watcher(scraper, Duration.ofMillis(INTERVAL_MS), SAMPLES, data,
                new PrintStream(status, true, StandardCharsets.UTF_8));
        Thread watch = new Thread(() -> {
            if (sleepUntil(t0 + WATCH_OFFSET_MS)) watcher.run();
        }, "crosscheck-watch");
        watch.setDaemon(true);
        watch.start();
        List<Move> moves = new ArrayList<>();
        try {
            Random random = new Random(20261129);
            long previousMoveEnd = t0 - INTERVAL_MS;
            for (int j = 0; j < SAMPLES - 1; j++) {
                if (!sleepUntil(t0 + MOVE_OFFSET_MS + j * INTERVAL_MS)) break;
                long lastChance = t0 + (j + 1) * INTERVAL_MS - MOVE_GUARD_MS;
                boolean ready = false;
                while (!ready && System.currentTimeMillis() < lastChance) {
                    ready = linesIn(status) >= j + 1 && latestSample(prometheus, "up" + selector) > previousMoveEnd;
                    if (!ready) Thread.sleep(5);
                }
                if (!ready || System.currentTimeMillis() >= lastChance) continue;
                long start = System.currentTimeMillis();
                boolean restart = j >= RESTART_SLOT && moves.stream().noneMatch(Move::restart);
                if (restart) gateway.restart();
                for (int i = 0; i < TICKS_PER_MOVE; i++) gateway.step(random);
                previousMoveEnd = System.currentTimeMillis();
                moves.add(new Move(j, start, previousMoveEnd, restart));
            }
            watch.join(TimeUnit.SECONDS.toMillis(SAMPLES + 30));
        } finally {
            watcher.stop();
            watch.join(10_000);
        }
        assertThat(watch.isAlive()).as("watch ended").isFalse();
        return moves;
    }

    private static long linesIn(ByteArrayOutputStream status) {
        return status.toString(StandardCharsets.UTF_8).lines().count();
    }

    /** Timestamp (epoch ms) of Prometheus's newest stored sample of {@code selector} from the last 5 s, or -1. */
    private static long latestSample(PromServer prometheus, String selector) throws Exception {
        long latest = -1;
        for (long t : prometheus.raw(selector + "[5s]", Instant.now()).keySet()) latest = Math.max(latest, t);
        return latest;
    }

    /**
     * Prometheus's answers at each of our sample instants but the first: {@code irate} of every counter.
     */
    private static Map<String, Map<Long, Double>> prometheusRates(PromServer prometheus, String selector, long[] ts) throws Exception {
        Map<String, Map<Long, Double>> out = new LinkedHashMap<>();
        for (String counter : concat(TOTALS, NS_SUMS)) {
            Map<Long, Double> rates = new TreeMap<>();
            for (int k = 1; k < ts.length; k++) {
                rates.put(ts[k], prometheus.instant("irate(" + counter + selector + "[3s])", Instant.ofEpochMilli(ts[k])));
            }
            out.put(counter, rates);
        }
        return out;
    }

    private static boolean agree(double ours, double theirs) {
        if (theirs == 0) return ours == 0;
        return Math.abs(ours - theirs) <= TOLERANCE * Math.abs(theirs);
    }

    /** The points of the page's trace called {@code name} (exactly one in all charts), breaks left out. */
    private static Map<Long, Double> tracePoints(ChartBuilder charts, String name) {
        List<Trace> found = new ArrayList<>();
        for (Chart chart : charts.charts()) {
            for (Trace trace : chart.traces()) if (trace.name.equals(name)) found.add(trace);
        }
        assertThat(found).as("page traces named " + name).hasSize(1);
        Downsampler points = found.get(0).points;
        assertThat(points.downsampled()).as(name + " downsampled").isFalse();
        Map<Long, Double> out = new TreeMap<>();
        for (int i = 0; i < points.size(); i++) if (!Double.isNaN(points.value(i))) out.put(points.time(i), points.value(i));
        return out;
    }

    /** Rates of one series between consecutive records, by {@link SeriesMath#ratePerSecond}, at the later record's time. */
    private static Map<Long, Double> seriesMathRates(List<CompactRecord> samples, String key) {
        Map<Long, Double> out = new TreeMap<>();
        double previous = Double.NaN;
        long previousTs = 0;
        for (CompactRecord s : samples) {
            double value = Double.NaN;
            for (int i = 0; i < s.keys().length; i++) if (s.keys()[i].equals(key)) value = s.values()[i];
            double rate = SeriesMath.ratePerSecond(previous, previousTs, value, s.tsMillis());
            if (!Double.isNaN(rate)) out.put(s.tsMillis(), rate);
            previous = value;
            previousTs = s.tsMillis();
        }
        return out;
    }

    /** Our scrapes as {start, latest end} in epoch ms, from the watch's records (start + duration, both cut to the ms). */
    private static List<long[]> ourScrapes(Path data) throws IOException {
        List<long[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) continue;
                    ScrapeRecord r = RecordCodec.parse(line);
                    out.add(new long[] {r.ts().toEpochMilli(), r.ts().toEpochMilli() + r.scrapeMs()});
                }
            }
        }
        return out;
    }

    /**
     * Index i of the gap between {@code scrapes[i]} and {@code scrapes[i+1]} that holds the whole move (it began after
     * scrape i had answered and ended before scrape i+1 began, with {@link #SLACK_MS} to spare), or -1 when none does.
     */
    private static int gapHolding(Move move, List<long[]> scrapes) {
        for (int i = 0; i + 1 < scrapes.size(); i++) {
            if (scrapes.get(i)[1] + SLACK_MS < move.start() && move.end() + SLACK_MS < scrapes.get(i + 1)[0]) return i;
        }
        return -1;
    }

    private static double valueOf(CompactRecord sample, String key) {
        for (int i = 0; i < sample.keys().length; i++) if (sample.keys()[i].equals(key)) return sample.values()[i];
        throw new AssertionError(key + " missing from the record of " + Instant.ofEpochMilli(sample.tsMillis()));
    }

    private static String scrapeConfig(SimulatedGateway gateway) {
        return "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n"
                + "scrape_configs:\n  - job_name: " + JOB + "\n    static_configs:\n      - targets: ['127.0.0.1:" + gateway.port() + "']\n";
    }

    /** The millisecond of the second at which Prometheus scrapes the gateway, read from its first samples of {@code up}. */
    private static long prometheusPhase(PromServer prometheus, String selector) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<Long, Double> up = prometheus.raw("up" + selector + "[10s]", Instant.now());
            if (up.size() >= 3) {
                assertThat(up.values()).as("Prometheus's scrapes of the gateway (up)").containsOnly(1.0);
                List<Long> times = new ArrayList<>(up.keySet());
                long last = times.get(times.size() - 1);
                return Math.floorMod(last, INTERVAL_MS);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not scrape the gateway 3 times within 60 s; up: " + up + "\n" + prometheus.logText());
            }
            Thread.sleep(300);
        }
    }

    /** Waits (at most 30 s) until Prometheus holds a sample of {@code selector} no older than 1 s before {@code at}. */
    private static void waitForSample(PromServer prometheus, String selector, Instant at) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (prometheus.raw(selector + "[1s]", at).isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("Prometheus has no sample of " + selector + " near " + at);
            Thread.sleep(200);
        }
    }

    /** Sleeps until the wall clock reads {@code epochMillis}; false when interrupted. */
    private static boolean sleepUntil(long epochMillis) {
        try {
            for (long left; (left = epochMillis - System.currentTimeMillis()) > 0; ) Thread.sleep(left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Both scrapers' scrapes (start+duration) and the moves (start..end), in ms after T0, for failure messages. */
    private static String timing(List<long[]> ours, List<long[]> prometheus, List<Move> moves, long phase, long t0, String status) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Prometheus phase %d ms; times in ms after T0 = %s%n",
                phase, Instant.ofEpochMilli(t0)));
        out.append("ours:       ");
        for (long[] s : ours) out.append(s[0] - t0).append('+').append(s[1] - s[0]).append(' ');
        out.append("\nPrometheus: ");
        for (long[] s : prometheus) if (s[0] >= t0 - 1000) out.append(s[0] - t0).append('+').append(s[1] - s[0]).append(' ');
        out.append("\nmoves:      ");
        for (Move m : moves) out.append(m.slot()).append(m.restart() ? "(restart)" : "").append(':').append(m.start() - t0).append("..")
                .append(m.end() - t0).append(' ');
        return out.append("\nwatch:\n").append(status).toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
