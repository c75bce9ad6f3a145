package support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import query.LabelMatcher;
import query.SeriesSource;
import query.StoredSeries;

/** Series held in memory, for tests of the PromQL engine: samples are added at multiples of a step from time 0. */
public final class InMemorySeries implements SeriesSource {
    private final Map<SortedMap<String, String>, TreeMap<Long, Double>> series = new LinkedHashMap<>();

    public void clear() {
        series.clear();
    }

    /** Adds values at times 0, step, 2 step, ... (milliseconds); a null value is left out. */
    public void add(SortedMap<String, String> labels, List<Double> values, long stepMs) {
        TreeMap<Long, Double> samples = series.computeIfAbsent(new TreeMap<>(labels), k -> new TreeMap<>());
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                samples.put(i * stepMs, values.get(i));
            }
        }
    }

    /** Adds one sample. */
    public void add(SortedMap<String, String> labels, long timeMs, double value) {
        series.computeIfAbsent(new TreeMap<>(labels), k -> new TreeMap<>()).put(timeMs, value);
    }

    @Override
    public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
        List<StoredSeries> out = new ArrayList<>();
        if (minTimeMs > maxTimeMs) {
            return out;
        }
        for (Map.Entry<SortedMap<String, String>, TreeMap<Long, Double>> e : series.entrySet()) {
            if (!matchers.stream().allMatch(m -> m.matches(e.getKey().get(m.name())))) {
                continue;
            }
            SortedMap<Long, Double> in = e.getValue().subMap(minTimeMs, true, maxTimeMs, true);
            long[] t = new long[in.size()];
            double[] v = new double[in.size()];
            int i = 0;
            for (Map.Entry<Long, Double> s : in.entrySet()) {
                t[i] = s.getKey();
                v[i++] = s.getValue();
            }
            if (t.length > 0) {
                out.add(new StoredSeries(e.getKey(), Arrays.copyOf(t, i), v));
            }
        }
        return out;
    }
}
