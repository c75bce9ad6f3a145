package panels;

import java.util.List;

/**
 * A panel set: panels read from one file (a user's, or one built into the project).
 *
 * @param name        the set's name (e.g. {@code node_exporter})
 * @param description one line saying what it shows
 * @param detect      metric names; the set is shown when any of them has a series in the page's window. Empty: always
 *                    shown (a user's file without {@code detect})
 * @param panels      the panels in page order
 * @param tracked     the metrics the set's target exposes, for the page's "What's tracked" table (may be empty)
 * @param source      where the set was read from: a file's path, or {@code built-in <name>.yaml}
 */
public record PanelSet(String name, String description, List<String> detect, List<Panel> panels, List<Tracked> tracked,
        String source) {

    /**
     * One row of the "What's tracked" table.
     *
     * @param metric the metric name as the target exposes it
     * @param type   its TYPE ({@code gauge}, {@code counter}, ...)
     * @param source what it counts or measures
     */
    public record Tracked(String metric, String type, String source) {}
}
