package panels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import query.Expr;
import query.PromQL;
import query.QueryException;
import query.QueryOptions;
import query.QueryResult;
import query.SeriesSource;

/**
 * The panels' range queries evaluated a few steps at a time as the records arrive, over {@link FedSeries}: a range
 * query's steps are independent (Prometheus 2.42, promql/engine.go: a range query is the instant query at each step),
 * so the steps {@code [a, b]} evaluated as their own range query give the same samples as the same steps of the whole
 * range. A step is <b>final</b> once the records reach {@link #LAG_MS} past it (a later record cannot change it); its
 * values are kept and never computed again, and the samples before the earliest time a later step reads are dropped.
 * The steps after the last final one are evaluated again at each {@link #panels} call (the live page's newest steps).
 *
 * <p>Where a chunk's answer could differ from the whole range's, the caller evaluates the whole range instead
 * ({@link #chunkable}): an {@code @ start()} or {@code @ end()} (the range's own ends) or a negative {@code offset}
 * (reads after the step). Two checks Prometheus makes over a whole query are made here per chunk: the limit of samples
 * loaded into memory (50 million a query) and a function's output series colliding at two different steps.
 */
final class PanelSteps {
    /** How far the newest record must be past a step for the step to be final: records of several targets arrive a little out of order. */
    static final long LAG_MS = 5 * 60_000L;
    /** Steps are evaluated in chunks of about this much time, or of {@link #CHUNK_STEPS}, so few range queries are made. */
    private static final long CHUNK_MS = 3_600_000L;
    private static final long CHUNK_STEPS = 8;

    /** One expression of a panel, expanded for the window. */
    private record Query(PanelSet set, Panel panel, int index, String expr, Expr parsed) {}

    /** One answered series growing as steps are evaluated. */
    private static final class Growing {
        long[] t = new long[16];
        double[] v = new double[16];
        int n;

        void add(long[] times, double[] values) {
            if (n + times.length > t.length) {
                int size = Math.max(t.length * 2, n + times.length);
                t = Arrays.copyOf(t, size);
                v = Arrays.copyOf(v, size);
            }
            System.arraycopy(times, 0, t, n, times.length);
            System.arraycopy(values, 0, v, n, values.length);
            n += times.length;
        }
    }

    private PanelEvaluator.Window window;
    private final FedSeries source;
    private final List<Query> queries = new ArrayList<>();
    private final List<Map<SortedMap<String, String>, Growing>> answers = new ArrayList<>();
    private final String[] errors;
    private final long lookBackMs;
    private final long chunkSteps;
    /** The first step not yet final. */
    private long nextStepMs;
    /** Steps evaluated so far, summed over the expressions (final and provisional): what a tick costs, for tests. */
    private long stepsEvaluated;

    /**
     * @param sets   the sets whose panels are evaluated (the shown ones are picked at {@link #panels})
     * @param window the steps, and the scrape interval the expressions' variables are expanded with
     * @param source the series, fed as records arrive
     */
    PanelSteps(List<PanelSet> sets, PanelEvaluator.Window window, FedSeries source) {
        this.window = window;
        this.source = source;
        long back = QueryOptions.DEFAULT.lookbackMs();
        for (PanelSet s : sets) {
            for (Panel p : s.panels()) {
                for (int i = 0; i < p.queries().size(); i++) {
                    String expr = PanelQueries.expand(p.queries().get(i).expr(), window.stepMs(), window.scrapeIntervalMs());
                    Expr parsed = parse(expr);
                    queries.add(new Query(s, p, i, expr, parsed));
                    answers.add(new LinkedHashMap<>());
                    if (parsed != null) back = Math.max(back, lookBack(parsed));
                }
            }
        }
        this.errors = new String[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            if (queries.get(i).parsed() == null) continue;
            try {
                // The whole range's own checks (type, points per series), with the engine's words; no data is read.
                PromQL.range(EMPTY, queries.get(i).parsed(), window.startMs(), window.endMs(), window.stepMs(), QueryOptions.DEFAULT);
            } catch (QueryException e) {
                errors[i] = e.getMessage();
            }
        }
        this.lookBackMs = back;
        this.chunkSteps = Math.max(CHUNK_STEPS, CHUNK_MS / window.stepMs());
        this.nextStepMs = window.startMs();
    }

