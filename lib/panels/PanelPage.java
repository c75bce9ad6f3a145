package panels;

import static page.Page.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import page.PageTemplate;
import page.PanelSection;
import query.QueryResult;
import record.ValueText;

/**
 * The panels' part of the page: for each shown set a section with its panels, each panel's chart element carrying
 * {@code data-queries} (a JSON array of {@code {"expr": ..., "step": seconds}}, exactly as evaluated) and a "query"
 * toggle showing the expressions to copy into Prometheus; and the data page.js draws ({@code setUpPanels}): each
 * panel's series and its axis (unit and prefix). The targets' outages shaded on every panel are the page's own chart
 * data's ({@code page.Outages}).
 */
public final class PanelPage implements PanelSection {
    /** A shown set with its evaluated panels. */
    public record ShownSet(ActivePanelSets.Choice choice, List<PanelEvaluator.EvaluatedPanel> panels) {}

    private final List<ShownSet> sets;
    private final PanelEvaluator.Window window;

    /** @param window the window every panel was evaluated over (its step breaks lines at missing steps) */
    public PanelPage(List<ShownSet> sets, PanelEvaluator.Window window) {
        this.sets = sets;
        this.window = window;
    }

    /** The shown sets with their evaluated panels, in page order. */
    List<ShownSet> sets() {
        return sets;
    }

    /** The window every panel was evaluated over. */
    PanelEvaluator.Window window() {
        return window;
    }

    /** The element id of a panel's chart: {@code panel-<set>-<panel id>}. */
    public static String chartId(PanelSet set, Panel panel) {
        return "panel-" + PanelSetReader.slug(set.name()) + "-" + panel.id();
    }

    /** The section's HTML from the page's template ({@code page.html}, parts {@code panel-sets} to {@code promql-error}). */
    @Override
    public void writeHtml(Writer out) throws IOException {
        if (sets.isEmpty()) return;
        StringBuilder html = new StringBuilder();
        for (ShownSet shown : sets) {
            PanelSet set = shown.choice().set();
            StringBuilder panels = new StringBuilder();
            for (PanelEvaluator.EvaluatedPanel e : shown.panels()) panels.append(panel(set, e));
            html.append(PageTemplate.fill("panel-set", "slug", html(PanelSetReader.slug(set.name())),
                    "title", html(set.name()) + (set.description().isEmpty() ? "" : ": " + html(set.description())),
                    "source", html(set.source()), "reason", html(shown.choice().reason()), "panels", panels.toString()));
        }
        // The range every expression was evaluated over, Unix seconds: with data-queries, a query anyone can repeat.
        out.write(PageTemplate.fill("panel-sets", "start", Long.toString(window.startMs() / 1000),
                "end", Long.toString(window.endMs() / 1000), "sets", html.toString()));
    }

    private static String panel(PanelSet set, PanelEvaluator.EvaluatedPanel e) throws IOException {
        Panel p = e.panel();
        String id = html(chartId(set, p));
        String queries = html(queriesJson(e));
        StringBuilder errors = new StringBuilder();
        StringBuilder exprs = new StringBuilder();
        for (int i = 0; i < e.queries().size(); i++) {
            String error = e.queries().get(i).error();
            if (error != null) errors.append(PageTemplate.fill("promql-error", "number", Integer.toString(i + 1), "error", html(error)));
            exprs.append(i > 0 ? "\n\n" : "").append(html(e.queries().get(i).expr()));
        }
        return PageTemplate.fill("promql-panel", "id", id, "title", html(p.title()),
                "subtitle", p.description().isEmpty() ? "" : PageTemplate.fill("promql-subtitle", "text", html(p.description())),
                "body", p.kind() == PanelKind.TABLE ? table(id, queries, e) : PageTemplate.fill("promql-chart", "id", id, "queries", queries),
                "empty", e.empty() ? PageTemplate.fill("promql-empty") : "", "errors", errors.toString(), "exprs", exprs.toString(),
                "step", Long.toString(e.queries().get(0).stepSeconds()));
    }

    private static String table(String id, String queries, PanelEvaluator.EvaluatedPanel e) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (PanelEvaluator.Line line : e.lines()) {
            if (line.values().length == 0) continue;
            double v = line.values()[line.values().length - 1];
            rows.append(PageTemplate.fill("promql-row", "name", html(line.name()), "exact", html(ValueText.of(v)),
                    "value", html(e.panel().unit().format(v))));
        }
        return PageTemplate.fill("promql-table", "id", id, "queries", queries, "rows", rows.toString());
    }

    /** The {@code data-queries} value: the expressions as evaluated with their step in seconds. */
    static String queriesJson(PanelEvaluator.EvaluatedPanel e) throws IOException {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            g.writeStartArray();
            for (PanelEvaluator.EvaluatedQuery q : e.queries()) {
                g.writeStartObject();
                g.writeStringField("expr", q.expr());
                g.writeNumberField("step", q.stepSeconds());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return s.toString();
    }

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void writeData(Writer out) throws IOException {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            g.writeStartObject();
            g.writeNumberField("step", window.stepMs());
            g.writeArrayFieldStart("panels");
            for (ShownSet shown : sets) {
                for (PanelEvaluator.EvaluatedPanel e : shown.panels()) {
                    if (e.panel().kind() != PanelKind.TABLE && !e.empty()) panelData(g, shown.choice().set(), e);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write(s.toString().replace("<", "\\u003c"));
    }

    private void panelData(JsonGenerator g, PanelSet set, PanelEvaluator.EvaluatedPanel e) throws IOException {
        double maxAbs = 0;
        for (PanelEvaluator.Line line : e.lines()) for (double v : line.values()) if (Double.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
        PanelUnit.Axis axis = e.panel().unit().axis(maxAbs);
        g.writeStartObject();
        g.writeStringField("id", chartId(set, e.panel()));
        g.writeStringField("title", e.panel().title());
        g.writeStringField("kind", e.panel().kind().word());
        g.writeStringField("unit", e.panel().unit().word());
        g.writeNumberField("divisor", axis.divisor());
        g.writeStringField("axis", axis.title());
        g.writeArrayFieldStart("lines");
        for (PanelEvaluator.Line line : e.lines()) {
            g.writeStartObject();
            g.writeStringField("name", line.name());
            g.writeStringField("instance", line.labels().getOrDefault("instance", ""));
            g.writeArrayFieldStart("t");
            long[] t = line.timesMs();
            for (int i = 0; i < t.length; i++) {
                if (i > 0 && t[i] - t[i - 1] > window.stepMs()) g.writeNumber(t[i - 1] + window.stepMs());
                g.writeNumber(t[i]);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("v");
            double[] v = line.values();
            for (int i = 0; i < v.length; i++) {
                if (i > 0 && t[i] - t[i - 1] > window.stepMs()) g.writeNull(); // a missing step breaks the line
                if (Double.isFinite(v[i])) g.writeNumber(v[i]);
                else g.writeNull();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
