package parse;

/**
 * The keyword of a metadata line, {@code # HELP}, {@code # TYPE} or {@code # UNIT}. Text 0.0.4 knows HELP and TYPE
 * (Prometheus docs, "Exposition formats", "Comments, help text, and type information"); OpenMetrics 1.0 adds UNIT
 * (ABNF "metric-descriptor"). Its {@code name()} is the keyword as written.
 */
enum MetadataKeyword {
    HELP,
    TYPE,
    UNIT;

    /** The keyword at byte {@code p} of the cursor's body, or null; UNIT only when {@code withUnit} (OpenMetrics). */
    static MetadataKeyword at(ExpositionCursor cursor, int p, boolean withUnit) {
        if (cursor.startsWith(p, "HELP")) return HELP;
        if (cursor.startsWith(p, "TYPE")) return TYPE;
        if (withUnit && cursor.startsWith(p, "UNIT")) return UNIT;
        return null;
    }
}
