package page;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import parse.ExpositionNumbers;
import parse.MetricTypes;
import record.SeriesKey;

/**
 * Decides, once per series, how the page shows it: on which chart, read as a gauge (drawn as recorded) or as a
 * counter (drawn as rates per second), under which legend name; or not at all.
 *
 * <p>Rules, first match wins. The declared TYPE decides; a name suffix stands in for it only when the family has none
 * this page knows (untyped, unknown, or not declared), and the chart's subtitle then says so:
 * <ol>
 *   <li>a key that does not parse is left out, and so is a creation time ({@link MetricTypes#isCreationTime}: the
 *       {@code _created} of a counter, histogram or summary; a counter declared as {@code widgets_created} is a
 *       counter);</li>
 *   <li>a histogram family: a {@code _bucket} sample with an {@code le} label is a bucket of the histogram named
 *       without {@code _bucket}, grouped by its other labels (drawn as quantiles); its {@code _count} is drawn as a
 *       rate on the same chart's right-hand axis; its {@code _sum} is left out;</li>
 *   <li>a counter family: drawn as a rate;</li>
 *   <li>a summary family: one chart with its quantiles as recorded and its mean per interval, from {@code _sum} and
 *       {@code _count} read as counters ({@link SummaryPart});</li>
 *   <li>a gaugehistogram family: one chart of its {@code _bucket}, {@code _gcount} and {@code _gsum} series as
 *       recorded;</li>
 *   <li>a gauge, stateset or info family: as recorded;</li>
 *   <li>any other family: a {@code _bucket} sample with an {@code le} label is taken for a histogram bucket, a name
 *       ending in {@code _total} for a counter (both counted in {@link #guessed()}, and marked guessed on the page);
 *       anything else is drawn as recorded. A family taken for a counter is drawn as recorded after all when one of
 *       its series goes down other than by a counter reset ({@link SeriesState#notACounter}).</li>
 * </ol>
 * Families come from {@link MetricTypes#familyOf}, the project's one rule for telling a family's samples apart.
 */
final class SeriesClassifier {
    /** How a series is shown. */
    sealed interface Placement permits Ignored, HistogramBucket, SummaryPart, OtherMetric {}

    /** Not shown. */
    record Ignored() implements Placement {}

    /**
     * A bucket of a histogram drawn as quantiles.
     *
     * @param histogram   the histogram's metric name (the chart's title)
     * @param subtitle    the chart's subtitle
     * @param groupKey    the series key of the histogram without {@code le}: buckets with the same key form one histogram
     * @param groupLabels the labels other than {@code le}, as legend text (empty when none)
     * @param le          the bucket's upper bound
     * @param guessed     true when the family declared no type and is taken for a histogram by its name
     */
    record HistogramBucket(String histogram, String subtitle, String groupKey, String groupLabels, double le, boolean guessed)
            implements Placement {}

    /**
     * The {@code _sum} or {@code _count} of a summary, read as a counter for the mean line on the summary's chart
     * ({@link SummaryMean}), not drawn itself.
     *
     * @param summary   the summary's family name (its chart's title)
     * @param subtitle  the chart's subtitle
     * @param groupKey  the series key of the summary without {@code quantile}: a sum and a count with the same key pair up
     * @param labelText the labels as legend text (empty when none)
     * @param sum       true for {@code _sum}, false for {@code _count}
     */
    record SummaryPart(String summary, String subtitle, String groupKey, String labelText, boolean sum) implements Placement {}

    /**
     * A line on the chart of its metric (one chart per family) under "Other metrics".
     *
     * @param metric    the metric name (the chart's title)
     * @param counter   true to draw rates per second, false to draw values as recorded
     * @param subtitle  the chart's subtitle, naming the type
     * @param yTitle    the chart's y-axis title
     * @param traceName the line's legend name: its labels, or the metric name when it has none
     * @param plain     true when the line draws the series alone (a gauge or counter), so an unchanged series can go
     *                  to a table instead; false for a summary's quantile and a histogram's count rate
     * @param right     true to draw the line against the chart's right-hand axis
     * @param table     true for an info or stateset family: shown as a small table of its series, not drawn
     * @param guessed   true when the family declared no type and is taken for a counter by its name ({@code _total})
     */
    record OtherMetric(String metric, boolean counter, String subtitle, String yTitle, String traceName, boolean plain, boolean right,
                       boolean table, boolean guessed) implements Placement {
        /** A line whose type was declared. */
        OtherMetric(String metric, boolean counter, String subtitle, String yTitle, String traceName, boolean plain, boolean right,
                    boolean table) {
            this(metric, counter, subtitle, yTitle, traceName, plain, right, table, false);
        }

        /** A gauge's or counter's own line on the left axis. */
        OtherMetric(String metric, boolean counter, String subtitle, String yTitle, String traceName) {
            this(metric, counter, subtitle, yTitle, traceName, true, false, false);
        }

        /** A line that is not a table. */
        OtherMetric(String metric, boolean counter, String subtitle, String yTitle, String traceName, boolean plain, boolean right) {
            this(metric, counter, subtitle, yTitle, traceName, plain, right, false);
        }
    }

    private static final Ignored IGNORED = new Ignored();

    private final Map<String, String> types;
    private final TreeSet<String> guessed = new TreeSet<>();

    /** @param types family name to TYPE, as the records declare them (read live: the reader fills it as it goes) */
    SeriesClassifier(Map<String, String> types) {
        this.types = types;
    }

