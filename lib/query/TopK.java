package query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * topk and bottomk (Prometheus 2.42, engine.go aggregation): per group, the k largest (smallest) samples with all
 * their labels, largest (smallest) first, NaN ranked after every number; groups in order of first appearance;
 * nothing for k below 1.
 */
final class TopK {
    private TopK() {}

    static List<Val.Sample> select(Evaluator ev, Expr.Aggregate a, List<Val.Sample> in, long k, boolean top, long t) {
        if (k < 1) {
            return List.of();
        }
        Map<Labels, List<Val.Sample>> groups = new LinkedHashMap<>();
        Map<Labels, Labels> keys = ev.groupKeys(a);
        for (Val.Sample s : in) {
            Labels key = keys.computeIfAbsent(s.labels(), l -> Aggregations.groupLabels(a, l, null));
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(s);
        }
        List<Val.Sample> out = new ArrayList<>();
        for (List<Val.Sample> members : groups.values()) {
            List<Val.Sample> sorted = Sorting.sort(members, top);
            for (int i = 0; i < Math.min(k, sorted.size()); i++) {
                Val.Sample s = sorted.get(i);
                out.add(new Val.Sample(s.labels(), t, s.v()));
            }
        }
        return out;
    }
}
