//DEPS info.picocli:picocli:4.7.7
package cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The data folder (a picocli mixin of every script that reads or writes day files): {@code --data-dir}. The one place
 * that decides the default data folder and the default page path.
 */
public final class DataOptions {
    /** The data folder when {@code --data-dir} is not given, relative to the working directory. */
    public static final String DEFAULT_DATA_DIR = "data/metrics";
    /** The page when none is named, relative to the working directory ({@code data/*.html} is git-ignored). */
    public static final String DEFAULT_PAGE = "data/metrics.html";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the day files, YYYY-MM-DD.jsonl (gzipped to .jsonl.gz once closed). Default: " + DEFAULT_DATA_DIR)
    Path dataDir;

    /** The data folder: {@code --data-dir}, else the default. */
    public Path dataDir() {
        return dataDir != null ? dataDir : Path.of(DEFAULT_DATA_DIR);
    }

    /**
     * The page to write: the one named, else the default page.
     *
     * @param named the page an option named; null or empty for the default
     */
    public Path page(Path named) {
        return named != null && !named.toString().isEmpty() ? named : Path.of(DEFAULT_PAGE);
    }
}
