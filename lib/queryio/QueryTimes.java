package queryio;

import units.Durations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Times and steps of a query as Prometheus 2.42's HTTP API reads them (web/api/v1/api.go {@code parseTime},
 * {@code parseDuration}), so that {@code query} takes what {@code promtool query} and the API take.
 */
public final class QueryTimes {
    private QueryTimes() {}

    /**
     * A time: Unix seconds with an optional fraction ({@code 1700000000}, {@code 1700000000.5}; rounded to the
     * millisecond as the API rounds) or RFC 3339 ({@code 2026-12-01T10:00:00Z}, {@code 2026-12-01T11:00:00.25+01:00};
     * truncated to the millisecond).
     *
     * @return Unix milliseconds
     * @throws IllegalArgumentException naming the text and both accepted forms
     */
    public static long parseTime(String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("-?\\d+(\\.\\d*)?|-?\\.\\d+")) {
            try {
                return new BigDecimal(t).movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("time '" + text + "' is out of range");
            }
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid time '" + text
                    + "': expected RFC 3339 (e.g. 2026-12-01T10:00:00Z) or Unix seconds (e.g. 1796119200 or 1796119200.5)");
        }
    }

    /**
     * A step or other duration: seconds with an optional fraction ({@code 15}, {@code 0.5}) or a Prometheus duration
     * ({@code 15s}, {@code 1m}, {@code 1h30m}; see {@link Durations}).
     *
     * @return milliseconds, more than 0
     * @throws IllegalArgumentException naming the text and the accepted forms, also for zero or a negative value
     */
    public static long parseDuration(String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
            BigDecimal ms = new BigDecimal(t).movePointRight(3).setScale(0, RoundingMode.HALF_EVEN);
            if (ms.signum() <= 0) throw new IllegalArgumentException("duration '" + text + "' is not positive: expected e.g. 15s, 1m or 30");
            if (ms.compareTo(BigDecimal.valueOf(Durations.MAX.toMillis())) > 0) throw new IllegalArgumentException("duration '" + text + "' is too long: at most 100y");
            return ms.longValueExact();
        }
        try {
            return Durations.parse(t).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid duration '" + text + "': expected seconds (e.g. 30 or 0.5) or a duration such as 15s, 1m, 1h30m");
        }
    }
}
