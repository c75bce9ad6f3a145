package support;

import java.util.ArrayList;
import java.util.List;
import query.Expr;

/**
 * Pins every selector and subquery without an {@code @} to one time, not looking inside subqueries, and notes whether
 * the expression calls a function whose answer depends on the evaluation time (promql/test.go atModifierTestCases).
 */
final class AtPinning {
    private static final java.util.Set<String> UNSAFE = java.util.Set.of("days_in_month", "day_of_month",
            "day_of_week", "day_of_year", "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

    private final Expr.At at;
    boolean unsafe;

    AtPinning(long timeMs) {
        this.at = new Expr.At(Expr.AtKind.TIME, timeMs);
    }

    Expr pin(Expr e) {
        if (e instanceof Expr.VectorSelector vs) {
            return vs.at().kind() != Expr.AtKind.NONE ? vs : new Expr.VectorSelector(vs.name(), vs.matchers(), vs.offsetMs(), at);
        } else if (e instanceof Expr.MatrixSelector ms) {
            return new Expr.MatrixSelector((Expr.VectorSelector) pin(ms.selector()), ms.rangeMs());
        } else if (e instanceof Expr.Subquery sq) {
            return sq.at().kind() != Expr.AtKind.NONE ? sq
                    : new Expr.Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), sq.offsetMs(), at);
        } else if (e instanceof Expr.Paren p) {
            return new Expr.Paren(pin(p.expr()));
        } else if (e instanceof Expr.Unary u) {
            return new Expr.Unary(u.op(), pin(u.expr()));
        } else if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), pin(b.lhs()), pin(b.rhs()), b.matching(), b.returnBool());
        } else if (e instanceof Expr.Aggregate a) {
            return new Expr.Aggregate(a.op(), pin(a.expr()), a.param() == null ? null : pin(a.param()), a.grouping(),
                    a.without());
        } else if (e instanceof Expr.Call c) {
            unsafe |= UNSAFE.contains(c.function());
            List<Expr> args = new ArrayList<>();
            for (Expr arg : c.args()) {
                args.add(pin(arg));
            }
            return new Expr.Call(c.function(), args, c.type());
        }
        return e;
    }
}
