package query;

import java.util.HashMap;
import java.util.Map;

/**
 * The argument and result types of every PromQL function of Prometheus 2.42 (promql/parser/functions.go): a function
 * with {@code variadic} 0 takes exactly its arguments; otherwise its last argument may be left out or repeated up to
 * {@code variadic} times ({@code -1}: without limit).
 */
final class Signatures {
    private Signatures() {}

    record Sig(String name, Expr.Type[] args, int variadic, Expr.Type result) {}

    private static final Map<String, Sig> ALL = new HashMap<>();

    static {
        Expr.Type v = Expr.Type.VECTOR;
        Expr.Type m = Expr.Type.MATRIX;
        Expr.Type s = Expr.Type.SCALAR;
        Expr.Type str = Expr.Type.STRING;
        for (String f : new String[] {"abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos",
                "cosh", "deg", "exp", "floor", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc",
                "sqrt", "tan", "tanh", "timestamp", "histogram_count", "histogram_sum"}) {
            add(f, v, 0, v);
        }
        for (String f : new String[] {"absent_over_time", "avg_over_time", "changes", "count_over_time", "delta",
                "deriv", "idelta", "increase", "irate", "last_over_time", "max_over_time", "min_over_time",
                "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time"}) {
            add(f, v, 0, m);
        }
        for (String f : new String[] {"days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute",
                "month", "year"}) {
            add(f, v, 1, v);
        }
        add("clamp", v, 0, v, s, s);
        add("clamp_max", v, 0, v, s);
        add("clamp_min", v, 0, v, s);
        add("histogram_fraction", v, 0, s, s, v);
        add("histogram_quantile", v, 0, s, v);
        add("holt_winters", v, 0, m, s, s);
        add("label_join", v, -1, v, str, str, str);
        add("label_replace", v, 0, v, str, str, str, str);
        add("pi", s, 0);
        add("predict_linear", v, 0, m, s);
        add("quantile_over_time", v, 0, s, m);
        add("round", v, 1, v, s);
        add("scalar", s, 0, v);
        add("time", s, 0);
        add("vector", v, 0, s);
    }

    private static void add(String name, Expr.Type result, int variadic, Expr.Type... args) {
        ALL.put(name, new Sig(name, args, variadic, result));
    }

    /** The signature of a function, or null if PromQL has no function of that name (names are case-sensitive). */
    static Sig of(String name) {
        return ALL.get(name);
    }
}