    private static Expr parse(String expr) {
        try {
            return PromQL.parse(expr);
        } catch (QueryException e) {
            return null; // answered with the engine's own error when evaluated
        }
    }

    /** The window the steps follow. */
    PanelEvaluator.Window window() {
        return window;
    }

    /** True when {@code other} has the same steps and scrape interval (its end may be later): see {@link #extend}. */
    boolean sameSteps(PanelEvaluator.Window other) {
        return other.startMs() == window.startMs() && other.stepMs() == window.stepMs()
                && other.scrapeIntervalMs() == window.scrapeIntervalMs() && other.endMs() >= lastFinalMs();
    }

    /** Moves the window's end (the live page's history grows); the steps kept stay. Only for a {@link #sameSteps} window. */
    void extend(PanelEvaluator.Window other) {
        if (!sameSteps(other)) throw new IllegalArgumentException("not the same steps: " + other + " after " + window);
        window = other;
    }

    /** The last final step, Unix ms (before the start when none is). */
    long lastFinalMs() {
        return nextStepMs - window.stepMs();
    }

    /** How far before a step its expressions read, ms: samples older than the next step minus this can go. */
    long lookBackMs() {
        return lookBackMs;
    }

    /** True when every expression's steps may be evaluated a chunk at a time (see the class comment). */
    boolean chunkable() {
        for (Query q : queries) if (q.parsed() != null && !chunkable(q.parsed())) return false;
        return true;
    }

    /** True when enough records came for a chunk of steps to be final (the newest record at {@code newestMs}). */
    boolean chunkReady(long newestMs) {
        return newestMs - LAG_MS >= nextStepMs + (chunkSteps - 1) * window.stepMs();
    }

    /**
     * Evaluates every step not after {@code newestMs - LAG_MS} (and not after the window's end) that is not final yet,
     * a chunk at a time, and makes them final; the samples no later step reads are dropped after each chunk.
     */
    void evaluateFinal(long newestMs) {
        long upTo = Math.min(window.endMs(), newestMs - LAG_MS);
        while (nextStepMs <= upTo) {
            long last = Math.min(upTo - Math.floorMod(upTo - window.startMs(), window.stepMs()), nextStepMs + (chunkSteps - 1) * window.stepMs());
            for (int i = 0; i < queries.size(); i++) {
                if (errors[i] != null) continue;
                try {
                    add(answers.get(i), evaluate(queries.get(i), nextStepMs, last));
                } catch (QueryException e) {
                    errors[i] = e.getMessage();
                    answers.get(i).clear();
                }
            }
            nextStepMs = last + window.stepMs();
            source.trim(nextStepMs - lookBackMs);
        }
    }

