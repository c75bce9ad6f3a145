package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.ReliabilityFixtures;

/**
 * Issue 14, "Targets are independent": each target of a watch has its own schedule, so a target that never answers
 * costs only its own ticks. Fake scrapes on a fake clock; no assertion on wall-clock time (the waits below only
 * guard against a hang).
 */
class WatcherTargetsTest {
    private static final long SECOND = 1_000_000_000L;

    /** A monotonic clock moved by the test; a wait re-reads it every few real milliseconds. */
    private static final class FakeClock implements Watcher.Clock {
        final AtomicLong nanos = new AtomicLong(5_000_000_017L);
        final boolean advanceOnWait;

        FakeClock(boolean advanceOnWait) {
            this.advanceOnWait = advanceOnWait;
        }

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public void await(Object monitor, long waitNanos) throws InterruptedException {
            if (advanceOnWait) nanos.addAndGet(waitNanos);
            else monitor.wait(2);
        }
    }

    /** Status lines as they are printed, one per element. */
    private static final class StatusLines extends OutputStream {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        String next() throws InterruptedException {
            String next = lines.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("a status line within 30 s (hang guard)").isNotNull();
            return next;
        }
    }

    private static ScrapeRecord upRecord(FakeClock clock, String instance) {
        return new ScrapeRecord(Instant.ofEpochMilli(clock.nanoTime() / 1_000_000), "http://" + instance + "/metrics", true, 1,
                "prometheus", 4, null, Map.of("x", 1.0), Map.of(), Map.of(), instance);
    }

    @Test
    void aTargetThatNeverAnswersDoesNotDelayTheOthersTicks(@TempDir Path dir) throws Exception {
        FakeClock clock = new FakeClock(false);
        long start = clock.nanoTime();
        CountDownLatch badAnswers = new CountDownLatch(1);
        Supplier<ScrapeRecord> good = () -> upRecord(clock, "good");
        Supplier<ScrapeRecord> bad = () -> {
            try {
                badAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScrapeRecord.failed(Instant.ofEpochMilli(start / 1_000_000), "http://bad/metrics", 5000, null, -1,
                    "timeout after 5s").withInstance("bad");
        };
        StatusLines status = new StatusLines();
        Watcher watcher = new Watcher(List.of(good, bad), Duration.ofSeconds(1), 0, dir, new PrintStream(status, true,
                StandardCharsets.UTF_8), record -> {}, clock);
        Watcher.Summary[] summary = new Watcher.Summary[1];
        Thread run = new Thread(() -> summary[0] = watcher.run(), "watch-under-test");
        run.start();

        for (int tick = 0; tick < 10; tick++) {
            String line = status.next();
            Instant due = Instant.ofEpochMilli((start + tick * SECOND) / 1_000_000);
            assertThat(line).as("tick " + tick).startsWith(due + " instance=good up=1 series=1 ").doesNotContain("skipped=");
            if (tick < 9) clock.nanos.addAndGet(SECOND);
        }
        assertThat(status.lines).as("bad's first scrape is still in flight").isEmpty();

        watcher.stop();
        badAnswers.countDown();
        run.join(30_000);
        assertThat(run.isAlive()).isFalse();

        String badLine = status.next();
        assertThat(badLine).contains(" instance=bad up=0 ").contains(" skipped=8 ");
        assertThat(status.lines).isEmpty();
        assertThat(summary[0].samples()).isEqualTo(11);
        assertThat(summary[0].up()).isEqualTo(10);
        assertThat(summary[0].down()).isEqualTo(1);
        assertThat(summary[0].skippedTicks()).as("only bad's ticks were skipped").isEqualTo(8);
        assertThat(summary[0].elapsedMs()).isEqualTo(9_000);

        List<ScrapeRecord> records = ReliabilityFixtures.lines(dir).stream().map(RecordCodec::parse).toList();
        List<Instant> goodTimes = records.stream().filter(r -> "good".equals(r.instance())).map(ScrapeRecord::ts).toList();
        assertThat(goodTimes).hasSize(10);
        for (int i = 1; i < goodTimes.size(); i++) {
            assertThat(Duration.between(goodTimes.get(i - 1), goodTimes.get(i))).isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(records.get(records.size() - 1).instance()).as("bad's sample in flight was written at stop").isEqualTo("bad");
    }

    @Test
    void countIsPerTargetAndEveryRecordIsWrittenWhole(@TempDir Path dir) throws Exception {
        FakeClock clock = new FakeClock(true);
        Watcher watcher = new Watcher(List.of(() -> upRecord(clock, "a"), () -> upRecord(clock, "b"), () -> upRecord(clock, "c")),
                Duration.ofMillis(100), 25, dir, new PrintStream(OutputStream.nullOutputStream()), record -> {}, clock);
        Watcher.Summary summary = watcher.run();

        List<ScrapeRecord> records = ReliabilityFixtures.lines(dir).stream().map(RecordCodec::parse).toList();
        assertThat(summary.samples()).isEqualTo(75);
        assertThat(records).hasSize(75);
        for (String name : List.of("a", "b", "c")) {
            assertThat(records.stream().filter(r -> name.equals(r.instance())).count()).as(name).isEqualTo(25);
        }
    }

    @Test
    void aScrapeThatThrowsCostsOnlyItsOwnTickAndIsReportedByTypeOnly(@TempDir Path dir) throws Exception {
        FakeClock clock = new FakeClock(true);
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        Watcher watcher = new Watcher(List.<Supplier<ScrapeRecord>>of(() -> upRecord(clock, "a"), () -> {
            throw new IllegalArgumentException("planted http://u:PLANTED-SECRET@h/");
        }), Duration.ofMillis(100), 3, dir, new PrintStream(status, true, StandardCharsets.UTF_8), record -> {}, clock);
        Watcher.Summary summary = watcher.run();
        assertThat(summary.up()).isEqualTo(3);
        assertThat(summary.down()).isEqualTo(3);
        String said = status.toString(StandardCharsets.UTF_8);
        assertThat(said).doesNotContain("PLANTED").contains("watch: a scrape ended by an internal error (IllegalArgumentException);"
                + " the target is scraped again at its next tick");
        assertThat(said.lines().filter(l -> l.contains("instance=a up=1")).count()).isEqualTo(3);
    }
}
