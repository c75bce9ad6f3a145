package page;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import page.SeriesClassifier.HistogramBucket;
import page.SeriesClassifier.Ignored;
import page.SeriesClassifier.OtherMetric;
import page.SeriesClassifier.SummaryPart;

class SeriesClassifierTest {
    private final Map<String, String> types = new HashMap<>();
    private final SeriesClassifier classifier = new SeriesClassifier(types);

    @Test
    void coppiceMetricsAreFamiliesLikeAnyOther() {
        // The coppice panels are PromQL (the built-in coppice set); the page's own read charts the gateway's metrics as
        // families, and the page leaves those the set draws out of Other metrics.
        types.put("coppice_sandboxes_created_total", "counter");
        types.put("coppice_kernels_alive", "gauge");
        assertThat(classifier.classify("coppice_sandboxes_created_total"))
                .isEqualTo(new OtherMetric("coppice_sandboxes_created_total", true, "counter, rate per second", "per second", "coppice_sandboxes_created_total"));
        assertThat(classifier.classify("coppice_kernels_alive{pool=\"a\"}"))
                .isEqualTo(new OtherMetric("coppice_kernels_alive", false, "gauge, as recorded", "", "{pool=\"a\"}"));
    }

    @Test
    void histogramBucketsAreGroupedByTheirOtherLabelsAndTheRestOfTheFamilyIsLeftOut() {
        types.put("req_seconds", "histogram");
        assertThat(classifier.classify("req_seconds_bucket{le=\"0.5\",path=\"/x\"}")).isEqualTo(new HistogramBucket("req_seconds",
                "histogram, p50 / p90 / p99 per interval (estimated from bucket increases); rate of _count per second on the right-hand axis",
                "req_seconds{path=\"/x\"}", "{path=\"/x\"}", 0.5, false));
        assertThat(classifier.classify("req_seconds_bucket{le=\"+Inf\"}")).isInstanceOfSatisfying(HistogramBucket.class,
                b -> assertThat(b.le()).isInfinite());
        assertThat(classifier.classify("req_seconds_bucket{le=\"x\"}")).isInstanceOf(Ignored.class);
        assertThat(classifier.classify("req_seconds_sum")).isInstanceOf(Ignored.class);
        // The count is drawn as a rate on the histogram's own chart, against the right-hand axis.
        assertThat(classifier.classify("req_seconds_count{path=\"/x\"}")).isEqualTo(new OtherMetric("req_seconds", true,
                "histogram, p50 / p90 / p99 per interval (estimated from bucket increases); rate of _count per second on the right-hand axis",
                "", "rate of _count {path=\"/x\"}", false, true));
        assertThat(classifier.classify("req_seconds_created")).isInstanceOf(Ignored.class);
        // Undeclared: a _bucket with le is still read as a bucket.
        assertThat(classifier.classify("other_bucket{le=\"1\"}")).isInstanceOf(HistogramBucket.class);
    }

    @Test
    void aGaugeHistogramIsOneChart() {
        types.put("queue_wait", "gaugehistogram");
        String subtitle = "gaugehistogram, buckets, count and sum as recorded";
        assertThat(classifier.classify("queue_wait_bucket{le=\"1\"}")).isEqualTo(new OtherMetric("queue_wait", false, subtitle, "", "bucket {le=\"1\"}", false, false));
        assertThat(classifier.classify("queue_wait_gcount")).isEqualTo(new OtherMetric("queue_wait", false, subtitle, "", "gcount", false, false));
        assertThat(classifier.classify("queue_wait_gsum")).isEqualTo(new OtherMetric("queue_wait", false, subtitle, "", "gsum", false, false));
    }

    @Test
    void aDeclaredCounterNamedCreatedIsACounterAndOnlyTrueCreationTimesAreLeftOut() {
        types.put("widgets_created", "counter"); // client_golang: a counter without _total
        types.put("cache_created", "gauge"); // a gauge of its own, beside no counter
        types.put("builds", "histogram");
        assertThat(classifier.classify("widgets_created")).isEqualTo(
                new OtherMetric("widgets_created", true, "counter, rate per second", "per second", "widgets_created"));
        assertThat(classifier.classify("cache_created")).isEqualTo(new OtherMetric("cache_created", false, "gauge, as recorded", "", "cache_created"));
        assertThat(classifier.classify("builds_created")).isInstanceOf(Ignored.class);
        assertThat(classifier.classify("undeclared_created")).isEqualTo(
                new OtherMetric("undeclared_created", false, "untyped, as recorded", "", "undeclared_created"));
    }

