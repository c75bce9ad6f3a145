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
     * low and a high per bucket), and never more than Prometheus's 11,000 points; whole seconds. Start and end are
     * aligned to the step (as Grafana aligns them), start rounded down and end rounded up, so the range is covered and
     * a live page's next tick shares every earlier step.
     */
    public static Window window(long fromMs, long toMs, long scrapeIntervalMs, int maxPoints) {
        long span = Math.max(0, toMs - fromMs);
        long step = Math.max(scrapeIntervalMs, ceilDiv(span, Math.max(1, maxPoints / 2)));
        step = Math.max(step, ceilDiv(span, QueryOptions.DEFAULT.maxPointsPerSeries() - 2));
        step = Math.max(1000, ceilDiv(step, 1000) * 1000);
        long start = Math.floorDiv(fromMs, step) * step;
        long end = Math.floorDiv(toMs + step - 1, step) * step;
        return new Window(start, end, step, scrapeIntervalMs);
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
