package query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code and}, {@code or}, {@code unless} between vectors (Prometheus 2.42 VectorAnd, VectorOr, VectorUnless). */
final class SetOps {
    private SetOps() {}

    static List<Val.Sample> and(List<Val.Sample> lhs, List<Val.Sample> rhs, Expr.VectorMatching m,
            Map<Labels, Labels> cache) {
        if (lhs.isEmpty() || rhs.isEmpty()) {
            return List.of();
        }
        Set<Labels> right = signatures(rhs, m, cache);
        List<Val.Sample> out = new ArrayList<>();
        for (Val.Sample s : lhs) {
            if (right.contains(BinaryOps.signature(s.labels(), m, cache))) {
                out.add(s);
            }
        }
        return out;
    }

    static List<Val.Sample> or(List<Val.Sample> lhs, List<Val.Sample> rhs, Expr.VectorMatching m,
            Map<Labels, Labels> cache) {
        if (lhs.isEmpty()) {
            return rhs;
        }
        if (rhs.isEmpty()) {
            return lhs;
        }
        Set<Labels> left = signatures(lhs, m, cache);
        List<Val.Sample> out = new ArrayList<>(lhs);
        for (Val.Sample s : rhs) {
            if (!left.contains(BinaryOps.signature(s.labels(), m, cache))) {
                out.add(s);
            }
        }
        return out;
    }

    static List<Val.Sample> unless(List<Val.Sample> lhs, List<Val.Sample> rhs, Expr.VectorMatching m,
            Map<Labels, Labels> cache) {
        if (lhs.isEmpty() || rhs.isEmpty()) {
            return lhs;
        }
        Set<Labels> right = signatures(rhs, m, cache);
        List<Val.Sample> out = new ArrayList<>();
        for (Val.Sample s : lhs) {
            if (!right.contains(BinaryOps.signature(s.labels(), m, cache))) {
                out.add(s);
            }
        }
        return out;
    }

    private static Set<Labels> signatures(List<Val.Sample> samples, Expr.VectorMatching m, Map<Labels, Labels> cache) {
        Set<Labels> out = new HashSet<>();
        for (Val.Sample s : samples) {
            out.add(BinaryOps.signature(s.labels(), m, cache));
        }
        return out;
    }
}
