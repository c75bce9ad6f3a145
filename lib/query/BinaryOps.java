package query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators, as Prometheus 2.42 (promql/engine.go scalarBinop, VectorscalarBinop, VectorBinop, VectorAnd,
 * VectorOr, VectorUnless): arithmetic drops {@code __name__}; a comparison filters, or with {@code bool} answers 0 or
 * 1 and drops {@code __name__}; between a scalar and a vector the vector's value is kept; vector samples are matched
 * on their labels without {@code __name__}, or on the {@code on} labels, or on all but the {@code ignoring} ones.
 */
final class BinaryOps {
    private BinaryOps() {}

    static Val eval(Evaluator ev, Expr.Binary b, long t) {
        Val l = ev.eval(b.lhs(), t);
        Val r = ev.eval(b.rhs(), t);
        String op = b.op();
        if (l instanceof Val.Num ln && r instanceof Val.Num rn) {
            return new Val.Num(apply(op, ln.v(), rn.v()));
        }
        if (l instanceof Val.Num ln) {
            return new Val.Vec(Evaluator.checkUnique(vectorScalar(op, Functions.samples(r), ln.v(), true,
                    b.returnBool(), t)));
        }
        if (r instanceof Val.Num rn) {
            return new Val.Vec(Evaluator.checkUnique(vectorScalar(op, Functions.samples(l), rn.v(), false,
                    b.returnBool(), t)));
        }
        List<Val.Sample> lhs = Functions.samples(l);
        List<Val.Sample> rhs = Functions.samples(r);
        Map<Labels, Labels> sigs = ev.groupKeys(b);
        List<Val.Sample> out = switch (op) {
            case "and" -> SetOps.and(lhs, rhs, b.matching(), sigs);
            case "or" -> SetOps.or(lhs, rhs, b.matching(), sigs);
            case "unless" -> SetOps.unless(lhs, rhs, b.matching(), sigs);
            default -> vectorVector(op, lhs, rhs, b.matching(), b.returnBool(), sigs, t);
        };
        return new Val.Vec(Evaluator.checkUnique(out));
    }

    static boolean isComparison(String op) {
        return switch (op) {
            case "==", "!=", "<", "<=", ">", ">=" -> true;
            default -> false;
        };
    }

    static boolean dropsName(String op) {
        return switch (op) {
            case "+", "-", "*", "/", "^", "%" -> true;
            default -> false;
        };
    }

    /** The value of {@code l op r}; for comparisons 1 when true and 0 when false. */
    static double apply(String op, double l, double r) {
        return switch (op) {
            case "+" -> l + r;
            case "-" -> l - r;
            case "*" -> l * r;
            case "/" -> l / r;
            case "^" -> Math.pow(l, r);
            case "%" -> l % r;
            case "atan2" -> Math.atan2(l, r);
            case "==" -> l == r ? 1 : 0;
            case "!=" -> l != r ? 1 : 0;
            case "<" -> l < r ? 1 : 0;
            case "<=" -> l <= r ? 1 : 0;
            case ">" -> l > r ? 1 : 0;
            case ">=" -> l >= r ? 1 : 0;
            default -> throw new IllegalStateException("operator " + op);
        };
    }

    private static List<Val.Sample> vectorScalar(String op, List<Val.Sample> vec, double scalar, boolean scalarLeft,
            boolean returnBool, long t) {
        List<Val.Sample> out = new ArrayList<>(vec.size());
        boolean comparison = isComparison(op);
        for (Val.Sample s : vec) {
            double l = scalarLeft ? scalar : s.v();
            double r = scalarLeft ? s.v() : scalar;
            double value = apply(op, l, r);
            boolean keep = true;
            if (comparison) {
                keep = value == 1;
                value = s.v();
            }
            if (returnBool) {
                value = keep ? 1 : 0;
                keep = true;
            }
            if (keep) {
                Labels labels = dropsName(op) || returnBool ? s.labels().withoutName() : s.labels();
                out.add(new Val.Sample(labels, t, value));
            }
        }
        return out;
    }

