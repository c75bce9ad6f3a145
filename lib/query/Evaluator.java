package query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a parsed expression step by step as Prometheus 2.42's engine does (promql/engine.go): instant selectors
 * look back {@code lookbackMs} for the latest sample (both ends of the window included; a stale marker ends the
 * series), range selectors and subqueries take the samples in {@code [t - range, t]} (both ends included, stale
 * markers left out), {@code offset} and {@code @} move the time read. Each selector reads the storage once, over the
 * widest range any step needs; each subquery is evaluated once over its whole grid of steps.
 */
final class Evaluator {
    /**
     * The most points the answers of a query and of its subqueries may hold together: Prometheus 2.42's default
     * {@code --query.max-samples}, here a guard against running out of memory on a subquery with a tiny step.
     */
    static final long MAX_POINTS = 50_000_000L;

    /** A subquery without a step uses this one (Prometheus's default global evaluation interval, 1 minute). */
    static final long DEFAULT_SUBQUERY_STEP_MS = 60_000L;

    /** One selected series: labels and samples in increasing time order. */
    record Series(Labels labels, long[] t, double[] v) {}

    final QueryOptions options;
    final Extents extents;
    private final SeriesSource source;
    private final Map<Expr, List<Series>> selected = new IdentityHashMap<>();
    private final Map<Expr, List<Series>> subqueries = new IdentityHashMap<>();
    private final Map<Expr, Map<Labels, Labels>> keyCaches = new IdentityHashMap<>();
    private final Map<Expr, Map<Labels, Labels>> origins = new IdentityHashMap<>();
    private long points;

    private Evaluator(SeriesSource source, QueryOptions options, Expr root, long start, long end) {
        this.source = source;
        this.options = options;
        this.extents = new Extents(start, end, options.lookbackMs());
        extents.walk(root, start, end);
        source.plan(Selection.requests(extents.selectorRange));
    }

    /** See {@link PromQL#instant}. */
    static QueryResult instant(SeriesSource source, Expr e, long t, QueryOptions options) {
        Evaluator ev = new Evaluator(source, options, e, t, t);
        Val v = ev.eval(e, t);
        if (v instanceof Val.Num n) {
            return new QueryResult.Scalar(t, n.v());
        }
        if (v instanceof Val.Str s) {
            return new QueryResult.StringValue(t, s.s());
        }
        if (v instanceof Val.Vec vec) {
            List<QueryResult.VectorSample> out = new ArrayList<>(vec.samples().size());
            for (Val.Sample s : vec.samples()) {
                out.add(new QueryResult.VectorSample(s.labels().toSortedMap(), t, s.v()));
            }
            return new QueryResult.Vector(out);
        }
        List<QueryResult.RangeSeries> out = new ArrayList<>();
        for (Val.Window w : ((Val.Mat) v).windows()) {
            out.add(new QueryResult.RangeSeries(w.labels().toSortedMap(), Arrays.copyOfRange(w.t(), w.from(), w.to()),
                    Arrays.copyOfRange(w.v(), w.from(), w.to())));
        }
        return new QueryResult.Matrix(out);
    }

