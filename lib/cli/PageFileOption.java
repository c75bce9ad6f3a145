//DEPS info.picocli:picocli:4.7.7
package cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The page a script writes, {@code --out} (a picocli mixin of {@code render} and {@code demo}). */
public final class PageFileOption {
    @Option(names = "--out", paramLabel = "FILE",
            description = "The page to write. Default: " + DataOptions.DEFAULT_PAGE + " (data/metrics.html; data/*.html is git-ignored).")
    Path out;

    /** The page to write: {@code --out}, else the data options' default page. */
    public Path page(DataOptions data) {
        return data.page(out);
    }
}
