package query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The aggregation operators, as Prometheus 2.42 (promql/engine.go aggregation): samples grouped by the {@code by}
 * labels, or by all labels but the {@code without} ones and {@code __name__}; groups answered in order of first
 * appearance; sum, avg (incremental mean, infinities kept), count, group, min and max (a NaN replaced by any value),
 * stddev and stdvar (Welford), topk and bottomk (each group's samples with all their labels, NaN ranked last),
 * quantile, count_values (a label holding each value, formatted as Go's 'f' -1).
 */
final class Aggregations {
    private Aggregations() {}

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    static Val eval(Evaluator ev, Expr.Aggregate a, long t) {
        Val param = a.param() == null ? null : ev.eval(a.param(), t);
        List<Val.Sample> in = Functions.samples(ev.eval(a.expr(), t));
        String op = a.op();
        if (op.equals("topk") || op.equals("bottomk")) {
            double k = Functions.num(param);
            if (!(k >= -9.223372036854775808e18 && k < 9.223372036854775808e18)) {
                throw Evaluator.execution("Scalar value " + GoFormat.number(k) + " overflows int64");
            }
            return new Val.Vec(Evaluator.checkUnique(TopK.select(ev, a, in, (long) k, op.equals("topk"), t)));
        }
        if (op.equals("count_values")) {
            String label = Functions.str(param);
            if (!LABEL_NAME.matcher(label).matches()) {
                throw Evaluator.execution("invalid label name \"" + label + "\"");
            }
            List<Val.Sample> withValue = new ArrayList<>(in.size());
            for (Val.Sample s : in) {
                withValue.add(new Val.Sample(s.labels().with(label, formatValue(s.v())), t, s.v()));
            }
            in = withValue;
        }
        Map<Labels, Group> groups = new LinkedHashMap<>();
        boolean countValues = op.equals("count_values");
        Map<Labels, Labels> keys = countValues ? new HashMap<>() : ev.groupKeys(a);
        for (Val.Sample s : in) {
            Labels key = keys.get(s.labels());
            if (key == null) {
                key = groupLabels(a, s.labels(), countValues ? Functions.str(param) : null);
                keys.put(s.labels(), key);
            }
            Group g = groups.get(key);
            if (g == null) {
                groups.put(key, new Group(op, s.v()));
            } else {
                g.add(op, s.v());
            }
        }
        List<Val.Sample> out = new ArrayList<>(groups.size());
        double q = op.equals("quantile") ? Functions.num(param) : 0;
        groups.forEach((key, g) -> out.add(new Val.Sample(key, t, g.result(op, q))));
        return new Val.Vec(out);
    }

    /** The labels of the group a series falls in (and of the group's output sample). */
    static Labels groupLabels(Expr.Aggregate a, Labels l, String valueLabel) {
        if (a.without()) {
            List<String> drop = new ArrayList<>(a.grouping());
            drop.add(Labels.NAME);
            return l.without(drop);
        }
        List<String> keep = new ArrayList<>(a.grouping());
        if (valueLabel != null) {
            keep.add(valueLabel);
        }
        return keep.isEmpty() ? Labels.EMPTY : l.keep(keep);
    }

    /** A sample value as a label value, as Go's strconv.FormatFloat(v, 'f', -1, 64). */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        String s = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return s.equals("0") && (1 / v) < 0 ? "-0" : s;
    }

    /** The running state of one group. */
    private static final class Group {
        double value;
        double mean;
        long count = 1;
        private double[] values;
        private int n;

        Group(String op, double first) {
            value = first;
            mean = first;
            if (op.equals("quantile")) {
                values = new double[] {first};
                n = 1;
            }
        }

        void add(String op, double v) {
            switch (op) {
                case "sum" -> value += v;
                case "avg" -> {
                    count++;
                    if (Double.isInfinite(mean) && ((Double.isInfinite(v) && (mean > 0) == (v > 0))
                            || (!Double.isInfinite(v) && !Double.isNaN(v)))) {
                        return;
                    }
                    mean += v / count - mean / count;
                }
                case "max" -> value = value < v || Double.isNaN(value) ? v : value;
                case "min" -> value = value > v || Double.isNaN(value) ? v : value;
                case "count", "count_values" -> count++;
                case "stddev", "stdvar" -> {
                    if (count == 1) {
                        value = 0;
                    }
                    count++;
                    double delta = v - mean;
                    mean += delta / count;
                    value += delta * (v - mean);
                }
                case "quantile" -> {
                    if (n == values.length) {
                        values = java.util.Arrays.copyOf(values, n * 2);
                    }
                    values[n++] = v;
                }
                default -> { }
            }
        }

        double result(String op, double q) {
            return switch (op) {
                case "avg" -> mean;
                case "count", "count_values" -> count;
                case "group" -> 1;
                case "stdvar" -> count == 1 ? 0 : value / count;
                case "stddev" -> count == 1 ? 0 : Math.sqrt(value / count);
                case "quantile" -> OverTime.quantile(q, java.util.Arrays.copyOf(values, n));
                default -> value;
            };
        }
    }
}
