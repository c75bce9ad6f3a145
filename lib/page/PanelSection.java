package page;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A section of panels written by another stage (the PromQL panels of {@code lib/panels/}) into the page: its HTML goes
 * above "Other metrics", its data into a {@code <script type="application/json" id="panel-data">} element of the
 * self-contained page, or the {@code "panels"} member of the live page's data script ({@link Page#writeData}); page.js
 * draws it ({@code setUpPanels}), in place when the live page's data comes again. The section may also hold the
 * page's {@link Lead}: the set drawn first, in the place of the gateway's own "Live metrics" panels.
 */
public interface PanelSection {
    /** Writes the section's HTML (already escaped): the sets other than the lead. */
    void writeHtml(Writer out) throws IOException;

    /** Writes the section's data (every drawn panel, the lead's too) as one JSON object, with {@code <} escaped. */
    void writeData(Writer out) throws IOException;

    /** The set the page leads with, or null when the page has none (it then starts with the sets and Other metrics). */
    default Lead lead() {
        return null;
    }

    /**
     * The set the page draws first, where the gateway's "Live metrics" page had its panels: each panel a section of its
     * own ({@code <section id="p-<panel id>" class="panel">}, heading, note, subtitle, chart or the page's empty state),
     * followed by the page's "How to feed this page" and the set's "What's tracked" table. Gateway restarts are marked
     * on its charts.
     */
    interface Lead {
        /**
         * Whether the page draws it: its metrics are in the data, or the data holds no successful scrape (each panel
         * then shows the page's empty state). Otherwise the page says in one line that it is left out.
         */
        boolean shown();

        /** The index's entries, in page order: anchor ({@code p-<panel id>}) and title. */
        List<IndexEntry> index();

        /** Writes the panels' sections; {@code emptyState} gives the HTML of an empty panel by its id. */
        void writePanels(Writer out, EmptyState emptyState) throws IOException;

        /** The rows of the "What's tracked" table ({@code <tr>} elements, escaped), or "" when the set lists none. */
        String trackedRows();

        /** Whether one of its panels selects this metric name (its family is then not drawn again under Other metrics). */
        boolean draws(String metricName);
    }

    /** One entry of the page's index: the element id it links to and its text (not escaped). */
    record IndexEntry(String anchor, String title) {}

    /** The HTML (escaped) that stands for an empty panel of the lead (the page's "No samples under ..." state). */
    interface EmptyState {
        /** @param panelId the panel's id, for {@code data-empty} */
        String html(String panelId) throws IOException;
    }
}
