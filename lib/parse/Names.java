package parse;

/**
 * The parsers' rules for metric and label names, for code outside the parsers that must write only names a parser
 * reads back (the OpenMetrics export). The rules are the cursor's ({@link ExpositionCursor}): metric names
 * {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*} (Prometheus 2.42 and OpenMetrics 1.0).
 */
public final class Names {
    private Names() {}

    /** Whether {@code name} is a valid metric name. */
    public static boolean isMetricName(String name) {
        if (name.isEmpty() || name.charAt(0) > 0x7f || !ExpositionCursor.isMetricNameStart((byte) name.charAt(0))) return false;
        for (int i = 1; i < name.length(); i++) if (!ExpositionCursor.isMetricNameChar(name.charAt(i))) return false;
        return true;
    }

    /** Whether {@code name} is a valid label name. */
    public static boolean isLabelName(String name) {
        if (name.isEmpty() || name.charAt(0) > 0x7f || !ExpositionCursor.isLabelNameStart((byte) name.charAt(0))) return false;
        for (int i = 1; i < name.length(); i++) if (!ExpositionCursor.isLabelNameChar(name.charAt(i))) return false;
        return true;
    }
}
