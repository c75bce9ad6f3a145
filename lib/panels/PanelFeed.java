package panels;

import days.DayFileReader;
import days.DayFiles;
import days.RecordTimes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import page.PanelSection;
import page.Renderer;
import query.LabelMatcher;
import query.PromQL;
import query.QueryException;
import query.SeriesSource;
import queryio.DayFileStorage;
import record.CompactRecord;

/**
 * The panels of {@code render} and of {@code watch --render}'s live page, evaluated from the records the page reads
 * anyway ({@link #records}: the page's read of the day files, then each new record of watch), so the day files are
 * read once. The records go through {@link FedSeries} ({@code prom.ScrapeLoops}, as the query storage maps them); the
 * range queries are evaluated a chunk of steps at a time as the records pass the chunks ({@link PanelSteps}), so
 * memory follows the widest look-back of the expressions, not the history; each later section evaluates only the
 * steps not final yet. The answers are the engine's over the same records: the same as {@code query} over the files.
 *
 * <p><b>The window before the records are all read.</b> The step follows from the first and last scrape and the
 * scrape interval ({@link PanelEvaluator#window}). The samples are held whole until {@link #BUFFER_SAMPLES} of them
 * are held: a read that ends before (a day of one exporter) is evaluated once at its end, with the window known.
 * Past it the window is estimated: the first successful scrape read, the end of the last day file in the window (or
 * now), the median interval of the scrapes read so far; the ladder of steps makes the estimate right unless the span
 * lies near a rung. The section checks the estimate against the real window; when they differ, or a record came too
 * late for a step already final, the day files are read again into a fresh evaluation with the real window (what a
 * live page does too when its step moves to the next rung: a full evaluation, rarely).
 *
 * <p>Sets are chosen at each section from the metric names the page's read found ({@link ActivePanelSets#choose(List,
 * Set)}); until then every set not left out is evaluated. The lead set ({@link PanelPages#build}: the coppice set, the
 * page's coppice section) is chosen and given to the page as there. An expression whose steps cannot be evaluated a chunk at a
 * time ({@link PanelSteps#chunkable}: {@code @}, negative {@code offset}), or a page with a window ({@code --from},
 * {@code --since}, {@code --to}: its first steps look back before the records the page reads), makes the page fall back
 * to {@link PanelPages#build} over the day files, at most once per {@code fullPeriodMs} on a live page.
 *
 * <p><b>Threads.</b> The records are taken on a thread of their own ({@link FeedThread}), beside the page's charts;
 * each section first waits for every record handed on. A failure of the feed (a fault, or out of memory) drops what it
 * held and is shown in place of every panel's answer, on this and every later section ({@link #failure}): the page
 * and its charts are still written.
 */
public final class PanelFeed implements Renderer.PanelSectionMaker {
    /** Samples held whole before the window is estimated: about 32 MiB. */
    public static final long BUFFER_SAMPLES = 2_000_000;

    /** The job label of the panels' series: the export's default; no built-in panel selects by job. */
    static final String JOB = "coppice";

