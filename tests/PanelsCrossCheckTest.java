import static org.assertj.core.api.Assertions.assertThat;

import days.DayFiles;
import days.RecordTimes;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import panels.ActivePanelSets;
import panels.BuiltInPanelSets;
import panels.Panel;
import panels.PanelEvaluator;
import panels.PanelQueries;
import prom.OpenMetricsExport;
import query.PromQL;
import query.QueryOptions;
import queryio.DayFileStorage;
import queryio.PrometheusJson;
import support.NodeExporterDay;
import support.PromServer;

/**
 * Every expression of the built-in panel sets shown for a node_exporter (node_exporter and go) and for the coppice
 * gateway (the coppice set: the page's coppice section), as the page evaluates
 * it (its step, its {@code $__rate_interval}, its range), answered by the engine and by Prometheus 2.42 filled from
 * the same records by export and promtool backfill: same series, same steps, values within 1e-12 relative.
 */
class PanelsCrossCheckTest {
    @TempDir
    Path temp;

    @Test
    @Timeout(900)
    void everyNodeExporterPanelAnswersAsPrometheus() throws Exception {
        PromServer.toolOrSkip("promtool");
        Path data = temp.resolve("data");
        NodeExporterDay.write(data, RECORDS);
        assertThat(crossCheck(data, null)).isEqualTo(27);
    }

    /**
     * The coppice set, the page's coppice section: its answers (rates over {@code $__rate_interval}, the per-sandbox
     * names, the latency ratio) are Prometheus's, on records made from the gateway's own exposition.
     */
    @Test
    @Timeout(900)
    void everyCoppicePanelAnswersAsPrometheus() throws Exception {
        PromServer.toolOrSkip("promtool");
        Path data = temp.resolve("data");
        NodeExporterDay.write(data, RECORDS, Path.of("tests/testdata/expositions/coppice-gateway-sample.prom"), "http://127.0.0.1:8080/metrics");
        assertThat(crossCheck(data, "coppice")).isEqualTo(11);
    }

    static final int RECORDS = 240;

    /**
     * Compares every expression of the sets shown for {@code data} (only the set named {@code only}, when not null);
     * returns how many were compared.
     */
    private int crossCheck(Path data, String only) throws Exception {
        int records = RECORDS;
        Path exposition = temp.resolve("export.om");
        try (OutputStream out = Files.newOutputStream(exposition)) {
            OpenMetricsExport.write(DayFiles.days(data, null, null), null, null, "coppice", out, temp, new PrintStream(OutputStream.nullOutputStream()));
        }
        Path tsdb = temp.resolve("tsdb");
        PromServer.run(List.of(PromServer.toolOrSkip("promtool").toString(), "tsdb", "create-blocks-from", "openmetrics",
                exposition.toString(), tsdb.toString()), 300);
        // Backfilled blocks carry no stale markers; these records have no failed scrape, so none are missing.
        DayFileStorage storage = new DayFileStorage(data, "coppice", false, RecordTimes.system(), new PrintStream(OutputStream.nullOutputStream()));
        long from = NodeExporterDay.START.toEpochMilli(), to = from + (records - 1) * NodeExporterDay.INTERVAL_MS;
        PanelEvaluator.Window w = PanelEvaluator.window(from, to, NodeExporterDay.INTERVAL_MS, 2000);
        List<String> differences = new ArrayList<>();
        int compared = 0;
        try (PromServer prometheus = PromServer.start(tsdb, false, PromServer.freePort())) {
            for (ActivePanelSets.Choice c : ActivePanelSets.choose(BuiltInPanelSets.all(), storage, from, to)) {
                if (!c.active() || only != null && !c.set().name().equals(only)) continue;
                for (Panel p : c.set().panels()) {
                    for (Panel.Query q : p.queries()) {
                        String expr = PanelQueries.expand(q.expr(), w.stepMs(), w.scrapeIntervalMs());
                        String ours = QueryCrossCheckTest.answer(() -> PromQL.range(storage, expr, w.startMs(), w.endMs(), w.stepMs(),
                                QueryOptions.DEFAULT.withStaleness(false)));
                        String theirs = prometheus.api("/api/v1/query_range", "query", expr, "start", PrometheusJson.time(w.startMs()),
                                "end", PrometheusJson.time(w.endMs()), "step", Long.toString(w.stepSeconds()));
                        compared++;
                        assertThat(QueryCrossCheckTest.hasData(theirs)).as(c.set().name() + " / " + p.title() + ": " + expr).isTrue();
                        String why = QueryCrossCheckTest.difference(ours, theirs, false);
                        if (why != null) differences.add(c.set().name() + " / " + p.title() + ": " + expr + ": " + why);
                    }
                }
            }
        }
        assertThat(differences).as(differences.size() + " of " + compared + " differ:\n" + String.join("\n", differences)).isEmpty();
        return compared;
    }
}
