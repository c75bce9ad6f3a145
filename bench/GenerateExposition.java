///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DESCRIPTION Writes a realistic text-format 0.0.4 exposition (~24 MB, ~200,000 series: counters, gauges, histograms with HELP/TYPE) for parser benchmarks.
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** Generates a benchmark exposition shaped like a busy service's /metrics (fixed seed: same file every run). */
@Command(name = "GenerateExposition", mixinStandardHelpOptions = true, version = "1.0",
        description = "Writes a realistic ~24 MB, ~200,000-series text 0.0.4 exposition to PATH.")
public class GenerateExposition implements Callable<Integer> {
    @Parameters(index = "0", description = "Output file.")
    Path output;

    @Option(names = "--series", defaultValue = "200000", description = "Approximate number of series (default ${DEFAULT-VALUE}).")
    int targetSeries;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    static final String[] CODES = {"200", "201", "204", "301", "400", "401", "404", "500", "503"};
    static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};

    public static void main(String[] args) {
        System.exit(new CommandLine(new GenerateExposition()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Random random = new Random(seed);
        long written = 0;
        int family = 0;
        try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            while (written < targetSeries) {
                int kind = family % 3;
                String base = kind == 0 ? "http_requests" : kind == 1 ? "queue_depth" : "request_duration_seconds";
                String name = "app_" + base + "_" + family;
                switch (kind) {
                    case 0 -> {
                        out.write("# HELP " + name + "_total Requests handled, by handler, method and status code.\n");
                        out.write("# TYPE " + name + "_total counter\n");
                        for (int h = 0; h < 40; h++) {
                            for (String method : METHODS) {
                                for (String code : CODES) {
                                    out.write(name + "_total{code=\"" + code + "\",handler=\"/api/v1/resource_" + h
                                            + "\",instance=\"10.0.3." + (h % 250) + ":9100\",job=\"api-server\",method=\""
                                            + method + "\"} " + random.nextInt(10_000_000) + "\n");
                                    written++;
                                }
                            }
                        }
                    }
                    case 1 -> {
                        out.write("# HELP " + name + " Items waiting in the queue.\n# TYPE " + name + " gauge\n");
                        for (int q = 0; q < 600; q++) {
                            // Labels not sorted here on purpose: exercises the re-sorting path.
                            out.write(name + "{zone=\"eu-west-1" + (char) ('a' + q % 3) + "\",pod=\"worker-"
                                    + Integer.toHexString(0x10000 + q) + "-xk2p\",queue=\"q" + q + "\"} "
                                    + (random.nextDouble() * 1000) + "\n");
                            written++;
                        }
                    }
                    default -> {
                        out.write("# HELP " + name + " Request latency in seconds.\n# TYPE " + name + " histogram\n");
                        for (int h = 0; h < 40; h++) {
                            String labels = "handler=\"/api/v1/resource_" + h + "\",method=\"" + METHODS[h % 4] + "\"";
                            long cumulative = 0;
                            for (String le : LE) {
                                cumulative += random.nextInt(1000);
                                out.write(name + "_bucket{" + labels + ",le=\"" + le + "\"} " + cumulative + "\n");
                            }
                            out.write(name + "_sum{" + labels + "} " + (cumulative * 0.137) + "\n");
                            out.write(name + "_count{" + labels + "} " + cumulative + "\n");
                            written += LE.length + 2;
                        }
                    }
                }
                family++;
            }
        }
        System.out.printf("wrote %s: %,d series, %,d bytes%n", output, written, Files.size(output));
        return 0;
    }
}