    /**
     * The day files as series for a page's panels when they read the files again (a window not foreseen, records
     * before a detect metric, the fallback), job {@link #JOB} and stale markers on. Its warnings are dropped: they are
     * about the lines the page's own read has already warned of under the page's name, and would otherwise be printed
     * again under the query command's.
     *
     * @param dataDir the page's folder of day files
     */
    public static DayFileStorage storage(Path dataDir) {
        return storage(dataDir, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** As {@link #storage(Path)}, printing its warnings to {@code warnings} (when no page reads the files, as {@code render --list-panels}). */
    public static DayFileStorage storage(Path dataDir, PrintStream warnings) {
        return new DayFileStorage(dataDir, JOB, true, RecordTimes.system(), warnings);
    }

    private final Renderer.Settings settings;
    private final List<PanelSet> sets;
    private final List<PanelSet> candidates = new ArrayList<>();
    private final List<String> leaveOut;
    private final List<List<LabelMatcher>> selectors = new ArrayList<>();
    private final long bufferSamples;
    private final LongSupplier clockMs;
    private final ThrottledPanelSection full;
    private FedSeries fed;
    private PanelSteps steps;
    private boolean late, fallback;
    /**
     * Whether the records must be taken: a candidate set without {@code detect} is always shown; otherwise no record is
     * taken until one has a series of a detect metric (a page no set is shown on costs nothing more). Records left out
     * before it ({@code skipped}) make the section read the files again, as a late record does.
     */
    private boolean needed, skipped;
    private final Set<String> detectNames = new java.util.HashSet<>();
    private final java.util.Map<String, Boolean> keyDetected = new java.util.IdentityHashMap<>();
    private long firstOkMs = Long.MAX_VALUE;
    private int fullReads;
    private final FeedThread handOff = new FeedThread(this::take);
    private String failure;

    /**
     * @param settings      the page's data folder, window and most points per trace
     * @param storage       the day files as series, for the fallback ({@link PanelPages#build})
     * @param sets          built-in and the user's sets, in page order
     * @param leaveOut      names of sets the page draws by other means (not evaluated)
     * @param bufferSamples samples held whole before the window is estimated ({@link #BUFFER_SAMPLES})
     * @param fullPeriodMs  the least wall time between two fallback evaluations ({@link ThrottledPanelSection})
     * @param clockMs       the wall clock, Unix ms (the estimate's "now", and the fallback's period)
     */
    public PanelFeed(Renderer.Settings settings, SeriesSource storage, List<PanelSet> sets, List<String> leaveOut, long bufferSamples,
            long fullPeriodMs, LongSupplier clockMs) {
        this.settings = settings;
        this.sets = List.copyOf(sets);
        this.leaveOut = List.copyOf(leaveOut);
        this.bufferSamples = bufferSamples;
        this.clockMs = clockMs;
        for (PanelSet s : sets) if (!leaveOut.contains(s.name())) candidates.add(s);
        for (PanelSet s : candidates) {
            for (Panel p : s.panels()) for (Panel.Query q : p.queries()) collect(q.expr(), selectors);
            if (s.detect().isEmpty()) needed = true;
            detectNames.addAll(s.detect());
        }
        long fromMs = settings.from() == null ? Long.MIN_VALUE : settings.from().toEpochMilli();
        long toMs = settings.to() == null ? Long.MAX_VALUE : settings.to().toEpochMilli();
        this.full = new ThrottledPanelSection((first, last, names) -> PanelPages.build(storage, this.sets, names, Math.max(first, fromMs),
                Math.min(last, toMs), settings.maxPoints(), this.leaveOut), fullPeriodMs, clockMs);
        this.fed = new FedSeries(selectors, JOB);
        // The page reads only the records of its window, but a step near the window's start looks back before it (and
        // the last step, aligned up, past its end): query over the same range reads those records, so the day files
        // answer here too, as query does.
        this.fallback = settings.from() != null || settings.to() != null;
    }

    /** The records as the page reads them, in time order per target: every record of the window, then watch's new ones. */
    @Override
    public Consumer<CompactRecord> records() {
        return handOff;
    }

    /** Why the records could not be fed to the panels (shown in place of their answers), or null; known after a section. */
    public synchronized String failure() {
        return failure;
    }

    private void take(CompactRecord r) {
        if (late || fallback || failure != null) return;
        if (!needed && !(needed = detected(r))) {
            skipped = true;
            return;
        }
        if (skipped) {
            late = true; // a set's metric came after records left out: read again at the next section, if it is shown
            return;
        }
        if (r.up()) firstOkMs = Math.min(firstOkMs, r.tsMillis());
        try {
            if (!fed.take(r, steps == null ? Long.MIN_VALUE : steps.lastFinalMs())) {
                late = true; // read again with the window at the next section
                return;
            }
        } catch (IllegalArgumentException e) {
            late = true;
            return;
        }
        if (steps == null) {
            if (fed.samplesTaken() > bufferSamples && firstOkMs != Long.MAX_VALUE) begin(estimate());
        } else if (steps.chunkReady(fed.newestMs())) {
            try {
                steps.evaluateFinal(fed.newestMs());
            } catch (IllegalStateException e) {
                fallback = true; // a select reached before the samples kept: the whole range over the files instead
            }
        }
    }

    /** True when a record has a series of a candidate set's {@code detect} metric (names cached by key instance). */
    private boolean detected(CompactRecord r) {
        for (String key : r.keys()) {
            Boolean found = keyDetected.get(key);
            if (found == null) {
                found = detectNames.contains(record.SeriesKey.name(key));
                if (keyDetected.size() < 100_000) keyDetected.put(key, found);
            }
            if (found) return true;
        }
        return false;
    }

    /** The window guessed before the read ends (see the class comment). */
    private PanelEvaluator.Window estimate() {
        long from = Math.max(firstOkMs, settings.from() == null ? Long.MIN_VALUE : settings.from().toEpochMilli());
        long to = Math.min(lastDayEndMs(), settings.to() == null ? Long.MAX_VALUE : settings.to().toEpochMilli());
        to = Math.max(to, fed.newestMs());
        long interval = PanelPages.scrapeIntervalMs(fed, from, fed.newestMs(), PanelPages.DEFAULT_INTERVAL_MS);
        return PanelEvaluator.window(from, to, interval, settings.maxPoints());
    }

    /** The last millisecond of the last day file in the window, or now when that is earlier or the folder cannot be listed. */
    private long lastDayEndMs() {
        long now = clockMs.getAsLong();
        try {
            List<DayFiles.Day> days = DayFiles.days(settings.dataDir(), settings.from(), settings.to());
            if (days.isEmpty()) return now;
            long end = days.get(days.size() - 1).date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
            return Math.min(end, now);
        } catch (IOException e) {
            return now;
        }
    }

    /** Starts evaluating steps over {@code window}, from the samples held. */
    private void begin(PanelEvaluator.Window window) {
        steps = new PanelSteps(candidates, window, fed);
        if (!steps.chunkable()) {
            fallback = true;
            fed = null;
            steps = null;
            return;
        }
        try {
            steps.evaluateFinal(fed.newestMs());
        } catch (IllegalStateException e) {
            fallback = true; // a select reached before the samples kept: the whole range over the files instead
        }
    }

    @Override
    public synchronized PanelSection make(long firstMs, long lastMs, Set<String> metricNames) throws IOException {
        Throwable failed = handOff.finish();
        if (failed != null && failure == null) {
            failure = "not evaluated: the records could not be fed to the panels: " + reason(failed);
            fed = null; // what the feed held: it may have run out of memory
            steps = null;
        }
        if (fallback && failure == null) return full.make(firstMs, lastMs, metricNames);
        long from = Math.max(firstMs, settings.from() == null ? Long.MIN_VALUE : settings.from().toEpochMilli());
        long to = Math.min(lastMs, settings.to() == null ? Long.MAX_VALUE : settings.to().toEpochMilli());
        PanelSet lead = PanelPages.lead(sets, leaveOut);
        if (from > to) return PanelPages.leadOnly(lead, true);
        PanelPages.Chosen chosen = PanelPages.choose(sets, metricNames, leaveOut);
        if (chosen.others().isEmpty() && !chosen.leadShown()) return PanelPages.leadOnly(lead, false);
        if (failure != null) return failed(chosen, lead, from, to);
        if (!needed) late = true; // a shown set whose metric the records' names did not show: read the files
        PanelEvaluator.Window window = PanelEvaluator.window(from, to, scrapeIntervalMs(from, to), settings.maxPoints());
        if (steps == null && !late) {
            begin(window);
            if (fallback) return full.make(firstMs, lastMs, metricNames);
        } else if (late || !steps.sameSteps(window)) {
            readAgain(window);
            if (fallback) return full.make(firstMs, lastMs, metricNames);
        } else {
            steps.extend(window);
        }
        List<PanelPage.ShownSet> shown = new ArrayList<>();
        LeadPanels leadPanels;
        try {
            steps.evaluateFinal(fed.newestMs());
            for (ActivePanelSets.Choice c : chosen.others()) shown.add(new PanelPage.ShownSet(c, List.copyOf(steps.panels(c.set()))));
            leadPanels = lead == null ? null
                    : new LeadPanels(lead, chosen.leadShown(), chosen.leadShown() ? List.copyOf(steps.panels(lead)) : List.of());
        } catch (IllegalStateException e) {
            fallback = true; // a select reached before the samples kept (a look-back not foreseen): the files instead
            return full.make(firstMs, lastMs, metricNames);
        }
        return new PanelPage(List.copyOf(shown), leadPanels, window);
    }

    /** The shown sets' panels, each expression answered by {@link #failure}; the window at the default interval. */
    private PanelPage failed(PanelPages.Chosen chosen, PanelSet lead, long from, long to) {
        PanelEvaluator.Window window = PanelEvaluator.window(from, to, PanelPages.DEFAULT_INTERVAL_MS, settings.maxPoints());
        List<PanelPage.ShownSet> shown = new ArrayList<>();
        for (ActivePanelSets.Choice c : chosen.others()) shown.add(new PanelPage.ShownSet(c, failedPanels(c.set(), window)));
        LeadPanels leadPanels = lead == null ? null
                : new LeadPanels(lead, chosen.leadShown(), chosen.leadShown() ? failedPanels(lead, window) : List.of());
        return new PanelPage(List.copyOf(shown), leadPanels, window);
    }

    private List<PanelEvaluator.EvaluatedPanel> failedPanels(PanelSet set, PanelEvaluator.Window window) {
        List<PanelEvaluator.EvaluatedPanel> out = new ArrayList<>();
        for (Panel p : set.panels()) {
            List<PanelEvaluator.EvaluatedQuery> queries = new ArrayList<>();
            for (Panel.Query q : p.queries()) {
                String expr = PanelQueries.expand(q.expr(), window.stepMs(), window.scrapeIntervalMs());
                queries.add(new PanelEvaluator.EvaluatedQuery(expr, window.stepSeconds(), failure));
            }
            out.add(new PanelEvaluator.EvaluatedPanel(p, List.copyOf(queries), List.of()));
        }
        return out;
    }

    /** A failure in words for the page: what it was, never a stack trace. */
    private static String reason(Throwable e) {
        if (e instanceof OutOfMemoryError) return "out of memory (" + e.getMessage() + ")";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The scrape interval's gaps counted so far, over {@code up} from {@link #intervalFromMs} to {@link #intervalToMs}. */
    private ScrapeInterval interval;
    private long intervalFromMs, intervalToMs;

    /**
     * The targets' scrape interval over {@code [from, to]} ({@link PanelPages#scrapeIntervalMs}), counting only the
     * scrapes after the last section's (a live page's window only grows at its end).
     */
    private long scrapeIntervalMs(long from, long to) {
        if (interval == null || from != intervalFromMs || to < intervalToMs) {
            interval = new ScrapeInterval();
            intervalFromMs = from;
            intervalToMs = from - 1;
        }
        for (query.StoredSeries up : fed.select(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, "up")), intervalToMs + 1, to)) {
            interval.add(up);
        }
        intervalToMs = to;
        return interval.medianMs(PanelPages.DEFAULT_INTERVAL_MS);
    }

    /** Reads the window's day files again into a fresh evaluation over {@code window} (its step is known now). */
    private void readAgain(PanelEvaluator.Window window) throws IOException {
        fullReads++;
        fed = new FedSeries(selectors, JOB);
        late = false;
        needed = true;
        skipped = false;
        firstOkMs = Long.MAX_VALUE;
        steps = new PanelSteps(candidates, window, fed);
        if (!steps.chunkable()) {
            fallback = true;
            return;
        }
        DayFileReader reader = new DayFileReader(settings.from(), settings.to(), null);
        PanelSteps evaluating = steps;
        reader.read(settings.dataDir(), r -> {
            if (late) return;
            if (!fed.take(r, evaluating.lastFinalMs())) late = true;
            else if (evaluating.chunkReady(fed.newestMs())) {
                try {
                    evaluating.evaluateFinal(fed.newestMs());
                } catch (IllegalStateException e) {
                    late = true;
                }
            }
        });
        if (late) fallback = true; // records out of order again, or a look-back not foreseen: the whole range over the files
    }

    /** How often the day files were read again (a step change, a late record, or a wrong estimate); for tests and benchmarks. */
    public int fullReads() {
        return fullReads;
    }

    /** Steps evaluated by the current evaluation, summed over the expressions (0 before it starts); for tests. */
    long stepsEvaluated() {
        return steps == null ? 0 : steps.stepsEvaluated();
    }

    private static void collect(String expr, List<List<LabelMatcher>> out) {
        try {
            PrefetchedSource.collect(PromQL.parse(PanelQueries.expand(expr, 60_000, 15_000)), out);
        } catch (QueryException e) {
            // answered with the engine's own error when evaluated
        }
    }
}
