//DEPS info.picocli:picocli:4.7.7
package cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The page's PromQL panels ({@code --panels FILE}, repeatable; a picocli mixin of {@code render} and {@code watch}). The files are read by {@code panels.PanelFiles}, with the {@code panels/} folder
 * beside the data folder.
 */
public final class PanelOptions {
    @Option(names = "--panels", paramLabel = "FILE",
            description = "A panel file (YAML, see docs/panels.md) shown above \"Other metrics\"; repeatable. "
                    + "Every *.yaml in the panels/ folder beside the data folder is read too.")
    List<Path> files = new ArrayList<>();

    /** The panel files given, in order. */
    public List<Path> files() {
        return List.copyOf(files);
    }
}
