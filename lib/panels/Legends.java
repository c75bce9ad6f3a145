package panels;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Legend templates as Grafana writes them ({@code legendFormat}): {@code {{name}}} (spaces inside the braces allowed)
 * becomes the value of label {@code name}, or nothing when the series has no such label.
 */
public final class Legends {
    private Legends() {}

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    /**
     * A series' legend name: the template applied to its labels; with an empty template (or one that comes out empty)
     * the series as Prometheus prints it, {@code name{label="value", ...}}, or {@code fallback} for a series with no
     * labels at all (a scalar, or an aggregation over everything).
     */
    public static String apply(String template, Map<String, String> labels, String fallback) {
        if (!template.isEmpty()) {
            Matcher m = VARIABLE.matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
            m.appendTail(out);
            String name = out.toString().trim().replaceAll("\\s{2,}", " ");
            if (!name.isEmpty()) return name;
        }
        return seriesName(labels, fallback);
    }

    private static String seriesName(Map<String, String> labels, String fallback) {
        if (labels.isEmpty()) return fallback;
        StringBuilder out = new StringBuilder(labels.getOrDefault("__name__", ""));
        StringBuilder inner = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().equals("__name__")) continue;
            if (inner.length() > 0) inner.append(", ");
            inner.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        if (inner.length() > 0) out.append('{').append(inner).append('}');
        return out.toString();
    }
}
