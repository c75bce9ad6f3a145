package page;

import days.DayFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import record.CompactRecord;
import record.CompactRecordReader;
import record.RecordCodec;
import record.ScrapeRecord;

/**
 * The page {@code watch --render} keeps current. At start the records of the page's window are read from the day
 * files once ({@link Renderer#read}); after that every new record is fed into the same charts and the page is
 * written again ({@link MultiTargetCharts#snapshot()} on copies, so the growing state is never cut). History is never
 * read again.
 *
 * <p>Threads: {@link #offer} may be called from any thread (watch's target loops) and never blocks; the charts are
 * touched only by the page's own thread, which waits for a record, gathers the records that follow within a short
 * quiet time (the other targets' samples of the same tick), feeds them all and writes the page once: one rewrite per
 * burst of records. A record reaches the charts as it reaches the day file: written as its line
 * ({@link RecordCodec#line}) and read back by {@link CompactRecordReader}, so the live page and {@code render}'s of
 * the same files hold the same data.
 *
 * <p>Files ({@link LiveFiles}): at start the page's script, style sheet, Plotly and a shell page are written once;
 * after each burst only the data script is written again, and the page loads it by itself. {@link #close()} writes
 * the data a last time, saying when watch stopped; the page then stops looking for new data.
 */
public final class LivePage implements AutoCloseable {
    private static final ScrapeRecord STOP = ScrapeRecord.failed(java.time.Instant.EPOCH, "", 0, "", 0, "stop");

    private final Renderer.Settings settings;
    private final PlotlySource plotly;
    private final long intervalMs;
    private final PrintStream status;
    private final Renderer.History history;
    private final LiveFiles files;
    private final CompactRecordReader parser = new CompactRecordReader(DayFiles.MAX_LINE_BYTES);
    private final LinkedBlockingQueue<ScrapeRecord> queue = new LinkedBlockingQueue<>();
    private final Map<String, Page.TargetStatus> newest = new LinkedHashMap<>();
    private final long quietMs;
    private double startSeconds;
    private Thread thread;
    private IOException lastFailure;
    private long rewrites, cpuNanos, maxCpuNanos, bytesWritten, recordsFed, startBytes;
    private boolean filesWritten;

    private LivePage(Renderer.Settings settings, PlotlySource plotly, Duration interval, PrintStream status, Renderer.History history) {
        this.settings = settings;
        this.plotly = plotly;
        this.intervalMs = Math.max(1, interval.toMillis());
        this.status = status;
        this.history = history;
        this.files = new LiveFiles(settings.out());
        // Long enough for the other targets' samples of the same tick, short beside the interval.
        this.quietMs = Math.min(250, intervalMs / 5);
    }

    /**
     * Reads the window's history and writes the first page; no thread runs yet (see {@link #start()}).
     *
     * @param interval the scrape interval (the page loads its data again shortly after the next sample is due)
     * @param status   where failures to write the page and the closing figures go
     * @throws IOException when the history cannot be read (a first page that cannot be written is reported on
     *                     {@code status}, and written again after the next records)
     */
    public static LivePage open(Renderer.Settings settings, PlotlySource plotly, Duration interval, PrintStream status) throws IOException {
        return open(settings, plotly, interval, status, null);
    }

    /** As {@link #open(Renderer.Settings, PlotlySource, Duration, PrintStream)}, with panels on every page (null for none). */
    public static LivePage open(Renderer.Settings settings, PlotlySource plotly, Duration interval, PrintStream status,
            Renderer.PanelSectionMaker panels) throws IOException {
        long started = System.nanoTime();
        Renderer.History history = Renderer.read(settings, null, panels);
        history.reader().order().goLive();
        LivePage page = new LivePage(settings, plotly, interval, status, history);
        page.panels = panels;
        try {
            page.writeNow();
        } catch (IOException | RuntimeException e) {
            // A page that cannot be written costs no sample, at start neither: it is tried again after each burst.
            page.lastFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            status.println("watch: page: " + e.getMessage() + "; scraping goes on, the page is written again after the next sample");
        }
        page.startSeconds = (System.nanoTime() - started) / 1e9;
        return page;
    }

    /** What the history read at start held (files, lines, samples), as {@code render} reports it. */
    public Renderer.Result startResult() {
        return Renderer.result(settings, history, startSeconds);
    }

