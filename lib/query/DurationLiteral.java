package query;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration literals inside a PromQL expression, such as {@code [5m]}, {@code [1h30m:1m]}, {@code offset 100ms}: units
 * y (365 days), w, d, h, m, s, ms, each at most once and in that order, zero allowed (Prometheus 2.42 reads them with
 * prometheus/common model.ParseDuration). Stricter about order than the command line's durations (units.Durations),
 * so an expression Prometheus rejects, such as {@code x[5m1h]}, is rejected here too.
 */
public final class DurationLiteral {
    private DurationLiteral() {}

    private static final Pattern DURATION =
            Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MS = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L,
            1000L, 1L};

    static boolean isDuration(String s) {
        return !s.isEmpty() && DURATION.matcher(s).matches();
    }

    /**
     * A duration in milliseconds.
     *
     * @throws IllegalArgumentException if {@code s} is not a duration or overflows
     */
    public static long parseMs(String s) {
        Matcher m = DURATION.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
        }
        long total = 0;
        for (int i = 0; i < UNIT_MS.length; i++) {
            if (m.group(i + 1) != null) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(i + 1)), UNIT_MS[i]));
            }
        }
        return total;
    }
}
