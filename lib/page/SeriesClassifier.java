package page;

import java.util.Map;
import java.util.TreeMap;
import parse.ExpositionNumbers;
import parse.MetricTypes;
import record.SeriesKey;

/**
 * Decides, once per series, how the page shows it: on which chart, read as a gauge (drawn as recorded) or as a
 * counter (drawn as rates per second), under which legend name; or not at all.
 *
 * <p>Rules, first match wins:
 * <ol>
 *   <li>a key that does not parse is left out;</li>
 *   <li>a metric of a coppice panel goes on that panel ({@link CoppicePanels#panelOf}), a counter when the panel
 *       draws rates;</li>
 *   <li>a latency pair's ns-sum series is read as a counter for the Latency panel and not drawn itself;</li>
 *   <li>a {@code _bucket} sample with an {@code le} label, of a histogram family or of no declared family, is a
 *       bucket of the histogram named without {@code _bucket}, grouped by its other labels (drawn as quantiles);</li>
 *   <li>the other samples of a histogram family ({@code _sum}, {@code _count}, {@code _created}) are left out: the
 *       quantiles say it;</li>
 *   <li>a {@code _created} sample of a declared family is a creation time and left out: a counter's or summary's
 *       {@code _created}, or one with a TYPE of its own (text 0.0.4 clients declare it as a gauge);</li>
 *   <li>every other series is charted under its metric name: a counter when its family is a counter, when its name
 *       ends in {@code _total}, or when it is a summary's {@code _sum} or {@code _count}; else a gauge.</li>
 * </ol>
 * Families come from {@link MetricTypes#familyOf}, the project's one rule for telling a family's samples apart.
 */
final class SeriesClassifier {
    /** How a series is shown. */
    sealed interface Placement permits Ignored, OnPanel, LatencySum, HistogramBucket, OtherMetric {}

    /** Not shown. */
    record Ignored() implements Placement {}

    /** A line on a coppice panel; a counter when the panel draws rates. */
    record OnPanel(CoppicePanels.Panel panel, String traceName) implements Placement {}

    /** Read as a counter for the Latency panel's means, not drawn itself. */
    record LatencySum() implements Placement {}

    /**
     * A bucket of a histogram drawn as quantiles.
     *
     * @param histogram   the histogram's metric name (the chart's title)
     * @param subtitle    the chart's subtitle
     * @param groupKey    the series key of the histogram without {@code le}: buckets with the same key form one histogram
     * @param groupLabels the labels other than {@code le}, as legend text (empty when none)
     * @param le          the bucket's upper bound
     */
    record HistogramBucket(String histogram, String subtitle, String groupKey, String groupLabels, double le) implements Placement {}

    /**
     * A line on the chart of its metric name under "Other metrics".
     *
     * @param metric    the metric name (the chart's title)
     * @param counter   true to draw rates per second, false to draw values as recorded
     * @param subtitle  the chart's subtitle, naming the type
     * @param yTitle    the chart's y-axis title
     * @param traceName the line's legend name: its labels, or the metric name when it has none
     */
    record OtherMetric(String metric, boolean counter, String subtitle, String yTitle, String traceName) implements Placement {}

    private static final Ignored IGNORED = new Ignored();
    private static final LatencySum LATENCY_SUM = new LatencySum();

    private final Map<String, String> types;

    /** @param types family name to TYPE, as the records declare them (read live: the reader fills it as it goes) */
    SeriesClassifier(Map<String, String> types) {
        this.types = types;
    }

    /** How the series with this key is shown (see the class comment). */
    Placement classify(String key) {
        SeriesKey.Parsed parsed;
        try {
            parsed = SeriesKey.parse(key);
        } catch (IllegalArgumentException e) {
            return IGNORED;
        }
        String name = parsed.name();
        CoppicePanels.Panel panel = CoppicePanels.panelOf(name);
        if (panel != null) {
            String traceName = panel == CoppicePanels.CPU
                    ? CoppicePanels.shortSandboxId(parsed.label(CoppicePanels.SANDBOX_LABEL))
                    : name + labelText(parsed.labels());
            return new OnPanel(panel, traceName);
        }
        for (CoppicePanels.LatencyPair pair : CoppicePanels.LATENCY_PAIRS) {
            if (key.equals(pair.nsSum()) || key.equals(pair.nsSumOpenMetrics())) return LATENCY_SUM;
        }
        MetricTypes.Family family = MetricTypes.familyOf(name, types);
        String declared = types.get(family.name()); // as written: "untyped" stays "untyped"
        boolean histogramFamily = family.type().equals("histogram") || family.type().equals("gaugehistogram");
        if (name.endsWith("_bucket") && parsed.labels().containsKey("le") && (histogramFamily || declared == null)) {
            double le = ExpositionNumbers.parseLabelValue(parsed.label("le"));
            if (Double.isNaN(le)) return IGNORED;
            TreeMap<String, String> rest = new TreeMap<>(parsed.labels());
            rest.remove("le");
            String histogram = name.substring(0, name.length() - "_bucket".length());
            return new HistogramBucket(histogram, "histogram, p50 / p90 / p99 per interval (estimated from bucket increases)",
                    SeriesKey.of(histogram, rest), labelText(rest).trim(), le);
        }
        if (histogramFamily) return IGNORED;
        if (name.endsWith("_created") && declared != null) return IGNORED;
        boolean counter = family.type().equals("counter") || name.endsWith("_total")
                || (family.type().equals("summary") && !name.equals(family.name())); // _sum and _count; _created went above
        String labels = labelText(parsed.labels()).trim();
        String traceName = labels.isEmpty() ? name : labels;
        if (counter) return new OtherMetric(name, true, "counter, rate per second", "per second", traceName);
        return new OtherMetric(name, false, (declared == null ? "untyped" : declared) + ", as recorded", "", traceName);
    }

    /**
     * Labels as {@code  {a="x", b="y"}} (with a leading space) for a legend; empty text when there are none. For people
     * only: values are shown as they are, unescaped, so this is not a series key ({@link SeriesKey} writes those).
     */
    static String labelText(Map<String, String> labels) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            out.append(out.length() == 0 ? " {" : ", ").append(e.getKey()).append("=\"").append(e.getValue()).append('"');
        }
        return out.length() == 0 ? "" : out.append('}').toString();
    }
}
