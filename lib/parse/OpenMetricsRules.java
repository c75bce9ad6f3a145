package parse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import record.SeriesKey;

/**
 * The rules of OpenMetrics 1.0 above the line syntax, checked as samples arrive: metric families and their
 * metadata, sample names per type, grouping, timestamps, and value constraints. Section names below are those of
 * the OpenMetrics 1.0 specification. Where the specification leaves room, the choices match the reference parser
 * (python prometheus_client 0.16), which agrees with every verdict of the OpenMetrics conformance corpus.
 */
final class OpenMetricsRules {
    /** The parser whose sample line, series, types and warnings the rules read and fill. */
    private final OpenMetricsTextParser parser;
    /** Every sample name a closed family owned ("MetricFamily": names MUST be unique in a MetricSet). */
    private final Set<String> takenNames = new HashSet<>();
    private Family family;

    /** Rules for one exposition, read by {@code parser}; errors are located on its lines. */
    OpenMetricsRules(OpenMetricsTextParser parser) {
        this.parser = parser;
    }

    /** One metric family being read, with what its checks need to remember. */
    private static final class Family {
        final String name;
        final int firstLine;
        String type = "unknown";
        boolean typeSeen;
        boolean helpSeen;
        String unit;
        int unitLine;
        boolean hasSamples;
        String group;
        boolean groupHasTimestamp;
        long groupTimestamp;
        final Set<String> seenGroups = new HashSet<>();
        final Set<String> seriesInGroup = new HashSet<>();
        final List<HistogramSample> histogramSamples = new ArrayList<>();

        Family(String name, int firstLine) {
            this.name = name;
            this.firstLine = firstLine;
        }

        boolean owns(String sampleName) {
            if (!sampleName.startsWith(name)) return false;
            return MetricTypes.suffixes(type).contains(sampleName.substring(name.length()));
        }
    }

    private record HistogramSample(String suffix, String group, boolean hasTimestamp, long timestamp, double le,
            double value, int line) {}

    /** A HELP, TYPE or UNIT line ("MetricFamily", "Metadata"); {@code textFrom} locates errors on the text. */
    void metadata(MetadataKeyword keyword, String name, String text, int line, int nameFrom, int textFrom)
            throws ExpositionException {
        if (family != null && family.name.equals(name)) {
            if (family.hasSamples) {
                throw parser.error(nameFrom, "expected " + keyword + " for " + name + " before its samples (OpenMetrics"
                        + " 1.0, MetricFamily: metadata comes first), found it after them");
            }
        } else {
            close();
            family = new Family(name, line);
        }
        switch (keyword) {
            case HELP -> {
                if (family.helpSeen) throw parser.error(nameFrom, "expected one HELP for " + name + ", found a second");
                family.helpSeen = true;
            }
            case TYPE -> {
                if (family.typeSeen) throw parser.error(nameFrom, "expected one TYPE for " + name + ", found a second");
                if (!MetricTypes.OPENMETRICS.contains(text)) {
                    throw parser.error(textFrom, "expected a metric type (counter, gauge, histogram, gaugehistogram,"
                            + " stateset, info, summary or unknown) after TYPE " + name + ", found \""
                            + ExpositionCursor.shorten(text) + "\"");
                }
                family.typeSeen = true;
                family.type = text;
                if (!text.equals("unknown")) parser.types.put(name, text);
            }
            case UNIT -> {
                if (family.unit != null) throw parser.error(nameFrom, "expected one UNIT for " + name + ", found a second");
                family.unit = text;
                family.unitLine = line;
            }
        }
    }

