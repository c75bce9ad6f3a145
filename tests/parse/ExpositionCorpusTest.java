package parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import record.SeriesKey;
import support.Project;

/**
 * One test per case of tests/testdata: OpenMetrics conformance cases (verdict and samples) and real text 0.0.4
 * expositions (samples), against the reference parser's expected.txt.
 */
public class ExpositionCorpusTest {
    static final Path CORPUS = Project.testdata();

    @TestFactory
    Stream<DynamicTest> openMetricsConformanceCases() throws IOException {
        Path dir = CORPUS.resolve("openmetrics");
        try (Stream<Path> cases = Files.list(dir)) {
            List<Path> folders = cases.filter(Files::isDirectory).sorted().toList();
            assertThat(folders).hasSizeGreaterThan(100);
            return folders.stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
                String text = Files.readString(folder.resolve("metrics"), StandardCharsets.UTF_8);
                boolean shouldParse = Files.readString(folder.resolve("test.json")).replace(" ", "")
                        .contains("\"shouldParse\":true");
                if (!shouldParse) {
                    assertThatThrownBy(() -> ExpositionParser.parse(text, ExpositionFormat.OPENMETRICS))
                            .isInstanceOf(ExpositionException.class)
                            .hasMessageMatching("line \\d+, column \\d+: expected .+");
                    return;
                }
                Exposition exposition = ExpositionParser.parse(text, ExpositionFormat.OPENMETRICS);
                assertSameSamples(exposition.series(), readExpected(folder.resolve("expected.txt")));
            }));
        }
    }

    @TestFactory
    Stream<DynamicTest> realTextExpositions() throws IOException {
        Path dir = CORPUS.resolve("expositions");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> proms = files.filter(f -> f.toString().endsWith(".prom")).sorted().toList();
            assertThat(proms).isNotEmpty();
            return proms.stream().map(prom -> DynamicTest.dynamicTest(prom.getFileName().toString(), () -> {
                String name = prom.getFileName().toString().replaceFirst("\\.prom$", "");
                Exposition exposition = ExpositionParser.parse(Files.readString(prom), ExpositionFormat.PROMETHEUS);
                assertThat(exposition.warnings()).isEmpty();
                Map<String, Double> expected = readExpected(prom.resolveSibling(name + ".expected.txt"));
                assertSameSamples(asReferenceNames(exposition), expected);
            }));
        }
    }

    /**
     * The reference parser (python prometheus_client 0.16, text 0.0.4 mode) renames a counter's samples that lack
     * the {@code _total} suffix by appending it; Prometheus stores them under their own name, and so do we.
     * To compare, apply the same renaming to our result: only counters declared by TYPE and not ending in _total.
     */
    public static Map<String, Double> asReferenceNames(Exposition exposition) {
        Map<String, Double> renamed = new LinkedHashMap<>();
        exposition.series().forEach((key, value) -> {
            String name = SeriesKey.name(key);
            boolean munged = "counter".equals(exposition.types().get(name)) && !name.endsWith("_total");
            renamed.put(munged ? name + "_total" + key.substring(name.length()) : key, value);
        });
        return renamed;
    }

    /**
     * Lines {@code name{labels} value}; the value is after the last space (label values may hold spaces). The
     * reference parser keeps empty-valued labels ({@code a_total{foo=""}}); Prometheus stores, and we record, the
     * series without them (an empty value is no label, {@link SeriesKey#canonical}), so each expected key is read in
     * that canonical form. The verdicts (shouldParse) are compared unchanged.
     */
    public static Map<String, Double> readExpected(Path file) throws IOException {
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) continue;
            int space = line.lastIndexOf(' ');
            String value = line.substring(space + 1);
            expected.putIfAbsent(SeriesKey.canonical(line.substring(0, space)), switch (value) {
                case "+Inf", "inf" -> Double.POSITIVE_INFINITY;
                case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
                case "NaN", "nan" -> Double.NaN;
                default -> Double.parseDouble(value);
            });
        }
        return expected;
    }

    public static void assertSameSamples(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) -> assertThat(actual.get(key)).as(key).isEqualTo(value));
    }
}
