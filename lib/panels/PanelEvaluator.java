package panels;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import query.PromQL;
import query.QueryException;
import query.QueryOptions;
import query.QueryResult;
import query.SeriesSource;

/**
 * A panel's values: each of its expressions answered by the PromQL engine as a range query over the page's time range
 * at the page's step (the same answer {@code query --start --end --step} gives), each series named by its legend
 * template. An expression the engine cannot answer leaves the panel's other expressions drawn and says why.
 */
public final class PanelEvaluator {
    private PanelEvaluator() {}

    /**
     * The times a page's panels are evaluated at.
     *
     * @param startMs          first step, Unix ms (a multiple of {@code stepMs})
     * @param endMs            last step, Unix ms (a multiple of {@code stepMs}, not before {@code startMs})
     * @param stepMs           the step, whole seconds in ms
     * @param scrapeIntervalMs the targets' scrape interval, ms (for {@code $__rate_interval})
     */
    public record Window(long startMs, long endMs, long stepMs, long scrapeIntervalMs) {
        /** The step in seconds, as {@code data-queries} and {@code query --step} write it. */
        public long stepSeconds() {
            return stepMs / 1000;
        }
    }

    /**
     * The window for a page showing {@code [fromMs, toMs]}: the step is the scrape interval, or wider so that a series
     * has at most {@code maxPoints / 2} steps (the page's downsampling keeps up to {@code maxPoints} points a trace, a
     * low and a high per bucket), and never more than Prometheus's 11,000 points. A step wider than the interval is
     * taken from a fixed ladder of round durations ({@link #LADDER_MS}, then whole days), as Grafana rounds its
     * intervals, so a live page's step changes only when its history crosses a rung. The scrape interval is rounded
     * to whole seconds (from 1 s up), so a few milliseconds of jitter between scrapes do not change it. Start and end
     * are aligned to the step (as Grafana aligns them), start rounded down and end rounded up, so the range is
     * covered and a live page's next tick shares every earlier step.
     */
    public static Window window(long fromMs, long toMs, long scrapeIntervalMs, int maxPoints) {
        long interval = scrapeIntervalMs >= 1000 ? Math.round(scrapeIntervalMs / 1000.0) * 1000 : scrapeIntervalMs;
        long span = Math.max(0, toMs - fromMs);
        long wide = Math.max(ceilDiv(span, Math.max(1, maxPoints / 2)), ceilDiv(span, QueryOptions.DEFAULT.maxPointsPerSeries() - 2));
        long step = Math.max(Math.max(1000, ceilDiv(interval, 1000) * 1000), wide <= interval ? 0 : onLadder(wide));
        long start = Math.floorDiv(fromMs, step) * step;
        long end = Math.floorDiv(toMs + step - 1, step) * step;
        return new Window(start, end, step, interval);
    }

    /** The round steps, ms, a step wider than the scrape interval is taken from (after the last: whole days). */
    static final long[] LADDER_MS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
            1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};

    /** The first rung of the ladder not below {@code ms}. */
    private static long onLadder(long ms) {
        for (long rung : LADDER_MS) if (rung >= ms) return rung;
        return ceilDiv(ms, 86_400_000L) * 86_400_000L;
    }

    /** One expression as evaluated: the text the engine was given, its step in seconds, and its error or null. */
    public record EvaluatedQuery(String expr, long stepSeconds, String error) {}

    /**
     * One drawn series.
     *
     * @param name    its legend name
     * @param labels  its labels as the engine answered
     * @param query   the index of the panel's expression it comes from
     * @param timesMs step times, increasing; a step without a value is absent
     * @param values  the values, same length
     */
    public record Line(String name, SortedMap<String, String> labels, int query, long[] timesMs, double[] values) {}

    /** A panel with its expressions as evaluated and its series. */
    public record EvaluatedPanel(Panel panel, List<EvaluatedQuery> queries, List<Line> lines) {
        /** True when no expression gave a series (the page shows the panel's empty state). */
        public boolean empty() {
            return lines.isEmpty();
        }
    }

    /** Evaluates every expression of {@code panel} over {@code window}. */
    public static EvaluatedPanel evaluate(SeriesSource source, Panel panel, Window window, QueryOptions options) {
        List<EvaluatedQuery> queries = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < panel.queries().size(); i++) {
            Panel.Query q = panel.queries().get(i);
            String expr = PanelQueries.expand(q.expr(), window.stepMs(), window.scrapeIntervalMs());
            try {
                QueryResult result = PromQL.range(source, expr, window.startMs(), window.endMs(), window.stepMs(), options);
                if (result instanceof QueryResult.Matrix matrix) {
                    for (QueryResult.RangeSeries s : matrix.series()) {
                        lines.add(new Line(Legends.apply(q.legend(), s.labels(), q.expr()), s.labels(), i, s.timesMs(), s.values()));
                    }
                }
                queries.add(new EvaluatedQuery(expr, window.stepSeconds(), null));
            } catch (QueryException e) {
                queries.add(new EvaluatedQuery(expr, window.stepSeconds(), e.getMessage()));
            }
        }
        return new EvaluatedPanel(panel, List.copyOf(queries), List.copyOf(lines));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
