package page;

import java.io.IOException;
import java.io.InputStream;
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
 * Writes the "Live metrics" page: static HTML with the coppice panels (see {@link CoppicePanels}), how to feed the
 * page, the "What's tracked" table and the other metrics; the plotted data as JSON inside
 * {@code <script type="application/json">} ({@link ChartDataJson}); the page's own script and style sheet; and Plotly,
 * either from a URL or inlined from a local file. Inline scripts are allowed by their sha256 in the
 * Content-Security-Policy.
 *
 * <p>The script and the style sheet are the files {@code page.js} and {@code page.css} beside this class, read from
 * the classpath as {@code page/page.js} and {@code page/page.css}: a script that renders the page brings them in with
 * {@code //FILES page/page.js=lib/page/page.js} and {@code //FILES page/page.css=lib/page/page.css}.
 *
 * <p>Every text that reaches HTML goes through {@link #html}; every string in the JSON is escaped by
 * {@link ChartDataJson}, so no label value can end the data element.
 */
public final class Page {
    /** The Plotly version the page is tested with (npm plotly.js-dist-min). */
    public static final String PLOTLY_VERSION = "4.1.2";
    /** Plotly from its CDN, pinned to {@link #PLOTLY_VERSION}. */
    public static final String PLOTLY_CDN = "https://cdn.plot.ly/plotly-" + PLOTLY_VERSION + ".min.js";
    /** How the page writes a time: {@code 2026-11-29 10:18:30 UTC}. */
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** Downsampled traces named in a chart's note; the rest are counted. */
    private static final int DOWNSAMPLED_NAMED = 5;
    /** Metrics typed by name named in the "Other metrics" intro; the rest are counted. */
    private static final int GUESSED_NAMED = 10;

    /**
     * What goes on the page besides the charts.
     *
     * @param dataDirLabel  the data folder as the user wrote it, for the empty-state text (e.g. {@code data/metrics/})
     * @param windowText    the time window asked for (e.g. "since 2026-11-28 10:00:00 UTC"), or null for all data
     * @param plotlyUrl     where the page loads Plotly from, or null when {@code plotlyInline} is given
     * @param plotlyInline  Plotly's source to inline, or null
     * @param summary       header facts: first/last sample (epoch ms), samples, failed scrapes, gaps, restarts (epoch ms)
     * @param charts        the coppice panels' charts, then the other metrics' (as {@link ChartBuilder#charts()})
     */
    public record Content(String dataDirLabel, String windowText, String plotlyUrl, String plotlyInline, Summary summary,
                          List<Chart> charts, Freshness freshness) {
        /** Content with no freshness line (the page says neither when it was written nor whether it is live). */
        public Content(String dataDirLabel, String windowText, String plotlyUrl, String plotlyInline, Summary summary, List<Chart> charts) {
            this(dataDirLabel, windowText, plotlyUrl, plotlyInline, summary, charts, null);
        }
    }

    /**
     * How fresh the page is, for its freshness line and, on a live page, its own reloads (page.js, {@code live-data}).
     *
     * @param writtenAt  when the page was written, epoch ms
     * @param intervalMs the scrape interval of {@code watch --render} in ms, or 0 for a page {@code render} wrote
     *                   (it says when it was rendered and never reloads)
     * @param targets    the newest scrape of each target ({@code watch --render} only; empty otherwise)
     */
    public record Freshness(long writtenAt, long intervalMs, List<TargetStatus> targets) {
        /** A page written once by {@code render} at {@code writtenAt} (epoch ms). */
        public static Freshness rendered(long writtenAt) {
            return new Freshness(writtenAt, 0, List.of());
        }

        /** Whether the page is rewritten after every sample and reloads itself. */
        public boolean live() {
            return intervalMs > 0;
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
     * Header facts; first/last in epoch ms (first > last when there were no samples).
     *
     * @param targets the named targets ({@code watch --target NAME=URL}) whose records were read, in page order; empty
     *                when every record came from one unnamed target (the header then names none)
     * @param guessedTypes metric names charted as a counter or histogram by their name alone, for want of a declared
     *                TYPE (the "Other metrics" intro counts them)
     * @param restartsByTarget the same restarts by target, as {@link MultiTargetCharts#restartsByTarget()}: each
     *                target's are drawn on its own lines only ({@code ""} stands for every line)
     */
    public record Summary(long firstTs, long lastTs, long samples, long failed, long gaps, long lateSamples, List<Long> restarts,
                          long malformedLines, List<Target> targets, List<String> guessedTypes, Map<String, List<Long>> restartsByTarget,
                          List<String> notes) {
        /** A summary of one target's page (its restarts go on every line), with no types guessed and no notes. */
        public Summary(long firstTs, long lastTs, long samples, long failed, long gaps, long lateSamples, List<Long> restarts,
                       long malformedLines, List<Target> targets) {
            this(firstTs, lastTs, samples, failed, gaps, lateSamples, restarts, malformedLines, targets, List.of(), Map.of("", restarts), List.of());
        }
    }

    /** One target in the header: its name (as traces are prefixed), successful and failed scrapes, gateway restarts. */
    public record Target(String name, long samples, long failed, long restarts) {}

    private Page() {}

    /**
     * Writes the whole page.
     *
     * @throws IOException from the writer, or when page.js or page.css is not on the classpath
     * @throws IllegalArgumentException when the inlined Plotly contains a script tag and cannot be inlined safely
     */
    public static void write(Writer out, Content c) throws IOException {
        String plotlyHash = c.plotlyInline() != null ? inlineHash(c.plotlyInline()) : null;
        // The script element's text, as hashed for the policy: the file on lines of its own.
        String script = "\n" + resource("page.js");
        String style = resource("page.css");
        String csp = "default-src 'none'; script-src " + sha256Source(script) + " "
                + (plotlyHash != null ? plotlyHash : cspUrl(c.plotlyUrl()))
                + "; style-src 'unsafe-inline'; img-src data: blob:; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";
        Summary s = c.summary();
        out.write("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Quoted attribute: only & and " need escaping, and cspUrl() has already refused quotes.
        out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp.replace("&", "&amp;") + "\">\n");
        out.write("<meta name=\"color-scheme\" content=\"light dark\">\n");
        out.write("<title>Live metrics</title>\n<style>\n" + style + "</style>\n</head>\n<body>\n<main>\n");
        out.write("<h1>Live metrics</h1>\n");
        out.write(INTRO);
        facts(out, c);
        if (!s.targets().isEmpty()) targets(out, s.targets());
        if (c.freshness() != null) freshness(out, c.freshness(), s);
        out.write("<p id=\"render-error\" class=\"error\" hidden></p>\n");

        List<Chart> panels = c.charts().stream().filter(ch -> ch.coppicePanel).toList();
        List<Chart> other = c.charts().stream().filter(ch -> !ch.coppicePanel && ch.hasSeries()).toList();
        Map<String, List<Chart>> groups = groups(other);
        boolean coppice = hasCoppiceData(s, c.charts());
        index(out, coppice ? panels : List.of(), groups);
        if (coppice) {
            for (Chart ch : panels) {
                out.write("<section id=\"p-" + html(ch.id) + "\" class=\"panel\">\n<h2>" + html(ch.title) + "</h2>\n");
                if (ch.id.equals(CoppicePanels.CPU.id())) out.write(CPU_NOTE);
                if (ch.id.equals(CoppicePanels.LATENCY.id())) out.write(LATENCY_NOTE);
                chart(out, c, ch);
                out.write("</section>\n");
            }
            out.write(HOW_TO_FEED);
            whatsTracked(out);
        } else {
            out.write(NO_COPPICE);
        }
        out.write("<section id=\"other\">\n<h2>Other metrics</h2>\n");
        if (other.isEmpty()) {
            out.write("<p class=\"empty\">No other series in the data.</p>\n");
        } else {
            out.write(OTHER_METRICS_NOTE);
            guessedNote(out, s.guessedTypes());
            for (Map.Entry<String, List<Chart>> g : groups.entrySet()) group(out, c, g.getKey(), g.getValue());
        }
        out.write("</section>\n");
        if (!coppice) {
            out.write(HOW_TO_FEED);
            whatsTracked(out);
        }
        out.write("</main>\n");
        out.write("<script type=\"application/json\" id=\"chart-data\">");
        ChartDataJson.write(out, s.restartsByTarget(), c.charts());
        out.write("</script>\n");
        if (c.freshness() != null) {
            out.write("<script type=\"application/json\" id=\"live-data\">");
            ChartDataJson.writeFreshness(out, c.freshness(), s.samples() == 0 ? 0 : s.lastTs());
            out.write("</script>\n");
        }
        if (c.plotlyInline() != null) {
            out.write("<script>");
            out.write(c.plotlyInline());
            out.write("</script>\n");
        } else {
            out.write("<script src=\"" + html(c.plotlyUrl()) + "\"></script>\n");
        }
        out.write("<script>" + script + "</script>\n</body>\n</html>\n");
    }

    private static void facts(Writer out, Content c) throws IOException {
        Summary s = c.summary();
        out.write("<p class=\"facts\" id=\"facts\">");
        if (s.samples() == 0) {
            out.write("No successful scrapes");
        } else {
            out.write("Samples from <time>" + UTC.format(Instant.ofEpochMilli(s.firstTs())) + "</time> to <time>"
                    + UTC.format(Instant.ofEpochMilli(s.lastTs())) + "</time>: " + count(s.samples(), "sample", "samples"));
        }
        out.write(", " + count(s.failed(), "failed scrape", "failed scrapes"));
        if (s.gaps() > 0) out.write(", " + count(s.gaps(), "gap", "gaps") + " without records");
        if (!s.restarts().isEmpty()) out.write(", " + count(s.restarts().size(), "gateway restart", "gateway restarts") + " (dotted vertical lines)");
        if (s.malformedLines() > 0) out.write(", " + count(s.malformedLines(), "malformed line", "malformed lines") + " skipped");
        if (s.lateSamples() > 0) out.write(", " + count(s.lateSamples(), "out-of-order counter sample", "out-of-order counter samples") + " left out");
        out.write(". Times are UTC." + (c.windowText() == null ? "" : " Window: " + html(c.windowText()) + ".") + "</p>\n");
        // What the records themselves made the page leave out or break (clock steps, type changes, undrawable values).
        for (String note : s.notes()) out.write("<p class=\"note data-note\">" + html(note) + "</p>\n");
    }

    /**
     * The freshness line: when the page was written and the newest sample; page.js keeps the age counting, and on a
     * live page shows the stale state ({@code #stale}) and reloads.
     */
    private static void freshness(Writer out, Freshness f, Summary s) throws IOException {
        String written = UTC.format(Instant.ofEpochMilli(f.writtenAt()));
        out.write("<p class=\"facts\" id=\"freshness\" data-live=\"" + (f.live() ? "1" : "0") + "\">");
        if (f.live()) {
            out.write("Live: <code>watch --render</code> rewrites this page after every sample (every "
                    + html(Durations.format(Duration.ofMillis(f.intervalMs()))) + ") and it reloads itself; written at <time>" + written + "</time>.");
        } else {
            out.write("Rendered at <time>" + written + "</time> by <code>render</code>; this page does not refresh itself "
                    + "(<code>watch --render</code> keeps one live).");
        }
        out.write(" <span id=\"sample-age\">" + (s.samples() == 0 ? "No sample yet." : "Last sample at " + UTC.format(Instant.ofEpochMilli(s.lastTs())) + ".")
                + "</span></p>\n");
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
     * Whether the page shows the coppice panels: when the data holds a coppice metric (a panel with a series, or a
     * series named {@code coppice_*} anywhere), or holds no successful scrape at all (then the panels show the spec's
     * empty states). Otherwise the panels shrink to one line ({@link #NO_COPPICE}).
     */
    static boolean hasCoppiceData(Summary s, List<Chart> charts) {
        if (s.samples() == 0) return true;
        for (Chart ch : charts) {
            if (ch.coppicePanel ? ch.hasSeries() : ch.title.startsWith("coppice_") && ch.hasSeries()) return true;
        }
        return false;
    }

    /**
     * The other metrics' charts grouped by namespace and subsystem, the first two words of the family name
     * ({@code node_cpu_seconds_total} in {@code node_cpu}); a group that would hold one family alone joins its namespace
     * ({@code go_goroutines} and {@code go_threads} in {@code go}). Groups in name order, charts in title order.
     *
     * @param charts charts of families (no coppice panels)
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

    /** The sticky bar: the filter box and the index of sections, groups and families. */
    private static void index(Writer out, List<Chart> panels, Map<String, List<Chart>> groups) throws IOException {
        int families = 0;
        for (List<Chart> g : groups.values()) families += g.size();
        out.write("<nav id=\"index\" class=\"index\" aria-label=\"Index\">\n");
        out.write("<input id=\"filter\" type=\"search\" placeholder=\"Filter charts by metric name or label\" autocomplete=\"off\" "
                + "aria-label=\"Filter charts by metric name or label\">\n<span id=\"filter-count\" class=\"note\" aria-live=\"polite\"></span>\n");
        out.write("<details id=\"index-list\"><summary>Index: " + count(panels.size() + 1, "section", "sections") + ", "
                + count(groups.size(), "group", "groups") + ", " + count(families, "family", "families") + "</summary>\n<ul>\n");
        for (Chart ch : panels) out.write("<li><a href=\"#p-" + html(ch.id) + "\">" + html(ch.title) + "</a></li>\n");
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
     * stateset tables, its unchanged series as a table, and the latest, min, max and mean of each drawn series.
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
            out.write("<div class=\"family\" id=\"f-" + html(ch.id) + "\">\n");
            if (ch.table) {
                out.write("<h3>" + html(ch.title) + "</h3>\n<p class=\"sub\">" + html(ch.subtitle) + "</p>\n");
                out.write("<table class=\"small\">\n<thead><tr><th>series</th><th>latest</th></tr></thead>\n<tbody>\n");
                for (Trace t : ch.traces()) {
                    if (t.points.points() == 0) continue;
                    out.write("<tr><td><code>" + html(t.name) + "</code></td><td>" + number(t.points.latest()) + "</td></tr>\n");
                }
                out.write("</tbody>\n</table>\n");
            } else if (ch.hasData()) {
                chart(out, c, ch);
            } else {
                out.write("<h3>" + html(ch.title) + "</h3>\n<p class=\"sub\">Every series unchanged over the window: see the table of "
                        + "unchanged series below.</p>\n");
            }
            out.write("</div>\n");
        }
        if (!unchanged.isEmpty()) {
            out.write("<h4>Unchanged over the window</h4>\n<table class=\"unchanged\" id=\"u-" + id + "\">\n"
                    + "<thead><tr><th>metric</th><th>series</th><th>value</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < unchanged.size(); i++) {
                Trace t = unchanged.get(i);
                out.write("<tr><td><code>" + html(unchangedOf.get(i).title) + "</code></td><td>" + (t.name.equals(unchangedOf.get(i).title) ? ""
                        : "<code>" + html(t.name) + "</code>") + "</td><td>" + number(t.source.latestValue) + "</td></tr>\n");
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
        out.write("<p class=\"note\" id=\"guessed-types\">" + count(guessed.size(), "metric", "metrics")
                + " without a declared TYPE (none, untyped or unknown), so " + (guessed.size() == 1 ? "its type was" : "their types were")
                + " taken from the name (<code>_total</code>: counter; <code>_bucket</code> with <code>le</code>: histogram): "
                + names + ". Their subtitles say so.</p>\n");
    }

    private static String count(long n, String one, String many) {
        return String.format("%,d ", n) + (n == 1 ? one : many);
    }

    private static void chart(Writer out, Content c, Chart ch) throws IOException {
        if (!ch.coppicePanel) out.write("<h3>" + html(ch.title) + "</h3>\n");
        out.write("<p class=\"sub\">" + html(ch.subtitle) + "</p>\n");
        if (ch.note != null && ch.hasData()) out.write("<p class=\"note\">" + html(ch.note) + "</p>\n");
        if (!ch.hasData()) {
            out.write("<p class=\"empty\" data-empty=\"" + html(ch.id) + "\">No samples under " + html(c.dataDirLabel())
                    + (c.windowText() == null ? "" : " in the window (" + html(c.windowText()) + ")")
                    + ". Run <code>jbang watch@coppice</code> (or <code>mise run metrics:watch</code>) while the gateway is busy, "
                    + "then render again.</p>\n");
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

    /** The "What's tracked" section: {@link CoppicePanels#TRACKED} as a table. */
    private static void whatsTracked(Writer out) throws IOException {
        out.write("<section>\n<h2>What’s tracked</h2>\n<table>\n<thead><tr><th>metric</th><th>type</th><th>source</th></tr></thead>\n<tbody>\n");
        for (CoppicePanels.TrackedMetric m : CoppicePanels.TRACKED) {
            out.write("<tr><td><code>" + html(m.name()) + "</code></td><td>" + html(m.type()) + "</td><td>" + html(m.source()) + "</td></tr>\n");
        }
        out.write(WHATS_TRACKED_NOTE);
    }

    /**
     * Text escaped for HTML element content and quoted attribute values: {@code & < > " '}, and U+2028 and U+2029 as
     * character references.
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
                default -> out.append(ch);
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

    /**
     * The last inlined Plotly and its hash: watch --render writes the same few MB every tick, checked and hashed once.
     */
    private static volatile Object[] lastInline = {null, null};

    /**
     * The CSP hash of a Plotly source to inline, after checking it can be inlined.
     *
     * @throws IllegalArgumentException when it contains a script tag
     */
    private static String inlineHash(String script) {
        Object[] last = lastInline;
        if (last[0] == script) return (String) last[1];
        String lower = script.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("<script")) {
            throw new IllegalArgumentException("the Plotly file contains a <script> tag and cannot be inlined; serve it and pass its URL instead");
        }
        String hash = sha256Source(script);
        lastInline = new Object[] {script, hash};
        return hash;
    }

    private static String cspUrl(String url) {
        // A CSP source expression cannot carry ';' or ',' or spaces; such a URL would widen or break the policy.
        if (url.matches(".*[\\s;,'\"].*")) throw new IllegalArgumentException("Plotly URL not usable in a Content-Security-Policy: " + url);
        return url;
    }

    /** A file beside this class on the classpath (see the class comment), as UTF-8 text. */
    private static String resource(String name) throws IOException {
        try (InputStream in = Page.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("page/" + name + " is not on the classpath; a script that writes the page needs the line "
                        + "//FILES page/" + name + "=lib/page/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final String INTRO = """
<p>A deliberately small operational panel. The coppice gateway exposes <code>/metrics</code> in Prometheus text format; \
<code>jbang watch@coppice</code> polls it and appends one JSON line per scrape to <code>data/metrics/YYYY-MM-DD.jsonl</code>. \
<code>jbang render@coppice</code> reads whatever sits in that folder and plots it on this one static page. \
No database, no dashboard server: just JSONL and a render step.</p>
""";

    private static final String CPU_NOTE = """
<p>One line per live sandbox, each labeled with the first 12 hex digits of its id. Source is \
<code>coppice_sandbox_cpu_percent</code> from rctl(8); 100 = one full core. Click a legend entry to hide it, \
double-click to show only that sandbox.</p>
""";

    private static final String LATENCY_NOTE = """
<p>Mean time per call over each interval: Δ<code>coppice_sandbox_create_ns_sum</code> / \
Δ<code>coppice_sandboxes_created_total</code> and Δ<code>coppice_execute_ns_sum</code> / \
Δ<code>coppice_execute_requests_total</code>, in ms; no point where nothing was created or executed.</p>
""";

    private static final String HOW_TO_FEED = """
<section>
<h2>How to feed this page</h2>
<pre><code># With the gateway running and its /metrics reachable:
jbang watch@coppice --render   # a scrape every 30 s until Ctrl-C, and this page kept live (mise run metrics:watch)
jbang scrape@coppice           # one scrape, appended to data/metrics/TODAY.jsonl           (mise run metrics:scrape)
jbang render@coppice           # this page once from every day file, e.g. after scrapes    (mise run metrics:render)

# Or all at once against a simulated gateway:
mise run demo                  # jbang demo@coppice
</code></pre>
<p>While <code>watch --render</code> runs, it rewrites this page (data/metrics.html) after every sample: the page shows \
how old its newest sample is, reloads itself shortly after the next one is due and keeps your zoom, hidden traces, \
filter and scroll position. It turns stale when no sample came for three intervals or the newest scrape failed. \
A page written by <code>render</code> says when it was rendered and does not reload. Plotly is inlined from \
<code>build/plotly/</code> when <code>launcher/install-plotly.sh</code> has installed it there, so the page draws \
without network; otherwise it loads Plotly from its CDN.</p>
<p>The samples are git-ignored by default (the <code>.gitignore</code> entries <code>/data/metrics/*.jsonl</code> and \
<code>/data/metrics/*.jsonl.gz</code>). To publish them with the repository, drop those two lines and commit the day \
files: a sample of the coppice gateway is about 1.4 KB of JSON (1,358 bytes on average over the demo's 20 records, \
measured 2026-11-30), about 4 MB a day at the 30 s default before the day is gzipped.</p>
</section>
""";

    private static final String WHATS_TRACKED_NOTE = """
</tbody>
</table>
<p>No histograms in the gateway yet: the running mean from <code>ns_sum / requests_total</code> (the Latency chart) is enough
to show whether the system is doing work. Histograms of other targets appear under Other metrics as p50 / p90 / p99.</p>
</section>
""";

    private static final String NO_COPPICE = """
<p class="empty" id="no-coppice">No coppice metric in this data, so the coppice panels (Alive state, Sandbox lifecycle, \
Execution path, Per-sandbox CPU, Latency) are left out; how to feed the page and the coppice metrics it knows are at the end.</p>
""";

    private static final String OTHER_METRICS_NOTE = """
<p>Every other series the target exposed, grouped by namespace and subsystem, one chart per metric family and one line per \
label set: gauges as recorded, counters as rates per second, histograms as p50 / p90 / p99 per interval with the rate of \
their count, summaries as their quantiles and their mean per interval. Series that did not change over the window are \
listed in a table instead of drawn; each group ends with the latest, min, max and mean of its drawn series.</p>
""";
}
