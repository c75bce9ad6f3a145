package parse;

import java.util.Locale;

/** The two text formats a target may answer in. */
public enum ExpositionFormat {
    /** Prometheus text format 0.0.4 ({@code text/plain; version=0.0.4}). */
    PROMETHEUS("prometheus"),
    /** OpenMetrics 1.0 text format ({@code application/openmetrics-text; version=1.0.0}). */
    OPENMETRICS("openmetrics");

    private final String id;

    ExpositionFormat(String id) {
        this.id = id;
    }

    /** The name used in records and on the command line: {@code prometheus} or {@code openmetrics}. */
    public String id() {
        return id;
    }

    /**
     * The format a response's Content-Type announces: OpenMetrics for {@code application/openmetrics-text},
     * text 0.0.4 for anything else or no header at all (as Prometheus falls back).
     */
    public static ExpositionFormat fromContentType(String contentType) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/openmetrics-text")) {
            return OPENMETRICS;
        }
        return PROMETHEUS;
    }
}
