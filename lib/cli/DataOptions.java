//DEPS info.picocli:picocli:4.7.7
package cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The data folder (a picocli mixin of every script that reads or writes day files): {@code --data-dir}. The one place
 * that decides the default data folder and the default page path: {@code --data-dir}, else {@code $COPPICE_DATA_DIR},
 * else {@code data/metrics} (the demo: {@code data/demo}, apart from real scrapes); the page, when none is named,
 * beside its data folder ({@code data/metrics} gives {@code data/metrics.html}). Relative paths are relative to the
 * working directory.
 */
public final class DataOptions {
    /** The data folder when neither {@code --data-dir} nor {@link #DATA_DIR_VARIABLE} is given. */
    public static final String DEFAULT_DATA_DIR = "data/metrics";
    /** The variable that sets the default data folder of every script (mise.toml sets it). */
    public static final String DATA_DIR_VARIABLE = "COPPICE_DATA_DIR";
    /** The demo's data folder when {@code --data-dir} is not given: its simulated records never mix with real ones. */
    public static final String DEMO_DATA_DIR = "data/demo";
    /** The default page, as help texts say it: beside the data folder. */
    public static final String DEFAULT_PAGE = "DIR.html beside the data folder DIR";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the day files, YYYY-MM-DD.jsonl (gzipped once closed). Default: $" + DATA_DIR_VARIABLE
                    + " when set, else " + DEFAULT_DATA_DIR + " (demo: " + DEMO_DATA_DIR + ").")
    Path dataDir;

    private final boolean demo;

    /** The options of a script of real data. */
    public DataOptions() {
        this(false);
    }

    private DataOptions(boolean demo) {
        this.demo = demo;
    }

    /** The options of the demo, whose default folder is {@link #DEMO_DATA_DIR} whatever {@link #DATA_DIR_VARIABLE} says. */
    public static DataOptions demo() {
        return new DataOptions(true);
    }

    /** The data folder: {@code --data-dir}, else {@code $COPPICE_DATA_DIR} (when not empty), else the default. */
    public Path dataDir() {
        return dataDir(System.getenv(DATA_DIR_VARIABLE));
    }

    /** {@link #dataDir()} with {@code variable} as the value of {@link #DATA_DIR_VARIABLE} (null when unset). */
    Path dataDir(String variable) {
        if (dataDir != null) return dataDir;
        if (demo) return Path.of(DEMO_DATA_DIR);
        return Path.of(variable != null && !variable.isEmpty() ? variable : DEFAULT_DATA_DIR);
    }

    /**
     * The page to write: the one named, else {@code NAME.html} beside the data folder {@code NAME}.
     *
     * @param named the page an option named; null or empty for the default
     */
    public Path page(Path named) {
        if (named != null && !named.toString().isEmpty()) return named;
        Path dir = dataDir();
        Path name = dir.getFileName();
        if (name == null || name.toString().equals(".") || name.toString().equals("..")) {
            dir = dir.toAbsolutePath().normalize();
            name = dir.getFileName();
            if (name == null) return dir.resolve("metrics.html");
        }
        return dir.resolveSibling(name + ".html");
    }

    /**
     * The data folder, created when it does not exist yet, and then said on {@code err} once, with its absolute path,
     * so that records never land in an unexpected folder unseen. A folder that cannot be created is left to the
     * writer's own error.
     *
     * @param command the script's name, to start the message (e.g. {@code "scrape"})
     */
    public Path dataDirToWrite(String command, PrintStream err) {
        Path dir = dataDir();
        if (Files.isDirectory(dir)) return dir;
        try {
            Files.createDirectories(dir);
            err.println(command + ": created the data folder " + dir.toAbsolutePath().normalize());
        } catch (IOException | RuntimeException e) {
            // The first append reports it, naming the folder.
        }
        return dir;
    }
}
