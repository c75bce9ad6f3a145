package panels;

import static page.Page.html;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import page.PageTemplate;
import page.PanelSection;
import query.Expr;
import query.LabelMatcher;
import query.PromQL;

/**
 * The set the page draws first ({@link BuiltInPanelSets#LEAD}, the coppice gateway's), in the place and with the look
 * of the gateway's own "Live metrics" panels: each panel a section with its heading, note and subtitle, its chart
 * (evaluated like every set's) or the page's empty state, and its "query" toggle; then the set's "What's tracked"
 * rows. The metric families its panels select by name are not drawn again under "Other metrics" ({@link #draws}).
 */
public final class LeadPanels implements PanelSection.Lead {
    private final PanelSet set;
    private final boolean shown;
    private final List<PanelEvaluator.EvaluatedPanel> panels;
    private final List<List<LabelMatcher>> nameMatchers = new ArrayList<>();
    private final PanelEvaluator.Window window;

    /**
     * @param set    the lead set
     * @param shown  whether the page draws it ({@link #shown()})
     * @param panels its panels as evaluated, in order; empty when they were not (no successful scrape: every panel shows
     *               its empty state)
     */
    public LeadPanels(PanelSet set, boolean shown, List<PanelEvaluator.EvaluatedPanel> panels) {
        this(set, shown, panels, null);
    }

    private LeadPanels(PanelSet set, boolean shown, List<PanelEvaluator.EvaluatedPanel> panels, PanelEvaluator.Window window) {
        this.set = set;
        this.shown = shown;
        this.panels = List.copyOf(panels);
        this.window = window;
        // Only the selectors' names matter here: any step and scrape interval give the same selectors.
        for (Panel p : set.panels()) {
            for (Panel.Query q : p.queries()) collectNameMatchers(PromQL.parse(PanelQueries.expand(q.expr(), 60_000, 30_000)));
        }
    }

    /** The same panels, their charts carrying the range they were evaluated over ({@code window} null for none). */
    LeadPanels over(PanelEvaluator.Window window) {
        return new LeadPanels(set, shown, panels, window);
    }

    /** The set. */
    public PanelSet set() {
        return set;
    }

    /** Its panels as evaluated (empty when they were not). */
    public List<PanelEvaluator.EvaluatedPanel> panels() {
        return panels;
    }

    @Override
    public boolean shown() {
        return shown;
    }

    @Override
    public List<PanelSection.IndexEntry> index() {
        return set.panels().stream().map(p -> new PanelSection.IndexEntry("p-" + p.id(), p.title())).toList();
    }

    @Override
    public void writePanels(Writer out, PanelSection.EmptyState emptyState) throws IOException {
        for (Panel p : set.panels()) {
            PanelEvaluator.EvaluatedPanel e = panels.stream().filter(x -> x.panel().id().equals(p.id())).findFirst().orElse(null);
            boolean empty = e == null || e.empty();
            out.write(PageTemplate.fill("lead-panel", "id", html(p.id()), "title", html(p.title()),
                    "note", p.note().isEmpty() ? "" : PageTemplate.fill("lead-note", "text", withCode(p.note())),
                    "subtitle", html(p.description()),
                    "body", empty ? emptyState.html(p.id()) : PanelPage.body(set, e, window),
                    "errors", e == null ? "" : PanelPage.errors(e), "queries", e == null ? "" : PanelPage.queriesToggle(e)));
        }
    }

    @Override
    public String trackedRows() {
        StringBuilder rows = new StringBuilder();
        for (PanelSet.Tracked t : set.tracked()) {
            rows.append("<tr><td><code>").append(html(t.metric())).append("</code></td><td>").append(html(t.type()))
                    .append("</td><td>").append(html(t.source())).append("</td></tr>\n");
        }
        return rows.toString();
    }

    /**
     * Whether a selector of one of its panels selects series of this name: the selector names a metric ({@code foo},
     * {@code {__name__="foo"}} or {@code {__name__=~"foo(_total)?"}}) and every {@code __name__} matcher it has matches.
     */
    @Override
    public boolean draws(String metricName) {
        for (List<LabelMatcher> matchers : nameMatchers) {
            if (matchers.stream().allMatch(m -> m.matches(metricName))) return true;
        }
        return false;
    }

    private void collectNameMatchers(Expr e) {
        if (e instanceof Expr.VectorSelector v) {
            List<LabelMatcher> names = v.matchers().stream().filter(m -> m.name().equals("__name__")).toList();
            boolean positive = names.stream().anyMatch(m -> m.op() == LabelMatcher.Op.EQ || m.op() == LabelMatcher.Op.RE);
            if (positive) nameMatchers.add(names);
        } else if (e instanceof Expr.MatrixSelector m) {
            collectNameMatchers(m.selector());
        } else if (e instanceof Expr.Subquery s) {
            collectNameMatchers(s.expr());
        } else if (e instanceof Expr.Call c) {
            for (Expr a : c.args()) collectNameMatchers(a);
        } else if (e instanceof Expr.Aggregate a) {
            collectNameMatchers(a.expr());
            if (a.param() != null) collectNameMatchers(a.param());
        } else if (e instanceof Expr.Binary b) {
            collectNameMatchers(b.lhs());
            collectNameMatchers(b.rhs());
        } else if (e instanceof Expr.Unary u) {
            collectNameMatchers(u.expr());
        } else if (e instanceof Expr.Paren p) {
            collectNameMatchers(p.expr());
        }
    }

    /** A note's text for HTML: escaped, and each {@code `span`} as {@code <code>span</code>}. */
    static String withCode(String text) {
        return html(text).replaceAll("`([^`]*)`", "<code>$1</code>");
    }
}
