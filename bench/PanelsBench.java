///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION The cost of the page's PromQL panels: loading the built-in sets (YAML) in a fresh JVM, and render with and without the panel section over one data folder.
//SOURCES ../lib/secrets/*.java
//SOURCES ../lib/text/*.java
//SOURCES ../lib/units/*.java
//SOURCES ../lib/files/*.java
//SOURCES ../lib/version/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/parse/*.java
//SOURCES ../lib/days/*.java
//SOURCES ../lib/http/*.java
//SOURCES ../lib/prom/*.java
//SOURCES ../lib/page/*.java
//SOURCES ../lib/query/*.java
//SOURCES ../lib/queryio/*.java
//SOURCES ../lib/panels/*.java
//FILES page/page.js=../lib/page/page.js
//FILES page/page.css=../lib/page/page.css
//FILES page/page.html=../lib/page/page.html
//FILES panels/sets/coppice.yaml=../lib/panels/sets/coppice.yaml
//FILES panels/sets/node_exporter.yaml=../lib/panels/sets/node_exporter.yaml
//FILES panels/sets/prometheus.yaml=../lib/panels/sets/prometheus.yaml
//FILES panels/sets/go.yaml=../lib/panels/sets/go.yaml
//FILES panels/sets/jvm.yaml=../lib/panels/sets/jvm.yaml
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m

import days.RecordTimes;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import page.PanelSection;
import page.Renderer;
import panels.BuiltInPanelSets;
import panels.PanelFeed;
import panels.PanelPages;
import panels.PanelSet;
import queryio.DayFileStorage;
import record.CompactRecord;

/**
 * Usage: {@code bench/PanelsBench.java DATA_DIR [RUNS] [--coppice] [--only without|fed|reread] [--live TICKS]} (make
 * data with bench/GenerateNodeExporterDay.java or bench/GenerateYear.java). Prints, with the date and the machine's
 * cores and memory: the first load of the built-in panel sets in this fresh JVM (YAML parser start-up included) and a
 * second load; then, alternating, the median of RUNS renders of the folder: without panels, with the panels fed from
 * the page's own read (as render makes them), and with the panels read again from the day files (PanelPages.build
 * over DayFileStorage, as render made them before), each with its wall time, the process's CPU time and the panel
 * section's own time. {@code --coppice} evaluates the coppice set too (render leaves it to the page's coppice
 * section for now). {@code --keep DIR} keeps each kind's last page as DIR/KIND.html. {@code --only} runs the kinds named (comma-separated; one, for a peak RSS under /usr/bin/time). {@code --live TICKS}: after
 * one fed read of the folder as history, TICKS more records (the last one again, 30 s later each) are handed to the
 * panels one at a time as the live page does, and the CPU of each tick's panels (record taken, section made) is
 * printed: median and most.
 */
public class PanelsBench {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int runs = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 3;
        List<String> flags = Arrays.asList(args);
        boolean coppice = flags.contains("--coppice");
        String only = flags.contains("--only") ? flags.get(flags.indexOf("--only") + 1) : null;
        Path keep = flags.contains("--keep") ? Path.of(flags.get(flags.indexOf("--keep") + 1)) : null;
        int live = flags.contains("--live") ? Integer.parseInt(flags.get(flags.indexOf("--live") + 1)) : 0;
        long t0 = System.nanoTime();
        List<PanelSet> sets = BuiltInPanelSets.all();
        long t1 = System.nanoTime();
        BuiltInPanelSets.all();
        long t2 = System.nanoTime();
        System.out.printf("date %s, %d cores, %.0f GiB memory, heap at most %d MiB%n", java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / Math.pow(1024, 3),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("built-in panel sets: first load %.0f ms (YAML start-up included), second load %.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        List<String> leaveOut = coppice ? List.of() : List.of("coppice");
        Path out = Files.createTempFile("panels-bench", ".html");
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, "https://cdn.example/plotly.js");
        if (live > 0) {
            live(settings, sets, leaveOut, live);
            Files.delete(out);
            return;
        }
        List<String> kinds = only != null ? List.of(only.split(",")) : List.of("without", "fed", "reread");
        double[][] wall = new double[kinds.size()][runs], cpu = new double[kinds.size()][runs], section = new double[kinds.size()][runs];
        long[] bytes = new long[kinds.size()];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < kinds.size(); k++) {
                long[] spent = new long[1];
                Renderer.PanelSectionMaker maker = maker(kinds.get(k), settings, sets, leaveOut, spent);
                long a = System.nanoTime(), c = processCpu();
                try {
                    Renderer.render(settings, null, maker);
                } catch (OutOfMemoryError e) {
                    maker = null;
                    System.gc();
                    System.out.printf("  %-8s run %d: out of memory under a heap of %d MiB%n", kinds.get(k), i + 1, Runtime.getRuntime().maxMemory() >> 20);
                    wall[k][i] = cpu[k][i] = section[k][i] = Double.NaN;
                    continue;
                }
                wall[k][i] = (System.nanoTime() - a) / 1e9;
                cpu[k][i] = (processCpu() - c) / 1e9;
                section[k][i] = spent[0] / 1e9;
                bytes[k] = Files.size(out);
                if (keep != null) Files.copy(out, keep.resolve(kinds.get(k) + ".html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.printf("  %-8s run %d: %6.2f s wall, %6.2f s CPU, panel section %5.2f s%n", kinds.get(k), i + 1, wall[k][i], cpu[k][i], section[k][i]);
            }
        }
        System.out.printf("render of %s, median of %d%s:%n", data, runs, coppice ? ", the coppice set evaluated too" : "");
        for (int k = 0; k < kinds.size(); k++) {
            System.out.printf("  %-8s %6.2f s wall, %6.2f s CPU, panel section %5.2f s, page %,d bytes%n", kinds.get(k), median(wall[k]),
                    median(cpu[k]), median(section[k]), bytes[k]);
        }
        System.out.printf("peak heap %d MiB%n", peakHeapMiB());
        Files.delete(out);
    }

