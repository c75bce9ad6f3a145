package panels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The panel sets that come with the project, files under {@code lib/panels/sets/} read from the classpath as
 * {@code panels/sets/<name>.yaml} (a script brings them in with {@code //FILES panels/sets/<name>.yaml=...}): the
 * coppice gateway's panels, then node_exporter, Prometheus's self-metrics, the Go runtime and the JVM. Each is shown
 * when one of its {@code detect} metrics has a series.
 */
public final class BuiltInPanelSets {
    private BuiltInPanelSets() {}

    /** The built-in sets' file names, in page order. */
    public static final List<String> NAMES = List.of("coppice", "node_exporter", "prometheus", "go", "jvm");

    /**
     * The set the page leads with ({@link LeadPanels}): the coppice gateway's, drawn first, in the place of the panels
     * of the gateway's own "Live metrics" page. The first set of this name in a page's list is the lead.
     */
    public static final String LEAD = "coppice";

    /**
     * Every built-in set, in page order.
     *
     * @throws IllegalStateException when a set's file is missing from the classpath or invalid (a packaging error,
     *     which the tests rule out)
     */
    public static List<PanelSet> all() {
        List<PanelSet> sets = new ArrayList<>();
        for (String name : NAMES) sets.add(load(name));
        return List.copyOf(sets);
    }

    /** One built-in set by its file name (without {@code .yaml}). */
    public static PanelSet load(String name) {
        String resource = "/panels/sets/" + name + ".yaml";
        try (InputStream in = BuiltInPanelSets.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the built-in panel set " + name + ".yaml is not on the classpath");
            return PanelSetReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + name + ".yaml");
        } catch (IOException | PanelSetException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }
}
