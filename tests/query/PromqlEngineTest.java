package query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import support.InMemorySeries;

/** Semantics of the engine beyond Prometheus's test files: stale markers from the storage, the range limit, labels. */
class PromqlEngineTest {
    private static TreeMap<String, String> labels(String... kv) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** up=1 scraped every 30 s from 0 to 120 s, a failed scrape at 150 s (stale marker), scraped again from 600 s. */
    private static InMemorySeries upWithFailedScrape() {
        InMemorySeries s = new InMemorySeries();
        TreeMap<String, String> up = labels("__name__", "up", "job", "node");
        for (long t = 0; t <= 120_000; t += 30_000) {
            s.add(up, t, 1);
        }
        s.add(up, 150_000, Staleness.STALE_NAN);
        s.add(up, 600_000, 1);
        return s;
    }

    @Test
    void aStaleMarkerEndsTheSeriesAtOnce() {
        QueryResult r = PromQL.range(upWithFailedScrape(), "up", 0, 600_000, 60_000, QueryOptions.DEFAULT);
        QueryResult.RangeSeries s = ((QueryResult.Matrix) r).series().get(0);
        assertThat(s.timesMs()).containsExactly(0L, 60_000L, 120_000L, 600_000L);
        assertThat(s.labels()).isEqualTo(Map.of("__name__", "up", "job", "node"));
    }

    @Test
    void withStalenessOffTheLastValueHoldsForTheLookback() {
        QueryOptions off = QueryOptions.DEFAULT.withStaleness(false);
        QueryResult r = PromQL.range(upWithFailedScrape(), "up", 0, 600_000, 60_000, off);
        QueryResult.RangeSeries s = ((QueryResult.Matrix) r).series().get(0);
        // The last sample at 120 s is seen up to 420 s (5-minute lookback, both ends included).
        assertThat(s.timesMs()).containsExactly(0L, 60_000L, 120_000L, 180_000L, 240_000L, 300_000L, 360_000L,
                420_000L, 600_000L);
    }

    @Test
    void rangeFunctionsSkipStaleMarkers() {
        QueryResult r = PromQL.instant(upWithFailedScrape(), "count_over_time(up[10m])", 600_000, QueryOptions.DEFAULT);
        assertThat(((QueryResult.Vector) r).samples()).singleElement()
                .satisfies(v -> assertThat(v.value()).isEqualTo(6.0));
    }

