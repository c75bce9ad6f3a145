package support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import query.Expr;
import query.PromQL;
import query.QueryException;
import query.QueryOptions;
import query.QueryResult;
import query.SeriesSource;

/** Checks one eval of a PromQL test file the way Prometheus 2.42's promql/test.go does (see {@link PromqlScript}). */
final class PromqlEvalCheck {
    private PromqlEvalCheck() {}


    /** Null when the eval passes, else why not. */
    static String check(SeriesSource storage, String text, long at, PromqlExpectation exp) {
        Expr parsed;
        try {
            parsed = PromQL.parse(text);
        } catch (QueryException e) {
            return "does not parse: " + e.getMessage();
        }
        List<Object[]> queries = new ArrayList<>();
        queries.add(new Object[] {parsed, at});
        AtPinning pin = new AtPinning(at);
        Expr pinned = pin.pin(parsed);
        if (!pin.unsafe) {
            long[] times = at == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * at, 0, at / 5, at, 10 * at};
            for (long t : times) {
                queries.add(new Object[] {pinned, t});
            }
        }
        for (Object[] q : queries) {
            String why = checkOne(storage, (Expr) q[0], (Long) q[1], exp);
            if (why != null) {
                return (q[0] == parsed ? "" : "with @ " + at + "ms at " + q[1] + "ms: ") + why;
            }
        }
        return null;
    }

    private static String checkOne(SeriesSource storage, Expr e, long t, PromqlExpectation exp) {
        QueryResult r;
        try {
            r = PromQL.instant(storage, e, t, QueryOptions.DEFAULT);
        } catch (QueryException ex) {
            return exp.fail ? null : "error evaluating query: " + ex.getMessage();
        }
        if (exp.fail) {
            return "expected an error but got none";
        }
        String why = compare(r, exp);
        if (why != null) {
            return why;
        }
        QueryResult range;
        try {
            range = PromQL.range(storage, e, t - 60_000, t + 60_000, 60_000, QueryOptions.DEFAULT);
        } catch (QueryException ex) {
            return "error in range mode: " + ex.getMessage();
        }
        if (exp.ordered) {
            return null;
        }
        List<QueryResult.VectorSample> middle = new ArrayList<>();
        for (QueryResult.RangeSeries s : ((QueryResult.Matrix) range).series()) {
            for (int i = 0; i < s.timesMs().length; i++) {
                if (s.timesMs()[i] == t) {
                    middle.add(new QueryResult.VectorSample(s.labels(), t, s.values()[i]));
                    break;
                }
            }
        }
        if (r instanceof QueryResult.Scalar) {
            if (middle.isEmpty()) {
                return "range mode: no scalar at the middle step";
            }
            why = compare(new QueryResult.Scalar(t, middle.get(0).value()), exp);
        } else {
            why = compare(new QueryResult.Vector(middle), exp);
        }
        return why == null ? null : "range mode: " + why;
    }

    private static String compare(QueryResult r, PromqlExpectation exp) {
        if (r instanceof QueryResult.Scalar s) {
            if (exp.scalar == null) {
                return "got scalar " + s.value() + " but expected samples";
            }
            return PromqlExpectation.almostEqual(exp.scalar, s.value()) ? null
                    : "expected scalar " + exp.scalar + " but got " + s.value();
        }
        if (!(r instanceof QueryResult.Vector v)) {
            return "unexpected result type " + r.getClass().getSimpleName();
        }
        Map<SortedMap<String, String>, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < exp.samples.size(); i++) {
            position.put(exp.samples.get(i).labels(), i);
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < v.samples().size(); i++) {
            QueryResult.VectorSample s = v.samples().get(i);
            Integer pos = position.get(new TreeMap<>(s.labels()));
            if (pos == null) {
                return "unexpected metric " + s.labels() + " in result";
            }
            if (exp.ordered && pos != i) {
                return "expected metric " + s.labels() + " at position " + (pos + 1) + " but was at " + (i + 1);
            }
            double want = exp.samples.get(pos).value();
            if (!PromqlExpectation.almostEqual(want, s.value())) {
                return "expected " + want + " for " + s.labels() + " but got " + s.value();
            }
            seen.add(pos);
        }
        for (int i = 0; i < exp.samples.size(); i++) {
            if (!seen.contains(i)) {
                return "expected metric " + exp.samples.get(i).labels() + " not found";
            }
        }
        return null;
    }
}
