package query;

import java.util.ArrayList;
import java.util.List;

/** sort() and sort_desc(): by value, NaN last in both directions (Prometheus 2.42 funcSort, funcSortDesc). */
final class Sorting {
    private Sorting() {}

    static List<Val.Sample> sort(List<Val.Sample> in, boolean descending) {
        List<Val.Sample> out = new ArrayList<>(in);
        out.sort((a, b) -> {
            boolean an = Double.isNaN(a.v());
            boolean bn = Double.isNaN(b.v());
            if (an || bn) {
                return Boolean.compare(an, bn);
            }
            double x = descending ? b.v() : a.v();
            double y = descending ? a.v() : b.v();
            return x < y ? -1 : x > y ? 1 : 0;
        });
        return out;
    }
}
