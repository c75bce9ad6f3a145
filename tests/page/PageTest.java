package page;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import days.DayFileReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.CompactRecord;
import record.SeriesKey;

class PageTest {
    static final List<String> HOSTILE = List.of(
            "</script><script>alert(1)</script>",
            "<img src=x onerror=alert(2)>",
            "\"quoted\" and 'single' & ampersand",
            "line\u2028separator\u2029paragraph",
            "<!--<script>");

    /** A page whose label values, metric names and sandbox ids are all hostile strings. */
    static String hostilePage(String plotlyUrl, String plotlyInline) throws IOException {
        ChartBuilder b = new ChartBuilder(2000, 100, new HashMap<>());
        for (int t = 0; t < 3; t++) {
            List<String> keys = new ArrayList<>();
            for (String h : HOSTILE) {
                keys.add(SeriesKey.of("coppice_sandbox_cpu_percent", List.of("sandbox", h)));
                keys.add(SeriesKey.of("evil_gauge", List.of("label", h)));
            }
            keys.add("evil<img src=x onerror=alert(3)>_total");
            double[] values = new double[keys.size()];
            for (int i = 0; i < values.length; i++) values[i] = t * 10 + i;
            b.accept(new CompactRecord(1_700_000_000_000L + t * 30_000L, true, keys.toArray(String[]::new), values, null));
        }
        b.finish();
        // The coppice panels, as render makes them: the built-in set evaluated over the same series.
        support.InMemorySeries series = new support.InMemorySeries();
        for (int t = 0; t < 3; t++) {
            long ms = 1_700_000_000_000L + t * 30_000L;
            series.add(new java.util.TreeMap<>(Map.of("__name__", "up", "instance", "gw", "job", "coppice")), ms, 1);
            for (String h : HOSTILE) {
                series.add(new java.util.TreeMap<>(Map.of("__name__", "coppice_sandbox_cpu_percent", "sandbox", h, "instance", "gw", "job", "coppice")),
                        ms, t);
            }
        }
        PanelSection section = panels.PanelPages.build(series, panels.BuiltInPanelSets.all(), java.util.Set.of("coppice_sandbox_cpu_percent"),
                b.firstTs(), b.lastTs(), 2000, List.of());
        StringWriter out = new StringWriter();
        Page.write(out, new Page.Content("data/metrics/", null, new PlotlySource(plotlyUrl, plotlyInline, "test"),
                new Page.Summary(new Page.Span(b.firstTs(), b.lastTs(), b.samples()), new Page.Problems(b.failed(), b.gaps(), b.lateSamples(), 0), new Page.Restarts(b.restarts(), java.util.Map.of("", b.restarts())), List.of(), List.of()),
                b.charts(), null), section);
        return out.toString();
    }

    @Test
    void hostileLabelValuesNeverBecomeMarkup() throws IOException {
        String page = hostilePage(Page.PLOTLY_CDN, null);
        assertThat(count(page, "<script")).isEqualTo(4); // chart data, panel data, Plotly, page.js
        assertThat(count(page, "</script")).isEqualTo(4);
        assertThat(page).doesNotContain("<img", "<!--", "\u2028", "\u2029");
        assertThat(page).contains("<h3>evil&lt;img src=x onerror=alert(3)&gt;_total</h3>");
    }

