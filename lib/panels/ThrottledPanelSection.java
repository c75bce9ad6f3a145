package panels;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import page.PanelSection;
import page.Renderer;

/**
 * The live page's panels: evaluated at most once per period of wall time, the last section reused by the writes in
 * between, so that a write every interval over a long history does not evaluate every panel each time. The first
 * write always evaluates, and so does every write until the records hold a successful scrape (so that the coppice
 * section's panels replace their empty states with the first sample, not a period later); a reused section keeps the
 * window it was evaluated over.
 */
public final class ThrottledPanelSection implements Renderer.PanelSectionMaker {
    /** The shortest period between two evaluations, ms (watch's default interval). */
    public static final long MIN_PERIOD_MS = 30_000;

    private final Renderer.PanelSectionMaker maker;
    private final long periodMs;
    private final LongSupplier clockMs;
    private boolean made, madeWithScrapes;
    private long madeAtMs;
    private PanelSection last;

    /**
     * @param maker    what evaluates the panels in full
     * @param periodMs the least wall time between two evaluations, ms
     * @param clockMs  the wall clock, Unix ms (injected so that tests need not sleep)
     */
    public ThrottledPanelSection(Renderer.PanelSectionMaker maker, long periodMs, LongSupplier clockMs) {
        this.maker = maker;
        this.periodMs = periodMs;
        this.clockMs = clockMs;
    }

    /** The period for a scrape interval: the interval, and at least {@link #MIN_PERIOD_MS}, in ms. */
    public static long periodFor(Duration interval) {
        return Math.max(interval.toMillis(), MIN_PERIOD_MS);
    }

    /** The last section when it was made less than the period ago (by this clock), else a new one. */
    @Override
    public synchronized PanelSection make(long firstMs, long lastMs, Set<String> metricNames) throws IOException {
        long now = clockMs.getAsLong();
        if (made && madeWithScrapes && now >= madeAtMs && now - madeAtMs < periodMs) return last;
        last = maker.make(firstMs, lastMs, metricNames);
        made = true;
        madeWithScrapes = firstMs <= lastMs;
        madeAtMs = now;
        return last;
    }
}