    @Test
    void countersByTypeOrSuffixAreRatesAndCreationTimesAreLeftOut() {
        types.put("jobs", "counter");
        types.put("rpc", "summary");
        types.put("requests_total", "counter");
        types.put("requests_created", "gauge"); // how text 0.0.4 clients declare a counter's creation time
        assertThat(classifier.classify("jobs_total")).isEqualTo(new OtherMetric("jobs_total", true, "counter, rate per second", "per second", "jobs_total"));
        assertThat(classifier.classify("jobs_created")).isInstanceOf(Ignored.class);
        assertThat(classifier.classify("requests_total{code=\"200\"}"))
                .isEqualTo(new OtherMetric("requests_total", true, "counter, rate per second", "per second", "{code=\"200\"}"));
        assertThat(classifier.classify("requests_created")).isInstanceOf(Ignored.class);
        assertThat(classifier.classify("bytes_total")).isInstanceOfSatisfying(OtherMetric.class, m -> assertThat(m.counter()).isTrue());
        // A summary is one chart: its quantiles as recorded, its _sum and _count read for the mean line.
        String summary = "summary, quantiles as recorded and the mean per interval (Δ_sum / Δ_count)";
        assertThat(classifier.classify("rpc_sum{path=\"/x\"}")).isEqualTo(new SummaryPart("rpc", summary, "rpc{path=\"/x\"}", "{path=\"/x\"}", true));
        assertThat(classifier.classify("rpc_count")).isEqualTo(new SummaryPart("rpc", summary, "rpc", "", false));
        assertThat(classifier.classify("rpc_created")).isInstanceOf(Ignored.class);
        assertThat(classifier.classify("rpc{quantile=\"0.5\",path=\"/x\"}"))
                .isEqualTo(new OtherMetric("rpc", false, summary, "", "quantile=\"0.5\" {path=\"/x\"}", false, false));
    }

    @Test
    void gaugesNameTheirDeclaredTypeOrUntyped() {
        types.put("queue_depth", "gauge");
        types.put("legacy", "untyped");
        assertThat(classifier.classify("queue_depth")).isEqualTo(new OtherMetric("queue_depth", false, "gauge, as recorded", "", "queue_depth"));
        assertThat(classifier.classify("legacy")).isEqualTo(new OtherMetric("legacy", false, "untyped, as recorded", "", "legacy"));
        assertThat(classifier.classify("undeclared")).isEqualTo(new OtherMetric("undeclared", false, "untyped, as recorded", "", "undeclared"));
        assertThat(classifier.classify("broken{le=")).isInstanceOf(Ignored.class);
    }

    @Test
    void theDeclaredTypeDecidesAndANameOnlyStandsInForAMissingOne() {
        types.put("scheduler_configs_total", "gauge"); // text 0.0.4 and OpenMetrics declare a gauge under its sample name
        types.put("old_total", "untyped");
        types.put("om", "unknown");
        types.put("ticks_bucket", "gauge");
        assertThat(classifier.classify("scheduler_configs_total"))
                .isEqualTo(new OtherMetric("scheduler_configs_total", false, "gauge, as recorded", "", "scheduler_configs_total"));
        assertThat(classifier.classify("ticks_bucket{le=\"1\"}"))
                .isEqualTo(new OtherMetric("ticks_bucket", false, "gauge, as recorded", "", "{le=\"1\"}"));
        String guessed = "untyped; drawn as a counter because its name ends in _total and it never went down but by a counter reset: "
                + "rate per second";
        assertThat(classifier.classify("old_total")).isEqualTo(new OtherMetric("old_total", true, guessed, "per second", "old_total",
                true, false, false, true));
        assertThat(classifier.classify("new_total")).isEqualTo(new OtherMetric("new_total", true, guessed, "per second", "new_total",
                true, false, false, true));
        assertThat(classifier.classify("om_total")).isInstanceOfSatisfying(OtherMetric.class, m -> assertThat(m.counter()).isTrue());
        assertThat(classifier.classify("wait_bucket{le=\"2\"}")).isInstanceOfSatisfying(HistogramBucket.class,
                b -> assertThat(b.subtitle()).startsWith("untyped; drawn as a histogram because its name ends in _bucket"));
        assertThat(classifier.classify("wait_bucket{le=\"2\"}")).isInstanceOfSatisfying(HistogramBucket.class, b -> assertThat(b.guessed()).isTrue());
        assertThat(classifier.guessed()).containsExactly("new_total", "old_total", "om_total", "wait");
    }
}
