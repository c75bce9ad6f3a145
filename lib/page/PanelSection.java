package page;

import java.io.IOException;
import java.io.Writer;

/**
 * A section of panels written by another stage (the PromQL panels of {@code lib/panels/}) into the page: its HTML goes
 * above "Other metrics", its data into a {@code <script type="application/json" id="panel-data">} element of the
 * self-contained page, or the {@code "panels"} member of the live page's data script ({@link Page#writeData}); page.js
 * draws it ({@code setUpPanels}), in place when the live page's data comes again.
 */
public interface PanelSection {
    /** Writes the section's HTML (already escaped). */
    void writeHtml(Writer out) throws IOException;

    /** Writes the section's data as one JSON object, with {@code <} escaped so it cannot end the script element. */
    void writeData(Writer out) throws IOException;
}
