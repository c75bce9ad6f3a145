///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//SOURCES ../lib/text/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/parse/*.java
//DESCRIPTION Measures ExpositionParser on one exposition file: MB/s, series/s and heap used, after a warm-up.
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import parse.Exposition;
import parse.ExpositionFormat;
import parse.ExpositionParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** Prints throughput of the byte[] and String entry points; figures only, no pass/fail. */
@Command(name = "ParserBench", mixinStandardHelpOptions = true, version = "1.0",
        description = "Parses FILE repeatedly in-process and prints MB/s, series/s and heap used.")
public class ParserBench implements Callable<Integer> {
    @Parameters(index = "0", description = "Exposition file (e.g. written by bench/GenerateExposition.java).")
    Path file;

    @Option(names = "--format", defaultValue = "PROMETHEUS", description = "PROMETHEUS or OPENMETRICS (default ${DEFAULT-VALUE}).")
    ExpositionFormat format;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up rounds (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--records", description = "Also read this day file (plain .jsonl) with the page's record reader.")
    Path records;

    @Option(names = "--rounds", defaultValue = "10", description = "Measured rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ParserBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        byte[] body = Files.readAllBytes(file);
        String text = new String(body, StandardCharsets.UTF_8);
        double mb = body.length / 1e6;
        int series = 0;
        long first = 0;
        for (int i = 0; i < warmup; i++) {
            long t0 = System.nanoTime();
            series = ExpositionParser.parse(body, body.length, format).series().size();
            if (i == 0) first = System.nanoTime() - t0;
        }
        long best = Long.MAX_VALUE, bestCpu = Long.MAX_VALUE;
        long total = 0;
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < rounds; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            series = ExpositionParser.parse(body, body.length, format).series().size();
            long dt = System.nanoTime() - t0;
            bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - c0);
            best = Math.min(best, dt);
            total += dt;
        }
        long stringBest = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            ExpositionParser.parse(text, format);
            stringBest = Math.min(stringBest, System.nanoTime() - t0);
        }
        System.gc();
        long before = usedHeap();
        Exposition kept = ExpositionParser.parse(body, body.length, format);
        System.gc();
        long retained = usedHeap() - before;
        System.out.printf("file %s: %.1f MB, %,d series, format %s, %d cores, JVM %s%n", file, mb, series, format,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("byte[] entry: best %.0f ms = %.0f MB/s, %.2f M series/s; mean %.0f ms = %.0f MB/s%n",
                best / 1e6, mb / (best / 1e9), series / (best / 1e9) / 1e6, total / rounds / 1e6,
                mb / (total / rounds / 1e9));
        // CPU time of the parsing thread: on a busy machine, less disturbed by other processes than the wall clock.
        System.out.printf("byte[] entry: best CPU time %.0f ms = %.0f MB/s%n", bestCpu / 1e6, mb / (bestCpu / 1e9));
        if (records != null) recordFigures(threads);
        if (warmup > 0) {
            // What a one-shot `scrape` pays: the parser's code is still interpreted or freshly compiled.
            System.out.printf("first (cold) round: %.0f ms = %.0f MB/s%n", first / 1e6, mb / (first / 1e9));
        }
        System.out.printf("String entry: best %.0f ms = %.0f MB/s%n", stringBest / 1e6, mb / (stringBest / 1e9));
        System.out.printf("heap retained by one parsed Exposition: %.0f MB (%d series kept); heap max %.0f MB%n",
                retained / 1e6, kept.series().size(), Runtime.getRuntime().maxMemory() / 1e6);
        return 0;
    }

    /** Best CPU time of reading every line of --records with CompactRecordReader (its fast path and number reader). */
    private void recordFigures(java.lang.management.ThreadMXBean threads) throws java.io.IOException {
        byte[] day = Files.readAllBytes(records);
        long bestCpu = Long.MAX_VALUE;
        int count = 0;
        for (int round = 0; round < warmup + rounds; round++) {
            record.CompactRecordReader reader = new record.CompactRecordReader(64 << 20);
            java.util.Map<String, String> types = new java.util.HashMap<>();
            long c0 = threads.getCurrentThreadCpuTime();
            count = 0;
            for (int at = 0; at < day.length; at = reader.lineEnd() + 1) {
                if (reader.read(day, at, day.length, types) != null) count++;
            }
            if (round >= warmup) bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - c0);
        }
        System.out.printf("records %s: %.1f MB, %,d records: best CPU time %.0f ms = %.0f MB/s%n", records, day.length / 1e6, count,
                bestCpu / 1e6, day.length / 1e6 / (bestCpu / 1e9));
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