    /** The matching signature of a series: its labels reduced as {@code on}/{@code ignoring} say. */
    static Labels signature(Labels l, Expr.VectorMatching m, Map<Labels, Labels> cache) {
        Labels sig = cache.get(l);
        if (sig == null) {
            if (m.on()) {
                sig = l.keep(m.matchingLabels());
            } else {
                List<String> drop = new ArrayList<>(m.matchingLabels());
                drop.add(Labels.NAME);
                sig = l.without(drop);
            }
            cache.put(l, sig);
        }
        return sig;
    }

    private static List<Val.Sample> vectorVector(String op, List<Val.Sample> lhs, List<Val.Sample> rhs,
            Expr.VectorMatching m, boolean returnBool, Map<Labels, Labels> sigs, long t) {
        boolean oneToMany = m.card() == Expr.VectorMatching.Card.ONE_TO_MANY;
        List<Val.Sample> many = oneToMany ? rhs : lhs;
        List<Val.Sample> one = oneToMany ? lhs : rhs;
        Map<Labels, Val.Sample> oneBySig = new HashMap<>();
        for (Val.Sample s : one) {
            Labels sig = signature(s.labels(), m, sigs);
            Val.Sample dup = oneBySig.put(sig, s);
            if (dup != null) {
                throw Evaluator.execution("found duplicate series for the match group " + sig + " on the "
                        + (oneToMany ? "left" : "right") + " hand-side of the operation: [" + s.labels() + ", "
                        + dup.labels() + "];many-to-many matching not allowed: matching labels must be unique on one"
                        + " side");
            }
        }
        Map<Labels, Set<Labels>> matched = new HashMap<>();
        boolean comparison = isComparison(op);
        List<Val.Sample> out = new ArrayList<>();
        for (Val.Sample s : many) {
            Labels sig = signature(s.labels(), m, sigs);
            Val.Sample o = oneBySig.get(sig);
            if (o == null) {
                continue;
            }
            double vl = oneToMany ? o.v() : s.v();
            double vr = oneToMany ? s.v() : o.v();
            double value = apply(op, vl, vr);
            boolean keep = true;
            if (comparison) {
                keep = value == 1;
                value = vl;
            }
            if (returnBool) {
                value = keep ? 1 : 0;
            } else if (!keep) {
                continue;
            }
            Labels metric = resultLabels(s.labels(), o.labels(), op, m);
            if (returnBool) {
                metric = metric.withoutName();
            }
            checkMatch(matched, sig, metric, m);
            out.add(new Val.Sample(metric, t, value));
        }
        return out;
    }

    private static void checkMatch(Map<Labels, Set<Labels>> matched, Labels sig, Labels metric,
            Expr.VectorMatching m) {
        Set<Labels> inserted = matched.get(sig);
        if (m.card() == Expr.VectorMatching.Card.ONE_TO_ONE) {
            if (inserted != null) {
                throw Evaluator.execution(
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
            matched.put(sig, Set.of());
            return;
        }
        if (inserted == null) {
            inserted = new HashSet<>();
            matched.put(sig, inserted);
        }
        if (!inserted.add(metric)) {
            throw Evaluator.execution("multiple matches for labels: grouping labels must ensure unique matches");
        }
    }

    /** The labels of a result sample (Prometheus 2.42 resultMetric); {@code many} is the "many" side's sample. */
    private static Labels resultLabels(Labels many, Labels one, String op, Expr.VectorMatching m) {
        Labels l = dropsName(op) ? many.withoutName() : many;
        if (m.card() == Expr.VectorMatching.Card.ONE_TO_ONE) {
            if (m.on()) {
                l = l.keep(m.matchingLabels());
            } else {
                l = l.without(m.matchingLabels());
            }
        }
        for (String name : m.include()) {
            l = l.with(name, one.get(name));
        }
        return l;
    }
}
