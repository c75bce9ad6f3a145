package panels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading panel files: the model, and errors that name the file, the line and what is wrong. */
public class PanelSetReaderTest {
    static final String GOOD = """
            name: web
            description: The web tier
            detect: [http_requests_total]
            panels:
              - title: Requests
                description: per second, by status
                unit: per second
                kind: stacked area
                queries:
                  - expr: sum by (instance, code) (rate(http_requests_total[$__rate_interval]))
                    legend: "{{instance}} {{code}}"
                  - expr: sum(rate(http_requests_total[5m]))
                    legend: all
              - id: heap
                title: Heap used
                unit: bytes
                queries:
                  - expr: |
                      jvm_memory_used_bytes{area="heap"}
            """;

    @Test
    void readsEveryFieldOfAPanelSet() throws Exception {
        PanelSet set = PanelSetReader.read(GOOD, "web.yaml");
        assertThat(set.name()).isEqualTo("web");
        assertThat(set.description()).isEqualTo("The web tier");
        assertThat(set.detect()).containsExactly("http_requests_total");
        assertThat(set.source()).isEqualTo("web.yaml");
        assertThat(set.panels()).hasSize(2);
        Panel requests = set.panels().get(0);
        assertThat(requests.id()).isEqualTo("requests");
        assertThat(requests.description()).isEqualTo("per second, by status");
        assertThat(requests.unit()).isEqualTo(PanelUnit.PER_SECOND);
        assertThat(requests.kind()).isEqualTo(PanelKind.STACKED);
        assertThat(requests.line()).isEqualTo(5);
        assertThat(requests.queries()).containsExactly(
                new Panel.Query("sum by (instance, code) (rate(http_requests_total[$__rate_interval]))", "{{instance}} {{code}}", 10),
                new Panel.Query("sum(rate(http_requests_total[5m]))", "all", 12));
        Panel heap = set.panels().get(1);
        assertThat(heap.id()).isEqualTo("heap");
        assertThat(heap.kind()).isEqualTo(PanelKind.LINES);
        assertThat(heap.unit()).isEqualTo(PanelUnit.BYTES);
        assertThat(heap.queries().get(0).expr()).isEqualTo("jvm_memory_used_bytes{area=\"heap\"}");
        assertThat(heap.queries().get(0).legend()).isEmpty();
    }

    @Test
    void aPanelsNoteAndTheSetsTrackedRowsAreRead() throws Exception {
        PanelSet set = PanelSetReader.read(GOOD.replace("    description: per second, by status\n",
                "    description: per second, by status\n    note: Read `http_requests_total` <raw>\n")
                .replace("panels:\n", "tracked:\n  - {metric: http_requests_total, type: counter, source: \"requests served, by code\"}\n"
                        + "  - metric: up\n    type: gauge\npanels:\n"), "web.yaml");
        assertThat(set.panels().get(0).note()).isEqualTo("Read `http_requests_total` <raw>");
        assertThat(set.panels().get(1).note()).isEmpty();
        assertThat(set.tracked()).containsExactly(new PanelSet.Tracked("http_requests_total", "counter", "requests served, by code"),
                new PanelSet.Tracked("up", "gauge", ""));
        // On the page a note is escaped text with `code` spans.
        assertThat(LeadPanels.withCode(set.panels().get(0).note())).isEqualTo("Read <code>http_requests_total</code> &lt;raw&gt;");
        assertThat(PanelSetReader.read(GOOD, "web.yaml").tracked()).isEmpty();
    }

    @Test
    void aTrackedRowWithoutAMetricNameOrTypeIsReportedWithItsLine() {
        assertThatThrownBy(() -> PanelSetReader.read(GOOD.replace("panels:\n", "tracked:\n  - {metric: \"not a name\", type: gauge}\npanels:\n"),
                "web.yaml")).hasMessage("web.yaml:5: \"tracked\": \"not a name\" is not a metric name");
        assertThatThrownBy(() -> PanelSetReader.read(GOOD.replace("panels:\n", "tracked:\n  - metric: up\npanels:\n"), "web.yaml"))
                .hasMessage("web.yaml:5: \"tracked\" row up has no \"type:\"");
        assertThatThrownBy(() -> PanelSetReader.read(GOOD.replace("panels:\n", "tracked:\n  - metric: up\n    kind: gauge\npanels:\n"), "web.yaml"))
                .hasMessageStartingWith("web.yaml:6: a \"tracked\" row: unknown key \"kind\"");
    }

