package page;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import record.ValueText;
import units.Durations;

/**
 * Writes the "Live metrics" page: static HTML with the lead set of panels ({@link PanelSection.Lead}: the coppice
 * gateway's, written in PromQL), how to feed the page, the "What's tracked" table, the other panel sets and the other
 * metrics; the plotted data as JSON ({@link ChartDataJson}); the page's
 * own script and style sheet; and Plotly. The HTML and its prose are {@code page.html} ({@link PageTemplate}), the
 * script and style sheet {@code page.js} and {@code page.css}, all beside this class and read from the classpath: a
 * script that writes the page brings them in with {@code //FILES page/page.html=lib/page/page.html} and the same for
 * the other two.
 *
 * <p>Two forms. {@link #write}: one self-contained file ({@code render}), every script inline and allowed by its
 * sha256 in the Content-Security-Policy. {@link #writeShell} and {@link #writeData}: the live page of
 * {@code watch --render}, a page that loads its code, Plotly and its data from a folder beside it ({@link LiveFiles}),
 * so that each sample rewrites only the data script; the policy allows scripts of the page's own origin ('self'),
 * never inline ones.
 *
 * <p>Every text that reaches HTML goes through {@link #html}; every string in the JSON is escaped by
 * {@link ChartDataJson}, so no label value can end the data element.
 */
public final class Page {
    /**
     * The Plotly version the page is tested with, as its basic bundle (npm plotly.js-basic-dist-min: scatter, bar and pie
     * traces, about a quarter of the full bundle's bytes; the page draws only scatter traces). Any full build works too.
     */
    public static final String PLOTLY_VERSION = "4.1.2";
    /** Plotly's basic bundle from its CDN, pinned to {@link #PLOTLY_VERSION}. */
    public static final String PLOTLY_CDN = "https://cdn.plot.ly/plotly-basic-" + PLOTLY_VERSION + ".min.js";
    /** How the page writes a time: {@code 2026-11-29 10:18:30 UTC}. */
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** Downsampled traces named in a chart's note; the rest are counted. */
    private static final int DOWNSAMPLED_NAMED = 5;
    /** Metrics typed by name named in the "Other metrics" intro; the rest are counted. */
    private static final int GUESSED_NAMED = 10;
    /** Plotly needs inline styles (it sets style attributes); scripts are never inline-by-default. */
    private static final String POLICY_REST = "; style-src 'self' 'unsafe-inline'; img-src data: blob:; font-src 'none'; connect-src 'none'; "
            + "base-uri 'none'; form-action 'none'";

    /**
     * What goes on the page besides the charts.
     *
     * @param dataDirLabel  the data folder as the user wrote it, for the empty-state text (e.g. {@code data/metrics/})
     * @param windowText    the time window asked for (e.g. "since 2026-11-28 10:00:00 UTC"), or null for all data
     * @param plotly        where the page gets Plotly
     * @param summary       the header's facts
     * @param charts        the metric families' charts (as {@link ChartBuilder#charts()})
     * @param freshness     when the page was written and whether it is live, or null for a page that says neither
     * @param chartPerTarget true when page.js draws, for the PromQL panels and Other metrics, one small chart per target
     *                      (of a chart with lines of several) instead of one line per target
     */
    public record Content(String dataDirLabel, String windowText, PlotlySource plotly, Summary summary, List<Chart> charts,
                          Freshness freshness, boolean chartPerTarget) {
        /** Content drawn with one line per target on each chart. */
        public Content(String dataDirLabel, String windowText, PlotlySource plotly, Summary summary, List<Chart> charts, Freshness freshness) {
            this(dataDirLabel, windowText, plotly, summary, charts, freshness, false);
        }
    }

    /**
     * How fresh the page is, for its freshness line and, on a live page, its updates (page.js, the live data).
     *
     * @param writtenAt  when the page was written, epoch ms
     * @param intervalMs the scrape interval of {@code watch --render} in ms, or 0 for a page {@code render} wrote
     *                   (it says when it was rendered and never changes)
     * @param targets    the newest scrape of each target ({@code watch --render} only; empty otherwise)
     * @param stoppedAt  when {@code watch --render} stopped, epoch ms, or 0 while it runs (and for {@code render})
     */
    public record Freshness(long writtenAt, long intervalMs, List<TargetStatus> targets, long stoppedAt) {
        /** A page written once by {@code render} at {@code writtenAt} (epoch ms). */
        public static Freshness rendered(long writtenAt) {
            return new Freshness(writtenAt, 0, List.of(), 0);
        }

