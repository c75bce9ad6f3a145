package units;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written on the command line: a whole number followed by a unit, several parts allowed,
 * as in Prometheus's duration syntax: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h30m}, {@code 7d}, {@code 1w}, {@code 1y}
 * (a day is 24 h, a week 7 d, a year 365 d).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w|y)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d|w|y))+");
    /**
     * The longest duration accepted, 100 years: far beyond any interval, timeout or retention, and short enough that
     * a clock reading plus it, or twice it, still fits a {@code long} of nanoseconds (which ends after 292 years).
     */
    public static final Duration MAX = Duration.ofDays(100 * 365);

    private Durations() {}

    /**
     * Parses a duration such as {@code 1m30s}.
     *
     * @throws IllegalArgumentException naming the text and the expected form when it is not a positive duration, or
     *                                  the limit when it is longer than {@link #MAX}
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration: expected a number and a unit, e.g. 500ms, 30s, 1m, 7d");
        }
        String trimmed = text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(trimmed);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            Duration part = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            };
            if (part.compareTo(MAX.minus(total)) > 0) {
                throw new IllegalArgumentException("duration '" + text + "' is too long: at most 100y");
            }
            total = total.plus(part);
        }
        if (total.isZero()) {
            throw invalid(text);
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + text
                + "': expected a positive number and a unit (ms, s, m, h, d, w, y), e.g. 500ms, 30s, 1m, 7d");
    }

    /** Formats a duration the way {@link #parse} reads it, e.g. {@code 1m30s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder out = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
