package page;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The files of the live page ({@code watch --render FILE}): {@code FILE} itself, a shell written once
 * ({@link Page#writeShell}), and beside it the folder {@code STEM_files/} (for {@code data/metrics.html},
 * {@code data/metrics_files/}, as browsers name a saved page's files) with the page's script, style sheet and Plotly,
 * written once at start, and the data script {@link #DATA}, the only file written again after each sample
 * ({@link Page#writeData}).
 */
public final class LiveFiles {
    /** The data script, rewritten after every sample. */
    public static final String DATA = "data.js";
    /** The page's script (page.js). */
    public static final String SCRIPT = "page.js";
    /** The page's style sheet (page.css). */
    public static final String STYLE = "page.css";
    /** The local copy of Plotly (whichever bundle the page inlines), when the page does not load it from a URL. */
    public static final String PLOTLY = "plotly.min.js";

    private final Path page;
    private final Path folder;

    /** The files of the live page {@code page}. */
    public LiveFiles(Path page) {
        this.page = page;
        String name = page.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.folder = page.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "_files");
    }

    /** The page (the shell). */
    public Path page() {
        return page;
    }

    /** The folder beside the page. */
    public Path folder() {
        return folder;
    }

    /**
     * Writes what stays while watch runs: page.js, page.css, Plotly (when {@code plotly} is a local copy) and the shell.
     * The data script must be written first ({@link #writeData}), so the shell never points to a missing one.
     *
     * @return the bytes written
     * @throws IOException naming the file that could not be written
     * @throws IllegalArgumentException when Plotly's URL cannot go into a Content-Security-Policy
     */
    public long writeOnce(PlotlySource plotly) throws IOException {
        long bytes = Renderer.writeFile(folder.resolve(SCRIPT), w -> w.write(PageTemplate.resource("page.js")));
        bytes += Renderer.writeFile(folder.resolve(STYLE), w -> w.write(PageTemplate.resource("page.css")));
        if (plotly.inline() != null) bytes += Renderer.writeFile(folder.resolve(PLOTLY), w -> w.write(plotly.inline()));
        String folderUrl = relativeUrl(folder.getFileName().toString());
        bytes += Renderer.writeFile(page, w -> Page.writeShell(w, folderUrl, plotly.inline() != null ? null : plotly.url()));
        return bytes;
    }

    /**
     * Writes the data script (the page's content as it is now, with the panel section's data when there is one).
     *
     * @param panelSection the PromQL panels above "Other metrics", or null for none
     * @return the bytes written
     * @throws IOException naming the file
     */
    public long writeData(Page.Content content, PanelSection panelSection) throws IOException {
        return Renderer.writeFile(folder.resolve(DATA), w -> Page.writeData(w, content, panelSection));
    }

    /** A file name as a relative URL path: spaces, '#', '?', '%' and the like percent-encoded. */
    static String relativeUrl(String name) {
        try {
            return new URI(null, null, name, null).getRawPath().replace(":", "%3A");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("page name not usable as a URL: " + name, e);
        }
    }
}
