package page;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one target was not scraped, from its records as the page reads them: the stretches where its scrapes failed
 * ({@code up} 0), each with its first failed scrape's error, and the stretches without any record, found by the page's
 * one gap rule ({@link ChartBuilder#GAP_FACTOR} times the median interval, the rule that breaks the target's lines and
 * that the header counts as gaps). Every chart of the page shades them (page.js), the PromQL panels' included.
 * Fed by {@link ChartBuilder} in the target's time order; at most {@link #MAX_OUTAGES} are kept.
 */
public final class Outages {
    /** Most stretches kept per target, so a flapping target cannot fill the memory. */
    static final int MAX_OUTAGES = 10_000;
    private static final long NONE = Long.MIN_VALUE;

    /**
     * One stretch without successful scrapes of one target.
     *
     * @param target  the target's name on the page ({@link MultiTargetCharts#displayName}), the {@code instance} of its series
     * @param fromMs  the first failed scrape, or the last record before a stretch without records, Unix ms
     * @param toMs    the next successful scrape; for scrapes still failing at the last record, when the next was due
     *                (the last failed scrape plus the median interval), Unix ms
     * @param failed  true when scrapes failed, false when no record exists
     * @param error   the first failed scrape's error as its record has it (redacted when it was written), or null
     * @param ongoing true when the target's scrapes were still failing at its last record
     */
    public record Outage(String target, long fromMs, long toMs, boolean failed, String error, boolean ongoing) {
        /** A stretch that has ended. */
        public Outage(String target, long fromMs, long toMs, boolean failed, String error) {
            this(target, fromMs, toMs, failed, error, false);
        }

        /** The reason a person reads on the page. */
        public String why() {
            return failed ? "scrapes failed" : "no records";
        }
    }

    Outages() {}

    private final List<Outage> closed = new ArrayList<>();
    private long failedSince = NONE, lastFailed = NONE;
    private String firstError;

    /** A failed scrape at {@code ts} (Unix ms) with its record's error (null when it has none). */
    void failed(long ts, String error) {
        if (failedSince == NONE) {
            failedSince = ts;
            firstError = error;
        }
        lastFailed = ts;
    }

    /** No record between {@code fromMs} and {@code toMs} (a gap by the page's rule); inside a failed stretch it adds nothing. */
    void gap(long fromMs, long toMs) {
        if (failedSince == NONE) add(new Outage(null, fromMs, toMs, false, null));
    }

    /** A successful scrape at {@code ts}: a failed stretch ends here. */
    void up(long ts) {
        if (failedSince == NONE) return;
        add(new Outage(null, failedSince, ts, true, firstError));
        failedSince = NONE;
        firstError = null;
    }

    private void add(Outage o) {
        if (closed.size() < MAX_OUTAGES) closed.add(o);
    }

    /**
     * The stretches so far under the target's name, in time order, with those still open: a failed stretch at the
     * target's last record (up to when the next scrape was due, {@code intervalMs} after the last failed one; 0 when
     * not known), or else a stretch without records from its last record ({@code lastRecordMs}) to the page's last
     * record of any target ({@code pageEndMs}) when it is longer than {@code gapMs} (a target that stopped while others
     * went on).
     */
    List<Outage> of(String target, long intervalMs, long lastRecordMs, long pageEndMs, long gapMs) {
        List<Outage> out = new ArrayList<>(closed.size() + 1);
        for (Outage o : closed) out.add(new Outage(target, o.fromMs(), o.toMs(), o.failed(), o.error()));
        if (failedSince != NONE) {
            out.add(new Outage(target, failedSince, lastFailed + Math.max(0, intervalMs), true, firstError, true));
        } else if (lastRecordMs != NONE && pageEndMs - lastRecordMs > gapMs) {
            out.add(new Outage(target, lastRecordMs, pageEndMs, false, null, true));
        }
        return out;
    }
}
