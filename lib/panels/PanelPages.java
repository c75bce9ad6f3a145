package panels;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import query.Expr;
import query.LabelMatcher;
import query.PromQL;
import query.QueryOptions;
import query.SeriesSource;
import query.StoredSeries;

/**
 * The panels of a page from its records: which sets are shown and their panels evaluated over the page's window. The
 * one place render and watch's page make their panel section. The targets' outages are the page's own
 * ({@code page.Outages}), shaded on the panels' charts as on every other.
 */
public final class PanelPages {
    private PanelPages() {}

    /** The interval assumed when the data holds no two scrapes of one target: watch's default, 30 s. */
    public static final long DEFAULT_INTERVAL_MS = 30_000;

    /**
     * Chooses and evaluates {@code sets} (built-in and the user's, in page order) over {@code [fromMs, toMs]}. The
     * choice is made from {@code metricNames}, what the page's own read found; the day files are read (once, for the
     * shown sets' selectors only) when some set is shown, and not at all otherwise. The first set named
     * {@link BuiltInPanelSets#LEAD} is the page's lead ({@link LeadPanels}): evaluated when shown, and given to the page
     * even when not (the page then says it is left out), or when the records hold no successful scrape
     * ({@code fromMs > toMs}: its panels show the page's empty states, and nothing is read).
     *
     * @param metricNames every metric name with a sample in the window ({@link ActivePanelSets#choose(List, Set)})
     * @param maxPoints the page's most points per trace (the step follows from it, {@link PanelEvaluator#window})
     * @param leaveOut  names of sets the page draws by other means (shown by {@code --list-panels}, not evaluated)
     * @return the section, or null when no set is shown and there is no lead set (the page is then exactly as without
     *     panels)
     */
    public static PanelPage build(SeriesSource source, List<PanelSet> sets, Set<String> metricNames, long fromMs, long toMs,
            int maxPoints, List<String> leaveOut) {
        PanelSet lead = lead(sets, leaveOut);
        if (fromMs > toMs) return leadOnly(lead, true);
        Chosen chosen = choose(sets, metricNames, leaveOut);
        if (chosen.others().isEmpty() && !chosen.leadShown()) return leadOnly(lead, false);
        List<PanelSet> evaluated = new ArrayList<>(chosen.others().stream().map(ActivePanelSets.Choice::set).toList());
        if (chosen.leadShown()) evaluated.add(0, lead);
        source = prefetch(source, evaluated, fromMs, toMs, maxPoints);
        long intervalMs = scrapeIntervalMs(source, fromMs, toMs, DEFAULT_INTERVAL_MS);
        PanelEvaluator.Window window = PanelEvaluator.window(fromMs, toMs, intervalMs, maxPoints);
        List<PanelPage.ShownSet> shown = new ArrayList<>();
        for (ActivePanelSets.Choice c : chosen.others()) shown.add(new PanelPage.ShownSet(c, evaluate(source, c.set(), window)));
        LeadPanels leadPanels = lead == null ? null
                : new LeadPanels(lead, chosen.leadShown(), chosen.leadShown() ? evaluate(source, lead, window) : List.of());
        return new PanelPage(List.copyOf(shown), leadPanels, window);
    }

    /** The page's lead set among {@code sets}: the first named {@link BuiltInPanelSets#LEAD} and not left out, or null. */
    static PanelSet lead(List<PanelSet> sets, List<String> leaveOut) {
        return sets.stream().filter(s -> s.name().equals(BuiltInPanelSets.LEAD) && !leaveOut.contains(s.name())).findFirst().orElse(null);
    }

    /**
     * The sets a page shows: whether its lead is shown, and the other sets shown above "Other metrics".
     *
     * @param leadShown whether the lead set ({@link #lead}) is shown
     * @param others    the other shown sets, in page order
     */
    record Chosen(boolean leadShown, List<ActivePanelSets.Choice> others) {}

    /** Chooses from the metric names the page's read found ({@link ActivePanelSets#choose(List, Set)}); none left out. */
    static Chosen choose(List<PanelSet> sets, Set<String> metricNames, List<String> leaveOut) {
        PanelSet lead = lead(sets, leaveOut);
        List<ActivePanelSets.Choice> others = new ArrayList<>();
        boolean leadShown = false;
        for (ActivePanelSets.Choice c : ActivePanelSets.choose(sets, metricNames)) {
            if (c.set() == lead) leadShown = c.active();
            else if (c.active() && !leaveOut.contains(c.set().name())) others.add(c);
        }
        return new Chosen(leadShown, List.copyOf(others));
    }

    /**
     * A section of the lead set alone, not evaluated (nothing is read): {@code shown}, for records without a successful
     * scrape (its panels show the page's empty states); not shown, for data without its metrics (the page says in a
     * line that it is left out). Null when there is no lead: the page is then exactly as without panels.
     */
    static PanelPage leadOnly(PanelSet lead, boolean shown) {
        return lead == null ? null : new PanelPage(List.of(), new LeadPanels(lead, shown, List.of()), null);
    }

