package panels;

import java.util.Locale;

/**
 * Grafana's interval variables in a panel's expressions, replaced by durations before the engine sees them:
 * {@code $__interval} is the query's step and {@code $__rate_interval} is Grafana's rate window, the larger of four
 * scrape intervals and the step plus one scrape interval (Grafana's documentation, "Template variables:
 * $__rate_interval"), so a {@code rate} over it always holds at least two samples and never skips one between steps.
 */
public final class PanelQueries {
    private PanelQueries() {}

    /** The expression with both variables replaced; {@code stepMs} and {@code scrapeIntervalMs} in milliseconds. */
    public static String expand(String expr, long stepMs, long scrapeIntervalMs) {
        if (expr.indexOf('$') < 0) return expr;
        long rateWindow = Math.max(4 * scrapeIntervalMs, stepMs + scrapeIntervalMs);
        return expr.replace("$__rate_interval", duration(rateWindow)).replace("$__interval", duration(stepMs));
    }

    /** A duration as PromQL writes it: whole seconds when they fit, e.g. {@code 2m} or {@code 90s}, else milliseconds. */
    public static String duration(long ms) {
        if (ms % 1000 != 0) return ms + "ms";
        long s = ms / 1000;
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return String.format(Locale.ROOT, "%ds", s);
    }
}
