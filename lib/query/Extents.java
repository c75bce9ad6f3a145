package query;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Before evaluation, works out for every selector the widest time range any step will read, so the storage is asked
 * once per selector (as Prometheus 2.42's engine does in populateSeries with FindMinMaxTime), and for every subquery
 * the range of times it is evaluated at. Times are Unix milliseconds, both ends included.
 */
final class Extents {
    final Map<Expr, long[]> selectorRange = new IdentityHashMap<>();
    final Map<Expr, long[]> subqueryTimes = new IdentityHashMap<>();
    private final long queryStart;
    private final long queryEnd;
    private final long lookbackMs;

    Extents(long queryStart, long queryEnd, long lookbackMs) {
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
        this.lookbackMs = lookbackMs;
    }

    /** The time an {@code @} modifier fixes, or {@code t} when there is none. */
    long atTime(Expr.At at, long t) {
        return switch (at.kind()) {
            case NONE -> t;
            case TIME -> at.timeMs();
            case START -> queryStart;
            case END -> queryEnd;
        };
    }

    void walk(Expr e, long minT, long maxT) {
        if (e instanceof Expr.VectorSelector vs) {
            long lo = atTime(vs.at(), minT) - vs.offsetMs();
            long hi = atTime(vs.at(), maxT) - vs.offsetMs();
            // timestamp() of a selector with @ reads at the @ time without its offset.
            long loAt = vs.at().kind() != Expr.AtKind.NONE ? Math.min(lo, atTime(vs.at(), minT)) : lo;
            long hiAt = vs.at().kind() != Expr.AtKind.NONE ? Math.max(hi, atTime(vs.at(), maxT)) : hi;
            widen(selectorRange, e, loAt - lookbackMs, hiAt);
        } else if (e instanceof Expr.MatrixSelector ms) {
            Expr.VectorSelector vs = ms.selector();
            long lo = atTime(vs.at(), minT) - vs.offsetMs();
            long hi = atTime(vs.at(), maxT) - vs.offsetMs();
            widen(selectorRange, e, lo - ms.rangeMs(), hi);
        } else if (e instanceof Expr.Subquery sq) {
            long lo = atTime(sq.at(), minT) - sq.offsetMs();
            long hi = atTime(sq.at(), maxT) - sq.offsetMs();
            widen(subqueryTimes, e, lo, hi);
            walk(sq.expr(), lo - sq.rangeMs(), hi);
        } else if (e instanceof Expr.Paren p) {
            walk(p.expr(), minT, maxT);
        } else if (e instanceof Expr.Unary u) {
            walk(u.expr(), minT, maxT);
        } else if (e instanceof Expr.Binary b) {
            walk(b.lhs(), minT, maxT);
            walk(b.rhs(), minT, maxT);
        } else if (e instanceof Expr.Aggregate a) {
            if (a.param() != null) {
                walk(a.param(), minT, maxT);
            }
            walk(a.expr(), minT, maxT);
        } else if (e instanceof Expr.Call c) {
            for (Expr arg : c.args()) {
                walk(arg, minT, maxT);
            }
        }
    }

    private static void widen(Map<Expr, long[]> map, Expr e, long lo, long hi) {
        long[] r = map.get(e);
        if (r == null) {
            map.put(e, new long[] {lo, hi});
        } else {
            r[0] = Math.min(r[0], lo);
            r[1] = Math.max(r[1], hi);
        }
    }
}
