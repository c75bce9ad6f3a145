package parse;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of metric types and the sample-name suffixes that belong to a family of each type, used by the
 * OpenMetrics parser's rules, by the page to tell a family's samples apart, and by the OpenMetrics export.
 *
 * <p>Source: OpenMetrics 1.0, "Metric types" (counter, gauge, histogram, gaugehistogram, stateset, info, summary,
 * unknown) and the ABNF notes on suffixes. Text format 0.0.4 has no {@code gaugehistogram}, {@code stateset} or
 * {@code info}, and says {@code untyped} where OpenMetrics says {@code unknown}.
 */
public final class MetricTypes {
    /** The types OpenMetrics 1.0 allows after {@code # TYPE}. */
    public static final Set<String> OPENMETRICS =
            Set.of("counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown");

    /** The types text format 0.0.4 allows after {@code # TYPE} (Prometheus docs, "Exposition formats"). */
    public static final Set<String> TEXT_004 = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /**
     * The suffixes of samples that count or sum (a counter's total, a histogram's or summary's count, sum and
     * buckets): OpenMetrics 1.0 does not allow NaN in them ("Counter", "Histogram", "Summary").
     */
    public static final Set<String> COUNTER_LIKE_SUFFIXES = Set.of("_total", "_sum", "_count", "_bucket", "_gcount", "_gsum");

    /** Every suffix some type adds to its family's name; a name ends in at most one of them that its family owns. */
    private static final List<String> ALL_SUFFIXES = List.of("_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info");

    private MetricTypes() {}

    /**
     * The sample-name suffixes a family of {@code type} owns; {@code ""} is the family's bare name.
     *
     * @param type an OpenMetrics type (see {@link #normalize} for others)
     * @return e.g. {@code ["_total", "_created"]} for a counter; {@code [""]} for gauge, stateset and unknown
     */
    public static List<String> suffixes(String type) {
        return switch (type) {
            case "counter" -> List.of("_total", "_created");
            case "summary" -> List.of("", "_count", "_sum", "_created");
            case "histogram" -> List.of("_count", "_sum", "_bucket", "_created");
            case "gaugehistogram" -> List.of("_gcount", "_gsum", "_bucket");
            case "info" -> List.of("_info");
            default -> List.of("");
        };
    }

    /**
     * A declared TYPE as one of {@link #OPENMETRICS}: text 0.0.4's {@code untyped}, and any type this table does
     * not know, become {@code unknown}.
     */
    public static String normalize(String declared) {
        return OPENMETRICS.contains(declared) ? declared : "unknown";
    }

    /**
     * A metric family: its name (without the suffixes its type adds) and its type.
     *
     * @param name the family name, e.g. {@code http_requests} for the sample {@code http_requests_total}
     * @param type one of {@link #OPENMETRICS}
     */
    public record Family(String name, String type) {}

    /**
     * The family a sample name belongs to, given the TYPEs declared in its exposition (as a record's {@code types}).
     *
     * <p>A TYPE declared under the sample's own name wins: text 0.0.4 declares a counter with its sample name
     * ({@code # TYPE x_total counter}), which gives the family {@code x}; a counter whose samples lack
     * {@code _total} keeps its name. Otherwise the sample joins the family named by stripping a suffix when that
     * family is declared with a type that owns the suffix ({@code x_bucket} of histogram {@code x}). A sample
     * that fits no declared family is its own family of type {@code unknown}.
     *
     * @param sampleName    a sample's metric name, without labels
     * @param declaredTypes family (or, in text 0.0.4, sample) name to the declared TYPE
     * @return the family; never null
     */
    public static Family familyOf(String sampleName, Map<String, String> declaredTypes) {
        String declared = declaredTypes.get(sampleName);
        if (declared != null) {
            String type = normalize(declared);
            return switch (type) {
                case "counter" -> sampleName.endsWith("_total")
                        ? new Family(sampleName.substring(0, sampleName.length() - "_total".length()), type)
                        : new Family(sampleName, type);
                case "gauge", "summary", "stateset" -> new Family(sampleName, type);
                default -> new Family(sampleName, "unknown"); // a histogram or info sample always has a suffix
            };
        }
        for (String suffix : ALL_SUFFIXES) {
            if (!sampleName.endsWith(suffix)) continue;
            String base = sampleName.substring(0, sampleName.length() - suffix.length());
            String baseType = declaredTypes.get(base);
            if (baseType != null && suffixes(normalize(baseType)).contains(suffix)) return new Family(base, normalize(baseType));
        }
        return new Family(sampleName, "unknown");
    }

    /** The types whose families own a {@code _created} sample, the time the family's series began counting. */
    private static final Set<String> WITH_CREATED = Set.of("counter", "histogram", "summary");

    /**
     * Whether a sample is a creation time (seconds since the epoch at which a series began counting) rather than a
     * value: the {@code _created} sample of a declared counter, histogram or summary family (OpenMetrics 1.0,
     * "Counter", "Histogram", "Summary"), or, as text 0.0.4 clients write it (client_python), a sample
     * {@code x_created} declared a gauge under its own name beside a counter, histogram or summary {@code x}
     * (declared as {@code x} or, for a counter, {@code x_total}). A sample whose own name is declared a counter
     * (say {@code widgets_created}, as client_golang writes a counter without {@code _total}) is a counter.
     *
     * @param sampleName    a sample's metric name, without labels
     * @param declaredTypes family (or, in text 0.0.4, sample) name to the declared TYPE
     */
    public static boolean isCreationTime(String sampleName, Map<String, String> declaredTypes) {
        if (!sampleName.endsWith("_created")) return false;
        String base = sampleName.substring(0, sampleName.length() - "_created".length());
        String own = declaredTypes.get(sampleName);
        if (own == null) {
            Family family = familyOf(sampleName, declaredTypes);
            return WITH_CREATED.contains(family.type()) && family.name().equals(base);
        }
        if (!normalize(own).equals("gauge")) return false;
        String baseType = declaredTypes.get(base);
        if (baseType != null && WITH_CREATED.contains(normalize(baseType))) return true;
        String totalType = declaredTypes.get(base + "_total");
        return totalType != null && normalize(totalType).equals("counter");
    }
}
