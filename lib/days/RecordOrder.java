package days;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import record.CompactRecord;

/**
 * The one rule for a target's records that are out of time order, used by every reader of records (the page, the
 * live page, the export, remote write, {@code query}): call {@link #add} with each record in the order it was written
 * and {@link #drain} at the end; the sink gets every kept record, in timestamp order within the window, each
 * target's strictly later than its previous one.
 *
 * <p>Per target, a record not later than the target's latest:
 * <ul>
 *   <li><b>written late</b>: its scrape was still running when the later record's scrape started
 *       ({@code ts + scrapeMs >= latest}; two scrapes of one target, say watch and a cron job): it is put in its
 *       place, as any record written slightly out of order;</li>
 *   <li>otherwise <b>the target's clock stepped back</b> (an NTP correction; the return from a forward glitch). The
 *       records written before it and dated at or after it came from the clock that ran ahead: those still held are
 *       dropped ({@link #ahead()}), so a glitch of one record costs that record and not the hours of real records
 *       written after it. The record itself starts a new stretch: the sink's {@link Sink#clockStepped} comes first,
 *       and nothing (no rate, no line) joins the records on either side of a step.</li>
 * </ul>
 * A record not later than one of its target already handed on cannot be put in order any more (the step reached past
 * the window, or a live reader, which holds nothing back): it is dropped ({@link #behind()}) until the target's
 * clock passes the last record handed on, and the next kept record starts a new stretch. A record of the same
 * millisecond as its target's latest is a step back of zero. {@link #warning} names the counts.
 */
public final class RecordOrder {
    /** Records held back by a reader of day files: a step back reaching across fewer records is put right. */
    public static final int WINDOW = 4096;

    /** Where kept records go, oldest first. */
    public interface Sink extends Consumer<CompactRecord> {
        /** The target's clock stepped back before {@code next}, which comes next: nothing joins across. */
        default void clockStepped(CompactRecord next) {}
    }

    /** One target's times: its latest record added, its latest handed on, a step waiting for its next kept record. */
    private static final class TargetTimes {
        long latest = Long.MIN_VALUE;
        long handedOn = Long.MIN_VALUE;
        boolean stepPending;
    }

    private final Sink sink;
    private final CompactRecord[] held;
    private final boolean[] stepBefore;
    private int capacity;
    private int head, size;
    private final Map<String, TargetTimes> targets = new HashMap<>();
    private long steps, ahead, behind, late;
    private String example;

    /**
     * @param capacity records held back at most ({@link #WINDOW} for day files, 0 for a live stream)
     * @param sink     where kept records go
     */
    public RecordOrder(int capacity, Sink sink) {
        this.capacity = capacity;
        this.sink = sink;
        this.held = new CompactRecord[capacity + 1];
        this.stepBefore = new boolean[capacity + 1];
    }

    /** A rule for records as they are scraped: nothing held back, each record handed on at once or dropped. */
    public static RecordOrder live(Sink sink) {
        return new RecordOrder(0, sink);
    }

    /** Takes the next record in the order it was written. */
    public void add(CompactRecord r) {
        TargetTimes t = targets.computeIfAbsent(r.targetName(), k -> new TargetTimes());
        long ts = r.tsMillis();
        boolean step = false;
        if (t.stepPending && ts <= t.handedOn) { // still behind after a step back already counted
            behind++;
            return;
        }
        if (ts <= t.latest) {
            boolean writtenLate = ts < t.latest && ts + Math.max(0, r.scrapeMs()) >= t.latest;
            if (writtenLate) {
                late++;
            } else {
                steps++;
                if (example == null) example = r.targetName();
                ahead += dropHeldFrom(r.targetName(), ts);
                step = true;
            }
            if (ts <= t.handedOn) {
                behind++;
                if (step) {
                    t.stepPending = true;
                    t.latest = t.handedOn; // every held record of the target was dated ahead, and is gone
                }
                return;
            }
        }
        t.latest = step ? ts : Math.max(ts, t.latest);
        insert(r, step || t.stepPending);
        t.stepPending = false;
        if (size > capacity) handOnOldest();
    }

    /** Hands on every record held, oldest first. */
    public void drain() {
        while (size > 0) handOnOldest();
    }

    /**
     * Hands on every record held and from now on holds none back, as {@link #live} does: for a reader of the day
     * files whose records are then followed by records as they are scraped ({@code watch --render}).
     */
    public void goLive() {
        drain();
        capacity = 0;
    }

    /** Steps back of a target's clock seen. */
    public long steps() {
        return steps;
    }

    /** Records dropped as dated ahead of a later step back of their target's clock. */
    public long ahead() {
        return ahead;
    }

    /** Records dropped as not later than a record of their target already handed on. */
    public long behind() {
        return behind;
    }

    /** Records written after a later one of their target whose scrape started while theirs ran, put in their place. */
    public long late() {
        return late;
    }

    /**
     * The warning for stderr and the page, e.g. {@code a target's clock stepped back 1 time (first: gw): left out 4
     * records dated ahead of a step back and 0 not later than records of their target already read; lines and rates
     * break at each step}; null when no clock stepped back and nothing was dropped. The target's name is as recorded:
     * print it through the escaping of untrusted text.
     */
    public String warning() {
        if (steps == 0 && behind == 0) return null;
        return "a target's clock stepped back " + steps + (steps == 1 ? " time" : " times")
                + (example == null ? "" : " (first: " + example + ")") + ": left out " + ahead
                + (ahead == 1 ? " record" : " records") + " dated ahead of a step back and " + behind
                + " not later than records of their target already read; lines and rates break at each step";
    }

    /** Drops the held records of {@code target} dated {@code ts} or later; returns how many. */
    private int dropHeldFrom(String target, long ts) {
        int first = size;
        while (first > 0 && at(first - 1).tsMillis() >= ts) first--;
        int kept = first, dropped = 0;
        for (int i = first; i < size; i++) {
            CompactRecord r = at(i);
            if (r.targetName().equals(target)) {
                dropped++;
                continue;
            }
            boolean step = stepBefore[slot(i)];
            held[slot(kept)] = r;
            stepBefore[slot(kept++)] = step;
        }
        for (int i = kept; i < size; i++) held[slot(i)] = null;
        size = kept;
        return dropped;
    }

    private int slot(int i) {
        return (head + i) % held.length;
    }

    private CompactRecord at(int i) {
        return held[slot(i)];
    }

    /** Insertion from the back, stable for equal times: in-order input (the usual case) costs one comparison. */
    private void insert(CompactRecord r, boolean step) {
        int i = size;
        while (i > 0 && at(i - 1).tsMillis() > r.tsMillis()) {
            held[slot(i)] = at(i - 1);
            stepBefore[slot(i)] = stepBefore[slot(i - 1)];
            i--;
        }
        held[slot(i)] = r;
        stepBefore[slot(i)] = step;
        size++;
    }

    private void handOnOldest() {
        CompactRecord r = held[head];
        boolean step = stepBefore[head];
        held[head] = null;
        head = (head + 1) % held.length;
        size--;
        targets.get(r.targetName()).handedOn = r.tsMillis();
        if (step) sink.clockStepped(r);
        sink.accept(r);
    }
}