    /** The whole window's answer for the panels of {@code set}: the final steps kept, the others evaluated now. */
    List<PanelEvaluator.EvaluatedPanel> panels(PanelSet set) {
        List<PanelEvaluator.EvaluatedPanel> out = new ArrayList<>();
        List<PanelEvaluator.EvaluatedQuery> evaluated = new ArrayList<>();
        List<PanelEvaluator.Line> lines = new ArrayList<>();
        Panel panel = null;
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            if (q.set() != set) continue;
            if (q.panel() != panel) {
                if (panel != null) out.add(new PanelEvaluator.EvaluatedPanel(panel, List.copyOf(evaluated), List.copyOf(lines)));
                panel = q.panel();
                evaluated.clear();
                lines.clear();
            }
            String error = errors[i];
            Map<SortedMap<String, String>, Growing> all = answers.get(i);
            if (error == null && nextStepMs <= window.endMs()) {
                try {
                    all = new LinkedHashMap<>();
                    for (Map.Entry<SortedMap<String, String>, Growing> e : answers.get(i).entrySet()) {
                        Growing copy = new Growing();
                        copy.add(Arrays.copyOf(e.getValue().t, e.getValue().n), Arrays.copyOf(e.getValue().v, e.getValue().n));
                        all.put(e.getKey(), copy);
                    }
                    add(all, evaluate(q, nextStepMs, window.endMs()));
                } catch (QueryException e) {
                    error = e.getMessage();
                }
            }
            evaluated.add(new PanelEvaluator.EvaluatedQuery(q.expr(), window.stepSeconds(), error));
            if (error != null) continue;
            List<Map.Entry<SortedMap<String, String>, Growing>> sorted = new ArrayList<>(all.entrySet());
            sorted.sort((a, b) -> compareLabels(a.getKey(), b.getKey()));
            Panel.Query pq = q.panel().queries().get(q.index());
            for (Map.Entry<SortedMap<String, String>, Growing> e : sorted) {
                Growing g = e.getValue();
                lines.add(new PanelEvaluator.Line(Legends.apply(pq.legend(), e.getKey(), pq.expr()), e.getKey(), q.index(),
                        Arrays.copyOf(g.t, g.n), Arrays.copyOf(g.v, g.n)));
            }
        }
        if (panel != null) out.add(new PanelEvaluator.EvaluatedPanel(panel, List.copyOf(evaluated), List.copyOf(lines)));
        return out;
    }

    /** Steps evaluated so far, summed over the expressions. */
    long stepsEvaluated() {
        return stepsEvaluated;
    }

    private QueryResult evaluate(Query q, long fromMs, long toMs) {
        stepsEvaluated += (toMs - fromMs) / window.stepMs() + 1;
        if (q.parsed() == null) return PromQL.range(source, q.expr(), fromMs, toMs, window.stepMs(), QueryOptions.DEFAULT);
        return PromQL.range(source, q.parsed(), fromMs, toMs, window.stepMs(), QueryOptions.DEFAULT);
    }

    private static final SeriesSource EMPTY = (matchers, min, max) -> List.of();

    private static void add(Map<SortedMap<String, String>, Growing> into, QueryResult result) {
        if (!(result instanceof QueryResult.Matrix m)) return;
        for (QueryResult.RangeSeries s : m.series()) into.computeIfAbsent(s.labels(), k -> new Growing()).add(s.timesMs(), s.values());
    }

    /** The engine's order of a range query's series: label by label, name then value, then the shorter first. */
    static int compareLabels(SortedMap<String, String> a, SortedMap<String, String> b) {
        var ia = a.entrySet().iterator();
        var ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            var ea = ia.next();
            var eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c != 0) return c;
            c = ea.getValue().compareTo(eb.getValue());
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    /** How far before an evaluation time an expression reads: its widest range or look-back plus offset, ms. */
    static long lookBack(Expr e) {
        if (e instanceof Expr.VectorSelector v) return QueryOptions.DEFAULT.lookbackMs() + Math.max(0, v.offsetMs());
        if (e instanceof Expr.MatrixSelector m) return m.rangeMs() + Math.max(0, m.selector().offsetMs());
        if (e instanceof Expr.Subquery s) return s.rangeMs() + s.stepMs() + Math.max(0, s.offsetMs()) + lookBack(s.expr());
        long most = 0;
        for (Expr child : children(e)) most = Math.max(most, lookBack(child));
        return most;
    }

    /** False for an expression whose answer at a step depends on the range's ends or on samples after the step. */
    static boolean chunkable(Expr e) {
        if (e instanceof Expr.VectorSelector v) return v.at().kind() == Expr.AtKind.NONE && v.offsetMs() >= 0;
        if (e instanceof Expr.MatrixSelector m) return chunkable(m.selector());
        if (e instanceof Expr.Subquery s && (s.at().kind() != Expr.AtKind.NONE || s.offsetMs() < 0)) return false;
        for (Expr child : children(e)) if (!chunkable(child)) return false;
        return true;
    }

    private static List<Expr> children(Expr e) {
        if (e instanceof Expr.Subquery s) return List.of(s.expr());
        if (e instanceof Expr.Call c) return c.args();
        if (e instanceof Expr.Aggregate a) return a.param() == null ? List.of(a.expr()) : List.of(a.expr(), a.param());
        if (e instanceof Expr.Binary b) return List.of(b.lhs(), b.rhs());
        if (e instanceof Expr.Unary u) return List.of(u.expr());
        if (e instanceof Expr.Paren p) return List.of(p.expr());
        return List.of();
    }
}