        /** Whether the page is updated after every sample. */
        public boolean live() {
            return intervalMs > 0 && stoppedAt == 0;
        }
    }

    /**
     * The newest scrape of one target, as {@code watch --render} saw it.
     *
     * @param name  the target's name on the page ({@link MultiTargetCharts#displayName}), or "" for one unnamed target
     * @param ts    when the scrape started, epoch ms
     * @param up    whether it succeeded
     * @param error the record's error (already redacted by the scraper), or null
     */
    public record TargetStatus(String name, long ts, boolean up, String error) {}

    /**
     * The header's facts.
     *
     * @param span         the samples' time span and count
     * @param problems     what went wrong in the data
     * @param restarts     gateway restarts (dotted vertical lines)
     * @param targets      the named targets ({@code watch --target NAME=URL}) whose records were read, in page order;
     *                     empty when every record came from one unnamed target (the header then names none)
     * @param guessedTypes metric names charted as a counter or histogram by their name alone, for want of a declared
     *                     TYPE (the "Other metrics" intro counts them)
     * @param notes        what the records made the page leave out or break (clock steps, type changes, values
     *                     Plotly cannot draw), one sentence each, shown under the facts
     * @param outages      where each target was not scraped ({@link MultiTargetCharts#outages()}), shaded on every chart
     */
    public record Summary(Span span, Problems problems, Restarts restarts, List<Target> targets, List<String> guessedTypes,
                          List<String> notes, List<Outages.Outage> outages) {
        /** A summary without outages. */
        public Summary(Span span, Problems problems, Restarts restarts, List<Target> targets, List<String> guessedTypes,
                       List<String> notes) {
            this(span, problems, restarts, targets, guessedTypes, notes, List.of());
        }

        /** A summary without notes. */
        public Summary(Span span, Problems problems, Restarts restarts, List<Target> targets, List<String> guessedTypes) {
            this(span, problems, restarts, targets, guessedTypes, List.of());
        }
    }

    /** First and last successful sample (epoch ms; first > last when there were none) and how many. */
    public record Span(long firstTs, long lastTs, long samples) {}

    /** Failed scrapes, gaps without records, out-of-order counter samples left out, malformed lines skipped. */
    public record Problems(long failed, long gaps, long lateSamples, long malformedLines) {
        /** Nothing went wrong. */
        public static final Problems NONE = new Problems(0, 0, 0, 0);
    }

    /**
     * Gateway restarts, epoch ms.
     *
     * @param all      every restart, in time order
     * @param byTarget the same by target, as {@link MultiTargetCharts#restartsByTarget()}: each target's are drawn on
     *                 its own lines only ({@code ""} stands for every line)
     */
    public record Restarts(List<Long> all, Map<String, List<Long>> byTarget) {}

    /** One target in the header: its name (as traces are prefixed), successful and failed scrapes, gateway restarts. */
    public record Target(String name, long samples, long failed, long restarts) {}

    private Page() {}

    /**
     * Writes the whole page as one self-contained file: its data, script and style inline, and Plotly inline or from
     * its URL.
     *
     * @throws IOException from the writer, or when page.html, page.js or page.css is not on the classpath
     * @throws IllegalArgumentException when the inlined Plotly contains a script tag and cannot be inlined safely
     */
    public static void write(Writer out, Content c) throws IOException {
        write(out, c, null);
    }

