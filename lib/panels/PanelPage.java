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
import record.ValueText;

/**
 * The panels' part of the page: for each shown set a section with its panels, each panel's chart element carrying
 * {@code data-queries} (a JSON array of {@code {"expr": ..., "step": seconds}}, exactly as evaluated) and a "query"
 * toggle showing the expressions to copy into Prometheus; the page's {@link LeadPanels lead set}, drawn first; and the
 * data page.js draws ({@code setUpPanels}): each panel's series, its axis (unit and prefix), whether it marks gateway
 * restarts (the lead's panels). The targets' outages shaded on every panel are the page's own chart data's
 * ({@code page.Outages}).
 */
public final class PanelPage implements PanelSection {
    /** A shown set with its evaluated panels. */
    public record ShownSet(ActivePanelSets.Choice choice, List<PanelEvaluator.EvaluatedPanel> panels) {}

    private final List<ShownSet> sets;
    private final LeadPanels lead;
    private final PanelEvaluator.Window window;

    /** @param window the window every panel was evaluated over (its step breaks lines at missing steps) */
    public PanelPage(List<ShownSet> sets, PanelEvaluator.Window window) {
        this(sets, null, window);
    }

    /**
     * @param lead   the set drawn first, or null for none
     * @param window the window every panel was evaluated over, or null when none was (no set shown, only the lead's
     *               empty states)
     */
    public PanelPage(List<ShownSet> sets, LeadPanels lead, PanelEvaluator.Window window) {
        this.sets = sets;
        this.lead = lead == null ? null : lead.over(window);
        this.window = window;
    }

    @Override
    public LeadPanels lead() {
        return lead;
    }

    /** The shown sets with their evaluated panels, in page order (the lead is {@link #lead()}). */
    List<ShownSet> sets() {
        return sets;
    }

    /** The window every panel was evaluated over, or null when none was. */
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
            for (PanelEvaluator.EvaluatedPanel e : shown.panels()) panels.append(panel(set, e, window));
            html.append(PageTemplate.fill("panel-set", "slug", html(PanelSetReader.slug(set.name())),
                    "title", html(set.name()) + (set.description().isEmpty() ? "" : ": " + html(set.description())),
                    "source", html(set.source()), "reason", html(shown.choice().reason()), "panels", panels.toString()));
        }
        // The range every expression was evaluated over, Unix seconds: with data-queries, a query anyone can repeat.
        out.write(PageTemplate.fill("panel-sets", "start", Long.toString(window.startMs() / 1000),
                "end", Long.toString(window.endMs() / 1000), "sets", html.toString()));
    }

    private static String panel(PanelSet set, PanelEvaluator.EvaluatedPanel e, PanelEvaluator.Window window) throws IOException {
        Panel p = e.panel();
        return PageTemplate.fill("promql-panel", "id", html(chartId(set, p)), "title", html(p.title()),
                "subtitle", p.description().isEmpty() ? "" : PageTemplate.fill("promql-subtitle", "text", html(p.description())),
                "body", body(set, e, window), "empty", e.empty() ? PageTemplate.fill("promql-empty") : "", "errors", errors(e),
                "queries", queriesToggle(e));
    }

    /**
     * A panel's chart element (or its table), carrying its expressions as evaluated ({@code data-queries}) and the range
     * they were evaluated over ({@code data-start}, {@code data-end}: Unix seconds; left out when {@code window} is null).
     */
    static String body(PanelSet set, PanelEvaluator.EvaluatedPanel e, PanelEvaluator.Window window) throws IOException {
        String id = html(chartId(set, e.panel()));
        String queries = html(queriesJson(e));
        String range = window == null ? "" : " data-start=\"" + window.startMs() / 1000 + "\" data-end=\"" + window.endMs() / 1000 + "\"";
        return e.panel().kind() == PanelKind.TABLE ? table(id, queries, range, e)
                : PageTemplate.fill("promql-chart", "id", id, "queries", queries, "range", range);
    }

    /** Why each expression that could not be answered was not. */
    static String errors(PanelEvaluator.EvaluatedPanel e) throws IOException {
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < e.queries().size(); i++) {
            String error = e.queries().get(i).error();
            if (error != null) errors.append(PageTemplate.fill("promql-error", "number", Integer.toString(i + 1), "error", html(error)));
        }
        return errors.toString();
    }

    /** The "query" toggle: the expressions as evaluated and the step, to repeat them in Prometheus. */
    static String queriesToggle(PanelEvaluator.EvaluatedPanel e) throws IOException {
        StringBuilder exprs = new StringBuilder();
        for (int i = 0; i < e.queries().size(); i++) exprs.append(i > 0 ? "\n\n" : "").append(html(e.queries().get(i).expr()));
        return PageTemplate.fill("promql-queries", "exprs", exprs.toString(), "step", Long.toString(e.queries().get(0).stepSeconds()));
    }

    private static String table(String id, String queries, String range, PanelEvaluator.EvaluatedPanel e) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (PanelEvaluator.Line line : e.lines()) {
            if (line.values().length == 0) continue;
            double v = line.values()[line.values().length - 1];
            rows.append(PageTemplate.fill("promql-row", "name", html(line.name()), "exact", html(ValueText.of(v)),
                    "value", html(e.panel().unit().format(v))));
        }
        return PageTemplate.fill("promql-table", "id", id, "queries", queries, "range", range, "rows", rows.toString());
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
            g.writeNumberField("step", window == null ? 0 : window.stepMs());
            g.writeArrayFieldStart("panels");
            if (lead != null) {
                for (PanelEvaluator.EvaluatedPanel e : lead.panels()) {
                    if (e.panel().kind() != PanelKind.TABLE && !e.empty()) panelData(g, lead.set(), e, true);
                }
            }
            for (ShownSet shown : sets) {
                for (PanelEvaluator.EvaluatedPanel e : shown.panels()) {
                    if (e.panel().kind() != PanelKind.TABLE && !e.empty()) panelData(g, shown.choice().set(), e, false);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write(s.toString().replace("<", "\\u003c"));
    }

    /**
     * A line's name in the legend: its legend name, prefixed with its target ({@code gw1: }, the {@code instance}
     * label) when another line of the panel has the same name, so that a page of several targets tells their lines
     * apart as the page's other charts do.
     */
    static String lineName(PanelEvaluator.Line line, java.util.Map<String, Integer> uses) {
        String instance = line.labels().get("instance");
        return uses.get(line.name()) > 1 && instance != null && !line.name().startsWith(instance) ? instance + ": " + line.name() : line.name();
    }

    /** One panel's data; {@code restarts}: page.js marks the gateway restarts on it (the lead's panels). */
    private void panelData(JsonGenerator g, PanelSet set, PanelEvaluator.EvaluatedPanel e, boolean restarts) throws IOException {
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
        if (restarts) g.writeBooleanField("restarts", true);
        g.writeArrayFieldStart("lines");
        java.util.Map<String, Integer> uses = new java.util.HashMap<>();
        for (PanelEvaluator.Line line : e.lines()) uses.merge(line.name(), 1, Integer::sum);
        for (PanelEvaluator.Line line : e.lines()) {
            g.writeStartObject();
            g.writeStringField("name", lineName(line, uses));
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
