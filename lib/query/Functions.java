package query;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The PromQL functions over instant vectors and scalars, as Prometheus 2.42 defines them (promql/functions.go): the
 * math, trigonometric, time, clamp, round, sort, label and absent functions; {@code __name__} is dropped wherever
 * 2.42 drops it (all but label_replace, label_join, sort, sort_desc). Functions over range vectors are in
 * {@link RangeFunctions}, histogram_quantile in {@link Histograms}.
 */
final class Functions {
    private Functions() {}

    static Val call(Evaluator ev, Expr.Call c, long t) {
        String f = c.function();
        if (f.equals("time")) {
            return new Val.Num(t / 1000.0);
        }
        if (f.equals("pi")) {
            return new Val.Num(Math.PI);
        }
        if (f.equals("timestamp") && unwrap(c.args().get(0)) instanceof Expr.VectorSelector vs) {
            return timestamp(ev.vectorAt(vs, t, true), t);
        }
        for (int i = 0; i < c.args().size(); i++) {
            if (unwrap(c.args().get(i)).type() == Expr.Type.MATRIX) {
                return RangeFunctions.call(ev, c, i, t);
            }
        }
        List<Val> args = new ArrayList<>(c.args().size());
        for (Expr a : c.args()) {
            args.add(ev.eval(a, t));
        }
        if (f.equals("scalar")) {
            return new Val.Num(scalar(samples(args.get(0))));
        }
        return new Val.Vec(Evaluator.checkUnique(vectorFunction(ev, c, args, t)));
    }

    static Expr unwrap(Expr e) {
        while (e instanceof Expr.Paren p) {
            e = p.expr();
        }
        return e;
    }

    static List<Val.Sample> samples(Val v) {
        return ((Val.Vec) v).samples();
    }

    static double num(Val v) {
        return ((Val.Num) v).v();
    }

    static String str(Val v) {
        return ((Val.Str) v).s();
    }

    private static List<Val.Sample> vectorFunction(Evaluator ev, Expr.Call c, List<Val> args, long t) {
        String f = c.function();
        DoubleUnaryOperator math = MathFunctions.of(f);
        if (math != null) {
            return map(samples(args.get(0)), t, math);
        }
        DoubleUnaryOperator date = dateFunction(f);
        if (date != null) {
            if (args.isEmpty()) {
                return List.of(new Val.Sample(Labels.EMPTY, t, date.applyAsDouble(t / 1000L)));
            }
            return map(samples(args.get(0)), t, v -> date.applyAsDouble((long) v));
        }
        return switch (f) {
            case "clamp" -> clamp(samples(args.get(0)), t, num(args.get(1)), num(args.get(2)));
            case "clamp_min" -> map(samples(args.get(0)), t, v -> Math.max(num(args.get(1)), v));
            case "clamp_max" -> map(samples(args.get(0)), t, v -> Math.min(num(args.get(1)), v));
            case "round" -> round(samples(args.get(0)), t, args.size() > 1 ? num(args.get(1)) : 1.0);
            case "vector" -> List.of(new Val.Sample(Labels.EMPTY, t, num(args.get(0))));
            case "sort" -> Sorting.sort(samples(args.get(0)), false);
            case "sort_desc" -> Sorting.sort(samples(args.get(0)), true);
            case "timestamp" -> timestamp(samples(args.get(0)), t).samples();
            case "absent" -> samples(args.get(0)).isEmpty()
                    ? List.of(new Val.Sample(absentLabels(c.args().get(0)), t, 1)) : List.of();
            case "label_replace" -> LabelFunctions.replace(args, t, ev.groupKeys(c));
            case "label_join" -> LabelFunctions.join(args, t, ev.groupKeys(c));
            case "histogram_quantile" -> Histograms.quantile(num(args.get(0)), samples(args.get(1)), t,
                    ev.groupKeys(c));
            case "histogram_count", "histogram_sum", "histogram_fraction" -> List.of();
            default -> throw new IllegalStateException("function not implemented: " + f);
        };
    }

    /** A sample-by-sample function; the result drops {@code __name__}. */
    static List<Val.Sample> map(List<Val.Sample> in, long t, DoubleUnaryOperator f) {
        List<Val.Sample> out = new ArrayList<>(in.size());
        for (Val.Sample s : in) {
            out.add(new Val.Sample(s.labels().withoutName(), t, f.applyAsDouble(s.v())));
        }
        return out;
    }

    private static List<Val.Sample> clamp(List<Val.Sample> in, long t, double min, double max) {
        if (max < min) {
            return List.of();
        }
        return map(in, t, v -> Math.max(min, Math.min(max, v)));
    }

    private static List<Val.Sample> round(List<Val.Sample> in, long t, double toNearest) {
        double inverse = 1.0 / toNearest;
        return map(in, t, v -> Math.floor(v * inverse + 0.5) / inverse);
    }

    private static Val.Vec timestamp(List<Val.Sample> in, long t) {
        List<Val.Sample> out = new ArrayList<>(in.size());
        for (Val.Sample s : in) {
            out.add(new Val.Sample(s.labels().withoutName(), t, s.t() / 1000.0));
        }
        return new Val.Vec(Evaluator.checkUnique(out));
    }

    /** scalar(): the single sample's value, NaN unless the vector holds exactly one sample. */
    static double scalar(List<Val.Sample> in) {
        return in.size() == 1 ? in.get(0).v() : Double.NaN;
    }

    /**
     * The labels of absent()'s and absent_over_time()'s sample: the equality matchers of a selector argument, minus
     * any label matched more than once or otherwise (Prometheus 2.42 createLabelsForAbsentFunction).
     */
    static Labels absentLabels(Expr arg) {
        Expr e = unwrap(arg);
        List<LabelMatcher> matchers;
        if (e instanceof Expr.VectorSelector vs) {
            matchers = vs.matchers();
        } else if (e instanceof Expr.MatrixSelector ms) {
            matchers = ms.selector().matchers();
        } else {
            return Labels.EMPTY;
        }
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        List<String> drop = new ArrayList<>();
        for (LabelMatcher lm : matchers) {
            if (lm.name().equals(Labels.NAME)) {
                continue;
            }
            if (lm.op() == LabelMatcher.Op.EQ && !m.containsKey(lm.name())) {
                m.put(lm.name(), lm.value());
            } else {
                drop.add(lm.name());
            }
        }
        drop.forEach(m::remove);
        return Labels.of(m);
    }

    private static DoubleUnaryOperator dateFunction(String f) {
        return switch (f) {
            case "days_in_month" -> s -> utc(s).toLocalDate().lengthOfMonth();
            case "day_of_month" -> s -> utc(s).getDayOfMonth();
            case "day_of_week" -> s -> utc(s).getDayOfWeek().getValue() % 7;
            case "day_of_year" -> s -> utc(s).getDayOfYear();
            case "hour" -> s -> utc(s).getHour();
            case "minute" -> s -> utc(s).getMinute();
            case "month" -> s -> utc(s).getMonthValue();
            case "year" -> s -> utc(s).getYear();
            default -> null;
        };
    }

    private static ZonedDateTime utc(double seconds) {
        return Instant.ofEpochSecond((long) seconds).atZone(ZoneOffset.UTC);
    }
}