    /**
     * Writes the whole page with a section of panels above "Other metrics" ({@code panels} null for none); the
     * section's data goes into a {@code <script type="application/json" id="panel-data">} element.
     *
     * @throws IOException from the writer, or when page.html, page.js or page.css is not on the classpath
     * @throws IllegalArgumentException when the inlined Plotly contains a script tag and cannot be inlined safely
     */
    public static void write(Writer out, Content c, PanelSection panelSection) throws IOException {
        PlotlySource plotly = c.plotly();
        // The script element's text, as hashed for the policy: the file on lines of its own.
        String script = "\n" + PageTemplate.resource("page.js");
        String csp = "default-src 'none'; script-src " + sha256Source(script) + " "
                + (plotly.inline() != null ? inlineHash(plotly.inline()) : cspUrl(plotly.url())) + POLICY_REST;
        StringWriter scripts = new StringWriter();
        scripts.write("<script type=\"application/json\" id=\"chart-data\">");
        ChartDataJson.write(scripts, c.summary().restarts().byTarget(), c.summary().outages(), otherCharts(c, panelSection), c.chartPerTarget());
        scripts.write("</script>\n");
        if (panelSection != null) {
            scripts.write("<script type=\"application/json\" id=\"panel-data\">");
            panelSection.writeData(scripts);
            scripts.write("</script>\n");
        }
        if (c.freshness() != null) {
            scripts.write("<script type=\"application/json\" id=\"live-data\">");
            ChartDataJson.writeFreshness(scripts, c.freshness(), newestSample(c.summary()));
            scripts.write("</script>\n");
        }
        scripts.write(plotly.inline() != null ? "<script>" + plotly.inline() + "</script>\n" : "<script src=\"" + html(plotly.url()) + "\"></script>\n");
        scripts.write("<script>" + script + "</script>");
        // Quoted attribute: only & and " need escaping, and cspUrl() has already refused quotes.
        out.write(PageTemplate.fill("document", "csp", csp.replace("&", "&amp;"), "style", "<style>\n" + PageTemplate.resource("page.css") + "</style>",
                "main", main(c, panelSection), "scripts", scripts.toString()));
    }

    /**
     * Writes the live page's shell: the document, its style sheet, then the scripts it loads from the folder
     * {@code filesDir} beside it (a relative URL path such as {@code metrics_files}): {@link LiveFiles#DATA} (see
     * {@link #writeData}), Plotly ({@link LiveFiles#PLOTLY}, or {@code plotlyUrl}) and page.js. The shell never changes
     * while watch runs; page.js fills {@code <main>} from the data script.
     *
     * @param plotlyUrl Plotly's URL when the page loads it from the network, or null for the copy in the folder
     * @throws IllegalArgumentException when {@code plotlyUrl} cannot go into a Content-Security-Policy
     */
    public static void writeShell(Writer out, String filesDir, String plotlyUrl) throws IOException {
        String dir = html(filesDir) + "/";
        String csp = "default-src 'none'; script-src 'self'" + (plotlyUrl != null ? " " + cspUrl(plotlyUrl) : "") + POLICY_REST;
        String plotly = plotlyUrl != null ? html(plotlyUrl) : dir + LiveFiles.PLOTLY;
        out.write(PageTemplate.fill("document", "csp", csp.replace("&", "&amp;"), "style", "<link rel=\"stylesheet\" href=\"" + dir + LiveFiles.STYLE + "\">",
                "main", "<p class=\"facts\">Loading the page's data from <code>" + dir + LiveFiles.DATA + "</code>…</p>\n",
                "scripts", "<script id=\"page-data\" src=\"" + dir + LiveFiles.DATA + "\"></script>\n<script src=\"" + plotly
                        + "\"></script>\n<script src=\"" + dir + LiveFiles.SCRIPT + "\"></script>"));
    }

    /**
     * Writes the live page's data script: {@code window.coppicePage = {"main": HTML of <main>, "data": the chart data,
     * "panels": the panel section's data (only with a section), "live": the freshness};} (JSON as {@link ChartDataJson}
     * writes it, which is also a valid script).
     *
     * @param panelSection the PromQL panels above "Other metrics", or null for none
     */
    public static void writeData(Writer out, Content c, PanelSection panelSection) throws IOException {
        out.write("window.coppicePage = {\"main\": ");
        ChartDataJson.writeString(out, main(c, panelSection));
        out.write(",\n\"data\": ");
        ChartDataJson.write(out, c.summary().restarts().byTarget(), c.summary().outages(), otherCharts(c, panelSection), c.chartPerTarget());
        if (panelSection != null) {
            out.write(",\n\"panels\": ");
            panelSection.writeData(out);
        }
        out.write(",\n\"live\": ");
        ChartDataJson.writeFreshness(out, c.freshness(), newestSample(c.summary()));
        out.write("};\n");
    }

    private static long newestSample(Summary s) {
        return s.span().samples() == 0 ? 0 : s.span().lastTs();
    }

