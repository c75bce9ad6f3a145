///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Measures watch over time: fixed-rate lateness and heap growth through 1,000 failing scrapes, and how soon a second Ctrl-C ends it.
//DEPS info.picocli:picocli:4.7.7
//DEPS org.junit.jupiter:junit-jupiter-api:5.14.1
//DEPS org.assertj:assertj-core:3.27.6
//SOURCES ../lib/units/*.java
//SOURCES ../lib/files/*.java
//SOURCES ../lib/version/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/parse/*.java
//SOURCES ../lib/days/*.java
//SOURCES ../lib/http/*.java
//SOURCES ../lib/scrape/*.java
//SOURCES ../lib/prom/*.java
//SOURCES ../tests/support/Project.java
//SOURCES ../tests/support/ReliabilityFixtures.java
//SOURCES ../tests/support/Scrapes.java
//JAVAC_OPTIONS -XDignore.symbol.file
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import record.RecordCodec;
import record.ScrapeRecord;
import scrape.Scraper;
import scrape.Watcher;
import support.Project;
import support.ReliabilityFixtures;
import support.Scrapes;

/**
 * The timing side of {@code watch}, which no test asserts (tests/scrape checks the same runs by their records, status
 * lines and exit status). Prints figures only, no pass/fail; the issue's aims are given beside them.
 *
 * <ol>
 *   <li><b>Soak</b>, in this JVM: a {@link Watcher} at {@code --interval} (100 ms) against a loopback target that fails
 *       {@code --failures} times (1,000; the fast faults of {@link ReliabilityFixtures.FaultyServer} in turn: HTTP 500
 *       and 404, a redirect loop, bad gzip, a cut body, an HTML page) and then heals. Prints the used heap after a full
 *       GC after 50 failures and after all of them (aim: flat, growth well under 24 MiB), and the fixed-rate lateness:
 *       how far each sample's start is from {@code start + N × interval} (median, p99, worst; aim: within 50 ms).
 *       Samples that follow a slow one are left out of the lateness (a sample cannot start before the one before it
 *       ended) and counted apart.
 *   <li><b>Second Ctrl-C</b>: the real {@code watch.java} in a child JVM, its target taking 3 s per scrape; SIGINT,
 *       200 ms, SIGINT again; prints the time from the first SIGINT to the exit and the exit status (aim: 130, well
 *       before the 3 s scrape in flight would have ended), {@code --sigint-runs} times.
 * </ol>
 *
 * <p>Usage, from the checkout: {@code ./jbang bench/WatchBench.java [--failures N] [--interval DURATION] [--sigint-runs N]}.
 * Needs a JDK 17+ and the {@code kill} and GNU {@code env} commands (for the signals); takes about two minutes with the
 * defaults. Run it on an otherwise idle machine: the lateness is what it measures.
 */
@Command(name = "WatchBench", mixinStandardHelpOptions = true, version = "1.0",
        description = "Prints watch's fixed-rate lateness and heap growth through failing scrapes, and its exit time on a second Ctrl-C.")
public class WatchBench implements Callable<Integer> {
    @Option(names = "--failures", defaultValue = "1000", description = "Failing scrapes in the soak (default ${DEFAULT-VALUE}).")
    int failures;

    @Option(names = "--interval", defaultValue = "100", description = "Interval of the soak, in milliseconds (default ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--sigint-runs", defaultValue = "3", description = "Runs of the second-Ctrl-C measurement (default ${DEFAULT-VALUE}).")
    int sigintRuns;

    private static final Pattern SKIPPED = Pattern.compile(" skipped=(\\d+)");

