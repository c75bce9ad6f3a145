package days;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Which record timestamps a reader believes: none later than now plus a small allowance (a record "from 2099",
 * hand-edited or written under a wrong clock, would stretch the page's time axis by decades), and none outside the
 * UTC day its file is named after (a record is appended to the file of its own day, {@link DayFiles#fileFor}, so
 * one outside it was not written by this project's tools, and would break the time order the readers rely on).
 * The page's reader ({@link DayFileReader}) and the OpenMetrics export leave such records out and count them.
 *
 * @param clock     the clock that says what "now" is (injected by tests)
 * @param allowance how far past now a record may lie, for clocks of other hosts running slightly ahead
 */
public record RecordTimes(Clock clock, Duration allowance) {
    /** The allowance past now, 5 minutes. */
    public static final Duration DEFAULT_ALLOWANCE = Duration.ofMinutes(5);

    /** Now by the system clock, with {@link #DEFAULT_ALLOWANCE}. */
    public static RecordTimes system() {
        return new RecordTimes(Clock.systemUTC(), DEFAULT_ALLOWANCE);
    }

    /** What a reader makes of one record's timestamp. */
    public enum Verdict {
        /** Believed. */
        OK,
        /** Later than now plus the allowance. */
        FUTURE,
        /** Outside the UTC day of the file it was read from. */
        OTHER_DAY
    }

    /** The latest timestamp believed, epoch milliseconds; read once per read of the files. */
    public long latestMillis() {
        return clock.instant().plus(allowance).toEpochMilli();
    }

    /**
     * The verdict on a record.
     *
     * @param tsMillis     the record's timestamp, epoch milliseconds
     * @param latestMillis {@link #latestMillis()}, taken once when the read started
     * @param fileDay      the UTC day its file is named after
     */
    public static Verdict check(long tsMillis, long latestMillis, LocalDate fileDay) {
        if (tsMillis > latestMillis) return Verdict.FUTURE;
        long dayStart = fileDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        if (tsMillis < dayStart || tsMillis >= dayStart + 86_400_000L) return Verdict.OTHER_DAY;
        return Verdict.OK;
    }

    /**
     * The warning about records left out, for the caller to print with its own prefix, e.g.
     * {@code left out 2 records dated later than now (2026-11-29T23:40:00Z with 5 minutes allowed), e.g. 2099-01-01T00:00:00Z in 2026-11-29.jsonl};
     * null when {@code count} is 0.
     *
     * @param example one of them: its timestamp (epoch milliseconds) and file name
     */
    public static String futureWarning(long count, long latestMillis, long exampleMillis, String exampleFile) {
        if (count == 0) return null;
        return "left out " + count + (count == 1 ? " record" : " records") + " dated later than now ("
                + Instant.ofEpochMilli(latestMillis) + " allowed), e.g. " + Instant.ofEpochMilli(exampleMillis) + " in " + exampleFile;
    }

    /** Like {@link #futureWarning}, for records outside their file's UTC day. */
    public static String otherDayWarning(long count, long exampleMillis, String exampleFile) {
        if (count == 0) return null;
        return "left out " + count + (count == 1 ? " record" : " records") + " dated outside the UTC day of their file, e.g. "
                + Instant.ofEpochMilli(exampleMillis) + " in " + exampleFile;
    }
}