    /**
     * The charts under "Other metrics": every family's but those a shown lead set draws ({@link PanelSection.Lead#draws}),
     * so that the gateway's metrics are not drawn twice.
     */
    private static List<Chart> otherCharts(Content c, PanelSection section) {
        PanelSection.Lead lead = section == null ? null : section.lead();
        if (lead == null || !lead.shown()) return c.charts();
        return c.charts().stream().filter(ch -> !lead.draws(ch.title)).toList();
    }

    /** The inside of {@code <main>}: header, the lead set's panels, how to feed the page, the other sets, other metrics. */
    private static String main(Content c, PanelSection panelSection) throws IOException {
        StringWriter out = new StringWriter(1 << 14);
        Summary s = c.summary();
        out.write(PageTemplate.fill("intro"));
        facts(out, c);
        if (!s.targets().isEmpty()) targets(out, s.targets());
        if (c.freshness() != null) freshness(out, c.freshness(), s);
        out.write("<p id=\"render-error\" class=\"error\" hidden></p>\n");

        List<Chart> other = otherCharts(c, panelSection).stream().filter(Chart::hasSeries).toList();
        Map<String, List<Chart>> groups = groups(other);
        PanelSection.Lead lead = panelSection == null ? null : panelSection.lead();
        boolean leadShown = lead != null && lead.shown();
        index(out, leadShown ? lead.index() : List.of(), groups);
        if (leadShown) {
            lead.writePanels(out, id -> emptyState(c, id));
            out.write(PageTemplate.fill("how-to-feed"));
            whatsTracked(out, lead);
        } else if (lead != null) {
            out.write(PageTemplate.fill("no-coppice", "panels", html(String.join(", ", lead.index().stream().map(PanelSection.IndexEntry::title).toList()))));
        }
        if (panelSection != null) panelSection.writeHtml(out);
        out.write("<section id=\"other\">\n<h2>Other metrics</h2>\n");
        if (other.isEmpty()) {
            out.write("<p class=\"empty\">No other series in the data.</p>\n");
        } else {
            out.write(PageTemplate.fill("other-metrics-note", "lead", leadShown ? PageTemplate.fill("lead-families").stripTrailing() : ""));
            guessedNote(out, leadShown ? s.guessedTypes().stream().filter(name -> !lead.draws(name)).toList() : s.guessedTypes());
            for (Map.Entry<String, List<Chart>> g : groups.entrySet()) group(out, c, g.getKey(), g.getValue());
        }
        out.write("</section>\n");
        if (!leadShown) {
            out.write(PageTemplate.fill("how-to-feed"));
            whatsTracked(out, lead);
        }
        return out.toString();
    }

    private static void facts(Writer out, Content c) throws IOException {
        Span span = c.summary().span();
        Problems p = c.summary().problems();
        List<Long> restarts = c.summary().restarts().all();
        out.write("<p class=\"facts\" id=\"facts\">");
        if (span.samples() == 0) {
            out.write("No successful scrapes");
        } else {
            out.write("Samples from <time>" + UTC.format(Instant.ofEpochMilli(span.firstTs())) + "</time> to <time>"
                    + UTC.format(Instant.ofEpochMilli(span.lastTs())) + "</time>: " + count(span.samples(), "sample", "samples"));
        }
        out.write(", " + count(p.failed(), "failed scrape", "failed scrapes"));
        if (p.gaps() > 0) out.write(", " + count(p.gaps(), "gap", "gaps") + " without records");
        if (!restarts.isEmpty()) out.write(", " + count(restarts.size(), "gateway restart", "gateway restarts") + " (dotted vertical lines)");
        if (p.malformedLines() > 0) out.write(", " + count(p.malformedLines(), "malformed line", "malformed lines") + " skipped");
        if (p.lateSamples() > 0) out.write(", " + count(p.lateSamples(), "out-of-order counter sample", "out-of-order counter samples") + " left out");
        out.write(". Times are UTC." + (c.windowText() == null ? "" : " Window: " + html(c.windowText()) + ".") + "</p>\n");
        // What the records themselves made the page leave out or break (clock steps, type changes, undrawable values).
        for (String note : c.summary().notes()) out.write("<p class=\"note data-note\">" + html(note) + "</p>\n");
    }

