package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The watch's fixed-rate schedule on a fake clock: sample N starts at start + N × interval; a scrape slower than the
 * interval is followed at once by the next sample and the ticks it overran are skipped and counted, never run in a burst.
 */
class FixedRateScheduleTest {
    private static final long MS = 1_000_000;

    /** A monotonic clock that only moves when told; starts at an arbitrary reading, as System.nanoTime may. */
    private static final class FakeClock {
        long nanos = 7_000_000_123L;

        void advanceMs(long ms) {
            nanos += ms * MS;
        }
    }

    private final FakeClock clock = new FakeClock();
    private final FixedRateSchedule schedule = new FixedRateSchedule(Duration.ofMillis(100), () -> clock.nanos);

    @Test
    void onTimeScrapesStartAtStartPlusNTimesTheIntervalWithoutDrift() {
        long start = clock.nanos;
        assertThat(schedule.nanosUntilDue()).as("tick 0 is due at once").isZero();
        for (int n = 0; n < 50; n++) {
            assertThat(schedule.tick()).isEqualTo(n);
            // Each wake-up comes 3 ms late and each scrape takes 40 ms: neither moves the ticks that follow.
            clock.advanceMs(3 + 40);
            assertThat(schedule.tickEnded()).isZero();
            assertThat(schedule.nanosUntilDue()).isEqualTo(start + (n + 1) * 100 * MS - clock.nanos).isEqualTo(57 * MS);
            clock.nanos += schedule.nanosUntilDue();
        }
        assertThat(clock.nanos).isEqualTo(start + 50 * 100 * MS);
        assertThat(schedule.skippedTicks()).isZero();
        assertThat(schedule.elapsedNanos()).isEqualTo(5_000 * MS);
    }

    @Test
    void aScrapeSlowerThanTheIntervalIsFollowedAtOnceWithNothingSkipped() {
        clock.advanceMs(150);
        assertThat(schedule.tickEnded()).isZero();
        assertThat(schedule.tick()).isEqualTo(1);
        assertThat(schedule.nanosUntilDue()).as("tick 1 was due 50 ms ago: start now").isEqualTo(-50 * MS);

        clock.advanceMs(10);
        assertThat(schedule.tickEnded()).isZero();
        assertThat(schedule.tick()).isEqualTo(2);
        assertThat(schedule.nanosUntilDue()).as("back on the grid").isEqualTo(40 * MS);
        assertThat(schedule.skippedTicks()).isZero();
    }

    @Test
    void aScrapeEndingExactlyWhenTheNextTickIsDueStartsItAtOnce() {
        clock.advanceMs(100);
        assertThat(schedule.tickEnded()).isZero();
        assertThat(schedule.tick()).isEqualTo(1);
        assertThat(schedule.nanosUntilDue()).isZero();
    }

    @Test
    void ticksOverrunBySeveralIntervalsAreSkippedAndCountedNotRunInABurst() {
        clock.advanceMs(350);
        assertThat(schedule.tickEnded()).as("ticks 1 and 2 skipped").isEqualTo(2);
        assertThat(schedule.tick()).as("tick 3, due 50 ms ago, runs now").isEqualTo(3);
        assertThat(schedule.nanosUntilDue()).isEqualTo(-50 * MS);

        clock.advanceMs(5);
        assertThat(schedule.tickEnded()).isZero();
        assertThat(schedule.tick()).isEqualTo(4);
        assertThat(schedule.nanosUntilDue()).as("a quick scrape after the overrun waits for its tick: no burst").isEqualTo(45 * MS);

        clock.nanos += schedule.nanosUntilDue();
        clock.advanceMs(1_000);
        assertThat(schedule.tickEnded()).as("ticks 5 to 13 skipped").isEqualTo(9);
        assertThat(schedule.tick()).isEqualTo(14);
        assertThat(schedule.nanosUntilDue()).isZero();
        assertThat(schedule.skippedTicks()).isEqualTo(2 + 9);
    }

    @Test
    void skippedTicksAreCountedFromTheTickThatRanNotFromTheStart() {
        // Ticks 0 and 1 on time, then tick 2 takes 230 ms: it ends at 430 ms, so tick 3 is skipped and 4 runs now.
        clock.advanceMs(20);
        schedule.tickEnded();
        clock.nanos += schedule.nanosUntilDue();
        clock.advanceMs(20);
        schedule.tickEnded();
        clock.nanos += schedule.nanosUntilDue();
        assertThat(schedule.tick()).isEqualTo(2);
        clock.advanceMs(230);
        assertThat(schedule.tickEnded()).isEqualTo(1);
        assertThat(schedule.tick()).isEqualTo(4);
        assertThat(schedule.nanosUntilDue()).isEqualTo(-30 * MS);
    }
}
