package scrape;

import units.Durations;
import days.DayFileAppender;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import record.ScrapeRecord;

/**
 * Scrapes one or more targets at a fixed rate and appends every record to the day files: the loop behind {@code watch}.
 *
 * <p>Each target has its own loop on its own thread with its own {@link FixedRateSchedule}, as in Prometheus 2.42
 * (scrape/scrape.go, one scrapeLoop per target): a slow or silent target overruns and skips only its own ticks, and
 * the others keep their rate. Tick {@code n} of a target is due at {@code start + n × interval}; every target's tick 0
 * is due at once. Prometheus instead delays each target's first scrape to a phase within the interval taken from a
 * hash of the target (scrape/target.go, {@code offset}), which spreads thousands of targets over the interval; for
 * the few targets of one watch that would only hold back the first sample by up to an interval, so it is not done.
 *
 * <p>Records are written one at a time under one lock, in the order their scrapes ended, each followed by its status
 * line. The day file of a record is the UTC day of its timestamp ({@link DayFileAppender}). Records that cannot be
 * written (full or read-only disk) are kept, up to {@link #MAX_PENDING} in all, and written before the next record;
 * every such failure, and every record given up, is reported on the status stream.
 */
public final class Watcher {
    /** Records kept in memory while the data directory cannot be written; older ones are given up first. */
    public static final int MAX_PENDING = 10_000;

    /** What {@link #run()} did, for the closing summary. Durations in milliseconds. */
    public record Summary(long samples, long up, long down, long skippedTicks, long recordsLost, long pending, long elapsedMs) {
        /** One line, e.g. {@code 20 samples (19 up, 1 down), 0 skipped ticks in 10s}. */
        public String describe() {
            return samples + " samples (" + up + " up, " + down + " down), " + skippedTicks + " skipped ticks"
                    + (recordsLost > 0 ? ", " + recordsLost + " records LOST" : "")
                    + (pending > 0 ? ", " + pending + " records NOT WRITTEN" : "")
                    + " in " + Durations.format(Duration.ofMillis(elapsedMs));
        }
    }

    /**
     * Heap one sample can hold at its peak, per byte of body: the body, the parsed series (a String per series) and
     * the record's line. Measured on 2026-11-29 (bench/max-record.sh) with a 64 MiB body of 2.57 M short series
     * (26 bytes each, the worst case): it needs more than 320 MiB and fits in -Xmx450m; bodies of longer series need less.
     */
    static final long HEAP_PER_BODY_BYTE = 6;
    /** Heap for everything but the samples in flight: classes, HTTP clients, buffers, the pending records. */
    static final long HEAP_BASE = 48L << 20;

    /**
     * Whether a heap of {@code heapBytes} holds one sample of every target at once, each with a body as large as
     * its limit (the targets' loops run side by side). Rule: {@link #HEAP_BASE} + Σ {@link #HEAP_PER_BODY_BYTE} ×
     * max-bytes.
     *
     * @param maxBytes  each target's --max-bytes, in bytes
     * @param heapBytes the JVM's maximum heap ({@code Runtime.maxMemory()})
     * @return null when it fits; otherwise one sentence saying what is needed and what to change (lower --max-bytes,
     *         or a larger -Xmx through JBang's -R option)
     */
    public static String heapShortfall(List<Long> maxBytes, long heapBytes) {
        long needed = HEAP_BASE;
        long largest = 0;
        for (long limit : maxBytes) {
            needed += HEAP_PER_BODY_BYTE * limit;
            largest = Math.max(largest, limit);
        }
        if (needed <= heapBytes) return null;
        long fitting = Math.max(0, (heapBytes - HEAP_BASE) / HEAP_PER_BODY_BYTE / maxBytes.size());
        long neededMiB = (needed + (1 << 20) - 1) >> 20;
        return (maxBytes.size() == 1 ? "a target" : maxBytes.size() + " targets") + " with --max-bytes up to " + mib(largest)
                + " can need " + neededMiB + " MiB of heap at once, more than this JVM's " + (heapBytes >> 20) + " MiB: lower --max-bytes to "
                + (fitting >> 20) + "MiB or less, or run watch with a larger heap, e.g. ./jbang -R-Xmx" + ((neededMiB * 11 / 10 + 1023) / 1024) + "g watch.java ...";
    }

