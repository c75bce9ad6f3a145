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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import page.Renderer;
import panels.BuiltInPanelSets;
import panels.PanelPages;
import panels.PanelSet;
import queryio.DayFileStorage;

/**
 * Usage: {@code bench/PanelsBench.java DATA_DIR [RUNS]} (make data with bench/GenerateNodeExporterDay.java or
 * bench/GenerateYear.java). Prints, with the date and the machine's cores and memory: the first load of the built-in
 * panel sets in this fresh JVM (YAML parser start-up included) and a second load; then, alternating, the median of
 * RUNS renders of the folder without panels, with the panel section (as render writes it), and the panel section alone.
 */
public class PanelsBench {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long t0 = System.nanoTime();
        List<PanelSet> sets = BuiltInPanelSets.all();
        long t1 = System.nanoTime();
        BuiltInPanelSets.all();
        long t2 = System.nanoTime();
        System.out.printf("date %s, %d cores, %.0f GiB memory%n", java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() / Math.pow(1024, 3));
        System.out.printf("built-in panel sets: first load %.0f ms (YAML start-up included), second load %.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        Path out = Files.createTempFile("panels-bench", ".html");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, "https://cdn.example/plotly.js");
        double[] without = new double[runs], with = new double[runs], alone = new double[runs];
        for (int i = 0; i < runs; i++) {
            long a = System.nanoTime();
            Renderer.render(settings, null);
            long b = System.nanoTime();
            DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), quiet);
            long[] spent = new long[1];
            Renderer.render(settings, null, (first, last, names) -> {
                long s = System.nanoTime();
                var section = PanelPages.build(storage, sets, names, first, last, 2000, List.of("coppice"));
                spent[0] = System.nanoTime() - s;
                return section;
            });
            long c = System.nanoTime();
            without[i] = (b - a) / 1e9;
            with[i] = (c - b) / 1e9;
            alone[i] = spent[0] / 1e9;
        }
        java.util.Arrays.sort(without);
        java.util.Arrays.sort(with);
        java.util.Arrays.sort(alone);
        System.out.printf("render of %s, median of %d: without panels %.2f s, with panels %.2f s (%.2fx), the panel section alone %.2f s, page %,d bytes%n",
                data, runs, without[runs / 2], with[runs / 2], with[runs / 2] / without[runs / 2], alone[runs / 2], Files.size(out));
        Files.delete(out);
    }
}