    @Test
    void dataElementReadsBackToTheExactLabelValues() throws IOException {
        String page = hostilePage(Page.PLOTLY_CDN, null);
        List<String> names = new ArrayList<>();
        for (String element : List.of("chart-data", "panel-data")) {
            Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + element + "\">(.*?)</script>", Pattern.DOTALL).matcher(page);
            assertThat(m.find()).as(element).isTrue();
            try (JsonParser p = new JsonFactory().createParser(m.group(1))) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.FIELD_NAME && p.currentName().equals("name")) {
                        p.nextToken();
                        names.add(p.getText());
                    }
                }
            }
        }
        for (String h : HOSTILE) assertThat(names).contains("{label=\"" + h + "\"}");
        // The CPU panel names a sandbox by the first 12 hex digits of its id; "</script><script>alert(1)</script>" has
        // six (c, c, a, e, 1, c), so the id is shortened to them.
        assertThat(names).contains("ccae1c");
        // The coppice panel draws the per-sandbox CPU, so Other metrics does not draw it again, and says so.
        assertThat(names).noneMatch(n -> n.startsWith("{sandbox="));
        assertThat(page).contains("of its drawn series. The metric families the coppice panels above draw (their PromQL selectors "
                + "name them) are not repeated here.</p>");
    }

    @Test
    void contentSecurityPolicyAllowsOnlyPlotlyAndTheInlineScriptByHash() throws IOException {
        String page = hostilePage(Page.PLOTLY_CDN, null);
        Matcher csp = Pattern.compile("http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"").matcher(page);
        assertThat(csp.find()).isTrue();
        String policy = csp.group(1);
        Matcher inline = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertThat(inline.find()).isTrue();
        assertThat(policy).contains("default-src 'none'", "script-src " + Page.sha256Source(inline.group(1)) + " " + Page.PLOTLY_CDN + ";")
                .doesNotContain("unsafe-eval").doesNotContain("script-src 'unsafe-inline'");
        assertThat(page).contains("<script src=\"" + Page.PLOTLY_CDN + "\"></script>");
        assertThat(Page.PLOTLY_CDN).isEqualTo("https://cdn.plot.ly/plotly-basic-" + Page.PLOTLY_VERSION + ".min.js");
    }

    @Test
    void inlinedPlotlyGoesIntoThePolicyByHash() throws IOException {
        String fakePlotly = "window.Plotly = {};";
        String page = hostilePage(null, fakePlotly);
        assertThat(page).contains("<script>" + fakePlotly + "</script>").contains(Page.sha256Source(fakePlotly));
        assertThat(page).doesNotContain("https://");
    }

    @Test
    void emptyChartsShowTheEmptyStateText() throws IOException {
        ChartBuilder b = new ChartBuilder(2000, 100, new HashMap<>());
        b.finish();
        StringWriter out = new StringWriter();
        Page.write(out, new Page.Content("data/metrics/", null, new PlotlySource(Page.PLOTLY_CDN, null, "test"),
                new Page.Summary(new Page.Span(b.firstTs(), b.lastTs(), 0), new Page.Problems(0, 0, 0, 0), new Page.Restarts(List.of(), java.util.Map.of("", List.of())), List.of(), List.of()), b.charts(), null),
                support.CoppiceSection.unevaluated(true));
        String page = out.toString();
        assertThat(count(page, "No samples under data/metrics/. Run <code>jbang watch@coppice</code> (or "
                + "<code>mise run metrics:watch</code>) while the gateway is busy, then render again.")).isEqualTo(5);
        assertThat(page).contains("<h2>Alive state</h2>", "<h2>Sandbox lifecycle</h2>", "<h2>Execution path</h2>",
                "<h2>Per-sandbox CPU</h2>", "<h2>Latency</h2>", "<h2>How to feed this page</h2>", "<h2>What’s tracked</h2>",
                "<h2>Other metrics</h2>", "mise run metrics:render", "jbang scrape@coppice");
        assertThat(count(page, "<tr><td><code>coppice_")).isEqualTo(13);
        for (String id : List.of("alive", "lifecycle", "execution", "cpu", "latency")) {
            assertThat(page).contains("<section id=\"p-" + id + "\" class=\"panel\">").contains("data-empty=\"" + id + "\"");
        }
        assertThat(page).contains("<code>coppice_sandbox_cpu_percent</code> from rctl(8); 100 = one full core.");
    }

    @Test
    void panelsThatAnswerNothingOverSamplesSayThatInsteadOfHowToFeedThePage() throws IOException {
        ChartBuilder b = new ChartBuilder(2000, 100, new HashMap<>());
        b.finish();
        StringWriter out = new StringWriter();
        Page.write(out, new Page.Content("data/metrics/", null, new PlotlySource(Page.PLOTLY_CDN, null, "test"),
                new Page.Summary(new Page.Span(1_000, 61_000, 3), new Page.Problems(0, 0, 0, 0), new Page.Restarts(List.of(), java.util.Map.of("", List.of())), List.of(), List.of()), b.charts(), null),
                support.CoppiceSection.unevaluated(true));
        String page = out.toString();
        assertThat(page).doesNotContain("No samples under");
        assertThat(count(page, "Nothing to draw: the expressions (“query” below) answer nothing over the samples under data/metrics/;")).isEqualTo(5);
        for (String id : List.of("alive", "lifecycle", "execution", "cpu", "latency")) assertThat(page).contains("data-empty=\"" + id + "\"");
    }

    @TempDir
    Path tmp;

    @Test
    void oneUnnamedTargetRendersTheSamePageAsOneChartBuilder() throws IOException {
        Path data = tmp.resolve("data");
        RenderBrowserTest.writeRecords(data);
        Path out = tmp.resolve("page.html");
        Renderer.Result result = Renderer.render(new Renderer.Settings(data, out, 2000, 100, null, null, "https://cdn.example/plotly.js"), null);
        assertThat(result.targets()).isZero();
        assertThat(result.describe()).doesNotContain("targets");

        DayFileReader reader = new DayFileReader(null, null, null);
        ChartBuilder b = new ChartBuilder(2000, 100, reader.types());
        reader.read(data, b::accept);
        b.finish();
        StringWriter expected = new StringWriter();
        Page.write(expected, new Page.Content(data.toString() + "/", null, new PlotlySource("https://cdn.example/plotly.js", null, "test"),
                new Page.Summary(new Page.Span(b.firstTs(), b.lastTs(), b.samples()), new Page.Problems(b.failed(), b.gaps(), b.lateSamples(), 0), new Page.Restarts(b.restarts(), java.util.Map.of("", b.restarts())), List.of(), List.copyOf(b.guessedTypes()),
                        List.of(), b.outages("http://127.0.0.1:1/metrics", b.lastRecordTs())),
                b.charts(), null));
        // The same page but for the lines that say when it was rendered.
        String page = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(page).contains("Rendered at <time>");
        String withoutFreshness = page.replaceFirst("<p class=\"facts\" id=\"freshness\"[^\n]*\n<p id=\"stale\"[^\n]*\n", "")
                .replaceFirst("<script type=\"application/json\" id=\"live-data\">[^<]*</script>\n", "");
        assertThat(withoutFreshness).isEqualTo(expected.toString()).doesNotContain("id=\"targets\"");
    }

    @Test
    void severalTargetsAreNamedInTheHeaderWithTheirCounts() throws IOException {
        StringWriter out = new StringWriter();
        Page.write(out, new Page.Content("data/metrics/", null, new PlotlySource(Page.PLOTLY_CDN, null, "test"),
                new Page.Summary(new Page.Span(0, 60_000, 15), new Page.Problems(1, 0, 0, 0), new Page.Restarts(List.of(30_000L), java.util.Map.of("", List.of(30_000L))), List.of(new Page.Target("gw1", 10, 1, 1), new Page.Target("<b>x</b>", 5, 0, 0)), List.of()),
                List.of(), null));
        assertThat(out.toString()).contains("<p class=\"facts\" id=\"targets\">Targets: <code>gw1</code> (10 samples, 1 failed, "
                + "1 restart), <code>&lt;b&gt;x&lt;/b&gt;</code> (5 samples). Each chart has one line per target and series, "
                + "named “target: series”.</p>");

        StringWriter one = new StringWriter();
        Page.write(one, new Page.Content("data/metrics/", null, new PlotlySource(Page.PLOTLY_CDN, null, "test"),
                new Page.Summary(new Page.Span(0, 60_000, 10), new Page.Problems(0, 0, 0, 0), new Page.Restarts(List.of(), java.util.Map.of("", List.of())), List.of(new Page.Target("gw1", 10, 0, 0)), List.of()), List.of(), null));
        assertThat(one.toString()).contains("<p class=\"facts\" id=\"targets\">Target: <code>gw1</code>.</p>");
    }

    @Test
    void jsonStringsEscapeWhatCouldEndTheElement() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = ChartDataJson.JSON.createGenerator(out)) {
            g.writeString(ChartDataJson.wellFormed("</script>&\u2028\u2029\"\\\u0001\b\f\u007f\ud800 \ud83d\ude00 \udc00"));
        }
        assertThat(out.toString()).isEqualTo(
                "\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\\\"\\\\\\u0001\\u0008\\u000c\\u007f\uFFFD \ud83d\ude00 \uFFFD\"");
    }

    /** The values written by {@link ChartDataJson#writeValue}, as the JSON array's text. */
    static String written(double... values) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = ChartDataJson.JSON.createGenerator(out)) {
            g.writeStartArray();
            for (double v : values) ChartDataJson.writeValue(g, v);
            g.writeEndArray();
        }
        return out.toString();
    }

    @Test
    void valuesAreWrittenInFullAndBreaksAreNull() throws IOException {
        assertThat(written(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 42, -7e14, 1e15, 0x1p53, 0x1p53 + 2))
                .isEqualTo("[null,null,null,0,-0.0,42,-700000000000000,1000000000000000,9007199254740992,9007199254740994]");
        // The inputs: Unix timestamps, a value near 10^5 in steps of 0.5, a rate of 1/3 per second.
        assertThat(written(1764410400.5, 1764410400.5 + 60, 1764410400.5 + 60 * 599))
                .isEqualTo("[1764410400.5,1764410460.5,1764446340.5]");
        assertThat(written(100000.25, 100000.75, 100001.25)).isEqualTo("[100000.25,100000.75,100001.25]");
        assertThat(written(1 / 3.0)).isEqualTo("[0.3333333333333333]");
        // More: sums that are not what they look like, the extremes, shortest digits where Java 17's own are longer;
        // a value too large for Plotly's axis is not handed to it (the page names it).
        assertThat(written(0.1 + 0.2, 123456.789, 1.5e-7, 2.5e20, 1e23, 8.41e21, Double.MIN_VALUE, Double.MAX_VALUE, -1e-300, 4e307))
                .isEqualTo("[0.30000000000000004,123456.789,1.5e-7,250000000000000000000,1e+23,8.41e+21,5e-324,null,-1e-300,4e+307]");
    }

    @Test
    void everyFiniteValueReadsBackToTheSameDouble() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(10);
        double[] values = new double[20_000];
        for (int i = 0; i < values.length; i++) {
            double v;
            do {
                v = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble() * Math.pow(10, random.nextInt(-12, 20));
            } while (!Double.isFinite(v));
            values[i] = v;
        }
        String json = written(values);
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            for (double v : values) {
                p.nextToken();
                // Jackson reads with Double.parseDouble, as JSON.parse does: the nearest double to the decimal.
                if (!ChartDataJson.drawable(v)) assertThat(p.getText()).isEqualTo("null");
                else assertThat(Double.parseDouble(p.getText())).as(p.getText()).isEqualTo(v);
            }
        }
    }

    /**
     * The page's chart data as "chart id/trace name" to [epoch ms, value] pairs (a break as NaN), read with Jackson the
     * way page.js reads it with JSON.parse.
     */
    static Map<String, List<double[]>> chartData(String html) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"chart-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("chart data element").isTrue();
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(m.group(1))) {
            String chart = null, trace = null;
            long x = 0;
            List<Long> xs = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) continue;
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "id" -> chart = p.getText();
                    case "name" -> trace = p.getText();
                    case "x0" -> {
                        x = p.getLongValue();
                        xs = new ArrayList<>(List.of(x));
                    }
                    case "dx" -> {
                        while (p.nextToken() != JsonToken.END_ARRAY) xs.add(x += p.getLongValue());
                    }
                    case "y" -> {
                        List<double[]> points = new ArrayList<>();
                        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                            points.add(new double[] {xs.get(i), p.currentToken() == JsonToken.VALUE_NULL ? Double.NaN : Double.parseDouble(p.getText())});
                        }
                        out.put(chart + "/" + trace, points);
                    }
                    case "restarts" -> p.skipChildren();
                    default -> { }
                }
            }
        }
        return out;
    }

    /** Records one every 30 s for the precision cases: the three inputs and three more. */
    static List<CompactRecord> precisionRecords(int count) {
        List<CompactRecord> records = new ArrayList<>();
        String[] keys = {"last_seen_timestamp_seconds", "price", "ticks_total", "tenths", "near_one", "tiny"};
        double tenths = 0;
        for (int i = 0; i < count; i++) {
            tenths += 0.1;
            double[] values = {1764410400.5 + 60 * i, 100000.25 + 0.5 * i, 10 * i, tenths, 1 + i * 1e-12, 1e-300 * (i + 1)};
            records.add(new CompactRecord(1_764_410_400_000L + i * 30_000L, true, keys, values, null));
        }
        return records;
    }

    @Test
    void thePageHoldsEveryValueAsComputed() throws IOException {
        ChartBuilder b = new ChartBuilder(2000, 100, new HashMap<>());
        List<CompactRecord> records = precisionRecords(40);
        records.forEach(b::accept);
        b.finish();
        StringWriter out = new StringWriter();
        Page.write(out, new Page.Content("data/metrics/", null, new PlotlySource(Page.PLOTLY_CDN, null, "test"),
                new Page.Summary(new Page.Span(b.firstTs(), b.lastTs(), b.samples()), new Page.Problems(b.failed(), b.gaps(), b.lateSamples(), 0), new Page.Restarts(b.restarts(), java.util.Map.of("", b.restarts())), List.of(), List.of()),
                b.charts(), null));
        Map<String, List<double[]>> data = chartData(out.toString());
        double tenths = 0;
        for (int i = 0; i < 40; i++) {
            long ms = 1_764_410_400_000L + i * 30_000L;
            tenths += 0.1;
            assertThat(data.get("m-1/last_seen_timestamp_seconds").get(i)).containsExactly(ms, 1764410400.5 + 60 * i);
            assertThat(data.get("m-2/price").get(i)).containsExactly(ms, 100000.25 + 0.5 * i);
            if (i > 0) assertThat(data.get("m-3/ticks_total").get(i - 1)).containsExactly(ms, 1 / 3.0);
            assertThat(data.get("m-4/tenths").get(i)).containsExactly(ms, tenths);
            assertThat(data.get("m-5/near_one").get(i)).containsExactly(ms, 1 + i * 1e-12);
            assertThat(data.get("m-6/tiny").get(i)).containsExactly(ms, 1e-300 * (i + 1));
        }
        assertThat(data.get("m-3/ticks_total")).hasSize(39);
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
