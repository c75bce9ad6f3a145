package query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import support.Project;
import support.PromqlScript;

/**
 * Runs every eval of Prometheus 2.42's own PromQL test files (tests/testdata/promql, Apache-2.0) against the engine,
 * checked as Prometheus's test runner checks them. Every eval must pass unless listed in KNOWN_FAILURES.txt, and a
 * listed eval that passes fails the test too, so the list only shrinks. To see the count per file and every eval not
 * passing with its reason: {@code ./jbang bench/PromqlConformance.java}.
 */
class PromqlTestFilesTest {
    private static final Path DIR = Project.testdata().resolve("promql");

    @Test
    void everyEvalOfPrometheusTestFilesPassesOrIsAKnownFailure() throws IOException {
        Map<String, String> known = knownFailures();
        List<String> unexpected = new ArrayList<>();
        List<String> nowPassing = new ArrayList<>();
        Map<String, int[]> perFile = new TreeMap<>();
        for (Path file : testFiles()) {
            for (PromqlScript.Outcome o : PromqlScript.run(file)) {
                int[] c = perFile.computeIfAbsent(o.file(), k -> new int[2]);
                c[1]++;
                if (o.passed()) {
                    c[0]++;
                    if (known.containsKey(o.id())) {
                        nowPassing.add(o.id() + " " + o.expr());
                    }
                } else if (!known.containsKey(o.id())) {
                    unexpected.add(o.id() + " " + o.expr() + ": " + o.reason());
                }
            }
        }
        StringBuilder counts = new StringBuilder();
        perFile.forEach((f, c) -> counts.append(f).append(": ").append(c[0]).append(" of ").append(c[1])
                .append(" evals pass\n"));
        assertThat(unexpected).as("evals failing (not in KNOWN_FAILURES.txt); per file:%n%s", counts).isEmpty();
        assertThat(nowPassing).as("evals in KNOWN_FAILURES.txt that now pass: remove them from the list").isEmpty();
        assertThat(perFile).hasSize(11);
        assertThat(perFile.values().stream().mapToInt(c -> c[1]).sum()).isEqualTo(566);
    }

    private static List<Path> testFiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
    }

    private static Map<String, String> knownFailures() throws IOException {
        Map<String, String> known = new TreeMap<>();
        for (String line : Files.readAllLines(DIR.resolve("KNOWN_FAILURES.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.split("\t", 2);
                known.put(parts[0].trim(), parts.length > 1 ? parts[1] : "");
            }
        }
        return known;
    }
}
