package record;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical notation of a series, used as the key in a record's {@code "series"}: the metric name, then the
 * labels sorted by name in braces, values quoted and escaped as in the text exposition format
 * ({@code \\}, {@code \"}, {@code \n}); a series without labels is its bare name.
 * Example: {@code http_requests_total{code="200",method="get"}}.
 *
 * <p>This class owns series identity: a label with an empty value is the same as no label (Prometheus 2.42,
 * model/labels: a label set's Builder drops empty-valued labels before a sample is stored; OpenMetrics 1.0, "Label":
 * an empty label value is equivalent to the label not being present). A canonical key never holds {@code x=""};
 * {@link #of} builds keys that way, and {@link #canonical} brings a key written before this rule to that form.
 */
public final class SeriesKey {
    private SeriesKey() {}

    /** A series split into its name and labels (sorted by label name). */
    public record Parsed(String name, Map<String, String> labels) {
        /** The value of a label, or "" when the series does not have it (as in PromQL). */
        public String label(String labelName) {
            return labels.getOrDefault(labelName, "");
        }
    }

    /**
     * Builds the key from a name and label pairs {@code [name0, value0, name1, value1, ...]} in any order.
     * Values are raw (unescaped) strings; labels with an empty value are left out (series identity).
     */
    public static String of(String name, List<String> labelPairs) {
        if (labelPairs.isEmpty()) return name;
        TreeMap<String, String> sorted = new TreeMap<>();
        for (int i = 0; i + 1 < labelPairs.size(); i += 2) sorted.put(labelPairs.get(i), labelPairs.get(i + 1));
        return of(name, sorted);
    }

    /**
     * Builds the key from a name and labels sorted by name; values are raw (unescaped) strings. Labels with an empty
     * value are left out (series identity), so {@code of("m", {a=""})} is {@code m}.
     */
    public static String of(String name, Map<String, String> sortedLabels) {
        if (sortedLabels.isEmpty()) return name;
        if (sortedLabels.containsValue("")) {
            TreeMap<String, String> kept = new TreeMap<>(sortedLabels);
            kept.values().removeIf(String::isEmpty);
            if (kept.isEmpty()) return name;
            sortedLabels = kept;
        }
        return append(new StringBuilder(name.length() + 16 * sortedLabels.size()), name, sortedLabels).toString();
    }

    /**
     * The canonical form of a key in this notation: the same key without its empty-valued labels
     * ({@code m{a="",b="x"}} is {@code m{b="x"}}, {@code m{a=""}} is {@code m}). Keys from the parser are canonical
     * already; records written before the rule may hold {@code x=""}, so readers pass each distinct key through here
     * once. Costs one scan when there is nothing to drop, and returns the same instance then.
     *
     * @return {@code key} itself when it has no empty-valued label or is malformed (a malformed key has no identity
     *         to normalize; it is left to whoever parses it), else the key rebuilt without those labels
     */
    public static String canonical(String key) {
        // In this notation an empty value is the only way to write ="" : a quote inside a value is escaped (\").
        if (key.indexOf("=\"\"") < 0) return key;
        Parsed parsed;
        try {
            parsed = parse(key);
        } catch (IllegalArgumentException e) {
            return key;
        }
        return of(parsed.name(), parsed.labels());
    }

    /**
     * Appends a series in this notation, which is also the sample notation of the text exposition formats
     * (Prometheus text format 0.0.4 and OpenMetrics 1.0, "ABNF"): the name, then {@code {a="x",b="y"}} with the
     * labels in the map's iteration order (sorted by name for a canonical key) and values escaped, or nothing more
     * when there are no labels.
     *
     * @param labels label name to raw (unescaped) value
     * @return {@code out}
     */
    public static StringBuilder append(StringBuilder out, String name, Map<String, String> labels) {
        out.append(name);
        if (labels.isEmpty()) return out;
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) out.append(',');
            first = false;
            out.append(label.getKey()).append("=\"");
            appendEscaped(out, label.getValue());
            out.append('"');
        }
        return out.append('}');
    }

    /** Appends a label value escaped as in the text format: backslash, double quote and line feed. */
    private static void appendEscaped(StringBuilder out, String rawValue) {
        for (int i = 0; i < rawValue.length(); i++) {
            char c = rawValue.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /**
     * Splits a canonical key back into name and raw label values.
     *
     * @throws IllegalArgumentException with the position and what was expected when the key is malformed
     */
    public static Parsed parse(String key) {
        int brace = key.indexOf('{');
        if (brace < 0) return new Parsed(key, Map.of());
        if (!key.endsWith("}")) throw malformed(key, key.length(), "'}' at the end");
        String name = key.substring(0, brace);
        TreeMap<String, String> labels = new TreeMap<>();
        int i = brace + 1;
        int end = key.length() - 1;
        while (i < end) {
            int eq = key.indexOf('=', i);
            if (eq < 0 || eq + 1 >= end || key.charAt(eq + 1) != '"') throw malformed(key, i, "label=\"value\"");
            String labelName = key.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < end && key.charAt(j) != '"'; j++) {
                char c = key.charAt(j);
                if (c == '\\' && j + 1 < end) {
                    char next = key.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            if (j >= end) throw malformed(key, j, "closing '\"'");
            labels.put(labelName, value.toString());
            i = j + 1;
            if (i < end) {
                if (key.charAt(i) != ',') throw malformed(key, i, "','");
                i++;
            }
        }
        return new Parsed(name, Collections.unmodifiableMap(labels));
    }

    /** The metric name of a key, without parsing its labels. */
    public static String name(String key) {
        int brace = key.indexOf('{');
        return brace < 0 ? key : key.substring(0, brace);
    }

    private static IllegalArgumentException malformed(String key, int position, String expected) {
        String shown = key.length() > 120 ? key.substring(0, 117) + "..." : key;
        return new IllegalArgumentException("malformed series key at character " + (position + 1) + ": expected " + expected + " in " + shown);
    }

}
