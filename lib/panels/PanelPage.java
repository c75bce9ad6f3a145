package panels;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import page.PanelSection;
import query.QueryResult;

/**
 * The panels' part of the page: for each shown set a section with its panels, each panel's chart element carrying
 * {@code data-queries} (a JSON array of {@code {"expr": ..., "step": seconds}}, exactly as evaluated) and a "query"
 * toggle showing the expressions to copy into Prometheus; and the data page.js draws ({@code setUpPanels}): each
 * panel's series, its axis (unit and prefix), and the targets' outages, shaded on every chart.
 */
public final class PanelPage implements PanelSection {
    /** A shown set with its evaluated panels. */
    public record ShownSet(ActivePanelSets.Choice choice, List<PanelEvaluator.EvaluatedPanel> panels) {}

    private final List<ShownSet> sets;
    private final List<Outages.Outage> outages;
    private final PanelEvaluator.Window window;

    /** @param window the window every panel was evaluated over (its step breaks lines at missing steps) */
    public PanelPage(List<ShownSet> sets, List<Outages.Outage> outages, PanelEvaluator.Window window) {
        this.sets = sets;
        this.outages = outages;
        this.window = window;
    }

    /** The element id of a panel's chart: {@code panel-<set>-<panel id>}. */
    public static String chartId(PanelSet set, Panel panel) {
        return "panel-" + PanelSetReader.slug(set.name()) + "-" + panel.id();
    }

    @Override
    public void writeHtml(Writer out) throws IOException {
        if (sets.isEmpty()) return;
        // The range every expression was evaluated over, Unix seconds: with data-queries, a query anyone can repeat.
        out.write("<section id=\"panels\" class=\"panel-sets\" data-start=\"" + window.startMs() / 1000 + "\" data-end=\""
                + window.endMs() / 1000 + "\">\n");
        for (ShownSet shown : sets) {
            PanelSet set = shown.choice().set();
            out.write("<section id=\"set-" + html(PanelSetReader.slug(set.name())) + "\" class=\"panel-set\">\n");
            out.write("<h2>" + html(set.name()) + (set.description().isEmpty() ? "" : ": " + html(set.description())) + "</h2>\n");
            out.write("<p class=\"set-source\">" + html(set.source()) + "; " + html(shown.choice().reason()) + ".</p>\n");
            for (PanelEvaluator.EvaluatedPanel e : shown.panels()) panel(out, set, e);
            out.write("</section>\n");
        }
        out.write("</section>\n");
    }

    private void panel(Writer out, PanelSet set, PanelEvaluator.EvaluatedPanel e) throws IOException {
        Panel p = e.panel();
        String id = chartId(set, p);
        out.write("<section class=\"promql-panel\" id=\"s-" + html(id) + "\">\n<h3>" + html(p.title()) + "</h3>\n");
        if (!p.description().isEmpty()) out.write("<p class=\"subtitle\">" + html(p.description()) + "</p>\n");
        String queries = html(queriesJson(e));
        if (p.kind() == PanelKind.TABLE) {
            table(out, id, queries, e);
        } else {
            out.write("<div class=\"chart\" id=\"" + html(id) + "\" data-panel-chart data-queries=\"" + queries + "\"></div>\n");
        }
        if (e.empty()) out.write("<p class=\"empty\">No series answer these expressions in the window.</p>\n");
        for (int i = 0; i < e.queries().size(); i++) {
            String error = e.queries().get(i).error();
            if (error != null) out.write("<p class=\"error\">Query " + (i + 1) + " cannot be answered: " + html(error) + "</p>\n");
        }
        out.write("<details class=\"queries\"><summary>query</summary><pre>");
        for (int i = 0; i < e.queries().size(); i++) {
            if (i > 0) out.write("\n\n");
            out.write(html(e.queries().get(i).expr()));
        }
        out.write("</pre><p>Step " + e.queries().get(0).stepSeconds() + " s; paste into Prometheus's graph page.</p></details>\n");
        out.write("</section>\n");
    }

    private static void table(Writer out, String id, String queries, PanelEvaluator.EvaluatedPanel e) throws IOException {
        out.write("<table class=\"latest\" id=\"" + html(id) + "\" data-queries=\"" + queries + "\">\n<thead><tr><th>series</th><th>latest</th></tr></thead>\n<tbody>\n");
        for (PanelEvaluator.Line line : e.lines()) {
            if (line.values().length == 0) continue;
            double v = line.values()[line.values().length - 1];
            out.write("<tr><td>" + html(line.name()) + "</td><td title=\"" + html(Double.toString(v)) + "\">"
                    + html(e.panel().unit().format(v)) + "</td></tr>\n");
        }
        out.write("</tbody>\n</table>\n");
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
            g.writeArrayFieldStart("outages");
            for (Outages.Outage o : outages) {
                g.writeStartObject();
                g.writeStringField("instance", o.instance());
                g.writeNumberField("from", o.fromMs());
                g.writeNumberField("to", o.toMs());
                g.writeStringField("why", o.failed() ? "scrapes failed" : "no records");
                if (o.error() != null) g.writeStringField("error", o.error());
                g.writeEndObject();
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

    private static String html(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
