package page;

import static org.assertj.core.api.Assertions.assertThat;

import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import panels.BuiltInPanelSets;
import panels.Panel;
import panels.PanelEvaluator;
import query.QueryOptions;
import queryio.DayFileStorage;

/**
 * The built-in coppice set beside today's coppice section on the same files: the gauges of "Alive state" are the same
 * points, value for value, with the same gap at the failed scrape. (The rates differ by design: the set's are
 * Prometheus's {@code rate()} over {@code $__rate_interval}, extrapolated as Prometheus does, the section's are each
 * interval's increase over its length.)
 */
public class CoppiceSetComparisonTest {
    @TempDir
    Path tmp;

    @Test
    void aliveStateIsTheSamePointsAsTodaysPage() throws Exception {
        Path data = tmp.resolve("data");
        RenderBrowserTest.writeRecords(data);
        Renderer.History history = Renderer.read(new Renderer.Settings(data, tmp.resolve("p.html"), 2000, 100, null, null, null), null);
        history.charts().finish();
        Chart alive = history.charts().charts().stream().filter(c -> c.id.equals("alive")).findFirst().orElseThrow();
        Map<String, Map<Long, Double>> today = new TreeMap<>();
        for (Trace t : alive.traces()) {
            Map<Long, Double> points = new TreeMap<>();
            for (int i = 0; i < t.points.size(); i++) if (Double.isFinite(t.points.value(i))) points.put(t.points.time(i), t.points.value(i));
            today.put(t.name, points);
        }

        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        Panel panel = BuiltInPanelSets.load("coppice").panels().get(0);
        PanelEvaluator.Window w = PanelEvaluator.window(history.charts().firstTs(), history.charts().lastTs(), 30_000, 2000);
        Map<String, Map<Long, Double>> promql = new TreeMap<>();
        for (PanelEvaluator.Line line : PanelEvaluator.evaluate(storage, panel, w, QueryOptions.DEFAULT).lines()) {
            Map<Long, Double> points = new TreeMap<>();
            for (int i = 0; i < line.timesMs().length; i++) points.put(line.timesMs()[i], line.values()[i]);
            promql.put(line.name(), points);
        }
        assertThat(promql).isEqualTo(today);
        assertThat(today.get("coppice_sandboxes_alive")).hasSize(239).doesNotContainKey(history.charts().firstTs() + 100 * 30_000L);
        assertThat(List.copyOf(today.keySet())).containsExactly("coppice_kernels_alive", "coppice_sandboxes_alive");
    }
}
