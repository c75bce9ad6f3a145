package page;

import java.util.Arrays;

/**
 * The points of one trace, kept to a bounded number while they stream in: once the buffer holds more than twice
 * {@code maxPoints}, the points are grouped into time buckets (a power-of-two number of milliseconds wide, aligned to
 * the epoch) and each bucket keeps only its lowest and highest point, so peaks and dips survive. Breaks (a null in the
 * trace: the line must not be drawn across) are points with value NaN and split the trace into segments; buckets never
 * span a break, and the first and the last point of every segment are kept too, so every break, every isolated point
 * and the newest point survive (a line ends at the last scrape, even when its last bucket is flat). Only when there
 * are so many breaks that the limit cannot be met otherwise are breaks closer together than a bucket merged
 * ({@link #mergedBreaks()}); the trace's own first and last point still survive.
 *
 * <p>Bounds: {@link #finish()} leaves at most {@code maxPoints} entries (points and breaks), so {@code --max-points}
 * is the most a trace can hold on the page; a bucket keeps up to four points (first of its segment, lowest, highest,
 * last of its segment), which the bucket width absorbs. While points stream in the buffer holds at most
 * {@code 2 * maxPoints + 1} entries.
 *
 * <p>Points may arrive out of time order; they are sorted before each grouping and at {@link #finish()}.
 */
public final class Downsampler {
    private final int maxPoints;
    private long[] t = new long[16];
    private double[] v = new double[16];
    private int n;
    private boolean sorted = true;
    private long rawPoints;
    private long bucketMillis;
    private boolean mergedBreaks;
    /** Running figures over every finite value added, before any reduction (Grafana's legend values). */
    private double min = Double.NaN, max = Double.NaN, sum, latest = Double.NaN;
    /** The sum scaled by 2^-64 (exact but for the tiniest values): the mean when the plain sum overflows. */
    private double scaledSum;
    private long latestTs = Long.MIN_VALUE;

    /** @param maxPoints the most points (breaks included) {@link #finish()} leaves; at least 8 */
    public Downsampler(int maxPoints) {
        if (maxPoints < 8) throw new IllegalArgumentException("maxPoints must be at least 8, got " + maxPoints);
        this.maxPoints = maxPoints;
    }

    /** Adds a point at {@code tsMillis} (epoch ms); a non-finite value is a break. */
    public void add(long tsMillis, double value) {
        if (!Double.isFinite(value)) {
            addBreak(tsMillis);
            return;
        }
        rawPoints++;
        sum += value;
        scaledSum += value * 0x1p-64;
        if (!(value >= min)) min = value;
        if (!(value <= max)) max = value;
        if (tsMillis >= latestTs) {
            latestTs = tsMillis;
            latest = value;
        }
        append(tsMillis, value);
    }

    /** Adds a break at {@code tsMillis} unless the trace is empty or already ends in a break. */
    public void addBreak(long tsMillis) {
        if (n == 0 || Double.isNaN(v[n - 1])) return;
        append(tsMillis, Double.NaN);
    }

    private void append(long ts, double value) {
        if (n == t.length) {
            t = Arrays.copyOf(t, Math.max(16, n * 2));
            v = Arrays.copyOf(v, Math.max(16, n * 2));
        }
        if (n > 0 && ts < t[n - 1]) sorted = false;
        t[n] = ts;
        v[n++] = value;
        if (n > 2 * maxPoints) reduceTo(maxPoints);
    }

    /**
     * An independent copy with the same points and figures, for a page written while points still stream in
     * ({@code watch --render}): {@link #finish()} and {@link #limit} on the copy leave this one as it was.
     */
    public Downsampler copy() {
        Downsampler c = new Downsampler(maxPoints);
        c.t = Arrays.copyOf(t, Math.max(n, 1));
        c.v = Arrays.copyOf(v, Math.max(n, 1));
        c.n = n;
        c.sorted = sorted;
        c.rawPoints = rawPoints;
        c.bucketMillis = bucketMillis;
        c.mergedBreaks = mergedBreaks;
        c.min = min;
        c.max = max;
        c.sum = sum;
        c.scaledSum = scaledSum;
        c.latest = latest;
        c.latestTs = latestTs;
        return c;
    }

    /** Sorts, trims breaks at the ends, and reduces to at most {@code maxPoints} entries. Returns this. */
    public Downsampler finish() {
        sort();
        dropRedundantBreaks(true);
        if (n > maxPoints) reduceTo(maxPoints);
        dropRedundantBreaks(true);
        return this;
    }

    /**
     * Reduces a finished trace further, to at most {@code limit} entries, by the same rule (for a page of many traces:
     * {@link Chart#fitPage}).
     */
    void limit(int limit) {
        if (n <= limit) return;
        reduceTo(Math.max(8, limit));
        dropRedundantBreaks(true);
    }

    private void reduceTo(int limit) {
        sort();
        dropRedundantBreaks(false);
        if (n <= limit) return;
        long span = Math.max(1, t[n - 1] - t[0]);
        long width = Math.max(bucketMillis, 1);
        while (width < span / Math.max(1, limit / 2)) width <<= 1;
        boolean respectBreaks = !mergedBreaks;
        while (true) {
            int kept = countAfter(width, respectBreaks);
            if (kept <= limit) break;
            if (width > span) {
                if (!respectBreaks) break;
                respectBreaks = false;
                width = Math.max(bucketMillis, 1);
                continue;
            }
            width <<= 1;
        }
        bucketMillis = width;
        if (!respectBreaks) mergedBreaks = true;
        n = group(width, respectBreaks, true);
    }

    private int countAfter(long width, boolean respectBreaks) {
        return group(width, respectBreaks, false);
    }

