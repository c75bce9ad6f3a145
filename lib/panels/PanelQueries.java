package panels;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's interval variables in a panel's expressions, replaced by durations before the engine sees them:
 * {@code $__interval} is the query's step and {@code $__rate_interval} is Grafana's rate window, the larger of four
 * scrape intervals and the step plus one scrape interval (Grafana's documentation, "Template variables:
 * $__rate_interval"), so a {@code rate} over it always holds at least two samples and never skips one between steps;
 * {@code $__interval_ms} is the step as a number of milliseconds. Grafana's other variables ({@code $__range} and the
 * like) have no meaning for a page whose range grows while watch runs, and are refused ({@link #unknownVariable}).
 */
public final class PanelQueries {
    private PanelQueries() {}

    /** The variables a panel's expression may use, longest first so that none is replaced inside a longer one. */
    public static final List<String> VARIABLES = List.of("$__rate_interval", "$__interval_ms", "$__interval");

    private static final Pattern VARIABLE = Pattern.compile("\\$__[A-Za-z_]+");

    /** The expression with its variables replaced; {@code stepMs} and {@code scrapeIntervalMs} in milliseconds. */
    public static String expand(String expr, long stepMs, long scrapeIntervalMs) {
        if (expr.indexOf('$') < 0) return expr;
        long rateWindow = Math.max(4 * scrapeIntervalMs, stepMs + scrapeIntervalMs);
        return expr.replace("$__rate_interval", duration(rateWindow)).replace("$__interval_ms", Long.toString(stepMs))
                .replace("$__interval", duration(stepMs));
    }

    /** The first {@code $__name} in {@code expr} that is not one of {@link #VARIABLES}, or null when there is none. */
    public static String unknownVariable(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        while (m.find()) if (!VARIABLES.contains(m.group())) return m.group();
        return null;
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