    /** See {@link PromQL#range}; the checks and wording of Prometheus 2.42's HTTP API (web/api/v1/api.go). */
    static QueryResult range(SeriesSource source, Expr e, long start, long end, long step, QueryOptions options) {
        if (end < start) {
            throw execution("end timestamp must not be before start time");
        }
        if (step <= 0) {
            throw execution("zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > options.maxPointsPerSeries()) {
            throw execution("exceeded maximum resolution of " + String.format(java.util.Locale.ROOT, "%,d", options.maxPointsPerSeries())
                    + " points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        if (e.type() != Expr.Type.SCALAR && e.type() != Expr.Type.VECTOR) {
            throw execution("invalid expression type \"" + Parser.typeName(e.type())
                    + "\" for range query, must be Scalar or instant Vector");
        }
        Evaluator ev = new Evaluator(source, options, e, start, end);
        List<Series> series = ev.evalOverGrid(e, start, end, step);
        List<QueryResult.RangeSeries> out = new ArrayList<>(series.size());
        for (Series s : series) {
            out.add(new QueryResult.RangeSeries(s.labels().toSortedMap(), s.t(), s.v()));
        }
        return new QueryResult.Matrix(out);
    }

    /** Evaluates {@code e} at every step of a grid and gathers the samples into series sorted by labels. */
    List<Series> evalOverGrid(Expr e, long start, long end, long step) {
        if (end >= start && (end - start) / step + points >= MAX_POINTS) {
            throw execution("query processing would load too many samples into memory in query execution");
        }
        Map<Labels, SeriesBuilder> byLabels = new LinkedHashMap<>();
        for (long t = start; t <= end; t += step) {
            Val v = eval(e, t);
            points += v instanceof Val.Vec vec ? vec.samples().size() : 1;
            if (points > MAX_POINTS) {
                throw execution("query processing would load too many samples into memory in query execution");
            }
            if (v instanceof Val.Num n) {
                byLabels.computeIfAbsent(Labels.EMPTY, l -> new SeriesBuilder()).add(t, n.v());
            } else {
                for (Val.Sample s : ((Val.Vec) v).samples()) {
                    byLabels.computeIfAbsent(s.labels(), l -> new SeriesBuilder()).add(t, s.v());
                }
            }
        }
        List<Series> out = new ArrayList<>(byLabels.size());
        byLabels.forEach((l, b) -> out.add(b.build(l)));
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return out;
    }

    /** A cache, kept for the whole query, from a series' labels to the labels a node derives from them. */
    Map<Labels, Labels> groupKeys(Expr node) {
        return keyCaches.computeIfAbsent(node, n -> new java.util.HashMap<>());
    }

    /**
     * Fails when a node that maps series one to one (a range-vector function, unary minus) gives two input series the
     * same output labels at any steps of the query, as Prometheus 2.42 checks the whole output matrix of such a node
     * (engine.go, Matrix.ContainsSameLabelset), not only each step.
     */
    void checkOrigin(Expr node, Labels out, Labels in) {
        Labels earlier = origins.computeIfAbsent(node, n -> new java.util.HashMap<>()).putIfAbsent(out, in);
        if (earlier != null && !earlier.equals(in)) {
            throw execution("vector cannot contain metrics with the same labelset");
        }
    }

    static QueryException execution(String message) {
        return new QueryException(QueryException.Kind.EXECUTION, message);
    }

    /** The value of {@code e} at time {@code t} (Unix milliseconds). */
    Val eval(Expr e, long t) {
        if (e instanceof Expr.NumberLiteral n) {
            return new Val.Num(n.value());
        } else if (e instanceof Expr.StringLiteral s) {
            return new Val.Str(s.value());
        } else if (e instanceof Expr.Paren p) {
            return eval(p.expr(), t);
        } else if (e instanceof Expr.Unary u) {
            return unary(u, t);
        } else if (e instanceof Expr.VectorSelector vs) {
            return new Val.Vec(vectorAt(vs, t, false));
        } else if (e instanceof Expr.MatrixSelector ms) {
            return new Val.Mat(windows(ms, t));
        } else if (e instanceof Expr.Subquery sq) {
            return new Val.Mat(subqueryWindows(sq, t));
        } else if (e instanceof Expr.Call c) {
            return Functions.call(this, c, t);
        } else if (e instanceof Expr.Aggregate a) {
            return Aggregations.eval(this, a, t);
        } else if (e instanceof Expr.Binary b) {
            return BinaryOps.eval(this, b, t);
        }
        throw new IllegalStateException("unknown node " + e);
    }

    private Val unary(Expr.Unary u, long t) {
        Val v = eval(u.expr(), t);
        if (!u.op().equals("-")) {
            return v;
        }
        if (v instanceof Val.Num n) {
            return new Val.Num(-n.v());
        }
        List<Val.Sample> in = ((Val.Vec) v).samples();
        List<Val.Sample> out = new ArrayList<>(in.size());
        for (Val.Sample s : in) {
            Labels l = s.labels().withoutName();
            checkOrigin(u, l, s.labels());
            out.add(new Val.Sample(l, t, -s.v()));
        }
        return new Val.Vec(checkUnique(out));
    }

    /** Fails as Prometheus 2.42 does when one vector holds two samples with the same labels. */
    static List<Val.Sample> checkUnique(List<Val.Sample> samples) {
        if (samples.size() > 1) {
            Set<Labels> seen = new HashSet<>();
            for (Val.Sample s : samples) {
                if (!seen.add(s.labels())) {
                    throw execution("vector cannot contain metrics with the same labelset");
                }
            }
        }
        return samples;
    }

    /**
     * The instant vector of a selector at {@code t} (Prometheus 2.42 vectorSelectorSingle). With {@code sampleTimes}
     * each sample carries its own time, and an {@code @} time is read without the offset, as 2.42's timestamp() does.
     */
    List<Val.Sample> vectorAt(Expr.VectorSelector vs, long t, boolean sampleTimes) {
        boolean at = vs.at().kind() != Expr.AtKind.NONE;
        long ref = sampleTimes && at ? extents.atTime(vs.at(), t) : extents.atTime(vs.at(), t) - vs.offsetMs();
        List<Series> all = select(vs);
        List<Val.Sample> out = new ArrayList<>(all.size());
        long oldest = ref - options.lookbackMs();
        for (Series s : all) {
            int i = lastAtOrBefore(s.t(), ref);
            if (i < 0 || s.t()[i] < oldest || Staleness.isStale(s.v()[i])) {
                continue;
            }
            out.add(new Val.Sample(s.labels(), sampleTimes ? s.t()[i] : t, s.v()[i]));
        }
        return out;
    }

    /** The windows {@code [t - range, t]} of a range selector, series without samples left out. */
    List<Val.Window> windows(Expr.MatrixSelector ms, long t) {
        Expr.VectorSelector vs = ms.selector();
        long ref = extents.atTime(vs.at(), t) - vs.offsetMs();
        return windowsOf(select(ms), ref - ms.rangeMs(), ref);
    }

    private static List<Val.Window> windowsOf(List<Series> all, long from, long to) {
        List<Val.Window> out = new ArrayList<>();
        for (Series s : all) {
            int hi = lastAtOrBefore(s.t(), to) + 1;
            int lo = lastAtOrBefore(s.t(), from - 1) + 1;
            if (hi > lo) {
                out.add(new Val.Window(s.labels(), s.t(), s.v(), lo, hi));
            }
        }
        return out;
    }

    /** Index of the last time {@code <= t}, or -1. */
    static int lastAtOrBefore(long[] times, long t) {
        int lo = 0;
        int hi = times.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    private List<Series> select(Expr selector) {
        List<Series> s = selected.get(selector);
        if (s == null) {
            s = Selection.load(source, selector, extents.selectorRange.get(selector), options);
            selected.put(selector, s);
        }
        return s;
    }

    private List<Val.Window> subqueryWindows(Expr.Subquery sq, long t) {
        long step = sq.stepMs() > 0 ? sq.stepMs() : DEFAULT_SUBQUERY_STEP_MS;
        List<Series> inner = subqueries.get(sq);
        if (inner == null) {
            long[] times = extents.subqueryTimes.get(sq);
            long first = Math.floorDiv(times[0] - sq.rangeMs(), step) * step;
            if (first < times[0] - sq.rangeMs()) {
                first += step;
            }
            inner = evalOverGrid(sq.expr(), first, Math.floorDiv(times[1], step) * step, step);
            subqueries.put(sq, inner);
        }
        long ref = extents.atTime(sq.at(), t) - sq.offsetMs();
        return windowsOf(inner, ref - sq.rangeMs(), ref);
    }

    /** Accumulates the samples of one output series. */
    static final class SeriesBuilder {
        private long[] t = new long[8];
        private double[] v = new double[8];
        private int n;

        void add(long time, double value) {
            if (n == t.length) {
                t = Arrays.copyOf(t, n * 2);
                v = Arrays.copyOf(v, n * 2);
            }
            t[n] = time;
            v[n++] = value;
        }

        Series build(Labels labels) {
            return new Series(labels, Arrays.copyOf(t, n), Arrays.copyOf(v, n));
        }
    }
}
