package page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import record.CompactRecord;

/** One chart per family, grouping, unchanged series, value tables and the page without coppice data. */
class FamilyChartsTest {
    private final Map<String, String> types = new HashMap<>();
    private final ChartBuilder builder = new ChartBuilder(2000, 100, types);

    private void up(long seconds, Object... keyValues) {
        builder.accept(support.Scrapes.compactUp(seconds, keyValues));
    }

    private Chart chart(String title) {
        for (Chart c : builder.charts()) if (c.title.equals(title)) return c;
        throw new AssertionError("no chart " + title + " in " + builder.charts().stream().map(c -> c.title).toList());
    }

    private static List<Double> values(Trace t) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < t.points.size(); i++) out.add(t.points.value(i));
        return out;
    }

    private String page() throws IOException {
        StringWriter out = new StringWriter();
        Page.write(out, new Page.Content("data/metrics/", null, new PlotlySource(Page.PLOTLY_CDN, null, "test"),
                new Page.Summary(new Page.Span(builder.firstTs(), builder.lastTs(), builder.samples()), new Page.Problems(0, 0, 0, 0), new Page.Restarts(List.of(), java.util.Map.of("", List.of())), List.of(), List.of()), builder.charts(), null),
                support.CoppiceSection.unevaluated(false));
        return out.toString();
    }

    @Test
    void aSummaryIsOneChartOfItsQuantilesAndItsMeanPerInterval() {
        types.put("rpc_seconds", "summary");
        up(0, "rpc_seconds{quantile=\"0.5\"}", 0.2, "rpc_seconds{quantile=\"0.9\"}", 0.7, "rpc_seconds_sum", 10.0, "rpc_seconds_count", 40,
                "rpc_seconds_created", 1.7e9);
        up(30, "rpc_seconds{quantile=\"0.5\"}", 0.3, "rpc_seconds{quantile=\"0.9\"}", 0.8, "rpc_seconds_sum", 16.0, "rpc_seconds_count", 52,
                "rpc_seconds_created", 1.7e9);
        up(60, "rpc_seconds{quantile=\"0.5\"}", 0.3, "rpc_seconds{quantile=\"0.9\"}", 0.9, "rpc_seconds_sum", 16.0, "rpc_seconds_count", 52,
                "rpc_seconds_created", 1.7e9);
        // A restart: both counters reset; the increase is the new value (SeriesMath.counterIncrease).
        up(90, "rpc_seconds{quantile=\"0.5\"}", 0.1, "rpc_seconds{quantile=\"0.9\"}", 0.4, "rpc_seconds_sum", 1.5, "rpc_seconds_count", 3,
                "rpc_seconds_created", 1.7e9);
        builder.finish();
        assertThat(builder.charts().stream().map(c -> c.title)).containsExactly("rpc_seconds");
        Chart c = chart("rpc_seconds");
        assertThat(c.drawnTraces()).extracting(t -> t.name).containsExactly("quantile=\"0.5\"", "quantile=\"0.9\"", "mean");
        // 6 / 12, nothing observed (a break), 1.5 / 3.
        List<Double> mean = values(c.drawnTraces().get(2));
        assertThat(mean).hasSize(3);
        assertThat(mean.get(0)).isEqualTo(0.5);
        assertThat(mean.get(1)).isNaN();
        assertThat(mean.get(2)).isEqualTo(0.5);
        assertThat(values(c.drawnTraces().get(1))).containsExactly(0.7, 0.8, 0.9, 0.4);
    }

    @Test
    void aHistogramIsOneChartOfQuantilesAndTheRateOfItsCountOnTheRightAxis() {
        types.put("req_seconds", "histogram");
        up(0, "req_seconds_bucket{le=\"1\"}", 0, "req_seconds_bucket{le=\"+Inf\"}", 0, "req_seconds_count", 0, "req_seconds_sum", 0);
        up(30, "req_seconds_bucket{le=\"1\"}", 30, "req_seconds_bucket{le=\"+Inf\"}", 60, "req_seconds_count", 60, "req_seconds_sum", 50);
        builder.finish();
        Chart c = chart("req_seconds");
        assertThat(c.drawnTraces()).extracting(t -> t.name).containsExactly("rate of _count", "p50", "p90", "p99");
        Trace count = c.drawnTraces().get(0);
        assertThat(count.right).isTrue();
        assertThat(values(count)).containsExactly(2.0);
        // p50 of 30 in [0, 1] and 30 above: the rank 30 ends the first bucket.
        assertThat(values(c.drawnTraces().get(1)).get(0)).isCloseTo(1.0, within(1e-12));
        assertThat(c.drawnTraces().get(1).right).isFalse();
    }

    @Test
    void unchangedSeriesGoToATableAndTheirChartIsNotDrawn() throws IOException {
        types.put("disk_errors", "counter");
        for (int t = 0; t < 4; t++) {
            up(30L * t, "temp_celsius{zone=\"a\"}", 40 + t, "temp_celsius{zone=\"b\"}", 35, "disk_errors_total", 3, "node_boot_time_seconds", 1.7e9);
        }
        builder.finish();
        Chart temp = chart("temp_celsius");
        assertThat(temp.drawnTraces()).extracting(t -> t.name).containsExactly("{zone=\"a\"}");
        assertThat(temp.unchangedTraces()).extracting(t -> t.name).containsExactly("{zone=\"b\"}");
        assertThat(chart("disk_errors_total").hasData()).isFalse();
        assertThat(chart("disk_errors_total").hasSeries()).isTrue();
        String page = page();
        assertThat(page).contains("<tr><td><code>temp_celsius</code></td><td><code>{zone=&quot;b&quot;}</code></td><td>35</td></tr>",
                "<tr id=\"f-" + chart("disk_errors_total").id + "\"><td><code>disk_errors_total</code></td><td></td><td>3</td></tr>",
                "<tr id=\"f-" + chart("node_boot_time_seconds").id + "\"><td><code>node_boot_time_seconds</code></td><td></td><td>1700000000</td></tr>");
        // A family whose every series is unchanged has no heading of its own: it is only rows of the group's table.
        assertThat(page).doesNotContain("<h3>disk_errors_total</h3>", "<h3>node_boot_time_seconds</h3>", "Every series unchanged")
                .contains("<h3>temp_celsius</h3>");
        // The group's values table: latest, min, max and mean of the drawn line.
        assertThat(page).contains("<tr><td><code>temp_celsius</code></td><td><code>{zone=&quot;a&quot;}</code></td><td>43</td><td>40</td><td>43</td><td>41.5</td></tr>");
        assertThat(page).doesNotContain("data-chart=\"" + chart("disk_errors_total").id + "\"");
        assertThat(page).contains("data-chart=\"" + temp.id + "\"");
    }

    @Test
    void infoAndStatesetFamiliesAreTables() throws IOException {
        types.put("build", "info");
        types.put("door", "stateset");
        for (int t = 0; t < 3; t++) up(30L * t, "build_info{version=\"1.2\"}", 1, "door{door=\"open\"}", t % 2, "door{door=\"closed\"}", 1 - t % 2);
        builder.finish();
        assertThat(chart("build_info").hasData()).isFalse();
        assertThat(chart("door").hasData()).isFalse();
        String page = page();
        assertThat(page).contains("<tr><td><code>{door=&quot;open&quot;}</code></td><td>0</td></tr>",
                "<tr><td><code>{door=&quot;closed&quot;}</code></td><td>1</td></tr>", "<tr><td><code>{version=&quot;1.2&quot;}</code></td><td>1</td></tr>");
        assertThat(page).doesNotContain("data-chart=");
    }

    @Test
    void familiesAreGroupedByNamespaceAndSubsystemAndLoneOnesJoinTheirNamespace() {
        List<Chart> charts = new ArrayList<>();
        for (String name : List.of("node_cpu_seconds_total", "node_cpu_guest_seconds_total", "node_load1", "node_load5", "go_goroutines",
                "go_threads", "go_memstats_alloc_bytes", "go_memstats_frees_total", "process_cpu_seconds_total", "up")) {
            charts.add(new Chart("m-" + charts.size(), name, "", "", 100, 10));
        }
        Map<String, List<Chart>> groups = Page.groups(charts);
        Map<String, List<String>> titles = new java.util.LinkedHashMap<>();
        groups.forEach((g, list) -> titles.put(g, list.stream().map(c -> c.title).toList()));
        assertThat(titles).containsExactly(
                Map.entry("go", List.of("go_goroutines", "go_threads")),
                Map.entry("go_memstats", List.of("go_memstats_alloc_bytes", "go_memstats_frees_total")),
                Map.entry("node", List.of("node_load1", "node_load5")),
                Map.entry("node_cpu", List.of("node_cpu_guest_seconds_total", "node_cpu_seconds_total")),
                Map.entry("process", List.of("process_cpu_seconds_total")),
                Map.entry("up", List.of("up")));
    }

    @Test
    void withoutCoppiceDataThePanelsShrinkToOneLineAndWithItTheyComeFirst() throws IOException {
        for (int t = 0; t < 3; t++) up(30L * t, "node_load1", t);
        builder.finish();
        String page = page();
        assertThat(page).contains("<p class=\"empty\" id=\"no-coppice\">No coppice metric in this data, so the coppice panels (Alive state, "
                + "Sandbox lifecycle, Execution path, Per-sandbox CPU, Latency) are left out");
        assertThat(page).doesNotContain("<h2>Alive state</h2>", "then render again.", "are not repeated here");
        assertThat(page.indexOf("id=\"no-coppice\"")).isLessThan(page.indexOf("<h2>Other metrics</h2>"));
        // How to feed the page and What's tracked move to the end.
        assertThat(page.indexOf("<h2>How to feed this page</h2>")).isGreaterThan(page.indexOf("<h2>Other metrics</h2>"));
        assertThat(page.indexOf("<h2>What’s tracked</h2>")).isGreaterThan(page.indexOf("<h2>How to feed this page</h2>"));

        ChartBuilder coppice = new ChartBuilder(2000, 100, types);
        for (int t = 0; t < 3; t++) {
            coppice.accept(new CompactRecord(30_000L * t, true, new String[] {"coppice_sandboxes_alive", "node_load1"}, new double[] {t, t}, null));
        }
        coppice.finish();
        StringWriter out = new StringWriter();
        Page.write(out, new Page.Content("data/metrics/", null, new PlotlySource(Page.PLOTLY_CDN, null, "test"),
                new Page.Summary(new Page.Span(coppice.firstTs(), coppice.lastTs(), coppice.samples()), new Page.Problems(0, 0, 0, 0), new Page.Restarts(List.of(), java.util.Map.of("", List.of())), List.of(), List.of()), coppice.charts(), null),
                support.CoppiceSection.unevaluated(true));
        String withCoppice = out.toString();
        assertThat(withCoppice).doesNotContain("id=\"no-coppice\"");
        int alive = withCoppice.indexOf("<h2>Alive state</h2>");
        assertThat(alive).isPositive().isLessThan(withCoppice.indexOf("<h2>Sandbox lifecycle</h2>"));
        assertThat(withCoppice.indexOf("<h2>Latency</h2>")).isLessThan(withCoppice.indexOf("<h2>How to feed this page</h2>"));
        assertThat(withCoppice.indexOf("<h2>What’s tracked</h2>")).isLessThan(withCoppice.indexOf("<h2>Other metrics</h2>"));
        // Nothing but the index bar comes between the header and the first panel.
        String between = withCoppice.substring(withCoppice.indexOf("id=\"render-error\""), alive);
        assertThat(between.replaceAll("(?s)<nav id=\"index\".*?</nav>", "")).doesNotContain("<h2>", "<section id=\"other\"");
    }

    @Test
    void aPageOfManyTracesIsCutToThePagesPointBudget() {
        List<Chart> charts = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Chart chart = new Chart("m-" + c, "g" + c, "", "", 2000, 10);
            for (int k = 0; k < 5; k++) {
                Trace t = chart.trace("k" + k, "k" + k);
                for (int i = 0; i < 1000; i++) t.points.add(i * 30_000L, Math.sin(i * 0.1 + k));
            }
            chart.finish();
            charts.add(chart);
        }
        Chart.fitPage(charts, 4000);
        for (Chart c : charts) {
            for (Trace t : c.drawnTraces()) {
                assertThat(t.points.size()).isLessThanOrEqualTo(Chart.MIN_TRACE_POINTS * 2).isLessThanOrEqualTo(200);
                // The extremes survive: min and max per bucket.
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < t.points.size(); i++) max = Math.max(max, t.points.value(i));
                assertThat(max).isEqualTo(t.points.max());
            }
        }
    }
}