    /** The panels of one kind of render; {@code spent[0]} gets the time spent making the section (not the records fed). */
    static Renderer.PanelSectionMaker maker(String kind, Renderer.Settings settings, List<PanelSet> sets, List<String> leaveOut, long[] spent) {
        DayFileStorage storage = new DayFileStorage(settings.dataDir(), "coppice", true, RecordTimes.system(), QUIET);
        return switch (kind) {
            case "without" -> null;
            case "reread" -> (first, last, names) -> {
                long s = System.nanoTime();
                PanelSection made = PanelPages.build(storage, sets, names, first, last, settings.maxPoints(), leaveOut);
                spent[0] = System.nanoTime() - s;
                return made;
            };
            case "fed" -> {
                PanelFeed feed = new PanelFeed(settings, storage, sets, leaveOut, PanelFeed.BUFFER_SAMPLES, 0, System::currentTimeMillis);
                yield new Renderer.PanelSectionMaker() {
                    @Override
                    public PanelSection make(long first, long last, Set<String> names) throws java.io.IOException {
                        long s = System.nanoTime();
                        PanelSection made = feed.make(first, last, names);
                        spent[0] = System.nanoTime() - s;
                        if (feed.fullReads() > 0) System.out.println("  (fed: the files were read again " + feed.fullReads() + " time(s))");
                        return made;
                    }

                    @Override
                    public Consumer<CompactRecord> records() {
                        return feed.records();
                    }
                };
            }
            default -> throw new IllegalArgumentException("--only without|fed|reread, not " + kind);
        };
    }

    /** The live page's panels: a fed read as history, then one record a tick; prints the CPU per tick. */
    static void live(Renderer.Settings settings, List<PanelSet> sets, List<String> leaveOut, int ticks) throws Exception {
        DayFileStorage storage = new DayFileStorage(settings.dataDir(), "coppice", true, RecordTimes.system(), QUIET);
        PanelFeed feed = new PanelFeed(settings, storage, sets, leaveOut, PanelFeed.BUFFER_SAMPLES, 30_000, System::currentTimeMillis);
        CompactRecord[] last = new CompactRecord[1];
        Renderer.PanelSectionMaker maker = new Renderer.PanelSectionMaker() {
            @Override
            public PanelSection make(long first, long lastMs, Set<String> names) {
                return null;
            }

            @Override
            public Consumer<CompactRecord> records() {
                return r -> {
                    feed.records().accept(r);
                    if (r.up()) last[0] = r;
                };
            }
        };
        long a = System.nanoTime();
        Renderer.History history = Renderer.read(settings, null, maker);
        long first = history.charts().firstTs();
        Set<String> names = history.charts().metricNames();
        feed.make(first, history.charts().lastTs(), names);
        System.out.printf("live: history of %s read and first section made in %.2f s%n", settings.dataDir(), (System.nanoTime() - a) / 1e9);
        var threads = ManagementFactory.getThreadMXBean();
        double[] perTick = new double[ticks];
        CompactRecord r = last[0];
        for (int i = 0; i < ticks; i++) {
            r = new CompactRecord(r.tsMillis() + 30_000, true, r.keys(), r.values(), r.instance(), r.target(), r.scrapeMs(), r.types());
            long c = threads.getCurrentThreadCpuTime();
            feed.records().accept(r);
            feed.make(first, r.tsMillis(), names);
            perTick[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        }
        double[] sorted = perTick.clone();
        Arrays.sort(sorted);
        System.out.printf("live: %d ticks, panels' CPU per tick (record taken, section made): median %.1f ms, most %.1f ms; files read again %d time(s); peak heap %d MiB%n",
                ticks, sorted[ticks / 2], sorted[ticks - 1], feed.fullReads(), peakHeapMiB());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long peakHeapMiB() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
        }
        return peak >> 20;
    }
}