    public static void main(String[] args) {
        System.exit(new CommandLine(new WatchBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        soak();
        for (int run = 1; run <= sigintRuns; run++) secondCtrlC(run);
        return 0;
    }

    private void soak() throws Exception {
        Path dir = Files.createTempDirectory("watch-bench");
        try (ReliabilityFixtures.FaultyServer flaky = new ReliabilityFixtures.FaultyServer()) {
            flaky.failFirst = failures + 1; // one goes to the warm-up
            Scraper scraper = Scrapes.scraper(flaky.uri("/flaky").toString(), Duration.ofSeconds(2), 1 << 20);
            scraper.scrape(); // warm-up: the HTTP client's first request loads and initialises much of java.net.http
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            Watcher watcher = Scrapes.watcher(scraper, Duration.ofMillis(intervalMs), 0, dir,
                    new PrintStream(status, true, StandardCharsets.UTF_8));
            Watcher.Summary[] summary = new Watcher.Summary[1];
            Thread loop = new Thread(() -> summary[0] = watcher.run(), "watch-soak");
            loop.start();

            int early = Math.min(50, failures);
            waitFor(() -> flaky.flakyServed() >= early + 1, Duration.ofMinutes(5));
            long heapEarly = usedHeapAfterGc();
            waitFor(() -> flaky.flakyServed() >= failures + 1, Duration.ofHours(1));
            long heapLate = usedHeapAfterGc();
            waitFor(() -> upRecords(dir) > 0, Duration.ofMinutes(1));
            watcher.stop();
            loop.join();

            List<ScrapeRecord> records = ReliabilityFixtures.lines(dir).stream().map(RecordCodec::parse).toList();
            List<String> statusLines = status.toString(StandardCharsets.UTF_8).lines().filter(l -> l.matches("^\\d{4}-.*")).toList();
            System.out.printf("soak: %d samples (%d down) at %d ms; used heap after GC %.1f MiB after %d failures, %.1f MiB after %d"
                            + " (growth %+.1f MiB; aim: flat)%n", summary[0].samples(), summary[0].down(), intervalMs,
                    heapEarly / 1048576.0, early, heapLate / 1048576.0, failures, (heapLate - heapEarly) / 1048576.0);
            printLateness(records, statusLines, summary[0].skippedTicks());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    /**
     * Sample i belongs to tick i + (ticks skipped before it). A sample that follows a slow one (which ended, give or
     * take the write, after this tick was due) is late by that sample's length, not by the schedule: counted apart.
     */
    private void printLateness(List<ScrapeRecord> records, List<String> statusLines, long skippedTicks) {
        long first = records.get(0).ts().toEpochMilli();
        long tick = 0, worst = 0, over50 = 0, afterSlow = 0;
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            long due = first + tick * intervalMs;
            ScrapeRecord previous = i == 0 ? null : records.get(i - 1);
            if (previous != null && previous.ts().toEpochMilli() + previous.scrapeMs() + 5 > due) {
                afterSlow++;
            } else {
                long offset = Math.abs(records.get(i).ts().toEpochMilli() - due);
                offsets.add(offset);
                worst = Math.max(worst, offset);
                if (offset > 50) over50++;
            }
            Matcher skipped = SKIPPED.matcher(statusLines.get(i));
            tick += 1 + (skipped.find() ? Long.parseLong(skipped.group(1)) : 0);
        }
        Collections.sort(offsets);
        System.out.printf("fixed rate: start vs start + N x interval over %d samples: median %d ms, p99 %d ms, worst %d ms, %d over 50 ms"
                        + " (aim: within 50 ms); %d samples after a slow one left out; %d skipped ticks%n", offsets.size(),
                offsets.get(offsets.size() / 2), offsets.get(offsets.size() * 99 / 100), worst, over50, afterSlow, skippedTicks);
    }

    private void secondCtrlC(int run) throws Exception {
        Path dir = Files.createTempDirectory("watch-bench");
        try (ReliabilityFixtures.FaultyServer server = new ReliabilityFixtures.FaultyServer()) {
            Path data = dir.resolve("data");
            Process watch = ReliabilityFixtures.Scripts.start(ReliabilityFixtures.Scripts.withDefaultSigint(ReliabilityFixtures.Scripts.command(
                    "watch", "--url", server.uri("/slow?ms=3000").toString(), "--interval", "100ms", "--data-dir", data.toString())));
            // The second scrape is in flight once the server has seen its request.
            waitFor(() -> server.requests() >= 2, Duration.ofMinutes(1));
            long t0 = System.nanoTime();
            ReliabilityFixtures.Scripts.signal(watch, "INT");
            Thread.sleep(200);
            ReliabilityFixtures.Scripts.signal(watch, "INT");
            Project.Run result = ReliabilityFixtures.Scripts.finish(watch, Duration.ofSeconds(30));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("second Ctrl-C, run %d: exit status %d %d ms after the first SIGINT (the second came at 200 ms;"
                    + " aim: 130, well before the 3 s scrape in flight ends); %d record(s) written%n",
                    run, result.exit(), ms, ReliabilityFixtures.lines(data).size());
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Collections.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private static long upRecords(Path dir) {
        try {
            return ReliabilityFixtures.lines(dir).stream().filter(l -> l.contains("\"up\":1")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("condition not met within " + limit);
            Thread.sleep(20);
        }
    }
}
