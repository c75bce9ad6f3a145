package scrape;

import cli.Durations;
import days.DayFileAppender;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import record.ScrapeRecord;

/**
 * Scrapes one or more targets at a fixed rate and appends every record to the day files: the loop behind {@code watch}.
 * Several targets are scraped concurrently at each tick, and their records written in the order the targets were given.
 *
 * <p>The ticks follow a {@link FixedRateSchedule}: tick {@code n} is due at {@code start + n × interval}, a tick that
 * overruns its interval is followed at once by the next one, and the ticks it overran are counted as skipped rather
 * than run in a burst (as Prometheus does). The day file of a record is the UTC day of its timestamp
 * ({@link DayFileAppender}). Records that cannot be written (full or read-only disk) are kept, up to
 * {@link #MAX_PENDING}, and written at the next tick; every such failure, and every record given up, is reported on
 * the status stream.
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

    private final List<Scraper> scrapers;
    private final Consumer<ScrapeRecord> afterWrite;
    private final Duration interval;
    private final long count;
    private final Path dataDir;
    private final PrintStream status;
    private final Object wakeUp = new Object();
    private final Deque<ScrapeRecord> pending = new ArrayDeque<>();
    private volatile boolean stopping;
    private long lost;

    /**
     * A watch of these targets; nothing is scraped before {@link #run()}.
     *
     * @param scrapers   one scraper per target, scraped concurrently at each tick
     * @param interval   time between the starts of two samples
     * @param count      number of ticks to run, or 0 for no limit
     * @param dataDir    where the day files are
     * @param status     where the one-line status of each record goes (stderr for {@code watch})
     * @param afterWrite called with each record after its append was attempted (e.g. to queue it for remote write);
     *                   must not block
     * @throws IllegalArgumentException when {@code scrapers} is empty
     */
    public Watcher(List<Scraper> scrapers, Duration interval, long count, Path dataDir, PrintStream status,
            Consumer<ScrapeRecord> afterWrite) {
        if (scrapers.isEmpty()) throw new IllegalArgumentException("no target to watch");
        this.scrapers = List.copyOf(scrapers);
        this.afterWrite = afterWrite;
        this.interval = interval;
        this.count = count;
        this.dataDir = dataDir;
        this.status = status;
    }

    /** Asks the loop to end after the sample in flight (if any) has been written. Safe from any thread. */
    public void stop() {
        stopping = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /**
     * Runs until {@code count} ticks were taken or {@link #stop()} was called; returns the summary, whose
     * {@code samples} counts records (one per target per tick).
     */
    public Summary run() {
        FixedRateSchedule schedule = new FixedRateSchedule(interval, System::nanoTime);
        long ticks = 0, samples = 0, up = 0, down = 0;
        ExecutorService pool = scrapers.size() == 1 ? null : Executors.newFixedThreadPool(scrapers.size(), runnable -> {
            Thread thread = new Thread(runnable, "watch-scrape");
            thread.setDaemon(true);
            return thread;
        });
        try {
            while (!stopping && (count == 0 || ticks < count)) {
                waitUntilDue(schedule);
                if (stopping) break;
                List<ScrapeRecord> records = scrapeAll(pool);
                ticks++;
                List<Path> written = new ArrayList<>(records.size());
                for (ScrapeRecord record : records) {
                    samples++;
                    if (record.up()) up++;
                    else down++;
                    written.add(write(record));
                    afterWrite.accept(record);
                }
                long skippedNow = schedule.tickEnded();
                for (int i = 0; i < records.size(); i++) status.println(statusLine(records.get(i), written.get(i), skippedNow));
            }
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        return new Summary(samples, up, down, schedule.skippedTicks(), lost, pending.size(),
                Duration.ofNanos(schedule.elapsedNanos()).toMillis());
    }

    /** One scrape of every target; concurrently when there are several (each scrape is bounded by its own timeout). */
    private List<ScrapeRecord> scrapeAll(ExecutorService pool) {
        if (pool == null) return List.of(scrapers.get(0).scrape());
        List<Future<ScrapeRecord>> futures = new ArrayList<>(scrapers.size());
        for (Scraper scraper : scrapers) futures.add(pool.submit(scraper::scrape));
        List<ScrapeRecord> records = new ArrayList<>(scrapers.size());
        for (Future<ScrapeRecord> future : futures) {
            try {
                records.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
                futures.forEach(f -> f.cancel(true));
                break;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a scrape failed unexpectedly", e.getCause());
            }
        }
        return records;
    }

    /** Sleeps until the schedule's current tick is due, or until {@link #stop()}. */
    private void waitUntilDue(FixedRateSchedule schedule) {
        synchronized (wakeUp) {
            long remaining;
            while (!stopping && (remaining = schedule.nanosUntilDue()) > 0) {
                try {
                    wakeUp.wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
                } catch (InterruptedException e) {
                    stopping = true;
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Writes earlier unwritten records first, then this one; returns the file, or null when it could not be written. */
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
        StringBuilder line = new StringBuilder().append(record.ts());
        if (record.instance() != null) line.append(" instance=").append(record.instance());
        line.append(" up=").append(record.up() ? 1 : 0);
        if (record.up()) line.append(" series=").append(record.series().size());
        line.append(' ').append(record.scrapeMs()).append("ms");
        if (skipped > 0) line.append(" skipped=").append(skipped);
        if (!record.up()) line.append(" error=\"").append(record.error()).append('"');
        line.append(written == null ? " (not written)" : " -> " + written);
        return line.toString();
    }
}