    @Test
    void moreThan11000StepsIsRefusedWithPrometheusWording() {
        assertThatThrownBy(() -> PromQL.range(new InMemorySeries(), "1", 0, 11_001_000, 1000, QueryOptions.DEFAULT))
                .isInstanceOfSatisfying(QueryException.class,
                        e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.EXECUTION))
                .hasMessage("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
                        + "resolution (?step=XX)");
        QueryResult ok = PromQL.range(new InMemorySeries(), "1", 0, 11_000_000, 1000, QueryOptions.DEFAULT);
        assertThat(((QueryResult.Matrix) ok).series().get(0).values()).hasSize(11_001);
    }

    @Test
    void aSubqueryTooFineToHoldIsRefusedInsteadOfExhaustingMemory() {
        InMemorySeries s = upWithFailedScrape();
        assertThatThrownBy(() -> PromQL.instant(s, "max_over_time(vector(1)[2y:1s])", 0, QueryOptions.DEFAULT))
                .isInstanceOfSatisfying(QueryException.class,
                        e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.EXECUTION))
                .hasMessage("query processing would load too many samples into memory in query execution");
    }

    @Test
    void metricNameDroppedByArithmeticAndFunctionsKeptByFiltersAndLastOverTime() {
        InMemorySeries s = new InMemorySeries();
        s.add(labels("__name__", "m", "a", "1"), 0, 5);
        Map<String, String> withName = Map.of("__name__", "m", "a", "1");
        Map<String, String> without = Map.of("a", "1");
        assertThat(onlyLabels(s, "m * 2")).isEqualTo(without);
        assertThat(onlyLabels(s, "m > 2")).isEqualTo(withName);
        assertThat(onlyLabels(s, "m > bool 2")).isEqualTo(without);
        assertThat(onlyLabels(s, "abs(m)")).isEqualTo(without);
        assertThat(onlyLabels(s, "last_over_time(m[1m])")).isEqualTo(withName);
        assertThat(onlyLabels(s, "max_over_time(m[1m])")).isEqualTo(without);
        assertThat(onlyLabels(s, "label_replace(m, \"b\", \"x\", \"\", \"\")")).containsEntry("__name__", "m");
        assertThat(onlyLabels(s, "sort(m)")).isEqualTo(withName);
        assertThat(onlyLabels(s, "topk(1, m)")).isEqualTo(withName);
        assertThat(onlyLabels(s, "sum without (b) (m)")).isEqualTo(without);
    }

    @Test
    void aDotInARegexDoesNotMatchALineBreakAsInPrometheus242() {
        // Checked with promtool test rules of 2.42: count(up{job=~"a.b"}) is empty for job="a\nb" (Prometheus 3 differs).
        InMemorySeries s = new InMemorySeries();
        s.add(labels("__name__", "up", "job", "a\nb"), 0, 1);
        s.add(labels("__name__", "up", "job", "axb"), 0, 1);
        QueryResult r = PromQL.instant(s, "up{job=~\"a.b\"}", 10_000, QueryOptions.DEFAULT);
        assertThat(((QueryResult.Vector) r).samples()).extracting(v -> v.labels().get("job")).containsExactly("axb");
        QueryResult not = PromQL.instant(s, "up{job!~\"a.b\"}", 10_000, QueryOptions.DEFAULT);
        assertThat(((QueryResult.Vector) not).samples()).extracting(v -> v.labels().get("job")).containsExactly("a\nb");
    }

    private static Map<String, String> onlyLabels(InMemorySeries s, String expr) {
        QueryResult r = PromQL.instant(s, expr, 10_000, QueryOptions.DEFAULT);
        List<QueryResult.VectorSample> samples = ((QueryResult.Vector) r).samples();
        assertThat(samples).hasSize(1);
        return samples.get(0).labels();
    }

    @Test
    void duplicateLabelsetsAfterDroppingTheNameFailAsInPrometheus() {
        InMemorySeries s = new InMemorySeries();
        s.add(labels("__name__", "a", "x", "1"), 0, 1);
        s.add(labels("__name__", "b", "x", "1"), 0, 2);
        assertThatThrownBy(() -> PromQL.instant(s, "abs({x=\"1\"})", 0, QueryOptions.DEFAULT))
                .hasMessage("vector cannot contain metrics with the same labelset");
        assertThatThrownBy(() -> PromQL.instant(s, "a + on(x) {x=\"1\"}", 0, QueryOptions.DEFAULT))
                .hasMessageStartingWith("found duplicate series for the match group {x=\"1\"} on the right hand-side");
    }

    @Test
    void sameLabelsFromTwoSeriesAtDifferentStepsFailARangeQueryAsInPrometheus() {
        InMemorySeries s = new InMemorySeries();
        s.add(labels("__name__", "old_name", "x", "1"), 0, 1);
        s.add(labels("__name__", "new_name", "x", "1"), 600_000, 2);
        // Never both present at one step, yet the output matrix of rate() and of unary minus would hold two series
        // with the labels {x="1"}: Prometheus 2.42 refuses the query.
        assertThatThrownBy(() -> PromQL.range(s, "-{x=\"1\"}", 0, 600_000, 60_000, QueryOptions.DEFAULT))
                .hasMessage("vector cannot contain metrics with the same labelset");
        assertThatThrownBy(() -> PromQL.range(s, "last_over_time({x=\"1\"}[1m]) * 0 + count_over_time({x=\"1\"}[1m])",
                0, 600_000, 60_000, QueryOptions.DEFAULT))
                .hasMessage("vector cannot contain metrics with the same labelset");
        // abs() is checked step by step only, as Prometheus does.
        QueryResult r = PromQL.range(s, "abs({x=\"1\"})", 0, 600_000, 60_000, QueryOptions.DEFAULT);
        assertThat(((QueryResult.Matrix) r).series()).hasSize(1);
    }

    @Test
    void resultShapes() {
        InMemorySeries s = upWithFailedScrape();
        assertThat(PromQL.instant(s, "1 + 2", 5000, QueryOptions.DEFAULT)).isEqualTo(new QueryResult.Scalar(5000, 3));
        assertThat(PromQL.instant(s, "\"hi\"", 5000, QueryOptions.DEFAULT))
                .isEqualTo(new QueryResult.StringValue(5000, "hi"));
        QueryResult m = PromQL.instant(s, "up[1m]", 120_000, QueryOptions.DEFAULT);
        assertThat(((QueryResult.Matrix) m).series().get(0).timesMs()).containsExactly(60_000L, 90_000L, 120_000L);
        assertThatThrownBy(() -> PromQL.range(s, "up[1m]", 0, 60_000, 1000, QueryOptions.DEFAULT))
                .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
    }

    @Test
    void rateExtrapolatesAndHandlesCounterResets() {
        InMemorySeries s = new InMemorySeries();
        TreeMap<String, String> c = labels("__name__", "c_total");
        double[] values = {10, 20, 30, 5, 15};
        for (int i = 0; i < values.length; i++) {
            s.add(c, i * 30_000L, values[i]);
        }
        // Window [0, 120 s]: increase 20 + 30 (reset) - 10 + 15 - 5... = 35, samples span the whole window.
        QueryResult r = PromQL.instant(s, "increase(c_total[2m])", 120_000, QueryOptions.DEFAULT);
        assertThat(((QueryResult.Vector) r).samples().get(0).value()).isEqualTo(35.0);
        QueryResult rate = PromQL.instant(s, "rate(c_total[2m])", 120_000, QueryOptions.DEFAULT);
        assertThat(((QueryResult.Vector) rate).samples().get(0).value()).isEqualTo(35.0 / 120);
    }
}