    /** How the series with this key is shown (see the class comment), under the types the records declared. */
    Placement classify(String key) {
        return classify(key, types);
    }

    /**
     * How the series with this key is shown under {@code types}, the TYPEs its own record declared (family name to
     * TYPE); the types of every record read are used when that record declared none.
     */
    Placement classify(String key, Map<String, String> types) {
        if (types.isEmpty()) types = this.types;
        SeriesKey.Parsed parsed;
        try {
            parsed = SeriesKey.parse(key);
        } catch (IllegalArgumentException e) {
            return IGNORED;
        }
        String name = parsed.name();
        if (MetricTypes.isCreationTime(name, types)) return IGNORED;
        MetricTypes.Family family = MetricTypes.familyOf(name, types);
        // As written ("untyped" stays "untyped"); text 0.0.4 declares a counter under its sample name, OpenMetrics under the family.
        String declared = types.containsKey(name) ? types.get(name) : types.get(family.name());
        String labels = labelText(parsed.labels()).trim();
        String traceName = labels.isEmpty() ? name : labels;
        switch (family.type()) {
            case "histogram" -> {
                if (name.endsWith("_bucket") && parsed.labels().containsKey("le")) return bucket(name, parsed, HISTOGRAM_SUBTITLE, false);
                if (name.equals(family.name() + "_count")) {
                    String rest = labelText(parsed.labels()).trim();
                    return new OtherMetric(family.name(), true, HISTOGRAM_SUBTITLE, "", "rate of _count" + (rest.isEmpty() ? "" : " " + rest),
                            false, true);
                }
                return IGNORED;
            }
            case "counter" -> {
                return new OtherMetric(name, true, COUNTER_SUBTITLE, PER_SECOND, traceName);
            }
            case "summary" -> {
                TreeMap<String, String> rest = new TreeMap<>(parsed.labels());
                String quantile = rest.remove("quantile");
                String restText = labelText(rest).trim();
                if (!name.equals(family.name())) {
                    return new SummaryPart(family.name(), SUMMARY_SUBTITLE, SeriesKey.of(family.name(), rest), restText, name.endsWith("_sum"));
                }
                String quantileName = quantile == null ? (restText.isEmpty() ? name : restText)
                        : "quantile=\"" + quantile + "\"" + (restText.isEmpty() ? "" : " " + restText);
                return new OtherMetric(name, false, SUMMARY_SUBTITLE, "", quantileName, false, false);
            }
            case "unknown" -> {
                // Only here may a name stand in for a TYPE: the family is untyped, of a type this page does not know, or undeclared.
                String untyped = declared == null ? "untyped" : declared;
                if (name.endsWith("_bucket") && parsed.labels().containsKey("le")) {
                    guessed.add(name.substring(0, name.length() - "_bucket".length()));
                    return bucket(name, parsed, untyped + "; drawn as a histogram because its name ends in _bucket and it has an le label: "
                            + "p50 / p90 / p99 per interval (estimated from bucket increases)", true);
                }
                if (name.endsWith("_total")) {
                    guessed.add(name);
                    return new OtherMetric(name, true, untyped + "; drawn as a counter because its name ends in _total and it never went "
                            + "down but by a counter reset: rate per second", PER_SECOND, traceName, true, false, false, true);
                }
                return new OtherMetric(name, false, untyped + ", as recorded", "", traceName);
            }
            case "gaugehistogram" -> {
                // One family, one chart: its _bucket, _gcount and _gsum series as recorded, named by suffix and labels.
                String part = name.substring(family.name().length()).replaceFirst("^_", "");
                return new OtherMetric(family.name(), false, "gaugehistogram, buckets, count and sum as recorded", "",
                        part + (labels.isEmpty() ? "" : " " + labels), false, false);
            }
            default -> {
                // gauge, stateset, info: values that go up and down, drawn as recorded.
                if (family.type().equals("info") || family.type().equals("stateset")) {
                    return new OtherMetric(name, false, family.type() + ": a table of its series and their latest values", "", traceName,
                            false, false, true);
                }
                return new OtherMetric(name, false, family.type() + ", as recorded", "", traceName);
            }
        }
    }

    private static final String HISTOGRAM_SUBTITLE = "histogram, p50 / p90 / p99 per interval (estimated from bucket increases); "
            + "rate of _count per second on the right-hand axis";
    private static final String SUMMARY_SUBTITLE = "summary, quantiles as recorded and the mean per interval (Δ_sum / Δ_count)";
    private static final String COUNTER_SUBTITLE = "counter, rate per second";
    private static final String PER_SECOND = "per second";

    private static Placement bucket(String name, SeriesKey.Parsed parsed, String subtitle, boolean guessed) {
        double le = ExpositionNumbers.parseLabelValue(parsed.label("le"));
        if (Double.isNaN(le)) return IGNORED;
        TreeMap<String, String> rest = new TreeMap<>(parsed.labels());
        rest.remove("le");
        String histogram = name.substring(0, name.length() - "_bucket".length());
        return new HistogramBucket(histogram, subtitle, SeriesKey.of(histogram, rest), labelText(rest).trim(), le, guessed);
    }

    /**
     * The metric names (histograms by their name without {@code _bucket}) this classifier typed by a name suffix
     * because their family declared no type it knows, in name order.
     */
    SortedSet<String> guessed() {
        return guessed;
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
