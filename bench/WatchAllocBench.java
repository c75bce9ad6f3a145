///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Measures the work of one watch sample: bytes allocated and CPU time per scrape of the simulated gateway, in one JVM.
//DEPS info.picocli:picocli:4.7.7
//SOURCES ../lib/units/*.java
//SOURCES ../lib/files/*.java
//SOURCES ../lib/version/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/parse/*.java
//SOURCES ../lib/days/*.java
//SOURCES ../lib/http/*.java
//SOURCES ../lib/scrape/*.java
//SOURCES ../lib/sim/*.java
//JAVA_OPTIONS -XX:+UseSerialGC -Xms8m -Xmx2g
//JAVAC_OPTIONS -XDignore.symbol.file
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scrape.Scraper;
import scrape.Watcher;
import sim.SimulatedGateway;

/**
 * Issue 12, "less work per scrape in watch": a {@link Watcher} of the simulated gateway (the coppice sample's series)
 * at a short interval, in this JVM. After {@code --warmup} samples, prints the bytes allocated by all threads per
 * sample (HotSpot's per-thread allocation counters, summed over the threads alive at the start and the end, leaving out
 * the gateway's own HTTP-Dispatcher thread) and the
 * process's CPU time per sample. Figures only, no pass/fail.
 *
 * <p>Usage: {@code ./jbang bench/WatchAllocBench.java [--samples N] [--warmup N] [--interval-ms N]}; add
 * {@code -R-XX:TieredStopAtLevel=1} before the script to compare C1 alone.
 */
@Command(name = "WatchAllocBench", mixinStandardHelpOptions = true, version = "1.0",
        description = "Prints bytes allocated and CPU ms per watch sample of the simulated gateway.")
public class WatchAllocBench implements Callable<Integer> {
    @Option(names = "--samples", defaultValue = "2000", description = "Measured samples (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--warmup", defaultValue = "1000", description = "Samples before measuring (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--interval-ms", defaultValue = "5", description = "Interval in milliseconds (default ${DEFAULT-VALUE}).")
    long intervalMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WatchAllocBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("watch-alloc");
        try (SimulatedGateway gateway = SimulatedGateway.start(0)) {
            Scraper scraper = new Scraper(new Scraper.Settings(gateway.metricsUri().toString(), Duration.ofSeconds(5),
                    Scraper.FormatChoice.AUTO, 64L << 20, Map.of(), null), null);
            PrintStream status = new PrintStream(OutputStream.nullOutputStream());
            new Watcher(List.of(scraper), Duration.ofMillis(intervalMs), warmup, dir, status, r -> {}).run();

            int series = scraper.scrape().series().size();
            long bytes0 = allocatedBytes(), cpu0 = cpuNanos();
            Watcher.Summary summary = new Watcher(List.of(scraper), Duration.ofMillis(intervalMs), samples, dir, status, r -> {}).run();
            long bytes = allocatedBytes() - bytes0, cpu = cpuNanos() - cpu0;
            System.out.printf("watch sample of %d series at %d ms (%s, %s): %.1f KB allocated and %.2f ms CPU per sample over %d samples"
                            + " (%d up, %d skipped ticks)%n", series, intervalMs, System.getProperty("java.vm.version"),
                    ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-XX:Tiered")).findFirst()
                            .orElse("C1+C2"), bytes / 1000.0 / summary.samples(), cpu / 1e6 / summary.samples(), summary.samples(),
                    summary.up(), summary.skippedTicks());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
        return 0;
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            // The simulated gateway's HttpServer answers on its dispatcher thread: its work is the target's, not watch's.
            if (info == null || info.getThreadName().startsWith("HTTP-Dispatcher")) continue;
            total += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
        }
        return total;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