    /** Starts the page's thread, which writes the page after each burst of records. */
    public void start() {
        thread = new Thread(this::run, "live-page");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a record to the page (after watch appended it to its day file); never blocks. */
    public void offer(ScrapeRecord record) {
        queue.add(record);
    }

    /**
     * Feeds the records waiting, writes the page's data a last time, saying that watch stopped and when, and stops the
     * thread; returns when it is written. The page then no longer looks for new data.
     */
    @Override
    public void close() {
        if (thread == null) return;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    private void run() {
        List<ScrapeRecord> burst = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                burst.add(queue.take());
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quietMs);
                long left;
                while ((left = until - System.nanoTime()) > 0) {
                    ScrapeRecord next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) break;
                    burst.add(next);
                }
            } catch (InterruptedException e) {
                stop = true;
            }
            queue.drainTo(burst);
            stop |= burst.remove(STOP);
            while (burst.remove(STOP)) { /* more than one close */ }
            if (burst.isEmpty() && !stop) continue;
            long cpu = cpuTime();
            try {
                for (ScrapeRecord r : burst) feed(r);
                long bytes = writeNow(stop ? System.currentTimeMillis() : 0);
                if (!stop || !burst.isEmpty()) {
                    bytesWritten += bytes;
                    rewrites++;
                }
            } catch (IOException | RuntimeException e) {
                // The watch goes on: a page that cannot be written costs no sample.
                String message = "watch: page: " + e.getMessage();
                if (lastFailure == null || !String.valueOf(lastFailure.getMessage()).equals(e.getMessage())) status.println(message);
                lastFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            long spent = cpuTime() - cpu;
            cpuNanos += spent;
            maxCpuNanos = Math.max(maxCpuNanos, spent);
            burst.clear();
        }
    }

    /**
     * Feeds one record into the charts as {@code render} would read it from its day file; records outside the
     * window are left out. Only on the page's thread, or in tests before {@link #start()}.
     */
    void feed(ScrapeRecord record) {
        String name = MultiTargetCharts.displayName(record.targetName());
        newest.put(name, new Page.TargetStatus(name, record.ts().toEpochMilli(), record.up(), record.error()));
        long ts = record.ts().toEpochMilli();
        if (settings.from() != null && ts < settings.from().toEpochMilli()) return;
        if (settings.to() != null && ts > settings.to().toEpochMilli()) return;
        byte[] line = RecordCodec.line(record);
        CompactRecord compact = parser.read(line, 0, line.length, history.reader().types());
        if (compact == null) return;
        history.reader().order().add(compact); // the one rule for records out of time order, live
        recordsFed++;
    }

    /** Makes the panel section at each write, for the records' time range (it may reuse the last one); or null. */
    private Renderer.PanelSectionMaker panels;

    /** Writes the live page's data from the charts as they are now; returns its size in bytes. Only on the page's thread, or in tests before {@link #start()}. */
    long writeNow() throws IOException {
        return writeNow(0);
    }

    /** {@link #writeNow()}, saying that watch stopped at {@code stoppedAt} (epoch ms) unless it is 0. */
    long writeNow(long stoppedAt) throws IOException {
        MultiTargetCharts.Snapshot snapshot = history.charts().snapshot();
        List<Page.TargetStatus> targets = new ArrayList<>(newest.values());
        if (targets.size() == 1 && history.charts().oneUnnamedTarget()) {
            Page.TargetStatus only = targets.get(0);
            targets.set(0, new Page.TargetStatus("", only.ts(), only.up(), only.error()));
        }
        Page.Freshness freshness = new Page.Freshness(System.currentTimeMillis(), intervalMs, targets, stoppedAt);
        Renderer.PanelSectionMaker maker = panels;
        PanelSection section = maker == null ? null : maker.make(history.charts().firstTs(), history.charts().lastTs(),
                history.charts().metricNames());
        long bytes = files.writeData(Renderer.content(settings, plotly, history, snapshot, freshness), section);
        if (!filesWritten) {
            // Once, after the data (so the shell never points to a missing data script); not counted per tick.
            startBytes += files.writeOnce(plotly);
            filesWritten = true;
        }
        lastFailure = null;
        return bytes;
    }

    /** The state the page draws from (for tests: what {@code render} of the same files must equal). */
    MultiTargetCharts charts() {
        return history.charts();
    }

    /**
     * One line of figures for watch's closing summary, e.g. {@code page: 300 rewrites, 12.3 ms CPU each, 1,234,567
     * bytes each; start 3.21 s}.
     */
    public String describe() {
        long peakHeap = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) peakHeap += pool.getPeakUsage().getUsed();
        }
        return String.format("page %s: %,d rewrites, %.1f ms CPU each on average, %.1f ms at most (state update + snapshot + write), "
                        + "%,d bytes each (%s only); %,d bytes at start; %,d records fed; history read and first page written in %.2f s; "
                        + "peak heap %,d MiB of %,d MiB",
                settings.out(), rewrites, rewrites == 0 ? 0.0 : cpuNanos / 1e6 / rewrites, maxCpuNanos / 1e6,
                rewrites == 0 ? 0 : bytesWritten / rewrites, files.folder().getFileName().resolve(LiveFiles.DATA), startBytes, recordsFed,
                startSeconds, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long cpuTime() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
