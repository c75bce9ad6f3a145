package page;

/** One line of a chart: its legend name and its points (epoch ms, value; NaN is a break in the line). */
public final class Trace {
    /** The legend name. */
    public final String name;
    /** The points, epoch ms and value, kept to the page's --max-points by downsampling. */
    public final Downsampler points;
    /** The target whose series it draws, on a page of several targets ({@code watch --target}); null on a page of one. */
    String target;
    /** Let go by its chart to stay within the trace limit; a series that comes back starts a new trace. */
    boolean evicted;
    /** Drawn against the right-hand axis (a histogram's rate of {@code _count} beside its quantiles). */
    boolean right;
    /**
     * The one series this trace draws as recorded or as a rate (a gauge's or counter's line on a family chart), or
     * null for derived lines (quantiles, means) and coppice panels; such a trace whose series never changed over the
     * window is shown in the unchanged-series table instead of being drawn ({@link #unchanged()}).
     */
    SeriesState source;

    Trace(String name, Downsampler points) {
        this.name = name;
        this.points = points;
    }

    /** Whether this trace draws one series whose recorded value never changed (see {@link #source}). */
    boolean unchanged() {
        return source != null && !source.changed;
    }
}