    /**
     * The freshness line: when the page was written (or watch stopped) and the newest sample; page.js keeps the age
     * counting, and on a live page shows the stale state ({@code #stale}).
     */
    private static void freshness(Writer out, Freshness f, Summary s) throws IOException {
        String written = UTC.format(Instant.ofEpochMilli(f.writtenAt()));
        String age = s.span().samples() == 0 ? "No sample yet." : "Last sample at " + UTC.format(Instant.ofEpochMilli(s.span().lastTs())) + ".";
        String interval = html(Durations.format(Duration.ofMillis(f.intervalMs())));
        if (f.live()) {
            out.write(PageTemplate.fill("freshness-live", "interval", interval, "written", written, "age", age));
        } else if (f.stoppedAt() > 0) {
            out.write(PageTemplate.fill("freshness-stopped", "stopped", UTC.format(Instant.ofEpochMilli(f.stoppedAt())), "interval", interval, "age", age));
        } else {
            out.write(PageTemplate.fill("freshness-rendered", "written", written, "age", age));
        }
        out.write("<p id=\"stale\" class=\"error\" hidden></p>\n");
    }

    private static void targets(Writer out, List<Target> targets) throws IOException {
        out.write("<p class=\"facts\" id=\"targets\">" + (targets.size() == 1 ? "Target: " : "Targets: "));
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            out.write((i == 0 ? "" : ", ") + "<code>" + html(t.name()) + "</code>");
            if (targets.size() == 1) continue;
            out.write(" (" + count(t.samples(), "sample", "samples") + (t.failed() > 0 ? ", " + count(t.failed(), "failed", "failed") : "")
                    + (t.restarts() > 0 ? ", " + count(t.restarts(), "restart", "restarts") : "") + ")");
        }
        out.write(targets.size() == 1 ? ".</p>\n" : ". Each chart has one line per target and series, named “target: series”.</p>\n");
    }

    /** Families in a group above this many are collapsed at first. */
    static final int OPEN_GROUP_MAX = 8;

    /**
     * The other metrics' charts grouped by namespace and subsystem, the first two words of the family name
     * ({@code node_cpu_seconds_total} in {@code node_cpu}); a group that would hold one family alone joins its namespace
     * ({@code go_goroutines} and {@code go_threads} in {@code go}). Groups in name order, charts in title order.
     *
     * @param charts charts of families
     * @return group name to its charts
     */
    static Map<String, List<Chart>> groups(List<Chart> charts) {
        Map<String, Integer> bySubsystem = new TreeMap<>();
        for (Chart ch : charts) bySubsystem.merge(subsystem(ch.title), 1, Integer::sum);
        TreeMap<String, List<Chart>> out = new TreeMap<>();
        for (Chart ch : charts) {
            String sub = subsystem(ch.title);
            String group = bySubsystem.get(sub) >= 2 ? sub : namespace(ch.title);
            out.computeIfAbsent(group, k -> new ArrayList<>()).add(ch);
        }
        for (List<Chart> list : out.values()) list.sort(Comparator.comparing((Chart ch) -> ch.title));
        return out;
    }

    private static String namespace(String name) {
        int first = name.indexOf('_');
        return first <= 0 ? name : name.substring(0, first);
    }

    /** The first two words of a name with at least three ({@code node_cpu} of {@code node_cpu_seconds_total}), else its namespace. */
    private static String subsystem(String name) {
        int first = name.indexOf('_');
        if (first <= 0) return name;
        int second = name.indexOf('_', first + 1);
        return second < 0 || second == name.length() - 1 ? namespace(name) : name.substring(0, second);
    }

    /** The sticky bar: the filter box and the index of sections (the lead's panels), groups and families. */
    private static void index(Writer out, List<PanelSection.IndexEntry> panels, Map<String, List<Chart>> groups) throws IOException {
        int families = 0;
        for (List<Chart> g : groups.values()) families += g.size();
        out.write("<nav id=\"index\" class=\"index\" aria-label=\"Index\">\n");
        out.write("<input id=\"filter\" type=\"search\" placeholder=\"Filter charts by metric name or label\" autocomplete=\"off\" "
                + "aria-label=\"Filter charts by metric name or label\">\n<span id=\"filter-count\" class=\"note\" aria-live=\"polite\"></span>\n");
        out.write("<details id=\"index-list\"><summary>Index: " + count(panels.size() + 1, "section", "sections") + ", "
                + count(groups.size(), "group", "groups") + ", " + count(families, "family", "families") + "</summary>\n<ul>\n");
        for (PanelSection.IndexEntry e : panels) out.write("<li><a href=\"#" + html(e.anchor()) + "\">" + html(e.title()) + "</a></li>\n");
        out.write("<li><a href=\"#other\">Other metrics</a><ul>\n");
        for (Map.Entry<String, List<Chart>> g : groups.entrySet()) {
            out.write("<li><a href=\"#g-" + html(g.getKey()) + "\"><code>" + html(g.getKey()) + "_*</code></a> (" + g.getValue().size() + "):");
            for (Chart ch : g.getValue()) {
                out.write(" <a class=\"fam\" href=\"#f-" + html(ch.id) + "\">" + html(ch.title) + "</a>");
            }
            out.write("</li>\n");
        }
        out.write("</ul></li>\n</ul>\n</details>\n</nav>\n");
    }

    /**
     * One group of families: collapsible (collapsed above {@link #OPEN_GROUP_MAX} families), its charts, its info and
     * stateset tables, its unchanged series as one table (a family whose every series is unchanged has no heading of its
     * own: its index link lands on its first row), and the latest, min, max and mean of each drawn series.
     */
    private static void group(Writer out, Content c, String name, List<Chart> charts) throws IOException {
        List<Chart> drawn = charts.stream().filter(Chart::hasData).toList();
        List<Trace> unchanged = new ArrayList<>();
        List<Chart> unchangedOf = new ArrayList<>();
        for (Chart ch : charts) {
            if (ch.table) continue;
            for (Trace t : ch.unchangedTraces()) {
                unchanged.add(t);
                unchangedOf.add(ch);
            }
        }
        String id = html(name);
        out.write("<details class=\"group\" id=\"g-" + id + "\" data-group=\"" + id + "\"" + (charts.size() > OPEN_GROUP_MAX ? "" : " open")
                + ">\n<summary><code>" + id + "_*</code> <span class=\"note\">" + count(charts.size(), "family", "families") + ", "
                + count(drawn.size(), "chart", "charts") + (unchanged.isEmpty() ? "" : ", " + count(unchanged.size(), "unchanged series", "unchanged series"))
                + "</span></summary>\n");
        for (Chart ch : charts) {
            if (!ch.table && !ch.hasData()) continue; // every series unchanged: only in the table below
            out.write("<div class=\"family\" id=\"f-" + html(ch.id) + "\">\n");
            if (ch.table) {
                out.write("<h3>" + html(ch.title) + "</h3>\n<p class=\"sub\">" + html(ch.subtitle) + "</p>\n");
                out.write("<table class=\"small\">\n<thead><tr><th>series</th><th>latest</th></tr></thead>\n<tbody>\n");
                for (Trace t : ch.traces()) {
                    if (t.points.points() == 0) continue;
                    out.write("<tr><td><code>" + html(t.name) + "</code></td><td>" + number(t.points.latest()) + "</td></tr>\n");
                }
                out.write("</tbody>\n</table>\n");
            } else {
                chart(out, c, ch);
            }
            out.write("</div>\n");
        }
        if (!unchanged.isEmpty()) {
            out.write("<h4>Unchanged over the window</h4>\n<table class=\"unchanged\" id=\"u-" + id + "\">\n"
                    + "<thead><tr><th>metric</th><th>series</th><th>value</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < unchanged.size(); i++) {
                Trace t = unchanged.get(i);
                Chart of = unchangedOf.get(i);
                boolean firstOfFolded = !of.hasData() && (i == 0 || unchangedOf.get(i - 1) != of);
                out.write("<tr" + (firstOfFolded ? " id=\"f-" + html(of.id) + "\"" : "") + "><td><code>" + html(of.title) + "</code></td><td>"
                        + (t.name.equals(of.title) ? "" : "<code>" + html(t.name) + "</code>") + "</td><td>" + number(t.source.latestValue)
                        + "</td></tr>\n");
            }
            out.write("</tbody>\n</table>\n");
        }
        if (!drawn.isEmpty()) {
            out.write("<details class=\"stats\"><summary>Latest, min, max and mean over the window</summary>\n<table class=\"stats\">\n"
                    + "<thead><tr><th>metric</th><th>series</th><th>latest</th><th>min</th><th>max</th><th>mean</th></tr></thead>\n<tbody>\n");
            for (Chart ch : drawn) {
                for (Trace t : ch.drawnTraces()) {
                    if (t.points.points() == 0) continue;
                    Downsampler p = t.points;
                    out.write("<tr><td><code>" + html(ch.title) + "</code></td><td><code>" + html(t.name) + "</code></td><td>" + number(p.latest())
                            + "</td><td>" + number(p.min()) + "</td><td>" + number(p.max()) + "</td><td>" + number(p.mean()) + "</td></tr>\n");
                }
            }
            out.write("</tbody>\n</table>\n</details>\n");
        }
        out.write("</details>\n");
    }

    /** A value in the shortest digits that read back to the same double (as the chart data has it); a whole number without ".0". */
    static String number(double v) {
        return ValueText.of(v);
    }

    /** How many metrics were typed by their names, naming the first few. */
    private static void guessedNote(Writer out, List<String> guessed) throws IOException {
        if (guessed.isEmpty()) return;
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < Math.min(GUESSED_NAMED, guessed.size()); i++) {
            names.append(i == 0 ? "" : ", ").append("<code>").append(html(guessed.get(i))).append("</code>");
        }
        if (guessed.size() > GUESSED_NAMED) names.append(" and ").append(guessed.size() - GUESSED_NAMED).append(" more");
        out.write(PageTemplate.fill("guessed-types", "count", count(guessed.size(), "metric", "metrics"),
                "whose", guessed.size() == 1 ? "its type was" : "their types were", "names", names.toString()));
    }

    private static String count(long n, String one, String many) {
        return String.format("%,d ", n) + (n == 1 ? one : many);
    }

    private static void chart(Writer out, Content c, Chart ch) throws IOException {
        out.write("<h3>" + html(ch.title) + "</h3>\n");
        // A type taken from the name alone is marked where the chart is read, not only in the intro's list.
        String guessed = ch.guessed == null ? "" : "<span class=\"guessed\" title=\"no TYPE declared: the type is guessed from the name\">guessed "
                + html(ch.guessed) + "</span> ";
        out.write("<p class=\"sub\">" + guessed + html(ch.subtitle) + "</p>\n");
        if (ch.note != null && ch.hasData()) out.write("<p class=\"note\">" + html(ch.note) + "</p>\n");
        if (!ch.hasData()) {
            out.write(emptyState(c, ch.id));
            return;
        }
        out.write("<div class=\"chart\" id=\"chart-" + html(ch.id) + "\" data-chart=\"" + html(ch.id) + "\"></div>\n");
        StringBuilder notes = new StringBuilder();
        int downsampled = 0;
        for (Trace t : ch.drawnTraces()) {
            if (!t.points.downsampled()) continue;
            if (downsampled++ < DOWNSAMPLED_NAMED) {
                notes.append(notes.length() == 0 ? "" : "; ").append(html(t.name)).append(": ")
                        .append(String.format("%,d", t.points.rawPoints())).append(" points shown as ").append(t.points.points())
                        .append(" (min and max per ").append(bucketText(t.points.bucketMillis()))
                        .append(')').append(t.points.mergedBreaks() ? ", nearby breaks merged" : "");
            }
        }
        if (downsampled > 0) {
            out.write("<p class=\"note\">Downsampled for display: " + notes
                    + (downsampled > DOWNSAMPLED_NAMED ? "; and " + (downsampled - DOWNSAMPLED_NAMED) + " more traces" : "") + ".</p>\n");
        }
        undrawableNote(out, ch);
        if (ch.distinctTraces() > ch.traces().size()) {
            out.write("<p class=\"note\">Showing the " + ch.traces().size() + " most recently active of "
                    + String.format("%,d", ch.distinctTraces()) + " series.</p>\n");
        }
    }

    /**
     * Names the points of a chart that are not handed to Plotly because it cannot draw them ({@link ChartDataJson#drawable}):
     * how many, per trace, with the first one's value and time.
     */
    private static void undrawableNote(Writer out, Chart ch) throws IOException {
        StringBuilder traces = new StringBuilder();
        long total = 0;
        for (Trace t : ch.drawnTraces()) {
            long count = 0;
            int first = -1;
            for (int i = 0; i < t.points.size(); i++) {
                double v = t.points.value(i);
                if (Double.isFinite(v) && !ChartDataJson.drawable(v) && count++ == 0) first = i;
            }
            if (count == 0) continue;
            total += count;
            traces.append(traces.length() == 0 ? "" : "; ").append(html(t.name)).append(": ").append(count).append(", e.g. ")
                    .append(ValueText.of(t.points.value(first))).append(" at ").append(UTC.format(Instant.ofEpochMilli(t.points.time(first))));
        }
        if (total == 0) return;
        out.write("<p class=\"note undrawable\">" + count(total, "point", "points") + " not drawn: "
                + (total == 1 ? "its value lies" : "their values lie") + " beyond ±" + ValueText.of(ChartDataJson.MAX_DRAWABLE)
                + ", too large for the chart library (Plotly) to place on an axis (" + traces + ").</p>\n");
    }

    /** A bucket width for people: whole seconds (minutes, hours) once it is at least a second. */
    private static String bucketText(long millis) {
        return millis < 1000 ? millis + "ms" : Durations.format(Duration.ofSeconds(Math.round(millis / 1000.0)));
    }

    /**
     * The empty state of a chart or panel: with no successful scrape under the data folder (in the window), the seed's
     * text and how to feed the page; with samples there, that this panel's expressions answer nothing over them.
     */
    private static String emptyState(Content c, String id) throws IOException {
        return PageTemplate.fill(c.summary().span().samples() == 0 ? "no-samples" : "no-series", "id", html(id), "dir", html(c.dataDirLabel()),
                "window", c.windowText() == null ? "" : " in the window (" + html(c.windowText()) + ")");
    }

    /** The "What's tracked" section: the lead set's rows as a table; nothing when there is no lead or it lists none. */
    private static void whatsTracked(Writer out, PanelSection.Lead lead) throws IOException {
        String rows = lead == null ? "" : lead.trackedRows();
        if (!rows.isEmpty()) out.write(PageTemplate.fill("whats-tracked", "rows", rows));
    }

    /**
     * Text escaped for HTML element content and quoted attribute values: {@code & < > " '}, and U+2028 and U+2029 as
     * character references; control and format characters (a bidi override U+202E) as the text <code>&#92;uNNNN</code>.
     * Source: HTML Living Standard, 13.1.2.6 (text) and 13.1.2.3 (attributes).
     */
    public static String html(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                // Harmless in HTML, but a line break to JavaScript: kept out of the page's text as the JSON keeps them out.
                case '\u2028' -> out.append("&#x2028;");
                case '\u2029' -> out.append("&#x2029;");
                // A bidi override (U+202E) or another control or format character would act on the text after it:
                // shown as a backslash, u and four hex digits, as page.js shows it in a legend and the tools print it on a terminal.
                default -> {
                    int type = Character.getType(ch);
                    boolean acts = type == Character.FORMAT || type == Character.CONTROL && ch != '\n' && ch != '\t' && ch != '\r';
                    if (acts) out.append(String.format("\\u%04X", (int) ch));
                    else out.append(ch);
                }
            }
        }
        return out.toString();
    }

    /** The CSP source for a script: {@code 'sha256-<base64>'} of its UTF-8 bytes (CSP Level 3, hash-source). */
    public static String sha256Source(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Plotly source checked for inlining and its CSP hash. */
    private record CheckedInline(String script, String hash) {}

    /** The last Plotly checked: render and the demo inline the same few MB, checked and hashed once. */
    private static volatile CheckedInline lastInline;

    /**
     * The CSP hash of a Plotly source to inline, after checking it can be inlined.
     *
     * @throws IllegalArgumentException when it contains a script tag
     */
    private static String inlineHash(String script) {
        CheckedInline last = lastInline;
        if (last != null && last.script() == script) return last.hash();
        String lower = script.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("<script")) {
            throw new IllegalArgumentException("the Plotly file contains a <script> tag and cannot be inlined; serve it and pass its URL instead");
        }
        String hash = sha256Source(script);
        lastInline = new CheckedInline(script, hash);
        return hash;
    }

    private static String cspUrl(String url) {
        // A CSP source expression cannot carry ';' or ',' or spaces; such a URL would widen or break the policy.
        if (url.matches(".*[\\s;,'\"].*")) throw new IllegalArgumentException("Plotly URL not usable in a Content-Security-Policy: " + url);
        return url;
    }
}
