package page;

import files.FileErrors;
import files.SmallFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the page gets Plotly: the project's one owner of "where is the local Plotly". By default the pinned copy
 * that {@code launcher/install-plotly.sh} installs under the project ({@link #LOCAL_COPY}) is inlined, so the page
 * draws with no network; without it the page loads {@link Page#PLOTLY_CDN}.
 *
 * @param url     the URL the page loads Plotly from, or null when {@code inline} is given
 * @param inline  Plotly's source to inline into the page, or null
 * @param from    where it came from, for messages: the URL, or the local file
 */
public record PlotlySource(String url, String inline, String from) {
    /** The pinned local copy of Plotly's basic bundle, relative to the project's root (installed by {@code launcher/install-plotly.sh}). */
    public static final String LOCAL_COPY = "build/plotly/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js";
    /** The script that installs {@link #LOCAL_COPY}. */
    public static final String INSTALL_SCRIPT = "launcher/install-plotly.sh";

    /**
     * The source an option names, or the default.
     *
     * @param option      {@code --plotly}: an http(s) URL, or a local Plotly bundle (any build, e.g. plotly.min.js) to inline; null for the default:
     *                    the local copy under {@code projectRoot} when it is there, else the CDN
     * @param projectRoot the project's root folder (see {@link #projectRoot()}), or null to look for no local copy
     * @throws IllegalArgumentException when {@code option} is neither a URL nor an existing file
     * @throws IOException when the file cannot be read
     */
    public static PlotlySource resolve(String option, Path projectRoot) throws IOException {
        if (option != null) {
            if (option.startsWith("https://") || option.startsWith("http://")) return new PlotlySource(option, null, option);
            Path file = Path.of(option);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--plotly " + option + ": no such file (give an http(s) URL or a local Plotly bundle such as plotly.min.js)");
            }
            return new PlotlySource(null, readScript(file, "--plotly " + option), file.toString());
        }
        Path local = localCopy(projectRoot);
        if (local != null) return new PlotlySource(null, readScript(local, local.toString()), local.toString());
        return new PlotlySource(Page.PLOTLY_CDN, null, Page.PLOTLY_CDN);
    }

    /** A script file's text, read with the bound of {@link SmallFiles#SCRIPT_BYTES}; the message names {@code what}. */
    private static String readScript(Path file, String what) throws IOException {
        try {
            return new String(SmallFiles.read(file, SmallFiles.SCRIPT_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(what + ": cannot read: " + FileErrors.reason(e), e);
        }
    }

    /**
     * The pinned local copy under {@code projectRoot}, or null when it is not there or is another version than
     * {@link Page#PLOTLY_VERSION} (its package.json says which).
     */
    public static Path localCopy(Path projectRoot) {
        if (projectRoot == null) return null;
        Path file = projectRoot.resolve(LOCAL_COPY);
        if (!Files.isRegularFile(file)) return null;
        try {
            String pkg = Files.readString(file.resolveSibling("package.json"), StandardCharsets.UTF_8);
            if (!pkg.matches("(?s).*\"version\"\\s*:\\s*\"" + java.util.regex.Pattern.quote(Page.PLOTLY_VERSION) + "\".*")) return null;
        } catch (IOException e) {
            return null;
        }
        return file;
    }

    /** The variable that names the checkout; the project's launcher ({@code ./jbang}) sets it to its own folder. */
    public static final String HOME_VARIABLE = "COPPICE_HOME";

    /**
     * The checkout the running script belongs to, never the working folder: {@code $COPPICE_HOME}, which the project's
     * launcher ({@code ./jbang}, also through a symlink, an alias or its fast path) sets to its own folder; else the
     * first folder above this class's code source that is a checkout (classes compiled in place). JBang runs a script
     * from a jar in its own cache and passes nothing about the script's folder (no {@code jbang.*} property or
     * variable in 0.132), hence the launcher's variable.
     *
     * @return the checkout's root, or null when it cannot be told (then the page loads Plotly from its CDN)
     */
    public static Path projectRoot() {
        return projectRoot(System.getenv(HOME_VARIABLE), codeSource());
    }

    /** {@link #projectRoot()} from a value of {@code $COPPICE_HOME} (or null) and a code source location (or null). */
    static Path projectRoot(String home, Path codeSource) {
        if (home != null && !home.isEmpty() && isCheckout(Path.of(home))) return Path.of(home).toAbsolutePath().normalize();
        for (Path dir = codeSource; dir != null; dir = dir.getParent()) {
            if (isCheckout(dir)) return dir;
        }
        return null;
    }

    /** A checkout holds the launcher and the catalog side by side. */
    private static boolean isCheckout(Path dir) {
        return Files.isRegularFile(dir.resolve("jbang")) && Files.isRegularFile(dir.resolve("jbang-catalog.json"));
    }

    private static Path codeSource() {
        try {
            return Path.of(PlotlySource.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (RuntimeException | java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * Why no local copy was found, for messages: not installed in the checkout, or no checkout known (a script run
     * by a JBang of its own, which sets no {@link #HOME_VARIABLE}).
     */
    public static String missing() {
        Path root = projectRoot();
        return root == null ? "the checkout is unknown (run the scripts through its ./jbang, or set " + HOME_VARIABLE + ")"
                : "install it with " + root.resolve(INSTALL_SCRIPT);
    }

    /** Whether the page needs the network for Plotly. */
    public boolean fromNetwork() {
        return inline == null;
    }
}