    private static String mib(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + "MiB" : bytes + " bytes";
    }

    /** The monotonic clock the schedules read and wait on; tests give a fake one. */
    interface Clock {
        /** Now, in nanoseconds of a monotonic clock. */
        long nanoTime();

        /** Waits on {@code monitor} (held by the caller) for at most {@code nanos}, or until it is notified. */
        void await(Object monitor, long nanos) throws InterruptedException;
    }

    private static final Clock SYSTEM_CLOCK = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void await(Object monitor, long nanos) throws InterruptedException {
            monitor.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    private final List<Supplier<ScrapeRecord>> targets;
    private final Consumer<ScrapeRecord> afterWrite;
    private final Duration interval;
    private final long count;
    private final Path dataDir;
    private final PrintStream status;
    private final Clock clock;
    private final Object wakeUp = new Object();
    /** Held while a record is written and its status line printed; guards the fields below it. */
    private final Object writing = new Object();
    private final Deque<ScrapeRecord> pending = new ArrayDeque<>();
    private long lost, samples, up, down, skipped;
    private volatile boolean stopping;

    /**
     * A watch of these targets; nothing is scraped before {@link #run()}.
     *
     * @param scrapers   one scraper per target, each scraped on its own schedule
     * @param interval   time between the starts of two samples of one target
     * @param count      number of ticks to run per target, or 0 for no limit
     * @param dataDir    where the day files are
     * @param status     where the one-line status of each record goes (stderr for {@code watch})
     * @param afterWrite called with each record after its append was attempted (e.g. to queue it for remote write),
     *                   one record at a time; must not block
     * @throws IllegalArgumentException when {@code scrapers} is empty
     */
    public Watcher(List<Scraper> scrapers, Duration interval, long count, Path dataDir, PrintStream status,
            Consumer<ScrapeRecord> afterWrite) {
        this(scrapers.stream().<Supplier<ScrapeRecord>>map(s -> s::scrape).toList(), interval, count, dataDir, status,
                afterWrite, SYSTEM_CLOCK);
    }

    /** As the public constructor, with any scrape (tests give fake ones) and any clock. */
    Watcher(List<Supplier<ScrapeRecord>> targets, Duration interval, long count, Path dataDir, PrintStream status,
            Consumer<ScrapeRecord> afterWrite, Clock clock) {
        if (targets.isEmpty()) throw new IllegalArgumentException("no target to watch");
        this.targets = List.copyOf(targets);
        this.afterWrite = afterWrite;
        this.interval = interval;
        this.count = count;
        this.dataDir = dataDir;
        this.status = status;
        this.clock = clock;
    }

    /** Asks every loop to end after its sample in flight (if any) has been written. Safe from any thread. */
    public void stop() {
        stopping = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /**
     * Runs until every target took {@code count} ticks, or {@link #stop()} was called and every sample in flight
     * was written; returns the summary, whose {@code samples} counts records (one per target per tick). A scrape that
     * throws a RuntimeException costs only its own tick (counted as down, reported in one line without its message).
     *
     * @throws IllegalStateException when a loop ended by an Error or a failure outside the scrape
     */
    public Summary run() {
        long start = clock.nanoTime();
        RuntimeException[] failure = new RuntimeException[1];
        if (targets.size() == 1) {
            runLoop(targets.get(0), start);
        } else {
            List<Thread> loops = new ArrayList<>(targets.size());
            for (Supplier<ScrapeRecord> target : targets) {
                Thread loop = new Thread(() -> {
                    try {
                        runLoop(target, start);
                    } catch (RuntimeException | Error e) {
                        synchronized (failure) {
                            if (failure[0] == null) failure[0] = new IllegalStateException("a scrape failed unexpectedly", e);
                        }
                        stop();
                    }
                }, "watch-target-" + loops.size());
                loop.setDaemon(true); // a second Ctrl-C halts the JVM without waiting for a scrape in flight
                loops.add(loop);
                loop.start();
            }
            joinAll(loops);
        }
        if (failure[0] != null) throw failure[0];
        synchronized (writing) {
            return new Summary(samples, up, down, skipped, lost, pending.size(), Duration.ofNanos(clock.nanoTime() - start).toMillis());
        }
    }

    /** Waits for every loop; when this thread is interrupted, stops them and interrupts their scrapes. */
    private void joinAll(List<Thread> loops) {
        for (Thread loop : loops) {
            while (loop.isAlive()) {
                try {
                    loop.join();
                } catch (InterruptedException e) {
                    stop();
                    loops.forEach(Thread::interrupt);
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The records not written when {@link #run()} ended (the data directory could not be written), oldest first: for
     * naming them at exit, as they are lost with the process.
     */
    public List<ScrapeRecord> unwritten() {
        synchronized (writing) {
            return List.copyOf(pending);
        }
    }

    /**
     * One target's loop: scrape at each tick of its own schedule, write, print the status line. Tick 0 is due at
     * {@code startNanos}, the same for every target, so a thread that starts late catches up instead of shifting.
     */
    private void runLoop(Supplier<ScrapeRecord> target, long startNanos) {
        FixedRateSchedule schedule = new FixedRateSchedule(interval, clock::nanoTime, startNanos);
        for (long ticks = 0; !stopping && (count == 0 || ticks < count); ticks++) {
            waitUntilDue(schedule);
            if (stopping) break;
            ScrapeRecord record;
            try {
                record = target.get();
            } catch (RuntimeException e) {
                // Scrapers turn every failure into a record; should one still throw, only this tick of this target is lost.
                // The type only: the message can quote the URL and its password.
                synchronized (writing) {
                    down++;
                    skipped += schedule.tickEnded();
                    status.println("watch: a scrape ended by an internal error (" + e.getClass().getSimpleName()
                            + "); the target is scraped again at its next tick");
                }
                continue;
            }
            synchronized (writing) {
                samples++;
                if (record.up()) up++;
                else down++;
                Path written = write(record);
                afterWrite.accept(record);
                long skippedNow = schedule.tickEnded();
                skipped += skippedNow;
                status.println(statusLine(record, written, skippedNow));
            }
        }
    }

    /** Sleeps until the schedule's current tick is due, or until {@link #stop()}. */
    private void waitUntilDue(FixedRateSchedule schedule) {
        synchronized (wakeUp) {
            long remaining;
            while (!stopping && (remaining = schedule.nanosUntilDue()) > 0) {
                try {
                    clock.await(wakeUp, remaining);
                } catch (InterruptedException e) {
                    stopping = true;
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Writes earlier unwritten records first, then this one; returns the file, or null when it could not be written.
     * Called holding {@link #writing}.
     */
    private Path write(ScrapeRecord record) {
        pending.addLast(record);
        if (pending.size() > MAX_PENDING) {
            ScrapeRecord dropped = pending.removeFirst();
            lost++;
            status.println("watch: gave up the record of " + dropped.ts() + ": more than " + MAX_PENDING + " records waiting to be written");
        }
        Path file = null;
        while (!pending.isEmpty()) {
            try {
                file = DayFileAppender.append(dataDir, pending.peekFirst());
                pending.removeFirst();
            } catch (IOException e) {
                status.println("watch: " + e.getMessage() + "; " + pending.size() + " record(s) kept, retrying at the next tick");
                return null;
            }
        }
        return file;
    }

    private static String statusLine(ScrapeRecord record, Path written, long skipped) {
        StringBuilder line = new StringBuilder(160).append(record.ts());
        if (record.instance() != null) line.append(" instance=").append(http.Printable.text(record.instance()));
        line.append(" up=").append(record.up() ? 1 : 0);
        if (record.up()) line.append(" series=").append(record.series().size());
        line.append(' ').append(record.scrapeMs()).append("ms");
        if (skipped > 0) line.append(" skipped=").append(skipped);
        if (!record.up()) line.append(" error=\"").append(record.error()).append('"');
        if (written == null) line.append(" (not written)");
        else line.append(" -> ").append(written);
        return line.toString();
    }
}