    /** A sample whose line the parser just read; records it in the parser's series unless it is a dropped repeat. */
    void sample(String name, String key, int line) throws ExpositionException {
        Family f = familyOf(name, line);
        f.hasSamples = true;
        String suffix = name.substring(f.name.length());
        double value = parser.value();
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < parser.labelCount(); i++) labels.put(parser.labelName(i), parser.labelValue(i));
        double le = checkLabels(f, name, suffix, value, labels);
        String group = groupOf(f, suffix, labels);
        boolean hasTs = parser.hasTimestamp();
        long ts = parser.timestampMs();
        checkPlaceInFamily(f, key, group, hasTs, ts);
        checkValue(f, name, suffix, value);
        if (isHistogram(f)) {
            String histogramGroup = suffix.equals("_bucket") ? group : groupOfLabels(labels, null);
            f.histogramSamples.add(new HistogramSample(suffix, histogramGroup, hasTs, ts, le, value, line));
        }
        keep(key, value, hasTs, ts, line);
    }

    /** The family a sample named {@code name} belongs to: the open one, or a new one (closing the open one). */
    private Family familyOf(String name, int line) throws ExpositionException {
        if (family == null || !family.owns(name)) {
            if (family != null && family.name.equals(name)) {
                throw parser.errorAtSampleStart("expected a sample name of " + family.type + " " + name + " with suffix "
                        + String.join(" or ", MetricTypes.suffixes(family.type)) + " (OpenMetrics 1.0, " + family.type + "), found "
                        + name);
            }
            close();
            family = new Family(name, line);
        }
        return family;
    }

    private static boolean isHistogram(Family f) {
        return f.type.equals("histogram") || f.type.equals("gaugehistogram");
    }

    /**
     * The labels a sample's type asks for (a stateset's own label, a bucket's le, a quantile) and the integer values
     * of buckets and counts.
     *
     * @return the bucket's le, or NaN for any other sample
     */
    private double checkLabels(Family f, String name, String suffix, double value, TreeMap<String, String> labels)
            throws ExpositionException {
        if (f.type.equals("stateset") && !labels.containsKey(f.name)) {
            throw parser.errorAtSampleStart("expected a label named " + f.name + " on every sample of the stateset (OpenMetrics"
                    + " 1.0, StateSet), found none");
        }
        double le = Double.NaN;
        if (suffix.equals("_bucket")) {
            le = bucketBound(name, labels.get("le"));
            requireInteger(value, "bucket " + name);
        }
        if (suffix.equals("_count") || suffix.equals("_gcount")) requireInteger(value, name);
        if (f.type.equals("summary") && suffix.isEmpty()) checkQuantile(labels.get("quantile"), value);
        return le;
    }

    /** A bucket's le as a number: present, not NaN, and +Inf written canonically. */
    private double bucketBound(String name, String leText) throws ExpositionException {
        if (leText == null) throw parser.errorAtSampleStart("expected an le label on bucket " + name + ", found none");
        double le = ExpositionNumbers.parseLabelValue(leText);
        if (Double.isNaN(le)) {
            throw parser.errorAtSampleStart("expected le to be a number other than NaN (OpenMetrics 1.0, Histogram),"
                    + " found \"" + ExpositionCursor.shorten(leText) + "\"");
        }
        if (le == Double.POSITIVE_INFINITY && !leText.equals("+Inf")) {
            throw parser.errorAtSampleStart("expected the infinite bucket written le=\"+Inf\" (OpenMetrics 1.0,"
                    + " canonical numbers), found \"" + leText + "\"");
        }
        return le;
    }

    /** A summary's quantile sample: its quantile label between 0 and 1, its value not negative. */
    private void checkQuantile(String q, double value) throws ExpositionException {
        double quantile = q == null ? Double.NaN : ExpositionNumbers.parseLabelValue(q);
        if (!(quantile >= 0 && quantile <= 1)) {
            throw parser.errorAtSampleStart("expected a quantile label between 0 and 1 (OpenMetrics 1.0, Summary), found "
                    + (q == null ? "none" : "\"" + ExpositionCursor.shorten(q) + "\""));
        }
        if (value < 0) {
            throw parser.errorAtSampleStart("expected a quantile value that is not negative (OpenMetrics 1.0, Summary),"
                    + " found " + value);
        }
    }

    /**
     * The sample's place among its family's: its metric's samples together, timestamps on all or none of them and
     * not going backwards, and a series repeated only with a timestamp. Moves the family's current metric on.
     */
    private void checkPlaceInFamily(Family f, String key, String group, boolean hasTs, long ts) throws ExpositionException {
        if (f.group != null && !group.equals(f.group) && f.seenGroups.contains(group)) {
            throw parser.errorAtSampleStart("expected the samples of one metric together (OpenMetrics 1.0, MetricFamily:"
                    + " no interleaving), found " + ExpositionCursor.shorten(key) + " after another metric of "
                    + f.name + " came between");
        }
        boolean repeat = false;
        if (f.group != null && group.equals(f.group)) {
            if (hasTs != f.groupHasTimestamp) {
                throw parser.errorAtSampleStart("expected every sample of one metric with a timestamp or every one without,"
                        + " found a mix at " + ExpositionCursor.shorten(key));
            }
            if (hasTs && f.groupTimestamp > ts && !f.type.equals("info")) {
                throw parser.errorAtSampleStart("expected timestamps that do not go backwards within a metric (OpenMetrics"
                        + " 1.0, MetricPoint), found " + ts + " ms after " + f.groupTimestamp + " ms");
            }
            repeat = hasTs == f.groupHasTimestamp && ts == f.groupTimestamp && f.seriesInGroup.contains(key);
        } else {
            f.seriesInGroup.clear();
        }
        if (repeat && !hasTs) {
            throw parser.errorAtSampleStart("expected each series once (OpenMetrics 1.0, MetricPoint: repeated points of a"
                    + " metric need increasing timestamps), found " + ExpositionCursor.shorten(key) + " again");
        }
        f.seriesInGroup.add(key);
        f.group = group;
        f.groupHasTimestamp = hasTs;
        f.groupTimestamp = ts;
        f.seenGroups.add(group);
    }

    /** The value a sample's type allows (stateset 0 or 1, info 1, counter-like not NaN nor negative) and its exemplar. */
    private void checkValue(Family f, String name, String suffix, double value) throws ExpositionException {
        if (f.type.equals("stateset") && value != 0 && value != 1) {
            throw parser.errorAtSampleStart("expected a stateset value of 0 or 1 (OpenMetrics 1.0, StateSet), found " + value);
        }
        if (f.type.equals("info") && value != 1) {
            throw parser.errorAtSampleStart("expected an info value of 1 (OpenMetrics 1.0, Info), found " + value);
        }
        boolean counterLike = MetricTypes.COUNTER_LIKE_SUFFIXES.contains(suffix);
        if (counterLike && Double.isNaN(value)) {
            throw parser.errorAtSampleStart("expected a number for " + name + ", found NaN (OpenMetrics 1.0: counter-like"
                    + " values cannot be NaN)");
        }
        if (counterLike && !suffix.equals("_gsum") && value < 0) {
            throw parser.errorAtSampleStart("expected a value that is not negative for " + name + " (OpenMetrics 1.0:"
                    + " counter-like values), found " + value);
        }
        if (parser.hasExemplar() && !((isHistogram(f) && name.endsWith("_bucket"))
                || (f.type.equals("counter") && name.endsWith("_total")))) {
            throw parser.errorAtSampleStart("expected no exemplar on " + name + " (OpenMetrics 1.0, Exemplars: only"
                    + " histogram buckets and counter totals carry them), found one");
        }
    }

    /** Records the sample in the parser's series, or warns that a repeat with a timestamp is dropped. */
    private void keep(String key, double value, boolean hasTs, long ts, int line) {
        int held = parser.series.addIfAbsent(key, value);
        if (held >= 0) {
            parser.warnings.add("line " + line + ": series " + ExpositionCursor.shorten(key) + " repeated with timestamp "
                    + (hasTs ? ts + " ms" : "none") + "; keeping the first sample (value " + record.ValueText.of(parser.series.valueAt(held)) + ")");
        } else if (hasTs && parser.timestampKept()) {
            parser.timestamps.put(key, ts);
        }
    }

    /** "# EOF" closes the last family. */
    void endOfExposition() throws ExpositionException {
        close();
    }

    /** The checks that need a whole family: name clashes, unit suffix, histogram shape. */
    private void close() throws ExpositionException {
        Family f = family;
        family = null;
        if (f == null) return;
        Set<String> names = new HashSet<>(MetricTypes.suffixes(f.type));
        names.add("");
        for (String s : names) {
            if (!takenNames.add(f.name + s)) {
                throw parser.errorAtLine(f.firstLine, "expected each metric family once and no clashing names"
                        + " (OpenMetrics 1.0, MetricFamily), found family " + f.name + " (" + f.type + ") whose name "
                        + f.name + s + " is already used");
            }
        }
        if (f.unit != null && !f.unit.isEmpty()) {
            if (!f.name.endsWith("_" + f.unit)) {
                throw parser.errorAtLine(f.unitLine, "expected the metric name " + f.name + " to end with _" + f.unit
                        + " (OpenMetrics 1.0, Unit), found it does not");
            }
            if (f.type.equals("info") || f.type.equals("stateset")) {
                throw parser.errorAtLine(f.unitLine, "expected no UNIT for " + f.type + " " + f.name
                        + " (OpenMetrics 1.0, Unit), found one");
            }
        }
        if (f.type.equals("histogram") || f.type.equals("gaugehistogram")) checkHistogram(f);
    }

    /** Histogram and GaugeHistogram sections: cumulative buckets in order, ending with +Inf, _count/_sum rules. */
    private void checkHistogram(Family f) throws ExpositionException {
        HistogramCheck check = null;
        for (HistogramSample s : f.histogramSamples) {
            if (check == null || !s.group().equals(check.group) || s.hasTimestamp() != check.hasTimestamp
                    || s.timestamp() != check.timestamp) {
                if (check != null) check.finish(f.name);
                check = new HistogramCheck(s.group(), s.hasTimestamp(), s.timestamp());
            }
            check.line = s.line();
            switch (s.suffix()) {
                case "_bucket" -> {
                    if (s.le() < 0) check.negativeBuckets = true;
                    if (check.bucket != null && s.le() <= check.bucket) {
                        throw parser.errorAtLine(s.line(), "expected buckets of " + f.name + " in increasing le order"
                                + " (OpenMetrics 1.0, Histogram), found le " + s.le() + " after " + check.bucket);
                    }
                    if (s.value() < check.bucketValue) {
                        throw parser.errorAtLine(s.line(), "expected cumulative bucket values for " + f.name
                                + " (OpenMetrics 1.0, Histogram), found " + s.value() + " after " + check.bucketValue);
                    }
                    check.bucket = s.le();
                    check.bucketValue = s.value();
                }
                case "_count", "_gcount" -> check.count = s.value();
                case "_sum" -> check.hasSum = true;
                case "_gsum" -> {
                    check.hasGsum = true;
                    if (s.value() < 0) check.negativeGsum = true;
                }
                default -> { }
            }
        }
        if (check != null) check.finish(f.name);
    }

    private final class HistogramCheck {
        final String group;
        final boolean hasTimestamp;
        final long timestamp;
        Double bucket;
        double bucketValue;
        Double count;
        boolean hasSum;
        boolean hasGsum;
        boolean negativeBuckets;
        boolean negativeGsum;
        int line;

        HistogramCheck(String group, boolean hasTimestamp, long timestamp) {
            this.group = group;
            this.hasTimestamp = hasTimestamp;
            this.timestamp = timestamp;
        }

        void finish(String name) throws ExpositionException {
            String where = name + ExpositionCursor.shorten(group);
            if (bucket == null || bucket != Double.POSITIVE_INFINITY) {
                throw parser.errorAtLine(line, "expected a last bucket le=\"+Inf\" for " + where
                        + " (OpenMetrics 1.0, Histogram), found " + (bucket == null ? "no bucket" : "le " + bucket));
            }
            if (count != null && count.doubleValue() != bucketValue) {
                throw parser.errorAtLine(line, "expected the count of " + where + " to equal its +Inf bucket ("
                        + bucketValue + "), found " + count);
            }
            if (hasSum && count == null) {
                throw parser.errorAtLine(line, "expected " + name + "_count with " + name + "_sum, found none");
            }
            if (hasGsum && count == null) {
                throw parser.errorAtLine(line, "expected " + name + "_gcount with " + name + "_gsum, found none");
            }
            if (!(hasSum || hasGsum) && count != null) {
                throw parser.errorAtLine(line, "expected a _sum or _gsum with the count of " + where + ", found none");
            }
            if (negativeBuckets && hasSum) {
                throw parser.errorAtLine(line, "expected no _sum for " + where + " with negative buckets (OpenMetrics"
                        + " 1.0, Histogram), found one");
            }
            if (!negativeBuckets && negativeGsum) {
                throw parser.errorAtLine(line, "expected a _gsum that is not negative for " + where + " without negative"
                        + " buckets (OpenMetrics 1.0, GaugeHistogram), found a negative one");
            }
        }
    }

    /** The labels that name a metric within its family: all but le, quantile or the stateset's own label. */
    private static String groupOf(Family f, String suffix, TreeMap<String, String> labels) {
        switch (f.type) {
            case "info":
                return "";
            case "summary":
                if (suffix.isEmpty()) return groupOfLabels(labels, "quantile");
                break;
            case "stateset":
                return groupOfLabels(labels, f.name);
            case "histogram":
            case "gaugehistogram":
                if (suffix.equals("_bucket")) return groupOfLabels(labels, "le");
                break;
            default:
                break;
        }
        return groupOfLabels(labels, null);
    }

    /** The labels of a sample without {@code without} (null: all of them), as {@code {a="x",...}}; "" when none are left. */
    private static String groupOfLabels(TreeMap<String, String> labels, String without) {
        if (without == null || !labels.containsKey(without)) return SeriesKey.of("", labels);
        TreeMap<String, String> rest = new TreeMap<>(labels);
        rest.remove(without);
        return SeriesKey.of("", rest);
    }

    private void requireInteger(double value, String what) throws ExpositionException {
        if (Double.isNaN(value) || Double.isInfinite(value) || value != Math.rint(value)) {
            throw parser.errorAtSampleStart("expected a whole number for " + what + " (OpenMetrics 1.0: counts are"
                    + " integers), found " + value);
        }
    }
}