    private static List<PanelEvaluator.EvaluatedPanel> evaluate(SeriesSource source, PanelSet set, PanelEvaluator.Window window) {
        List<PanelEvaluator.EvaluatedPanel> panels = new ArrayList<>();
        for (Panel p : set.panels()) panels.add(PanelEvaluator.evaluate(source, p, window, QueryOptions.DEFAULT));
        return List.copyOf(panels);
    }

    /**
     * The targets' scrape interval over {@code [fromMs, toMs]}: the median time between successive scrapes of one
     * target, over every target's {@code up} series (stale markers skipped), in ms; {@code fallbackMs} without two
     * scrapes of one target.
     */
    static long scrapeIntervalMs(SeriesSource source, long fromMs, long toMs, long fallbackMs) {
        ScrapeInterval interval = new ScrapeInterval();
        for (StoredSeries up : source.select(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, "up")), fromMs, toMs)) interval.add(up);
        return interval.medianMs(fallbackMs);
    }

    /** Slack for a rate window wider than the guessed one (a scrape interval longer than the default). */
    private static final long PREFETCH_SLACK_MS = 600_000;

    /**
     * One read of every series the shown sets' selectors and {@code up} need over the window, from
     * the widest look-back any of them has ({@link PrefetchedSource}; a select beyond it reads the files again).
     */
    private static SeriesSource prefetch(SeriesSource source, List<PanelSet> sets, long fromMs, long toMs, int maxPoints) {
        PanelEvaluator.Window guess = PanelEvaluator.window(fromMs, toMs, DEFAULT_INTERVAL_MS, maxPoints);
        List<Expr> exprs = new ArrayList<>();
        List<List<LabelMatcher>> extra = new ArrayList<>();
        extra.add(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, "up")));
        long back = QueryOptions.DEFAULT.lookbackMs();
        for (PanelSet s : sets) {
            for (Panel p : s.panels()) {
                for (Panel.Query q : p.queries()) {
                    Expr e = PromQL.parse(PanelQueries.expand(q.expr(), guess.stepMs(), DEFAULT_INTERVAL_MS));
                    exprs.add(e);
                    back = Math.max(back, PanelSteps.lookBack(e));
                }
            }
        }
        return PrefetchedSource.over(source, exprs, extra, guess.startMs() - back - PREFETCH_SLACK_MS, toMs + guess.stepMs());
    }

    /**
     * The first and last scrape of any target in {@code [fromMs, toMs]} (from the {@code up} series), Unix ms; the
     * first is after the last when there is none. Open ends are bounded by the epoch and a day after now.
     */
    public static long[] extent(SeriesSource source, long fromMs, long toMs) {
        long from = Math.max(fromMs, 0), to = Math.min(toMs, System.currentTimeMillis() + 86_400_000L);
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (query.StoredSeries up : source.select(List.of(query.LabelMatcher.of("__name__", query.LabelMatcher.Op.EQ, "up")), from, to)) {
            long[] t = up.timestampsMs();
            if (t.length == 0) continue;
            first = Math.min(first, t[0]);
            last = Math.max(last, t[t.length - 1]);
        }
        return new long[] {first, last};
    }

    /**
     * What {@code render --list-panels} prints: each set with its source, whether it is shown and why (the lead,
     * {@link BuiltInPanelSets#LEAD}, saying it is drawn first), and its panels' titles, one per line.
     */
    public static String list(SeriesSource source, List<PanelSet> sets, long fromMs, long toMs) {
        StringBuilder out = new StringBuilder();
        List<ActivePanelSets.Choice> choices = fromMs > toMs
                ? sets.stream().map(s -> new ActivePanelSets.Choice(s, s.detect().isEmpty(),
                        s.detect().isEmpty() ? "always shown (no \"detect\" metrics)" : "no records in the window")).toList()
                : ActivePanelSets.choose(sets, source, fromMs, toMs);
        PanelSet lead = sets.stream().filter(s -> s.name().equals(BuiltInPanelSets.LEAD)).findFirst().orElse(null);
        for (ActivePanelSets.Choice c : choices) {
            PanelSet s = c.set();
            out.append(c.active() ? "shown " : "hidden").append("  ").append(s.name()).append("  (").append(s.source())
                    .append("): ").append(c.reason())
                    .append(c.active() && s == lead ? "; drawn first, as the page's coppice section" : "").append('\n');
            for (Panel p : s.panels()) {
                out.append("          ").append(p.title()).append(" [").append(p.unit().word()).append(", ")
                        .append(p.kind().word()).append(", ").append(p.queries().size())
                        .append(p.queries().size() == 1 ? " query" : " queries").append("]\n");
            }
        }
        return out.toString();
    }
}