    @Test
    void aBadExpressionIsReportedWithFileLineAndPromqlPosition() {
        String text = GOOD.replace("sum(rate(http_requests_total[5m]))", "sum(rate(http_requests_total[5m])");
        assertThatThrownBy(() -> PanelSetReader.read(text, "panels/web.yaml"))
                .isInstanceOf(PanelSetException.class)
                .hasMessageStartingWith("panels/web.yaml:12: panel \"Requests\", query 2: not valid PromQL at 1:")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void aRangeVectorIsNotAPanelExpression() {
        String text = GOOD.replace("sum(rate(http_requests_total[5m]))", "http_requests_total[5m]");
        assertThatThrownBy(() -> PanelSetReader.read(text, "web.yaml"))
                .hasMessage("web.yaml:12: panel \"Requests\", query 2: the expression gives a range vector; a panel needs an"
                        + " instant vector or a scalar (a range selector needs a function such as rate around it)");
    }

    @Test
    void unknownUnitsKindsAndKeysNameTheChoices() {
        assertThatThrownBy(() -> PanelSetReader.read(GOOD.replace("unit: bytes", "unit: megabytes"), "w.yaml"))
                .hasMessage("w.yaml:16: panel \"Heap used\": unknown unit \"megabytes\"; one of \"seconds\", \"bytes\","
                        + " \"bytes/s\", \"bits/s\", \"percent\", \"ratio\", \"per second\", \"count\"");
        assertThatThrownBy(() -> PanelSetReader.read(GOOD.replace("kind: stacked area", "kind: pie"), "w.yaml"))
                .hasMessage("w.yaml:8: panel \"Requests\": unknown kind \"pie\"; one of \"lines\", \"stacked area\", \"table\"");
        assertThatThrownBy(() -> PanelSetReader.read(GOOD.replace("legend: all", "legendFormat: all"), "w.yaml"))
                .hasMessage("w.yaml:13: panel \"Requests\", query 2: unknown key \"legendFormat\"; expected one of [\"expr\", \"legend\"]");
    }

    @Test
    void missingFieldsAndDuplicatesAreSaidWithTheirLine() {
        assertThatThrownBy(() -> PanelSetReader.read(GOOD.replace("    unit: bytes\n", ""), "w.yaml"))
                .hasMessageStartingWith("w.yaml:14: panel \"Heap used\" has no \"unit:\"");
        assertThatThrownBy(() -> PanelSetReader.read(GOOD.replace("id: heap", "id: requests"), "w.yaml"))
                .hasMessageStartingWith("w.yaml:14: panel \"Heap used\": id \"requests\" is already used");
        assertThatThrownBy(() -> PanelSetReader.read("name: a\nname: b\npanels: []\n", "w.yaml"))
                .hasMessage("w.yaml:2: \"name\" is given twice in the same mapping");
        assertThatThrownBy(() -> PanelSetReader.read("name: a\n", "w.yaml"))
                .hasMessage("w.yaml:1: the panel set has no \"panels:\" list");
        assertThatThrownBy(() -> PanelSetReader.read("", "w.yaml")).hasMessageStartingWith("w.yaml: the file is empty");
    }

    @Test
    void textThatIsNotYamlNamesTheLine() {
        assertThatThrownBy(() -> PanelSetReader.read("name: a\npanels:\n  - title: [x\n", "w.yaml"))
                .isInstanceOf(PanelSetException.class)
                .hasMessageMatching("w\\.yaml:\\d+: not valid YAML: .+")
                .hasMessageNotContaining("\n");
    }

    @Test
    void intervalVariablesBecomeDurations() {
        assertThat(PanelQueries.expand("rate(x[$__rate_interval]) / $__interval", 60_000, 30_000))
                .isEqualTo("rate(x[2m]) / 1m");
        assertThat(PanelQueries.expand("rate(x[$__rate_interval])", 300_000, 15_000)).isEqualTo("rate(x[315s])");
        assertThat(List.of(PanelQueries.duration(1500), PanelQueries.duration(7_200_000))).containsExactly("1500ms", "2h");
        assertThat(PanelQueries.expand("x * $__interval_ms / $__interval_ms", 90_000, 30_000)).isEqualTo("x * 90000 / 90000");
    }

    @Test
    void aVariablePanelsDoNotKnowIsNamedWithItsLine() {
        String text = GOOD.replace("sum(rate(http_requests_total[5m]))", "sum(increase(http_requests_total[$__range]))");
        assertThatThrownBy(() -> PanelSetReader.read(text, "web.yaml"))
                .hasMessage("web.yaml:12: panel \"Requests\", query 2: $__range is not a variable panels know (they know"
                        + " $__rate_interval, $__interval_ms, $__interval)");
    }

    @Test
    void unitsWriteReadablePrefixes() {
        assertThat(PanelUnit.BYTES.format(1.5 * 1024 * 1024 * 1024)).isEqualTo("1.50 GiB");
        assertThat(PanelUnit.BYTES.format(512)).isEqualTo("512 B");
        assertThat(PanelUnit.BYTES_PER_SECOND.format(2048)).isEqualTo("2.00 KiB/s");
        assertThat(PanelUnit.BITS_PER_SECOND.format(12_500_000)).isEqualTo("12.5 Mbit/s");
        assertThat(PanelUnit.PER_SECOND.format(12_500)).isEqualTo("12.5 k/s");
        assertThat(PanelUnit.COUNT.format(3_000_000)).isEqualTo("3.00 M");
        assertThat(PanelUnit.COUNT.format(42)).isEqualTo("42.0");
        assertThat(PanelUnit.RATIO.format(0.873)).isEqualTo("87.3 %");
        assertThat(PanelUnit.PERCENT.format(5)).isEqualTo("5.00 %");
        assertThat(PanelUnit.SECONDS.format(0.25)).isEqualTo("250 ms");
        assertThat(PanelUnit.SECONDS.format(0.0000123)).isEqualTo("12.3 µs");
        assertThat(PanelUnit.COUNT.format(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void aTabUsedAsIndentationIsReportedOnItsOwnLineWithTheCause() {
        assertThatThrownBy(() -> PanelSetReader.read("name: t\npanels:\n\t- title: a\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml:3: not valid YAML: found character '\\t(TAB)' that cannot start any token");
    }

    @Test
    void aSecondDocumentAndAnAliasAreRefusedRatherThanReadWrong() {
        assertThatThrownBy(() -> PanelSetReader.read(GOOD + "---\nname: other\n", "w.yaml"))
                .hasMessage("w.yaml:21: a second YAML document (after \"---\"); a panel file holds one set, so give each set its own file");
        String aliased = "name: a\npanels:\n  - &p\n    title: a\n    unit: count\n    queries: [{expr: up}]\n  - *p\n";
        assertThatThrownBy(() -> PanelSetReader.read(aliased, "a.yaml"))
                .hasMessage("a.yaml:7: the alias *p is not supported in a panel file; write the value out");
    }

    @Test
    void anExpressionNestedThousandsDeepIsAParseErrorNotACrash() {
        for (String deep : List.of("(".repeat(50_000) + "up" + ")".repeat(50_000), "-".repeat(100_000) + "up",
                "abs(".repeat(30_000) + "up" + ")".repeat(30_000))) {
            String text = "name: d\npanels:\n  - title: a\n    unit: count\n    queries:\n      - expr: '" + deep + "'\n";
            assertThatThrownBy(() -> PanelSetReader.read(text, "d.yaml"))
                    .isInstanceOf(PanelSetException.class)
                    .hasMessage("d.yaml:6: panel \"a\", query 1: not valid PromQL at 1:1: parse error: the expression is nested"
                            + " too deeply (hundreds of levels of parentheses, unary signs or function calls)");
        }
    }

    @Test
    void aRegexThatPrometheusRefusesIsRefusedWithItsWords() {
        // Each of these compiles in Java; Go's regexp (Prometheus 2.42, promtool check rules) refuses it so.
        String[][] refused = {
            {"(?<=a)b", "invalid or unsupported Perl syntax: `(?<`"}, {"(?!a)", "invalid or unsupported Perl syntax: `(?!`"},
            {"(?>a)", "invalid or unsupported Perl syntax: `(?>`"}, {"(a)\\\\1", "invalid escape sequence: `\\1`"},
            {"[\\\\8]", "invalid escape sequence: `\\8`"}, {"a++", "invalid nested repetition operator: `++`"},
            {"a{2,}+", "invalid nested repetition operator: `{2,}+`"}};
        for (String[] r : refused) {
            String text = "name: r\npanels:\n  - title: a\n    unit: count\n    queries:\n      - expr: 'up{job=~\"" + r[0] + "\"}'\n";
            assertThatThrownBy(() -> PanelSetReader.read(text, "r.yaml"))
                    .hasMessage("r.yaml:6: panel \"a\", query 1: not valid PromQL at 1:9: parse error: error parsing regexp: " + r[1]);
        }
        // What both read alike stays valid: an escaped backslash, an octal code, look-around text quoted or in a class.
        for (String fine : List.of("\\\\\\\\1", "\\\\12", "\\\\Q(?=\\\\E", "[(?=]", "[]a]+", "a+?", "x}+")) {
            String text = "name: r\npanels:\n  - title: a\n    unit: count\n    queries:\n      - expr: 'up{job=~\"" + fine + "\"}'\n";
            assertThatCode(() -> PanelSetReader.read(text, "r.yaml")).as(fine).doesNotThrowAnyException();
        }
    }
}
