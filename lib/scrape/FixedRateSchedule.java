package scrape;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the samples of a watch start: tick {@code n} is due at {@code start + n × interval}, so the schedule does not
 * drift however long each scrape takes or however late a wake-up comes. A tick whose scrapes end after the next tick
 * was due is followed at once by the latest tick already due, and the ticks in between are skipped and counted, never
 * run in a burst (Prometheus's scrape loop does the same).
 *
 * <p>Times are nanoseconds of a monotonic clock (System::nanoTime in production; tests give a fake one). Not
 * thread-safe: the watch loop alone uses it.
 */
final class FixedRateSchedule {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final long start;
    private long tick;
    private long skipped;

    /**
     * A schedule whose tick 0 is due now.
     *
     * @param interval time between the starts of two ticks; positive
     * @param nanoTime the monotonic clock, in nanoseconds
     */
    FixedRateSchedule(Duration interval, LongSupplier nanoTime) {
        this(interval, nanoTime, nanoTime.getAsLong());
    }

    /**
     * A schedule whose tick 0 is due at {@code startNanos} (of the same clock): several targets' schedules share one
     * start, however late their threads begin.
     */
    FixedRateSchedule(Duration interval, LongSupplier nanoTime, long startNanos) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.start = startNanos;
    }

    /** The number of the tick due next (or in progress), from 0. */
    long tick() {
        return tick;
    }

    /** Nanoseconds until the current tick is due; zero or less when it is due already. */
    long nanosUntilDue() {
        return start + tick * intervalNanos - nanoTime.getAsLong();
    }

    /**
     * Moves on once the current tick's scrapes have ended (and their records were written): to the next tick, or,
     * when that one is already due, to the latest tick due, skipping those in between.
     *
     * @return how many ticks were skipped now (0 when the tick ended within its interval or just one interval late)
     */
    long tickEnded() {
        long overrun = (nanoTime.getAsLong() - start) / intervalNanos - tick;
        if (overrun < 1) {
            tick++;
            return 0;
        }
        long skippedNow = overrun - 1;
        tick += overrun;
        skipped += skippedNow;
        return skippedNow;
    }

    /** Ticks skipped since the start. */
    long skippedTicks() {
        return skipped;
    }

    /** Nanoseconds since the start. */
    long elapsedNanos() {
        return nanoTime.getAsLong() - start;
    }
}