    /**
     * One pass over the sorted points: each bucket (same {@code floor(t / width)}, and with {@code respectBreaks} no
     * break in between) keeps its lowest and highest point and, when it starts or ends a segment, that segment's first
     * or last point, all in time order (at most four); without {@code respectBreaks} a bucket also keeps one break and
     * the only segment is the whole trace. Writes in place when {@code write}; returns the number of entries kept.
     */
    private int group(long width, boolean respectBreaks, boolean write) {
        int out = 0;
        int i = 0;
        boolean segmentStarts = true;
        int[] keep = new int[4];
        long[] keptT = new long[4];
        double[] keptV = new double[4];
        while (i < n) {
            if (Double.isNaN(v[i]) && respectBreaks) {
                if (write) put(out, t[i], v[i]);
                out++;
                i++;
                segmentStarts = true;
                continue;
            }
            long bucket = Math.floorDiv(t[i], width);
            int firstI = -1, lastI = -1, minI = -1, maxI = -1;
            long breakT = 0;
            boolean sawBreak = false;
            while (i < n && Math.floorDiv(t[i], width) == bucket) {
                if (Double.isNaN(v[i])) {
                    if (respectBreaks) break;
                    if (!sawBreak) breakT = t[i];
                    sawBreak = true;
                } else {
                    if (firstI < 0) firstI = i;
                    lastI = i;
                    if (minI < 0 || v[i] < v[minI]) minI = i;
                    if (maxI < 0 || v[i] > v[maxI]) maxI = i;
                }
                i++;
            }
            boolean segmentEnds = i == n || (respectBreaks && Double.isNaN(v[i]));
            int first = out;
            if (firstI >= 0) {
                // Indices ascend with time; a point that is also the bucket's min or max is kept once.
                int k = 0;
                if (segmentStarts) keep[k++] = firstI;
                int low = Math.min(minI, maxI), high = Math.max(minI, maxI);
                if (k == 0 || keep[k - 1] != low) keep[k++] = low;
                if (keep[k - 1] != high) keep[k++] = high;
                if (segmentEnds && keep[k - 1] != lastI) keep[k++] = lastI;
                if (write) {
                    // Read all before writing: the writes may land on the indices being read.
                    for (int j = 0; j < k; j++) {
                        keptT[j] = t[keep[j]];
                        keptV[j] = v[keep[j]];
                    }
                    for (int j = 0; j < k; j++) put(out + j, keptT[j], keptV[j]);
                }
                out += k;
                segmentStarts = false;
            }
            if (sawBreak) {
                if (write) {
                    // The break goes where it happened relative to the kept points.
                    int at = out;
                    while (at > first && t[at - 1] > breakT) at--;
                    for (int j = out; j > at; j--) put(j, t[j - 1], v[j - 1]);
                    put(at, breakT, Double.NaN);
                }
                out++;
            }
        }
        return out;
    }

    private void put(int index, long ts, double value) {
        t[index] = ts;
        v[index] = value;
    }

    private void sort() {
        if (sorted) return;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        long[] ts = t;
        Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
        long[] nt = new long[t.length];
        double[] nv = new double[v.length];
        for (int i = 0; i < n; i++) {
            nt[i] = t[order[i]];
            nv[i] = v[order[i]];
        }
        t = nt;
        v = nv;
        sorted = true;
    }

    private void dropRedundantBreaks(boolean trailingToo) {
        int out = 0;
        for (int i = 0; i < n; i++) {
            boolean isBreak = Double.isNaN(v[i]);
            if (isBreak && (out == 0 || Double.isNaN(v[out - 1]))) continue;
            put(out++, t[i], v[i]);
        }
        if (trailingToo && out > 0 && Double.isNaN(v[out - 1])) out--;
        n = out;
    }

    /** Lets go of every point (for a trace that will not be shown); the counters stay. */
    public void release() {
        t = new long[0];
        v = new double[0];
        n = 0;
    }

    /** Number of entries (points and breaks) held. */
    public int size() {
        return n;
    }

    /** Timestamp of entry {@code i}, epoch ms. */
    public long time(int i) {
        return t[i];
    }

    /** Value of entry {@code i}; NaN for a break. */
    public double value(int i) {
        return v[i];
    }

    /** Timestamp of the last entry added or kept, or Long.MIN_VALUE when empty. */
    public long lastTime() {
        return n == 0 ? Long.MIN_VALUE : t[n - 1];
    }

    /** Points (not breaks) added in total, before any reduction. */
    public long rawPoints() {
        return rawPoints;
    }

    /** Whether points were merged into buckets; {@link #bucketMillis()} then says how wide. */
    public boolean downsampled() {
        return bucketMillis > 0;
    }

    /** Width of the buckets in ms after downsampling, 0 when not downsampled. */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** Whether breaks closer together than a bucket had to be merged to meet the limit. */
    public boolean mergedBreaks() {
        return mergedBreaks;
    }

    /** Number of points (not breaks) held. */
    public int points() {
        int c = 0;
        for (int i = 0; i < n; i++) if (!Double.isNaN(v[i])) c++;
        return c;
    }

    /** Lowest value added (before any reduction), NaN when none. */
    public double min() {
        return min;
    }

    /** Highest value added (before any reduction), NaN when none. */
    public double max() {
        return max;
    }

    /** Mean of every value added (before any reduction), NaN when none; finite when it is (no overflow of the sum). */
    public double mean() {
        if (rawPoints == 0) return Double.NaN;
        return Double.isFinite(sum) ? sum / rawPoints : scaledSum / rawPoints * 0x1p64;
    }

    /** The value added with the latest timestamp, NaN when none. */
    public double latest() {
        return latest;
    }
}
