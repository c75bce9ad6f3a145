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

    Trace(String name, Downsampler points) {
        this.name = name;
        this.points = points;
    }
}
